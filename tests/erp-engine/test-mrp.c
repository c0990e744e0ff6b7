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

/*
 * Open production tasks: supply of their item, and, as nothing is issued
 * to them yet, demand for all their components at their release day. The
 * bike (lead 3) takes 2 wheels and 1 saddle with 3 % line scrap; the task
 * is id 42, so its pegs read −42.
 */
typedef struct
{
  SanheMrpInput *input;
  guint bike;
  guint wheel;
  guint saddle;
} Bikes;

static SanheMrpInput *
bikes_new (Bikes *bikes)
{
  bikes->input = sanhe_mrp_input_new ();
  bikes->bike = make (bikes->input, 1, 3, "0");
  bikes->wheel = buy (bikes->input, 2, 5, "0");
  bikes->saddle = buy (bikes->input, 3, 1, "0");
  sanhe_mrp_input_add_bom_line (bikes->input, bikes->bike, bikes->wheel, d ("2"), d ("0"));
  sanhe_mrp_input_add_bom_line (bikes->input, bikes->bike, bikes->saddle, d ("1"), d ("3"));
  return bikes->input;
}

#define TASK 42
#define TASK_PEG SANHE_MRP_TASK_DEMAND_ID (TASK)

static void
test_open_order_demands_components (void)
{
  Bikes b;
  g_autoptr(SanheMrpInput) input = bikes_new (&b);
  g_autoptr(SanheMrpResult) result = NULL;

  /* 100 bikes due day 10, released day 7: 200 wheels, and 100 / 0.97 =
   * 103.092783… saddles rounded up to 103.0928, both on day 7. Nobody
   * wants the bikes: the task's own supply makes no order. */
  sanhe_mrp_input_add_open_order (input, b.bike, 10, d ("100"), TASK);
  result = sanhe_mrp_run (input, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->orders->len, ==, 2);
  assert_order (result, 0, b.wheel, "200", 7, 2, 0);
  assert_order (result, 1, b.saddle, "103.0928", 7, 6, 0);
  g_assert_cmpuint (order_at (result, 0)->n_pegs, ==, 1);
  assert_peg (result, 0, 0, TASK_PEG, "200");
  assert_peg (result, 1, 0, TASK_PEG, "103.0928");
  g_assert_cmpint (SANHE_MRP_PEG_TASK_ID (TASK_PEG), ==, TASK);
}

static void
test_open_order_rest_only (void)
{
  Bikes b;
  g_autoptr(SanheMrpInput) input = bikes_new (&b);
  g_autoptr(SanheMrpResult) result = NULL;

  /* A task of 100 with 40 done comes with its rest, 60: supply of 60 bikes
   * on day 10 and 120 wheels, 61.8557 saddles (60 / 0.97 = 61.855670…) on
   * day 7. A sales line (501) wants 70 bikes on day 12: 10 more bikes,
   * released day 9, which need 20 wheels and 10.3093 saddles of their own. */
  sanhe_mrp_input_add_open_order (input, b.bike, 10, d ("60"), TASK);
  sanhe_mrp_input_add_demand (input, b.bike, 12, d ("70"), 501);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 5);
  assert_order (result, 0, b.bike, "10", 12, 9, 0);
  assert_peg (result, 0, 0, 501, "10");
  assert_order (result, 1, b.wheel, "120", 7, 2, 0);
  assert_peg (result, 1, 0, TASK_PEG, "120");
  assert_order (result, 2, b.wheel, "20", 9, 4, 0);
  assert_peg (result, 2, 0, 501, "20");
  assert_order (result, 3, b.saddle, "61.8557", 7, 6, 0);
  assert_peg (result, 3, 0, TASK_PEG, "61.8557");
  assert_order (result, 4, b.saddle, "10.3093", 9, 8, 0);
  assert_peg (result, 4, 0, 501, "10.3093");
}

static void
test_open_order_nothing_left (void)
{
  Bikes b;
  g_autoptr(SanheMrpInput) input = bikes_new (&b);
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Callers leave completed and cancelled tasks out; one with nothing left
   * to make would need nothing either. */
  sanhe_mrp_input_add_open_order (input, b.bike, 10, d ("0"), TASK);
  result = sanhe_mrp_run (input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->orders->len, ==, 0);
}

static void
test_open_order_released_late (void)
{
  Bikes b;
  g_autoptr(SanheMrpInput) input = bikes_new (&b);
  g_autoptr(SanheMrpResult) result = NULL;

  /* Due day 1 with a 3-day lead time, and one past due: both should have
   * started already, so their components are wanted today (day 0). The
   * wheels (lead 5) are then 5 days late. Saddles round per task:
   * 5 / 0.97 → 5.1547 and 1 / 0.97 → 1.0310. */
  sanhe_mrp_input_add_open_order (input, b.bike, 1, d ("5"), TASK);
  sanhe_mrp_input_add_open_order (input, b.bike, -2, d ("1"), TASK + 1);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 2);
  assert_order (result, 0, b.wheel, "12", 0, 0, 5);
  assert_peg (result, 0, 0, TASK_PEG, "10");
  assert_peg (result, 0, 1, SANHE_MRP_TASK_DEMAND_ID (TASK + 1), "2");
  assert_order (result, 1, b.saddle, "6.1857", 0, 0, 1);
  assert_peg (result, 1, 0, TASK_PEG, "5.1547");
  assert_peg (result, 1, 1, SANHE_MRP_TASK_DEMAND_ID (TASK + 1), "1.0310");
}

static void
test_open_order_after_sales_lines (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint bike = make (input, 1, 3, "0");
  guint wheel = buy (input, 2, 5, "150");

  /* 150 wheels on hand; on day 7 the task wants 200 and a spare-wheel
   * sales line (9) 30. On a tie the sales line comes first, even added
   * after the task: it takes 30 of the stock, the task the other 120 and
   * 80 of the order (task first would give the order [task 50, 9 30]). */
  sanhe_mrp_input_add_bom_line (input, bike, wheel, d ("2"), d ("0"));
  sanhe_mrp_input_add_open_order (input, bike, 10, d ("100"), TASK);
  sanhe_mrp_input_add_demand (input, wheel, 7, d ("30"), 9);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 1);
  assert_order (result, 0, wheel, "80", 7, 2, 0);
  g_assert_cmpuint (order_at (result, 0)->n_pegs, ==, 1);
  assert_peg (result, 0, 0, TASK_PEG, "80");
}

static void
test_open_order_pegged_through_levels (void)
{
  g_autoptr(SanheMrpInput) input = sanhe_mrp_input_new ();
  g_autoptr(SanheMrpResult) result = NULL;
  guint bike = make (input, 1, 3, "0");
  guint frame = make (input, 2, 2, "0");
  guint tube = buy (input, 3, 1, "0");

  /* The task's 4 frames (day 7) are made, released day 5, from 12 tubes:
   * the tubes' order is pegged to the task through the frame order. A
   * sales line (77) wants 1 frame as a spare on day 7 too. */
  sanhe_mrp_input_add_bom_line (input, bike, frame, d ("1"), d ("0"));
  sanhe_mrp_input_add_bom_line (input, frame, tube, d ("3"), d ("0"));
  sanhe_mrp_input_add_open_order (input, bike, 10, d ("4"), TASK);
  sanhe_mrp_input_add_demand (input, frame, 7, d ("1"), 77);
  result = sanhe_mrp_run (input, NULL);
  g_assert_cmpuint (result->orders->len, ==, 2);
  assert_order (result, 0, frame, "5", 7, 5, 0);
  assert_peg (result, 0, 0, 77, "1");
  assert_peg (result, 0, 1, TASK_PEG, "4");
  assert_order (result, 1, tube, "15", 5, 4, 0);
  assert_peg (result, 1, 0, 77, "3");
  assert_peg (result, 1, 1, TASK_PEG, "12");
}

static void
test_open_order_negative (void)
{
  Bikes b;
  g_autoptr(SanheMrpInput) input = bikes_new (&b);
  g_autoptr(SanheMrpResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sanhe_mrp_input_add_open_order (input, b.bike, 10, d ("-1"), TASK);
  result = sanhe_mrp_run (input, &error);
  g_assert_null (result);
  g_assert_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_INVALID);
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
  sanhe_mrp_input_add_open_order (input, items[1], 7, d ("3.5"), 900);
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
  g_test_add_func ("/mrp/open-order/components", test_open_order_demands_components);
  g_test_add_func ("/mrp/open-order/rest-only", test_open_order_rest_only);
  g_test_add_func ("/mrp/open-order/nothing-left", test_open_order_nothing_left);
  g_test_add_func ("/mrp/open-order/released-late", test_open_order_released_late);
  g_test_add_func ("/mrp/open-order/after-sales-lines", test_open_order_after_sales_lines);
  g_test_add_func ("/mrp/open-order/pegged-through-levels", test_open_order_pegged_through_levels);
  g_test_add_func ("/mrp/open-order/negative", test_open_order_negative);
  g_test_add_func ("/mrp/deterministic", test_deterministic);
  g_test_add_func ("/mrp/cycle", test_cycle_is_named);
  g_test_add_func ("/mrp/cycle-past-dead-ends", test_cycle_is_named_past_dead_ends);

  return g_test_run ();
}
