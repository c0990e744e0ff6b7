/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-record-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ROLES_PAGE (sanhe_roles_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheRolesPage, sanhe_roles_page, SANHE, ROLES_PAGE, SanheRecordPage)

G_END_DECLS
