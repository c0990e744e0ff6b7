/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-import"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sanhe-decimal.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-import.h"
#include "sanhe-mrp.h"

/*
 * Imports a data set in the "erp-anchor-dataset/1" format (see README):
 * suppliers, customers, items, BOMs, on-hand stock, confirmed sales orders,
 * open purchase orders and production tasks. Day offsets count from day0.
 *
 * Everything is checked in C first (unknown codes, bad quantities, BOM
 * cycles), naming the record at fault; then rows stream into temporary
 * staging tables with COPY and land in the real tables with a few
 * set-based INSERTs, all in one transaction: a bad file changes nothing.
 */

#define FORMAT "erp-anchor-dataset/1"
#define WAREHOUSE_NAME "Main warehouse"

typedef struct
{
  PGconn     *conn;
  JsonObject *root;
  GDate      *day0;
  GHashTable *items;      /* code → GUINT index + 1 */
  GHashTable *suppliers;  /* code → present */
  GHashTable *customers;
  GString    *buffer;     /* one COPY at a time */
  SanheImportStats *stats;
} Import;

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

/* COPY text format: escape the characters it gives meaning to. */
static void
append_field (GString    *buffer,
              const char *value,
              gboolean    last)
{
  if (value == NULL)
    g_string_append (buffer, "\\N");
  else
    for (const char *p = value; *p; p++)
      switch (*p)
        {
        case '\\': g_string_append (buffer, "\\\\"); break;
        case '\t': g_string_append (buffer, "\\t"); break;
        case '\n': g_string_append (buffer, "\\n"); break;
        case '\r': g_string_append (buffer, "\\r"); break;
        default: g_string_append_c (buffer, *p);
        }
  g_string_append_c (buffer, last ? '\n' : '\t');
}

static void
append_row (GString *buffer,
            ...)
{
  va_list args;
  const char *field;
  GPtrArray *fields = g_ptr_array_new ();

  va_start (args, buffer);
  while ((field = va_arg (args, const char *)) != (const char *) buffer)
    g_ptr_array_add (fields, (gpointer) field);
  va_end (args);

  for (guint i = 0; i < fields->len; i++)
    append_field (buffer, g_ptr_array_index (fields, i), i + 1 == fields->len);
  g_ptr_array_unref (fields);
}

/* Ends a row's variadic list: the buffer itself marks the end, so NULL can be a value. */
#define ROW(buffer, ...) append_row (buffer, __VA_ARGS__, buffer)

static gboolean
copy_into (Import      *import,
           const char  *table,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("COPY %s FROM STDIN", table);
  g_autoptr(PGresult) started = PQexec (import->conn, sql);
  g_autoptr(PGresult) finished = NULL;

  if (PQresultStatus (started) != PGRES_COPY_IN)
    return fail (error, "COPY into %s failed: %s", table, PQerrorMessage (import->conn));

  if (PQputCopyData (import->conn, import->buffer->str, (int) import->buffer->len) != 1 ||
      PQputCopyEnd (import->conn, NULL) != 1)
    return fail (error, "COPY into %s failed: %s", table, PQerrorMessage (import->conn));

  finished = PQgetResult (import->conn);
  if (PQresultStatus (finished) != PGRES_COMMAND_OK)
    return fail (error, "COPY into %s failed: %s", table, PQresultErrorMessage (finished));

  /* Drain to the end of the command, clearing each result on the way. */
  do
    PQclear (g_steal_pointer (&finished));
  while ((finished = PQgetResult (import->conn)) != NULL);

  g_string_truncate (import->buffer, 0);
  return TRUE;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A whole number in [@min, @max]; absent gives @fallback. A string, a
 * fraction or anything else is an error naming the record. */
static gboolean
int_member (JsonObject  *object,
            const char  *name,
            gint64       fallback,
            gint64       min,
            gint64       max,
            const char  *where,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (error, "%s: “%s” must be a whole number.", where, name);
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return fail (error, "%s: “%s” must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT ".",
                 where, name, min, max);
  return TRUE;
}

/* A day offset: within a century either side of day 0. */
static gboolean
day_member (JsonObject  *object,
            const char  *where,
            gint64      *out,
            GError     **error)
{
  return int_member (object, "due_day", 0, -36500, 36500, where, out, error);
}

/* A quantity or price: integer or decimal string. Returns formatted text. */
static char *
decimal_member (JsonObject  *object,
                const char  *name,
                const char  *fallback,
                const char  *where,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  SanheDecimal value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (fallback == NULL)
        fail (error, "%s: “%s” is missing.", where, name);
      return g_strdup (fallback);
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = sanhe_decimal_from_int (json_node_get_int (node));
  else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
           !sanhe_decimal_parse (json_node_get_string (node), &value))
    {
      fail (error, "%s: “%s” is not a number with at most 4 decimals.", where, name);
      return NULL;
    }

  if (value.units < 0)
    {
      fail (error, "%s: “%s” is negative.", where, name);
      return NULL;
    }

  return sanhe_decimal_format (value, 4);
}

static char *
date_for_day (Import *import,
              gint64  offset)
{
  GDate date = *import->day0;
  char text[16];

  if (offset >= 0)
    g_date_add_days (&date, (guint) offset);
  else
    g_date_subtract_days (&date, (guint) -offset);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  return g_strdup (text);
}

static gboolean
check_known (GHashTable *table,
             const char *code,
             const char *what,
             const char *where,
             GError    **error)
{
  if (code != NULL && g_hash_table_contains (table, code))
    return TRUE;
  return fail (error, "%s: unknown %s “%s”.", where, what, code ? code : "(none)");
}

static gboolean
stage_partners (Import     *import,
                const char *member,
                const char *table,
                GHashTable *known,
                GError    **error)
{
  JsonArray *array = array_member (import->root, member);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *partner = json_array_get_object_element (array, i);
      const char *code = partner ? sanhe_json_object_get_string (partner, "code") : NULL;
      const char *name = partner ? sanhe_json_object_get_string (partner, "name") : NULL;

      if (code == NULL || name == NULL)
        return fail (error, "%s[%u]: code and name are required.", member, i);
      if (!g_hash_table_add (known, (gpointer) code))
        return fail (error, "%s[%u]: the code “%s” appears twice.", member, i, code);
      ROW (import->buffer, code, name);
    }
  return copy_into (import, table, error);
}

static gboolean
below_hundred (const char *percent)
{
  SanheDecimal value;

  return sanhe_decimal_parse (percent, &value) && value.units < 100 * SANHE_DECIMAL_ONE;
}

static gboolean
stage_items (Import  *import,
             GError **error)
{
  JsonArray *array = array_member (import->root, "items");

  if (array == NULL)
    return fail (error, "The file has no “items”.");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      const char *code = item ? sanhe_json_object_get_string (item, "code") : NULL;
      const char *make_or_buy = item ? sanhe_json_object_get_string (item, "make_or_buy") : NULL;
      const char *supplier = item ? sanhe_json_object_get_string (item, "supplier") : NULL;
      g_autofree char *lead = NULL;
      g_autofree char *cost = NULL, *price = NULL, *ss = NULL, *min_lot = NULL, *multiple = NULL, *scrap = NULL;
      gint64 lead_days;

      if (code == NULL || sanhe_json_object_get_string (item, "name") == NULL)
        return fail (error, "%s: code and name are required.", where);
      g_free (where);
      where = g_strdup_printf ("items[%u] (%s)", i, code);
      if (g_strcmp0 (make_or_buy, "make") != 0 && g_strcmp0 (make_or_buy, "buy") != 0)
        return fail (error, "%s: make_or_buy must be “make” or “buy”.", where);
      if (supplier != NULL && !check_known (import->suppliers, supplier, "supplier", where, error))
        return FALSE;
      if (g_hash_table_contains (import->items, code))
        return fail (error, "%s: the code “%s” appears twice.", where, code);
      g_hash_table_insert (import->items, (gpointer) code, GUINT_TO_POINTER (i + 1));

      if (!int_member (item, "lead_time_days", 0, 0, 3650, where, &lead_days, error))
        return FALSE;
      lead = g_strdup_printf ("%" G_GINT64_FORMAT, lead_days);
      if (!(cost = decimal_member (item, "cost_price", "0", where, error)) ||
          !(price = decimal_member (item, "list_price", "0", where, error)) ||
          !(ss = decimal_member (item, "safety_stock", "0", where, error)) ||
          !(min_lot = decimal_member (item, "min_lot", "0", where, error)) ||
          !(multiple = decimal_member (item, "lot_multiple", "0", where, error)) ||
          !(scrap = decimal_member (item, "scrap_pct", "0", where, error)))
        return FALSE;
      if (!below_hundred (scrap))
        return fail (error, "%s: scrap_pct must be below 100.", where);

      ROW (import->buffer, code, sanhe_json_object_get_string (item, "name"), make_or_buy,
           sanhe_json_object_get_string (item, "uom") ? sanhe_json_object_get_string (item, "uom") : "pcs",
           lead, cost, price, supplier, ss, min_lot, multiple, scrap);
    }

  import->stats->items = json_array_get_length (array);
  return copy_into (import, "imp_items", error);
}

/* BOM lines, checked for unknown items and, through the MRP engine's own
 * low-level coding, for cycles. */
static gboolean
stage_boms (Import  *import,
            GError **error)
{
  JsonArray *array = array_member (import->root, "boms");
  JsonArray *items = array_member (import->root, "items");
  g_autoptr(SanheMrpInput) graph = sanhe_mrp_input_new ();
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) cycle = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    sanhe_mrp_input_add_item (graph, i, FALSE, 0, SANHE_DECIMAL_ZERO, SANHE_DECIMAL_ZERO,
                              SANHE_DECIMAL_ZERO, SANHE_DECIMAL_ZERO, SANHE_DECIMAL_ZERO);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *bom = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("boms[%u]", i);
      const char *parent = bom ? sanhe_json_object_get_string (bom, "parent") : NULL;
      JsonArray *components = bom ? array_member (bom, "components") : NULL;
      gint64 output = 1;
      guint parent_index;

      if (!check_known (import->items, parent, "item", where, error) ||
          !int_member (bom, "output_qty", 1, 1, G_MAXINT32, where, &output, error))
        return FALSE;
      if (components == NULL)
        return fail (error, "%s (%s): components are required.", where, parent);
      parent_index = GPOINTER_TO_UINT (g_hash_table_lookup (import->items, parent)) - 1;
      if (!g_hash_table_add (parents, (gpointer) parent))
        return fail (error, "%s: “%s” already has a BOM; an item has one.", where, parent);
      if (g_strcmp0 (sanhe_json_object_get_string (json_array_get_object_element (items, parent_index), "make_or_buy"), "make") != 0)
        return fail (error, "%s: “%s” is bought, and only made items have a BOM.", where, parent);

      for (guint c = 0; c < json_array_get_length (components); c++)
        {
          JsonObject *line = json_array_get_object_element (components, c);
          g_autofree char *line_where = g_strdup_printf ("%s.components[%u]", where, c);
          const char *component = line ? sanhe_json_object_get_string (line, "item") : NULL;
          g_autofree char *qty = NULL, *scrap = NULL, *per_unit = NULL;
          g_autofree char *position = g_strdup_printf ("%u", c + 1);
          SanheDecimal q, per, s;

          if (!check_known (import->items, component, "item", line_where, error) ||
              !(qty = decimal_member (line, "qty", NULL, line_where, error)) ||
              !(scrap = decimal_member (line, "scrap_pct", "0", line_where, error)))
            return FALSE;

          sanhe_decimal_parse (qty, &q);
          sanhe_decimal_parse (scrap, &s);
          if (q.units == 0 || s.units >= 100 * SANHE_DECIMAL_ONE)
            return fail (error, "%s: qty must be positive and scrap_pct below 100.", line_where);
          if (!sanhe_decimal_div (q, sanhe_decimal_from_int (output), &per))
            return fail (error, "%s: qty is out of range.", line_where);
          per_unit = sanhe_decimal_format (per, 4);

          sanhe_mrp_input_add_bom_line (graph, parent_index,
                                        GPOINTER_TO_UINT (g_hash_table_lookup (import->items, component)) - 1,
                                        per, s);
          ROW (import->buffer, parent, position, component, per_unit, scrap);
          import->stats->bom_lines++;
        }
    }

  cycle = sanhe_mrp_input_find_cycle (graph);
  if (cycle != NULL)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      for (guint i = 0; i < cycle->len; i++)
        {
          JsonObject *item = json_array_get_object_element (items, g_array_index (cycle, guint, i));

          g_string_append_printf (path, "%s%s", i ? " → " : "", sanhe_json_object_get_string (item, "code"));
        }
      return fail (error, "The BOMs hold a cycle: %s.", path->str);
    }

  return copy_into (import, "imp_bom", error);
}

static gboolean
stage_on_hand (Import  *import,
               GError **error)
{
  JsonArray *array = array_member (import->root, "on_hand");

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("on_hand[%u]", i);
      const char *item = row ? sanhe_json_object_get_string (row, "item") : NULL;
      g_autofree char *qty = NULL;

      if (!check_known (import->items, item, "item", where, error) ||
          !(qty = decimal_member (row, "qty", NULL, where, error)))
        return FALSE;
      if (!g_str_equal (qty, "0.0000"))
        ROW (import->buffer, item, qty);
    }
  return copy_into (import, "imp_on_hand", error);
}

static gboolean
stage_orders (Import  *import,
              GError **error)
{
  JsonArray *array = array_member (import->root, "orders");
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *order = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("orders[%u]", i);
      const char *code = order ? sanhe_json_object_get_string (order, "code") : NULL;
      const char *customer = order ? sanhe_json_object_get_string (order, "customer") : NULL;
      JsonArray *lines = order ? array_member (order, "lines") : NULL;
      g_autofree char *due = NULL;
      gint64 due_day;

      if (code == NULL || lines == NULL)
        return fail (error, "%s: code and lines are required.", where);
      if (!g_hash_table_add (codes, (gpointer) code))
        return fail (error, "%s: the order code “%s” appears twice.", where, code);
      if (!check_known (import->customers, customer, "customer", where, error) ||
          !day_member (order, where, &due_day, error))
        return FALSE;
      due = date_for_day (import, due_day);

      for (guint l = 0; l < json_array_get_length (lines); l++)
        {
          JsonObject *line = json_array_get_object_element (lines, l);
          g_autofree char *line_where = g_strdup_printf ("%s.lines[%u]", where, l);
          const char *item = line ? sanhe_json_object_get_string (line, "item") : NULL;
          g_autofree char *qty = NULL, *price = NULL;
          g_autofree char *line_no = g_strdup_printf ("%u", l + 1);

          if (!check_known (import->items, item, "item", line_where, error) ||
              !(qty = decimal_member (line, "qty", NULL, line_where, error)) ||
              !(price = decimal_member (line, "unit_price", "0", line_where, error)))
            return FALSE;
          if (g_str_equal (qty, "0.0000"))
            return fail (error, "%s: qty must be positive.", line_where);
          ROW (import->buffer, code, customer, line_no, item, qty, price, due);
          import->stats->order_lines++;
        }
    }
  return copy_into (import, "imp_so_lines", error);
}

static gboolean
stage_purchases (Import  *import,
                 GError **error)
{
  JsonArray *array = array_member (import->root, "open_purchases");
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *order = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("open_purchases[%u]", i);
      const char *code = order ? sanhe_json_object_get_string (order, "code") : NULL;
      const char *supplier = order ? sanhe_json_object_get_string (order, "supplier") : NULL;
      JsonArray *lines = order ? array_member (order, "lines") : NULL;

      if (code == NULL || lines == NULL)
        return fail (error, "%s: code and lines are required.", where);
      if (!g_hash_table_add (codes, (gpointer) code))
        return fail (error, "%s: the purchase order code “%s” appears twice.", where, code);
      if (!check_known (import->suppliers, supplier, "supplier", where, error))
        return FALSE;

      for (guint l = 0; l < json_array_get_length (lines); l++)
        {
          JsonObject *line = json_array_get_object_element (lines, l);
          g_autofree char *line_where = g_strdup_printf ("%s.lines[%u]", where, l);
          const char *item = line ? sanhe_json_object_get_string (line, "item") : NULL;
          g_autofree char *qty = NULL;
          g_autofree char *due = NULL;
          g_autofree char *line_no = g_strdup_printf ("%u", l + 1);
          gint64 due_day;

          if (!check_known (import->items, item, "item", line_where, error) ||
              !(qty = decimal_member (line, "qty", NULL, line_where, error)) ||
              !day_member (line, line_where, &due_day, error))
            return FALSE;
          if (g_str_equal (qty, "0.0000"))
            return fail (error, "%s: qty must be positive.", line_where);
          due = date_for_day (import, due_day);
          ROW (import->buffer, code, supplier, line_no, item, qty, due);
          import->stats->purchase_lines++;
        }
    }
  return copy_into (import, "imp_po_lines", error);
}

static gboolean
stage_productions (Import  *import,
                   GError **error)
{
  JsonArray *array = array_member (import->root, "open_productions");
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *task = json_array_get_object_element (array, i);
      g_autofree char *where = g_strdup_printf ("open_productions[%u]", i);
      const char *code = task ? sanhe_json_object_get_string (task, "code") : NULL;
      const char *item = task ? sanhe_json_object_get_string (task, "item") : NULL;
      g_autofree char *qty = NULL;
      g_autofree char *due = NULL;
      gint64 due_day;

      if (code == NULL)
        return fail (error, "%s: code is required.", where);
      if (!g_hash_table_add (codes, (gpointer) code))
        return fail (error, "%s: the production task code “%s” appears twice.", where, code);
      if (!check_known (import->items, item, "item", where, error) ||
          !(qty = decimal_member (task, "qty", NULL, where, error)) ||
          !day_member (task, where, &due_day, error))
        return FALSE;
      if (g_str_equal (qty, "0.0000"))
        return fail (error, "%s: qty must be positive.", where);
      due = date_for_day (import, due_day);
      ROW (import->buffer, code, item, qty, due);
      import->stats->production_tasks++;
    }
  return copy_into (import, "imp_pt", error);
}

static const char staging_sql[] =
  "CREATE TEMP TABLE imp_suppliers (code text, name text) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_customers (code text, name text) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_items (code text, name text, kind text, unit text, lead int, cost numeric,"
  "  price numeric, supplier text, ss numeric, min_lot numeric, lot_multiple numeric, scrap numeric) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_bom (parent text, position int, component text, qty numeric, scrap numeric) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_on_hand (item text, qty numeric) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_so_lines (code text, customer text, line_no int, item text, qty numeric,"
  "  price numeric, due date) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_po_lines (code text, supplier text, line_no int, item text, qty numeric, due date) ON COMMIT DROP;"
  "CREATE TEMP TABLE imp_pt (code text, item text, qty numeric, due date) ON COMMIT DROP;";

/* From staging into the real tables; codes become ids through joins. */
static const char landing_sql[] =
  "INSERT INTO erp.suppliers (code, name) SELECT code, name FROM imp_suppliers;"
  "INSERT INTO crm.customers (code, name) SELECT code, name FROM imp_customers;"
  "INSERT INTO erp.items (code, name, kind, unit, lead_time_days, standard_cost, average_cost, list_price,"
  "  supplier_id, safety_stock, min_lot, lot_multiple, scrap_pct)"
  "  SELECT i.code, i.name, i.kind, i.unit, i.lead, i.cost, i.cost, i.price, s.id, i.ss, i.min_lot,"
  "         i.lot_multiple, i.scrap"
  "    FROM imp_items i LEFT JOIN erp.suppliers s ON s.code = i.supplier;"
  "INSERT INTO erp.bom_lines (parent_id, position, component_id, qty, scrap_pct)"
  "  SELECT p.id, b.position, c.id, b.qty, b.scrap FROM imp_bom b"
  "    JOIN erp.items p ON p.code = b.parent JOIN erp.items c ON c.code = b.component;"
  "INSERT INTO erp.warehouses (code, name) SELECT $1, '" WAREHOUSE_NAME "'"
  "  WHERE NOT EXISTS (SELECT 1 FROM erp.warehouses WHERE code = $1);"
  /* Opening stock goes through the ledger's tables: one receipt per item. */
  "INSERT INTO erp.stock_moves (kind, item_id, warehouse_id, qty, unit_cost, reference)"
  "  SELECT 'receipt', i.id, w.id, h.qty, i.average_cost, 'import: opening stock'"
  "    FROM imp_on_hand h JOIN erp.items i ON i.code = h.item JOIN erp.warehouses w ON w.code = $1;"
  "INSERT INTO erp.stock_balances AS b (item_id, warehouse_id, qty)"
  "  SELECT i.id, w.id, sum(h.qty) FROM imp_on_hand h JOIN erp.items i ON i.code = h.item"
  "    JOIN erp.warehouses w ON w.code = $1 GROUP BY i.id, w.id"
  "  ON CONFLICT (item_id, warehouse_id) DO UPDATE SET qty = b.qty + excluded.qty;"
  "INSERT INTO erp.sales_orders (number, customer_id, state)"
  "  SELECT DISTINCT ON (l.code) l.code, c.id, 'confirmed' FROM imp_so_lines l"
  "    JOIN crm.customers c ON c.code = l.customer ORDER BY l.code;"
  "INSERT INTO erp.sales_order_lines (order_id, line_no, item_id, qty, price, due_date)"
  "  SELECT o.id, l.line_no, i.id, l.qty, l.price, l.due FROM imp_so_lines l"
  "    JOIN erp.sales_orders o ON o.number = l.code JOIN erp.items i ON i.code = l.item;"
  "INSERT INTO erp.purchase_orders (number, supplier_id, state)"
  "  SELECT DISTINCT ON (l.code) l.code, s.id, 'confirmed' FROM imp_po_lines l"
  "    JOIN erp.suppliers s ON s.code = l.supplier ORDER BY l.code;"
  "INSERT INTO erp.purchase_order_lines (order_id, line_no, item_id, qty, price, expected_date)"
  "  SELECT o.id, l.line_no, i.id, l.qty, i.standard_cost, l.due FROM imp_po_lines l"
  "    JOIN erp.purchase_orders o ON o.number = l.code JOIN erp.items i ON i.code = l.item;"
  "INSERT INTO erp.production_tasks (number, item_id, qty, due_date, state)"
  "  SELECT t.code, i.id, t.qty, t.due, 'released' FROM imp_pt t JOIN erp.items i ON i.code = t.item;";

static gboolean
run_multi (PGconn     *conn,
           const char *sql,
           const char *warehouse,
           GError    **error)
{
  g_auto(GStrv) statements = g_strsplit (sql, ";", -1);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      g_autoptr(PGresult) result = NULL;
      g_autofree char *text = g_strstrip (g_strdup (statements[i]));

      if (*text == '\0')
        continue;
      /* Statements that name $1 get the warehouse code; others no params. */
      result = strstr (text, "$1")
        ? sanhe_db_exec (conn, text, 1, (const char *[]) { warehouse }, error)
        : sanhe_db_exec (conn, text, 0, NULL, error);
      if (result == NULL)
        {
          if (error != NULL && *error != NULL)
            g_prefix_error (error, "Import failed while loading the data (%.60s…): ", text);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
import_in_transaction (PGconn   *conn,
                       gpointer  user_data,
                       GError  **error)
{
  Import *import = user_data;
  const char *warehouse = sanhe_json_object_get_string (import->root, "warehouse");

  if (warehouse == NULL)
    warehouse = "WH";

  g_string_truncate (import->buffer, 0);
  g_hash_table_remove_all (import->items);
  g_hash_table_remove_all (import->suppliers);
  g_hash_table_remove_all (import->customers);
  memset (import->stats, 0, sizeof *import->stats);

  return run_multi (conn, staging_sql, NULL, error) &&
         stage_partners (import, "suppliers", "imp_suppliers", import->suppliers, error) &&
         stage_partners (import, "customers", "imp_customers", import->customers, error) &&
         stage_items (import, error) &&
         stage_boms (import, error) &&
         stage_on_hand (import, error) &&
         stage_orders (import, error) &&
         stage_purchases (import, error) &&
         stage_productions (import, error) &&
         run_multi (conn, landing_sql, warehouse, error);
}

gboolean
sanhe_import_file (PGconn            *conn,
                   const char        *path,
                   GDate             *day0,
                   SanheImportStats  *stats,
                   GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) suppliers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) customers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) buffer = g_string_sized_new (1 << 20);
  gint64 started = g_get_monotonic_time ();
  JsonNode *root;
  Import import;

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (sanhe_json_object_get_string (json_node_get_object (root), "format"), FORMAT) != 0)
    return fail (error, "%s is not an “%s” data set.", path, FORMAT);

  import = (Import) { conn, json_node_get_object (root), day0, items, suppliers, customers, buffer, stats };
  if (!sanhe_db_transaction (conn, import_in_transaction, &import, error))
    return FALSE;

  stats->elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  return TRUE;
}
