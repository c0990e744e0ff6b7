/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = sanhe_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The per-field code a validation error names for @field, or NULL. */
static const char *
field_code (const GError *error,
            const char   *field)
{
  JsonNode *details = sanhe_error_get_details (error);
  JsonObject *fields;
  JsonObject *problem;

  g_assert_nonnull (details);
  fields = json_object_get_object_member (json_node_get_object (details), "fields");
  g_assert_nonnull (fields);
  if (!json_object_has_member (fields, field))
    return NULL;
  problem = json_object_get_object_member (fields, field);
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), !=, "");
  return json_object_get_string_member (problem, "code");
}

static guint
field_count (const GError *error)
{
  JsonNode *details = sanhe_error_get_details (error);

  return json_object_get_size (json_object_get_object_member (json_node_get_object (details), "fields"));
}

static SanheFields *
fields_for (JsonNode           *body,
            const char * const *allowed)
{
  g_autoptr(GError) error = NULL;
  SanheFields *fields = sanhe_fields_new (body, allowed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (fields);
  return fields;
}

static void
assert_malformed (const GError *error)
{
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_BAD_REQUEST);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_MALFORMED_JSON);
  g_assert_cmpuint (sanhe_error_get_status (error), ==, 400);
}

static void
test_parse (void)
{
  g_autoptr(JsonNode) object = parse ("{\"a\": 1, \"b\": [true, null, \"x\"]}");
  g_autoptr(JsonNode) scalar = parse ("42");
  /* A request body is not NUL-terminated: only @length bytes count. */
  const char buffer[] = "{\"a\": 1}GARBAGE";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bounded = sanhe_json_parse (buffer, 8, &error);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (object), "a"), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_VALUE (scalar));
  g_assert_no_error (error);
  g_assert_nonnull (bounded);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (bounded), "a"), ==, 1);
}

static void
test_parse_bad (void)
{
  static const char * const bad[] = {
    "{", "}", "{\"a\": }", "{\"a\": 1,}", "[1, 2", "nope", "{\"a\": 01x}",
    "{\"a\": \"\xff\xfe\"}",  /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sanhe_json_parse (bad[i], strlen (bad[i]), &error);

      g_test_message ("reject %s", bad[i]);
      g_assert_null (node);
      assert_malformed (error);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (sanhe_json_parse (NULL, 0, &error));
    assert_malformed (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (sanhe_json_parse ("{}", 0, &error));
    assert_malformed (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (sanhe_json_parse ("   ", 3, &error));
    assert_malformed (error);
  }
  /* Errors may be ignored without leaking. */
  g_assert_null (sanhe_json_parse ("{", 1, NULL));
}

static void
test_to_string (void)
{
  g_autoptr(JsonNode) node = parse ("{\"name\": \"张三\", \"n\": 1, \"list\": [\"a\"], \"none\": null}");
  g_autofree char *compact = sanhe_json_to_string (node, FALSE);
  g_autofree char *pretty = sanhe_json_to_string (node, TRUE);
  g_autoptr(JsonNode) again = parse (compact);
  g_autoptr(JsonNode) again_pretty = parse (pretty);

  g_assert_null (strchr (compact, '\n'));
  g_assert_nonnull (strchr (pretty, '\n'));
  g_assert_true (json_node_equal (node, again));
  g_assert_true (json_node_equal (node, again_pretty));
}

static void
test_path_node (void)
{
  g_autoptr(JsonNode) node = parse ("{\"a\": {\"b\": 2}, \"n\": null}");
  g_autoptr(JsonNode) array = parse ("[1]");
  JsonNode *a = sanhe_json_object_get_path_node (node, "a");

  g_assert_nonnull (a);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (a));
  g_assert_cmpint (json_node_get_int (sanhe_json_object_get_path_node (a, "b")), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_NULL (sanhe_json_object_get_path_node (node, "n")));
  g_assert_null (sanhe_json_object_get_path_node (node, "missing"));
  g_assert_null (sanhe_json_object_get_path_node (array, "a"));
  g_assert_null (sanhe_json_object_get_path_node (NULL, "a"));
}

/* The strict accessors answer NULL, without a warning, for what is
 * missing, null or of another type; values of the right type come back
 * as the document holds them. */
static void
test_strict_accessors (void)
{
  g_autoptr(JsonNode) node = parse ("{\"s\": \"text\", \"empty\": \"\", \"i\": 7, \"n\": null,"
                                    " \"o\": {\"k\": \"v\"}, \"a\": [{\"x\": 1}, \"y\", null]}");
  JsonObject *object = json_node_get_object (node);
  JsonObject *inner;
  JsonArray *array;

  g_assert_cmpstr (sanhe_json_object_get_string (object, "s"), ==, "text");
  g_assert_cmpstr (sanhe_json_object_get_string (object, "empty"), ==, "");
  g_assert_null (sanhe_json_object_get_string (object, "i"));
  g_assert_null (sanhe_json_object_get_string (object, "n"));
  g_assert_null (sanhe_json_object_get_string (object, "o"));
  g_assert_null (sanhe_json_object_get_string (object, "missing"));
  g_assert_null (sanhe_json_object_get_string (NULL, "s"));

  g_assert_cmpstr (sanhe_json_node_get_string (json_object_get_member (object, "s")), ==, "text");
  g_assert_null (sanhe_json_node_get_string (json_object_get_member (object, "i")));
  g_assert_null (sanhe_json_node_get_string (json_object_get_member (object, "n")));
  g_assert_null (sanhe_json_node_get_string (NULL));

  inner = sanhe_json_object_get_object (object, "o");
  g_assert_true (inner == json_object_get_object_member (object, "o"));
  g_assert_cmpstr (sanhe_json_object_get_string (inner, "k"), ==, "v");
  g_assert_null (sanhe_json_object_get_object (object, "a"));
  g_assert_null (sanhe_json_object_get_object (object, "n"));
  g_assert_null (sanhe_json_object_get_object (object, "missing"));
  g_assert_null (sanhe_json_object_get_object (NULL, "o"));

  array = sanhe_json_object_get_array (object, "a");
  g_assert_true (array == json_object_get_array_member (object, "a"));
  g_assert_null (sanhe_json_object_get_array (object, "o"));
  g_assert_null (sanhe_json_object_get_array (object, "n"));
  g_assert_null (sanhe_json_object_get_array (object, "missing"));
  g_assert_null (sanhe_json_object_get_array (NULL, "a"));

  g_assert_true (sanhe_json_array_get_object (array, 0) == json_array_get_object_element (array, 0));
  g_assert_null (sanhe_json_array_get_object (array, 1));
  g_assert_null (sanhe_json_array_get_object (array, 2));
  g_assert_null (sanhe_json_array_get_object (array, 3));
  g_assert_null (sanhe_json_array_get_object (NULL, 0));
}

static void
test_fields_not_object (void)
{
  static const char * const bodies[] = { "[]", "1", "\"x\"", "null", "true" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse (bodies[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SanheFields) fields = sanhe_fields_new (body, NULL, &error);

      g_assert_null (fields);
      assert_malformed (error);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (sanhe_fields_new (NULL, NULL, &error));
    assert_malformed (error);
  }
}

static void
test_fields_valid (void)
{
  static const char * const allowed[] = { "name", "count", "id", "on", "tags", "note", "parent", NULL };
  g_autoptr(JsonNode) body = parse ("{\"name\": \"Ann\", \"count\": -3, \"id\": 7, \"on\": false,"
                                    " \"tags\": [\"a\", \"b\"], \"note\": null, \"parent\": null}");
  g_autoptr(SanheFields) fields = fields_for (body, allowed);
  g_auto(GStrv) tags = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sanhe_fields_get_string (fields, "name", SANHE_FIELD_MANDATORY, 10), ==, "Ann");
  g_assert_cmpint (sanhe_fields_get_int (fields, "count", SANHE_FIELD_MANDATORY), ==, -3);
  g_assert_cmpint (sanhe_fields_get_id (fields, "id", SANHE_FIELD_MANDATORY), ==, 7);
  g_assert_false (sanhe_fields_get_boolean (fields, "on", SANHE_FIELD_OPTIONAL, TRUE));
  tags = sanhe_fields_get_strv (fields, "tags", SANHE_FIELD_OPTIONAL);
  g_assert_cmpstrv (tags, ((const char * const []) { "a", "b", NULL }));

  /* Nullable fields: null is a value; absent fields are just absent. */
  g_assert_null (sanhe_fields_get_string (fields, "note", SANHE_FIELD_NULLABLE, 0));
  g_assert_true (sanhe_fields_is_null (fields, "note"));
  g_assert_true (sanhe_fields_has (fields, "note"));
  g_assert_cmpint (sanhe_fields_get_id (fields, "parent", SANHE_FIELD_MANDATORY | SANHE_FIELD_NULLABLE), ==, 0);
  g_assert_false (sanhe_fields_has (fields, "absent"));
  g_assert_false (sanhe_fields_is_null (fields, "absent"));
  g_assert_null (sanhe_fields_get_string (fields, "absent", SANHE_FIELD_OPTIONAL, 0));
  g_assert_cmpint (sanhe_fields_get_int (fields, "absent", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_true (sanhe_fields_get_boolean (fields, "absent", SANHE_FIELD_OPTIONAL, TRUE));
  g_assert_null (sanhe_fields_get_strv (fields, "absent", SANHE_FIELD_OPTIONAL));

  g_assert_true (sanhe_fields_is_valid (fields, "name"));
  g_assert_true (sanhe_fields_check (fields, &error));
  g_assert_no_error (error);
}

static void
test_fields_problems (void)
{
  static const char * const allowed[] = {
    "s_missing", "s_empty", "s_number", "s_null", "s_long", "s_fits", "i_double", "i_string", "i_bool",
    "id_zero", "id_negative", "id_string", "b_string", "v_string", "v_mixed", "v_empty", NULL,
  };
  g_autoptr(JsonNode) body = parse ("{\"s_empty\": \"\", \"s_number\": 5, \"s_null\": null,"
                                    " \"s_long\": \"张三丰x\", \"s_fits\": \"张三丰\","
                                    " \"i_double\": 1.5, \"i_string\": \"5\", \"i_bool\": true,"
                                    " \"id_zero\": 0, \"id_negative\": -1, \"id_string\": \"7\","
                                    " \"b_string\": \"true\", \"v_string\": \"a\", \"v_mixed\": [\"a\", 1],"
                                    " \"v_empty\": [], \"extra\": 1, \"another\": {}}");
  g_autoptr(SanheFields) fields = fields_for (body, allowed);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) empty = NULL;

  g_assert_null (sanhe_fields_get_string (fields, "s_missing", SANHE_FIELD_MANDATORY, 0));
  g_assert_null (sanhe_fields_get_string (fields, "s_empty", SANHE_FIELD_MANDATORY, 0));
  g_assert_null (sanhe_fields_get_string (fields, "s_number", SANHE_FIELD_OPTIONAL, 0));
  g_assert_null (sanhe_fields_get_string (fields, "s_null", SANHE_FIELD_OPTIONAL, 0));
  g_assert_null (sanhe_fields_get_string (fields, "s_long", SANHE_FIELD_OPTIONAL, 3));
  /* Length counts characters, not bytes. */
  g_assert_cmpstr (sanhe_fields_get_string (fields, "s_fits", SANHE_FIELD_OPTIONAL, 3), ==, "张三丰");
  g_assert_cmpint (sanhe_fields_get_int (fields, "i_double", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_cmpint (sanhe_fields_get_int (fields, "i_string", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_cmpint (sanhe_fields_get_int (fields, "i_bool", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_cmpint (sanhe_fields_get_id (fields, "id_zero", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_cmpint (sanhe_fields_get_id (fields, "id_negative", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_cmpint (sanhe_fields_get_id (fields, "id_string", SANHE_FIELD_OPTIONAL), ==, 0);
  g_assert_true (sanhe_fields_get_boolean (fields, "b_string", SANHE_FIELD_OPTIONAL, TRUE));
  g_assert_null (sanhe_fields_get_strv (fields, "v_string", SANHE_FIELD_OPTIONAL));
  g_assert_null (sanhe_fields_get_strv (fields, "v_mixed", SANHE_FIELD_OPTIONAL));
  empty = sanhe_fields_get_strv (fields, "v_empty", SANHE_FIELD_OPTIONAL);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);

  g_assert_false (sanhe_fields_is_valid (fields, "s_empty"));
  g_assert_true (sanhe_fields_is_valid (fields, "s_fits"));
  g_assert_false (sanhe_fields_check (fields, &error));
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_VALIDATION);
  g_assert_cmpuint (sanhe_error_get_status (error), ==, 422);

  g_assert_cmpstr (field_code (error, "s_missing"), ==, SANHE_FIELD_REQUIRED);
  g_assert_cmpstr (field_code (error, "s_empty"), ==, SANHE_FIELD_REQUIRED);
  g_assert_cmpstr (field_code (error, "s_number"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "s_null"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "s_long"), ==, SANHE_FIELD_TOO_LONG);
  g_assert_null (field_code (error, "s_fits"));
  g_assert_cmpstr (field_code (error, "i_double"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "i_string"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "i_bool"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "id_zero"), ==, SANHE_FIELD_INVALID);
  g_assert_cmpstr (field_code (error, "id_negative"), ==, SANHE_FIELD_INVALID);
  g_assert_cmpstr (field_code (error, "id_string"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "b_string"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "v_string"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "v_mixed"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_null (field_code (error, "v_empty"));
  g_assert_cmpstr (field_code (error, "extra"), ==, SANHE_FIELD_UNKNOWN);
  g_assert_cmpstr (field_code (error, "another"), ==, SANHE_FIELD_UNKNOWN);
  g_assert_cmpuint (field_count (error), ==, 16);
}

static void
test_fields_mandatory_nullable (void)
{
  g_autoptr(JsonNode) body = parse ("{\"present\": null}");
  g_autoptr(SanheFields) fields = fields_for (body, NULL);
  g_autoptr(GError) error = NULL;

  /* Mandatory + nullable: must be named, null is fine. */
  g_assert_cmpint (sanhe_fields_get_id (fields, "present", SANHE_FIELD_MANDATORY | SANHE_FIELD_NULLABLE), ==, 0);
  g_assert_cmpint (sanhe_fields_get_id (fields, "absent", SANHE_FIELD_MANDATORY | SANHE_FIELD_NULLABLE), ==, 0);
  g_assert_false (sanhe_fields_check (fields, &error));
  g_assert_null (field_code (error, "present"));
  g_assert_cmpstr (field_code (error, "absent"), ==, SANHE_FIELD_REQUIRED);
  g_assert_cmpuint (field_count (error), ==, 1);
}

static void
test_fields_first_problem_wins (void)
{
  static const char * const allowed[] = { "x", NULL };
  g_autoptr(JsonNode) body = parse ("{\"x\": 5, \"y\": 1}");
  g_autoptr(SanheFields) fields = fields_for (body, allowed);
  g_autoptr(GError) error = NULL;

  /* y is already unknown; reading it as something does not change that. */
  g_assert_cmpint (sanhe_fields_get_int (fields, "y", SANHE_FIELD_MANDATORY), ==, 0);
  g_assert_null (sanhe_fields_get_string (fields, "x", SANHE_FIELD_MANDATORY, 0));
  /* A second read of a rejected field adds nothing. */
  g_assert_null (sanhe_fields_get_string (fields, "x", SANHE_FIELD_MANDATORY, 0));
  sanhe_fields_reject (fields, "x", SANHE_FIELD_TAKEN, "Later.");
  g_assert_false (sanhe_fields_check (fields, &error));
  g_assert_cmpstr (field_code (error, "x"), ==, SANHE_FIELD_WRONG_TYPE);
  g_assert_cmpstr (field_code (error, "y"), ==, SANHE_FIELD_UNKNOWN);
  g_assert_cmpuint (field_count (error), ==, 2);
}

static void
test_fields_reject (void)
{
  g_autoptr(JsonNode) body = parse ("{\"login\": \"admin\"}");
  g_autoptr(SanheFields) fields = fields_for (body, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sanhe_fields_get_string (fields, "login", SANHE_FIELD_MANDATORY, 64), ==, "admin");
  g_assert_true (sanhe_fields_is_valid (fields, "login"));
  sanhe_fields_reject (fields, "login", SANHE_FIELD_TAKEN, "This login is taken.");
  g_assert_false (sanhe_fields_is_valid (fields, "login"));
  g_assert_false (sanhe_fields_check (fields, &error));
  g_assert_cmpstr (field_code (error, "login"), ==, SANHE_FIELD_TAKEN);

  /* The error travels through the wire format intact. */
  {
    g_autoptr(JsonNode) wire = sanhe_error_to_json (error);
    g_autoptr(GError) back = NULL;

    g_assert_false (sanhe_error_from_json (wire, 422, &back));
    g_assert_cmpstr (sanhe_error_get_code (back), ==, SANHE_CODE_VALIDATION);
    g_assert_cmpstr (field_code (back, "login"), ==, SANHE_FIELD_TAKEN);
  }
}

static void
test_validation_fail (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sanhe_validation_fail (&error, "parent_id", SANHE_FIELD_CYCLE, "That would make a loop."));
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_VALIDATION);
  g_assert_cmpstr (field_code (error, "parent_id"), ==, SANHE_FIELD_CYCLE);
  g_assert_cmpuint (field_count (error), ==, 1);

  /* Ignoring the error is allowed and leaks nothing. */
  g_assert_false (sanhe_validation_fail (NULL, "x", SANHE_FIELD_INVALID, "Ignored."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/ok", test_parse);
  g_test_add_func ("/json/parse/bad", test_parse_bad);
  g_test_add_func ("/json/to-string", test_to_string);
  g_test_add_func ("/json/path-node", test_path_node);
  g_test_add_func ("/json/strict-accessors", test_strict_accessors);
  g_test_add_func ("/json/fields/not-object", test_fields_not_object);
  g_test_add_func ("/json/fields/valid", test_fields_valid);
  g_test_add_func ("/json/fields/problems", test_fields_problems);
  g_test_add_func ("/json/fields/mandatory-nullable", test_fields_mandatory_nullable);
  g_test_add_func ("/json/fields/first-problem-wins", test_fields_first_problem_wins);
  g_test_add_func ("/json/fields/reject", test_fields_reject);
  g_test_add_func ("/json/validation-fail", test_validation_fail);

  return g_test_run ();
}
