/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-suppliers"

#include "config.h"

#include "sanhe-coded-records.h"
#include "sanhe-erp-private.h"

/* Suppliers: whom purchase orders go to. */
static const SanheVersionedKind suppliers =
  SANHE_CODED_KIND ("erp.suppliers", "erp.supplier", "supplier", "erp.supplier.not_found");

SANHE_CODED_ROUTES (supplier, suppliers)

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/suppliers",      list_supplier,   "erp.purchasing.read", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/suppliers",      create_supplier, "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/suppliers/{id}", get_supplier,    "erp.purchasing.read", SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/suppliers/{id}", update_supplier, "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_suppliers_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
