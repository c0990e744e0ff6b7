/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-timers"

#include "config.h"

#include "oa-server-fixture.h"

/* Approval timeouts: remind, escalate to the assignee's manager, approve. */

static gint64
run_timers (void)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "POST", "/api/v1/oa/timers/run", oa.admin, NULL);

  sanhe_test_assert_status (r, 200);
  return sanhe_test_member_int (sanhe_test_object (r), "fired");
}

static void
test_timeouts (void)
{
  g_autoptr(SanheTestEvents) ben_events = sanhe_test_events_connect (oa.server, oa.ben, NULL);
  gint64 approve;
  gint64 escalate;
  gint64 remind;
  gint64 remind_task;
  gint64 boss_task;

  oa_save_timed ("timed_approve", "approve");
  oa_save_timed ("timed_escalate", "escalate");
  oa_save_timed ("timed_remind", "remind");
  approve = oa_submit (oa.joe, "timed_approve", "{\"note\":\"a\"}");
  escalate = oa_submit (oa.joe, "timed_escalate", "{\"note\":\"e\"}");
  remind = oa_submit (oa.joe, "timed_remind", "{\"note\":\"r\"}");
  remind_task = oa_task_of (oa.ben, remind);
  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM oa.tasks WHERE due_at > now()"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) assigned = sanhe_test_events_next (ben_events, 5000);

      g_assert_nonnull (assigned);
    }

  /* Nothing is due yet. */
  g_assert_cmpint (run_timers (), ==, 0);

  oa_make_due (approve);
  oa_make_due (escalate);
  oa_make_due (remind);
  g_assert_cmpint (run_timers (), ==, 3);
  {
    gboolean urged = FALSE;
    JsonNode *event;

    /* The reminder reaches Ben; the escalated task leaves his inbox. */
    while ((event = sanhe_test_events_next (ben_events, 1500)) != NULL)
      {
        JsonObject *o = json_node_get_object (event);

        if (g_strcmp0 (json_object_get_string_member (o, "type"), "oa.task.urged") == 0 &&
            json_array_get_int_element (json_object_get_array_member (o, "ids"), 0) == remind_task)
          urged = TRUE;
        json_node_unref (event);
      }
    g_assert_true (urged);
  }

  g_assert_cmpstr (oa_state (approve), ==, "approved");
  g_assert_cmpint (oa_history_count (approve, "timeout"), ==, 1);
  g_assert_cmpint (oa_history_count (approve, "approve"), ==, 0);

  g_assert_cmpstr (oa_state (escalate), ==, "pending");
  g_assert_cmpint (oa_task_of (oa.ben, escalate), ==, 0);
  boss_task = oa_task_of (oa.boss, escalate);
  g_assert_cmpint (boss_task, >, 0);
  g_assert_cmpint (oa_history_count (escalate, "timeout"), ==, 1);

  g_assert_cmpint (oa_task_of (oa.ben, remind), ==, remind_task);
  g_assert_cmpint (oa_history_count (remind, "timeout"), ==, 1);

  /* Fired once: a second sweep finds nothing. */
  g_assert_cmpint (run_timers (), ==, 0);
  oa_approve (oa.boss, escalate);
  g_assert_cmpstr (oa_state (escalate), ==, "approved");
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/timers/remind-escalate-approve", test_timeouts);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
