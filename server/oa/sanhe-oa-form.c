/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-oa-private.h"

/* Compiles the field definitions of a form. Submitted data is validated in
 * sanhe-oa-form-data.c. */

struct _SanheOaForm
{
  gatomicrefcount  ref_count;
  GPtrArray       *fields;   /* SanheOaField */
  GHashTable      *by_name;  /* name → SanheOaField (borrowed) */
};

static const char * const field_types[] = {
  [SANHE_OA_FIELD_TYPE_TEXT] = "text",
  [SANHE_OA_FIELD_TYPE_MULTILINE] = "multiline",
  [SANHE_OA_FIELD_TYPE_NUMBER] = "number",
  [SANHE_OA_FIELD_TYPE_MONEY] = "money",
  [SANHE_OA_FIELD_TYPE_DATE] = "date",
  [SANHE_OA_FIELD_TYPE_DATE_RANGE] = "date_range",
  [SANHE_OA_FIELD_TYPE_CHOICE] = "choice",
  [SANHE_OA_FIELD_TYPE_USER] = "user",
  [SANHE_OA_FIELD_TYPE_DEPARTMENT] = "department",
  [SANHE_OA_FIELD_TYPE_CUSTOMER] = "customer",
};

static void
field_free (SanheOaField *field)
{
  g_free (field->name);
  g_free (field->label);
  g_strfreev (field->options);
  g_free (field);
}

static gboolean
is_identifier (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 64 || !(g_ascii_isalpha (text[0]) || text[0] == '_'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
parse_type (const char       *text,
            SanheOaFieldType *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_strcmp0 (text, field_types[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_bounds (SanheOaFieldType type)
{
  return type == SANHE_OA_FIELD_TYPE_NUMBER || type == SANHE_OA_FIELD_TYPE_MONEY ||
         type == SANHE_OA_FIELD_TYPE_DATE || type == SANHE_OA_FIELD_TYPE_DATE_RANGE;
}

static gboolean
parse_bound (SanheOaField *field,
             JsonNode     *node,
             SanheOaValue *out)
{
  out->type = field->type;
  switch (field->type)
    {
    case SANHE_OA_FIELD_TYPE_NUMBER:
      return _sanhe_oa_json_decimal (node, SANHE_DECIMAL_SCALE, &out->decimal);
    case SANHE_OA_FIELD_TYPE_MONEY:
      return _sanhe_oa_json_decimal (node, 2, &out->decimal);
    case SANHE_OA_FIELD_TYPE_DATE:
    case SANHE_OA_FIELD_TYPE_DATE_RANGE:
      return sanhe_oa_parse_date (sanhe_json_node_get_string (node), &out->date);
    default:
      return FALSE;
    }
}

static int
compare_bounds (const SanheOaValue *a,
                const SanheOaValue *b)
{
  if (a->type == SANHE_OA_FIELD_TYPE_NUMBER || a->type == SANHE_OA_FIELD_TYPE_MONEY)
    return sanhe_decimal_compare (a->decimal, b->decimal);
  return (a->date > b->date) - (a->date < b->date);
}

static void
compile_bounds (SanheOaField *field,
                JsonObject   *object,
                JsonArray    *problems)
{
  static const char * const members[] = { "min", "max" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      SanheOaValue *bound = i == 0 ? &field->min : &field->max;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!has_bounds (field->type))
        {
          _sanhe_oa_report_at (problems, "field", field->name, "not_applicable",
                               "A %s field takes no \"%s\".",
                               field_types[field->type], members[i]);
          continue;
        }
      if (!parse_bound (field, node, bound))
        {
          _sanhe_oa_report_at (problems, "field", field->name, i == 0 ? "invalid_min" : "invalid_max",
                               "\"%s\" must be %s.", members[i],
                               field->type == SANHE_OA_FIELD_TYPE_DATE || field->type == SANHE_OA_FIELD_TYPE_DATE_RANGE
                               ? "a date such as \"2026-11-23\""
                               : "a decimal such as \"1000.00\"");
          continue;
        }
      if (i == 0)
        field->has_min = TRUE;
      else
        field->has_max = TRUE;
    }

  if (field->has_min && field->has_max && compare_bounds (&field->min, &field->max) > 0)
    _sanhe_oa_report_at (problems, "field", field->name, "min_above_max",
                         "\"min\" is greater than \"max\".");
}

static void
compile_options (SanheOaField *field,
                 JsonObject   *object,
                 JsonArray    *problems)
{
  JsonNode *node = json_object_get_member (object, "options");
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;

  if (field->type != SANHE_OA_FIELD_TYPE_CHOICE)
    {
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        _sanhe_oa_report_at (problems, "field", field->name, "not_applicable",
                             "Only a choice field takes \"options\".");
      return;
    }

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      _sanhe_oa_report_at (problems, "field", field->name, "missing_options",
                           "A choice field needs a non-empty \"options\" list.");
      return;
    }

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value = sanhe_json_node_get_string (element);

      /* {"value":"air","label":"Flight","translations":{…}} is an option with a label. */
      if (value == NULL && JSON_NODE_HOLDS_OBJECT (element))
        {
          value = sanhe_json_node_get_string (json_object_get_member (json_node_get_object (element), "value"));
          _sanhe_oa_check_translations (json_node_get_object (element),
                                        &(SanheOaWhere) { problems, "field", field->name, 0 });
        }

      if (value == NULL || *value == '\0' || g_hash_table_contains (seen, value))
        {
          _sanhe_oa_report_at (problems, "field", field->name, "invalid_options",
                               "Option %u is empty, not a string or repeated.", i + 1);
          return;
        }
      g_hash_table_add (seen, (gpointer) value);
      g_strv_builder_add (builder, value);
    }

  field->options = g_strv_builder_end (builder);
}

/* Returns: (nullable): the field, when its name and type are usable. */
static SanheOaField *
compile_field (JsonNode   *node,
               guint       index,
               GHashTable *by_name,
               JsonArray  *problems)
{
  g_autofree char *member = g_strdup_printf ("form[%u]", index);
  SanheOaField *field;
  JsonObject *object;
  JsonNode *required;
  const char *name;
  const char *type;
  const char *label;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _sanhe_oa_report_at (problems, "member", member, "wrong_type", "A form field must be an object.");
      return NULL;
    }

  object = json_node_get_object (node);
  name = sanhe_json_node_get_string (json_object_get_member (object, "name"));
  if (name == NULL)
    {
      _sanhe_oa_report_at (problems, "member", member, "missing_name", "A form field needs a \"name\".");
      return NULL;
    }
  if (!is_identifier (name))
    {
      _sanhe_oa_report_at (problems, "member", member, "invalid_name",
                           "Field names are letters, digits and underscores, starting with a letter (at most 64).");
      return NULL;
    }
  if (g_hash_table_contains (by_name, name))
    {
      _sanhe_oa_report_at (problems, "field", name, "duplicate_name", "Two fields are named \"%s\".", name);
      return NULL;
    }

  field = g_new0 (SanheOaField, 1);
  field->name = g_strdup (name);

  type = sanhe_json_node_get_string (json_object_get_member (object, "type"));
  if (!parse_type (type, &field->type))
    {
      _sanhe_oa_report_at (problems, "field", name, "unknown_type",
                           "\"%s\" is not a field type.", type ? type : "(none)");
      field_free (field);
      return NULL;
    }

  label = sanhe_json_node_get_string (json_object_get_member (object, "label"));
  field->label = g_strdup (label);
  _sanhe_oa_check_translations (object, &(SanheOaWhere) { problems, "field", name, 0 });

  required = json_object_get_member (object, "required");
  if (required != NULL && !JSON_NODE_HOLDS_NULL (required))
    {
      if (JSON_NODE_HOLDS_VALUE (required) && json_node_get_value_type (required) == G_TYPE_BOOLEAN)
        field->required = json_node_get_boolean (required);
      else
        _sanhe_oa_report_at (problems, "field", name, "wrong_type", "\"required\" must be true or false.");
    }

  compile_bounds (field, object, problems);
  compile_options (field, object, problems);
  return field;
}

SanheOaForm *
_sanhe_oa_form_compile (JsonNode  *fields,
                        JsonArray *problems)
{
  SanheOaForm *form = g_new0 (SanheOaForm, 1);
  JsonArray *array;

  g_atomic_ref_count_init (&form->ref_count);
  form->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  form->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    return form;

  if (!JSON_NODE_HOLDS_ARRAY (fields))
    {
      _sanhe_oa_report_at (problems, "member", "form", "wrong_type", "\"form\" must be a list of fields.");
      return form;
    }

  array = json_node_get_array (fields);
  if (json_array_get_length (array) > SANHE_OA_MAX_FIELDS)
    {
      _sanhe_oa_report_at (problems, "member", "form", "too_many",
                           "A form has at most %u fields.", SANHE_OA_MAX_FIELDS);
      return form;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SanheOaField *field = compile_field (json_array_get_element (array, i), i, form->by_name, problems);

      if (field == NULL)
        continue;
      g_ptr_array_add (form->fields, field);
      g_hash_table_insert (form->by_name, field->name, field);
    }

  return form;
}

SanheOaForm *
sanhe_oa_form_new_from_json (JsonNode  *fields,
                             GError   **error)
{
  g_autoptr(JsonArray) problems = json_array_new ();
  g_autoptr(SanheOaForm) form = _sanhe_oa_form_compile (fields, problems);

  if (!_sanhe_oa_check_problems (problems, SANHE_OA_CODE_PROCESS_INVALID,
                                 "The form definition is not valid.", error))
    return NULL;
  return g_steal_pointer (&form);
}

SanheOaForm *
sanhe_oa_form_ref (SanheOaForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);

  g_atomic_ref_count_inc (&form->ref_count);
  return form;
}

void
sanhe_oa_form_unref (SanheOaForm *form)
{
  if (form == NULL || !g_atomic_ref_count_dec (&form->ref_count))
    return;
  g_clear_pointer (&form->by_name, g_hash_table_unref);
  g_clear_pointer (&form->fields, g_ptr_array_unref);
  g_free (form);
}

guint
sanhe_oa_form_get_n_fields (const SanheOaForm *form)
{
  g_return_val_if_fail (form != NULL, 0);

  return form->fields->len;
}

const SanheOaField *
sanhe_oa_form_get_field (const SanheOaForm *form,
                         guint              index)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (index < form->fields->len, NULL);

  return g_ptr_array_index (form->fields, index);
}

/* Returns: (nullable) */
const SanheOaField *
sanhe_oa_form_lookup (const SanheOaForm *form,
                      const char        *name)
{
  if (form == NULL || name == NULL)
    return NULL;
  return g_hash_table_lookup (form->by_name, name);
}

const char *
sanhe_oa_field_type_to_string (SanheOaFieldType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (field_types), NULL);

  return field_types[type];
}

gboolean
sanhe_oa_parse_date (const char *text,
                     guint32    *out_julian)
{
  guint year, month, day;
  GDate date;

  g_return_val_if_fail (out_julian != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 || year < 1900 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *out_julian = g_date_get_julian (&date);
  return TRUE;
}
