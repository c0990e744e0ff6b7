/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-events"

#include "config.h"

#include <glib-unix.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-event-topics.h"
#include "sanhe-events.h"

/*
 * Events are NOTIFYs sent inside the transaction that caused them, so an
 * event exists only if its work committed. Each server LISTENs on one
 * dedicated connection and forwards an event to the WebSockets of the users
 * named in its "to" list — nobody else ever sees it. Several servers behind
 * a load balancer all LISTEN, so every client hears every event addressed
 * to it, whichever server it is connected to.
 *
 * The sockets have a thread and a GMainContext of their own. An idle
 * WebSocket is still a few GSources, and GLib prepares and checks every
 * source of a context on each iteration: on the HTTP main loop, which turns
 * once per answered request, a thousand idle sockets doubled the CPU cost
 * of each request. Here they are polled only when something happens to
 * them. Everything that touches them runs on that thread: the LISTEN
 * connection (so events reach the sockets in NOTIFY order, with no
 * hand-over), the user → sockets table, closing, the expiry timers.
 *
 * An event names its audience in one of two ways: "to", the ids of the
 * users it is for; or "topic" (with the "permission" needed to hear it),
 * for whoever watches that topic — a record on their screen — and holds
 * the permission (sanhe-event-topics.h). The permissions are the
 * session's, as they were when the socket opened.
 */
struct _SanheEventHub
{
  char             *conninfo;
  GMainContext     *context;
  GMainLoop        *loop;
  GThread          *thread;
  /* Only the events thread touches what follows, once it runs. */
  PGconn           *listener;
  GSource          *watch;
  GSource          *reconnect;
  guint             reconnect_delay_s;
  GHashTable       *sockets;  /* user id (gint64 *) → GPtrArray of SoupWebsocketConnection */
  SanheEventTopics *topics;   /* topic → the sockets watching it */
  gboolean          stopping;
};

static gboolean notify (PGconn *conn, const char *type, gint64 id, const gint64 *to, guint n_to,
                        const char *session, GError **error);

/* Payloads carry ids and the addressees, never whole records (8 kB limit). */
gboolean
sanhe_events_notify (PGconn        *conn,
                     const char    *type,
                     gint64         id,
                     const gint64  *to,
                     guint          n_to,
                     GError       **error)
{
  return notify (conn, type, id, to, n_to, NULL, error);
}

/* Only the servers read this one: the hash names the session, not a secret. */
gboolean
sanhe_events_notify_session_revoked (PGconn      *conn,
                                     gint64       user_id,
                                     const char  *token_hash,
                                     GError     **error)
{
  return notify (conn, SANHE_EVENT_SESSION_REVOKED, user_id, &user_id, 1, token_hash, error);
}

/* An event for the watchers of @topic who hold @permission; @members
 * (may be NULL) are added to it, and are sent as they are. */
gboolean
sanhe_events_notify_topic (PGconn      *conn,
                           const char  *type,
                           const char  *topic,
                           const char  *permission,
                           JsonObject  *members,
                           GError     **error)
{
  g_autoptr(JsonNode) root = sanhe_json_node_new_object ();
  JsonObject *object = json_node_get_object (root);
  g_autofree char *payload = NULL;
  g_autoptr(PGresult) result = NULL;

  json_object_set_string_member (object, "type", type);
  if (members != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, members);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (object, name, json_node_copy (value));
    }
  json_object_set_string_member (object, "topic", topic);
  json_object_set_string_member (object, "permission", permission);

  payload = sanhe_json_to_string (root, FALSE);
  result = sanhe_db_exec (conn, "SELECT pg_notify($1, $2)", 2, (const char *[]) { SANHE_EVENTS_CHANNEL, payload },
                          error);
  return result != NULL;
}

static gboolean
notify (PGconn        *conn,
        const char    *type,
        gint64         id,
        const gint64  *to,
        guint          n_to,
        const char    *session,
        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(PGresult) result = NULL;
  const char *params[2];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_to; i++)
    json_builder_add_int_value (builder, to[i]);
  json_builder_end_array (builder);
  if (session != NULL)
    {
      json_builder_set_member_name (builder, "session");
      json_builder_add_string_value (builder, session);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = sanhe_json_to_string (root, FALSE);
  params[0] = SANHE_EVENTS_CHANNEL;
  params[1] = payload;
  result = sanhe_db_exec (conn, "SELECT pg_notify($1, $2)", 2, params, error);
  return result != NULL;
}

/* Attaches @source to the events thread's context; the caller owns the reference. */
static GSource *
attach (SanheEventHub *hub,
        GSource       *source,
        GSourceFunc    func,
        gpointer       data)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, hub->context);
  return source;
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
quit_if_stopped (SanheEventHub *hub)
{
  if (hub->stopping && g_hash_table_size (hub->sockets) == 0)
    g_main_loop_quit (hub->loop);
}

static void
on_socket_closed_cb (SoupWebsocketConnection *connection,
                     SanheEventHub           *hub)
{
  gint64 *user_id = g_object_get_data (G_OBJECT (connection), "sanhe-user-id");
  GPtrArray *list = user_id ? g_hash_table_lookup (hub->sockets, user_id) : NULL;

  g_signal_handlers_disconnect_by_data (connection, hub);
  g_object_set_data (G_OBJECT (connection), "sanhe-expiry", NULL);
  sanhe_event_topics_forget (hub->topics, connection);
  if (list != NULL)
    {
      g_ptr_array_remove (list, connection);
      if (list->len == 0)
        g_hash_table_remove (hub->sockets, user_id);
    }
  quit_if_stopped (hub);
}

static gboolean
on_session_expired_cb (gpointer user_data)
{
  SoupWebsocketConnection *connection = user_data;

  g_object_set_data (G_OBJECT (connection), "sanhe-expiry", NULL);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, 4401, "session expired");
  return G_SOURCE_REMOVE;
}

/* A socket lives no longer than the session that opened it. */
static void
schedule_expiry (SanheEventHub           *hub,
                 SoupWebsocketConnection *connection,
                 gint64                   expires_at)
{
  gint64 seconds = expires_at - g_get_real_time () / G_USEC_PER_SEC;
  GSource *timeout;

  if (expires_at <= 0)
    return;
  timeout = g_timeout_source_new_seconds ((guint) CLAMP (seconds, 1, G_MAXINT));
  attach (hub, timeout, on_session_expired_cb, connection);
  g_object_set_data_full (G_OBJECT (connection), "sanhe-expiry", timeout, destroy_source);
}

static void
send_json (SoupWebsocketConnection *connection,
           JsonNode                *root)
{
  g_autofree char *text = sanhe_json_to_string (root, FALSE);

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection, text);
}

/* What a client says on its socket: which topics it watches. */
static void
on_socket_message_cb (SoupWebsocketConnection *connection,
                      gint                     message_type,
                      GBytes                  *message,
                      SanheEventHub           *hub)
{
  g_autoptr(JsonNode) reply = sanhe_json_node_new_object ();
  JsonObject *object = json_node_get_object (reply);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) topics = NULL;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);

  if (message_type == SOUP_WEBSOCKET_DATA_TEXT)
    topics = sanhe_event_topics_parse_watch (text, length, &error);
  else
    sanhe_set_error (&error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL,
                     "Send JSON text, not binary frames.");

  if (topics == NULL)
    {
      JsonObject *detail = json_object_new ();

      json_object_set_string_member (detail, "code", sanhe_error_get_code (error));
      json_object_set_string_member (detail, "message", error->message);
      json_object_set_string_member (object, "type", "events.error");
      json_object_set_object_member (object, "error", detail);
      send_json (connection, reply);
      return;
    }

  sanhe_event_topics_set (hub->topics, connection, (const char * const *) topics);
  json_object_set_string_member (object, "type", "events.watching");
  json_object_set_array_member (object, "topics", json_array_new ());
  for (guint i = 0; topics[i] != NULL; i++)
    json_array_add_string_element (json_object_get_array_member (object, "topics"), topics[i]);
  send_json (connection, reply);
}

/* A SanheWebsocketFunc: sanhe-http calls it on the events thread. */
void
sanhe_event_hub_add (SoupWebsocketConnection *connection,
                     const SanheSession      *session,
                     gpointer                 user_data)
{
  SanheEventHub *hub = user_data;
  gint64 *key = g_new (gint64, 1);
  GPtrArray *list;

  g_assert (g_main_context_is_owner (hub->context));

  *key = session->user_id;
  g_object_set_data_full (G_OBJECT (connection), "sanhe-user-id", g_memdup2 (key, sizeof *key), g_free);
  g_object_set_data_full (G_OBJECT (connection), "sanhe-token-hash", g_strdup (session->token_hash), g_free);
  g_object_set_data_full (G_OBJECT (connection), "sanhe-permissions", g_strdupv (session->permissions),
                          (GDestroyNotify) g_strfreev);
  schedule_expiry (hub, connection, session->expires_at);

  list = g_hash_table_lookup (hub->sockets, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (hub->sockets, key, list);
    }
  else
    g_free (key);

  g_ptr_array_add (list, g_object_ref (connection));
  g_signal_connect (connection, "closed", G_CALLBACK (on_socket_closed_cb), hub);
  g_signal_connect (connection, "message", G_CALLBACK (on_socket_message_cb), hub);

  /* Accepted just before the hub stopped: it goes with the others. */
  if (hub->stopping)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
}

static gpointer
ref_object (gconstpointer object,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

static void
close_user_sockets (SanheEventHub *hub,
                    gint64         user_id,
                    const char    *token_hash,
                    gushort        code,
                    const char    *reason)
{
  GPtrArray *list = g_hash_table_lookup (hub->sockets, &user_id);
  g_autoptr(GPtrArray) copy = NULL;

  if (list == NULL)
    return;

  /* Closing emits "closed", which edits the list: walk a copy. */
  copy = g_ptr_array_copy (list, ref_object, NULL);
  g_ptr_array_set_free_func (copy, g_object_unref);
  for (guint i = 0; i < copy->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (copy, i);

      if (token_hash != NULL &&
          g_strcmp0 (g_object_get_data (G_OBJECT (connection), "sanhe-token-hash"), token_hash) != 0)
        continue;
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, code, reason);
    }
}

static gboolean
holds_permission (SoupWebsocketConnection *connection,
                  const char              *permission)
{
  const char * const *held = g_object_get_data (G_OBJECT (connection), "sanhe-permissions");

  return permission != NULL && held != NULL && g_strv_contains (held, permission);
}

/* An event about a topic: to the sockets watching it whose sessions hold
 * its permission (an event without one reaches nobody). */
static void
deliver_to_watchers (SanheEventHub *hub,
                     JsonNode      *root)
{
  JsonObject *object = json_node_get_object (root);
  GPtrArray *watchers = sanhe_event_topics_lookup (hub->topics, sanhe_json_object_get_string (object, "topic"));
  g_autofree char *permission = NULL;
  g_autofree char *outgoing = NULL;

  if (watchers == NULL)
    return;
  permission = g_strdup (sanhe_json_object_get_string (object, "permission"));
  json_object_remove_member (object, "permission");
  outgoing = sanhe_json_to_string (root, FALSE);

  for (guint i = 0; i < watchers->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (watchers, i);

      if (holds_permission (connection, permission) &&
          soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, outgoing);
    }
}

static void
deliver (SanheEventHub *hub,
         const char    *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = sanhe_json_parse (payload, -1, &error);
  g_autofree char *outgoing = NULL;
  g_autoptr(JsonArray) to = NULL;
  JsonObject *object;
  const char *type;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("Ignoring a malformed event: %s", payload);
      return;
    }

  object = json_node_get_object (root);
  type = json_object_get_string_member_with_default (object, "type", "");
  if (json_object_has_member (object, "topic"))
    {
      deliver_to_watchers (hub, root);
      return;
    }
  if (!json_object_has_member (object, "to"))
    return;

  /* The addressees are for the hub, not for the clients; keep our own
   * reference, since removing the member frees it. */
  to = json_array_ref (json_object_get_array_member (object, "to"));
  json_object_remove_member (object, "to");
  outgoing = sanhe_json_to_string (root, FALSE);

  for (guint i = 0; i < json_array_get_length (to); i++)
    {
      gint64 user_id = json_array_get_int_element (to, i);
      GPtrArray *list;

      if (g_str_equal (type, SANHE_EVENT_SESSIONS_REVOKED))
        {
          close_user_sockets (hub, user_id, NULL, 4401, "session revoked");
          continue;
        }
      if (g_str_equal (type, SANHE_EVENT_SESSION_REVOKED))
        {
          close_user_sockets (hub, user_id, json_object_get_string_member_with_default (object, "session", ""),
                              4401, "signed out");
          continue;
        }

      list = g_hash_table_lookup (hub->sockets, &user_id);
      for (guint j = 0; list != NULL && j < list->len; j++)
        {
          SoupWebsocketConnection *connection = g_ptr_array_index (list, j);

          if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_send_text (connection, outgoing);
        }
    }
}

static gboolean connect_listener (SanheEventHub *hub, GError **error);

static gboolean
on_reconnect_cb (gpointer user_data)
{
  SanheEventHub *hub = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&hub->reconnect, g_source_unref);
  if (connect_listener (hub, &error))
    {
      g_message ("Listening for events again.");
      hub->reconnect_delay_s = 1;
      return G_SOURCE_REMOVE;
    }

  g_warning ("Cannot listen for events yet: %s", error->message);
  hub->reconnect_delay_s = MIN (hub->reconnect_delay_s * 2, 30);
  hub->reconnect = attach (hub, g_timeout_source_new_seconds (hub->reconnect_delay_s), on_reconnect_cb, hub);
  return G_SOURCE_REMOVE;
}

static void
drop_listener (SanheEventHub *hub)
{
  g_clear_pointer (&hub->watch, destroy_source);
  g_clear_pointer (&hub->listener, PQfinish);
}

static gboolean
on_listener_readable_cb (int           fd,
                         GIOCondition  condition,
                         gpointer      user_data)
{
  SanheEventHub *hub = user_data;
  PGnotify *notify;

  if (!PQconsumeInput (hub->listener) || PQstatus (hub->listener) != CONNECTION_OK)
    {
      g_warning ("Lost the event connection to the database; reconnecting.");
      drop_listener (hub);
      hub->reconnect = attach (hub, g_timeout_source_new_seconds (hub->reconnect_delay_s), on_reconnect_cb, hub);
      return G_SOURCE_REMOVE;
    }

  while ((notify = PQnotifies (hub->listener)) != NULL)
    {
      deliver (hub, notify->extra);
      PQfreemem (notify);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
connect_listener (SanheEventHub  *hub,
                  GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("LISTEN %s", SANHE_EVENTS_CHANNEL);

  hub->listener = sanhe_db_connect (hub->conninfo, error);
  if (hub->listener == NULL)
    return FALSE;

  if (!sanhe_db_command (hub->listener, sql, error))
    {
      drop_listener (hub);
      return FALSE;
    }

  hub->watch = attach (hub, g_unix_fd_source_new (PQsocket (hub->listener), G_IO_IN | G_IO_HUP | G_IO_ERR),
                       G_SOURCE_FUNC (on_listener_readable_cb), hub);
  return TRUE;
}

static gpointer
run_events_thread (gpointer data)
{
  SanheEventHub *hub = data;

  /* Thread-default, so the sources libsoup makes for a socket land here. */
  g_main_context_push_thread_default (hub->context);
  g_main_loop_run (hub->loop);
  /* Let the last closes and their callbacks finish. */
  while (g_main_context_iteration (hub->context, FALSE))
    ;
  g_main_context_pop_thread_default (hub->context);
  return NULL;
}

/* The LISTEN connection is opened here, before the thread starts, so a
 * database that is not there stops the server at startup. */
SanheEventHub *
sanhe_event_hub_new (const char  *conninfo,
                     GError     **error)
{
  SanheEventHub *hub = g_new0 (SanheEventHub, 1);

  hub->conninfo = g_strdup (conninfo);
  hub->context = g_main_context_new ();
  hub->loop = g_main_loop_new (hub->context, FALSE);
  hub->reconnect_delay_s = 1;
  hub->sockets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  hub->topics = sanhe_event_topics_new ();
  if (!connect_listener (hub, error))
    {
      sanhe_event_hub_free (hub);
      return NULL;
    }
  hub->thread = g_thread_new ("sanhe-events", run_events_thread, hub);
  return hub;
}

GMainContext *
sanhe_event_hub_get_context (SanheEventHub *hub)
{
  return hub->context;
}

static void
close_all (SanheEventHub *hub)
{
  g_autoptr(GList) users = g_hash_table_get_keys (hub->sockets);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = users; l != NULL; l = l->next)
    g_array_append_val (ids, *(gint64 *) l->data);
  for (guint i = 0; i < ids->len; i++)
    close_user_sockets (hub, g_array_index (ids, gint64, i), NULL, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
}

static gboolean
close_all_cb (gpointer user_data)
{
  close_all (user_data);
  return G_SOURCE_REMOVE;
}

/* Tells every client the server is going away; returns at once. */
void
sanhe_event_hub_close_all (SanheEventHub *hub)
{
  g_main_context_invoke (hub->context, close_all_cb, hub);
}

/* The loop ends once every socket has finished its closing handshake
 * (libsoup gives a silent peer 5 s), so nothing is left half-closed. */
static gboolean
stop_cb (gpointer user_data)
{
  SanheEventHub *hub = user_data;

  hub->stopping = TRUE;
  drop_listener (hub);
  g_clear_pointer (&hub->reconnect, destroy_source);
  close_all (hub);
  quit_if_stopped (hub);
  return G_SOURCE_REMOVE;
}

void
sanhe_event_hub_free (SanheEventHub *hub)
{
  if (hub == NULL)
    return;

  if (hub->thread != NULL)
    {
      g_main_context_invoke (hub->context, stop_cb, hub);
      g_clear_pointer (&hub->thread, g_thread_join);
    }

  g_clear_pointer (&hub->sockets, g_hash_table_unref);
  g_clear_pointer (&hub->topics, sanhe_event_topics_free);
  g_clear_pointer (&hub->loop, g_main_loop_unref);
  g_clear_pointer (&hub->context, g_main_context_unref);
  g_free (hub->conninfo);
  g_free (hub);
}
