/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ITEM_PICKER (sanhe_item_picker_get_type ())

G_DECLARE_FINAL_TYPE (SanheItemPicker, sanhe_item_picker, SANHE, ITEM_PICKER, AdwWindow)

/* @item is the chosen item, NULL when the user cancelled; @owner (a
 * GObject, kept alive until then) is what the callback works on. */
typedef void (*SanheItemPickerCallback) (SanheRecord *item,
                                         gpointer     owner);

void sanhe_item_picker_present (GtkWidget               *parent,
                                SanheApi                *api,
                                const char              *title,
                                SanheItemPickerCallback  callback,
                                gpointer                 owner);

G_END_DECLS
