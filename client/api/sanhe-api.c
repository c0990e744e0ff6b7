/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-api"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-api.h"
#include "sanhe-api-private.h"

/*
 * SanheApi is the one object that talks HTTP to the server. Every call is a
 * GTask on an async SoupSession: the UI never waits on the network. The
 * bearer token lives only here, in memory. When the server cannot be reached
 * the API goes offline (notify::online) and polls /health with exponential
 * back-off until it answers again.
 */

#define RETRY_FIRST_SECONDS 1
#define RETRY_MAX_SECONDS   30

struct _SanheApi
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;
  char         *token;
  SanheRecord  *me;
  SanheEvents  *events;   /* the same server's event stream, or NULL */

  gboolean      online;
  guint         retry_seconds;
  guint         retry_source;
  GCancellable *health_cancellable;
};

G_DEFINE_FINAL_TYPE (SanheApi, sanhe_api, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_ONLINE,
  PROP_ME,
  N_PROPS
};

enum {
  SESSION_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum {
  REQUEST_AUTH    = 1 << 0,  /* send the bearer token */
  REQUEST_MONITOR = 1 << 1,  /* a network failure takes the API offline */
} RequestFlags;

typedef struct
{
  SoupMessage  *message;
  RequestFlags  flags;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->message);
  g_free (data);
}

static void schedule_health_poll (SanheApi *self);

static void
set_online (SanheApi *self,
            gboolean  online)
{
  if (self->online == online)
    return;

  self->online = online;
  if (online)
    {
      self->retry_seconds = 0;
      g_clear_handle_id (&self->retry_source, g_source_remove);
    }
  else
    {
      self->retry_seconds = RETRY_FIRST_SECONDS;
      schedule_health_poll (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
on_health_poll_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SanheApi *self = SANHE_API (object);
  g_autoptr(JsonNode) health = NULL;
  g_autoptr(GError) error = NULL;

  health = sanhe_api_health_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL
      || g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_NETWORK) != 0)
    {
      /* Any HTTP answer means the server is back, even if its database
       * is not: the pages report that themselves. */
      set_online (self, TRUE);
      return;
    }

  self->retry_seconds = MIN (self->retry_seconds * 2, RETRY_MAX_SECONDS);
  schedule_health_poll (self);
}

static gboolean
poll_health_cb (gpointer user_data)
{
  SanheApi *self = SANHE_API (user_data);

  self->retry_source = 0;
  g_cancellable_cancel (self->health_cancellable);
  g_clear_object (&self->health_cancellable);
  self->health_cancellable = g_cancellable_new ();
  sanhe_api_health_async (self, self->health_cancellable, on_health_poll_cb, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_health_poll (SanheApi *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_seconds (self->retry_seconds, poll_health_cb, self);
}

/* "zh_CN" → "zh-CN", the UI language first, for the server's messages. */
static char *
dup_accept_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "C") == 0 || strchr (names[i], '.') || strchr (names[i], '@'))
        continue;
      return g_strdelimit (g_strdup (names[i]), "_", '-');
    }

  return g_strdup ("en");
}

static void
on_send_and_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SanheApi *self = g_task_get_source_object (task);
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GError *network_error = NULL;
  const char *body;
  gsize length = 0;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("%s %s: %s", soup_message_get_method (data->message),
               g_uri_get_path (soup_message_get_uri (data->message)), error->message);
      if ((data->flags & REQUEST_MONITOR) && self->token != NULL)
        set_online (self, FALSE);

      sanhe_set_error (&network_error, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_NETWORK, NULL,
                       "%s", error->message);
      g_task_return_error (task, network_error);
      return;
    }

  if (data->flags & REQUEST_MONITOR)
    set_online (self, TRUE);

  status = soup_message_get_status (data->message);
  body = g_bytes_get_data (bytes, &length);
  if (length > 0)
    node = sanhe_json_parse (body, length, NULL);

  if (status >= 200 && status < 300)
    {
      if (length > 0 && node == NULL)
        {
          sanhe_set_error (&error, SANHE_ERROR_INTERNAL, SANHE_CODE_BAD_RESPONSE, NULL,
                           "The server's answer is not JSON (HTTP %u).", status);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify)json_node_unref);
      return;
    }

  sanhe_error_from_json (node, status, &error);
  if (status == SOUP_STATUS_UNAUTHORIZED && (data->flags & REQUEST_AUTH) && self->token != NULL
      && g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_INVALID_TOKEN) == 0)
    {
      g_clear_pointer (&self->token, g_free);
      g_signal_emit (self, signals[SESSION_EXPIRED], 0);
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void
request_internal (SanheApi            *self,
                  const char          *method,
                  const char          *path,
                  JsonNode            *body,
                  RequestFlags         flags,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *language = NULL;
  SoupMessageHeaders *headers;
  RequestData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  url = sanhe_api_build_url (self, path);
  data = g_new0 (RequestData, 1);
  data->flags = flags;
  data->message = url ? soup_message_new (method, url) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)request_data_free);

  if (data->message == NULL)
    {
      g_autoptr(GError) error = NULL;

      sanhe_set_error (&error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_INVALID_URL, NULL,
                       "“%s” is not a valid server address.", self->base_url);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_request_headers (data->message);
  language = dup_accept_language ();
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Accept-Language", language);
  if ((flags & REQUEST_AUTH) && self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  if (body != NULL)
    {
      char *text = sanhe_json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      soup_message_set_request_body_from_bytes (data->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_send_and_read_cb, g_object_ref (task));
}

static void
sanhe_api_dispose (GObject *object)
{
  SanheApi *self = (SanheApi *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_cancellable_cancel (self->health_cancellable);
  g_clear_object (&self->health_cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->me);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (sanhe_api_parent_class)->dispose (object);
}

static void
sanhe_api_finalize (GObject *object)
{
  SanheApi *self = (SanheApi *)object;

  g_clear_pointer (&self->base_url, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (sanhe_api_parent_class)->finalize (object);
}

static void
sanhe_api_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SanheApi *self = SANHE_API (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_ME:
      g_value_set_object (value, self->me);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_api_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SanheApi *self = SANHE_API (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      sanhe_api_set_base_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_api_class_init (SanheApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_api_dispose;
  object_class->finalize = sanhe_api_finalize;
  object_class->get_property = sanhe_api_get_property;
  object_class->set_property = sanhe_api_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ME] =
    g_param_spec_object ("me", NULL, NULL, SANHE_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server refused our token: the user must log in again. */
  signals[SESSION_EXPIRED] =
    g_signal_new ("session-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sanhe_api_init (SanheApi *self)
{
  g_autofree char *agent = g_strdup_printf ("Sanhe/%s ", PACKAGE_VERSION);

  /* The trailing space makes libsoup append its own product token. */
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "user-agent", agent,
                                                 NULL);
  self->online = TRUE;
}

SanheApi *
sanhe_api_new (const char *base_url)
{
  return g_object_new (SANHE_TYPE_API, "base-url", base_url, NULL);
}

const char *
sanhe_api_get_base_url (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), NULL);

  return self->base_url;
}

void
sanhe_api_set_base_url (SanheApi   *self,
                        const char *base_url)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (SANHE_IS_API (self));

  normalized = g_strstrip (g_strdup (base_url ? base_url : ""));
  while (g_str_has_suffix (normalized, "/"))
    normalized[strlen (normalized) - 1] = '\0';
  if (g_strcmp0 (normalized, self->base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/* Returns: (transfer full) (nullable): @path on the server, NULL when the
 * base URL is not an http(s) URL. */
char *
sanhe_api_build_url (SanheApi   *self,
                     const char *path)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (SANHE_IS_API (self), NULL);

  if (self->base_url == NULL || *self->base_url == '\0')
    return NULL;

  url = g_strconcat (self->base_url, path, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return NULL;

  return g_steal_pointer (&url);
}

const char *
sanhe_api_get_token (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), NULL);

  return self->token;
}

gboolean
sanhe_api_get_online (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), FALSE);

  return self->online;
}

guint
sanhe_api_get_retry_seconds (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), 0);

  return self->retry_seconds;
}

/* Polls /health now instead of waiting for the back-off. */
void
sanhe_api_reconnect_now (SanheApi *self)
{
  g_return_if_fail (SANHE_IS_API (self));

  if (self->online)
    return;

  self->retry_seconds = RETRY_FIRST_SECONDS;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  (void) poll_health_cb (self);
}

/* Returns: (transfer none) (nullable): the logged-in user, from /me. */
/* The event stream of the same server, for views that watch what they
 * show (sanhe_events_watch()); the application sets it. */
void
sanhe_api_set_events (SanheApi    *self,
                      SanheEvents *events)
{
  g_return_if_fail (SANHE_IS_API (self));
  g_return_if_fail (events == NULL || SANHE_IS_EVENTS (events));

  g_set_object (&self->events, events);
}

/* Returns: (transfer none) (nullable) */
SanheEvents *
sanhe_api_get_events (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), NULL);

  return self->events;
}

SanheRecord *
sanhe_api_get_me (SanheApi *self)
{
  g_return_val_if_fail (SANHE_IS_API (self), NULL);

  return self->me;
}

gboolean
sanhe_api_has_permission (SanheApi   *self,
                          const char *permission)
{
  g_return_val_if_fail (SANHE_IS_API (self), FALSE);

  if (permission == NULL)
    return TRUE;
  if (self->me == NULL)
    return FALSE;

  return sanhe_record_strv_contains (self->me, "permissions", permission);
}

/* Any call: @path starts with "/api/v1/"; @body (nullable) is sent as JSON.
 * Finish returns the answer's JSON, NULL for an empty answer (204). */
void
sanhe_api_request_async (SanheApi            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SANHE_IS_API (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  request_internal (self, method, path, body, REQUEST_AUTH | REQUEST_MONITOR,
                    sanhe_api_request_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable) */
JsonNode *
sanhe_api_request_finish (SanheApi      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SANHE_IS_API (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sanhe_api_health_async (SanheApi            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (SANHE_IS_API (self));

  request_internal (self, "GET", "/api/v1/health", NULL, 0,
                    sanhe_api_health_async, cancellable, callback, user_data);
}

JsonNode *
sanhe_api_health_finish (SanheApi      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_sanhe_api_set_token (SanheApi   *self,
                      const char *token)
{
  g_return_if_fail (SANHE_IS_API (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
_sanhe_api_set_me (SanheApi    *self,
                   SanheRecord *me)
{
  g_return_if_fail (SANHE_IS_API (self));

  if (g_set_object (&self->me, me))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ME]);
}

static void
on_check_online_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* Only its effect on SanheApi:online matters. */
  node = g_task_propagate_pointer (G_TASK (result), &error);
}

/* Asks /health now; a server that does not answer takes the API offline
 * (and starts the reconnect polling). */
void
sanhe_api_check_online (SanheApi *self)
{
  g_return_if_fail (SANHE_IS_API (self));

  if (!self->online || self->token == NULL)
    return;

  request_internal (self, "GET", "/api/v1/health", NULL, REQUEST_MONITOR,
                    sanhe_api_check_online, NULL, on_check_online_cb, NULL);
}
