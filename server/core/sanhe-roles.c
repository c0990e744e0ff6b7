/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-roles"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

#define NOT_FOUND "core.role.not_found"
#define ENTITY    "core.role"

/* The administrator role keeps every permission, so nobody locks the
 * company out of its own user management. */
#define ADMIN_ROLE "admin"

static JsonNode *
role_doc (PGconn      *conn,
          const char  *key,
          gboolean     for_update,
          GError     **error)
{
  const char *params[] = { key };

  if (for_update)
    {
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, "SELECT 1 FROM core.roles WHERE key = $1 FOR UPDATE",
                                                1, params, error);
      if (lock == NULL)
        return NULL;
    }
  return sanhe_db_query_json (conn, "SELECT doc FROM core.role_docs WHERE key = $1", 1, params, error);
}

/* Every permission must exist, and the actor must hold it (no escalation). */
static gboolean
check_permissions (PGconn        *conn,
                   SanheRequest  *request,
                   SanheFields   *fields,
                   GStrv          permissions,
                   GError       **error)
{
  for (guint i = 0; permissions != NULL && permissions[i] != NULL; i++)
    {
      g_autoptr(PGresult) known = sanhe_db_exec (conn, "SELECT 1 FROM core.permissions WHERE key = $1",
                                                 1, (const char *[]) { permissions[i] }, error);
      if (known == NULL)
        return FALSE;
      if (PQntuples (known) == 0)
        {
          sanhe_fields_reject (fields, "permissions", SANHE_FIELD_NOT_FOUND,
                               "One of these permissions does not exist.");
          break;
        }
    }

  if (!sanhe_fields_check (fields, error))
    return FALSE;

  for (guint i = 0; permissions != NULL && permissions[i] != NULL; i++)
    if (!sanhe_request_has_permission (request, permissions[i]))
      {
        sanhe_set_error (error, SANHE_ERROR_FORBIDDEN, SANHE_CODE_FORBIDDEN, NULL,
                         "You cannot hand out the permission “%s”: you do not hold it.", permissions[i]);
        return FALSE;
      }

  return TRUE;
}

static char *
to_pg_array (GStrv values)
{
  g_autoptr(GString) text = g_string_new ("{");

  /* Keys are validated against the catalogue; quote anyway, as PostgreSQL would. */
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *escaped = g_strescape (values[i], NULL);

      g_string_append_printf (text, "%s\"%s\"", i ? "," : "", escaped);
    }
  g_string_append_c (text, '}');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonNode *
list_roles (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  JsonNode *rows = sanhe_db_query_json (conn, "SELECT coalesce(json_agg(doc ORDER BY key), '[]') FROM core.role_docs",
                                        0, NULL, error);

  return rows ? sanhe_items_response (rows) : NULL;
}

static JsonNode *
get_role (SanheRequest  *request,
          PGconn        *conn,
          GError       **error)
{
  const char *key = sanhe_request_get_param (request, "key");
  JsonNode *doc = role_doc (conn, key, FALSE, error);

  if (doc == NULL && (error == NULL || *error == NULL))
    sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL, "There is no role “%s”.", key);
  return doc;
}

static JsonNode *
create_role (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  static const char * const allowed[] = { "key", "name", "permissions", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_auto(GStrv) permissions = NULL;
  g_autofree char *array = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  const char *key;
  const char *name;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  key = sanhe_fields_get_string (fields, "key", SANHE_FIELD_MANDATORY, 40);
  name = sanhe_fields_get_string (fields, "name", SANHE_FIELD_MANDATORY, 120);
  permissions = sanhe_fields_get_strv (fields, "permissions", SANHE_FIELD_OPTIONAL);
  if (key != NULL && !g_regex_match_simple ("^[a-z][a-z0-9_]{1,39}$", key, 0, 0))
    sanhe_fields_reject (fields, "key", SANHE_FIELD_INVALID,
                         "Use 2–40 lowercase letters, digits or underscores, starting with a letter.");
  if (key != NULL && sanhe_fields_is_valid (fields, "key"))
    {
      g_autoptr(PGresult) taken = sanhe_db_exec (conn, "SELECT 1 FROM core.roles WHERE key = $1",
                                                 1, (const char *[]) { key }, error);
      if (taken == NULL)
        return NULL;
      if (PQntuples (taken) > 0)
        sanhe_fields_reject (fields, "key", SANHE_FIELD_TAKEN, "Another role already has this key.");
    }
  if (!check_permissions (conn, request, fields, permissions, error))
    return NULL;

  array = to_pg_array (permissions);
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO core.roles (key, name, permissions, created_by) VALUES ($1, $2, $3::text[], $4)",
                            4, (const char *[]) { key, name, array, actor }, error);
  if (inserted == NULL)
    return NULL;

  after = role_doc (conn, key, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", ENTITY, key, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

static JsonNode *
update_role (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  static const char * const allowed[] = { "name", "permissions", "version", NULL };
  const char *key = sanhe_request_get_param (request, "key");
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_auto(GStrv) permissions = NULL;
  g_autofree char *array = NULL;
  const char *name;
  gint64 version;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = role_doc (conn, key, TRUE, error);
  if (before == NULL)
    {
      if (error == NULL || *error == NULL)
        sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL, "There is no role “%s”.", key);
      return NULL;
    }

  name = sanhe_fields_get_string (fields, "name", SANHE_FIELD_OPTIONAL, 120);
  if (name != NULL && *name == '\0')
    sanhe_fields_reject (fields, "name", SANHE_FIELD_REQUIRED, "This field is required.");
  permissions = sanhe_fields_get_strv (fields, "permissions", SANHE_FIELD_OPTIONAL);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (permissions != NULL && g_str_equal (key, ADMIN_ROLE))
    sanhe_fields_reject (fields, "permissions", SANHE_FIELD_INVALID,
                         "The administrator role always holds every permission.");
  if (!check_permissions (conn, request, fields, permissions, error))
    return NULL;

  if (!sanhe_check_version (before, version, "role", error))
    return NULL;

  array = permissions ? to_pg_array (permissions) : NULL;
  updated = sanhe_db_exec (conn,
                           "UPDATE core.roles SET version = version + 1, updated_at = now(), "
                           "  name = coalesce($2, name), permissions = coalesce($3::text[], permissions) "
                           "WHERE key = $1",
                           3, (const char *[]) { key, name, array }, error);
  if (updated == NULL)
    return NULL;

  after = role_doc (conn, key, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", ENTITY, key, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

static JsonNode *
list_permissions (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  JsonNode *rows = sanhe_db_query_json (conn,
                                        "SELECT coalesce(json_agg(json_build_object('key', key, 'description', description) "
                                        "ORDER BY key), '[]') FROM core.permissions",
                                        0, NULL, error);

  return rows ? sanhe_items_response (rows) : NULL;
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/roles",        list_roles,       "core.directory.read", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/roles",        create_role,      "core.roles.manage",   SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/roles/{key}",  get_role,         "core.directory.read", SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/roles/{key}",  update_role,      "core.roles.manage",   SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/permissions",  list_permissions, "core.directory.read", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_core_roles_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
