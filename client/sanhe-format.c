/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-format"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sanhe-format.h"

/*
 * Dates and numbers as the user reads them. Timestamps arrive as ISO 8601
 * UTC and are shown in local time. The strftime-style formats are
 * translatable so a Chinese screen shows 2025-11-23 even when LC_TIME is
 * the C locale, and %x (the locale's own date) where it fits.
 *
 * Quantities and money arrive as decimal strings ("1234.5000") and are
 * formatted from their digits, never through a double: grouped with the
 * locale's thousands separator and its decimal mark. Under the C locale
 * (which has no grouping) the marks come from the translation, so a
 * Spanish screen reads 1.234,5 whatever LC_NUMERIC says.
 */

static GDateTime *
parse_local (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return NULL;

  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (iso8601, utc);
  if (parsed == NULL)
    return NULL;

  return g_date_time_to_local (parsed);
}

/* Returns: (transfer full): @iso8601 as a local date and time, "" if unset. */
char *
sanhe_format_datetime (const char *iso8601)
{
  g_autoptr(GDateTime) local = parse_local (iso8601);
  char *text;

  if (local == NULL)
    return g_strdup ("");

  /* Translators: a date and time in a list or editor, in
   * g_date_time_format() notation; %x is the locale's own date.
   * xgettext:no-c-format */
  text = g_date_time_format (local, _("%x %H:%M"));

  return text ? text : g_strdup (iso8601);
}

/* Returns: (transfer full): the date part of @iso8601, "" if unset. */
char *
sanhe_format_date (const char *iso8601)
{
  g_autoptr(GDateTime) local = parse_local (iso8601);
  char *text;

  if (local == NULL)
    return g_strdup ("");

  /* Translators: a date in g_date_time_format() notation; %x is the
   * locale's own date representation.
   * xgettext:no-c-format */
  text = g_date_time_format (local, _("%x"));

  return text ? text : g_strdup (iso8601);
}

/* Returns: (transfer full): @n with the locale's thousands separators. */
char *
sanhe_format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

/* The decimal mark of numbers shown and typed: the locale's when it
 * groups thousands, else the translation's. */
const char *
sanhe_format_decimal_mark (void)
{
  const struct lconv *conv = localeconv ();

  if (conv->thousands_sep != NULL && *conv->thousands_sep != '\0'
      && conv->decimal_point != NULL && *conv->decimal_point != '\0')
    return conv->decimal_point;

  /* Translators: the decimal mark in numbers such as 1,234.5: "." in
   * English, "," in Spanish */
  return C_("decimal mark", ".");
}

const char *
sanhe_format_thousands_mark (void)
{
  const struct lconv *conv = localeconv ();

  if (conv->thousands_sep != NULL && *conv->thousands_sep != '\0')
    return conv->thousands_sep;

  /* Translators: the thousands separator in numbers such as 1,234.5: ","
   * in English, "." in Spanish */
  return C_("thousands separator", ",");
}

/* Splits "-1234.5" into sign, integer and fraction digits. */
static gboolean
split_decimal (const char  *decimal,
               gboolean    *negative,
               GString     *whole,
               GString     *fraction)
{
  const char *p = decimal;
  gboolean point = FALSE;

  if (decimal == NULL)
    return FALSE;

  *negative = *p == '-';
  if (*p == '-' || *p == '+')
    p++;

  for (; *p != '\0'; p++)
    {
      if (*p == '.' && !point)
        point = TRUE;
      else if (g_ascii_isdigit (*p))
        g_string_append_c (point ? fraction : whole, *p);
      else
        return FALSE;
    }

  if (whole->len == 0 && fraction->len == 0)
    return FALSE;
  if (whole->len == 0)
    g_string_append_c (whole, '0');

  return TRUE;
}

/* Adds one unit in the last place of @digits; TRUE when it carried out. */
static gboolean
increment_digits (GString *digits)
{
  for (gssize i = (gssize)digits->len - 1; i >= 0; i--)
    {
      if (digits->str[i] < '9')
        {
          digits->str[i]++;
          return FALSE;
        }
      digits->str[i] = '0';
    }

  return TRUE;
}

/* Returns: (transfer full): the decimal string @decimal ("1234.5000") for
 * reading: rounded half up to @max_places, trailing zeros dropped down to
 * @min_places, thousands grouped ("1,234.5"). "" for NULL; anything that
 * is not a decimal comes back unchanged. */
char *
sanhe_format_decimal (const char *decimal,
                      guint       min_places,
                      guint       max_places)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  GString *out;
  const char *thousands;
  gboolean negative = FALSE;
  gboolean zero = TRUE;
  guint first_group;

  if (decimal == NULL || *decimal == '\0')
    return g_strdup ("");
  if (!split_decimal (decimal, &negative, whole, fraction))
    return g_strdup (decimal);

  min_places = MIN (min_places, max_places);
  if (fraction->len > max_places)
    {
      gboolean up = fraction->str[max_places] >= '5';

      g_string_truncate (fraction, max_places);
      if (up && (fraction->len == 0 || increment_digits (fraction)) && increment_digits (whole))
        g_string_prepend_c (whole, '1');
    }
  while (fraction->len < min_places)
    g_string_append_c (fraction, '0');
  while (fraction->len > min_places && fraction->str[fraction->len - 1] == '0')
    g_string_truncate (fraction, fraction->len - 1);

  /* No leading zeros, and no "-0". */
  while (whole->len > 1 && whole->str[0] == '0')
    g_string_erase (whole, 0, 1);
  for (guint i = 0; i < whole->len && zero; i++)
    zero = whole->str[i] == '0';
  for (guint i = 0; i < fraction->len && zero; i++)
    zero = fraction->str[i] == '0';

  out = g_string_new (negative && !zero ? "-" : "");
  thousands = sanhe_format_thousands_mark ();
  first_group = whole->len % 3 ? whole->len % 3 : 3;
  for (guint i = 0; i < whole->len; i++)
    {
      if (i > 0 && (i == first_group || (i > first_group && (i - first_group) % 3 == 0)))
        g_string_append (out, thousands);
      g_string_append_c (out, whole->str[i]);
    }
  if (fraction->len > 0)
    {
      g_string_append (out, sanhe_format_decimal_mark ());
      g_string_append_len (out, fraction->str, fraction->len);
    }

  return g_string_free (out, FALSE);
}

static const char *
day_format (void)
{
  /* Translators: a business date (due, expected, delivery) in
   * g_date_time_format() notation: short and numeric, day, month and
   * four-digit year, e.g. "%d/%m/%Y".
   * xgettext:no-c-format */
  return C_("business date", "%Y-%m-%d");
}

static gboolean
parse_ymd (const char *ymd,
           guint      *year,
           guint      *month,
           guint      *day)
{
  if (ymd == NULL || strlen (ymd) < 10 || ymd[4] != '-' || ymd[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (ymd[i]))
      return FALSE;

  *year = (guint)g_ascii_strtoull (ymd, NULL, 10);
  *month = (guint)g_ascii_strtoull (ymd + 5, NULL, 10);
  *day = (guint)g_ascii_strtoull (ymd + 8, NULL, 10);

  return g_date_valid_dmy (*day, *month, *year);
}

/* Returns: (transfer full): a business date "YYYY-MM-DD" as the user reads
 * dates, "" if unset. */
char *
sanhe_format_day (const char *ymd)
{
  g_autoptr(GDateTime) date = NULL;
  guint year, month, day;
  char *text;

  if (ymd == NULL || *ymd == '\0')
    return g_strdup ("");
  if (!parse_ymd (ymd, &year, &month, &day))
    return g_strdup (ymd);

  date = g_date_time_new_local ((int)year, (int)month, (int)day, 12, 0, 0);
  text = date ? g_date_time_format (date, day_format ()) : NULL;

  return text ? text : g_strdup (ymd);
}

static gboolean
is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/* Whether a grouping mark at @p is followed by exactly three digits and
 * then the end, the decimal mark or another grouping mark. */
static gboolean
is_grouping_at (const char *p,
                const char *thousands,
                const char *mark)
{
  const char *q = p + strlen (thousands);

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isdigit (q[i]))
      return FALSE;
  q += 3;

  return *q == '\0' || g_str_has_prefix (q, mark) || g_str_has_prefix (q, thousands);
}

/*
 * Reads a number typed by the user: the locale's decimal mark (or, when
 * the text has none, a "." or ","), grouping marks only where they group
 * three digits, spaces ignored, a leading sign. At most @max_places
 * decimals. @canonical gets the API's form: "1234.5", "-3", "0.25".
 */
gboolean
sanhe_parse_decimal (const char  *text,
                     guint        max_places,
                     char       **canonical)
{
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  const char *mark = sanhe_format_decimal_mark ();
  const char *thousands = sanhe_format_thousands_mark ();
  gboolean has_mark;
  gboolean point = FALSE;
  gboolean negative = FALSE;
  gboolean zero = TRUE;
  GString *out;
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A space is a grouping mark in some locales: drop them all. */
      if (!is_space_char (c))
        g_string_append_unichar (compact, c);
    }

  p = compact->str;
  if (*p == '-' || *p == '+')
    {
      negative = *p == '-';
      p++;
    }

  has_mark = strstr (p, mark) != NULL;
  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (point ? fraction : whole, *p);
          p++;
        }
      else if (g_str_has_prefix (p, mark) && !point)
        {
          point = TRUE;
          p += strlen (mark);
        }
      else if (*thousands != '\0' && g_str_has_prefix (p, thousands) && !point && whole->len > 0
               && is_grouping_at (p, thousands, mark))
        {
          p += strlen (thousands);
        }
      else if ((*p == '.' || *p == ',') && !has_mark && !point)
        {
          point = TRUE;
          p++;
        }
      else
        {
          return FALSE;
        }
    }

  if (whole->len == 0 && fraction->len == 0)
    return FALSE;
  if (fraction->len > max_places)
    {
      /* Trailing zeros beyond the places are harmless. */
      while (fraction->len > max_places && fraction->str[fraction->len - 1] == '0')
        g_string_truncate (fraction, fraction->len - 1);
      if (fraction->len > max_places)
        return FALSE;
    }

  while (fraction->len > 0 && fraction->str[fraction->len - 1] == '0')
    g_string_truncate (fraction, fraction->len - 1);
  while (whole->len > 1 && whole->str[0] == '0')
    g_string_erase (whole, 0, 1);
  if (whole->len == 0)
    g_string_append_c (whole, '0');
  for (guint i = 0; i < whole->len && zero; i++)
    zero = whole->str[i] == '0';
  for (guint i = 0; i < fraction->len && zero; i++)
    zero = fraction->str[i] == '0';

  if (canonical != NULL)
    {
      out = g_string_new (negative && !zero ? "-" : "");
      g_string_append_len (out, whole->str, whole->len);
      if (fraction->len > 0)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, fraction->str, fraction->len);
        }
      *canonical = g_string_free (out, FALSE);
    }

  return TRUE;
}

/*
 * Reads a business date typed by the user: "YYYY-MM-DD", or three numbers
 * in the order of the date format shown (day, month, year for "%d/%m/%Y").
 * @ymd gets "YYYY-MM-DD".
 */
gboolean
sanhe_parse_day (const char  *text,
                 char       **ymd)
{
  const char *format = day_format ();
  guint values[3] = { 0 };
  guint year = 0, month = 0, day = 0;
  guint n = 0;
  const char *p;
  int order[3] = { -1, -1, -1 };  /* which value is the year, month, day */
  guint slot = 0;

  if (text == NULL)
    return FALSE;

  for (p = text; *p != '\0' && n <= 3;)
    {
      if (g_ascii_isdigit (*p))
        {
          char *end = NULL;
          guint64 value = g_ascii_strtoull (p, &end, 10);

          if (n == 3 || value > 9999)
            return FALSE;
          values[n++] = (guint)value;
          p = end;
        }
      else if (g_ascii_isspace (*p) || g_ascii_ispunct (*p))
        p++;
      else
        return FALSE;
    }
  if (n != 3)
    return FALSE;

  /* A four-digit first number is a year: ISO order whatever the format. */
  if (values[0] > 31)
    {
      year = values[0];
      month = values[1];
      day = values[2];
    }
  else
    {
      for (p = format; *p != '\0' && slot < 3; p++)
        {
          if (*p != '%' || p[1] == '\0')
            continue;
          p++;
          if (*p == 'Y' || *p == 'y')
            order[0] = slot++;
          else if (*p == 'm')
            order[1] = slot++;
          else if (*p == 'd' || *p == 'e')
            order[2] = slot++;
        }
      if (order[0] < 0 || order[1] < 0 || order[2] < 0)
        return FALSE;
      year = values[order[0]];
      month = values[order[1]];
      day = values[order[2]];
    }

  if (year < 1000 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  if (ymd != NULL)
    *ymd = g_strdup_printf ("%04u-%02u-%02u", year, month, day);

  return TRUE;
}

/* For sorting and comparisons that need no exactness. */
double
sanhe_decimal_to_double (const char *decimal)
{
  return decimal ? g_ascii_strtod (decimal, NULL) : 0.0;
}

/* Returns: (transfer full): @n grouped like every other number shown
 * ("12,345"; "12.345" in Spanish), whatever LC_NUMERIC is. */
char *
sanhe_format_number (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  return sanhe_format_decimal (digits, 0, 0);
}

/* The roles every database starts with: shown in the user's language
 * while they keep the name the server gave them (a renamed role shows
 * its new name). */
static const struct
{
  const char *key;
  const char *name;         /* as the server creates it */
  const char *translation;  /* N_() */
} builtin_roles[] = {
  { "admin", "Administrator", NC_("role", "Administrator") },
  { "employee", "Employee", NC_("role", "Employee") },
  { "finance", "Finance", NC_("role", "Finance") },
  { "hr", "Human resources", NC_("role", "Human resources") },
  { "manager", "Manager", NC_("role", "Manager") },
  { "planner", "Planner", NC_("role", "Planner") },
  { "production", "Production", NC_("role", "Production") },
  { "sales", "Sales", NC_("role", "Sales") },
  { "warehouse", "Warehouse", NC_("role", "Warehouse") },
};

/* Returns: (nullable): how to show the role @key named @name. */
const char *
sanhe_role_display_name (const char *key,
                         const char *name)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (builtin_roles); i++)
    if (g_str_equal (builtin_roles[i].key, key)
        && (name == NULL || g_str_equal (builtin_roles[i].name, name)))
      return g_dpgettext2 (NULL, "role", builtin_roles[i].translation);

  return name;
}
