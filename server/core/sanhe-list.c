/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-list"

#include "config.h"

#include "sanhe-error.h"

#include "sanhe-list.h"

char *
sanhe_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static gboolean
parse_query_number (SanheRequest *request,
                    const char   *name,
                    guint64       min,
                    guint64       max,
                    guint64      *out,
                    GError      **error)
{
  const char *text = sanhe_request_get_query (request, name);
  g_autoptr(JsonNode) details = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;

  if (g_ascii_string_to_unsigned (text, 10, min, max, out, NULL))
    return TRUE;

  details = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (details, json_object_new ());
  json_object_set_string_member (json_node_get_object (details), "parameter", name);
  sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, g_steal_pointer (&details),
                   "The query parameter “%s” must be a whole number between %" G_GUINT64_FORMAT
                   " and %" G_GUINT64_FORMAT ".", name, min, max);
  return FALSE;
}

gboolean
sanhe_page_init (SanhePage     *page,
                 SanheRequest  *request,
                 GError       **error)
{
  guint64 limit = SANHE_LIST_DEFAULT_LIMIT;
  guint64 after = 0;

  *page = (SanhePage) { 0 };
  if (!parse_query_number (request, "limit", 1, SANHE_LIST_MAX_LIMIT, &limit, error) ||
      !parse_query_number (request, "after", 0, G_MAXINT64, &after, error))
    return FALSE;

  page->limit = (gint64) limit;
  page->after = (gint64) after;
  page->limit_plus_one = sanhe_id_string (page->limit + 1);
  page->after_text = sanhe_id_string (page->after);
  return TRUE;
}

void
sanhe_page_clear (SanhePage *page)
{
  g_clear_pointer (&page->limit_plus_one, g_free);
  g_clear_pointer (&page->after_text, g_free);
}

/*
 * @rows holds up to limit + 1 objects ordered by "id": the extra one only
 * proves there is a next page. Returns {"items":[…],"next":"<id>"|null}.
 */
JsonNode *
sanhe_page_wrap (SanhePage *page,
                 JsonNode  *rows)
{
  JsonArray *items = rows && JSON_NODE_HOLDS_ARRAY (rows)
    ? json_array_ref (json_node_get_array (rows)) : json_array_new ();
  JsonObject *object = json_object_new ();
  JsonNode *result;

  if (json_array_get_length (items) > (guint) page->limit)
    {
      JsonObject *last;
      g_autofree char *cursor = NULL;

      json_array_remove_element (items, (guint) page->limit);
      last = json_array_get_object_element (items, (guint) page->limit - 1);
      cursor = sanhe_id_string (json_object_get_int_member (last, "id"));
      json_object_set_string_member (object, "next", cursor);
    }
  else
    json_object_set_null_member (object, "next");

  json_object_set_array_member (object, "items", items);
  result = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return result;
}
