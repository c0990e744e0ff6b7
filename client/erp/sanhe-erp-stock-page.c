/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-stock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-list.h"
#include "sanhe-erp-stock-page.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"
#include "sanhe-stock-move-dialog.h"

/*
 * ERP → Stock: the balance of every item in every warehouse on the left;
 * on the right, the ledger of the selected item, newest move first.
 * "New Move" (Ctrl+N, erp.stock.write) records a receipt, issue,
 * transfer or adjustment and refreshes both.
 */
struct _SanheErpStockPage
{
  SanheWorkspacePage  parent_instance;

  SanheErpList       *balances;
  SanheErpList       *moves;
  gboolean            writable;
};

G_DEFINE_FINAL_TYPE (SanheErpStockPage, sanhe_erp_stock_page, SANHE_TYPE_WORKSPACE_PAGE)

static const SanheErpColumn balance_columns[] = {
  { N_("Item"), "item_code", SANHE_ERP_COLUMN_TEXT, 10, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "item_name", SANHE_ERP_COLUMN_TEXT, 16, SANHE_ERP_COLUMN_EXPAND },
  { N_("Warehouse"), "warehouse_code", SANHE_ERP_COLUMN_TEXT, 6, 0 },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 9, 0 },
  { N_("Value"), "value", SANHE_ERP_COLUMN_MONEY, 12, 0 },
};

static const SanheErpColumn move_columns[] = {
  { N_("When"), "created_at", SANHE_ERP_COLUMN_DATETIME, 15, 0 },
  { N_("Kind"), "kind", SANHE_ERP_COLUMN_MOVE_KIND, 7, 0 },
  { N_("Warehouse"), "warehouse_code", SANHE_ERP_COLUMN_TEXT, 5, 0 },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("Unit Cost"), "unit_cost", SANHE_ERP_COLUMN_MONEY, 10, 0 },
  { N_("Reference"), "reference", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_DIM },
};

static const char *
balance_class_cb (JsonObject *row,
                  gpointer    user_data)
{
  const char *qty = sanhe_erp_json_string (row, "qty");

  return qty != NULL && (qty[0] == '-' || g_strcmp0 (qty, "0.0000") == 0) ? "dim-label" : NULL;
}

static char *
format_balances (guint n)
{
  g_autofree char *number = sanhe_format_number (n);

  /* Translators: %s is a number of stock balances (item × warehouse) */
  return g_strdup_printf (ngettext ("%s balance", "%s balances", n), number);
}

static char *
format_moves (guint n)
{
  g_autofree char *number = sanhe_format_number (n);

  /* Translators: %s is a number of stock moves */
  return g_strdup_printf (ngettext ("%s move", "%s moves", n), number);
}

static void
on_balance_selected_cb (SanheErpList      *list,
                        SanheErpStockPage *self)
{
  SanheRecord *balance = sanhe_erp_list_get_selected (list);
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;

  if (balance == NULL)
    return;

  /* Translators: %s is an item code: the stock moves of that item */
  title = g_strdup_printf (_("Moves of %s"), sanhe_record_get_string (balance, "item_code"));
  sanhe_erp_list_set_title (self->moves, title);
  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/stock-moves",
                          sanhe_record_get_int (balance, "item"));
  sanhe_erp_list_set_path (self->moves, path);
  sanhe_erp_list_reload (self->moves);
}

static void
on_balances_loading_cb (SanheErpList      *list,
                        GParamSpec        *pspec,
                        SanheErpStockPage *self)
{
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), sanhe_erp_list_get_loading (list));
}

static void
on_recorded_cb (SanheStockMoveDialog *dialog,
                JsonNode             *moves,
                SanheErpStockPage    *self)
{
  sanhe_erp_toast (GTK_WIDGET (self), _("Stock move recorded"));
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

static void
sanhe_erp_stock_page_new_record (SanheWorkspacePage *page)
{
  SanheErpStockPage *self = SANHE_ERP_STOCK_PAGE (page);
  SanheRecord *balance = sanhe_erp_list_get_selected (self->balances);
  g_autoptr(JsonObject) item = NULL;
  SanheStockMoveDialog *dialog;

  if (!self->writable)
    return;

  if (balance != NULL)
    {
      item = json_object_new ();
      json_object_set_int_member (item, "id", sanhe_record_get_int (balance, "item"));
      json_object_set_string_member (item, "code", sanhe_record_get_string (balance, "item_code"));
      json_object_set_string_member (item, "name", sanhe_record_get_string (balance, "item_name"));
    }

  dialog = sanhe_stock_move_dialog_new (GTK_WIDGET (self), sanhe_workspace_page_get_api (page), item,
                                        balance ? sanhe_record_get_int (balance, "warehouse") : 0);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (on_recorded_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sanhe_erp_stock_page_reload (SanheWorkspacePage *page)
{
  SanheErpStockPage *self = SANHE_ERP_STOCK_PAGE (page);

  sanhe_erp_list_reload (self->balances);
  sanhe_erp_list_reload (self->moves);
}

static void
sanhe_erp_stock_page_search (SanheWorkspacePage *page)
{
  sanhe_erp_list_focus_search (SANHE_ERP_STOCK_PAGE (page)->balances);
}

static void
sanhe_erp_stock_page_event (SanheWorkspacePage *page,
                            const char         *type,
                            JsonNode           *event)
{
  /* Receipts and shipments move stock. */
  if (sanhe_workspace_page_get_loaded (page)
      && (g_str_has_prefix (type, "erp.purchase_order.") || g_str_has_prefix (type, "erp.sales_order.")))
    sanhe_workspace_page_reload (page);
}

static void
sanhe_erp_stock_page_constructed (GObject *object)
{
  SanheErpStockPage *self = SANHE_ERP_STOCK_PAGE (object);
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (object);
  SanheApi *api;
  GCancellable *cancellable;

  G_OBJECT_CLASS (sanhe_erp_stock_page_parent_class)->constructed (object);

  api = sanhe_workspace_page_get_api (page);
  cancellable = sanhe_workspace_page_get_cancellable (page);
  self->writable = sanhe_api_has_permission (api, SANHE_PERM_STOCK_WRITE);

  sanhe_erp_list_setup (self->balances, api, cancellable, balance_columns,
                        G_N_ELEMENTS (balance_columns), balance_class_cb, self);
  sanhe_erp_list_set_path (self->balances, "/api/v1/erp/stock");
  sanhe_erp_list_set_count_func (self->balances, format_balances);
  sanhe_erp_list_set_texts (self->balances, _("No Stock Yet"),
                            _("Receipts and adjustments put items in stock."), _("Search stock"));

  sanhe_erp_list_setup (self->moves, api, cancellable, move_columns,
                        G_N_ELEMENTS (move_columns), NULL, NULL);
  sanhe_erp_list_set_title (self->moves, _("Moves"));
  sanhe_erp_list_set_count_func (self->moves, format_moves);
  sanhe_erp_list_set_texts (self->moves, _("No Item Selected"),
                            _("Select a balance to see the moves of its item."), _("Search moves"));

  if (self->writable)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("New _Move"));
      adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "record.new");
      gtk_widget_set_tooltip_text (button, _("Record a receipt, issue, transfer or adjustment (Ctrl+N)"));
      sanhe_erp_list_add_button (self->balances, button);
    }
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.new", FALSE);
}

static void
sanhe_erp_stock_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SANHE_TYPE_ERP_STOCK_PAGE);

  G_OBJECT_CLASS (sanhe_erp_stock_page_parent_class)->dispose (object);
}

static void
sanhe_erp_stock_page_class_init (SanheErpStockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_erp_stock_page_constructed;
  object_class->dispose = sanhe_erp_stock_page_dispose;

  page_class->reload = sanhe_erp_stock_page_reload;
  page_class->search = sanhe_erp_stock_page_search;
  page_class->new_record = sanhe_erp_stock_page_new_record;
  page_class->event = sanhe_erp_stock_page_event;

  g_type_ensure (SANHE_TYPE_ERP_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-stock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpStockPage, balances);
  gtk_widget_class_bind_template_child (widget_class, SanheErpStockPage, moves);
}

static void
sanhe_erp_stock_page_init (SanheErpStockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->balances, "selection-changed", G_CALLBACK (on_balance_selected_cb), self);
  g_signal_connect (self->balances, "notify::loading", G_CALLBACK (on_balances_loading_cb), self);
}

void
sanhe_erp_stock_page_select_position (SanheErpStockPage *self,
                                      guint              position)
{
  g_return_if_fail (SANHE_IS_ERP_STOCK_PAGE (self));

  sanhe_erp_list_select_position (self->balances, position);
}
