/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-stock"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-stock-ledger.h"

/*
 * The one way stock changes. Every move appends to erp.stock_moves and
 * updates erp.stock_balances in the caller's transaction, so balance = sum
 * of moves always holds; a move that would take a balance below zero fails
 * with 409 erp.stock.insufficient and the transaction rolls back whole.
 * The item row is locked first, so concurrent moves of one item serialise
 * and its moving-average cost is computed from a stable on-hand.
 */

static const char * const kind_names[] = { "receipt", "issue", "transfer", "adjustment" };

const char *
sanhe_stock_move_kind_to_string (SanheStockMoveKind kind)
{
  g_return_val_if_fail (kind <= SANHE_STOCK_ADJUSTMENT, NULL);
  return kind_names[kind];
}

gboolean
sanhe_stock_move_kind_from_string (const char         *text,
                                   SanheStockMoveKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
fail_insufficient (GError **error,
                   gint64   item_id,
                   gint64   warehouse_id)
{
  JsonNode *details = sanhe_json_node_new_object ();

  json_object_set_int_member (json_node_get_object (details), "item", item_id);
  json_object_set_int_member (json_node_get_object (details), "warehouse", warehouse_id);
  sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_CODE_STOCK_INSUFFICIENT, details,
                   "Not enough stock of item %" G_GINT64_FORMAT " in warehouse %" G_GINT64_FORMAT ".",
                   item_id, warehouse_id);
  return FALSE;
}

/* Adds @delta (signed decimal text) to one balance; FALSE with 409 if it
 * would go negative. */
static gboolean
change_balance (PGconn     *conn,
                gint64      item_id,
                gint64      warehouse_id,
                const char *delta,
                GError    **error)
{
  g_autofree char *item = sanhe_id_string (item_id);
  g_autofree char *warehouse = sanhe_id_string (warehouse_id);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "INSERT INTO erp.stock_balances AS b (item_id, warehouse_id, qty) "
                          "SELECT $1, $2, $3::numeric WHERE $3::numeric >= 0 "
                          "ON CONFLICT (item_id, warehouse_id) DO UPDATE SET qty = b.qty + excluded.qty "
                          "RETURNING qty",
                          3, (const char *[]) { item, warehouse, delta }, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    return TRUE;

  /* A decrease: only an existing balance that stays at or above zero. */
  PQclear (g_steal_pointer (&result));
  result = sanhe_db_exec (conn,
                          "UPDATE erp.stock_balances SET qty = qty + $3::numeric "
                          "WHERE item_id = $1 AND warehouse_id = $2 AND qty + $3::numeric >= 0 RETURNING qty",
                          3, (const char *[]) { item, warehouse, delta }, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return fail_insufficient (error, item_id, warehouse_id);
  return TRUE;
}

static gboolean
append_move (PGconn               *conn,
             SanheRequest         *request,
             const SanheStockMove *move,
             gint64                warehouse_id,
             const char           *signed_qty,
             const char           *unit_cost,
             const char           *transfer_id,
             GError              **error)
{
  g_autofree char *item = sanhe_id_string (move->item_id);
  g_autofree char *warehouse = sanhe_id_string (warehouse_id);
  g_autofree char *document = move->document_id > 0 ? sanhe_id_string (move->document_id) : NULL;
  g_autofree char *actor = request ? sanhe_id_string (sanhe_request_get_user_id (request)) : NULL;
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "INSERT INTO erp.stock_moves (kind, item_id, warehouse_id, qty, unit_cost, transfer_id, "
                          "  reference, document_type, document_id, created_by) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, '0')::bigint)",
                          10, (const char *[]) { sanhe_stock_move_kind_to_string (move->kind), item, warehouse,
                                                 signed_qty, unit_cost, transfer_id, move->reference,
                                                 move->document_type, document, actor },
                          error);
  return result != NULL;
}

/* Locks the item and returns its average cost as text; 422 if unknown. */
static char *
lock_item (PGconn  *conn,
           gint64   item_id,
           GError **error)
{
  g_autofree char *item = sanhe_id_string (item_id);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn, "SELECT average_cost FROM erp.items WHERE id = $1 FOR UPDATE",
                          1, (const char *[]) { item }, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      sanhe_validation_fail (error, "item", SANHE_FIELD_NOT_FOUND, "There is no such item.");
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* Moving average over the whole on-hand, before this receipt lands. */
static gboolean
update_average_cost (PGconn     *conn,
                     gint64      item_id,
                     const char *qty,
                     const char *unit_cost,
                     GError    **error)
{
  g_autofree char *item = sanhe_id_string (item_id);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "UPDATE erp.items i SET average_cost = round("
                          "  (coalesce(s.on_hand, 0) * i.average_cost + $2::numeric * $3::numeric) "
                          "  / (coalesce(s.on_hand, 0) + $2::numeric), 4) "
                          "FROM (SELECT sum(qty) AS on_hand FROM erp.stock_balances WHERE item_id = $1) s "
                          "WHERE i.id = $1",
                          3, (const char *[]) { item, qty, unit_cost }, error);
  return result != NULL;
}

static gboolean
check_warehouse (PGconn     *conn,
                 gint64      warehouse_id,
                 const char *field,
                 GError    **error)
{
  g_autofree char *warehouse = sanhe_id_string (warehouse_id);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT 1 FROM erp.warehouses WHERE id = $1",
                                              1, (const char *[]) { warehouse }, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return sanhe_validation_fail (error, field, SANHE_FIELD_NOT_FOUND, "There is no such warehouse.");
  return TRUE;
}

gboolean
sanhe_stock_post (PGconn               *conn,
                  SanheRequest         *request,
                  const SanheStockMove *move,
                  GError              **error)
{
  g_autofree char *average = NULL;
  g_autofree char *qty = sanhe_decimal_format (move->qty, 4);
  g_autofree char *negative = NULL;
  SanheDecimal minus;

  g_return_val_if_fail (move->qty.units != 0, FALSE);

  if (!check_warehouse (conn, move->warehouse_id, "warehouse", error) ||
      (move->kind == SANHE_STOCK_TRANSFER && !check_warehouse (conn, move->to_warehouse_id, "to_warehouse", error)))
    return FALSE;

  average = lock_item (conn, move->item_id, error);
  if (average == NULL)
    return FALSE;

  minus.units = -move->qty.units;
  negative = sanhe_decimal_format (minus, 4);

  switch (move->kind)
    {
    case SANHE_STOCK_RECEIPT:
      {
        g_autofree char *cost = sanhe_decimal_format (move->unit_cost, 4);

        return update_average_cost (conn, move->item_id, qty, cost, error) &&
               append_move (conn, request, move, move->warehouse_id, qty, cost, NULL, error) &&
               change_balance (conn, move->item_id, move->warehouse_id, qty, error);
      }

    case SANHE_STOCK_ISSUE:
      return append_move (conn, request, move, move->warehouse_id, negative, average, NULL, error) &&
             change_balance (conn, move->item_id, move->warehouse_id, negative, error);

    case SANHE_STOCK_ADJUSTMENT:
      return append_move (conn, request, move, move->warehouse_id, qty, average, NULL, error) &&
             change_balance (conn, move->item_id, move->warehouse_id, qty, error);

    case SANHE_STOCK_TRANSFER:
      {
        g_autoptr(PGresult) id = sanhe_db_exec (conn, "SELECT nextval(pg_get_serial_sequence('erp.stock_moves', 'id'))",
                                                0, NULL, error);
        const char *transfer_id;

        if (id == NULL)
          return FALSE;
        transfer_id = PQgetvalue (id, 0, 0);
        return append_move (conn, request, move, move->warehouse_id, negative, average, transfer_id, error) &&
               change_balance (conn, move->item_id, move->warehouse_id, negative, error) &&
               append_move (conn, request, move, move->to_warehouse_id, qty, average, transfer_id, error) &&
               change_balance (conn, move->item_id, move->to_warehouse_id, qty, error);
      }
    }

  g_return_val_if_reached (FALSE);
}
