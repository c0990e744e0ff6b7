/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "sanhe-test-server.h"

#define LISTEN_PREFIX "sanhe-server: listening on "
#define START_TIMEOUT_SECONDS 30
#define STOP_TIMEOUT_SECONDS 30

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The public struct comes first so a SanheTestServer* is one of these. */
typedef struct
{
  SanheTestServer pub;

  char *database_name;
  char *cluster_url;
  SoupSession *session;
  GThread *owner;

  /* Filled by the stdout reader thread. */
  GThread *reader;
  GMutex lock;
  GCond cond;
  char *listen_url;
  gboolean eof;
} TestServer;

static gint database_counter;

static PGconn *
connect_or_die (const char *url)
{
  PGconn *conn = PQconnectdb (url);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to the test cluster (%s): %s", url, PQerrorMessage (conn));

  return conn;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("SQL failed on the test cluster: %s\n%s", sql, PQerrorMessage (conn));
}

/* Rewrites a libpq URL/conninfo so it names @dbname, as a URI. */
static char *
database_url_for (const char *cluster_url,
                  const char *dbname)
{
  g_autoptr(GString) url = g_string_new ("postgresql:///");
  PQconninfoOption *options;
  char *errmsg = NULL;
  gboolean first = TRUE;

  options = PQconninfoParse (cluster_url, &errmsg);
  if (options == NULL)
    g_error ("SANHE_TEST_DATABASE_URL is not a valid libpq URL: %s", errmsg ? errmsg : "out of memory");

  g_string_append_uri_escaped (url, dbname, NULL, FALSE);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0' || strcmp (o->keyword, "dbname") == 0)
        continue;
      g_string_append_c (url, first ? '?' : '&');
      g_string_append (url, o->keyword);
      g_string_append_c (url, '=');
      g_string_append_uri_escaped (url, o->val, NULL, FALSE);
      first = FALSE;
    }
  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static char *
random_password (void)
{
  return g_strdup_printf ("test-%08x%08x-Pw", g_random_int (), g_random_int ());
}

static void
child_setup (gpointer user_data)
{
  /* A test that aborts must not leave its server behind. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gpointer
read_stdout_thread (gpointer data)
{
  TestServer *self = data;
  GInputStream *out = g_subprocess_get_stdout_pipe (self->pub.process);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (out);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      if (line == NULL)
        break;

      g_mutex_lock (&self->lock);
      if (self->listen_url == NULL && g_str_has_prefix (line, LISTEN_PREFIX))
        {
          self->listen_url = g_strstrip (g_strdup (line + strlen (LISTEN_PREFIX)));
          g_cond_broadcast (&self->cond);
        }
      else
        {
          /* Anything else on stdout belongs in the test log too. */
          g_printerr ("sanhe-server stdout: %s\n", line);
        }
      g_mutex_unlock (&self->lock);
    }

  g_mutex_lock (&self->lock);
  self->eof = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return NULL;
}

static void
on_wait_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for @process to end; FALSE after @seconds. */
static gboolean
wait_process (GSubprocess *process,
              guint        seconds)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (seconds);
  gboolean done = FALSE;
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  g_subprocess_wait_async (process, NULL, on_wait_done_cb, &done);
  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  /* Let a pending wait callback run before its context goes away. */
  if (!done)
    {
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  return !timed_out;
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    return g_strdup_printf ("was killed by signal %d (%s)", g_subprocess_get_term_sig (process),
                            g_strsignal (g_subprocess_get_term_sig (process)));
  return g_strdup ("ended in an unknown way");
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("max-conns", 64,
                                        "max-conns-per-host", 32,
                                        "timeout", 120,
                                        "user-agent", "sanhe-tests",
                                        NULL);
}

SanheTestServer *
sanhe_test_server_start (const char * const *extra_args)
{
  const char *cluster_url = g_getenv ("SANHE_TEST_DATABASE_URL");
  const char *binary = g_getenv ("SANHE_SERVER_BINARY");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *create = NULL;
  TestServer *self;
  gint64 deadline;

  if (cluster_url == NULL || *cluster_url == '\0')
    g_error ("SANHE_TEST_DATABASE_URL is not set: run the tests under tests/with-pg.sh "
             "(tools/check does). Database tests fail rather than skip.");
  if (binary == NULL || *binary == '\0')
    g_error ("SANHE_SERVER_BINARY is not set: meson sets it to the built sanhe-server.");
  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("SANHE_SERVER_BINARY (%s) is not an executable file.", binary);

  self = g_new0 (TestServer, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->cluster_url = g_strdup (cluster_url);
  self->database_name = g_strdup_printf ("sanhe_t_%d_%d", (int) getpid (),
                                         g_atomic_int_add (&database_counter, 1));
  self->pub.database_url = database_url_for (cluster_url, self->database_name);
  self->pub.admin_password = random_password ();

  conn = connect_or_die (cluster_url);
  create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'",
                            self->database_name);
  exec_or_die (conn, create);
  g_clear_pointer (&conn, PQfinish);

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, self->pub.database_url);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "SANHE_ADMIN_PASSWORD", self->pub.admin_password, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "SANHE_DATABASE_URL");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->pub.process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (self->pub.process == NULL)
    g_error ("Cannot start %s: %s", binary, error->message);

  self->reader = g_thread_new ("sanhe-server-stdout", read_stdout_thread, self);

  deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_TIME_SPAN_SECOND;
  g_mutex_lock (&self->lock);
  while (self->listen_url == NULL && !self->eof)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  g_mutex_unlock (&self->lock);

  if (self->listen_url == NULL)
    {
      g_autofree char *how = NULL;
      gboolean timed_out = !self->eof;

      g_subprocess_force_exit (self->pub.process);
      wait_process (self->pub.process, 10);
      how = describe_exit (self->pub.process);
      if (timed_out)
        g_error ("sanhe-server did not print '" LISTEN_PREFIX "…' within %d s (it %s).",
                 START_TIMEOUT_SECONDS, how);
      g_error ("sanhe-server ended before listening: it %s (see its stderr above).", how);
    }

  if (!g_str_has_prefix (self->listen_url, "http://127.0.0.1:"))
    g_error ("sanhe-server announced '%s'; expected http://127.0.0.1:PORT", self->listen_url);

  self->pub.base_url = g_strdup (self->listen_url);
  /* Trailing slashes would double up with paths. */
  while (g_str_has_suffix (self->pub.base_url, "/"))
    self->pub.base_url[strlen (self->pub.base_url) - 1] = '\0';

  self->owner = g_thread_self ();
  self->session = new_session ();

  g_test_message ("sanhe-server up at %s on database %s", self->pub.base_url, self->database_name);

  return &self->pub;
}

void
sanhe_test_server_stop (SanheTestServer *server)
{
  TestServer *self = (TestServer *) server;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *how = NULL;
  gboolean exited_in_time;

  if (server == NULL)
    return;

  /* Close our keep-alive connections first: a clean shutdown must not
   * depend on clients hanging up, but let the log stay quiet. */
  g_clear_object (&self->session);

  g_subprocess_send_signal (server->process, SIGTERM);
  exited_in_time = wait_process (server->process, STOP_TIMEOUT_SECONDS);
  how = describe_exit (server->process);
  if (!exited_in_time)
    g_error ("sanhe-server did not exit within %d s of SIGTERM (killed; it %s).",
             STOP_TIMEOUT_SECONDS, how);
  if (!g_subprocess_get_if_exited (server->process) || g_subprocess_get_exit_status (server->process) != 0)
    g_error ("sanhe-server did not exit cleanly on SIGTERM: it %s (see its stderr above).", how);

  g_thread_join (g_steal_pointer (&self->reader));

  conn = connect_or_die (self->cluster_url);
  drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", self->database_name);
  exec_or_die (conn, drop);

  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);
  g_clear_pointer (&server->database_url, g_free);
  g_clear_pointer (&server->admin_password, g_free);
  g_clear_pointer (&self->database_name, g_free);
  g_clear_pointer (&self->cluster_url, g_free);
  g_clear_pointer (&self->listen_url, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/* HTTP */

SanheTestResponse *
sanhe_test_request_raw (SanheTestServer    *server,
                        const char         *method,
                        const char         *path,
                        const char         *token,
                        const char         *content_type,
                        const char         *body,
                        gssize              length,
                        const char * const *headers)
{
  TestServer *self = (TestServer *) server;
  g_autoptr(SoupSession) own_session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *request_headers;
  SanheTestResponse *r;
  SoupSession *session;
  GBytes *bytes;

  g_assert_nonnull (server);
  g_assert_nonnull (server->base_url);

  url = g_strconcat (server->base_url, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    g_error ("Not a valid request URL: %s %s", method, url);

  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) payload = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
      soup_message_set_request_body_from_bytes (msg, content_type, payload);
    }

  /* libsoup sessions are used from one thread: other threads get their own. */
  if (self->session != NULL && g_thread_self () == self->owner)
    session = self->session;
  else
    session = own_session = new_session ();

  bytes = soup_session_send_and_read (session, msg, NULL, &error);

  r = g_new0 (SanheTestResponse, 1);
  if (bytes == NULL)
    {
      /* No HTTP answer at all: status 0, and the assertions say why. */
      r->transport_error = g_strdup_printf ("%s %s: %s", method, path, error->message);
      r->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      r->raw = g_bytes_new (NULL, 0);
      g_test_message ("no answer: %s", r->transport_error);
      return r;
    }

  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  r->raw = bytes;

  if (g_bytes_get_size (bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) parse_error = NULL;
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      if (json_parser_load_from_data (parser, data, size, &parse_error) && json_parser_get_root (parser))
        r->body = json_node_ref (json_parser_get_root (parser));
      else
        g_test_message ("%s %s → %u: body is not JSON (%s): %.*s", method, path, r->status,
                        parse_error ? parse_error->message : "empty", (int) MIN (size, 400), data);
    }

  return r;
}

SanheTestResponse *
sanhe_test_request (SanheTestServer *server,
                    const char      *method,
                    const char      *path,
                    const char      *token,
                    const char      *body)
{
  return sanhe_test_request_raw (server, method, path, token,
                                 body != NULL ? "application/json" : NULL, body, -1, NULL);
}

SanheTestResponse *
sanhe_test_requestf (SanheTestServer *server,
                     const char      *method,
                     const char      *token,
                     const char      *body,
                     const char      *path_format,
                     ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);

  return sanhe_test_request (server, method, path, token, body);
}

void
sanhe_test_response_free (SanheTestResponse *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->body, json_node_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_pointer (&r->raw, g_bytes_unref);
  g_clear_pointer (&r->transport_error, g_free);
  g_free (r);
}

JsonObject *
sanhe_test_object (SanheTestResponse *r)
{
  if (r == NULL || r->body == NULL || !JSON_NODE_HOLDS_OBJECT (r->body))
    return NULL;
  return json_node_get_object (r->body);
}

static JsonObject *
error_object (SanheTestResponse *r)
{
  JsonObject *root = sanhe_test_object (r);
  JsonNode *error;

  if (root == NULL)
    return NULL;
  error = json_object_get_member (root, "error");
  if (error == NULL || !JSON_NODE_HOLDS_OBJECT (error))
    return NULL;
  return json_node_get_object (error);
}

const char *
sanhe_test_error_code (SanheTestResponse *r)
{
  JsonObject *error = error_object (r);
  JsonNode *code;

  if (error == NULL)
    return NULL;
  code = json_object_get_member (error, "code");
  if (code == NULL || json_node_get_value_type (code) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (code);
}

JsonNode *
sanhe_test_error_details (SanheTestResponse *r)
{
  JsonObject *error = error_object (r);

  return error ? json_object_get_member (error, "details") : NULL;
}

const char *
sanhe_test_field_code (SanheTestResponse *r,
                       const char        *field)
{
  JsonNode *details = sanhe_test_error_details (r);
  JsonNode *fields;
  JsonNode *problem;

  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return NULL;
  fields = json_object_get_member (json_node_get_object (details), "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return NULL;
  problem = json_object_get_member (json_node_get_object (fields), field);
  if (problem == NULL || !JSON_NODE_HOLDS_OBJECT (problem))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (problem), "code", NULL);
}

char *
sanhe_test_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (node == NULL)
    return g_strdup ("(none)");
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

JsonNode *
sanhe_test_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("Test JSON does not parse: %s: %s", error->message, json);
  return json_node_ref (json_parser_get_root (parser));
}

static char *
describe_response (SanheTestResponse *r)
{
  gsize size = 0;
  const char *data = r->raw ? g_bytes_get_data (r->raw, &size) : NULL;

  if (r->transport_error != NULL)
    return g_strdup_printf ("no answer (%s)", r->transport_error);
  return g_strdup_printf ("status %u, body: %.*s", r->status, (int) MIN (size, 2000),
                          data ? data : "");
}

void
sanhe_test_assert_status_impl (SanheTestResponse *r,
                               guint              expected,
                               const char        *code,
                               const char        *file,
                               int                line,
                               const char        *func)
{
  const char *got_code;

  g_assert_nonnull (r);
  got_code = sanhe_test_error_code (r);

  if (r->status != expected || (code != NULL && g_strcmp0 (got_code, code) != 0))
    {
      g_autofree char *what = describe_response (r);
      g_autofree char *msg = g_strdup_printf ("expected status %u%s%s, got %s",
                                              expected, code ? " code " : "", code ? code : "", what);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
    }
}

void
sanhe_test_assert_field_error_impl (SanheTestResponse *r,
                                    const char        *field,
                                    const char        *code,
                                    const char        *file,
                                    int                line,
                                    const char        *func)
{
  const char *got;

  sanhe_test_assert_status_impl (r, 422, "validation.failed", file, line, func);
  got = sanhe_test_field_code (r, field);
  if (g_strcmp0 (got, code) != 0)
    {
      g_autofree char *what = describe_response (r);
      g_autofree char *msg = g_strdup_printf ("expected details.fields.%s.code = %s, got %s; %s",
                                              field, code, got ? got : "(none)", what);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
    }
}

char *
sanhe_test_login (SanheTestServer *server,
                  const char      *login,
                  const char      *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SanheTestResponse) r = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;
  const char *token;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = sanhe_test_to_string (root);

  r = sanhe_test_request (server, "POST", "/api/v1/session", NULL, body);
  sanhe_test_assert_status (r, 201);
  object = sanhe_test_object (r);
  g_assert_nonnull (object);
  token = json_object_get_string_member_with_default (object, "token", NULL);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, !=, "");

  return g_strdup (token);
}

/* Direct SQL */

char *
sanhe_test_sql_value (SanheTestServer *server,
                      const char      *sql)
{
  g_autoptr(PGconn) conn = connect_or_die (server->database_url);
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("SQL failed: %s\n%s", sql, PQerrorMessage (conn));
  if (PQntuples (result) == 0 || PQnfields (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

char *
sanhe_test_dump (SanheTestServer *server)
{
  g_autofree char *pg_dump = g_build_filename (PG_BINDIR, "pg_dump", NULL);
  const char *argv[] = { pg_dump, "--data-only", "--no-owner", "-d", server->database_url, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    g_error ("Cannot run %s: %s", pg_dump, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("pg_dump failed: %s\n%s", error->message, err);
  return out;
}
