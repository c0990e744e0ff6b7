/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-resource"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

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
