/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_OA_PAGE (sanhe_oa_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaPage, sanhe_oa_page, SANHE, OA_PAGE, SanheWorkspacePage)

gboolean sanhe_oa_page_show_section (SanheOaPage *self,
                                     const char  *section,
                                     int          select);
GtkWidget *sanhe_oa_page_show_designer (SanheOaPage *self);
/* The title of "My requests" row @position (newest first), as shown. */
const char *sanhe_oa_page_get_mine_title (SanheOaPage *self,
                                          guint        position);

G_END_DECLS
