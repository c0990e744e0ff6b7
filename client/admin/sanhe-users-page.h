/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-record-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_USERS_PAGE (sanhe_users_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheUsersPage, sanhe_users_page, SANHE, USERS_PAGE, SanheRecordPage)

G_END_DECLS
