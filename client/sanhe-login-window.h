/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_LOGIN_WINDOW (sanhe_login_window_get_type ())

G_DECLARE_FINAL_TYPE (SanheLoginWindow, sanhe_login_window, SANHE, LOGIN_WINDOW, AdwApplicationWindow)

SanheLoginWindow *sanhe_login_window_new       (GtkApplication   *application,
                                                SanheApi         *api);
void              sanhe_login_window_prefill   (SanheLoginWindow *self,
                                                const char       *server,
                                                const char       *login,
                                                const char       *password);
void              sanhe_login_window_set_error (SanheLoginWindow *self,
                                                const char       *text);
void              sanhe_login_window_submit    (SanheLoginWindow *self);

G_END_DECLS
