/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* One HTTP exchange as the client saw it; times are the monotonic clock in µs. */
typedef struct
{
  guint     status;
  JsonNode *body;     /* the parsed answer, NULL when it was not JSON */
  GError   *error;    /* a transport error, NULL otherwise */
  gint64    sent_us;  /* when the request was handed to libsoup */
  gint64    done_us;  /* when the whole answer had been read */
} BenchReply;

typedef void (*BenchReplyFunc) (BenchReply *reply,
                                gpointer    user_data);

/* A signed-in user: one real session from POST /api/v1/session. */
typedef struct
{
  char   *login;
  char   *token;
  gint64  user_id;
} BenchSession;

typedef struct _BenchPush BenchPush;
typedef struct _BenchClient BenchClient;
typedef struct _BenchHolder BenchHolder;

typedef struct
{
  /* Options */
  char        *base_url;
  const char  *password;         /* every bench user's */
  const char  *admin_password;
  guint        n_clients;        /* WebSockets open on /api/v1/events */
  guint        n_sessions;       /* sessions they use, the approver's one of them */
  guint        n_users;          /* bench-cNNNN users the other sessions belong to */
  guint        n_requests;       /* push latency, one at a time */
  guint        n_steady;         /* push latency at a steady rate */
  guint        rate;             /* requests per second of the steady variant */
  guint        n_approvers;      /* concurrent approvers (bench-dNN) */
  guint        n_tasks;          /* tasks they decide */
  guint        login_pool;       /* sign-ins in flight at once */
  guint        submit_pool;      /* submissions in flight while preparing tasks */
  gint64       server_pid;       /* for CPU time; 0: not measured */
  gint64       postmaster_pid;

  SoupSession *http;             /* keep-alive connections for the API */
  SoupSession *websockets;       /* only for the handshakes */

  BenchSession *admin;
  BenchSession *applicant;
  BenchSession *approver;        /* the one whose socket is measured */
  GPtrArray   *sessions;         /* BenchSession *, owned: all but the admin's */
  GPtrArray   *client_sessions;  /* BenchSession *, the one of each WebSocket client */
  GPtrArray   *deciders;         /* BenchSession *, the concurrent approvers */

  guint        approver_client;  /* index of the approver's in client_sessions */
  BenchClient *approver_socket;  /* on the main loop (bench-oa-events.c) */
  guint        approver_socket_pending;
  BenchHolder *holder;           /* the thread holding the other sockets */
  BenchPush   *push;             /* the push phase under way, or NULL */

  /* Correctness: every one of these must stay 0. The holder thread counts
   * the first two as well: atomic. */
  gint         strays;           /* events on sockets they were not addressed to */
  gint         closed_early;     /* sockets the server closed while measuring */
  guint        unexpected;       /* events on the approver's socket that are not a first oa.task.assigned */
  guint        wrong_answers;    /* API answers other than the documented success */
} BenchOa;

/* bench-oa-http.c */
void          bench_http_send          (BenchOa        *oa,
                                        const char     *method,
                                        const char     *path,
                                        const char     *token,
                                        JsonNode       *body,
                                        BenchReplyFunc  func,
                                        gpointer        user_data);
gboolean      bench_wait               (const guint    *pending,
                                        guint           timeout_s);
void          bench_sleep_ms           (guint           ms);
gint64        bench_member_int         (JsonNode       *node,
                                        const char     *member);
const char   *bench_member_string      (JsonNode       *node,
                                        const char     *member);
JsonNode     *bench_request_body       (const char     *process,
                                        gint64          approver,
                                        const char     *note);
gboolean      bench_sign_in_all        (BenchOa        *oa,
                                        BenchSession  **sessions,
                                        guint           n_sessions);
void          bench_session_free       (BenchSession   *session);
void          bench_report_samples     (const char     *name,
                                        GArray         *samples_us);

/* bench-oa-cpu.c */
void          bench_cpu_sample         (BenchOa        *oa,
                                        gint64         *server_us,
                                        gint64         *database_us);

/* bench-oa-events.c */
gboolean      bench_events_open        (BenchOa        *oa);
void          bench_events_close       (BenchOa        *oa);

/* bench-oa-push.c */
gboolean      bench_push_run           (BenchOa        *oa);
void          bench_push_on_assigned   (BenchOa        *oa,
                                        gint64          request,
                                        gint64          task,
                                        gint64          arrived_us);

/* bench-oa-decide.c */
gboolean      bench_decide_run         (BenchOa        *oa);

G_END_DECLS
