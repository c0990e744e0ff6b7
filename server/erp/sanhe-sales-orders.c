/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-sales-orders"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-stock-ledger.h"

/*
 * Sales orders: the order engine of sanhe-documents-orders.c with customers,
 * due dates and shipments (sanhe-documents-fulfil.c). Shipping issues stock
 * at its average cost; a shortage on any line is a 409 and the whole
 * shipment rolls back.
 */

/* Sales orders */

static const SanheOrderKind sales = {
  .entity = "erp.sales_order",
  .what = "sales order",
  .not_found = "erp.sales_order.not_found",
  .event = "erp.sales_order.updated",
  .prefix = "SO",
  .orders_table = "erp.sales_orders",
  .lines_table = "erp.sales_order_lines",
  .partner = "customer",
  .partner_table = "crm.customers",
  .partner_column = "customer_id",
  .done_column = "shipped_qty",
  .date_column = "due_date",
  .partial_state = "partially_shipped",
  .done_state = "shipped",
  .fulfil_action = "ship",
  .move_kind = SANHE_STOCK_ISSUE,
  .has_mrp_run = FALSE,
};

static JsonNode *
list_sales_orders (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  return _sanhe_order_list (&sales, request, conn, error);
}

static JsonNode *
get_sales_order (SanheRequest  *request,
                 PGconn        *conn,
                 GError       **error)
{
  return _sanhe_order_get (&sales, request, conn, error);
}

static JsonNode *
create_sales_order (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  return _sanhe_order_create (&sales, request, conn, error);
}

static JsonNode *
update_sales_order (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  return _sanhe_order_update (&sales, request, conn, error);
}

static JsonNode *
confirm_sales_order (SanheRequest  *request,
                     PGconn        *conn,
                     GError       **error)
{
  return _sanhe_order_confirm (&sales, request, conn, error);
}

static JsonNode *
cancel_sales_order (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  return _sanhe_order_cancel (&sales, request, conn, error);
}

static JsonNode *
ship_sales_order (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  return _sanhe_order_fulfil (&sales, request, conn, error);
}

/* Shipping is the warehouse clerk's work: it needs erp.stock.write, not the
 * salesperson's erp.sales.write. */
static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/sales-orders",              list_sales_orders,   "erp.sales.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/sales-orders",              create_sales_order,  "erp.sales.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/sales-orders/{id}",         get_sales_order,     "erp.sales.read",  SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/sales-orders/{id}",         update_sales_order,  "erp.sales.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/sales-orders/{id}/confirm", confirm_sales_order, "erp.sales.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/sales-orders/{id}/cancel",  cancel_sales_order,  "erp.sales.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/sales-orders/{id}/ship",    ship_sales_order,    "erp.stock.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_sales_orders_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
