/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include "core/sanhe-auth.h"
#include "core/sanhe-bootstrap.h"
#include "core/sanhe-db.h"
#include "core/sanhe-embedded-pg.h"
#include "core/sanhe-events.h"
#include "core/sanhe-http.h"
#include "core/sanhe-migrate.h"
#include "core/sanhe-router.h"
#include "erp/sanhe-import.h"

#include "oa/sanhe-oa-module.h"
#include "sanhe-modules.h"
#include "sanhe-server-app.h"

typedef struct
{
  char            *listen;
  char            *data_dir;
  char            *database_url;
  gboolean         demo;
  gboolean         version;
  char            *day0;
  int              session_ttl;
  gint64           max_body;
  int              pool_size;

  SanheConfig      config;
  SanheEmbeddedPg *embedded;
  SanheDbPool     *pool;
  SanheRouter     *router;
  SanheHttp       *http;
  SanheEventHub   *hub;
  SanheOaScheduler *oa_scheduler;
  GMainLoop       *loop;
  guint            signal_ids[2];
  gboolean         stopping;
} App;

static gboolean
parse_options (App    *app,
               int    *argc,
               char ***argv,
               GError **error)
{
  g_autoptr(GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &app->listen, "Address to listen on (default 127.0.0.1:8080)", "HOST:PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &app->data_dir, "Directory of the embedded database", "DIR" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &app->database_url, "External PostgreSQL (or SANHE_DATABASE_URL)", "URL" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &app->demo, "Load the demo company on first start", NULL },
    { "session-ttl", 0, 0, G_OPTION_ARG_INT, &app->session_ttl, "Session lifetime in seconds (default 28800)", "SECONDS" },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &app->max_body, "Largest request body in bytes (default 1048576)", "BYTES" },
    { "pool-size", 0, 0, G_OPTION_ARG_INT, &app->pool_size, "Database connections and worker threads (default 8)", "N" },
    { "day0", 0, 0, G_OPTION_ARG_STRING, &app->day0, "import: the date day offsets count from (default today)", "YYYY-MM-DD" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &app->version, "Print the version and exit", NULL },
    { NULL }
  };

  context = g_option_context_new ("[import FILE] — the Sanhe application server");
  g_option_context_set_description (context,
                                    "With no command, serves the API. “import FILE” loads an "
                                    "erp-anchor-dataset/1 file into the database and exits.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (app->database_url == NULL && g_getenv ("SANHE_DATABASE_URL") != NULL)
    app->database_url = g_strdup (g_getenv ("SANHE_DATABASE_URL"));
  if (app->listen == NULL)
    app->listen = g_strdup ("127.0.0.1:8080");
  if (app->data_dir == NULL)
    app->data_dir = sanhe_embedded_pg_default_data_dir ();

  if (app->session_ttl < 0 || app->max_body < 0 || app->pool_size < 0 || app->pool_size > 200)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--session-ttl, --max-body and --pool-size take positive numbers (pool at most 200).");
      return FALSE;
    }

  app->config = (SanheConfig) {
    .max_body_bytes = app->max_body > 0 ? (guint64) app->max_body : 1024 * 1024,
    .session_ttl_seconds = app->session_ttl > 0 ? app->session_ttl : 8 * 3600,
    .login_max_failures = 10,
    .login_window_seconds = 15 * 60,
    .db_pool_size = app->pool_size > 0 ? (guint) app->pool_size : 8,
    .db_acquire_timeout_ms = 10000,
  };
  return TRUE;
}

/* Starts the embedded database when no URL was given; migrates, creates
 * the admin, loads the demo. Returns a connection for the caller's use. */
static PGconn *
open_database (App      *app,
               GError  **error)
{
  PGconn *conn;

  if (app->database_url == NULL)
    {
      app->embedded = sanhe_embedded_pg_start (app->data_dir, PG_BINDIR, error);
      if (app->embedded == NULL)
        return NULL;
      app->database_url = g_strdup (sanhe_embedded_pg_get_conninfo (app->embedded));
      g_message ("Using the embedded database in %s", app->data_dir);
    }

  conn = sanhe_db_connect (app->database_url, error);
  if (conn == NULL)
    return NULL;

  if (!sanhe_migrate (conn, NULL, error) ||
      !sanhe_bootstrap_admin (conn, g_getenv ("SANHE_ADMIN_PASSWORD"), error) ||
      (app->demo && !sanhe_bootstrap_demo (conn, error)))
    {
      PQfinish (conn);
      return NULL;
    }

  return conn;
}

/* All before the first request: database ready, pool and event hub up. */
static gboolean
prepare_database (App      *app,
                  GError  **error)
{
  PGconn *conn = open_database (app, error);

  if (conn == NULL)
    return FALSE;
  PQfinish (conn);

  app->pool = sanhe_db_pool_new (app->database_url, app->config.db_pool_size, error);
  if (app->pool == NULL)
    return FALSE;

  app->hub = sanhe_event_hub_new (app->database_url, error);
  return app->hub != NULL;
}

static gboolean
parse_day0 (const char  *text,
            GDate       *out,
            GError     **error)
{
  if (text == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      return TRUE;
    }

  g_date_clear (out, 1);
  g_date_set_parse (out, text);
  if (strlen (text) != 10 || !g_date_valid (out))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--day0 takes a date such as 2026-11-23, not “%s”.", text);
      return FALSE;
    }
  return TRUE;
}

/* sanhe-server import FILE: load a data set in one transaction and exit. */
static int
run_import (App         *app,
            const char  *path,
            GError     **error)
{
  SanheImportStats stats = { 0 };
  GDate day0;
  PGconn *conn;
  gboolean ok;

  if (!parse_day0 (app->day0, &day0, error))
    return 2;

  conn = open_database (app, error);
  if (conn == NULL)
    return 1;

  ok = sanhe_import_file (conn, path, &day0, &stats, error);
  PQfinish (conn);
  if (!ok)
    return 1;

  g_print ("sanhe-server: imported %u items, %u BOM lines, %u sales-order lines, %u purchase lines, "
           "%u production tasks in %" G_GINT64_FORMAT " ms\n",
           stats.items, stats.bom_lines, stats.order_lines, stats.purchase_lines, stats.production_tasks,
           stats.elapsed_ms);
  return 0;
}

static void
on_drained_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  App *app = user_data;

  sanhe_http_drain_finish (app->http, result);
  sanhe_event_hub_close_all (app->hub);
  g_main_loop_quit (app->loop);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  App *app = user_data;

  if (app->stopping)
    return G_SOURCE_CONTINUE;

  /* Finish what is running, refuse what is new, then stop the database. */
  app->stopping = TRUE;
  g_message ("Stopping: finishing the requests in progress.");
  sanhe_http_drain_async (app->http, 10000, on_drained_cb, app);
  return G_SOURCE_CONTINUE;
}

static void
app_clear (App *app)
{
  for (guint i = 0; i < G_N_ELEMENTS (app->signal_ids); i++)
    g_clear_handle_id (&app->signal_ids[i], g_source_remove);
  g_clear_pointer (&app->oa_scheduler, sanhe_oa_scheduler_free);
  g_clear_pointer (&app->http, sanhe_http_free);
  g_clear_pointer (&app->hub, sanhe_event_hub_free);
  g_clear_pointer (&app->router, sanhe_router_free);
  g_clear_pointer (&app->pool, sanhe_db_pool_free);
  g_clear_pointer (&app->embedded, sanhe_embedded_pg_stop);
  g_clear_pointer (&app->loop, g_main_loop_unref);
  g_free (app->listen);
  g_free (app->data_dir);
  g_free (app->database_url);
  g_free (app->day0);
}

int
sanhe_server_app_run (int    argc,
                      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  App app = { 0 };
  int status = 1;

  setlocale (LC_ALL, "");

  if (!parse_options (&app, &argc, &argv, &error))
    {
      g_printerr ("sanhe-server: %s\n", error->message);
      app_clear (&app);
      return 2;
    }

  if (app.version)
    {
      g_print ("sanhe-server %s\n", PACKAGE_VERSION);
      app_clear (&app);
      return 0;
    }

  if (argc >= 2 && g_str_equal (argv[1], "import"))
    {
      if (argc != 3)
        {
          g_printerr ("sanhe-server: usage: sanhe-server import FILE [--day0 YYYY-MM-DD] "
                      "[--database URL | --data-dir DIR]\n");
          app_clear (&app);
          return 2;
        }
      status = run_import (&app, argv[2], &error);
      if (error != NULL)
        g_printerr ("sanhe-server: %s\n", error->message);
      app_clear (&app);
      return status;
    }
  if (argc > 1)
    {
      g_printerr ("sanhe-server: unknown command “%s”; see --help.\n", argv[1]);
      app_clear (&app);
      return 2;
    }

  app.loop = g_main_loop_new (NULL, FALSE);
  app.signal_ids[0] = g_unix_signal_add (SIGINT, on_signal_cb, &app);
  app.signal_ids[1] = g_unix_signal_add (SIGTERM, on_signal_cb, &app);

  if (!sanhe_auth_init (&error) || !prepare_database (&app, &error))
    goto out;

  app.router = sanhe_router_new ();
  sanhe_modules_register (app.router);

  app.http = sanhe_http_new (app.router, app.pool, &app.config);
  sanhe_http_set_authenticator (app.http, sanhe_auth_authenticate);
  sanhe_http_set_websocket_handler (app.http, sanhe_event_hub_context_for, sanhe_event_hub_add, app.hub);
  /* Approval timeouts: due timers are claimed once a minute. */
  app.oa_scheduler = sanhe_oa_scheduler_new (app.pool, 60);
  if (!sanhe_http_listen (app.http, app.listen, &url, &error))
    goto out;

  /* Tests and scripts wait for exactly this line. */
  printf ("sanhe-server: listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (app.loop);
  status = 0;

out:
  if (error != NULL)
    g_printerr ("sanhe-server: %s\n", error->message);
  app_clear (&app);
  if (status == 0)
    g_message ("Stopped.");
  return status;
}
