/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-production-tasks"

#include "config.h"

#include "erp-documents-fixture.h"

#define PT_AUDIT "SELECT count(*) FROM core.audit_log WHERE entity = 'erp.production_task' AND entity_id = $1::text"

static SanheTestResponse *
post_task (Fixture    *f,
           const char *token,
           gint64      item,
           const char *qty,
           const char *due_date)
{
  g_autofree char *body = sanhe_test_body ("i:item", item, "s:qty", qty, "s:due_date", due_date, NULL);

  return sanhe_test_request (f->server, "POST", "/api/v1/erp/production-tasks", token, body);
}

static gint64
create_task (Fixture    *f,
             const char *token,
             gint64      item,
             const char *qty)
{
  g_autoptr(SanheTestResponse) r = post_task (f, token, item, qty, "2026-10-01");

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static SanheTestResponse *
task_action (Fixture    *f,
             const char *token,
             gint64      id,
             const char *name)
{
  return erp_post (f, token, NULL, "/api/v1/erp/production-tasks/%" G_GINT64_FORMAT "/%s", id, name);
}

static SanheTestResponse *
patch_task (Fixture    *f,
            gint64      id,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/production-tasks/%" G_GINT64_FORMAT, id);

  return sanhe_test_request (f->server, "PATCH", path, f->admin, body);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  gint64 made = erp_item (f, "PUMP-1", "make");
  gint64 bought = erp_item (f, "BOLT-M8", "buy");
  g_autoptr(SanheTestResponse) r = post_task (f, f->admin, made, "5", "2026-10-01");
  g_autoptr(SanheTestResponse) got = NULL;
  g_autoptr(GRegex) number_re = g_regex_new ("^PT-[0-9]{4}-[0-9]{6}$", 0, 0, NULL);
  JsonObject *task;
  JsonObject *item;
  gint64 id;

  sanhe_test_assert_status (r, 201);
  task = sanhe_test_object (r);
  id = sanhe_test_member_int (task, "id");
  g_assert_true (g_regex_match (number_re, sanhe_test_member_string (task, "number"), 0, NULL));
  g_assert_cmpstr (sanhe_test_member_string (task, "state"), ==, "planned");
  g_assert_cmpstr (sanhe_test_member_string (task, "qty"), ==, "5.0000");
  g_assert_cmpstr (sanhe_test_member_string (task, "done_qty"), ==, "0.0000");
  g_assert_cmpstr (sanhe_test_member_string (task, "open_qty"), ==, "5.0000");
  g_assert_cmpstr (sanhe_test_member_string (task, "due_date"), ==, "2026-10-01");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (task, "mrp_run_id")));
  g_assert_cmpint (sanhe_test_member_int (task, "version"), ==, 1);
  sanhe_test_assert_timestamp (sanhe_test_member_string (task, "created_at"));
  item = json_object_get_object_member (task, "item");
  g_assert_cmpint (sanhe_test_member_int (item, "id"), ==, made);
  g_assert_cmpstr (sanhe_test_member_string (item, "code"), ==, "PUMP-1");
  g_assert_cmpstr (sanhe_test_member_string (item, "unit"), ==, "pcs");
  g_assert_cmpint (erp_sql_count (f, PT_AUDIT, id), ==, 1);

  got = sanhe_test_requestf (f->server, "GET", f->admin, NULL, "/api/v1/erp/production-tasks/%" G_GINT64_FORMAT, id);
  sanhe_test_assert_status (got, 200);
  sanhe_test_assert_json_equal (got->body, r->body, "GET against the created task");

  /* Only what is made in house can be produced. */
  {
    g_autoptr(SanheTestResponse) buy = post_task (f, f->admin, bought, "5", "2026-10-01");
    g_autoptr(SanheTestResponse) unknown = post_task (f, f->admin, 999999, "5", "2026-10-01");
    g_autoptr(SanheTestResponse) zero = post_task (f, f->admin, made, "0", "2026-10-01");
    g_autoptr(SanheTestResponse) date = post_task (f, f->admin, made, "1", "2026-13-01");
    g_autoptr(SanheTestResponse) versioned = sanhe_test_request (f->server, "POST", "/api/v1/erp/production-tasks", f->admin,
                                                                "{\"item\": 1, \"qty\": \"1\", \"due_date\": \"2026-01-01\", \"version\": 1}");

    sanhe_test_assert_field_error (buy, "item", "invalid");
    sanhe_test_assert_field_error (unknown, "item", "not_found");
    sanhe_test_assert_field_error (zero, "qty", "invalid");
    sanhe_test_assert_field_error (date, "due_date", "invalid");
    sanhe_test_assert_field_error (versioned, "version", "unknown_field");
  }
  {
    g_autofree char *count = erp_sql_value (f, "SELECT count(*) FROM erp.production_tasks", 0, NULL);
    g_assert_cmpstr (count, ==, "1");
  }
}

static void
test_release_cancel (Fixture       *f,
                     gconstpointer  data)
{
  gint64 made = erp_item (f, "PUMP-1", "make");
  gint64 first = create_task (f, f->admin, made, "5");
  gint64 second = create_task (f, f->admin, made, "2");

  {
    g_autoptr(SanheTestResponse) r = task_action (f, f->admin, first, "release");
    g_autoptr(SanheTestResponse) again = task_action (f, f->admin, first, "release");
    g_autoptr(SanheTestResponse) patch = patch_task (f, first, "{\"qty\": \"6\", \"version\": 2}");

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "released");
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 2);
    sanhe_test_assert_error (again, 409, "erp.order.invalid_state");
    sanhe_test_assert_error (patch, 409, "erp.order.not_draft");
  }
  {
    g_autoptr(SanheTestResponse) r = task_action (f, f->admin, first, "cancel");
    g_autoptr(SanheTestResponse) again = task_action (f, f->admin, first, "cancel");
    g_autoptr(SanheTestResponse) release = task_action (f, f->admin, first, "release");

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "cancelled");
    sanhe_test_assert_error (again, 409, "erp.order.invalid_state");
    sanhe_test_assert_error (release, 409, "erp.order.invalid_state");
  }
  /* create, release, cancel. */
  g_assert_cmpint (erp_sql_count (f, PT_AUDIT, first), ==, 3);

  {
    g_autoptr(SanheTestResponse) r = patch_task (f, second, "{\"qty\": \"7.5\", \"due_date\": \"2026-11-15\", \"version\": 1}");
    g_autoptr(SanheTestResponse) stale = patch_task (f, second, "{\"qty\": \"8\", \"version\": 1}");
    g_autoptr(SanheTestResponse) bad = patch_task (f, second, "{\"qty\": \"-1\", \"version\": 2}");
    g_autoptr(SanheTestResponse) cancel = task_action (f, f->admin, second, "cancel");

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (r), "qty"), ==, "7.5000");
    g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (r), "due_date"), ==, "2026-11-15");
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 2);
    sanhe_test_assert_error (stale, 409, "record.stale_version");
    sanhe_test_assert_field_error (bad, "qty", "invalid");
    sanhe_test_assert_status (cancel, 200);
    g_assert_cmpstr (erp_state (cancel), ==, "cancelled");
  }
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  gint64 pump = erp_item (f, "PUMP-1", "make");
  gint64 valve = erp_item (f, "VALVE-2", "make");
  gint64 released = create_task (f, f->admin, pump, "1");
  g_autofree char *by_item_path = g_strdup_printf ("/api/v1/erp/production-tasks?item=%" G_GINT64_FORMAT, valve);
  g_autoptr(JsonNode) planned = NULL;
  g_autoptr(JsonNode) of_valve = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;

  create_task (f, f->admin, pump, "2");
  create_task (f, f->admin, valve, "3");
  {
    g_autoptr(SanheTestResponse) r = task_action (f, f->admin, released, "release");
    sanhe_test_assert_status (r, 200);
  }

  planned = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/production-tasks?state=planned");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (planned)), ==, 2);
  g_assert_null (sanhe_test_find_by_id (planned, released));
  of_valve = sanhe_test_list_all (f->server, f->admin, by_item_path);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (of_valve)), ==, 1);
  all = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/production-tasks");
  paged = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/production-tasks?limit=2");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 3);
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");

  {
    g_autoptr(SanheTestResponse) state = sanhe_test_request (f->server, "GET", "/api/v1/erp/production-tasks?state=done",
                                                             f->admin, NULL);
    g_autoptr(SanheTestResponse) item = sanhe_test_request (f->server, "GET", "/api/v1/erp/production-tasks?item=x",
                                                            f->admin, NULL);

    sanhe_test_assert_error (state, 400, "request.invalid");
    sanhe_test_assert_error (item, 400, "request.invalid");
  }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SanheTestResponse) get = sanhe_test_request (f->server, "GET", "/api/v1/erp/production-tasks/999999", f->admin, NULL);
  g_autoptr(SanheTestResponse) patch = patch_task (f, 999999, "{\"version\": 1}");
  g_autoptr(SanheTestResponse) release = task_action (f, f->admin, 999999, "release");
  g_autoptr(SanheTestResponse) cancel = task_action (f, f->admin, 999999, "cancel");

  sanhe_test_assert_error (get, 404, "erp.production_task.not_found");
  sanhe_test_assert_error (patch, 404, "erp.production_task.not_found");
  sanhe_test_assert_error (release, 404, "erp.production_task.not_found");
  sanhe_test_assert_error (cancel, 404, "erp.production_task.not_found");
}

/* lucas (production) and paul (planner) plan production; joe (sales) and
 * wendy (warehouse) do not even see it. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *lucas = erp_login (f, "lucas");
  g_autofree char *paul = erp_login (f, "paul");
  g_autofree char *joe = erp_login (f, "joe");
  g_autofree char *wendy = erp_login (f, "wendy");
  gint64 made = erp_item (f, "PUMP-1", "make");
  gint64 by_paul = create_task (f, paul, made, "1");

  create_task (f, lucas, made, "1");
  {
    g_autoptr(SanheTestResponse) r = task_action (f, lucas, by_paul, "release");
    g_autoptr(SanheTestResponse) joe_create = post_task (f, joe, made, "1", "2026-10-01");
    g_autoptr(SanheTestResponse) joe_list = sanhe_test_request (f->server, "GET", "/api/v1/erp/production-tasks", joe, NULL);
    g_autoptr(SanheTestResponse) wendy_list = sanhe_test_request (f->server, "GET", "/api/v1/erp/production-tasks", wendy, NULL);
    g_autoptr(SanheTestResponse) wendy_cancel = task_action (f, wendy, by_paul, "cancel");

    sanhe_test_assert_status (r, 200);
    sanhe_test_assert_error (joe_create, 403, "auth.forbidden");
    sanhe_test_assert_error (joe_list, 403, "auth.forbidden");
    sanhe_test_assert_error (wendy_list, 403, "auth.forbidden");
    sanhe_test_assert_error (wendy_cancel, 403, "auth.forbidden");
  }
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/production-tasks/create", test_create);
  ADD_TEST ("/production-tasks/release-cancel", test_release_cancel);
  ADD_TEST ("/production-tasks/list", test_list);
  ADD_TEST ("/production-tasks/not-found", test_not_found);
  ADD_TEST ("/production-tasks/permissions", test_permissions);

  return g_test_run ();
}
