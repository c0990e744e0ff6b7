/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-error"

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
  return node;
}

static void
test_status (void)
{
  static const struct
  {
    SanheErrorKind kind;
    guint status;
    const char *code;
  } kinds[] = {
    { SANHE_ERROR_BAD_REQUEST, 400, SANHE_CODE_BAD_REQUEST },
    { SANHE_ERROR_UNAUTHORIZED, 401, SANHE_CODE_INVALID_TOKEN },
    { SANHE_ERROR_FORBIDDEN, 403, SANHE_CODE_FORBIDDEN },
    { SANHE_ERROR_NOT_FOUND, 404, SANHE_CODE_RECORD_NOT_FOUND },
    { SANHE_ERROR_METHOD_NOT_ALLOWED, 405, SANHE_CODE_METHOD_NOT_ALLOWED },
    { SANHE_ERROR_CONFLICT, 409, SANHE_CODE_CONFLICT },
    { SANHE_ERROR_TOO_LARGE, 413, SANHE_CODE_TOO_LARGE },
    { SANHE_ERROR_UNPROCESSABLE, 422, SANHE_CODE_VALIDATION },
    { SANHE_ERROR_TOO_MANY_REQUESTS, 429, SANHE_CODE_THROTTLED },
    { SANHE_ERROR_INTERNAL, 500, SANHE_CODE_INTERNAL },
    { SANHE_ERROR_UNAVAILABLE, 503, SANHE_CODE_DB_UNAVAILABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = g_strdup_printf ("Kind %u.", i);

      g_assert_cmpuint (sanhe_error_kind_to_status (kinds[i].kind), ==, kinds[i].status);
      /* Without a code of its own, an error has its kind's default code. */
      sanhe_set_error (&error, kinds[i].kind, NULL, NULL, "Kind %u.", i);
      g_assert_cmpuint (sanhe_error_get_status (error), ==, kinds[i].status);
      g_assert_cmpstr (sanhe_error_get_code (error), ==, kinds[i].code);
      g_assert_cmpstr (error->message, ==, message);
    }
}

static void
test_code_and_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  JsonNode *details;

  sanhe_set_error (&error, SANHE_ERROR_NOT_FOUND, "crm.opportunity.not_found", parse ("{\"id\": 12}"),
                   "Opportunity %d does not exist.", 12);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Opportunity 12 does not exist.");
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "crm.opportunity.not_found");
  g_assert_cmpuint (sanhe_error_get_status (error), ==, 404);
  details = sanhe_error_get_details (error);
  g_assert_nonnull (details);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (details), "id"), ==, 12);

  /* Copies carry code and details along (and free them on their own). */
  copy = g_error_copy (error);
  g_assert_cmpstr (sanhe_error_get_code (copy), ==, "crm.opportunity.not_found");
  g_assert_true (sanhe_error_get_details (copy) != details);
  g_assert_true (json_node_equal (sanhe_error_get_details (copy), details));
  g_clear_error (&error);
  g_assert_cmpstr (sanhe_error_get_code (copy), ==, "crm.opportunity.not_found");

  /* Ignored errors free their details. */
  sanhe_set_error (NULL, SANHE_ERROR_CONFLICT, "x", parse ("{\"a\": [1, 2, 3]}"), "Ignored.");
}

static void
test_foreign_error (void)
{
  g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "relation core.secret does not exist");
  g_autoptr(JsonNode) wire = sanhe_error_to_json (error);
  JsonObject *e = json_object_get_object_member (json_node_get_object (wire), "error");
  g_autofree char *text = sanhe_json_to_string (wire, FALSE);

  g_assert_cmpuint (sanhe_error_get_status (error), ==, 500);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_INTERNAL);
  g_assert_null (sanhe_error_get_details (error));
  g_assert_cmpstr (json_object_get_string_member (e, "code"), ==, SANHE_CODE_INTERNAL);
  /* Internal errors never leak what they were about. */
  g_assert_null (strstr (text, "core.secret"));
  g_assert_cmpstr (json_object_get_string_member (e, "message"), !=, "");
}

static void
test_to_json (void)
{
  g_autoptr(GError) plain = NULL;
  g_autoptr(GError) detailed = NULL;
  g_autoptr(JsonNode) w1 = NULL;
  g_autoptr(JsonNode) w2 = NULL;
  g_autoptr(JsonNode) expected1 = parse ("{\"error\": {\"code\": \"auth.forbidden\", \"message\": \"No.\"}}");
  g_autoptr(JsonNode) expected2 = parse ("{\"error\": {\"code\": \"validation.failed\", \"message\": \"Bad.\","
                                         " \"details\": {\"fields\": {\"a\": {\"code\": \"required\"}}}}}");

  sanhe_set_error (&plain, SANHE_ERROR_FORBIDDEN, SANHE_CODE_FORBIDDEN, NULL, "No.");
  w1 = sanhe_error_to_json (plain);
  g_assert_true (json_node_equal (w1, expected1));

  sanhe_set_error (&detailed, SANHE_ERROR_UNPROCESSABLE, SANHE_CODE_VALIDATION,
                   parse ("{\"fields\": {\"a\": {\"code\": \"required\"}}}"), "Bad.");
  w2 = sanhe_error_to_json (detailed);
  g_assert_true (json_node_equal (w2, expected2));
}

static void
test_from_json (void)
{
  g_autoptr(JsonNode) body = parse ("{\"error\": {\"code\": \"record.stale_version\","
                                    " \"message\": \"Someone changed it.\", \"details\": {\"version\": 3}}}");
  g_autoptr(GError) error = NULL;

  g_assert_false (sanhe_error_from_json (body, 409, &error));
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_CONFLICT);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_STALE_VERSION);
  g_assert_cmpstr (error->message, ==, "Someone changed it.");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sanhe_error_get_details (error)), "version"),
                   ==, 3);

  /* A body that is not an error envelope still makes an error of its status. */
  {
    static const struct
    {
      const char *body;
      guint status;
      SanheErrorKind kind;
      const char *code;
    } cases[] = {
      { "{}", 404, SANHE_ERROR_NOT_FOUND, SANHE_CODE_RECORD_NOT_FOUND },
      { "[1]", 503, SANHE_ERROR_UNAVAILABLE, SANHE_CODE_DB_UNAVAILABLE },
      { "{\"error\": \"text\"}", 429, SANHE_ERROR_TOO_MANY_REQUESTS, SANHE_CODE_THROTTLED },
      { "{\"error\": {}}", 418, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST },
      { "null", 502, SANHE_ERROR_INTERNAL, SANHE_CODE_INTERNAL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(JsonNode) node = parse (cases[i].body);
        g_autoptr(GError) e = NULL;

        g_test_message ("%u %s", cases[i].status, cases[i].body);
        g_assert_false (sanhe_error_from_json (node, cases[i].status, &e));
        g_assert_error (e, SANHE_ERROR, (gint) cases[i].kind);
        g_assert_cmpstr (sanhe_error_get_code (e), ==, cases[i].code);
        g_assert_cmpstr (e->message, !=, "");
      }
  }
  {
    g_autoptr(GError) e = NULL;

    g_assert_false (sanhe_error_from_json (NULL, 500, &e));
    g_assert_error (e, SANHE_ERROR, SANHE_ERROR_INTERNAL);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/status", test_status);
  g_test_add_func ("/error/code-and-details", test_code_and_details);
  g_test_add_func ("/error/foreign", test_foreign_error);
  g_test_add_func ("/error/to-json", test_to_json);
  g_test_add_func ("/error/from-json", test_from_json);

  return g_test_run ();
}
