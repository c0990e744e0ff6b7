/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-effects"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-list.h"
#include "sanhe-oa-store.h"

/*
 * The effects action nodes run, inside the request's transaction, with the
 * minimal tables later issues deepen:
 *   finance.register_advance  a travel advance for the applicant, of the
 *                             form's (first) money field;
 *   hr.record_business_trip   the applicant's trip dates (the form's first
 *                             date range) in HR attendance.
 */
const char * const _sanhe_oa_effects[] = {
  "finance.register_advance",
  "hr.record_business_trip",
  NULL
};

static const char *
first_field_of_type (const SanheOaDefinition *definition,
                     SanheOaFieldType         type)
{
  const SanheOaForm *form = sanhe_oa_definition_get_form (definition);

  for (guint i = 0; i < sanhe_oa_form_get_n_fields (form); i++)
    if (sanhe_oa_form_get_field (form, i)->type == type)
      return sanhe_oa_form_get_field (form, i)->name;
  return NULL;
}

static gboolean
effect_failed (GError     **error,
               const char  *effect,
               const char  *message)
{
  g_autoptr(JsonNode) details = sanhe_json_node_new_object ();

  json_object_set_string_member (json_node_get_object (details), "effect", effect);
  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, "oa.effect.failed", g_steal_pointer (&details), "%s", message);
  return FALSE;
}

gboolean
_sanhe_oa_run_effect (SanheOaRun  *run,
                      PGconn      *conn,
                      const char  *effect,
                      GError     **error)
{
  g_autofree char *request = sanhe_id_string (run->request_id);
  g_autoptr(PGresult) result = NULL;

  if (g_strcmp0 (effect, "finance.register_advance") == 0)
    {
      const char *field = first_field_of_type (run->definition, SANHE_OA_FIELD_TYPE_MONEY);
      const SanheOaValue *value = field ? sanhe_oa_values_lookup (run->values, field) : NULL;
      g_autofree char *amount = NULL;

      if (value == NULL)
        return effect_failed (error, effect, "An advance needs a money field with a value.");
      amount = sanhe_decimal_format (value->decimal, 2);
      result = sanhe_db_exec (conn,
                              "INSERT INTO finance.advances (user_id, request_id, amount) "
                              "SELECT applicant_id, id, $2::numeric FROM oa.requests WHERE id = $1",
                              2, (const char *[]) { request, amount }, error);
      return result != NULL;
    }
  if (g_strcmp0 (effect, "hr.record_business_trip") == 0)
    {
      const char *field = first_field_of_type (run->definition, SANHE_OA_FIELD_TYPE_DATE_RANGE);
      const SanheOaValue *value = field ? sanhe_oa_values_lookup (run->values, field) : NULL;
      const char *where = first_field_of_type (run->definition, SANHE_OA_FIELD_TYPE_TEXT);

      if (value == NULL)
        return effect_failed (error, effect, "A business trip needs a date range field with a value.");
      result = sanhe_db_exec (conn,
                              "INSERT INTO hr.attendance_trips (user_id, request_id, starts, ends, destination) "
                              "SELECT applicant_id, id, (form -> $2 ->> 'start')::date, (form -> $2 ->> 'end')::date, "
                              "  CASE WHEN $3::text IS NULL THEN NULL ELSE form ->> $3 END "
                              "FROM oa.requests WHERE id = $1",
                              3, (const char *[]) { request, field, where }, error);
      return result != NULL;
    }
  return effect_failed (error, effect, "This effect is not available.");
}
