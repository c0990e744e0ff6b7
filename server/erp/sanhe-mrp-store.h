/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 load_ms;
  gint64 compute_ms;
  gint64 persist_ms;
} SanheMrpStoreTimes;

gint64    sanhe_mrp_store_run    (PGconn             *conn,
                                  const char         *date,
                                  gint64              user_id,
                                  SanheMrpStoreTimes *times,
                                  GError            **error);
JsonNode *sanhe_mrp_store_accept (PGconn             *conn,
                                  gint64              run_id,
                                  GArray             *seqs,
                                  gint64              user_id,
                                  GError            **error);

G_END_DECLS
