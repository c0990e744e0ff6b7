/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-coded"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-coded-records.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/*
 * Records that are a code and a name and nothing else yet — customers,
 * suppliers, warehouses — share one implementation driven by a
 * SanheCodedKind. Table names come from those constant descriptors, never
 * from input, so they may be spelled into the SQL.
 */

/* The record as the API shows it, over alias "r"; one place for its JSON. */
#define RECORD_DOC \
  "json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'version', r.version, " \
  "  'created_at', r.created_at, 'updated_at', r.updated_at)"

static const char * const writable[] = { "code", "name", "version", NULL };

static JsonNode *
record_doc (const SanheCodedKind *kind,
            PGconn               *conn,
            gint64                id,
            gboolean              for_update,
            GError              **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autofree char *lock_sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1 FOR UPDATE", kind->table);
  g_autofree char *doc_sql = g_strdup_printf ("SELECT " RECORD_DOC " FROM %s r WHERE r.id = $1", kind->table);
  const char *params[] = { text };

  if (for_update)
    {
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, lock_sql, 1, params, error);

      if (lock == NULL)
        return NULL;
    }
  return sanhe_db_query_json (conn, doc_sql, 1, params, error);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Codes are keys people type and print: no control characters, no blanks
 * at either end that would make two codes look alike. */
static gboolean
valid_code (const char *code)
{
  gsize len = strlen (code);

  if (g_ascii_isspace (code[0]) || g_ascii_isspace (code[len - 1]))
    return FALSE;
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Reads code and name; on update both may be absent but not blank. */
static void
read_input (SanheFields  *fields,
            gboolean      creating,
            const char  **code,
            const char  **name)
{
  SanheFieldFlags needed = creating ? SANHE_FIELD_MANDATORY : SANHE_FIELD_OPTIONAL;

  *code = sanhe_fields_get_string (fields, "code", needed, 40);
  *name = sanhe_fields_get_string (fields, "name", needed, 200);
  if (*code != NULL && is_blank (*code))
    sanhe_fields_reject (fields, "code", SANHE_FIELD_REQUIRED, "This field is required.");
  else if (*code != NULL && !valid_code (*code))
    sanhe_fields_reject (fields, "code", SANHE_FIELD_INVALID,
                         "A code has no control characters and no spaces at either end.");
  if (*name != NULL && is_blank (*name))
    sanhe_fields_reject (fields, "name", SANHE_FIELD_REQUIRED, "This field is required.");
}

static char *
taken_message (const SanheCodedKind *kind)
{
  return g_strdup_printf ("Another %s already has this code.", kind->what);
}

static gboolean
check_code_free (const SanheCodedKind *kind,
                 PGconn               *conn,
                 SanheFields          *fields,
                 const char           *code,
                 gint64                self_id,
                 GError              **error)
{
  if (code != NULL && sanhe_fields_is_valid (fields, "code"))
    {
      g_autofree char *self = sanhe_id_string (self_id);
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE code = $1 AND id <> $2", kind->table);
      g_autoptr(PGresult) taken = sanhe_db_exec (conn, sql, 2, (const char *[]) { code, self }, error);

      if (taken == NULL)
        return FALSE;
      if (PQntuples (taken) > 0)
        {
          g_autofree char *message = taken_message (kind);

          sanhe_fields_reject (fields, "code", SANHE_FIELD_TAKEN, message);
        }
    }
  return sanhe_fields_check (fields, error);
}

/* A concurrent insert of the same code loses at the unique index: still a 422. */
static void
translate_unique_violation (const SanheCodedKind  *kind,
                            GError               **error)
{
  if (error != NULL && *error != NULL &&
      g_str_equal (sanhe_db_error_sqlstate (*error), SANHE_SQLSTATE_UNIQUE_VIOLATION))
    {
      g_autofree char *message = taken_message (kind);

      g_clear_error (error);
      sanhe_validation_fail (error, "code", SANHE_FIELD_TAKEN, message);
    }
}

JsonNode *
_sanhe_coded_list (const SanheCodedKind  *kind,
                   SanheRequest          *request,
                   PGconn                *conn,
                   GError               **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *q = sanhe_request_get_query (request, "q");
  g_autoptr(JsonNode) rows = NULL;
  g_autofree char *sql = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  /* strpos, not LIKE: "%" and "_" typed by a user are just characters. */
  sql = g_strdup_printf ("SELECT coalesce(json_agg(" RECORD_DOC " ORDER BY r.id), '[]') FROM ("
                         "  SELECT * FROM %s WHERE id > $1 "
                         "  AND ($3::text IS NULL OR strpos(lower(code || ' ' || name), lower($3)) > 0) "
                         "  ORDER BY id LIMIT $2) r", kind->table);
  rows = sanhe_db_query_json (conn, sql,
                              3, (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

JsonNode *
_sanhe_coded_get (const SanheCodedKind  *kind,
                  SanheRequest          *request,
                  PGconn                *conn,
                  GError               **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  doc = record_doc (kind, conn, id, FALSE, error);
  if (doc == NULL)
    sanhe_not_found (error, kind->not_found, kind->what, id);
  return doc;
}

JsonNode *
_sanhe_coded_create (const SanheCodedKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *sql = NULL;
  const char *code;
  const char *name;
  const char *id;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    {
      g_autofree char *message = g_strdup_printf ("A new %s has no version yet.", kind->what);

      sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, message);
    }

  read_input (fields, TRUE, &code, &name);
  if (!check_code_free (kind, conn, fields, code, 0, error))
    return NULL;

  sql = g_strdup_printf ("INSERT INTO %s (code, name, created_by) VALUES ($1, $2, $3) RETURNING id", kind->table);
  inserted = sanhe_db_exec (conn, sql, 3, (const char *[]) { code, name, actor }, error);
  if (inserted == NULL)
    {
      translate_unique_violation (kind, error);
      return NULL;
    }

  id = PQgetvalue (inserted, 0, 0);
  after = record_doc (kind, conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", kind->entity, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

JsonNode *
_sanhe_coded_update (const SanheCodedKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  const char *code;
  const char *name;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;

  before = record_doc (kind, conn, id, TRUE, error);
  if (before == NULL)
    {
      sanhe_not_found (error, kind->not_found, kind->what, id);
      return NULL;
    }

  read_input (fields, FALSE, &code, &name);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (!check_code_free (kind, conn, fields, code, id, error))
    return NULL;

  if (!sanhe_check_version (before, version, kind->what, error))
    return NULL;

  id_text = sanhe_id_string (id);
  sql = g_strdup_printf ("UPDATE %s SET version = version + 1, updated_at = now(), "
                         "  code = coalesce($2, code), name = coalesce($3, name) WHERE id = $1", kind->table);
  updated = sanhe_db_exec (conn, sql, 3, (const char *[]) { id_text, code, name }, error);
  if (updated == NULL)
    {
      translate_unique_violation (kind, error);
      return NULL;
    }

  after = record_doc (kind, conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", kind->entity, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}
