/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * Push latency: the applicant submits a bench_push request naming the
 * approver; the figure is the time from handing the POST to libsoup to the
 * approver's socket receiving the oa.task.assigned about that request.
 * First one request at a time, then at a steady rate (open loop: a request
 * leaves on its schedule whether or not the earlier ones were answered).
 *
 * The event can overtake the POST's answer (the NOTIFY is delivered at
 * commit, the answer after it), so whichever comes second completes the
 * measurement: answers wait in "posted", early events in "arrived".
 */

#include "config.h"

#include <stdio.h>

#include "bench-oa.h"

#define QUIET_MS         1000
#define SEQUENTIAL_WAIT_S 30

typedef struct
{
  gint64 at_us;  /* sent (posted) or received (arrived) */
  gint64 task;
} Mark;

struct _BenchPush
{
  BenchOa    *oa;
  GHashTable *posted;    /* request id → Mark: answered, event still due */
  GHashTable *arrived;   /* request id → Mark: event before the answer */
  GHashTable *measured;  /* request ids done */
  GArray     *event_us;
  GArray     *post_us;
  guint       pending;   /* requests sent and not yet measured */
  /* The steady variant */
  guint       n_total;
  guint       n_sent;
  gint64      start_us;
  gint64      period_us;
  gint64      late_max_us;
  gint64      last_sent_us;
};

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
complete (BenchPush *push,
          gint64     request,
          gint64     sent_us,
          gint64     expected_task,
          Mark      *event)
{
  gint64 latency = event->at_us - sent_us;

  if (event->task != expected_task)
    {
      push->oa->unexpected++;
      g_printerr ("bench-oa: the event about request %" G_GINT64_FORMAT " names task %" G_GINT64_FORMAT
                  ", the answer task %" G_GINT64_FORMAT "\n", request, event->task, expected_task);
    }
  g_array_append_val (push->event_us, latency);
  g_hash_table_add (push->measured, id_key (request));
  push->pending--;
}

/* The approver's task in the answer to a submission, or 0. */
static gint64
approver_task (BenchOa  *oa,
               JsonNode *doc)
{
  JsonArray *tasks;

  if (doc == NULL || !JSON_NODE_HOLDS_OBJECT (doc) ||
      !json_object_has_member (json_node_get_object (doc), "tasks"))
    return 0;
  tasks = json_object_get_array_member (json_node_get_object (doc), "tasks");
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonNode *task = json_array_get_element (tasks, i);
      JsonObject *assignee = json_object_get_object_member (json_node_get_object (task), "assignee");

      if (assignee != NULL && json_object_get_int_member_with_default (assignee, "id", 0) == oa->approver->user_id &&
          g_strcmp0 (bench_member_string (task, "state"), "pending") == 0)
        return bench_member_int (task, "id");
    }
  return 0;
}

static void
on_submitted_cb (BenchReply *reply,
                 gpointer    user_data)
{
  BenchPush *push = user_data;
  gint64 request = bench_member_int (reply->body, "id");
  gint64 task = approver_task (push->oa, reply->body);
  gint64 post = reply->done_us - reply->sent_us;
  Mark *event;

  if (reply->status != 201 || request <= 0 || task <= 0)
    {
      if (push->oa->wrong_answers++ < 3)
        g_printerr ("bench-oa: POST /api/v1/oa/requests answered %u%s%s\n", reply->status,
                    reply->error ? ": " : "", reply->error ? reply->error->message : "");
      push->pending--;
      return;
    }

  g_array_append_val (push->post_us, post);
  event = g_hash_table_lookup (push->arrived, &request);
  if (event != NULL)
    {
      complete (push, request, reply->sent_us, task, event);
      g_hash_table_remove (push->arrived, &request);
    }
  else
    {
      Mark *mark = g_new (Mark, 1);

      *mark = (Mark) { reply->sent_us, task };
      g_hash_table_insert (push->posted, id_key (request), mark);
    }
}

void
bench_push_on_assigned (BenchOa *oa,
                        gint64   request,
                        gint64   task,
                        gint64   arrived_us)
{
  BenchPush *push = oa->push;
  Mark *sent;

  if (push == NULL || request <= 0 || g_hash_table_contains (push->measured, &request) ||
      g_hash_table_contains (push->arrived, &request))
    {
      /* Outside the push phase, or a second event about one request. */
      if (oa->unexpected++ < 5)
        g_printerr ("bench-oa: an extra oa.task.assigned about request %" G_GINT64_FORMAT "\n", request);
      return;
    }

  sent = g_hash_table_lookup (push->posted, &request);
  if (sent != NULL)
    {
      Mark event = { arrived_us, task };

      complete (push, request, sent->at_us, sent->task, &event);
      g_hash_table_remove (push->posted, &request);
    }
  else
    {
      Mark *mark = g_new (Mark, 1);

      *mark = (Mark) { arrived_us, task };
      g_hash_table_insert (push->arrived, id_key (request), mark);
    }
}

static void
submit (BenchPush  *push,
        const char *note)
{
  g_autoptr(JsonNode) body = bench_request_body ("bench_push", push->oa->approver->user_id, note);

  push->pending++;
  bench_http_send (push->oa, "POST", "/api/v1/oa/requests", push->oa->applicant->token, body,
                   on_submitted_cb, push);
}

static gboolean
run_sequential (BenchPush *push,
                guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *note = g_strdup_printf ("push %u", i + 1);

      submit (push, note);
      if (!bench_wait (&push->pending, SEQUENTIAL_WAIT_S))
        {
          g_printerr ("bench-oa: request %u: no oa.task.assigned within %d s\n", i + 1, SEQUENTIAL_WAIT_S);
          return FALSE;
        }
    }
  return TRUE;
}

/* Sends every request whose time has come, then sleeps until the next one. */
static gboolean
on_steady_tick_cb (gpointer user_data)
{
  BenchPush *push = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 next;

  while (push->n_sent < push->n_total && now >= push->start_us + push->n_sent * push->period_us)
    {
      g_autofree char *note = g_strdup_printf ("steady %u", push->n_sent + 1);

      push->late_max_us = MAX (push->late_max_us, now - (push->start_us + push->n_sent * push->period_us));
      push->last_sent_us = now;
      push->n_sent++;
      submit (push, note);
    }
  if (push->n_sent == push->n_total)
    return G_SOURCE_REMOVE;

  next = push->start_us + push->n_sent * push->period_us;
  g_timeout_add ((guint) MAX ((next - now + 999) / 1000, 1), on_steady_tick_cb, push);
  return G_SOURCE_REMOVE;
}

static gboolean
run_steady (BenchPush *push,
            guint      n,
            guint      rate)
{
  guint timeout_s = n / MAX (rate, 1) + SEQUENTIAL_WAIT_S;
  gint64 achieved_milli;

  push->n_total = n;
  push->period_us = G_USEC_PER_SEC / MAX (rate, 1);
  push->start_us = g_get_monotonic_time ();
  on_steady_tick_cb (push);
  while (push->n_sent < push->n_total)
    g_main_context_iteration (NULL, TRUE);
  if (!bench_wait (&push->pending, timeout_s))
    {
      g_printerr ("bench-oa: %u of %u steady requests still without their event after %u s\n",
                  push->pending, n, timeout_s);
      return FALSE;
    }

  achieved_milli = n > 1 ? (gint64) (n - 1) * G_USEC_PER_SEC * 1000 / MAX (push->last_sent_us - push->start_us, 1) : 0;
  printf ("steady_rate %u\n", rate);
  printf ("steady_sent_rate_milli %" G_GINT64_FORMAT "\n", achieved_milli);
  printf ("steady_late_max_us %" G_GINT64_FORMAT "\n", push->late_max_us);
  return TRUE;
}

static BenchPush *
push_new (BenchOa *oa)
{
  BenchPush *push = g_new0 (BenchPush, 1);

  push->oa = oa;
  push->posted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  push->arrived = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  push->measured = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  push->event_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  push->post_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  return push;
}

static void
push_free (BenchPush *push)
{
  g_hash_table_unref (push->posted);
  g_hash_table_unref (push->arrived);
  g_hash_table_unref (push->measured);
  g_array_unref (push->event_us);
  g_array_unref (push->post_us);
  g_free (push);
}

static void
report (BenchPush  *push,
        const char *name)
{
  g_autofree char *event = g_strconcat (name, "_event", NULL);
  g_autofree char *post = g_strconcat (name, "_post", NULL);

  bench_report_samples (event, push->event_us);
  bench_report_samples (post, push->post_us);
  g_array_set_size (push->event_us, 0);
  g_array_set_size (push->post_us, 0);
}

/* Both variants; FALSE when a request could not be measured. Events that
 * come late (a duplicate, a stray) are still counted for a second after. */
gboolean
bench_push_run (BenchOa *oa)
{
  BenchPush *push = push_new (oa);
  gboolean ok;

  oa->push = push;
  g_printerr ("bench-oa: push latency, %u requests one at a time\n", oa->n_requests);
  ok = run_sequential (push, oa->n_requests);
  if (ok)
    {
      report (push, "push");
      g_printerr ("bench-oa: push latency, %u requests at %u/s\n", oa->n_steady, oa->rate);
      ok = oa->n_steady == 0 || run_steady (push, oa->n_steady, oa->rate);
    }
  if (ok)
    report (push, "steady");

  bench_sleep_ms (QUIET_MS);
  if (g_hash_table_size (push->arrived) > 0)
    {
      g_printerr ("bench-oa: %u oa.task.assigned events about requests never submitted here\n",
                  g_hash_table_size (push->arrived));
      oa->unexpected += g_hash_table_size (push->arrived);
    }
  oa->push = NULL;
  /* After a failure answers may still be on their way to @push: keep it. */
  if (ok)
    push_free (push);
  return ok;
}
