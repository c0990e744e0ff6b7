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
#include "sanhe-resource.h"

#define NOT_FOUND "core.department.not_found"
#define ENTITY    "core.department"

static const char * const writable[] = { "name", "parent_id", "head_id", "version", NULL };

static JsonNode *
department_doc (PGconn   *conn,
                gint64    id,
                gboolean  for_update,
                GError  **error)
{
  g_autofree char *text = sanhe_id_string (id);
  const char *params[] = { text };

  if (for_update)
    {
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, "SELECT 1 FROM core.departments WHERE id = $1 FOR UPDATE",
                                                1, params, error);
      if (lock == NULL)
        return NULL;
    }
  return sanhe_db_query_json (conn, "SELECT doc FROM core.department_docs WHERE id = $1", 1, params, error);
}

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

/* The unique index on (parent, name) becomes a field error, not a 500. */
static gboolean
translate_unique_violation (GError **error)
{
  if (error != NULL && *error != NULL &&
      g_str_equal (sanhe_db_error_sqlstate (*error), SANHE_SQLSTATE_UNIQUE_VIOLATION))
    {
      g_clear_error (error);
      return sanhe_validation_fail (error, "name", SANHE_FIELD_TAKEN,
                                    "Another department here already has this name.");
    }
  return FALSE;
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

static JsonNode *
get_department (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  doc = department_doc (conn, id, FALSE, error);
  if (doc == NULL && (error == NULL || *error == NULL))
    sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL,
                     "There is no department %" G_GINT64_FORMAT ".", id);
  return doc;
}

static JsonNode *
create_department (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *head = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  const char *name;
  gint64 parent_id;
  gint64 head_id;
  const char *id;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new department has no version yet.");

  name = sanhe_fields_get_string (fields, "name", SANHE_FIELD_MANDATORY, 120);
  parent_id = sanhe_fields_get_id (fields, "parent_id", SANHE_FIELD_NULLABLE);
  head_id = sanhe_fields_get_id (fields, "head_id", SANHE_FIELD_NULLABLE);
  if (!check_references (conn, fields, 0, parent_id, head_id, error))
    return NULL;

  parent = parent_id > 0 ? sanhe_id_string (parent_id) : NULL;
  head = head_id > 0 ? sanhe_id_string (head_id) : NULL;
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO core.departments (name, parent_id, head_id, created_by) "
                            "VALUES ($1, $2, $3, $4) RETURNING id",
                            4, (const char *[]) { name, parent, head, actor }, error);
  if (inserted == NULL)
    {
      translate_unique_violation (error);
      return NULL;
    }

  id = PQgetvalue (inserted, 0, 0);
  after = department_doc (conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", ENTITY, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

static JsonNode *
update_department (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *head = NULL;
  const char *name;
  gint64 parent_id;
  gint64 head_id;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;

  before = department_doc (conn, id, TRUE, error);
  if (before == NULL)
    {
      if (error == NULL || *error == NULL)
        sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL,
                         "There is no department %" G_GINT64_FORMAT ".", id);
      return NULL;
    }

  name = sanhe_fields_get_string (fields, "name", SANHE_FIELD_OPTIONAL, 120);
  if (sanhe_fields_has (fields, "name") && name != NULL && *name == '\0')
    sanhe_fields_reject (fields, "name", SANHE_FIELD_REQUIRED, "This field is required.");
  parent_id = sanhe_fields_get_id (fields, "parent_id", SANHE_FIELD_NULLABLE);
  head_id = sanhe_fields_get_id (fields, "head_id", SANHE_FIELD_NULLABLE);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (parent_id == id)
    sanhe_fields_reject (fields, "parent_id", SANHE_FIELD_CYCLE, "A department cannot sit inside itself.");
  if (!check_references (conn, fields, id, parent_id, head_id, error))
    return NULL;

  if (!sanhe_check_version (before, version, "department", error))
    return NULL;

  id_text = sanhe_id_string (id);
  parent = parent_id > 0 ? sanhe_id_string (parent_id) : NULL;
  head = head_id > 0 ? sanhe_id_string (head_id) : NULL;
  /* $5/$6/$7 say whether the body named the field at all: absent keeps it. */
  updated = sanhe_db_exec (conn,
                           "UPDATE core.departments SET version = version + 1, updated_at = now(), "
                           "  name = coalesce($2, name), "
                           "  parent_id = CASE WHEN $5::boolean THEN $3::bigint ELSE parent_id END, "
                           "  head_id = CASE WHEN $6::boolean THEN $4::bigint ELSE head_id END "
                           "WHERE id = $1",
                           6, (const char *[]) { id_text, name, parent, head,
                                                 sanhe_fields_has (fields, "parent_id") ? "true" : "false",
                                                 sanhe_fields_has (fields, "head_id") ? "true" : "false" },
                           error);
  if (updated == NULL)
    {
      translate_unique_violation (error);
      return NULL;
    }

  after = department_doc (conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", ENTITY, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
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
