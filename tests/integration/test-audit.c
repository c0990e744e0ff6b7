/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-audit"

#include "config.h"

#include <string.h>

#include "test-common.h"

static JsonNode *
audit_of (Fixture    *f,
          const char *entity,
          gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=%s&entity_id=%" G_GINT64_FORMAT, entity, id);

  return sanhe_test_list_all (f->server, f->admin, path);
}

static guint
count (JsonNode *array)
{
  return json_array_get_length (json_node_get_array (array));
}

/* The first entry with @action, checked for shape on the way. */
static JsonObject *
find_action (JsonNode   *entries,
             const char *action,
             guint       nth)
{
  JsonArray *a = json_node_get_array (entries);

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *e = json_array_get_object_element (a, i);

      if (g_strcmp0 (sanhe_test_member_string (e, "action"), action) == 0 && nth-- == 0)
        return e;
    }
  return NULL;
}

/* entity_id is the record's id as a number, or as text (roles are keyed
 * by text, so a text column serves every entity). */
static void
assert_entity_id (JsonObject *e,
                  gint64      expected)
{
  JsonNode *node = json_object_get_member (e, "entity_id");
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, expected);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    g_assert_cmpint (json_node_get_int (node), ==, expected);
  else
    g_assert_cmpstr (sanhe_test_member_string (e, "entity_id"), ==, text);
}

static void
assert_entry (JsonObject *e,
              const char *entity,
              gint64      entity_id,
              gint64      actor_id,
              const char *request_id)
{
  JsonObject *actor;

  g_assert_nonnull (e);
  g_assert_cmpint (sanhe_test_member_int (e, "id"), >, 0);
  sanhe_test_assert_timestamp (sanhe_test_member_string (e, "at"));
  g_assert_cmpstr (sanhe_test_member_string (e, "entity"), ==, entity);
  assert_entity_id (e, entity_id);
  actor = json_object_get_object_member (e, "actor");
  g_assert_nonnull (actor);
  g_assert_cmpint (sanhe_test_member_int (actor, "id"), ==, actor_id);
  g_assert_cmpstr (sanhe_test_member_string (actor, "name"), !=, "");
  g_assert_cmpstr (sanhe_test_member_string (e, "request_id"), ==, request_id);
  g_assert_true (json_object_has_member (e, "before"));
  g_assert_true (json_object_has_member (e, "after"));
}

static const char *
request_id (SanheTestResponse *r)
{
  const char *id = soup_message_headers_get_one (r->headers, "X-Request-Id");

  g_assert_nonnull (id);
  return id;
}

/* The entry whose request_id is @rid. */
static JsonObject *
find_request (JsonNode   *entries,
              const char *rid)
{
  return sanhe_test_find_by_string (entries, "request_id", rid);
}

static void
test_user_trail (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  g_autofree char *create = sanhe_test_body ("s:login", "audited", "s:name", "Audited Person",
                                             "s:email", "audited@example.com",
                                             "s:password", "audited-password-1", "v:roles", roles, NULL);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, create);
  g_autoptr(SanheTestResponse) renamed = NULL;
  g_autoptr(SanheTestResponse) rotated = NULL;
  g_autoptr(JsonNode) trail = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *rotate = NULL;
  JsonObject *e;
  JsonObject *before;
  JsonObject *after;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  id = sanhe_test_member_int (sanhe_test_object (created), "id");
  path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);

  trail = audit_of (f, "core.user", id);
  g_assert_cmpuint (count (trail), ==, 1);
  e = find_action (trail, "create", 0);
  assert_entry (e, "core.user", id, f->admin_id, request_id (created));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (e, "before")));
  after = json_object_get_object_member (e, "after");
  g_assert_nonnull (after);
  g_assert_cmpstr (sanhe_test_member_string (after, "login"), ==, "audited");
  g_assert_cmpstr (sanhe_test_member_string (after, "name"), ==, "Audited Person");
  g_clear_pointer (&trail, json_node_unref);

  rename = sanhe_test_body ("s:name", "Audited Renamed",
                            "i:version", sanhe_test_member_int (sanhe_test_object (created), "version"), NULL);
  renamed = sanhe_test_request (f->server, "PATCH", path, f->admin, rename);
  sanhe_test_assert_status (renamed, 200);

  trail = audit_of (f, "core.user", id);
  g_assert_cmpuint (count (trail), ==, 2);
  e = find_action (trail, "update", 0);
  assert_entry (e, "core.user", id, f->admin_id, request_id (renamed));
  before = json_object_get_object_member (e, "before");
  after = json_object_get_object_member (e, "after");
  g_assert_nonnull (before);
  g_assert_nonnull (after);
  g_assert_cmpstr (sanhe_test_member_string (before, "name"), ==, "Audited Person");
  g_assert_cmpstr (sanhe_test_member_string (after, "name"), ==, "Audited Renamed");
  g_clear_pointer (&trail, json_node_unref);

  /* A password change is a mutation too, and its trail holds no secret. */
  rotate = sanhe_test_body ("s:password", "audited-password-2",
                            "i:version", sanhe_test_member_int (sanhe_test_object (renamed), "version"), NULL);
  rotated = sanhe_test_request (f->server, "PATCH", path, f->admin, rotate);
  sanhe_test_assert_status (rotated, 200);

  trail = audit_of (f, "core.user", id);
  g_assert_cmpuint (count (trail), ==, 3);
  e = find_request (trail, request_id (rotated));
  assert_entry (e, "core.user", id, f->admin_id, request_id (rotated));
  g_assert_cmpstr (sanhe_test_member_string (e, "action"), ==, "update");
  g_assert_false (sanhe_test_json_mentions_secret (trail));
  {
    g_autofree char *text = sanhe_test_to_string (trail);

    g_assert_null (strstr (text, "audited-password"));
  }

  /* Every entry is of this user: the filter filters. */
  for (guint i = 0; i < count (trail); i++)
    {
      JsonObject *entry = json_array_get_object_element (json_node_get_array (trail), i);

      g_assert_cmpstr (sanhe_test_member_string (entry, "entity"), ==, "core.user");
      assert_entity_id (entry, id);
    }
}

static void
test_actor_is_the_writer (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const hr[] = { "hr", NULL };
  static const char * const employee[] = { "employee", NULL };
  gint64 clerk = sanhe_test_create_user (f->server, f->admin, "clerk", "clerk-password", hr);
  g_autofree char *t_clerk = sanhe_test_login (f->server, "clerk", "clerk-password");
  gint64 newbie = sanhe_test_create_user (f->server, t_clerk, "newbie", "newbie-password", employee);
  g_autoptr(JsonNode) trail = audit_of (f, "core.user", newbie);
  JsonObject *e;

  g_assert_cmpuint (count (trail), ==, 1);
  e = find_action (trail, "create", 0);
  g_assert_nonnull (e);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (e, "actor"), "id"), ==, clerk);
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (e, "actor"), "name"), ==,
                   "Test user clerk");
}

static void
test_deactivation (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const employee[] = { "employee", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "quitter", "quitter-password", employee);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *body = sanhe_test_body ("b:active", FALSE, "i:version", get_version (f->server, f->admin, path),
                                           NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  g_autoptr(JsonNode) trail = NULL;
  JsonObject *e;

  sanhe_test_assert_status (r, 200);
  trail = audit_of (f, "core.user", id);
  e = find_request (trail, request_id (r));
  g_assert_nonnull (e);
  g_assert_cmpstr (sanhe_test_member_string (e, "action"), ==, "update");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (e, "before"), "active"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (e, "after"), "active"));
}

static void
test_failures_write_nothing (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const employee[] = { "employee", NULL };
  static const char * const admin[] = { "admin", NULL };
  static const char * const hr[] = { "hr", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "steady", "steady-password", employee);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  gint64 version = get_version (f->server, f->admin, path);
  g_autoptr(JsonNode) before = audit_of (f, "core.user", id);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *t_employee = sanhe_test_login (f->server, "steady", "steady-password");
  g_autofree char *t_hr = NULL;
  g_autofree char *invalid = sanhe_test_body ("s:locale", "xx", "i:version", version, NULL);
  g_autofree char *stale = sanhe_test_body ("s:name", "Stale", "i:version", version + 1, NULL);
  g_autofree char *fine = sanhe_test_body ("s:name", "Fine", "i:version", version, NULL);
  g_autofree char *escalate = sanhe_test_body ("v:roles", admin, "i:version", version, NULL);
  g_autofree char *taken = sanhe_test_body ("s:login", "admin", "i:version", version, NULL);
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  g_autoptr(SanheTestResponse) r4 = NULL;
  g_autoptr(SanheTestResponse) r5 = NULL;
  g_autoptr(SanheTestResponse) r6 = NULL;

  sanhe_test_create_user (f->server, f->admin, "hrgate", "hrgate-password", hr);
  t_hr = sanhe_test_login (f->server, "hrgate", "hrgate-password");
  g_clear_pointer (&before, json_node_unref);
  before = audit_of (f, "core.user", id);

  r1 = sanhe_test_request (f->server, "PATCH", path, f->admin, invalid);
  sanhe_test_assert_error (r1, 422, "validation.failed");
  r2 = sanhe_test_request (f->server, "PATCH", path, f->admin, stale);
  sanhe_test_assert_error (r2, 409, "record.stale_version");
  r3 = sanhe_test_request (f->server, "PATCH", path, t_employee, fine);
  sanhe_test_assert_error (r3, 403, "auth.forbidden");
  r4 = sanhe_test_request (f->server, "PATCH", path, t_hr, escalate);
  sanhe_test_assert_error (r4, 403, "auth.forbidden");
  r5 = sanhe_test_request (f->server, "PATCH", path, f->admin, taken);
  sanhe_test_assert_field_error (r5, "login", "taken");
  r6 = sanhe_test_request (f->server, "PATCH", path, NULL, fine);
  sanhe_test_assert_error (r6, 401, "auth.invalid_token");

  after = audit_of (f, "core.user", id);
  sanhe_test_assert_json_equal (before, after, "the audit trail after rejected writes");

  /* The same version still works: none of the failures bumped it. */
  {
    g_autoptr(SanheTestResponse) ok = sanhe_test_request (f->server, "PATCH", path, f->admin, fine);
    g_autoptr(JsonNode) trail = NULL;

    sanhe_test_assert_status (ok, 200);
    trail = audit_of (f, "core.user", id);
    g_assert_cmpuint (count (trail), ==, count (before) + 1);
  }
}

static void
test_departments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/departments", f->admin,
                                                             "{\"name\": \"Quality\"}");
  g_autoptr(SanheTestResponse) renamed = NULL;
  g_autoptr(JsonNode) trail = NULL;
  g_autofree char *body = NULL;
  JsonObject *e;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  id = sanhe_test_member_int (sanhe_test_object (created), "id");
  body = sanhe_test_body ("s:name", "Quality Assurance",
                          "i:version", sanhe_test_member_int (sanhe_test_object (created), "version"), NULL);
  renamed = sanhe_test_requestf (f->server, "PATCH", f->admin, body, "/api/v1/departments/%" G_GINT64_FORMAT, id);
  sanhe_test_assert_status (renamed, 200);

  trail = audit_of (f, "core.department", id);
  g_assert_cmpuint (count (trail), ==, 2);
  e = find_action (trail, "create", 0);
  assert_entry (e, "core.department", id, f->admin_id, request_id (created));
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (e, "after"), "name"), ==, "Quality");
  e = find_action (trail, "update", 0);
  assert_entry (e, "core.department", id, f->admin_id, request_id (renamed));
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (e, "before"), "name"), ==, "Quality");
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (e, "after"), "name"), ==,
                   "Quality Assurance");

  /* Users and departments share ids' number space only by accident:
   * the entity filter keeps them apart. */
  {
    g_autoptr(JsonNode) users = audit_of (f, "core.user", id);

    for (guint i = 0; i < count (users); i++)
      g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (json_node_get_array (users), i),
                                                 "entity"), ==, "core.user");
  }
}

static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const hr[] = { "hr", NULL };
  g_autofree char *t_hr = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=core.user&entity_id=%" G_GINT64_FORMAT, f->admin_id);
  g_autoptr(SanheTestResponse) forbidden = NULL;
  g_autoptr(SanheTestResponse) anonymous = NULL;

  sanhe_test_create_user (f->server, f->admin, "curious", "curious-password", hr);
  t_hr = sanhe_test_login (f->server, "curious", "curious-password");

  forbidden = sanhe_test_request (f->server, "GET", path, t_hr, NULL);
  sanhe_test_assert_error (forbidden, 403, "auth.forbidden");
  anonymous = sanhe_test_request (f->server, "GET", path, NULL, NULL);
  sanhe_test_assert_error (anonymous, 401, "auth.invalid_token");
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/audit/user-trail", test_user_trail);
  ADD_TEST ("/audit/actor-is-the-writer", test_actor_is_the_writer);
  ADD_TEST ("/audit/deactivation", test_deactivation);
  ADD_TEST ("/audit/failures-write-nothing", test_failures_write_nothing);
  ADD_TEST ("/audit/departments", test_departments);
  ADD_TEST ("/audit/permission", test_permission);

  return g_test_run ();
}
