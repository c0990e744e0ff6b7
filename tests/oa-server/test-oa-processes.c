/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-processes"

#include "config.h"

#include <string.h>

#include "oa-server-fixture.h"

/* Process definitions and their versions, precise 422s for bad definitions
 * and bad forms (leaving the database as it was), standing rules. */

#define SIMPLE(key, extra_node, extra_edges) \
  "{\"key\":\"" key "\",\"name\":\"Simple\"," \
  " \"form\":[{\"name\":\"amount\",\"type\":\"money\",\"required\":true,\"min\":\"1\"}," \
  "          {\"name\":\"kind\",\"type\":\"choice\",\"options\":[\"hotel\",\"train\"]}]," \
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"}," \
  "   {\"id\":\"manager\",\"type\":\"approval\",\"assignee\":{\"rule\":\"manager\"}}," extra_node \
  "   {\"id\":\"end\",\"type\":\"end\"}]," \
  " \"edges\":[{\"from\":\"start\",\"to\":\"manager\"}," extra_edges "]}"

static JsonObject *
problem_at (SanheTestResponse *r,
            const char        *locator,
            const char        *value,
            const char        *code)
{
  JsonNode *details = sanhe_test_error_details (r);
  JsonArray *problems;

  g_assert_nonnull (details);
  problems = json_object_get_array_member (json_node_get_object (details), "problems");
  g_assert_nonnull (problems);
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *p = json_array_get_object_element (problems, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (p, locator, NULL), value) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (p, "code", NULL), code) == 0)
        return p;
    }
  {
    g_autofree char *text = sanhe_test_to_string (details);
    g_error ("no problem %s=%s code %s in %s", locator, value, code, text);
  }
  return NULL;
}

static gint64
create_customer (const char *code,
                 const char *name)
{
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "POST", "/api/v1/crm/customers", oa.joe, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static void
test_seeded (void)
{
  static const char * const keys[] = { "business_trip", "contract_approval", "production_task_change",
                                       "purchase_request", "travel_expense" };
  g_autoptr(SanheTestResponse) list = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes", oa.joe, NULL);
  g_autoptr(SanheTestResponse) one = NULL;
  g_autoptr(SanheTestResponse) missing = NULL;
  JsonNode *items;

  sanhe_test_assert_status (list, 200);
  items = json_object_get_member (sanhe_test_object (list), "items");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (sanhe_test_find_by_string (items, "key", keys[i]));

  one = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes/travel_expense?version=1", oa.joe, NULL);
  sanhe_test_assert_status (one, 200);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (one), "version"), ==, 1);
  g_assert_true (json_object_has_member (sanhe_test_object (one), "nodes"));
  g_assert_true (json_object_has_member (sanhe_test_object (one), "form"));
  missing = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes/travel_expense?version=99", oa.joe, NULL);
  sanhe_test_assert_error (missing, 404, "oa.process.not_found");

  /* The other seeded processes route somewhere sensible. */
  {
    gint64 acme_id = create_customer ("C-ACME", "Acme Machinery");
    g_autofree char *contract_form = g_strdup_printf ("{\"title\":\"Frame contract\",\"customer\":%" G_GINT64_FORMAT
                                                      ",\"amount\":\"50000\"}", acme_id);
    gint64 contract = oa_submit (oa.joe, "contract_approval", contract_form);
    gint64 change = oa_submit (oa.joe, "production_task_change",
                               "{\"task\":\"PT-2026-000001\",\"due_date\":\"2026-12-20\",\"reason\":\"Late steel\"}");

    g_autofree char *summary = oa_sql_text ("SELECT summary FROM oa.requests WHERE id = %" G_GINT64_FORMAT, contract);

    g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT, contract);
    g_autoptr(SanheTestResponse) doc = sanhe_test_request (oa.server, "GET", path, oa.joe, NULL);
    JsonObject *references;

    /* Who, how much, what: in no language, for every reader's inbox. */
    g_assert_cmpstr (summary, ==, "Joe Zhang · 50000.00 · Frame contract");
    /* The customer field holds an id; the document names it. */
    sanhe_test_assert_status (doc, 200);
    references = json_object_get_object_member (sanhe_test_object (doc), "references");
    g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (references, "customer"), "id"), ==, acme_id);
    g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (references, "customer"), "name"), ==,
                     "Acme Machinery");
    g_assert_cmpuint (json_object_get_size (references), ==, 1);
    oa_approve (oa.ben, contract);          /* head of Sales */
    oa_approve (oa.anna, contract);
    oa_approve (oa.boss, contract);
    g_assert_cmpstr (oa_state (contract), ==, "approved");
    g_assert_cmpint (oa_task_of (oa.lucas, change), ==, 0);
  }
}

static void
test_bad_definitions (void)
{
  g_autofree char *before = oa_dump_begin ();
  g_autoptr(SanheTestResponse) no_else = NULL;
  g_autoptr(SanheTestResponse) dangling = NULL;
  g_autoptr(SanheTestResponse) bad_field = NULL;
  g_autoptr(SanheTestResponse) forbidden = NULL;

  /* A condition without an else. */
  no_else = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin,
                                SIMPLE ("bad_else", "{\"id\":\"c\",\"type\":\"condition\"},",
                                        "{\"from\":\"manager\",\"to\":\"c\"},"
                                        "{\"from\":\"c\",\"to\":\"end\",\"when\":{\"op\":\">\",\"field\":\"amount\",\"value\":\"5\"}}"));
  sanhe_test_assert_error (no_else, 422, "oa.process.invalid");
  problem_at (no_else, "node", "c", "no_else");

  /* An edge to a node that does not exist. */
  dangling = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin,
                                 SIMPLE ("bad_edge", "", "{\"from\":\"manager\",\"to\":\"nowhere\"}"));
  sanhe_test_assert_error (dangling, 422, "oa.process.invalid");
  {
    JsonNode *details = sanhe_test_error_details (dangling);
    g_autofree char *text = sanhe_test_to_string (details);

    g_assert_nonnull (strstr (text, "dangling"));
  }

  /* A condition on a field the form lacks. */
  bad_field = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin,
                                  SIMPLE ("bad_field", "{\"id\":\"c\",\"type\":\"condition\"},",
                                          "{\"from\":\"manager\",\"to\":\"c\"},"
                                          "{\"from\":\"c\",\"to\":\"end\",\"when\":{\"op\":\">\",\"field\":\"nope\",\"value\":\"5\"}},"
                                          "{\"from\":\"c\",\"to\":\"end\",\"else\":true}"));
  sanhe_test_assert_error (bad_field, 422, "oa.process.invalid");
  problem_at (bad_field, "edge", NULL, "unknown_field");

  /* Designing processes is for administrators. */
  forbidden = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.joe,
                                  SIMPLE ("by_joe", "", "{\"from\":\"manager\",\"to\":\"end\"}"));
  sanhe_test_assert_error (forbidden, 403, "auth.forbidden");

  oa_assert_dump_unchanged (before);
}

/* The designer checks a definition as it is edited: the same verdict as a
 * save, and nothing saved either way. */
static void
test_validate (void)
{
  g_autofree char *before = oa_dump_begin ();
  g_autoptr(SanheTestResponse) good = NULL;
  g_autoptr(SanheTestResponse) bad = NULL;
  g_autoptr(SanheTestResponse) bad_locale = NULL;
  g_autoptr(SanheTestResponse) forbidden = NULL;
  g_autoptr(SanheTestResponse) missing = NULL;

  good = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes/validate", oa.admin,
                             SIMPLE ("draft", "", "{\"from\":\"manager\",\"to\":\"end\"}"));
  sanhe_test_assert_status (good, 200);
  g_assert_true (json_object_get_boolean_member (sanhe_test_object (good), "valid"));
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (good), "key"), ==, "draft");

  bad = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes/validate", oa.admin,
                            SIMPLE ("draft", "{\"id\":\"c\",\"type\":\"condition\"},",
                                    "{\"from\":\"manager\",\"to\":\"c\"},"
                                    "{\"from\":\"c\",\"to\":\"end\",\"when\":{\"op\":\">\",\"field\":\"amount\",\"value\":\"5\"}}"));
  sanhe_test_assert_error (bad, 422, "oa.process.invalid");
  problem_at (bad, "node", "c", "no_else");

  bad_locale = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes/validate", oa.admin,
                                   "{\"key\":\"draft\",\"name\":\"D\",\"translations\":{\"Chinese\":\"草稿\"},"
                                   " \"form\":[],\"nodes\":[{\"id\":\"s\",\"type\":\"start\"},{\"id\":\"e\",\"type\":\"end\"}],"
                                   " \"edges\":[{\"from\":\"s\",\"to\":\"e\"}]}");
  sanhe_test_assert_error (bad_locale, 422, "oa.process.invalid");
  problem_at (bad_locale, "member", "$", "invalid_locale");

  forbidden = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes/validate", oa.joe,
                                  SIMPLE ("draft", "", "{\"from\":\"manager\",\"to\":\"end\"}"));
  sanhe_test_assert_error (forbidden, 403, "auth.forbidden");

  oa_assert_dump_unchanged (before);
  missing = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes/draft", oa.admin, NULL);
  sanhe_test_assert_error (missing, 404, "oa.process.not_found");
}

/* The seeded processes speak the client's languages: the list carries
 * the name's translations, the definition its labels'. */
static void
test_translations (void)
{
  g_autoptr(SanheTestResponse) list = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes", oa.joe, NULL);
  g_autoptr(SanheTestResponse) one = NULL;
  JsonObject *item;
  JsonObject *translations;
  JsonObject *amount;

  sanhe_test_assert_status (list, 200);
  item = sanhe_test_find_by_string (json_object_get_member (sanhe_test_object (list), "items"), "key", "travel_expense");
  g_assert_nonnull (item);
  translations = json_object_get_object_member (item, "translations");
  g_assert_cmpstr (json_object_get_string_member (translations, "zh_CN"), ==, "差旅报销");
  g_assert_cmpstr (json_object_get_string_member (translations, "es"), ==, "Gastos de viaje");

  one = sanhe_test_request (oa.server, "GET", "/api/v1/oa/processes/travel_expense", oa.joe, NULL);
  sanhe_test_assert_status (one, 200);
  amount = json_array_get_object_element (json_object_get_array_member (sanhe_test_object (one), "form"), 0);
  g_assert_cmpstr (json_object_get_string_member (amount, "name"), ==, "amount");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (amount, "translations"), "zh_CN"),
                   ==, "金额");
}

static void
test_bad_forms (void)
{
  g_autofree char *before = oa_dump_begin ();
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  g_autoptr(SanheTestResponse) r4 = NULL;

  r1 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe,
                           "{\"process\":\"travel_expense\",\"form\":{\"purpose\":\"x\",\"amount\":\"-5\",\"extra\":1}}");
  sanhe_test_assert_field_error (r1, "amount", "too_small");
  sanhe_test_assert_field_error (r1, "extra", "unknown_field");

  r2 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe,
                           "{\"process\":\"travel_expense\",\"form\":{\"amount\":\"100\"}}");
  sanhe_test_assert_field_error (r2, "purpose", "required");

  r3 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe,
                           "{\"process\":\"no_such\",\"form\":{}}");
  sanhe_test_assert_field_error (r3, "process", "not_found");

  r4 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", oa.joe,
                           "{\"process\":\"travel_expense\",\"form\":{\"purpose\":\"x\",\"amount\":\"1\"},"
                           "\"subject\":{\"type\":\"Bad Type\",\"id\":0}}");
  sanhe_test_assert_field_error (r4, "subject", "invalid");

  oa_assert_dump_unchanged (before);
}

static void
test_versions (void)
{
  g_autoptr(SanheTestResponse) v1 = NULL;
  g_autoptr(SanheTestResponse) v2 = NULL;
  g_autoptr(SanheTestResponse) keep = NULL;
  gint64 old_request;
  gint64 new_request;

  v1 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin,
                           SIMPLE ("versioned", "", "{\"from\":\"manager\",\"to\":\"end\"}"));
  sanhe_test_assert_status (v1, 201);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (v1), "version"), ==, 1);
  old_request = oa_submit (oa.joe, "versioned", "{\"amount\":\"10\"}");

  /* Version 2 adds finance after the manager. */
  v2 = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin,
                           SIMPLE ("versioned",
                                   "{\"id\":\"finance\",\"type\":\"approval\",\"assignee\":{\"rule\":\"role\",\"role\":\"finance\"}},",
                                   "{\"from\":\"manager\",\"to\":\"finance\"},{\"from\":\"finance\",\"to\":\"end\"}"));
  sanhe_test_assert_status (v2, 201);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (v2), "version"), ==, 2);
  new_request = oa_submit (oa.joe, "versioned", "{\"amount\":\"10\"}");

  g_assert_cmpint (sanhe_test_member_int (oa_request (old_request, &keep), "version"), ==, 1);
  oa_approve (oa.ben, old_request);
  g_assert_cmpstr (oa_state (old_request), ==, "approved");

  oa_approve (oa.ben, new_request);
  g_assert_cmpstr (oa_state (new_request), ==, "pending");
  oa_approve (oa.anna, new_request);
  g_assert_cmpstr (oa_state (new_request), ==, "approved");
}

static void
test_rules (void)
{
  g_autofree char *delegate = g_strdup_printf ("{\"kind\":\"delegate\",\"to\":%" G_GINT64_FORMAT ","
                                               "\"starts\":\"2000-01-01\",\"ends\":\"2999-12-31\"}", oa.lucas_id);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (oa.server, "POST", "/api/v1/oa/rules", oa.ben, delegate);
  g_autoptr(SanheTestResponse) bad = NULL;
  g_autoptr(SanheTestResponse) bens = NULL;
  g_autoptr(SanheTestResponse) annas = NULL;
  g_autoptr(SanheTestResponse) admins = NULL;
  g_autoptr(SanheTestResponse) not_hers = NULL;
  g_autoptr(SanheTestResponse) deleted = NULL;
  g_autoptr(SanheTestResponse) keep = NULL;
  JsonObject *last;
  JsonArray *history;
  gint64 rule;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  rule = sanhe_test_member_int (sanhe_test_object (created), "id");

  bad = sanhe_test_request (oa.server, "POST", "/api/v1/oa/rules", oa.ben,
                            "{\"kind\":\"auto_approve\",\"process\":\"travel_expense\","
                            "\"condition\":{\"op\":\"<\",\"field\":\"nope\",\"value\":\"1\"}}");
  g_assert_cmpuint (bad->status, ==, 422);

  bens = sanhe_test_request (oa.server, "GET", "/api/v1/oa/rules", oa.ben, NULL);
  annas = sanhe_test_request (oa.server, "GET", "/api/v1/oa/rules", oa.anna, NULL);
  admins = sanhe_test_request (oa.server, "GET", "/api/v1/oa/rules", oa.admin, NULL);
  g_assert_nonnull (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (bens), "items"), rule));
  g_assert_null (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (annas), "items"), rule));
  g_assert_nonnull (sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (admins), "items"), rule));
  /* The list names the colleague, so nobody reads user numbers. */
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (
                     sanhe_test_find_by_id (json_object_get_member (sanhe_test_object (bens), "items"), rule), "names"),
                     "to"), ==, "Lucas Wu");

  /* Ben's task goes to Lucas, who approves on Ben's behalf. */
  id = oa_submit (oa.joe, "travel_expense", "{\"amount\":\"100\",\"purpose\":\"Parking\"}");
  g_assert_cmpint (oa_task_of (oa.ben, id), ==, 0);
  oa_approve (oa.lucas, id);
  history = json_object_get_array_member (oa_request (id, &keep), "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (last, "actor"), "id"), ==, oa.lucas_id);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (last, "on_behalf_of"), "id"), ==, oa.ben_id);

  not_hers = sanhe_test_requestf (oa.server, "DELETE", oa.anna, NULL, "/api/v1/oa/rules/%" G_GINT64_FORMAT, rule);
  sanhe_test_assert_error (not_hers, 404, "oa.rule.not_found");
  deleted = sanhe_test_requestf (oa.server, "DELETE", oa.ben, NULL, "/api/v1/oa/rules/%" G_GINT64_FORMAT, rule);
  sanhe_test_assert_status (deleted, 204);

  id = oa_submit (oa.joe, "travel_expense", "{\"amount\":\"100\",\"purpose\":\"Parking\"}");
  g_assert_cmpint (oa_task_of (oa.ben, id), >, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  oa_test_init (&argc, &argv);
  g_test_add_func ("/oa/processes/seeded", test_seeded);
  g_test_add_func ("/oa/processes/bad-definitions", test_bad_definitions);
  g_test_add_func ("/oa/processes/validate", test_validate);
  g_test_add_func ("/oa/processes/translations", test_translations);
  g_test_add_func ("/oa/requests/bad-forms", test_bad_forms);
  g_test_add_func ("/oa/processes/versions", test_versions);
  g_test_add_func ("/oa/rules/delegate", test_rules);

  oa_world_start ();
  status = g_test_run ();
  oa_world_stop ();
  return status;
}
