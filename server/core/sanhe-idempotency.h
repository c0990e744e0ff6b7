/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef enum
{
  SANHE_IDEMPOTENCY_NEW,       /* first use of the key: run the route, then store */
  SANHE_IDEMPOTENCY_REPLAY,    /* answered before: *out_status and *out_response hold it */
} SanheIdempotencyState;

gboolean sanhe_idempotency_claim (PGconn                *conn,
                                  gint64                 user_id,
                                  const char            *key,
                                  const char            *method,
                                  const char            *path,
                                  SanheIdempotencyState *out_state,
                                  guint                 *out_status,
                                  JsonNode             **out_response,
                                  GError               **error);
gboolean sanhe_idempotency_store (PGconn                *conn,
                                  gint64                 user_id,
                                  const char            *key,
                                  guint                  status,
                                  JsonNode              *response,
                                  GError               **error);

G_END_DECLS
