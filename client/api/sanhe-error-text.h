/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *sanhe_error_text_for_code  (const char   *code);
const char *sanhe_error_text           (const GError *error);
const char *sanhe_field_error_text     (const char   *field_code);

G_END_DECLS
