/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-purchase-orders"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"
#include "sanhe-stock-ledger.h"

/*
 * Purchase orders: a SanheOrderKind for the order engine shared with sales
 * orders (sanhe-documents-orders.c; receiving in sanhe-documents-fulfil.c).
 */

/* Purchase orders */

static const SanheOrderKind purchase = {
  .entity = "erp.purchase_order",
  .what = "purchase order",
  .not_found = "erp.purchase_order.not_found",
  .event = "erp.purchase_order.updated",
  .prefix = "PO",
  .orders_table = "erp.purchase_orders",
  .lines_table = "erp.purchase_order_lines",
  .partner = "supplier",
  .partner_table = "erp.suppliers",
  .partner_column = "supplier_id",
  .done_column = "received_qty",
  .date_column = "expected_date",
  .partial_state = "partially_received",
  .done_state = "received",
  .fulfil_action = "receive",
  .move_kind = SANHE_STOCK_RECEIPT,
  .has_mrp_run = TRUE,
};

static JsonNode *
list_purchase_orders (SanheRequest  *request,
                      PGconn        *conn,
                      GError       **error)
{
  return _sanhe_order_list (&purchase, request, conn, error);
}

static JsonNode *
get_purchase_order (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  return _sanhe_order_get (&purchase, request, conn, error);
}

static JsonNode *
create_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_create (&purchase, request, conn, error);
}

static JsonNode *
update_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_update (&purchase, request, conn, error);
}

static JsonNode *
confirm_purchase_order (SanheRequest  *request,
                        PGconn        *conn,
                        GError       **error)
{
  return _sanhe_order_confirm (&purchase, request, conn, error);
}

static JsonNode *
cancel_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_cancel (&purchase, request, conn, error);
}

/* Each received line is a stock receipt at the line's price. */
static JsonNode *
receive_purchase_order (SanheRequest  *request,
                        PGconn        *conn,
                        GError       **error)
{
  return _sanhe_order_fulfil (&purchase, request, conn, error);
}

/* Receiving is the warehouse clerk's work: it needs erp.stock.write, not
 * the buyer's erp.purchasing.write. */
static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/purchase-orders",              list_purchase_orders,   "erp.purchasing.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders",              create_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/purchase-orders/{id}",         get_purchase_order,     "erp.purchasing.read",  SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/purchase-orders/{id}",         update_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/confirm", confirm_purchase_order, "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/cancel",  cancel_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/receive", receive_purchase_order, "erp.stock.write",      SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_purchase_orders_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}

