/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-roles"

#include "config.h"

#include <string.h>

#include "test-common.h"

static const char * const seed_roles[] = {
  "admin", "manager", "sales", "finance", "hr", "planner", "production", "warehouse", "employee", NULL,
};

#define P_USERS "core.users.manage"
#define P_DEPARTMENTS "core.departments.manage"
#define P_ROLES "core.roles.manage"
#define P_AUDIT "core.audit.read"
#define P_DIRECTORY "core.directory.read"

/* The keys of GET /api/v1/permissions, whether items are strings or objects. */
static GStrv
permission_catalogue (Fixture *f)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", "/api/v1/permissions", f->admin, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *items;

  sanhe_test_assert_status (r, 200);
  items = json_object_get_array_member (sanhe_test_object (r), "items");
  g_assert_nonnull (items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_strv_builder_add (builder, sanhe_test_member_string (json_node_get_object (item), "key"));
      else
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

static gboolean
holds (GStrv       permissions,
       const char *permission)
{
  return permissions != NULL && g_strv_contains ((const char * const *) permissions, permission);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) roles = list_roles (f->server, f->admin);
  g_auto(GStrv) catalogue = permission_catalogue (f);
  JsonArray *items = json_node_get_array (roles);

  g_assert_cmpuint (json_array_get_length (items), ==, g_strv_length ((GStrv) seed_roles));
  g_assert_true (holds (catalogue, P_USERS));
  g_assert_true (holds (catalogue, P_DEPARTMENTS));
  g_assert_true (holds (catalogue, P_ROLES));
  g_assert_true (holds (catalogue, P_AUDIT));
  g_assert_true (holds (catalogue, P_DIRECTORY));

  for (guint i = 0; seed_roles[i] != NULL; i++)
    {
      const char *key = seed_roles[i];
      JsonObject *role = sanhe_test_find_by_string (roles, "key", key);
      g_auto(GStrv) permissions = NULL;

      g_test_message ("role %s", key);
      g_assert_nonnull (role);
      g_assert_cmpstr (sanhe_test_member_string (role, "name"), !=, "");
      permissions = role_permissions (roles, key);

      /* Every permission a role holds is in the catalogue. */
      for (guint j = 0; permissions[j] != NULL; j++)
        if (!holds (catalogue, permissions[j]))
          g_error ("role %s holds %s, which the catalogue lacks", key, permissions[j]);

      /* The directory is open to every seed role. */
      g_assert_true (holds (permissions, P_DIRECTORY));

      /* Users and departments: admin and hr; roles and audit: admin only. */
      g_assert_cmpint (holds (permissions, P_USERS), ==, g_str_equal (key, "admin") || g_str_equal (key, "hr"));
      g_assert_cmpint (holds (permissions, P_DEPARTMENTS), ==, g_str_equal (key, "admin") || g_str_equal (key, "hr"));
      g_assert_cmpint (holds (permissions, P_ROLES), ==, g_str_equal (key, "admin"));
      g_assert_cmpint (holds (permissions, P_AUDIT), ==, g_str_equal (key, "admin"));
    }

  /* admin holds the whole catalogue. */
  {
    g_auto(GStrv) admin = role_permissions (roles, "admin");

    for (guint j = 0; catalogue[j] != NULL; j++)
      if (!holds (admin, catalogue[j]))
        g_error ("admin lacks %s", catalogue[j]);
  }
}

static void
check_role_routes (Fixture    *f,
                   JsonNode   *roles,
                   const char *role,
                   gint64      target_user,
                   gint64      target_department)
{
  g_autofree char *login = g_strdup_printf ("only%s", role);
  const char *only[] = { role, NULL };
  g_auto(GStrv) permissions = role_permissions (roles, role);
  g_autofree char *token = NULL;
  g_autofree char *user_path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, target_user);
  g_autofree char *dept_path = g_strdup_printf ("/api/v1/departments/%" G_GINT64_FORMAT, target_department);
  g_autofree char *audit_path = g_strdup_printf ("/api/v1/audit?entity=core.user&entity_id=%" G_GINT64_FORMAT,
                                                 target_user);
  g_autofree char *new_user = NULL;
  g_autofree char *user_patch = NULL;
  g_autofree char *dept_post = NULL;
  g_autofree char *dept_patch = NULL;
  g_autofree char *role_post = NULL;
  g_autofree char *new_login = g_strdup_printf ("made_by_%s", role);
  g_autofree char *new_dept = g_strdup_printf ("Dept by %s", role);
  g_autofree char *new_role = g_strdup_printf ("role_by_%s", role);
  static const char * const directory_only[] = { P_DIRECTORY, NULL };

  g_assert_nonnull (permissions);
  sanhe_test_create_user (f->server, f->admin, login, "role-test-password", only);
  token = sanhe_test_login (f->server, login, "role-test-password");

  new_user = sanhe_test_body ("s:login", new_login, "s:name", "Made", "s:email", "made@example.com",
                              "s:password", "made-password", NULL);
  dept_post = sanhe_test_body ("s:name", new_dept, NULL);
  role_post = sanhe_test_body ("s:key", new_role, "s:name", "A role", "v:permissions", directory_only, NULL);

  {
    const struct
    {
      const char *method;
      const char *path;
      const char *permission;
      gboolean is_patch_user;
      gboolean is_patch_dept;
      const char *body;
    } routes[] = {
      { "GET", "/api/v1/users", P_USERS, FALSE, FALSE, NULL },
      { "GET", user_path, P_USERS, FALSE, FALSE, NULL },
      { "POST", "/api/v1/users", P_USERS, FALSE, FALSE, new_user },
      { "PATCH", user_path, P_USERS, TRUE, FALSE, NULL },
      { "POST", "/api/v1/departments", P_DEPARTMENTS, FALSE, FALSE, dept_post },
      { "PATCH", dept_path, P_DEPARTMENTS, FALSE, TRUE, NULL },
      { "POST", "/api/v1/roles", P_ROLES, FALSE, FALSE, role_post },
      { "PATCH", "/api/v1/roles/employee", P_ROLES, FALSE, FALSE, "{\"name\": \"Staff\"}" },
      { "GET", audit_path, P_AUDIT, FALSE, FALSE, NULL },
      { "GET", "/api/v1/departments", P_DIRECTORY, FALSE, FALSE, NULL },
      { "GET", "/api/v1/roles", P_DIRECTORY, FALSE, FALSE, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
      {
        g_autoptr(SanheTestResponse) r = NULL;
        g_autofree char *body = NULL;
        gboolean allowed = holds (permissions, routes[i].permission);

        if (routes[i].is_patch_user)
          body = sanhe_test_body ("s:name", "Renamed by role test",
                                  "i:version", get_version (f->server, f->admin, user_path), NULL);
        else if (routes[i].is_patch_dept)
          {
            g_autoptr(JsonNode) list = sanhe_test_list_all (f->server, f->admin, "/api/v1/departments");
            JsonObject *d = sanhe_test_find_by_id (list, target_department);

            g_assert_nonnull (d);
            body = sanhe_test_body ("s:name", "Renamed by role test",
                                    "i:version", sanhe_test_member_int (d, "version"), NULL);
          }
        else if (routes[i].body != NULL)
          body = g_strdup (routes[i].body);

        g_test_message ("role %s: %s %s (%s, %s)", role, routes[i].method, routes[i].path,
                        routes[i].permission, allowed ? "allowed" : "forbidden");

        if (allowed)
          {
            r = sanhe_test_request (f->server, routes[i].method, routes[i].path, token, body);
            if (r->status == 401 || r->status == 403 || r->status >= 500)
              sanhe_test_assert_status (r, 200);
          }
        else
          {
            g_autoptr(JsonNode) before = NULL;
            g_autoptr(JsonNode) after = NULL;
            g_autoptr(JsonNode) roles_before = list_roles (f->server, f->admin);
            g_autoptr(JsonNode) roles_after = NULL;

            before = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
            r = sanhe_test_request (f->server, routes[i].method, routes[i].path, token, body);
            sanhe_test_assert_error (r, 403, "auth.forbidden");
            after = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
            sanhe_test_assert_json_equal (before, after, "the users after a 403");
            roles_after = list_roles (f->server, f->admin);
            sanhe_test_assert_json_equal (roles_before, roles_after, "the roles after a 403");
          }
      }
  }
}

static void
test_seed_role_routes (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const target_roles[] = { "employee", NULL };
  const char *role = data;
  g_autoptr(JsonNode) roles = list_roles (f->server, f->admin);
  gint64 target = sanhe_test_create_user (f->server, f->admin, "target", "target-password", target_roles);
  g_autofree char *dept_body = sanhe_test_body ("s:name", "Target department", NULL);
  g_autoptr(SanheTestResponse) dept = sanhe_test_request (f->server, "POST", "/api/v1/departments", f->admin,
                                                          dept_body);

  sanhe_test_assert_status (dept, 201);
  check_role_routes (f, roles, role, target, sanhe_test_member_int (sanhe_test_object (dept), "id"));
}

static void
seed_setup (Fixture       *f,
            gconstpointer  data)
{
  fixture_setup (f, NULL);
}

static void
test_no_roles (Fixture       *f,
               gconstpointer  data)
{
  static const char * const none[] = { NULL };
  g_autofree char *token = NULL;
  g_autoptr(SanheTestResponse) me = NULL;
  g_autoptr(SanheTestResponse) depts = NULL;
  g_autoptr(SanheTestResponse) roles = NULL;

  sanhe_test_create_user (f->server, f->admin, "nobody", "nobody-password", none);
  token = sanhe_test_login (f->server, "nobody", "nobody-password");

  /* Anyone can see themselves, but without a role not the directory. */
  me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);
  sanhe_test_assert_status (me, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sanhe_test_object (me), "permissions")), ==, 0);
  depts = sanhe_test_request (f->server, "GET", "/api/v1/departments", token, NULL);
  sanhe_test_assert_error (depts, 403, "auth.forbidden");
  roles = sanhe_test_request (f->server, "GET", "/api/v1/roles", token, NULL);
  sanhe_test_assert_error (roles, 403, "auth.forbidden");
}

static void
test_create_patch_role (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const perms[] = { P_DIRECTORY, NULL };
  static const char * const more[] = { P_DIRECTORY, P_AUDIT, NULL };
  static const char * const bogus[] = { P_DIRECTORY, "core.world.domination", NULL };
  static const char * const auditor[] = { "auditor", NULL };
  g_autofree char *body = sanhe_test_body ("s:key", "auditor", "s:name", "Auditor", "v:permissions", perms, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/roles", f->admin, body);
  g_autoptr(JsonNode) roles = NULL;
  g_autoptr(SanheTestResponse) patched = NULL;
  g_autoptr(SanheTestResponse) missing = NULL;
  g_autofree char *patch_body = NULL;
  g_autofree char *token = NULL;
  JsonObject *role;

  sanhe_test_assert_status (r, 201);
  role = sanhe_test_object (r);
  g_assert_cmpstr (sanhe_test_member_string (role, "key"), ==, "auditor");
  g_assert_cmpstr (sanhe_test_member_string (role, "name"), ==, "Auditor");
  assert_string_set (json_object_get_array_member (role, "permissions"), perms);

  roles = list_roles (f->server, f->admin);
  g_assert_nonnull (sanhe_test_find_by_string (roles, "key", "auditor"));

  /* A user holding the role gets its permissions… */
  sanhe_test_create_user (f->server, f->admin, "inspector", "inspector-password", auditor);
  token = sanhe_test_login (f->server, "inspector", "inspector-password");
  {
    g_autoptr(SanheTestResponse) audit = sanhe_test_request (f->server, "GET",
                                                             "/api/v1/audit?entity=core.user&entity_id=1",
                                                             token, NULL);
    sanhe_test_assert_error (audit, 403, "auth.forbidden");
  }

  /* …and what PATCH adds to it. */
  if (json_object_has_member (role, "version"))
    patch_body = sanhe_test_body ("s:name", "Internal auditor", "v:permissions", more,
                                  "i:version", sanhe_test_member_int (role, "version"), NULL);
  else
    patch_body = sanhe_test_body ("s:name", "Internal auditor", "v:permissions", more, NULL);
  patched = sanhe_test_request (f->server, "PATCH", "/api/v1/roles/auditor", f->admin, patch_body);
  sanhe_test_assert_status (patched, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (patched), "name"), ==, "Internal auditor");
  assert_string_set (json_object_get_array_member (sanhe_test_object (patched), "permissions"), more);
  {
    g_autofree char *fresh = sanhe_test_login (f->server, "inspector", "inspector-password");
    g_autoptr(SanheTestResponse) audit = sanhe_test_request (f->server, "GET",
                                                             "/api/v1/audit?entity=core.user&entity_id=1",
                                                             fresh, NULL);
    sanhe_test_assert_status (audit, 200);
  }

  /* Unknown roles are 404s. */
  missing = sanhe_test_request (f->server, "PATCH", "/api/v1/roles/nonexistent", f->admin,
                                json_object_has_member (role, "version") ? "{\"name\": \"X\", \"version\": 1}"
                                                                         : "{\"name\": \"X\"}");
  sanhe_test_assert_error (missing, 404, "core.role.not_found");

  /* Validation, and nothing changes when it fails. */
  {
    g_autoptr(JsonNode) before = list_roles (f->server, f->admin);
    g_autofree char *dup = sanhe_test_body ("s:key", "auditor", "s:name", "Again", "v:permissions", perms, NULL);
    g_autofree char *unknown_perm = sanhe_test_body ("s:key", "overlord", "s:name", "Overlord",
                                                     "v:permissions", bogus, NULL);
    g_autofree char *no_key = sanhe_test_body ("s:name", "Keyless", "v:permissions", perms, NULL);
    g_autofree char *bad_key = sanhe_test_body ("s:key", "Not A Key!", "s:name", "Bad", "v:permissions", perms, NULL);
    const struct
    {
      const char *body;
      const char *field;
      const char *code;  /* NULL: any per-field code */
    } cases[] = {
      { dup, "key", "taken" },
      { unknown_perm, "permissions", NULL },
      { no_key, "key", "required" },
      { bad_key, "key", "invalid" },
      { "{\"key\": \"x1\", \"name\": \"X\", \"permissions\": \"core.audit.read\"}", "permissions", "wrong_type" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(SanheTestResponse) v = sanhe_test_request (f->server, "POST", "/api/v1/roles", f->admin,
                                                             cases[i].body);
        g_autoptr(JsonNode) after = NULL;

        g_test_message ("POST /api/v1/roles %s", cases[i].body);
        if (cases[i].code != NULL)
          sanhe_test_assert_field_error (v, cases[i].field, cases[i].code);
        else
          {
            sanhe_test_assert_error (v, 422, "validation.failed");
            g_assert_nonnull (sanhe_test_field_code (v, cases[i].field));
          }
        after = list_roles (f->server, f->admin);
        sanhe_test_assert_json_equal (before, after, cases[i].body);
      }
  }
}

static void
test_escalation (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const hr[] = { "hr", NULL };
  static const char * const admin[] = { "admin", NULL };
  static const char * const usermgr[] = { "usermgr", NULL };
  static const char * const usermgr_perms[] = { P_USERS, P_DIRECTORY, NULL };
  static const char * const employee[] = { "employee", NULL };
  g_autoptr(JsonNode) roles = list_roles (f->server, f->admin);
  g_auto(GStrv) employee_perms = role_permissions (roles, "employee");
  gint64 hr_id = sanhe_test_create_user (f->server, f->admin, "hrclerk", "hrclerk-password", hr);
  gint64 other = sanhe_test_create_user (f->server, f->admin, "someone", "someone-password", employee);
  g_autofree char *t_hr = sanhe_test_login (f->server, "hrclerk", "hrclerk-password");
  g_autofree char *to_admin = sanhe_test_body ("s:login", "newadmin", "s:name", "New admin",
                                               "s:email", "na@example.com", "s:password", "new-admin-password",
                                               "v:roles", admin, NULL);
  g_autofree char *to_hr = sanhe_test_body ("s:login", "newhr", "s:name", "New hr",
                                            "s:email", "nh@example.com", "s:password", "new-hr-password",
                                            "v:roles", hr, NULL);
  g_autoptr(JsonNode) before = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  g_autoptr(JsonNode) after = NULL;

  /* hr cannot hand out admin: not on create… */
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", t_hr, to_admin);
    sanhe_test_assert_error (r, 403, "auth.forbidden");
  }
  /* …not to someone else… */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, other);
    g_autofree char *body = sanhe_test_body ("v:roles", admin, "i:version",
                                             get_version (f->server, f->admin, path), NULL);
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, t_hr, body);
    sanhe_test_assert_error (r, 403, "auth.forbidden");
  }
  /* …and not to themselves. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, hr_id);
    g_autofree char *body = sanhe_test_body ("v:roles", admin, "i:version",
                                             get_version (f->server, f->admin, path), NULL);
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, t_hr, body);
    sanhe_test_assert_error (r, 403, "auth.forbidden");
  }
  after = sanhe_test_list_all (f->server, f->admin, "/api/v1/users");
  sanhe_test_assert_json_equal (before, after, "the users after refused escalations");

  /* A role whose permissions hr holds is fine. */
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/users", t_hr, to_hr);
    sanhe_test_assert_status (r, 201);
  }

  /* A narrow user manager may give only what it holds itself. */
  {
    g_autofree char *body = sanhe_test_body ("s:key", "usermgr", "s:name", "User manager",
                                             "v:permissions", usermgr_perms, NULL);
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/roles", f->admin, body);
    g_autofree char *t_mgr = NULL;
    gboolean employee_within = TRUE;

    sanhe_test_assert_status (r, 201);
    sanhe_test_create_user (f->server, f->admin, "narrow", "narrow-password", usermgr);
    t_mgr = sanhe_test_login (f->server, "narrow", "narrow-password");

    {
      g_autofree char *same = sanhe_test_body ("s:login", "clone", "s:name", "Clone",
                                               "s:email", "clone@example.com", "s:password", "clone-password",
                                               "v:roles", usermgr, NULL);
      g_autoptr(SanheTestResponse) c = sanhe_test_request (f->server, "POST", "/api/v1/users", t_mgr, same);
      sanhe_test_assert_status (c, 201);
    }
    {
      g_autofree char *wider = sanhe_test_body ("s:login", "widerhr", "s:name", "Wider",
                                                "s:email", "wider@example.com", "s:password", "wider-password",
                                                "v:roles", hr, NULL);
      g_autoptr(SanheTestResponse) c = sanhe_test_request (f->server, "POST", "/api/v1/users", t_mgr, wider);
      sanhe_test_assert_error (c, 403, "auth.forbidden");
    }
    /* employee: allowed exactly when its permissions are within usermgr's. */
    for (guint i = 0; employee_perms[i] != NULL; i++)
      if (!g_strv_contains (usermgr_perms, employee_perms[i]))
        employee_within = FALSE;
    {
      g_autofree char *emp = sanhe_test_body ("s:login", "plainemp", "s:name", "Plain",
                                              "s:email", "plain@example.com", "s:password", "plain-password",
                                              "v:roles", employee, NULL);
      g_autoptr(SanheTestResponse) c = sanhe_test_request (f->server, "POST", "/api/v1/users", t_mgr, emp);

      if (employee_within)
        sanhe_test_assert_status (c, 201);
      else
        sanhe_test_assert_error (c, 403, "auth.forbidden");
    }
  }
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/roles/list", test_list);
  ADD_TEST ("/roles/no-roles", test_no_roles);
  ADD_TEST ("/roles/create-patch", test_create_patch_role);
  ADD_TEST ("/roles/escalation", test_escalation);
  for (guint i = 0; seed_roles[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/roles/seed-routes/%s", seed_roles[i]);
      g_test_add (path, Fixture, seed_roles[i], seed_setup, test_seed_role_routes, fixture_teardown);
    }

  return g_test_run ();
}
