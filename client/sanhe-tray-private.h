/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-tray.h"

G_BEGIN_DECLS

#define SANHE_TRAY_MENU_PATH "/MenuBar"

/* The tray's com.canonical.dbusmenu (sanhe-tray-menu.c). Its items emit
 * the tray's "activate" and "quit" signals. */
guint _sanhe_tray_menu_register (GDBusConnection  *connection,
                                 SanheTray        *tray,
                                 GError          **error);

G_END_DECLS
