/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-ui"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-test-client.h"
#include "sanhe-test-server.h"

/*
 * The approvals inbox of the real `sanhe` binary against a real server
 * (--demo) under Xvfb. Joe submits a travel expense over HTTP; his
 * manager Ben logs in and sees it in his inbox, with its form and history
 * (a screenshot in each language). Then, with Ben's client open on the
 * inbox and nobody clicking, Joe submits another: it must appear, and
 * only the oa.task.assigned event can bring it (the client has no reload
 * timer); its delay is logged, and measured in tests/bench/bench-oa.sh.
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR, SANHE_SCREENSHOT_DIR;
 * SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */


static SanheTestServer *server;
static char *joe_token;

static SanheTestClient *
spawn_client (const char *language,
              const char *login,
              const char *page,
              const char *screenshot,
              const char *wait_tasks)
{
  const char * const env[] = {
    "SANHE_SCREENSHOT", screenshot,
    "SANHE_SCREENSHOT_PAGE", page,
    /* oa-new: the processes come sorted by key; travel_expense is the fifth. */
    "SANHE_SCREENSHOT_SELECT", g_str_equal (page, "oa-new") ? "4" : "0",
    "SANHE_SCREENSHOT_WAIT_TASKS", wait_tasks,
    NULL
  };

  return sanhe_test_client_spawn (server, login, NULL, language, SANHE_TEST_CLIENT_DEFAULT, env);
}

static void
test_inbox_screenshot (gconstpointer data)
{
  const char *language = data;
  g_autofree char *name = g_strdup_printf ("screenshot-oa-inbox-%s.png", language);
  g_autofree char *path = sanhe_test_screenshot_path (name);
  g_autoptr(SanheTestClient) client = spawn_client (language, "ben", "oa-inbox", path, NULL);
  const char *out;

  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  out = sanhe_test_client_get_output (client);
  /* Joe's request, and only it, waits for Ben. */
  g_assert_nonnull (strstr (out, "oa inbox: 1 pending"));
  g_assert_nonnull (strstr (out, "screenshot saved"));
  sanhe_test_assert_png (path, 30000, 800, 600);
}

/* Joe's side: the travel expense form rendered from its definition
 * (oa-new, the fifth process), and his request in My Requests with its
 * state and history (oa-mine). */
static void
test_applicant_screenshot (gconstpointer data)
{
  const char * const *shot = data;  /* page, language */
  g_autofree char *name = g_strdup_printf ("screenshot-%s-%s.png", shot[0], shot[1]);
  g_autofree char *path = sanhe_test_screenshot_path (name);
  g_autoptr(SanheTestClient) client = spawn_client (shot[1], "joe", shot[0], path, NULL);

  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  g_assert_nonnull (strstr (sanhe_test_client_get_output (client), "screenshot saved"));
  /* My Requests names the process in the reader's language. */
  if (g_str_equal (shot[0], "oa-mine"))
    {
      const char *expected = g_str_equal (shot[1], "zh_CN") ? "oa mine: 差旅报销\n"
                             : g_str_equal (shot[1], "es") ? "oa mine: Gastos de viaje\n"
                             : "oa mine: Travel expense\n";

      g_assert_nonnull (strstr (sanhe_test_client_get_output (client), expected));
    }
  sanhe_test_assert_png (path, 30000, 800, 600);
}

static void
test_inbox_live (void)
{
  g_autofree char *path = sanhe_test_screenshot_path ("screenshot-oa-inbox-live.png");
  g_autoptr(SanheTestClient) client = NULL;
  gint64 submitted;
  double elapsed;

  /* Ben has Joe's first request; his client waits for a second. */
  client = spawn_client ("en", "ben", "oa-inbox", path, "2");
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "oa inbox: waiting for 2", 0));
  g_assert_nonnull (sanhe_test_client_wait_line (client, "events: connected", 0));

  submitted = g_get_monotonic_time ();
  sanhe_test_submit_travel_expense (server, joe_token, "420.00", "Taxi to the airport");

  /* The client has no timer that reloads the inbox, and nothing clicks:
   * only the server's push can bring the task. How fast it comes is the
   * OA benchmark's to measure (tests/bench/bench-oa.sh); here it is
   * logged, not asserted, since a loaded CI machine is no stopwatch. */
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "oa inbox: 2 pending", 0));
  elapsed = (g_get_monotonic_time () - submitted) / (double) G_USEC_PER_SEC;
  g_test_message ("the new task appeared after %.3f s", elapsed);

  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "screenshot saved", 0));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  sanhe_test_assert_png (path, 30000, 800, 600);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const languages[] = { "en", "zh_CN", "es" };
  const char * const server_args[] = { "--demo", NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = sanhe_test_server_start (server_args);
  g_assert_nonnull (server);
  joe_token = sanhe_test_login (server, "joe", "sanhe-demo");
  g_assert_nonnull (joe_token);
  sanhe_test_submit_travel_expense (server, joe_token, "1280.50", "Customer visit in Shenzhen");

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/oa/inbox/screenshot/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_inbox_screenshot);
    }
  for (guint p = 0; p < 2; p++)
    for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
      {
        const char *page = p == 0 ? "oa-new" : "oa-mine";
        const char **shot = g_new0 (const char *, 2);
        char *path = g_strdup_printf ("/ui/oa/%s/screenshot/%s", page, languages[i]);

        shot[0] = page;
        shot[1] = languages[i];
        g_test_add_data_func_full (path, shot, test_applicant_screenshot, g_free);
        g_free (path);
      }
  /* Last: it adds a second task. */
  g_test_add_func ("/ui/oa/live/inbox", test_inbox_live);

  status = g_test_run ();
  sanhe_test_server_stop (server);
  g_free (joe_token);

  return status;
}
