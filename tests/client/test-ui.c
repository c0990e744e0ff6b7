/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "sanhe-test-server.h"

/*
 * The real `sanhe` binary against a real server (--demo) under Xvfb, in
 * each language: log in as admin, open Administration → Users, save a
 * screenshot through GTK's own snapshot; and a wrong password, which must
 * print the error code and exit non-zero. A server that does not start
 * fails the test (the harness asserts it), it never skips.
 *
 * The ERP workspace is shot on the benchmark data (small.json: 200 items,
 * their BOMs and stock, 50 confirmed sales orders, imported into the
 * server's database with `sanhe-server import`) after one MRP run: the
 * items with a BOM, MRP's suggestions, the sales orders and the kit
 * analysis of the first, in each language; and who sees it: a planner
 * does, an HR clerk does not.
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * SANHE_BENCH_SMALL, GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR,
 * SANHE_SCREENSHOT_DIR; SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */

#define RUN_TIMEOUT_SECONDS 120

static SanheTestServer *server;

typedef struct
{
  int   status;
  char *output;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->output, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the client under Xvfb and a private D-Bus, in @language; with
 * @screenshot, it shows @page (selecting row @select when >= 0). */
static void
run_client_on (const char  *language,
               const char  *login,
               const char  *password,
               const char  *screenshot,
               const char  *page,
               int          select,
               Run         *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  const char *binary = g_getenv ("SANHE_CLIENT_BINARY");
  g_autofree char *seconds = g_strdup_printf ("%d", RUN_TIMEOUT_SECONDS);

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
  g_subprocess_launcher_setenv (launcher, "SANHE_PASSWORD", password, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_AUTOLOGIN", "1", TRUE);
  if (screenshot != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT", screenshot, TRUE);
      g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT_PAGE", page, TRUE);
      if (select >= 0)
        {
          g_autofree char *row = g_strdup_printf ("%d", select);

          g_subprocess_launcher_setenv (launcher, "SANHE_SCREENSHOT_SELECT", row, TRUE);
        }
    }

  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "timeout", seconds,
                                         "xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                                         "dbus-run-session", "--", binary, NULL);
  g_assert_no_error (error);

  /* timeout(1) ends a hung client: status 124. */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_buf, &stderr_buf, &error);
  g_assert_no_error (error);

  g_subprocess_wait (process, NULL, NULL);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  run->output = g_strdup (stdout_buf);

  g_test_message ("sanhe (%s) exited %d\nstdout:\n%s\nstderr:\n%s",
                  language, run->status, stdout_buf, stderr_buf);
}

static void
run_client (const char  *language,
            const char  *login,
            const char  *password,
            const char  *screenshot,
            Run         *run)
{
  run_client_on (language, login, password, screenshot, "admin-users", 1, run);
}

/* Width and height from a PNG's IHDR chunk. */
static void
read_png_size (const char *path,
               guint      *width,
               guint      *height)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const guchar *bytes;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (data, 8, "\211PNG\r\n\032\n", 8);

  bytes = (const guchar *)data;
  *width = (guint)bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
  *height = (guint)bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
}

static void
test_screenshot (gconstpointer data)
{
  const char *language = data;
  g_auto(Run) run = { 0 };
  g_autofree char *name = g_strdup_printf ("screenshot-%s.png", language);
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  guint width, height;

  g_file_delete (file, NULL, NULL);
  run_client (language, "admin", server->admin_password, path, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "screenshot saved"));

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  g_assert_nonnull (info);
  /* A window with a list of users and an editor, not a blank surface. */
  g_assert_cmpint (g_file_info_get_size (info), >, 30000);
  read_png_size (path, &width, &height);
  g_assert_cmpuint (width, >=, 800);
  g_assert_cmpuint (height, >=, 600);
}

/* Asserts @path is a real screenshot of a whole window. */
static void
assert_screenshot (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  guint width, height;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  g_assert_nonnull (info);
  g_assert_cmpint (g_file_info_get_size (info), >, 30000);
  read_png_size (path, &width, &height);
  g_assert_cmpuint (width, >=, 800);
  g_assert_cmpuint (height, >=, 600);
}

typedef struct
{
  const char *page;      /* SANHE_SCREENSHOT_PAGE */
  int         select;    /* row to select, -1 none */
  const char *language;
  char       *path;      /* test path */
} ErpShot;

static const struct
{
  const char *page;
  int         select;
} erp_pages[] = {
  { "erp-items", 0 },          /* FG-00001: a BOM several levels deep */
  { "erp-mrp", 0 },            /* the suggestions of the run made below, and one's pegging */
  { "erp-sales-orders", 0 },   /* SO00001 and its lines */
  { "erp-kit", -1 },           /* the kit analysis of the first confirmed order */
};

static void
test_erp_screenshot (gconstpointer data)
{
  const ErpShot *shot = data;
  g_auto(Run) run = { 0 };
  g_autofree char *name = g_strdup_printf ("screenshot-%s-%s.png", shot->page, shot->language);
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_file_delete (file, NULL, NULL);
  run_client_on (shot->language, "admin", server->admin_password, path, shot->page, shot->select, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "screenshot saved"));
  assert_screenshot (path);
}

/* A planner works in ERP (items, orders, MRP); an HR clerk has no ERP
 * workspace at all. */
static void
test_erp_permissions (void)
{
  g_auto(Run) planner = { 0 };
  g_auto(Run) hr = { 0 };
  g_autofree char *path = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"),
                                            "screenshot-erp-mrp-planner.png", NULL);
  g_autofree char *nowhere = g_build_filename (g_getenv ("SANHE_SCREENSHOT_DIR"),
                                               "screenshot-erp-hr.png", NULL);

  run_client_on ("en", "paul", "sanhe-demo", path, "erp-mrp", 0, &planner);
  g_assert_cmpint (planner.status, ==, 0);
  assert_screenshot (path);

  run_client_on ("en", "fanny", "sanhe-demo", nowhere, "erp-items", -1, &hr);
  g_assert_cmpint (hr.status, ==, 3);
}

/* small.json into the server's database, then one MRP run. */
static void
load_erp_data (void)
{
  const char *binary = g_getenv ("SANHE_SERVER_BINARY");
  const char *data = g_getenv ("SANHE_BENCH_SMALL");
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(SanheTestResponse) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_nonnull (binary);
  if (data == NULL || !g_file_test (data, G_FILE_TEST_IS_REGULAR))
    g_error ("The benchmark data set %s is missing (../shared/bench beside the source tree).",
             data ? data : "(SANHE_BENCH_SMALL unset)");

  import = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, binary, "import", data,
                             "--database", server->database_url, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (import, NULL, &error);
  g_assert_no_error (error);

  token = sanhe_test_login (server, "admin", server->admin_password);
  g_assert_nonnull (token);
  run = sanhe_test_request (server, "POST", "/api/v1/erp/mrp/runs", token, "{}");
  sanhe_test_assert_status (run, 201);
}

typedef struct
{
  const char *language;
  const char *login;
  const char *text;  /* the start of the translated message */
} WrongPassword;

static const WrongPassword wrong_passwords[] = {
  { "en", "joe", "Wrong login or password." },
  { "zh_CN", "anna", "登录名或密码错误" },
  { "es", "paul", "Usuario o contraseña incorrectos." },
};

static void
test_wrong_password (gconstpointer data)
{
  const WrongPassword *wrong = data;
  g_auto(Run) run = { 0 };
  g_autofree char *expected = g_strconcat ("login failed: auth.invalid_credentials: ",
                                           wrong->text, NULL);

  run_client (wrong->language, wrong->login, "not-the-password", NULL, &run);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.output, expected));
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
  load_erp_data ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/admin-users/screenshot/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_screenshot);
    }
  for (guint i = 0; i < G_N_ELEMENTS (wrong_passwords); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/login/wrong-password/%s",
                                               wrong_passwords[i].language);

      g_test_add_data_func (path, &wrong_passwords[i], test_wrong_password);
    }

  for (guint p = 0; p < G_N_ELEMENTS (erp_pages); p++)
    for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
      {
        ErpShot *shot = g_new0 (ErpShot, 1);

        shot->page = erp_pages[p].page;
        shot->select = erp_pages[p].select;
        shot->language = languages[i];
        shot->path = g_strdup_printf ("/ui/%s/screenshot/%s", shot->page, shot->language);
        g_test_add_data_func_full (shot->path, shot, test_erp_screenshot, NULL);
      }
  g_test_add_func ("/ui/erp/permissions", test_erp_permissions);

  status = g_test_run ();
  sanhe_test_server_stop (server);

  return status;
}
