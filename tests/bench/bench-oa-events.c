/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-oa"

/*
 * The event clients. The approver's socket lives on the main loop, where
 * push latency is measured. The other sockets live on a thread of their
 * own (the holder) with its own GMainContext and SoupSession: polling a
 * thousand idle sockets would otherwise slow the measuring loop, and the
 * figures should show what holding them costs the server, not the client.
 * Any message on a held socket is a stray, an event delivered to a user it
 * was not addressed to: the bench applicant and deciders hold no socket.
 */

#include "config.h"

#include <stdlib.h>

#include "bench-oa.h"

#define HANDSHAKE_WINDOW 64
#define OPEN_TIMEOUT_S   300
#define CLOSE_TIMEOUT_S  5

typedef struct _BenchClient
{
  BenchOa                 *oa;
  guint                    index;  /* in oa->client_sessions */
  SoupWebsocketConnection *connection;
} Client;

struct _BenchHolder
{
  BenchOa      *oa;
  GThread      *thread;
  GMainContext *context;
  /* The holder thread's alone */
  SoupSession  *session;
  GPtrArray    *clients;      /* Client * */
  guint         started;
  guint         in_flight;
  guint         failed;
  gboolean      quit;
  /* Handed back to the main thread */
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;        /* every handshake has returned */
  guint         opened;
};

static void
client_free (Client *client)
{
  if (client->connection != NULL)
    g_signal_handlers_disconnect_by_data (client->connection, client);
  g_clear_object (&client->connection);
  g_free (client);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Closes the sockets of @clients and runs @context until the server has
 * answered every close, or for CLOSE_TIMEOUT_S at most. */
static void
close_clients (GPtrArray    *clients,
               GMainContext *context)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (CLOSE_TIMEOUT_S);
  gboolean timed_out = FALSE;
  gboolean open = TRUE;

  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      /* Our own closing is no early close: stop listening first. */
      if (client->connection != NULL)
        g_signal_handlers_disconnect_by_data (client->connection, client);
      if (client->connection != NULL &&
          soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }

  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (open && !timed_out)
    {
      open = FALSE;
      for (guint i = 0; i < clients->len && !open; i++)
        {
          Client *client = g_ptr_array_index (clients, i);

          open = client->connection != NULL &&
                 soup_websocket_connection_get_state (client->connection) != SOUP_WEBSOCKET_STATE_CLOSED;
        }
      if (open)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (timeout);
}

/* ---- the approver's socket, on the main loop -------------------------------- */

static void
on_approver_message_cb (SoupWebsocketConnection *connection,
                        gint                     type,
                        GBytes                  *message,
                        gpointer                 user_data)
{
  Client *client = user_data;
  BenchOa *oa = client->oa;
  gint64 arrived_us = g_get_monotonic_time ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *text = g_bytes_get_data (message, &size);
  JsonNode *root;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !json_parser_load_from_data (parser, text, (gssize) size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      g_strcmp0 (bench_member_string (root, "type"), "oa.task.assigned") != 0)
    {
      if (oa->unexpected++ < 5)
        g_printerr ("bench-oa: the approver received an unexpected message: %.*s\n", (int) MIN (size, 300), text);
      return;
    }
  bench_push_on_assigned (oa, bench_member_int (root, "request"), bench_member_int (root, "task"), arrived_us);
}

static void
on_closed_cb (SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Client *client = user_data;

  if (g_atomic_int_add (&client->oa->closed_early, 1) < 3)
    g_printerr ("bench-oa: the server closed socket %u (code %u)\n", client->index,
                soup_websocket_connection_get_close_code (connection));
}

static void
on_approver_connected_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  client->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (client->connection == NULL)
    g_printerr ("bench-oa: the approver's WebSocket handshake failed: %s\n", error->message);
  else
    {
      g_signal_connect (client->connection, "message", G_CALLBACK (on_approver_message_cb), client);
      g_signal_connect (client->connection, "closed", G_CALLBACK (on_closed_cb), client);
    }
  client->oa->approver_socket_pending = 0;
}

/* ---- the held sockets, on the holder thread --------------------------------- */

static void
on_held_message_cb (SoupWebsocketConnection *connection,
                    gint                     type,
                    GBytes                  *message,
                    gpointer                 user_data)
{
  Client *client = user_data;
  gsize size;
  const char *text = g_bytes_get_data (message, &size);

  if (g_atomic_int_add (&client->oa->strays, 1) < 5)
    g_printerr ("bench-oa: socket %u (not the approver's) received: %.*s\n", client->index,
                (int) MIN (size, 300), text);
}

static void start_handshakes (BenchHolder *holder);

static void
report_ready (BenchHolder *holder)
{
  g_mutex_lock (&holder->mutex);
  holder->ready = TRUE;
  g_cond_signal (&holder->cond);
  g_mutex_unlock (&holder->mutex);
}

static void
on_held_connected_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Client *client = user_data;
  BenchHolder *holder = client->oa->holder;
  g_autoptr(GError) error = NULL;

  holder->in_flight--;
  client->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (client->connection != NULL)
    {
      /* The server pings every 20 s; libsoup answers by itself. */
      g_signal_connect (client->connection, "message", G_CALLBACK (on_held_message_cb), client);
      g_signal_connect (client->connection, "closed", G_CALLBACK (on_closed_cb), client);
      g_mutex_lock (&holder->mutex);
      holder->opened++;
      g_mutex_unlock (&holder->mutex);
    }
  else if (holder->failed++ < 3)
    g_printerr ("bench-oa: WebSocket handshake %u failed: %s\n", client->index, error->message);
  start_handshakes (holder);
}

/* Keeps a window of handshakes in flight (each one checks a session); after
 * a failure starts no more. Reports once the last one has returned. */
static void
start_handshakes (BenchHolder *holder)
{
  BenchOa *oa = holder->oa;
  g_autofree char *url = g_strconcat (oa->base_url, "/api/v1/events", NULL);

  while (holder->started < holder->clients->len && holder->in_flight < HANDSHAKE_WINDOW && holder->failed == 0)
    {
      Client *client = g_ptr_array_index (holder->clients, holder->started++);
      BenchSession *session = g_ptr_array_index (oa->client_sessions, client->index);
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autofree char *authorization = g_strconcat ("Bearer ", session->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
      holder->in_flight++;
      soup_session_websocket_connect_async (holder->session, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            on_held_connected_cb, client);
    }
  if (holder->in_flight == 0 && (holder->failed > 0 || holder->started == holder->clients->len))
    report_ready (holder);
}

static gboolean
on_quit_cb (gpointer user_data)
{
  BenchHolder *holder = user_data;

  holder->quit = TRUE;
  return G_SOURCE_REMOVE;
}

static gpointer
hold_sockets (gpointer user_data)
{
  BenchHolder *holder = user_data;

  g_main_context_push_thread_default (holder->context);
  /* A session belongs to the context that is thread-default at its birth.
   * Upgraded sockets leave it; "timeout" 0 keeps idle ones alive. */
  holder->session = soup_session_new_with_options ("max-conns", holder->clients->len + 16,
                                                   "max-conns-per-host", holder->clients->len + 16,
                                                   "timeout", 0, "idle-timeout", 0,
                                                   "user-agent", "sanhe-bench-oa", NULL);
  start_handshakes (holder);
  while (!holder->quit)
    g_main_context_iteration (holder->context, TRUE);

  close_clients (holder->clients, holder->context);
  g_clear_pointer (&holder->clients, g_ptr_array_unref);
  g_clear_object (&holder->session);
  g_main_context_pop_thread_default (holder->context);
  return NULL;
}

/* ---- opening and closing them all ------------------------------------------- */

static Client *
client_new (BenchOa *oa,
            guint    index)
{
  Client *client = g_new0 (Client, 1);

  client->oa = oa;
  client->index = index;
  return client;
}

static gboolean
open_approver_socket (BenchOa *oa)
{
  g_autofree char *url = g_strconcat (oa->base_url, "/api/v1/events", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", oa->approver->token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

  oa->approver_socket = client_new (oa, oa->approver_client);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  oa->approver_socket_pending = 1;
  soup_session_websocket_connect_async (oa->websockets, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_approver_connected_cb, oa->approver_socket);
  if (!bench_wait (&oa->approver_socket_pending, 60))
    exit (1);
  return oa->approver_socket->connection != NULL;
}

/* The approver's socket, then the others on the holder thread; FALSE
 * unless every one opened. */
gboolean
bench_events_open (BenchOa *oa)
{
  BenchHolder *holder;
  gint64 end_time = g_get_monotonic_time () + OPEN_TIMEOUT_S * G_TIME_SPAN_SECOND;
  guint opened;

  if (!open_approver_socket (oa))
    return FALSE;

  oa->holder = holder = g_new0 (BenchHolder, 1);
  holder->oa = oa;
  holder->context = g_main_context_new ();
  holder->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  for (guint i = 0; i < oa->client_sessions->len; i++)
    if (i != oa->approver_client)
      g_ptr_array_add (holder->clients, client_new (oa, i));
  g_mutex_init (&holder->mutex);
  g_cond_init (&holder->cond);
  holder->thread = g_thread_new ("bench-oa-sockets", hold_sockets, holder);

  g_mutex_lock (&holder->mutex);
  while (!holder->ready)
    if (!g_cond_wait_until (&holder->cond, &holder->mutex, end_time))
      {
        g_printerr ("bench-oa: the sockets did not open within %d s\n", OPEN_TIMEOUT_S);
        exit (1);
      }
  opened = holder->opened;
  g_mutex_unlock (&holder->mutex);
  return opened + 1 == oa->client_sessions->len;
}

/* Closes every socket cleanly, waiting a few seconds at most for the server. */
void
bench_events_close (BenchOa *oa)
{
  BenchHolder *holder = oa->holder;

  if (holder != NULL)
    {
      g_main_context_invoke (holder->context, on_quit_cb, holder);
      g_thread_join (holder->thread);
      g_main_context_unref (holder->context);
      g_mutex_clear (&holder->mutex);
      g_cond_clear (&holder->cond);
      g_clear_pointer (&oa->holder, g_free);
    }
  if (oa->approver_socket != NULL)
    {
      g_autoptr(GPtrArray) approver = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);

      g_ptr_array_add (approver, g_steal_pointer (&oa->approver_socket));
      close_clients (approver, g_main_context_default ());
    }
}
