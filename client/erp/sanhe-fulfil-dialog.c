/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-fulfil-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-columns.h"
#include "sanhe-erp-line.h"
#include "sanhe-erp-util.h"
#include "sanhe-fulfil-dialog.h"
#include "sanhe-order-lines.h"

/*
 * Receiving a purchase order or shipping a sales order: each open line
 * with the quantity to move (all that is open, to start with) and the
 * warehouse, one for all lines or per line. Posting sends the lines with a
 * quantity; a 422 marks the cells it names, a shortage (409
 * erp.stock.insufficient) the line that cannot ship.
 */
struct _SanheFulfilDialog
{
  AdwWindow                parent_instance;

  AdwWindowTitle          *window_title;
  GtkWidget               *do_button;
  GtkSpinner              *spinner;
  GtkDropDown             *all_warehouses;
  GtkLabel                *error_label;
  GtkColumnView           *lines_view;

  SanheApi                *api;
  GCancellable            *cancellable;
  const SanheErpOrderSpec *spec;
  SanheRecord             *order;
  GListStore              *lines;
  GListStore              *warehouses;
  GPtrArray               *sent;  /* the lines of the last post, in body order */
  gboolean                 busy;
};

G_DEFINE_FINAL_TYPE (SanheFulfilDialog, sanhe_fulfil_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SanheErpColumn receive_columns[] = {
  { N_("#"), "line", SANHE_ERP_COLUMN_INT, 2, SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("Item"), "item_label", SANHE_ERP_COLUMN_TEXT, 20, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Open"), "open_qty", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("To Receive"), "fulfil_qty", SANHE_ERP_COLUMN_QTY, 9,
    SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
};

static const SanheErpColumn ship_columns[] = {
  { N_("#"), "line", SANHE_ERP_COLUMN_INT, 2, SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("Item"), "item_label", SANHE_ERP_COLUMN_TEXT, 20, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Open"), "open_qty", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("To Ship"), "fulfil_qty", SANHE_ERP_COLUMN_QTY, 9,
    SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
};

static void
show_error (SanheFulfilDialog *self,
            const char        *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static char *
warehouse_label_cb (SanheRecord *record)
{
  return record ? sanhe_erp_item_label (sanhe_record_get_object (record)) : g_strdup ("");
}

static GtkExpression *
warehouse_expression (void)
{
  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (warehouse_label_cb), NULL, NULL);
}

static guint
warehouse_position (SanheFulfilDialog *self,
                    gint64             id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->warehouses)); i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->warehouses), i);

      if (sanhe_record_get_id (record) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The warehouse cell: a drop-down writing the line's "warehouse". */
static void
on_warehouse_selected_cb (GtkDropDown *drop_down,
                          GParamSpec  *pspec,
                          gpointer     user_data)
{
  SanheErpLine *line = g_object_get_data (G_OBJECT (drop_down), "sanhe-line");
  SanheRecord *record = gtk_drop_down_get_selected_item (drop_down);

  if (line != NULL && record != NULL
      && sanhe_erp_line_get_int (line, "warehouse") != sanhe_record_get_id (record))
    sanhe_erp_line_set_int (line, "warehouse", sanhe_record_get_id (record));
}

static void
show_line_warehouse_cb (gpointer user_data)
{
  g_autoptr(GtkWidget) drop_down = user_data;
  SanheFulfilDialog *self = g_object_get_data (G_OBJECT (drop_down), "sanhe-dialog");
  SanheErpLine *line = g_object_get_data (G_OBJECT (drop_down), "sanhe-pending-line");
  guint position;

  if (line == NULL || gtk_widget_get_root (drop_down) == NULL)
    return;

  g_object_ref (line);
  g_object_set_data (G_OBJECT (drop_down), "sanhe-pending-line", NULL);
  position = warehouse_position (self, sanhe_erp_line_get_int (line, "warehouse"));
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), position);
  /* Attached after, so the line is not taken for the user's choice. */
  g_object_set_data_full (G_OBJECT (drop_down), "sanhe-line", line, g_object_unref);
}

static void
on_warehouse_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       SanheFulfilDialog        *self)
{
  GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->warehouses)),
                                            warehouse_expression ());

  g_object_set_data (G_OBJECT (drop_down), "sanhe-dialog", self);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_warehouse_selected_cb), NULL);
  gtk_list_item_set_child (item, drop_down);
}

static void
on_warehouse_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      SanheFulfilDialog        *self)
{
  GtkWidget *drop_down = gtk_list_item_get_child (item);
  SanheErpLine *line = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (drop_down), "sanhe-line", NULL);
  g_object_set_data_full (G_OBJECT (drop_down), "sanhe-pending-line", g_object_ref (line), g_object_unref);
  /* GTK 4.8 crashes when a drop-down inside a list changes its selection
   * while the list binds its rows: show the line's warehouse just after. */
  g_idle_add_once (show_line_warehouse_cb, g_object_ref (drop_down));
}

static void
on_warehouse_unbind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        SanheFulfilDialog        *self)
{
  GtkWidget *drop_down = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (drop_down), "sanhe-line", NULL);
  g_object_set_data (G_OBJECT (drop_down), "sanhe-pending-line", NULL);
}

static void
on_all_warehouses_cb (GtkDropDown       *drop_down,
                      GParamSpec        *pspec,
                      SanheFulfilDialog *self)
{
  SanheRecord *record = gtk_drop_down_get_selected_item (drop_down);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  if (record == NULL)
    return;

  for (guint i = 0; i < n_items; i++)
    {
      SanheErpLine *line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      sanhe_erp_line_set_int (line, "warehouse", sanhe_record_get_id (record));
      g_ptr_array_add (lines, line);
    }

  /* The rows show the new warehouse once bound again. */
  g_list_store_splice (self->lines, 0, n_items, lines->pdata, lines->len);
}

static void
on_warehouses_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SanheFulfilDialog *self = user_data;
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
  gtk_drop_down_set_selected (self->all_warehouses, GTK_INVALID_LIST_POSITION);
  if (records->len > 0)
    gtk_drop_down_set_selected (self->all_warehouses, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fulfil.post", records->len > 0);
}

static void
fill_lines (SanheFulfilDialog *self)
{
  JsonNode *node = sanhe_record_get_node (self->order, "lines");
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(JsonObject) object = sanhe_erp_json_copy (json_array_get_object_element (array, i));
      g_autofree char *open = sanhe_erp_decimal_normalize (sanhe_erp_json_string (object, "open_qty"));
      g_autofree char *label = sanhe_erp_item_label (json_object_get_object_member (object, "item"));
      g_autoptr(SanheErpLine) line = NULL;
      gint64 units = 0;

      if (!sanhe_erp_decimal_units (open, &units) || units <= 0)
        continue;

      json_object_set_string_member (object, "item_label", label);
      json_object_set_string_member (object, "fulfil_qty", open);
      json_object_set_int_member (object, "warehouse", 0);
      line = sanhe_erp_line_new (object);
      sanhe_erp_line_set_editable (line, TRUE);
      g_list_store_append (self->lines, line);
    }
}

static void
set_busy (SanheFulfilDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fulfil.post", !busy);
}

static void
on_posted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SanheFulfilDialog) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) sent = NULL;
  JsonNode *details;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  set_busy (self, FALSE);
  if (error == NULL)
    {
      g_signal_emit (self, signals[DONE], 0, node);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  {
    g_autofree char *text = sanhe_erp_error_text (error);

    show_error (self, text);
  }

  /* "lines[i]" counts the lines sent, not the order's. */
  sent = g_list_store_new (SANHE_TYPE_ERP_LINE);
  for (guint i = 0; self->sent != NULL && i < self->sent->len; i++)
    g_list_store_append (sent, g_ptr_array_index (self->sent, i));
  details = sanhe_error_get_details (error);
  sanhe_order_lines_show_problems (G_LIST_MODEL (sent), details, "lines", "fulfil_qty");

  if (g_strcmp0 (sanhe_error_get_code (error), "erp.stock.insufficient") == 0
      && details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    {
      gint64 line_no = json_object_get_int_member_with_default (json_node_get_object (details), "line", 0);
      g_autofree char *text = sanhe_erp_error_text (error);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lines)); i++)
        {
          g_autoptr(SanheErpLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

          if (sanhe_erp_line_get_int (line, "line") == line_no)
            sanhe_erp_line_set_problem (line, "fulfil_qty", text);
        }
    }
}

static void
post_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SanheFulfilDialog *self = SANHE_FULFIL_DIALOG (widget);
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;

  if (self->busy)
    return;

  show_error (self, NULL);
  g_clear_pointer (&self->sent, g_ptr_array_unref);
  self->sent = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->lines)); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      const char *qty = sanhe_erp_line_get_string (line, "fulfil_qty");
      JsonObject *entry;
      gint64 units = 0;

      sanhe_erp_line_clear_problems (line);
      if (sanhe_erp_line_has_invalid (line))
        {
          show_error (self, _("Some quantities are not numbers. Correct the cells marked in red."));
          return;
        }
      if (!sanhe_erp_decimal_units (qty, &units) || units == 0)
        continue;

      entry = json_object_new ();
      json_object_set_int_member (entry, "line", sanhe_erp_line_get_int (line, "line"));
      json_object_set_string_member (entry, "qty", qty);
      json_object_set_int_member (entry, "warehouse", sanhe_erp_line_get_int (line, "warehouse"));
      json_array_add_object_element (lines, entry);
      g_ptr_array_add (self->sent, g_object_ref (line));
    }

  if (json_array_get_length (lines) == 0)
    {
      show_error (self, _("Every quantity is zero: there is nothing to post."));
      return;
    }

  json_object_set_array_member (body, "lines", g_steal_pointer (&lines));
  json_object_set_int_member (body, "version", sanhe_record_get_version (self->order));
  node = json_node_init_object (json_node_alloc (), body);
  path = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s", self->spec->path,
                          sanhe_record_get_id (self->order), self->spec->fulfil);

  set_busy (self, TRUE);
  sanhe_api_request_async (self->api, "POST", path, node, self->cancellable, on_posted_cb,
                           g_object_ref (self));
}

static void
sanhe_fulfil_dialog_dispose (GObject *object)
{
  SanheFulfilDialog *self = (SanheFulfilDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_FULFIL_DIALOG);
  g_clear_object (&self->lines);
  g_clear_object (&self->warehouses);
  g_clear_object (&self->order);
  g_clear_object (&self->api);
  g_clear_pointer (&self->sent, g_ptr_array_unref);

  G_OBJECT_CLASS (sanhe_fulfil_dialog_parent_class)->dispose (object);
}

static void
sanhe_fulfil_dialog_class_init (SanheFulfilDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_fulfil_dialog_dispose;

  /* The order after the goods moved. */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-fulfil-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, do_button);
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, all_warehouses);
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheFulfilDialog, lines_view);

  gtk_widget_class_install_action (widget_class, "fulfil.post", NULL, post_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "fulfil.post", NULL);
}

static void
sanhe_fulfil_dialog_init (SanheFulfilDialog *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->lines = g_list_store_new (SANHE_TYPE_ERP_LINE);
  self->warehouses = g_list_store_new (SANHE_TYPE_RECORD);
  gtk_drop_down_set_model (self->all_warehouses, G_LIST_MODEL (self->warehouses));
  expression = warehouse_expression ();
  gtk_drop_down_set_expression (self->all_warehouses, expression);
  gtk_expression_unref (expression);
  g_signal_connect (self->all_warehouses, "notify::selected", G_CALLBACK (on_all_warehouses_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fulfil.post", FALSE);
}

/* A dialog over @parent's window for the open lines of @order; it emits
 * "done" with the order after the goods moved, and closes. */
SanheFulfilDialog *
sanhe_fulfil_dialog_new (GtkWidget               *parent,
                         SanheApi                *api,
                         const SanheErpOrderSpec *spec,
                         SanheRecord             *order)
{
  SanheFulfilDialog *self;
  GtkListItemFactory *factory;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *title = NULL;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  self = g_object_new (SANHE_TYPE_FULFIL_DIALOG, NULL);
  self->api = g_object_ref (api);
  self->spec = spec;
  self->order = g_object_ref (order);

  /* Translators: the dialog's title ("Receive Goods") and the order number */
  title = g_strdup_printf (_("%s · %s"), _(spec->fulfil_title), sanhe_record_get_string (order, "number"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 sanhe_record_get_string (order, spec->kind == SANHE_ERP_ORDER_SALES
                                                          ? "customer.name" : "supplier.name"));
  gtk_button_set_label (GTK_BUTTON (self->do_button), _(spec->fulfil_button));

  fill_lines (self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->lines)));
  gtk_column_view_set_model (self->lines_view, GTK_SELECTION_MODEL (selection));
  if (spec->kind == SANHE_ERP_ORDER_SALES)
    sanhe_erp_columns_add (self->lines_view, ship_columns, G_N_ELEMENTS (ship_columns), NULL, NULL);
  else
    sanhe_erp_columns_add (self->lines_view, receive_columns, G_N_ELEMENTS (receive_columns), NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_warehouse_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_warehouse_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_warehouse_unbind_cb), self);
  column = gtk_column_view_column_new (_("Warehouse"), factory);
  gtk_column_view_column_set_fixed_width (column, 200);
  gtk_column_view_append_column (self->lines_view, column);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  sanhe_api_list_page_async (api, "/api/v1/erp/warehouses", NULL, 500, self->cancellable,
                             on_warehouses_cb, self);

  return self;
}
