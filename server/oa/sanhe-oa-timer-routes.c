/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-timers"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-module.h"
#include "sanhe-oa-store.h"
#include "sanhe-request.h"

/*
 * Approval timeouts. A sweep claims the pending requests that have a due
 * task with FOR UPDATE SKIP LOCKED, so several servers (or a scheduler and
 * a manual run) never fire one timer twice, and fires each due timer
 * through the engine: remind, escalate to the assignee's manager, or
 * approve. Requests are locked before their tasks, as everywhere else.
 */
#define SWEEP_BATCH "50"

static gboolean
step_approved_by_timeout (SanheOaStep *step)
{
  for (guint i = 0; i < sanhe_oa_step_get_n_items (step); i++)
    {
      const SanheOaStepItem *item = sanhe_oa_step_get_item (step, i);

      if (item->kind == SANHE_OA_ITEM_TASK_APPROVED && item->cause == SANHE_OA_CAUSE_TIMEOUT)
        return TRUE;
    }
  return FALSE;
}

static gboolean
fire_request (PGconn  *conn,
              gint64   id,
              guint   *fired,
              GError **error)
{
  g_autoptr(SanheOaRun) run = _sanhe_oa_run_load (conn, id, error);
  g_autoptr(GArray) due = NULL;
  g_autoptr(PGresult) cleared = NULL;
  g_autofree char *id_text = sanhe_id_string (id);

  if (run == NULL)
    return FALSE;

  due = sanhe_oa_state_list_due (run->state, run->now);
  for (guint i = 0; i < due->len; i++)
    {
      guint seq = g_array_index (due, guint, i);
      g_autoptr(SanheOaStep) step = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(PGresult) task = NULL;
      g_autofree char *seq_text = g_strdup_printf ("%u", seq);
      gint64 task_id;
      g_autofree char *node = NULL;

      /* An earlier timer of this request may have moved it on. */
      step = sanhe_oa_route_timeout (&run->env, run->state, seq, &local_error);
      if (step == NULL)
        {
          if (local_error->code == SANHE_ERROR_CONFLICT || local_error->code == SANHE_ERROR_NOT_FOUND)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      task = sanhe_db_exec (conn, "SELECT id, node FROM oa.tasks WHERE request_id = $1 AND seq = $2",
                            2, (const char *[]) { id_text, seq_text }, error);
      if (task == NULL)
        return FALSE;
      task_id = PQntuples (task) ? sanhe_db_get_int (task, 0, "id") : 0;
      node = PQntuples (task) ? g_strdup (sanhe_db_get (task, 0, "node")) : NULL;

      if (!step_approved_by_timeout (step) &&
          !_sanhe_oa_history_add (conn, id, task_id, node, 0, 0, 0, "timeout", NULL, error))
        return FALSE;
      if (!_sanhe_oa_run_apply (run, conn, step, 0, NULL, error))
        return FALSE;
      (*fired)++;
    }

  /* Every timer of this request that was due is spent now. */
  cleared = sanhe_db_exec (conn, "UPDATE oa.tasks SET due_at = NULL WHERE request_id = $1 AND state = 'pending' "
                                 "AND due_at <= now()", 1, (const char *[]) { id_text }, error);
  return cleared != NULL;
}

gboolean
sanhe_oa_timers_sweep (PGconn   *conn,
                       guint    *out_fired,
                       GError  **error)
{
  g_autoptr(PGresult) claimed = NULL;
  guint fired = 0;

  claimed = sanhe_db_exec (conn,
                           "SELECT r.id FROM oa.requests r WHERE r.state = 'pending' AND EXISTS ("
                           "  SELECT 1 FROM oa.tasks t WHERE t.request_id = r.id AND t.state = 'pending' "
                           "  AND t.due_at <= now()) "
                           "ORDER BY r.id LIMIT " SWEEP_BATCH " FOR UPDATE OF r SKIP LOCKED",
                           0, NULL, error);
  if (claimed == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (claimed); i++)
    if (!fire_request (conn, sanhe_db_get_int (claimed, i, "id"), &fired, error))
      return FALSE;
  if (out_fired != NULL)
    *out_fired = fired;
  return TRUE;
}

static JsonNode *
run_timers (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  g_autoptr(JsonNode) result = NULL;
  guint fired = 0;

  if (!sanhe_oa_timers_sweep (conn, &fired, error))
    return NULL;
  result = sanhe_json_node_new_object ();
  json_object_set_int_member (json_node_get_object (result), "fired", fired);
  return g_steal_pointer (&result);
}

static const SanheRoute routes[] = {
  { "POST", "/api/v1/oa/timers/run", run_timers, SANHE_OA_PERMISSION_MANAGE, SANHE_ROUTE_DEFAULT },
};

void
_sanhe_oa_timer_routes_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
