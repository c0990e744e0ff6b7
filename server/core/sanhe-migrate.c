/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-migrate"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "sanhe-error.h"

#include "sanhe-db.h"
#include "sanhe-migrate.h"

/*
 * Migrations are server/migrations/NNNN_name.sql, compiled in as a GResource
 * under /org/sanhe/server/migrations. Each runs in its own transaction and is
 * recorded in core.schema_migrations; a database that has seen a migration
 * this binary does not know is refused rather than guessed at.
 */
#define MIGRATIONS_PATH "/org/sanhe/server/migrations"

/* Serialises concurrent starts of several servers on one database. */
#define MIGRATION_LOCK_KEY "7303260001"

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_migrations (GError **error)
{
  GStrv names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (names != NULL)
    qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

static guint
version_of (const char *name)
{
  return (guint) g_ascii_strtoull (name, NULL, 10);
}

guint
sanhe_migrate_latest_version (void)
{
  g_auto(GStrv) names = list_migrations (NULL);
  guint n = names ? g_strv_length (names) : 0;

  return n ? version_of (names[n - 1]) : 0;
}

static gint64
current_version (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!sanhe_db_command (conn, "CREATE SCHEMA IF NOT EXISTS core", error) ||
      !sanhe_db_command (conn,
                         "CREATE TABLE IF NOT EXISTS core.schema_migrations ("
                         "  version int PRIMARY KEY,"
                         "  name text NOT NULL,"
                         "  applied_at timestamptz NOT NULL DEFAULT now())",
                         error))
    return -1;

  result = sanhe_db_exec (conn, "SELECT coalesce(max(version), 0) FROM core.schema_migrations", 0, NULL, error);
  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

typedef struct
{
  const char *name;
  GBytes     *sql;
} Migration;

static gboolean
apply_one (PGconn   *conn,
           gpointer  user_data,
           GError  **error)
{
  Migration *migration = user_data;
  g_autofree char *sql = g_strndup (g_bytes_get_data (migration->sql, NULL),
                                    g_bytes_get_size (migration->sql));
  g_autofree char *version = g_strdup_printf ("%u", version_of (migration->name));
  const char *params[] = { version, migration->name };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) recorded = NULL;

  /* PQexec, not PQexecParams: a migration holds many statements. */
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Migration %s failed: %s",
                   migration->name, PQresultErrorMessage (result));
      return FALSE;
    }

  recorded = sanhe_db_exec (conn, "INSERT INTO core.schema_migrations (version, name) VALUES ($1, $2)",
                            2, params, error);
  return recorded != NULL;
}

gboolean
sanhe_migrate (PGconn   *conn,
               guint    *out_applied,
               GError  **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(PGresult) lock = NULL;
  guint latest;
  gint64 current;
  guint applied = 0;
  gboolean ok = TRUE;

  names = list_migrations (error);
  if (names == NULL)
    return FALSE;
  latest = sanhe_migrate_latest_version ();

  lock = sanhe_db_exec (conn, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")", 0, NULL, error);
  if (lock == NULL)
    return FALSE;

  current = current_version (conn, error);
  if (current < 0)
    ok = FALSE;
  else if (current > latest)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The database schema is at version %" G_GINT64_FORMAT ", newer than this server "
                   "knows (%u). Upgrade sanhe-server before using this database.", current, latest);
      ok = FALSE;
    }

  for (guint i = 0; ok && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      g_autoptr(GBytes) sql = NULL;
      Migration migration;

      if (version_of (names[i]) <= current)
        continue;

      sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      migration = (Migration) { names[i], sql };
      ok = sql != NULL && sanhe_db_transaction (conn, apply_one, &migration, error);
      if (ok)
        {
          g_message ("Applied migration %s", names[i]);
          applied++;
        }
    }

  PQclear (PQexec (conn, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")"));
  if (out_applied != NULL)
    *out_applied = applied;
  return ok;
}
