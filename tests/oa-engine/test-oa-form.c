/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "oa-test-util.h"

/* Submitted form data against the field definitions. */

#define FIELDS \
  "[{'name':'amount','type':'money','required':true,'min':'0.01','max':'100000'}," \
  " {'name':'nights','type':'number','min':1,'max':'30'}," \
  " {'name':'purpose','type':'text','required':true}," \
  " {'name':'details','type':'multiline'}," \
  " {'name':'day','type':'date','min':'2026-01-01','max':'2026-12-31'}," \
  " {'name':'trip','type':'date_range','min':'2026-01-01'}," \
  " {'name':'kind','type':'choice','options':['hotel',{'value':'air','label':'Flight'}]}," \
  " {'name':'reviewer','type':'user'}," \
  " {'name':'department','type':'department'}," \
  " {'name':'customer','type':'customer'}]"

static SanheOaForm *
demo_form (void)
{
  g_autoptr(JsonNode) fields = oa_json (FIELDS);
  g_autoptr(GError) error = NULL;
  SanheOaForm *form = sanhe_oa_form_new_from_json (fields, &error);

  g_assert_no_error (error);
  return form;
}

static GError *
invalid (const char *data)
{
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) node = oa_json (data);
  g_autoptr(SanheOaValues) values = NULL;
  GError *error = NULL;

  values = sanhe_oa_form_validate (form, node, &error);
  g_assert_null (values);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_UNPROCESSABLE);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, "validation.failed");
  return error;
}

static guint32
julian (const char *text)
{
  guint32 day = 0;

  g_assert_true (sanhe_oa_parse_date (text, &day));
  return day;
}

static void
test_valid_values (void)
{
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) data = oa_json ("{'amount':'1234.50','nights':3,'purpose':'Visit ACME',"
                                      " 'details':'','day':'2026-05-04',"
                                      " 'trip':{'start':'2026-05-04','end':'2026-05-06'},"
                                      " 'kind':'air','reviewer':4,'department':null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (form, data, &error);
  const SanheOaValue *value;
  g_autofree char *amount = NULL;

  g_assert_no_error (error);

  value = sanhe_oa_values_lookup (values, "amount");
  amount = sanhe_decimal_format (value->decimal, 2);
  g_assert_cmpstr (amount, ==, "1234.50");
  g_assert_cmpint (value->type, ==, SANHE_OA_FIELD_TYPE_MONEY);

  value = sanhe_oa_values_lookup (values, "nights");
  g_assert_cmpint (value->decimal.units, ==, 3 * SANHE_DECIMAL_ONE);

  g_assert_cmpstr (sanhe_oa_values_lookup (values, "purpose")->text, ==, "Visit ACME");
  g_assert_cmpstr (sanhe_oa_values_lookup (values, "kind")->text, ==, "air");
  g_assert_cmpint (sanhe_oa_values_lookup (values, "reviewer")->id, ==, 4);
  g_assert_cmpuint (sanhe_oa_values_lookup (values, "day")->date, ==, julian ("2026-05-04"));
  value = sanhe_oa_values_lookup (values, "trip");
  g_assert_cmpuint (value->date_end - value->date, ==, 2);

  /* Empty optional text, null and absent fields have no value. */
  g_assert_null (sanhe_oa_values_lookup (values, "details"));
  g_assert_null (sanhe_oa_values_lookup (values, "department"));
  g_assert_null (sanhe_oa_values_lookup (values, "customer"));
}

static void
test_required (void)
{
  g_autoptr(GError) error = invalid ("{'purpose':'','amount':null}");

  g_assert_cmpstr (oa_field_code (error, "amount"), ==, "required");
  g_assert_cmpstr (oa_field_code (error, "purpose"), ==, "required");
  g_assert_null (oa_field_code (error, "nights"));
}

static void
test_wrong_types (void)
{
  /* Money never travels as a double; ids are JSON integers. */
  g_autoptr(GError) error = invalid ("{'amount':12.5,'purpose':7,'reviewer':'4',"
                                     " 'trip':'2026-05-04','kind':1}");

  g_assert_cmpstr (oa_field_code (error, "amount"), ==, "wrong_type");
  g_assert_cmpstr (oa_field_code (error, "purpose"), ==, "wrong_type");
  g_assert_cmpstr (oa_field_code (error, "reviewer"), ==, "wrong_type");
  g_assert_cmpstr (oa_field_code (error, "trip"), ==, "wrong_type");
  g_assert_cmpstr (oa_field_code (error, "kind"), ==, "wrong_type");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = invalid ("{'amount':'1.234','purpose':'x','nights':'1e3',"
                                     " 'day':'2026-02-30','trip':{'start':'2026-05-06','end':'2026-05-04'},"
                                     " 'reviewer':0,'customer':-3}");

  g_assert_cmpstr (oa_field_code (error, "amount"), ==, "invalid");
  g_assert_cmpstr (oa_field_code (error, "nights"), ==, "invalid");
  g_assert_cmpstr (oa_field_code (error, "day"), ==, "invalid");
  g_assert_cmpstr (oa_field_code (error, "trip"), ==, "invalid");
  g_assert_cmpstr (oa_field_code (error, "reviewer"), ==, "invalid");
  g_assert_cmpstr (oa_field_code (error, "customer"), ==, "invalid");
  g_assert_null (oa_field_code (error, "purpose"));
}

static void
test_bounds (void)
{
  g_autoptr(GError) low = invalid ("{'amount':'0.00','purpose':'x','nights':'0.5','day':'2025-12-31',"
                                   " 'trip':{'start':'2025-12-30','end':'2026-01-02'}}");
  g_autoptr(GError) high = invalid ("{'amount':'100000.01','purpose':'x','nights':31,'day':'2027-01-01'}");
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) edge = oa_json ("{'amount':'100000','purpose':'x','nights':'30','day':'2026-12-31'}");
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (form, edge, NULL);

  g_assert_cmpstr (oa_field_code (low, "amount"), ==, "too_small");
  g_assert_cmpstr (oa_field_code (low, "nights"), ==, "too_small");
  g_assert_cmpstr (oa_field_code (low, "day"), ==, "too_small");
  g_assert_cmpstr (oa_field_code (low, "trip"), ==, "too_small");
  g_assert_cmpstr (oa_field_code (high, "amount"), ==, "too_large");
  g_assert_cmpstr (oa_field_code (high, "nights"), ==, "too_large");
  g_assert_cmpstr (oa_field_code (high, "day"), ==, "too_large");
  /* The bounds themselves are inside. */
  g_assert_nonnull (values);
}

static void
test_unknown_and_options (void)
{
  g_autoptr(GError) error = invalid ("{'amount':'10','purpose':'x','kind':'Flight','colour':'red'}");

  g_assert_cmpstr (oa_field_code (error, "kind"), ==, "not_an_option");
  g_assert_cmpstr (oa_field_code (error, "colour"), ==, "unknown_field");
}

static void
test_not_an_object (void)
{
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) data = oa_json ("[1]");
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (form, data, &error);

  g_assert_null (values);
  g_assert_error (error, SANHE_ERROR, SANHE_ERROR_BAD_REQUEST);
}

static char *
summary_of (const char *data)
{
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) node = oa_json (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (form, node, &error);

  g_assert_no_error (error);
  return sanhe_oa_values_summary (form, values);
}

/* An approver recognizes a request by its amount and its purpose; a
 * long purpose is cut, on a character, never inside one. */
static void
test_summary (void)
{
  g_autofree char *both = summary_of ("{'amount':'1280.5','purpose':'Customer visit','details':'Long text'}");
  g_autofree char *cut = summary_of ("{'amount':'7','purpose':'深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访'}");
  g_autoptr(SanheOaForm) form = demo_form ();
  g_autoptr(JsonNode) none = oa_json ("{'amount':'1','purpose':'x'}");
  g_autoptr(SanheOaValues) values = sanhe_oa_form_validate (form, none, NULL);

  g_assert_cmpstr (both, ==, "1280.50 · Customer visit");
  g_assert_cmpstr (cut, ==, "7.00 · 深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜访深圳客户拜…");
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 4 + 3 + 60);
  g_assert_nonnull (values);
}

static void
test_parse_date (void)
{
  guint32 day;

  g_assert_true (sanhe_oa_parse_date ("2024-02-29", &day));
  g_assert_false (sanhe_oa_parse_date ("2023-02-29", &day));
  g_assert_false (sanhe_oa_parse_date ("2026-5-04", &day));
  g_assert_false (sanhe_oa_parse_date ("2026-05-04T00:00", &day));
  g_assert_false (sanhe_oa_parse_date ("1899-12-31", &day));
  g_assert_false (sanhe_oa_parse_date ("+026-05-04", &day));
  g_assert_false (sanhe_oa_parse_date (NULL, &day));
  g_assert_cmpuint (julian ("2026-03-01") - julian ("2026-02-28"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/form/valid", test_valid_values);
  g_test_add_func ("/oa/form/required", test_required);
  g_test_add_func ("/oa/form/wrong-type", test_wrong_types);
  g_test_add_func ("/oa/form/invalid", test_invalid);
  g_test_add_func ("/oa/form/bounds", test_bounds);
  g_test_add_func ("/oa/form/unknown-and-options", test_unknown_and_options);
  g_test_add_func ("/oa/form/not-an-object", test_not_an_object);
  g_test_add_func ("/oa/form/parse-date", test_parse_date);
  g_test_add_func ("/oa/form/summary", test_summary);

  return g_test_run ();
}
