/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-health-errors"

#include "config.h"

#include <string.h>

#include "test-common.h"

static const char * const small_body_args[] = { "--max-body", "1024", NULL };

/* Every error answer is {"error":{"code":…,"message":…,"details"?}} in JSON. */
static void
assert_error_envelope (SanheTestResponse *r)
{
  JsonObject *root = sanhe_test_object (r);
  JsonObject *error;
  const char *content_type;

  g_assert_nonnull (root);
  g_assert_true (json_object_has_member (root, "error"));
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (sanhe_test_error_code (r));
  g_assert_cmpstr (sanhe_test_member_string (error, "message"), !=, "");
  content_type = soup_message_headers_get_content_type (r->headers, NULL);
  g_assert_cmpstr (content_type, ==, "application/json");
  assert_request_id (r);
}

static void
test_health_ok (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SanheTestResponse) r = NULL;
  g_autoptr(SanheTestResponse) q = NULL;
  JsonObject *o;

  /* No token needed. */
  r = sanhe_test_request (f->server, "GET", "/api/v1/health", NULL, NULL);
  sanhe_test_assert_status (r, 200);
  o = sanhe_test_object (r);
  g_assert_nonnull (o);
  g_assert_cmpstr (sanhe_test_member_string (o, "status"), ==, "ok");
  g_assert_cmpstr (sanhe_test_member_string (o, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (sanhe_test_member_string (o, "database"), ==, "ok");
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  assert_request_id (r);

  /* A query string does not change the route. */
  q = sanhe_test_request (f->server, "GET", "/api/v1/health?probe=1", NULL, NULL);
  sanhe_test_assert_status (q, 200);
}

static void
test_route_not_found (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const paths[] = {
    "/api/v1/nope",
    "/api/v1/healthz",
    "/api/v2/health",
    "/api/v1/users/1/nothing-here",
    "/api/v1/",
    "/",
    NULL,
  };

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", paths[i], f->admin, NULL);

      g_test_message ("GET %s", paths[i]);
      sanhe_test_assert_error (r, 404, "route.not_found");
      assert_error_envelope (r);
    }
}

static void
assert_allow (SanheTestResponse  *r,
              const char * const *methods)
{
  const char *allow = soup_message_headers_get_list (r->headers, "Allow");
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (allow);
  parts = g_strsplit (allow, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  for (guint i = 0; methods[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) parts, methods[i]))
      g_error ("Allow: %s lacks %s", allow, methods[i]);
}

static void
test_method_not_allowed (Fixture       *f,
                         gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *allowed[4];
  } cases[] = {
    { "DELETE", "/api/v1/health", { "GET", NULL } },
    { "POST", "/api/v1/health", { "GET", NULL } },
    { "PUT", "/api/v1/users", { "GET", "POST", NULL } },
    { "DELETE", "/api/v1/users", { "GET", "POST", NULL } },
    { "POST", "/api/v1/me", { "GET", NULL } },
    { "PUT", "/api/v1/session", { "POST", "DELETE", NULL } },
    { "GET", "/api/v1/session", { "POST", "DELETE", NULL } },
    { "PUT", "/api/v1/departments", { "GET", "POST", NULL } },
    { "DELETE", "/api/v1/roles", { "GET", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      r = sanhe_test_request (f->server, cases[i].method, cases[i].path, f->admin, NULL);
      sanhe_test_assert_error (r, 405, "route.method_not_allowed");
      assert_error_envelope (r);
      assert_allow (r, cases[i].allowed);
    }
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *path;
    gboolean auth;
    const char *body;
  } cases[] = {
    { "POST", "/api/v1/session", FALSE, "{" },
    { "POST", "/api/v1/session", FALSE, "{\"login\": \"admin\", \"password\": " },
    { "POST", "/api/v1/session", FALSE, "login=admin&password=x" },
    { "POST", "/api/v1/session", FALSE, "" },
    { "POST", "/api/v1/session", FALSE, "[\"admin\", \"x\"]" },
    { "POST", "/api/v1/session", FALSE, "\"admin\"" },
    { "POST", "/api/v1/users", TRUE, "not json" },
    { "POST", "/api/v1/users", TRUE, "{\"login\": \"a\",}" },
    { "POST", "/api/v1/users", TRUE, "{\"login\": \"\xff\xfe\"}" },
    { "PATCH", "/api/v1/users/1", TRUE, "{,}" },
  };
  g_autoptr(JsonNode) users_before = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  g_autoptr(JsonNode) users_after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body);
      r = sanhe_test_request (f->server, cases[i].method, cases[i].path,
                              cases[i].auth ? f->admin : NULL, cases[i].body);
      sanhe_test_assert_error (r, 400, "request.malformed_json");
      assert_error_envelope (r);
    }

  users_after = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  sanhe_test_assert_json_equal (users_before, users_after, "the user list");
}

/* A login attempt of exactly @size bytes: a wrong password, then blanks
 * (JSON allows them), so only the size decides what the server says. */
static char *
padded_login_body (gsize size)
{
  g_autofree char *body = sanhe_test_body ("s:login", "admin", "s:password", "wrong-password", NULL);
  gsize length = strlen (body);
  char *padded;

  g_assert_cmpuint (size, >, length);
  padded = g_malloc (size + 1);
  memcpy (padded, body, length - 1);              /* without the closing brace */
  memset (padded + length - 1, ' ', size - length);
  padded[size - 1] = '}';
  padded[size] = '\0';
  return padded;
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *at_limit = padded_login_body (1024);
  g_autofree char *over = padded_login_body (1025);
  g_autofree char *huge = padded_login_body (64 * 1024);
  g_autofree char *user = NULL;
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  g_autoptr(SanheTestResponse) r4 = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;

  g_assert_cmpuint (strlen (at_limit), ==, 1024);
  g_assert_cmpuint (strlen (over), ==, 1025);

  /* Exactly --max-body bytes is still read and judged on its content. */
  r1 = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, at_limit);
  sanhe_test_assert_error (r1, 401, "auth.invalid_credentials");

  r2 = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, over);
  sanhe_test_assert_error (r2, 413, "request.too_large");
  assert_error_envelope (r2);

  r3 = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, huge);
  sanhe_test_assert_error (r3, 413, "request.too_large");

  /* An authenticated write too, and it creates nothing. */
  before = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  {
    g_autofree char *name = g_strnfill (4000, 'n');
    user = sanhe_test_body ("s:login", "bigbody", "s:name", name, "s:email", "big@example.com",
                            "s:password", "big-body-password", NULL);
  }
  r4 = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, user);
  sanhe_test_assert_error (r4, 413, "request.too_large");
  after = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  sanhe_test_assert_json_equal (before, after, "the user list");
}

static void
test_too_large_default (Fixture       *f,
                        gconstpointer  data)
{
  /* The default limit is 1 MiB. */
  g_autofree char *over = padded_login_body (1048576 + 1);
  g_autofree char *under = padded_login_body (512 * 1024);
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;

  r1 = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, over);
  sanhe_test_assert_error (r1, 413, "request.too_large");
  r2 = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, under);
  sanhe_test_assert_error (r2, 401, "auth.invalid_credentials");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  JsonNode *details;
  JsonObject *fields;
  JsonObject *problem;

  r1 = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, "{}");
  sanhe_test_assert_field_error (r1, "login", "required");
  sanhe_test_assert_field_error (r1, "name", "required");
  assert_error_envelope (r1);

  /* Every field problem has a code and a human message. */
  details = sanhe_test_error_details (r1);
  g_assert_nonnull (details);
  fields = json_object_get_object_member (json_node_get_object (details), "fields");
  g_assert_nonnull (fields);
  problem = json_object_get_object_member (fields, "login");
  g_assert_nonnull (problem);
  g_assert_cmpstr (sanhe_test_member_string (problem, "message"), !=, "");

  r2 = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin,
                           "{\"login\": \"val1\", \"name\": \"Val\", \"email\": \"val1@example.com\","
                           " \"password\": \"long-enough-password\", \"shoe_size\": 44}");
  sanhe_test_assert_field_error (r2, "shoe_size", "unknown_field");
  /* Only the bad field is named. */
  g_assert_null (sanhe_test_field_code (r2, "login"));
  g_assert_null (sanhe_test_field_code (r2, "name"));
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const authorizations[] = {
    NULL,
    "Bearer",
    "Bearer ",
    "Bearer not-a-token",
    "Bearer 0000000000000000000000000000000000000000000000000000000000000000",
    "Basic YWRtaW46YWRtaW4=",
  };

  for (guint i = 0; i < G_N_ELEMENTS (authorizations); i++)
    {
      const char *headers[] = { "Authorization", authorizations[i], NULL };
      g_autoptr(SanheTestResponse) r = NULL;

      g_test_message ("Authorization: %s", authorizations[i] ? authorizations[i] : "(none)");
      r = sanhe_test_request_raw (f->server, "GET", "/api/v1/me", NULL, NULL, NULL, 0,
                                  authorizations[i] ? headers : NULL);
      sanhe_test_assert_error (r, 401, "auth.invalid_token");
      assert_error_envelope (r);
    }

  /* A real token with one character changed is not a token. */
  {
    g_autofree char *flipped = g_strdup (f->admin);
    g_autoptr(SanheTestResponse) r = NULL;

    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    r = sanhe_test_request (f->server, "GET", "/api/v1/me", flipped, NULL);
    sanhe_test_assert_error (r, 401, "auth.invalid_token");
  }

  /* Protected routes all say so. */
  {
    static const char * const paths[] = {
      "/api/v1/users", "/api/v1/departments", "/api/v1/roles", "/api/v1/permissions",
      "/api/v1/audit?entity=core.user&entity_id=1", "/api/v1/users/1", NULL,
    };

    for (guint i = 0; paths[i] != NULL; i++)
      {
        g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", paths[i], NULL, NULL);

        g_test_message ("GET %s without a token", paths[i]);
        sanhe_test_assert_error (r, 401, "auth.invalid_token");
      }
  }
}

static void
test_request_id (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func ((GDestroyNotify) sanhe_test_response_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *token = sanhe_test_login (f->server, "admin", f->server->admin_password);
  g_autofree char *user = sanhe_test_body ("s:login", "reqid", "s:name", "Request Id",
                                           "s:email", "reqid@example.com",
                                           "s:password", "request-id-password", NULL);
  guint statuses[] = { 200, 201, 204, 400, 401, 404, 405, 422 };

  g_ptr_array_add (responses, sanhe_test_request (f->server, "GET", "/api/v1/health", NULL, NULL));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, user));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "DELETE", "/api/v1/session", token, NULL));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, "{"));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "GET", "/api/v1/me", NULL, NULL));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "GET", "/api/v1/nope", f->admin, NULL));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "DELETE", "/api/v1/health", NULL, NULL));
  g_ptr_array_add (responses, sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, "{}"));

  for (guint i = 0; i < responses->len; i++)
    {
      SanheTestResponse *r = g_ptr_array_index (responses, i);
      const char *id;

      sanhe_test_assert_status (r, statuses[i]);
      assert_request_id (r);
      id = soup_message_headers_get_one (r->headers, "X-Request-Id");
      /* Each request has its own id. */
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
}

static void
test_health_repeated (Fixture       *f,
                      gconstpointer  data)
{
  /* Keep-alive connections and many requests in a row stay healthy. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", "/api/v1/health", NULL, NULL);

      sanhe_test_assert_status (r, 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/health/ok", test_health_ok);
  ADD_TEST ("/health/repeated", test_health_repeated);
  ADD_TEST ("/errors/route-not-found", test_route_not_found);
  ADD_TEST ("/errors/method-not-allowed", test_method_not_allowed);
  ADD_TEST ("/errors/malformed-json", test_malformed_json);
  ADD_TEST_ARGS ("/errors/too-large", small_body_args, test_too_large);
  ADD_TEST ("/errors/too-large-default", test_too_large_default);
  ADD_TEST ("/errors/validation", test_validation);
  ADD_TEST ("/errors/unauthorized", test_unauthorized);
  ADD_TEST ("/errors/request-id", test_request_id);

  return g_test_run ();
}
