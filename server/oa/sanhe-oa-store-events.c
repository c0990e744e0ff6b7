/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-events"

#include "config.h"

#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-events.h"
#include "sanhe-oa-store.h"

/*
 * OA events go through the events stream of the foundation (a NOTIFY inside
 * the transaction, forwarded by every server's hub to the addressees only),
 * with the members of the contract beside the usual "ids".
 */
#define SUMMARY_MAX_CHARS 200

gboolean
_sanhe_oa_notify (PGconn        *conn,
                  const char    *type,
                  gint64         task,
                  gint64         request,
                  const char    *process,
                  const char    *summary,
                  const gint64  *to,
                  guint          n_to,
                  GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *short_summary = NULL;

  if (n_to == 0)
    return TRUE;
  /* NOTIFY payloads are small: the summary is cut, never the addressees. */
  if (summary != NULL && g_utf8_strlen (summary, -1) > SUMMARY_MAX_CHARS)
    short_summary = g_utf8_substring (summary, 0, SUMMARY_MAX_CHARS);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "ids");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, task ? task : request);
  json_builder_end_array (builder);
  if (task != 0)
    {
      json_builder_set_member_name (builder, "task");
      json_builder_add_int_value (builder, task);
    }
  json_builder_set_member_name (builder, "request");
  json_builder_add_int_value (builder, request);
  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, process);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, short_summary ? short_summary : summary ? summary : "");
  json_builder_set_member_name (builder, "to");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_to; i++)
    json_builder_add_int_value (builder, to[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = sanhe_json_to_string (root, FALSE);
  result = sanhe_db_exec (conn, "SELECT pg_notify($1, $2)", 2, (const char *[]) { SANHE_EVENTS_CHANNEL, payload }, error);
  return result != NULL;
}
