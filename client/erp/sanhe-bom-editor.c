/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-bom-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-bom-editor-private.h"
#include "sanhe-bom-model.h"
#include "sanhe-erp-columns.h"
#include "sanhe-erp-line.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"

/*
 * The bill of materials of one item as a tree:
 *
 *   GListStore (SanheErpLine: the item's own lines, editable)
 *     → GtkTreeListModel (each made component's lines, fetched from
 *                         /items/{id}/bom the first time they are asked
 *                         for; read-only: they belong to that component)
 *     → GtkSingleSelection → GtkColumnView (a GtkTreeExpander first)
 *
 * The user adds components (searched by code or name), removes and
 * reorders the first level, and types quantities and scrap in the grid.
 * Saving replaces the lines in one PUT; a loop (A uses B uses A) comes
 * back as erp.bom.cycle with the chain of items, shown above the grid.
 */


G_DEFINE_FINAL_TYPE (SanheBomEditor, sanhe_bom_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SanheErpColumn columns[] = {
  { N_("Component"), "component.code", SANHE_ERP_COLUMN_TEXT, 14,
    SANHE_ERP_COLUMN_TREE | SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "component.name", SANHE_ERP_COLUMN_TEXT, 18,
    SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 9,
    SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Unit"), "component.unit", SANHE_ERP_COLUMN_TEXT, 4,
    SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("Scrap %"), "scrap_pct", SANHE_ERP_COLUMN_PERCENT, 5,
    SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
};

/* Lines under the first level read dimmer: they are the components'. */
static const char *
row_class_cb (JsonObject *row,
              gpointer    user_data)
{
  return sanhe_erp_json_int (row, "level") > 1 ? "bom-sublevel" : NULL;
}

SanheErpLine *
_sanhe_bom_editor_selected_root_line (SanheBomEditor *self,
                    guint          *position)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(SanheErpLine) line = NULL;

  if (row == NULL || gtk_tree_list_row_get_depth (row) != 0)
    return NULL;

  line = gtk_tree_list_row_get_item (row);
  if (!g_list_store_find (self->root, line, position))
    return NULL;

  return line;  /* the root store keeps it */
}

void
_sanhe_bom_editor_update_actions (SanheBomEditor *self)
{
  guint position = 0;
  SanheErpLine *line = _sanhe_bom_editor_selected_root_line (self, &position);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->root));
  gboolean editing = self->writable && self->item != NULL;

  gtk_widget_set_visible (self->toolbar, self->item != NULL);
  gtk_widget_set_visible (self->add_button, editing);
  gtk_widget_set_visible (self->remove_button, editing);
  gtk_widget_set_visible (self->up_button, editing);
  gtk_widget_set_visible (self->down_button, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bom.add", editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bom.remove", editing && line != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bom.move-up", editing && line != NULL && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bom.move-down",
                                 editing && line != NULL && position + 1 < n_items);
}

void
_sanhe_bom_editor_update_modified (SanheBomEditor *self)
{
  g_autofree char *key = sanhe_bom_lines_key (G_LIST_MODEL (self->root));
  gboolean modified = self->item != NULL && g_strcmp0 (key, self->original_key) != 0;

  if (self->item != NULL && !modified)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->root)) && !modified; i++)
      {
        g_autoptr(SanheErpLine) line = g_list_model_get_item (G_LIST_MODEL (self->root), i);

        modified = sanhe_erp_line_has_invalid (line);
      }

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

void
_sanhe_bom_editor_show_error (SanheBomEditor *self,
                              const char     *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

void
_sanhe_bom_editor_update_view (SanheBomEditor *self)
{
  const char *kind = self->item ? sanhe_record_get_string (self->item, "kind") : NULL;

  if (self->item == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->root)) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "tree");
      return;
    }

  if (g_strcmp0 (kind, "make") != 0)
    {
      adw_status_page_set_title (self->status_page, _("Bought, Not Made"));
      adw_status_page_set_description (self->status_page,
                                       _("Only items made in house have a bill of materials."));
      gtk_widget_set_visible (self->toolbar, FALSE);
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("No Components Yet"));
      adw_status_page_set_description (self->status_page,
                                       self->writable
                                       ? _("Add the components this item is made of with Add Component.")
                                       : _("Nobody has entered what this item is made of."));
    }
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
on_line_changed_cb (SanheErpLine   *line,
                    const char     *member,
                    SanheBomEditor *self)
{
  _sanhe_bom_editor_show_error (self, NULL);
  _sanhe_bom_editor_update_modified (self);
}

void
_sanhe_bom_editor_add_root_line (SanheBomEditor *self,
               SanheErpLine   *line,
               int             position)
{
  g_signal_connect_object (line, "changed", G_CALLBACK (on_line_changed_cb), self, 0);
  if (position < 0)
    g_list_store_append (self->root, line);
  else
    g_list_store_insert (self->root, position, line);
}

/* Fills the first level from @lines (the server's). */
static void
fill_root (SanheBomEditor *self,
           JsonArray      *lines)
{
  g_list_store_remove_all (self->root);
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      g_autoptr(SanheErpLine) line = sanhe_bom_line_new (json_array_get_object_element (lines, i),
                                                     1, self->writable);

      _sanhe_bom_editor_add_root_line (self, line, -1);
    }

  g_clear_pointer (&self->original_key, g_free);
  self->original_key = sanhe_bom_lines_key (G_LIST_MODEL (self->root));
  _sanhe_bom_editor_update_modified (self);
  _sanhe_bom_editor_update_view (self);
  _sanhe_bom_editor_update_actions (self);
}

/* Shows a BOM document from the server: its lines, the cost roll-up,
 * and the version a save must name. */
void
_sanhe_bom_editor_show_document (SanheBomEditor *self,
                                 JsonNode       *node)
{
  JsonObject *doc = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *lines = doc ? json_object_get_member (doc, "lines") : NULL;
  const char *rollup = doc ? sanhe_erp_json_string (doc, "standard_cost_rollup") : NULL;

  self->version = doc != NULL ? json_object_get_int_member_with_default (doc, "version", 0) : 0;
  g_clear_pointer (&self->original, json_array_unref);
  if (lines != NULL && JSON_NODE_HOLDS_ARRAY (lines))
    self->original = json_array_ref (json_node_get_array (lines));

  if (rollup != NULL && self->original != NULL && json_array_get_length (self->original) > 0)
    {
      g_autofree char *amount = sanhe_format_decimal (rollup, 2, 2);
      /* Translators: %s is an amount of money */
      g_autofree char *text = g_strdup_printf (_("Cost roll-up: %s"), amount);

      gtk_label_set_text (self->rollup_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rollup_label), text);
      gtk_widget_set_visible (GTK_WIDGET (self->rollup_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rollup_label), FALSE);
    }

  fill_root (self, self->original);
}

static void
expand_all (SanheBomEditor *self,
            gboolean        expanded)
{
  gtk_tree_list_model_set_autoexpand (self->tree, expanded);

  /* The model grows as rows open: walk it as it is. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);

      if (row != NULL && (expanded || gtk_tree_list_row_get_depth (row) == 0))
        gtk_tree_list_row_set_expanded (row, expanded);
    }
}

static void
on_expand_toggled_cb (GtkToggleButton *button,
                      SanheBomEditor  *self)
{
  expand_all (self, gtk_toggle_button_get_active (button));
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SanheBomEditor *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error != NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      adw_status_page_set_title (self->status_page, _("Could Not Load the Bill of Materials"));
      adw_status_page_set_description (self->status_page, text);
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }

  _sanhe_bom_editor_show_document (self, node);
  if (gtk_toggle_button_get_active (self->expand_button))
    expand_all (self, TRUE);
}

static void
on_selected_cb (GtkSingleSelection *selection,
                GParamSpec         *pspec,
                SanheBomEditor     *self)
{
  _sanhe_bom_editor_update_actions (self);
}

static void
sanhe_bom_editor_dispose (GObject *object)
{
  SanheBomEditor *self = (SanheBomEditor *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_BOM_EDITOR);
  g_clear_object (&self->selection);
  if (self->tree == NULL)
    g_clear_object (&self->root);
  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (sanhe_bom_editor_parent_class)->dispose (object);
}

static void
sanhe_bom_editor_finalize (GObject *object)
{
  SanheBomEditor *self = (SanheBomEditor *)object;

  g_clear_pointer (&self->original, json_array_unref);
  g_clear_pointer (&self->original_key, g_free);

  G_OBJECT_CLASS (sanhe_bom_editor_parent_class)->finalize (object);
}

static void
sanhe_bom_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SanheBomEditor *self = SANHE_BOM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_bom_editor_class_init (SanheBomEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_bom_editor_dispose;
  object_class->finalize = sanhe_bom_editor_finalize;
  object_class->get_property = sanhe_bom_editor_get_property;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-bom-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, box);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, up_button);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, down_button);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, expand_button);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, rollup_label);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, column_view);
  gtk_widget_class_bind_template_child (widget_class, SanheBomEditor, status_page);

  _sanhe_bom_editor_install_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_bom_editor_init (SanheBomEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->root = g_list_store_new (SANHE_TYPE_ERP_LINE);
  sanhe_erp_columns_add (self->column_view, columns, G_N_ELEMENTS (columns), row_class_cb, self);
  g_signal_connect (self->expand_button, "toggled", G_CALLBACK (on_expand_toggled_cb), self);
}

void
sanhe_bom_editor_setup (SanheBomEditor *self,
                        SanheApi       *api,
                        GCancellable   *cancellable)
{
  g_return_if_fail (SANHE_IS_BOM_EDITOR (self));

  self->api = g_object_ref (api);
  self->cancellable = g_object_ref (cancellable);

  self->tree = sanhe_bom_tree_new (self->root, api, cancellable);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->tree));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selected_cb), self);
  _sanhe_bom_editor_update_actions (self);
}

/* Shows the BOM of @item (NULL: nothing); @writable lets the user edit. */
void
sanhe_bom_editor_load (SanheBomEditor *self,
                       SanheRecord    *item,
                       gboolean        writable)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SANHE_IS_BOM_EDITOR (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->item, item);
  self->writable = writable && item != NULL
                   && g_strcmp0 (sanhe_record_get_string (item, "kind"), "make") == 0;
  _sanhe_bom_editor_show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->rollup_label), FALSE);
  fill_root (self, NULL);

  if (item == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->load_cancellable, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", sanhe_record_get_id (item));
  sanhe_api_request_async (self->api, "GET", path, NULL, self->load_cancellable, on_loaded_cb, self);
}

gboolean
sanhe_bom_editor_get_modified (SanheBomEditor *self)
{
  g_return_val_if_fail (SANHE_IS_BOM_EDITOR (self), FALSE);

  return self->modified;
}

/* Whether every quantity typed reads as a number; marks those that do not. */
gboolean
sanhe_bom_editor_validate (SanheBomEditor *self)
{
  gboolean valid = TRUE;

  g_return_val_if_fail (SANHE_IS_BOM_EDITOR (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->root)); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (G_LIST_MODEL (self->root), i);

      if (sanhe_erp_line_has_invalid (line))
        valid = FALSE;
    }

  _sanhe_bom_editor_show_error (self, valid ? NULL : _("Some quantities are not numbers. Correct the cells marked in red."));
  return valid;
}

void
sanhe_bom_editor_revert (SanheBomEditor *self)
{
  g_return_if_fail (SANHE_IS_BOM_EDITOR (self));

  _sanhe_bom_editor_show_error (self, NULL);
  fill_root (self, self->original);
}

