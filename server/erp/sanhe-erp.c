/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp"

#include "config.h"

#include "sanhe-erp.h"
#include "sanhe-erp-private.h"

/* The ERP module: items and BOMs, stock, purchasing, sales, production, MRP. */
void
sanhe_erp_register (SanheRouter *router)
{
  _sanhe_erp_items_register (router);
  _sanhe_erp_bom_register (router);
  _sanhe_erp_warehouses_register (router);
  _sanhe_erp_stock_register (router);
  _sanhe_erp_suppliers_register (router);
  _sanhe_erp_customers_register (router);
  _sanhe_erp_purchase_orders_register (router);
  _sanhe_erp_sales_orders_register (router);
  _sanhe_erp_production_tasks_register (router);
  _sanhe_erp_mrp_runs_register (router);
  _sanhe_erp_kit_analysis_register (router);
}
