/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

/* Small pieces every resource file needs, so each says them the same way. */
gboolean  sanhe_check_version    (JsonNode    *current,
                                  gint64       given,
                                  const char  *what,
                                  GError     **error);
JsonNode *sanhe_items_response   (JsonNode    *rows);
gboolean  sanhe_not_found        (GError     **error,
                                  const char  *code,
                                  const char  *what,
                                  gint64       id);
JsonNode *sanhe_record_get       (SanheRequest *request,
                                  PGconn      *conn,
                                  const char  *table,
                                  const char  *doc_sql,
                                  const char  *not_found,
                                  const char  *what,
                                  GError     **error);
JsonNode *sanhe_record_doc       (PGconn      *conn,
                                  const char  *table,
                                  const char  *doc_sql,
                                  gint64       id,
                                  gboolean     lock,
                                  GError     **error);

G_END_DECLS
