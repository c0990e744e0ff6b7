/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * Decisions per second: the applicant first submits n_tasks bench_decide
 * requests (submit_pool at a time), each naming one of the n_approvers
 * deciders in turn; then every decider approves its own tasks one after the
 * other, all deciders at once, each POST on a kept-alive connection. Every
 * answer must be 200 with the request approved; afterwards a sample of the
 * requests is read back (approved, exactly one "approve" in its history).
 * The driver checks all of them in SQL.
 */

#include "config.h"

#include <stdio.h>

#include "bench-oa.h"

#define CHECK_SAMPLES 50
#define PHASE_WAIT_S  600

typedef struct
{
  BenchSession *session;
  GArray       *tasks;   /* gint64 task ids, in submission order */
  guint         next;
} Decider;

typedef struct
{
  BenchOa *oa;
  Decider *deciders;
  GArray  *requests;     /* gint64 request ids */
  GArray  *submit_us;
  GArray  *decide_us;
  guint    started;
  guint    in_flight;
  guint    pending;
  gint64   last_done_us;
} Decide;

typedef struct
{
  Decide *decide;
  guint   decider;
} Call;

static Call *
call_new (Decide *decide,
          guint   decider)
{
  Call *call = g_new (Call, 1);

  *call = (Call) { decide, decider };
  return call;
}

static gboolean
wrong_answer (BenchOa    *oa,
              const char *what,
              BenchReply *reply)
{
  if (oa->wrong_answers++ < 3)
    g_printerr ("bench-oa: %s answered %u%s%s\n", what, reply->status,
                reply->error ? ": " : "", reply->error ? reply->error->message : "");
  return FALSE;
}

/* The pending task of the request in @doc held by @user, or 0. */
static gint64
task_of (JsonNode *doc,
         gint64    user)
{
  JsonArray *tasks = NULL;

  if (doc != NULL && JSON_NODE_HOLDS_OBJECT (doc) && json_object_has_member (json_node_get_object (doc), "tasks"))
    tasks = json_object_get_array_member (json_node_get_object (doc), "tasks");
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      JsonObject *assignee = json_object_get_object_member (task, "assignee");

      if (assignee != NULL && json_object_get_int_member_with_default (assignee, "id", 0) == user &&
          g_strcmp0 (json_object_get_string_member_with_default (task, "state", ""), "pending") == 0)
        return json_object_get_int_member_with_default (task, "id", 0);
    }
  return 0;
}

/* ---- submitting --------------------------------------------------------- */

static void submit_more (Decide *decide);

static void
on_submitted_cb (BenchReply *reply,
                 gpointer    user_data)
{
  g_autofree Call *call = user_data;
  Decide *decide = call->decide;
  Decider *decider = &decide->deciders[call->decider];
  gint64 request = bench_member_int (reply->body, "id");
  gint64 task = task_of (reply->body, decider->session->user_id);
  gint64 latency = reply->done_us - reply->sent_us;

  decide->in_flight--;
  decide->pending--;
  if (reply->status != 201 || request <= 0 || task <= 0)
    wrong_answer (decide->oa, "POST /api/v1/oa/requests", reply);
  else
    {
      g_array_append_val (decide->requests, request);
      g_array_append_val (decider->tasks, task);
      g_array_append_val (decide->submit_us, latency);
    }
  decide->last_done_us = reply->done_us;
  submit_more (decide);
}

static void
submit_more (Decide *decide)
{
  BenchOa *oa = decide->oa;

  while (decide->started < oa->n_tasks && decide->in_flight < oa->submit_pool && oa->wrong_answers == 0)
    {
      guint k = decide->started % oa->n_approvers;
      g_autofree char *note = g_strdup_printf ("decide %u", decide->started + 1);
      g_autoptr(JsonNode) body = bench_request_body ("bench_decide", decide->deciders[k].session->user_id, note);

      decide->started++;
      decide->in_flight++;
      bench_http_send (oa, "POST", "/api/v1/oa/requests", oa->applicant->token, body, on_submitted_cb,
                       call_new (decide, k));
    }
  /* After a failure nothing more starts: the rest will never come back. */
  if (oa->wrong_answers > 0 && decide->in_flight == 0)
    decide->pending = 0;
}

/* ---- deciding ------------------------------------------------------------- */

static void decide_next (Decide *decide, guint k);

static void
on_approved_cb (BenchReply *reply,
                gpointer    user_data)
{
  g_autofree Call *call = user_data;
  Decide *decide = call->decide;
  gint64 latency = reply->done_us - reply->sent_us;

  if (reply->status != 200 || g_strcmp0 (bench_member_string (reply->body, "state"), "approved") != 0)
    wrong_answer (decide->oa, "POST /api/v1/oa/tasks/{id}/approve", reply);
  g_array_append_val (decide->decide_us, latency);
  decide->last_done_us = reply->done_us;
  decide->pending--;
  decide_next (decide, call->decider);
}

static void
decide_next (Decide *decide,
             guint   k)
{
  Decider *decider = &decide->deciders[k];
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  if (decider->next >= decider->tasks->len)
    return;
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, json_object_new ());
  path = g_strdup_printf ("/api/v1/oa/tasks/%" G_GINT64_FORMAT "/approve",
                          g_array_index (decider->tasks, gint64, decider->next++));
  bench_http_send (decide->oa, "POST", path, decider->session->token, body, on_approved_cb, call_new (decide, k));
}

/* ---- reading back --------------------------------------------------------- */

static guint
count_approvals (JsonNode *doc)
{
  JsonArray *history = NULL;
  guint count = 0;

  if (doc != NULL && JSON_NODE_HOLDS_OBJECT (doc) && json_object_has_member (json_node_get_object (doc), "history"))
    history = json_object_get_array_member (json_node_get_object (doc), "history");
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (history, i),
                                                               "action", ""), "approve") == 0)
      count++;
  return count;
}

static void
on_checked_cb (BenchReply *reply,
               gpointer    user_data)
{
  Decide *decide = user_data;

  if (reply->status != 200 || g_strcmp0 (bench_member_string (reply->body, "state"), "approved") != 0 ||
      count_approvals (reply->body) != 1)
    wrong_answer (decide->oa, "GET /api/v1/oa/requests/{id} (approved, with one approval)", reply);
  decide->pending--;
}

static guint
check_sample (Decide *decide)
{
  guint step = MAX (decide->requests->len / CHECK_SAMPLES, 1);
  guint checked = 0;

  for (guint i = 0; i < decide->requests->len; i += step)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT,
                                               g_array_index (decide->requests, gint64, i));

      decide->pending++;
      checked++;
      bench_http_send (decide->oa, "GET", path, decide->oa->applicant->token, NULL, on_checked_cb, decide);
    }
  return checked;
}

/* ---- the phase ------------------------------------------------------------ */

static gboolean
wait_phase (Decide     *decide,
            const char *what)
{
  if (bench_wait (&decide->pending, PHASE_WAIT_S) && decide->oa->wrong_answers == 0)
    return TRUE;
  g_printerr ("bench-oa: %s did not complete (%u outstanding)\n", what, decide->pending);
  return FALSE;
}

typedef struct
{
  gint64 wall_us;
  gint64 server_us;
  gint64 database_us;
} Clock;

static void
clock_start (BenchOa *oa,
             Clock   *clock)
{
  clock->wall_us = g_get_monotonic_time ();
  bench_cpu_sample (oa, &clock->server_us, &clock->database_us);
}

/* The rate of @n operations ended at @end_us, and their CPU time each. */
static void
report_rate (BenchOa     *oa,
             const char  *name,
             guint        n,
             const Clock *start,
             gint64       end_us)
{
  gint64 wall_us = end_us - start->wall_us;
  Clock now;

  printf ("%s_wall_us %" G_GINT64_FORMAT "\n", name, wall_us);
  /* Per second, in thousandths: integers all the way. */
  printf ("%s_rate_milli %" G_GINT64_FORMAT "\n", name, (gint64) n * G_USEC_PER_SEC * 1000 / MAX (wall_us, 1));
  if (oa->server_pid <= 0)
    return;
  bench_cpu_sample (oa, &now.server_us, &now.database_us);
  printf ("%s_cpu_server_us %" G_GINT64_FORMAT "\n", name, (now.server_us - start->server_us) / n);
  printf ("%s_cpu_db_us %" G_GINT64_FORMAT "\n", name, (now.database_us - start->database_us) / n);
}

/* FALSE when it could not measure or an answer was wrong; the phase's
 * memory stays allocated then, since answers may still be on their way. */
gboolean
bench_decide_run (BenchOa *oa)
{
  Decide *decide = g_new0 (Decide, 1);
  Clock start;
  guint checked;

  decide->oa = oa;
  decide->deciders = g_new0 (Decider, oa->n_approvers);
  decide->requests = g_array_new (FALSE, FALSE, sizeof (gint64));
  decide->submit_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  decide->decide_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; k < oa->n_approvers; k++)
    {
      decide->deciders[k].session = g_ptr_array_index (oa->deciders, k);
      decide->deciders[k].tasks = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  g_printerr ("bench-oa: submitting %u requests for %u approvers, %u at a time\n",
              oa->n_tasks, oa->n_approvers, oa->submit_pool);
  clock_start (oa, &start);
  decide->pending = oa->n_tasks;
  submit_more (decide);
  if (!wait_phase (decide, "submitting"))
    return FALSE;
  printf ("submit_pool %u\n", oa->submit_pool);
  report_rate (oa, "submit", oa->n_tasks, &start, decide->last_done_us);
  bench_report_samples ("submit", decide->submit_us);

  g_printerr ("bench-oa: %u approvers deciding %u tasks\n", oa->n_approvers, oa->n_tasks);
  clock_start (oa, &start);
  decide->pending = oa->n_tasks;
  for (guint k = 0; k < oa->n_approvers; k++)
    decide_next (decide, k);
  if (!wait_phase (decide, "deciding"))
    return FALSE;
  printf ("decide_approvers %u\n", oa->n_approvers);
  report_rate (oa, "decide", oa->n_tasks, &start, decide->last_done_us);
  bench_report_samples ("decide", decide->decide_us);

  checked = check_sample (decide);
  if (!wait_phase (decide, "reading back"))
    return FALSE;
  printf ("decide_checked %u\n", checked);

  for (guint k = 0; k < oa->n_approvers; k++)
    g_array_unref (decide->deciders[k].tasks);
  g_free (decide->deciders);
  g_array_unref (decide->requests);
  g_array_unref (decide->submit_us);
  g_array_unref (decide->decide_us);
  g_free (decide);
  return TRUE;
}
