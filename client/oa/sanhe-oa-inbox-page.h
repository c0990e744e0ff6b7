/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_OA_INBOX_PAGE (sanhe_oa_inbox_page_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaInboxPage, sanhe_oa_inbox_page, SANHE, OA_INBOX_PAGE, SanheWorkspacePage)

guint    sanhe_oa_inbox_page_get_n_tasks        (SanheOaInboxPage *self);
gboolean sanhe_oa_inbox_page_select_position    (SanheOaInboxPage *self,
                                                 guint             position);

G_END_DECLS
