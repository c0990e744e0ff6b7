/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-record-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_DEPARTMENTS_PAGE (sanhe_departments_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheDepartmentsPage, sanhe_departments_page, SANHE, DEPARTMENTS_PAGE, SanheRecordPage)

G_END_DECLS
