/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_MRP_PAGE (sanhe_erp_mrp_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpMrpPage, sanhe_erp_mrp_page, SANHE, ERP_MRP_PAGE, SanheWorkspacePage)

void sanhe_erp_mrp_page_select_position (SanheErpMrpPage *self,
                                         guint            position);

G_END_DECLS
