/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-json.h"

#include "sanhe-request.h"

G_BEGIN_DECLS

/*
 * The life of a plain versioned record — departments, items, suppliers,
 * customers, warehouses — told once: create (POST, 201), read one (GET)
 * and change (PATCH with the version the client saw, 409 when stale), each
 * change written to the audit log as before → after. A kind names its
 * table, its document and how it reads a body; the flow, the locking, the
 * error codes and the audit are the same for all.
 */

/* Column = value pairs for one INSERT or UPDATE. Columns and casts are
 * constants of the kind, never input; values are copied and travel as $n
 * parameters (NULL writes SQL NULL). */
typedef struct _SanheChanges SanheChanges;

void sanhe_changes_add (SanheChanges *changes,
                        const char   *column,
                        const char   *cast,
                        const char   *value);

typedef struct _SanheVersionedKind SanheVersionedKind;

struct _SanheVersionedKind
{
  const char         *table;      /* "erp.items": spelled into SQL, a constant */
  const char         *entity;     /* the audit entity, "erp.item" */
  const char         *what;       /* in messages, "item" */
  const char         *not_found;  /* the 404 code, "erp.item.not_found" */
  const char * const *writable;   /* the members a body may have, "version" included */
  /* One row, one column: the record's JSON document for id $1. */
  const char         *doc_sql;
  /* The field a unique violation the checks could not foresee (a
   * concurrent insert) is reported on, and what is said. */
  const char         *unique_field;
  const char         *unique_message;

  /* Reads and checks @fields (the body), rejecting per field, and adds
   * the columns the body names to @changes; @id is 0 when creating. Ends
   * with sanhe_fields_check(); FALSE with @error set otherwise. */
  gboolean (*read) (const SanheVersionedKind  *kind,
                    PGconn                    *conn,
                    SanheFields               *fields,
                    gint64                     id,
                    SanheChanges              *changes,
                    GError                   **error);
};

/* The document of record @id, its row locked first when @lock; NULL with
 * no error when there is no such record. */
JsonNode *sanhe_versioned_load   (const SanheVersionedKind  *kind,
                                  PGconn                    *conn,
                                  gint64                     id,
                                  gboolean                   lock,
                                  GError                   **error);
JsonNode *sanhe_versioned_get    (const SanheVersionedKind  *kind,
                                  SanheRequest              *request,
                                  PGconn                    *conn,
                                  GError                   **error);
JsonNode *sanhe_versioned_create (const SanheVersionedKind  *kind,
                                  SanheRequest              *request,
                                  PGconn                    *conn,
                                  GError                   **error);
JsonNode *sanhe_versioned_update (const SanheVersionedKind  *kind,
                                  SanheRequest              *request,
                                  PGconn                    *conn,
                                  GError                   **error);

/* Reads a text field that, when given, holds more than blanks. */
const char *sanhe_fields_get_text (SanheFields *fields,
                                   const char  *name,
                                   gboolean     mandatory,
                                   guint        max_chars);
/* The same for a code: no control characters, no blanks at either end
 * that would make two codes look alike. */
const char *sanhe_fields_get_code (SanheFields *fields,
                                   const char  *name,
                                   gboolean     mandatory,
                                   guint        max_chars);

G_END_DECLS
