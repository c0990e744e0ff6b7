/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-test"

#include "config.h"

#include <string.h>

#include "sanhe-test-server.h"

/*
 * A WebSocket client on /api/v1/events with its own GMainContext, so a test
 * can wait for the next event (or for none) without a main loop of its own.
 */
struct _SanheTestEvents
{
  GMainContext *context;
  SoupSession *session;
  SoupWebsocketConnection *connection;
  GQueue messages;   /* JsonNode* */
  gboolean closed;
};

typedef struct
{
  gboolean done;
  SoupWebsocketConnection *connection;
  GError *error;
} ConnectData;

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConnectData *data = user_data;

  data->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                            &data->error);
  data->done = TRUE;
}

static void
on_message_cb (SoupWebsocketConnection *connection,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  SanheTestEvents *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    g_error ("/api/v1/events sent a binary message; events are JSON text.");

  if (!json_parser_load_from_data (parser, data, size, &error) || json_parser_get_root (parser) == NULL)
    g_error ("/api/v1/events sent a message that is not JSON (%s): %.*s",
             error ? error->message : "empty", (int) size, data);

  g_queue_push_tail (&self->messages, json_node_ref (json_parser_get_root (parser)));
}

static void
on_closed_cb (SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  SanheTestEvents *self = user_data;

  self->closed = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

SanheTestEvents *
sanhe_test_events_connect (SanheTestServer *server,
                           const char      *token,
                           guint           *status)
{
  SanheTestEvents *self = g_new0 (SanheTestEvents, 1);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;
  ConnectData data = { 0 };

  self->context = g_main_context_new ();
  g_queue_init (&self->messages);
  g_main_context_push_thread_default (self->context);

  /* A session belongs to the context that is thread-default at its birth. */
  self->session = soup_session_new_with_options ("timeout", 30, "user-agent", "sanhe-tests", NULL);

  url = g_strconcat (server->base_url, "/api/v1/events", NULL);
  msg = soup_message_new ("GET", url);
  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }

  timeout = g_timeout_source_new_seconds (20);
  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);

  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_connected_cb, &data);
  while (!data.done && !timed_out)
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (self->context);

  if (!data.done)
    g_error ("The WebSocket handshake on /api/v1/events did not finish within 20 s.");

  if (status != NULL)
    *status = soup_message_get_status (msg);

  if (data.connection == NULL)
    {
      g_test_message ("WebSocket handshake failed: %s (HTTP %u)",
                      data.error ? data.error->message : "?", soup_message_get_status (msg));
      g_clear_error (&data.error);
      sanhe_test_events_close (self);
      return NULL;
    }

  self->connection = data.connection;
  /* Keep the connection quiet between events: no keep-alive pings from us. */
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed_cb), self);

  return self;
}

JsonNode *
sanhe_test_events_next (SanheTestEvents *self,
                        guint            timeout_ms)
{
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  g_main_context_push_thread_default (self->context);
  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);

  while (g_queue_is_empty (&self->messages) && !timed_out && !self->closed)
    g_main_context_iteration (self->context, TRUE);

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (self->context);

  return g_queue_pop_head (&self->messages);
}

gboolean
sanhe_test_events_wait_closed (SanheTestEvents *self,
                               guint            timeout_ms,
                               gushort          *code)
{
  g_autoptr(GSource) timeout = NULL;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  g_main_context_push_thread_default (self->context);
  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);

  while (!self->closed && !timed_out)
    g_main_context_iteration (self->context, TRUE);

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (self->context);

  if (code != NULL)
    *code = self->closed ? soup_websocket_connection_get_close_code (self->connection) : 0;
  return self->closed;
}

void
sanhe_test_events_send (SanheTestEvents *self,
                        const char      *text)
{
  g_return_if_fail (self != NULL && self->connection != NULL);

  g_main_context_push_thread_default (self->context);
  soup_websocket_connection_send_text (self->connection, text);
  /* libsoup writes from the context's loop: let it. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
}

void
sanhe_test_events_close (SanheTestEvents *self)
{
  if (self == NULL)
    return;

  g_main_context_push_thread_default (self->context);
  if (self->connection != NULL)
    {
      g_autoptr(GSource) timeout = g_timeout_source_new_seconds (5);
      gboolean timed_out = FALSE;

      g_source_set_callback (timeout, on_timeout_cb, &timed_out, NULL);
      g_source_attach (timeout, self->context);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      while (!self->closed && !timed_out)
        g_main_context_iteration (self->context, TRUE);
      g_source_destroy (timeout);
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_clear_object (&self->connection);
    }
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  g_queue_clear_full (&self->messages, (GDestroyNotify) json_node_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}
