/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-erp-order-spec.h"
#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_ORDERS_PAGE (sanhe_erp_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpOrdersPage, sanhe_erp_orders_page, SANHE, ERP_ORDERS_PAGE, SanheWorkspacePage)

SanheWorkspacePage *sanhe_erp_orders_page_new             (SanheApi           *api,
                                                           SanheErpOrderKind   kind,
                                                           const char         *id,
                                                           const char         *title,
                                                           const char         *icon_name);
SanheWorkspacePage *sanhe_erp_orders_page_open_first_kit  (SanheErpOrdersPage *self);
void                sanhe_erp_orders_page_select_position (SanheErpOrdersPage *self,
                                                           guint               position);

G_END_DECLS
