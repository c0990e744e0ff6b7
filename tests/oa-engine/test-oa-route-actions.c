/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-json.h"
#include "oa-test-flow.h"
#include "oa-test-processes.h"

/* Routing of the actions on a running request — reject, return, withdraw,
 * add signer, transfer, delegation, timeouts, notify — and the state that
 * persistence saves between steps. */

/* Reject, return, withdraw */

static void
test_reject_ends_request (void)
{
  Flow flow;

  travel_with_boss_rule (&flow, TRAVEL_FORM ("8000"));
  step (&flow, REJECT, 2,
        "rejected 2 finance\n"
        "status rejected\n");
  g_assert_cmpint (status (&flow), ==, SANHE_OA_STATUS_REJECTED);
  refused (&flow, APPROVE, 2, 409, "oa.request.not_pending");
  flow_clear (&flow);
}

static void
test_return_to_applicant_and_resubmit (void)
{
  Flow flow;

  travel_with_boss_rule (&flow, TRAVEL_FORM ("8000"));
  refused (&flow, RESUBMIT, 0, 409, "oa.request.not_pending");
  step (&flow, RETURN, 2,
        "returned 2 finance to=applicant\n"
        "status returned\n");
  refused (&flow, APPROVE, 2, 409, "oa.request.not_pending");

  /* The applicant edits the form; task numbers go on. */
  flow_set_form (&flow, TRAVEL_FORM ("12000"));
  step (&flow, RESUBMIT, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 3 manager user=2 holder=2\n");
  g_assert_cmpuint (sanhe_oa_state_get_decisions (flow.state), ==, 0);
  step (&flow, APPROVE, 3,
        "approved 3 manager actor\n"
        "enter finance\n"
        "created 4 finance user=4 holder=4\n");
  step (&flow, APPROVE, 4,
        "approved 4 finance actor\n"
        "enter big\n"
        "enter boss\n"
        "created 5 boss user=1 holder=1\n");
  flow_clear (&flow);
}

static void
test_return_to_earlier_node (void)
{
  Flow flow;
  g_auto(GStrv) targets = NULL;

  travel_with_boss_rule (&flow, TRAVEL_FORM ("12000"));
  targets = sanhe_oa_state_list_return_targets (flow.state, flow.definition, 2);
  g_assert_cmpuint (g_strv_length (targets), ==, 1);
  g_assert_cmpstr (targets[0], ==, "manager");

  refused_full (&flow, RETURN, 2, 0, "boss", 422, "oa.return.invalid_target");
  refused_full (&flow, RETURN, 2, 0, "finance", 422, "oa.return.invalid_target");
  refused_full (&flow, RETURN, 2, 0, "start", 422, "oa.return.invalid_target");
  refused_full (&flow, RETURN, 2, 0, "nowhere", 422, "oa.return.invalid_target");
  step_full (&flow, RETURN, 2, 0, "manager",
             "returned 2 finance to=manager\n"
             "enter manager\n"
             "created 3 manager user=2 holder=2\n");
  step (&flow, APPROVE, 3,
        "approved 3 manager actor\n"
        "enter finance\n"
        "created 4 finance user=4 holder=4\n");
  step (&flow, APPROVE, 4,
        "approved 4 finance actor\n"
        "enter big\n"
        "enter boss\n"
        "created 5 boss user=1 holder=1\n");

  /* From the boss: finance first, then the manager; both on the path. */
  g_clear_pointer (&targets, g_strfreev);
  targets = sanhe_oa_state_list_return_targets (flow.state, flow.definition, 5);
  g_assert_cmpuint (g_strv_length (targets), ==, 2);
  g_assert_cmpstr (targets[0], ==, "finance");
  g_assert_cmpstr (targets[1], ==, "manager");
  flow_clear (&flow);
}

#define COUNTERSIGN \
  "{'key':'cs','name':'Countersign','form':[]," \
  " 'nodes':[{'id':'s','type':'start'},{'id':'mgr','type':'approval','assignee':{'rule':'manager'}}," \
  "          {'id':'p','type':'parallel'}," \
  "          {'id':'fin','type':'approval','assignee':{'rule':'role','role':'finance'}}," \
  "          {'id':'hr','type':'approval','assignee':{'rule':'role','role':'hr'}}," \
  "          {'id':'j','type':'join'},{'id':'e','type':'end'}]," \
  " 'edges':[{'from':'s','to':'mgr'},{'from':'mgr','to':'p'},{'from':'p','to':'fin'},{'from':'p','to':'hr'}," \
  "          {'from':'fin','to':'j'},{'from':'hr','to':'j'},{'from':'j','to':'e'}]}"

static void
countersign (Flow *flow)
{
  flow_init (flow, COUNTERSIGN, JOE, 2, NULL);
  step (flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter mgr\n"
        "created 1 mgr user=2 holder=2\n");
  step (flow, APPROVE, 1,
        "approved 1 mgr actor\n"
        "enter p\n"
        "enter fin\n"
        "created 2 fin user=4 holder=4\n"
        "enter hr\n"
        "created 3 hr user=5 holder=5\n");
}

static void
test_parallel_approvals (void)
{
  Flow flow;

  countersign (&flow);
  step (&flow, APPROVE, 3,
        "approved 3 hr actor\n"
        "enter j\n");
  step (&flow, APPROVE, 2,
        "approved 2 fin actor\n"
        "enter j\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_return_from_parallel_branch (void)
{
  Flow flow;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  /* Finance approved and waits at the join; HR returns to the manager:
   * the join's count goes with it. */
  countersign (&flow);
  step (&flow, APPROVE, 2,
        "approved 2 fin actor\n"
        "enter j\n");
  step_full (&flow, RETURN, 3, 0, "mgr",
             "returned 3 hr to=mgr\n"
             "enter mgr\n"
             "created 4 mgr user=2 holder=2\n");
  json = sanhe_oa_state_to_json (flow.state, flow.definition);
  object = json_node_get_object (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "arrivals")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tokens")), ==, 1);

  step (&flow, APPROVE, 4,
        "approved 4 mgr actor\n"
        "enter p\n"
        "enter fin\n"
        "created 5 fin user=4 holder=4\n"
        "enter hr\n"
        "created 6 hr user=5 holder=5\n");
  step (&flow, APPROVE, 6,
        "approved 6 hr actor\n"
        "enter j\n");
  step (&flow, APPROVE, 5,
        "approved 5 fin actor\n"
        "enter j\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_return_cancels_sibling_branch (void)
{
  Flow flow;

  countersign (&flow);
  step (&flow, RETURN, 3,
        "returned 3 hr to=applicant\n"
        "cancelled 2 fin returned\n"
        "status returned\n");
  flow_clear (&flow);
}

#define AFTER_EFFECT \
  "{'key':'ae','name':'After effect','form':[]," \
  " 'nodes':[{'id':'s','type':'start'},{'id':'a1','type':'approval','assignee':{'rule':'manager'}}," \
  "          {'id':'x','type':'action','effect':'finance.register_advance'}," \
  "          {'id':'a2','type':'approval','assignee':{'rule':'user','user':4}},{'id':'e','type':'end'}]," \
  " 'edges':[{'from':'s','to':'a1'},{'from':'a1','to':'x'},{'from':'x','to':'a2'},{'from':'a2','to':'e'}]}"

static void
test_return_never_reruns_effects (void)
{
  Flow flow;
  g_auto(GStrv) targets = NULL;

  flow_init (&flow, AFTER_EFFECT, JOE, 2, NULL);
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter a1\n"
        "created 1 a1 user=2 holder=2\n");
  step (&flow, APPROVE, 1,
        "approved 1 a1 actor\n"
        "enter x\n"
        "effect x finance.register_advance\n"
        "enter a2\n"
        "created 2 a2 user=4 holder=4\n");
  targets = sanhe_oa_state_list_return_targets (flow.state, flow.definition, 2);
  g_assert_cmpuint (g_strv_length (targets), ==, 0);
  refused_full (&flow, RETURN, 2, 0, "a1", 409, "oa.return.after_effect");
  refused (&flow, RETURN, 2, 409, "oa.return.after_effect");
  flow_clear (&flow);
}

#define BRANCHES \
  "{'key':'br','name':'Branches','form':[]," \
  " 'nodes':[{'id':'s','type':'start'},{'id':'p','type':'parallel'}," \
  "          {'id':'a1','type':'approval','assignee':{'rule':'user','user':4}}," \
  "          {'id':'a2','type':'approval','assignee':{'rule':'user','user':6}}," \
  "          {'id':'b','type':'approval','assignee':{'rule':'user','user':5}}," \
  "          {'id':'j','type':'join'},{'id':'e','type':'end'}]," \
  " 'edges':[{'from':'s','to':'p'},{'from':'p','to':'a1'},{'from':'p','to':'b'},{'from':'a1','to':'a2'}," \
  "          {'from':'a2','to':'j'},{'from':'b','to':'j'},{'from':'j','to':'e'}]}"

static void
test_return_within_branch (void)
{
  Flow flow;
  g_auto(GStrv) targets = NULL;

  flow_init (&flow, BRANCHES, JOE, 2, NULL);
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter p\n"
        "enter a1\n"
        "created 1 a1 user=4 holder=4\n"
        "enter b\n"
        "created 2 b user=5 holder=5\n");
  step (&flow, APPROVE, 1,
        "approved 1 a1 actor\n"
        "enter a2\n"
        "created 3 a2 user=6 holder=6\n");
  targets = sanhe_oa_state_list_return_targets (flow.state, flow.definition, 3);
  g_assert_cmpuint (g_strv_length (targets), ==, 1);
  g_assert_cmpstr (targets[0], ==, "a1");

  /* Only this branch goes back; b keeps its task. */
  step_full (&flow, RETURN, 3, 0, "a1",
             "returned 3 a2 to=a1\n"
             "enter a1\n"
             "created 4 a1 user=4 holder=4\n");
  step (&flow, APPROVE, 2,
        "approved 2 b actor\n"
        "enter j\n");
  step (&flow, APPROVE, 4,
        "approved 4 a1 actor\n"
        "enter a2\n"
        "created 5 a2 user=6 holder=6\n");
  step (&flow, APPROVE, 5,
        "approved 5 a2 actor\n"
        "enter j\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_return_blocked_by_sibling_effect (void)
{
  Flow flow;
  g_auto(GStrv) targets = NULL;

  /* The advance was registered in the other branch already. */
  flow_init (&flow,
             "{'key':'se','name':'Sibling effect','form':[],"
             " 'nodes':[{'id':'s','type':'start'},{'id':'m','type':'approval','assignee':{'rule':'manager'}},"
             "          {'id':'p','type':'parallel'},{'id':'x','type':'action','effect':'finance.register_advance'},"
             "          {'id':'b','type':'approval','assignee':{'rule':'user','user':5}},"
             "          {'id':'j','type':'join'},{'id':'e','type':'end'}],"
             " 'edges':[{'from':'s','to':'m'},{'from':'m','to':'p'},{'from':'p','to':'x'},{'from':'p','to':'b'},"
             "          {'from':'x','to':'j'},{'from':'b','to':'j'},{'from':'j','to':'e'}]}",
             JOE, 2, NULL);
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter m\n"
        "created 1 m user=2 holder=2\n");
  step (&flow, APPROVE, 1,
        "approved 1 m actor\n"
        "enter p\n"
        "enter x\n"
        "effect x finance.register_advance\n"
        "enter j\n"
        "enter b\n"
        "created 2 b user=5 holder=5\n");
  targets = sanhe_oa_state_list_return_targets (flow.state, flow.definition, 2);
  g_assert_cmpuint (g_strv_length (targets), ==, 0);
  refused_full (&flow, RETURN, 2, 0, "m", 409, "oa.return.after_effect");
  refused (&flow, RETURN, 2, 409, "oa.return.after_effect");
  step (&flow, APPROVE, 2,
        "approved 2 b actor\n"
        "enter j\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_withdraw (void)
{
  Flow flow;

  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  step (&flow, WITHDRAW, 0,
        "cancelled 1 manager withdrawn\n"
        "status withdrawn\n");
  refused (&flow, WITHDRAW, 0, 409, "oa.request.not_withdrawable");
  flow_clear (&flow);

  /* After the first decision, no more. */
  travel_with_boss_rule (&flow, TRAVEL_FORM ("100"));
  refused (&flow, WITHDRAW, 0, 409, "oa.request.not_withdrawable");
  flow_clear (&flow);
}

/* Add signer, transfer, delegation */

static void
test_add_signer_before (void)
{
  Flow flow;

  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  /* Ben wants Lucas's opinion first; then Ben decides again. */
  step_full (&flow, SIGN_BEFORE, 1, LUCAS, NULL,
             "cancelled 1 manager signer_before\n"
             "created 2 manager user=6 holder=6\n");
  refused (&flow, APPROVE, 1, 409, "oa.task.already_decided");
  step (&flow, APPROVE, 2,
        "approved 2 manager actor\n"
        "created 3 manager user=2 holder=2\n");
  step (&flow, APPROVE, 3,
        "approved 3 manager actor\n"
        "enter finance\n"
        "created 4 finance user=4 holder=4\n");
  flow_clear (&flow);
}

static void
test_add_signer_after (void)
{
  Flow flow;

  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  step_full (&flow, SIGN_AFTER, 1, LUCAS, NULL, "");
  refused_full (&flow, SIGN_AFTER, 1, LUCAS, NULL, 422, "oa.signer.invalid");
  refused_full (&flow, SIGN_AFTER, 1, BEN, NULL, 422, "oa.signer.invalid");
  refused_full (&flow, SIGN_BEFORE, 1, 99, NULL, 422, "oa.signer.invalid");
  step (&flow, APPROVE, 1,
        "approved 1 manager actor\n"
        "created 2 manager user=6 holder=6\n");
  step (&flow, APPROVE, 2,
        "approved 2 manager actor\n"
        "enter finance\n"
        "created 3 finance user=4 holder=4\n");
  flow_clear (&flow);
}

static void
test_add_signer_in_any_mode (void)
{
  Flow flow;

  /* In 或签 the seat with the added signer completes only once both signed;
   * the first complete seat still wins. */
  flow_init (&flow, MODE_PROCESS ("any"), JOE, 2, NULL);
  step (&flow, START, 0, THREE_MANAGERS);
  step_full (&flow, SIGN_AFTER, 2, ANNA, NULL, "");
  step (&flow, APPROVE, 2,
        "approved 2 m actor\n"
        "created 4 m user=4 holder=4\n");
  step (&flow, APPROVE, 4,
        "approved 4 m actor\n"
        "cancelled 1 m other_decided\n"
        "cancelled 3 m other_decided\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_transfer (void)
{
  Flow flow;

  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  refused_full (&flow, TRANSFER, 1, BEN, NULL, 422, "oa.transfer.invalid");
  refused_full (&flow, TRANSFER, 1, 0, NULL, 422, "oa.transfer.invalid");
  step_full (&flow, TRANSFER, 1, LUCAS, NULL,
             "cancelled 1 manager transferred\n"
             "created 2 manager user=6 holder=6\n");
  step (&flow, APPROVE, 2,
        "approved 2 manager actor\n"
        "enter finance\n"
        "created 3 finance user=4 holder=4\n");
  /* A withdrawal is still possible: a transfer is no decision. */
  g_assert_cmpuint (sanhe_oa_state_get_decisions (flow.state), ==, 1);
  flow_clear (&flow);
}

static void
test_delegated_task (void)
{
  Flow flow;
  SanheOaTask task;

  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  flow_add_rule (&flow, 5, BEN, "{'kind':'delegate','to':6,'starts':'2026-05-01','ends':'2026-05-31'}");
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=6 rule=5\n");
  g_assert_true (sanhe_oa_state_find_task (flow.state, flow.definition, 1, &task));
  g_assert_cmpint (task.user, ==, BEN);
  g_assert_cmpint (task.holder, ==, LUCAS);
  g_assert_cmpint (task.delegation_rule, ==, 5);
  g_assert_cmpstr (task.node, ==, "manager");
  flow_clear (&flow);

  /* Outside the window, Ben keeps his tasks. */
  flow_init (&flow, OA_TRAVEL_EXPENSE, JOE, 2, TRAVEL_FORM ("100"));
  flow_add_rule (&flow, 5, BEN, "{'kind':'delegate','to':6,'starts':'2026-06-01','ends':'2026-06-30'}");
  step (&flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  flow_clear (&flow);
}

/* Timeouts with a controllable clock */

#define TIMERS \
  "{'key':'tm','name':'Timers','form':[]," \
  " 'nodes':[{'id':'s','type':'start'}," \
  "          {'id':'r','type':'approval','assignee':{'rule':'user','user':4},'timeout_hours':24,'on_timeout':'remind'}," \
  "          {'id':'x','type':'approval','assignee':{'rule':'manager'},'timeout_hours':24,'on_timeout':'escalate'}," \
  "          {'id':'y','type':'approval','assignee':{'rule':'user','user':5},'timeout_hours':48,'on_timeout':'approve'}," \
  "          {'id':'e','type':'end'}]," \
  " 'edges':[{'from':'s','to':'r'},{'from':'r','to':'x'},{'from':'x','to':'y'},{'from':'y','to':'e'}]}"

static gint64
hours (gint count)
{
  g_autoptr(GDateTime) time = oa_clock (count);

  return g_date_time_to_unix (time);
}

static void
test_timeouts (void)
{
  Flow flow;
  g_autofree char *expected = NULL;
  g_autoptr(GArray) due = NULL;

  flow_init (&flow, TIMERS, JOE, 2, NULL);
  expected = g_strdup_printf ("status pending\nenter s\nenter r\n"
                              "created 1 r user=4 holder=4 due=%" G_GINT64_FORMAT "\n", hours (24));
  step (&flow, START, 0, expected);

  flow_set_clock (&flow, 23);
  due = sanhe_oa_state_list_due (flow.state, flow.now);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_array_unref);
  refused (&flow, TIMEOUT, 1, 409, "oa.task.not_due");

  /* remind: once, then the timer is spent. */
  flow_set_clock (&flow, 24);
  due = sanhe_oa_state_list_due (flow.state, flow.now);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpuint (g_array_index (due, guint, 0), ==, 1);
  g_clear_pointer (&due, g_array_unref);
  step (&flow, TIMEOUT, 1, "reminded 1 r holder=4\n");
  refused (&flow, TIMEOUT, 1, 409, "oa.task.not_due");

  /* escalate: to Ben's manager, the boss, without a new timer. */
  flow_set_clock (&flow, 25);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("approved 1 r actor\nenter x\n"
                              "created 2 x user=2 holder=2 due=%" G_GINT64_FORMAT "\n", hours (49));
  step (&flow, APPROVE, 1, expected);
  flow_set_clock (&flow, 49);
  step (&flow, TIMEOUT, 2,
        "cancelled 2 x escalated\n"
        "created 3 x user=1 holder=1\n");

  /* approve: the node goes on by itself. */
  flow_set_clock (&flow, 50);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("approved 3 x actor\nenter y\n"
                              "created 4 y user=5 holder=5 due=%" G_GINT64_FORMAT "\n", hours (98));
  step (&flow, APPROVE, 3, expected);
  flow_set_clock (&flow, 98);
  step (&flow, TIMEOUT, 4,
        "approved 4 y timeout\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_escalate_without_manager_reminds (void)
{
  Flow flow;
  g_autofree char *created = g_strdup_printf ("created 1 r user=4 holder=4 due=%" G_GINT64_FORMAT "\n", hours (24));
  g_autofree char *started = g_strconcat ("status pending\nenter s\nenter r\n", created, NULL);
  g_autofree char *approved = g_strdup_printf ("approved 1 r actor\nenter x\n"
                                               "created 2 x user=1 holder=1 due=%" G_GINT64_FORMAT "\n", hours (24));

  /* Lucas's manager is the boss, who has none: escalating the boss's task
   * falls back to a reminder. */
  flow_init (&flow, TIMERS, LUCAS, 5, NULL);
  step (&flow, START, 0, started);
  step (&flow, APPROVE, 1, approved);
  flow_set_clock (&flow, 24);
  step (&flow, TIMEOUT, 2, "reminded 2 x holder=1\n");
  flow_clear (&flow);
}

/* Notify, state persistence */

static void
test_notify (void)
{
  Flow flow;

  flow_init (&flow,
             "{'key':'n','name':'Notify','form':[],"
             " 'nodes':[{'id':'s','type':'start'},{'id':'cc','type':'notify','assignee':{'rule':'role','role':'manager'}},"
             "          {'id':'a','type':'approval','assignee':{'rule':'user','user':4}},{'id':'e','type':'end'}],"
             " 'edges':[{'from':'s','to':'cc'},{'from':'cc','to':'a'},{'from':'a','to':'e'}]}",
             JOE, 2, NULL);
  step (&flow, START, 0,
        "status pending\n"
        "enter s\n"
        "enter cc\n"
        "notify cc 1 2 6\n"
        "enter a\n"
        "created 1 a user=4 holder=4\n");
  flow_clear (&flow);
}

static char *
state_text (Flow *flow)
{
  g_autoptr(JsonNode) json = sanhe_oa_state_to_json (flow->state, flow->definition);

  return sanhe_json_to_string (json, FALSE);
}

static void
test_state_round_trip (void)
{
  Flow flow;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;

  countersign (&flow);
  step_full (&flow, SIGN_AFTER, 2, LUCAS, NULL, "");
  step (&flow, APPROVE, 3,
        "approved 3 hr actor\n"
        "enter j\n");

  first = state_text (&flow);
  json = sanhe_oa_state_to_json (flow.state, flow.definition);
  g_clear_pointer (&flow.state, sanhe_oa_state_free);
  flow.state = sanhe_oa_state_new_from_json (json, flow.definition, &error);
  g_assert_no_error (error);
  second = state_text (&flow);
  g_assert_cmpstr (first, ==, second);

  /* The reloaded state routes on as the original would. */
  step (&flow, APPROVE, 2,
        "approved 2 fin actor\n"
        "created 4 fin user=6 holder=6\n");
  step (&flow, APPROVE, 4,
        "approved 4 fin actor\n"
        "enter j\n"
        "enter e\n"
        "status approved\n");
  flow_clear (&flow);
}

static void
test_state_corrupt (void)
{
  g_autoptr(SanheOaDefinition) definition = oa_definition (COUNTERSIGN);
  const char *cases[] = {
    "[]",
    "{'status':'pending'}",
    "{'status':'lost','next_seq':1,'decisions':0,'tokens':[],'arrivals':[]}",
    "{'status':'pending','next_seq':2,'decisions':0,'arrivals':[],"
    " 'tokens':[{'node':'p','frames':[],'path':[['s',0],['p',0]],'seats':[]}]}",
    "{'status':'pending','next_seq':2,'decisions':0,'arrivals':[],"
    " 'tokens':[{'node':'mgr','frames':[],'path':[['s',0],['mgr',0]],"
    "            'seats':[[{'seq':5,'user':2,'holder':2,'rule':0,'due_at':0,'timer':true,'state':'pending'}]]}]}",
    "{'status':'pending','next_seq':9,'decisions':0,'arrivals':[],"
    " 'tokens':[{'node':'fin','frames':[['mgr',0]],'path':[['s',0],['fin',1]],"
    "            'seats':[[{'seq':5,'user':2,'holder':2,'rule':0,'due_at':0,'timer':true,'state':'pending'}]]}]}",
    "{'status':'pending','next_seq':9,'decisions':0,'tokens':[],"
    " 'arrivals':[{'join':'j','frames':[],'count':2,'path':[]}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) json = oa_json (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(SanheOaState) state = sanhe_oa_state_new_from_json (json, definition, &error);

      g_test_message ("%s", cases[i]);
      g_assert_null (state);
      g_assert_cmpstr (sanhe_error_get_code (error), ==, "oa.state.corrupt");
      g_assert_cmpuint (sanhe_error_get_status (error), ==, 500);
    }
}

/* Assignee resolution */

static void
test_assignees (void)
{
  g_autoptr(SanheOaDirectory) directory = oa_demo_directory ();
  g_autoptr(SanheOaDefinition) definition =
    oa_definition ("{'key':'r','name':'R','form':[{'name':'reviewer','type':'user'}],"
                   " 'nodes':[{'id':'s','type':'start'},"
                   "  {'id':'u','type':'approval','assignee':{'rule':'user','user':4}},"
                   "  {'id':'g','type':'approval','assignee':{'rule':'user','user':99}},"
                   "  {'id':'r','type':'approval','assignee':{'rule':'role','role':'manager'}},"
                   "  {'id':'m','type':'approval','assignee':{'rule':'manager'}},"
                   "  {'id':'h','type':'approval','assignee':{'rule':'department_head'}},"
                   "  {'id':'d','type':'approval','assignee':{'rule':'department_head','department':3}},"
                   "  {'id':'f','type':'approval','assignee':{'rule':'field','field':'reviewer'}},"
                   "  {'id':'e','type':'end'}],"
                   " 'edges':[{'from':'s','to':'u'},{'from':'u','to':'g'},{'from':'g','to':'r'},{'from':'r','to':'m'},"
                   "  {'from':'m','to':'h'},{'from':'h','to':'d'},{'from':'d','to':'f'},{'from':'f','to':'e'}]}");
  g_autoptr(JsonNode) data = oa_json ("{'reviewer':5}");
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (sanhe_oa_definition_get_form (definition), data, NULL);
  SanheOaContext joe = { JOE, 2, NULL, values };
  SanheOaContext ben = { BEN, 2, NULL, NULL };
  struct
  {
    const SanheOaContext *context;
    const char           *node;
    const char           *users;
  } cases[] = {
    { &joe, "u", "4" },
    { &joe, "g", "" },
    { &joe, "r", "1 2 6" },
    { &joe, "m", "2" },
    { &ben, "m", "1" },
    { &joe, "h", "2" },
    /* Ben heads Sales himself: his department head is the parent's. */
    { &ben, "h", "1" },
    { &joe, "d", "4" },
    { &joe, "f", "5" },
    { &ben, "f", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SanheOaNode *node =
        sanhe_oa_definition_get_node (definition, sanhe_oa_definition_find_node (definition, cases[i].node));
      g_autoptr(GArray) users = sanhe_oa_directory_resolve (directory, &node->assignee, cases[i].context);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint u = 0; u < users->len; u++)
        g_string_append_printf (text, "%s%" G_GINT64_FORMAT, u ? " " : "", g_array_index (users, gint64, u));
      g_test_message ("%s", cases[i].node);
      g_assert_cmpstr (text->str, ==, cases[i].users);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/route/reject", test_reject_ends_request);
  g_test_add_func ("/oa/route/return/applicant-and-resubmit", test_return_to_applicant_and_resubmit);
  g_test_add_func ("/oa/route/return/earlier-node", test_return_to_earlier_node);
  g_test_add_func ("/oa/route/return/from-parallel-branch", test_return_from_parallel_branch);
  g_test_add_func ("/oa/route/return/cancels-sibling-branch", test_return_cancels_sibling_branch);
  g_test_add_func ("/oa/route/return/never-reruns-effects", test_return_never_reruns_effects);
  g_test_add_func ("/oa/route/return/within-branch", test_return_within_branch);
  g_test_add_func ("/oa/route/return/blocked-by-sibling-effect", test_return_blocked_by_sibling_effect);
  g_test_add_func ("/oa/route/parallel-approvals", test_parallel_approvals);
  g_test_add_func ("/oa/route/withdraw", test_withdraw);
  g_test_add_func ("/oa/route/signer/before", test_add_signer_before);
  g_test_add_func ("/oa/route/signer/after", test_add_signer_after);
  g_test_add_func ("/oa/route/signer/any-mode", test_add_signer_in_any_mode);
  g_test_add_func ("/oa/route/transfer", test_transfer);
  g_test_add_func ("/oa/route/delegation", test_delegated_task);
  g_test_add_func ("/oa/route/timeouts", test_timeouts);
  g_test_add_func ("/oa/route/timeouts/escalate-without-manager", test_escalate_without_manager_reminds);
  g_test_add_func ("/oa/route/notify", test_notify);
  g_test_add_func ("/oa/route/state/round-trip", test_state_round_trip);
  g_test_add_func ("/oa/route/state/corrupt", test_state_corrupt);
  g_test_add_func ("/oa/route/assignees", test_assignees);

  return g_test_run ();
}
