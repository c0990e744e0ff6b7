/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-http"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-http.h"
#include "sanhe-idempotency.h"
#include "sanhe-request-private.h"

/*
 * The request path, end to end:
 *
 *   main loop: match route (404/405), check size (413), pause the message,
 *              push the SanheRequest to the worker pool
 *   worker:    take a pooled PGconn, BEGIN, authenticate, check permission,
 *              run the route function, COMMIT or ROLLBACK
 *   main loop: set status, headers and JSON body, unpause, log one line
 *
 * libsoup is not thread-safe, so only the main loop ever touches a
 * SoupServerMessage; the worker sees plain data. An accepted WebSocket
 * leaves the main loop altogether: once its 101 is written, the connection
 * is stolen from the server and handed to the WebSocket handler's context.
 */
struct _SanheHttp
{
  SoupServer            *server;
  SanheRouter           *router;
  SanheDbPool           *pool;
  const SanheConfig     *config;
  GThreadPool           *workers;
  GMainContext          *context;
  SanheAuthenticateFunc  authenticate;
  SanheWebsocketContextFunc websocket_context_for;
  SanheWebsocketFunc     websocket_func;
  gpointer               websocket_data;
  GPtrArray             *websocket_extensions;  /* GTypeClass * */
  guint                  in_flight;
  gboolean               draining;
  GTask                 *drain_task;
  guint                  drain_timeout_id;
};

#define UPGRADE_KEY "sanhe-upgrade"

/* An authenticated WebSocket handshake, on its way to the handler's thread. */
typedef struct
{
  GMainContext       *context;
  SanheWebsocketFunc  func;
  gpointer            data;
  SanheSession       *session;
  GList              *extensions;  /* SoupWebsocketExtension, as negotiated */
  GUri               *uri;
  char               *origin;
  char               *protocol;
  GIOStream          *stream;
} Upgrade;

static void
log_access (SanheRequest *request,
            guint         status)
{
  gint64 micros = g_get_monotonic_time () - request->started_at;
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *duration = g_strdup_printf ("%.3f", micros / 1000.0);
  g_autofree char *message = g_strdup_printf ("%s %s %u %sms request_id=%s user=%" G_GINT64_FORMAT,
                                              request->method, request->path, status, duration,
                                              request->request_id,
                                              request->session ? request->session->user_id : 0);
  const GLogField fields[] = {
    { "MESSAGE", message, -1 },
    { "PRIORITY", "6", -1 },
    { "GLIB_DOMAIN", "sanhe-access", -1 },
    { "SANHE_REQUEST_ID", request->request_id, -1 },
    { "SANHE_METHOD", request->method, -1 },
    { "SANHE_PATH", request->path, -1 },
    { "SANHE_STATUS", status_text, -1 },
    { "SANHE_DURATION_MS", duration, -1 },
  };

  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
}

/* libsoup 3.2 has no phrase for some statuses it did not know (429). */
static void
set_status (SoupServerMessage *message,
            guint              status)
{
  const char *phrase = NULL;

  switch (status)
    {
    case 422: phrase = "Unprocessable Entity"; break;
    case 429: phrase = "Too Many Requests"; break;
    default: break;
    }
  soup_server_message_set_status (message, status, phrase);
}

static void
set_json_body (SoupServerMessage *message,
               guint              status,
               JsonNode          *body)
{
  char *text = sanhe_json_to_string (body, FALSE);

  set_status (message, status);
  soup_server_message_set_response (message, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
respond_error (SoupServerMessage *message,
               const GError      *error)
{
  g_autoptr(JsonNode) body = sanhe_error_to_json (error);

  set_json_body (message, sanhe_error_get_status (error), body);
}

/* Answers on the main loop, without a worker: routing and size errors. */
static void
respond_early (SanheHttp         *http,
               SoupServerMessage *message,
               const GError      *error,
               const char        *allow)
{
  g_autoptr(SanheRequest) request = _sanhe_request_new (message, NULL, NULL, http->config);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "X-Request-Id", request->request_id);
  if (allow != NULL)
    soup_message_headers_replace (headers, "Allow", allow);
  respond_error (message, error);
  log_access (request, sanhe_error_get_status (error));
}

static gboolean
check_permission (SanheRequest  *request,
                  GError       **error)
{
  const char *permission = request->route->permission;

  if (permission == NULL || sanhe_request_has_permission (request, permission))
    return TRUE;

  sanhe_set_error (error, SANHE_ERROR_FORBIDDEN, SANHE_CODE_FORBIDDEN, NULL,
                   "You do not have the permission “%s”.", permission);
  return FALSE;
}

/* A POST with an Idempotency-Key answers a retry with the first answer. */
static gboolean
run_idempotent (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  gint64 user_id = request->session->user_id;
  SanheIdempotencyState state;

  if (strlen (request->idempotency_key) == 0 || strlen (request->idempotency_key) > 200)
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, NULL,
                       "The Idempotency-Key header must hold 1 to 200 characters.");
      return FALSE;
    }

  if (!sanhe_idempotency_claim (conn, user_id, request->idempotency_key, request->method, request->path,
                                &state, &request->status, &request->response, error))
    return FALSE;
  if (state == SANHE_IDEMPOTENCY_REPLAY)
    return TRUE;

  request->response = request->route->func (request, conn, error);
  if (request->response == NULL && error != NULL && *error != NULL)
    return FALSE;

  return request->after_commit_error != NULL ||
         sanhe_idempotency_store (conn, user_id, request->idempotency_key,
                                  request->response ? request->status : 204, request->response, error);
}

static gboolean
run_route_in_transaction (PGconn    *conn,
                          gpointer   user_data,
                          GError   **error)
{
  SanheRequest *request = user_data;
  SanheHttp *http = request->server;

  /* A retried transaction starts from a clean slate. */
  g_clear_pointer (&request->response, json_node_unref);
  g_clear_error (&request->after_commit_error);

  if ((request->route->flags & SANHE_ROUTE_PUBLIC) == 0)
    {
      if (http->authenticate == NULL || !http->authenticate (request, conn, error))
        return FALSE;
      if (!check_permission (request, error))
        return FALSE;
    }

  if (request->idempotency_key != NULL && request->session != NULL)
    return run_idempotent (request, conn, error);

  request->response = request->route->func (request, conn, error);
  if (request->response == NULL && error != NULL && *error != NULL)
    return FALSE;

  return TRUE;
}

static gboolean finish_on_main (gpointer user_data);

static void
work (gpointer data,
      gpointer user_data)
{
  SanheRequest *request = data;
  SanheHttp *http = user_data;
  PGconn *conn;

  if (g_cancellable_is_cancelled (request->cancellable))
    goto out;

  if ((request->route->flags & SANHE_ROUTE_NO_DB) != 0)
    {
      request->response = request->route->func (request, NULL, &request->error);
      goto out;
    }

  conn = sanhe_db_pool_acquire (http->pool, http->config->db_acquire_timeout_ms, &request->error);
  if (conn == NULL)
    goto out;

  sanhe_db_transaction (conn, run_route_in_transaction, request, &request->error);
  sanhe_db_pool_release (http->pool, conn);

  if (request->error == NULL && request->after_commit_error != NULL)
    request->error = g_steal_pointer (&request->after_commit_error);

out:
  g_main_context_invoke (http->context, finish_on_main, request);
}

static void
maybe_finish_drain (SanheHttp *http)
{
  if (http->drain_task != NULL && http->in_flight == 0)
    {
      g_clear_handle_id (&http->drain_timeout_id, g_source_remove);
      g_task_return_boolean (http->drain_task, TRUE);
      g_clear_object (&http->drain_task);
    }
}

static void
upgrade_free (Upgrade *upgrade)
{
  g_clear_pointer (&upgrade->context, g_main_context_unref);
  g_clear_pointer (&upgrade->session, sanhe_session_free);
  g_list_free_full (upgrade->extensions, g_object_unref);
  g_clear_pointer (&upgrade->uri, g_uri_unref);
  g_free (upgrade->origin);
  g_free (upgrade->protocol);
  g_clear_object (&upgrade->stream);
  g_free (upgrade);
}

static void
on_websocket_closed_cb (SoupWebsocketConnection *connection,
                        gpointer                 user_data)
{
  g_object_unref (connection);
}

/* On the handler's thread: the socket's sources are born on its context. */
static gboolean
open_websocket_cb (gpointer user_data)
{
  Upgrade *upgrade = user_data;
  SoupWebsocketConnection *connection;

  g_main_context_push_thread_default (upgrade->context);
  connection = soup_websocket_connection_new (upgrade->stream, upgrade->uri, SOUP_WEBSOCKET_CONNECTION_SERVER,
                                              upgrade->origin, upgrade->protocol,
                                              g_steal_pointer (&upgrade->extensions));
  /* Ours until it closes; the handler keeps what references it needs. */
  g_signal_connect (connection, "closed", G_CALLBACK (on_websocket_closed_cb), NULL);
  soup_websocket_connection_set_keepalive_interval (connection, 20);
  upgrade->func (connection, upgrade->session, upgrade->data);
  g_main_context_pop_thread_default (upgrade->context);
  return G_SOURCE_REMOVE;
}

static void
on_upgrade_written_cb (SoupServerMessage *message,
                       gpointer           user_data)
{
  Upgrade *upgrade = g_object_steal_data (G_OBJECT (message), UPGRADE_KEY);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);

  if (upgrade == NULL)
    return;

  upgrade->uri = g_uri_ref (soup_server_message_get_uri (message));
  upgrade->origin = g_strdup (soup_message_headers_get_one (request_headers, "Origin"));
  upgrade->protocol = g_strdup (soup_message_headers_get_one (response_headers, "Sec-WebSocket-Protocol"));
  /* The server forgets the connection; @message must not be used after this. */
  upgrade->stream = soup_server_message_steal_connection (message);
  if (upgrade->stream == NULL)
    {
      upgrade_free (upgrade);
      return;
    }

  /* Above the default priority, so the socket joins the handler's table
   * before an event that the client's next request causes can arrive. */
  g_main_context_invoke_full (upgrade->context, G_PRIORITY_HIGH, open_websocket_cb, upgrade,
                              (GDestroyNotify) upgrade_free);
}

/* Sets the 101 (or libsoup's 400 for a handshake it will not accept); the
 * connection is taken over once the 101 is written. */
static gboolean
accept_websocket (SanheHttp    *http,
                  SanheRequest *request)
{
  SoupServerMessage *message = request->message;
  GList *extensions = NULL;
  Upgrade *upgrade;

  if (!soup_websocket_server_process_handshake (message, NULL, NULL, http->websocket_extensions, &extensions))
    return FALSE;

  /* Logged first: the session goes with the socket. */
  log_access (request, 101);
  upgrade = g_new0 (Upgrade, 1);
  upgrade->context = g_main_context_ref (http->websocket_context_for (request->session, http->websocket_data));
  upgrade->func = http->websocket_func;
  upgrade->data = http->websocket_data;
  upgrade->session = g_steal_pointer (&request->session);
  upgrade->extensions = extensions;
  g_object_set_data_full (G_OBJECT (message), UPGRADE_KEY, upgrade, (GDestroyNotify) upgrade_free);
  g_signal_connect (message, "wrote-informational", G_CALLBACK (on_upgrade_written_cb), NULL);
  return TRUE;
}

static void
answer (SanheRequest *request)
{
  SoupServerMessage *message = request->message;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  gboolean websocket = (request->route->flags & SANHE_ROUTE_WEBSOCKET) != 0;
  guint status;

  if (websocket && request->error == NULL && accept_websocket (request->server, request))
    return;

  if (request->error != NULL)
    {
      status = sanhe_error_get_status (request->error);
      if (status >= 500)
        g_warning ("request_id=%s %s %s failed: %s", request->request_id,
                   request->method, request->path, request->error->message);
      respond_error (message, request->error);
    }
  else if (websocket)
    status = soup_server_message_get_status (message);  /* libsoup refused the handshake */
  else if (request->response == NULL)
    {
      status = 204;
      set_status (message, status);
    }
  else
    {
      status = request->status;
      set_json_body (message, status, request->response);
    }

  soup_message_headers_replace (headers, "X-Request-Id", request->request_id);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  log_access (request, status);
}

static gboolean
finish_on_main (gpointer user_data)
{
  g_autoptr(SanheRequest) request = user_data;
  SanheHttp *http = request->server;

  if (!request->message_finished)
    {
      answer (request);
      soup_server_message_unpause (request->message);
    }

  g_signal_handlers_disconnect_by_data (request->message, request);
  http->in_flight--;
  maybe_finish_drain (http);
  return G_SOURCE_REMOVE;
}

static void
on_message_finished_cb (SoupServerMessage *message,
                        SanheRequest      *request)
{
  /* The client went away: the worker's answer will have nowhere to go. */
  request->message_finished = TRUE;
  g_cancellable_cancel (request->cancellable);
}

static gboolean
body_too_large (SanheHttp         *http,
                SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  goffset length = soup_message_headers_get_content_length (headers);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && (guint64) length > http->config->max_body_bytes)
    return TRUE;

  return body != NULL && (guint64) body->length > http->config->max_body_bytes;
}

static void
set_too_large (SanheHttp         *http,
               SoupServerMessage *message)
{
  g_autoptr(GError) error = NULL;

  sanhe_set_error (&error, SANHE_ERROR_TOO_LARGE, SANHE_CODE_TOO_LARGE, NULL,
                   "The request body is larger than %" G_GUINT64_FORMAT " bytes.",
                   http->config->max_body_bytes);
  respond_early (http, message, error, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
}

static void
on_got_headers_cb (SoupServerMessage *message,
                   SanheHttp         *http)
{
  /* Refuse an announced oversize body before reading it into memory. */
  if (body_too_large (http, message))
    set_too_large (http, message);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *message,
                       SanheHttp         *http)
{
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers_cb), http);
}

static void
dispatch (SanheHttp         *http,
          SoupServerMessage *message,
          const char        *path)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *allowed = NULL;
  const SanheRoute *route;
  SanheRequest *request;
  SoupMessageBody *body;

  if (soup_server_message_get_status (message) != 0)
    return;

  if (body_too_large (http, message))
    {
      set_too_large (http, message);
      return;
    }

  route = sanhe_router_match (http->router, soup_server_message_get_method (message), path,
                              &params, &allowed);
  if (route == NULL)
    {
      if (allowed != NULL)
        sanhe_set_error (&error, SANHE_ERROR_METHOD_NOT_ALLOWED, SANHE_CODE_METHOD_NOT_ALLOWED, NULL,
                         "%s is not allowed here; use %s.", soup_server_message_get_method (message), allowed);
      else
        sanhe_set_error (&error, SANHE_ERROR_NOT_FOUND, SANHE_CODE_ROUTE_NOT_FOUND, NULL,
                         "There is no resource at %s.", path);
      respond_early (http, message, error, allowed);
      return;
    }

  if ((route->flags & SANHE_ROUTE_WEBSOCKET) != 0 &&
      !soup_websocket_server_check_handshake (message, NULL, NULL, NULL, NULL))
    {
      sanhe_set_error (&error, SANHE_ERROR_BAD_REQUEST, "request.websocket_expected", NULL,
                       "This address speaks WebSocket only: open it with an Upgrade: websocket handshake.");
      respond_early (http, message, error, NULL);
      return;
    }

  if (http->draining)
    {
      sanhe_set_error (&error, SANHE_ERROR_UNAVAILABLE, "server.shutting_down", NULL,
                       "The server is shutting down; try again in a moment.");
      respond_early (http, message, error, NULL);
      return;
    }

  request = _sanhe_request_new (message, route, params, http->config);
  request->server = http;
  body = soup_server_message_get_request_body (message);
  if (body != NULL && body->length > 0)
    request->body_bytes = soup_message_body_flatten (body);

  g_signal_connect (message, "finished", G_CALLBACK (on_message_finished_cb), request);
  soup_server_message_pause (message);
  http->in_flight++;
  g_thread_pool_push (http->workers, request, NULL);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  dispatch (user_data, message, path);
}


SanheHttp *
sanhe_http_new (SanheRouter       *router,
                SanheDbPool       *pool,
                const SanheConfig *config)
{
  SanheHttp *http = g_new0 (SanheHttp, 1);

  http->router = router;
  http->pool = pool;
  http->config = config;
  http->context = g_main_context_ref_thread_default ();
  http->server = soup_server_new ("server-header", "sanhe-server/" PACKAGE_VERSION " ", NULL);
  /* One worker per pooled connection: more would only queue on the pool. */
  http->workers = g_thread_pool_new (work, http, (int) sanhe_db_pool_get_size (pool), FALSE, NULL);

  g_signal_connect (http->server, "request-started", G_CALLBACK (on_request_started_cb), http);
  soup_server_add_handler (http->server, NULL, on_request_cb, http, NULL);

  return http;
}

void
sanhe_http_free (SanheHttp *http)
{
  if (http == NULL)
    return;

  g_thread_pool_free (http->workers, FALSE, TRUE);
  if (http->server != NULL)
    soup_server_disconnect (http->server);
  g_clear_object (&http->server);
  g_clear_pointer (&http->context, g_main_context_unref);
  g_clear_pointer (&http->websocket_extensions, g_ptr_array_unref);
  g_free (http);
}

void
sanhe_http_set_authenticator (SanheHttp             *http,
                              SanheAuthenticateFunc  func)
{
  http->authenticate = func;
}

/*
 * Routes flagged SANHE_ROUTE_WEBSOCKET are served like any other: a worker
 * checks the bearer token while the handshake waits, so a bad token is a
 * 401 at the handshake and not an accepted socket closed later. Only then
 * is the 101 written and the connection stolen for @func, which runs on
 * the thread that iterates the context @context_for picks for the session,
 * with that context as its thread-default.
 * (libsoup's soup_server_add_websocket_handler() would keep the socket on
 * the server's context.)
 */
void
sanhe_http_set_websocket_handler (SanheHttp                 *http,
                                  SanheWebsocketContextFunc  context_for,
                                  SanheWebsocketFunc         func,
                                  gpointer                   user_data)
{
  http->websocket_context_for = context_for;
  http->websocket_func = func;
  http->websocket_data = user_data;
  /* What libsoup's server offers by default: permessage-deflate. */
  http->websocket_extensions = g_ptr_array_new_with_free_func (g_type_class_unref);
  g_ptr_array_add (http->websocket_extensions, g_type_class_ref (SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE));
}

/* @address is "HOST:PORT"; port 0 picks a free one. */
gboolean
sanhe_http_listen (SanheHttp   *http,
                   const char  *address,
                   char       **out_url,
                   GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  connectable = g_network_address_parse (address, 8080, error);
  if (connectable == NULL)
    return FALSE;

  enumerator = g_socket_connectable_enumerate (connectable);
  socket_address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (socket_address == NULL)
    return FALSE;

  /* Our own socket, for a real listen backlog: GSocket's default of 10
   * resets connections when a few dozen clients arrive at once. */
  socket = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (http->server, socket, 0, error))
    return FALSE;

  uris = soup_server_get_uris (http->server);
  if (out_url != NULL && uris != NULL)
    {
      g_autofree char *text = g_uri_to_string (uris->data);

      /* Drop the trailing slash: clients append "/api/v1/…". */
      if (g_str_has_suffix (text, "/"))
        text[strlen (text) - 1] = '\0';
      *out_url = g_steal_pointer (&text);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

static gboolean
on_drain_timeout_cb (gpointer user_data)
{
  SanheHttp *http = user_data;

  http->drain_timeout_id = 0;
  g_warning ("Stopping with %u request(s) still running.", http->in_flight);
  g_task_return_boolean (http->drain_task, FALSE);
  g_clear_object (&http->drain_task);
  return G_SOURCE_REMOVE;
}

/* New requests get 503 from now on; completes when in-flight ones are answered. */
void
sanhe_http_drain_async (SanheHttp           *http,
                        guint                timeout_ms,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  http->draining = TRUE;
  http->drain_task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (http->drain_task, sanhe_http_drain_async);
  http->drain_timeout_id = g_timeout_add (timeout_ms, on_drain_timeout_cb, http);
  maybe_finish_drain (http);
}

void
sanhe_http_drain_finish (SanheHttp    *http,
                         GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

void
sanhe_http_disconnect (SanheHttp *http)
{
  soup_server_disconnect (http->server);
}
