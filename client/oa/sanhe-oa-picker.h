/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_OA_PICKER (sanhe_oa_picker_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaPicker, sanhe_oa_picker, SANHE, OA_PICKER, AdwBin)

gboolean    sanhe_oa_picker_handles     (const char     *field_type);
GtkWidget  *sanhe_oa_picker_new         (const char     *field_type);
void        sanhe_oa_picker_set_api     (SanheOaPicker  *self,
                                         SanheApi       *api);
gint64      sanhe_oa_picker_get_id      (SanheOaPicker  *self);
const char *sanhe_oa_picker_get_name    (SanheOaPicker  *self);
void        sanhe_oa_picker_set_value   (SanheOaPicker  *self,
                                         gint64          id,
                                         const char     *name);
void        sanhe_oa_picker_pick_async  (SanheOaPicker  *self,
                                         const char     *text,
                                         GCancellable   *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer        user_data);
gboolean    sanhe_oa_picker_pick_finish (SanheOaPicker  *self,
                                         GAsyncResult   *result,
                                         GError        **error);

G_END_DECLS
