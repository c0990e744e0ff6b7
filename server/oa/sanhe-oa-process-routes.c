/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-processes"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/* Serializes saves of one key, so versions never collide. */
#define PROCESS_DOC_SQL \
  "SELECT (p.definition || jsonb_build_object('key', p.key, 'version', p.version, 'name', p.name, " \
  "  'created_at', p.created_at))::json FROM oa.processes p "

static JsonNode *
process_doc (PGconn      *conn,
             const char  *key,
             gint         version,
             GError     **error)
{
  g_autofree char *version_text = g_strdup_printf ("%d", version);

  return sanhe_db_query_json (conn,
                              PROCESS_DOC_SQL
                              "WHERE p.key = $1 AND ($2::int = 0 OR p.version = $2::int) ORDER BY p.version DESC LIMIT 1",
                              2, (const char *[]) { key, version_text }, error);
}

static JsonNode *
create_process (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  g_autoptr(SanheOaDefinition) definition = NULL;
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *user = NULL;
  g_autofree char *audit_id = NULL;
  JsonNode *body;
  const char *key;
  gint version;

  body = sanhe_request_get_body (request, error);
  if (body == NULL)
    return NULL;
  definition = sanhe_oa_definition_new_from_json (body, _sanhe_oa_effects, error);
  if (definition == NULL)
    return NULL;

  key = sanhe_oa_definition_get_key (definition);
  locked = sanhe_db_exec (conn, "SELECT pg_advisory_xact_lock(hashtext('oa.process:' || $1))",
                          1, (const char *[]) { key }, error);
  if (locked == NULL)
    return NULL;

  text = sanhe_json_to_string (body, FALSE);
  user = sanhe_id_string (sanhe_request_get_user_id (request));
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO oa.processes (key, version, name, definition, created_by) "
                            "SELECT $1, coalesce(max(version), 0) + 1, $2, $3::jsonb, $4 FROM oa.processes WHERE key = $1 "
                            "RETURNING version",
                            4, (const char *[]) { key, sanhe_oa_definition_get_name (definition), text, user }, error);
  if (inserted == NULL)
    return NULL;
  version = (gint) sanhe_db_get_int (inserted, 0, "version");

  doc = process_doc (conn, key, version, error);
  audit_id = g_strdup_printf ("%s@%d", key, version);
  if (doc == NULL || !sanhe_audit_record (conn, request, "create", "oa.process", audit_id, NULL, doc, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&doc);
}

/* The designer's live check: the same compilation as a save, without
 * saving, so the client never re-implements the rules. */
static JsonNode *
validate_process (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  g_autoptr(SanheOaDefinition) definition = NULL;
  JsonNode *body;
  JsonNode *result;

  body = sanhe_request_get_body (request, error);
  if (body == NULL)
    return NULL;
  definition = sanhe_oa_definition_new_from_json (body, _sanhe_oa_effects, error);
  if (definition == NULL)
    return NULL;

  result = sanhe_json_node_new_object ();
  json_object_set_boolean_member (json_node_get_object (result), "valid", TRUE);
  json_object_set_string_member (json_node_get_object (result), "key", sanhe_oa_definition_get_key (definition));
  return result;
}

static JsonNode *
list_processes (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  JsonNode *rows;

  /* The newest version of each key, with the fields a client needs to
   * offer "New request". */
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object('key', p.key, 'version', p.version, "
                              "  'name', p.name, 'translations', p.definition -> 'translations', 'created_at', p.created_at) "
                              "  ORDER BY p.key), '[]') "
                              "FROM (SELECT DISTINCT ON (key) * FROM oa.processes ORDER BY key, version DESC) p",
                              0, NULL, error);
  return rows ? sanhe_items_response (rows) : NULL;
}

static JsonNode *
get_process (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  const char *key = sanhe_request_get_param (request, "key");
  const char *version_text = sanhe_request_get_query (request, "version");
  guint64 version = 0;
  JsonNode *doc;

  if (version_text != NULL &&
      !g_ascii_string_to_unsigned (version_text, 10, 1, G_MAXINT32, &version, NULL))
    {
      g_autoptr(JsonNode) details = sanhe_json_node_new_object ();

      json_object_set_string_member (json_node_get_object (details), "parameter", "version");
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, g_steal_pointer (&details),
                       "The query parameter “version” must be a positive integer.");
      return NULL;
    }

  doc = process_doc (conn, key, (gint) version, error);
  if (doc == NULL && (error == NULL || *error == NULL))
    sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, SANHE_OA_CODE_PROCESS_NOT_FOUND, NULL,
                     "There is no process “%s”%s.", key, version ? " in that version" : "");
  return doc;
}

static const SanheRoute routes[] = {
  { "POST", "/api/v1/oa/processes",       create_process, SANHE_OA_PERMISSION_MANAGE, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/processes/validate", validate_process, SANHE_OA_PERMISSION_MANAGE, SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/oa/processes",       list_processes, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/oa/processes/{key}", get_process,    SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
};

void
_sanhe_oa_process_routes_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
