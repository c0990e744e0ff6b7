/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-stock"

#include "config.h"

#include <string.h>

#include "sanhe-decimal.h"
#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"
#include "sanhe-stock-ledger.h"

/*
 * The stock routes: recording a move (through sanhe_stock_post, the one way
 * stock changes), the balances, and the move history. No SQL here writes
 * erp.stock_moves or erp.stock_balances.
 */

#define ITEM_NOT_FOUND "erp.item.not_found"
#define MOVE_ENTITY    "erp.stock_move"

/* numeric(18,4) holds values below 10^14, i.e. below 10^18 units. */
#define QUANTITY_LIMIT ((gint64) 1000000000000000000)

/* A move as the API shows it, over "erp.stock_moves m" joined to its item
 * "i" and warehouse "w"; value is qty × unit cost, signed, to the cent. */
#define MOVE_DOC \
  "json_build_object('id', m.id, 'kind', m.kind, 'item', m.item_id, 'item_code', i.code, " \
  "  'warehouse', m.warehouse_id, 'warehouse_code', w.code, 'qty', m.qty::text, " \
  "  'unit_cost', m.unit_cost::text, 'value', round(m.qty * m.unit_cost, 2)::text, " \
  "  'transfer_id', m.transfer_id, 'reference', m.reference, 'document_type', m.document_type, " \
  "  'document_id', m.document_id, 'created_at', m.created_at, 'created_by', m.created_by)"

#define MOVE_JOINS \
  " JOIN erp.items i ON i.id = m.item_id JOIN erp.warehouses w ON w.id = m.warehouse_id"

static const char * const move_writable[] = {
  "kind", "item", "warehouse", "to_warehouse", "qty", "unit_cost", "reference", NULL
};

static gboolean
bad_parameter (GError     **error,
               const char  *name,
               const char  *message)
{
  JsonNode *details = sanhe_json_node_new_object ();

  json_object_set_string_member (json_node_get_object (details), "parameter", name);
  sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, details, "%s", message);
  return FALSE;
}

/* An optional id filter ?name=ID: NULL text when absent, 400 when not an id. */
static gboolean
read_id_parameter (SanheRequest  *request,
                   const char    *name,
                   const char   **out,
                   GError       **error)
{
  const char *text = sanhe_request_get_query (request, name);
  g_autofree char *message = NULL;

  *out = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, NULL, NULL))
    {
      *out = text;
      return TRUE;
    }
  message = g_strdup_printf ("The query parameter “%s” must be an id.", name);
  return bad_parameter (error, name, message);
}

/* Rejects @name unless the row @sql looks for exists. */
static gboolean
check_exists (PGconn       *conn,
              SanheFields  *fields,
              const char   *name,
              const char   *sql,
              gint64        id,
              const char   *message,
              GError      **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autoptr(PGresult) found = NULL;

  if (id <= 0 || !sanhe_fields_is_valid (fields, name))
    return TRUE;
  found = sanhe_db_exec (conn, sql, 1, (const char *[]) { text }, error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    sanhe_fields_reject (fields, name, SANHE_FIELD_NOT_FOUND, message);
  return TRUE;
}

/* Reads and checks a move; every problem is collected in @fields. */
static void
read_move (SanheFields    *fields,
           SanheStockMove *move)
{
  const char *kind = sanhe_fields_get_string (fields, "kind", SANHE_FIELD_MANDATORY, 20);
  gboolean known = kind != NULL && sanhe_stock_move_kind_from_string (kind, &move->kind);
  gboolean signed_qty = known && move->kind == SANHE_STOCK_ADJUSTMENT;
  gboolean has_cost = FALSE;

  if (kind != NULL && !known)
    sanhe_fields_reject (fields, "kind", SANHE_FIELD_INVALID, "Choose receipt, issue, transfer or adjustment.");

  move->item_id = sanhe_fields_get_id (fields, "item", SANHE_FIELD_MANDATORY);
  move->warehouse_id = sanhe_fields_get_id (fields, "warehouse", SANHE_FIELD_MANDATORY);
  move->to_warehouse_id = sanhe_fields_get_id (fields, "to_warehouse", SANHE_FIELD_NULLABLE);
  move->reference = sanhe_fields_get_string (fields, "reference", SANHE_FIELD_NULLABLE, 200);

  if (sanhe_fields_get_decimal (fields, "qty", SANHE_FIELD_MANDATORY, 4, &move->qty))
    {
      gint64 magnitude = move->qty.units < 0 ? -move->qty.units : move->qty.units;

      if (move->qty.units == 0 || (!signed_qty && move->qty.units < 0))
        sanhe_fields_reject (fields, "qty", SANHE_FIELD_INVALID,
                             signed_qty ? "An adjustment changes the stock: use a quantity other than zero."
                                        : "Use a quantity above zero.");
      else if (magnitude >= QUANTITY_LIMIT)
        sanhe_fields_reject (fields, "qty", SANHE_FIELD_INVALID, "Use a quantity below 10^14.");
    }

  /* A receipt brings its price; every other move goes at the average cost. */
  if (known && move->kind == SANHE_STOCK_RECEIPT)
    {
      has_cost = sanhe_fields_get_decimal (fields, "unit_cost", SANHE_FIELD_MANDATORY, 4, &move->unit_cost);
      if (has_cost && (move->unit_cost.units < 0 || move->unit_cost.units >= QUANTITY_LIMIT))
        sanhe_fields_reject (fields, "unit_cost", SANHE_FIELD_INVALID, "Use a unit cost of zero or more, below 10^14.");
    }
  else if (known && sanhe_fields_has (fields, "unit_cost") && !sanhe_fields_is_null (fields, "unit_cost"))
    sanhe_fields_reject (fields, "unit_cost", SANHE_FIELD_INVALID,
                         "Only a receipt carries a unit cost; other moves go at the average cost.");

  if (known && move->kind == SANHE_STOCK_TRANSFER)
    {
      if (move->to_warehouse_id == 0 && sanhe_fields_is_valid (fields, "to_warehouse"))
        sanhe_fields_reject (fields, "to_warehouse", SANHE_FIELD_REQUIRED, "A transfer needs a destination warehouse.");
      else if (move->to_warehouse_id == move->warehouse_id)
        sanhe_fields_reject (fields, "to_warehouse", SANHE_FIELD_INVALID,
                             "A transfer goes to another warehouse than the one it leaves.");
    }
  else if (known && move->to_warehouse_id > 0)
    sanhe_fields_reject (fields, "to_warehouse", SANHE_FIELD_INVALID, "Only a transfer has a destination warehouse.");
}

static JsonNode *
post_move (SanheRequest  *request,
           PGconn        *conn,
           GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) last = NULL;
  g_autoptr(JsonNode) moves = NULL;
  g_autofree char *first_id = NULL;
  SanheStockMove move = { 0 };
  JsonObject *reply;
  JsonNode *node;

  fields = sanhe_request_get_fields (request, move_writable, error);
  if (fields == NULL)
    return NULL;

  read_move (fields, &move);
  if (!check_exists (conn, fields, "item", "SELECT 1 FROM erp.items WHERE id = $1", move.item_id,
                     "There is no such item.", error) ||
      !check_exists (conn, fields, "warehouse", "SELECT 1 FROM erp.warehouses WHERE id = $1", move.warehouse_id,
                     "There is no such warehouse.", error) ||
      !check_exists (conn, fields, "to_warehouse", "SELECT 1 FROM erp.warehouses WHERE id = $1",
                     move.to_warehouse_id, "There is no such warehouse.", error) ||
      !sanhe_fields_check (fields, error))
    return NULL;

  /*
   * The moves this request appends get ids above every id visible now, and
   * carry this transaction's id as xmin: that pair finds exactly them again
   * without the ledger having to hand ids back.
   */
  last = sanhe_db_exec (conn, "SELECT coalesce(max(id), 0) FROM erp.stock_moves", 0, NULL, error);
  if (last == NULL || !sanhe_stock_post (conn, request, &move, error))
    return NULL;

  moves = sanhe_db_query_json (conn,
                               "SELECT coalesce(json_agg(" MOVE_DOC " ORDER BY m.id), '[]') "
                               "FROM erp.stock_moves m" MOVE_JOINS " "
                               "WHERE m.id > $1 AND m.xmin = pg_current_xact_id()::xid",
                               1, (const char *[]) { PQgetvalue (last, 0, 0) }, error);
  if (moves == NULL)
    return NULL;
  if (json_array_get_length (json_node_get_array (moves)) == 0)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_CODE_INTERNAL, NULL,
                       "The stock ledger recorded no move.");
      return NULL;
    }

  reply = json_object_new ();
  json_object_set_member (reply, "moves", g_steal_pointer (&moves));
  node = json_node_init_object (json_node_alloc (), reply);
  json_object_unref (reply);

  first_id = sanhe_id_string (json_object_get_int_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "moves"), 0), "id"));
  if (!sanhe_audit_record (conn, request, "create", MOVE_ENTITY, first_id, NULL, node, error))
    {
      json_node_unref (node);
      return NULL;
    }

  sanhe_request_set_status (request, 201);
  return node;
}

/* Moves newest first, keyset-paged by id going down: ?after= is the last
 * id seen. @item may be NULL (all items). */
static JsonNode *
list_moves_of (SanheRequest  *request,
               PGconn        *conn,
               const char    *item,
               const char    *warehouse,
               GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(" MOVE_DOC " ORDER BY m.id DESC), '[]') FROM ("
                              "  SELECT * FROM erp.stock_moves WHERE ($1::bigint = 0 OR id < $1::bigint) "
                              "  AND ($3::bigint IS NULL OR item_id = $3::bigint) "
                              "  AND ($4::bigint IS NULL OR warehouse_id = $4::bigint) "
                              "  ORDER BY id DESC LIMIT $2) m" MOVE_JOINS,
                              4, (const char *[]) { page.after_text, page.limit_plus_one, item, warehouse },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static JsonNode *
list_moves (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  const char *item;
  const char *warehouse;

  if (!read_id_parameter (request, "item", &item, error) ||
      !read_id_parameter (request, "warehouse", &warehouse, error))
    return NULL;
  return list_moves_of (request, conn, item, warehouse, error);
}

/* The history on an item's page; 404 for an item that does not exist. */
static JsonNode *
list_item_moves (SanheRequest  *request,
                 PGconn        *conn,
                 GError       **error)
{
  g_autofree char *item = NULL;
  g_autoptr(PGresult) found = NULL;
  const char *warehouse;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", ITEM_NOT_FOUND, &id, error) ||
      !read_id_parameter (request, "warehouse", &warehouse, error))
    return NULL;

  item = sanhe_id_string (id);
  found = sanhe_db_exec (conn, "SELECT 1 FROM erp.items WHERE id = $1", 1, (const char *[]) { item }, error);
  if (found == NULL)
    return NULL;
  if (PQntuples (found) == 0)
    {
      sanhe_not_found (error, ITEM_NOT_FOUND, "item", id);
      return NULL;
    }
  return list_moves_of (request, conn, item, warehouse, error);
}

/* "ITEM:WAREHOUSE", the stock list's cursor. */
static gboolean
parse_balance_cursor (const char *text,
                      char      **item,
                      char      **warehouse)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 3);

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, NULL, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, NULL, NULL))
    return FALSE;
  *item = g_strdup (parts[0]);
  *warehouse = g_strdup (parts[1]);
  return TRUE;
}

/*
 * GET /api/v1/erp/stock?item=&warehouse=&limit=&after=: the non-zero
 * balances, keyset-paged by (item, warehouse) with the cursor "ITEM:WH".
 * value = qty × the item's moving-average cost, to the cent.
 */
static JsonNode *
list_balances (SanheRequest  *request,
               PGconn        *conn,
               GError       **error)
{
  const char *limit_text = sanhe_request_get_query (request, "limit");
  const char *after = sanhe_request_get_query (request, "after");
  g_autofree char *after_item = g_strdup ("0");
  g_autofree char *after_warehouse = g_strdup ("0");
  g_autofree char *limit_plus_one = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonObject *object;
  JsonNode *result;
  JsonArray *items;
  const char *item;
  const char *warehouse;
  guint64 limit = SANHE_LIST_MAX_LIMIT;

  if (!read_id_parameter (request, "item", &item, error) ||
      !read_id_parameter (request, "warehouse", &warehouse, error))
    return NULL;
  if (limit_text && *limit_text && !g_ascii_string_to_unsigned (limit_text, 10, 1, SANHE_LIST_MAX_LIMIT, &limit, NULL))
    {
      bad_parameter (error, "limit", "The query parameter “limit” must be a whole number between 1 and 500.");
      return NULL;
    }
  if (after && *after)
    {
      g_clear_pointer (&after_item, g_free);
      g_clear_pointer (&after_warehouse, g_free);
      if (!parse_balance_cursor (after, &after_item, &after_warehouse))
        {
          bad_parameter (error, "after", "The query parameter “after” must be a cursor from a previous page.");
          return NULL;
        }
    }

  limit_plus_one = g_strdup_printf ("%" G_GUINT64_FORMAT, limit + 1);
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(json_build_object("
                              "  'item', b.item_id, 'item_code', i.code, 'item_name', i.name, 'unit', i.unit, "
                              "  'warehouse', b.warehouse_id, 'warehouse_code', w.code, 'warehouse_name', w.name, "
                              "  'qty', b.qty::text, 'value', round(b.qty * i.average_cost, 2)::text) "
                              "  ORDER BY b.item_id, b.warehouse_id), '[]') FROM ("
                              "  SELECT * FROM erp.stock_balances WHERE qty <> 0 "
                              "  AND ($1::bigint IS NULL OR item_id = $1::bigint) "
                              "  AND ($2::bigint IS NULL OR warehouse_id = $2::bigint) "
                              "  AND (item_id, warehouse_id) > ($3::bigint, $4::bigint) "
                              "  ORDER BY item_id, warehouse_id LIMIT $5) b "
                              "JOIN erp.items i ON i.id = b.item_id JOIN erp.warehouses w ON w.id = b.warehouse_id",
                              5, (const char *[]) { item, warehouse, after_item, after_warehouse, limit_plus_one },
                              error);
  if (rows == NULL)
    return NULL;

  /* Like sanhe_page_wrap, with a two-part cursor. */
  items = json_node_get_array (rows);
  object = json_object_new ();
  if (json_array_get_length (items) > limit)
    {
      JsonObject *last;
      g_autofree char *cursor = NULL;

      json_array_remove_element (items, (guint) limit);
      last = json_array_get_object_element (items, (guint) limit - 1);
      cursor = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                json_object_get_int_member (last, "item"),
                                json_object_get_int_member (last, "warehouse"));
      json_object_set_string_member (object, "next", cursor);
    }
  else
    json_object_set_null_member (object, "next");
  json_object_set_member (object, "items", g_steal_pointer (&rows));
  result = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return result;
}

static const SanheRoute routes[] = {
  { "GET",  "/api/v1/erp/stock",                   list_balances,   "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/erp/stock/moves",             list_moves,      "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "POST", "/api/v1/erp/stock/moves",             post_move,       "erp.stock.write", SANHE_ROUTE_DEFAULT },
  { "GET",  "/api/v1/erp/items/{id}/stock-moves",  list_item_moves, "erp.items.read",  SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_stock_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
