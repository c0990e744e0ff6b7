/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sanhe-json.h"
#include "oa-test-util.h"

JsonNode *
oa_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup (text);
  JsonNode *node;

  g_strdelimit (json, "'", '"');
  node = sanhe_json_parse (json, strlen (json), &error);
  g_assert_no_error (error);
  return node;
}

SanheOaDefinition *
oa_definition (const char *text)
{
  g_autoptr(JsonNode) root = oa_json (text);
  g_autoptr(GError) error = NULL;
  SanheOaDefinition *definition = sanhe_oa_definition_new_from_json (root, NULL, &error);

  if (error != NULL)
    {
      g_autofree char *details = sanhe_json_to_string (sanhe_error_get_details (error), TRUE);

      g_printerr ("%s\n", details);
    }
  g_assert_no_error (error);
  return definition;
}

GError *
oa_definition_error (const char *text)
{
  g_autoptr(JsonNode) root = oa_json (text);
  GError *error = NULL;
  SanheOaDefinition *definition = sanhe_oa_definition_new_from_json (root, NULL, &error);

  g_assert_null (definition);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "oa.process.invalid");
  return error;
}

static JsonArray *
problems_of (const GError *error)
{
  JsonNode *details = sanhe_error_get_details (error);

  g_assert_nonnull (details);
  return json_object_get_array_member (json_node_get_object (details), "problems");
}

gboolean
oa_has_problem (const GError *error,
                const char   *kind,
                const char   *name,
                gint          index,
                const char   *code)
{
  JsonArray *problems = problems_of (error);

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      JsonNode *where = json_object_get_member (problem, kind);

      g_assert_cmpstr (json_object_get_string_member (problem, "message"), !=, "");
      if (where == NULL || g_strcmp0 (json_object_get_string_member (problem, "code"), code) != 0)
        continue;
      if (name != NULL && json_node_get_value_type (where) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (where), name) == 0)
        return TRUE;
      if (name == NULL && json_node_get_value_type (where) == G_TYPE_INT64 &&
          json_node_get_int (where) == index)
        return TRUE;
    }
  return FALSE;
}

guint
oa_n_problems (const GError *error)
{
  return json_array_get_length (problems_of (error));
}

const char *
oa_field_code (const GError *error,
               const char   *field)
{
  JsonNode *details = sanhe_error_get_details (error);
  JsonObject *fields;

  g_assert_nonnull (details);
  fields = json_object_get_object_member (json_node_get_object (details), "fields");
  if (fields == NULL || !json_object_has_member (fields, field))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (fields, field), "code");
}

SanheOaDirectory *
oa_demo_directory (void)
{
  SanheOaDirectory *directory = sanhe_oa_directory_new ();

  sanhe_oa_directory_add_department (directory, 1, 0, BOSS);
  sanhe_oa_directory_add_department (directory, 2, 1, BEN);
  sanhe_oa_directory_add_department (directory, 3, 1, ANNA);
  sanhe_oa_directory_add_department (directory, 4, 1, FANNY);
  sanhe_oa_directory_add_department (directory, 5, 1, LUCAS);
  sanhe_oa_directory_add_user (directory, BOSS, 1, 0);
  sanhe_oa_directory_add_user (directory, BEN, 2, BOSS);
  sanhe_oa_directory_add_user (directory, JOE, 2, BEN);
  sanhe_oa_directory_add_user (directory, ANNA, 3, BOSS);
  sanhe_oa_directory_add_user (directory, FANNY, 4, BOSS);
  sanhe_oa_directory_add_user (directory, LUCAS, 5, BOSS);
  sanhe_oa_directory_add_role_member (directory, "finance", ANNA);
  sanhe_oa_directory_add_role_member (directory, "hr", FANNY);
  /* Added out of order: resolution sorts by id. */
  sanhe_oa_directory_add_role_member (directory, "manager", LUCAS);
  sanhe_oa_directory_add_role_member (directory, "manager", BOSS);
  sanhe_oa_directory_add_role_member (directory, "manager", BEN);
  return directory;
}

GDateTime *
oa_clock (gint hours)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) base = g_date_time_new (zone, 2026, 5, 4, 9, 0, 0);

  return g_date_time_add_hours (base, hours);
}

char *
oa_describe_step (const SanheOaStep *step)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sanhe_oa_step_get_n_items (step); i++)
    {
      const SanheOaStepItem *item = sanhe_oa_step_get_item (step, i);

      switch (item->kind)
        {
        case SANHE_OA_ITEM_STATUS:
          g_string_append_printf (text, "status %s\n", sanhe_oa_status_to_string (item->status));
          break;
        case SANHE_OA_ITEM_NODE_ENTERED:
          g_string_append_printf (text, "enter %s\n", item->node);
          break;
        case SANHE_OA_ITEM_TASK_CREATED:
          g_string_append_printf (text, "created %u %s user=%" G_GINT64_FORMAT " holder=%" G_GINT64_FORMAT,
                                  item->seq, item->node, item->user, item->holder);
          if (item->rule != 0)
            g_string_append_printf (text, " rule=%" G_GINT64_FORMAT, item->rule);
          if (item->due_at != 0)
            g_string_append_printf (text, " due=%" G_GINT64_FORMAT, item->due_at);
          g_string_append_c (text, '\n');
          break;
        case SANHE_OA_ITEM_TASK_APPROVED:
          g_string_append_printf (text, "approved %u %s %s", item->seq, item->node,
                                  sanhe_oa_cause_to_string (item->cause));
          if (item->rule != 0)
            g_string_append_printf (text, " rule=%" G_GINT64_FORMAT, item->rule);
          g_string_append_c (text, '\n');
          break;
        case SANHE_OA_ITEM_TASK_REJECTED:
          g_string_append_printf (text, "rejected %u %s\n", item->seq, item->node);
          break;
        case SANHE_OA_ITEM_TASK_RETURNED:
          g_string_append_printf (text, "returned %u %s to=%s\n", item->seq, item->node,
                                  item->target ? item->target : "applicant");
          break;
        case SANHE_OA_ITEM_TASK_CANCELLED:
          g_string_append_printf (text, "cancelled %u %s %s\n", item->seq, item->node,
                                  sanhe_oa_cause_to_string (item->cause));
          break;
        case SANHE_OA_ITEM_TASK_REMINDED:
          g_string_append_printf (text, "reminded %u %s holder=%" G_GINT64_FORMAT "\n",
                                  item->seq, item->node, item->holder);
          break;
        case SANHE_OA_ITEM_NOTIFY:
          g_string_append_printf (text, "notify %s", item->node);
          for (guint u = 0; u < item->n_users; u++)
            g_string_append_printf (text, " %" G_GINT64_FORMAT, item->users[u]);
          g_string_append_c (text, '\n');
          break;
        case SANHE_OA_ITEM_EFFECT:
          g_string_append_printf (text, "effect %s %s\n", item->node, item->effect);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (text, FALSE);
}
