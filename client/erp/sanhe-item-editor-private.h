/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-bom-editor.h"
#include "sanhe-form.h"
#include "sanhe-item-editor.h"

G_BEGIN_DECLS

/* Shared by sanhe-item-editor.c and its saving, sanhe-item-editor-save.c. */
struct _SanheItemEditor
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkStack        *stack;
  GtkLabel        *error_label;
  GtkWidget       *forms_box;
  AdwBin          *general_bin;
  AdwBin          *planning_bin;
  GtkWidget       *detail_switcher;
  GtkStack        *detail_stack;
  SanheBomEditor  *bom_editor;
  GtkCheckButton  *all_levels_check;
  GtkLabel        *where_status;
  GtkColumnView   *where_view;
  GtkLabel        *stock_status;
  GtkColumnView   *stock_view;
  GtkLabel        *meta_label;
  GtkWidget       *rollup_button;
  GtkWidget       *revert_button;
  GtkWidget       *save_button;

  SanheApi        *api;
  GCancellable    *cancellable;
  GCancellable    *detail_cancellable;
  SanheForm       *general;
  SanheForm       *planning;
  GListStore      *where_store;
  GListStore      *stock_store;
  SanheRecord     *item;          /* as the server sent it; NULL for a new one */
  JsonNode        *pending_body;  /* the PATCH to send again on overwrite */
  gboolean         editing;
  gboolean         writable;
  gboolean         saving;
};

void     _sanhe_item_editor_show_error      (SanheItemEditor *self,
                                             const char      *text);
gboolean _sanhe_item_editor_forms_modified  (SanheItemEditor *self);
void     _sanhe_item_editor_update_state    (SanheItemEditor *self);
void     _sanhe_item_editor_load_forms      (SanheItemEditor *self);
void     _sanhe_item_editor_load_where_used (SanheItemEditor *self);
void     _sanhe_item_editor_take            (SanheItemEditor *self,
                                             JsonNode        *node,
                                             gboolean         created);
void     _sanhe_item_editor_rollup_action   (GtkWidget       *widget,
                                             const char      *action_name,
                                             GVariant        *param);

G_END_DECLS
