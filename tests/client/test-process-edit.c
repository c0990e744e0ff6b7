/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-process-edit"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sanhe-oa-process-edit.h"

/*
 * The process designer's edits of a definition: a step added after a
 * step or on a connection is spliced into the flow, a step removed from a
 * chain leaves it joined, renames follow every reference, and members the
 * designer does not know survive.
 */

#define TRAVEL_EXPENSE \
  "{\"key\":\"travel_expense\",\"name\":\"Travel expense\",\"version\":3,\"created_at\":\"2026-01-01T00:00:00Z\"," \
  " \"form\":[{\"name\":\"amount\",\"type\":\"money\",\"label\":\"Amount\",\"required\":true,\"min\":\"0.01\"}," \
  "  {\"name\":\"reviewer\",\"type\":\"user\",\"label\":\"Reviewer\"}," \
  "  {\"name\":\"dates\",\"type\":\"date_range\",\"label\":\"Dates\"}]," \
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"}," \
  "  {\"id\":\"manager\",\"type\":\"approval\",\"assignee\":{\"rule\":\"manager\"},\"mode\":\"any\",\"x-note\":\"kept\"}," \
  "  {\"id\":\"review\",\"type\":\"approval\",\"assignee\":{\"rule\":\"field\",\"field\":\"reviewer\"}}," \
  "  {\"id\":\"amount\",\"type\":\"condition\"}," \
  "  {\"id\":\"boss\",\"type\":\"approval\",\"assignee\":{\"rule\":\"user\",\"user\":3}}," \
  "  {\"id\":\"end\",\"type\":\"end\"}]," \
  " \"edges\":[{\"from\":\"start\",\"to\":\"manager\"},{\"from\":\"manager\",\"to\":\"review\"}," \
  "  {\"from\":\"review\",\"to\":\"amount\"}," \
  "  {\"from\":\"amount\",\"to\":\"boss\",\"when\":{\"op\":\"and\",\"args\":[" \
  "    {\"op\":\">\",\"field\":\"amount\",\"value\":\"5000\"},{\"op\":\">\",\"field\":\"dates.days\",\"value\":\"3\"}]}}," \
  "  {\"from\":\"amount\",\"to\":\"end\",\"else\":true},{\"from\":\"boss\",\"to\":\"end\"}]}"

static JsonObject *
load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (TRAVEL_EXPENSE, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

static gint
edge_index (JsonObject *definition,
            const char *from,
            const char *to)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);

      if (g_strcmp0 (json_object_get_string_member (edge, "from"), from) == 0
          && g_strcmp0 (json_object_get_string_member (edge, "to"), to) == 0)
        return i;
    }
  return -1;
}

static char *
to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* After "manager" (one way on): manager → new → review, nothing else. */
static void
test_add_after_step (void)
{
  g_autoptr(JsonObject) definition = load ();
  JsonObject *node = sanhe_oa_process_add_node (definition, "approval", "manager", -1);
  const char *id = json_object_get_string_member (node, "id");

  g_assert_cmpstr (id, ==, "approval");
  g_assert_cmpstr (json_object_get_string_member (node, "mode"), ==, "any");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "assignee"), "rule"), ==, "manager");
  g_assert_cmpint (edge_index (definition, "manager", id), >=, 0);
  g_assert_cmpint (edge_index (definition, id, "review"), >=, 0);
  g_assert_cmpint (edge_index (definition, "manager", "review"), ==, -1);
  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (definition, "edges")), ==, 7);

  /* A second one gets an id of its own. */
  node = sanhe_oa_process_add_node (definition, "approval", NULL, -1);
  g_assert_cmpstr (json_object_get_string_member (node, "id"), ==, "approval_2");
}

/* On the "else" branch: it keeps being the else, the new step follows. A
 * condition spliced in continues by its own "otherwise". */
static void
test_add_on_edge (void)
{
  g_autoptr(JsonObject) definition = load ();
  gint otherwise = edge_index (definition, "amount", "end");
  JsonObject *node = sanhe_oa_process_add_node (definition, "notify", NULL, otherwise);
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  gint onward;

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (edges, otherwise), "to"), ==, "notify");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (edges, otherwise), "else"));
  onward = edge_index (definition, "notify", "end");
  g_assert_cmpint (onward, >=, 0);
  g_assert_false (json_object_has_member (json_array_get_object_element (edges, onward), "else"));
  g_assert_false (json_object_has_member (node, "mode"));

  node = sanhe_oa_process_add_node (definition, "condition", "start", -1);
  onward = edge_index (definition, "condition", "manager");
  g_assert_cmpint (onward, >=, 0);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (edges, onward), "else"));
}

/* A step between one before and one after leaves them joined; the
 * condition, with several ways on, takes its branches along. */
static void
test_remove (void)
{
  g_autoptr(JsonObject) definition = load ();

  sanhe_oa_process_remove_node (definition, "review");
  g_assert_null (sanhe_oa_process_find_node (definition, "review", NULL));
  g_assert_cmpint (edge_index (definition, "manager", "amount"), >=, 0);
  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (definition, "edges")), ==, 5);

  sanhe_oa_process_remove_node (definition, "amount");
  g_assert_cmpint (edge_index (definition, "manager", "amount"), ==, -1);
  g_assert_cmpint (edge_index (definition, "amount", "boss"), ==, -1);
  g_assert_cmpint (edge_index (definition, "boss", "end"), >=, 0);
  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (definition, "edges")), ==, 2);

  sanhe_oa_process_remove_edge (definition, 0);
  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (definition, "edges")), ==, 1);
}

static void
test_rename_node (void)
{
  g_autoptr(JsonObject) definition = load ();

  g_assert_false (sanhe_oa_process_rename_node (definition, "manager", "boss"));
  g_assert_false (sanhe_oa_process_rename_node (definition, "manager", ""));
  g_assert_cmpint (edge_index (definition, "start", "manager"), >=, 0);

  g_assert_true (sanhe_oa_process_rename_node (definition, "manager", "head"));
  g_assert_nonnull (sanhe_oa_process_find_node (definition, "head", NULL));
  g_assert_cmpint (edge_index (definition, "start", "head"), >=, 0);
  g_assert_cmpint (edge_index (definition, "head", "review"), >=, 0);
  g_assert_cmpint (edge_index (definition, "start", "manager"), ==, -1);
}

/* A field renamed renames the tests on it (also "dates.days") and the
 * assignee rules naming it. */
static void
test_rename_field (void)
{
  g_autoptr(JsonObject) definition = load ();
  g_autofree char *text = NULL;

  g_assert_false (sanhe_oa_process_rename_field (definition, "amount", "dates"));
  g_assert_true (sanhe_oa_process_rename_field (definition, "dates", "trip"));
  g_assert_true (sanhe_oa_process_rename_field (definition, "reviewer", "checker"));
  text = to_string (definition);
  g_assert_nonnull (strstr (text, "\"field\":\"trip.days\""));
  g_assert_null (strstr (text, "dates"));
  g_assert_nonnull (strstr (text, "\"rule\":\"field\",\"field\":\"checker\""));
  g_assert_nonnull (strstr (text, "\"field\":\"amount\""));
}

static void
test_fields (void)
{
  g_autoptr(JsonObject) definition = load ();
  JsonArray *form;
  JsonObject *field;

  sanhe_oa_process_move_field (definition, 2, -1);
  form = sanhe_oa_process_array (definition, "form");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (form, 1), "name"), ==, "dates");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (form, 2), "name"), ==, "reviewer");
  sanhe_oa_process_move_field (definition, 0, -1);  /* already first: nothing */
  form = sanhe_oa_process_array (definition, "form");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (form, 0), "name"), ==, "amount");

  field = sanhe_oa_process_add_field (definition, "Note");
  g_assert_cmpstr (json_object_get_string_member (field, "name"), ==, "field");
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "text");

  /* Money to number keeps the bounds; to a choice drops them. */
  field = json_array_get_object_element (sanhe_oa_process_array (definition, "form"), 0);
  sanhe_oa_process_set_field_type (field, "number");
  g_assert_cmpstr (json_object_get_string_member (field, "min"), ==, "0.01");
  sanhe_oa_process_set_field_type (field, "choice");
  g_assert_false (json_object_has_member (field, "min"));
}

/* Changing a step's kind drops what the new kind does not take; unknown
 * members stay; translations come and go. */
static void
test_types_and_translations (void)
{
  g_autoptr(JsonObject) definition = load ();
  JsonObject *manager = sanhe_oa_process_find_node (definition, "manager", NULL);

  sanhe_oa_process_set_node_type (manager, "action");
  g_assert_false (json_object_has_member (manager, "assignee"));
  g_assert_false (json_object_has_member (manager, "mode"));
  g_assert_cmpstr (json_object_get_string_member (manager, "x-note"), ==, "kept");

  sanhe_oa_set_translation (manager, "zh_CN", "经理");
  g_assert_cmpstr (sanhe_oa_get_translation (manager, "zh_CN"), ==, "经理");
  sanhe_oa_set_translation (manager, "zh_CN", "");
  g_assert_false (json_object_has_member (manager, "translations"));
}

/* What goes to the server: no version or creation time, the rest as is. */
static void
test_body_and_template (void)
{
  g_autoptr(JsonObject) definition = load ();
  g_autoptr(JsonNode) body = sanhe_oa_process_to_body (definition);
  g_autoptr(JsonObject) template = sanhe_oa_process_new_template ("visit", "Visit", "Subject", "Manager");
  JsonObject *object = json_node_get_object (body);

  g_assert_false (json_object_has_member (object, "version"));
  g_assert_false (json_object_has_member (object, "created_at"));
  g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, "travel_expense");
  g_assert_true (json_object_has_member (definition, "version"));

  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (template, "nodes")), ==, 3);
  g_assert_cmpint (edge_index (template, "start", "approval"), >=, 0);
  g_assert_cmpint (edge_index (template, "approval", "end"), >=, 0);
  g_assert_cmpuint (json_array_get_length (sanhe_oa_process_array (template, "edges")), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/process-edit/add-after-step", test_add_after_step);
  g_test_add_func ("/oa/process-edit/add-on-edge", test_add_on_edge);
  g_test_add_func ("/oa/process-edit/remove", test_remove);
  g_test_add_func ("/oa/process-edit/rename-node", test_rename_node);
  g_test_add_func ("/oa/process-edit/rename-field", test_rename_field);
  g_test_add_func ("/oa/process-edit/fields", test_fields);
  g_test_add_func ("/oa/process-edit/types-and-translations", test_types_and_translations);
  g_test_add_func ("/oa/process-edit/body-and-template", test_body_and_template);

  return g_test_run ();
}
