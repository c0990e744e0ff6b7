/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-bom-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-bom-editor-private.h"
#include "sanhe-bom-model.h"
#include "sanhe-item-picker.h"

/*
 * Editing the first level of a BOM: bom.add (Insert) picks a component by
 * code or name and adds it after the selected line, bom.remove (Delete),
 * bom.move-up and bom.move-down (Alt+Up, Alt+Down) reorder.
 */

static void
on_picked_cb (SanheRecord *item,
              gpointer     owner)
{
  SanheBomEditor *self = owner;
  g_autoptr(SanheErpLine) line = NULL;
  guint position = 0;

  if (item == NULL || self->item == NULL)
    return;

  line = sanhe_bom_line_new_for_item (item);

  /* After the selected line, else at the end. */
  if (_sanhe_bom_editor_selected_root_line (self, &position) != NULL)
    position++;
  else
    position = g_list_model_get_n_items (G_LIST_MODEL (self->root));
  _sanhe_bom_editor_add_root_line (self, line, (int)position);

  _sanhe_bom_editor_update_modified (self);
  _sanhe_bom_editor_update_view (self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(GObject) row_item = row ? gtk_tree_list_row_get_item (row) : NULL;

      if (row_item == G_OBJECT (line))
        gtk_single_selection_set_selected (self->selection, i);
    }
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SanheBomEditor *self = SANHE_BOM_EDITOR (widget);

  if (self->item == NULL || !self->writable)
    return;

  sanhe_item_picker_present (widget, self->api, _("Add a Component"), on_picked_cb, self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheBomEditor *self = SANHE_BOM_EDITOR (widget);
  guint position;

  if (_sanhe_bom_editor_selected_root_line (self, &position) == NULL)
    return;

  g_list_store_remove (self->root, position);
  _sanhe_bom_editor_update_modified (self);
  _sanhe_bom_editor_update_view (self);
  _sanhe_bom_editor_update_actions (self);
}

static void
move (SanheBomEditor *self,
      int             delta)
{
  guint position;
  g_autoptr(SanheErpLine) line = NULL;
  guint target;

  line = _sanhe_bom_editor_selected_root_line (self, &position);
  if (line == NULL)
    return;
  g_object_ref (line);

  target = (guint)((int)position + delta);
  if (target >= g_list_model_get_n_items (G_LIST_MODEL (self->root)))
    return;

  g_list_store_remove (self->root, position);
  g_list_store_insert (self->root, target, line);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(GObject) item = row ? gtk_tree_list_row_get_item (row) : NULL;

      if (item == G_OBJECT (line))
        gtk_single_selection_set_selected (self->selection, i);
    }
  _sanhe_bom_editor_update_modified (self);
  _sanhe_bom_editor_update_actions (self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  move (SANHE_BOM_EDITOR (widget), g_str_equal (action_name, "bom.move-up") ? -1 : 1);
}

void
_sanhe_bom_editor_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "bom.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "bom.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "bom.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "bom.move-down", NULL, move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "bom.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "bom.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "bom.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "bom.move-down", NULL);
}
