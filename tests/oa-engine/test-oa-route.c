/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-json.h"
#include "oa-test-flow.h"
#include "oa-test-processes.h"
/*
 * Routing, step by step, against hand-written expectations. Each step's
 * items are compared as text (see oa_describe_step()), so a test reads like
 * the history the persistence layer will write.
 */

/* Travel expense */


static void
test_travel_boss_rule_approves (void)
{
  Flow flow;

  travel_with_boss_rule (&flow, TRAVEL_FORM ("8000"));
  step (&flow, APPROVE, 2,
        "approved 2 finance actor\n"
        "enter big\n"
        "enter boss\n"
        "created 3 boss user=1 holder=1\n"
        "approved 3 boss rule rule=7\n"
        "enter end\n"
        "status approved\n");
  g_assert_cmpint (status (&flow), ==, SANHE_OA_STATUS_APPROVED);
  g_assert_cmpuint (sanhe_oa_state_get_decisions (flow.state), ==, 3);
  flow_clear (&flow);
}

static void
test_travel_boss_decides_above_10000 (void)
{
  Flow flow;

  travel_with_boss_rule (&flow, TRAVEL_FORM ("12000"));
  step (&flow, APPROVE, 2,
        "approved 2 finance actor\n"
        "enter big\n"
        "enter boss\n"
        "created 3 boss user=1 holder=1\n");
  step (&flow, APPROVE, 3,
        "approved 3 boss actor\n"
        "enter end\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_travel_small_skips_boss (void)
{
  Flow flow;

  /* 5000.00 is not more than 5000: the else edge. */
  travel_with_boss_rule (&flow, TRAVEL_FORM ("5000.00"));
  step (&flow, APPROVE, 2,
        "approved 2 finance actor\n"
        "enter big\n"
        "enter end\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_travel_one_cent_over (void)
{
  Flow flow;

  /* 5000.01 goes to the boss, whose rule approves it. */
  travel_with_boss_rule (&flow, TRAVEL_FORM ("5000.01"));
  step (&flow, APPROVE, 2,
        "approved 2 finance actor\n"
        "enter big\n"
        "enter boss\n"
        "created 3 boss user=1 holder=1\n"
        "approved 3 boss rule rule=7\n"
        "enter end\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_travel_rule_is_for_joe_only (void)
{
  Flow flow;

  /* Lucas's manager is the boss; the rule names Joe, so the boss decides. */
  flow_init (&flow, OA_TRAVEL_EXPENSE, LUCAS, 5, TRAVEL_FORM ("8000"));
  flow_add_rule (&flow, 7, BOSS, "{'kind':'auto_approve','process':'travel_expense','applicant':3,"
                                 " 'condition':{'op':'<=','field':'amount','value':'10000'}}");
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=1 holder=1\n");
  flow_clear (&flow);
}

static void
test_unresolved_assignee (void)
{
  Flow flow;
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaStep) step = NULL;
  JsonObject *details;

  /* The boss has no manager. */
  flow_init (&flow, OA_TRAVEL_EXPENSE, BOSS, 1, TRAVEL_FORM ("100"));
  step = run (&flow, START, 0, 0, NULL, &error);
  g_assert_null (step);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "oa.assignee.unresolved");
  g_assert_cmpuint (sanhe_error_get_status (error), ==, 422);
  details = json_node_get_object (sanhe_error_get_details (error));
  g_assert_cmpstr (json_object_get_string_member (details, "node"), ==, "manager");
  g_assert_cmpstr (json_object_get_string_member (details, "rule"), ==, "manager");
  flow_clear (&flow);
}

/* Business trip: parallel effects */

static void
test_business_trip (void)
{
  Flow flow;

  flow_init (&flow, OA_BUSINESS_TRIP, JOE, 2,
             "{'trip':{'start':'2026-05-10','end':'2026-05-12'},'destination':'Shenzhen','advance':'3000'}");
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter supervisor\n"
        "created 1 supervisor user=2 holder=2\n");
  step (&flow, APPROVE, 1,
        "approved 1 supervisor actor\n"
        "enter split\n"
        "enter advance\n"
        "effect advance finance.register_advance\n"
        "enter join\n"
        "enter record\n"
        "effect record hr.record_business_trip\n"
        "enter join\n"
        "enter end\n"
        "status approved\n");
  flow_clear (&flow);
}

/* Modes */



static void
test_mode_any (void)
{
  Flow flow;

  flow_init (&flow, MODE_PROCESS ("any"), JOE, 2, NULL);
  step (&flow, START, 0, THREE_MANAGERS);
  step (&flow, APPROVE, 2,
        "approved 2 m actor\n"
        "cancelled 1 m other_decided\n"
        "cancelled 3 m other_decided\n"
        "enter e\n"
        "status approved\n");
  refused (&flow, APPROVE, 1, 409, "oa.request.not_pending");
  flow_clear (&flow);
}

static void
test_mode_all (void)
{
  Flow flow;

  flow_init (&flow, MODE_PROCESS ("all"), JOE, 2, NULL);
  step (&flow, START, 0, THREE_MANAGERS);
  step (&flow, APPROVE, 1, "approved 1 m actor\n");
  step (&flow, APPROVE, 3, "approved 3 m actor\n");
  refused (&flow, APPROVE, 1, 409, "oa.task.already_decided");
  refused (&flow, APPROVE, 99, 404, "oa.task.not_found");
  step (&flow, APPROVE, 2,
        "approved 2 m actor\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_mode_sequential (void)
{
  Flow flow;
  g_autoptr(GArray) tasks = NULL;

  flow_init (&flow, MODE_PROCESS ("sequential"), JOE, 2, NULL);
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter m\n"
        "created 1 m user=1 holder=1\n");

  /* The others wait their turn, without a task yet. */
  tasks = sanhe_oa_state_list_tasks (flow.state, flow.definition);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpint (g_array_index (tasks, SanheOaTask, 1).state, ==, SANHE_OA_TASK_WAITING);
  g_assert_cmpuint (g_array_index (tasks, SanheOaTask, 1).seq, ==, 0);
  g_assert_cmpint (g_array_index (tasks, SanheOaTask, 2).user, ==, LUCAS);
  refused (&flow, APPROVE, 2, 404, "oa.task.not_found");

  step (&flow, APPROVE, 1,
        "approved 1 m actor\n"
        "created 2 m user=2 holder=2\n");
  step (&flow, APPROVE, 2,
        "approved 2 m actor\n"
        "created 3 m user=6 holder=6\n");
  step (&flow, APPROVE, 3,
        "approved 3 m actor\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_mode_any_reject (void)
{
  Flow flow;

  flow_init (&flow, MODE_PROCESS ("any"), JOE, 2, NULL);
  step (&flow, START, 0, THREE_MANAGERS);
  step (&flow, REJECT, 3,
        "rejected 3 m\n"
        "cancelled 1 m rejected\n"
        "cancelled 2 m rejected\n"
        "status rejected\n");
  refused (&flow, APPROVE, 1, 409, "oa.request.not_pending");
  refused (&flow, WITHDRAW, 0, 409, "oa.request.not_withdrawable");
  flow_clear (&flow);
}

static void
test_mode_any_rule_spares_the_others (void)
{
  Flow flow;

  /* Ben's own rule decides: the boss and Lucas never see a task. */
  flow_init (&flow, MODE_PROCESS ("any"), JOE, 2, NULL);
  flow_add_rule (&flow, 30, BEN, "{'kind':'auto_approve','process':'m'}");
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter m\n"
        "created 1 m user=2 holder=2\n"
        "approved 1 m rule rule=30\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_mode_all_with_rule (void)
{
  Flow flow;

  flow_init (&flow, MODE_PROCESS ("all"), JOE, 2, NULL);
  flow_add_rule (&flow, 30, BEN, "{'kind':'auto_approve','process':'m'}");
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter m\n"
        "created 1 m user=1 holder=1\n"
        "created 2 m user=2 holder=2\n"
        "approved 2 m rule rule=30\n"
        "created 3 m user=6 holder=6\n");
  flow_clear (&flow);
}

static void
test_complete_node (void)
{
  Flow flow;

  flow_init (&flow, MODE_PROCESS ("all"), JOE, 2, NULL);
  step (&flow, START, 0, THREE_MANAGERS);
  step (&flow, APPROVE, 2, "approved 2 m actor\n");
  refused_full (&flow, COMPLETE, 0, 0, "e", 404, "oa.node.not_active");
  step_full (&flow, COMPLETE, 0, 0, "m",
             "cancelled 1 m node_completed\n"
             "cancelled 3 m node_completed\n"
             "enter e\n"
             "status approved\n");
  flow_clear (&flow);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/route/travel/boss-rule-approves", test_travel_boss_rule_approves);
  g_test_add_func ("/oa/route/travel/boss-decides-above-10000", test_travel_boss_decides_above_10000);
  g_test_add_func ("/oa/route/travel/small-skips-boss", test_travel_small_skips_boss);
  g_test_add_func ("/oa/route/travel/one-cent-over", test_travel_one_cent_over);
  g_test_add_func ("/oa/route/travel/rule-is-for-joe-only", test_travel_rule_is_for_joe_only);
  g_test_add_func ("/oa/route/travel/unresolved-assignee", test_unresolved_assignee);
  g_test_add_func ("/oa/route/business-trip", test_business_trip);
  g_test_add_func ("/oa/route/mode/any", test_mode_any);
  g_test_add_func ("/oa/route/mode/all", test_mode_all);
  g_test_add_func ("/oa/route/mode/sequential", test_mode_sequential);
  g_test_add_func ("/oa/route/mode/any-reject", test_mode_any_reject);
  g_test_add_func ("/oa/route/mode/any-rule-spares-others", test_mode_any_rule_spares_the_others);
  g_test_add_func ("/oa/route/mode/all-with-rule", test_mode_all_with_rule);
  g_test_add_func ("/oa/route/complete-node", test_complete_node);

  return g_test_run ();
}
