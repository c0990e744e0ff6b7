/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

#define SANHE_LIST_DEFAULT_LIMIT 50
#define SANHE_LIST_MAX_LIMIT     500

/* Keyset pagination: ?limit=&after=<cursor>, where the cursor is the last id seen. */
typedef struct
{
  gint64 limit;
  gint64 after;
  char  *limit_plus_one;  /* as SQL parameters */
  char  *after_text;
} SanhePage;

gboolean  sanhe_page_init  (SanhePage     *page,
                            SanheRequest  *request,
                            GError       **error);
void      sanhe_page_clear (SanhePage     *page);
JsonNode *sanhe_page_wrap  (SanhePage     *page,
                            JsonNode      *rows);
char     *sanhe_id_string  (gint64         id);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SanhePage, sanhe_page_clear)

G_END_DECLS
