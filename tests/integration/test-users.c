/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-users"

#include "config.h"

#include <string.h>

#include "test-common.h"

static const char * const user_members[] = {
  "id", "login", "name", "email", "locale", "department_id", "department", "manager_id",
  "manager", "roles", "active", "version", "created_at", "updated_at", NULL,
};

static void
assert_user_shape (JsonObject *user)
{
  g_autoptr(JsonNode) wrapped = json_node_init_object (json_node_alloc (), user);

  for (guint i = 0; user_members[i] != NULL; i++)
    if (!json_object_has_member (user, user_members[i]))
      {
        g_autofree char *text = sanhe_test_to_string (wrapped);
        g_error ("user JSON lacks '%s': %s", user_members[i], text);
      }
  g_assert_false (sanhe_test_json_mentions_secret (wrapped));
  g_assert_nonnull (json_object_get_array_member (user, "roles"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (user, "active")), ==, G_TYPE_BOOLEAN);
  sanhe_test_assert_timestamp (sanhe_test_member_string (user, "created_at"));
  sanhe_test_assert_timestamp (sanhe_test_member_string (user, "updated_at"));
}

static char *
user_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
}

static JsonNode *
get_user (Fixture *f,
          gint64   id)
{
  g_autofree char *path = user_path (id);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", path, f->admin, NULL);

  sanhe_test_assert_status (r, 200);
  return json_node_ref (r->body);
}

static gint64
create_department (Fixture    *f,
                   const char *name)
{
  g_autofree char *body = sanhe_test_body ("s:name", name, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/departments", f->admin, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

/*
 * Everything a rejected request could have touched: every user, every
 * department, and the audit trail of the users involved.
 */
static JsonNode *
snapshot (Fixture      *f,
          const gint64 *ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_add_value (builder, sanhe_test_list_all (f->server, f->admin, "/api/v1/users"));
  json_builder_set_member_name (builder, "departments");
  json_builder_add_value (builder, sanhe_test_list_all (f->server, f->admin, "/api/v1/departments"));
  for (guint i = 0; ids != NULL && ids[i] != 0; i++)
    {
      g_autofree char *member = g_strdup_printf ("audit %" G_GINT64_FORMAT, ids[i]);
      g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=core.user&entity_id=%" G_GINT64_FORMAT, ids[i]);

      json_builder_set_member_name (builder, member);
      json_builder_add_value (builder, sanhe_test_list_all (f->server, f->admin, path));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
test_create_get (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const roles[] = { "sales", "employee", NULL };
  gint64 department = create_department (f, "Sales");
  g_autofree char *body = sanhe_test_body ("s:login", "joan",
                                           "s:name", "Joan Zhang 张",
                                           "s:email", "joan@example.com",
                                           "s:password", "joan-secret-password",
                                           "i:department_id", department,
                                           "i:manager_id", f->admin_id,
                                           "v:roles", roles,
                                           "s:locale", "zh_CN",
                                           NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, body);
  g_autoptr(JsonNode) fetched = NULL;
  g_autofree char *token = NULL;
  JsonObject *u;
  JsonObject *dept;
  JsonObject *manager;
  gint64 id;

  sanhe_test_assert_status (r, 201);
  u = sanhe_test_object (r);
  assert_user_shape (u);
  id = sanhe_test_member_int (u, "id");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (sanhe_test_member_string (u, "login"), ==, "joan");
  g_assert_cmpstr (sanhe_test_member_string (u, "name"), ==, "Joan Zhang 张");
  g_assert_cmpstr (sanhe_test_member_string (u, "email"), ==, "joan@example.com");
  g_assert_cmpstr (sanhe_test_member_string (u, "locale"), ==, "zh_CN");
  g_assert_true (json_object_get_boolean_member (u, "active"));
  g_assert_cmpint (sanhe_test_member_int (u, "department_id"), ==, department);
  dept = json_object_get_object_member (u, "department");
  g_assert_nonnull (dept);
  g_assert_cmpint (sanhe_test_member_int (dept, "id"), ==, department);
  g_assert_cmpstr (sanhe_test_member_string (dept, "name"), ==, "Sales");
  g_assert_cmpint (sanhe_test_member_int (u, "manager_id"), ==, f->admin_id);
  manager = json_object_get_object_member (u, "manager");
  g_assert_nonnull (manager);
  g_assert_cmpint (sanhe_test_member_int (manager, "id"), ==, f->admin_id);
  assert_string_set (json_object_get_array_member (u, "roles"), roles);

  /* GET answers the same record. */
  fetched = get_user (f, id);
  sanhe_test_assert_json_equal (r->body, fetched, "GET of the created user");

  /* The new user can log in with the password given. */
  token = sanhe_test_login (f->server, "joan", "joan-secret-password");
  {
    g_autoptr(SanheTestResponse) me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);

    sanhe_test_assert_status (me, 200);
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (me), "id"), ==, id);
    g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (me), "locale"), ==, "zh_CN");
  }
}

static void
test_create_minimal (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const no_roles[] = { NULL };
  g_autofree char *body = sanhe_test_body ("s:login", "mini", "s:name", "Mini",
                                           "s:email", "mini@example.com",
                                           "s:password", "mini-password-1", NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, body);
  JsonObject *u;

  sanhe_test_assert_status (r, 201);
  u = sanhe_test_object (r);
  assert_user_shape (u);
  g_assert_true (json_object_get_boolean_member (u, "active"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "department_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "department")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "manager_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "manager")));
  assert_string_set (json_object_get_array_member (u, "roles"), no_roles);
  /* Every locale the product speaks is accepted; the default is one of them. */
  {
    static const char * const locales[] = { "en", "zh_CN", "es", NULL };
    g_assert_true (g_strv_contains (locales, sanhe_test_member_string (u, "locale")));
  }
}

static void
test_locales (Fixture       *f,
              gconstpointer  data)
{
  static const char * const locales[] = { "en", "zh_CN", "es", NULL };

  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autofree char *login = g_strdup_printf ("loc%u", i);
      g_autofree char *email = g_strdup_printf ("loc%u@example.com", i);
      g_autofree char *body = sanhe_test_body ("s:login", login, "s:name", login, "s:email", email,
                                               "s:password", "locale-password", "s:locale", locales[i],
                                               NULL);
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, body);

      sanhe_test_assert_status (r, 201);
      g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (r), "locale"), ==, locales[i]);
    }
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(SanheTestResponse) first = NULL;
  JsonArray *items;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *login = g_strdup_printf ("pager%u", i);
      sanhe_test_create_user (f->server, f->admin, login, "pager-password", roles);
    }

  first = sanhe_test_request (f->server, "GET", "/api/v1/users?limit=2", f->admin, NULL);
  sanhe_test_assert_status (first, 200);
  items = json_object_get_array_member (sanhe_test_object (first), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (sanhe_test_object (first), "next")),
                   ==, G_TYPE_STRING);

  all = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  paged = sanhe_test_list_all (f->server, f->admin, "/api/v1/users?limit=2");
  /* 7 + admin: paging returns each user exactly once, same as one page. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (paged)), ==, 8);
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");
  for (guint i = 0; i < 8; i++)
    {
      JsonObject *u = json_array_get_object_element (json_node_get_array (paged), i);
      gint64 *id = g_new (gint64, 1);

      assert_user_shape (u);
      *id = sanhe_test_member_int (u, "id");
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, id);
    }
  g_assert_nonnull (sanhe_test_find_by_string (paged, "login", "admin"));
  g_assert_nonnull (sanhe_test_find_by_string (paged, "login", "pager6"));
}

static void
test_list_search (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) none = NULL;

  sanhe_test_create_user (f->server, f->admin, "zhangwei", "search-password", roles);
  sanhe_test_create_user (f->server, f->admin, "liuyang", "search-password", roles);

  found = sanhe_test_list_all (f->server, f->admin, "/api/v1/users?q=zhangw");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_string (found, "login", "zhangwei"));

  none = sanhe_test_list_all (f->server, f->admin, "/api/v1/users?q=nobody-matches-this");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (none)), ==, 0);

  /* q matches names too, and SQL wildcards in q are plain characters. */
  {
    g_autoptr(JsonNode) by_name = sanhe_test_list_all (f->server, f->admin, "/api/v1/users?q=user%20liuy");
    g_autoptr(JsonNode) wild = sanhe_test_list_all (f->server, f->admin, "/api/v1/users?q=%25");

    g_assert_nonnull (sanhe_test_find_by_string (by_name, "login", "liuyang"));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (wild)), ==, 0);
  }
}

static void
test_patch (Fixture       *f,
            gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  static const char * const new_roles[] = { "sales", "employee", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "patchy", "patchy-password", roles);
  g_autofree char *path = user_path (id);
  g_autoptr(JsonNode) before = get_user (f, id);
  JsonObject *b = json_node_get_object (before);
  gint64 version = sanhe_test_member_int (b, "version");
  g_autofree char *body = sanhe_test_body ("s:name", "Patchy Renamed", "s:email", "renamed@example.com",
                                           "s:locale", "es", "v:roles", new_roles,
                                           "i:version", version, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GDateTime) created_before = NULL;
  g_autoptr(GDateTime) updated_after = NULL;
  JsonObject *u;

  sanhe_test_assert_status (r, 200);
  u = sanhe_test_object (r);
  assert_user_shape (u);
  g_assert_cmpstr (sanhe_test_member_string (u, "name"), ==, "Patchy Renamed");
  g_assert_cmpstr (sanhe_test_member_string (u, "email"), ==, "renamed@example.com");
  g_assert_cmpstr (sanhe_test_member_string (u, "locale"), ==, "es");
  assert_string_set (json_object_get_array_member (u, "roles"), new_roles);
  /* What PATCH did not name is kept. */
  g_assert_cmpstr (sanhe_test_member_string (u, "login"), ==, "patchy");
  g_assert_true (json_object_get_boolean_member (u, "active"));
  g_assert_cmpstr (sanhe_test_member_string (u, "created_at"), ==, sanhe_test_member_string (b, "created_at"));
  g_assert_cmpint (sanhe_test_member_int (u, "version"), >, version);
  created_before = g_date_time_new_from_iso8601 (sanhe_test_member_string (b, "updated_at"), NULL);
  updated_after = g_date_time_new_from_iso8601 (sanhe_test_member_string (u, "updated_at"), NULL);
  g_assert_cmpint (g_date_time_compare (updated_after, created_before), >=, 0);

  after = get_user (f, id);
  sanhe_test_assert_json_equal (r->body, after, "GET after PATCH");

  /* The new roles take effect for the user. */
  {
    g_autofree char *token = sanhe_test_login (f->server, "patchy", "patchy-password");
    g_autoptr(SanheTestResponse) me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);

    sanhe_test_assert_status (me, 200);
    assert_string_set (json_object_get_array_member (sanhe_test_object (me), "roles"), new_roles);
  }
}

static void
test_patch_manager_department (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 boss = sanhe_test_create_user (f->server, f->admin, "theboss", "boss-password", roles);
  gint64 id = sanhe_test_create_user (f->server, f->admin, "worker", "worker-password", roles);
  gint64 dept = create_department (f, "Workshop");
  g_autofree char *path = user_path (id);
  g_autofree char *set = sanhe_test_body ("i:manager_id", boss, "i:department_id", dept,
                                          "i:version", get_version (f->server, f->admin, path), NULL);
  g_autoptr(SanheTestResponse) r1 = sanhe_test_request (f->server, "PATCH", path, f->admin, set);
  g_autofree char *clear = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  JsonObject *u;

  sanhe_test_assert_status (r1, 200);
  u = sanhe_test_object (r1);
  g_assert_cmpint (sanhe_test_member_int (u, "manager_id"), ==, boss);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (u, "manager"), "id"), ==, boss);
  g_assert_cmpint (sanhe_test_member_int (u, "department_id"), ==, dept);
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (u, "department"), "name"), ==, "Workshop");

  /* null clears a reference. */
  clear = sanhe_test_body ("n:manager_id", "n:department_id",
                           "i:version", sanhe_test_member_int (u, "version"), NULL);
  r2 = sanhe_test_request (f->server, "PATCH", path, f->admin, clear);
  sanhe_test_assert_status (r2, 200);
  u = sanhe_test_object (r2);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "manager_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "manager")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "department_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (u, "department")));
}

static void
test_patch_password (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "rotator", "first-password", roles);
  g_autofree char *path = user_path (id);
  g_autofree char *body = sanhe_test_body ("s:password", "second-password",
                                           "i:version", get_version (f->server, f->admin, path), NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  g_autoptr(SanheTestResponse) old = NULL;
  g_autofree char *token = NULL;
  g_autofree char *login = sanhe_test_body ("s:login", "rotator", "s:password", "first-password", NULL);

  sanhe_test_assert_status (r, 200);
  g_assert_false (sanhe_test_json_mentions_secret (r->body));
  old = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, login);
  sanhe_test_assert_error (old, 401, "auth.invalid_credentials");
  token = sanhe_test_login (f->server, "rotator", "second-password");
  g_assert_nonnull (token);
}

static void
test_stale_version (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "racer", "racer-password", roles);
  const gint64 ids[] = { id, 0 };
  g_autofree char *path = user_path (id);
  gint64 version = get_version (f->server, f->admin, path);
  g_autofree char *first = sanhe_test_body ("s:name", "First writer", "i:version", version, NULL);
  g_autofree char *second = sanhe_test_body ("s:name", "Second writer", "i:version", version, NULL);
  g_autofree char *future = NULL;
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;

  r1 = sanhe_test_request (f->server, "PATCH", path, f->admin, first);
  sanhe_test_assert_status (r1, 200);

  before = snapshot (f, ids);
  /* The second writer read the same version: its change must not win. */
  r2 = sanhe_test_request (f->server, "PATCH", path, f->admin, second);
  sanhe_test_assert_error (r2, 409, "record.stale_version");
  /* A version from the future is just as wrong. */
  future = sanhe_test_body ("s:name", "Time traveller",
                            "i:version", sanhe_test_member_int (sanhe_test_object (r1), "version") + 10, NULL);
  r3 = sanhe_test_request (f->server, "PATCH", path, f->admin, future);
  sanhe_test_assert_error (r3, 409, "record.stale_version");
  after = snapshot (f, ids);
  sanhe_test_assert_json_equal (before, after, "the database after a 409");

  {
    g_autoptr(JsonNode) u = get_user (f, id);
    g_assert_cmpstr (sanhe_test_member_string (json_node_get_object (u), "name"), ==, "First writer");
  }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SanheTestResponse) get = sanhe_test_request (f->server, "GET", "/api/v1/users/999999", f->admin, NULL);
  g_autoptr(SanheTestResponse) patch = sanhe_test_request (f->server, "PATCH", "/api/v1/users/999999", f->admin,
                                                           "{\"name\": \"Ghost\", \"version\": 1}");
  g_autoptr(SanheTestResponse) zero = sanhe_test_request (f->server, "GET", "/api/v1/users/0", f->admin, NULL);
  g_autoptr(SanheTestResponse) word = sanhe_test_request (f->server, "GET", "/api/v1/users/abc", f->admin, NULL);
  g_autoptr(SanheTestResponse) huge = sanhe_test_request (f->server, "GET", "/api/v1/users/99999999999999999999999",
                                                          f->admin, NULL);

  sanhe_test_assert_error (get, 404, "core.user.not_found");
  sanhe_test_assert_error (patch, 404, "core.user.not_found");
  sanhe_test_assert_error (zero, 404, "core.user.not_found");
  sanhe_test_assert_status (word, 404);
  sanhe_test_assert_status (huge, 404);
}

typedef struct
{
  const char *name;
  const char *body;       /* POST /api/v1/users */
  const char *fields[5];  /* field, code, field, code, NULL */
} Rejection;

static void
assert_rejection (SanheTestResponse *r,
                  const Rejection   *rejection)
{
  for (guint i = 0; rejection->fields[i] != NULL; i += 2)
    sanhe_test_assert_field_error (r, rejection->fields[i], rejection->fields[i + 1]);
}

static void
test_create_validation (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (1000, 'n');
  g_autofree char *long_login = g_strnfill (1000, 'l');
  g_autofree char *too_long_name = sanhe_test_body ("s:login", "longname", "s:name", long_name,
                                                    "s:email", "ln@example.com", "s:password", "long-password",
                                                    NULL);
  g_autofree char *too_long_login = sanhe_test_body ("s:login", long_login, "s:name", "Long login",
                                                     "s:email", "ll@example.com", "s:password", "long-password",
                                                     NULL);
#define OK_USER "\"name\": \"V\", \"email\": \"v@example.com\", \"password\": \"valid-password\""
  const Rejection rejections[] = {
    { "empty", "{}", { "login", "required", "name", "required", NULL } },
    { "blank login", "{\"login\": \"\", " OK_USER "}", { "login", "required", NULL } },
    { "login not a string", "{\"login\": 5, " OK_USER "}", { "login", "wrong_type", NULL } },
    { "login taken", "{\"login\": \"admin\", " OK_USER "}", { "login", "taken", NULL } },
    { "name too long", too_long_name, { "name", "too_long", NULL } },
    { "login too long", too_long_login, { "login", "too_long", NULL } },
    { "email invalid", "{\"login\": \"v1\", \"name\": \"V\", \"email\": \"not-an-email\", "
      "\"password\": \"valid-password\"}", { "email", "invalid", NULL } },
    { "locale unknown", "{\"login\": \"v2\", " OK_USER ", \"locale\": \"fr\"}", { "locale", "invalid", NULL } },
    { "role unknown", "{\"login\": \"v3\", " OK_USER ", \"roles\": [\"wizard\"]}", { "roles", "not_found", NULL } },
    { "roles not a list", "{\"login\": \"v4\", " OK_USER ", \"roles\": \"sales\"}", { "roles", "wrong_type", NULL } },
    { "department unknown", "{\"login\": \"v5\", " OK_USER ", \"department_id\": 999999}",
      { "department_id", "not_found", NULL } },
    { "department not an id", "{\"login\": \"v6\", " OK_USER ", \"department_id\": \"sales\"}",
      { "department_id", "wrong_type", NULL } },
    { "manager unknown", "{\"login\": \"v7\", " OK_USER ", \"manager_id\": 999999}",
      { "manager_id", "not_found", NULL } },
    { "active not a boolean", "{\"login\": \"v8\", " OK_USER ", \"active\": \"yes\"}",
      { "active", "wrong_type", NULL } },
    { "password not a string", "{\"login\": \"v9\", \"name\": \"V\", \"email\": \"v@example.com\", "
      "\"password\": 12345678}", { "password", "wrong_type", NULL } },
    { "unknown member", "{\"login\": \"v10\", " OK_USER ", \"salary\": \"1000000.00\"}",
      { "salary", "unknown_field", NULL } },
    { "several at once", "{\"login\": 5, \"name\": \"\", \"email\": \"v@example.com\", "
      "\"password\": \"valid-password\", \"locale\": \"fr\"}",
      { "login", "wrong_type", "name", "required", NULL } },
  };
#undef OK_USER
  const gint64 ids[] = { f->admin_id, 0 };
  g_autoptr(JsonNode) before = snapshot (f, ids);

  for (guint i = 0; i < G_N_ELEMENTS (rejections); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      g_autoptr(JsonNode) after = NULL;

      g_test_message ("rejection: %s", rejections[i].name);
      r = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, rejections[i].body);
      assert_rejection (r, &rejections[i]);
      assert_request_id (r);

      after = snapshot (f, ids);
      sanhe_test_assert_json_equal (before, after, rejections[i].name);
    }

  /* "several at once" names every bad field, locale too. */
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin,
                                                         rejections[G_N_ELEMENTS (rejections) - 1].body);
    sanhe_test_assert_field_error (r, "locale", "invalid");
    g_assert_null (sanhe_test_field_code (r, "email"));
    g_assert_null (sanhe_test_field_code (r, "password"));
  }
}

static void
test_patch_validation (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 a = sanhe_test_create_user (f->server, f->admin, "alpha", "alpha-password", roles);
  gint64 b = sanhe_test_create_user (f->server, f->admin, "bravo", "bravo-password", roles);
  g_autofree char *path_a = user_path (a);
  g_autofree char *path_b = user_path (b);
  g_autofree char *set_manager = NULL;
  const gint64 ids[] = { a, b, f->admin_id, 0 };
  g_autoptr(JsonNode) before = NULL;

  /* alpha reports to bravo. */
  set_manager = sanhe_test_body ("i:manager_id", b, "i:version", get_version (f->server, f->admin, path_a), NULL);
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path_a, f->admin, set_manager);
    sanhe_test_assert_status (r, 200);
  }

  before = snapshot (f, ids);

  {
    gint64 va = get_version (f->server, f->admin, path_a);
    gint64 vb = get_version (f->server, f->admin, path_b);
    g_autofree char *taken = sanhe_test_body ("s:login", "bravo", "i:version", va, NULL);
    g_autofree char *self_manager = sanhe_test_body ("i:manager_id", a, "i:version", va, NULL);
    g_autofree char *cycle = sanhe_test_body ("i:manager_id", a, "i:version", vb, NULL);
    g_autofree char *email = sanhe_test_body ("s:email", "@", "i:version", va, NULL);
    g_autofree char *locale = sanhe_test_body ("s:locale", "de", "i:version", va, NULL);
    g_autofree char *no_version = sanhe_test_body ("s:name", "No version", NULL);
    g_autofree char *bad_version = sanhe_test_body ("s:name", "Bad version", "s:version", "1", NULL);
    g_autofree char *unknown = sanhe_test_body ("s:nickname", "Al", "i:version", va, NULL);
    g_autofree char *role = NULL;
    g_autofree char *dept = sanhe_test_body ("i:department_id", (gint64) 424242, "i:version", va, NULL);
    g_autofree char *name_null = sanhe_test_body ("n:name", "i:version", va, NULL);
    g_autofree char *login_blank = sanhe_test_body ("s:login", "", "i:version", va, NULL);
    static const char * const bad_roles[] = { "employee", "emperor", NULL };
    const struct
    {
      const char *path;
      const char *body;
      const char *field;
      const char *code;
    } cases[] = {
      { path_a, taken, "login", "taken" },
      { path_a, self_manager, "manager_id", "cycle" },
      { path_b, cycle, "manager_id", "cycle" },
      { path_a, email, "email", "invalid" },
      { path_a, locale, "locale", "invalid" },
      { path_a, no_version, "version", "required" },
      { path_a, bad_version, "version", "wrong_type" },
      { path_a, unknown, "nickname", "unknown_field" },
      { path_a, NULL, "roles", "not_found" },
      { path_a, dept, "department_id", "not_found" },
      { path_a, name_null, "name", NULL },
      { path_a, login_blank, "login", "required|invalid" },
    };

    role = sanhe_test_body ("v:roles", bad_roles, "i:version", va, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *body = cases[i].body ? cases[i].body : role;
        g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", cases[i].path, f->admin, body);
        g_autoptr(JsonNode) after = NULL;

        g_test_message ("PATCH %s %s", cases[i].path, body);
        if (cases[i].code != NULL && strchr (cases[i].code, '|') != NULL)
          {
            /* Either reason is right for this one. */
            g_auto(GStrv) codes = g_strsplit (cases[i].code, "|", -1);

            sanhe_test_assert_error (r, 422, "validation.failed");
            g_assert_true (g_strv_contains ((const char * const *) codes,
                                            sanhe_test_field_code (r, cases[i].field)));
          }
        else if (cases[i].code != NULL)
          sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);
        else
          {
            /* Clearing a mandatory field: any per-field reason will do. */
            sanhe_test_assert_error (r, 422, "validation.failed");
            g_assert_nonnull (sanhe_test_field_code (r, cases[i].field));
          }

        after = snapshot (f, ids);
        sanhe_test_assert_json_equal (before, after, body);
      }
  }
}

/* The staff directory: any colleague can find another for a form's
 * picker, but sees names and departments only, and no former staff. */
static void
test_directory (Fixture       *f,
                gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 seeker = sanhe_test_create_user (f->server, f->admin, "zhangwei", "seeker-password", roles);
  gint64 gone = sanhe_test_create_user (f->server, f->admin, "zhangsan", "leaver-password", roles);
  g_autofree char *gone_path = user_path (gone);
  g_autoptr(JsonNode) gone_doc = get_user (f, gone);
  g_autofree char *deactivate = sanhe_test_body ("b:active", FALSE, "i:version",
                                                 sanhe_test_member_int (json_node_get_object (gone_doc), "version"),
                                                 NULL);
  g_autoptr(SanheTestResponse) patched = sanhe_test_request (f->server, "PATCH", gone_path, f->admin, deactivate);
  g_autofree char *token = sanhe_test_login (f->server, "zhangwei", "seeker-password");
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(SanheTestResponse) admin_list = NULL;
  JsonObject *me;

  sanhe_test_assert_status (patched, 200);

  found = sanhe_test_list_all (f->server, token, "/api/v1/directory/users?q=zhang");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  me = sanhe_test_find_by_string (found, "login", "zhangwei");
  g_assert_nonnull (me);
  g_assert_cmpint (sanhe_test_member_int (me, "id"), ==, seeker);
  g_assert_true (json_object_has_member (me, "name"));
  g_assert_true (json_object_has_member (me, "department"));
  g_assert_false (json_object_has_member (me, "email"));
  g_assert_false (json_object_has_member (me, "roles"));
  g_assert_false (sanhe_test_json_mentions_secret (found));

  /* The administrators' list stays theirs. */
  admin_list = sanhe_test_request (f->server, "GET", "/api/v1/users", token, NULL);
  sanhe_test_assert_error (admin_list, 403, "auth.forbidden");
}

static void
test_no_secrets (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "secretive", "secretive-password", roles);
  g_autoptr(JsonNode) list = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  g_autoptr(JsonNode) one = get_user (f, id);
  g_autofree char *text = sanhe_test_to_string (list);

  g_assert_false (sanhe_test_json_mentions_secret (list));
  g_assert_false (sanhe_test_json_mentions_secret (one));
  g_assert_null (strstr (text, "secretive-password"));
  g_assert_null (strstr (text, f->server->admin_password));

  /* The database keeps a hash, never the password itself: not in the
   * users table, not in the audit trail, nowhere. */
  {
    g_autofree char *dump = sanhe_test_dump (f->server);

    g_assert_nonnull (strstr (dump, "secretive"));
    g_assert_null (strstr (dump, "secretive-password"));
    g_assert_null (strstr (dump, f->server->admin_password));
  }
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/users/create/full", test_create_get);
  ADD_TEST ("/users/create/minimal", test_create_minimal);
  ADD_TEST ("/users/create/locales", test_locales);
  ADD_TEST ("/users/create/validation", test_create_validation);
  ADD_TEST ("/users/list/paging", test_list_paging);
  ADD_TEST ("/users/list/search", test_list_search);
  ADD_TEST ("/users/patch/fields", test_patch);
  ADD_TEST ("/users/patch/manager-department", test_patch_manager_department);
  ADD_TEST ("/users/patch/password", test_patch_password);
  ADD_TEST ("/users/patch/stale-version", test_stale_version);
  ADD_TEST ("/users/patch/validation", test_patch_validation);
  ADD_TEST ("/users/not-found", test_not_found);
  ADD_TEST ("/users/no-secrets", test_no_secrets);
  ADD_TEST ("/users/directory", test_directory);

  return g_test_run ();
}
