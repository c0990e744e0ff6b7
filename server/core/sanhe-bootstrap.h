/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

gboolean sanhe_bootstrap_admin (PGconn      *conn,
                                const char  *password,
                                GError     **error);
gboolean sanhe_bootstrap_demo  (PGconn      *conn,
                                GError     **error);

G_END_DECLS
