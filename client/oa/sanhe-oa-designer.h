/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SANHE_TYPE_OA_DESIGNER (sanhe_oa_designer_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaDesigner, sanhe_oa_designer, SANHE, OA_DESIGNER, AdwBin)

void     sanhe_oa_designer_reload          (SanheOaDesigner     *self);
gboolean sanhe_oa_designer_get_busy        (SanheOaDesigner     *self);
void     sanhe_oa_designer_automate_async  (SanheOaDesigner     *self,
                                            const char          *key,
                                            const char          *script,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean sanhe_oa_designer_automate_finish (SanheOaDesigner     *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
