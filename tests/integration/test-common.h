/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <locale.h>

#include "sanhe-test-server.h"

/*
 * The fixture of most integration tests: a fresh server on its own database
 * and the admin's token. Tests that need flags pass them as the test data
 * (a NULL-terminated array of strings).
 */
typedef struct
{
  SanheTestServer *server;
  char *admin;      /* admin's token */
  gint64 admin_id;
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SanheTestResponse) me = NULL;

  f->server = sanhe_test_server_start (data);
  f->admin = sanhe_test_login (f->server, "admin", f->server->admin_password);
  me = sanhe_test_request (f->server, "GET", "/api/v1/me", f->admin, NULL);
  sanhe_test_assert_status (me, 200);
  f->admin_id = sanhe_test_member_int (sanhe_test_object (me), "id");
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->admin, g_free);
  g_clear_pointer (&f->server, sanhe_test_server_stop);
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
#define ADD_TEST_ARGS(path, args, func) \
  g_test_add ((path), Fixture, (args), fixture_setup, (func), fixture_teardown)

static inline void
sanhe_integration_init (int    *argc,
                        char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
}

/* The current version and updated_at of a record, for a PATCH. */
static inline gint64
get_version (SanheTestServer *server,
             const char      *token,
             const char      *path)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (server, "GET", path, token, NULL);

  sanhe_test_assert_status (r, 200);
  return sanhe_test_member_int (sanhe_test_object (r), "version");
}

/* Permissions of a role from GET /api/v1/roles; NULL if the role is absent. */
static inline GStrv
role_permissions (JsonNode   *roles,
                  const char *key)
{
  JsonObject *role = sanhe_test_find_by_string (roles, "key", key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *perms;

  if (role == NULL)
    return NULL;
  perms = json_object_get_array_member (role, "permissions");
  g_assert_nonnull (perms);
  for (guint i = 0; i < json_array_get_length (perms); i++)
    g_strv_builder_add (builder, json_array_get_string_element (perms, i));
  return g_strv_builder_end (builder);
}

/* The "items" of GET /api/v1/roles. */
static inline JsonNode *
list_roles (SanheTestServer *server,
            const char      *token)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (server, "GET", "/api/v1/roles", token, NULL);
  JsonNode *items;

  sanhe_test_assert_status (r, 200);
  items = json_object_get_member (sanhe_test_object (r), "items");
  g_assert_nonnull (items);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (items));
  return json_node_copy (items);
}

/* Asserts that a JSON array holds exactly the given strings, in any order. */
static inline void
assert_string_set (JsonArray          *array,
                   const char * const *expected)
{
  guint n = 0;

  g_assert_nonnull (array);
  for (guint i = 0; expected[i] != NULL; i++, n++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (array) && !found; j++)
        found = g_strcmp0 (json_array_get_string_element (array, j), expected[i]) == 0;
      if (!found)
        g_error ("'%s' missing from the array", expected[i]);
    }
  g_assert_cmpuint (json_array_get_length (array), ==, n);
}

static inline gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (element), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static inline void
assert_request_id (SanheTestResponse *r)
{
  const char *id = soup_message_headers_get_one (r->headers, "X-Request-Id");

  if (id == NULL || *id == '\0')
    g_error ("Response with status %u has no X-Request-Id header", r->status);
}
