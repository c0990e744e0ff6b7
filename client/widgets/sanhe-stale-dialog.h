/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  SANHE_STALE_CANCEL,
  SANHE_STALE_RELOAD,
  SANHE_STALE_OVERWRITE,
} SanheStaleResponse;

typedef void (*SanheStaleCallback) (SanheStaleResponse response,
                                    gpointer           user_data);

void sanhe_stale_dialog_present (GtkWidget          *parent,
                                 const char         *record_title,
                                 SanheStaleCallback  callback,
                                 gpointer            user_data);

G_END_DECLS
