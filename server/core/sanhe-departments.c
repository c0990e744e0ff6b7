/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-departments"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-versioned.h"

#define NOT_FOUND "core.department.not_found"

static const char * const writable[] = { "name", "parent_id", "head_id", "version", NULL };

static gboolean
row_exists (PGconn      *conn,
            const char  *sql,
            gint64       id,
            gboolean    *out,
            GError     **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 1, (const char *[]) { text }, error);

  if (result == NULL)
    return FALSE;
  *out = PQntuples (result) > 0;
  return TRUE;
}

/* Validates parent and head; @self_id is 0 when creating. */
static gboolean
check_references (PGconn       *conn,
                  SanheFields  *fields,
                  gint64        self_id,
                  gint64        parent_id,
                  gint64        head_id,
                  GError      **error)
{
  gboolean found;

  if (parent_id > 0 && sanhe_fields_is_valid (fields, "parent_id"))
    {
      if (!row_exists (conn, "SELECT 1 FROM core.departments WHERE id = $1", parent_id, &found, error))
        return FALSE;
      if (!found)
        sanhe_fields_reject (fields, "parent_id", SANHE_FIELD_NOT_FOUND, "There is no such department.");
      else if (self_id > 0)
        {
          g_autofree char *parent = sanhe_id_string (parent_id);
          g_autofree char *self = sanhe_id_string (self_id);
          g_autoptr(PGresult) chain = NULL;

          /* Walk up from the new parent: meeting this department is a cycle. */
          chain = sanhe_db_exec (conn,
                                 "WITH RECURSIVE up(id) AS (SELECT $1::bigint UNION "
                                 "  SELECT d.parent_id FROM core.departments d JOIN up ON d.id = up.id "
                                 "  WHERE d.parent_id IS NOT NULL) "
                                 "SELECT 1 FROM up WHERE id = $2::bigint",
                                 2, (const char *[]) { parent, self }, error);
          if (chain == NULL)
            return FALSE;
          if (PQntuples (chain) > 0)
            sanhe_fields_reject (fields, "parent_id", SANHE_FIELD_CYCLE,
                                 "A department cannot sit inside itself.");
        }
    }

  if (head_id > 0 && sanhe_fields_is_valid (fields, "head_id"))
    {
      if (!row_exists (conn, "SELECT 1 FROM core.users WHERE id = $1 AND active", head_id, &found, error))
        return FALSE;
      if (!found)
        sanhe_fields_reject (fields, "head_id", SANHE_FIELD_NOT_FOUND, "There is no such active user.");
    }

  return sanhe_fields_check (fields, error);
}

static JsonNode *
list_departments (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(doc ORDER BY id), '[]') FROM ("
                              "  SELECT id, doc FROM core.department_docs WHERE id > $1 ORDER BY id LIMIT $2) page",
                              2, (const char *[]) { page.after_text, page.limit_plus_one }, error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

/* Name, parent and head; on update each may be absent (kept), parent and
 * head may be null (cleared), the name never blank. */
static gboolean
read_department (const SanheVersionedKind  *kind,
                 PGconn                    *conn,
                 SanheFields               *fields,
                 gint64                     id,
                 SanheChanges              *changes,
                 GError                   **error)
{
  const char *name = sanhe_fields_get_text (fields, "name", id == 0, 120);
  gint64 parent_id = sanhe_fields_get_id (fields, "parent_id", SANHE_FIELD_NULLABLE);
  gint64 head_id = sanhe_fields_get_id (fields, "head_id", SANHE_FIELD_NULLABLE);
  g_autofree char *parent = parent_id > 0 ? sanhe_id_string (parent_id) : NULL;
  g_autofree char *head = head_id > 0 ? sanhe_id_string (head_id) : NULL;

  if (id > 0 && parent_id == id)
    sanhe_fields_reject (fields, "parent_id", SANHE_FIELD_CYCLE, "A department cannot sit inside itself.");
  if (!check_references (conn, fields, id, parent_id, head_id, error))
    return FALSE;

  if (name != NULL)
    sanhe_changes_add (changes, "name", NULL, name);
  if (sanhe_fields_has (fields, "parent_id"))
    sanhe_changes_add (changes, "parent_id", "::bigint", parent);
  if (sanhe_fields_has (fields, "head_id"))
    sanhe_changes_add (changes, "head_id", "::bigint", head);
  return TRUE;
}

static const SanheVersionedKind departments = {
  .table = "core.departments",
  .entity = "core.department",
  .what = "department",
  .not_found = NOT_FOUND,
  .writable = writable,
  .doc_sql = "SELECT doc FROM core.department_docs WHERE id = $1",
  /* The unique index on (parent, name). */
  .unique_field = "name",
  .unique_message = "Another department here already has this name.",
  .read = read_department,
};

static JsonNode *
get_department (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  return sanhe_versioned_get (&departments, request, conn, error);
}

static JsonNode *
create_department (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  return sanhe_versioned_create (&departments, request, conn, error);
}

static JsonNode *
update_department (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  return sanhe_versioned_update (&departments, request, conn, error);
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/departments",      list_departments,  "core.directory.read",     SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/departments",      create_department, "core.departments.manage", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/departments/{id}", get_department,    "core.directory.read",     SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/departments/{id}", update_department, "core.departments.manage", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_core_departments_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
