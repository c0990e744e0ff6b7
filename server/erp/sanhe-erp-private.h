/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-router.h"

G_BEGIN_DECLS

/* Each resource file of the ERP module exports its route table. */
void _sanhe_erp_items_register             (SanheRouter *router);
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
