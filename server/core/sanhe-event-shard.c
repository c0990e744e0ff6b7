/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-events"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-event-shard.h"
#include "sanhe-event-topics.h"

/*
 * Everything here runs on the shard's thread, but for the functions that
 * hand work over (send, close, stop), which only queue it on the shard's
 * context — in order, so a user's events reach their sockets in the order
 * the hub heard them.
 */
struct _SanheEventShard
{
  GMainContext     *context;
  GMainLoop        *loop;
  GThread          *thread;
  /* Only the shard's thread touches what follows, once it runs. */
  GHashTable       *sockets;   /* user id (gint64 *) → GPtrArray of SoupWebsocketConnection */
  SanheEventTopics *topics;    /* topic → the sockets watching it */
  gboolean          stopping;
  gint              watching;  /* atomic: topics watched, for any thread */
  gboolean          stop_asked;  /* by the owner, on its own thread */
};

/* Work handed to the shard's thread. */
typedef struct
{
  SanheEventShard *shard;
  char            *outgoing;     /* the message to send */
  GArray          *users;        /* gint64: whose sockets */
  char            *topic;        /* or the watchers of this topic */
  char            *permission;   /* … who hold this */
  char            *session_hash; /* closing: only this session's sockets */
  gushort          close_code;   /* closing, not sending, when not 0 */
  char            *close_reason;
} Work;

static void
work_free (gpointer data)
{
  Work *work = data;

  g_free (work->outgoing);
  g_clear_pointer (&work->users, g_array_unref);
  g_free (work->topic);
  g_free (work->permission);
  g_free (work->session_hash);
  g_free (work->close_reason);
  g_free (work);
}

static void
hand_over (SanheEventShard *shard,
           GSourceFunc      func,
           Work            *work)
{
  work->shard = shard;
  g_main_context_invoke_full (shard->context, G_PRIORITY_DEFAULT, func, work, work_free);
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
quit_if_stopped (SanheEventShard *shard)
{
  if (shard->stopping && g_hash_table_size (shard->sockets) == 0)
    g_main_loop_quit (shard->loop);
}

static void
update_watching (SanheEventShard *shard)
{
  g_atomic_int_set (&shard->watching, (gint) sanhe_event_topics_count (shard->topics));
}

static void
on_socket_closed_cb (SoupWebsocketConnection *connection,
                     SanheEventShard         *shard)
{
  gint64 *user_id = g_object_get_data (G_OBJECT (connection), "sanhe-user-id");
  GPtrArray *list = user_id ? g_hash_table_lookup (shard->sockets, user_id) : NULL;

  g_signal_handlers_disconnect_by_data (connection, shard);
  g_object_set_data (G_OBJECT (connection), "sanhe-expiry", NULL);
  sanhe_event_topics_forget (shard->topics, connection);
  update_watching (shard);
  if (list != NULL)
    {
      g_ptr_array_remove (list, connection);
      if (list->len == 0)
        g_hash_table_remove (shard->sockets, user_id);
    }
  quit_if_stopped (shard);
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
schedule_expiry (SanheEventShard         *shard,
                 SoupWebsocketConnection *connection,
                 gint64                   expires_at)
{
  gint64 seconds = expires_at - g_get_real_time () / G_USEC_PER_SEC;
  GSource *timeout;

  if (expires_at <= 0)
    return;
  timeout = g_timeout_source_new_seconds ((guint) CLAMP (seconds, 1, G_MAXINT));
  g_source_set_callback (timeout, on_session_expired_cb, connection, NULL);
  g_source_attach (timeout, shard->context);
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

/* What a client says on its socket: which topics it watches
 * (sanhe-event-topics.h). */
static void
on_socket_message_cb (SoupWebsocketConnection *connection,
                      gint                     message_type,
                      GBytes                  *message,
                      SanheEventShard         *shard)
{
  g_autoptr(JsonNode) reply = sanhe_json_node_new_object ();
  JsonObject *object = json_node_get_object (reply);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) topics = NULL;
  gsize length;
  const char *text = g_bytes_get_data (message, &length);
  JsonArray *echo;

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

  sanhe_event_topics_set (shard->topics, connection, (const char * const *) topics);
  update_watching (shard);
  echo = json_array_new ();
  for (guint i = 0; topics[i] != NULL; i++)
    json_array_add_string_element (echo, topics[i]);
  json_object_set_string_member (object, "type", "events.watching");
  json_object_set_array_member (object, "topics", echo);
  send_json (connection, reply);
}

void
sanhe_event_shard_add (SanheEventShard         *shard,
                       SoupWebsocketConnection *connection,
                       const SanheSession      *session)
{
  gint64 *key = g_new (gint64, 1);
  GPtrArray *list;

  g_assert (g_main_context_is_owner (shard->context));

  *key = session->user_id;
  g_object_set_data_full (G_OBJECT (connection), "sanhe-user-id", g_memdup2 (key, sizeof *key), g_free);
  g_object_set_data_full (G_OBJECT (connection), "sanhe-token-hash", g_strdup (session->token_hash), g_free);
  g_object_set_data_full (G_OBJECT (connection), "sanhe-permissions", g_strdupv (session->permissions),
                          (GDestroyNotify) g_strfreev);
  schedule_expiry (shard, connection, session->expires_at);

  list = g_hash_table_lookup (shard->sockets, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (shard->sockets, key, list);
    }
  else
    g_free (key);

  g_ptr_array_add (list, g_object_ref (connection));
  g_signal_connect (connection, "closed", G_CALLBACK (on_socket_closed_cb), shard);
  g_signal_connect (connection, "message", G_CALLBACK (on_socket_message_cb), shard);

  /* Accepted just before the shard stopped: it goes with the others. */
  if (shard->stopping)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
}

static gboolean
send_cb (gpointer data)
{
  Work *work = data;

  for (guint i = 0; i < work->users->len; i++)
    {
      gint64 user_id = g_array_index (work->users, gint64, i);
      GPtrArray *list = g_hash_table_lookup (work->shard->sockets, &user_id);

      for (guint j = 0; list != NULL && j < list->len; j++)
        {
          SoupWebsocketConnection *connection = g_ptr_array_index (list, j);

          if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
            soup_websocket_connection_send_text (connection, work->outgoing);
        }
    }
  return G_SOURCE_REMOVE;
}

/* Sends @outgoing to every socket of @users (ids, gint64). */
void
sanhe_event_shard_send (SanheEventShard *shard,
                        const char      *outgoing,
                        GArray          *users)
{
  Work *work = g_new0 (Work, 1);

  work->outgoing = g_strdup (outgoing);
  work->users = g_array_ref (users);
  hand_over (shard, send_cb, work);
}

static gpointer
ref_object (gconstpointer object,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

static void
close_user_sockets (SanheEventShard *shard,
                    gint64           user_id,
                    const char      *token_hash,
                    gushort          code,
                    const char      *reason)
{
  GPtrArray *list = g_hash_table_lookup (shard->sockets, &user_id);
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
close_users_cb (gpointer data)
{
  Work *work = data;

  for (guint i = 0; i < work->users->len; i++)
    close_user_sockets (work->shard, g_array_index (work->users, gint64, i), work->session_hash,
                        work->close_code, work->close_reason);
  return G_SOURCE_REMOVE;
}

/* Closes the sockets of @users, only those of @session_hash if given. */
void
sanhe_event_shard_close_users (SanheEventShard *shard,
                               GArray          *users,
                               const char      *session_hash,
                               gushort          code,
                               const char      *reason)
{
  Work *work = g_new0 (Work, 1);

  work->users = g_array_ref (users);
  work->session_hash = g_strdup (session_hash);
  work->close_code = code;
  work->close_reason = g_strdup (reason);
  hand_over (shard, close_users_cb, work);
}

gboolean
sanhe_event_shard_has_watchers (SanheEventShard *shard)
{
  return g_atomic_int_get (&shard->watching) > 0;
}

static gboolean
holds_permission (SoupWebsocketConnection *connection,
                  const char              *permission)
{
  const char * const *held = g_object_get_data (G_OBJECT (connection), "sanhe-permissions");

  return permission != NULL && held != NULL && g_strv_contains (held, permission);
}

static gboolean
send_topic_cb (gpointer data)
{
  Work *work = data;
  GPtrArray *watchers = sanhe_event_topics_lookup (work->shard->topics, work->topic);

  for (guint i = 0; watchers != NULL && i < watchers->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (watchers, i);

      if (holds_permission (connection, work->permission) &&
          soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, work->outgoing);
    }
  return G_SOURCE_REMOVE;
}

/* Sends @outgoing to the sockets watching @topic whose sessions hold
 * @permission (an event without one reaches nobody). */
void
sanhe_event_shard_send_topic (SanheEventShard *shard,
                              const char      *topic,
                              const char      *permission,
                              const char      *outgoing)
{
  Work *work = g_new0 (Work, 1);

  work->topic = g_strdup (topic);
  work->permission = g_strdup (permission);
  work->outgoing = g_strdup (outgoing);
  hand_over (shard, send_topic_cb, work);
}

static void
close_all (SanheEventShard *shard)
{
  g_autoptr(GList) users = g_hash_table_get_keys (shard->sockets);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (GList *l = users; l != NULL; l = l->next)
    g_array_append_val (ids, *(gint64 *) l->data);
  for (guint i = 0; i < ids->len; i++)
    close_user_sockets (shard, g_array_index (ids, gint64, i), NULL,
                        SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "server stopping");
}

static gboolean
close_all_cb (gpointer data)
{
  close_all (data);
  return G_SOURCE_REMOVE;
}

void
sanhe_event_shard_close_all (SanheEventShard *shard)
{
  g_main_context_invoke (shard->context, close_all_cb, shard);
}

/* The loop ends once every socket has finished its closing handshake
 * (libsoup gives a silent peer 5 s), so nothing is left half-closed. */
static gboolean
stop_cb (gpointer data)
{
  SanheEventShard *shard = data;

  shard->stopping = TRUE;
  close_all (shard);
  quit_if_stopped (shard);
  return G_SOURCE_REMOVE;
}

void
sanhe_event_shard_stop (SanheEventShard *shard)
{
  if (shard->stop_asked)
    return;
  shard->stop_asked = TRUE;
  g_main_context_invoke (shard->context, stop_cb, shard);
}

static gpointer
run_shard_thread (gpointer data)
{
  SanheEventShard *shard = data;

  /* Thread-default, so the sources libsoup makes for a socket land here. */
  g_main_context_push_thread_default (shard->context);
  g_main_loop_run (shard->loop);
  /* Let the last closes and their callbacks finish. */
  while (g_main_context_iteration (shard->context, FALSE))
    ;
  g_main_context_pop_thread_default (shard->context);
  return NULL;
}

SanheEventShard *
sanhe_event_shard_new (guint index)
{
  SanheEventShard *shard = g_new0 (SanheEventShard, 1);
  g_autofree char *name = g_strdup_printf ("sanhe-events-%u", index);

  shard->context = g_main_context_new ();
  shard->loop = g_main_loop_new (shard->context, FALSE);
  shard->sockets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  shard->topics = sanhe_event_topics_new ();
  shard->thread = g_thread_new (name, run_shard_thread, shard);
  return shard;
}

GMainContext *
sanhe_event_shard_get_context (SanheEventShard *shard)
{
  return shard->context;
}

/* Stops the shard if sanhe_event_shard_stop() did not, and waits for its
 * thread. */
void
sanhe_event_shard_free (SanheEventShard *shard)
{
  if (shard == NULL)
    return;

  if (shard->thread != NULL)
    {
      sanhe_event_shard_stop (shard);
      g_clear_pointer (&shard->thread, g_thread_join);
    }
  g_clear_pointer (&shard->sockets, g_hash_table_unref);
  g_clear_pointer (&shard->topics, sanhe_event_topics_free);
  g_clear_pointer (&shard->loop, g_main_loop_unref);
  g_clear_pointer (&shard->context, g_main_context_unref);
  g_free (shard);
}
