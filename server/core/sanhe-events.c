/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-events"

#include "config.h"

#include <glib-unix.h>

#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-event-shard.h"
#include "sanhe-events.h"

/*
 * Events are NOTIFYs sent inside the transaction that caused them, so an
 * event exists only if its work committed. Each server LISTENs on one
 * dedicated connection and forwards an event to the WebSockets of the users
 * named in its "to" list — nobody else ever sees it. Several servers behind
 * a load balancer all LISTEN, so every client hears every event addressed
 * to it, whichever server it is connected to.
 *
 * The LISTEN connection has a thread of its own, and the sockets live on
 * SANHE_EVENT_SHARDS more (sanhe-event-shard.c), each user's on the shard
 * its id picks. An idle WebSocket is still a few GSources, and GLib
 * prepares, checks and polls every source of a context each time its loop
 * wakes: on the HTTP loop, a thousand idle sockets doubled the CPU cost of
 * each request; on one events thread, they still made half the server's
 * CPU time while approvers decided. Now an event wakes the listener and
 * the shard of each user it is for. A user's events reach their sockets in
 * the order the listener heard them: one listener, and one shard per user.
 *
 * An event names its audience in one of two ways: "to", the ids of the
 * users it is for; or "topic" (with the "permission" needed to hear it),
 * for whoever watches that topic — a record on their screen — and holds
 * the permission (sanhe-event-topics.h). The permissions are the
 * session's, as they were when the socket opened.
 */

#define SANHE_EVENT_SHARDS 8

struct _SanheEventHub
{
  char             *conninfo;
  GMainContext     *context;   /* the listener's */
  GMainLoop        *loop;
  GThread          *thread;
  SanheEventShard  *shards[SANHE_EVENT_SHARDS];
  /* Only the listener's thread touches what follows, once it runs. */
  PGconn           *listener;
  GSource          *watch;
  GSource          *reconnect;
  guint             reconnect_delay_s;
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

/* Attaches @source to the listener's context; the caller owns the reference. */
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

static SanheEventShard *
shard_of (SanheEventHub *hub,
          gint64         user_id)
{
  return hub->shards[(guint64) user_id % SANHE_EVENT_SHARDS];
}

/* Where sanhe-http builds the socket of @session: its user's shard. */
GMainContext *
sanhe_event_hub_context_for (const SanheSession *session,
                             gpointer            user_data)
{
  SanheEventHub *hub = user_data;

  return sanhe_event_shard_get_context (shard_of (hub, session->user_id));
}

/* A SanheWebsocketFunc: sanhe-http calls it on the shard's thread. */
void
sanhe_event_hub_add (SoupWebsocketConnection *connection,
                     const SanheSession      *session,
                     gpointer                 user_data)
{
  SanheEventHub *hub = user_data;

  sanhe_event_shard_add (shard_of (hub, session->user_id), connection, session);
}

/* An event about a topic: to the shards where someone watches a topic. */
static void
deliver_to_watchers (SanheEventHub *hub,
                     JsonNode      *root)
{
  JsonObject *object = json_node_get_object (root);
  g_autofree char *topic = g_strdup (sanhe_json_object_get_string (object, "topic"));
  g_autofree char *permission = g_strdup (sanhe_json_object_get_string (object, "permission"));
  g_autofree char *outgoing = NULL;

  if (topic == NULL)
    return;
  json_object_remove_member (object, "permission");
  outgoing = sanhe_json_to_string (root, FALSE);
  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    if (sanhe_event_shard_has_watchers (hub->shards[i]))
      sanhe_event_shard_send_topic (hub->shards[i], topic, permission, outgoing);
}

/* The addressees, sorted into their shards' lists (NULL: none there). */
static void
split_by_shard (JsonArray *to,
                GArray    *by_shard[SANHE_EVENT_SHARDS])
{
  for (guint i = 0; i < json_array_get_length (to); i++)
    {
      gint64 user_id = json_array_get_int_element (to, i);
      guint index = (guint) ((guint64) user_id % SANHE_EVENT_SHARDS);

      if (by_shard[index] == NULL)
        by_shard[index] = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (by_shard[index], user_id);
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
  GArray *by_shard[SANHE_EVENT_SHARDS] = { NULL };
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
  if (sanhe_json_object_get_array (object, "to") == NULL)
    return;

  /* The addressees are for the hub, not for the clients; keep our own
   * reference, since removing the member frees it. */
  to = json_array_ref (json_object_get_array_member (object, "to"));
  json_object_remove_member (object, "to");
  outgoing = sanhe_json_to_string (root, FALSE);
  split_by_shard (to, by_shard);

  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    {
      if (by_shard[i] == NULL)
        continue;
      if (g_str_equal (type, SANHE_EVENT_SESSIONS_REVOKED))
        sanhe_event_shard_close_users (hub->shards[i], by_shard[i], NULL, 4401, "session revoked");
      else if (g_str_equal (type, SANHE_EVENT_SESSION_REVOKED))
        sanhe_event_shard_close_users (hub->shards[i], by_shard[i],
                                       json_object_get_string_member_with_default (object, "session", ""),
                                       4401, "signed out");
      else
        sanhe_event_shard_send (hub->shards[i], outgoing, by_shard[i]);
      g_array_unref (by_shard[i]);
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
run_listener_thread (gpointer data)
{
  SanheEventHub *hub = data;

  g_main_context_push_thread_default (hub->context);
  g_main_loop_run (hub->loop);
  g_main_context_pop_thread_default (hub->context);
  return NULL;
}

/* The LISTEN connection is opened here, before the threads start, so a
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
  if (!connect_listener (hub, error))
    {
      sanhe_event_hub_free (hub);
      return NULL;
    }
  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    hub->shards[i] = sanhe_event_shard_new (i);
  hub->thread = g_thread_new ("sanhe-events", run_listener_thread, hub);
  return hub;
}

/* Tells every client the server is going away; returns at once. */
void
sanhe_event_hub_close_all (SanheEventHub *hub)
{
  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    sanhe_event_shard_close_all (hub->shards[i]);
}

/* The listener stops first, so no event reaches a shard that stops. */
static gboolean
stop_listener_cb (gpointer user_data)
{
  SanheEventHub *hub = user_data;

  drop_listener (hub);
  g_clear_pointer (&hub->reconnect, destroy_source);
  g_main_loop_quit (hub->loop);
  return G_SOURCE_REMOVE;
}

/* Returns once every socket has finished its closing handshake (libsoup
 * gives a silent peer 5 s), all shards closing theirs at once. */
void
sanhe_event_hub_free (SanheEventHub *hub)
{
  if (hub == NULL)
    return;

  if (hub->thread != NULL)
    {
      g_main_context_invoke (hub->context, stop_listener_cb, hub);
      g_clear_pointer (&hub->thread, g_thread_join);
    }
  else
    drop_listener (hub);

  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    if (hub->shards[i] != NULL)
      sanhe_event_shard_stop (hub->shards[i]);
  for (guint i = 0; i < SANHE_EVENT_SHARDS; i++)
    g_clear_pointer (&hub->shards[i], sanhe_event_shard_free);

  g_clear_pointer (&hub->loop, g_main_loop_unref);
  g_clear_pointer (&hub->context, g_main_context_unref);
  g_free (hub->conninfo);
  g_free (hub);
}
