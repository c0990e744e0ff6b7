/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "oa-test-util.h"

/* Condition trees: hand-evaluated against a travel-expense-like form. */

#define FIELDS \
  "[{'name':'amount','type':'money'}," \
  " {'name':'nights','type':'number'}," \
  " {'name':'purpose','type':'text'}," \
  " {'name':'day','type':'date'}," \
  " {'name':'trip','type':'date_range'}," \
  " {'name':'kind','type':'choice','options':['hotel','train','air']}," \
  " {'name':'reviewer','type':'user'}," \
  " {'name':'customer','type':'customer'}]"

typedef struct
{
  SanheOaForm   *form;
  SanheOaValues *values;
  SanheOaContext context;
} Fixture;

static const char * const joe_roles[] = { "sales", "employee", NULL };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonNode) fields = oa_json (FIELDS);
  g_autoptr(JsonNode) form = oa_json ("{'amount':'5000.01','nights':2,'purpose':'ACME visit',"
                                      " 'day':'2026-05-04','trip':{'start':'2026-05-04','end':'2026-05-07'},"
                                      " 'kind':'train','reviewer':4}");
  g_autoptr(GError) error = NULL;

  fixture->form = sanhe_oa_form_new_from_json (fields, &error);
  g_assert_no_error (error);
  fixture->values = sanhe_oa_form_validate (fixture->form, form, &error);
  g_assert_no_error (error);
  fixture->context.applicant = JOE;
  fixture->context.department = 2;
  fixture->context.roles = joe_roles;
  fixture->context.form = fixture->values;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->values, sanhe_oa_values_free);
  g_clear_pointer (&fixture->form, sanhe_oa_form_unref);
}

static gboolean
holds (Fixture    *fixture,
       const char *tree)
{
  g_autoptr(JsonNode) node = oa_json (tree);
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaCondition) condition = sanhe_oa_condition_new_from_json (node, fixture->form, &error);

  g_assert_no_error (error);
  return sanhe_oa_condition_evaluate (condition, &fixture->context);
}

static GError *
compile_error (Fixture    *fixture,
               const char *tree)
{
  g_autoptr(JsonNode) node = oa_json (tree);
  g_autoptr(SanheOaCondition) condition = NULL;
  GError *error = NULL;

  condition = sanhe_oa_condition_new_from_json (node, fixture->form, &error);
  g_assert_null (condition);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "oa.condition.invalid");
  return error;
}

static void
test_decimals (Fixture       *fixture,
               gconstpointer  data)
{
  /* 5000.01 against 5000: compared as decimals, to the cent. */
  g_assert_true (holds (fixture, "{'op':'>','field':'amount','value':'5000'}"));
  g_assert_true (holds (fixture, "{'op':'>','field':'amount','value':5000}"));
  g_assert_false (holds (fixture, "{'op':'>','field':'amount','value':'5000.01'}"));
  g_assert_true (holds (fixture, "{'op':'>=','field':'amount','value':'5000.01'}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'amount','value':'5000.0100'}"));
  g_assert_true (holds (fixture, "{'op':'<','field':'amount','value':'5000.0101'}"));
  g_assert_false (holds (fixture, "{'op':'<=','field':'amount','value':'5000.0099'}"));
  g_assert_true (holds (fixture, "{'op':'!=','field':'amount','value':'5000'}"));
  g_assert_true (holds (fixture, "{'op':'in','field':'nights','value':[1,'2.0',3]}"));
  g_assert_false (holds (fixture, "{'op':'in','field':'nights','value':['2.5',3]}"));
}

static void
test_dates (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_true (holds (fixture, "{'op':'>=','field':'day','value':'2026-05-04'}"));
  g_assert_false (holds (fixture, "{'op':'<','field':'day','value':'2026-05-04'}"));
  g_assert_true (holds (fixture, "{'op':'<','field':'day','value':'2026-05-05'}"));
  /* 4 to 7 May: four days, inclusive. */
  g_assert_true (holds (fixture, "{'op':'=','field':'trip.days','value':4}"));
  g_assert_true (holds (fixture, "{'op':'>','field':'trip.days','value':'3'}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'trip.start','value':'2026-05-04'}"));
  g_assert_true (holds (fixture, "{'op':'>','field':'trip.end','value':'2026-05-06'}"));
}

static void
test_text_choice_ids (Fixture       *fixture,
                      gconstpointer  data)
{
  g_assert_true (holds (fixture, "{'op':'=','field':'purpose','value':'ACME visit'}"));
  g_assert_false (holds (fixture, "{'op':'=','field':'purpose','value':'acme visit'}"));
  g_assert_true (holds (fixture, "{'op':'in','field':'kind','value':['train','air']}"));
  g_assert_false (holds (fixture, "{'op':'=','field':'kind','value':'hotel'}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'reviewer','value':4}"));
  g_assert_true (holds (fixture, "{'op':'!=','field':'reviewer','value':5}"));
}

static void
test_applicant (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_true (holds (fixture, "{'op':'=','field':'applicant.id','value':3}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'applicant.department','value':2}"));
  g_assert_true (holds (fixture, "{'op':'in','field':'applicant.department','value':[3,2]}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'applicant.role','value':'sales'}"));
  g_assert_false (holds (fixture, "{'op':'=','field':'applicant.role','value':'finance'}"));
  g_assert_true (holds (fixture, "{'op':'!=','field':'applicant.role','value':'finance'}"));
  g_assert_false (holds (fixture, "{'op':'!=','field':'applicant.role','value':'employee'}"));
  g_assert_true (holds (fixture, "{'op':'in','field':'applicant.role','value':['manager','employee']}"));
  g_assert_false (holds (fixture, "{'op':'in','field':'applicant.role','value':['manager','hr']}"));

  fixture->context.roles = NULL;
  fixture->context.department = 0;
  g_assert_false (holds (fixture, "{'op':'=','field':'applicant.role','value':'sales'}"));
  g_assert_false (holds (fixture, "{'op':'!=','field':'applicant.department','value':2}"));
}

static void
test_and_or_not (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_true (holds (fixture, "{'op':'and','args':[{'op':'>','field':'amount','value':'5000'},"
                                 "                    {'op':'=','field':'kind','value':'train'}]}"));
  g_assert_false (holds (fixture, "{'op':'and','args':[{'op':'>','field':'amount','value':'5000'},"
                                  "                    {'op':'=','field':'kind','value':'air'}]}"));
  g_assert_true (holds (fixture, "{'op':'or','args':[{'op':'>','field':'amount','value':'9000'},"
                                 "                   {'op':'=','field':'kind','value':'train'}]}"));
  g_assert_false (holds (fixture, "{'op':'or','args':[{'op':'>','field':'amount','value':'9000'}]}"));
  g_assert_true (holds (fixture, "{'op':'not','arg':{'op':'>','field':'amount','value':'9000'}}"));
  g_assert_true (holds (fixture, "{'op':'and','args':[{'op':'not','arg':{'op':'in','field':'kind','value':['air']}},"
                                 "  {'op':'or','args':[{'op':'=','field':'applicant.role','value':'boss'},"
                                 "                     {'op':'<=','field':'trip.days','value':5}]}]}"));
}

static void
test_missing_value (Fixture       *fixture,
                    gconstpointer  data)
{
  /* No customer given: every comparison is false, "not" makes it true. */
  g_assert_false (holds (fixture, "{'op':'=','field':'customer','value':12}"));
  g_assert_false (holds (fixture, "{'op':'!=','field':'customer','value':12}"));
  g_assert_true (holds (fixture, "{'op':'not','arg':{'op':'=','field':'customer','value':12}}"));

  /* No form at all. */
  fixture->context.form = NULL;
  g_assert_false (holds (fixture, "{'op':'<','field':'amount','value':'1'}"));
  g_assert_true (holds (fixture, "{'op':'=','field':'applicant.id','value':3}"));
}

static void
test_compile_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  struct
  {
    const char *tree;
    const char *code;
  } cases[] = {
    { "{'op':'~','field':'amount','value':'1'}", "unknown_op" },
    { "{'field':'amount','value':'1'}", "unknown_op" },
    { "{'op':'>','field':'colour','value':'1'}", "unknown_field" },
    { "{'op':'>','field':'amount.days','value':'1'}", "unknown_field" },
    { "{'op':'>','field':'trip.length','value':'1'}", "unknown_field" },
    { "{'op':'>','field':'trip','value':'1'}", "not_comparable" },
    { "{'op':'<','field':'purpose','value':'m'}", "not_comparable" },
    { "{'op':'>','field':'kind','value':'air'}", "not_comparable" },
    { "{'op':'>','field':'applicant.role','value':'a'}", "not_comparable" },
    { "{'op':'>','field':'amount','value':'lots'}", "invalid_value" },
    { "{'op':'>','field':'amount','value':5000.5}", "invalid_value" },
    { "{'op':'<','field':'day','value':'05/04/2026'}", "invalid_value" },
    { "{'op':'=','field':'reviewer','value':'4'}", "invalid_value" },
    { "{'op':'in','field':'kind','value':[]}", "invalid_value" },
    { "{'op':'in','field':'kind','value':'air'}", "invalid_value" },
    { "{'op':'=','field':'kind','value':'bus'}", "not_an_option" },
    { "{'op':'and','args':[]}", "invalid" },
    { "{'op':'not'}", "invalid" },
    { "{'op':'='}", "invalid" },
    { "'amount > 5000'", "invalid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = compile_error (fixture, cases[i].tree);

      g_test_message ("%s", cases[i].tree);
      g_assert_true (oa_has_problem (error, "member", "condition", 0, cases[i].code));
    }
}

static void
test_problem_paths (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = compile_error (fixture,
                                           "{'op':'or','args':[{'op':'>','field':'amount','value':'1'},"
                                           "  {'op':'not','arg':{'op':'<','field':'purpose','value':'x'}},"
                                           "  {'op':'=','field':'nobody','value':1}]}");
  JsonArray *problems = json_object_get_array_member (json_node_get_object (sanhe_error_get_details (error)),
                                                      "problems");

  g_assert_cmpuint (json_array_get_length (problems), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "at"),
                   ==, "condition.args[1].arg");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 1), "at"),
                   ==, "condition.args[2]");
}

static void
test_too_deep (Fixture       *fixture,
               gconstpointer  data)
{
  GString *tree = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append (tree, "{'op':'not','arg':");
  g_string_append (tree, "{'op':'>','field':'amount','value':'1'}");
  for (guint i = 0; i < 40; i++)
    g_string_append_c (tree, '}');

  error = compile_error (fixture, tree->str);
  g_assert_true (oa_has_problem (error, "member", "condition", 0, "too_deep"));
  g_string_free (tree, TRUE);
}

static void
test_without_form (void)
{
  g_autoptr(JsonNode) ok = oa_json ("{'op':'=','field':'applicant.role','value':'sales'}");
  g_autoptr(JsonNode) bad = oa_json ("{'op':'>','field':'amount','value':'1'}");
  g_autoptr(SanheOaCondition) condition = sanhe_oa_condition_new_from_json (ok, NULL, NULL);
  g_autoptr(SanheOaCondition) none = sanhe_oa_condition_new_from_json (bad, NULL, NULL);
  SanheOaContext context = { JOE, 2, joe_roles, NULL };

  g_assert_true (sanhe_oa_condition_evaluate (condition, &context));
  g_assert_null (none);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/oa/condition/decimals", test_decimals);
  ADD ("/oa/condition/dates", test_dates);
  ADD ("/oa/condition/text-choice-ids", test_text_choice_ids);
  ADD ("/oa/condition/applicant", test_applicant);
  ADD ("/oa/condition/and-or-not", test_and_or_not);
  ADD ("/oa/condition/missing-value", test_missing_value);
  ADD ("/oa/condition/compile-errors", test_compile_errors);
  ADD ("/oa/condition/problem-paths", test_problem_paths);
  ADD ("/oa/condition/too-deep", test_too_deep);
  g_test_add_func ("/oa/condition/without-form", test_without_form);

  return g_test_run ();
}
