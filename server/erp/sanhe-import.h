/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint items;
  guint bom_lines;
  guint order_lines;
  guint purchase_lines;
  guint production_tasks;
  gint64 elapsed_ms;
} SanheImportStats;

gboolean sanhe_import_file (PGconn            *conn,
                            const char        *path,
                            GDate             *day0,
                            SanheImportStats  *stats,
                            GError           **error);

G_END_DECLS
