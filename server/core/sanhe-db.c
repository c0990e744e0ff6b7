/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-db"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"

/*
 * A fixed pool of libpq connections shared by the worker threads. Broken
 * connections are dropped on release and re-opened lazily on acquire, so a
 * restarted database heals without restarting the server.
 */
struct _SanheDbPool
{
  char   *conninfo;
  guint   size;
  guint   open;      /* connections that exist, idle or lent */
  GQueue  idle;
  GMutex  mutex;
  GCond   cond;
};

/* The SQLSTATE travels in a GError of its own domain so callers can match on it. */
#define SANHE_DB_ERROR (sanhe_db_error_quark ())

typedef struct
{
  char sqlstate[6];
  char *constraint;
} SanheDbErrorPrivate;

static void
sanhe_db_error_private_init (SanheDbErrorPrivate *priv)
{
  priv->sqlstate[0] = '\0';
  priv->constraint = NULL;
}

static void
sanhe_db_error_private_copy (const SanheDbErrorPrivate *src,
                             SanheDbErrorPrivate       *dest)
{
  memcpy (dest->sqlstate, src->sqlstate, sizeof dest->sqlstate);
  dest->constraint = g_strdup (src->constraint);
}

static void
sanhe_db_error_private_clear (SanheDbErrorPrivate *priv)
{
  g_clear_pointer (&priv->constraint, g_free);
}

static GQuark sanhe_db_error_quark (void);
G_DEFINE_EXTENDED_ERROR (SanheDbError, sanhe_db_error)

static void
set_db_error (GError          **error,
              const PGresult   *result,
              PGconn           *conn)
{
  const char *sqlstate = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *constraint = result ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME) : NULL;
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  SanheDbErrorPrivate *priv;

  if (error == NULL)
    return;

  g_set_error (error, SANHE_DB_ERROR, 0, "%s",
               primary ? primary : PQerrorMessage (conn));
  priv = sanhe_db_error_get_private (*error);
  if (sqlstate != NULL)
    g_strlcpy (priv->sqlstate, sqlstate, sizeof priv->sqlstate);
  priv->constraint = g_strdup (constraint);
}

/* Returns the SQLSTATE of a database error, "" for others. */
const char *
sanhe_db_error_sqlstate (const GError *error)
{
  if (error == NULL || error->domain != SANHE_DB_ERROR)
    return "";
  return sanhe_db_error_get_private (error)->sqlstate;
}

const char *
sanhe_db_error_constraint (const GError *error)
{
  if (error == NULL || error->domain != SANHE_DB_ERROR)
    return NULL;
  return sanhe_db_error_get_private (error)->constraint;
}

gboolean
sanhe_db_error_is_retryable (const GError *error)
{
  const char *state = sanhe_db_error_sqlstate (error);

  return g_str_equal (state, SANHE_SQLSTATE_SERIALIZATION_FAILURE) ||
         g_str_equal (state, SANHE_SQLSTATE_DEADLOCK_DETECTED);
}

static void
ignore_notice (void       *user_data,
               const char *message)
{
}

PGconn *
sanhe_db_connect (const char  *conninfo,
                  GError     **error)
{
  PGconn *conn = PQconnectdb (conninfo);
  g_autoptr(PGresult) result = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (PQerrorMessage (conn)));

      sanhe_set_error (error, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_DB_UNAVAILABLE, NULL,
                       "Cannot connect to the database: %s", message);
      PQfinish (conn);
      return NULL;
    }

  /* NOTICEs ("schema already exists, skipping") are not for the server log. */
  PQsetNoticeProcessor (conn, ignore_notice, NULL);

  /* Timestamps leave the database in UTC, as the API promises. */
  result = PQexec (conn, "SET TIME ZONE 'UTC'");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      set_db_error (error, result, conn);
      PQfinish (conn);
      return NULL;
    }

  return conn;
}

SanheDbPool *
sanhe_db_pool_new (const char  *conninfo,
                   guint        size,
                   GError     **error)
{
  SanheDbPool *pool;
  PGconn *first;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  /* Open one now so a wrong URL fails at start-up, not at the first request. */
  first = sanhe_db_connect (conninfo, error);
  if (first == NULL)
    return NULL;

  pool = g_new0 (SanheDbPool, 1);
  pool->conninfo = g_strdup (conninfo);
  pool->size = size;
  pool->open = 1;
  g_queue_init (&pool->idle);
  g_mutex_init (&pool->mutex);
  g_cond_init (&pool->cond);
  g_queue_push_tail (&pool->idle, first);

  return pool;
}

void
sanhe_db_pool_free (SanheDbPool *pool)
{
  PGconn *conn;

  if (pool == NULL)
    return;

  while ((conn = g_queue_pop_head (&pool->idle)) != NULL)
    {
      sanhe_db_forget_prepared (conn);
      PQfinish (conn);
    }
  g_mutex_clear (&pool->mutex);
  g_cond_clear (&pool->cond);
  g_free (pool->conninfo);
  g_free (pool);
}

guint
sanhe_db_pool_get_size (SanheDbPool *pool)
{
  return pool->size;
}

const char *
sanhe_db_pool_get_conninfo (SanheDbPool *pool)
{
  return pool->conninfo;
}

/* Waits up to @timeout_ms for a connection; the caller turns a timeout into a 503. */
PGconn *
sanhe_db_pool_acquire (SanheDbPool  *pool,
                       guint         timeout_ms,
                       GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  PGconn *conn = NULL;
  gboolean must_open = FALSE;

  g_mutex_lock (&pool->mutex);
  while (conn == NULL && !must_open)
    {
      conn = g_queue_pop_head (&pool->idle);
      if (conn != NULL)
        break;

      if (pool->open < pool->size)
        {
          pool->open++;
          must_open = TRUE;
          break;
        }

      if (!g_cond_wait_until (&pool->cond, &pool->mutex, deadline))
        break;
    }
  g_mutex_unlock (&pool->mutex);

  if (must_open)
    {
      conn = sanhe_db_connect (pool->conninfo, error);
      if (conn == NULL)
        {
          g_mutex_lock (&pool->mutex);
          pool->open--;
          g_cond_signal (&pool->cond);
          g_mutex_unlock (&pool->mutex);
        }
      return conn;
    }

  if (conn == NULL)
    sanhe_set_error (error, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_DB_UNAVAILABLE, NULL,
                     "The database is busy; try again in a moment.");

  return conn;
}

void
sanhe_db_pool_release (SanheDbPool *pool,
                       PGconn      *conn)
{
  gboolean healthy;

  g_return_if_fail (conn != NULL);

  /* Whatever the borrower left open is rolled back, never committed. */
  if (PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      PGresult *result = PQexec (conn, "ROLLBACK");

      PQclear (result);
    }

  healthy = PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) == PQTRANS_IDLE;
  if (!healthy)
    {
      sanhe_db_forget_prepared (conn);
      PQfinish (conn);
    }

  g_mutex_lock (&pool->mutex);
  if (healthy)
    g_queue_push_head (&pool->idle, conn);
  else
    pool->open--;
  g_cond_signal (&pool->cond);
  g_mutex_unlock (&pool->mutex);
}

/* Returns a result with status TUPLES_OK or COMMAND_OK, or NULL with @error. */
PGresult *
sanhe_db_exec (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GError            **error)
{
  PGresult *result;
  ExecStatusType status;

  result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    return result;

  if (PQstatus (conn) != CONNECTION_OK)
    sanhe_set_error (error, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_DB_UNAVAILABLE, NULL,
                     "The connection to the database was lost.");
  else
    set_db_error (error, result, conn);

  PQclear (result);
  return NULL;
}

/*
 * Hot statements are prepared once per connection: planning the JSON views
 * costs more than running them. Which connection has prepared what is kept
 * here, keyed by the PGconn; a connection that is dropped forgets its
 * statements, and a missing statement (SQLSTATE 26000) is prepared again.
 */
static GMutex prepared_lock;
static GHashTable *prepared;  /* PGconn * → GHashTable of names */

#define SANHE_SQLSTATE_UNDEFINED_STATEMENT "26000"

static gboolean
is_prepared (PGconn     *conn,
             const char *name)
{
  GHashTable *names;
  gboolean found;

  g_mutex_lock (&prepared_lock);
  names = prepared ? g_hash_table_lookup (prepared, conn) : NULL;
  found = names != NULL && g_hash_table_contains (names, name);
  g_mutex_unlock (&prepared_lock);
  return found;
}

static void
mark_prepared (PGconn     *conn,
               const char *name)
{
  GHashTable *names;

  g_mutex_lock (&prepared_lock);
  if (prepared == NULL)
    prepared = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  names = g_hash_table_lookup (prepared, conn);
  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (prepared, conn, names);
    }
  g_hash_table_add (names, g_strdup (name));
  g_mutex_unlock (&prepared_lock);
}

void
sanhe_db_forget_prepared (PGconn *conn)
{
  g_mutex_lock (&prepared_lock);
  if (prepared != NULL)
    g_hash_table_remove (prepared, conn);
  g_mutex_unlock (&prepared_lock);
}

static gboolean
prepare (PGconn      *conn,
         const char  *name,
         const char  *sql,
         int          n_params,
         GError     **error)
{
  g_autoptr(PGresult) result = PQprepare (conn, name, sql, n_params, NULL);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      set_db_error (error, result, conn);
      return FALSE;
    }
  mark_prepared (conn, name);
  return TRUE;
}

PGresult *
sanhe_db_exec_prepared (PGconn             *conn,
                        const char         *name,
                        const char         *sql,
                        int                 n_params,
                        const char * const *params,
                        GError            **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      PGresult *result;
      ExecStatusType status;
      const char *state;

      if (!is_prepared (conn, name) && !prepare (conn, name, sql, n_params, error))
        return NULL;

      result = PQexecPrepared (conn, name, n_params, params, NULL, NULL, 0);
      status = PQresultStatus (result);
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        return result;

      state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
      if (attempt == 0 && g_strcmp0 (state, SANHE_SQLSTATE_UNDEFINED_STATEMENT) == 0)
        {
          /* A new connection at a recycled address: prepare for real. */
          PQclear (result);
          sanhe_db_forget_prepared (conn);
          continue;
        }

      if (PQstatus (conn) != CONNECTION_OK)
        sanhe_set_error (error, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_DB_UNAVAILABLE, NULL,
                         "The connection to the database was lost.");
      else
        set_db_error (error, result, conn);
      PQclear (result);
      return NULL;
    }

  return NULL;
}

gboolean
sanhe_db_command (PGconn      *conn,
                  const char  *sql,
                  GError     **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 0, NULL, error);

  return result != NULL;
}

/*
 * Runs a query whose single row and column is a json value built by
 * PostgreSQL (json_build_object, json_agg) and returns it parsed. No row
 * gives NULL without an error: the caller decides what "not found" means.
 */
JsonNode *
sanhe_db_query_json (PGconn             *conn,
                     const char         *sql,
                     int                 n_params,
                     const char * const *params,
                     GError            **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, n_params, params, error);
  const char *text;

  if (result == NULL || PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;

  text = PQgetvalue (result, 0, 0);
  return sanhe_json_parse (text, PQgetlength (result, 0, 0), error);
}

static gboolean
finish_transaction (PGconn      *conn,
                    gboolean     ok,
                    GError     **error)
{
  if (ok)
    return sanhe_db_command (conn, "COMMIT", error);

  if (PQstatus (conn) == CONNECTION_OK)
    {
      PGresult *result = PQexec (conn, "ROLLBACK");

      PQclear (result);
    }
  return FALSE;
}

/*
 * Runs @func inside BEGIN … COMMIT. Always ends in COMMIT or ROLLBACK, and
 * runs the whole function once more when PostgreSQL reports a serialization
 * failure or deadlock, since those are expected under concurrency.
 */
gboolean
sanhe_db_transaction (PGconn         *conn,
                      SanheDbTxFunc   func,
                      gpointer        user_data,
                      GError        **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (!sanhe_db_command (conn, "BEGIN", error))
        return FALSE;

      ok = func (conn, user_data, &local_error);
      ok = finish_transaction (conn, ok, ok ? &local_error : NULL) && ok;
      if (ok)
        return TRUE;

      if (attempt == 0 && sanhe_db_error_is_retryable (local_error))
        continue;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

const char *
sanhe_db_get (PGresult   *result,
              int         row,
              const char *column)
{
  int col = PQfnumber (result, column);

  g_return_val_if_fail (col >= 0, NULL);

  if (PQgetisnull (result, row, col))
    return NULL;
  return PQgetvalue (result, row, col);
}

gint64
sanhe_db_get_int (PGresult   *result,
                  int         row,
                  const char *column)
{
  const char *value = sanhe_db_get (result, row, column);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}
