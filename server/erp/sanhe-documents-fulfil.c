/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-fulfil"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-stock-ledger.h"

/* Receiving and shipping: each delivered line is one stock move through
 * the ledger, and the order's state follows its lines. */

/* One line of a stored order, as a fulfilment sees it. */
typedef struct
{
  gint64        id;
  gint64        line_no;
  gint64        item_id;
  SanheDecimal  qty;
  SanheDecimal  done;
  SanheDecimal  price;
  SanheDecimal  asked;    /* by this request, over all its entries */
} OrderLine;

/* One entry of a receive or ship body. */
typedef struct
{
  guint         position; /* in the request: field names and a stable order */
  guint         line;     /* index into the OrderLine array */
  gint64        item_id;
  gint64        warehouse_id;
  SanheDecimal  qty;
} Delivery;

/* Fulfilment */

/* numeric(18,4) always parses: the column holds no more than a SanheDecimal. */
static SanheDecimal
column_decimal (PGresult   *result,
                int         row,
                const char *column)
{
  SanheDecimal value = SANHE_DECIMAL_ZERO;

  if (!sanhe_decimal_parse (sanhe_db_get (result, row, column), &value))
    g_warning ("Column %s holds “%s”, not a decimal", column, sanhe_db_get (result, row, column));
  return value;
}

static GArray *
load_order_lines (const SanheOrderKind  *kind,
                  PGconn                *conn,
                  const char            *order_id,
                  GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, line_no, item_id, qty, %s AS done, price FROM %s "
                                          "WHERE order_id = $1 ORDER BY line_no",
                                          kind->done_column, kind->lines_table);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 1, (const char *[]) { order_id }, error);
  GArray *lines;

  if (result == NULL)
    return NULL;

  lines = g_array_new (FALSE, TRUE, sizeof (OrderLine));
  for (int row = 0; row < PQntuples (result); row++)
    {
      OrderLine line = { 0 };

      line.id = sanhe_db_get_int (result, row, "id");
      line.line_no = sanhe_db_get_int (result, row, "line_no");
      line.item_id = sanhe_db_get_int (result, row, "item_id");
      line.qty = column_decimal (result, row, "qty");
      line.done = column_decimal (result, row, "done");
      line.price = column_decimal (result, row, "price");
      g_array_append_val (lines, line);
    }
  return lines;
}

/* Reads one entry of a receive/ship body against the order's lines;
 * problems go to @line_fields. */
static void
read_delivery (SanheFields  *line_fields,
               GArray       *order_lines,
               Delivery     *delivery)
{
  gint64 line_no = sanhe_fields_get_int (line_fields, "line", SANHE_FIELD_MANDATORY);
  gboolean has_qty = _sanhe_documents_read_decimal (line_fields, "qty", SANHE_FIELD_MANDATORY, TRUE, &delivery->qty);
  OrderLine *line = NULL;
  SanheDecimal open;
  SanheDecimal wanted;

  delivery->warehouse_id = sanhe_fields_get_id (line_fields, "warehouse", SANHE_FIELD_MANDATORY);

  for (guint i = 0; i < order_lines->len && line == NULL; i++)
    if (g_array_index (order_lines, OrderLine, i).line_no == line_no)
      {
        line = &g_array_index (order_lines, OrderLine, i);
        delivery->line = i;
        delivery->item_id = line->item_id;
      }

  if (line == NULL)
    {
      if (sanhe_fields_is_valid (line_fields, "line"))
        sanhe_fields_reject (line_fields, "line", SANHE_FIELD_NOT_FOUND, "This order has no such line.");
      return;
    }
  if (!has_qty)
    return;

  /* Entries naming one line twice count together against what is open. */
  if (!sanhe_decimal_sub (line->qty, line->done, &open) ||
      !sanhe_decimal_add (line->asked, delivery->qty, &wanted) ||
      sanhe_decimal_compare (wanted, open) > 0)
    {
      SanheDecimal left;
      g_autofree char *left_text = NULL;
      g_autofree char *message = NULL;

      left.units = MAX (open.units - line->asked.units, 0);
      left_text = sanhe_decimal_format (left, SANHE_DECIMAL_SCALE);
      message = g_strdup_printf ("Only %s remain open on line %" G_GINT64_FORMAT ".", left_text, line->line_no);
      sanhe_fields_reject (line_fields, "qty", SANHE_FIELD_INVALID, message);
      return;
    }

  line->asked = wanted;
}

static GArray *
read_deliveries (SanheRequest  *request,
                 PGconn        *conn,
                 SanheFields   *fields,
                 GArray        *order_lines,
                 GError       **error)
{
  static const char * const allowed[] = { "line", "qty", "warehouse", NULL };
  JsonArray *array = _sanhe_documents_body_lines (request, fields, TRUE);
  g_autoptr(GArray) deliveries = g_array_new (FALSE, TRUE, sizeof (Delivery));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(SanheFields) line_fields = _sanhe_documents_line_fields_new (fields, array, i, allowed);
      Delivery delivery = { .position = i };

      /* Entries with problems stay in the list, so that their warehouse
       * is checked too; the 422 stops them before anything is posted. */
      if (line_fields == NULL)
        continue;
      read_delivery (line_fields, order_lines, &delivery);
      _sanhe_documents_line_fields_merge (fields, line_fields, i);
      g_array_append_val (deliveries, delivery);
    }

  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = &g_array_index (deliveries, Delivery, i);
      g_autofree char *name = _sanhe_documents_line_field (delivery->position, "warehouse");
      gboolean found;

      if (delivery->warehouse_id <= 0 || !sanhe_fields_is_valid (fields, name))
        continue;
      if (!_sanhe_documents_exists (conn, "SELECT 1 FROM erp.warehouses WHERE id = $1", delivery->warehouse_id, &found, error))
        return NULL;
      if (!found)
        sanhe_fields_reject (fields, name, SANHE_FIELD_NOT_FOUND, "There is no such warehouse.");
    }

  return g_steal_pointer (&deliveries);
}

/* Items in ascending id, then request order: the ledger locks item rows,
 * and one order of locks keeps concurrent fulfilments from deadlocking. */
static int
compare_deliveries (gconstpointer a,
                    gconstpointer b)
{
  const Delivery *x = a;
  const Delivery *y = b;

  if (x->item_id != y->item_id)
    return x->item_id < y->item_id ? -1 : 1;
  return (int) x->position - (int) y->position;
}

/* Adds the order's line number to a stock shortage, so the client can
 * point at the line that cannot ship. */
static void
annotate_shortage (GError   *error,
                   gint64    line_no)
{
  JsonNode *details;

  if (g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_STOCK_INSUFFICIENT) != 0)
    return;
  details = sanhe_error_get_details (error);
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    json_object_set_int_member (json_node_get_object (details), "line", line_no);
}

static gboolean
post_deliveries (const SanheOrderKind  *kind,
                 SanheRequest          *request,
                 PGconn                *conn,
                 JsonNode              *before,
                 GArray                *order_lines,
                 GArray                *deliveries,
                 GError               **error)
{
  JsonObject *order = json_node_get_object (before);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = %s + $2::numeric WHERE id = $1",
                                          kind->lines_table, kind->done_column, kind->done_column);

  g_array_sort (deliveries, compare_deliveries);
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = &g_array_index (deliveries, Delivery, i);
      OrderLine *line = &g_array_index (order_lines, OrderLine, delivery->line);
      SanheStockMove move = {
        .kind = kind->move_kind,
        .item_id = line->item_id,
        .warehouse_id = delivery->warehouse_id,
        .qty = delivery->qty,
        .unit_cost = line->price,
        .reference = json_object_get_string_member (order, "number"),
        .document_type = kind->entity,
        .document_id = json_object_get_int_member (order, "id"),
      };

      if (!sanhe_stock_post (conn, request, &move, error))
        {
          if (error != NULL && *error != NULL)
            annotate_shortage (*error, line->line_no);
          return FALSE;
        }
    }

  for (guint i = 0; i < order_lines->len; i++)
    {
      OrderLine *line = &g_array_index (order_lines, OrderLine, i);
      g_autofree char *id = NULL;
      g_autofree char *qty = NULL;
      g_autoptr(PGresult) updated = NULL;

      if (line->asked.units == 0)
        continue;
      id = sanhe_id_string (line->id);
      qty = sanhe_decimal_format (line->asked, SANHE_DECIMAL_SCALE);
      updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id, qty }, error);
      if (updated == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The state follows the lines: all filled, or some. */
static const char *
state_after (const SanheOrderKind *kind,
             GArray               *order_lines)
{
  for (guint i = 0; i < order_lines->len; i++)
    {
      OrderLine *line = &g_array_index (order_lines, OrderLine, i);
      SanheDecimal done;

      if (!sanhe_decimal_add (line->done, line->asked, &done) || sanhe_decimal_compare (done, line->qty) < 0)
        return kind->partial_state;
    }
  return kind->done_state;
}

/* Receive or ship: {"lines":[{"line","qty","warehouse"}]}. Each entry posts
 * one stock move; any failure (a shortage above all) rolls back the whole
 * request, so nothing of it stays. */
JsonNode *
_sanhe_order_fulfil (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  static const char * const allowed[] = { "lines", "version", NULL };
  const char * const open_states[] = { "confirmed", kind->partial_state, NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GArray) order_lines = NULL;
  g_autoptr(GArray) deliveries = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = _sanhe_order_lock (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, open_states, SANHE_CODE_ORDER_INVALID_STATE, kind->what,
                                     kind->done_state, error))
    return NULL;

  id_text = sanhe_id_string (id);
  order_lines = load_order_lines (kind, conn, id_text, error);
  if (order_lines == NULL)
    return NULL;
  deliveries = read_deliveries (request, conn, fields, order_lines, error);
  if (deliveries == NULL ||
      !_sanhe_documents_check_optional_version (fields, before, kind->what, error) ||
      !post_deliveries (kind, request, conn, before, order_lines, deliveries, error))
    return NULL;

  sql = g_strdup_printf ("UPDATE %s SET state = $2, version = version + 1, updated_at = now() WHERE id = $1",
                         kind->orders_table);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, state_after (kind, order_lines) }, error);
  if (updated == NULL)
    return NULL;

  after = _sanhe_order_doc (kind, conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, kind->fulfil_action, kind->entity, id_text, before, after, error) ||
      !_sanhe_documents_notify (conn, kind->event, after, error))
    return NULL;

  return g_steal_pointer (&after);
}
