/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sanhe-mrp.h"

/* Hand-computed MRP cases. Quantities are written as decimal strings. */

static SanheDecimal
d (const char *text)
{
  SanheDecimal value;

  g_assert_true (sanhe_decimal_parse (text, &value));
  return value;
}

static guint
buy (SanheMrpInput *input,
     gint64         id,
     gint           lead_time,
     const char    *on_hand)
{
  return sanhe_mrp_input_add_item (input, id, FALSE, lead_time, d (on_hand), d ("0"), d ("0"), d ("0"), d ("0"));
}

static guint
make (SanheMrpInput *input,
      gint64         id,
      gint           lead_time,
      const char    *on_hand)
{
  return sanhe_mrp_input_add_item (input, id, TRUE, lead_time, d (on_hand), d ("0"), d ("0"), d ("0"), d ("0"));
}

static const SanheMrpOrder *
order_at (SanheMrpResult *result,
          guint           index)
{
  g_assert_cmpuint (index, <, result->orders->len);
  return &g_array_index (result->orders, SanheMrpOrder, index);
}

static void
assert_order (SanheMrpResult *result,
              guint           index,
              guint           item,
              const char     *qty,
              gint            due,
              gint            release,
              gint            late)
{
  const SanheMrpOrder *order = order_at (result, index);
  g_autofree char *text = sanhe_decimal_format (order->qty, 4);
  g_autofree char *expected = sanhe_decimal_format (d (qty), 4);

  g_assert_cmpuint (order->item, ==, item);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpint (order->due_day, ==, due);
  g_assert_cmpint (order->release_day, ==, release);
  g_assert_cmpint (order->late_days, ==, late);
}

static void
assert_peg (SanheMrpResult *result,
            guint           order_index,
            guint           peg_index,
            gint64          demand_id,
            const char     *qty)
{
  const SanheMrpOrder *order = order_at (result, order_index);
  const SanheMrpPeg *peg;
  g_autofree char *text = NULL;
  g_autofree char *expected = sanhe_decimal_format (d (qty), 4);

  g_assert_cmpuint (peg_index, <, order->n_pegs);
  peg = &g_array_index (result->pegs, SanheMrpPeg, order->first_peg + peg_index);
  text = sanhe_decimal_format (peg->qty, 4);
  g_assert_cmpint (peg->demand_id, ==, demand_id);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_net_single_item (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint rm = buy (input, 1, 2, "10");

  sanhe_mrp_input_add_demand (input, rm, 5, d ("15"), 101);
  result = sanhe_mrp_run (input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->orders->len, ==, 1);
  assert_order (result, 0, rm, "5", 5, 3, 0);
  g_assert_cmpuint (order_at (result, 0)->n_pegs, ==, 1);
  assert_peg (result, 0, 0, 101, "5");
}

static void
test_safety_stock_without_demand (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint rm = sanhe_mrp_input_add_item (input, 1, FALSE, 4, d ("2"), d ("5"), d ("0"), d ("0"), d ("0"));

  result = sanhe_mrp_run (input, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->orders->len, ==, 1);
  /* Due today, four days of lead time: released today, four days late. */
  assert_order (result, 0, rm, "3", 0, 0, 4);
  assert_peg (result, 0, 0, 0, "3");
}

static void
test_lot_sizing_keeps_excess (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint rm = sanhe_mrp_input_add_item (input, 1, FALSE, 0, d ("0"), d ("0"), d ("10"), d ("4"), d ("0"));

  /* Need 3 → at least 10 → a multiple of 4: 12. The 9 left cover day 6's 7;
   * day 9 then needs 3 more → another 12. */
  sanhe_mrp_input_add_demand (input, rm, 1, d ("3"), 1);
  sanhe_mrp_input_add_demand (input, rm, 6, d ("7"), 2);
  sanhe_mrp_input_add_demand (input, rm, 9, d ("5"), 3);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 2);
  assert_order (result, 0, rm, "12", 1, 1, 0);
  assert_order (result, 1, rm, "12", 9, 9, 0);
  assert_peg (result, 0, 0, 1, "3");
  assert_peg (result, 0, 1, 2, "7");
  assert_peg (result, 0, 2, 3, "2");
  assert_peg (result, 1, 0, 3, "3");
  /* Lot excess is nobody's: no safety stock, no peg for it. */
  g_assert_cmpuint (order_at (result, 1)->n_pegs, ==, 1);
}

static void
test_scheduled_receipt_and_past_due (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint rm = buy (input, 1, 1, "0");

  sanhe_mrp_input_add_supply (input, rm, 3, d ("5"));
  sanhe_mrp_input_add_demand (input, rm, 4, d ("8"), 7);
  sanhe_mrp_input_add_demand (input, rm, -3, d ("2"), 6);  /* past due: counts on day 0 */
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 2);
  assert_order (result, 0, rm, "2", 0, 0, 1);
  assert_order (result, 1, rm, "3", 4, 3, 0);
  assert_peg (result, 0, 0, 6, "2");
  assert_peg (result, 1, 0, 7, "3");
}

static void
test_low_level_codes_and_shared_component (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint rm = buy (input, 3, 3, "0");      /* added first: order must not depend on it */
  guint fg = make (input, 1, 2, "0");
  guint sa = make (input, 2, 1, "0");

  sanhe_mrp_input_add_bom_line (input, fg, sa, d ("2"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, fg, rm, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, sa, rm, d ("3"), d ("0"));
  sanhe_mrp_input_add_demand (input, fg, 10, d ("10"), 55);

  result = sanhe_mrp_run (input, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->low_level_codes[fg], ==, 0);
  g_assert_cmpuint (result->low_level_codes[sa], ==, 1);
  g_assert_cmpuint (result->low_level_codes[rm], ==, 2);

  /* RM is netted once, after both of its parents: 60 on day 7, 10 on day 8. */
  g_assert_cmpuint (result->orders->len, ==, 4);
  assert_order (result, 0, fg, "10", 10, 8, 0);
  assert_order (result, 1, sa, "20", 8, 7, 0);
  assert_order (result, 2, rm, "60", 7, 4, 0);
  assert_order (result, 3, rm, "10", 8, 5, 0);
  assert_peg (result, 2, 0, 55, "60");
  assert_peg (result, 3, 0, 55, "10");
}

static void
test_scrap (void)
{
  SanheDecimal out;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* 9 × 2 / 0.8 / 0.9 = 25 exactly. */
  g_assert_true (sanhe_mrp_dependent_qty (d ("9"), d ("2"), d ("20"), d ("10"), &out));
  a = sanhe_decimal_format (out, 4);
  g_assert_cmpstr (a, ==, "25.0000");

  /* 1 / 0.97 = 1.030927… rounds up to 1.0310. */
  g_assert_true (sanhe_mrp_dependent_qty (d ("1"), d ("1"), d ("3"), d ("0"), &out));
  b = sanhe_decimal_format (out, 4);
  g_assert_cmpstr (b, ==, "1.0310");

  g_assert_false (sanhe_mrp_dependent_qty (d ("1"), d ("1"), d ("100"), d ("0"), &out));
}

static void
test_pegging_first_come_by_date (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint rm = buy (input, 1, 0, "5");

  sanhe_mrp_input_add_demand (input, rm, 3, d ("6"), 2);
  sanhe_mrp_input_add_demand (input, rm, 2, d ("4"), 1);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 1);
  assert_order (result, 0, rm, "5", 3, 3, 0);
  /* The earlier order took 4 of the 5 on hand; the later one the rest. */
  g_assert_cmpuint (order_at (result, 0)->n_pegs, ==, 1);
  assert_peg (result, 0, 0, 2, "5");
}

static void
test_pegging_through_three_levels (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint fg = make (input, 1, 2, "0");
  guint sa = make (input, 2, 1, "0");
  guint rm = buy (input, 3, 0, "0");

  sanhe_mrp_input_add_bom_line (input, fg, sa, d ("2"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, sa, rm, d ("3"), d ("0"));
  sanhe_mrp_input_add_demand (input, fg, 10, d ("3"), 11);
  sanhe_mrp_input_add_demand (input, fg, 10, d ("2"), 12);

  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 3);
  assert_order (result, 0, fg, "5", 10, 8, 0);
  assert_order (result, 1, sa, "10", 8, 7, 0);
  assert_order (result, 2, rm, "30", 7, 7, 0);
  assert_peg (result, 0, 0, 11, "3");
  assert_peg (result, 0, 1, 12, "2");
  assert_peg (result, 1, 0, 11, "6");
  assert_peg (result, 1, 1, 12, "4");
  assert_peg (result, 2, 0, 11, "18");
  assert_peg (result, 2, 1, 12, "12");
}

static void
test_safety_stock_peg_of_component (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint fg = sanhe_mrp_input_add_item (input, 1, TRUE, 1, d ("0"), d ("2"), d ("0"), d ("0"), d ("0"));
  guint rm = buy (input, 2, 0, "0");

  sanhe_mrp_input_add_bom_line (input, fg, rm, d ("1.5"), d ("0"));
  sanhe_mrp_input_add_demand (input, fg, 4, d ("4"), 9);
  result = sanhe_mrp_run (input, NULL);
  /* Day 0: 2 for safety stock; day 4: 4 for the order. */
  g_assert_cmpuint (result->orders->len, ==, 4);
  assert_order (result, 0, fg, "2", 0, 0, 1);
  assert_order (result, 1, fg, "4", 4, 3, 0);
  assert_peg (result, 0, 0, 0, "2");
  assert_peg (result, 1, 0, 9, "4");
  assert_order (result, 2, rm, "3", 0, 0, 0);
  assert_order (result, 3, rm, "6", 3, 3, 0);
  assert_peg (result, 2, 0, 0, "3");
  assert_peg (result, 3, 0, 9, "6");
}

static SanheMrpResult *
run_sample (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  guint items[6];

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    items[i] = sanhe_mrp_input_add_item (input, 100 + i, i < 3, (gint) i, d ("1"), d ("1"), d ("3"), d ("0"), d ("2.5"));
  sanhe_mrp_input_add_bom_line (input, items[0], items[1], d ("1.25"), d ("1"));
  sanhe_mrp_input_add_bom_line (input, items[0], items[3], d ("2"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, items[1], items[2], d ("3"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, items[2], items[4], d ("0.3333"), d ("5"));
  sanhe_mrp_input_add_bom_line (input, items[1], items[4], d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, items[2], items[5], d ("7"), d ("0"));
  for (gint day = -2; day < 30; day += 3)
    sanhe_mrp_input_add_demand (input, items[day % 2 ? 0 : 1], day, d ("4.5"), 1000 + day);
  sanhe_mrp_input_add_supply (input, items[4], 5, d ("20"));
  return sanhe_mrp_run (input, NULL);
}

static void
test_deterministic (void)
{
  g_autoptr(SanheMrpResult) first = run_sample ();
  g_autoptr(SanheMrpResult) second = run_sample ();

  g_assert_nonnull (first);
  g_assert_cmpuint (first->orders->len, >, 10);
  g_assert_cmpuint (first->orders->len, ==, second->orders->len);
  g_assert_cmpuint (first->pegs->len, ==, second->pegs->len);
  g_assert_cmpmem (first->orders->data, first->orders->len * sizeof (SanheMrpOrder),
                   second->orders->data, second->orders->len * sizeof (SanheMrpOrder));
  g_assert_cmpmem (first->pegs->data, first->pegs->len * sizeof (SanheMrpPeg),
                   second->pegs->data, second->pegs->len * sizeof (SanheMrpPeg));
}

static void
test_cycle_is_named (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint top = make (input, 7, 0, "0");
  guint a = make (input, 8, 0, "0");
  guint b = make (input, 9, 0, "0");

  sanhe_mrp_input_add_bom_line (input, top, a, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, a, b, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, b, a, d ("1"), d ("0"));
  result = sanhe_mrp_run (input, &error);
  g_assert_null (result);
  g_assert_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "8 → 9 → 8"));
}

static void
test_cycle_is_named_past_dead_ends (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint leaf = buy (input, 5, 0, "0");   /* first: a naive walk would start here */
  guint top = make (input, 7, 0, "0");
  guint a = make (input, 8, 0, "0");
  guint b = make (input, 9, 0, "0");

  sanhe_mrp_input_add_bom_line (input, top, a, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, a, b, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, b, leaf, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, b, a, d ("1"), d ("0"));
  result = sanhe_mrp_run (input, &error);
  g_assert_null (result);
  g_assert_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "8 → 9 → 8"));
  g_assert_null (strstr (error->message, "5"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mrp/net/single-item", test_net_single_item);
  g_test_add_func ("/mrp/net/safety-stock-without-demand", test_safety_stock_without_demand);
  g_test_add_func ("/mrp/net/lot-sizing", test_lot_sizing_keeps_excess);
  g_test_add_func ("/mrp/net/receipts-and-past-due", test_scheduled_receipt_and_past_due);
  g_test_add_func ("/mrp/levels/low-level-codes", test_low_level_codes_and_shared_component);
  g_test_add_func ("/mrp/levels/scrap", test_scrap);
  g_test_add_func ("/mrp/pegging/first-come-by-date", test_pegging_first_come_by_date);
  g_test_add_func ("/mrp/pegging/three-levels", test_pegging_through_three_levels);
  g_test_add_func ("/mrp/pegging/safety-stock", test_safety_stock_peg_of_component);
  g_test_add_func ("/mrp/deterministic", test_deterministic);
  g_test_add_func ("/mrp/cycle", test_cycle_is_named);
  g_test_add_func ("/mrp/cycle-past-dead-ends", test_cycle_is_named_past_dead_ends);

  return g_test_run ();
}
