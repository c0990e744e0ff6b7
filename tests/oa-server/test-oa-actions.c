/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-actions"

#include "config.h"

#include "oa-server-fixture.h"

/* Every action on tasks and requests, the 409 of a decided task and the
 * race of two any-signers. */

#define EXPENSE "{\"amount\":\"1200\",\"purpose\":\"Taxi\"}"

static SanheTestResponse *
request_action (const char *token,
                gint64      request,
                const char *verb,
                const char *body)
{
  return sanhe_test_requestf (oa.server, "POST", token, body ? body : "{}",
                              "/api/v1/oa/requests/%" G_GINT64_FORMAT "/%s", request, verb);
}

static void
test_reject (void)
{
  g_autoptr(SanheTestEvents) joe_events = sanhe_test_events_connect (oa.server, oa.joe, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autoptr(SanheTestResponse) rejected = NULL;
  g_autoptr(SanheTestResponse) again = NULL;
  g_autoptr(SanheTestResponse) approve = NULL;

  oa_assert_event (joe_events, "oa.request.updated", id);
  rejected = oa_act (oa.ben, task, "reject", "{\"comment\":\"No receipt\"}");
  sanhe_test_assert_status (rejected, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (rejected), "state"), ==, "rejected");
  oa_assert_event (joe_events, "oa.request.updated", id);
  g_assert_cmpint (oa_history_count (id, "reject"), ==, 1);

  /* Deciding a decided task is a conflict, and changes nothing. */
  again = oa_act (oa.ben, task, "reject", NULL);
  sanhe_test_assert_error (again, 409, "oa.task.already_decided");
  approve = oa_act (oa.ben, task, "approve", NULL);
  sanhe_test_assert_error (approve, 409, "oa.task.already_decided");
  g_assert_cmpint (oa_history_count (id, "reject"), ==, 1);
  g_assert_cmpint (oa_history_count (id, "approve"), ==, 0);
}

static void
test_not_assignee (void)
{
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autoptr(SanheTestResponse) r = oa_act (oa.anna, task, "approve", NULL);
  g_autoptr(SanheTestResponse) missing = oa_act (oa.ben, 999999, "approve", NULL);

  sanhe_test_assert_error (r, 403, "oa.task.not_assignee");
  sanhe_test_assert_error (missing, 404, "oa.task.not_found");
  g_assert_cmpstr (oa_state (id), ==, "pending");
}

static void
test_return_and_resubmit (void)
{
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autoptr(SanheTestResponse) returned = NULL;
  g_autoptr(SanheTestResponse) bad = NULL;
  g_autoptr(SanheTestResponse) resubmitted = NULL;
  g_autoptr(SanheTestResponse) keep = NULL;
  JsonObject *request;

  returned = oa_act (oa.ben, task, "return", "{\"to\":\"applicant\",\"comment\":\"Attach the receipt\"}");
  sanhe_test_assert_status (returned, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (returned), "state"), ==, "returned");
  g_assert_cmpint (oa_task_of (oa.ben, id), ==, 0);

  /* Only the applicant resubmits, with a valid form. */
  bad = request_action (oa.joe, id, "resubmit", "{\"form\":{\"amount\":\"abc\",\"purpose\":\"Taxi\"}}");
  sanhe_test_assert_field_error (bad, "amount", "invalid");
  {
    g_autoptr(SanheTestResponse) other = request_action (oa.ben, id, "resubmit", "{}");

    sanhe_test_assert_error (other, 403, "oa.request.not_applicant");
  }
  resubmitted = request_action (oa.joe, id, "resubmit", "{\"form\":{\"amount\":\"1300\",\"purpose\":\"Taxi + receipt\"}}");
  sanhe_test_assert_status (resubmitted, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (resubmitted), "state"), ==, "pending");
  g_assert_cmpint (oa_task_of (oa.ben, id), >, 0);

  request = oa_request (id, &keep);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (request, "form"), "amount"), ==, "1300");
  g_assert_cmpint (oa_history_count (id, "return"), ==, 1);
  g_assert_cmpint (oa_history_count (id, "resubmit"), ==, 1);
}

static void
test_return_to_node (void)
{
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task;
  g_autoptr(SanheTestResponse) bad = NULL;
  g_autoptr(SanheTestResponse) returned = NULL;

  oa_approve (oa.ben, id);
  task = oa_task_of (oa.anna, id);
  bad = oa_act (oa.anna, task, "return", "{\"to\":\"boss\",\"comment\":\"?\"}");
  sanhe_test_assert_error (bad, 422, "oa.return.invalid_target");
  returned = oa_act (oa.anna, task, "return", "{\"to\":\"manager\",\"comment\":\"Check the amount\"}");
  sanhe_test_assert_status (returned, 200);
  g_assert_cmpint (oa_task_of (oa.ben, id), >, 0);
  oa_approve (oa.ben, id);
  oa_approve (oa.anna, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");
}

static void
test_withdraw (void)
{
  g_autoptr(SanheTestEvents) ben_events = sanhe_test_events_connect (oa.server, oa.ben, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autoptr(SanheTestResponse) withdrawn = NULL;
  g_autoptr(SanheTestResponse) late = NULL;
  gint64 id2;

  oa_assert_event (ben_events, "oa.task.assigned", task);
  withdrawn = request_action (oa.joe, id, "withdraw", NULL);
  sanhe_test_assert_status (withdrawn, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (withdrawn), "state"), ==, "withdrawn");
  oa_assert_event (ben_events, "oa.task.cancelled", task);
  g_assert_cmpint (oa_task_of (oa.ben, id), ==, 0);
  g_assert_cmpint (oa_history_count (id, "withdraw"), ==, 1);

  /* After the first decision it is too late. */
  id2 = oa_submit (oa.joe, "travel_expense", EXPENSE);
  oa_approve (oa.ben, id2);
  late = request_action (oa.joe, id2, "withdraw", NULL);
  sanhe_test_assert_error (late, 409, "oa.request.not_withdrawable");
}

static void
test_urge (void)
{
  g_autoptr(SanheTestEvents) ben_events = sanhe_test_events_connect (oa.server, oa.ben, NULL);
  g_autoptr(SanheTestEvents) anna_events = sanhe_test_events_connect (oa.server, oa.anna, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autoptr(SanheTestResponse) urged = NULL;
  g_autoptr(SanheTestResponse) again = NULL;

  oa_assert_event (ben_events, "oa.task.assigned", task);
  urged = request_action (oa.joe, id, "urge", NULL);
  sanhe_test_assert_status (urged, 200);
  oa_assert_event (ben_events, "oa.task.urged", task);
  oa_assert_quiet (anna_events, "anna");

  again = request_action (oa.joe, id, "urge", NULL);
  sanhe_test_assert_error (again, 429, "oa.request.urged_recently");
  g_assert_cmpint (oa_history_count (id, "urge"), ==, 1);
  oa_assert_quiet (ben_events, "ben after the refused urge");
}

static void
test_transfer (void)
{
  g_autoptr(SanheTestEvents) fanny_events = sanhe_test_events_connect (oa.server, oa.fanny, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autofree char *body = g_strdup_printf ("{\"user\":%" G_GINT64_FORMAT ",\"comment\":\"Fanny knows\"}", oa.fanny_id);
  g_autoptr(SanheTestResponse) moved = oa_act (oa.ben, task, "transfer", body);
  g_autoptr(SanheTestResponse) nobody = NULL;
  gint64 fanny_task;

  sanhe_test_assert_status (moved, 200);
  fanny_task = oa_task_of (oa.fanny, id);
  g_assert_cmpint (fanny_task, >, 0);
  oa_assert_event (fanny_events, "oa.task.assigned", fanny_task);
  g_assert_cmpint (oa_task_of (oa.ben, id), ==, 0);
  g_assert_cmpint (oa_history_count (id, "transfer"), ==, 1);
  g_assert_cmpint (oa_sql_int ("SELECT count(*) FROM oa.tasks WHERE id = %" G_GINT64_FORMAT " AND state = 'transferred'",
                               task), ==, 1);

  nobody = oa_act (oa.fanny, fanny_task, "transfer", "{\"user\":987654}");
  g_assert_cmpuint (nobody->status, ==, 422);
  oa_approve (oa.fanny, id);
  g_assert_cmpint (oa_task_of (oa.anna, id), >, 0);
}

static void
test_add_signer (void)
{
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autofree char *body = g_strdup_printf ("{\"user\":%" G_GINT64_FORMAT ",\"position\":\"after\"}", oa.lucas_id);
  g_autoptr(SanheTestResponse) added = oa_act (oa.ben, task, "add-signer", body);
  g_autoptr(SanheTestResponse) bad = NULL;

  sanhe_test_assert_status (added, 200);
  g_assert_cmpint (oa_history_count (id, "add_signer"), ==, 1);
  bad = oa_act (oa.ben, task, "add-signer", "{\"user\":1,\"position\":\"sideways\"}");
  sanhe_test_assert_field_error (bad, "position", "invalid");

  /* Ben first, then Lucas, then on to finance. */
  oa_approve (oa.ben, id);
  g_assert_cmpint (oa_task_of (oa.anna, id), ==, 0);
  oa_approve (oa.lucas, id);
  oa_approve (oa.anna, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");
}

static void
test_add_signer_before (void)
{
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  gint64 task = oa_task_of (oa.ben, id);
  g_autofree char *body = g_strdup_printf ("{\"user\":%" G_GINT64_FORMAT ",\"position\":\"before\"}", oa.lucas_id);
  g_autoptr(SanheTestResponse) added = oa_act (oa.ben, task, "add-signer", body);

  /* Lucas decides first; then Ben again, then finance. */
  sanhe_test_assert_status (added, 200);
  g_assert_cmpint (oa_task_of (oa.ben, id), ==, 0);
  oa_approve (oa.lucas, id);
  g_assert_cmpint (oa_task_of (oa.anna, id), ==, 0);
  oa_approve (oa.ben, id);
  oa_approve (oa.anna, id);
  g_assert_cmpstr (oa_state (id), ==, "approved");
  g_assert_cmpint (oa_history_count (id, "approve"), ==, 3);
}

static void
test_comment (void)
{
  g_autoptr(SanheTestEvents) joe_events = sanhe_test_events_connect (oa.server, oa.joe, NULL);
  gint64 id = oa_submit (oa.joe, "travel_expense", EXPENSE);
  g_autoptr(SanheTestResponse) by_ben = NULL;
  g_autoptr(SanheTestResponse) by_fanny = NULL;
  g_autoptr(SanheTestResponse) empty = NULL;

  oa_assert_event (joe_events, "oa.request.updated", id);
  by_ben = request_action (oa.ben, id, "comment", "{\"comment\":\"Which client?\"}");
  sanhe_test_assert_status (by_ben, 200);
  oa_assert_event (joe_events, "oa.request.updated", id);
  g_assert_cmpint (oa_history_count (id, "comment"), ==, 1);
  by_fanny = request_action (oa.fanny, id, "comment", "{\"comment\":\"Hi\"}");
  sanhe_test_assert_error (by_fanny, 404, "oa.request.not_found");
  empty = request_action (oa.joe, id, "comment", "{}");
  sanhe_test_assert_field_error (empty, "comment", "required");
  g_assert_cmpint (oa_history_count (id, "comment"), ==, 1);
}

/* An any-node (或签) of every manager: Ben and Lucas race. */
typedef struct
{
  const char *token;
  gint64      task;
  guint       status;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(SanheTestResponse) r = oa_act (racer->token, racer->task, "approve", NULL);

  racer->status = r->status;
  return NULL;
}

static void
test_any_race (void)
{
  const char *definition =
    "{\"key\":\"race_any\",\"name\":\"Race\","
    " \"form\":[{\"name\":\"note\",\"type\":\"text\",\"required\":true}],"
    " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"},"
    "   {\"id\":\"managers\",\"type\":\"approval\",\"assignee\":{\"rule\":\"role\",\"role\":\"manager\"},\"mode\":\"any\"},"
    "   {\"id\":\"end\",\"type\":\"end\"}],"
    " \"edges\":[{\"from\":\"start\",\"to\":\"managers\"},{\"from\":\"managers\",\"to\":\"end\"}]}";
  g_autoptr(SanheTestResponse) saved = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin, definition);
  g_autoptr(SanheTestEvents) boss_events = NULL;

  sanhe_test_assert_status (saved, 201);
  boss_events = sanhe_test_events_connect (oa.server, oa.boss, NULL);

  for (guint round = 0; round < 3; round++)
    {
      gint64 id = oa_submit (oa.joe, "race_any", "{\"note\":\"who first\"}");
      Racer a = { oa.ben, oa_task_of (oa.ben, id), 0 };
      Racer b = { oa.lucas, oa_task_of (oa.lucas, id), 0 };
      gint64 boss_task = oa_task_of (oa.boss, id);
      GThread *ta;
      GThread *tb;

      g_assert_cmpint (a.task, >, 0);
      g_assert_cmpint (b.task, >, 0);
      oa_assert_event (boss_events, "oa.task.assigned", boss_task);
      ta = g_thread_new ("ben", race, &a);
      tb = g_thread_new ("lucas", race, &b);
      g_thread_join (ta);
      g_thread_join (tb);

      g_assert_true ((a.status == 200 && b.status == 409) || (a.status == 409 && b.status == 200));
      g_assert_cmpint (oa_history_count (id, "approve"), ==, 1);
      g_assert_cmpstr (oa_state (id), ==, "approved");
      /* The boss's seat disappeared from his inbox. */
      oa_assert_event (boss_events, "oa.task.cancelled", boss_task);
      g_assert_cmpint (oa_task_of (oa.boss, id), ==, 0);
    }
}

/* The inbox counts every pending task, not only the page it shows: Ben,
 * with three new purchase requests on top of what earlier tests left,
 * sees the same total on a page of one, on every page, and per process. */
static void
test_inbox_total (void)
{
  g_autoptr(SanheTestResponse) first = NULL;
  g_autoptr(SanheTestResponse) filtered = NULL;
  gint64 expected, expected_purchases;
  JsonObject *page;

  for (guint i = 0; i < 3; i++)
    oa_submit (oa.joe, "purchase_request", "{\"item\":\"Pens\",\"quantity\":\"10\",\"amount\":\"20\"}");
  expected = oa_sql_int ("SELECT count(*) FROM oa.tasks WHERE assignee_id = %" G_GINT64_FORMAT
                         " AND state = 'pending'", oa.ben_id);
  expected_purchases = oa_sql_int ("SELECT count(*) FROM oa.tasks t JOIN oa.requests r ON r.id = t.request_id "
                                   "WHERE t.assignee_id = %" G_GINT64_FORMAT " AND t.state = 'pending' "
                                   "AND r.process_key = 'purchase_request'", oa.ben_id);
  g_assert_cmpint (expected_purchases, >=, 3);
  g_assert_cmpint (expected, >, 1);

  first = sanhe_test_request (oa.server, "GET", "/api/v1/oa/tasks?state=pending&limit=1", oa.ben, NULL);
  sanhe_test_assert_status (first, 200);
  page = sanhe_test_object (first);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")), ==, 1);
  g_assert_nonnull (sanhe_test_member_string (page, "next"));
  g_assert_cmpint (sanhe_test_member_int (page, "total"), ==, expected);

  {
    g_autoptr(SanheTestResponse) second = sanhe_test_requestf (oa.server, "GET", oa.ben, NULL,
                                                               "/api/v1/oa/tasks?state=pending&limit=1&after=%s",
                                                               sanhe_test_member_string (page, "next"));

    sanhe_test_assert_status (second, 200);
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (second), "total"), ==, expected);
  }

  filtered = sanhe_test_request (oa.server, "GET", "/api/v1/oa/tasks?state=pending&process=purchase_request",
                                 oa.ben, NULL);
  sanhe_test_assert_status (filtered, 200);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (filtered), "total"), ==, expected_purchases);
}

/* Ben's inbox item for @request. */
static JsonObject *
inbox_item (gint64              request,
            SanheTestResponse **keep)
{
  JsonArray *items;

  *keep = sanhe_test_request (oa.server, "GET", "/api/v1/oa/tasks?state=pending&limit=500", oa.ben, NULL);
  sanhe_test_assert_status (*keep, 200);
  items = json_object_get_array_member (sanhe_test_object (*keep), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (sanhe_test_member_int (json_array_get_object_element (items, i), "request") == request)
      return json_array_get_object_element (items, i);
  g_error ("Ben has no task of request %" G_GINT64_FORMAT, request);
}

/* The summary, whole and in parts: the amount as a decimal a client
 * writes its reader's way, the text cut at 60 characters; and both follow
 * a resubmitted form. */
static void
test_summary_parts (void)
{
  const char *long_purpose = "Visiting three customers in Shenzhen, Dongguan and Guangzhou over four days";
  g_autofree char *form = g_strdup_printf ("{\"amount\":\"1280.5\",\"purpose\":\"%s\"}", long_purpose);
  g_autofree char *head = g_utf8_substring (long_purpose, 0, 59);
  g_autofree char *cut = g_strconcat (head, "…", NULL);
  g_autofree char *whole = g_strconcat ("Joe Zhang · 1280.50 · ", cut, NULL);
  g_autoptr(SanheTestResponse) keep = NULL;
  g_autoptr(SanheTestResponse) keep_again = NULL;
  g_autoptr(SanheTestResponse) returned = NULL;
  g_autoptr(SanheTestResponse) resubmitted = NULL;
  gint64 id = oa_submit (oa.joe, "travel_expense", form);
  JsonObject *item = inbox_item (id, &keep);
  JsonObject *parts = json_object_get_object_member (item, "summary_parts");

  g_assert_cmpstr (sanhe_test_member_string (item, "summary"), ==, whole);
  g_assert_nonnull (parts);
  g_assert_cmpstr (sanhe_test_member_string (parts, "applicant"), ==, "Joe Zhang");
  g_assert_cmpstr (sanhe_test_member_string (parts, "amount"), ==, "1280.5000");
  g_assert_cmpstr (sanhe_test_member_string (parts, "text"), ==, cut);

  returned = oa_act (oa.ben, sanhe_test_member_int (item, "id"), "return",
                     "{\"to\":\"applicant\",\"comment\":\"Split the trip\"}");
  sanhe_test_assert_status (returned, 200);
  resubmitted = request_action (oa.joe, id, "resubmit", "{\"form\":{\"amount\":\"12000\",\"purpose\":\"Shenzhen\"}}");
  sanhe_test_assert_status (resubmitted, 200);

  item = inbox_item (id, &keep_again);
  parts = json_object_get_object_member (item, "summary_parts");
  g_assert_cmpstr (sanhe_test_member_string (item, "summary"), ==, "Joe Zhang · 12000.00 · Shenzhen");
  g_assert_cmpstr (sanhe_test_member_string (parts, "amount"), ==, "12000.0000");
  g_assert_cmpstr (sanhe_test_member_string (parts, "text"), ==, "Shenzhen");
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/actions/reject", test_reject);
  g_test_add_func ("/oa/actions/not-assignee", test_not_assignee);
  g_test_add_func ("/oa/actions/return-and-resubmit", test_return_and_resubmit);
  g_test_add_func ("/oa/actions/return-to-node", test_return_to_node);
  g_test_add_func ("/oa/actions/withdraw", test_withdraw);
  g_test_add_func ("/oa/actions/urge", test_urge);
  g_test_add_func ("/oa/actions/transfer", test_transfer);
  g_test_add_func ("/oa/actions/add-signer", test_add_signer);
  g_test_add_func ("/oa/actions/add-signer-before", test_add_signer_before);
  g_test_add_func ("/oa/actions/comment", test_comment);
  g_test_add_func ("/oa/actions/any-race", test_any_race);
  g_test_add_func ("/oa/actions/inbox-total", test_inbox_total);
  g_test_add_func ("/oa/actions/summary-parts", test_summary_parts);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
