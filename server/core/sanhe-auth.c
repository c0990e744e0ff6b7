/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-auth"

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "sanhe-error.h"

#include "sanhe-auth.h"
#include "sanhe-db.h"

/*
 * Passwords: argon2id through libsodium at its "interactive" cost.
 * Tokens: 256 random bits, base64url on the wire, only their SHA-256 stored.
 */
static char *dummy_hash;

gboolean
sanhe_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libsodium could not be initialised.");
      return FALSE;
    }

  /* Verifying against this when the login is unknown keeps the answer as
   * slow as for a known login, so timing does not reveal who exists. */
  if (dummy_hash == NULL)
    dummy_hash = sanhe_auth_hash_password ("sanhe-no-such-user", error);
  return dummy_hash != NULL;
}

char *
sanhe_auth_hash_password (const char  *password,
                          GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_CODE_INTERNAL, NULL,
                       "Out of memory while hashing a password.");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
sanhe_auth_verify_password (const char *hash,
                            const char *password)
{
  if (hash == NULL || password == NULL)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

void
sanhe_auth_burn_verify_time (const char *password)
{
  sanhe_auth_verify_password (dummy_hash, password);
}

char *
sanhe_auth_new_token (void)
{
  guint8 bytes[32];
  char encoded[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (encoded);
}

char *
sanhe_auth_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

GStrv
sanhe_auth_load_permissions (PGconn  *conn,
                             gint64   user_id,
                             GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = NULL;
  GStrvBuilder *builder;
  GStrv permissions;

  result = sanhe_db_exec_prepared (conn, "auth_permissions",
                          "SELECT DISTINCT p FROM core.user_roles ur "
                          "JOIN core.roles r ON r.key = ur.role_key, unnest(r.permissions) p "
                          "WHERE ur.user_id = $1 ORDER BY p",
                          1, params, error);
  if (result == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (builder, PQgetvalue (result, i, 0));
  permissions = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return permissions;
}

static gboolean
fail_invalid_token (GError **error)
{
  sanhe_set_error (error, SANHE_ERROR_UNAUTHORIZED, SANHE_CODE_INVALID_TOKEN, NULL,
                   "Sign in first: the session token is missing, expired or revoked.");
  return FALSE;
}

/* The request's authenticator: loads its session inside its transaction. */
gboolean
sanhe_auth_authenticate (SanheRequest  *request,
                         PGconn        *conn,
                         GError       **error)
{
  const char *token = sanhe_request_get_bearer (request);
  g_autofree char *token_hash = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(SanheSession) session = NULL;
  const char *params[1];

  if (token == NULL || *token == '\0' || strlen (token) > 128)
    return fail_invalid_token (error);

  token_hash = sanhe_auth_hash_token (token);
  params[0] = token_hash;
  result = sanhe_db_exec_prepared (conn, "auth_session",
                          "SELECT u.id, u.login, extract(epoch FROM s.expires_at)::bigint AS expires FROM core.sessions s "
                          "JOIN core.users u ON u.id = s.user_id "
                          "WHERE s.token_hash = $1 AND s.revoked_at IS NULL "
                          "AND s.expires_at > now() AND u.active",
                          1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return fail_invalid_token (error);

  session = g_new0 (SanheSession, 1);
  session->user_id = sanhe_db_get_int (result, 0, "id");
  session->login = g_strdup (sanhe_db_get (result, 0, "login"));
  session->expires_at = sanhe_db_get_int (result, 0, "expires");
  session->token_hash = g_steal_pointer (&token_hash);
  session->permissions = sanhe_auth_load_permissions (conn, session->user_id, error);
  if (session->permissions == NULL)
    return FALSE;

  sanhe_request_set_session (request, g_steal_pointer (&session));
  return TRUE;
}

gboolean
sanhe_auth_revoke_user_sessions (PGconn  *conn,
                                 gint64   user_id,
                                 GError **error)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
  const char *params[] = { id };
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "UPDATE core.sessions SET revoked_at = now() "
                          "WHERE user_id = $1 AND revoked_at IS NULL",
                          1, params, error);
  return result != NULL;
}
