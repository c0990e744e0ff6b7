/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_KIT_VIEW (sanhe_kit_view_get_type ())

G_DECLARE_FINAL_TYPE (SanheKitView, sanhe_kit_view, SANHE, KIT_VIEW, SanheWorkspacePage)

void         sanhe_kit_view_set_order (SanheKitView *self,
                                       SanheRecord  *order);
SanheRecord *sanhe_kit_view_get_order (SanheKitView *self);

G_END_DECLS
