/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-decimal.h"
#include "sanhe-router.h"

G_BEGIN_DECLS

#define SANHE_ERP_ITEM_NOT_FOUND "erp.item.not_found"

/* numeric(18,4) holds values below 10^14, i.e. below 10^18 units. */
#define SANHE_ERP_QUANTITY_LIMIT ((gint64) 1000000000000000000)
/* A scrap percentage stays below 100. */
#define SANHE_ERP_PERCENT_LIMIT  ((gint64) 100 * SANHE_DECIMAL_ONE)

/* Shared by the items and BOM resources. */
JsonNode *_sanhe_erp_item_doc      (PGconn      *conn,
                                    gint64       id,
                                    gboolean     for_update,
                                    GError     **error);
gboolean  _sanhe_erp_bad_parameter (GError     **error,
                                    const char  *name,
                                    const char  *message);

/* Each resource file of the ERP module exports its route table. */
void _sanhe_erp_items_register             (SanheRouter *router);
void _sanhe_erp_bom_register               (SanheRouter *router);
void _sanhe_erp_warehouses_register        (SanheRouter *router);
void _sanhe_erp_stock_register             (SanheRouter *router);
void _sanhe_erp_suppliers_register         (SanheRouter *router);
void _sanhe_erp_customers_register         (SanheRouter *router);
void _sanhe_erp_purchase_orders_register   (SanheRouter *router);
void _sanhe_erp_sales_orders_register      (SanheRouter *router);
void _sanhe_erp_production_tasks_register  (SanheRouter *router);
void _sanhe_erp_mrp_runs_register          (SanheRouter *router);
void _sanhe_erp_kit_analysis_register      (SanheRouter *router);

G_END_DECLS
