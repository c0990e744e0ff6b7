/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-json"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

struct _SanheFields
{
  JsonObject *object;
  JsonObject *problems;  /* field name → {"code","message"} */
};

JsonNode *
sanhe_json_parse (const char  *data,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL,
                       "The request body is empty; a JSON document was expected.");
      return NULL;
    }

  /* Request bodies are not NUL-terminated: always pass the length. */
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL,
                       "The request body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL,
                       "The request body holds no JSON value.");
      return NULL;
    }

  return json_node_ref (root);
}

char *
sanhe_json_to_string (JsonNode *node,
                      gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

/* Returns: (transfer full): a node holding a new empty object it owns. */
JsonNode *
sanhe_json_node_new_object (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

/* Returns: (transfer none) (nullable): @member of object @node. */
JsonNode *
sanhe_json_object_get_path_node (JsonNode   *node,
                                 const char *member)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_member (json_node_get_object (node), member);
}

/* Returns: (nullable): the text of @node when it holds a string. */
const char *
sanhe_json_node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Returns: (nullable): @member of @object when it is a string. */
const char *
sanhe_json_object_get_string (JsonObject *object,
                              const char *member)
{
  return sanhe_json_node_get_string (object != NULL ? json_object_get_member (object, member) : NULL);
}

/* Returns: (nullable): @member of @object when it is an object. */
JsonObject *
sanhe_json_object_get_object (JsonObject *object,
                              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Returns: (nullable): @member of @object when it is an array. */
JsonArray *
sanhe_json_object_get_array (JsonObject *object,
                             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Returns: (nullable): element @index of @array when it is an object;
 * NULL past the end too. */
JsonObject *
sanhe_json_array_get_object (JsonArray *array,
                             guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_allowed (const char * const *allowed,
            const char         *name)
{
  return allowed == NULL || g_strv_contains (allowed, name);
}

SanheFields *
sanhe_fields_new (JsonNode           *body,
                  const char * const *allowed,
                  GError            **error)
{
  SanheFields *fields;
  g_autoptr(GList) members = NULL;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_MALFORMED_JSON, NULL,
                       "The request body must be a JSON object.");
      return NULL;
    }

  fields = g_new0 (SanheFields, 1);
  fields->object = json_object_ref (json_node_get_object (body));
  fields->problems = json_object_new ();

  members = json_object_get_members (fields->object);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!is_allowed (allowed, l->data))
      sanhe_fields_reject (fields, l->data, SANHE_FIELD_UNKNOWN, "This field is not known here.");

  return fields;
}

void
sanhe_fields_free (SanheFields *fields)
{
  if (fields == NULL)
    return;
  g_clear_pointer (&fields->object, json_object_unref);
  g_clear_pointer (&fields->problems, json_object_unref);
  g_free (fields);
}

gboolean
sanhe_fields_has (SanheFields *fields,
                  const char  *name)
{
  return json_object_has_member (fields->object, name);
}

gboolean
sanhe_fields_is_null (SanheFields *fields,
                      const char  *name)
{
  JsonNode *node = json_object_get_member (fields->object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

void
sanhe_fields_reject (SanheFields *fields,
                     const char  *name,
                     const char  *code,
                     const char  *message)
{
  JsonObject *problem;

  /* The first problem of a field is the one worth telling. */
  if (json_object_has_member (fields->problems, name))
    return;

  problem = json_object_new ();
  json_object_set_string_member (problem, "code", code);
  json_object_set_string_member (problem, "message", message);
  json_object_set_object_member (fields->problems, name, problem);
}

gboolean
sanhe_fields_is_valid (SanheFields *fields,
                       const char  *name)
{
  return !json_object_has_member (fields->problems, name);
}

/* Looks @name up and checks presence rules; returns the node when a value of
 * some type is there to read, NULL when absent, null, or already rejected. */
static JsonNode *
lookup (SanheFields     *fields,
        const char      *name,
        SanheFieldFlags  flags)
{
  JsonNode *node = json_object_get_member (fields->object, name);

  if (!sanhe_fields_is_valid (fields, name))
    return NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if ((flags & SANHE_FIELD_MANDATORY) != 0 && (node == NULL || (flags & SANHE_FIELD_NULLABLE) == 0))
        sanhe_fields_reject (fields, name, SANHE_FIELD_REQUIRED, "This field is required.");
      else if (node != NULL && (flags & SANHE_FIELD_NULLABLE) == 0)
        sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field cannot be null.");
      return NULL;
    }

  return node;
}

static gboolean
holds_value_of_type (JsonNode *node,
                     GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

const char *
sanhe_fields_get_string (SanheFields     *fields,
                         const char      *name,
                         SanheFieldFlags  flags,
                         guint            max_chars)
{
  JsonNode *node = lookup (fields, name, flags);
  const char *value;

  if (node == NULL)
    return NULL;

  if (!holds_value_of_type (node, G_TYPE_STRING))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be a string.");
      return NULL;
    }

  value = json_node_get_string (node);
  if ((flags & SANHE_FIELD_MANDATORY) != 0 && *value == '\0')
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_REQUIRED, "This field is required.");
      return NULL;
    }

  if (max_chars > 0 && g_utf8_strlen (value, -1) > max_chars)
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_TOO_LONG, "This value is too long.");
      return NULL;
    }

  return value;
}

gint64
sanhe_fields_get_int (SanheFields     *fields,
                      const char      *name,
                      SanheFieldFlags  flags)
{
  JsonNode *node = lookup (fields, name, flags);

  if (node == NULL)
    return 0;

  if (!holds_value_of_type (node, G_TYPE_INT64))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be an integer.");
      return 0;
    }

  return json_node_get_int (node);
}

/* Returns the id, or 0 when absent or null (ids start at 1). */
gint64
sanhe_fields_get_id (SanheFields     *fields,
                     const char      *name,
                     SanheFieldFlags  flags)
{
  gint64 id = sanhe_fields_get_int (fields, name, flags);

  if (id < 0 || (id == 0 && sanhe_fields_has (fields, name) && !sanhe_fields_is_null (fields, name)
                 && sanhe_fields_is_valid (fields, name)))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This is not a valid id.");
      return 0;
    }

  return id;
}

gboolean
sanhe_fields_get_boolean (SanheFields     *fields,
                          const char      *name,
                          SanheFieldFlags  flags,
                          gboolean         default_value)
{
  JsonNode *node = lookup (fields, name, flags);

  if (node == NULL)
    return default_value;

  if (!holds_value_of_type (node, G_TYPE_BOOLEAN))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be true or false.");
      return default_value;
    }

  return json_node_get_boolean (node);
}

/*
 * Reads a decimal given as a string ("12.5") or a whole JSON number (12),
 * with at most @max_places decimals. Returns TRUE when a value was read;
 * absent or invalid leaves @out untouched.
 */
gboolean
sanhe_fields_get_decimal (SanheFields     *fields,
                          const char      *name,
                          SanheFieldFlags  flags,
                          guint            max_places,
                          SanheDecimal    *out)
{
  JsonNode *node = lookup (fields, name, flags);
  SanheDecimal value;
  const char *point;

  if (node == NULL)
    return FALSE;

  if (holds_value_of_type (node, G_TYPE_INT64))
    {
      gint64 whole = json_node_get_int (node);

      if (whole > G_MAXINT64 / SANHE_DECIMAL_ONE || whole < G_MININT64 / SANHE_DECIMAL_ONE)
        {
          sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This number is too large.");
          return FALSE;
        }
      *out = sanhe_decimal_from_int (whole);
      return TRUE;
    }

  if (!holds_value_of_type (node, G_TYPE_STRING))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be a decimal string such as \"12.50\".");
      return FALSE;
    }

  point = strchr (json_node_get_string (node), '.');
  if (!sanhe_decimal_parse (json_node_get_string (node), &value) ||
      (point != NULL && strlen (point + 1) > max_places))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This is not a decimal number with the allowed places.");
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* Reads a business date "YYYY-MM-DD" and checks that the day exists. */
const char *
sanhe_fields_get_date (SanheFields     *fields,
                       const char      *name,
                       SanheFieldFlags  flags)
{
  const char *text = sanhe_fields_get_string (fields, name, flags, 10);
  guint year, month, day;

  if (text == NULL)
    return NULL;

  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      text[4] != '-' || text[7] != '-' || !g_date_valid_dmy (day, month, year) || year < 1900)
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "Use a date such as 2026-11-23.");
      return NULL;
    }

  return text;
}

/* Returns: (transfer full) (nullable): an array of strings. */
GStrv
sanhe_fields_get_strv (SanheFields     *fields,
                       const char      *name,
                       SanheFieldFlags  flags)
{
  JsonNode *node = lookup (fields, name, flags);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be a list of strings.");
      return NULL;
    }

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_value_of_type (element, G_TYPE_STRING))
        {
          sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "This field must be a list of strings.");
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

gboolean
sanhe_fields_check (SanheFields  *fields,
                    GError      **error)
{
  JsonObject *details;
  JsonNode *node;

  if (json_object_get_size (fields->problems) == 0)
    return TRUE;

  details = json_object_new ();
  json_object_set_object_member (details, "fields", json_object_ref (fields->problems));
  node = json_node_init_object (json_node_alloc (), details);
  json_object_unref (details);

  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, SANHE_CODE_VALIDATION, node,
                   "Some fields are not valid.");
  return FALSE;
}

/* One-field validation failure found after decoding, e.g. by the database. */
gboolean
sanhe_validation_fail (GError     **error,
                       const char  *field,
                       const char  *code,
                       const char  *message)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(SanheFields) fields = NULL;

  json_node_take_object (body, json_object_new ());
  fields = sanhe_fields_new (body, NULL, NULL);
  sanhe_fields_reject (fields, field, code, message);
  return sanhe_fields_check (fields, error);
}
