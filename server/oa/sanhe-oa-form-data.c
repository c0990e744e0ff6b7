/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <string.h>

#include "sanhe-json.h"
#include "sanhe-oa-private.h"

/* Validation of submitted form data against the compiled fields, with the
 * same per-field 422 as every other body of the API (SanheFields). */

#define TEXT_MAX_CHARS       1000
#define MULTILINE_MAX_CHARS  20000

struct _SanheOaValues
{
  GHashTable *by_name;  /* field name (owned) → SanheOaValue (owned, text owned) */
};

static void
value_free (SanheOaValue *value)
{
  g_free ((char *) value->text);
  g_free (value);
}

static SanheOaValues *
values_new (void)
{
  SanheOaValues *values = g_new0 (SanheOaValues, 1);

  values->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) value_free);
  return values;
}

static SanheOaValue *
values_add (SanheOaValues      *values,
            const SanheOaField *field)
{
  SanheOaValue *value = g_new0 (SanheOaValue, 1);

  value->type = field->type;
  g_hash_table_insert (values->by_name, g_strdup (field->name), value);
  return value;
}

/* "5000.0000" → "5000", "0.5000" → "0.5": bounds read as they were written. */
static char *
format_decimal (SanheDecimal value)
{
  char *text = sanhe_decimal_format (value, SANHE_DECIMAL_SCALE);
  char *end = text + strlen (text) - 1;

  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return text;
}

static char *
format_date (guint32 julian)
{
  GDate date;
  char buffer[16];

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
  return g_strdup (buffer);
}

static void
check_decimal_bounds (SanheFields        *fields,
                      const SanheOaField *field,
                      SanheDecimal        value)
{
  if (field->has_min && sanhe_decimal_compare (value, field->min.decimal) < 0)
    {
      g_autofree char *bound = format_decimal (field->min.decimal);
      g_autofree char *message = g_strdup_printf ("This must be at least %s.", bound);

      sanhe_fields_reject (fields, field->name, SANHE_OA_FIELD_TOO_SMALL, message);
    }
  else if (field->has_max && sanhe_decimal_compare (value, field->max.decimal) > 0)
    {
      g_autofree char *bound = format_decimal (field->max.decimal);
      g_autofree char *message = g_strdup_printf ("This must be at most %s.", bound);

      sanhe_fields_reject (fields, field->name, SANHE_OA_FIELD_TOO_LARGE, message);
    }
}

static void
check_date_bounds (SanheFields        *fields,
                   const SanheOaField *field,
                   guint32             first,
                   guint32             last)
{
  if (field->has_min && first < field->min.date)
    {
      g_autofree char *bound = format_date (field->min.date);
      g_autofree char *message = g_strdup_printf ("This must not be before %s.", bound);

      sanhe_fields_reject (fields, field->name, SANHE_OA_FIELD_TOO_SMALL, message);
    }
  else if (field->has_max && last > field->max.date)
    {
      g_autofree char *bound = format_date (field->max.date);
      g_autofree char *message = g_strdup_printf ("This must not be after %s.", bound);

      sanhe_fields_reject (fields, field->name, SANHE_OA_FIELD_TOO_LARGE, message);
    }
}

static gboolean
read_date (SanheFields        *fields,
           const SanheOaField *field,
           SanheFieldFlags     flags,
           guint32            *out)
{
  const char *text = sanhe_fields_get_string (fields, field->name, flags, 0);

  if (text == NULL || *text == '\0')
    return FALSE;
  if (!sanhe_oa_parse_date (text, out))
    {
      sanhe_fields_reject (fields, field->name, SANHE_FIELD_INVALID, "Use a date such as 2026-11-23.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_date_range (SanheFields        *fields,
                 JsonObject         *data,
                 const SanheOaField *field,
                 guint32            *start,
                 guint32            *end)
{
  JsonNode *node = json_object_get_member (data, field->name);
  JsonObject *range;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (field->required)
        sanhe_fields_reject (fields, field->name, SANHE_FIELD_REQUIRED, "This field is required.");
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sanhe_fields_reject (fields, field->name, SANHE_FIELD_WRONG_TYPE,
                           "A date range is an object such as {\"start\":\"2026-05-01\",\"end\":\"2026-05-03\"}.");
      return FALSE;
    }

  range = json_node_get_object (node);
  if (json_object_get_size (range) != 2 ||
      !sanhe_oa_parse_date (sanhe_json_node_get_string (json_object_get_member (range, "start")), start) ||
      !sanhe_oa_parse_date (sanhe_json_node_get_string (json_object_get_member (range, "end")), end))
    {
      sanhe_fields_reject (fields, field->name, SANHE_FIELD_INVALID,
                           "Give \"start\" and \"end\" as dates such as 2026-11-23.");
      return FALSE;
    }

  if (*start > *end)
    {
      sanhe_fields_reject (fields, field->name, SANHE_FIELD_INVALID, "The range ends before it starts.");
      return FALSE;
    }

  return TRUE;
}

static void
read_field (SanheFields        *fields,
            JsonObject         *data,
            const SanheOaField *field,
            SanheOaValues      *values)
{
  SanheFieldFlags flags = field->required ? SANHE_FIELD_MANDATORY : SANHE_FIELD_NULLABLE;
  const char *text;
  SanheDecimal decimal;
  guint32 start, end;
  gint64 id;

  switch (field->type)
    {
    case SANHE_OA_FIELD_TYPE_TEXT:
    case SANHE_OA_FIELD_TYPE_MULTILINE:
      text = sanhe_fields_get_string (fields, field->name, flags,
                                      field->type == SANHE_OA_FIELD_TYPE_TEXT ? TEXT_MAX_CHARS : MULTILINE_MAX_CHARS);
      if (text != NULL && *text != '\0')
        values_add (values, field)->text = g_strdup (text);
      break;

    case SANHE_OA_FIELD_TYPE_CHOICE:
      text = sanhe_fields_get_string (fields, field->name, flags, 0);
      if (text == NULL || *text == '\0')
        break;
      if (!g_strv_contains ((const char * const *) field->options, text))
        sanhe_fields_reject (fields, field->name, SANHE_OA_FIELD_NOT_AN_OPTION, "This is not one of the options.");
      else
        values_add (values, field)->text = g_strdup (text);
      break;

    case SANHE_OA_FIELD_TYPE_NUMBER:
    case SANHE_OA_FIELD_TYPE_MONEY:
      if (!sanhe_fields_get_decimal (fields, field->name, flags,
                                     field->type == SANHE_OA_FIELD_TYPE_MONEY ? 2 : SANHE_DECIMAL_SCALE,
                                     &decimal))
        break;
      check_decimal_bounds (fields, field, decimal);
      if (sanhe_fields_is_valid (fields, field->name))
        values_add (values, field)->decimal = decimal;
      break;

    case SANHE_OA_FIELD_TYPE_DATE:
      if (!read_date (fields, field, flags, &start))
        break;
      check_date_bounds (fields, field, start, start);
      if (sanhe_fields_is_valid (fields, field->name))
        values_add (values, field)->date = start;
      break;

    case SANHE_OA_FIELD_TYPE_DATE_RANGE:
      if (!read_date_range (fields, data, field, &start, &end))
        break;
      check_date_bounds (fields, field, start, end);
      if (sanhe_fields_is_valid (fields, field->name))
        {
          SanheOaValue *value = values_add (values, field);

          value->date = start;
          value->date_end = end;
        }
      break;

    case SANHE_OA_FIELD_TYPE_USER:
    case SANHE_OA_FIELD_TYPE_DEPARTMENT:
    case SANHE_OA_FIELD_TYPE_CUSTOMER:
      id = sanhe_fields_get_id (fields, field->name, flags);
      if (id > 0)
        values_add (values, field)->id = id;
      break;

    default:
      g_assert_not_reached ();
    }
}

SanheOaValues *
sanhe_oa_form_validate (const SanheOaForm  *form,
                        JsonNode           *data,
                        GError            **error)
{
  g_autoptr(SanheOaValues) values = NULL;
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) allowed = NULL;
  guint n_fields;

  g_return_val_if_fail (form != NULL, NULL);

  n_fields = sanhe_oa_form_get_n_fields (form);
  for (guint i = 0; i < n_fields; i++)
    g_strv_builder_add (builder, sanhe_oa_form_get_field (form, i)->name);
  allowed = g_strv_builder_end (builder);

  fields = sanhe_fields_new (data, (const char * const *) allowed, error);
  if (fields == NULL)
    return NULL;

  values = values_new ();
  for (guint i = 0; i < n_fields; i++)
    read_field (fields, json_node_get_object (data), sanhe_oa_form_get_field (form, i), values);

  if (!sanhe_fields_check (fields, error))
    return NULL;
  return g_steal_pointer (&values);
}

void
sanhe_oa_values_free (SanheOaValues *values)
{
  if (values == NULL)
    return;
  g_clear_pointer (&values->by_name, g_hash_table_unref);
  g_free (values);
}

const SanheOaValue *
sanhe_oa_values_lookup (const SanheOaValues *values,
                        const char          *name)
{
  if (values == NULL || name == NULL)
    return NULL;
  return g_hash_table_lookup (values->by_name, name);
}

#define SUMMARY_TEXT_CHARS 60

/* @text cut to @max_chars characters, the last one an ellipsis. */
static char *
shorten (const char *text,
         glong       max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  head = g_utf8_substring (text, 0, max_chars - 1);
  return g_strconcat (head, "…", NULL);
}

/*
 * What an approver needs to recognize a request at a glance, in no
 * particular language: the first money field (canonical, two places at
 * least) and the first one-line text, cut. Either may be NULL. The
 * process's name, the applicant and the amount's punctuation are added
 * by whoever knows the reader's language.
 */
void
sanhe_oa_values_summary_parts (const SanheOaForm    *form,
                               const SanheOaValues  *values,
                               char                **amount,
                               char                **text)
{
  *amount = NULL;
  *text = NULL;
  for (guint i = 0; i < sanhe_oa_form_get_n_fields (form); i++)
    {
      const SanheOaField *field = sanhe_oa_form_get_field (form, i);
      const SanheOaValue *value = sanhe_oa_values_lookup (values, field->name);

      if (value == NULL)
        continue;
      if (*amount == NULL && field->type == SANHE_OA_FIELD_TYPE_MONEY)
        *amount = sanhe_decimal_format (value->decimal, 2);
      else if (*text == NULL && field->type == SANHE_OA_FIELD_TYPE_TEXT && value->text != NULL && *value->text)
        *text = shorten (value->text, SUMMARY_TEXT_CHARS);
    }
}

/* The parts joined: "1280.50 · Customer visit in Shenzhen".
 *
 * Returns: (transfer full) (nullable): the summary, or NULL when there is
 * neither part. */
char *
sanhe_oa_summary_join (const char *amount,
                       const char *text)
{
  if (amount != NULL && text != NULL)
    return g_strdup_printf ("%s · %s", amount, text);
  return g_strdup (amount != NULL ? amount : text);
}

char *
sanhe_oa_values_summary (const SanheOaForm   *form,
                         const SanheOaValues *values)
{
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  sanhe_oa_values_summary_parts (form, values, &money, &text);
  return sanhe_oa_summary_join (money, text);
}
