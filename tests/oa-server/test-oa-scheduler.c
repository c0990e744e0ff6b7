/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-scheduler"

#include "config.h"

#include "sanhe-db.h"
#include "sanhe-oa-module.h"

#include "oa-server-fixture.h"

/* The server-side timer scheduler, run here against the test server's
 * database: two schedulers (as two servers would) fire each due timer
 * exactly once. */

#define N_REQUESTS 6

static gboolean
on_deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_two_schedulers (void)
{
  g_autoptr(GError) error = NULL;
  SanheDbPool *pool_a = sanhe_db_pool_new (oa.server->database_url, 2, &error);
  SanheDbPool *pool_b = NULL;
  SanheOaScheduler *a;
  SanheOaScheduler *b;
  gint64 requests[N_REQUESTS];
  gboolean expired = FALSE;
  guint deadline;

  g_assert_no_error (error);
  pool_b = sanhe_db_pool_new (oa.server->database_url, 2, &error);
  g_assert_no_error (error);

  oa_save_timed ("sched_approve", "approve");
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      requests[i] = oa_submit (oa.joe, "sched_approve", "{\"note\":\"late\"}");
      oa_make_due (requests[i]);
    }

  a = sanhe_oa_scheduler_new (pool_a, 1);
  b = sanhe_oa_scheduler_new (pool_b, 1);
  deadline = g_timeout_add_seconds (20, on_deadline_cb, &expired);
  while (!expired && sanhe_oa_scheduler_get_fired (a) + sanhe_oa_scheduler_get_fired (b) < N_REQUESTS)
    g_main_context_iteration (NULL, TRUE);
  /* One more round of ticks: nothing may fire twice. */
  {
    gboolean settled = FALSE;

    g_timeout_add_seconds (2, on_deadline_cb, &settled);
    while (!settled)
      g_main_context_iteration (NULL, TRUE);
  }
  if (!expired)
    g_source_remove (deadline);

  g_assert_cmpuint (sanhe_oa_scheduler_get_fired (a) + sanhe_oa_scheduler_get_fired (b), ==, N_REQUESTS);
  sanhe_oa_scheduler_free (a);
  sanhe_oa_scheduler_free (b);
  sanhe_db_pool_free (pool_a);
  sanhe_db_pool_free (pool_b);

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_assert_cmpstr (oa_state (requests[i]), ==, "approved");
      g_assert_cmpint (oa_history_count (requests[i], "timeout"), ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/scheduler/two-schedulers", test_two_schedulers);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
