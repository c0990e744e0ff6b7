/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-production-tasks"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-events.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"


/*
 * Production tasks, for now their planning side: planned → released, or
 * cancelled. Material issue, output reporting and completion come later and
 * move done_qty; nothing here touches stock.
 */
#define NOT_FOUND "erp.production_task.not_found"
#define ENTITY    "erp.production_task"
#define EVENT     "erp.production_task.updated"
#define WHAT      "production task"

static const char * const writable[] = { "item", "qty", "due_date", "version", NULL };
static const char * const states[] = { "planned", "released", "completed", "cancelled", NULL };
static const char * const planned_states[] = { "planned", NULL };
static const char * const cancellable_states[] = { "planned", "released", NULL };


/* Production tasks */

#define TASK_DOC \
  "json_build_object(" \
  "  'id', t.id, 'number', t.number, " \
  "  'item', json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit), " \
  "  'qty', t.qty::text, 'done_qty', t.done_qty::text, 'open_qty', greatest(t.qty - t.done_qty, 0)::text, " \
  "  'due_date', t.due_date, 'state', t.state, 'mrp_run_id', t.mrp_run_id, " \
  "  'version', t.version, 'created_by', t.created_by, " \
  "  'created_at', t.created_at, 'updated_at', t.updated_at)"

/* One task's document, its id as $1. */
#define TASK_DOC_SQL \
  "SELECT " TASK_DOC " FROM erp.production_tasks t JOIN erp.items i ON i.id = t.item_id WHERE t.id = $1"

static JsonNode *
task_doc (PGconn   *conn,
          gint64    id,
          gboolean  for_update,
          GError  **error)
{
  return sanhe_record_doc (conn, "erp.production_tasks", TASK_DOC_SQL, id, for_update, error);
}

static JsonNode *
lock_task (PGconn   *conn,
           gint64    id,
           GError  **error)
{
  JsonNode *doc = task_doc (conn, id, TRUE, error);

  if (doc == NULL)
    sanhe_not_found (error, NOT_FOUND, WHAT, id);
  return doc;
}

/* Only what the company makes can be produced: a bought item is an error
 * the planner should see at once, not a task nobody can work on. */
static gboolean
check_item (PGconn       *conn,
            SanheFields  *fields,
            gint64        item_id,
            GError      **error)
{
  g_autofree char *item = NULL;
  g_autoptr(PGresult) result = NULL;

  if (item_id > 0 && sanhe_fields_is_valid (fields, "item"))
    {
      item = sanhe_id_string (item_id);
      result = sanhe_db_exec (conn, "SELECT kind, active FROM erp.items WHERE id = $1",
                              1, (const char *[]) { item }, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) == 0)
        sanhe_fields_reject (fields, "item", SANHE_FIELD_NOT_FOUND, "There is no such item.");
      else if (!g_str_equal (sanhe_db_get (result, 0, "kind"), "make"))
        sanhe_fields_reject (fields, "item", SANHE_FIELD_INVALID, "Only an item made in house can be produced.");
      else if (!g_str_equal (sanhe_db_get (result, 0, "active"), "t"))
        sanhe_fields_reject (fields, "item", SANHE_FIELD_INVALID, "This item is no longer active.");
    }
  return sanhe_fields_check (fields, error);
}

static JsonNode *
list_tasks (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  const char *q = sanhe_request_get_query (request, "q");
  const char *state = NULL;
  g_auto(SanhePage) page = { 0 };
  g_autofree char *item = NULL;
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error) ||
      !_sanhe_documents_query_state (request, states, &state, error) ||
      !_sanhe_documents_query_id (request, "item", &item, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(doc ORDER BY id), '[]') FROM ("
                              "  SELECT t.id, " TASK_DOC " AS doc "
                              "  FROM erp.production_tasks t JOIN erp.items i ON i.id = t.item_id "
                              "  WHERE t.id > $1 "
                              "  AND ($3::text IS NULL OR strpos(lower(t.number || ' ' || i.code || ' ' || i.name), "
                              "                                 lower($3)) > 0) "
                              "  AND ($4::text IS NULL OR t.state = $4) "
                              "  AND ($5::bigint IS NULL OR t.item_id = $5) "
                              "  ORDER BY t.id LIMIT $2) page",
                              5, (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL,
                                                    state, item },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static JsonNode *
get_task (SanheRequest  *request,
          PGconn        *conn,
          GError       **error)
{
  return sanhe_record_get (request, conn, "erp.production_tasks", TASK_DOC_SQL, NOT_FOUND, WHAT, error);
}

static JsonNode *
create_task (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *item = NULL;
  g_autofree char *qty_text = NULL;
  SanheDecimal qty = SANHE_DECIMAL_ZERO;
  const char *due_date;
  gint64 item_id;
  const char *id;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new task has no version yet.");

  item_id = sanhe_fields_get_id (fields, "item", SANHE_FIELD_MANDATORY);
  _sanhe_documents_read_decimal (fields, "qty", SANHE_FIELD_MANDATORY, TRUE, &qty);
  due_date = sanhe_fields_get_date (fields, "due_date", SANHE_FIELD_MANDATORY);
  if (!check_item (conn, fields, item_id, error))
    return NULL;

  item = sanhe_id_string (item_id);
  qty_text = sanhe_decimal_format (qty, SANHE_DECIMAL_SCALE);
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO erp.production_tasks (number, item_id, qty, due_date, created_by) "
                            "VALUES (core.next_document_number('PT'), $1, $2, $3, $4) RETURNING id",
                            4, (const char *[]) { item, qty_text, due_date, actor }, error);
  if (inserted == NULL)
    return NULL;

  id = PQgetvalue (inserted, 0, 0);
  after = task_doc (conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", ENTITY, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

/* Quantity and due date, while the task is only planned; its item is
 * fixed (a different item is a different task). */
static JsonNode *
update_task (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  static const char * const allowed[] = { "qty", "due_date", "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *qty_text = NULL;
  SanheDecimal qty = SANHE_DECIMAL_ZERO;
  const char *due_date;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = lock_task (conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, planned_states, SANHE_CODE_ORDER_NOT_DRAFT, WHAT, "changed", error))
    return NULL;

  if (_sanhe_documents_read_decimal (fields, "qty", SANHE_FIELD_OPTIONAL, TRUE, &qty))
    qty_text = sanhe_decimal_format (qty, SANHE_DECIMAL_SCALE);
  due_date = sanhe_fields_get_date (fields, "due_date", SANHE_FIELD_OPTIONAL);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (!sanhe_fields_check (fields, error) || !sanhe_check_version (before, version, WHAT, error))
    return NULL;

  id_text = sanhe_id_string (id);
  updated = sanhe_db_exec (conn,
                           "UPDATE erp.production_tasks SET version = version + 1, updated_at = now(), "
                           "  qty = coalesce($2::numeric, qty), due_date = coalesce($3::date, due_date) "
                           "WHERE id = $1",
                           3, (const char *[]) { id_text, qty_text, due_date }, error);
  if (updated == NULL)
    return NULL;

  after = task_doc (conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", ENTITY, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

/* Moves a task from one of @from to @to: release and cancel. A released
 * task that already reported output keeps it; it can only complete. */
static JsonNode *
change_state (SanheRequest        *request,
              PGconn              *conn,
              const char          *action,
              const char          *doing,
              const char * const  *from,
              const char          *to,
              GError             **error)
{
  static const char * const allowed[] = { "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  fields = _sanhe_documents_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = lock_task (conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, from, SANHE_CODE_ORDER_INVALID_STATE, WHAT, doing, error) ||
      !_sanhe_documents_check_optional_version (fields, before, WHAT, error))
    return NULL;

  id_text = sanhe_id_string (id);
  updated = sanhe_db_exec (conn,
                           "UPDATE erp.production_tasks SET state = $2, version = version + 1, updated_at = now() "
                           "WHERE id = $1 AND (state = 'planned' OR done_qty = 0) RETURNING id",
                           2, (const char *[]) { id_text, to }, error);
  if (updated == NULL)
    return NULL;
  if (PQntuples (updated) == 0)
    {
      /* Reported output is history: such a task is completed, not cancelled. */
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_CODE_ORDER_INVALID_STATE, NULL,
                       "This production task has reported output, so it cannot be %s.", doing);
      return NULL;
    }

  after = task_doc (conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, action, ENTITY, id_text, before, after, error) ||
      !_sanhe_documents_notify (conn, EVENT, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

static JsonNode *
release_task (SanheRequest  *request,
              PGconn        *conn,
              GError       **error)
{
  return change_state (request, conn, "release", "released", planned_states, "released", error);
}

static JsonNode *
cancel_task (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  return change_state (request, conn, "cancel", "cancelled", cancellable_states, "cancelled", error);
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/production-tasks",              list_tasks,   "erp.production.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/production-tasks",              create_task,  "erp.production.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/production-tasks/{id}",         get_task,     "erp.production.read",  SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/production-tasks/{id}",         update_task,  "erp.production.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/production-tasks/{id}/release", release_task, "erp.production.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/production-tasks/{id}/cancel",  cancel_task,  "erp.production.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_production_tasks_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
