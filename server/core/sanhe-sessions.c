/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-sessions"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-auth.h"
#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-events.h"
#include "sanhe-list.h"
#include "sanhe-request.h"

static JsonNode *
health (SanheRequest  *request,
        PGconn        *conn,
        GError       **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT 1", 0, NULL, error);
  JsonObject *object;
  JsonNode *node;

  if (result == NULL)
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, "status", "ok");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  json_object_set_string_member (object, "database", "ok");
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* The user's record plus what they may do: what a client needs after sign-in. */
static JsonNode *
me_doc (PGconn              *conn,
        gint64               user_id,
        const char * const  *known_permissions,
        GError             **error)
{
  g_autoptr(JsonNode) doc = _sanhe_core_user_doc (conn, user_id, FALSE, error);
  g_auto(GStrv) loaded = NULL;
  const char * const *permissions = known_permissions;
  JsonArray *array;

  if (doc == NULL)
    return NULL;

  if (permissions == NULL)
    {
      loaded = sanhe_auth_load_permissions (conn, user_id, error);
      if (loaded == NULL)
        return NULL;
      permissions = (const char * const *) loaded;
    }

  array = json_array_new ();
  for (guint i = 0; permissions[i] != NULL; i++)
    json_array_add_string_element (array, permissions[i]);
  json_object_set_array_member (json_node_get_object (doc), "permissions", array);
  return g_steal_pointer (&doc);
}

/* Returns TRUE when @login may not try now (too many recent failures). */
static gboolean
is_throttled (PGconn            *conn,
              const char        *login,
              const SanheConfig *config,
              GError           **error)
{
  g_autofree char *max = g_strdup_printf ("%u", config->login_max_failures);
  g_autofree char *window = g_strdup_printf ("%" G_GINT64_FORMAT, config->login_window_seconds);
  const char *params[] = { login, max, window };
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "SELECT 1 FROM core.login_throttle WHERE login = $1 AND failures >= $2::int "
                          "AND first_failure_at > now() - make_interval(secs => $3::int)",
                          3, params, error);
  return result != NULL && PQntuples (result) > 0;
}

static gboolean
record_failure (PGconn            *conn,
                const char        *login,
                const SanheConfig *config,
                GError           **error)
{
  g_autofree char *window = g_strdup_printf ("%" G_GINT64_FORMAT, config->login_window_seconds);
  const char *params[] = { login, window };
  g_autoptr(PGresult) result = NULL;

  /* A failure outside the window starts a new count. */
  result = sanhe_db_exec (conn,
                          "INSERT INTO core.login_throttle AS t (login, failures, first_failure_at) "
                          "VALUES ($1, 1, now()) ON CONFLICT (login) DO UPDATE SET "
                          "failures = CASE WHEN t.first_failure_at > now() - make_interval(secs => $2::int) "
                          "                THEN t.failures + 1 ELSE 1 END, "
                          "first_failure_at = CASE WHEN t.first_failure_at > now() - make_interval(secs => $2::int) "
                          "                THEN t.first_failure_at ELSE now() END",
                          2, params, error);
  return result != NULL;
}

static JsonNode *
create_session (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  static const char * const allowed[] = { "login", "password", NULL };
  const SanheConfig *config = sanhe_request_get_config (request);
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) user = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *ttl = NULL;
  g_autofree char *user_id_text = NULL;
  g_autoptr(JsonNode) me = NULL;
  const char *login;
  const char *password;
  GError *failure = NULL;
  JsonObject *object;
  JsonNode *node;
  gint64 user_id;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;
  login = sanhe_fields_get_string (fields, "login", SANHE_FIELD_MANDATORY, 200);
  password = sanhe_fields_get_string (fields, "password", SANHE_FIELD_MANDATORY, 1024);
  if (!sanhe_fields_check (fields, error))
    return NULL;

  if (is_throttled (conn, login, config, error))
    {
      sanhe_set_error (error, SANHE_ERROR_TOO_MANY_REQUESTS, SANHE_CODE_THROTTLED, NULL,
                       "Too many failed sign-ins for this login; wait 15 minutes and try again.");
      return NULL;
    }
  if (error != NULL && *error != NULL)
    return NULL;

  user = sanhe_db_exec (conn, "SELECT id, password_hash FROM core.users WHERE login = $1 AND active",
                        1, (const char *[]) { login }, error);
  if (user == NULL)
    return NULL;

  if (PQntuples (user) == 0)
    sanhe_auth_burn_verify_time (password);

  if (PQntuples (user) == 0 || !sanhe_auth_verify_password (sanhe_db_get (user, 0, "password_hash"), password))
    {
      /* The failure is counted even though the request fails. */
      if (!record_failure (conn, login, config, error))
        return NULL;
      sanhe_set_error (&failure, SANHE_ERROR_UNAUTHORIZED, SANHE_CODE_INVALID_CREDENTIALS, NULL,
                       "The login or the password is wrong.");
      sanhe_request_fail_after_commit (request, failure);
      return json_node_new (JSON_NODE_NULL);
    }

  user_id = sanhe_db_get_int (user, 0, "id");
  user_id_text = sanhe_id_string (user_id);
  token = sanhe_auth_new_token ();
  token_hash = sanhe_auth_hash_token (token);
  ttl = g_strdup_printf ("%" G_GINT64_FORMAT, config->session_ttl_seconds);
  inserted = sanhe_db_exec (conn,
                            "WITH cleared AS (DELETE FROM core.login_throttle WHERE login = $4) "
                            "INSERT INTO core.sessions (token_hash, user_id, expires_at) "
                            "VALUES ($1, $2, now() + make_interval(secs => $3::int)) RETURNING to_json(expires_at) #>> '{}' AS expires_at",
                            4, (const char *[]) { token_hash, user_id_text, ttl, login }, error);
  if (inserted == NULL)
    return NULL;

  me = me_doc (conn, user_id, NULL, error);
  if (me == NULL)
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, "token", token);
  json_object_set_string_member (object, "expires_at", sanhe_db_get (inserted, 0, "expires_at"));
  json_object_set_member (object, "user", g_steal_pointer (&me));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  sanhe_request_set_status (request, 201);
  return node;
}

static JsonNode *
delete_session (SanheRequest  *request,
                PGconn        *conn,
                GError       **error)
{
  const SanheSession *session = sanhe_request_get_session (request);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn, "UPDATE core.sessions SET revoked_at = now() WHERE token_hash = $1",
                          1, (const char *[]) { session->token_hash }, error);
  if (result == NULL)
    return NULL;

  /* The event sockets opened with this token close too. */
  sanhe_events_notify_session_revoked (conn, session->user_id, session->token_hash, error);
  return NULL;
}

static JsonNode *
get_me (SanheRequest  *request,
        PGconn        *conn,
        GError       **error)
{
  const SanheSession *session = sanhe_request_get_session (request);

  /* The session already carries the permissions: no second query. */
  return me_doc (conn, session->user_id, (const char * const *) session->permissions, error);
}

/* Checks the bearer token of an events handshake; the socket itself is
 * handed to the event hub's own thread once the 101 is written. */
static JsonNode *
open_events (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  return NULL;
}

static const SanheRoute routes[] = {
  { "GET",    "/api/v1/health",  health,         NULL, SANHE_ROUTE_PUBLIC },
  { "POST",   "/api/v1/session", create_session, NULL, SANHE_ROUTE_PUBLIC },
  { "DELETE", "/api/v1/session", delete_session, NULL, SANHE_ROUTE_DEFAULT },
  { "GET",    "/api/v1/me",      get_me,         NULL, SANHE_ROUTE_DEFAULT },
  { "GET",    "/api/v1/events",  open_events,    NULL, SANHE_ROUTE_WEBSOCKET },
};

void
_sanhe_core_sessions_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
