/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-kit"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-erp-private.h"
#include "sanhe-kit.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/*
 * GET …/sales-orders/{id}/kit-analysis and …/production-tasks/{id}/kit-analysis:
 * loads stock, BOMs and open supply, lets the confirmed sales orders due
 * earlier take their share, then explodes this document (sanhe-kit.c).
 * Open supply here is committed supply only: confirmed purchase orders and
 * planned or released production tasks — a draft promises nobody anything.
 * What an open task will make is supply; what it consumes is already
 * spoken for: its components go to it before any sales order, and to the
 * tasks due earlier before a task (nothing is issued to a task yet, so a
 * task still needs all that is left of it).
 */

/* The components an open task still needs: its remaining quantity through
 * the BOM with line and item scrap, rounded up as MRP does. Selects
 * component id, quantity, BOM position, from tasks t, items i, bom_lines b. */
#define TASK_COMPONENTS_SQL \
  "SELECT b.component_id, (ceil((t.qty - t.done_qty) * b.qty / (1 - b.scrap_pct / 100) " \
  "  / (1 - i.scrap_pct / 100) * 10000) / 10000)::numeric(18,4) AS qty, b.position " \
  "FROM erp.production_tasks t JOIN erp.items i ON i.id = t.item_id " \
  "JOIN erp.bom_lines b ON b.parent_id = t.item_id "

typedef struct
{
  SanheKit   *kit;
  GHashTable *index;   /* item id → index + 1 */
  GArray     *ids;     /* index → item id */
  PGresult   *items;   /* kept for codes and names */
} Model;

static guint
index_of (Model  *model,
          gint64  id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (model->index, &id)) - 1;
}

static SanheDecimal
decimal_at (PGresult *result,
            int       row,
            int       col)
{
  SanheDecimal value = SANHE_DECIMAL_ZERO;

  if (!PQgetisnull (result, row, col))
    sanhe_decimal_parse (PQgetvalue (result, row, col), &value);
  return value;
}

static gint64
int_at (PGresult *result,
        int       row,
        int       col)
{
  return g_ascii_strtoll (PQgetvalue (result, row, col), NULL, 10);
}

static gboolean
load_model (PGconn   *conn,
            Model    *model,
            GError  **error)
{
  g_autoptr(PGresult) lines = NULL;
  g_autoptr(PGresult) supply = NULL;
  int n;

  model->items = sanhe_db_exec (conn,
                                "SELECT i.id, i.kind = 'make', i.lead_time_days, coalesce(b.qty, 0), i.scrap_pct, "
                                "  i.code, i.name, i.unit, i.kind "
                                "FROM erp.items i LEFT JOIN (SELECT item_id, sum(qty) AS qty FROM erp.stock_balances "
                                "  GROUP BY item_id) b ON b.item_id = i.id ORDER BY i.id",
                                0, NULL, error);
  if (model->items == NULL)
    return FALSE;

  n = PQntuples (model->items);
  g_array_set_size (model->ids, n);
  for (int row = 0; row < n; row++)
    {
      guint index = sanhe_kit_add_item (model->kit, PQgetvalue (model->items, row, 1)[0] == 't',
                                        (gint) int_at (model->items, row, 2), decimal_at (model->items, row, 3),
                                        decimal_at (model->items, row, 4));

      g_array_index (model->ids, gint64, index) = int_at (model->items, row, 0);
      g_hash_table_insert (model->index, &g_array_index (model->ids, gint64, index), GUINT_TO_POINTER (index + 1));
    }

  lines = sanhe_db_exec (conn, "SELECT parent_id, component_id, qty, scrap_pct FROM erp.bom_lines "
                               "ORDER BY parent_id, position", 0, NULL, error);
  if (lines == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (lines); row++)
    sanhe_kit_add_bom_line (model->kit, index_of (model, int_at (lines, row, 0)), index_of (model, int_at (lines, row, 1)),
                            decimal_at (lines, row, 2), decimal_at (lines, row, 3));

  supply = sanhe_db_exec (conn,
                          "SELECT l.item_id, l.expected_date - current_date, l.qty - l.received_qty "
                          "FROM erp.purchase_order_lines l JOIN erp.purchase_orders o ON o.id = l.order_id "
                          "WHERE o.state IN ('confirmed', 'partially_received') AND l.qty > l.received_qty "
                          "UNION ALL "
                          "SELECT item_id, due_date - current_date, qty - done_qty FROM erp.production_tasks "
                          "WHERE state IN ('planned', 'released') AND qty > done_qty",
                          0, NULL, error);
  if (supply == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (supply); row++)
    sanhe_kit_add_supply (model->kit, index_of (model, int_at (supply, row, 0)), (gint) int_at (supply, row, 1),
                          decimal_at (supply, row, 2));
  return TRUE;
}

/* Open production tasks take their components first: all of them before
 * a sales order (@task_id "0", @due NULL); before a task, those due
 * earlier (ties: the older task). */
static gboolean
reserve_production (PGconn      *conn,
                    Model       *model,
                    const char  *due,
                    const char  *task_id,
                    GError     **error)
{
  g_autoptr(PGresult) tasks = sanhe_db_exec (conn,
                                             TASK_COMPONENTS_SQL
                                             "WHERE t.state IN ('planned', 'released') AND t.qty > t.done_qty "
                                             "AND t.id <> $2::bigint AND ($1::date IS NULL OR t.due_date < $1::date "
                                             "     OR (t.due_date = $1::date AND t.id < $2::bigint)) "
                                             "ORDER BY t.due_date, t.id, b.position",
                                             2, (const char *[]) { due, task_id }, error);

  if (tasks == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (tasks); row++)
    sanhe_kit_reserve (model->kit, index_of (model, int_at (tasks, row, 0)), decimal_at (tasks, row, 1));
  return TRUE;
}

/* The confirmed sales-order lines due before @due (ties: earlier order)
 * take stock and supply first. */
static gboolean
reserve_earlier (PGconn      *conn,
                 Model       *model,
                 const char  *due,
                 const char  *order_id,
                 GError     **error)
{
  g_autoptr(PGresult) earlier = sanhe_db_exec (conn,
                                               "SELECT l.item_id, l.qty - l.shipped_qty FROM erp.sales_order_lines l "
                                               "JOIN erp.sales_orders o ON o.id = l.order_id "
                                               "WHERE o.state IN ('confirmed', 'partially_shipped') AND l.qty > l.shipped_qty "
                                               "AND o.id <> $2::bigint "
                                               "AND (l.due_date < $1::date OR (l.due_date = $1::date AND o.id < $2::bigint)) "
                                               "ORDER BY l.due_date, o.id, l.line_no",
                                               2, (const char *[]) { due, order_id }, error);

  if (earlier == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (earlier); row++)
    sanhe_kit_reserve (model->kit, index_of (model, int_at (earlier, row, 0)), decimal_at (earlier, row, 1));
  return TRUE;
}

static void
add_decimal (JsonBuilder  *builder,
             const char   *name,
             SanheDecimal  value)
{
  g_autofree char *text = sanhe_decimal_format (value, 4);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDate       *today,
          gint         day)
{
  GDate date = *today;
  char text[16];

  g_date_add_days (&date, (guint) MAX (day, 0));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_item (JsonBuilder *builder,
          Model       *model,
          guint        index)
{
  json_builder_set_member_name (builder, "item");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, g_array_index (model->ids, gint64, index));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, PQgetvalue (model->items, (int) index, 5));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, PQgetvalue (model->items, (int) index, 6));
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, PQgetvalue (model->items, (int) index, 7));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, PQgetvalue (model->items, (int) index, 8));
  json_builder_end_object (builder);
}

static void
add_quantities (JsonBuilder  *builder,
                GDate        *today,
                SanheDecimal  required,
                SanheDecimal  from_stock,
                SanheDecimal  from_supply,
                SanheDecimal  to_make,
                SanheDecimal  to_buy,
                gint          available_day)
{
  SanheDecimal short_qty = { required.units - from_stock.units };

  add_decimal (builder, "required", required);
  add_decimal (builder, "available", from_stock);
  add_decimal (builder, "short", short_qty);
  add_decimal (builder, "from_supply", from_supply);
  add_decimal (builder, "to_make", to_make);
  add_decimal (builder, "to_buy", to_buy);
  add_date (builder, "available_on", today, available_day);
}

static void
add_node (JsonBuilder  *builder,
          Model        *model,
          GDate        *today,
          SanheKitNode *node)
{
  json_builder_begin_object (builder);
  add_item (builder, model, node->item);
  json_builder_set_member_name (builder, "level");
  json_builder_add_int_value (builder, node->level);
  add_quantities (builder, today, node->required, node->from_stock, node->from_supply, node->to_make,
                  node->to_buy, node->available_day);
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    add_node (builder, model, today, g_ptr_array_index (node->children, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static JsonNode *
build_answer (Model          *model,
              const GDate    *day0,
              SanheKitResult *result,
              const char     *document_type,
              gint64          document_id,
              GPtrArray      *line_numbers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char * const statuses[] = { "complete_now", "complete_on", "short" };
  GDate today = *day0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, document_type);
  json_builder_add_int_value (builder, document_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, statuses[result->status]);
  if (result->status == SANHE_KIT_COMPLETE_NOW)
    add_date (builder, "complete_on", &today, 0);
  else
    add_date (builder, "complete_on", &today, result->complete_day);

  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->lines->len; i++)
    {
      SanheKitNode *node = g_ptr_array_index (result->lines, i);

      add_node (builder, model, &today, node);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->totals->len; i++)
    {
      SanheKitTotal *total = &g_array_index (result->totals, SanheKitTotal, i);

      json_builder_begin_object (builder);
      add_item (builder, model, total->item);
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, total->level);
      add_quantities (builder, &today, total->required, total->from_stock, total->from_supply, total->to_make,
                      total->to_buy, total->available_day);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  /* Top nodes carry their order line numbers. */
  {
    JsonNode *root = json_builder_get_root (builder);
    JsonArray *lines = json_object_get_array_member (json_node_get_object (root), "lines");

    for (guint i = 0; i < json_array_get_length (lines) && i < line_numbers->len; i++)
      json_object_set_int_member (json_array_get_object_element (lines, i), "line",
                                  GPOINTER_TO_INT (g_ptr_array_index (line_numbers, i)));
    return root;
  }
}

static gboolean
database_today (PGconn  *conn,
                GDate   *out,
                GError **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT extract(year FROM d)::int, extract(month FROM d)::int, "
                                              "extract(day FROM d)::int FROM current_date d", 0, NULL, error);

  if (result == NULL)
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) int_at (result, 0, 2), (GDateMonth) int_at (result, 0, 1),
                  (GDateYear) int_at (result, 0, 0));
  return TRUE;
}

static void
model_clear (Model *model)
{
  g_clear_pointer (&model->kit, sanhe_kit_free);
  g_clear_pointer (&model->index, g_hash_table_unref);
  g_clear_pointer (&model->ids, g_array_unref);
  g_clear_pointer (&model->items, PQclear);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Model, model_clear)

/* Analyses the open lines in @lines (item id, open qty, line id, line no). */
static JsonNode *
analyse (PGconn      *conn,
         PGresult    *lines,
         const char  *due,
         const char  *order_id,
         const char  *task_id,
         const char  *document_type,
         gint64       document_id,
         GError     **error)
{
  g_auto(Model) model = { sanhe_kit_new (), g_hash_table_new (g_int64_hash, g_int64_equal),
                          g_array_new (FALSE, TRUE, sizeof (gint64)), NULL };
  g_autoptr(SanheKitResult) result = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  int n = PQntuples (lines);
  g_autofree guint *items = g_new (guint, MAX (n, 1));
  g_autofree SanheDecimal *qtys = g_new (SanheDecimal, MAX (n, 1));
  g_autofree gint64 *line_ids = g_new (gint64, MAX (n, 1));
  GDate today;

  if (!load_model (conn, &model, error))
    return NULL;
  if (!reserve_production (conn, &model, task_id != NULL ? due : NULL, task_id != NULL ? task_id : "0", error))
    return NULL;
  if (order_id != NULL && !reserve_earlier (conn, &model, due, order_id, error))
    return NULL;

  for (int row = 0; row < n; row++)
    {
      items[row] = index_of (&model, int_at (lines, row, 0));
      qtys[row] = decimal_at (lines, row, 1);
      line_ids[row] = int_at (lines, row, 2);
      g_ptr_array_add (numbers, GINT_TO_POINTER ((gint) int_at (lines, row, 3)));
    }

  /* Day offsets were counted from the database's current_date: so are the dates. */
  if (!database_today (conn, &today, error))
    return NULL;

  result = sanhe_kit_analyse (model.kit, items, qtys, line_ids, (guint) n);
  return build_answer (&model, &today, result, document_type, document_id, numbers);
}

static JsonNode *
sales_order_kit (SanheRequest  *request,
                 PGconn        *conn,
                 GError       **error)
{
  g_autoptr(PGresult) lines = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", "erp.sales_order.not_found", &id, error))
    return NULL;

  id_text = sanhe_id_string (id);
  lines = sanhe_db_exec (conn,
                         "SELECT l.item_id, l.qty - l.shipped_qty, l.id, l.line_no, "
                         "  min(l.due_date) OVER () FROM erp.sales_orders o "
                         "LEFT JOIN erp.sales_order_lines l ON l.order_id = o.id AND l.qty > l.shipped_qty "
                         "WHERE o.id = $1 ORDER BY l.line_no",
                         1, (const char *[]) { id_text }, error);
  if (lines == NULL)
    return NULL;
  if (PQntuples (lines) == 0)
    {
      sanhe_not_found (error, "erp.sales_order.not_found", "sales order", id);
      return NULL;
    }
  if (PQgetisnull (lines, 0, 0))
    {
      /* Everything shipped: an empty analysis, complete now. */
      PQclear (g_steal_pointer (&lines));
      lines = sanhe_db_exec (conn, "SELECT 1, 0, 0, 0, current_date WHERE false", 0, NULL, error);
      if (lines == NULL)
        return NULL;
      return analyse (conn, lines, NULL, NULL, NULL, "sales_order", id, error);
    }

  return analyse (conn, lines, PQgetvalue (lines, 0, 4), id_text, NULL, "sales_order", id, error);
}

static JsonNode *
production_task_kit (SanheRequest  *request,
                     PGconn        *conn,
                     GError       **error)
{
  g_autoptr(PGresult) task = NULL;
  g_autoptr(PGresult) lines = NULL;
  g_autofree char *id_text = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", "erp.production_task.not_found", &id, error))
    return NULL;

  id_text = sanhe_id_string (id);
  task = sanhe_db_exec (conn, "SELECT due_date FROM erp.production_tasks WHERE id = $1",
                        1, (const char *[]) { id_text }, error);
  if (task == NULL)
    return NULL;
  if (PQntuples (task) == 0)
    {
      sanhe_not_found (error, "erp.production_task.not_found", "production task", id);
      return NULL;
    }

  /* The task's own item is what is being made: analyse its components, so
   * its stock of the finished item does not count against itself. */
  lines = sanhe_db_exec (conn,
                         "SELECT c.component_id, c.qty, 0, c.position FROM (" TASK_COMPONENTS_SQL
                         "  WHERE t.id = $1 AND t.qty > t.done_qty) c ORDER BY c.position",
                         1, (const char *[]) { id_text }, error);
  if (lines == NULL)
    return NULL;

  return analyse (conn, lines, PQgetvalue (task, 0, 0), "0", id_text, "production_task", id, error);
}

static const SanheRoute routes[] = {
  { "GET", "/api/v1/erp/sales-orders/{id}/kit-analysis",     sales_order_kit,     "erp.sales.read",      SANHE_ROUTE_DEFAULT },
  { "GET", "/api/v1/erp/production-tasks/{id}/kit-analysis", production_task_kit, "erp.production.read", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_kit_analysis_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
