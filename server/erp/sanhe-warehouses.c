/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-warehouses"

#include "config.h"

#include "sanhe-coded-records.h"
#include "sanhe-erp-private.h"

/* Warehouses: where stock lies; every move names one. */
static const SanheVersionedKind warehouses =
  SANHE_CODED_KIND ("erp.warehouses", "erp.warehouse", "warehouse", "erp.warehouse.not_found");

SANHE_CODED_ROUTES (warehouse, warehouses)

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/warehouses",      list_warehouse,   "erp.items.read", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/warehouses",      create_warehouse, "erp.items.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/warehouses/{id}", get_warehouse,    "erp.items.read", SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/warehouses/{id}", update_warehouse, "erp.items.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_warehouses_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
