/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-resource"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"

/*
 * Optimistic locking: @current is the record as locked in this transaction;
 * @given the version the client last saw. A mismatch is a 409 carrying the
 * current version, so the client can offer reload or overwrite.
 */
gboolean
sanhe_check_version (JsonNode    *current,
                     gint64       given,
                     const char  *what,
                     GError     **error)
{
  gint64 version = json_object_get_int_member (json_node_get_object (current), "version");
  JsonNode *details;

  if (version == given)
    return TRUE;

  details = sanhe_json_node_new_object ();
  json_object_set_int_member (json_node_get_object (details), "current_version", version);
  sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_CODE_STALE_VERSION, details,
                   "Someone else changed this %s since you opened it.", what);
  return FALSE;
}

/* Wraps an array of rows as an unpaged list: {"items":[…],"next":null}. */
JsonNode *
sanhe_items_response (JsonNode *rows)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_member (object, "items", rows);
  json_object_set_null_member (object, "next");
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

/* Sets a 404 with @code unless an error is already set; returns FALSE. */
gboolean
sanhe_not_found (GError     **error,
                 const char  *code,
                 const char  *what,
                 gint64       id)
{
  if (error != NULL && *error != NULL)
    return FALSE;
  sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, code, NULL, "There is no %s %" G_GINT64_FORMAT ".", what, id);
  return FALSE;
}

/*
 * The document of row @id of @table, as @doc_sql (one row, one column,
 * the id as $1) makes it; NULL with no error when there is none. With
 * @lock, the row alone is locked first (FOR UPDATE), so a document that
 * joins and aggregates other tables locks nothing else.
 */
JsonNode *
sanhe_record_doc (PGconn      *conn,
                  const char  *table,
                  const char  *doc_sql,
                  gint64       id,
                  gboolean     lock,
                  GError     **error)
{
  g_autofree char *text = sanhe_id_string (id);
  const char *params[] = { text };

  if (lock)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1 FOR UPDATE", table);
      g_autoptr(PGresult) locked = sanhe_db_exec (conn, sql, 1, params, error);

      if (locked == NULL)
        return NULL;
    }
  return sanhe_db_query_json (conn, doc_sql, 1, params, error);
}

/* GET …/{id}: the document of the record the path names, or its 404
 * (@not_found, "There is no @what N."). */
JsonNode *
sanhe_record_get (SanheRequest  *request,
                  PGconn        *conn,
                  const char    *table,
                  const char    *doc_sql,
                  const char    *not_found,
                  const char    *what,
                  GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", not_found, &id, error))
    return NULL;

  doc = sanhe_record_doc (conn, table, doc_sql, id, FALSE, error);
  if (doc == NULL)
    sanhe_not_found (error, not_found, what, id);
  return doc;
}
