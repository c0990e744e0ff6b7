/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"
#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_WINDOW (sanhe_window_get_type ())

G_DECLARE_FINAL_TYPE (SanheWindow, sanhe_window, SANHE, WINDOW, AdwApplicationWindow)

SanheWindow        *sanhe_window_new              (GtkApplication *application,
                                                   SanheApi       *api);
gboolean            sanhe_window_show_workspace   (SanheWindow    *self,
                                                   const char     *id);
SanheWorkspacePage *sanhe_window_get_visible_page (SanheWindow    *self);
void                sanhe_window_handle_event     (SanheWindow    *self,
                                                   const char     *type,
                                                   JsonNode       *event);
void                sanhe_window_add_toast        (SanheWindow    *self,
                                                   const char     *text);
void                sanhe_window_show_toast       (SanheWindow    *self,
                                                   AdwToast       *toast);

G_END_DECLS
