/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-erp-list.h"
#include "sanhe-erp-mrp-page.h"

G_BEGIN_DECLS

/* Shared by sanhe-erp-mrp-page.c and its actions, sanhe-erp-mrp-actions.c. */
struct _SanheErpMrpPage
{
  SanheWorkspacePage  parent_instance;

  GtkLabel           *title_label;
  GtkLabel           *info_label;
  GtkSpinner         *spinner;
  GtkDropDown        *runs_drop_down;
  GtkWidget          *stop_button;
  GtkWidget          *run_button;
  GtkStack           *stack;
  GtkLabel           *selection_label;
  GtkStack           *kind_stack;
  GtkStackPage       *purchase_page;
  GtkStackPage       *production_page;
  SanheErpList       *purchase_list;
  SanheErpList       *production_list;
  GtkLabel           *pegging_title;
  GtkLabel           *pegging_subtitle;
  GtkColumnView      *pegging_view;
  AdwStatusPage      *error_page;

  GListStore         *runs;
  GListStore         *pegging;
  GCancellable       *load_cancellable;
  GCancellable       *run_cancellable;
  gint64              wanted_run;
  guint               lists_loading;
  gboolean            running;
};

void _sanhe_erp_mrp_page_update_actions  (SanheErpMrpPage *self);
void _sanhe_erp_mrp_page_install_actions (GtkWidgetClass  *widget_class);

G_END_DECLS
