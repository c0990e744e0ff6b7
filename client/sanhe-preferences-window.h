/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SANHE_TYPE_PREFERENCES_WINDOW (sanhe_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SanhePreferencesWindow, sanhe_preferences_window, SANHE,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *sanhe_preferences_window_new (GtkWindow *parent);

G_END_DECLS
