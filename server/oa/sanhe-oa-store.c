/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-store"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"
#include "sanhe-resource.h"

typedef struct
{
  gint64   id;
  gint64   holder;
  gint64   on_behalf_of;
  gboolean created;   /* in this step */
  gboolean pending;
} TaskRow;

void
_sanhe_oa_run_free (SanheOaRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->definition, sanhe_oa_definition_unref);
  g_clear_pointer (&run->process_key, g_free);
  g_clear_pointer (&run->directory, sanhe_oa_directory_free);
  g_clear_pointer (&run->rules, sanhe_oa_rules_free);
  g_clear_pointer (&run->values, sanhe_oa_values_free);
  g_clear_pointer (&run->roles, g_strfreev);
  g_clear_pointer (&run->now, g_date_time_unref);
  g_clear_pointer (&run->state, sanhe_oa_state_free);
  g_clear_pointer (&run->status, g_free);
  g_clear_pointer (&run->summary, g_free);
  g_clear_pointer (&run->subject_type, g_free);
  g_free (run);
}

SanheOaDefinition *
_sanhe_oa_store_load_definition (PGconn      *conn,
                                 const char  *key,
                                 gint         version,
                                 gint        *out_version,
                                 GError     **error)
{
  g_autofree char *version_text = g_strdup_printf ("%d", version);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(JsonNode) root = NULL;

  result = sanhe_db_exec (conn,
                          "SELECT version, definition::text AS definition FROM oa.processes "
                          "WHERE key = $1 AND ($2::int = 0 OR version = $2::int) ORDER BY version DESC LIMIT 1",
                          2, (const char *[]) { key, version_text }, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, SANHE_OA_CODE_PROCESS_NOT_FOUND, NULL,
                       "There is no process “%s”%s.", key, version > 0 ? " in that version" : "");
      return NULL;
    }
  if (out_version != NULL)
    *out_version = (gint) sanhe_db_get_int (result, 0, "version");
  root = sanhe_json_parse (sanhe_db_get (result, 0, "definition"), -1, error);
  if (root == NULL)
    return NULL;
  return sanhe_oa_definition_new_from_json (root, _sanhe_oa_effects, error);
}

static gboolean
load_directory (SanheOaRun  *run,
                PGconn      *conn,
                GError     **error)
{
  g_autoptr(PGresult) users = NULL;
  g_autoptr(PGresult) departments = NULL;
  g_autoptr(PGresult) roles = NULL;

  users = sanhe_db_exec (conn, "SELECT id, coalesce(department_id, 0) AS department, "
                               "coalesce(manager_id, 0) AS manager FROM core.users WHERE active", 0, NULL, error);
  if (users == NULL)
    return FALSE;
  departments = sanhe_db_exec (conn, "SELECT id, coalesce(parent_id, 0) AS parent, coalesce(head_id, 0) AS head "
                                     "FROM core.departments", 0, NULL, error);
  if (departments == NULL)
    return FALSE;
  roles = sanhe_db_exec (conn, "SELECT ur.role_key, ur.user_id FROM core.user_roles ur "
                               "JOIN core.users u ON u.id = ur.user_id WHERE u.active ORDER BY ur.user_id",
                         0, NULL, error);
  if (roles == NULL)
    return FALSE;

  run->directory = sanhe_oa_directory_new ();
  for (int i = 0; i < PQntuples (users); i++)
    sanhe_oa_directory_add_user (run->directory, sanhe_db_get_int (users, i, "id"),
                                 sanhe_db_get_int (users, i, "department"), sanhe_db_get_int (users, i, "manager"));
  for (int i = 0; i < PQntuples (departments); i++)
    sanhe_oa_directory_add_department (run->directory, sanhe_db_get_int (departments, i, "id"),
                                       sanhe_db_get_int (departments, i, "parent"),
                                       sanhe_db_get_int (departments, i, "head"));
  for (int i = 0; i < PQntuples (roles); i++)
    sanhe_oa_directory_add_role_member (run->directory, sanhe_db_get (roles, i, "role_key"),
                                        sanhe_db_get_int (roles, i, "user_id"));
  return TRUE;
}

static gboolean
load_rules (SanheOaRun  *run,
            PGconn      *conn,
            GError     **error)
{
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn, "SELECT id, owner_id, process_key, body::text AS body FROM oa.rules "
                                "WHERE active ORDER BY id", 0, NULL, error);
  if (result == NULL)
    return FALSE;

  run->rules = sanhe_oa_rules_new ();
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *process = sanhe_db_get (result, i, "process_key");
      g_autoptr(JsonNode) body = sanhe_json_parse (sanhe_db_get (result, i, "body"), -1, NULL);
      g_autoptr(GError) local_error = NULL;
      const SanheOaForm *form = NULL;
      SanheOaRule *rule;

      if (body == NULL)
        continue;
      if (process != NULL && g_str_equal (process, run->process_key))
        form = sanhe_oa_definition_get_form (run->definition);
      rule = sanhe_oa_rule_new_from_json (sanhe_db_get_int (result, i, "id"),
                                          sanhe_db_get_int (result, i, "owner_id"), body, form, &local_error);
      /* A rule whose condition no longer fits the process matches nothing. */
      if (rule != NULL)
        sanhe_oa_rules_add (run->rules, rule);
    }
  return TRUE;
}

static gboolean
load_applicant (SanheOaRun  *run,
                PGconn      *conn,
                GError     **error)
{
  g_autofree char *id = sanhe_id_string (run->applicant);
  g_autoptr(PGresult) result = NULL;
  const char *roles;

  result = sanhe_db_exec (conn,
                          "SELECT coalesce(u.department_id, 0) AS department, "
                          "  coalesce(string_agg(ur.role_key, ',' ORDER BY ur.role_key), '') AS roles "
                          "FROM core.users u LEFT JOIN core.user_roles ur ON ur.user_id = u.id "
                          "WHERE u.id = $1 GROUP BY u.id",
                          1, (const char *[]) { id }, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return sanhe_not_found (error, SANHE_CODE_RECORD_NOT_FOUND, "user", run->applicant);

  roles = sanhe_db_get (result, 0, "roles");
  run->roles = roles && *roles ? g_strsplit (roles, ",", -1) : g_new0 (char *, 1);
  run->context.applicant = run->applicant;
  run->context.department = sanhe_db_get_int (result, 0, "department");
  run->context.roles = (const char * const *) run->roles;
  return TRUE;
}

gboolean
_sanhe_oa_run_set_form (SanheOaRun  *run,
                        JsonNode    *form,
                        GError     **error)
{
  SanheOaValues *values = sanhe_oa_form_validate (sanhe_oa_definition_get_form (run->definition), form, error);

  if (values == NULL)
    return FALSE;
  g_clear_pointer (&run->values, sanhe_oa_values_free);
  run->values = values;
  run->context.form = values;
  return TRUE;
}

static SanheOaRun *
run_new (PGconn             *conn,
         SanheOaDefinition  *definition,
         const char         *key,
         gint                version,
         gint64              applicant,
         JsonNode           *form,
         GError            **error)
{
  g_autoptr(SanheOaRun) run = g_new0 (SanheOaRun, 1);

  run->definition = definition;
  run->process_key = g_strdup (key);
  run->version = version;
  run->applicant = applicant;
  run->now = g_date_time_new_now_local ();

  if (!_sanhe_oa_run_set_form (run, form, error) ||
      !load_applicant (run, conn, error) ||
      !load_directory (run, conn, error) ||
      !load_rules (run, conn, error))
    return NULL;

  run->env.definition = run->definition;
  run->env.context = &run->context;
  run->env.directory = run->directory;
  run->env.rules = run->rules;
  run->env.now = run->now;
  return g_steal_pointer (&run);
}

SanheOaRun *
_sanhe_oa_run_new (PGconn      *conn,
                   const char  *key,
                   gint64       applicant,
                   JsonNode    *form,
                   GError     **error)
{
  SanheOaDefinition *definition;
  gint version = 0;

  definition = _sanhe_oa_store_load_definition (conn, key, 0, &version, error);
  if (definition == NULL)
    return NULL;
  return run_new (conn, definition, key, version, applicant, form, error);
}

SanheOaRun *
_sanhe_oa_run_load (PGconn      *conn,
                    gint64       id,
                    GError     **error)
{
  g_autofree char *id_text = sanhe_id_string (id);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(JsonNode) form = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(SanheOaRun) run = NULL;
  SanheOaDefinition *definition;
  const char *key;
  gint version;

  result = sanhe_db_exec (conn,
                          "SELECT process_key, process_version, applicant_id, state, summary, form::text AS form, "
                          "  engine_state::text AS engine_state, subject_type, subject_id "
                          "FROM oa.requests WHERE id = $1 FOR UPDATE",
                          1, (const char *[]) { id_text }, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      sanhe_not_found (error, SANHE_OA_CODE_REQUEST_NOT_FOUND, "request", id);
      return NULL;
    }

  key = sanhe_db_get (result, 0, "process_key");
  version = (gint) sanhe_db_get_int (result, 0, "process_version");
  definition = _sanhe_oa_store_load_definition (conn, key, version, NULL, error);
  if (definition == NULL)
    return NULL;
  form = sanhe_json_parse (sanhe_db_get (result, 0, "form"), -1, error);
  if (form == NULL)
    {
      sanhe_oa_definition_unref (definition);
      return NULL;
    }
  run = run_new (conn, definition, key, version, sanhe_db_get_int (result, 0, "applicant_id"), form, error);
  if (run == NULL)
    return NULL;

  run->request_id = id;
  run->status = g_strdup (sanhe_db_get (result, 0, "state"));
  run->summary = g_strdup (sanhe_db_get (result, 0, "summary"));
  run->subject_type = g_strdup (sanhe_db_get (result, 0, "subject_type"));
  run->subject_id = run->subject_type != NULL ? sanhe_db_get_int (result, 0, "subject_id") : 0;
  state = sanhe_json_parse (sanhe_db_get (result, 0, "engine_state"), -1, error);
  if (state == NULL)
    return NULL;
  run->state = sanhe_oa_state_new_from_json (state, run->definition, error);
  if (run->state == NULL)
    return NULL;
  return g_steal_pointer (&run);
}

gboolean
_sanhe_oa_history_add (PGconn      *conn,
                       gint64       request,
                       gint64       task,
                       const char  *node,
                       gint64       actor,
                       gint64       on_behalf_of,
                       gint64       rule,
                       const char  *action,
                       const char  *comment,
                       GError     **error)
{
  g_autofree char *request_text = sanhe_id_string (request);
  g_autofree char *task_text = task ? sanhe_id_string (task) : NULL;
  g_autofree char *actor_text = actor ? sanhe_id_string (actor) : NULL;
  g_autofree char *behalf_text = on_behalf_of && on_behalf_of != actor ? sanhe_id_string (on_behalf_of) : NULL;
  g_autofree char *rule_text = rule ? sanhe_id_string (rule) : NULL;
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "INSERT INTO oa.history (request_id, task_id, node, actor_id, on_behalf_of, rule_id, action, comment) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                          8, (const char *[]) { request_text, task_text, node, actor_text, behalf_text, rule_text,
                                                action, comment && *comment ? comment : NULL },
                          error);
  return result != NULL;
}

/* Finds the row of task @seq, from this step or before. */
static TaskRow *
lookup_task (GHashTable  *tasks,
             PGconn      *conn,
             gint64       request,
             guint        seq,
             GError     **error)
{
  g_autofree char *request_text = NULL;
  g_autofree char *seq_text = NULL;
  g_autoptr(PGresult) result = NULL;
  TaskRow *row = g_hash_table_lookup (tasks, GUINT_TO_POINTER (seq));

  if (row != NULL)
    return row;

  request_text = sanhe_id_string (request);
  seq_text = g_strdup_printf ("%u", seq);
  result = sanhe_db_exec (conn, "SELECT id, assignee_id, coalesce(on_behalf_of, 0) AS on_behalf_of, state "
                                "FROM oa.tasks WHERE request_id = $1 AND seq = $2",
                          2, (const char *[]) { request_text, seq_text }, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_OA_CODE_STATE_CORRUPT, NULL,
                       "Request %" G_GINT64_FORMAT " has no task %u.", request, seq);
      return NULL;
    }
  row = g_new0 (TaskRow, 1);
  row->id = sanhe_db_get_int (result, 0, "id");
  row->holder = sanhe_db_get_int (result, 0, "assignee_id");
  row->on_behalf_of = sanhe_db_get_int (result, 0, "on_behalf_of");
  row->pending = g_str_equal (sanhe_db_get (result, 0, "state"), "pending");
  g_hash_table_insert (tasks, GUINT_TO_POINTER (seq), row);
  return row;
}

static gboolean
create_task (SanheOaRun             *run,
             PGconn                 *conn,
             GHashTable             *tasks,
             const SanheOaStepItem  *item,
             GError                **error)
{
  g_autofree char *request = sanhe_id_string (run->request_id);
  g_autofree char *seq = g_strdup_printf ("%u", item->seq);
  g_autofree char *holder = sanhe_id_string (item->holder ? item->holder : item->user);
  g_autofree char *behalf = item->holder && item->holder != item->user ? sanhe_id_string (item->user) : NULL;
  g_autofree char *rule = item->rule ? sanhe_id_string (item->rule) : NULL;
  g_autofree char *due = item->due_at ? g_strdup_printf ("%" G_GINT64_FORMAT, item->due_at) : NULL;
  g_autoptr(PGresult) result = NULL;
  TaskRow *row;

  result = sanhe_db_exec (conn,
                          "INSERT INTO oa.tasks (request_id, seq, node, assignee_id, on_behalf_of, delegation_rule_id, due_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint)) RETURNING id",
                          7, (const char *[]) { request, seq, item->node, holder, behalf, rule, due }, error);
  if (result == NULL)
    return FALSE;

  row = g_new0 (TaskRow, 1);
  row->id = sanhe_db_get_int (result, 0, "id");
  row->holder = item->holder ? item->holder : item->user;
  row->on_behalf_of = behalf ? item->user : 0;
  row->created = TRUE;
  row->pending = TRUE;
  g_hash_table_insert (tasks, GUINT_TO_POINTER (item->seq), row);
  return TRUE;
}

static gboolean
close_task (PGconn      *conn,
            TaskRow     *row,
            const char  *state,
            gint64       decided_by,
            GError     **error)
{
  g_autofree char *id = sanhe_id_string (row->id);
  g_autofree char *by = decided_by ? sanhe_id_string (decided_by) : NULL;
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn, "UPDATE oa.tasks SET state = $2, decided_at = now(), decided_by = $3 WHERE id = $1",
                          3, (const char *[]) { id, state, by }, error);
  row->pending = FALSE;
  return result != NULL;
}

static gboolean
notify_one (SanheOaRun  *run,
            PGconn      *conn,
            const char  *type,
            gint64       task,
            gint64       to,
            GError     **error)
{
  return _sanhe_oa_notify (conn, type, task, run->request_id, run->process_key, run->summary, &to, 1, error);
}

static gboolean
apply_item (SanheOaRun             *run,
            PGconn                 *conn,
            GHashTable             *tasks,
            const SanheOaStepItem  *item,
            gint64                  actor,
            const char             *comment,
            GError                **error)
{
  TaskRow *row = NULL;

  switch (item->kind)
    {
    case SANHE_OA_ITEM_STATUS:
      g_free (run->status);
      run->status = g_strdup (sanhe_oa_status_to_string (item->status));
      return TRUE;

    case SANHE_OA_ITEM_NODE_ENTERED:
      return TRUE;

    case SANHE_OA_ITEM_TASK_CREATED:
      return create_task (run, conn, tasks, item, error);

    case SANHE_OA_ITEM_TASK_APPROVED:
      row = lookup_task (tasks, conn, run->request_id, item->seq, error);
      if (row == NULL)
        return FALSE;
      if (item->cause == SANHE_OA_CAUSE_RULE)
        {
          gint64 owner = row->on_behalf_of ? row->on_behalf_of : row->holder;

          return close_task (conn, row, "approved", owner, error) &&
                 _sanhe_oa_history_add (conn, run->request_id, row->id, item->node, owner, 0, item->rule,
                                        "approve", NULL, error);
        }
      if (item->cause == SANHE_OA_CAUSE_TIMEOUT)
        return close_task (conn, row, "approved", 0, error) &&
               _sanhe_oa_history_add (conn, run->request_id, row->id, item->node, 0, 0, 0, "timeout", NULL, error);
      return close_task (conn, row, "approved", actor, error) &&
             _sanhe_oa_history_add (conn, run->request_id, row->id, item->node, actor, row->on_behalf_of, 0,
                                    "approve", comment, error);

    case SANHE_OA_ITEM_TASK_REJECTED:
    case SANHE_OA_ITEM_TASK_RETURNED:
      {
        gboolean rejected = item->kind == SANHE_OA_ITEM_TASK_REJECTED;

        row = lookup_task (tasks, conn, run->request_id, item->seq, error);
        return row != NULL &&
               close_task (conn, row, rejected ? "rejected" : "returned", actor, error) &&
               _sanhe_oa_history_add (conn, run->request_id, row->id, item->node, actor, row->on_behalf_of, 0,
                                      rejected ? "reject" : "return", comment, error);
      }

    case SANHE_OA_ITEM_TASK_CANCELLED:
      {
        gboolean was_pending;

        row = lookup_task (tasks, conn, run->request_id, item->seq, error);
        if (row == NULL)
          return FALSE;
        was_pending = row->pending && !row->created;
        if (!close_task (conn, row, item->cause == SANHE_OA_CAUSE_TRANSFERRED ? "transferred" : "cancelled",
                         0, error))
          return FALSE;
        return !was_pending || notify_one (run, conn, "oa.task.cancelled", row->id, row->holder, error);
      }

    case SANHE_OA_ITEM_TASK_REMINDED:
      {
        g_autoptr(PGresult) spent = NULL;
        g_autofree char *task_id = NULL;

        row = lookup_task (tasks, conn, run->request_id, item->seq, error);
        if (row == NULL)
          return FALSE;
        task_id = sanhe_id_string (row->id);
        spent = sanhe_db_exec (conn, "UPDATE oa.tasks SET due_at = NULL WHERE id = $1",
                               1, (const char *[]) { task_id }, error);
        return spent != NULL && notify_one (run, conn, "oa.task.urged", row->id, row->holder, error);
      }

    case SANHE_OA_ITEM_NOTIFY:
      return _sanhe_oa_notify (conn, "oa.request.cc", 0, run->request_id, run->process_key, run->summary,
                               item->users, item->n_users, error);

    case SANHE_OA_ITEM_EFFECT:
      return _sanhe_oa_run_effect (run, conn, item->effect, error);
    }
  return TRUE;
}

gboolean
_sanhe_oa_run_apply (SanheOaRun   *run,
                     PGconn       *conn,
                     SanheOaStep  *step,
                     gint64        actor,
                     const char   *comment,
                     GError      **error)
{
  g_autoptr(GHashTable) tasks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(JsonNode) state_json = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *request = sanhe_id_string (run->request_id);
  g_autoptr(PGresult) result = NULL;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < sanhe_oa_step_get_n_items (step); i++)
    if (!apply_item (run, conn, tasks, sanhe_oa_step_get_item (step, i), actor, comment, error))
      return FALSE;

  g_clear_pointer (&run->state, sanhe_oa_state_free);
  run->state = sanhe_oa_step_steal_state (step);
  g_free (run->status);
  run->status = g_strdup (sanhe_oa_status_to_string (sanhe_oa_state_get_status (run->state)));
  state_json = sanhe_oa_state_to_json (run->state, run->definition);
  state_text = sanhe_json_to_string (state_json, FALSE);
  result = sanhe_db_exec (conn,
                          "UPDATE oa.requests SET engine_state = $2::jsonb, state = $3, version = version + 1, "
                          "  updated_at = now() WHERE id = $1",
                          3, (const char *[]) { request, state_text, run->status }, error);
  if (result == NULL)
    return FALSE;

  /* New tasks still open reach their holders' inboxes at once. */
  g_hash_table_iter_init (&iter, tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TaskRow *row = value;

      if (row->created && row->pending && !notify_one (run, conn, "oa.task.assigned", row->id, row->holder, error))
        return FALSE;
    }
  return notify_one (run, conn, "oa.request.updated", 0, run->applicant, error) &&
         _sanhe_oa_notify_subject (conn, run->request_id, run->subject_type, run->subject_id, error);
}

JsonNode *
_sanhe_oa_request_doc (PGconn      *conn,
                       gint64       id,
                       gboolean     with_history,
                       GError     **error)
{
  g_autofree char *text = sanhe_id_string (id);
  JsonNode *doc;

  doc = sanhe_db_query_json (conn,
                             "SELECT CASE WHEN $2::boolean THEN (r.doc::jsonb || jsonb_build_object('history', "
                             "  coalesce((SELECT jsonb_agg(jsonb_build_object("
                             "     'node', h.node, "
                             "     'actor', CASE WHEN a.id IS NULL THEN NULL ELSE jsonb_build_object('id', a.id, 'name', a.name) END, "
                             "     'on_behalf_of', CASE WHEN b.id IS NULL THEN NULL ELSE jsonb_build_object('id', b.id, 'name', b.name) END, "
                             "     'rule', h.rule_id, 'action', h.action, 'comment', h.comment, 'task', h.task_id, 'at', h.at) "
                             "     ORDER BY h.id) "
                             "   FROM oa.history h LEFT JOIN core.users a ON a.id = h.actor_id "
                             "   LEFT JOIN core.users b ON b.id = h.on_behalf_of WHERE h.request_id = r.id), '[]'::jsonb)))::json "
                             "  ELSE r.doc END "
                             "FROM oa.request_docs r WHERE r.id = $1",
                             2, (const char *[]) { text, with_history ? "true" : "false" }, error);
  if (doc == NULL)
    sanhe_not_found (error, SANHE_OA_CODE_REQUEST_NOT_FOUND, "request", id);
  return doc;
}
