/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-approvals-panel.h"
#include "sanhe-form.h"
#include "sanhe-order-editor.h"

G_BEGIN_DECLS

/* Shared by sanhe-order-editor.c and its actions, sanhe-order-actions.c. */
struct _SanheOrderEditor
{
  GtkWidget                parent_instance;

  GtkWidget               *box;          /* the template's root: bound so dispose unparents it */
  GtkLabel                *title_label;
  GtkLabel                *subtitle_label;
  GtkWidget               *state_pill;
  GtkStack                *stack;
  GtkLabel                *error_label;
  AdwBin                  *partner_bin;
  GtkWidget               *lines_toolbar;
  GtkWidget               *add_line_button;
  GtkWidget               *remove_line_button;
  GtkLabel                *total_label;
  GtkColumnView           *lines_view;
  GtkWidget               *approvals_separator;
  AdwBin                  *approvals_bin;
  GtkLabel                *meta_label;
  GtkWidget               *kit_button;
  GtkWidget               *cancel_button;
  GtkWidget               *fulfil_button;
  GtkWidget               *confirm_button;
  GtkWidget               *revert_button;
  GtkWidget               *save_button;

  const SanheErpOrderSpec *spec;
  SanheApi                *api;
  GCancellable            *cancellable;
  SanheForm               *partner_form;
  SanheApprovalsPanel     *approvals;        /* the order's OA requests */
  GListStore              *lines;            /* SanheErpLine, owned by line_selection */
  GtkSingleSelection      *line_selection;
  SanheRecord             *order;            /* as the server sent it; NULL for a new one */
  char                    *original_key;
  JsonNode                *pending_body;     /* the PATCH to send again on overwrite */
  gboolean                 editing;
  gboolean                 writable;
  gboolean                 can_fulfil;
  gboolean                 busy;
};

enum {
  SAVED,
  OPEN_KIT,
  _SANHE_ORDER_EDITOR_N_SIGNALS
};

extern guint _sanhe_order_editor_signals[_SANHE_ORDER_EDITOR_N_SIGNALS];

gboolean _sanhe_order_editor_is_draft        (SanheOrderEditor *self);
void     _sanhe_order_editor_show_error      (SanheOrderEditor *self,
                                              const char       *text);
void     _sanhe_order_editor_update          (SanheOrderEditor *self);
void     _sanhe_order_editor_take            (SanheOrderEditor *self,
                                              JsonNode         *node,
                                              gboolean          created);
void     _sanhe_order_editor_finish          (SanheOrderEditor *self,
                                              const char       *toast);
void     _sanhe_order_editor_refetch         (SanheOrderEditor *self);
void     _sanhe_order_editor_install_actions (GtkWidgetClass   *widget_class);
gboolean _sanhe_order_editor_lines_modified  (SanheOrderEditor *self);
void     _sanhe_order_editor_setup_approvals  (SanheOrderEditor *self);
void     _sanhe_order_editor_update_approvals (SanheOrderEditor *self);

G_END_DECLS
