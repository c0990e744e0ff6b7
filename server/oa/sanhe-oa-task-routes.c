/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-tasks"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

typedef enum
{
  DECIDE_APPROVE,
  DECIDE_REJECT,
  DECIDE_RETURN,
  DECIDE_TRANSFER,
  DECIDE_ADD_SIGNER,
} Decision;

/* The body of each decision, read before any row is locked. */
typedef struct
{
  SanheFields            *fields;
  const char             *comment;
  const char             *to;        /* return */
  gint64                  user;      /* transfer, add-signer */
  SanheOaSignerPosition   position;  /* add-signer */
} DecisionBody;

static gboolean
read_body (SanheRequest  *request,
           Decision       decision,
           DecisionBody  *body,
           GError       **error)
{
  static const char * const plain[] = { "comment", NULL };
  static const char * const to_return[] = { "to", "comment", NULL };
  static const char * const transfer[] = { "user", "comment", NULL };
  static const char * const add_signer[] = { "user", "position", "comment", NULL };
  const char * const *allowed = decision == DECIDE_RETURN ? to_return
                              : decision == DECIDE_TRANSFER ? transfer
                              : decision == DECIDE_ADD_SIGNER ? add_signer : plain;
  SanheFieldFlags needed = decision == DECIDE_RETURN || decision == DECIDE_TRANSFER || decision == DECIDE_ADD_SIGNER
                           ? SANHE_FIELD_MANDATORY : SANHE_FIELD_OPTIONAL;

  if (!sanhe_request_has_body (request))
    {
      if (needed == SANHE_FIELD_OPTIONAL)
        return TRUE;
      return sanhe_validation_fail (error, decision == DECIDE_RETURN ? "to" : "user", SANHE_FIELD_REQUIRED,
                                    "This action needs a body.");
    }

  body->fields = sanhe_request_get_fields (request, allowed, error);
  if (body->fields == NULL)
    return FALSE;
  body->comment = sanhe_fields_get_string (body->fields, "comment", SANHE_FIELD_OPTIONAL, 2000);
  if (decision == DECIDE_RETURN)
    body->to = sanhe_fields_get_string (body->fields, "to", SANHE_FIELD_MANDATORY, 64);
  if (decision == DECIDE_TRANSFER || decision == DECIDE_ADD_SIGNER)
    body->user = sanhe_fields_get_id (body->fields, "user", SANHE_FIELD_MANDATORY);
  if (decision == DECIDE_ADD_SIGNER)
    {
      const char *position = sanhe_fields_get_string (body->fields, "position", SANHE_FIELD_OPTIONAL, 16);

      if (position == NULL || g_str_equal (position, "after"))
        body->position = SANHE_OA_SIGNER_AFTER;
      else if (g_str_equal (position, "before"))
        body->position = SANHE_OA_SIGNER_BEFORE;
      else
        sanhe_fields_reject (body->fields, "position", SANHE_FIELD_INVALID, "The position is before or after.");
    }
  return sanhe_fields_check (body->fields, error);
}

static JsonNode *
decide (SanheRequest  *request,
        PGconn        *conn,
        Decision       decision,
        GError       **error)
{
  DecisionBody body = { 0 };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(SanheOaRun) run = NULL;
  g_autoptr(SanheOaStep) step = NULL;
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) task = NULL;
  g_autofree char *id_text = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  gint64 id;
  guint seq;
  const char *node;
  gint64 on_behalf_of;
  gboolean ok;

  if (!sanhe_request_get_id_param (request, "id", SANHE_OA_CODE_TASK_NOT_FOUND, &id, error))
    return NULL;
  ok = read_body (request, decision, &body, error);
  fields = body.fields;
  if (!ok)
    return NULL;

  id_text = sanhe_id_string (id);
  found = sanhe_db_exec (conn, "SELECT request_id FROM oa.tasks WHERE id = $1", 1, (const char *[]) { id_text }, error);
  if (found == NULL)
    return NULL;
  if (PQntuples (found) == 0)
    {
      sanhe_not_found (error, SANHE_OA_CODE_TASK_NOT_FOUND, "task", id);
      return NULL;
    }

  /* The request first, then the task: every writer locks in that order. */
  run = _sanhe_oa_run_load (conn, sanhe_db_get_int (found, 0, "request_id"), error);
  if (run == NULL)
    return NULL;
  task = sanhe_db_exec (conn, "SELECT seq, node, assignee_id, coalesce(on_behalf_of, 0) AS on_behalf_of, state "
                              "FROM oa.tasks WHERE id = $1 FOR UPDATE", 1, (const char *[]) { id_text }, error);
  if (task == NULL)
    return NULL;
  if (sanhe_db_get_int (task, 0, "assignee_id") != user)
    {
      sanhe_set_error (error, SANHE_ERROR_FORBIDDEN, SANHE_OA_CODE_NOT_ASSIGNEE, NULL,
                       "This task is not in your inbox.");
      return NULL;
    }
  if (!g_str_equal (sanhe_db_get (task, 0, "state"), "pending"))
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_TASK_DECIDED, NULL,
                       "This task was already decided.");
      return NULL;
    }
  seq = (guint) sanhe_db_get_int (task, 0, "seq");
  node = sanhe_db_get (task, 0, "node");
  on_behalf_of = sanhe_db_get_int (task, 0, "on_behalf_of");

  switch (decision)
    {
    case DECIDE_APPROVE:
      step = sanhe_oa_route_approve (&run->env, run->state, seq, error);
      break;
    case DECIDE_REJECT:
      step = sanhe_oa_route_reject (&run->env, run->state, seq, error);
      break;
    case DECIDE_RETURN:
      step = sanhe_oa_route_return (&run->env, run->state, seq,
                                    g_str_equal (body.to, "applicant") ? NULL : body.to, error);
      break;
    case DECIDE_TRANSFER:
      step = sanhe_oa_route_transfer (&run->env, run->state, seq, body.user, error);
      if (step != NULL &&
          !_sanhe_oa_history_add (conn, run->request_id, id, node, user, on_behalf_of, 0, "transfer", body.comment, error))
        return NULL;
      break;
    case DECIDE_ADD_SIGNER:
      step = sanhe_oa_route_add_signer (&run->env, run->state, seq, body.user, body.position, error);
      if (step != NULL &&
          !_sanhe_oa_history_add (conn, run->request_id, id, node, user, on_behalf_of, 0, "add_signer", body.comment, error))
        return NULL;
      break;
    }
  if (step == NULL || !_sanhe_oa_run_apply (run, conn, step, user, body.comment, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, run->request_id, TRUE, error);
}

static JsonNode *
approve_task (SanheRequest *request, PGconn *conn, GError **error)
{
  return decide (request, conn, DECIDE_APPROVE, error);
}

static JsonNode *
reject_task (SanheRequest *request, PGconn *conn, GError **error)
{
  return decide (request, conn, DECIDE_REJECT, error);
}

static JsonNode *
return_task (SanheRequest *request, PGconn *conn, GError **error)
{
  return decide (request, conn, DECIDE_RETURN, error);
}

static JsonNode *
transfer_task (SanheRequest *request, PGconn *conn, GError **error)
{
  return decide (request, conn, DECIDE_TRANSFER, error);
}

static JsonNode *
add_signer_task (SanheRequest *request, PGconn *conn, GError **error)
{
  return decide (request, conn, DECIDE_ADD_SIGNER, error);
}

/* The caller's inbox (or their decided tasks with ?state=). */
static JsonNode *
list_tasks (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  static const char * const states[] = { "pending", "approved", "rejected", "returned", "cancelled", "transferred", NULL };
  g_auto(SanhePage) page = { 0 };
  g_autofree char *user = sanhe_id_string (sanhe_request_get_user_id (request));
  const char *state = sanhe_request_get_query (request, "state");
  const char *process = sanhe_request_get_query (request, "process");
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(PGresult) counted = NULL;
  JsonNode *result;

  if (!sanhe_page_init (&page, request, error))
    return NULL;
  if (state == NULL || *state == '\0')
    state = "pending";
  if (!g_strv_contains (states, state))
    {
      g_autoptr(JsonNode) details = sanhe_json_node_new_object ();

      json_object_set_string_member (json_node_get_object (details), "parameter", "state");
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, g_steal_pointer (&details),
                       "The query parameter “state” must be a task state.");
      return NULL;
    }

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object('id', t.id, 'request', r.id, 'number', r.number, "
                              "  'process', r.process_key, "
                              "  'process_label', json_build_object('name', p.name, 'translations', p.definition -> 'translations'), "
                              "  'node', t.node, "
                              "  'applicant', json_build_object('id', a.id, 'name', a.name), "
                              "  'on_behalf_of', CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name) END, "
                              "  'state', t.state, 'summary', r.summary, "
                              "  'summary_parts', json_build_object('applicant', a.name, "
                              "    'amount', r.summary_amount::text, 'text', r.summary_text), "
                              "  'due_at', t.due_at, 'created_at', t.created_at) "
                              "  ORDER BY t.id), '[]') "
                              "FROM (SELECT * FROM oa.tasks WHERE assignee_id = $1 AND state = $2 AND id > $3::bigint "
                              "      AND ($5::text IS NULL OR request_id IN (SELECT id FROM oa.requests WHERE process_key = $5)) "
                              "      ORDER BY id LIMIT $4) t "
                              "JOIN oa.requests r ON r.id = t.request_id "
                              "JOIN oa.processes p ON p.key = r.process_key AND p.version = r.process_version "
                              "JOIN core.users a ON a.id = r.applicant_id "
                              "LEFT JOIN core.users b ON b.id = t.on_behalf_of",
                              5, (const char *[]) { user, state, page.after_text, page.limit_plus_one,
                                                    process && *process ? process : NULL },
                              error);
  if (rows == NULL)
    return NULL;

  /* How many in all, whatever the page: an inbox says "1,234 waiting"
   * while it shows the first 500. */
  counted = sanhe_db_exec (conn,
                           "SELECT count(*) AS total FROM oa.tasks WHERE assignee_id = $1 AND state = $2 "
                           "  AND ($3::text IS NULL OR request_id IN (SELECT id FROM oa.requests WHERE process_key = $3))",
                           3, (const char *[]) { user, state, process && *process ? process : NULL }, error);
  if (counted == NULL)
    return NULL;
  result = sanhe_page_wrap (&page, rows);
  json_object_set_int_member (json_node_get_object (result), "total", sanhe_db_get_int (counted, 0, "total"));
  return result;
}

static const SanheRoute routes[] = {
  { "GET",  "/api/v1/oa/tasks",                 list_tasks,      SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/tasks/{id}/approve",    approve_task,    SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/tasks/{id}/reject",     reject_task,     SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/tasks/{id}/return",     return_task,     SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/tasks/{id}/transfer",   transfer_task,   SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/tasks/{id}/add-signer", add_signer_task, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
};

void
_sanhe_oa_task_routes_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
