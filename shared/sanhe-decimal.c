/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-decimal"

#include "config.h"

#include <string.h>

#include "sanhe-decimal.h"

SanheDecimal
sanhe_decimal_from_int (gint64 value)
{
  return (SanheDecimal) { value * SANHE_DECIMAL_ONE };
}

/*
 * Accepts "-1234.5", "0.0001", "+7": an optional sign, digits, an optional
 * point and at most four decimals. No exponents, no thousands separators,
 * no surrounding spaces: the wire format is strict so that nothing is guessed.
 */
gboolean
sanhe_decimal_parse (const char   *text,
                     SanheDecimal *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 whole = 0;
  guint64 fraction = 0;
  guint int_digits = 0;
  guint frac_digits = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++, int_digits++)
    {
      whole = whole * 10 + (guint64) (*p - '0');
      if (whole > (guint64) (G_MAXINT64 / SANHE_DECIMAL_ONE))
        return FALSE;
    }

  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, frac_digits++)
        {
          if (frac_digits == SANHE_DECIMAL_SCALE)
            return FALSE;
          fraction = fraction * 10 + (guint64) (*p - '0');
        }
      if (frac_digits == 0)
        return FALSE;
    }

  if (*p != '\0' || int_digits + frac_digits == 0)
    return FALSE;

  for (guint i = frac_digits; i < SANHE_DECIMAL_SCALE; i++)
    fraction *= 10;

  /* The last whole unit may still overflow once its decimals are added. */
  if (whole * SANHE_DECIMAL_ONE + fraction > (guint64) G_MAXINT64)
    return FALSE;

  out->units = (gint64) (whole * SANHE_DECIMAL_ONE + fraction);
  if (negative)
    out->units = -out->units;
  return TRUE;
}

/* Formats with exactly @places decimals (0–4), rounding half away from zero. */
char *
sanhe_decimal_format (SanheDecimal value,
                      guint        places)
{
  static const gint64 pow10[] = { 1, 10, 100, 1000, 10000 };
  gint64 step;
  guint64 magnitude;
  guint64 whole;
  guint64 fraction;

  g_return_val_if_fail (places <= SANHE_DECIMAL_SCALE, NULL);

  step = pow10[SANHE_DECIMAL_SCALE - places];
  magnitude = value.units < 0 ? (guint64) -(value.units + 1) + 1 : (guint64) value.units;
  magnitude = (magnitude + (guint64) step / 2) / (guint64) step;

  whole = magnitude / (guint64) pow10[places];
  fraction = magnitude % (guint64) pow10[places];

  if (places == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, value.units < 0 && magnitude ? "-" : "", whole);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          value.units < 0 && magnitude ? "-" : "", whole, (int) places, fraction);
}

gboolean
sanhe_decimal_add (SanheDecimal  a,
                   SanheDecimal  b,
                   SanheDecimal *out)
{
  return !__builtin_add_overflow (a.units, b.units, &out->units);
}

gboolean
sanhe_decimal_sub (SanheDecimal  a,
                   SanheDecimal  b,
                   SanheDecimal *out)
{
  return !__builtin_sub_overflow (a.units, b.units, &out->units);
}

/* Products are rounded half away from zero to four decimals. */
gboolean
sanhe_decimal_mul (SanheDecimal  a,
                   SanheDecimal  b,
                   SanheDecimal *out)
{
  __int128 product = (__int128) a.units * b.units;
  __int128 half = SANHE_DECIMAL_ONE / 2;
  __int128 scaled;

  scaled = (product + (product < 0 ? -half : half)) / SANHE_DECIMAL_ONE;
  if (scaled > G_MAXINT64 || scaled < G_MININT64)
    return FALSE;

  out->units = (gint64) scaled;
  return TRUE;
}

/* Quotients are rounded half away from zero; dividing by zero fails. */
gboolean
sanhe_decimal_div (SanheDecimal  a,
                   SanheDecimal  b,
                   SanheDecimal *out)
{
  __int128 numerator;
  __int128 quotient;
  __int128 remainder;

  if (b.units == 0)
    return FALSE;

  numerator = (__int128) a.units * SANHE_DECIMAL_ONE;
  quotient = numerator / b.units;
  remainder = numerator % b.units;
  if (remainder != 0)
    {
      __int128 twice = remainder * 2;
      __int128 divisor = b.units;

      if (twice < 0)
        twice = -twice;
      if (divisor < 0)
        divisor = -divisor;
      if (twice >= divisor)
        quotient += ((numerator < 0) != (b.units < 0)) ? -1 : 1;
    }

  if (quotient > G_MAXINT64 || quotient < G_MININT64)
    return FALSE;

  out->units = (gint64) quotient;
  return TRUE;
}

int
sanhe_decimal_compare (SanheDecimal a,
                       SanheDecimal b)
{
  return (a.units > b.units) - (a.units < b.units);
}
