/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-item-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-bom-editor.h"
#include "sanhe-erp-columns.h"
#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-item-editor-private.h"
#include "sanhe-item-fields.h"

/*
 * One item: its fields in two forms side by side, and under them its bill
 * of materials (a tree, editable), where it is used, and its stock by
 * warehouse. Ctrl+S saves what changed: the fields with a PATCH carrying
 * the version (a stale one asks to reload or overwrite), then the BOM with
 * a PUT. "Roll Up Cost" sets the standard cost from the components.
 */

G_DEFINE_FINAL_TYPE (SanheItemEditor, sanhe_item_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SAVE,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const SanheErpColumn where_columns[] = {
  { N_("Level"), "level", SANHE_ERP_COLUMN_INT, 3, 0 },
  { N_("Used In"), "parent.code", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "parent.name", SANHE_ERP_COLUMN_TEXT, 18, SANHE_ERP_COLUMN_EXPAND },
  /* Translators: the component through which a parent uses the item */
  { N_("Through"), "component.code", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_DIM },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 9, 0 },
  { N_("Scrap %"), "scrap_pct", SANHE_ERP_COLUMN_PERCENT, 5, 0 },
};

static const SanheErpColumn stock_columns[] = {
  { N_("Warehouse"), "warehouse_code", SANHE_ERP_COLUMN_TEXT, 8, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "warehouse_name", SANHE_ERP_COLUMN_TEXT, 16, SANHE_ERP_COLUMN_EXPAND },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 11, 0 },
  { N_("Value"), "value", SANHE_ERP_COLUMN_MONEY, 14, 0 },
};

void
_sanhe_item_editor_show_error (SanheItemEditor *self,
            const char      *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL && *text != '\0');
}

gboolean
_sanhe_item_editor_forms_modified (SanheItemEditor *self)
{
  return self->general != NULL
         && (sanhe_form_get_modified (self->general) || sanhe_form_get_modified (self->planning));
}

gboolean
sanhe_item_editor_get_modified (SanheItemEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ITEM_EDITOR (self), FALSE);

  return self->editing && (_sanhe_item_editor_forms_modified (self) || sanhe_bom_editor_get_modified (self->bom_editor));
}

gboolean
sanhe_item_editor_get_can_save (SanheItemEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ITEM_EDITOR (self), FALSE);

  return self->editing && self->writable && !self->saving
         && (self->item == NULL || sanhe_item_editor_get_modified (self));
}

static void
update_header (SanheItemEditor *self)
{
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (self->item == NULL)
    {
      gtk_label_set_text (self->title_label, self->editing ? _("New Item") : "");
      gtk_label_set_text (self->subtitle_label, "");
      return;
    }

  title = sanhe_erp_item_label (sanhe_record_get_object (self->item));
  gtk_label_set_text (self->title_label, title);

  {
    g_autofree char *on_hand = sanhe_format_decimal (sanhe_record_get_string (self->item, "on_hand"), 0, 4);
    g_autofree char *average = sanhe_format_decimal (sanhe_record_get_string (self->item, "average_cost"), 2, 2);

    /* Translators: the item's kind, unit, stock and cost under its name */
    g_string_printf (subtitle, _("%s · %s · On hand %s · Average cost %s"),
                     sanhe_erp_item_kind_label (sanhe_record_get_string (self->item, "kind")),
                     sanhe_record_get_string (self->item, "unit"), on_hand, average);
  }
  gtk_label_set_text (self->subtitle_label, subtitle->str);
}

void
_sanhe_item_editor_update_state (SanheItemEditor *self)
{
  gboolean modified = sanhe_item_editor_get_modified (self);
  gboolean make = self->item && g_strcmp0 (sanhe_record_get_string (self->item, "kind"), "make") == 0;

  gtk_stack_set_visible_child_name (self->stack, self->editing ? "item" : "empty");
  gtk_widget_set_visible (self->detail_switcher, self->item != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), self->item != NULL);
  gtk_widget_set_visible (self->save_button, self->editing && self->writable);
  gtk_widget_set_visible (self->revert_button, self->editing && self->writable);
  gtk_widget_set_visible (self->rollup_button, self->item != NULL && self->writable && make);
  gtk_widget_set_sensitive (self->save_button, sanhe_item_editor_get_can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.revert", modified && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.rollup",
                                 self->item && self->writable && make && !modified && !self->saving);
  if (self->general != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->general), self->writable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->planning), self->writable);
    }

  if (!self->editing)
    gtk_label_set_text (self->meta_label, "");
  else if (self->item == NULL)
    gtk_label_set_text (self->meta_label, modified ? _("Not saved yet") : "");
  else if (modified)
    gtk_label_set_text (self->meta_label, _("Unsaved changes"));
  else
    {
      g_autofree char *when = sanhe_format_datetime (sanhe_record_get_string (self->item, "updated_at"));
      /* Translators: %s is a date and time */
      g_autofree char *text = g_strdup_printf (_("Last changed %s"), when);

      gtk_label_set_text (self->meta_label, text);
    }

  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
}

void
_sanhe_item_editor_load_forms (SanheItemEditor *self)
{
  g_autoptr(SanheRecord) display = self->item ? sanhe_item_fields_display (self->item) : NULL;

  sanhe_form_load (self->general, display);
  sanhe_form_load (self->planning, display);
}

static void
on_where_used_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SanheItemEditor *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonObject *answer;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error != NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      gtk_label_set_text (self->where_status, text);
      return;
    }

  answer = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  records = sanhe_records_from_array (answer && json_object_has_member (answer, "items")
                                      ? json_object_get_array_member (answer, "items") : NULL);
  g_list_store_splice (self->where_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->where_store)),
                       records->pdata, records->len);
  if (records->len == 0)
    gtk_label_set_text (self->where_status, _("No bill of materials uses this item."));
  else
    {
      g_autofree char *number = sanhe_format_number (records->len);
      /* Translators: %s is a number of bills of materials */
      g_autofree char *text = g_strdup_printf (ngettext ("Used in %s place", "Used in %s places",
                                                         records->len), number);

      gtk_label_set_text (self->where_status, text);
    }
}

void
_sanhe_item_editor_load_where_used (SanheItemEditor *self)
{
  g_autofree char *path = NULL;

  g_list_store_remove_all (self->where_store);
  gtk_label_set_text (self->where_status, "");
  if (self->item == NULL)
    return;

  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/where-used%s",
                          sanhe_record_get_id (self->item),
                          gtk_check_button_get_active (self->all_levels_check) ? "?levels=all" : "");
  sanhe_api_request_async (self->api, "GET", path, NULL, self->detail_cancellable,
                           on_where_used_cb, self);
}

static void
on_stock_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SanheItemEditor *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (records == NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      gtk_label_set_text (self->stock_status, text);
      return;
    }

  g_list_store_splice (self->stock_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stock_store)),
                       records->pdata, records->len);
  gtk_label_set_text (self->stock_status,
                      records->len == 0 ? _("No stock of this item in any warehouse.") : "");
}

static void
load_details (SanheItemEditor *self)
{
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->detail_cancellable, G_CONNECT_SWAPPED);

  sanhe_bom_editor_load (self->bom_editor, self->item, self->writable);
  _sanhe_item_editor_load_where_used (self);

  g_list_store_remove_all (self->stock_store);
  gtk_label_set_text (self->stock_status, "");
  if (self->item == NULL)
    return;
  path = g_strdup_printf ("/api/v1/erp/stock?item=%" G_GINT64_FORMAT, sanhe_record_get_id (self->item));
  sanhe_api_list_page_async (self->api, path, NULL, 0, self->detail_cancellable, on_stock_cb, self);
}

/* The server's record after a save: show it, forget the edits. */
void
_sanhe_item_editor_take (SanheItemEditor *self,
             JsonNode        *node,
             gboolean         created)
{
  g_autoptr(SanheRecord) record = sanhe_record_new_from_node (node);

  if (record == NULL)
    {
      _sanhe_item_editor_show_error (self, sanhe_error_text_for_code ("network.bad_response"));
      return;
    }

  g_set_object (&self->item, record);
  _sanhe_item_editor_load_forms (self);
  if (created)
    load_details (self);
  g_signal_emit (self, signals[SAVED], 0, record, created);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheItemEditor *self = SANHE_ITEM_EDITOR (widget);

  _sanhe_item_editor_show_error (self, NULL);
  _sanhe_item_editor_load_forms (self);
  sanhe_bom_editor_revert (self->bom_editor);
  _sanhe_item_editor_update_state (self);
}

static void
on_changed_cb (SanheItemEditor *self)
{
  _sanhe_item_editor_update_state (self);
}

static void
on_form_changed_cb (SanheForm       *form,
                    SanheItemEditor *self)
{
  _sanhe_item_editor_show_error (self, NULL);
}

static void
on_all_levels_cb (GtkCheckButton  *button,
                  SanheItemEditor *self)
{
  _sanhe_item_editor_load_where_used (self);
}

static void
on_suppliers_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SanheItemEditor *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (records == NULL)
    {
      /* Without purchasing rights the item still names its supplier. */
      if (!sanhe_erp_error_is_cancelled (error))
        g_debug ("Cannot load the suppliers: %s", error->message);
      return;
    }

  store = g_list_store_new (SANHE_TYPE_RECORD);
  g_list_store_splice (store, 0, 0, records->pdata, records->len);
  sanhe_form_set_source (self->general, "suppliers", G_LIST_MODEL (store));
}

static void
setup_grid (GtkColumnView        *view,
            GListStore          **store,
            const SanheErpColumn *columns,
            guint                 n_columns)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  *store = g_list_store_new (SANHE_TYPE_RECORD);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (*store)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  sanhe_erp_columns_add (view, columns, n_columns, NULL, NULL);
}

static void
sanhe_item_editor_dispose (GObject *object)
{
  SanheItemEditor *self = (SanheItemEditor *)object;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ITEM_EDITOR);
  g_clear_object (&self->where_store);
  g_clear_object (&self->stock_store);
  g_clear_object (&self->item);
  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_body, json_node_unref);

  G_OBJECT_CLASS (sanhe_item_editor_parent_class)->dispose (object);
}

static void
sanhe_item_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SanheItemEditor *self = SANHE_ITEM_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, sanhe_item_editor_get_can_save (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_item_editor_class_init (SanheItemEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_item_editor_dispose;
  object_class->get_property = sanhe_item_editor_get_property;

  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The item now on the server; @created for a new one. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SANHE_TYPE_RECORD, G_TYPE_BOOLEAN);

  g_type_ensure (SANHE_TYPE_BOM_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-item-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, box);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, forms_box);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, general_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, planning_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, detail_switcher);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, bom_editor);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, all_levels_check);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, where_status);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, where_view);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, stock_status);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, stock_view);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, meta_label);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, rollup_button);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, revert_button);
  gtk_widget_class_bind_template_child (widget_class, SanheItemEditor, save_button);

  gtk_widget_class_install_action (widget_class, "item.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "item.rollup", NULL, _sanhe_item_editor_rollup_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "item.rollup", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_item_editor_init (SanheItemEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  setup_grid (self->where_view, &self->where_store, where_columns, G_N_ELEMENTS (where_columns));
  setup_grid (self->stock_view, &self->stock_store, stock_columns, G_N_ELEMENTS (stock_columns));

  self->general = SANHE_FORM (sanhe_form_new (sanhe_item_general_fields, sanhe_item_n_general_fields));
  self->planning = SANHE_FORM (sanhe_form_new (sanhe_item_planning_fields, sanhe_item_n_planning_fields));
  adw_bin_set_child (self->general_bin, GTK_WIDGET (self->general));
  adw_bin_set_child (self->planning_bin, GTK_WIDGET (self->planning));

  g_signal_connect_swapped (self->general, "notify::modified", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->planning, "notify::modified", G_CALLBACK (on_changed_cb), self);
  g_signal_connect (self->general, "changed", G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect (self->planning, "changed", G_CALLBACK (on_form_changed_cb), self);
  g_signal_connect_swapped (self->bom_editor, "notify::modified", G_CALLBACK (on_changed_cb), self);
  g_signal_connect (self->all_levels_check, "toggled", G_CALLBACK (on_all_levels_cb), self);

  _sanhe_item_editor_update_state (self);
}

void
sanhe_item_editor_setup (SanheItemEditor *self,
                         SanheApi        *api,
                         GCancellable    *cancellable)
{
  g_return_if_fail (SANHE_IS_ITEM_EDITOR (self));
  g_return_if_fail (self->api == NULL);

  self->api = g_object_ref (api);
  self->cancellable = g_object_ref (cancellable);
  self->writable = sanhe_api_has_permission (api, SANHE_PERM_ITEMS_WRITE);
  sanhe_bom_editor_setup (self->bom_editor, api, cancellable);
  _sanhe_item_editor_update_state (self);
}

/* Fetches what the fields choose from (suppliers). */
void
sanhe_item_editor_load_sources (SanheItemEditor *self)
{
  g_return_if_fail (SANHE_IS_ITEM_EDITOR (self));

  if (sanhe_api_has_permission (self->api, SANHE_PERM_PURCHASING_READ))
    sanhe_api_list_page_async (self->api, "/api/v1/erp/suppliers", NULL, 500, self->cancellable,
                               on_suppliers_cb, self);
}

/* Shows @item (NULL: nothing selected). */
void
sanhe_item_editor_edit (SanheItemEditor *self,
                        SanheRecord     *item)
{
  g_return_if_fail (SANHE_IS_ITEM_EDITOR (self));

  _sanhe_item_editor_show_error (self, NULL);
  self->editing = item != NULL;
  g_set_object (&self->item, item);
  _sanhe_item_editor_load_forms (self);
  load_details (self);
  _sanhe_item_editor_update_state (self);
}

void
sanhe_item_editor_new_item (SanheItemEditor *self)
{
  g_return_if_fail (SANHE_IS_ITEM_EDITOR (self));

  if (!self->writable)
    return;

  _sanhe_item_editor_show_error (self, NULL);
  self->editing = TRUE;
  g_clear_object (&self->item);
  _sanhe_item_editor_load_forms (self);
  load_details (self);
  _sanhe_item_editor_update_state (self);
  sanhe_form_focus_first (self->general);
}

/* Returns: (transfer none) (nullable) */
SanheRecord *
sanhe_item_editor_get_item (SanheItemEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ITEM_EDITOR (self), NULL);

  return self->item;
}
