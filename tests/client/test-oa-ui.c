/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-ui"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "sanhe-test-server.h"

/*
 * The approvals inbox of the real `sanhe` binary against a real server
 * (--demo) under Xvfb. Joe submits a travel expense over HTTP; his
 * manager Ben logs in and sees it in his inbox, with its form and history
 * (a screenshot in each language). Then, with Ben's client open on the
 * inbox and nobody clicking, Joe submits another: it must appear within
 * two seconds, carried by the oa.task.assigned event.
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR, SANHE_SCREENSHOT_DIR;
 * SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */

#define RUN_TIMEOUT_SECONDS 120
#define LIVE_LIMIT_SECONDS  2.0

static SanheTestServer *server;
static char *joe_token;

static GSubprocess *
spawn_client (const char *language,
              const char *login,
              const char *page,
              const char *screenshot,
              const char *wait_tasks)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SANHE_CLIENT_BINARY");
  g_autofree char *seconds = g_strdup_printf ("%d", RUN_TIMEOUT_SECONDS);
  GSubprocess *process;

  g_assert_nonnull (binary);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_SERVER_URL", server->base_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_LOGIN", login, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_PASSWORD", "sanhe-demo", TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_AUTOLOGIN", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT", screenshot, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT_PAGE", page, TRUE);
  /* oa-new: the processes come sorted by key; travel_expense is the fifth. */
  g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT_SELECT",
                                g_str_equal (page, "oa-new") ? "4" : "0", TRUE);
  if (wait_tasks != NULL)
    g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT_WAIT_TASKS", wait_tasks, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "timeout", seconds,
                                         "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                                         "dbus-run-session", "--", binary, NULL);
  g_assert_no_error (error);

  return process;
}

/* Width and height from a PNG's IHDR chunk; asserts a real window shot. */
static void
assert_screenshot (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const guchar *bytes;
  gsize length;
  guint width, height;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 30000);
  g_assert_cmpmem (data, 8, "\211PNG\r\n\032\n", 8);

  bytes = (const guchar *)data;
  width = (guint)bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
  height = (guint)bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
  g_assert_cmpuint (width, >=, 800);
  g_assert_cmpuint (height, >=, 600);
}

static gint64
submit_travel_expense (const char *amount,
                       const char *purpose)
{
  g_autoptr(SanheTestResponse) response = NULL;
  g_autofree char *body = g_strdup_printf ("{\"process\":\"travel_expense\",\"form\":"
                                           "{\"amount\":\"%s\",\"purpose\":\"%s\","
                                           "\"dates\":{\"start\":\"2026-11-10\",\"end\":\"2026-11-12\"}}}",
                                           amount, purpose);

  response = sanhe_test_request (server, "POST", "/api/v1/oa/requests", joe_token, body);
  sanhe_test_assert_status (response, 201);

  return sanhe_test_member_int (sanhe_test_object (response), "id");
}

static void
test_inbox_screenshot (gconstpointer data)
{
  const char *language = data;
  g_autofree char *name = g_strdup_printf ("screenshot-oa-inbox-%s.png", language);
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_delete (file, NULL, NULL);
  process = spawn_client (language, "ben", "oa-inbox", path, NULL);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, NULL);
  g_test_message ("sanhe (%s)\nstdout:\n%s\nstderr:\n%s", language, out, err);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* Joe's request, and only it, waits for Ben. */
  g_assert_nonnull (strstr (out, "oa inbox: 1 pending"));
  g_assert_nonnull (strstr (out, "screenshot saved"));
  assert_screenshot (path);
}

/* Joe's side: the travel expense form rendered from its definition
 * (oa-new, the fifth process), and his request in My Requests with its
 * state and history (oa-mine). */
static void
test_applicant_screenshot (gconstpointer data)
{
  const char * const *shot = data;  /* page, language */
  g_autofree char *name = g_strdup_printf ("screenshot-%s-%s.png", shot[0], shot[1]);
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_delete (file, NULL, NULL);
  process = spawn_client (shot[1], "joe", shot[0], path, NULL);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, NULL);
  g_test_message ("sanhe (%s %s)\nstdout:\n%s\nstderr:\n%s", shot[0], shot[1], out, err);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "screenshot saved"));
  assert_screenshot (path);
}

/* Reads the client's stdout until a line starts with @prefix. */
static gboolean
read_until (GDataInputStream *lines,
            const char       *prefix)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      if (line == NULL)
        return FALSE;
      g_test_message ("client: %s", line);
      if (g_str_has_prefix (line, prefix))
        return TRUE;
    }
}

static void
test_inbox_live (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"),
                                            "screenshot-oa-inbox-live.png", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  gint64 submitted;
  double elapsed;

  /* Ben has Joe's first request; his client waits for a second. */
  process = spawn_client ("en", "ben", "oa-inbox", path, "2");
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_assert_true (read_until (lines, "oa inbox: waiting for 2"));

  /* The event stream connects right after login; give it a moment. */
  g_usleep (G_USEC_PER_SEC);
  submitted = g_get_monotonic_time ();
  submit_travel_expense ("420.00", "Taxi to the airport");

  g_assert_true (read_until (lines, "oa inbox: 2 pending"));
  elapsed = (g_get_monotonic_time () - submitted) / (double) G_USEC_PER_SEC;
  g_test_message ("the new task appeared after %.3f s", elapsed);
  g_assert_cmpfloat (elapsed, <, LIVE_LIMIT_SECONDS);

  g_assert_true (read_until (lines, "screenshot saved"));
  g_subprocess_wait (process, NULL, NULL);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  assert_screenshot (path);
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
  submit_travel_expense ("1280.50", "Customer visit in Shenzhen");

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
