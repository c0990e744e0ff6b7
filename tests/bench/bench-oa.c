/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * bench-oa [OPTION…] BASE_URL — the OA benchmarks of tests/bench/bench-oa.sh
 *
 * Against a server whose database holds the bench users (bench-cNNNN,
 * bench-approver, bench-applicant, bench-dNN, all with the password in
 * $SANHE_BENCH_PASSWORD; the admin's in $SANHE_BENCH_ADMIN_PASSWORD):
 *   0. saves the processes bench_push and bench_decide (one approval, by
 *      the user in the form's "approver" field), signs the sessions in (a
 *      few at a time: argon2id; not measured) and opens the event
 *      WebSockets, which share the sessions but for the approver's;
 *   1. push latency (bench-oa-push.c), with strays counted on the others;
 *   2. decisions per second (bench-oa-decide.c).
 * One GMainLoop drives it all but the idle sockets, which a thread holds.
 * With --server-pid and --postmaster-pid it also reports the CPU time each
 * submission and decision costs them. Figures go to stdout as "key value"
 * lines in integer microseconds (rates in thousandths), for the driver;
 * progress to stderr. Exits 1 when it cannot measure or a correctness
 * check fails, never because of a figure.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-oa.h"

/* A single approval by the user the form names: each request reaches
 * exactly the approver the benchmark chose. */
static const char process_template[] =
  "{\"key\":\"\",\"name\":\"\","
  " \"form\":[{\"name\":\"approver\",\"type\":\"user\",\"label\":\"Approver\",\"required\":true},"
  "          {\"name\":\"note\",\"type\":\"text\",\"label\":\"Note\"}],"
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"},"
  "          {\"id\":\"approve\",\"type\":\"approval\",\"name\":\"Approver\","
  "           \"assignee\":{\"rule\":\"field\",\"field\":\"approver\"},\"mode\":\"any\"},"
  "          {\"id\":\"end\",\"type\":\"end\"}],"
  " \"edges\":[{\"from\":\"start\",\"to\":\"approve\"},{\"from\":\"approve\",\"to\":\"end\"}]}";

typedef struct
{
  guint pending;
  guint failed;
} Saving;

static void
on_process_saved_cb (BenchReply *reply,
                     gpointer    user_data)
{
  Saving *saving = user_data;
  JsonNode *error = NULL;

  if (reply->body != NULL && JSON_NODE_HOLDS_OBJECT (reply->body))
    error = json_object_get_member (json_node_get_object (reply->body), "error");
  if (reply->status != 201)
    {
      g_printerr ("bench-oa: POST /api/v1/oa/processes answered %u (%s)\n", reply->status,
                  bench_member_string (error, "code") ? bench_member_string (error, "code") : "no error code");
      saving->failed++;
    }
  saving->pending--;
}

static gboolean
save_processes (BenchOa *oa)
{
  static const char * const keys[][2] = { { "bench_push", "Bench: push latency" },
                                          { "bench_decide", "Bench: decisions" } };
  Saving saving = { G_N_ELEMENTS (keys), 0 };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *definition;

      if (!json_parser_load_from_data (parser, process_template, -1, NULL))
        g_error ("The bench process template is not JSON.");
      definition = json_node_get_object (json_parser_get_root (parser));
      json_object_set_string_member (definition, "key", keys[i][0]);
      json_object_set_string_member (definition, "name", keys[i][1]);
      bench_http_send (oa, "POST", "/api/v1/oa/processes", oa->admin->token, json_parser_get_root (parser),
                       on_process_saved_cb, &saving);
    }
  if (!bench_wait (&saving.pending, 60))
    exit (1);
  return saving.failed == 0;
}

static BenchSession *
session_new (const char *login)
{
  BenchSession *session = g_new0 (BenchSession, 1);

  session->login = g_strdup (login);
  return session;
}

static BenchSession *
add_session (BenchOa    *oa,
             const char *login)
{
  BenchSession *session = session_new (login);

  g_ptr_array_add (oa->sessions, session);
  return session;
}

/* The sessions: the applicant's, the deciders', the approver's and the
 * others the clients share in turn (the approver's socket is the only one
 * on its session, in the middle of the clients); all signed in, a few at
 * a time. */
static gboolean
sign_in (BenchOa *oa)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  gint64 start_us = g_get_monotonic_time ();
  guint next_other = 0;

  oa->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_session_free);
  oa->client_sessions = g_ptr_array_new ();
  oa->deciders = g_ptr_array_new ();
  oa->applicant = add_session (oa, "bench-applicant");
  for (guint k = 0; k < oa->n_approvers; k++)
    {
      g_autofree char *login = g_strdup_printf ("bench-d%02u", k + 1);

      g_ptr_array_add (oa->deciders, add_session (oa, login));
    }
  oa->approver = add_session (oa, "bench-approver");
  for (guint i = 0; i + 1 < oa->n_sessions; i++)
    {
      g_autofree char *login = g_strdup_printf ("bench-c%04u", i % oa->n_users + 1);

      g_ptr_array_add (others, add_session (oa, login));
    }

  oa->approver_client = oa->n_clients / 2;
  for (guint i = 0; i < oa->n_clients; i++)
    g_ptr_array_add (oa->client_sessions, i == oa->approver_client ? oa->approver
                                          : g_ptr_array_index (others, next_other++ % others->len));

  g_printerr ("bench-oa: signing in %u sessions, %u at a time\n", oa->sessions->len, oa->login_pool);
  if (!bench_sign_in_all (oa, (BenchSession **) oa->sessions->pdata, oa->sessions->len))
    return FALSE;
  printf ("sessions %u\n", oa->sessions->len);
  printf ("client_sessions %u\n", oa->n_sessions);
  printf ("client_users %u\n", MIN (oa->n_users, oa->n_sessions - 1) + 1);
  printf ("sign_in_ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - start_us) / 1000);
  return TRUE;
}

static gboolean
open_sockets (BenchOa *oa)
{
  gint64 start_us = g_get_monotonic_time ();

  g_printerr ("bench-oa: opening %u event WebSockets\n", oa->n_clients);
  if (!bench_events_open (oa))
    return FALSE;
  printf ("clients %u\n", oa->n_clients);
  printf ("open_ms %" G_GINT64_FORMAT "\n", (g_get_monotonic_time () - start_us) / 1000);
  return TRUE;
}

static gboolean
parse_options (BenchOa   *oa,
               int       *argc,
               char    ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int clients = 1000, sessions = 250, users = 200, requests = 500, steady = 500, rate = 25;
  gint64 server_pid = 0, postmaster_pid = 0;
  int approvers = 16, tasks = 5000, login_pool = 4, submit_pool = 16;
  GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Event WebSockets, one session each (1000)", "N" },
    { "sessions", 0, 0, G_OPTION_ARG_INT, &sessions, "Sessions the clients share, the approver's one of them (250)", "N" },
    { "users", 0, 0, G_OPTION_ARG_INT, &users, "bench-cNNNN users of the other sessions (200)", "N" },
    { "requests", 0, 0, G_OPTION_ARG_INT, &requests, "Push latency: requests one at a time (500)", "N" },
    { "steady", 0, 0, G_OPTION_ARG_INT, &steady, "Push latency: requests at a steady rate (500)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Requests per second of the steady variant (25)", "N" },
    { "approvers", 0, 0, G_OPTION_ARG_INT, &approvers, "Concurrent approvers bench-dNN (16)", "K" },
    { "tasks", 0, 0, G_OPTION_ARG_INT, &tasks, "Tasks they decide (5000)", "M" },
    { "login-pool", 0, 0, G_OPTION_ARG_INT, &login_pool, "Sign-ins in flight at once (4)", "N" },
    { "submit-pool", 0, 0, G_OPTION_ARG_INT, &submit_pool, "Submissions in flight while preparing tasks (16)", "N" },
    { "server-pid", 0, 0, G_OPTION_ARG_INT64, &server_pid, "The server, for its CPU time", "PID" },
    { "postmaster-pid", 0, 0, G_OPTION_ARG_INT64, &postmaster_pid, "PostgreSQL, for its CPU time", "PID" },
    { NULL }
  };

  context = g_option_context_new ("BASE_URL — OA push latency and decisions per second");
  g_option_context_set_description (context,
                                    "Passwords come from $SANHE_BENCH_PASSWORD (the bench users) and "
                                    "$SANHE_BENCH_ADMIN_PASSWORD (admin).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("bench-oa: %s\n", error->message);
      return FALSE;
    }

  oa->password = g_getenv ("SANHE_BENCH_PASSWORD");
  oa->admin_password = g_getenv ("SANHE_BENCH_ADMIN_PASSWORD");
  if (*argc != 2 || oa->password == NULL || oa->admin_password == NULL || clients < 2 || sessions < 2 || sessions > clients ||
      users < 1 ||
      requests < 1 || steady < 0 || rate < 1 || approvers < 1 || tasks < approvers || login_pool < 1 ||
      submit_pool < 1)
    {
      g_printerr ("usage: SANHE_BENCH_PASSWORD=… SANHE_BENCH_ADMIN_PASSWORD=… bench-oa [OPTION…] BASE_URL\n"
                  "(at least 2 clients, 2 sessions but no more than clients, 1 request, as many tasks as approvers)\n");
      return FALSE;
    }

  oa->base_url = g_strdup ((*argv)[1]);
  if (g_str_has_suffix (oa->base_url, "/"))
    oa->base_url[strlen (oa->base_url) - 1] = '\0';
  oa->n_clients = (guint) clients;
  oa->n_sessions = (guint) sessions;
  oa->n_users = (guint) users;
  oa->n_requests = (guint) requests;
  oa->n_steady = (guint) steady;
  oa->rate = (guint) rate;
  oa->n_approvers = (guint) approvers;
  oa->n_tasks = (guint) tasks;
  oa->login_pool = (guint) login_pool;
  oa->submit_pool = (guint) submit_pool;
  oa->server_pid = server_pid;
  oa->postmaster_pid = postmaster_pid;
  return TRUE;
}

/* The correctness counters; TRUE when all of them are 0. */
static gboolean
report_checks (BenchOa *oa)
{
  gint strays = g_atomic_int_get (&oa->strays);
  gint closed_early = g_atomic_int_get (&oa->closed_early);

  printf ("strays %d\n", strays);
  printf ("unexpected %u\n", oa->unexpected);
  printf ("closed_early %d\n", closed_early);
  printf ("wrong_answers %u\n", oa->wrong_answers);
  if (strays > 0)
    g_printerr ("bench-oa: FAILED: %d events reached sockets of users they were not addressed to\n", strays);
  if (oa->unexpected > 0)
    g_printerr ("bench-oa: FAILED: %u unexpected or duplicate events on the approver's socket\n", oa->unexpected);
  if (closed_early > 0)
    g_printerr ("bench-oa: FAILED: the server closed %d sockets\n", closed_early);
  if (oa->wrong_answers > 0)
    g_printerr ("bench-oa: FAILED: %u API answers were not the documented success\n", oa->wrong_answers);
  return strays == 0 && oa->unexpected == 0 && closed_early == 0 && oa->wrong_answers == 0;
}

int
main (int    argc,
      char **argv)
{
  BenchOa oa = { 0 };
  BenchSession *admin[1];
  gboolean measured;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!parse_options (&oa, &argc, &argv))
    return 2;

  /* Kept-alive API connections: enough for every concurrent caller. */
  oa.http = soup_session_new_with_options ("max-conns", 256, "max-conns-per-host", 256,
                                           "timeout", 120, "user-agent", "sanhe-bench-oa", NULL);
  /* The approver's socket; "timeout" 0 keeps it alive while idle. */
  oa.websockets = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0,
                                                 "user-agent", "sanhe-bench-oa", NULL);

  oa.admin = admin[0] = session_new ("admin");
  if (!bench_sign_in_all (&oa, admin, 1) || !save_processes (&oa))
    {
      g_printerr ("bench-oa: could not prepare the bench processes\n");
      return 1;
    }
  if (!sign_in (&oa) || !open_sockets (&oa))
    return 1;

  measured = bench_push_run (&oa) && bench_decide_run (&oa);
  if (measured)
    /* Any stray from the last decisions arrives within this second. */
    bench_sleep_ms (1000);
  if (!report_checks (&oa) || !measured)
    return 1;

  bench_events_close (&oa);
  g_ptr_array_unref (oa.client_sessions);
  g_ptr_array_unref (oa.deciders);
  g_ptr_array_unref (oa.sessions);
  bench_session_free (oa.admin);
  g_clear_object (&oa.http);
  g_clear_object (&oa.websockets);
  g_free (oa.base_url);
  return 0;
}
