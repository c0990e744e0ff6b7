/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-mrp-store"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-mrp.h"
#include "sanhe-mrp-store.h"

/*
 * Between PostgreSQL and the pure MRP engine: load what the engine needs
 * (five queries), run it, and stream its output back with COPY. Days are
 * offsets from the run date, computed by PostgreSQL.
 */

typedef struct
{
  SanheMrpInput *input;
  GHashTable    *index;  /* item id → item index + 1 */
  GArray        *ids;    /* item index → id */
} Loaded;

static gint64
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000;
}

static SanheDecimal
decimal_at (PGresult *result,
            int       row,
            int       col)
{
  SanheDecimal value = SANHE_DECIMAL_ZERO;

  /* numeric(18,4) columns always parse; a NULL stays zero. */
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

static guint
index_of (Loaded *loaded,
          gint64  id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (loaded->index, &id)) - 1;
}

static gboolean
load_items (PGconn   *conn,
            Loaded   *loaded,
            GError  **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn,
                                              "SELECT i.id, i.kind = 'make', i.lead_time_days, coalesce(b.qty, 0), "
                                              "  i.safety_stock, i.min_lot, i.lot_multiple, i.scrap_pct "
                                              "FROM erp.items i LEFT JOIN (SELECT item_id, sum(qty) AS qty "
                                              "  FROM erp.stock_balances GROUP BY item_id) b ON b.item_id = i.id "
                                              "ORDER BY i.id",
                                              0, NULL, error);

  if (result == NULL)
    return FALSE;

  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 id = int_at (result, row, 0);
      guint index = sanhe_mrp_input_add_item (loaded->input, id, PQgetvalue (result, row, 1)[0] == 't',
                                              (gint) int_at (result, row, 2), decimal_at (result, row, 3),
                                              decimal_at (result, row, 4), decimal_at (result, row, 5),
                                              decimal_at (result, row, 6), decimal_at (result, row, 7));

      g_assert (index == loaded->ids->len);
      g_array_append_val (loaded->ids, id);
    }

  /* Index once the array has stopped growing: the keys point into it. */
  for (guint i = 0; i < loaded->ids->len; i++)
    g_hash_table_insert (loaded->index, &g_array_index (loaded->ids, gint64, i), GUINT_TO_POINTER (i + 1));
  return TRUE;
}

static gboolean
load_rows (PGconn      *conn,
           Loaded      *loaded,
           const char  *sql,
           const char  *date,
           char         what,
           GError     **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, date ? 1 : 0, (const char *[]) { date }, error);

  if (result == NULL)
    return FALSE;

  for (int row = 0; row < PQntuples (result); row++)
    {
      guint item = index_of (loaded, int_at (result, row, 0));

      switch (what)
        {
        case 'b':
          sanhe_mrp_input_add_bom_line (loaded->input, item, index_of (loaded, int_at (result, row, 1)),
                                        decimal_at (result, row, 2), decimal_at (result, row, 3));
          break;
        case 'd':
          sanhe_mrp_input_add_demand (loaded->input, item, (gint) int_at (result, row, 1),
                                      decimal_at (result, row, 2), int_at (result, row, 3));
          break;
        case 's':
          sanhe_mrp_input_add_supply (loaded->input, item, (gint) int_at (result, row, 1),
                                      decimal_at (result, row, 2));
          break;
        case 't':
          sanhe_mrp_input_add_open_order (loaded->input, item, (gint) int_at (result, row, 1),
                                          decimal_at (result, row, 2), int_at (result, row, 3));
          break;
        }
    }
  return TRUE;
}

/* Open supply: purchase lines not yet received (drafts count: they are
 * planned supply, often the previous run's accepted suggestions), and
 * production tasks not yet done. Material issue is not recorded yet, so a
 * task's components are all still to be issued for what is left to make:
 * the engine demands them (sanhe_mrp_input_add_open_order). */
static gboolean
load_input (PGconn      *conn,
            const char  *date,
            Loaded      *loaded,
            GError     **error)
{
  return load_items (conn, loaded, error) &&
         load_rows (conn, loaded,
                    "SELECT parent_id, component_id, qty, scrap_pct FROM erp.bom_lines ORDER BY parent_id, position",
                    NULL, 'b', error) &&
         load_rows (conn, loaded,
                    "SELECT l.item_id, l.due_date - $1::date, l.qty - l.shipped_qty, l.id "
                    "FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.order_id "
                    "WHERE o.state IN ('confirmed', 'partially_shipped') AND l.qty > l.shipped_qty ORDER BY l.id",
                    date, 'd', error) &&
         load_rows (conn, loaded,
                    "SELECT l.item_id, l.expected_date - $1::date, l.qty - l.received_qty "
                    "FROM erp.purchase_order_lines l JOIN erp.purchase_orders o ON o.id = l.order_id "
                    "WHERE o.state IN ('draft', 'confirmed', 'partially_received') AND l.qty > l.received_qty "
                    "ORDER BY l.id",
                    date, 's', error) &&
         load_rows (conn, loaded,
                    "SELECT item_id, due_date - $1::date, qty - done_qty, id FROM erp.production_tasks "
                    "WHERE state IN ('planned', 'released') AND qty > done_qty ORDER BY id",
                    date, 't', error);
}

/* Dates of day offsets 0…n, formatted once: a run writes millions of them. */
static GPtrArray *
format_days (const char *run_date,
             gint        last_day)
{
  GPtrArray *days = g_ptr_array_new_with_free_func (g_free);
  GDate date;
  guint year, month, day;

  sscanf (run_date, "%4u-%2u-%2u", &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  for (gint i = 0; i <= last_day; i++)
    {
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      g_ptr_array_add (days, g_strdup (text));
      g_date_add_days (&date, 1);
    }
  return days;
}

static void
append_decimal (GString      *out,
                SanheDecimal  value)
{
  g_autofree char *text = sanhe_decimal_format (value, 4);

  g_string_append (out, text);
}

/*
 * One peg of the pegging column: {"demand": line id, "qty": "…"} for a
 * sales-order line, {"demand": null, …} for safety stock, and
 * {"production_task": task id, …} for an open task's components.
 */
static void
append_peg (GString           *out,
            const SanheMrpPeg *peg)
{
  if (peg->demand_id > 0)
    g_string_append_printf (out, "{\"demand\": %" G_GINT64_FORMAT ", \"qty\": \"", peg->demand_id);
  else if (peg->demand_id < 0)
    g_string_append_printf (out, "{\"production_task\": %" G_GINT64_FORMAT ", \"qty\": \"",
                            SANHE_MRP_PEG_TASK_ID (peg->demand_id));
  else
    g_string_append (out, "{\"demand\": null, \"qty\": \"");
  append_decimal (out, peg->qty);
  g_string_append (out, "\"}");
}

/*
 * One COPY row per suggestion. The pegging column is JSON made of integers,
 * null and decimal strings only — no text from users — so it is written
 * directly; json-glib for seven million pegs would cost more than the plan.
 */
static void
append_suggestion (GString         *out,
                   const char      *run_id,
                   guint            seq,
                   Loaded          *loaded,
                   SanheMrpResult  *result,
                   SanheMrpOrder   *order,
                   GPtrArray       *days)
{
  g_string_append_printf (out, "%s\t%u\t%s\t%" G_GINT64_FORMAT "\t", run_id, seq,
                          sanhe_mrp_input_is_make (loaded->input, order->item) ? "production" : "purchase",
                          g_array_index (loaded->ids, gint64, order->item));
  append_decimal (out, order->qty);
  g_string_append_printf (out, "\t%s\t%s\t%d\t[", (char *) g_ptr_array_index (days, order->due_day),
                          (char *) g_ptr_array_index (days, order->release_day), order->late_days);
  for (guint p = 0; p < order->n_pegs; p++)
    {
      if (p > 0)
        g_string_append (out, ", ");
      append_peg (out, &g_array_index (result->pegs, SanheMrpPeg, order->first_peg + p));
    }
  g_string_append (out, "]\n");
}

static gboolean
copy_suggestions (PGconn          *conn,
                  gint64           run_id,
                  const char      *run_date,
                  Loaded          *loaded,
                  SanheMrpResult  *result,
                  GError         **error)
{
  g_autofree char *run = sanhe_id_string (run_id);
  g_autoptr(GString) out = g_string_sized_new (1 << 20);
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(PGresult) started = NULL;
  g_autoptr(PGresult) finished = NULL;
  gint last_day = 0;

  for (guint i = 0; i < result->orders->len; i++)
    last_day = MAX (last_day, g_array_index (result->orders, SanheMrpOrder, i).due_day);
  days = format_days (run_date, last_day);

  started = PQexec (conn, "COPY erp.mrp_suggestions (run_id, seq, kind, item_id, qty, due_date, release_date, "
                          "late_days, pegging) FROM STDIN");
  if (PQresultStatus (started) != PGRES_COPY_IN)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_CODE_INTERNAL, NULL, "%s", PQerrorMessage (conn));
      return FALSE;
    }

  for (guint i = 0; i < result->orders->len; i++)
    {
      append_suggestion (out, run, i + 1, loaded, result, &g_array_index (result->orders, SanheMrpOrder, i), days);
      if (out->len > (1 << 20) || i + 1 == result->orders->len)
        {
          if (PQputCopyData (conn, out->str, (int) out->len) != 1)
            break;
          g_string_truncate (out, 0);
        }
    }

  PQputCopyEnd (conn, NULL);
  finished = PQgetResult (conn);
  if (PQresultStatus (finished) != PGRES_COMMAND_OK)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_CODE_INTERNAL, NULL, "Saving suggestions failed: %s",
                       PQresultErrorMessage (finished));
      while ((finished = PQgetResult (conn)) != NULL)
        PQclear (g_steal_pointer (&finished));
      return FALSE;
    }
  PQclear (g_steal_pointer (&finished));
  while ((finished = PQgetResult (conn)) != NULL)
    PQclear (g_steal_pointer (&finished));
  return TRUE;
}

static gboolean
fail_mrp (GError **error,
          GError  *cause)
{
  const char *code = cause->code == SANHE_MRP_ERROR_CYCLE ? "erp.bom.cycle" : "erp.mrp.invalid_data";

  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, code, NULL, "%s", cause->message);
  g_error_free (cause);
  return FALSE;
}

/* Runs MRP for @date (NULL: today) and stores the run; returns its id, or 0. */
gint64
sanhe_mrp_store_run (PGconn             *conn,
                     const char         *date,
                     gint64              user_id,
                     SanheMrpStoreTimes *times,
                     GError            **error)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(PGresult) created = NULL;
  g_autoptr(PGresult) counted = NULL;
  g_autofree char *user = sanhe_id_string (user_id);
  g_autofree char *run_date = NULL;
  g_autofree char *load = NULL, *compute = NULL, *persist = NULL, *run_text = NULL;
  g_autofree char *purchases = NULL, *productions = NULL;
  guint production = 0;
  GError *engine_error = NULL;
  Loaded loaded = { input, index, ids };
  gint64 started = g_get_monotonic_time ();
  gint64 run_id;

  created = sanhe_db_exec (conn,
                           "INSERT INTO erp.mrp_runs (run_date, created_by) VALUES (coalesce($1::date, current_date), $2) "
                           "RETURNING id, run_date",
                           2, (const char *[]) { date, user }, error);
  if (created == NULL)
    return 0;
  run_id = int_at (created, 0, 0);
  run_date = g_strdup (PQgetvalue (created, 0, 1));

  if (!load_input (conn, run_date, &loaded, error))
    return 0;
  times->load_ms = elapsed_ms (started);

  started = g_get_monotonic_time ();
  result = sanhe_mrp_run (input, &engine_error);
  if (result == NULL)
    return fail_mrp (error, engine_error);
  times->compute_ms = elapsed_ms (started);

  started = g_get_monotonic_time ();
  if (!copy_suggestions (conn, run_id, run_date, &loaded, result, error))
    return 0;
  times->persist_ms = elapsed_ms (started);

  load = g_strdup_printf ("%" G_GINT64_FORMAT, times->load_ms);
  compute = g_strdup_printf ("%" G_GINT64_FORMAT, times->compute_ms);
  persist = g_strdup_printf ("%" G_GINT64_FORMAT, times->persist_ms);
  run_text = sanhe_id_string (run_id);
  /* The engine knows its counts: no need to count the rows it just wrote. */
  for (guint i = 0; i < result->orders->len; i++)
    if (sanhe_mrp_input_is_make (input, g_array_index (result->orders, SanheMrpOrder, i).item))
      production++;
  purchases = g_strdup_printf ("%u", result->orders->len - production);
  productions = g_strdup_printf ("%u", production);
  counted = sanhe_db_exec (conn,
                           "UPDATE erp.mrp_runs SET load_ms = $2, compute_ms = $3, persist_ms = $4, "
                           "  purchase_count = $5, production_count = $6 WHERE id = $1",
                           6, (const char *[]) { run_text, load, compute, persist, purchases, productions }, error);
  return counted ? run_id : 0;
}

/* The chosen, not yet accepted suggestions of a run, locked. */
#define CHOSEN \
  "SELECT s.seq, s.item_id, s.qty, s.due_date, i.supplier_id, i.standard_cost " \
  "FROM erp.mrp_suggestions s JOIN erp.items i ON i.id = s.item_id " \
  "WHERE s.run_id = $1 AND s.kind = $2 AND s.document_id IS NULL " \
  "AND ($3::int[] IS NULL OR s.seq = ANY ($3::int[])) FOR UPDATE OF s"

static const char accept_production_sql[] =
  "WITH chosen AS (" CHOSEN "), "
  "numbered AS (SELECT c.*, core.format_document_number('PT', b.first + (row_number() OVER (ORDER BY c.seq)) - 1) AS number "
  "             FROM chosen c, (SELECT core.reserve_document_numbers('PT', count(*)) AS first FROM chosen) b), "
  "tasks AS (INSERT INTO erp.production_tasks (number, item_id, qty, due_date, state, mrp_run_id, created_by) "
  "          SELECT number, item_id, qty, due_date, 'planned', $1, $4 FROM numbered ORDER BY seq "
  "          RETURNING id, number) "
  "UPDATE erp.mrp_suggestions s SET document_type = 'erp.production_task', document_id = t.id "
  "FROM tasks t JOIN numbered n ON n.number = t.number WHERE s.run_id = $1 AND s.seq = n.seq";

static const char accept_purchase_sql[] =
  "WITH chosen AS (" CHOSEN "), "
  "suppliers AS (SELECT supplier_id, row_number() OVER (ORDER BY supplier_id) AS rn "
  "              FROM (SELECT DISTINCT supplier_id FROM chosen) d), "
  "numbered AS (SELECT s.supplier_id, core.format_document_number('PO', b.first + s.rn - 1) AS number "
  "             FROM suppliers s, (SELECT core.reserve_document_numbers('PO', count(*)) AS first FROM suppliers) b), "
  "orders AS (INSERT INTO erp.purchase_orders (number, supplier_id, state, mrp_run_id, created_by) "
  "           SELECT number, supplier_id, 'draft', $1, $4 FROM numbered ORDER BY number RETURNING id, supplier_id), "
  "lines AS (INSERT INTO erp.purchase_order_lines (order_id, line_no, item_id, qty, price, expected_date) "
  "          SELECT o.id, row_number() OVER (PARTITION BY c.supplier_id ORDER BY c.seq), c.item_id, c.qty, "
  "                 c.standard_cost, c.due_date FROM chosen c JOIN orders o ON o.supplier_id = c.supplier_id) "
  "UPDATE erp.mrp_suggestions s SET document_type = 'erp.purchase_order', document_id = o.id "
  "FROM chosen c JOIN orders o ON o.supplier_id = c.supplier_id WHERE s.run_id = $1 AND s.seq = c.seq";

static char *
seqs_to_array (GArray *seqs)
{
  g_autoptr(GString) text = NULL;

  if (seqs == NULL)
    return NULL;
  text = g_string_new ("{");
  for (guint i = 0; i < seqs->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (seqs, gint64, i));
  g_string_append_c (text, '}');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Named suggestions must exist in the run; a purchase needs a supplier. */
static gboolean
check_choice (PGconn      *conn,
              const char  *run,
              const char  *array,
              GError     **error)
{
  g_autoptr(PGresult) missing = NULL;
  g_autoptr(PGresult) orphans = NULL;

  if (array != NULL)
    {
      missing = sanhe_db_exec (conn,
                               "SELECT string_agg(x::text, ', ') FROM unnest($2::int[]) x "
                               "WHERE NOT EXISTS (SELECT 1 FROM erp.mrp_suggestions s WHERE s.run_id = $1 AND s.seq = x)",
                               2, (const char *[]) { run, array }, error);
      if (missing == NULL)
        return FALSE;
      if (!PQgetisnull (missing, 0, 0))
        {
          g_autofree char *message = g_strdup_printf ("This run has no suggestion %s.", PQgetvalue (missing, 0, 0));

          return sanhe_validation_fail (error, "suggestions", SANHE_FIELD_NOT_FOUND, message);
        }
    }

  orphans = sanhe_db_exec (conn,
                           "SELECT string_agg(DISTINCT i.code, ', ') FROM erp.mrp_suggestions s "
                           "JOIN erp.items i ON i.id = s.item_id WHERE s.run_id = $1 AND s.kind = 'purchase' "
                           "AND s.document_id IS NULL AND i.supplier_id IS NULL "
                           "AND ($2::int[] IS NULL OR s.seq = ANY ($2::int[]))",
                           2, (const char *[]) { run, array }, error);
  if (orphans == NULL)
    return FALSE;
  if (!PQgetisnull (orphans, 0, 0))
    {
      g_autofree char *message = g_strdup_printf ("Give these items a default supplier first: %s.",
                                                  PQgetvalue (orphans, 0, 0));

      return sanhe_validation_fail (error, "suggestions", SANHE_FIELD_INVALID, message);
    }
  return TRUE;
}

/*
 * Accepting turns suggestions into documents, once: draft purchase orders
 * (one per supplier) and planned production tasks, linked to the run.
 * Suggestions accepted before are skipped, so a retry creates nothing twice.
 */
JsonNode *
sanhe_mrp_store_accept (PGconn   *conn,
                        gint64    run_id,
                        GArray   *seqs,
                        gint64    user_id,
                        GError  **error)
{
  g_autofree char *run = sanhe_id_string (run_id);
  g_autofree char *user = sanhe_id_string (user_id);
  g_autofree char *array = seqs_to_array (seqs);
  g_autoptr(PGresult) tasks = NULL;
  g_autoptr(PGresult) orders = NULL;
  JsonObject *summary;
  JsonNode *node;

  if (!check_choice (conn, run, array, error))
    return NULL;

  tasks = sanhe_db_exec (conn, accept_production_sql, 4, (const char *[]) { run, "production", array, user }, error);
  if (tasks == NULL)
    return NULL;
  orders = sanhe_db_exec (conn, accept_purchase_sql, 4, (const char *[]) { run, "purchase", array, user }, error);
  if (orders == NULL)
    return NULL;

  summary = json_object_new ();
  json_object_set_int_member (summary, "run", run_id);
  json_object_set_int_member (summary, "production_suggestions_accepted", g_ascii_strtoll (PQcmdTuples (tasks), NULL, 10));
  json_object_set_int_member (summary, "purchase_suggestions_accepted", g_ascii_strtoll (PQcmdTuples (orders), NULL, 10));
  node = sanhe_db_query_json (conn,
                              "SELECT json_build_object("
                              "  'purchase_orders', (SELECT coalesce(json_agg(json_build_object('id', id, 'number', number) ORDER BY id), '[]') "
                              "                      FROM erp.purchase_orders WHERE mrp_run_id = $1), "
                              "  'production_tasks', (SELECT count(*) FROM erp.production_tasks WHERE mrp_run_id = $1))",
                              1, (const char *[]) { run }, error);
  if (node == NULL)
    {
      json_object_unref (summary);
      return NULL;
    }
  json_object_set_member (summary, "documents", node);

  node = json_node_init_object (json_node_alloc (), summary);
  json_object_unref (summary);
  return node;
}
