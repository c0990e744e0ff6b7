/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-pending"

#include "config.h"

#include <locale.h>

#include "sanhe-api.h"
#include "sanhe-oa-pending.h"
#include "sanhe-test-client.h"
#include "sanhe-test-server.h"

/*
 * SanheOaPending, the count of approvals waiting that the application owns
 * (the tray, the sidebar badge and the notices read it), against a real
 * server (--demo) where Joe submits travel expenses for Ben. No window and
 * no event stream: loads are asked for by hand, as an event would, so what
 * each load sees is known.
 *
 *   - signing in loads what waits, and announces none of it;
 *   - two tasks seen by one load are announced together, once, with the
 *     newest and its summary; they are unseen until marked seen;
 *   - Ben's own decision lowers the count and announces nothing;
 *   - an oa.task.assigned event loads again by itself;
 *   - signing out leaves nothing pending.
 */

#define WAIT_SECONDS 30

static SanheTestServer *server;
static char *joe_token;
static char *ben_token;

typedef struct
{
  guint   bursts;
  guint   n;       /* of the last burst */
  gint64  task;
  char   *summary;
} Arrivals;

static void
on_arrived_cb (SanheOaPending *pending,
               guint           n,
               gint64          task,
               const char     *summary,
               Arrivals       *arrivals)
{
  arrivals->bursts++;
  arrivals->n = n;
  arrivals->task = task;
  g_free (arrivals->summary);
  arrivals->summary = g_strdup (summary);
}

static void
on_login_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sanhe_api_login_finish (SANHE_API (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
is_loaded (gpointer data)
{
  return sanhe_oa_pending_get_loaded (data);
}

static guint expected_count;

static gboolean
has_expected_count (gpointer data)
{
  return sanhe_oa_pending_get_count (data) == expected_count;
}

static guint expected_bursts;
static Arrivals arrivals;

static gboolean
has_expected_bursts (gpointer data)
{
  return arrivals.bursts == expected_bursts;
}

/* Ben's pending tasks as the server lists them. */
static JsonArray *
ben_pending (void)
{
  JsonNode *all = sanhe_test_list_all (server, ben_token, "/api/v1/oa/tasks?state=pending");
  JsonArray *array = json_array_ref (json_node_get_array (all));

  json_node_unref (all);
  return array;
}

static JsonObject *
newest_task (JsonArray *tasks)
{
  JsonObject *newest = NULL;

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);

      if (newest == NULL || sanhe_test_member_int (task, "id") > sanhe_test_member_int (newest, "id"))
        newest = task;
    }
  g_assert_nonnull (newest);

  return newest;
}

static void
test_pending (void)
{
  g_autoptr(SanheApi) api = sanhe_api_new (server->base_url);
  g_autoptr(SanheOaPending) pending = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  g_autoptr(SanheTestResponse) response = NULL;
  g_autofree char *path = NULL;
  gboolean logged_in = FALSE;
  JsonObject *newest;
  guint before;

  sanhe_api_login_async (api, "ben", "sanhe-demo", NULL, on_login_cb, &logged_in);
  g_assert_true (sanhe_test_wait_until (flag_is_set, &logged_in, WAIT_SECONDS));

  pending = sanhe_oa_pending_new (api);
  g_signal_connect (pending, "arrived", G_CALLBACK (on_arrived_cb), &arrivals);

  /* Signing in: what waits is counted, not announced. */
  sanhe_oa_pending_start (pending);
  g_assert_true (sanhe_test_wait_until (is_loaded, pending, WAIT_SECONDS));
  tasks = ben_pending ();
  before = json_array_get_length (tasks);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (sanhe_oa_pending_get_count (pending), ==, before);
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 0);

  /* Two new tasks in one load: one announcement for both. */
  sanhe_test_submit_travel_expense (server, joe_token, "120.00", "Parking at the customer");
  sanhe_test_submit_travel_expense (server, joe_token, "64.00", "Lunch with the buyer");
  g_clear_pointer (&tasks, json_array_unref);
  tasks = ben_pending ();
  g_assert_cmpuint (json_array_get_length (tasks), ==, before + 2);
  newest = newest_task (tasks);

  sanhe_oa_pending_refresh (pending);
  expected_bursts = 1;
  g_assert_true (sanhe_test_wait_until (has_expected_bursts, pending, WAIT_SECONDS));
  g_assert_cmpuint (arrivals.n, ==, 2);
  g_assert_cmpint (arrivals.task, ==, sanhe_test_member_int (newest, "id"));
  /* Announced as the user reads it: the process by name, then the summary. */
  {
    g_autofree char *announced = g_strconcat ("Travel expense · ", sanhe_test_member_string (newest, "summary"), NULL);

    g_assert_cmpstr (arrivals.summary, ==, announced);
  }
  g_assert_cmpuint (sanhe_oa_pending_get_count (pending), ==, before + 2);
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 2);
  sanhe_oa_pending_mark_seen (pending);
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 0);

  /* Ben approves one himself: one less, nothing announced. */
  path = g_strdup_printf ("/api/v1/oa/tasks/%" G_GINT64_FORMAT "/approve", sanhe_test_member_int (newest, "id"));
  response = sanhe_test_request (server, "POST", path, ben_token, "{}");
  sanhe_test_assert_status (response, 200);
  sanhe_oa_pending_refresh (pending);
  expected_count = before + 1;
  g_assert_true (sanhe_test_wait_until (has_expected_count, pending, WAIT_SECONDS));
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 0);

  /* An assignment event makes it look again by itself. */
  sanhe_test_submit_travel_expense (server, joe_token, "35.00", "Bus to the warehouse");
  sanhe_oa_pending_handle_event (pending, "oa.task.assigned", NULL);
  expected_bursts = 2;
  g_assert_true (sanhe_test_wait_until (has_expected_bursts, pending, WAIT_SECONDS));
  g_assert_cmpuint (arrivals.n, ==, 1);
  g_assert_cmpuint (sanhe_oa_pending_get_count (pending), ==, before + 2);
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 1);

  /* Signing out. */
  sanhe_oa_pending_stop (pending);
  g_assert_false (sanhe_oa_pending_get_loaded (pending));
  g_assert_cmpuint (sanhe_oa_pending_get_count (pending), ==, 0);
  g_assert_cmpuint (sanhe_oa_pending_get_unseen (pending), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char * const server_args[] = { "--demo", NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = sanhe_test_server_start (server_args);
  g_assert_nonnull (server);
  joe_token = sanhe_test_login (server, "joe", "sanhe-demo");
  ben_token = sanhe_test_login (server, "ben", "sanhe-demo");
  g_assert_nonnull (joe_token);
  g_assert_nonnull (ben_token);
  sanhe_test_submit_travel_expense (server, joe_token, "1280.50", "Customer visit in Shenzhen");

  g_test_add_func ("/oa/pending/count-and-arrivals", test_pending);

  status = g_test_run ();
  sanhe_test_server_stop (server);
  g_free (joe_token);
  g_free (ben_token);
  g_free (arrivals.summary);

  return status;
}
