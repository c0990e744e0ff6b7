/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-decimal"

#include "config.h"

#include <locale.h>

#include "sanhe-decimal.h"

static SanheDecimal
dec (const char *text)
{
  SanheDecimal value = { 0 };

  if (!sanhe_decimal_parse (text, &value))
    g_error ("test value does not parse: %s", text);
  return value;
}

static void
test_parse_valid (void)
{
  static const struct
  {
    const char *text;
    gint64 units;
  } cases[] = {
    { "0", 0 },
    { "-0", 0 },
    { "+0", 0 },
    { "1", 10000 },
    { "+7", 70000 },
    { "-1234.5", -12345000 },
    { "0.0001", 1 },
    { "-0.0001", -1 },
    { "00012.3400", 123400 },
    { "1234.50", 12345000 },
    { "999999999999.99", 9999999999999900 },
    { "922337203685477.5807", G_MAXINT64 },
    { "-922337203685477.5807", -G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SanheDecimal value = { 42 };

      g_test_message ("parse %s", cases[i].text);
      g_assert_true (sanhe_decimal_parse (cases[i].text, &value));
      g_assert_cmpint (value.units, ==, cases[i].units);
    }
}

static void
test_parse_invalid (void)
{
  static const char * const cases[] = {
    "", "-", "+", ".", "-.", "1.", "1e5", "1E5", " 1", "1 ", "1,000", "1 000", "0x10",
    "1.23456", "0.00001", "--1", "+-1", "1.2.3", "abc", "NaN", "inf", "-inf", "1..2",
    "\xd9\xa1",           /* ARABIC-INDIC DIGIT ONE */
    "\xef\xbc\x91",       /* FULLWIDTH DIGIT ONE */
    "922337203685477.5808",
    "922337203685477.9999",
    "922337203685478",
    "99999999999999999999",
    "18446744073709551616",
  };
  SanheDecimal value;

  g_assert_false (sanhe_decimal_parse (NULL, &value));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("reject '%s'", cases[i]);
      g_assert_false (sanhe_decimal_parse (cases[i], &value));
    }
}

static void
test_parse_minimum (void)
{
  SanheDecimal value = { 0 };

  /* The most negative value is representable; if it is accepted it must be
   * exact (and computing it must not overflow: UBSan watches). */
  if (sanhe_decimal_parse ("-922337203685477.5808", &value))
    g_assert_cmpint (value.units, ==, G_MININT64);
  g_assert_false (sanhe_decimal_parse ("-922337203685477.5809", &value));
  g_assert_false (sanhe_decimal_parse ("-922337203685478", &value));
}

static void
test_format (void)
{
  static const struct
  {
    gint64 units;
    guint places;
    const char *text;
  } cases[] = {
    { 0, 2, "0.00" },
    { 0, 0, "0" },
    { 0, 4, "0.0000" },
    { 12345000, 2, "1234.50" },
    { -12345000, 2, "-1234.50" },
    { 12345, 2, "1.23" },      /* 1.2345 */
    { 12350, 2, "1.24" },      /* half away from zero */
    { -12350, 2, "-1.24" },
    { 12349, 2, "1.23" },
    { 25000, 0, "3" },
    { -25000, 0, "-3" },
    { 24999, 0, "2" },
    { 1, 4, "0.0001" },
    { -1, 4, "-0.0001" },
    { -49, 2, "0.00" },        /* rounds to zero: no "-0.00" */
    { -50, 2, "-0.01" },
    { 99995, 3, "10.000" },    /* 9.9995 carries into the integer part */
    { 70000, 1, "7.0" },
    { G_MAXINT64, 4, "922337203685477.5807" },
    { G_MININT64, 4, "-922337203685477.5808" },
    { G_MAXINT64, 0, "922337203685478" },
    { G_MININT64, 2, "-922337203685477.58" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sanhe_decimal_format ((SanheDecimal) { cases[i].units }, cases[i].places);

      g_test_message ("format %" G_GINT64_FORMAT " with %u places", cases[i].units, cases[i].places);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_round_trip (void)
{
  static const char * const texts[] = {
    "0.0000", "1.0000", "-1.0000", "1234.5678", "-0.0001", "922337203685477.5807", "100000.0000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *back = sanhe_decimal_format (dec (texts[i]), 4);

      g_assert_cmpstr (back, ==, texts[i]);
    }
}

static void
test_add_sub (void)
{
  SanheDecimal out;
  SanheDecimal max = { G_MAXINT64 };
  SanheDecimal min = { G_MININT64 };
  SanheDecimal tiny = { 1 };

  g_assert_true (sanhe_decimal_add (dec ("0.1"), dec ("0.2"), &out));
  g_assert_cmpint (out.units, ==, dec ("0.3").units);
  g_assert_true (sanhe_decimal_sub (dec ("10"), dec ("10.0001"), &out));
  g_assert_cmpint (out.units, ==, -1);
  g_assert_true (sanhe_decimal_add (max, dec ("-1"), &out));
  g_assert_cmpint (out.units, ==, G_MAXINT64 - 10000);

  g_assert_false (sanhe_decimal_add (max, tiny, &out));
  g_assert_false (sanhe_decimal_add (min, (SanheDecimal) { -1 }, &out));
  g_assert_false (sanhe_decimal_sub (min, tiny, &out));
  g_assert_false (sanhe_decimal_sub (max, (SanheDecimal) { -1 }, &out));
  g_assert_false (sanhe_decimal_sub (SANHE_DECIMAL_ZERO, min, &out));
}

static void
test_mul (void)
{
  static const struct
  {
    const char *a;
    const char *b;
    const char *product;
  } cases[] = {
    { "1.5", "1.5", "2.25" },
    { "-1.5", "1.5", "-2.25" },
    { "-1.5", "-1.5", "2.25" },
    { "0.0001", "0.0001", "0" },
    { "0.0001", "0.5", "0.0001" },     /* 0.00005: half away from zero */
    { "-0.0001", "0.5", "-0.0001" },
    { "0.0001", "0.4999", "0" },
    { "12.34", "100", "1234" },
    { "19.99", "3", "59.97" },
    { "0", "922337203685477.5807", "0" },
    { "1", "-922337203685477.5807", "-922337203685477.5807" },
    { "3037000.4999", "3037000.4999", "9223372036392.8499" },
  };
  SanheDecimal out;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s × %s", cases[i].a, cases[i].b);
      g_assert_true (sanhe_decimal_mul (dec (cases[i].a), dec (cases[i].b), &out));
      g_assert_cmpint (out.units, ==, dec (cases[i].product).units);
    }

  g_assert_false (sanhe_decimal_mul ((SanheDecimal) { G_MAXINT64 }, dec ("2"), &out));
  g_assert_false (sanhe_decimal_mul ((SanheDecimal) { G_MININT64 }, dec ("-1"), &out));
  g_assert_false (sanhe_decimal_mul (dec ("100000000000"), dec ("100000"), &out));
  g_assert_true (sanhe_decimal_mul ((SanheDecimal) { G_MININT64 }, dec ("1"), &out));
  g_assert_cmpint (out.units, ==, G_MININT64);
}

static void
test_div (void)
{
  static const struct
  {
    const char *a;
    const char *b;
    const char *quotient;
  } cases[] = {
    { "1", "3", "0.3333" },
    { "2", "3", "0.6667" },
    { "-2", "3", "-0.6667" },
    { "2", "-3", "-0.6667" },
    { "-2", "-3", "0.6667" },
    { "10", "4", "2.5" },
    { "0.0001", "2", "0.0001" },      /* 0.00005: half away from zero */
    { "-0.0001", "2", "-0.0001" },
    { "0.0001", "3", "0" },
    { "0", "7", "0" },
    { "922337203685477.5807", "1", "922337203685477.5807" },
    { "100", "0.0001", "1000000" },
  };
  SanheDecimal out;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s ÷ %s", cases[i].a, cases[i].b);
      g_assert_true (sanhe_decimal_div (dec (cases[i].a), dec (cases[i].b), &out));
      g_assert_cmpint (out.units, ==, dec (cases[i].quotient).units);
    }

  g_assert_false (sanhe_decimal_div (dec ("1"), SANHE_DECIMAL_ZERO, &out));
  g_assert_false (sanhe_decimal_div (SANHE_DECIMAL_ZERO, SANHE_DECIMAL_ZERO, &out));
  g_assert_false (sanhe_decimal_div ((SanheDecimal) { G_MAXINT64 }, dec ("0.5"), &out));
  g_assert_false (sanhe_decimal_div ((SanheDecimal) { G_MININT64 }, dec ("-1"), &out));
}

static void
test_compare (void)
{
  g_assert_cmpint (sanhe_decimal_compare (dec ("1"), dec ("1.0000")), ==, 0);
  g_assert_cmpint (sanhe_decimal_compare (dec ("1"), dec ("1.0001")), ==, -1);
  g_assert_cmpint (sanhe_decimal_compare (dec ("1.0001"), dec ("1")), ==, 1);
  g_assert_cmpint (sanhe_decimal_compare (dec ("-5"), dec ("3")), ==, -1);
  g_assert_cmpint (sanhe_decimal_compare ((SanheDecimal) { G_MININT64 }, (SanheDecimal) { G_MAXINT64 }), ==, -1);
  g_assert_cmpint (sanhe_decimal_compare ((SanheDecimal) { G_MAXINT64 }, (SanheDecimal) { G_MININT64 }), ==, 1);
}

static void
test_from_int (void)
{
  g_assert_cmpint (sanhe_decimal_from_int (0).units, ==, 0);
  g_assert_cmpint (sanhe_decimal_from_int (42).units, ==, 420000);
  g_assert_cmpint (sanhe_decimal_from_int (-7).units, ==, -70000);
  g_assert_cmpint (sanhe_decimal_from_int (922337203685477).units, ==, dec ("922337203685477").units);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decimal/parse/valid", test_parse_valid);
  g_test_add_func ("/decimal/parse/invalid", test_parse_invalid);
  g_test_add_func ("/decimal/parse/minimum", test_parse_minimum);
  g_test_add_func ("/decimal/format", test_format);
  g_test_add_func ("/decimal/round-trip", test_round_trip);
  g_test_add_func ("/decimal/add-sub", test_add_sub);
  g_test_add_func ("/decimal/mul", test_mul);
  g_test_add_func ("/decimal/div", test_div);
  g_test_add_func ("/decimal/compare", test_compare);
  g_test_add_func ("/decimal/from-int", test_from_int);

  return g_test_run ();
}
