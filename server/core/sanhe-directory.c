/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-directory"

#include "config.h"

#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-request.h"

/*
 * The staff directory: who works here, for the pickers of every form
 * (an OA form's "user" field, a transfer, a delegation). Anyone who may
 * read the directory sees active colleagues' names and departments;
 * nothing an administrator alone may see (e-mail, roles, inactive
 * accounts) — that stays under /api/v1/users.
 */
static JsonNode *
list_directory_users (SanheRequest  *request,
                      PGconn        *conn,
                      GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *q = sanhe_request_get_query (request, "q");
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object('id', u.id, 'login', u.login, 'name', u.name, "
                              "  'department', CASE WHEN d.id IS NULL THEN NULL "
                              "                ELSE json_build_object('id', d.id, 'name', d.name) END) ORDER BY u.id), '[]') "
                              "FROM (SELECT * FROM core.users WHERE active AND id > $1 "
                              "      AND ($3::text IS NULL OR strpos(lower(login || ' ' || name), lower($3)) > 0) "
                              "      ORDER BY id LIMIT $2) u "
                              "LEFT JOIN core.departments d ON d.id = u.department_id",
                              3, (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static const SanheRoute routes[] = {
  { "GET", "/api/v1/directory/users", list_directory_users, "core.directory.read", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_core_directory_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
