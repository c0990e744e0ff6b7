/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-watch"

#include "config.h"

#include "oa-server-fixture.h"

/*
 * A record's page shows its approvals live to everyone who may read the
 * record, not only to the applicant and approvers: the page watches the
 * topic "TYPE:ID" on its event socket, and hears "oa.subject.updated"
 * whenever one of the record's requests moves — if its user may read
 * such records. Anna (finance) reads purchase orders and takes no part in
 * a purchase request; Fanny (HR) does not read them.
 */

#define REPLY_MS 5000
#define QUIET_MS 1000

/* The next message of @type, passing over others (an earlier test's
 * events may still be on their way to this user). */
static JsonNode *
next_of_type (SanheTestEvents *events,
              const char      *type)
{
  for (;;)
    {
      g_autoptr(JsonNode) message = sanhe_test_events_next (events, REPLY_MS);
      g_autofree char *text = NULL;

      g_assert_nonnull (message);
      text = sanhe_test_to_string (message);
      if (g_strcmp0 (sanhe_test_member_string (json_node_get_object (message), "type"), type) == 0)
        {
          g_test_message ("got: %s", text);
          return g_steal_pointer (&message);
        }
      g_test_message ("passing over: %s", text);
    }
}

/* Sends a watch message and checks the server's echo of the topics. */
static void
assert_watching (SanheTestEvents *events,
                 const char      *message,
                 const char      *expected_topics)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *topics = NULL;

  sanhe_test_events_send (events, message);
  reply = next_of_type (events, "events.watching");
  topics = sanhe_test_to_string (json_object_get_member (json_node_get_object (reply), "topics"));
  g_assert_cmpstr (topics, ==, expected_topics);
}

static void
assert_refused (SanheTestEvents *events,
                const char      *message,
                const char      *code)
{
  g_autoptr(JsonNode) reply = NULL;
  JsonObject *error;

  sanhe_test_events_send (events, message);
  reply = next_of_type (events, "events.error");
  error = json_object_get_object_member (json_node_get_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (sanhe_test_member_string (error, "code"), ==, code);
  g_assert_nonnull (sanhe_test_member_string (error, "message"));
}

static void
assert_subject_event (SanheTestEvents *events,
                      const char      *topic,
                      gint64           request)
{
  g_autoptr(JsonNode) event = next_of_type (events, "oa.subject.updated");
  JsonObject *object = json_node_get_object (event);
  JsonObject *subject = json_object_get_object_member (object, "subject");

  g_assert_cmpstr (sanhe_test_member_string (object, "topic"), ==, topic);
  g_assert_cmpint (sanhe_test_member_int (object, "request"), ==, request);
  g_assert_nonnull (subject);
  g_assert_cmpstr (sanhe_test_member_string (subject, "type"), ==, "erp.purchase_order");
  g_assert_cmpint (sanhe_test_member_int (subject, "id"), ==, 601);
  /* The hub's routing stays on the server. */
  g_assert_false (json_object_has_member (object, "permission"));
  g_assert_false (json_object_has_member (object, "to"));
}

static gint64
submit_about (const char *subject)
{
  g_autofree char *body = sanhe_test_body ("s:process", "purchase_request",
                                           "j:form", "{\"item\":\"Gears\",\"quantity\":\"4\",\"amount\":\"90\"}",
                                           "j:subject", subject, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static void
test_watch_subject (void)
{
  g_autoptr(SanheTestEvents) anna = sanhe_test_events_connect (oa.server, oa.anna, NULL);
  g_autoptr(SanheTestEvents) fanny = sanhe_test_events_connect (oa.server, oa.fanny, NULL);
  gint64 request;

  g_assert_nonnull (anna);
  g_assert_nonnull (fanny);

  /* Repeats count once. */
  assert_watching (anna, "{\"type\":\"watch\",\"topics\":[\"erp.purchase_order:601\",\"erp.purchase_order:601\","
                         "\"facilities.room:601\"]}",
                   "[\"erp.purchase_order:601\",\"facilities.room:601\"]");
  assert_watching (fanny, "{\"type\":\"watch\",\"topics\":[\"erp.purchase_order:601\"]}",
                   "[\"erp.purchase_order:601\"]");

  /* Submitted, then approved by Ben: Anna's page hears both; Fanny's,
   * watching the same record she may not read, hears nothing. */
  request = submit_about ("{\"type\":\"erp.purchase_order\",\"id\":601}");
  assert_subject_event (anna, "erp.purchase_order:601", request);
  oa_approve (oa.ben, request);
  assert_subject_event (anna, "erp.purchase_order:601", request);
  g_assert_cmpstr (oa_state (request), ==, "approved");
  oa_assert_quiet (fanny, "Fanny (HR, who does not read purchase orders)");

  /* Another record, and a kind of record Sanhe does not know: nothing. */
  submit_about ("{\"type\":\"erp.purchase_order\",\"id\":602}");
  submit_about ("{\"type\":\"facilities.room\",\"id\":601}");
  oa_assert_quiet (anna, "Anna, watching neither");

  /* Watching nothing any more. */
  assert_watching (anna, "{\"type\":\"watch\",\"topics\":[]}", "[]");
  submit_about ("{\"type\":\"erp.purchase_order\",\"id\":601}");
  oa_assert_quiet (anna, "Anna, after she stopped watching");
}

/* A bad message gets a precise error on the socket, which stays open, and
 * what was watched before stays watched. */
static void
test_watch_errors (void)
{
  g_autoptr(SanheTestEvents) anna = sanhe_test_events_connect (oa.server, oa.anna, NULL);
  g_autoptr(GString) many = g_string_new ("{\"type\":\"watch\",\"topics\":[");
  g_autofree char *long_topic = g_strnfill (129, 't');
  g_autofree char *too_long = g_strdup_printf ("{\"type\":\"watch\",\"topics\":[\"%s\"]}", long_topic);
  gint64 request;

  g_assert_nonnull (anna);
  for (guint i = 0; i < 51; i++)
    g_string_append_printf (many, "%s\"erp.purchase_order:%u\"", i ? "," : "", i + 1);
  g_string_append (many, "]}");

  assert_watching (anna, "{\"type\":\"watch\",\"topics\":[\"erp.purchase_order:603\"]}",
                   "[\"erp.purchase_order:603\"]");
  assert_refused (anna, "watch erp.purchase_order:603", "request.malformed_json");
  assert_refused (anna, "{\"type\":\"subscribe\",\"topics\":[]}", "validation.failed");
  assert_refused (anna, "{\"type\":\"watch\",\"topics\":\"erp.purchase_order:603\"}", "validation.failed");
  assert_refused (anna, "{\"type\":\"watch\",\"topics\":[12]}", "validation.failed");
  assert_refused (anna, "{\"type\":\"watch\",\"topics\":[\"\"]}", "validation.failed");
  assert_refused (anna, too_long, "validation.failed");
  assert_refused (anna, many->str, "validation.failed");

  request = submit_about ("{\"type\":\"erp.purchase_order\",\"id\":603}");
  {
    g_autoptr(JsonNode) event = next_of_type (anna, "oa.subject.updated");

    g_assert_cmpint (sanhe_test_member_int (json_node_get_object (event), "request"), ==, request);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/events/watch-subject", test_watch_subject);
  g_test_add_func ("/oa/events/watch-errors", test_watch_errors);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
