/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-order-spec"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-order-spec.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"

/*
 * Purchase and sales orders are one engine on the server and one page
 * here; these tables name what differs: paths, the partner, the date and
 * fulfilment members, the states, the columns and the words.
 */

static const char * const purchase_states[] = {
  "draft", "confirmed", "partially_received", "received", "cancelled", NULL
};

static const char * const sales_states[] = {
  "draft", "confirmed", "partially_shipped", "shipped", "cancelled", NULL
};

static const SanheErpColumn purchase_list[] = {
  { N_("Number"), "number", SANHE_ERP_COLUMN_TEXT, 14, SANHE_ERP_COLUMN_STRONG },
  { N_("Supplier"), "supplier.name", SANHE_ERP_COLUMN_TEXT, 8, SANHE_ERP_COLUMN_EXPAND },
  { N_("State"), "state", SANHE_ERP_COLUMN_STATE, 8, 0 },
  { N_("Total"), "total", SANHE_ERP_COLUMN_MONEY, 12, 0 },
};

static const SanheErpColumn sales_list[] = {
  { N_("Number"), "number", SANHE_ERP_COLUMN_TEXT, 14, SANHE_ERP_COLUMN_STRONG },
  { N_("Customer"), "customer.name", SANHE_ERP_COLUMN_TEXT, 8, SANHE_ERP_COLUMN_EXPAND },
  { N_("State"), "state", SANHE_ERP_COLUMN_STATE, 8, 0 },
  { N_("Total"), "total", SANHE_ERP_COLUMN_MONEY, 12, 0 },
};

static const SanheErpColumn purchase_lines[] = {
  { N_("#"), "line", SANHE_ERP_COLUMN_INT, 2, SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("Item"), "item_label", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 7, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Price"), "price", SANHE_ERP_COLUMN_PRICE, 11, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Amount"), "amount", SANHE_ERP_COLUMN_MONEY, 12, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Expected"), "expected_date", SANHE_ERP_COLUMN_DATE, 10, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Received"), "received_qty", SANHE_ERP_COLUMN_QTY, 7, SANHE_ERP_COLUMN_NO_SORT },
};

static const SanheErpColumn sales_lines[] = {
  { N_("#"), "line", SANHE_ERP_COLUMN_INT, 2, SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("Item"), "item_label", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 7, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Price"), "price", SANHE_ERP_COLUMN_PRICE, 11, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Amount"), "amount", SANHE_ERP_COLUMN_MONEY, 12, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Due"), "due_date", SANHE_ERP_COLUMN_DATE, 10, SANHE_ERP_COLUMN_EDITABLE | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Shipped"), "shipped_qty", SANHE_ERP_COLUMN_QTY, 7, SANHE_ERP_COLUMN_NO_SORT },
};

static const SanheErpOrderSpec specs[] = {
  {
    .kind = SANHE_ERP_ORDER_PURCHASE,
    .path = "/api/v1/erp/purchase-orders",
    .partner = "supplier",
    .partner_path = "/api/v1/erp/suppliers",
    .done_member = "received_qty",
    .date_member = "expected_date",
    .fulfil = "receive",
    .read_permission = "erp.purchasing.read",
    .write_permission = "erp.purchasing.write",
    .event_prefix = "erp.purchase_order.",
    .states = purchase_states,
    .list_columns = purchase_list,
    .n_list_columns = G_N_ELEMENTS (purchase_list),
    .line_columns = purchase_lines,
    .n_line_columns = G_N_ELEMENTS (purchase_lines),
    .partner_label = N_("_Supplier"),
    .new_title = N_("New Purchase Order"),
    .empty_title = N_("No Purchase Orders"),
    .empty_description = N_("Orders to suppliers appear here; create one with New or accept MRP’s suggestions."),
    .search_placeholder = N_("Search purchase orders"),
    .fulfil_label = N_("_Receive…"),
    .fulfil_tooltip = N_("Receive the goods into a warehouse (Ctrl+Shift+R)"),
    .fulfil_title = N_("Receive Goods"),
    .fulfil_button = N_("_Receive"),
    .fulfil_qty_title = N_("To Receive"),
    .fulfilled_toast = N_("Goods received"),
  },
  {
    .kind = SANHE_ERP_ORDER_SALES,
    .path = "/api/v1/erp/sales-orders",
    .partner = "customer",
    .partner_path = "/api/v1/crm/customers",
    .done_member = "shipped_qty",
    .date_member = "due_date",
    .fulfil = "ship",
    .read_permission = "erp.sales.read",
    .write_permission = "erp.sales.write",
    .event_prefix = "erp.sales_order.",
    .states = sales_states,
    .list_columns = sales_list,
    .n_list_columns = G_N_ELEMENTS (sales_list),
    .line_columns = sales_lines,
    .n_line_columns = G_N_ELEMENTS (sales_lines),
    .partner_label = N_("_Customer"),
    .new_title = N_("New Sales Order"),
    .empty_title = N_("No Sales Orders"),
    .empty_description = N_("Customers’ orders appear here; create one with New."),
    .search_placeholder = N_("Search sales orders"),
    .fulfil_label = N_("S_hip…"),
    .fulfil_tooltip = N_("Ship the goods from a warehouse (Ctrl+Shift+R)"),
    .fulfil_title = N_("Ship Goods"),
    .fulfil_button = N_("S_hip"),
    .fulfil_qty_title = N_("To Ship"),
    .fulfilled_toast = N_("Goods shipped"),
  },
};

const SanheErpOrderSpec *
sanhe_erp_order_spec_get (SanheErpOrderKind kind)
{
  g_return_val_if_fail (kind <= SANHE_ERP_ORDER_SALES, NULL);

  return &specs[kind];
}

/* Returns: (transfer full): "12 purchase orders". */
char *
sanhe_erp_order_spec_count (const SanheErpOrderSpec *spec,
                            guint                    n)
{
  g_autofree char *number = sanhe_format_number (n);

  if (spec->kind == SANHE_ERP_ORDER_PURCHASE)
    /* Translators: %s is a number */
    return g_strdup_printf (ngettext ("%s purchase order", "%s purchase orders", n), number);

  /* Translators: %s is a number */
  return g_strdup_printf (ngettext ("%s sales order", "%s sales orders", n), number);
}

/* Whether goods can still move for an order in @state. */
gboolean
sanhe_erp_order_is_open (const char *state)
{
  return g_strcmp0 (state, "confirmed") == 0 || g_strcmp0 (state, "partially_received") == 0
         || g_strcmp0 (state, "partially_shipped") == 0;
}
