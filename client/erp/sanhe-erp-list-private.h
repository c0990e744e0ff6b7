/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-erp-list.h"

G_BEGIN_DECLS

/* Shared by sanhe-erp-list.c and sanhe-erp-list-selection.c. */
struct _SanheErpList
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkWidget            *toolbar;
  GtkLabel             *title_label;
  GtkLabel             *count_label;
  GtkSpinner           *spinner;
  GtkBox               *filter_box;
  GtkSearchEntry       *search_entry;
  GtkBox               *end_box;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;

  SanheApi             *api;
  GCancellable         *cancellable;
  GCancellable         *load_cancellable;
  const SanheErpColumn *columns;
  guint                 n_columns;
  char                 *path;

  GListStore           *store;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;
  GtkSelectionModel    *selection;

  char                 *needle;
  SanheErpFilterFunc    filter_func;
  gpointer              filter_data;
  SanheErpDecorateFunc  decorate_func;
  gpointer              decorate_data;
  SanheErpCountFunc     count_func;
  gint64                restore_id;
  guint                 focus_position;
  gboolean              multiple;
  gboolean              loading;
  gboolean              failed;
  gboolean              first_page;
};

G_END_DECLS
