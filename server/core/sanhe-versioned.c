/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-versioned"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"
#include "sanhe-versioned.h"

struct _SanheChanges
{
  GPtrArray *columns;  /* const char *, the kind's constants */
  GPtrArray *casts;    /* const char *, "" or "::numeric" … */
  GPtrArray *params;   /* char *, owned; [0] is the id or the actor */
};

static void
changes_init (SanheChanges *changes,
              const char   *first_param)
{
  changes->columns = g_ptr_array_new ();
  changes->casts = g_ptr_array_new ();
  changes->params = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (changes->params, g_strdup (first_param));
}

static void
changes_clear (SanheChanges *changes)
{
  g_clear_pointer (&changes->columns, g_ptr_array_unref);
  g_clear_pointer (&changes->casts, g_ptr_array_unref);
  g_clear_pointer (&changes->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SanheChanges, changes_clear)

void
sanhe_changes_add (SanheChanges *changes,
                   const char   *column,
                   const char   *cast,
                   const char   *value)
{
  g_ptr_array_add (changes->columns, (gpointer) column);
  g_ptr_array_add (changes->casts, (gpointer) (cast ? cast : ""));
  g_ptr_array_add (changes->params, g_strdup (value));
}

static PGresult *
changes_exec (SanheChanges  *changes,
              PGconn        *conn,
              const char    *sql,
              GError       **error)
{
  return sanhe_db_exec (conn, sql, (int) changes->params->len,
                        (const char * const *) changes->params->pdata, error);
}

/* INSERT INTO t (created_by, a, b) VALUES ($1, $2, $3::numeric) RETURNING id */
static char *
changes_insert_sql (SanheChanges *changes,
                    const char   *table)
{
  GString *columns = g_string_new ("created_by");
  g_autoptr(GString) values = g_string_new ("$1");

  for (guint i = 0; i < changes->columns->len; i++)
    {
      g_string_append_printf (columns, ", %s", (const char *) g_ptr_array_index (changes->columns, i));
      g_string_append_printf (values, ", $%u%s", i + 2, (const char *) g_ptr_array_index (changes->casts, i));
    }
  g_string_prepend (columns, " (");
  g_string_prepend (columns, table);
  g_string_prepend (columns, "INSERT INTO ");
  g_string_append_printf (columns, ") VALUES (%s) RETURNING id", values->str);
  return g_string_free (columns, FALSE);
}

/* UPDATE t SET version = version + 1, updated_at = now(), a = $2 WHERE id = $1 */
static char *
changes_update_sql (SanheChanges *changes,
                    const char   *table)
{
  GString *sql = g_string_new ("UPDATE ");

  g_string_append_printf (sql, "%s SET version = version + 1, updated_at = now()", table);
  for (guint i = 0; i < changes->columns->len; i++)
    g_string_append_printf (sql, ", %s = $%u%s", (const char *) g_ptr_array_index (changes->columns, i), i + 2,
                            (const char *) g_ptr_array_index (changes->casts, i));
  g_string_append (sql, " WHERE id = $1");
  return g_string_free (sql, FALSE);
}

/* A concurrent insert of the same key loses at the unique index, after
 * the checks passed: still the kind's 422, never a 500. */
static void
translate_unique_violation (const SanheVersionedKind  *kind,
                            GError                   **error)
{
  if (kind->unique_field == NULL || error == NULL || *error == NULL ||
      !g_str_equal (sanhe_db_error_sqlstate (*error), SANHE_SQLSTATE_UNIQUE_VIOLATION))
    return;
  g_clear_error (error);
  sanhe_validation_fail (error, kind->unique_field, SANHE_FIELD_TAKEN, kind->unique_message);
}

JsonNode *
sanhe_versioned_load (const SanheVersionedKind  *kind,
                      PGconn                    *conn,
                      gint64                     id,
                      gboolean                   lock,
                      GError                   **error)
{
  return sanhe_record_doc (conn, kind->table, kind->doc_sql, id, lock, error);
}

JsonNode *
sanhe_versioned_get (const SanheVersionedKind  *kind,
                     SanheRequest              *request,
                     PGconn                    *conn,
                     GError                   **error)
{
  return sanhe_record_get (request, conn, kind->table, kind->doc_sql, kind->not_found, kind->what, error);
}

JsonNode *
sanhe_versioned_create (const SanheVersionedKind  *kind,
                        SanheRequest              *request,
                        PGconn                    *conn,
                        GError                   **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *sql = NULL;
  g_auto(SanheChanges) changes = { 0 };
  const char *id;

  fields = sanhe_request_get_fields (request, kind->writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    {
      g_autofree char *message = g_strdup_printf ("A new %s has no version yet.", kind->what);

      sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, message);
    }

  changes_init (&changes, actor);
  if (!kind->read (kind, conn, fields, 0, &changes, error))
    return NULL;

  sql = changes_insert_sql (&changes, kind->table);
  inserted = changes_exec (&changes, conn, sql, error);
  if (inserted == NULL)
    {
      translate_unique_violation (kind, error);
      return NULL;
    }

  id = PQgetvalue (inserted, 0, 0);
  after = sanhe_versioned_load (kind, conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", kind->entity, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

JsonNode *
sanhe_versioned_update (const SanheVersionedKind  *kind,
                        SanheRequest              *request,
                        PGconn                    *conn,
                        GError                   **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  g_auto(SanheChanges) changes = { 0 };
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, kind->writable, error);
  if (fields == NULL)
    return NULL;

  /* Locked before anything is checked, so what is checked stays true
   * until the change commits. */
  before = sanhe_versioned_load (kind, conn, id, TRUE, error);
  if (before == NULL)
    {
      sanhe_not_found (error, kind->not_found, kind->what, id);
      return NULL;
    }

  id_text = sanhe_id_string (id);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  changes_init (&changes, id_text);
  if (!kind->read (kind, conn, fields, id, &changes, error))
    return NULL;

  if (!sanhe_check_version (before, version, kind->what, error))
    return NULL;

  sql = changes_update_sql (&changes, kind->table);
  updated = changes_exec (&changes, conn, sql, error);
  if (updated == NULL)
    {
      translate_unique_violation (kind, error);
      return NULL;
    }

  after = sanhe_versioned_load (kind, conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", kind->entity, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

const char *
sanhe_fields_get_text (SanheFields *fields,
                       const char  *name,
                       gboolean     mandatory,
                       guint        max_chars)
{
  const char *value = sanhe_fields_get_string (fields, name,
                                               mandatory ? SANHE_FIELD_MANDATORY : SANHE_FIELD_OPTIONAL,
                                               max_chars);

  if (value != NULL && is_blank (value))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_REQUIRED, "This field is required.");
      return NULL;
    }
  return value;
}

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

const char *
sanhe_fields_get_code (SanheFields *fields,
                       const char  *name,
                       gboolean     mandatory,
                       guint        max_chars)
{
  const char *code = sanhe_fields_get_text (fields, name, mandatory, max_chars);

  if (code != NULL && !valid_code (code))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID,
                           "A code has no control characters and no spaces at either end.");
      return NULL;
    }
  return code;
}
