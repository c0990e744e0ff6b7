/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SANHE_TRAY_PASSIVE,          /* nothing waiting: hosts may hide the icon */
  SANHE_TRAY_ACTIVE,           /* something waiting, already seen */
  SANHE_TRAY_NEEDS_ATTENTION,  /* something arrived since the user looked */
} SanheTrayStatus;

#define SANHE_TYPE_TRAY (sanhe_tray_get_type ())

G_DECLARE_FINAL_TYPE (SanheTray, sanhe_tray, SANHE, TRAY, GObject)

SanheTray *sanhe_tray_new       (void);
void       sanhe_tray_update    (SanheTray       *self,
                                 SanheTrayStatus  status,
                                 guint            pending,
                                 const char      *description);
gboolean   sanhe_tray_get_shown (SanheTray       *self);

G_END_DECLS
