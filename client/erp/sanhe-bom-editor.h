/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_BOM_EDITOR (sanhe_bom_editor_get_type ())

G_DECLARE_FINAL_TYPE (SanheBomEditor, sanhe_bom_editor, SANHE, BOM_EDITOR, GtkWidget)

void      sanhe_bom_editor_setup        (SanheBomEditor      *self,
                                         SanheApi            *api,
                                         GCancellable        *cancellable);
void      sanhe_bom_editor_load         (SanheBomEditor      *self,
                                         SanheRecord         *item,
                                         gboolean             writable);
gboolean  sanhe_bom_editor_get_modified (SanheBomEditor      *self);
gboolean  sanhe_bom_editor_validate     (SanheBomEditor      *self);
void      sanhe_bom_editor_revert       (SanheBomEditor      *self);
void      sanhe_bom_editor_save_async   (SanheBomEditor      *self,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sanhe_bom_editor_save_finish  (SanheBomEditor      *self,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
