/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-bootstrap"

#include "config.h"

#include <stdio.h>
#include <sodium.h>

#include <gio/gio.h>

#include "sanhe-auth.h"
#include "sanhe-bootstrap.h"
#include "sanhe-db.h"

#define DEMO_PASSWORD "sanhe-demo"

static gboolean
create_admin (PGconn   *conn,
              gpointer  user_data,
              GError  **error)
{
  const char *password = user_data;
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) created = NULL;
  g_autofree char *hash = NULL;

  /* Whichever server first initialises a database creates the admin, once. */
  found = sanhe_db_exec (conn, "SELECT 1 FROM core.settings WHERE key = 'bootstrap.admin' FOR UPDATE", 0, NULL, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) > 0)
    return TRUE;

  hash = sanhe_auth_hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  created = sanhe_db_exec (conn,
                           "WITH admin AS ("
                           "  INSERT INTO core.users (login, name, password_hash) VALUES ('admin', 'Administrator', $1) "
                           "  RETURNING id), "
                           "granted AS (INSERT INTO core.user_roles (user_id, role_key) SELECT id, 'admin' FROM admin) "
                           "INSERT INTO core.settings (key, value) VALUES ('bootstrap.admin', now()::text)",
                           1, (const char *[]) { hash }, error);
  return created != NULL;
}

gboolean
sanhe_bootstrap_admin (PGconn      *conn,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(PGresult) found = NULL;
  g_autofree char *generated = NULL;

  found = sanhe_db_exec (conn, "SELECT 1 FROM core.settings WHERE key = 'bootstrap.admin'", 0, NULL, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) > 0)
    return TRUE;

  if (password == NULL || *password == '\0')
    {
      guint8 bytes[12];
      char text[sodium_base64_ENCODED_LEN (12, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

      randombytes_buf (bytes, sizeof bytes);
      sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
      generated = g_strdup (text);
      password = generated;
    }

  if (!sanhe_db_transaction (conn, create_admin, (gpointer) password, error))
    return FALSE;

  if (generated != NULL)
    {
      /* Printed once, on the terminal of whoever initialised the database. */
      fprintf (stderr, "sanhe-server: created user “admin” with the password: %s\n"
                       "sanhe-server: keep it now; it is not shown again.\n", generated);
      fflush (stderr);
    }
  else
    g_message ("Created user “admin” with the password from SANHE_ADMIN_PASSWORD.");

  return TRUE;
}

static gboolean
load_demo (PGconn   *conn,
           gpointer  user_data,
           GError  **error)
{
  GBytes *script = user_data;
  g_autofree char *sql = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
  g_autofree char *hash = NULL;
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) set = NULL;
  g_autoptr(PGresult) loaded = NULL;

  found = sanhe_db_exec (conn, "SELECT 1 FROM core.settings WHERE key = 'demo.loaded'", 0, NULL, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) > 0)
    return TRUE;

  /* One hash for every demo user keeps start-up fast; they share a password anyway. */
  hash = sanhe_auth_hash_password (DEMO_PASSWORD, error);
  if (hash == NULL)
    return FALSE;

  set = sanhe_db_exec (conn, "SELECT set_config('sanhe.demo_hash', $1, true)", 1, (const char *[]) { hash }, error);
  if (set == NULL)
    return FALSE;

  loaded = PQexec (conn, sql);
  if (PQresultStatus (loaded) != PGRES_COMMAND_OK && PQresultStatus (loaded) != PGRES_TUPLES_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Loading the demo company failed: %s",
                   PQresultErrorMessage (loaded));
      return FALSE;
    }
  g_message ("Loaded the demo company (users sign in with the password “%s”).", DEMO_PASSWORD);
  return TRUE;
}

gboolean
sanhe_bootstrap_demo (PGconn  *conn,
                      GError **error)
{
  g_autoptr(GBytes) script = g_resources_lookup_data ("/org/sanhe/server/demo.sql", G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (script == NULL)
    return FALSE;
  return sanhe_db_transaction (conn, load_demo, script, error);
}
