/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-format"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-format.h"

/*
 * Dates and numbers as the user reads them. Timestamps arrive as ISO 8601
 * UTC and are shown in local time. The strftime-style formats are
 * translatable so a Chinese screen shows 2025-11-23 even when LC_TIME is
 * the C locale, and %x (the locale's own date) where it fits.
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
