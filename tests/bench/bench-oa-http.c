/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * The client side of bench-oa: asynchronous JSON exchanges on one main
 * loop, waiting for a count of outstanding work to reach zero, the pool of
 * sign-ins, and percentiles of integer microseconds.
 */

#include "config.h"

#include <stdio.h>

#include "bench-oa.h"

typedef struct
{
  SoupMessage    *message;
  BenchReplyFunc  func;
  gpointer        user_data;
  BenchReply      reply;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->message);
  g_clear_pointer (&exchange->reply.body, json_node_unref);
  g_clear_error (&exchange->reply.error);
  g_free (exchange);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Exchange *exchange = user_data;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &exchange->reply.error);
  exchange->reply.done_us = g_get_monotonic_time ();
  exchange->reply.status = soup_message_get_status (exchange->message);
  data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL) && json_parser_get_root (parser) != NULL)
        exchange->reply.body = json_node_ref (json_parser_get_root (parser));
    }

  exchange->func (&exchange->reply, exchange->user_data);
  exchange_free (exchange);
}

/* Sends @body (or nothing) to @path; @func runs on the main loop with the
 * answer, its JSON parsed, and the times it was sent and read. */
void
bench_http_send (BenchOa        *oa,
                 const char     *method,
                 const char     *path,
                 const char     *token,
                 JsonNode       *body,
                 BenchReplyFunc  func,
                 gpointer        user_data)
{
  g_autofree char *url = g_strconcat (oa->base_url, path, NULL);
  Exchange *exchange = g_new0 (Exchange, 1);
  SoupMessageHeaders *headers;

  exchange->message = soup_message_new (method, url);
  exchange->func = func;
  exchange->user_data = user_data;
  headers = soup_message_get_request_headers (exchange->message);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length;
      char *text;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &length);
      soup_message_set_request_body_from_bytes (exchange->message, "application/json",
                                                g_bytes_new_take (text, length));
    }

  exchange->reply.sent_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (oa->http, exchange->message, G_PRIORITY_DEFAULT, NULL,
                                    on_sent_cb, exchange);
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@pending is 0; FALSE after @timeout_s seconds. */
gboolean
bench_wait (const guint *pending,
            guint        timeout_s)
{
  gboolean timed_out = FALSE;
  guint id;

  if (*pending == 0)
    return TRUE;
  id = g_timeout_add_seconds (timeout_s, on_wait_timeout_cb, &timed_out);
  while (*pending > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *pending == 0;
}

/* Runs the main loop for @ms milliseconds: late events still arrive. */
void
bench_sleep_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wait_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gint64
bench_member_int (JsonNode   *node,
                  const char *member)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (node), member, 0);
}

const char *
bench_member_string (JsonNode   *node,
                     const char *member)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (node), member, NULL);
}

/* {"process":…,"form":{"approver":…,"note":…}}: the bench processes
 * route each request to the user named in its form. */
JsonNode *
bench_request_body (const char *process,
                    gint64      approver,
                    const char *note)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, process);
  json_builder_set_member_name (builder, "form");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "approver");
  json_builder_add_int_value (builder, approver);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, note);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
bench_session_free (BenchSession *session)
{
  g_free (session->login);
  g_free (session->token);
  g_free (session);
}

/* ---- signing in ------------------------------------------------------- */

typedef struct
{
  BenchOa       *oa;
  BenchSession **sessions;
  guint          n_sessions;
  guint          started;
  guint          pending;
  guint          failed;
} SignIn;

typedef struct
{
  SignIn       *sign_in;
  BenchSession *session;
} SignInOne;

static void start_sign_ins (SignIn *sign_in);

static void
on_signed_in_cb (BenchReply *reply,
                 gpointer    user_data)
{
  g_autofree SignInOne *one = user_data;
  BenchSession *session = one->session;
  SignIn *sign_in = one->sign_in;
  JsonNode *user = NULL;
  const char *token = bench_member_string (reply->body, "token");

  if (reply->body != NULL && JSON_NODE_HOLDS_OBJECT (reply->body))
    user = json_object_get_member (json_node_get_object (reply->body), "user");
  if (reply->status == 201 && token != NULL && bench_member_int (user, "id") > 0)
    {
      session->token = g_strdup (token);
      session->user_id = bench_member_int (user, "id");
    }
  else if (sign_in->failed++ < 3)
    g_printerr ("bench-oa: signing in as %s answered %u%s%s\n", session->login, reply->status,
                reply->error ? ": " : "", reply->error ? reply->error->message : "");
  sign_in->pending--;
  start_sign_ins (sign_in);
}

static JsonNode *
credentials (const char *login,
             const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A few at a time: each one is an argon2id verification on the server. */
static void
start_sign_ins (SignIn *sign_in)
{
  BenchOa *oa = sign_in->oa;

  while (sign_in->started < sign_in->n_sessions && sign_in->pending < oa->login_pool && sign_in->failed == 0)
    {
      SignInOne *one = g_new0 (SignInOne, 1);
      const char *login;
      g_autoptr(JsonNode) body = NULL;

      one->sign_in = sign_in;
      one->session = sign_in->sessions[sign_in->started++];
      login = one->session->login;
      body = credentials (login, g_str_equal (login, "admin") ? oa->admin_password : oa->password);
      sign_in->pending++;
      bench_http_send (oa, "POST", "/api/v1/session", NULL, body, on_signed_in_cb, one);
    }
}

/* Signs every one of @sessions in (their logins set); FALSE when one fails. */
gboolean
bench_sign_in_all (BenchOa       *oa,
                   BenchSession **sessions,
                   guint          n_sessions)
{
  SignIn sign_in = { oa, sessions, n_sessions, 0, 0, 0 };

  start_sign_ins (&sign_in);
  if (!bench_wait (&sign_in.pending, 600))
    {
      g_printerr ("bench-oa: sign-ins did not finish within 600 s\n");
      return FALSE;
    }
  return sign_in.failed == 0 && sign_in.started == n_sessions;
}

/* ---- figures ------------------------------------------------------------ */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least @percent % at or below it. */
static gint64
percentile (GArray *sorted,
            guint   percent)
{
  guint rank = (percent * sorted->len + 99) / 100;

  return g_array_index (sorted, gint64, MAX (rank, 1) - 1);
}

/* Prints NAME_n, NAME_p50_us, NAME_p90_us, NAME_p99_us and NAME_max_us on
 * stdout, one "key value" a line, for the driver script. */
void
bench_report_samples (const char *name,
                      GArray     *samples_us)
{
  printf ("%s_n %u\n", name, samples_us->len);
  if (samples_us->len == 0)
    return;
  g_array_sort (samples_us, compare_gint64);
  printf ("%s_p50_us %" G_GINT64_FORMAT "\n", name, percentile (samples_us, 50));
  printf ("%s_p90_us %" G_GINT64_FORMAT "\n", name, percentile (samples_us, 90));
  printf ("%s_p99_us %" G_GINT64_FORMAT "\n", name, percentile (samples_us, 99));
  printf ("%s_max_us %" G_GINT64_FORMAT "\n", name, g_array_index (samples_us, gint64, samples_us->len - 1));
}
