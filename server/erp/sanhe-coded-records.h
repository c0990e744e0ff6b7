/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-request.h"
#include "sanhe-versioned.h"

G_BEGIN_DECLS

/*
 * Records that are a code and a name and nothing else yet — customers,
 * suppliers, warehouses — are plain versioned records read by one
 * function. A kind is spelled with SANHE_CODED_KIND: its table, audit
 * entity, the word for it in messages and its 404 code, all constants.
 */

/* The record as the API shows it, over alias "r"; one place for its JSON. */
#define SANHE_CODED_DOC \
  "json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'version', r.version, " \
  "  'created_at', r.created_at, 'updated_at', r.updated_at)"

extern const char * const _sanhe_coded_writable[];

gboolean  _sanhe_coded_read (const SanheVersionedKind  *kind,
                             PGconn                    *conn,
                             SanheFields               *fields,
                             gint64                     id,
                             SanheChanges              *changes,
                             GError                   **error);
JsonNode *_sanhe_coded_list (const SanheVersionedKind  *kind,
                             SanheRequest              *request,
                             PGconn                    *conn,
                             GError                   **error);

#define SANHE_CODED_KIND(table_, entity_, what_, not_found_)                      \
  {                                                                             \
    .table = table_,                                                            \
    .entity = entity_,                                                          \
    .what = what_,                                                              \
    .not_found = not_found_,                                                    \
    .writable = _sanhe_coded_writable,                                          \
    .doc_sql = "SELECT " SANHE_CODED_DOC " FROM " table_ " r WHERE r.id = $1",  \
    .unique_field = "code",                                                     \
    .unique_message = "Another " what_ " already has this code.",               \
    .read = _sanhe_coded_read,                                                  \
  }

/* Defines the four route functions of a kind: list_NAME, get_NAME, … */
#define SANHE_CODED_ROUTES(name, kind)                                          \
  static JsonNode *list_##name (SanheRequest *r, PGconn *c, GError **e)         \
  { return _sanhe_coded_list (&(kind), r, c, e); }                              \
  static JsonNode *get_##name (SanheRequest *r, PGconn *c, GError **e)          \
  { return sanhe_versioned_get (&(kind), r, c, e); }                            \
  static JsonNode *create_##name (SanheRequest *r, PGconn *c, GError **e)       \
  { return sanhe_versioned_create (&(kind), r, c, e); }                         \
  static JsonNode *update_##name (SanheRequest *r, PGconn *c, GError **e)       \
  { return sanhe_versioned_update (&(kind), r, c, e); }

G_END_DECLS
