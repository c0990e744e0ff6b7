/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_PAGE (sanhe_erp_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpPage, sanhe_erp_page, SANHE, ERP_PAGE, SanheWorkspacePage)

SanheWorkspacePage *sanhe_erp_page_show_section (SanheErpPage *self,
                                                 const char   *name);
SanheWorkspacePage *sanhe_erp_page_get_section  (SanheErpPage *self,
                                                 const char   *name);
gboolean            sanhe_erp_section_select_position (SanheWorkspacePage *section,
                                                       guint               position);

G_END_DECLS
