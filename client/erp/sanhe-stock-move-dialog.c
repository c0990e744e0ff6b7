/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-stock-move-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-item-picker.h"
#include "sanhe-stock-move-dialog.h"

/*
 * Recording a stock move by hand: a receipt (at a unit cost), an issue, a
 * transfer between two warehouses, or an adjustment (a signed quantity).
 * Only the fields the kind needs are shown. The ledger refuses a move
 * that would take stock below zero (409 erp.stock.insufficient); field
 * problems (422) land under their field.
 */

enum {
  FIELD_KIND,
  FIELD_ITEM,
  FIELD_WAREHOUSE,
  FIELD_TO_WAREHOUSE,
  FIELD_QTY,
  FIELD_UNIT_COST,
  FIELD_REFERENCE,
  N_FIELDS
};

static const char * const field_names[N_FIELDS] = {
  "kind", "item", "warehouse", "to_warehouse", "qty", "unit_cost", "reference",
};

static const char * const kinds[] = { "receipt", "issue", "transfer", "adjustment", NULL };

struct _SanheStockMoveDialog
{
  AdwWindow      parent_instance;

  GtkWidget     *record_button;
  GtkSpinner    *spinner;
  GtkLabel      *error_label;
  GtkGrid       *grid;

  GtkWidget     *labels[N_FIELDS];
  GtkWidget     *editors[N_FIELDS];
  GtkWidget     *errors[N_FIELDS];
  GtkWidget     *qty_hint;

  SanheApi      *api;
  GCancellable  *cancellable;
  GListStore    *warehouses;
  JsonObject    *item;
  gint64         warehouse_id;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (SanheStockMoveDialog, sanhe_stock_move_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_field_error (SanheStockMoveDialog *self,
                 guint                 field,
                 const char           *text)
{
  gtk_label_set_text (GTK_LABEL (self->errors[field]), text ? text : "");
  gtk_widget_set_visible (self->errors[field], text != NULL);
}

static void
clear_errors (SanheStockMoveDialog *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    set_field_error (self, i, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (SanheStockMoveDialog *self,
            const char           *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static const char *
selected_kind (SanheStockMoveDialog *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->editors[FIELD_KIND]));

  return selected < G_N_ELEMENTS (kinds) - 1 ? kinds[selected] : kinds[0];
}

static void
update_fields (SanheStockMoveDialog *self)
{
  const char *kind = selected_kind (self);
  gboolean transfer = g_str_equal (kind, "transfer");
  gboolean receipt = g_str_equal (kind, "receipt");

  gtk_widget_set_visible (self->labels[FIELD_TO_WAREHOUSE], transfer);
  gtk_widget_set_visible (self->editors[FIELD_TO_WAREHOUSE], transfer);
  gtk_widget_set_visible (self->labels[FIELD_UNIT_COST], receipt);
  gtk_widget_set_visible (self->editors[FIELD_UNIT_COST], receipt);
  gtk_label_set_text (GTK_LABEL (self->labels[FIELD_WAREHOUSE]),
                      transfer ? _("From warehouse") : _("Warehouse"));
  gtk_widget_set_visible (self->qty_hint, g_str_equal (kind, "adjustment"));
  if (!transfer)
    set_field_error (self, FIELD_TO_WAREHOUSE, NULL);
  if (!receipt)
    set_field_error (self, FIELD_UNIT_COST, NULL);
}

static void
update_item_button (SanheStockMoveDialog *self)
{
  g_autofree char *label = self->item ? sanhe_erp_item_label (self->item) : NULL;

  gtk_button_set_label (GTK_BUTTON (self->editors[FIELD_ITEM]),
                        label ? label : _("Choose an item…"));
}

static void
on_picked_cb (SanheRecord *item,
              gpointer     owner)
{
  SanheStockMoveDialog *self = owner;

  if (item == NULL)
    return;

  g_clear_pointer (&self->item, json_object_unref);
  self->item = json_object_ref (sanhe_record_get_object (item));
  set_field_error (self, FIELD_ITEM, NULL);
  update_item_button (self);
}

static void
on_item_clicked_cb (GtkButton            *button,
                    SanheStockMoveDialog *self)
{
  sanhe_item_picker_present (GTK_WIDGET (self), self->api, _("Choose an Item"), on_picked_cb, self);
}

static gint64
selected_warehouse (SanheStockMoveDialog *self,
                    guint                 field)
{
  SanheRecord *record = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (self->editors[field]));

  return record ? sanhe_record_get_id (record) : 0;
}

static char *
warehouse_label_cb (SanheRecord *record)
{
  if (record == NULL)
    return g_strdup ("");

  return sanhe_erp_item_label (sanhe_record_get_object (record));
}

static void
on_warehouses_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SanheStockMoveDialog *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (records == NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      show_error (self, text);
      return;
    }

  g_list_store_splice (self->warehouses, 0, 0, records->pdata, records->len);
  for (guint i = 0; i < records->len; i++)
    if (sanhe_record_get_id (g_ptr_array_index (records, i)) == self->warehouse_id)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editors[FIELD_WAREHOUSE]), i);
  if (records->len > 1)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editors[FIELD_TO_WAREHOUSE]),
                                gtk_drop_down_get_selected (GTK_DROP_DOWN (self->editors[FIELD_WAREHOUSE])) == 0
                                ? 1 : 0);
}

static void
set_busy (SanheStockMoveDialog *self,
          gboolean              busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "move.record", !busy);
}

static void
show_field_problems (SanheStockMoveDialog *self,
                     const GError         *error)
{
  JsonNode *details = sanhe_error_get_details (error);
  JsonNode *fields = details && JSON_NODE_HOLDS_OBJECT (details)
                     ? json_object_get_member (json_node_get_object (details), "fields") : NULL;

  for (guint i = 0; fields && JSON_NODE_HOLDS_OBJECT (fields) && i < N_FIELDS; i++)
    {
      JsonNode *problem = json_object_get_member (json_node_get_object (fields), field_names[i]);
      const char *code = problem && JSON_NODE_HOLDS_OBJECT (problem)
                         ? json_object_get_string_member_with_default (json_node_get_object (problem),
                                                                       "code", NULL) : NULL;

      if (problem != NULL)
        set_field_error (self, i, sanhe_field_error_text (code));
    }
}

static void
on_recorded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SanheStockMoveDialog) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      show_error (self, text);
      show_field_problems (self, error);
      return;
    }

  g_signal_emit (self, signals[RECORDED], 0, node);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheStockMoveDialog *self = SANHE_STOCK_MOVE_DIALOG (widget);
  const char *kind = selected_kind (self);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *qty = NULL;
  g_autofree char *cost = NULL;
  const char *reference;
  gboolean ok = TRUE;

  if (self->busy)
    return;

  clear_errors (self);
  json_object_set_string_member (body, "kind", kind);

  if (self->item == NULL)
    {
      set_field_error (self, FIELD_ITEM, sanhe_field_error_text (SANHE_FIELD_REQUIRED));
      ok = FALSE;
    }
  else
    json_object_set_int_member (body, "item", sanhe_erp_json_int (self->item, "id"));

  if (selected_warehouse (self, FIELD_WAREHOUSE) == 0)
    {
      set_field_error (self, FIELD_WAREHOUSE, sanhe_field_error_text (SANHE_FIELD_REQUIRED));
      ok = FALSE;
    }
  else
    json_object_set_int_member (body, "warehouse", selected_warehouse (self, FIELD_WAREHOUSE));

  if (g_str_equal (kind, "transfer"))
    json_object_set_int_member (body, "to_warehouse", selected_warehouse (self, FIELD_TO_WAREHOUSE));

  if (!sanhe_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->editors[FIELD_QTY])), 4, &qty))
    {
      set_field_error (self, FIELD_QTY, sanhe_field_error_text (SANHE_FIELD_INVALID));
      ok = FALSE;
    }
  else
    json_object_set_string_member (body, "qty", qty);

  if (g_str_equal (kind, "receipt"))
    {
      if (!sanhe_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->editors[FIELD_UNIT_COST])), 4, &cost))
        {
          set_field_error (self, FIELD_UNIT_COST, sanhe_field_error_text (SANHE_FIELD_INVALID));
          ok = FALSE;
        }
      else
        json_object_set_string_member (body, "unit_cost", cost);
    }

  reference = gtk_editable_get_text (GTK_EDITABLE (self->editors[FIELD_REFERENCE]));
  if (reference != NULL && *reference != '\0')
    json_object_set_string_member (body, "reference", reference);

  if (!ok)
    return;

  set_busy (self, TRUE);
  node = json_node_init_object (json_node_alloc (), body);
  sanhe_api_request_async (self->api, "POST", "/api/v1/erp/stock/moves", node, self->cancellable,
                           on_recorded_cb, g_object_ref (self));
}

static void
add_field (SanheStockMoveDialog *self,
           guint                 field,
           const char           *label,
           GtkWidget            *editor,
           int                   row)
{
  self->labels[field] = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (self->labels[field]), 1.0);
  gtk_widget_add_css_class (self->labels[field], "field-label");
  self->editors[field] = editor;
  gtk_widget_set_hexpand (editor, TRUE);
  self->errors[field] = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->errors[field]), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->errors[field]), TRUE);
  gtk_widget_add_css_class (self->errors[field], "field-error");
  gtk_widget_set_visible (self->errors[field], FALSE);

  gtk_grid_attach (self->grid, self->labels[field], 0, row, 1, 1);
  gtk_grid_attach (self->grid, editor, 1, row, 1, 1);
  gtk_grid_attach (self->grid, self->errors[field], 1, row + 1, 1, 1);
}

static GtkWidget *
warehouse_drop_down (SanheStockMoveDialog *self)
{
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (warehouse_label_cb),
                                                           NULL, NULL);

  return gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->warehouses)), expression);
}

static void
sanhe_stock_move_dialog_dispose (GObject *object)
{
  SanheStockMoveDialog *self = (SanheStockMoveDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_STOCK_MOVE_DIALOG);
  g_clear_object (&self->warehouses);
  g_clear_object (&self->api);
  g_clear_pointer (&self->item, json_object_unref);

  G_OBJECT_CLASS (sanhe_stock_move_dialog_parent_class)->dispose (object);
}

static void
sanhe_stock_move_dialog_class_init (SanheStockMoveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_stock_move_dialog_dispose;

  /* The moves the server recorded ({"moves": […]}). */
  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sanhe/Sanhe/sanhe-stock-move-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheStockMoveDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, SanheStockMoveDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheStockMoveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheStockMoveDialog, grid);

  gtk_widget_class_install_action (widget_class, "move.record", NULL, record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "move.record", NULL);
}

static void
sanhe_stock_move_dialog_init (SanheStockMoveDialog *self)
{
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  GtkWidget *item_button;
  int row = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->warehouses = g_list_store_new (SANHE_TYPE_RECORD);
  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_labels, sanhe_erp_move_kind_label (kinds[i]));

  add_field (self, FIELD_KIND, _("Kind"),
             gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kind_labels)), NULL), row);
  row += 2;
  item_button = gtk_button_new ();
  g_signal_connect (item_button, "clicked", G_CALLBACK (on_item_clicked_cb), self);
  add_field (self, FIELD_ITEM, _("Item"), item_button, row);
  row += 2;
  add_field (self, FIELD_WAREHOUSE, _("Warehouse"), warehouse_drop_down (self), row);
  row += 2;
  add_field (self, FIELD_TO_WAREHOUSE, _("To warehouse"), warehouse_drop_down (self), row);
  row += 2;
  add_field (self, FIELD_QTY, _("Quantity"), gtk_entry_new (), row);
  gtk_entry_set_alignment (GTK_ENTRY (self->editors[FIELD_QTY]), 1.0);
  gtk_entry_set_activates_default (GTK_ENTRY (self->editors[FIELD_QTY]), TRUE);
  row += 2;
  self->qty_hint = gtk_label_new (_("A negative quantity lowers the stock, a positive one raises it."));
  gtk_label_set_xalign (GTK_LABEL (self->qty_hint), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->qty_hint), TRUE);
  gtk_widget_add_css_class (self->qty_hint, "field-hint");
  gtk_grid_attach (self->grid, self->qty_hint, 1, row++, 1, 1);
  add_field (self, FIELD_UNIT_COST, _("Unit cost"), gtk_entry_new (), row);
  gtk_entry_set_alignment (GTK_ENTRY (self->editors[FIELD_UNIT_COST]), 1.0);
  row += 2;
  add_field (self, FIELD_REFERENCE, _("Reference"), gtk_entry_new (), row);
  gtk_entry_set_max_length (GTK_ENTRY (self->editors[FIELD_REFERENCE]), 200);

  g_signal_connect_swapped (self->editors[FIELD_KIND], "notify::selected",
                            G_CALLBACK (update_fields), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->record_button);
  update_fields (self);
  update_item_button (self);
}

/* A dialog over @parent's window, the item (nullable) and warehouse
 * (0: the first) chosen; it emits "recorded" and closes on success. */
SanheStockMoveDialog *
sanhe_stock_move_dialog_new (GtkWidget  *parent,
                             SanheApi   *api,
                             JsonObject *item,
                             gint64      warehouse_id)
{
  SanheStockMoveDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (SANHE_IS_API (api), NULL);

  self = g_object_new (SANHE_TYPE_STOCK_MOVE_DIALOG, NULL);
  self->api = g_object_ref (api);
  self->item = item ? json_object_ref (item) : NULL;
  self->warehouse_id = warehouse_id;
  update_item_button (self);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  sanhe_api_list_page_async (api, "/api/v1/erp/warehouses", NULL, 500, self->cancellable,
                             on_warehouses_cb, self);

  return self;
}
