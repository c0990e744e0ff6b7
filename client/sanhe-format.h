/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *sanhe_format_datetime (const char *iso8601);
char *sanhe_format_date     (const char *iso8601);
char *sanhe_format_count    (guint64     n);

char *sanhe_format_decimal  (const char *decimal,
                             guint       min_places,
                             guint       max_places);
char *sanhe_format_day      (const char *ymd);
char *sanhe_format_number   (gint64      n);
const char *sanhe_format_decimal_mark   (void);
const char *sanhe_format_thousands_mark (void);
gboolean sanhe_parse_decimal (const char  *text,
                              guint        max_places,
                              char       **canonical);
gboolean sanhe_parse_day     (const char  *text,
                              char       **ymd);
double   sanhe_decimal_to_double (const char *decimal);

const char *sanhe_role_display_name (const char *key,
                                     const char *name);

G_END_DECLS
