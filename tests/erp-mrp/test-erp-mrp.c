/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-mrp"

#include "config.h"

#include <string.h>

#include "erp-mrp-fixture.h"

/*
 * MRP runs over HTTP on data/mrp.json, imported with day 0 = 2026-05-04 and
 * planned for that date. Every figure below is worked out by hand from the
 * seven rules of the issue; the comments show the working.
 *
 * The data set (lead times in days; "SS" safety stock):
 *
 *   FGA  make  lead 2                     BOM: 2 SUBX, 1 RAWP
 *   FGB  make  lead 1  min lot 10         BOM: 1 SUBX, 3 RAWQ
 *   SUBX make  lead 3  scrap 20 %         BOM: 2 RAWP, 0.5 RAWR (line scrap 10 %)
 *   RAWP buy   lead 5  SS 20, multiple 25, supplier S1
 *   RAWQ buy   lead 4  min lot 50,         supplier S2
 *   RAWR buy   lead 2  SS 5,               no supplier
 *   RAWS buy   lead 1  SS 10,              supplier S2 (in no BOM)
 *
 *   on hand: FGB 5, SUBX 4, RAWP 30, RAWR 3, RAWS 4
 *   SO-M1/1  FGA  3  due day -2 (past due: counts on day 0)      = d1
 *   SO-M2/1  FGA  5  due day 6                                   = d2
 *   SO-M2/2  FGB 12  due day 6                                   = d3
 *   SO-M3/1  FGB  4  due day 10                                  = d4
 *   SO-M3/2  RAWP 7  due day 10 (a component sold as a spare)    = d5
 *   open purchase PO-M1: RAWP 50 on day 3
 *   open production task PT-M1: SUBX 6 on day 4, nothing issued to it yet:
 *     supply of SUBX, and demand for its components at its release day
 *     4 − 3 = 1: RAWP 6 × 2 / (1 − 0.2) = 15, RAWR 6 × 0.5 / (1 − 0.1) /
 *     (1 − 0.2) = 4.16666… rounded up to 4.1667, both pegged to PT-M1
 *
 * Low-level codes: FGA, FGB, RAWS 0; SUBX, RAWQ 1; RAWP 2 (it is used at
 * level 1 under FGA and at level 2 under SUBX), RAWR 2. Output order: by
 * low-level code, then item (id order = file order), then day.
 *
 * Days: 0 = 05-04, 1 = 05-05, 2 = 05-06, 4 = 05-08, 5 = 05-09, 6 = 05-10,
 * 9 = 05-13, 10 = 05-14.
 *
 * FGA (on hand 0): day 0: 0 − 3 (d1) = −3 → order 3 due day 0, release
 *   0 − 2 = −2 → day 0, late 2; pegged d1 3. Day 6: −5 (d2) → order 5 due
 *   day 6, release day 4; pegged d2 5. Explosion at the release days:
 *   SUBX 6 and RAWP 3 on day 0 (for d1), SUBX 10 and RAWP 5 on day 4 (d2).
 * FGB (on hand 5): day 6: 5 − 12 = −7 → need 7, min lot → 10, due day 6,
 *   release day 5, balance 3; day 10: 3 − 4 = −1 → 10 due day 10, release
 *   day 9, balance 9. Pegging, lots in order on-hand 5, B1 10, B2 10:
 *   d3 12 = on-hand 5 + B1 7; d4 4 = B1 3 + B2 1; B2's other 9 are lot
 *   excess, unpegged. B1 [d3 7, d4 3], B2 [d4 1]. Explosion: SUBX 10 and
 *   RAWQ 30 on day 5 (B1), SUBX 10 and RAWQ 30 on day 9 (B2).
 * RAWS (on hand 4, SS 10, no demand): day 0 ends at 4 < 10 → order 6 due
 *   day 0, release −1 → day 0, late 1; pegged to safety stock.
 * SUBX (on hand 4, task 6 on day 4): day 0: 4 − 6 = −2 → 2 due day 0,
 *   release −3 → 0, late 3; day 4: +6 − 10 = −4 → 4, release day 1; day 5:
 *   −10 → 10, release day 2; day 9: −10 → 10, release day 6. Lots: on hand
 *   4, X1 2, task 6, X2 4, X3 10, X4 10. Day 0's 6 (parent FGA/1, pegged d1
 *   3 of 3) takes on hand 4 + X1 2 → X1 [d1 2·3/3 = 2]; day 4's 10 (FGA/2,
 *   d2 5 of 5) takes the task 6 + X2 4 → X2 [d2 4]; day 5 (FGB B1, d3 7 +
 *   d4 3 of 10) → X3 [d3 7, d4 3]; day 9 (B2: d4 1 of 10) → X4 [d4 1·10/10
 *   = 1]. Explosion per SUBX unit: RAWP 2/(1 − 0.2) = 2.5, RAWR
 *   0.5/(1 − 0.1)/(1 − 0.2) = 0.69444…, rounded up to 4 decimals per order:
 *   X1 (2, day 0): RAWP 5, RAWR 1.3889; X2 (4, day 1): RAWP 10, RAWR 2.7778;
 *   X3 (10, day 2): RAWP 25, RAWR 6.9445; X4 (10, day 6): RAWP 25, RAWR 6.9445.
 * RAWQ (on hand 0, min lot 50): day 5: −30 → 50 due day 5, release day 1,
 *   balance 20; day 9: 20 − 30 = −10 → 50 due day 9, release day 5.
 *   Pegging: day 5's 30 (B1: d3 7, d4 3 of 10) from Q1 → d3 21, d4 9;
 *   day 9's 30 (B2: d4 1 of 10): Q1's last 20 → d4 2, then Q2 10 → d4 1.
 *   Q1 [d3 21, d4 9 + 2 = 11], Q2 [d4 1] (49 of Q2 unpegged).
 * RAWP (on hand 30, SS 20, multiple 25, PO-M1 50 on day 3). Gross by day:
 *   day 0: 3 (FGA/1) + 5 (X1); day 1: 15 (PT-M1, an independent demand:
 *   before X2's dependent one) + 10 (X2); day 2: 25 (X3); day 4: 5
 *   (FGA/2); day 6: 25 (X4); day 10: 7 (d5). Balance: day 0 22; day 1:
 *   −3 < 20 → need 23 → 25, due day 1, release −4 → 0, late 4 → 22; day 2:
 *   −3 → 25 due day 2, release 0, late 3 → 22; day 3: 72; day 4: 67; day 6:
 *   42; day 10: 35. Pegging, lots on hand 30, P1 25, P2 25, PO-M1 50: the
 *   safety stock first takes 20 of the on-hand, FGA/1's 3 and X1's 5 take
 *   8 more (2 left); PT-M1's 15: on hand 2 + P1 13 → P1 [PT-M1 13]; X2's
 *   10: P1 → d2 10·4/4 = 10; X3's 25: P1's last 2 → d3 7·2/10 = 1.4, d4
 *   0.6, then P2 23 → d3 16.1, d4 6.9; FGA/2's 5: P2's last 2 → d2 2, then
 *   PO-M1 3; X4's 25 and d5's 7 from PO-M1. P1 [PT-M1 13, d2 10, d3 1.4,
 *   d4 0.6], P2 [d3 16.1, d4 6.9, d2 2] (first-seen order).
 * RAWR (on hand 3, SS 5): day 0: 3 − 1.3889 = 1.6111 → need 3.3889, due
 *   day 0, release −2 → 0, late 2; day 1: 5 − 4.1667 (PT-M1) − 2.7778
 *   (X2) = −1.9445 → 6.9445, release −1 → 0, late 1; day 2: 5 − 6.9445 →
 *   6.9445, release 0; day 6: 6.9445, release day 4. Pegging: safety stock
 *   5 = on hand 3 + R1 2; X1's 1.3889 from R1 → d1 2·1.3889/2 = 1.3889;
 *   PT-M1's 4.1667 and X2's 2.7778 → R2 [PT-M1 4.1667, d2 2.7778]; X3's
 *   6.9445 → d3 7·6.9445/10 = 4.86115 → 4.8611 (cut, then the rest)
 *   d4 2.0834; X4's → d4 0.69445 → 0.6944.
 */
static const char * const mrp_expected[] = {
  "production FGA 3.0000 due 2026-05-04 release 2026-05-04 late 2 [SO-M1/1 3.0000]",
  "production FGA 5.0000 due 2026-05-10 release 2026-05-08 late 0 [SO-M2/1 5.0000]",
  "production FGB 10.0000 due 2026-05-10 release 2026-05-09 late 0 [SO-M2/2 7.0000, SO-M3/1 3.0000]",
  "production FGB 10.0000 due 2026-05-14 release 2026-05-13 late 0 [SO-M3/1 1.0000]",
  "purchase RAWS 6.0000 due 2026-05-04 release 2026-05-04 late 1 [safety_stock 6.0000]",
  "production SUBX 2.0000 due 2026-05-04 release 2026-05-04 late 3 [SO-M1/1 2.0000]",
  "production SUBX 4.0000 due 2026-05-08 release 2026-05-05 late 0 [SO-M2/1 4.0000]",
  "production SUBX 10.0000 due 2026-05-09 release 2026-05-06 late 0 [SO-M2/2 7.0000, SO-M3/1 3.0000]",
  "production SUBX 10.0000 due 2026-05-13 release 2026-05-10 late 0 [SO-M3/1 1.0000]",
  "purchase RAWQ 50.0000 due 2026-05-09 release 2026-05-05 late 0 [SO-M2/2 21.0000, SO-M3/1 11.0000]",
  "purchase RAWQ 50.0000 due 2026-05-13 release 2026-05-09 late 0 [SO-M3/1 1.0000]",
  "purchase RAWP 25.0000 due 2026-05-05 release 2026-05-04 late 4 [PT-M1 13.0000, SO-M2/1 10.0000, SO-M2/2 1.4000, SO-M3/1 0.6000]",
  "purchase RAWP 25.0000 due 2026-05-06 release 2026-05-04 late 3 [SO-M2/2 16.1000, SO-M3/1 6.9000, SO-M2/1 2.0000]",
  "purchase RAWR 3.3889 due 2026-05-04 release 2026-05-04 late 2 [safety_stock 2.0000, SO-M1/1 1.3889]",
  "purchase RAWR 6.9445 due 2026-05-05 release 2026-05-04 late 1 [PT-M1 4.1667, SO-M2/1 2.7778]",
  "purchase RAWR 6.9445 due 2026-05-06 release 2026-05-04 late 0 [SO-M2/2 4.8611, SO-M3/1 2.0834]",
  "purchase RAWR 6.9445 due 2026-05-10 release 2026-05-08 late 0 [SO-M3/1 0.6944]",
};

#define DAY0 "2026-05-04"

/* The import keeps the file's order, which the expected output relies on. */
static void
assert_items_in_file_order (Fixture *f)
{
  g_autofree char *codes = mrp_sql (f, "SELECT string_agg(code, ' ' ORDER BY id) FROM erp.items");

  g_assert_cmpstr (codes, ==, "FGA FGB SUBX RAWP RAWQ RAWR RAWS");
}

static JsonNode *
filtered (JsonNode   *all,
          const char *kind)
{
  JsonArray *in = json_node_get_array (all);
  g_autoptr(JsonArray) out = json_array_new ();

  for (guint i = 0; i < json_array_get_length (in); i++)
    {
      JsonObject *s = json_array_get_object_element (in, i);

      if (g_str_equal (sanhe_test_member_string (s, "kind"), kind))
        json_array_add_element (out, json_node_copy (json_array_get_element (in, i)));
    }
  return json_node_init_array (json_node_alloc (), out);
}

static void
test_hand_computed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) run = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) purchase = NULL;
  g_autoptr(JsonNode) production = NULL;
  g_autoptr(JsonNode) want_purchase = NULL;
  g_autoptr(JsonNode) want_production = NULL;
  g_autoptr(SanheTestResponse) fetched = NULL;
  JsonObject *answer;
  gint64 run_id;

  mrp_import_ok (f, "mrp.json", DAY0);
  assert_items_in_file_order (f);

  run = mrp_run (f, f->paul, DAY0);
  answer = json_node_get_object (run);
  run_id = sanhe_test_member_int (answer, "id");
  g_assert_cmpint (sanhe_test_member_int (answer, "suggestions"), ==, G_N_ELEMENTS (mrp_expected));
  g_assert_cmpint (sanhe_test_member_int (answer, "purchase_count"), ==, 9);
  g_assert_cmpint (sanhe_test_member_int (answer, "production_count"), ==, 8);
  g_assert_cmpint (sanhe_test_member_int (answer, "elapsed_ms"), >=, 0);
  g_assert_cmpint (sanhe_test_member_int (answer, "elapsed_ms"), ==,
                   sanhe_test_member_int (answer, "load_ms") + sanhe_test_member_int (answer, "compute_ms") +
                   sanhe_test_member_int (answer, "persist_ms"));
  g_assert_cmpstr (sanhe_test_member_string (answer, "date"), ==, DAY0);

  /* Pages of 4, so the cursor is followed across pages. */
  all = mrp_suggestions (f, run_id, NULL, 4);
  mrp_assert_suggestions (f, all, mrp_expected);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (all)); i++)
    {
      JsonObject *s = json_array_get_object_element (json_node_get_array (all), i);

      /* Ids are the sequence within the run; nothing is accepted yet. */
      g_assert_cmpint (sanhe_test_member_int (s, "id"), ==, i + 1);
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (s, "document")));
    }

  /* ?kind= keeps the same suggestions in the same order. */
  purchase = mrp_suggestions (f, run_id, "purchase", 100);
  production = mrp_suggestions (f, run_id, "production", 3);
  want_purchase = filtered (all, "purchase");
  want_production = filtered (all, "production");
  sanhe_test_assert_json_equal (purchase, want_purchase, "?kind=purchase");
  sanhe_test_assert_json_equal (production, want_production, "?kind=production");

  /* The run as stored. */
  fetched = sanhe_test_requestf (f->server, "GET", f->paul, NULL, "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT, run_id);
  sanhe_test_assert_status (fetched, 200);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (fetched), "suggestions"), ==, 17);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (fetched), "accepted"), ==, 0);
}

/* The suggestions of a run as the API pages them, raw bytes, in pages of @limit. */
static GPtrArray *
raw_pages (Fixture *f,
           gint64   run_id,
           guint    limit)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *after = NULL;

  for (guint page = 0; page < 10000; page++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      JsonNode *next;

      r = sanhe_test_requestf (f->server, "GET", f->paul, NULL,
                               "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/suggestions?limit=%u%s%s",
                               run_id, limit, after ? "&after=" : "", after ? after : "");
      sanhe_test_assert_status (r, 200);
      g_ptr_array_add (pages, g_bytes_ref (r->raw));
      next = json_object_get_member (sanhe_test_object (r), "next");
      g_clear_pointer (&after, g_free);
      if (next == NULL || JSON_NODE_HOLDS_NULL (next))
        break;
      after = g_strdup (json_node_get_string (next));
    }
  return pages;
}

/* What a run stored, but its id: one line per suggestion. */
static char *
stored_rows (Fixture *f,
             gint64   run_id)
{
  return mrp_sql (f, "SELECT string_agg(concat_ws(' ', seq, kind, item_id, qty, due_date, release_date, late_days, "
                     "  pegging::text, document_type, document_id), E'\\n' ORDER BY seq) "
                     "FROM erp.mrp_suggestions WHERE run_id = %" G_GINT64_FORMAT, run_id);
}

static void
assert_same_pages (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    if (!g_bytes_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      {
        gsize na = 0, nb = 0;
        const char *ta = g_bytes_get_data (g_ptr_array_index (a, i), &na);
        const char *tb = g_bytes_get_data (g_ptr_array_index (b, i), &nb);

        g_error ("page %u differs between two runs on the same data:\n%.*s\n%.*s",
                 i, (int) MIN (na, 4000), ta, (int) MIN (nb, 4000), tb);
      }
}

/* Two runs on the same data: the same suggestions, byte for byte. */
static void
check_determinism (Fixture    *f,
                   const char *date,
                   guint       limit)
{
  g_autoptr(JsonNode) first = mrp_run (f, f->paul, date);
  g_autoptr(JsonNode) second = mrp_run (f, f->admin, date);
  gint64 a = sanhe_test_member_int (json_node_get_object (first), "id");
  gint64 b = sanhe_test_member_int (json_node_get_object (second), "id");
  g_autoptr(GPtrArray) pages_a = NULL;
  g_autoptr(GPtrArray) pages_b = NULL;
  g_autofree char *rows_a = NULL;
  g_autofree char *rows_b = NULL;

  g_assert_cmpint (a, !=, b);
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (first), "suggestions"), >, 0);
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (first), "suggestions"), ==,
                   sanhe_test_member_int (json_node_get_object (second), "suggestions"));
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (first), "purchase_count"), ==,
                   sanhe_test_member_int (json_node_get_object (second), "purchase_count"));

  pages_a = raw_pages (f, a, limit);
  pages_b = raw_pages (f, b, limit);
  assert_same_pages (pages_a, pages_b);

  rows_a = stored_rows (f, a);
  rows_b = stored_rows (f, b);
  g_assert_nonnull (rows_a);
  g_assert_cmpstr (rows_a, ==, rows_b);
}

static void
test_determinism (Fixture       *f,
                  gconstpointer  data)
{
  mrp_import_ok (f, "mrp.json", DAY0);
  check_determinism (f, DAY0, 5);
}

/*
 * rich150.json is gen_dataset.py --items 150 --orders 40 --rich (see its
 * "params"): 150 items, 312 BOM lines, shared components at several
 * levels, fractional quantities, scrap, lots, safety stock, open supply
 * and past-due orders. The same data twice gives the same bytes, and the
 * output keeps the rules that need no hand computation.
 */
static void
test_rich_set (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) run = NULL;
  g_autofree char *broken = NULL;
  gint64 run_id;

  mrp_import_ok (f, "rich150.json", DAY0);
  check_determinism (f, DAY0, 100);

  run = mrp_run (f, f->paul, DAY0);
  run_id = sanhe_test_member_int (json_node_get_object (run), "id");

  /* Rules 3, 4, 6 and 7: lot-sized positive quantities, dates from lead
   * times, kinds from make/buy, pegs that add up to at most the order and
   * name open sales-order lines, or a safety stock of the item or of an
   * item above it (a component order that feeds a parent's safety-stock
   * top-up is pegged, through the parent, to safety_stock), or an open
   * production task of an item above it (whose components it feeds). */
  broken = mrp_sql (f,
    "WITH RECURSIVE s AS (SELECT s.*, i.lead_time_days AS lead, i.kind AS item_kind, i.min_lot, i.lot_multiple "
    "           FROM erp.mrp_suggestions s JOIN erp.items i ON i.id = s.item_id WHERE s.run_id = %" G_GINT64_FORMAT "), "
    "p AS (SELECT s.seq, (e ->> 'demand')::bigint AS demand, (e ->> 'production_task')::bigint AS task, "
    "             (e ->> 'qty')::numeric AS qty "
    "      FROM s, jsonb_array_elements(s.pegging) e), "
    "up AS (SELECT s.seq, s.item_id AS id, false AS above FROM s "
    "       UNION SELECT up.seq, b.parent_id, true FROM up JOIN erp.bom_lines b ON b.component_id = up.id) "
    "SELECT string_agg(problem, E'\\n') FROM ("
    "  SELECT 'seq ' || seq || ': kind ' || kind AS problem FROM s "
    "    WHERE kind <> CASE item_kind WHEN 'make' THEN 'production' ELSE 'purchase' END "
    "  UNION ALL SELECT 'seq ' || seq || ': release ' || release_date FROM s "
    "    WHERE release_date <> greatest(due_date - lead, DATE '" DAY0 "') "
    "  UNION ALL SELECT 'seq ' || seq || ': late ' || late_days FROM s "
    "    WHERE late_days <> greatest(DATE '" DAY0 "' - (due_date - lead), 0) "
    "  UNION ALL SELECT 'seq ' || seq || ': qty ' || qty FROM s "
    "    WHERE qty <= 0 OR qty < min_lot OR (lot_multiple > 0 AND qty %% lot_multiple <> 0) "
    "  UNION ALL SELECT 'seq ' || seq || ': due before day 0' FROM s WHERE due_date < DATE '" DAY0 "' "
    "  UNION ALL SELECT 'seq ' || s.seq || ': pegs ' || sum(p.qty) || ' > qty ' || s.qty "
    "    FROM s JOIN p ON p.seq = s.seq GROUP BY s.seq, s.qty HAVING sum(p.qty) > s.qty "
    "  UNION ALL SELECT 'seq ' || p.seq || ': peg on a non-positive qty' FROM p WHERE p.qty <= 0 "
    "  UNION ALL SELECT 'seq ' || p.seq || ': demand ' || p.demand || ' is no open sales-order line' FROM p "
    "    WHERE p.demand IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erp.sales_order_lines l "
    "      JOIN erp.sales_orders o ON o.id = l.order_id WHERE l.id = p.demand AND o.state = 'confirmed') "
    "  UNION ALL SELECT 'seq ' || s.seq || ': pegged to a safety stock neither it nor any parent has' "
    "    FROM s JOIN p ON p.seq = s.seq WHERE p.demand IS NULL AND p.task IS NULL AND NOT EXISTS ("
    "      SELECT 1 FROM up JOIN erp.items i ON i.id = up.id WHERE up.seq = s.seq AND i.safety_stock > 0) "
    "  UNION ALL SELECT 'seq ' || p.seq || ': task ' || p.task || ' is no open task of an item above it' FROM p "
    "    WHERE p.task IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erp.production_tasks t "
    "      JOIN up ON up.id = t.item_id AND up.seq = p.seq AND up.above "
    "      WHERE t.id = p.task AND t.state IN ('planned', 'released') AND t.qty > t.done_qty) "
    ") problems",
    run_id);
  if (broken != NULL)
    g_error ("The rich set's suggestions break the rules:\n%s", broken);

  /* Every item sold directly is pegged at most its open quantity. */
  g_assert_cmpint (mrp_sql_int (f,
    "SELECT count(*) FROM (SELECT (e ->> 'demand')::bigint AS demand, sum((e ->> 'qty')::numeric) AS qty "
    "  FROM erp.mrp_suggestions s JOIN erp.items i ON i.id = s.item_id, jsonb_array_elements(s.pegging) e "
    "  WHERE s.run_id = %" G_GINT64_FORMAT " AND e ->> 'demand' IS NOT NULL "
    "  AND i.id = (SELECT item_id FROM erp.sales_order_lines WHERE id = (e ->> 'demand')::bigint) "
    "  GROUP BY 1) d JOIN erp.sales_order_lines l ON l.id = d.demand WHERE d.qty > l.qty - l.shipped_qty",
    run_id), ==, 0);
}

/*
 * The whole run against mrp-oracle.py, the rules written again
 * independently: same suggestions, same order, same pegs. On mrp.json the
 * oracle must also agree with the hand computation above.
 */
static void
compare_with_oracle (Fixture    *f,
                     const char *name)
{
  g_autoptr(JsonNode) run = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_auto(GStrv) expected = NULL;
  JsonArray *array;
  guint n;

  mrp_import_ok (f, name, DAY0);
  run = mrp_run (f, f->paul, DAY0);
  all = mrp_suggestions (f, sanhe_test_member_int (json_node_get_object (run), "id"), NULL, 500);
  expected = mrp_oracle (f, name, DAY0);
  array = json_node_get_array (all);
  n = json_array_get_length (array);

  for (guint i = 0; i < MAX (n, g_strv_length (expected)); i++)
    {
      g_autofree char *got = i < n ? mrp_describe (f, json_array_get_object_element (array, i)) : NULL;

      if (g_strcmp0 (got, expected[i]) != 0)
        g_error ("%s: suggestion %u differs from the independent MRP (of %u; the oracle has %u)\n"
                 "  oracle: %s\n  server: %s", name, i + 1, n, g_strv_length (expected),
                 expected[i] ? expected[i] : "(none)", got ? got : "(none)");
    }
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (run), "suggestions"), ==, n);
  g_test_message ("%s: %u suggestions agree with the oracle", name, n);
}

static void
test_oracle_hand_set (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) oracle = NULL;

  compare_with_oracle (f, "mrp.json");
  oracle = mrp_oracle (f, "mrp.json", DAY0);
  g_assert_cmpuint (g_strv_length (oracle), ==, G_N_ELEMENTS (mrp_expected));
  for (guint i = 0; i < G_N_ELEMENTS (mrp_expected); i++)
    g_assert_cmpstr (oracle[i], ==, mrp_expected[i]);
}

static void
test_oracle_rich (Fixture       *f,
                  gconstpointer  data)
{
  compare_with_oracle (f, data);
}

static void
test_permissions_and_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) run = NULL;
  gint64 run_id;
  const char *bad_dates[] = {
    "{\"date\": \"2026-02-30\"}",
    "{\"date\": \"04/05/2026\"}",
    "{\"date\": 20260504}",
    "{\"day\": \"2026-05-04\"}",
  };

  mrp_import_ok (f, "mrp.json", DAY0);
  run = mrp_run (f, f->paul, DAY0);
  run_id = sanhe_test_member_int (json_node_get_object (run), "id");
  before = mrp_counts (f);

  /* joe sells; he neither runs MRP nor reads its suggestions. */
  {
    g_autoptr(SanheTestResponse) post = sanhe_test_request (f->server, "POST", "/api/v1/erp/mrp/runs", f->joe,
                                                            "{\"date\": \"" DAY0 "\"}");
    g_autoptr(SanheTestResponse) list = sanhe_test_requestf (f->server, "GET", f->joe, NULL,
                                                             "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/suggestions",
                                                             run_id);
    g_autoptr(SanheTestResponse) anonymous = sanhe_test_request (f->server, "POST", "/api/v1/erp/mrp/runs", NULL,
                                                                 "{}");

    sanhe_test_assert_error (post, 403, "auth.forbidden");
    sanhe_test_assert_error (list, 403, "auth.forbidden");
    sanhe_test_assert_status (anonymous, 401);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/mrp/runs", f->paul,
                                                           bad_dates[i]);

      g_test_message ("POST runs %s", bad_dates[i]);
      sanhe_test_assert_status (r, 422);
    }

  {
    g_autoptr(SanheTestResponse) unknown = sanhe_test_request (f->server, "GET",
                                                               "/api/v1/erp/mrp/runs/999999/suggestions", f->paul, NULL);
    g_autoptr(SanheTestResponse) kind = sanhe_test_requestf (f->server, "GET", f->paul, NULL,
                                                             "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT
                                                             "/suggestions?kind=sale", run_id);

    sanhe_test_assert_error (unknown, 404, "erp.mrp_run.not_found");
    sanhe_test_assert_status (kind, 400);
  }

  after = mrp_counts (f);
  g_assert_cmpstr (after, ==, before);
}

/*
 * On demand, larger sets against the oracle too: MRP_ORACLE_SETS holds
 * absolute paths separated by ':' (e.g. ../shared/bench/small.json and
 * large.json, or a generated --rich set), each one more test. Too slow to
 * run by default; for checking a change to the MRP rules.
 */
static void
add_extra_oracle_tests (void)
{
  const char *sets = g_getenv ("MRP_ORACLE_SETS");
  g_auto(GStrv) paths = g_strsplit (sets ? sets : "", ":", -1);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = NULL;
      g_autofree char *test_path = NULL;

      if (*paths[i] == '\0')
        continue;
      base = g_path_get_basename (paths[i]);
      test_path = g_strconcat ("/erp-mrp/oracle/extra/", base, NULL);
      /* The test keeps its data: the path outlives this function. */
      g_test_add (test_path, Fixture, g_strdup (paths[i]), fixture_setup, test_oracle_rich, fixture_teardown);
    }
}

int
main (int    argc,
      char **argv)
{
  mrp_test_init (&argc, &argv);

  ADD_TEST ("/erp-mrp/run/hand-computed", test_hand_computed);
  ADD_TEST ("/erp-mrp/run/determinism", test_determinism);
  ADD_TEST ("/erp-mrp/run/rich-set", test_rich_set);
  ADD_TEST ("/erp-mrp/run/permissions-and-input", test_permissions_and_input);
  ADD_TEST ("/erp-mrp/oracle/hand-set", test_oracle_hand_set);
  g_test_add ("/erp-mrp/oracle/rich150", Fixture, "rich150.json", fixture_setup, test_oracle_rich, fixture_teardown);
  g_test_add ("/erp-mrp/oracle/rich200-l5", Fixture, "rich200-l5.json", fixture_setup, test_oracle_rich,
              fixture_teardown);
  add_extra_oracle_tests ();

  return g_test_run ();
}
