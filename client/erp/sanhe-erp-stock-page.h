/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_STOCK_PAGE (sanhe_erp_stock_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpStockPage, sanhe_erp_stock_page, SANHE, ERP_STOCK_PAGE, SanheWorkspacePage)

void sanhe_erp_stock_page_select_position (SanheErpStockPage *self,
                                           guint              position);

G_END_DECLS
