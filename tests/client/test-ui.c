/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-test-client.h"
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
  g_autofree char *row = select >= 0 ? g_strdup_printf ("%d", select) : NULL;
  const char * const env[] = {
    "SANHE_SCREENSHOT", screenshot,
    "SANHE_SCREENSHOT_PAGE", screenshot != NULL ? page : NULL,
    "SANHE_SCREENSHOT_SELECT", screenshot != NULL ? row : NULL,
    NULL
  };
  g_autoptr(SanheTestClient) client = sanhe_test_client_spawn (server, login, password, language,
                                                               SANHE_TEST_CLIENT_DEFAULT, env);

  /* timeout(1) ends a hung client: status 124. */
  run->status = sanhe_test_client_wait_exit (client, 0);
  run->output = g_strdup (sanhe_test_client_get_output (client));
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

static void
test_screenshot (gconstpointer data)
{
  const char *language = data;
  g_auto(Run) run = { 0 };
  g_autofree char *name = g_strdup_printf ("screenshot-%s.png", language);
  g_autofree char *path = sanhe_test_screenshot_path (name);

  run_client (language, "admin", server->admin_password, path, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "screenshot saved"));
  /* A window with a list of users and an editor, not a blank surface. */
  sanhe_test_assert_png (path, 30000, 800, 600);
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
  g_autofree char *path = sanhe_test_screenshot_path (name);

  run_client_on (shot->language, "admin", server->admin_password, path, shot->page, shot->select, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.output, "screenshot saved"));
  sanhe_test_assert_png (path, 30000, 800, 600);
}

/* A planner works in ERP (items, orders, MRP); an HR clerk has no ERP
 * workspace at all. */
static void
test_erp_permissions (void)
{
  g_auto(Run) planner = { 0 };
  g_auto(Run) hr = { 0 };
  g_autofree char *path = sanhe_test_screenshot_path ("screenshot-erp-mrp-planner.png");
  g_autofree char *nowhere = sanhe_test_screenshot_path ("screenshot-erp-hr.png");

  run_client_on ("en", "paul", "sanhe-demo", path, "erp-mrp", 0, &planner);
  g_assert_cmpint (planner.status, ==, 0);
  sanhe_test_assert_png (path, 30000, 800, 600);

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
