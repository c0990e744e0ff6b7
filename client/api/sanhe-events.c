/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-events"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "sanhe-json.h"

#include "sanhe-events.h"

/*
 * SanheEvents keeps the WebSocket /api/v1/events open on a SoupSession of its
 * own (so the long-lived connection never takes one of the API session's
 * per-host slots) and reconnects with exponential back-off when it drops.
 * Each message {"type":"core.user.updated","ids":[5]} is emitted as the
 * detailed signal "event::core.user.updated".
 *
 * Pages also watch topics, the records they show ("erp.purchase_order:12"),
 * to hear of changes to them made by others (sanhe_events_watch()). The
 * topics are counted, since two views may show one record; the whole set
 * goes to the server whenever it changes and after each reconnection, and
 * the server's answer comes back as "event::events.watching".
 */

#define BACKOFF_FIRST_SECONDS 1
#define BACKOFF_MAX_SECONDS   60

struct _SanheEvents
{
  GObject                  parent_instance;

  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;
  char                    *url;
  char                    *token;
  guint                    backoff_seconds;
  guint                    reconnect_source;
  GHashTable              *watched;       /* topic → how many watch it */
  guint                    send_source;   /* the set changed: send it */
};

G_DEFINE_FINAL_TYPE (SanheEvents, sanhe_events, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (SanheEvents *self);

/* {"type":"watch","topics":[…]}, sorted so the server's echo reads well. */
static void
send_watched (SanheEvents *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) topics = g_hash_table_get_keys (self->watched);
  g_autofree char *text = NULL;

  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  topics = g_list_sort (topics, (GCompareFunc) g_strcmp0);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "watch");
  json_builder_set_member_name (builder, "topics");
  json_builder_begin_array (builder);
  for (GList *l = topics; l != NULL; l = l->next)
    json_builder_add_string_value (builder, l->data);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = sanhe_json_to_string (root, FALSE);
  soup_websocket_connection_send_text (self->connection, text);
}

static void
send_watched_cb (gpointer user_data)
{
  SanheEvents *self = user_data;

  self->send_source = 0;
  send_watched (self);
}

/* Several views change what they show at once (a list selection, an
 * editor): one message for all of them. */
static void
queue_send_watched (SanheEvents *self)
{
  if (self->send_source == 0)
    self->send_source = g_idle_add_once (send_watched_cb, self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  SanheEvents *self = SANHE_EVENTS (user_data);

  self->reconnect_source = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (SanheEvents *self)
{
  if (self->token == NULL || self->reconnect_source != 0)
    return;

  g_debug ("Reconnecting to the event stream in %u s", self->backoff_seconds);
  self->reconnect_source = g_timeout_add_seconds (self->backoff_seconds, reconnect_cb, self);
  self->backoff_seconds = MIN (self->backoff_seconds * 2, BACKOFF_MAX_SECONDS);
}

static void
drop_connection (SanheEvents *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
on_connection_message_cb (SoupWebsocketConnection *connection,
                          int                      type,
                          GBytes                  *message,
                          gpointer                 user_data)
{
  SanheEvents *self = SANHE_EVENTS (user_data);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  const char *event_type;
  gsize length;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &length);
  node = sanhe_json_parse (data, length, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Ignoring an event that is not a JSON object");
      return;
    }

  event_type = json_object_get_string_member_with_default (json_node_get_object (node),
                                                           "type", NULL);
  if (event_type == NULL || *event_type == '\0')
    return;
  if (g_str_equal (event_type, "events.error"))
    g_warning ("The server refused the watched topics: %s",
               sanhe_json_object_get_string (sanhe_json_object_get_object (json_node_get_object (node), "error"),
                                             "message"));

  g_debug ("Event %s", event_type);
  g_signal_emit (self, signals[EVENT], g_quark_from_string (event_type), event_type, node);
}

static void
on_connection_closed_cb (SoupWebsocketConnection *connection,
                         gpointer                 user_data)
{
  SanheEvents *self = SANHE_EVENTS (user_data);

  g_debug ("Event stream closed (%u)", soup_websocket_connection_get_close_code (connection));
  drop_connection (self);
  schedule_reconnect (self);
}

static void
on_connect_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SanheEvents *self;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = SANHE_EVENTS (user_data);
  if (connection == NULL)
    {
      g_debug ("Cannot open the event stream: %s", error->message);
      schedule_reconnect (self);
      return;
    }

  self->backoff_seconds = BACKOFF_FIRST_SECONDS;
  self->connection = g_steal_pointer (&connection);
  /* The server pings every 20 s; our own keep-alive finds a dead peer. */
  soup_websocket_connection_set_keepalive_interval (self->connection, 30);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_connection_message_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_connection_closed_cb), self);
  /* A new socket watches nothing yet. */
  if (g_hash_table_size (self->watched) > 0)
    send_watched (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
connect_now (SanheEvents *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *bearer = NULL;

  if (self->token == NULL || self->url == NULL)
    return;

  message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (message == NULL)
    {
      g_warning ("Invalid event stream address %s", self->url);
      return;
    }

  bearer = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", bearer);
  soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->cancellable,
                                        on_connect_cb, self);
}

static void
sanhe_events_dispose (GObject *object)
{
  SanheEvents *self = (SanheEvents *)object;

  sanhe_events_stop (self);
  g_clear_handle_id (&self->send_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sanhe_events_parent_class)->dispose (object);
}

static void
sanhe_events_finalize (GObject *object)
{
  SanheEvents *self = (SanheEvents *)object;

  g_hash_table_unref (self->watched);

  G_OBJECT_CLASS (sanhe_events_parent_class)->finalize (object);
}

static void
sanhe_events_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SanheEvents *self = SANHE_EVENTS (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, sanhe_events_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_events_class_init (SanheEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_events_dispose;
  object_class->finalize = sanhe_events_finalize;
  object_class->get_property = sanhe_events_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SanheEvents::event:
   * @type: the event type, also the signal detail
   * @event: the whole message, {"type", "ids", …}
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, JSON_TYPE_NODE);
}

static void
sanhe_events_init (SanheEvents *self)
{
  self->session = soup_session_new ();
  self->backoff_seconds = BACKOFF_FIRST_SECONDS;
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Hears the events about @topic ("erp.purchase_order:12") until as many
 * sanhe_events_unwatch() calls. */
void
sanhe_events_watch (SanheEvents *self,
                    const char  *topic)
{
  guint count;

  g_return_if_fail (SANHE_IS_EVENTS (self));
  g_return_if_fail (topic != NULL && *topic != '\0');

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watched, topic));
  g_hash_table_replace (self->watched, g_strdup (topic), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    queue_send_watched (self);
}

void
sanhe_events_unwatch (SanheEvents *self,
                      const char  *topic)
{
  guint count;

  g_return_if_fail (SANHE_IS_EVENTS (self));
  g_return_if_fail (topic != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watched, topic));
  g_return_if_fail (count > 0);
  if (count > 1)
    {
      g_hash_table_replace (self->watched, g_strdup (topic), GUINT_TO_POINTER (count - 1));
      return;
    }
  g_hash_table_remove (self->watched, topic);
  queue_send_watched (self);
}

SanheEvents *
sanhe_events_new (void)
{
  return g_object_new (SANHE_TYPE_EVENTS, NULL);
}

/* Opens ws(s)://…/api/v1/events for @base_url (http or https) with @token,
 * and keeps it open until sanhe_events_stop(). */
void
sanhe_events_start (SanheEvents *self,
                    const char  *base_url,
                    const char  *token)
{
  g_return_if_fail (SANHE_IS_EVENTS (self));
  g_return_if_fail (base_url != NULL);
  g_return_if_fail (token != NULL);

  sanhe_events_stop (self);

  if (g_str_has_prefix (base_url, "https://"))
    self->url = g_strconcat ("wss://", base_url + strlen ("https://"), "/api/v1/events", NULL);
  else if (g_str_has_prefix (base_url, "http://"))
    self->url = g_strconcat ("ws://", base_url + strlen ("http://"), "/api/v1/events", NULL);
  else
    return;

  self->token = g_strdup (token);
  self->cancellable = g_cancellable_new ();
  self->backoff_seconds = BACKOFF_FIRST_SECONDS;
  connect_now (self);
}

void
sanhe_events_stop (SanheEvents *self)
{
  g_return_if_fail (SANHE_IS_EVENTS (self));

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);
}

gboolean
sanhe_events_get_connected (SanheEvents *self)
{
  g_return_val_if_fail (SANHE_IS_EVENTS (self), FALSE);

  return self->connection != NULL
         && soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Whether the event's "ids" array names @id. */
gboolean
sanhe_event_has_id (JsonNode *event,
                    gint64    id)
{
  JsonNode *ids;
  JsonArray *array;

  if (event == NULL || !JSON_NODE_HOLDS_OBJECT (event))
    return FALSE;

  ids = json_object_get_member (json_node_get_object (event), "ids");
  if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids))
    return FALSE;

  array = json_node_get_array (ids);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element)
          && json_node_get_value_type (element) == G_TYPE_INT64
          && json_node_get_int (element) == id)
        return TRUE;
    }

  return FALSE;
}
