/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-rules"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/* The rule as it was posted, plus who it is: its owner, and the names of
 * the colleagues it mentions ("names": {"applicant", "to"}), so a list
 * reads as people, not numbers. */
#define RULE_DOC_SQL \
  "(r.body || jsonb_build_object('id', r.id, 'owner', jsonb_build_object('id', u.id, 'name', u.name), " \
  "  'names', jsonb_strip_nulls(jsonb_build_object(" \
  "     'applicant', (SELECT a.name FROM core.users a WHERE a.id = (r.body ->> 'applicant')::bigint), " \
  "     'to', (SELECT t.name FROM core.users t WHERE t.id = (r.body ->> 'to')::bigint))), " \
  "  'active', r.active, 'created_at', r.created_at))::json"

static JsonNode *
rule_doc (PGconn  *conn,
          gint64   id,
          GError **error)
{
  g_autofree char *text = sanhe_id_string (id);

  return sanhe_db_query_json (conn, "SELECT " RULE_DOC_SQL " FROM oa.rules r JOIN core.users u ON u.id = r.owner_id "
                                    "WHERE r.id = $1 AND r.active",
                              1, (const char *[]) { text }, error);
}

static JsonNode *
list_rules (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autofree char *user = sanhe_id_string (sanhe_request_get_user_id (request));
  gboolean all = sanhe_request_has_permission (request, SANHE_OA_PERMISSION_MANAGE);
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;
  /* Users see their own rules; process managers see everybody's. */
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(" RULE_DOC_SQL " ORDER BY r.id), '[]') "
                              "FROM (SELECT * FROM oa.rules WHERE active AND ($2::boolean OR owner_id = $1::bigint) "
                              "      AND id > $3::bigint ORDER BY id LIMIT $4) r JOIN core.users u ON u.id = r.owner_id",
                              4, (const char *[]) { user, all ? "true" : "false", page.after_text, page.limit_plus_one },
                              error);
  return rows ? sanhe_page_wrap (&page, rows) : NULL;
}

/* FALSE with @error set when @id is no active user (422 on @field). */
static gboolean
check_user (PGconn      *conn,
            gint64       id,
            const char  *field,
            GError     **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT 1 FROM core.users WHERE id = $1 AND active",
                                              1, (const char *[]) { text }, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return sanhe_validation_fail (error, field, SANHE_FIELD_NOT_FOUND, "There is no such user.");
  return TRUE;
}

static JsonNode *
create_rule (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheOaDefinition) definition = NULL;
  g_autoptr(SanheOaRule) rule = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *body_text = NULL;
  g_autofree char *condition_text = NULL;
  g_autofree char *applicant_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *id_text = NULL;
  JsonNode *body;
  JsonObject *object;
  const char *process;
  gint64 applicant;
  gint64 to;

  body = sanhe_request_get_body (request, error);
  if (body == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL, "The body must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (body);
  process = json_object_get_string_member_with_default (object, "process", NULL);
  if (process != NULL)
    {
      definition = _sanhe_oa_store_load_definition (conn, process, 0, NULL, &local_error);
      if (definition == NULL)
        {
          if (g_strcmp0 (sanhe_error_get_code (local_error), SANHE_OA_CODE_PROCESS_NOT_FOUND) == 0)
            sanhe_validation_fail (error, "process", SANHE_FIELD_NOT_FOUND, "There is no such process.");
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  rule = sanhe_oa_rule_new_from_json (0, sanhe_request_get_user_id (request), body,
                                      definition ? sanhe_oa_definition_get_form (definition) : NULL, error);
  if (rule == NULL)
    return NULL;

  applicant = json_object_get_int_member_with_default (object, "applicant", 0);
  to = json_object_get_int_member_with_default (object, "to", 0);
  if ((applicant != 0 && !check_user (conn, applicant, "applicant", error)) ||
      (to != 0 && !check_user (conn, to, "to", error)))
    return NULL;

  body_text = sanhe_json_to_string (body, FALSE);
  if (json_object_has_member (object, "condition"))
    condition_text = sanhe_json_to_string (json_object_get_member (object, "condition"), FALSE);
  applicant_text = applicant ? sanhe_id_string (applicant) : NULL;
  to_text = to ? sanhe_id_string (to) : NULL;
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO oa.rules (owner_id, kind, process_key, applicant_id, condition, delegate_to, "
                            "  starts, ends, body) "
                            "VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb ->> 'starts', $7::jsonb ->> 'ends', $7::jsonb) "
                            "RETURNING id",
                            7, (const char *[]) { owner,
                                                  sanhe_oa_rule_get_kind (rule) == SANHE_OA_RULE_DELEGATE ? "delegate" : "auto_approve",
                                                  process, applicant_text, condition_text, to_text, body_text },
                            error);
  if (inserted == NULL)
    return NULL;

  id_text = g_strdup (sanhe_db_get (inserted, 0, "id"));
  doc = rule_doc (conn, g_ascii_strtoll (id_text, NULL, 10), error);
  if (doc == NULL || !sanhe_audit_record (conn, request, "create", "oa.rule", id_text, NULL, doc, error))
    return NULL;
  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&doc);
}

static JsonNode *
delete_rule (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *user = sanhe_id_string (sanhe_request_get_user_id (request));
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", SANHE_OA_CODE_RULE_NOT_FOUND, &id, error))
    return NULL;
  id_text = sanhe_id_string (id);
  before = rule_doc (conn, id, error);
  if (before == NULL)
    {
      sanhe_not_found (error, SANHE_OA_CODE_RULE_NOT_FOUND, "rule", id);
      return NULL;
    }
  /* Someone else's rule does not exist for a user; managers may end any. */
  updated = sanhe_db_exec (conn, "UPDATE oa.rules SET active = false WHERE id = $1 AND active "
                                 "AND ($3::boolean OR owner_id = $2::bigint) RETURNING id",
                           3, (const char *[]) { id_text, user,
                                                 sanhe_request_has_permission (request, SANHE_OA_PERMISSION_MANAGE)
                                                 ? "true" : "false" },
                           error);
  if (updated == NULL)
    return NULL;
  if (PQntuples (updated) == 0)
    {
      sanhe_not_found (error, SANHE_OA_CODE_RULE_NOT_FOUND, "rule", id);
      return NULL;
    }
  if (!sanhe_audit_record (conn, request, "delete", "oa.rule", id_text, before, NULL, error))
    return NULL;
  return NULL;
}

static const SanheRoute routes[] = {
  { "GET",    "/api/v1/oa/rules",      list_rules,  SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST",   "/api/v1/oa/rules",      create_rule, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "DELETE", "/api/v1/oa/rules/{id}", delete_rule, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
};

void
_sanhe_oa_rule_routes_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
