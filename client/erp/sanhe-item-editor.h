/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ITEM_EDITOR (sanhe_item_editor_get_type ())

G_DECLARE_FINAL_TYPE (SanheItemEditor, sanhe_item_editor, SANHE, ITEM_EDITOR, GtkWidget)

void         sanhe_item_editor_setup        (SanheItemEditor *self,
                                             SanheApi        *api,
                                             GCancellable    *cancellable);
void         sanhe_item_editor_load_sources (SanheItemEditor *self);
void         sanhe_item_editor_edit         (SanheItemEditor *self,
                                             SanheRecord     *item);
void         sanhe_item_editor_new_item     (SanheItemEditor *self);
SanheRecord *sanhe_item_editor_get_item     (SanheItemEditor *self);
gboolean     sanhe_item_editor_get_modified (SanheItemEditor *self);
gboolean     sanhe_item_editor_get_can_save (SanheItemEditor *self);
void         sanhe_item_editor_save         (SanheItemEditor *self);

G_END_DECLS
