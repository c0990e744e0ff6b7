/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-coded"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-coded-records.h"
#include "sanhe-db.h"
#include "sanhe-list.h"

/* Table names come from the constant kinds, never from input, so they
 * may be spelled into the SQL. */

const char * const _sanhe_coded_writable[] = { "code", "name", "version", NULL };

/* Code and name; on update both may be absent but not blank. */
gboolean
_sanhe_coded_read (const SanheVersionedKind  *kind,
                   PGconn                    *conn,
                   SanheFields               *fields,
                   gint64                     id,
                   SanheChanges              *changes,
                   GError                   **error)
{
  gboolean creating = id == 0;
  const char *code = sanhe_fields_get_code (fields, "code", creating, 40);
  const char *name = sanhe_fields_get_text (fields, "name", creating, 200);

  if (code != NULL && sanhe_fields_is_valid (fields, "code"))
    {
      g_autofree char *self = sanhe_id_string (id);
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE code = $1 AND id <> $2", kind->table);
      g_autoptr(PGresult) taken = sanhe_db_exec (conn, sql, 2, (const char *[]) { code, self }, error);

      if (taken == NULL)
        return FALSE;
      if (PQntuples (taken) > 0)
        sanhe_fields_reject (fields, "code", SANHE_FIELD_TAKEN, kind->unique_message);
    }
  if (!sanhe_fields_check (fields, error))
    return FALSE;

  if (code != NULL)
    sanhe_changes_add (changes, "code", NULL, code);
  if (name != NULL)
    sanhe_changes_add (changes, "name", NULL, name);
  return TRUE;
}

JsonNode *
_sanhe_coded_list (const SanheVersionedKind  *kind,
                   SanheRequest              *request,
                   PGconn                    *conn,
                   GError                   **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *q = sanhe_request_get_query (request, "q");
  g_autoptr(JsonNode) rows = NULL;
  g_autofree char *sql = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  /* strpos, not LIKE: "%" and "_" typed by a user are just characters. */
  sql = g_strdup_printf ("SELECT coalesce(json_agg(" SANHE_CODED_DOC " ORDER BY r.id), '[]') FROM ("
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
