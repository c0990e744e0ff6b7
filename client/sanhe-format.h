/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *sanhe_format_datetime (const char *iso8601);
char *sanhe_format_date     (const char *iso8601);
char *sanhe_format_count    (guint64     n);

G_END_DECLS
