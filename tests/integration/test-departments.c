/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-departments"

#include "config.h"

#include <string.h>

#include "test-common.h"

static char *
department_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/departments/%" G_GINT64_FORMAT, id);
}

static JsonNode *
list_departments (Fixture *f)
{
  return sanhe_test_list_all (f->server, f->admin, "/api/v1/departments");
}

/* The department as the list shows it (there is no GET of one). */
static JsonObject *
find_department (JsonNode *list,
                 gint64    id)
{
  JsonObject *d = sanhe_test_find_by_id (list, id);

  if (d == NULL)
    g_error ("department %" G_GINT64_FORMAT " is not in the list", id);
  return d;
}

static gint64
department_version (Fixture *f,
                    gint64   id)
{
  g_autoptr(JsonNode) list = list_departments (f);

  return sanhe_test_member_int (find_department (list, id), "version");
}

static JsonObject *
create (Fixture           *f,
        const char        *body,
        SanheTestResponse **out)
{
  *out = sanhe_test_request (f->server, "POST", "/api/v1/departments", f->admin, body);
  sanhe_test_assert_status (*out, 201);
  return sanhe_test_object (*out);
}

static gint64
create_named (Fixture    *f,
              const char *name,
              gint64      parent)
{
  g_autofree char *body = parent > 0 ? sanhe_test_body ("s:name", name, "i:parent_id", parent, NULL)
                                     : sanhe_test_body ("s:name", name, NULL);
  g_autoptr(SanheTestResponse) r = NULL;

  return sanhe_test_member_int (create (f, body, &r), "id");
}

static SanheTestResponse *
patch (Fixture    *f,
       gint64      id,
       const char *body)
{
  g_autofree char *path = department_path (id);

  return sanhe_test_request (f->server, "PATCH", path, f->admin, body);
}

static void
test_create_list (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const roles[] = { "manager", NULL };
  gint64 head = sanhe_test_create_user (f->server, f->admin, "headofsales", "head-password", roles);
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autofree char *child_body = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *parent;
  JsonObject *child;
  gint64 parent_id;
  gint64 child_id;

  parent = create (f, "{\"name\": \"销售部 Sales\"}", &r1);
  parent_id = sanhe_test_member_int (parent, "id");
  g_assert_cmpint (parent_id, >, 0);
  g_assert_cmpstr (sanhe_test_member_string (parent, "name"), ==, "销售部 Sales");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (parent, "parent_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (parent, "head_id")));
  g_assert_cmpint (sanhe_test_member_int (parent, "version"), >=, 0);
  assert_request_id (r1);

  child_body = sanhe_test_body ("s:name", "Sales East", "i:parent_id", parent_id, "i:head_id", head, NULL);
  child = create (f, child_body, &r2);
  child_id = sanhe_test_member_int (child, "id");
  g_assert_cmpint (child_id, !=, parent_id);
  g_assert_cmpint (sanhe_test_member_int (child, "parent_id"), ==, parent_id);
  g_assert_cmpint (sanhe_test_member_int (child, "head_id"), ==, head);

  list = list_departments (f);
  sanhe_test_assert_json_equal (json_object_get_member (find_department (list, parent_id), "name"),
                                json_object_get_member (parent, "name"), "the listed name");
  g_assert_cmpint (sanhe_test_member_int (find_department (list, child_id), "parent_id"), ==, parent_id);
  g_assert_cmpint (sanhe_test_member_int (find_department (list, child_id), "head_id"), ==, head);
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;
  g_autoptr(SanheTestResponse) first = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Team %u", i);
      create_named (f, name, 0);
    }

  first = sanhe_test_request (f->server, "GET", "/api/v1/departments?limit=2", f->admin, NULL);
  sanhe_test_assert_status (first, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sanhe_test_object (first), "items")), ==, 2);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (sanhe_test_object (first), "next")),
                   ==, G_TYPE_STRING);

  all = list_departments (f);
  paged = sanhe_test_list_all (f->server, f->admin, "/api/v1/departments?limit=2");
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Team %u", i);
      g_assert_nonnull (sanhe_test_find_by_string (paged, "name", name));
    }
}

static void
test_patch (Fixture       *f,
            gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  gint64 top = create_named (f, "Operations", 0);
  gint64 dept = create_named (f, "Logistics", 0);
  gint64 head = sanhe_test_create_user (f->server, f->admin, "logihead", "logi-password", roles);
  gint64 version = department_version (f, dept);
  g_autofree char *body = sanhe_test_body ("s:name", "Logistics & Shipping", "i:parent_id", top,
                                           "i:head_id", head, "i:version", version, NULL);
  g_autoptr(SanheTestResponse) r = patch (f, dept, body);
  g_autoptr(SanheTestResponse) stale = NULL;
  g_autoptr(SanheTestResponse) cleared = NULL;
  g_autofree char *stale_body = sanhe_test_body ("s:name", "Lost update", "i:version", version, NULL);
  g_autofree char *clear_body = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *d;

  sanhe_test_assert_status (r, 200);
  d = sanhe_test_object (r);
  g_assert_cmpstr (sanhe_test_member_string (d, "name"), ==, "Logistics & Shipping");
  g_assert_cmpint (sanhe_test_member_int (d, "parent_id"), ==, top);
  g_assert_cmpint (sanhe_test_member_int (d, "head_id"), ==, head);
  g_assert_cmpint (sanhe_test_member_int (d, "version"), >, version);

  /* A stale version is a conflict and changes nothing. */
  before = list_departments (f);
  stale = patch (f, dept, stale_body);
  sanhe_test_assert_error (stale, 409, "record.stale_version");
  after = list_departments (f);
  sanhe_test_assert_json_equal (before, after, "the departments after a 409");

  /* null detaches from the parent and removes the head. */
  clear_body = sanhe_test_body ("n:parent_id", "n:head_id", "i:version", sanhe_test_member_int (d, "version"), NULL);
  cleared = patch (f, dept, clear_body);
  sanhe_test_assert_status (cleared, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (sanhe_test_object (cleared), "parent_id")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (sanhe_test_object (cleared), "head_id")));
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (cleared), "name"), ==, "Logistics & Shipping");
}

static void
test_rename_shows_in_users (Fixture       *f,
                            gconstpointer  data)
{
  gint64 dept = create_named (f, "R&D", 0);
  g_autofree char *user = sanhe_test_body ("s:login", "researcher", "s:name", "Researcher",
                                           "s:email", "r@example.com", "s:password", "research-password",
                                           "i:department_id", dept, NULL);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/users", f->admin, user);
  g_autofree char *rename = NULL;
  g_autoptr(SanheTestResponse) renamed = NULL;
  g_autoptr(SanheTestResponse) fetched = NULL;
  g_autoptr(SanheTestResponse) me = NULL;
  g_autofree char *token = NULL;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  id = sanhe_test_member_int (sanhe_test_object (created), "id");

  rename = sanhe_test_body ("s:name", "Research", "i:version", department_version (f, dept), NULL);
  renamed = patch (f, dept, rename);
  sanhe_test_assert_status (renamed, 200);

  fetched = sanhe_test_requestf (f->server, "GET", f->admin, NULL, "/api/v1/users/%" G_GINT64_FORMAT, id);
  sanhe_test_assert_status (fetched, 200);
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (sanhe_test_object (fetched), "department"),
                                             "name"), ==, "Research");

  token = sanhe_test_login (f->server, "researcher", "research-password");
  me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);
  sanhe_test_assert_status (me, 200);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (sanhe_test_object (me), "department"), "id"),
                   ==, dept);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 a = create_named (f, "Alpha", 0);
  gint64 b = create_named (f, "Beta", a);
  gint64 c = create_named (f, "Gamma", b);
  g_autoptr(JsonNode) before = list_departments (f);
  gint64 va = department_version (f, a);
  gint64 vb = department_version (f, b);
  g_autofree char *long_name = g_strnfill (1000, 'd');
  g_autofree char *too_long = sanhe_test_body ("s:name", long_name, NULL);
  g_autofree char *self_parent = sanhe_test_body ("i:parent_id", a, "i:version", va, NULL);
  g_autofree char *grandchild_parent = sanhe_test_body ("i:parent_id", c, "i:version", va, NULL);
  g_autofree char *child_parent = sanhe_test_body ("i:parent_id", c, "i:version", vb, NULL);
  g_autofree char *ghost_parent = sanhe_test_body ("i:parent_id", (gint64) 999999, "i:version", va, NULL);
  g_autofree char *ghost_head = sanhe_test_body ("i:head_id", (gint64) 999999, "i:version", va, NULL);
  g_autofree char *blank = sanhe_test_body ("s:name", "", "i:version", va, NULL);
  g_autofree char *unknown = sanhe_test_body ("s:budget", "100.00", "i:version", va, NULL);
  g_autofree char *spaces = sanhe_test_body ("s:name", "   ", "i:version", va, NULL);
  /* Two siblings of one name: the unique index says no, as a field error. */
  g_autofree char *sibling = sanhe_test_body ("s:name", "Beta", "i:parent_id", a, NULL);
  const struct
  {
    gint64 target;         /* 0: POST */
    const char *body;
    const char *field;
    const char *code;
  } cases[] = {
    { 0, "{}", "name", "required" },
    { 0, "{\"name\": \"\"}", "name", "required" },
    { 0, "{\"name\": \"  \"}", "name", "required" },
    { 0, sibling, "name", "taken" },
    { 0, "{\"name\": 5}", "name", "wrong_type" },
    { 0, too_long, "name", "too_long" },
    { 0, "{\"name\": \"Orphan\", \"parent_id\": 999999}", "parent_id", "not_found" },
    { 0, "{\"name\": \"Orphan\", \"parent_id\": \"Alpha\"}", "parent_id", "wrong_type" },
    { 0, "{\"name\": \"Headless\", \"head_id\": 999999}", "head_id", "not_found" },
    { 0, "{\"name\": \"Extra\", \"colour\": \"red\"}", "colour", "unknown_field" },
    { a, self_parent, "parent_id", "cycle" },
    { a, grandchild_parent, "parent_id", "cycle" },
    { b, child_parent, "parent_id", "cycle" },
    { a, ghost_parent, "parent_id", "not_found" },
    { a, ghost_head, "head_id", "not_found" },
    { a, blank, "name", "required" },
    { a, spaces, "name", "required" },
    { a, unknown, "budget", "unknown_field" },
    { a, "{\"name\": \"No version\"}", "version", "required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      g_autoptr(JsonNode) after = NULL;

      g_test_message ("%s %" G_GINT64_FORMAT " %s", cases[i].target ? "PATCH" : "POST", cases[i].target,
                      cases[i].body);
      if (cases[i].target == 0)
        r = sanhe_test_request (f->server, "POST", "/api/v1/departments", f->admin, cases[i].body);
      else
        r = patch (f, cases[i].target, cases[i].body);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);

      after = list_departments (f);
      sanhe_test_assert_json_equal (before, after, cases[i].body);
    }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SanheTestResponse) r = patch (f, 999999, "{\"name\": \"Ghost\", \"version\": 1}");
  g_autoptr(SanheTestResponse) word = sanhe_test_request (f->server, "PATCH", "/api/v1/departments/sales",
                                                          f->admin, "{\"name\": \"x\", \"version\": 1}");

  sanhe_test_assert_error (r, 404, "core.department.not_found");
  sanhe_test_assert_status (word, 404);
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const employee[] = { "employee", NULL };
  static const char * const hr[] = { "hr", NULL };
  gint64 dept = create_named (f, "Finance", 0);
  g_autofree char *t_employee = NULL;
  g_autofree char *t_hr = NULL;
  g_autoptr(SanheTestResponse) list = NULL;
  g_autoptr(SanheTestResponse) post = NULL;
  g_autoptr(SanheTestResponse) patched = NULL;
  g_autoptr(SanheTestResponse) hr_post = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *rename = NULL;

  sanhe_test_create_user (f->server, f->admin, "plainemployee", "employee-password", employee);
  sanhe_test_create_user (f->server, f->admin, "hrperson", "hr-password", hr);
  t_employee = sanhe_test_login (f->server, "plainemployee", "employee-password");
  t_hr = sanhe_test_login (f->server, "hrperson", "hr-password");

  /* Everyone reads the directory… */
  list = sanhe_test_request (f->server, "GET", "/api/v1/departments", t_employee, NULL);
  sanhe_test_assert_status (list, 200);
  g_assert_nonnull (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (list), "items"), dept));

  /* …but only core.departments.manage writes it. */
  before = list_departments (f);
  post = sanhe_test_request (f->server, "POST", "/api/v1/departments", t_employee, "{\"name\": \"Shadow IT\"}");
  sanhe_test_assert_error (post, 403, "auth.forbidden");
  rename = sanhe_test_body ("s:name", "Hijacked", "i:version", department_version (f, dept), NULL);
  patched = sanhe_test_requestf (f->server, "PATCH", t_employee, rename, "/api/v1/departments/%" G_GINT64_FORMAT, dept);
  sanhe_test_assert_error (patched, 403, "auth.forbidden");
  after = list_departments (f);
  sanhe_test_assert_json_equal (before, after, "the departments after 403s");

  hr_post = sanhe_test_request (f->server, "POST", "/api/v1/departments", t_hr, "{\"name\": \"People\"}");
  sanhe_test_assert_status (hr_post, 201);
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/departments/create-list", test_create_list);
  ADD_TEST ("/departments/list-paging", test_list_paging);
  ADD_TEST ("/departments/patch", test_patch);
  ADD_TEST ("/departments/rename-shows-in-users", test_rename_shows_in_users);
  ADD_TEST ("/departments/validation", test_validation);
  ADD_TEST ("/departments/not-found", test_not_found);
  ADD_TEST ("/departments/permissions", test_permissions);

  return g_test_run ();
}
