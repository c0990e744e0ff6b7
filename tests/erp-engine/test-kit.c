/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-kit.h"

/* Hand-computed kit analyses (齐套分析). */

static SanheDecimal
d (const char *text)
{
  SanheDecimal value;

  g_assert_true (sanhe_decimal_parse (text, &value));
  return value;
}

static void
assert_decimal (SanheDecimal value,
                const char  *expected)
{
  g_autofree char *text = sanhe_decimal_format (value, 4);
  g_autofree char *want = sanhe_decimal_format (d (expected), 4);

  g_assert_cmpstr (text, ==, want);
}

/* A bicycle: frame (made: 1 tube ×2, 1 weld kit), wheel ×2 (bought). */
typedef struct
{
  SanheKit *kit;
  guint bike, frame, wheel, tube, weld;
} Bike;

static void
bike_setup (Bike       *bike,
            const char *bikes,
            const char *frames,
            const char *wheels,
            const char *tubes,
            const char *welds)
{
  bike->kit = sanhe_kit_new ();
  bike->bike = sanhe_kit_add_item (bike->kit, TRUE, 1, d (bikes), d ("0"));
  bike->frame = sanhe_kit_add_item (bike->kit, TRUE, 2, d (frames), d ("0"));
  bike->wheel = sanhe_kit_add_item (bike->kit, FALSE, 7, d (wheels), d ("0"));
  bike->tube = sanhe_kit_add_item (bike->kit, FALSE, 5, d (tubes), d ("0"));
  bike->weld = sanhe_kit_add_item (bike->kit, FALSE, 3, d (welds), d ("0"));
  sanhe_kit_add_bom_line (bike->kit, bike->bike, bike->frame, d ("1"), d ("0"));
  sanhe_kit_add_bom_line (bike->kit, bike->bike, bike->wheel, d ("2"), d ("0"));
  sanhe_kit_add_bom_line (bike->kit, bike->frame, bike->tube, d ("2"), d ("0"));
  sanhe_kit_add_bom_line (bike->kit, bike->frame, bike->weld, d ("1"), d ("0"));
}

static SanheKitResult *
analyse_bikes (Bike       *bike,
               const char *qty)
{
  guint items[] = { bike->bike };
  SanheDecimal qtys[] = { d (qty) };
  gint64 lines[] = { 42 };

  return sanhe_kit_analyse (bike->kit, items, qtys, lines, 1);
}

static const SanheKitTotal *
total_of (SanheKitResult *result,
          guint           item)
{
  for (guint i = 0; i < result->totals->len; i++)
    if (g_array_index (result->totals, SanheKitTotal, i).item == item)
      return &g_array_index (result->totals, SanheKitTotal, i);
  g_assert_not_reached ();
}

static void
test_complete_now (void)
{
  Bike bike;
  g_autoptr(SanheKitResult) result = NULL;

  bike_setup (&bike, "0", "1", "20", "10", "10");
  result = analyse_bikes (&bike, "4");
  /* 1 frame in stock, 3 made from 6 tubes and 3 welds; 8 wheels. */
  g_assert_cmpint (result->status, ==, SANHE_KIT_COMPLETE_NOW);
  assert_decimal (total_of (result, bike.frame)->from_stock, "1");
  assert_decimal (total_of (result, bike.frame)->to_make, "3");
  assert_decimal (total_of (result, bike.tube)->required, "6");
  assert_decimal (total_of (result, bike.wheel)->required, "8");
  g_assert_cmpuint (total_of (result, bike.tube)->level, ==, 2);
  sanhe_kit_free (bike.kit);
}

static void
test_complete_on_open_supply (void)
{
  Bike bike;
  g_autoptr(SanheKitResult) result = NULL;

  bike_setup (&bike, "0", "0", "5", "10", "10");
  sanhe_kit_add_supply (bike.kit, bike.wheel, 9, d ("2"));
  sanhe_kit_add_supply (bike.kit, bike.wheel, 4, d ("2"));
  result = analyse_bikes (&bike, "4");
  /* 8 wheels: 5 in stock, 2 arrive on day 4, 1 more on day 9. */
  g_assert_cmpint (result->status, ==, SANHE_KIT_COMPLETE_ON);
  g_assert_cmpint (result->complete_day, ==, 9);
  assert_decimal (total_of (result, bike.wheel)->from_stock, "5");
  assert_decimal (total_of (result, bike.wheel)->from_supply, "3");
  assert_decimal (total_of (result, bike.wheel)->to_buy, "0");
  sanhe_kit_free (bike.kit);
}

static void
test_short_with_lead_times (void)
{
  Bike bike;
  g_autoptr(SanheKitResult) result = NULL;
  SanheKitNode *top;

  bike_setup (&bike, "0", "0", "8", "3", "10");
  result = analyse_bikes (&bike, "4");
  /* Tubes: 8 needed, 3 on hand, 5 to buy (5 days); frame made 2 days
   * later; bike 1 day after that. */
  g_assert_cmpint (result->status, ==, SANHE_KIT_SHORT);
  assert_decimal (total_of (result, bike.tube)->to_buy, "5");
  g_assert_cmpint (total_of (result, bike.tube)->available_day, ==, 5);
  g_assert_cmpint (total_of (result, bike.frame)->available_day, ==, 7);
  top = g_ptr_array_index (result->lines, 0);
  g_assert_cmpint (top->line_id, ==, 42);
  g_assert_cmpint (top->available_day, ==, 8);
  g_assert_cmpint (result->complete_day, ==, 8);
  sanhe_kit_free (bike.kit);
}

static void
test_earlier_orders_take_stock_first (void)
{
  Bike bike;
  g_autoptr(SanheKitResult) result = NULL;

  bike_setup (&bike, "1", "0", "8", "10", "10");
  /* An order due earlier takes the finished bike and 6 wheels. */
  sanhe_kit_reserve (bike.kit, bike.bike, d ("4"));
  result = analyse_bikes (&bike, "1");
  /* Earlier: 1 bike from stock, 3 made → 6 wheels. Left: 2 wheels. */
  g_assert_cmpint (result->status, ==, SANHE_KIT_COMPLETE_NOW);
  assert_decimal (total_of (result, bike.bike)->from_stock, "0");
  assert_decimal (total_of (result, bike.wheel)->from_stock, "2");
  sanhe_kit_free (bike.kit);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kit/complete-now", test_complete_now);
  g_test_add_func ("/kit/complete-on-open-supply", test_complete_on_open_supply);
  g_test_add_func ("/kit/short-with-lead-times", test_short_with_lead_times);
  g_test_add_func ("/kit/earlier-orders-first", test_earlier_orders_take_stock_first);

  return g_test_run ();
}
