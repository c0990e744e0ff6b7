/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <string.h>

#include "sanhe-oa-private.h"

/* Problem lists of the validation errors, and small JSON readers shared by
 * the compilers. */

static void
report_valist (JsonArray  *problems,
               const char *kind,
               const char *name,
               gint        index,
               const char *at,
               const char *code,
               const char *format,
               va_list     args)
{
  JsonObject *problem = json_object_new ();
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (name != NULL)
    json_object_set_string_member (problem, kind, name);
  else
    json_object_set_int_member (problem, kind, index);
  if (at != NULL)
    json_object_set_string_member (problem, "at", at);
  json_object_set_string_member (problem, "code", code);
  json_object_set_string_member (problem, "message", message);
  json_array_add_object_element (problems, problem);
}

void
_sanhe_oa_report (const SanheOaWhere *where,
                  const char         *at,
                  const char         *code,
                  const char         *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  report_valist (where->problems, where->kind, where->name, where->index, at, code, format, args);
  va_end (args);
}

void
_sanhe_oa_report_at (JsonArray  *problems,
                     const char *kind,
                     const char *name,
                     const char *code,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  report_valist (problems, kind, name, 0, NULL, code, format, args);
  va_end (args);
}

void
_sanhe_oa_report_index (JsonArray  *problems,
                        const char *kind,
                        gint        index,
                        const char *code,
                        const char *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  report_valist (problems, kind, NULL, index, NULL, code, format, args);
  va_end (args);
}

gboolean
_sanhe_oa_check_problems (JsonArray   *problems,
                          const char  *code,
                          const char  *message,
                          GError     **error)
{
  JsonObject *details;
  JsonNode *node;

  if (json_array_get_length (problems) == 0)
    return TRUE;

  details = json_object_new ();
  json_object_set_array_member (details, "problems", json_array_ref (problems));
  node = json_node_init_object (json_node_alloc (), details);
  json_object_unref (details);

  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, code, node, "%s", message);
  return FALSE;
}

/* "zh_CN", "es", "pt_BR": a language, optionally a region — the names
 * g_get_language_names() gives a client, so the lookup stays exact. */
static gboolean
is_locale (const char *text)
{
  gsize length = strlen (text);

  if (length != 2 && length != 5)
    return FALSE;
  if (!g_ascii_islower (text[0]) || !g_ascii_islower (text[1]))
    return FALSE;
  return length == 2 || (text[2] == '_' && g_ascii_isupper (text[3]) && g_ascii_isupper (text[4]));
}

/*
 * A definition is written once for every language: the process's name,
 * a field's label, a node's name or an option's label may each carry
 * "translations", a map from locale to text; the plain member stays the
 * fallback. The server only keeps them well-formed; the client picks.
 */
void
_sanhe_oa_check_translations (JsonObject         *object,
                              const SanheOaWhere *where)
{
  JsonNode *node = json_object_get_member (object, "translations");
  g_autoptr(GList) locales = NULL;
  JsonObject *translations;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _sanhe_oa_report (where, "translations", "wrong_type",
                        "\"translations\" is an object from locale to text, like {\"zh_CN\": \"…\"}.");
      return;
    }

  translations = json_node_get_object (node);
  locales = json_object_get_members (translations);
  for (GList *l = locales; l != NULL; l = l->next)
    {
      const char *text = sanhe_json_node_get_string (json_object_get_member (translations, l->data));

      if (!is_locale (l->data))
        _sanhe_oa_report (where, "translations", "invalid_locale",
                          "\"%s\" is not a locale such as \"zh_CN\" or \"es\".", (const char *) l->data);
      else if (text == NULL || *text == '\0' || g_utf8_strlen (text, -1) > 200)
        _sanhe_oa_report (where, "translations", "invalid",
                          "The \"%s\" translation must be a text of 1 to 200 characters.", (const char *) l->data);
    }
}

gboolean
_sanhe_oa_json_id (JsonNode *node,
                   gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) <= 0)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
_sanhe_oa_json_decimal (JsonNode     *node,
                        guint         max_places,
                        SanheDecimal *out)
{
  const char *text;
  const char *point;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 whole = json_node_get_int (node);

      if (whole > G_MAXINT64 / SANHE_DECIMAL_ONE || whole < G_MININT64 / SANHE_DECIMAL_ONE)
        return FALSE;
      *out = sanhe_decimal_from_int (whole);
      return TRUE;
    }

  text = sanhe_json_node_get_string (node);
  if (text == NULL || !sanhe_decimal_parse (text, out))
    return FALSE;
  point = strchr (text, '.');
  return point == NULL || strlen (point + 1) <= max_places;
}
