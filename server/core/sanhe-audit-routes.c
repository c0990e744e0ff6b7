/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-audit"

#include "config.h"

#include "sanhe-json.h"

#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-request.h"

/* GET /api/v1/audit?entity=core.user&entity_id=5 — newest last, keyset paged. */
static JsonNode *
list_audit (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *entity = sanhe_request_get_query (request, "entity");
  const char *entity_id = sanhe_request_get_query (request, "entity_id");
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object("
                              "  'id', a.id, 'at', a.at, "
                              "  'actor', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END, "
                              "  'action', a.action, 'entity', a.entity, 'entity_id', a.entity_id, "
                              "  'before', a.before, 'after', a.after, 'request_id', a.request_id) ORDER BY a.id), '[]') "
                              "FROM (SELECT * FROM core.audit_log WHERE id > $1 "
                              "      AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR entity_id = $4) "
                              "      ORDER BY id LIMIT $2) a "
                              "LEFT JOIN core.users u ON u.id = a.actor_id",
                              4, (const char *[]) { page.after_text, page.limit_plus_one,
                                                    entity && *entity ? entity : NULL,
                                                    entity_id && *entity_id ? entity_id : NULL },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static const SanheRoute routes[] = {
  { "GET", "/api/v1/audit", list_audit, "core.audit.read", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_core_audit_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
