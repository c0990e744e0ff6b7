/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-request"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-request-private.h"

static char *
make_request_id (SoupServerMessage *message)
{
  const char *given = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                    "X-Request-Id");
  guint8 bytes[8];

  /* A caller's id is kept when it is short and printable, so logs of a
   * proxy and of the server line up; anything else is replaced. */
  if (given != NULL && strlen (given) <= 64 && strspn (given,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen (given)
      && *given != '\0')
    return g_strdup (given);

  randombytes_buf (bytes, sizeof bytes);
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3],
                          bytes[4], bytes[5], bytes[6], bytes[7]);
}

static char *
extract_bearer (SoupServerMessage *message)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return g_strstrip (g_strdup (header + 7));
}

SanheRequest *
_sanhe_request_new (SoupServerMessage *message,
                    const SanheRoute  *route,
                    GHashTable        *params,
                    const SanheConfig *config)
{
  SanheRequest *request = g_new0 (SanheRequest, 1);
  GHashTable *query = soup_server_message_get_uri (message)
    ? soup_form_decode (g_uri_get_query (soup_server_message_get_uri (message)) ?: "")
    : NULL;

  request->message = g_object_ref (message);
  request->route = route;
  request->config = config;
  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (message)));
  request->request_id = make_request_id (message);
  request->bearer = extract_bearer (message);
  if (g_strcmp0 (request->method, "POST") == 0)
    request->idempotency_key = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                                       "Idempotency-Key"));
  request->params = params ? g_hash_table_ref (params) : NULL;
  request->query = query;
  request->cancellable = g_cancellable_new ();
  request->started_at = g_get_monotonic_time ();
  request->status = 200;

  return request;
}

void
_sanhe_request_free (SanheRequest *request)
{
  if (request == NULL)
    return;

  g_clear_object (&request->message);
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->bearer, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->body_bytes, g_bytes_unref);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->body, json_node_unref);
  g_clear_pointer (&request->session, sanhe_session_free);
  g_clear_pointer (&request->response, json_node_unref);
  g_clear_error (&request->error);
  g_clear_error (&request->after_commit_error);
  g_free (request);
}

void
sanhe_session_free (SanheSession *session)
{
  if (session == NULL)
    return;
  g_free (session->login);
  g_free (session->token_hash);
  g_strfreev (session->permissions);
  g_free (session);
}

const char *
sanhe_request_get_method (SanheRequest *request)
{
  return request->method;
}

const char *
sanhe_request_get_path (SanheRequest *request)
{
  return request->path;
}

const char *
sanhe_request_get_id (SanheRequest *request)
{
  return request->request_id;
}

const char *
sanhe_request_get_param (SanheRequest *request,
                         const char   *name)
{
  return request->params ? g_hash_table_lookup (request->params, name) : NULL;
}

/* Reads a numeric path parameter; anything else cannot name a record: 404. */
gboolean
sanhe_request_get_id_param (SanheRequest  *request,
                            const char    *name,
                            const char    *not_found_code,
                            gint64        *out_id,
                            GError       **error)
{
  const char *text = sanhe_request_get_param (request, name);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, not_found_code, NULL,
                       "No record has the id “%s”.", text ? text : "");
      return FALSE;
    }

  *out_id = (gint64) value;
  return TRUE;
}

const char *
sanhe_request_get_query (SanheRequest *request,
                         const char   *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

/* Whether any body came at all: actions whose body is optional ask first. */
gboolean
sanhe_request_has_body (SanheRequest *request)
{
  return request->body_bytes != NULL && g_bytes_get_size (request->body_bytes) > 0;
}

/* Returns: (transfer none): the parsed body, parsed on first use. */
JsonNode *
sanhe_request_get_body (SanheRequest  *request,
                        GError       **error)
{
  if (request->body == NULL)
    {
      gsize length = 0;
      const char *data = request->body_bytes ? g_bytes_get_data (request->body_bytes, &length) : NULL;

      request->body = sanhe_json_parse (data, length, error);
    }
  return request->body;
}

/* Returns: (transfer full): a field reader over the body, which must be an object. */
SanheFields *
sanhe_request_get_fields (SanheRequest        *request,
                          const char * const  *allowed,
                          GError             **error)
{
  JsonNode *body = sanhe_request_get_body (request, error);

  if (body == NULL)
    return NULL;
  return sanhe_fields_new (body, allowed, error);
}

const char *
sanhe_request_get_bearer (SanheRequest *request)
{
  return request->bearer;
}

const SanheSession *
sanhe_request_get_session (SanheRequest *request)
{
  return request->session;
}

gint64
sanhe_request_get_user_id (SanheRequest *request)
{
  return request->session ? request->session->user_id : 0;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
sanhe_request_has_permission (SanheRequest *request,
                              const char   *permission)
{
  if (request->session == NULL || request->session->permissions == NULL)
    return FALSE;

  return bsearch (&permission, request->session->permissions,
                  g_strv_length (request->session->permissions),
                  sizeof (char *), compare_strings) != NULL;
}

const SanheConfig *
sanhe_request_get_config (SanheRequest *request)
{
  return request->config;
}

void
sanhe_request_set_status (SanheRequest *request,
                          guint         status)
{
  request->status = status;
}

/*
 * For the rare route whose failure must still leave a trace in the
 * database (a failed login counts towards throttling): the route returns
 * normally, the transaction commits, and the client gets @error.
 */
void
sanhe_request_fail_after_commit (SanheRequest *request,
                                 GError       *error)
{
  g_clear_error (&request->after_commit_error);
  request->after_commit_error = error;
}

void
sanhe_request_set_session (SanheRequest *request,
                           SanheSession *session)
{
  g_clear_pointer (&request->session, sanhe_session_free);
  request->session = session;
  if (session && session->permissions)
    qsort (session->permissions, g_strv_length (session->permissions), sizeof (char *), compare_strings);
}
