/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-audit"

#include "config.h"

#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"

/*
 * One row per mutation, written in the mutation's own transaction: if the
 * change rolls back, so does its trace, and no change exists without one.
 * @before and @after are the API representations of the record.
 */
gboolean
sanhe_audit_record (PGconn        *conn,
                    SanheRequest  *request,
                    const char    *action,
                    const char    *entity,
                    const char    *entity_id,
                    JsonNode      *before,
                    JsonNode      *after,
                    GError       **error)
{
  g_autofree char *actor = NULL;
  g_autofree char *before_text = before ? sanhe_json_to_string (before, FALSE) : NULL;
  g_autofree char *after_text = after ? sanhe_json_to_string (after, FALSE) : NULL;
  g_autoptr(PGresult) result = NULL;
  gint64 user_id = request ? sanhe_request_get_user_id (request) : 0;
  const char *params[7];

  if (user_id > 0)
    actor = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);

  params[0] = actor;
  params[1] = action;
  params[2] = entity;
  params[3] = entity_id;
  params[4] = before_text;
  params[5] = after_text;
  params[6] = request ? sanhe_request_get_id (request) : NULL;

  result = sanhe_db_exec (conn,
                          "INSERT INTO core.audit_log (actor_id, action, entity, entity_id, before, after, request_id) "
                          "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)",
                          7, params, error);
  return result != NULL;
}
