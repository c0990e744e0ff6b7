/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-sockets"

/*
 * bench-sockets [--count N] [--timeout SECONDS] BASE_URL
 *
 * Opens N WebSockets to BASE_URL/api/v1/events with the bearer token from
 * $SANHE_BENCH_TOKEN (kept off the command line, where ps would show it),
 * prints "open N" once every one is open, then holds them until stdin
 * reaches end of file (watched only once all are open) or SIGINT/SIGTERM
 * arrives, closes them and exits 0.
 * Exits 1 when not every socket opened within the timeout, or when the
 * server closes one while they are held. A measuring tool for
 * tests/bench/bench-api.sh, which reads the server's memory meanwhile.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

typedef struct
{
  GMainLoop    *loop;
  SoupSession  *session;
  GCancellable *cancellable;
  GPtrArray    *connections;  /* SoupWebsocketConnection *, owned */
  char         *url;
  char         *authorization;
  guint         count;
  guint         started;
  guint         in_flight;
  guint         window;
  guint         opened;
  guint         failed;
  guint         closed_early;
  guint         timeout_id;
  gboolean      holding;
  gboolean      stopping;
  int           status;
} Bench;

static void start_more (Bench *bench);
static gboolean on_stdin_cb (int fd, GIOCondition condition, gpointer user_data);

static void
stop (Bench *bench,
      int    status)
{
  if (bench->stopping)
    return;
  bench->stopping = TRUE;
  bench->status = status;
  g_cancellable_cancel (bench->cancellable);
  g_main_loop_quit (bench->loop);
}

static void
on_connection_closed_cb (SoupWebsocketConnection *connection,
                         Bench                   *bench)
{
  if (bench->stopping)
    return;

  /* The server dropped a socket it should have kept: the figure is wrong. */
  bench->closed_early++;
  g_printerr ("bench-sockets: the server closed a socket (code %u)\n",
              soup_websocket_connection_get_close_code (connection));
  if (bench->holding)
    stop (bench, 1);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  bench->in_flight--;
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (bench->failed < 5)
            g_printerr ("bench-sockets: handshake failed: %s\n", error->message);
          bench->failed++;
        }
    }
  else
    {
      /* No keep-alive pings from our side: the server pings every 20 s and
       * libsoup answers its pings by itself. */
      g_signal_connect (connection, "closed", G_CALLBACK (on_connection_closed_cb), bench);
      g_ptr_array_add (bench->connections, connection);
      bench->opened++;
    }

  if (bench->stopping)
    return;

  if (bench->opened == bench->count)
    {
      g_clear_handle_id (&bench->timeout_id, g_source_remove);
      bench->holding = TRUE;
      printf ("open %u\n", bench->opened);
      fflush (stdout);
      /* Only now does end of input mean "done measuring". */
      g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, bench);
      return;
    }

  if (bench->opened + bench->failed == bench->count)
    {
      g_printerr ("bench-sockets: %u of %u sockets opened, %u failed\n",
                  bench->opened, bench->count, bench->failed);
      stop (bench, 1);
      return;
    }

  start_more (bench);
}

/* Keeps at most @window handshakes in flight, so the server's worker pool
 * sees a queue rather than a thousand simultaneous connects. */
static void
start_more (Bench *bench)
{
  while (bench->started < bench->count && bench->in_flight < bench->window)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", bench->url);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", bench->authorization);
      soup_session_websocket_connect_async (bench->session, message, NULL, NULL,
                                            G_PRIORITY_DEFAULT, bench->cancellable,
                                            on_connected_cb, bench);
      bench->started++;
      bench->in_flight++;
    }
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Bench *bench = user_data;

  bench->timeout_id = 0;
  g_printerr ("bench-sockets: timed out with %u of %u sockets open (%u failed)\n",
              bench->opened, bench->count, bench->failed);
  stop (bench, 1);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  Bench *bench = user_data;

  stop (bench, bench->holding ? 0 : 1);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  Bench *bench = user_data;
  char buffer[256];
  ssize_t n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    return G_SOURCE_CONTINUE;

  /* End of file (or a broken stdin): the caller is done measuring. */
  stop (bench, 0);
  return G_SOURCE_REMOVE;
}

static gboolean
on_close_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
all_closed (Bench *bench)
{
  for (guint i = 0; i < bench->connections->len; i++)
    if (soup_websocket_connection_get_state (g_ptr_array_index (bench->connections, i))
        != SOUP_WEBSOCKET_STATE_CLOSED)
      return FALSE;
  return TRUE;
}

/* Closes every socket cleanly, waiting at most five seconds for the server
 * and for cancelled handshakes to report back. */
static void
close_all (Bench *bench)
{
  gboolean timed_out = FALSE;
  guint id;

  for (guint i = 0; i < bench->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (bench->connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }

  id = g_timeout_add_seconds (5, on_close_timeout_cb, &timed_out);
  while (!timed_out && (bench->in_flight > 0 || !all_closed (bench)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  const char *token = g_getenv ("SANHE_BENCH_TOKEN");
  int count = 1000;
  int timeout_s = 120;
  int window = 64;
  Bench bench = { 0 };
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Sockets to open (default 1000)", "N" },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s, "Seconds allowed for opening them all (default 120)", "S" },
    { "window", 'w', 0, G_OPTION_ARG_INT, &window, "Handshakes in flight at once (default 64)", "N" },
    { NULL }
  };

  context = g_option_context_new ("BASE_URL — hold N WebSockets open on /api/v1/events");
  g_option_context_set_description (context, "The bearer token comes from $SANHE_BENCH_TOKEN.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-sockets: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || token == NULL || *token == '\0' || count < 1 || timeout_s < 1 || window < 1)
    {
      g_printerr ("usage: SANHE_BENCH_TOKEN=… bench-sockets [--count N] [--timeout S] BASE_URL\n");
      return 2;
    }

  base = g_strdup (argv[1]);
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.cancellable = g_cancellable_new ();
  bench.connections = g_ptr_array_new_with_free_func (g_object_unref);
  bench.url = g_strconcat (base, "/api/v1/events", NULL);
  bench.authorization = g_strconcat ("Bearer ", token, NULL);
  bench.count = (guint) count;
  bench.window = (guint) MIN (window, count);

  /* Connections are stolen from the session once upgraded, but the session
   * still caps the handshakes it runs; "timeout" 0 keeps idle sockets alive. */
  bench.session = soup_session_new_with_options ("max-conns", count + 16,
                                                 "max-conns-per-host", count + 16,
                                                 "timeout", 0,
                                                 "idle-timeout", 0,
                                                 "user-agent", "sanhe-bench-sockets",
                                                 NULL);

  g_unix_signal_add (SIGINT, on_signal_cb, &bench);
  g_unix_signal_add (SIGTERM, on_signal_cb, &bench);
  bench.timeout_id = g_timeout_add_seconds ((guint) timeout_s, on_timeout_cb, &bench);

  start_more (&bench);
  g_main_loop_run (bench.loop);

  g_clear_handle_id (&bench.timeout_id, g_source_remove);
  close_all (&bench);

  g_ptr_array_unref (bench.connections);
  g_clear_object (&bench.session);
  g_clear_object (&bench.cancellable);
  g_main_loop_unref (bench.loop);
  g_free (bench.url);
  g_free (bench.authorization);
  return bench.status;
}
