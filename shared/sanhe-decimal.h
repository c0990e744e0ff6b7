/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Fixed-point decimal for money and quantities: an int64 counting
 * ten-thousandths. Money (numeric(18,2)) and quantities (numeric(18,4)) both
 * fit; every operation checks for overflow instead of wrapping.
 */
typedef struct
{
  gint64 units;  /* value × 10^4 */
} SanheDecimal;

#define SANHE_DECIMAL_SCALE 4
#define SANHE_DECIMAL_ONE   ((gint64) 10000)

#define SANHE_DECIMAL_ZERO ((SanheDecimal) { 0 })

gboolean sanhe_decimal_parse     (const char   *text,
                                  SanheDecimal *out);
char    *sanhe_decimal_format    (SanheDecimal  value,
                                  guint         places);
gboolean sanhe_decimal_add       (SanheDecimal  a,
                                  SanheDecimal  b,
                                  SanheDecimal *out);
gboolean sanhe_decimal_sub       (SanheDecimal  a,
                                  SanheDecimal  b,
                                  SanheDecimal *out);
gboolean sanhe_decimal_mul       (SanheDecimal  a,
                                  SanheDecimal  b,
                                  SanheDecimal *out);
gboolean sanhe_decimal_div       (SanheDecimal  a,
                                  SanheDecimal  b,
                                  SanheDecimal *out);
int      sanhe_decimal_compare   (SanheDecimal  a,
                                  SanheDecimal  b);
SanheDecimal sanhe_decimal_from_int (gint64 value);

G_END_DECLS
