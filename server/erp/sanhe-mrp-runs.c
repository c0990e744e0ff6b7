/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-mrp-runs"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-mrp.h"
#include "sanhe-mrp-store.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

#define NOT_FOUND "erp.mrp_run.not_found"

/* One MRP run at a time per database: two planners pressing "Run" at once
 * would otherwise both plan against the same open supply. */
#define MRP_LOCK_KEY "7303260002"

static JsonNode *
run_doc (PGconn  *conn,
         gint64   id,
         GError **error)
{
  g_autofree char *text = sanhe_id_string (id);

  return sanhe_db_query_json (conn,
                              "SELECT json_build_object('id', r.id, 'date', r.run_date, "
                              "  'suggestions', r.purchase_count + r.production_count, "
                              "  'purchase_count', r.purchase_count, 'production_count', r.production_count, "
                              "  'elapsed_ms', r.load_ms + r.compute_ms + r.persist_ms, "
                              "  'load_ms', r.load_ms, 'compute_ms', r.compute_ms, 'persist_ms', r.persist_ms, "
                              "  'accepted', (SELECT count(*) FROM erp.mrp_suggestions s "
                              "               WHERE s.run_id = r.id AND s.document_id IS NOT NULL), "
                              "  'created_at', r.created_at, "
                              "  'created_by', (SELECT json_build_object('id', u.id, 'name', u.name) "
                              "                 FROM core.users u WHERE u.id = r.created_by)) "
                              "FROM erp.mrp_runs r WHERE r.id = $1",
                              1, (const char *[]) { text }, error);
}

static JsonNode *
create_run (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  static const char * const allowed[] = { "date", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(JsonNode) doc = NULL;
  SanheMrpStoreTimes times = { 0 };
  g_autofree char *run = NULL;
  const char *date = NULL;
  gint64 run_id;

  /* An empty body means "today". */
  if (sanhe_request_has_body (request))
    {
      fields = sanhe_request_get_fields (request, allowed, error);
      if (fields == NULL)
        return NULL;
      date = sanhe_fields_get_date (fields, "date", SANHE_FIELD_OPTIONAL);
      if (!sanhe_fields_check (fields, error))
        return NULL;
    }

  locked = sanhe_db_exec (conn, "SELECT pg_advisory_xact_lock(" MRP_LOCK_KEY ")", 0, NULL, error);
  if (locked == NULL)
    return NULL;

  run_id = sanhe_mrp_store_run (conn, date, sanhe_request_get_user_id (request), &times, error);
  if (run_id == 0)
    return NULL;

  doc = run_doc (conn, run_id, error);
  run = sanhe_id_string (run_id);
  if (doc == NULL || !sanhe_audit_record (conn, request, "create", "erp.mrp_run", run, NULL, doc, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&doc);
}

static JsonNode *
list_runs (SanheRequest  *request,
           PGconn        *conn,
           GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  /* Newest first: cursors count down. */
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object('id', id, 'date', run_date, "
                              "  'purchase_count', purchase_count, 'production_count', production_count, "
                              "  'elapsed_ms', load_ms + compute_ms + persist_ms, 'created_at', created_at) "
                              "  ORDER BY id DESC), '[]') "
                              "FROM (SELECT * FROM erp.mrp_runs WHERE ($1::bigint = 0 OR id < $1::bigint) "
                              "      ORDER BY id DESC LIMIT $2) r",
                              2, (const char *[]) { page.after_text, page.limit_plus_one }, error);
  return rows ? sanhe_page_wrap (&page, rows) : NULL;
}

static JsonNode *
get_run (SanheRequest  *request,
         PGconn        *conn,
         GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;
  doc = run_doc (conn, id, error);
  if (doc == NULL)
    sanhe_not_found (error, NOT_FOUND, "MRP run", id);
  return doc;
}

static gboolean
run_exists (PGconn   *conn,
            gint64    id,
            GError  **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT 1 FROM erp.mrp_runs WHERE id = $1",
                                              1, (const char *[]) { text }, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return sanhe_not_found (error, NOT_FOUND, "MRP run", id);
  return TRUE;
}

/* Each peg names its demand for the planner: a sales-order line (order
 * number, line, customer, due date), safety stock, or an open production
 * task whose components it is (task number, due date). */
static JsonNode *
list_suggestions (SanheRequest  *request,
                  PGconn        *conn,
                  GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autofree char *run = NULL;
  g_autoptr(JsonNode) rows = NULL;
  const char *kind = sanhe_request_get_query (request, "kind");
  const char *item = sanhe_request_get_query (request, "item");
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error) ||
      !sanhe_page_init (&page, request, error) ||
      !run_exists (conn, id, error))
    return NULL;

  if (kind != NULL && *kind != '\0' && !g_str_equal (kind, "purchase") && !g_str_equal (kind, "production"))
    {
      _sanhe_erp_bad_parameter (error, "kind", "The query parameter “kind” must be purchase or production.");
      return NULL;
    }
  if (item != NULL && *item != '\0' && !g_ascii_string_to_unsigned (item, 10, 1, G_MAXINT64, NULL, NULL))
    {
      _sanhe_erp_bad_parameter (error, "item", "The query parameter “item” must be an item id.");
      return NULL;
    }

  run = sanhe_id_string (id);
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object("
                              "  'id', s.seq, 'kind', s.kind, "
                              "  'item', json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit), "
                              "  'qty', s.qty::text, 'due_date', s.due_date, 'release_date', s.release_date, "
                              "  'late', s.late_days > 0, 'late_days', s.late_days, "
                              "  'pegging', (SELECT coalesce(json_agg(json_build_object("
                              "       'demand', CASE WHEN p.p ? 'production_task' THEN to_json('production_task'::text) "
                              "         ELSE coalesce(to_json((p.p ->> 'demand')::bigint), to_json('safety_stock'::text)) END, "
                              "       'qty', p.p ->> 'qty', "
                              "       'sales_order', o.number, 'line', l.line_no, 'customer', c.name, "
                              "       'production_task', CASE WHEN p.p ? 'production_task' THEN json_build_object("
                              "         'id', (p.p ->> 'production_task')::bigint, 'number', t.number) END, "
                              "       'due_date', coalesce(l.due_date, t.due_date)) "
                              "       ORDER BY p.ord), '[]') "
                              "     FROM jsonb_array_elements(s.pegging) WITH ORDINALITY AS p(p, ord) "
                              "     LEFT JOIN erp.sales_order_lines l ON l.id = (p.p ->> 'demand')::bigint "
                              "     LEFT JOIN erp.sales_orders o ON o.id = l.order_id "
                              "     LEFT JOIN crm.customers c ON c.id = o.customer_id "
                              "     LEFT JOIN erp.production_tasks t ON t.id = (p.p ->> 'production_task')::bigint), "
                              "  'document', CASE WHEN s.document_id IS NULL THEN NULL ELSE "
                              "    json_build_object('type', s.document_type, 'id', s.document_id) END"
                              ") ORDER BY s.seq), '[]') "
                              "FROM (SELECT * FROM erp.mrp_suggestions WHERE run_id = $1 AND seq > $2 "
                              "      AND ($3::text IS NULL OR kind = $3) AND ($4::bigint IS NULL OR item_id = $4::bigint) "
                              "      ORDER BY seq LIMIT $5) s "
                              "JOIN erp.items i ON i.id = s.item_id",
                              5, (const char *[]) { run, page.after_text, kind && *kind ? kind : NULL,
                                                    item && *item ? item : NULL, page.limit_plus_one },
                              error);
  return rows ? sanhe_page_wrap (&page, rows) : NULL;
}

/* Reads {"suggestions": [ids] | "all"}; fills @ids (NULL for all). */
static gboolean
read_accept_body (SanheRequest  *request,
                  GArray       **ids,
                  GError       **error)
{
  static const char * const allowed[] = { "suggestions", NULL };
  g_autoptr(SanheFields) fields = sanhe_request_get_fields (request, allowed, error);
  JsonNode *body;
  JsonNode *node;

  if (fields == NULL)
    return FALSE;

  body = sanhe_request_get_body (request, NULL);
  node = json_object_get_member (json_node_get_object (body), "suggestions");
  *ids = NULL;
  if (node == NULL)
    sanhe_fields_reject (fields, "suggestions", SANHE_FIELD_REQUIRED, "Name the suggestions to accept, or \"all\".");
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (node), "all"))
    return sanhe_fields_check (fields, error);
  else if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    sanhe_fields_reject (fields, "suggestions", SANHE_FIELD_WRONG_TYPE, "Give a non-empty list of suggestion ids, or \"all\".");
  else
    {
      JsonArray *array = json_node_get_array (node);

      *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gint64 id;

          /* Suggestion numbers are int columns: anything larger names none. */
          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64 ||
              (id = json_node_get_int (element)) <= 0 || id > G_MAXINT32)
            {
              sanhe_fields_reject (fields, "suggestions", SANHE_FIELD_WRONG_TYPE, "Suggestion ids are positive integers.");
              break;
            }
          g_array_append_val (*ids, id);
        }
    }

  if (!sanhe_fields_check (fields, error))
    {
      g_clear_pointer (ids, g_array_unref);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
accept_suggestions (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *run = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error) ||
      !read_accept_body (request, &ids, error) ||
      !run_exists (conn, id, error))
    return NULL;

  summary = sanhe_mrp_store_accept (conn, id, ids, sanhe_request_get_user_id (request), error);
  if (summary == NULL)
    return NULL;

  run = sanhe_id_string (id);
  if (!sanhe_audit_record (conn, request, "accept", "erp.mrp_run", run, NULL, summary, error))
    return NULL;

  return g_steal_pointer (&summary);
}

static const SanheRoute routes[] = {
  { "POST", "/api/v1/erp/mrp/runs",                      create_run,         "erp.mrp.run", SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/erp/mrp/runs",                      list_runs,          "erp.mrp.run", SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/erp/mrp/runs/{id}",                 get_run,            "erp.mrp.run", SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/erp/mrp/runs/{id}/suggestions",     list_suggestions,   "erp.mrp.run", SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/erp/mrp/runs/{id}/accept",          accept_suggestions, "erp.mrp.run", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_mrp_runs_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
