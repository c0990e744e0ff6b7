/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_ITEMS_PAGE (sanhe_erp_items_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpItemsPage, sanhe_erp_items_page, SANHE, ERP_ITEMS_PAGE, SanheWorkspacePage)

void sanhe_erp_items_page_select_position (SanheErpItemsPage *self,
                                           guint              position);

G_END_DECLS
