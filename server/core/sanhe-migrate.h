/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

gboolean sanhe_migrate      (PGconn   *conn,
                             guint    *out_applied,
                             GError  **error);
guint    sanhe_migrate_latest_version (void);

G_END_DECLS
