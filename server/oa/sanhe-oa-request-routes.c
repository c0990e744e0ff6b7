/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-requests"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/* Urging tells the assignees again; once an hour is enough. */
#define URGE_INTERVAL "1 hour"

static gboolean
bad_parameter (GError     **error,
               const char  *name,
               const char  *message)
{
  g_autoptr(JsonNode) details = sanhe_json_node_new_object ();

  json_object_set_string_member (json_node_get_object (details), "parameter", name);
  sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, g_steal_pointer (&details), "%s", message);
  return FALSE;
}

/* Reads {"type","id"}; FALSE (with the field rejected) when malformed. */
static void
read_subject (SanheFields  *fields,
              JsonNode     *node,
              char        **out_type,
              char        **out_id)
{
  JsonObject *object;
  const char *type;
  JsonNode *id;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sanhe_fields_reject (fields, "subject", SANHE_FIELD_WRONG_TYPE, "A subject is {\"type\",\"id\"}.");
      return;
    }
  object = json_node_get_object (node);
  type = json_object_get_string_member_with_default (object, "type", NULL);
  id = json_object_get_member (object, "id");
  if (type == NULL || *type == '\0' || strlen (type) > 64 || !g_regex_match_simple ("^[a-z][a-z0-9_.]*$", type, 0, 0) ||
      id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_INT64 ||
      json_node_get_int (id) <= 0 || json_object_get_size (object) != 2)
    {
      sanhe_fields_reject (fields, "subject", SANHE_FIELD_INVALID,
                           "A subject is {\"type\":\"crm.customer\",\"id\":12}: a lower-case type and a positive id.");
      return;
    }
  *out_type = g_strdup (type);
  *out_id = sanhe_id_string (json_node_get_int (id));
}

static JsonNode *
create_request (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  static const char * const allowed[] = { "process", "form", "subject", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(SanheOaRun) run = NULL;
  g_autoptr(SanheOaStep) step = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *form_text = NULL;
  g_autofree char *version = NULL;
  g_autofree char *applicant = NULL;
  g_autofree char *subject_type = NULL;
  g_autofree char *subject_id = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_amount = NULL;
  g_autofree char *summary_text = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  JsonObject *body;
  JsonNode *form;
  const char *process;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;
  body = json_node_get_object (sanhe_request_get_body (request, NULL));
  process = sanhe_fields_get_string (fields, "process", SANHE_FIELD_MANDATORY, 64);
  form = json_object_get_member (body, "form");
  if (form == NULL || JSON_NODE_HOLDS_NULL (form))
    sanhe_fields_reject (fields, "form", SANHE_FIELD_REQUIRED, "Fill in the form.");
  else if (!JSON_NODE_HOLDS_OBJECT (form))
    sanhe_fields_reject (fields, "form", SANHE_FIELD_WRONG_TYPE, "The form is an object of field values.");
  read_subject (fields, json_object_get_member (body, "subject"), &subject_type, &subject_id);
  if (!sanhe_fields_check (fields, error))
    return NULL;

  run = _sanhe_oa_run_new (conn, process, user, form, &local_error);
  if (run == NULL)
    {
      if (g_strcmp0 (sanhe_error_get_code (local_error), SANHE_OA_CODE_PROCESS_NOT_FOUND) == 0)
        sanhe_validation_fail (error, "process", SANHE_FIELD_NOT_FOUND, "There is no such process.");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  step = sanhe_oa_route_start (&run->env, error);
  if (step == NULL)
    return NULL;

  form_text = sanhe_json_to_string (form, FALSE);
  sanhe_oa_values_summary_parts (sanhe_oa_definition_get_form (run->definition), run->values,
                                 &summary_amount, &summary_text);
  summary = sanhe_oa_summary_join (summary_amount, summary_text);
  version = g_strdup_printf ("%d", run->version);
  applicant = sanhe_id_string (user);
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO oa.requests (number, process_key, process_version, applicant_id, state, form, "
                            "  engine_state, summary, subject_type, subject_id, summary_amount, summary_text) "
                            "SELECT core.next_document_number('OA'), $1, $2::int, $3, 'pending', $4::jsonb, '{}', "
                            "  u.name || coalesce(' · ' || $7, ''), $5, $6::bigint, $8::numeric, $9 "
                            "FROM oa.processes p, core.users u WHERE p.key = $1 AND p.version = $2::int AND u.id = $3 "
                            "RETURNING id, summary",
                            9, (const char *[]) { process, version, applicant, form_text, subject_type, subject_id,
                                                  summary, summary_amount, summary_text },
                            error);
  if (inserted == NULL)
    return NULL;
  run->request_id = sanhe_db_get_int (inserted, 0, "id");
  run->summary = g_strdup (sanhe_db_get (inserted, 0, "summary"));
  run->subject_type = g_strdup (subject_type);
  run->subject_id = subject_id != NULL ? g_ascii_strtoll (subject_id, NULL, 10) : 0;

  if (!_sanhe_oa_history_add (conn, run->request_id, 0, NULL, user, 0, 0, "submit", NULL, error) ||
      !_sanhe_oa_run_apply (run, conn, step, user, NULL, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return _sanhe_oa_request_doc (conn, run->request_id, TRUE, error);
}

/* The applicant, anyone who held one of its tasks, and process managers
 * see a request; anyone else gets a 404, as if it did not exist. */
/*
 * Who sees a request (r): its applicant, anyone who holds or held one of
 * its tasks, whoever may read the record it is about ($3: readable
 * subject types), and process managers ($4). $2 is the caller.
 */
#define VISIBLE_SQL \
  "(r.applicant_id = $2::bigint OR $4::boolean OR r.subject_type = ANY ($3::text[]) " \
  " OR EXISTS (SELECT 1 FROM oa.tasks t WHERE t.request_id = r.id " \
  "            AND (t.assignee_id = $2::bigint OR t.on_behalf_of = $2::bigint)))"

static const char *
manager_text (SanheRequest *request)
{
  return sanhe_request_has_permission (request, SANHE_OA_PERMISSION_MANAGE) ? "true" : "false";
}

static gboolean
check_visible (SanheRequest  *request,
               PGconn        *conn,
               gint64         id,
               GError       **error)
{
  g_autofree char *id_text = sanhe_id_string (id);
  g_autofree char *user = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *readable = _sanhe_oa_readable_subjects (request);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "SELECT " VISIBLE_SQL " AS visible FROM oa.requests r WHERE r.id = $1",
                          4, (const char *[]) { id_text, user, readable, manager_text (request) }, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0 || !g_str_equal (sanhe_db_get (result, 0, "visible"), "t"))
    return sanhe_not_found (error, SANHE_OA_CODE_REQUEST_NOT_FOUND, "request", id);
  return TRUE;
}

static JsonNode *
get_request (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", SANHE_OA_CODE_REQUEST_NOT_FOUND, &id, error) ||
      !check_visible (request, conn, id, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, id, TRUE, error);
}

static JsonNode *
list_requests (SanheRequest  *request,
               PGconn        *conn,
               GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autofree char *user = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *subject_type = NULL;
  g_autofree char *subject_id = NULL;
  g_autofree char *readable = NULL;
  const char *subject = sanhe_request_get_query (request, "subject");
  const char *mine = sanhe_request_get_query (request, "mine");
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;
  if (mine != NULL && !g_str_equal (mine, "1") && !g_str_equal (mine, "true"))
    {
      bad_parameter (error, "mine", "The query parameter “mine” must be 1.");
      return NULL;
    }
  if (subject != NULL)
    {
      const char *colon = strrchr (subject, ':');
      guint64 id = 0;

      if (colon == NULL || colon == subject ||
          !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXINT64, &id, NULL))
        {
          bad_parameter (error, "subject", "The query parameter “subject” is TYPE:ID, e.g. crm.customer:12.");
          return NULL;
        }
      subject_type = g_strndup (subject, colon - subject);
      subject_id = sanhe_id_string ((gint64) id);
    }

  /* Without a subject: the caller's own requests. With one: those about
   * that record the caller may see. */
  readable = _sanhe_oa_readable_subjects (request);
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(d.doc ORDER BY d.id), '[]') FROM ("
                              "  SELECT d.* FROM oa.request_docs d JOIN oa.requests r ON r.id = d.id "
                              "  WHERE d.id > $1::bigint "
                              "   AND (CASE WHEN $5::text IS NULL THEN d.applicant_id = $2::bigint "
                              "        ELSE d.subject_type = $5 AND d.subject_id = $6::bigint "
                              "             AND ($7::text IS NULL OR d.applicant_id = $2::bigint) "
                              "             AND " VISIBLE_SQL " END) "
                              "  ORDER BY d.id LIMIT $8) d",
                              8, (const char *[]) { page.after_text, user, readable, manager_text (request),
                                                    subject_type, subject_id,
                                                    subject_type && mine ? mine : NULL, page.limit_plus_one },
                              error);
  return rows ? sanhe_page_wrap (&page, rows) : NULL;
}

static SanheOaRun *
load_as_applicant (SanheRequest  *request,
                   PGconn        *conn,
                   GError       **error)
{
  g_autoptr(SanheOaRun) run = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", SANHE_OA_CODE_REQUEST_NOT_FOUND, &id, error) ||
      !check_visible (request, conn, id, error))
    return NULL;
  run = _sanhe_oa_run_load (conn, id, error);
  if (run == NULL)
    return NULL;
  if (run->applicant != sanhe_request_get_user_id (request))
    {
      sanhe_set_error (error, SANHE_ERROR_FORBIDDEN, SANHE_OA_CODE_NOT_APPLICANT, NULL,
                       "Only the applicant may do this.");
      return NULL;
    }
  return g_steal_pointer (&run);
}

/* Reads an optional {"comment"} body; @fields keeps the comment alive. */
static gboolean
read_comment (SanheRequest  *request,
              SanheFields  **fields,
              const char   **comment,
              GError       **error)
{
  static const char * const allowed[] = { "comment", NULL };

  *comment = NULL;
  *fields = NULL;
  if (!sanhe_request_has_body (request))
    return TRUE;
  *fields = sanhe_request_get_fields (request, allowed, error);
  if (*fields == NULL)
    return FALSE;
  *comment = sanhe_fields_get_string (*fields, "comment", SANHE_FIELD_OPTIONAL, 2000);
  return sanhe_fields_check (*fields, error);
}

static JsonNode *
withdraw_request (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  g_autoptr(SanheOaRun) run = NULL;
  g_autoptr(SanheOaStep) step = NULL;
  g_autoptr(SanheFields) fields = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  const char *comment = NULL;

  if (!read_comment (request, &fields, &comment, error))
    return NULL;
  run = load_as_applicant (request, conn, error);
  if (run == NULL)
    return NULL;
  step = sanhe_oa_route_withdraw (&run->env, run->state, error);
  if (step == NULL ||
      !_sanhe_oa_history_add (conn, run->request_id, 0, NULL, user, 0, 0, "withdraw", comment, error) ||
      !_sanhe_oa_run_apply (run, conn, step, user, comment, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, run->request_id, TRUE, error);
}

static JsonNode *
urge_request (SanheRequest  *request,
              PGconn        *conn,
              GError       **error)
{
  g_autoptr(SanheOaRun) run = NULL;
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) urged = NULL;
  g_autoptr(PGresult) pending = NULL;
  g_autofree char *id = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  const char *comment = NULL;

  if (!read_comment (request, &fields, &comment, error))
    return NULL;
  run = load_as_applicant (request, conn, error);
  if (run == NULL)
    return NULL;
  if (g_strcmp0 (run->status, "pending") != 0)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_NOT_PENDING, NULL,
                       "Only a pending request can be urged.");
      return NULL;
    }

  id = sanhe_id_string (run->request_id);
  urged = sanhe_db_exec (conn,
                         "UPDATE oa.requests SET last_urged_at = now() WHERE id = $1 "
                         "AND (last_urged_at IS NULL OR last_urged_at <= now() - interval '" URGE_INTERVAL "') "
                         "RETURNING id",
                         1, (const char *[]) { id }, error);
  if (urged == NULL)
    return NULL;
  if (PQntuples (urged) == 0)
    {
      sanhe_set_error (error, SANHE_ERROR_TOO_MANY_REQUESTS, SANHE_OA_CODE_URGED_RECENTLY, NULL,
                       "This request was urged less than an hour ago.");
      return NULL;
    }

  pending = sanhe_db_exec (conn, "SELECT id, assignee_id FROM oa.tasks WHERE request_id = $1 AND state = 'pending' "
                                 "ORDER BY id", 1, (const char *[]) { id }, error);
  if (pending == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (pending); i++)
    {
      gint64 to = sanhe_db_get_int (pending, i, "assignee_id");

      if (!_sanhe_oa_notify (conn, "oa.task.urged", sanhe_db_get_int (pending, i, "id"), run->request_id,
                             run->process_key, run->summary, &to, 1, error))
        return NULL;
    }
  if (!_sanhe_oa_history_add (conn, run->request_id, 0, NULL, user, 0, 0, "urge", comment, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, run->request_id, TRUE, error);
}

static JsonNode *
resubmit_request (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  static const char * const allowed[] = { "form", "comment", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(SanheOaRun) run = NULL;
  g_autoptr(SanheOaStep) step = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *form_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_amount = NULL;
  g_autofree char *summary_text = NULL;
  g_autofree char *id = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  const char *comment = NULL;
  JsonNode *form = NULL;

  if (sanhe_request_has_body (request))
    {
      fields = sanhe_request_get_fields (request, allowed, error);
      if (fields == NULL)
        return NULL;
      comment = sanhe_fields_get_string (fields, "comment", SANHE_FIELD_OPTIONAL, 2000);
      form = json_object_get_member (json_node_get_object (sanhe_request_get_body (request, NULL)), "form");
      if (form != NULL && !JSON_NODE_HOLDS_OBJECT (form))
        sanhe_fields_reject (fields, "form", SANHE_FIELD_WRONG_TYPE, "The form is an object of field values.");
      if (!sanhe_fields_check (fields, error))
        return NULL;
    }

  run = load_as_applicant (request, conn, error);
  if (run == NULL)
    return NULL;
  if (form != NULL && !_sanhe_oa_run_set_form (run, form, error))
    return NULL;
  step = sanhe_oa_route_resubmit (&run->env, run->state, error);
  if (step == NULL)
    return NULL;

  id = sanhe_id_string (run->request_id);
  if (form != NULL)
    {
      form_text = sanhe_json_to_string (form, FALSE);
      sanhe_oa_values_summary_parts (sanhe_oa_definition_get_form (run->definition), run->values,
                                     &summary_amount, &summary_text);
      summary = sanhe_oa_summary_join (summary_amount, summary_text);
      updated = sanhe_db_exec (conn,
                               "UPDATE oa.requests SET form = $2::jsonb, "
                               "  summary = (SELECT u.name FROM core.users u WHERE u.id = applicant_id) "
                               "            || coalesce(' · ' || $3, ''), "
                               "  summary_amount = $4::numeric, summary_text = $5 "
                               "WHERE id = $1 RETURNING summary",
                               5, (const char *[]) { id, form_text, summary, summary_amount, summary_text }, error);
      if (updated == NULL)
        return NULL;
      g_free (run->summary);
      run->summary = g_strdup (sanhe_db_get (updated, 0, "summary"));
    }
  if (!_sanhe_oa_history_add (conn, run->request_id, 0, NULL, user, 0, 0, "resubmit", comment, error) ||
      !_sanhe_oa_run_apply (run, conn, step, user, comment, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, run->request_id, TRUE, error);
}

/* A comment in the history, by anyone who sees the request. */
static JsonNode *
comment_request (SanheRequest  *request,
                 PGconn        *conn,
                 GError       **error)
{
  static const char * const allowed[] = { "comment", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) locked = NULL;
  g_autofree char *id_text = NULL;
  gint64 user = sanhe_request_get_user_id (request);
  const char *comment;
  gint64 applicant;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", SANHE_OA_CODE_REQUEST_NOT_FOUND, &id, error))
    return NULL;
  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;
  comment = sanhe_fields_get_string (fields, "comment", SANHE_FIELD_MANDATORY, 2000);
  if (!sanhe_fields_check (fields, error) || !check_visible (request, conn, id, error))
    return NULL;

  id_text = sanhe_id_string (id);
  locked = sanhe_db_exec (conn,
                          "SELECT applicant_id, process_key, summary, subject_type, subject_id "
                          "FROM oa.requests WHERE id = $1 FOR UPDATE",
                          1, (const char *[]) { id_text }, error);
  if (locked == NULL)
    return NULL;
  applicant = sanhe_db_get_int (locked, 0, "applicant_id");
  if (!_sanhe_oa_history_add (conn, id, 0, NULL, user, 0, 0, "comment", comment, error) ||
      (applicant != user && !_sanhe_oa_notify (conn, "oa.request.updated", 0, id,
                                               sanhe_db_get (locked, 0, "process_key"),
                                               sanhe_db_get (locked, 0, "summary"), &applicant, 1, error)) ||
      !_sanhe_oa_notify_subject (conn, id, sanhe_db_get (locked, 0, "subject_type"),
                                 sanhe_db_get (locked, 0, "subject_type") != NULL
                                 ? sanhe_db_get_int (locked, 0, "subject_id") : 0, error))
    return NULL;
  return _sanhe_oa_request_doc (conn, id, TRUE, error);
}

static const SanheRoute routes[] = {
  { "POST", "/api/v1/oa/requests",               create_request,   SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/oa/requests",               list_requests,    SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/oa/requests/{id}",          get_request,      SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/requests/{id}/withdraw", withdraw_request, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/requests/{id}/urge",     urge_request,     SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/requests/{id}/resubmit", resubmit_request, SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/oa/requests/{id}/comment",  comment_request,  SANHE_OA_PERMISSION_SUBMIT, SANHE_ROUTE_DEFAULT },
};

void
_sanhe_oa_request_routes_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
