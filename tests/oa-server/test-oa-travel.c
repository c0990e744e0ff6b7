/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-travel"

#include "config.h"

#include "oa-server-fixture.h"

/* The seeded stories: travel expense (manager → finance → the boss above
 * 5000, with the boss's rule approving Joe up to 10000) and business trip
 * (supervisor, then the advance and the trip in parallel). */

static JsonObject *
last_history (JsonObject *request)
{
  JsonArray *history = json_object_get_array_member (request, "history");

  g_assert_cmpuint (json_array_get_length (history), >, 0);
  return json_array_get_object_element (history, json_array_get_length (history) - 1);
}

static void
test_small_expense (void)
{
  g_autoptr(SanheTestEvents) joe_events = sanhe_test_events_connect (oa.server, oa.joe, NULL);
  g_autoptr(SanheTestEvents) ben_events = sanhe_test_events_connect (oa.server, oa.ben, NULL);
  g_autoptr(SanheTestEvents) anna_events = sanhe_test_events_connect (oa.server, oa.anna, NULL);
  g_autoptr(SanheTestEvents) boss_events = sanhe_test_events_connect (oa.server, oa.boss, NULL);
  g_autoptr(SanheTestResponse) keep = NULL;
  g_autoptr(SanheTestResponse) mine = NULL;
  JsonObject *request;
  JsonArray *history;
  gint64 id;
  gint64 ben_task;
  gint64 anna_task;

  id = oa_submit (oa.joe, "travel_expense", "{\"amount\":\"3000\",\"purpose\":\"Customer visit in Wuxi\"}");
  ben_task = oa_task_of (oa.ben, id);
  g_assert_cmpint (ben_task, >, 0);
  g_assert_cmpint (oa_task_of (oa.anna, id), ==, 0);

  /* The manager hears of the task, the applicant of the change; nobody else. */
  oa_assert_event (ben_events, "oa.task.assigned", ben_task);
  oa_assert_event (joe_events, "oa.request.updated", id);
  oa_assert_quiet (anna_events, "anna");
  oa_assert_quiet (boss_events, "boss");

  oa_approve (oa.ben, id);
  anna_task = oa_task_of (oa.anna, id);
  g_assert_cmpint (anna_task, >, 0);
  oa_assert_event (anna_events, "oa.task.assigned", anna_task);
  oa_assert_event (joe_events, "oa.request.updated", id);
  oa_assert_quiet (ben_events, "ben after approving");
  g_assert_cmpstr (oa_state (id), ==, "pending");

  oa_approve (oa.anna, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");
  oa_assert_event (joe_events, "oa.request.updated", id);
  oa_assert_quiet (boss_events, "boss (3000 never reaches him)");

  request = oa_request (id, &keep);
  g_assert_cmpstr (sanhe_test_member_string (request, "process"), ==, "travel_expense");
  g_assert_cmpint (sanhe_test_member_int (request, "version"), ==, 1);
  history = json_object_get_array_member (request, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (history, 0), "action"), ==, "submit");
  g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (history, 1), "action"), ==, "approve");
  g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (history, 1), "node"), ==, "manager");
  g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (history, 1), "comment"), ==, "ok");
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (json_array_get_object_element (history, 2),
                                                                         "actor"), "id"), ==, oa.anna_id);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (history, 2), "rule"));

  /* Joe's own list has it; Ben's own list does not. */
  mine = sanhe_test_request (oa.server, "GET", "/api/v1/oa/requests?mine=1", oa.joe, NULL);
  sanhe_test_assert_status (mine, 200);
  g_assert_nonnull (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (mine), "items"), id));
  {
    g_autoptr(SanheTestResponse) bens = sanhe_test_request (oa.server, "GET", "/api/v1/oa/requests?mine=1", oa.ben, NULL);
    g_autoptr(SanheTestResponse) fanny_get = sanhe_test_requestf (oa.server, "GET", oa.fanny, NULL,
                                                                  "/api/v1/oa/requests/%" G_GINT64_FORMAT, id);

    sanhe_test_assert_status (bens, 200);
    g_assert_null (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (bens), "items"), id));
    /* Fanny had nothing to do with it. */
    sanhe_test_assert_error (fanny_get, 404, "oa.request.not_found");
  }
}

static void
test_rule_approves_8000 (void)
{
  g_autoptr(SanheTestResponse) keep = NULL;
  JsonObject *request;
  JsonObject *last;
  gint64 rule = oa_sql_int ("SELECT id FROM oa.rules WHERE owner_id = %" G_GINT64_FORMAT, oa.boss_id);
  gint64 id;

  g_assert_cmpint (rule, >, 0);
  id = oa_submit (oa.joe, "travel_expense", "{\"amount\":\"8000\",\"purpose\":\"Trade fair\"}");
  oa_approve (oa.ben, id);
  oa_approve (oa.anna, id);

  /* The boss's task was created and approved by his standing rule. */
  g_assert_cmpstr (oa_state (id), ==, "approved");
  g_assert_cmpint (oa_task_of (oa.boss, id), ==, 0);
  request = oa_request (id, &keep);
  last = last_history (request);
  g_assert_cmpstr (sanhe_test_member_string (last, "action"), ==, "approve");
  g_assert_cmpstr (sanhe_test_member_string (last, "node"), ==, "boss");
  g_assert_cmpint (sanhe_test_member_int (last, "rule"), ==, rule);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (last, "actor"), "id"), ==, oa.boss_id);
}

static void
test_12000_waits_for_boss (void)
{
  g_autoptr(SanheTestEvents) boss_events = sanhe_test_events_connect (oa.server, oa.boss, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", "{\"amount\":\"12000\",\"purpose\":\"Shanghai office\"}");
  gint64 task;

  oa_approve (oa.ben, id);
  oa_approve (oa.anna, id);
  g_assert_cmpstr (oa_state (id), ==, "pending");
  task = oa_task_of (oa.boss, id);
  g_assert_cmpint (task, >, 0);
  oa_assert_event (boss_events, "oa.task.assigned", task);

  oa_approve (oa.boss, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");
  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM oa.history WHERE request_id = %" G_GINT64_FORMAT
                               " AND rule_id IS NOT NULL", id), ==, 0);
}

static void
test_business_trip (void)
{
  gint64 id = oa_submit (oa.joe, "business_trip",
                         "{\"destination\":\"Chengdu\",\"dates\":{\"start\":\"2026-12-01\",\"end\":\"2026-12-04\"},"
                         "\"amount\":\"2500.50\"}");

  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM finance.advances WHERE request_id = %" G_GINT64_FORMAT, id), ==, 0);
  oa_approve (oa.ben, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");

  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM finance.advances WHERE request_id = %" G_GINT64_FORMAT
                               " AND user_id = %" G_GINT64_FORMAT " AND amount = 2500.50", id, oa.joe_id), ==, 1);
  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM hr.attendance_trips WHERE request_id = %" G_GINT64_FORMAT
                               " AND user_id = %" G_GINT64_FORMAT " AND starts = '2026-12-01' AND ends = '2026-12-04'"
                               " AND destination = 'Chengdu'", id, oa.joe_id), ==, 1);
}

static void
test_subject (void)
{
  g_autofree char *body = sanhe_test_body ("s:process", "purchase_request",
                                           "j:form", "{\"item\":\"Bearings\",\"quantity\":\"40\",\"amount\":\"900\"}",
                                           "j:subject", "{\"type\":\"erp.purchase_order\",\"id\":77}", NULL);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe, body);
  g_autoptr(SanheTestResponse) listed = NULL;
  g_autoptr(SanheTestResponse) other = NULL;
  JsonArray *items;

  sanhe_test_assert_status (created, 201);
  listed = sanhe_test_request (oa.server, "GET", "/api/v1/oa/requests?subject=erp.purchase_order:77", oa.ben, NULL);
  sanhe_test_assert_status (listed, 200);
  items = json_object_get_array_member (sanhe_test_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (sanhe_test_member_int (json_array_get_object_element (items, 0), "id"), ==,
                   sanhe_test_member_int (sanhe_test_object (created), "id"));
  other = sanhe_test_request (oa.server, "GET", "/api/v1/oa/requests?subject=erp.purchase_order:78", oa.ben, NULL);
  sanhe_test_assert_status (other, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sanhe_test_object (other), "items")), ==, 0);
}

static guint
listed_count (const char *token,
              const char *subject)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests?subject=%s", subject);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "GET", path, token, NULL);

  sanhe_test_assert_status (r, 200);
  return json_array_get_length (json_object_get_array_member (sanhe_test_object (r), "items"));
}

static guint
get_status (const char *token,
            gint64      request)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT, request);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "GET", path, token, NULL);

  return r->status;
}

/* A record's approvals are seen by whoever may see the record: Anna in
 * finance reads purchase orders, so she sees (and opens) the approvals of
 * one, though she takes no part in them; Fanny in HR does not. Approvals
 * about a kind of record Sanhe does not know stay with their participants. */
static void
test_subject_visibility (void)
{
  g_autofree char *fanny = sanhe_test_login (oa.server, "fanny", "sanhe-demo");
  g_autofree char *about_po = sanhe_test_body ("s:process", "purchase_request",
                                               "j:form", "{\"item\":\"Gears\",\"quantity\":\"4\",\"amount\":\"90\"}",
                                               "j:subject", "{\"type\":\"erp.purchase_order\",\"id\":501}", NULL);
  g_autofree char *about_other = sanhe_test_body ("s:process", "purchase_request",
                                                  "j:form", "{\"item\":\"Desk\",\"quantity\":\"1\",\"amount\":\"90\"}",
                                                  "j:subject", "{\"type\":\"facilities.room\",\"id\":501}", NULL);
  g_autoptr(SanheTestResponse) po = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe, about_po);
  g_autoptr(SanheTestResponse) room = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe, about_other);
  gint64 po_request, room_request;

  sanhe_test_assert_status (po, 201);
  sanhe_test_assert_status (room, 201);
  po_request = sanhe_test_member_int (sanhe_test_object (po), "id");
  room_request = sanhe_test_member_int (sanhe_test_object (room), "id");

  /* The applicant and the approver, whatever the subject. */
  g_assert_cmpuint (listed_count (oa.joe, "erp.purchase_order:501"), ==, 1);
  g_assert_cmpuint (listed_count (oa.ben, "facilities.room:501"), ==, 1);
  g_assert_cmpuint (get_status (oa.ben, room_request), ==, 200);

  /* A reader of purchase orders. */
  g_assert_cmpuint (listed_count (oa.anna, "erp.purchase_order:501"), ==, 1);
  g_assert_cmpuint (get_status (oa.anna, po_request), ==, 200);
  g_assert_cmpuint (listed_count (oa.anna, "facilities.room:501"), ==, 0);
  g_assert_cmpuint (get_status (oa.anna, room_request), ==, 404);

  /* Neither a reader nor a participant. */
  g_assert_cmpuint (listed_count (fanny, "erp.purchase_order:501"), ==, 0);
  g_assert_cmpuint (get_status (fanny, po_request), ==, 404);
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/travel/small-expense", test_small_expense);
  g_test_add_func ("/oa/travel/rule-approves-8000", test_rule_approves_8000);
  g_test_add_func ("/oa/travel/12000-waits-for-boss", test_12000_waits_for_boss);
  g_test_add_func ("/oa/business-trip/effects", test_business_trip);
  g_test_add_func ("/oa/requests/subject", test_subject);
  g_test_add_func ("/oa/requests/subject-visibility", test_subject_visibility);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
