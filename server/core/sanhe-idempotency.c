/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-idempotency"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-idempotency.h"
#include "sanhe-list.h"

/*
 * Claims (user, key) inside the request's transaction. The INSERT takes the
 * row lock, so a concurrent retry with the same key waits for the first
 * request to commit and then replays its answer; if the first rolled back,
 * the retry claims the key itself. Keys are kept for a day.
 */
gboolean
sanhe_idempotency_claim (PGconn                 *conn,
                         gint64                  user_id,
                         const char             *key,
                         const char             *method,
                         const char             *path,
                         SanheIdempotencyState  *out_state,
                         guint                  *out_status,
                         JsonNode              **out_response,
                         GError                **error)
{
  g_autofree char *user = sanhe_id_string (user_id);
  g_autoptr(PGresult) claimed = NULL;
  g_autoptr(PGresult) existing = NULL;
  const char *stored_path;
  const char *response;

  claimed = sanhe_db_exec (conn,
                           "WITH expired AS (DELETE FROM core.idempotency_keys "
                           "                 WHERE user_id = $1 AND key = $2 AND created_at < now() - interval '1 day') "
                           "INSERT INTO core.idempotency_keys (user_id, key, method, path) VALUES ($1, $2, $3, $4) "
                           "ON CONFLICT (user_id, key) DO NOTHING RETURNING 1",
                           4, (const char *[]) { user, key, method, path }, error);
  if (claimed == NULL)
    return FALSE;

  if (PQntuples (claimed) > 0)
    {
      *out_state = SANHE_IDEMPOTENCY_NEW;
      return TRUE;
    }

  existing = sanhe_db_exec (conn,
                            "SELECT method, path, status, response::text AS response FROM core.idempotency_keys "
                            "WHERE user_id = $1 AND key = $2 FOR UPDATE",
                            2, (const char *[]) { user, key }, error);
  if (existing == NULL)
    return FALSE;

  stored_path = PQntuples (existing) ? sanhe_db_get (existing, 0, "path") : NULL;
  if (stored_path == NULL || g_strcmp0 (sanhe_db_get (existing, 0, "method"), method) != 0 ||
      g_strcmp0 (stored_path, path) != 0 || sanhe_db_get (existing, 0, "status") == NULL)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, "request.idempotency_key_reused", NULL,
                       "This Idempotency-Key was already used for another request.");
      return FALSE;
    }

  *out_state = SANHE_IDEMPOTENCY_REPLAY;
  *out_status = (guint) sanhe_db_get_int (existing, 0, "status");
  response = sanhe_db_get (existing, 0, "response");
  *out_response = response ? sanhe_json_parse (response, -1, error) : NULL;
  return response == NULL || *out_response != NULL;
}

gboolean
sanhe_idempotency_store (PGconn     *conn,
                         gint64      user_id,
                         const char *key,
                         guint       status,
                         JsonNode   *response,
                         GError    **error)
{
  g_autofree char *user = sanhe_id_string (user_id);
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *body = response ? sanhe_json_to_string (response, FALSE) : NULL;
  g_autoptr(PGresult) stored = NULL;

  stored = sanhe_db_exec (conn,
                          "UPDATE core.idempotency_keys SET status = $3, response = $4::jsonb "
                          "WHERE user_id = $1 AND key = $2",
                          4, (const char *[]) { user, key, status_text, body }, error);
  return stored != NULL;
}
