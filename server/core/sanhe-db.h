/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef struct _SanheDbPool SanheDbPool;

/* SQLSTATEs compared as strings: "40P01" is not a number. */
#define SANHE_SQLSTATE_UNIQUE_VIOLATION      "23505"
#define SANHE_SQLSTATE_FOREIGN_KEY_VIOLATION "23503"
#define SANHE_SQLSTATE_CHECK_VIOLATION       "23514"
#define SANHE_SQLSTATE_SERIALIZATION_FAILURE "40001"
#define SANHE_SQLSTATE_DEADLOCK_DETECTED     "40P01"

SanheDbPool *sanhe_db_pool_new       (const char   *conninfo,
                                      guint         size,
                                      GError      **error);
void         sanhe_db_pool_free      (SanheDbPool  *pool);
guint        sanhe_db_pool_get_size  (SanheDbPool  *pool);
const char  *sanhe_db_pool_get_conninfo (SanheDbPool *pool);
PGconn      *sanhe_db_pool_acquire   (SanheDbPool  *pool,
                                      guint         timeout_ms,
                                      GError      **error);
void         sanhe_db_pool_release   (SanheDbPool  *pool,
                                      PGconn       *conn);

PGconn      *sanhe_db_connect        (const char   *conninfo,
                                      GError      **error);

PGresult    *sanhe_db_exec           (PGconn       *conn,
                                      const char   *sql,
                                      int           n_params,
                                      const char * const *params,
                                      GError      **error);
PGresult    *sanhe_db_exec_prepared  (PGconn       *conn,
                                      const char   *name,
                                      const char   *sql,
                                      int           n_params,
                                      const char * const *params,
                                      GError      **error);
void         sanhe_db_forget_prepared (PGconn      *conn);
gboolean     sanhe_db_command        (PGconn       *conn,
                                      const char   *sql,
                                      GError      **error);
JsonNode    *sanhe_db_query_json     (PGconn       *conn,
                                      const char   *sql,
                                      int           n_params,
                                      const char * const *params,
                                      GError      **error);
const char  *sanhe_db_error_sqlstate (const GError *error);
const char  *sanhe_db_error_constraint (const GError *error);
gboolean     sanhe_db_error_is_retryable (const GError *error);

typedef gboolean (*SanheDbTxFunc) (PGconn   *conn,
                                   gpointer  user_data,
                                   GError  **error);

gboolean     sanhe_db_transaction    (PGconn       *conn,
                                      SanheDbTxFunc func,
                                      gpointer      user_data,
                                      GError      **error);

/* Row helpers: columns by name, values as text. */
const char  *sanhe_db_get           (PGresult     *result,
                                     int           row,
                                     const char   *column);
gint64       sanhe_db_get_int       (PGresult     *result,
                                     int           row,
                                     const char   *column);

G_END_DECLS
