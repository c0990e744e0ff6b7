/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "oa-test-processes.h"
#include "oa-test-util.h"

/* Standing rules: auto-approve and delegation windows, with a clock the
 * tests set (the company runs on +08:00). */

static SanheOaRule *
rule (gint64      id,
      gint64      owner,
      const char *body,
      const SanheOaForm *form)
{
  g_autoptr(JsonNode) node = oa_json (body);
  g_autoptr(GError) error = NULL;
  SanheOaRule *parsed = sanhe_oa_rule_new_from_json (id, owner, node, form, &error);

  g_assert_no_error (error);
  return parsed;
}

static GError *
rule_error (const char        *body,
            const SanheOaForm *form)
{
  g_autoptr(JsonNode) node = oa_json (body);
  g_autoptr(SanheOaRule) parsed = NULL;
  GError *error = NULL;

  parsed = sanhe_oa_rule_new_from_json (9, BOSS, node, form, &error);
  g_assert_null (parsed);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "oa.rule.invalid");
  return error;
}

static GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

typedef struct
{
  SanheOaDefinition *definition;
  SanheOaValues     *values;
  SanheOaContext     context;
} Request;

static void
request_init (Request    *request,
              gint64      applicant,
              const char *amount)
{
  g_autofree char *text = g_strdup_printf ("{'amount':'%s','trip':{'start':'2026-05-04','end':'2026-05-05'},"
                                           " 'purpose':'ACME'}", amount);
  g_autoptr(JsonNode) form = oa_json (text);
  g_autoptr(GError) error = NULL;

  request->definition = oa_definition (OA_TRAVEL_EXPENSE);
  request->values = sanhe_oa_form_validate (sanhe_oa_definition_get_form (request->definition), form, &error);
  g_assert_no_error (error);
  request->context = (SanheOaContext) { applicant, 2, NULL, request->values };
}

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->values, sanhe_oa_values_free);
  g_clear_pointer (&request->definition, sanhe_oa_definition_unref);
}

static void
test_boss_approves_joe_up_to_10000 (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(GDateTime) now = oa_clock (0);
  Request request;
  struct
  {
    gint64      applicant;
    const char *amount;
    gint64      expected;
  } cases[] = {
    { JOE, "8000", 7 },
    { JOE, "10000.00", 7 },
    { JOE, "10000.01", 0 },
    { BEN, "8000", 0 },
  };

  request_init (&request, JOE, "1");
  sanhe_oa_rules_add (rules, rule (7, BOSS,
                                   "{'kind':'auto_approve','process':'travel_expense','applicant':3,"
                                   " 'condition':{'op':'<=','field':'amount','value':'10000'}}",
                                   sanhe_oa_definition_get_form (request.definition)));
  request_clear (&request);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      request_init (&request, cases[i].applicant, cases[i].amount);
      g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, BOSS, request.definition, &request.context, now),
                       ==, cases[i].expected);
      /* Only the boss's tasks. */
      g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, ANNA, request.definition, &request.context, now),
                       ==, 0);
      request_clear (&request);
    }
}

static void
test_auto_approve_scope (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(GDateTime) may = oa_clock (0);
  g_autoptr(GDateTime) june = at ("2026-06-01T09:00:00+08:00");
  g_autoptr(SanheOaDefinition) trip = oa_definition (OA_BUSINESS_TRIP);
  Request request;

  request_init (&request, JOE, "300");
  /* Any applicant, no condition, but only in May; and a later, narrower rule. */
  sanhe_oa_rules_add (rules, rule (12, ANNA, "{'kind':'auto_approve','process':'travel_expense',"
                                             " 'condition':{'op':'<','field':'amount','value':'500'}}", NULL));
  sanhe_oa_rules_add (rules, rule (11, ANNA, "{'kind':'auto_approve','process':'travel_expense',"
                                             " 'starts':'2026-05-01','ends':'2026-05-31'}", NULL));

  g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, ANNA, request.definition, &request.context, may), ==, 11);
  g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, ANNA, request.definition, &request.context, june), ==, 12);
  /* Another process. */
  g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, ANNA, trip, &request.context, may), ==, 0);
  request_clear (&request);
}

static void
test_auto_approve_condition_of_another_version (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(GDateTime) now = oa_clock (0);
  Request request;

  /* Written against a form whose "amount" is gone or has another type:
   * the rule no longer matches, and nothing breaks. */
  sanhe_oa_rules_add (rules, rule (3, BOSS, "{'kind':'auto_approve','process':'travel_expense',"
                                            " 'condition':{'op':'<','field':'total','value':'500'}}", NULL));
  sanhe_oa_rules_add (rules, rule (4, BOSS, "{'kind':'auto_approve','process':'travel_expense',"
                                            " 'condition':{'op':'=','field':'purpose','value':'ACME'}}", NULL));
  request_init (&request, JOE, "100");
  g_assert_cmpint (sanhe_oa_rules_match_auto_approve (rules, BOSS, request.definition, &request.context, now), ==, 4);
  request_clear (&request);
}

static void
test_delegation_date_window (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  struct
  {
    const char *now;
    gint64      holder;
  } cases[] = {
    { "2026-04-30T23:59:59+08:00", BEN },
    { "2026-05-01T00:00:00+08:00", LUCAS },
    /* The same instant in UTC is still 30 April: whole days are the
     * company's days, in the time zone of "now". */
    { "2026-04-30T16:00:00Z", BEN },
    { "2026-05-03T23:59:59+08:00", LUCAS },
    { "2026-05-04T00:00:00+08:00", BEN },
  };

  sanhe_oa_rules_add (rules, rule (5, BEN, "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'2026-05-03'}", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);
      gint64 used = -1;
      gint64 holder = sanhe_oa_rules_resolve_delegate (rules, BEN, "travel_expense", JOE, NULL, now, &used);

      g_test_message ("%s", cases[i].now);
      g_assert_cmpint (holder, ==, cases[i].holder);
      g_assert_cmpint (used, ==, holder == LUCAS ? 5 : 0);
    }
}

static void
test_delegation_instant_window (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(GDateTime) before = at ("2026-05-04T08:59:59+08:00");
  g_autoptr(GDateTime) starts = at ("2026-05-04T01:00:00Z");
  g_autoptr(GDateTime) ends = at ("2026-05-04T18:00:00+08:00");

  sanhe_oa_rules_add (rules, rule (5, BEN, "{'kind':'delegate','to':6,"
                                           " 'starts':'2026-05-04T09:00:00+08:00','ends':'2026-05-04T18:00:00+08:00'}", NULL));
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "x", JOE, NULL, before, NULL), ==, BEN);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "x", JOE, NULL, starts, NULL), ==, LUCAS);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "x", JOE, NULL, ends, NULL), ==, BEN);
}

static void
test_delegation_chains (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(SanheOaDirectory) directory = oa_demo_directory ();
  g_autoptr(GDateTime) now = oa_clock (0);
  gint64 used = 0;

  /* Ben → Lucas → Anna; Anna → Ben would close a loop. */
  sanhe_oa_rules_add (rules, rule (1, BEN, "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));
  sanhe_oa_rules_add (rules, rule (2, LUCAS, "{'kind':'delegate','to':4,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));
  sanhe_oa_rules_add (rules, rule (3, ANNA, "{'kind':'delegate','to':2,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));

  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "travel_expense", JOE, directory, now, &used), ==, ANNA);
  g_assert_cmpint (used, ==, 1);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, LUCAS, "travel_expense", JOE, directory, now, &used), ==, BEN);
  g_assert_cmpint (used, ==, 2);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, ANNA, "travel_expense", JOE, directory, now, &used), ==, LUCAS);
  g_assert_cmpint (used, ==, 3);
  /* Nobody approves their own request by delegation: Lucas's request stays
   * with Ben instead of reaching Lucas. */
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "travel_expense", LUCAS, directory, now, &used), ==, BEN);
  g_assert_cmpint (used, ==, 0);
  /* Users who have no delegation keep their tasks. */
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, FANNY, "travel_expense", JOE, directory, now, &used), ==, FANNY);
  g_assert_cmpint (used, ==, 0);
}

static void
test_delegation_choice (void)
{
  g_autoptr(SanheOaRules) rules = sanhe_oa_rules_new ();
  g_autoptr(SanheOaDirectory) directory = oa_demo_directory ();
  g_autoptr(GDateTime) now = oa_clock (0);
  gint64 used = 0;

  /* The newest rule wins; a process-scoped one applies to its process only;
   * a delegate the directory does not hold (inactive) is skipped. */
  sanhe_oa_rules_add (rules, rule (1, BEN, "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));
  sanhe_oa_rules_add (rules, rule (4, BEN, "{'kind':'delegate','to':4,'starts':'2026-05-01','ends':'2026-05-31',"
                                           " 'process':'business_trip'}", NULL));
  sanhe_oa_rules_add (rules, rule (2, BEN, "{'kind':'delegate','to':5,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));
  sanhe_oa_rules_add (rules, rule (8, FANNY, "{'kind':'delegate','to':99,'starts':'2026-05-01','ends':'2026-05-31'}", NULL));

  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "business_trip", JOE, directory, now, &used), ==, ANNA);
  g_assert_cmpint (used, ==, 4);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "travel_expense", JOE, directory, now, &used), ==, FANNY);
  g_assert_cmpint (used, ==, 2);
  g_assert_cmpint (sanhe_oa_rules_resolve_delegate (rules, BEN, "travel_expense", JOE, NULL, now, &used), ==, 99);
}

static void
test_parse_errors (void)
{
  g_autoptr(SanheOaDefinition) definition = oa_definition (OA_TRAVEL_EXPENSE);
  const SanheOaForm *form = sanhe_oa_definition_get_form (definition);
  struct
  {
    const char *body;
    const char *member;
    const char *code;
  } cases[] = {
    { "{}", "kind", "required" },
    { "{'kind':'approve_all'}", "kind", "invalid" },
    { "{'kind':'auto_approve'}", "process", "required" },
    { "{'kind':'auto_approve','process':'travel_expense','applicant':'joe'}", "applicant", "invalid" },
    { "{'kind':'auto_approve','process':'travel_expense','condition':{'op':'<','field':'total','value':'1'}}",
      "condition", "unknown_field" },
    { "{'kind':'auto_approve','process':'travel_expense','condition':{'op':'<','field':'purpose','value':'1'}}",
      "condition", "not_comparable" },
    { "{'kind':'delegate','to':1,'starts':'2026-05-01','ends':'2026-05-02'}", "to", "invalid" },
    { "{'kind':'delegate','to':6,'ends':'2026-05-02'}", "starts", "required" },
    { "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'tomorrow'}", "ends", "invalid" },
    { "{'kind':'delegate','to':6,'starts':'2026-05-01T09:00:00','ends':'2026-05-02'}", "starts", "invalid" },
    { "{'kind':'delegate','to':6,'starts':'2026-05-03','ends':'2026-05-02'}", "ends", "invalid" },
    { "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'2026-05-02','process':7}", "process", "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = rule_error (cases[i].body, form);

      g_test_message ("%s", cases[i].body);
      g_assert_true (oa_has_problem (error, "member", cases[i].member, 0, cases[i].code));
    }
}

static void
test_accessors (void)
{
  g_autoptr(SanheOaRule) parsed = rule (42, ANNA, "{'kind':'delegate','to':5,'starts':'2026-05-01','ends':'2026-05-01'}", NULL);
  g_autoptr(GDateTime) inside = at ("2026-05-01T23:00:00+08:00");
  g_autoptr(GDateTime) outside = at ("2026-05-02T00:00:00+08:00");

  g_assert_cmpint (sanhe_oa_rule_get_id (parsed), ==, 42);
  g_assert_cmpint (sanhe_oa_rule_get_owner (parsed), ==, ANNA);
  g_assert_cmpint (sanhe_oa_rule_get_kind (parsed), ==, SANHE_OA_RULE_DELEGATE);
  g_assert_true (sanhe_oa_rule_is_active (parsed, inside));
  g_assert_false (sanhe_oa_rule_is_active (parsed, outside));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/rules/auto-approve/boss-joe-10000", test_boss_approves_joe_up_to_10000);
  g_test_add_func ("/oa/rules/auto-approve/scope", test_auto_approve_scope);
  g_test_add_func ("/oa/rules/auto-approve/other-version", test_auto_approve_condition_of_another_version);
  g_test_add_func ("/oa/rules/delegate/date-window", test_delegation_date_window);
  g_test_add_func ("/oa/rules/delegate/instant-window", test_delegation_instant_window);
  g_test_add_func ("/oa/rules/delegate/chains", test_delegation_chains);
  g_test_add_func ("/oa/rules/delegate/choice", test_delegation_choice);
  g_test_add_func ("/oa/rules/parse-errors", test_parse_errors);
  g_test_add_func ("/oa/rules/accessors", test_accessors);

  return g_test_run ();
}
