/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_PLACEHOLDER_PAGE (sanhe_placeholder_page_get_type ())

G_DECLARE_FINAL_TYPE (SanhePlaceholderPage, sanhe_placeholder_page, SANHE, PLACEHOLDER_PAGE,
                      SanheWorkspacePage)

G_END_DECLS
