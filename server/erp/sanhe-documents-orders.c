/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-orders"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"
#include "sanhe-stock-ledger.h"

/*
 * The order engine shared by purchase and sales orders: documents, lists,
 * create, update, confirm and cancel. It knows nothing of purchasing or
 * selling beyond what a SanheOrderKind tells it.
 */

static const char * const draft_states[] = { "draft", NULL };
static const char * const cancellable_states[] = { "draft", "confirmed", NULL };

/* One line of a create or update body. */
typedef struct
{
  gint64        item_id;
  SanheDecimal  qty;
  SanheDecimal  price;
  const char   *date;     /* owned by the request body */
} LineInput;

/* The order engine */

/* Reads the "lines" of a create or update; NULL when absent or rejected. */
static GArray *
read_order_lines (const SanheOrderKind *kind,
                  SanheRequest         *request,
                  SanheFields          *fields,
                  gboolean              mandatory)
{
  const char * const allowed[] = { "item", "qty", "price", kind->date_column, NULL };
  JsonArray *array = _sanhe_documents_body_lines (request, fields, mandatory);
  GArray *lines;

  if (array == NULL)
    return NULL;

  lines = g_array_new (FALSE, TRUE, sizeof (LineInput));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(SanheFields) line_fields = _sanhe_documents_line_fields_new (fields, array, i, allowed);
      LineInput line = { 0 };

      if (line_fields != NULL)
        {
          line.item_id = sanhe_fields_get_id (line_fields, "item", SANHE_FIELD_MANDATORY);
          _sanhe_documents_read_decimal (line_fields, "qty", SANHE_FIELD_MANDATORY, TRUE, &line.qty);
          _sanhe_documents_read_decimal (line_fields, "price", SANHE_FIELD_MANDATORY, FALSE, &line.price);
          line.date = sanhe_fields_get_date (line_fields, kind->date_column, SANHE_FIELD_MANDATORY);
          _sanhe_documents_line_fields_merge (fields, line_fields, i);
        }
      g_array_append_val (lines, line);
    }
  return lines;
}

/* Checks the partner and every line's item, still collecting per field. */
static gboolean
check_references (const SanheOrderKind  *kind,
                  PGconn                *conn,
                  SanheFields           *fields,
                  gint64                 partner_id,
                  GArray                *lines,
                  GError               **error)
{
  gboolean found;

  if (partner_id > 0 && sanhe_fields_is_valid (fields, kind->partner))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1", kind->partner_table);
      g_autofree char *message = g_strdup_printf ("There is no such %s.", kind->partner);

      if (!_sanhe_documents_exists (conn, sql, partner_id, &found, error))
        return FALSE;
      if (!found)
        sanhe_fields_reject (fields, kind->partner, SANHE_FIELD_NOT_FOUND, message);
    }

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      LineInput *line = &g_array_index (lines, LineInput, i);
      g_autofree char *name = _sanhe_documents_line_field (i, "item");
      g_autofree char *item = NULL;
      g_autoptr(PGresult) result = NULL;

      if (line->item_id <= 0 || !sanhe_fields_is_valid (fields, name))
        continue;
      item = sanhe_id_string (line->item_id);
      result = sanhe_db_exec (conn, "SELECT active FROM erp.items WHERE id = $1", 1, (const char *[]) { item }, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) == 0)
        sanhe_fields_reject (fields, name, SANHE_FIELD_NOT_FOUND, "There is no such item.");
      else if (!g_str_equal (PQgetvalue (result, 0, 0), "t"))
        sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This item is no longer active.");
    }

  return sanhe_fields_check (fields, error);
}

/* Documents as JSON */

/* The order as the API shows it, built by PostgreSQL; "o" is the order
 * and "p" its partner. */
static char *
doc_expression (const SanheOrderKind *kind)
{
  return g_strdup_printf (
    "json_build_object("
    "  'id', o.id, 'number', o.number, 'state', o.state, "
    "  '%s', json_build_object('id', p.id, 'code', p.code, 'name', p.name), "
    "  'lines', coalesce((SELECT json_agg(json_build_object("
    "      'line', l.line_no, 'id', l.id, "
    "      'item', json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit), "
    "      'qty', l.qty::text, '%s', l.%s::text, 'open_qty', (l.qty - l.%s)::text, "
    "      'price', l.price::text, 'amount', round(l.qty * l.price, 2)::text, '%s', l.%s) "
    "    ORDER BY l.line_no) "
    "    FROM %s l JOIN erp.items i ON i.id = l.item_id WHERE l.order_id = o.id), '[]'), "
    "  'total', (SELECT coalesce(sum(round(l.qty * l.price, 2)), 0)::numeric(18,2)::text "
    "    FROM %s l WHERE l.order_id = o.id), "
    "  'version', o.version, 'created_by', o.created_by, "
    "  'created_at', o.created_at, 'updated_at', o.updated_at%s)",
    kind->partner, kind->done_column, kind->done_column, kind->done_column,
    kind->date_column, kind->date_column, kind->lines_table, kind->lines_table,
    kind->has_mrp_run ? ", 'mrp_run_id', o.mrp_run_id" : "");
}

/* One order's document, its id as $1. */
static char *
order_doc_sql (const SanheOrderKind *kind)
{
  g_autofree char *doc = doc_expression (kind);

  return g_strdup_printf ("SELECT %s FROM %s o JOIN %s p ON p.id = o.%s WHERE o.id = $1",
                          doc, kind->orders_table, kind->partner_table, kind->partner_column);
}

JsonNode *
_sanhe_order_doc (const SanheOrderKind  *kind,
                  PGconn                *conn,
                  gint64                 id,
                  gboolean               for_update,
                  GError               **error)
{
  g_autofree char *sql = order_doc_sql (kind);

  return sanhe_record_doc (conn, kind->orders_table, sql, id, for_update, error);
}

/* The order of the path, locked for a change; NULL with 404 if unknown. */
JsonNode *
_sanhe_order_lock (const SanheOrderKind  *kind,
                   PGconn                *conn,
                   gint64                 id,
                   GError               **error)
{
  JsonNode *doc = _sanhe_order_doc (kind, conn, id, TRUE, error);

  if (doc == NULL)
    sanhe_not_found (error, kind->not_found, kind->what, id);
  return doc;
}

static gboolean
insert_lines (const SanheOrderKind  *kind,
              PGconn                *conn,
              const char            *order_id,
              GArray                *lines,
              GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (order_id, line_no, item_id, qty, price, %s) "
                                          "VALUES ($1, $2, $3, $4, $5, $6)",
                                          kind->lines_table, kind->date_column);

  for (guint i = 0; i < lines->len; i++)
    {
      LineInput *line = &g_array_index (lines, LineInput, i);
      g_autofree char *line_no = sanhe_id_string (i + 1);
      g_autofree char *item = sanhe_id_string (line->item_id);
      g_autofree char *qty = sanhe_decimal_format (line->qty, SANHE_DECIMAL_SCALE);
      g_autofree char *price = sanhe_decimal_format (line->price, SANHE_DECIMAL_SCALE);
      g_autoptr(PGresult) inserted = NULL;

      inserted = sanhe_db_exec (conn, sql, 6, (const char *[]) { order_id, line_no, item, qty, price, line->date },
                                error);
      if (inserted == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The order engine */

JsonNode *
_sanhe_order_list (const SanheOrderKind  *kind,
                   SanheRequest          *request,
                   PGconn                *conn,
                   GError               **error)
{
  const char * const states[] = { "draft", "confirmed", kind->partial_state, kind->done_state, "cancelled", NULL };
  const char *q = sanhe_request_get_query (request, "q");
  const char *state = NULL;
  g_auto(SanhePage) page = { 0 };
  g_autofree char *partner = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error) ||
      !_sanhe_documents_query_state (request, states, &state, error) ||
      !_sanhe_documents_query_id (request, kind->partner, &partner, error))
    return NULL;

  doc = doc_expression (kind);
  sql = g_strdup_printf ("SELECT coalesce(json_agg(doc ORDER BY id), '[]') FROM ("
                         "  SELECT o.id, %s AS doc FROM %s o JOIN %s p ON p.id = o.%s "
                         "  WHERE o.id > $1 "
                         "  AND ($3::text IS NULL OR strpos(lower(o.number || ' ' || p.code || ' ' || p.name), "
                         "                                 lower($3)) > 0) "
                         "  AND ($4::text IS NULL OR o.state = $4) "
                         "  AND ($5::bigint IS NULL OR o.%s = $5) "
                         "  ORDER BY o.id LIMIT $2) page",
                         doc, kind->orders_table, kind->partner_table, kind->partner_column, kind->partner_column);
  rows = sanhe_db_query_json (conn, sql, 5,
                              (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL,
                                                 state, partner },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

JsonNode *
_sanhe_order_get (const SanheOrderKind  *kind,
                  SanheRequest          *request,
                  PGconn                *conn,
                  GError               **error)
{
  g_autofree char *sql = order_doc_sql (kind);

  return sanhe_record_get (request, conn, kind->orders_table, sql, kind->not_found, kind->what, error);
}

JsonNode *
_sanhe_order_create (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  const char * const allowed[] = { kind->partner, "lines", "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *partner = NULL;
  g_autofree char *sql = NULL;
  gint64 partner_id;
  const char *id;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new order has no version yet.");

  partner_id = sanhe_fields_get_id (fields, kind->partner, SANHE_FIELD_MANDATORY);
  lines = read_order_lines (kind, request, fields, TRUE);
  if (!check_references (kind, conn, fields, partner_id, lines, error))
    return NULL;

  partner = sanhe_id_string (partner_id);
  sql = g_strdup_printf ("INSERT INTO %s (number, %s, created_by) "
                         "VALUES (core.next_document_number($1), $2, $3) RETURNING id",
                         kind->orders_table, kind->partner_column);
  inserted = sanhe_db_exec (conn, sql, 3, (const char *[]) { kind->prefix, partner, actor }, error);
  if (inserted == NULL)
    return NULL;

  id = PQgetvalue (inserted, 0, 0);
  if (!insert_lines (kind, conn, id, lines, error))
    return NULL;

  after = _sanhe_order_doc (kind, conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", kind->entity, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

/* A draft's partner and lines; lines given replace all of them. */
JsonNode *
_sanhe_order_update (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  const char * const allowed[] = { kind->partner, "lines", "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *sql = NULL;
  gint64 partner_id;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = _sanhe_order_lock (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, draft_states, SANHE_CODE_ORDER_NOT_DRAFT, kind->what, "changed", error))
    return NULL;

  partner_id = sanhe_fields_get_id (fields, kind->partner, SANHE_FIELD_OPTIONAL);
  lines = read_order_lines (kind, request, fields, FALSE);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (!check_references (kind, conn, fields, partner_id, lines, error) ||
      !sanhe_check_version (before, version, kind->what, error))
    return NULL;

  id_text = sanhe_id_string (id);
  partner = partner_id > 0 ? sanhe_id_string (partner_id) : NULL;
  sql = g_strdup_printf ("UPDATE %s SET version = version + 1, updated_at = now(), "
                         "  %s = coalesce($2::bigint, %s) WHERE id = $1",
                         kind->orders_table, kind->partner_column, kind->partner_column);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, partner }, error);
  if (updated == NULL)
    return NULL;

  if (lines != NULL)
    {
      g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE order_id = $1", kind->lines_table);
      g_autoptr(PGresult) deleted = sanhe_db_exec (conn, delete_sql, 1, (const char *[]) { id_text }, error);

      if (deleted == NULL || !insert_lines (kind, conn, id_text, lines, error))
        return NULL;
    }

  after = _sanhe_order_doc (kind, conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", kind->entity, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

/* Moves an order from one of @from to @to: confirm and cancel. */
static JsonNode *
change_state (const SanheOrderKind  *kind,
              SanheRequest          *request,
              PGconn                *conn,
              const char            *action,
              const char            *doing,
              const char * const    *from,
              const char            *to,
              GError               **error)
{
  static const char * const allowed[] = { "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = _sanhe_documents_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = _sanhe_order_lock (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, from, SANHE_CODE_ORDER_INVALID_STATE, kind->what, doing, error) ||
      !_sanhe_documents_check_optional_version (fields, before, kind->what, error))
    return NULL;

  id_text = sanhe_id_string (id);
  sql = g_strdup_printf ("UPDATE %s SET state = $2, version = version + 1, updated_at = now() WHERE id = $1",
                         kind->orders_table);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, to }, error);
  if (updated == NULL)
    return NULL;

  after = _sanhe_order_doc (kind, conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, action, kind->entity, id_text, before, after, error) ||
      !_sanhe_documents_notify (conn, kind->event, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

JsonNode *
_sanhe_order_confirm (const SanheOrderKind  *kind,
                      SanheRequest          *request,
                      PGconn                *conn,
                      GError               **error)
{
  return change_state (kind, request, conn, "confirm", "confirmed", draft_states, "confirmed", error);
}

/* Only while nothing moved: a confirmed order with receipts or shipments
 * is already partially_*, and stock history is never undone by a cancel. */
JsonNode *
_sanhe_order_cancel (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  return change_state (kind, request, conn, "cancel", "cancelled", cancellable_states, "cancelled", error);
}
