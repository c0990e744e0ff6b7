/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-import"

#include "config.h"

#include <string.h>

#include "erp-mrp-fixture.h"

/*
 * `sanhe-server import FILE --day0 DATE --database URL` against the test
 * server's database: a good file lands as documents dated from day 0; a
 * bad one exits non-zero, names the record at fault, and changes nothing.
 */

#define DAY0 "2026-05-04"

/* The data as pg_dump writes it, without the sequences' positions (a
 * rolled-back INSERT still moves an identity sequence) and without the
 * random \restrict key newer pg_dump versions put around a dump. */
static char *
dump_without_sequences (Fixture *f)
{
  g_autofree char *dump = sanhe_test_dump (f->server);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  g_autoptr(GString) kept = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "SELECT pg_catalog.setval(") &&
        !g_str_has_prefix (lines[i], "\\restrict ") && !g_str_has_prefix (lines[i], "\\unrestrict "))
      g_string_append_printf (kept, "%s\n", lines[i]);
  return g_string_free (g_steal_pointer (&kept), FALSE);
}

typedef struct
{
  const char *file;
  const char *mentions[4];   /* each must appear in the message */
} BadFile;

static const BadFile bad_files[] = {
  { "bad-unknown-item.json", { "boms[1].components[1]", "unknown item", "RAWZ", NULL } },
  { "bad-cycle.json",        { "cycle", "SUBX", "RAWP", "CYC" } },
  { "bad-format.json",       { "bad-format.json", "erp-anchor-dataset/1", NULL } },
  { "bad-order-item.json",   { "orders[2].lines[1]", "unknown item", "NOPE", NULL } },
  { "no-such-file.json",     { "no-such-file.json", NULL } },
};

/* Every bad file fails, says why, and leaves the database as it was. */
static void
assert_bad_files_change_nothing (Fixture *f)
{
  g_autofree char *counts = mrp_counts (f);
  g_autofree char *dump = dump_without_sequences (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = mrp_data_path (bad_files[i].file);
      g_autofree char *output = NULL;
      g_autofree char *counts_after = NULL;
      g_autofree char *dump_after = NULL;
      int status = mrp_import (f, path, DAY0, &output);

      g_test_message ("%s → %d: %s", bad_files[i].file, status, output);
      g_assert_cmpint (status, !=, 0);
      for (guint m = 0; m < G_N_ELEMENTS (bad_files[i].mentions) && bad_files[i].mentions[m]; m++)
        if (strstr (output, bad_files[i].mentions[m]) == NULL)
          g_error ("Importing %s: the message does not mention “%s”:\n%s", bad_files[i].file,
                   bad_files[i].mentions[m], output);
      g_assert_null (strstr (output, "imported "));

      counts_after = mrp_counts (f);
      g_assert_cmpstr (counts_after, ==, counts);
      dump_after = dump_without_sequences (f);
      g_assert_cmpstr (dump_after, ==, dump);
    }
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  /* Into an empty company, then into one that holds a data set. */
  assert_bad_files_change_nothing (f);
  g_assert_cmpint (mrp_sql_int (f, "SELECT count(*) FROM erp.items"), ==, 0);

  mrp_import_ok (f, "mrp.json", DAY0);
  assert_bad_files_change_nothing (f);

  /* The same file twice: its codes exist; the second import adds nothing. */
  {
    g_autofree char *path = mrp_data_path ("mrp.json");
    g_autofree char *counts = mrp_counts (f);
    g_autofree char *dump = dump_without_sequences (f);
    g_autofree char *output = NULL;
    g_autofree char *counts_after = NULL;
    g_autofree char *dump_after = NULL;

    g_assert_cmpint (mrp_import (f, path, DAY0, &output), !=, 0);
    counts_after = mrp_counts (f);
    dump_after = dump_without_sequences (f);
    g_assert_cmpstr (counts_after, ==, counts);
    g_assert_cmpstr (dump_after, ==, dump);
  }

  /* A day 0 that is no date is refused before anything is read. */
  {
    g_autofree char *path = mrp_data_path ("mrp.json");
    g_autofree char *output = NULL;

    g_assert_cmpint (mrp_import (f, path, "2026-13-01", &output), !=, 0);
    g_assert_nonnull (strstr (output, "2026-13-01"));
  }
}

/*
 * More malformed records. Each must fail, change nothing, and name the
 * record at fault (the issue: an inconsistent file "changes nothing and
 * says which record is wrong"); a cycle message must name the cycle's
 * items and no item outside it. One test per file, on a fresh database
 * that already holds data/kit.json.
 */
typedef struct
{
  const char *file;
  const char *mentions[3];
  const char *must_not;      /* NULL: nothing */
} BadRecord;

static const BadRecord bad_records[] = {
  /* SUBX → FGB closes FGB → SUBX → FGB; RAWP sits below the cycle. */
  { "bad-cycle-leaf.json",         { "cycle", "FGB", "SUBX" }, "RAWP" },
  { "bad-duplicate-order.json",    { "SO-M1", NULL },          NULL },
  { "bad-duplicate-bom.json",      { "FGA", NULL },            NULL },
  { "bad-negative-lead-time.json", { "FGA", NULL },            NULL },
  /* A string where a day count belongs must not become 0. */
  { "bad-lead-time-type.json",     { "items[0]", "lead_time_days" }, NULL },
  { "bad-due-day-type.json",       { "orders[1]", "due_day" },       NULL },
};

static void
test_bad_record (Fixture       *f,
                 gconstpointer  data)
{
  const BadRecord *bad = data;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *path = mrp_data_path (bad->file);
  g_autofree char *counts = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *output = NULL;
  g_autofree char *counts_after = NULL;
  g_autofree char *dump_after = NULL;
  int status;

  /* A company with data already, which must stay as it is. */
  mrp_import_ok (f, "kit.json", DAY0);
  counts = mrp_counts (f);
  dump = dump_without_sequences (f);

  status = mrp_import (f, path, DAY0, &output);
  g_strchomp (output);
  if (status == 0)
    g_string_append_printf (problems, "; imported (exit 0)");
  else
    {
      for (guint m = 0; m < G_N_ELEMENTS (bad->mentions) && bad->mentions[m]; m++)
        if (strstr (output, bad->mentions[m]) == NULL)
          g_string_append_printf (problems, "; the message does not name “%s”", bad->mentions[m]);
      if (bad->must_not != NULL && strstr (output, bad->must_not) != NULL)
        g_string_append_printf (problems, "; the message names “%s”, which is not at fault", bad->must_not);
    }

  counts_after = mrp_counts (f);
  dump_after = dump_without_sequences (f);
  if (!g_str_equal (counts_after, counts) || !g_str_equal (dump_after, dump))
    g_string_append_printf (problems, "; the database changed: %s → %s", counts, counts_after);

  /* Not fatal: the other files still get their turn. */
  if (problems->len > 0)
    g_test_fail_printf ("Importing %s (exit %d, “%s”)%s", bad->file, status, output, problems->str);
}

static void
test_good_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = mrp_data_path ("mrp.json");
  g_autofree char *output = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *purchases = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *stock = NULL;
  g_autofree char *items = NULL;
  g_autofree char *boms = NULL;

  g_assert_cmpint (mrp_import (f, path, DAY0, &output), ==, 0);
  g_assert_nonnull (strstr (output, "imported 7 items, 6 BOM lines, 5 sales-order lines, 1 purchase lines, "
                                    "1 production tasks"));

  items = mrp_sql (f, "SELECT string_agg(concat_ws(' ', i.code, i.kind, i.unit, i.lead_time_days, i.safety_stock, "
                      "  i.min_lot, i.lot_multiple, i.scrap_pct, i.standard_cost, coalesce(s.code, '-')), '; ' ORDER BY i.id) "
                      "FROM erp.items i LEFT JOIN erp.suppliers s ON s.id = i.supplier_id");
  g_assert_cmpstr (items, ==,
                   "FGA make unit 2 0.0000 0.0000 0.0000 0.0000 50.0000 -; "
                   "FGB make unit 1 0.0000 10.0000 0.0000 0.0000 40.0000 -; "
                   "SUBX make unit 3 0.0000 0.0000 0.0000 20.0000 12.0000 -; "
                   "RAWP buy kg 5 20.0000 0.0000 25.0000 0.0000 1.5000 S1; "
                   "RAWQ buy unit 4 0.0000 50.0000 0.0000 0.0000 2.2500 S2; "
                   "RAWR buy l 2 5.0000 0.0000 0.0000 0.0000 0.8000 -; "
                   "RAWS buy unit 1 10.0000 0.0000 0.0000 0.0000 4.0000 S2");

  boms = mrp_sql (f, "SELECT string_agg(concat_ws(' ', p.code, b.position, c.code, b.qty, b.scrap_pct), '; ' "
                     "  ORDER BY p.id, b.position) "
                     "FROM erp.bom_lines b JOIN erp.items p ON p.id = b.parent_id JOIN erp.items c ON c.id = b.component_id");
  g_assert_cmpstr (boms, ==, "FGA 1 SUBX 2.0000 0.0000; FGA 2 RAWP 1.0000 0.0000; FGB 1 SUBX 1.0000 0.0000; "
                             "FGB 2 RAWQ 3.0000 0.0000; SUBX 1 RAWP 2.0000 0.0000; SUBX 2 RAWR 0.5000 10.0000");

  /* Orders confirmed, due dates counted from day 0 (past due included). */
  orders = mrp_sql (f, "SELECT string_agg(concat_ws(' ', o.number, o.state, c.code, l.line_no, i.code, l.qty, l.price, "
                       "  l.due_date), '; ' ORDER BY o.number, l.line_no) "
                       "FROM erp.sales_orders o JOIN crm.customers c ON c.id = o.customer_id "
                       "JOIN erp.sales_order_lines l ON l.order_id = o.id JOIN erp.items i ON i.id = l.item_id");
  g_assert_cmpstr (orders, ==,
                   "SO-M1 confirmed C1 1 FGA 3.0000 80.0000 2026-05-02; "
                   "SO-M2 confirmed C2 1 FGA 5.0000 80.0000 2026-05-10; "
                   "SO-M2 confirmed C2 2 FGB 12.0000 70.0000 2026-05-10; "
                   "SO-M3 confirmed C1 1 FGB 4.0000 70.0000 2026-05-14; "
                   "SO-M3 confirmed C1 2 RAWP 7.0000 3.0000 2026-05-14");

  purchases = mrp_sql (f, "SELECT string_agg(concat_ws(' ', o.number, o.state, s.code, i.code, l.qty, l.received_qty, "
                          "  l.expected_date), '; ') "
                          "FROM erp.purchase_orders o JOIN erp.suppliers s ON s.id = o.supplier_id "
                          "JOIN erp.purchase_order_lines l ON l.order_id = o.id JOIN erp.items i ON i.id = l.item_id");
  g_assert_cmpstr (purchases, ==, "PO-M1 confirmed S1 RAWP 50.0000 0.0000 2026-05-07");

  tasks = mrp_sql (f, "SELECT string_agg(concat_ws(' ', t.number, i.code, t.qty, t.done_qty, t.due_date), '; ') "
                      "FROM erp.production_tasks t JOIN erp.items i ON i.id = t.item_id "
                      "WHERE t.state IN ('planned', 'released')");
  g_assert_cmpstr (tasks, ==, "PT-M1 SUBX 6.0000 0.0000 2026-05-08");

  /* Opening stock through the ledger: balances equal the sum of moves. */
  stock = mrp_sql (f, "SELECT string_agg(concat_ws(' ', i.code, w.code, b.qty), '; ' ORDER BY i.id) "
                      "FROM erp.stock_balances b JOIN erp.items i ON i.id = b.item_id "
                      "JOIN erp.warehouses w ON w.id = b.warehouse_id");
  g_assert_cmpstr (stock, ==, "FGB WH 5.0000; SUBX WH 4.0000; RAWP WH 30.0000; RAWR WH 3.0000; RAWS WH 4.0000");
  g_assert_cmpint (mrp_sql_int (f, "SELECT count(*) FROM (SELECT item_id, warehouse_id, sum(qty) AS qty "
                                   "  FROM erp.stock_moves GROUP BY 1, 2) m FULL JOIN erp.stock_balances b "
                                   "  USING (item_id, warehouse_id) WHERE m.qty IS DISTINCT FROM b.qty"), ==, 0);

  /* The API sees it too. */
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", "/api/v1/erp/items?q=RAWP", f->joe, NULL);

    sanhe_test_assert_status (r, 200);
    g_assert_nonnull (sanhe_test_find_by_string (json_object_get_member (sanhe_test_object (r), "items"),
                                                 "code", "RAWP"));
  }
}

int
main (int    argc,
      char **argv)
{
  mrp_test_init (&argc, &argv);

  ADD_TEST ("/erp-mrp/import/good-file", test_good_file);
  ADD_TEST ("/erp-mrp/import/bad-files", test_bad_files);
  for (guint i = 0; i < G_N_ELEMENTS (bad_records); i++)
    {
      g_autofree char *path = g_strdup_printf ("/erp-mrp/import/bad-record/%s", bad_records[i].file);

      g_test_add (path, Fixture, &bad_records[i], fixture_setup, test_bad_record, fixture_teardown);
    }

  return g_test_run ();
}
