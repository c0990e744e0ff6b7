/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-window.h"

G_BEGIN_DECLS

/* How new approvals were announced (sanhe-oa-inbox-notify.c). */
typedef enum
{
  SANHE_OA_NOTICE_NONE         = 0,
  SANHE_OA_NOTICE_TOAST        = 1 << 0,  /* in the main window */
  SANHE_OA_NOTICE_NOTIFICATION = 1 << 1,  /* on the desktop */
} SanheOaNotice;

SanheOaNotice sanhe_oa_announce_arrivals (GApplication  *application,
                                          SanheWindow   *window,
                                          gboolean       tray_shown,
                                          guint          n,
                                          gint64         task,
                                          const char    *summary,
                                          char         **title);

G_END_DECLS
