/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-item-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-util.h"
#include "sanhe-format.h"
#include "sanhe-item-fields.h"

/*
 * The fields of an item, in two columns of the item editor: what it is,
 * and how it is planned and costed. SanheForm edits text; numbers are
 * shown here in the user's notation ("1.234,5" in Spanish) and read back
 * into the API's ("1234.5", lead time as an integer) before sending.
 */

/* Translators: choices for an item's kind */
static const SanheFormChoice kinds[] = {
  { "make", N_("Made in house") },
  { "buy", N_("Bought") },
};

const SanheFormField sanhe_item_general_fields[] = {
  { .name = "code", .label = N_("_Code"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 64 },
  { .name = "name", .label = N_("_Name"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 200 },
  { .name = "kind", .label = N_("_Kind"), .type = SANHE_FORM_CHOICE,
    .choices = kinds, .n_choices = G_N_ELEMENTS (kinds) },
  { .name = "unit", .label = N_("_Unit"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 20 },
  { .name = "supplier_id", .label = N_("Su_pplier"), .type = SANHE_FORM_REFERENCE,
    .source = "suppliers", .source_key = "id", .source_label = "name", .current = "supplier" },
  { .name = "active", .label = N_("Acti_ve"), .type = SANHE_FORM_SWITCH,
    .hint = N_("Inactive items cannot be ordered.") },
};
const guint sanhe_item_n_general_fields = G_N_ELEMENTS (sanhe_item_general_fields);

const SanheFormField sanhe_item_planning_fields[] = {
  { .name = "lead_time_days", .label = N_("_Lead time (days)"), .type = SANHE_FORM_TEXT,
    .max_chars = 5 },
  { .name = "safety_stock", .label = N_("Sa_fety stock"), .type = SANHE_FORM_TEXT, .max_chars = 24 },
  { .name = "min_lot", .label = N_("_Minimum lot"), .type = SANHE_FORM_TEXT, .max_chars = 24 },
  { .name = "lot_multiple", .label = N_("Lot mul_tiple"), .type = SANHE_FORM_TEXT, .max_chars = 24 },
  { .name = "scrap_pct", .label = N_("Sc_rap %"), .type = SANHE_FORM_TEXT, .max_chars = 12 },
  { .name = "standard_cost", .label = N_("_Standard cost"), .type = SANHE_FORM_TEXT, .max_chars = 24 },
  { .name = "list_price", .label = N_("List pr_ice"), .type = SANHE_FORM_TEXT, .max_chars = 24 },
};
const guint sanhe_item_n_planning_fields = G_N_ELEMENTS (sanhe_item_planning_fields);

static const struct
{
  const char *name;
  guint       min_places;
  guint       max_places;
} decimals[] = {
  { "safety_stock", 0, 4 },
  { "min_lot", 0, 4 },
  { "lot_multiple", 0, 4 },
  { "scrap_pct", 0, 4 },
  { "standard_cost", 2, 4 },
  { "list_price", 2, 4 },
};

gboolean
sanhe_item_fields_is_planning (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sanhe_item_planning_fields); i++)
    if (g_strcmp0 (sanhe_item_planning_fields[i].name, name) == 0)
      return TRUE;

  return FALSE;
}

/* Returns: (transfer full): @item as the form shows it: numbers as text
 * in the user's notation. */
SanheRecord *
sanhe_item_fields_display (SanheRecord *item)
{
  g_autoptr(JsonObject) object = sanhe_erp_json_copy (sanhe_record_get_object (item));
  g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           sanhe_record_get_int (item, "lead_time_days"));

  json_object_set_string_member (object, "lead_time_days", days);
  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    {
      const char *value = sanhe_record_get_string (item, decimals[i].name);
      g_autofree char *text = sanhe_format_decimal (value ? value : "0",
                                                    decimals[i].min_places, decimals[i].max_places);

      json_object_set_string_member (object, decimals[i].name, text);
    }

  return sanhe_record_new (object);
}

static void
add_problem (JsonObject *fields,
             const char *name,
             const char *code)
{
  JsonObject *problem = json_object_new ();

  json_object_set_string_member (problem, "code", code);
  json_object_set_object_member (fields, name, problem);
}

/*
 * Returns: (transfer full): @body (from the forms) as the API takes it.
 * Text that is not a number leaves its field out and lands in @problems
 * as {"fields":{name:{"code":"invalid"}}}, like a 422's details; NULL when
 * all is well.
 */
JsonNode *
sanhe_item_fields_to_api (JsonNode  *body,
                          JsonNode **problems)
{
  g_autoptr(JsonObject) found = json_object_new ();
  JsonObject *object = json_node_get_object (body);
  g_autoptr(JsonObject) out = sanhe_erp_json_copy (object);
  JsonNode *result = json_node_init_object (json_node_alloc (), out);
  const char *text;

  text = json_object_get_string_member_with_default (object, "lead_time_days", NULL);
  if (text != NULL)
    {
      g_autofree char *canonical = NULL;
      guint64 days = 0;

      if (*text == '\0')
        json_object_set_int_member (out, "lead_time_days", 0);
      else if (sanhe_parse_decimal (text, 0, &canonical)
               && g_ascii_string_to_unsigned (canonical, 10, 0, 3650, &days, NULL))
        json_object_set_int_member (out, "lead_time_days", (gint64)days);
      else
        {
          json_object_remove_member (out, "lead_time_days");
          add_problem (found, "lead_time_days", SANHE_FIELD_INVALID);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    {
      g_autofree char *canonical = NULL;

      text = json_object_get_string_member_with_default (object, decimals[i].name, NULL);
      if (text == NULL)
        continue;

      if (*text == '\0')
        json_object_set_string_member (out, decimals[i].name, "0");
      else if (sanhe_parse_decimal (text, decimals[i].max_places, &canonical))
        json_object_set_string_member (out, decimals[i].name, canonical);
      else
        {
          json_object_remove_member (out, decimals[i].name);
          add_problem (found, decimals[i].name, SANHE_FIELD_INVALID);
        }
    }

  *problems = NULL;
  if (json_object_get_size (found) > 0)
    {
      JsonObject *details = json_object_new ();

      json_object_set_object_member (details, "fields", json_object_ref (found));
      *problems = json_node_init_object (json_node_alloc (), details);
      json_object_unref (details);
    }

  return result;
}
