/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-customers"

#include "config.h"

#include "sanhe-coded-records.h"
#include "sanhe-erp-private.h"

/* Customers, minimal until the CRM module gives them their full record. */
static const SanheVersionedKind customers =
  SANHE_CODED_KIND ("crm.customers", "crm.customer", "customer", "crm.customer.not_found");

SANHE_CODED_ROUTES (customer, customers)

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/crm/customers",      list_customer,   "erp.sales.read", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/crm/customers",      create_customer, "erp.sales.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/crm/customers/{id}", get_customer,    "erp.sales.read", SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/crm/customers/{id}", update_customer, "erp.sales.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_customers_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
