/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "oa-test-processes.h"
#include "oa-test-util.h"

/* Process definitions: the seeded ones compile; every validation rule
 * names its offender. */

#define FORM \
  "'form':[{'name':'amount','type':'money','required':true}," \
  "        {'name':'note','type':'text'}," \
  "        {'name':'reviewer','type':'user'}," \
  "        {'name':'kind','type':'choice','options':['hotel','train']}]"

static GError *
graph_error (const char *nodes,
             const char *edges)
{
  g_autofree char *text = g_strdup_printf ("{'key':'t','name':'T'," FORM ",'nodes':[%s],'edges':[%s]}",
                                           nodes, edges);

  return oa_definition_error (text);
}

static SanheOaDefinition *
graph (const char *nodes,
       const char *edges)
{
  g_autofree char *text = g_strdup_printf ("{'key':'t','name':'T'," FORM ",'nodes':[%s],'edges':[%s]}",
                                           nodes, edges);

  return oa_definition (text);
}

#define START "{'id':'s','type':'start'}"
#define END "{'id':'e','type':'end'}"
#define APPROVAL(id) "{'id':'" id "','type':'approval','assignee':{'rule':'manager'}}"

static void
test_travel_expense (void)
{
  g_autoptr(SanheOaDefinition) definition = oa_definition (OA_TRAVEL_EXPENSE);
  const SanheOaNode *boss;
  const SanheOaNode *big;

  g_assert_cmpstr (sanhe_oa_definition_get_key (definition), ==, "travel_expense");
  g_assert_cmpuint (sanhe_oa_definition_get_n_nodes (definition), ==, 6);
  g_assert_cmpuint (sanhe_oa_definition_get_n_edges (definition), ==, 6);
  g_assert_cmpuint (sanhe_oa_form_get_n_fields (sanhe_oa_definition_get_form (definition)), ==, 4);
  g_assert_cmpint (sanhe_oa_definition_find_node (definition, "boss"), ==, 4);
  g_assert_cmpint (sanhe_oa_definition_find_node (definition, "nobody"), ==, -1);

  boss = sanhe_oa_definition_get_node (definition, 4);
  g_assert_cmpint (boss->type, ==, SANHE_OA_NODE_APPROVAL);
  g_assert_cmpint (boss->assignee.rule, ==, SANHE_OA_ASSIGNEE_USER);
  g_assert_cmpint (boss->assignee.user, ==, 1);
  g_assert_cmpint (boss->mode, ==, SANHE_OA_MODE_ANY);

  big = sanhe_oa_definition_get_node (definition, 3);
  g_assert_cmpuint (big->n_out, ==, 2);
  g_assert_nonnull (sanhe_oa_definition_get_edge (definition, big->out[0])->when);
  g_assert_true (sanhe_oa_definition_get_edge (definition, big->out[1])->is_else);
}

static void
test_business_trip (void)
{
  const char * const effects[] = { "finance.register_advance", "hr.record_business_trip", NULL };
  g_autoptr(JsonNode) root = oa_json (OA_BUSINESS_TRIP);
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaDefinition) definition = sanhe_oa_definition_new_from_json (root, effects, &error);
  gint split, join;

  g_assert_no_error (error);
  split = sanhe_oa_definition_find_node (definition, "split");
  join = sanhe_oa_definition_find_node (definition, "join");
  g_assert_cmpint (sanhe_oa_definition_get_node (definition, split)->match, ==, join);
  g_assert_cmpint (sanhe_oa_definition_get_node (definition, join)->match, ==, split);
  g_assert_cmpstr (sanhe_oa_definition_get_node (definition, 3)->effect, ==, "finance.register_advance");
}

static void
test_unknown_effect (void)
{
  const char * const effects[] = { "finance.register_advance", NULL };
  g_autoptr(JsonNode) root = oa_json (OA_BUSINESS_TRIP);
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaDefinition) definition = sanhe_oa_definition_new_from_json (root, effects, &error);

  g_assert_null (definition);
  g_assert_true (oa_has_problem (error, "node", "record", 0, "unknown_effect"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
  g_assert_cmpuint (sanhe_error_get_status (error), ==, 422);
}

static void
test_dangling_edge (void)
{
  g_autoptr(GError) error = graph_error (START "," APPROVAL ("a") "," END,
                                         "{'from':'s','to':'a'},{'from':'a','to':'e'},"
                                         "{'from':'a','to':'nowhere'}");

  g_assert_true (oa_has_problem (error, "edge", NULL, 2, "dangling"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

#define CONDITION_NODES START ",{'id':'c1','type':'condition'}," APPROVAL ("a") "," END

static void
test_no_else_and_dangling_together (void)
{
  /* The example: one 422 names the node and the edge. */
  g_autoptr(GError) error = graph_error (CONDITION_NODES,
                                         "{'from':'s','to':'c1'},"
                                         "{'from':'c1','to':'a','when':{'op':'>','field':'amount','value':'100'}},"
                                         "{'from':'c1','to':'e','when':{'op':'<=','field':'amount','value':'100'}},"
                                         "{'from':'a','to':'ghost'},{'from':'a','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "c1", 0, "no_else"));
  g_assert_true (oa_has_problem (error, "edge", NULL, 3, "dangling"));
  g_assert_cmpuint (oa_n_problems (error), ==, 2);
}

static void
test_two_elses (void)
{
  g_autoptr(GError) error = graph_error (CONDITION_NODES,
                                         "{'from':'s','to':'c1'},"
                                         "{'from':'c1','to':'a','else':true},"
                                         "{'from':'c1','to':'e','else':true},{'from':'a','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "c1", 0, "multiple_else"));
  g_assert_true (oa_has_problem (error, "node", "c1", 0, "no_when"));
}

static void
test_condition_edge_rules (void)
{
  g_autoptr(GError) error = graph_error (CONDITION_NODES,
                                         "{'from':'s','to':'c1','when':{'op':'=','field':'note','value':'x'}},"
                                         "{'from':'c1','to':'a'},"
                                         "{'from':'c1','to':'e','else':true,'when':{'op':'=','field':'note','value':'x'}},"
                                         "{'from':'c1','to':'e','else':true},"
                                         "{'from':'a','to':'e','else':true}");

  g_assert_true (oa_has_problem (error, "edge", NULL, 0, "unexpected_when"));
  g_assert_true (oa_has_problem (error, "edge", NULL, 1, "missing_when"));
  g_assert_true (oa_has_problem (error, "edge", NULL, 2, "when_and_else"));
  g_assert_true (oa_has_problem (error, "edge", NULL, 4, "unexpected_else"));
}

static void
test_unreachable_node (void)
{
  g_autoptr(GError) error = graph_error (START "," APPROVAL ("a") "," APPROVAL ("orphan") "," END,
                                         "{'from':'s','to':'a'},{'from':'a','to':'e'},{'from':'orphan','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "orphan", 0, "unreachable"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

static void
test_no_path_to_end (void)
{
  /* x and y only lead to each other: a cycle with no way out. */
  g_autoptr(GError) error = graph_error (START ",{'id':'c','type':'condition'}," APPROVAL ("x") "," APPROVAL ("y") "," END,
                                         "{'from':'s','to':'c'},"
                                         "{'from':'c','to':'x','when':{'op':'>','field':'amount','value':'1'}},"
                                         "{'from':'c','to':'e','else':true},"
                                         "{'from':'x','to':'y'},{'from':'y','to':'x'}");

  g_assert_true (oa_has_problem (error, "node", "x", 0, "no_path_to_end"));
  g_assert_true (oa_has_problem (error, "node", "y", 0, "no_path_to_end"));
  g_assert_true (oa_has_problem (error, "edge", NULL, 4, "cycle"));
  g_assert_false (oa_has_problem (error, "node", "c", 0, "no_path_to_end"));
}

static void
test_cycle_with_exit (void)
{
  g_autoptr(GError) error = graph_error (START ",{'id':'c','type':'condition'}," APPROVAL ("a") "," END,
                                         "{'from':'s','to':'a'},{'from':'a','to':'c'},"
                                         "{'from':'c','to':'a','when':{'op':'>','field':'amount','value':'1'}},"
                                         "{'from':'c','to':'e','else':true}");

  g_assert_true (oa_has_problem (error, "edge", NULL, 2, "cycle"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

#define PARALLEL_BODY "{'id':'p','type':'parallel'}," APPROVAL ("a") "," APPROVAL ("b") ","
#define PARALLEL_NODES START "," PARALLEL_BODY

static void
test_parallel_without_join (void)
{
  g_autoptr(GError) error = graph_error (PARALLEL_NODES END,
                                         "{'from':'s','to':'p'},{'from':'p','to':'a'},{'from':'p','to':'b'},"
                                         "{'from':'a','to':'e'},{'from':'b','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "p", 0, "parallel_without_join"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

static void
test_parallel_branch_escapes (void)
{
  /* Branch a meets the join, but can also leave for the end through c. */
  g_autoptr(GError) error = graph_error (PARALLEL_NODES "{'id':'c','type':'condition'},{'id':'j','type':'join'}," END,
                                         "{'from':'s','to':'p'},{'from':'p','to':'a'},{'from':'p','to':'b'},"
                                         "{'from':'a','to':'c'},"
                                         "{'from':'c','to':'j','when':{'op':'>','field':'amount','value':'1'}},"
                                         "{'from':'c','to':'e','else':true},"
                                         "{'from':'b','to':'j'},{'from':'j','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "p", 0, "parallel_without_join"));
}

static void
test_parallel_branches_merge (void)
{
  g_autoptr(GError) error = graph_error (PARALLEL_NODES APPROVAL ("m") ",{'id':'j','type':'join'}," END,
                                         "{'from':'s','to':'p'},{'from':'p','to':'a'},{'from':'p','to':'b'},"
                                         "{'from':'a','to':'m'},{'from':'b','to':'m'},{'from':'m','to':'j'},"
                                         "{'from':'j','to':'e'}");

  /* The only join is reached through m, where the branches meet already. */
  g_assert_true (oa_has_problem (error, "node", "m", 0, "branches_merge"));
}

static void
test_parallel_entered_from_outside (void)
{
  g_autoptr(GError) error = graph_error (START ",{'id':'c','type':'condition'}," PARALLEL_BODY
                                         "{'id':'j','type':'join'}," END,
                                         "{'from':'s','to':'c'},"
                                         "{'from':'c','to':'p','when':{'op':'>','field':'amount','value':'1'}},"
                                         "{'from':'c','to':'b','else':true},"
                                         "{'from':'p','to':'a'},{'from':'p','to':'b'},"
                                         "{'from':'a','to':'j'},{'from':'b','to':'j'},{'from':'j','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "b", 0, "enters_parallel"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

static void
test_join_without_parallel (void)
{
  g_autoptr(GError) error = graph_error (START "," APPROVAL ("a") ",{'id':'j','type':'join'}," END,
                                         "{'from':'s','to':'a'},{'from':'a','to':'j'},{'from':'j','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "j", 0, "join_without_parallel"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
}

static void
test_nested_parallels (void)
{
  g_autoptr(SanheOaDefinition) definition =
    graph (START ",{'id':'p1','type':'parallel'},{'id':'p2','type':'parallel'},"
           APPROVAL ("a") "," APPROVAL ("b") "," APPROVAL ("c") ",{'id':'c1','type':'condition'},"
           "{'id':'j2','type':'join'},{'id':'j1','type':'join'}," END,
           "{'from':'s','to':'p1'},{'from':'p1','to':'p2'},{'from':'p1','to':'c'},"
           "{'from':'p2','to':'a'},{'from':'p2','to':'c1'},"
           "{'from':'c1','to':'b','when':{'op':'>','field':'amount','value':'1'}},"
           "{'from':'c1','to':'j2','else':true},"
           "{'from':'a','to':'j2'},{'from':'b','to':'j2'},{'from':'j2','to':'j1'},"
           "{'from':'c','to':'j1'},{'from':'j1','to':'e'}");

  g_assert_cmpint (sanhe_oa_definition_get_node (definition, 1)->match, ==, 8);
  g_assert_cmpint (sanhe_oa_definition_get_node (definition, 2)->match, ==, 7);
}

static void
test_condition_on_missing_field (void)
{
  g_autoptr(GError) error = graph_error (CONDITION_NODES,
                                         "{'from':'s','to':'c1'},"
                                         "{'from':'c1','to':'a','when':{'op':'and','args':["
                                         "  {'op':'>','field':'amount','value':'1'},"
                                         "  {'op':'=','field':'colour','value':'red'}]}},"
                                         "{'from':'c1','to':'e','else':true},{'from':'a','to':'e'}");
  JsonArray *problems = json_object_get_array_member (json_node_get_object (sanhe_error_get_details (error)),
                                                      "problems");
  JsonObject *problem = json_array_get_object_element (problems, 0);

  g_assert_true (oa_has_problem (error, "edge", NULL, 1, "unknown_field"));
  g_assert_cmpuint (oa_n_problems (error), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (problem, "at"), ==, "when.args[1]");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "message"), "colour"));
}

static void
test_text_compared_with_less_than (void)
{
  g_autoptr(GError) error = graph_error (CONDITION_NODES,
                                         "{'from':'s','to':'c1'},"
                                         "{'from':'c1','to':'a','when':{'op':'<','field':'note','value':'m'}},"
                                         "{'from':'c1','to':'e','else':true},{'from':'a','to':'e'}");

  g_assert_true (oa_has_problem (error, "edge", NULL, 1, "not_comparable"));
}

static void
test_bad_assignees (void)
{
  g_autoptr(GError) error =
    graph_error (START ","
                 "{'id':'a1','type':'approval','assignee':{'rule':'field','field':'amount'}},"
                 "{'id':'a2','type':'approval','assignee':{'rule':'boss'}},"
                 "{'id':'a3','type':'approval','assignee':{'rule':'user'}},"
                 "{'id':'a4','type':'approval','assignee':{'rule':'role','role':''}},"
                 "{'id':'a5','type':'approval'},"
                 "{'id':'a6','type':'approval','assignee':{'rule':'field','field':'reviewer'},'mode':'majority'},"
                 "{'id':'a7','type':'approval','assignee':{'rule':'manager'},'timeout_hours':0,'on_timeout':'remind'},"
                 "{'id':'a8','type':'approval','assignee':{'rule':'manager'},'timeout_hours':24},"
                 "{'id':'a9','type':'approval','assignee':{'rule':'manager'},'timeout_hours':24,'on_timeout':'ignore'},"
                 "{'id':'n1','type':'notify'},"
                 "{'id':'x1','type':'action'}," END,
                 "{'from':'s','to':'a1'},{'from':'a1','to':'a2'},{'from':'a2','to':'a3'},{'from':'a3','to':'a4'},"
                 "{'from':'a4','to':'a5'},{'from':'a5','to':'a6'},{'from':'a6','to':'a7'},{'from':'a7','to':'a8'},"
                 "{'from':'a8','to':'a9'},{'from':'a9','to':'n1'},{'from':'n1','to':'x1'},{'from':'x1','to':'e'}");

  g_assert_true (oa_has_problem (error, "node", "a1", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "a2", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "a3", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "a4", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "a5", 0, "invalid_assignee"));
  g_assert_false (oa_has_problem (error, "node", "a6", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "a6", 0, "invalid_mode"));
  g_assert_true (oa_has_problem (error, "node", "a7", 0, "invalid_timeout"));
  g_assert_true (oa_has_problem (error, "node", "a8", 0, "invalid_on_timeout"));
  g_assert_true (oa_has_problem (error, "node", "a9", 0, "invalid_on_timeout"));
  g_assert_true (oa_has_problem (error, "node", "n1", 0, "invalid_assignee"));
  g_assert_true (oa_has_problem (error, "node", "x1", 0, "missing_effect"));
  g_assert_cmpuint (oa_n_problems (error), ==, 11);
}

static void
test_node_identity (void)
{
  g_autoptr(GError) error =
    graph_error (START ",{'id':'s2','type':'start'},{'type':'approval'},{'id':'bad id','type':'end'},"
                 APPROVAL ("a") "," APPROVAL ("a") ",{'id':'w','type':'wait'}",
                 "{'from':'s','to':'a'},{'from':'a','to':'w'}");

  g_assert_true (oa_has_problem (error, "node", "s2", 0, "multiple_start"));
  g_assert_true (oa_has_problem (error, "member", "nodes[2]", 0, "missing_id"));
  g_assert_true (oa_has_problem (error, "member", "nodes[3]", 0, "invalid_id"));
  g_assert_true (oa_has_problem (error, "node", "a", 0, "duplicate_id"));
  g_assert_true (oa_has_problem (error, "node", "w", 0, "unknown_type"));
  g_assert_true (oa_has_problem (error, "member", "nodes", 0, "no_end"));
  /* An edge to a node of unknown type is not also called dangling. */
  g_assert_false (oa_has_problem (error, "edge", NULL, 1, "dangling"));
}

static void
test_degrees (void)
{
  g_autoptr(GError) error =
    graph_error (START "," APPROVAL ("a") ",{'id':'p','type':'parallel'}," END,
                 "{'from':'s','to':'a'},{'from':'a','to':'p'},{'from':'a','to':'e'},"
                 "{'from':'p','to':'e'},{'from':'e','to':'s'}");

  g_assert_true (oa_has_problem (error, "node", "a", 0, "needs_one_outgoing"));
  g_assert_true (oa_has_problem (error, "node", "p", 0, "parallel_needs_branches"));
  g_assert_true (oa_has_problem (error, "node", "e", 0, "end_has_outgoing"));
  g_assert_true (oa_has_problem (error, "node", "s", 0, "start_has_incoming"));
}

static void
test_header_and_form (void)
{
  g_autoptr(GError) error =
    oa_definition_error ("{'key':'Travel Expense','form':["
                         "  {'name':'amount','type':'money','min':'100','max':'10'},"
                         "  {'name':'amount','type':'number'},"
                         "  {'name':'note','type':'text','min':'1'},"
                         "  {'name':'day','type':'date','max':'2026-02-30'},"
                         "  {'name':'kind','type':'choice'},"
                         "  {'name':'size','type':'choice','options':['s','s']},"
                         "  {'name':'weight','type':'kilogram'},"
                         "  {'type':'text'},"
                         "  {'name':'9lives','type':'text'},"
                         "  {'name':'ok','type':'text','required':'yes'}],"
                         " 'nodes':[" START "," END "],'edges':[{'from':'s','to':'e'}]}");

  g_assert_true (oa_has_problem (error, "member", "key", 0, "invalid"));
  g_assert_true (oa_has_problem (error, "member", "name", 0, "required"));
  g_assert_true (oa_has_problem (error, "field", "amount", 0, "min_above_max"));
  g_assert_true (oa_has_problem (error, "field", "amount", 0, "duplicate_name"));
  g_assert_true (oa_has_problem (error, "field", "note", 0, "not_applicable"));
  g_assert_true (oa_has_problem (error, "field", "day", 0, "invalid_max"));
  g_assert_true (oa_has_problem (error, "field", "kind", 0, "missing_options"));
  g_assert_true (oa_has_problem (error, "field", "size", 0, "invalid_options"));
  g_assert_true (oa_has_problem (error, "field", "weight", 0, "unknown_type"));
  g_assert_true (oa_has_problem (error, "member", "form[7]", 0, "missing_name"));
  g_assert_true (oa_has_problem (error, "member", "form[8]", 0, "invalid_name"));
  g_assert_true (oa_has_problem (error, "field", "ok", 0, "wrong_type"));
  g_assert_cmpuint (oa_n_problems (error), ==, 12);
}

/* Labels in every language live in the definition; well-formed ones
 * compile, a wrong locale or an empty text is named where it is. */
static void
test_translations (void)
{
  g_autoptr(SanheOaDefinition) definition =
    oa_definition ("{'key':'t','name':'Trip','translations':{'zh_CN':'出差','es':'Viaje'},"
                   " 'form':[{'name':'kind','type':'choice','label':'Kind','translations':{'zh_CN':'类别'},"
                   "          'options':[{'value':'air','label':'Flight','translations':{'es':'Avión'}},'train']}],"
                   " 'nodes':[" START ",{'id':'m','type':'approval','name':'Manager','assignee':{'rule':'manager'},"
                   "          'translations':{'zh_CN':'部门经理'}}," END "],"
                   " 'edges':[{'from':'s','to':'m'},{'from':'m','to':'e'}]}");
  g_autoptr(GError) error =
    oa_definition_error ("{'key':'t','name':'Trip','translations':['出差'],"
                         " 'form':[{'name':'note','type':'text','translations':{'chinese':'备注'}},"
                         "         {'name':'kind','type':'choice','options':[{'value':'air','translations':{'es':''}}]}],"
                         " 'nodes':[" START ",{'id':'m','type':'approval','assignee':{'rule':'manager'},"
                         "          'translations':{'zh_CN':7}}," END "],"
                         " 'edges':[{'from':'s','to':'m'},{'from':'m','to':'e'}]}");

  g_assert_nonnull (definition);
  g_assert_true (oa_has_problem (error, "member", "$", 0, "wrong_type"));
  g_assert_true (oa_has_problem (error, "field", "note", 0, "invalid_locale"));
  g_assert_true (oa_has_problem (error, "field", "kind", 0, "invalid"));
  g_assert_true (oa_has_problem (error, "node", "m", 0, "invalid"));
  g_assert_cmpuint (oa_n_problems (error), ==, 4);
}

static void
test_not_an_object (void)
{
  g_autoptr(GError) error = oa_definition_error ("[1,2]");
  g_autoptr(GError) error2 = oa_definition_error ("{'key':'k','name':'N'}");

  g_assert_true (oa_has_problem (error, "member", "$", 0, "wrong_type"));
  g_assert_true (oa_has_problem (error2, "member", "nodes", 0, "required"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/definition/seeded/travel-expense", test_travel_expense);
  g_test_add_func ("/oa/definition/seeded/business-trip", test_business_trip);
  g_test_add_func ("/oa/definition/effects/unknown", test_unknown_effect);
  g_test_add_func ("/oa/definition/edges/dangling", test_dangling_edge);
  g_test_add_func ("/oa/definition/condition/no-else-and-dangling", test_no_else_and_dangling_together);
  g_test_add_func ("/oa/definition/condition/two-elses", test_two_elses);
  g_test_add_func ("/oa/definition/condition/edge-rules", test_condition_edge_rules);
  g_test_add_func ("/oa/definition/condition/missing-field", test_condition_on_missing_field);
  g_test_add_func ("/oa/definition/condition/text-less-than", test_text_compared_with_less_than);
  g_test_add_func ("/oa/definition/graph/unreachable", test_unreachable_node);
  g_test_add_func ("/oa/definition/graph/no-path-to-end", test_no_path_to_end);
  g_test_add_func ("/oa/definition/graph/cycle", test_cycle_with_exit);
  g_test_add_func ("/oa/definition/graph/degrees", test_degrees);
  g_test_add_func ("/oa/definition/parallel/without-join", test_parallel_without_join);
  g_test_add_func ("/oa/definition/parallel/branch-escapes", test_parallel_branch_escapes);
  g_test_add_func ("/oa/definition/parallel/branches-merge", test_parallel_branches_merge);
  g_test_add_func ("/oa/definition/parallel/entered-from-outside", test_parallel_entered_from_outside);
  g_test_add_func ("/oa/definition/parallel/join-without-parallel", test_join_without_parallel);
  g_test_add_func ("/oa/definition/parallel/nested", test_nested_parallels);
  g_test_add_func ("/oa/definition/nodes/bad-assignees", test_bad_assignees);
  g_test_add_func ("/oa/definition/nodes/identity", test_node_identity);
  g_test_add_func ("/oa/definition/header-and-form", test_header_and_form);
  g_test_add_func ("/oa/definition/not-an-object", test_not_an_object);
  g_test_add_func ("/oa/definition/translations", test_translations);

  return g_test_run ();
}
