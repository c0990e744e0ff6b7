/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-bom-editor.h"
#include "sanhe-erp-line.h"

G_BEGIN_DECLS

/* Shared by sanhe-bom-editor.c and its actions, sanhe-bom-actions.c. */
struct _SanheBomEditor
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkWidget          *toolbar;
  GtkWidget          *add_button;
  GtkWidget          *remove_button;
  GtkWidget          *up_button;
  GtkWidget          *down_button;
  GtkToggleButton    *expand_button;
  GtkLabel           *rollup_label;
  GtkLabel           *error_label;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *status_page;

  SanheApi           *api;
  GCancellable       *cancellable;
  GCancellable       *load_cancellable;
  GListStore         *root;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  SanheRecord        *item;
  JsonArray          *original;   /* the lines as last loaded */
  gint64              version;    /* the BOM's, as last loaded: a save names it */
  char               *original_key;
  gboolean            writable;
  gboolean            modified;
};

SanheErpLine *_sanhe_bom_editor_selected_root_line (SanheBomEditor *self,
                                                    guint          *position);
void          _sanhe_bom_editor_update_modified    (SanheBomEditor *self);
void          _sanhe_bom_editor_show_error         (SanheBomEditor *self,
                                                    const char     *text);
void          _sanhe_bom_editor_show_document      (SanheBomEditor *self,
                                                    JsonNode       *node);
void          _sanhe_bom_editor_update_view        (SanheBomEditor *self);
void          _sanhe_bom_editor_update_actions     (SanheBomEditor *self);
void          _sanhe_bom_editor_add_root_line      (SanheBomEditor *self,
                                                    SanheErpLine   *line,
                                                    int             position);
void          _sanhe_bom_editor_install_actions    (GtkWidgetClass *widget_class);

G_END_DECLS
