/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-api.h"
#include "sanhe-columns.h"
#include "sanhe-erp-columns.h"
#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-record.h"
#include "sanhe-roles-page.h"

/*
 * The client's pure pieces, no display needed: records read by path, error
 * codes turned into (translated) text, formatting, search matching, and
 * the API object's handling of addresses and unreachable servers.
 */

static SanheRecord *
record_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return sanhe_record_new_from_node (node);
}

static void
test_record_paths (void)
{
  g_autoptr(SanheRecord) record = record_from_json (
    "{\"id\":5,\"login\":\"joe\",\"version\":3,\"active\":false,"
    "\"department\":{\"id\":2,\"name\":\"Sales\"},\"manager\":null,"
    "\"roles\":[\"sales\",\"employee\"]}");
  g_auto(GStrv) roles = NULL;
  g_autofree char *key = NULL;

  g_assert_cmpint (sanhe_record_get_id (record), ==, 5);
  g_assert_cmpint (sanhe_record_get_version (record), ==, 3);
  g_assert_cmpstr (sanhe_record_get_string (record, "login"), ==, "joe");
  g_assert_cmpstr (sanhe_record_get_string (record, "department.name"), ==, "Sales");
  g_assert_null (sanhe_record_get_string (record, "manager.name"));
  g_assert_null (sanhe_record_get_string (record, "missing.deeper.still"));
  g_assert_false (sanhe_record_get_boolean (record, "active", TRUE));
  g_assert_true (sanhe_record_get_boolean (record, "missing", TRUE));

  roles = sanhe_record_dup_strv (record, "roles");
  g_assert_cmpuint (g_strv_length (roles), ==, 2);
  g_assert_true (sanhe_record_strv_contains (record, "roles", "sales"));
  g_assert_false (sanhe_record_strv_contains (record, "roles", "admin"));

  key = sanhe_record_dup_key (record, "id");
  g_assert_cmpstr (key, ==, "5");
}

static void
test_error_text_codes (void)
{
  static const char * const codes[] = {
    SANHE_CODE_INVALID_CREDENTIALS, SANHE_CODE_THROTTLED, SANHE_CODE_INVALID_TOKEN,
    SANHE_CODE_FORBIDDEN, SANHE_CODE_MALFORMED_JSON, SANHE_CODE_TOO_LARGE,
    SANHE_CODE_VALIDATION, SANHE_CODE_STALE_VERSION, SANHE_CODE_CONFLICT,
    "core.user.not_found", "core.department.not_found", "core.role.not_found",
    SANHE_CODE_DB_UNAVAILABLE, SANHE_CODE_INTERNAL, SANHE_CODE_NETWORK,
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_nonnull (sanhe_error_text_for_code (codes[i]));

  /* A module's record that is gone, before this client knows the module. */
  g_assert_cmpstr (sanhe_error_text_for_code ("crm.opportunity.not_found"), ==,
                   sanhe_error_text_for_code (SANHE_CODE_RECORD_NOT_FOUND));
  g_assert_null (sanhe_error_text_for_code ("crm.something.new"));

  /* Unknown codes fall back on the HTTP status. */
  sanhe_set_error (&error, SANHE_ERROR_FORBIDDEN, "crm.something.new", NULL, "nope");
  g_assert_cmpstr (sanhe_error_text (error), ==, sanhe_error_text_for_code (SANHE_CODE_FORBIDDEN));

  g_assert_cmpstr (sanhe_field_error_text ("taken"), !=, sanhe_field_error_text ("required"));
  g_assert_cmpstr (sanhe_field_error_text ("never-heard-of"), ==, sanhe_field_error_text ("invalid"));
}

/* glibc caches translations: setlocale() makes it read LANGUAGE again. */
static void
set_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
}

static void
test_error_text_translated (void)
{
  set_language ("zh_CN");
  g_assert_cmpstr (sanhe_error_text_for_code (SANHE_CODE_INVALID_CREDENTIALS), ==,
                   "登录名或密码错误，请检查后重试。");
  set_language ("es");
  g_assert_cmpstr (sanhe_error_text_for_code (SANHE_CODE_INVALID_CREDENTIALS), ==,
                   "Usuario o contraseña incorrectos. Revise ambos e inténtelo de nuevo.");
  set_language ("en");
  g_assert_cmpstr (sanhe_error_text_for_code (SANHE_CODE_INVALID_CREDENTIALS), ==,
                   "Wrong login or password. Check both and try again.");
}

static void
test_format (void)
{
  g_autofree char *empty = sanhe_format_datetime (NULL);
  g_autofree char *bad = sanhe_format_datetime ("yesterday");
  g_autofree char *when = NULL;
  g_autofree char *count = sanhe_format_count (1234567);

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (bad, ==, "");

  set_language ("zh_CN");
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  when = sanhe_format_datetime ("2025-03-04T05:06:07Z");
  g_assert_cmpstr (when, ==, "2025-03-04 05:06");
  set_language ("en");

  /* The C locale has no grouping; the digits must all be there. */
  g_assert_true (g_str_has_prefix (count, "1"));
  g_assert_true (g_str_has_suffix (count, "567"));
}

static void
test_columns_match (void)
{
  static const SanheColumnSpec columns[] = {
    { "Login", "login", SANHE_COLUMN_TEXT, 8, FALSE, NULL },
    { "Department", "department.name", SANHE_COLUMN_TEXT, 8, FALSE, NULL },
    { "Roles", "roles", SANHE_COLUMN_LIST, 8, FALSE, NULL },
    { "Count", "roles", SANHE_COLUMN_COUNT, 4, FALSE, NULL },
  };
  g_autoptr(SanheRecord) record = record_from_json (
    "{\"login\":\"Joe\",\"department\":{\"name\":\"Export Sales\"},\"roles\":[\"planner\"]}");
  g_autofree char *count = sanhe_column_spec_display (&columns[3], record);

  g_assert_true (sanhe_column_specs_match (columns, 4, record, NULL));
  g_assert_true (sanhe_column_specs_match (columns, 4, record, "joe"));
  g_assert_true (sanhe_column_specs_match (columns, 4, record, "export"));
  g_assert_true (sanhe_column_specs_match (columns, 4, record, "plan"));
  g_assert_false (sanhe_column_specs_match (columns, 4, record, "finance"));
  g_assert_cmpstr (count, ==, "1");
}

static void
assert_decimal (const char *decimal,
                guint       min_places,
                guint       max_places,
                const char *expected)
{
  g_autofree char *text = sanhe_format_decimal (decimal, min_places, max_places);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_parse (const char *typed,
              guint       max_places,
              const char *expected)
{
  g_autofree char *canonical = NULL;
  gboolean ok = sanhe_parse_decimal (typed, max_places, &canonical);

  if (expected == NULL)
    g_assert_false (ok);
  else
    {
      g_assert_true (ok);
      g_assert_cmpstr (canonical, ==, expected);
    }
}

/* Quantities and money are formatted from their digits, grouped with the
 * translation's marks under the C locale, and read back from what users
 * type in their own notation. */
static void
test_format_decimal (void)
{
  g_autofree char *number = NULL;

  set_language ("en");
  assert_decimal ("1234567.5000", 0, 4, "1,234,567.5");
  assert_decimal ("42599.5384", 2, 2, "42,599.54");
  assert_decimal ("0.0000", 0, 4, "0");
  assert_decimal ("-0.00004", 0, 4, "0");
  assert_decimal ("999.995", 2, 2, "1,000.00");
  assert_decimal ("-1234.5", 2, 4, "-1,234.50");
  assert_decimal ("12", 2, 2, "12.00");
  assert_decimal ("not a number", 0, 4, "not a number");
  assert_decimal (NULL, 0, 4, "");
  number = sanhe_format_number (4643);
  g_assert_cmpstr (number, ==, "4,643");

  assert_parse ("1,234.5", 4, "1234.5");
  assert_parse (" 2.50 ", 4, "2.5");
  assert_parse ("2,5", 4, "2.5");          /* no grouping of three: a decimal mark */
  assert_parse ("-3", 4, "-3");
  assert_parse ("0.12345", 4, NULL);
  assert_parse ("0.12340", 4, "0.1234");
  assert_parse ("12a", 4, NULL);
  assert_parse ("", 4, NULL);
  assert_parse ("1.5", 0, NULL);

  set_language ("es");
  assert_decimal ("1234567.5000", 0, 4, "1.234.567,5");
  assert_decimal ("42599.5384", 2, 2, "42.599,54");
  assert_parse ("1.234,5", 4, "1234.5");
  assert_parse ("2,75", 4, "2.75");
  assert_parse ("1.5", 4, "1.5");          /* a "." typed from the keypad */
  assert_parse ("1.500", 4, "1500");

  set_language ("zh_CN");
  assert_decimal ("1234567.5", 2, 2, "1,234,567.50");
  set_language ("en");
}

static void
test_format_day (void)
{
  g_autofree char *en = NULL;
  g_autofree char *es = NULL;
  g_autofree char *ymd = NULL;
  g_autofree char *typed = NULL;

  set_language ("en");
  en = sanhe_format_day ("2026-12-05");
  g_assert_cmpstr (en, ==, "2026-12-05");
  g_assert_true (sanhe_parse_day ("2026-12-05", &ymd));
  g_assert_cmpstr (ymd, ==, "2026-12-05");
  g_assert_false (sanhe_parse_day ("2026-02-30", NULL));
  g_assert_false (sanhe_parse_day ("tomorrow", NULL));

  set_language ("es");
  es = sanhe_format_day ("2026-12-05");
  g_assert_cmpstr (es, ==, "05/12/2026");
  g_assert_true (sanhe_parse_day ("5/12/2026", &typed));
  g_assert_cmpstr (typed, ==, "2026-12-05");
  set_language ("en");
}

/* Amounts are worked out exactly, rounded half up to cents, as the
 * server does. */
static void
test_erp_money (void)
{
  g_autofree char *a = sanhe_erp_money_product ("3", "83706.1098");
  g_autofree char *b = sanhe_erp_money_product ("2.5", "0.005");
  g_autofree char *c = sanhe_erp_money_product ("x", "1");
  g_autofree char *n = sanhe_erp_decimal_normalize ("2.5000");
  g_autofree char *whole = sanhe_erp_decimal_normalize ("2.0000");
  gint64 units = 0;

  g_assert_cmpstr (a, ==, "251118.33");
  g_assert_cmpstr (b, ==, "0.01");
  g_assert_null (c);
  g_assert_cmpstr (n, ==, "2.5");
  g_assert_cmpstr (whole, ==, "2");
  g_assert_true (sanhe_erp_decimal_units ("-1.25", &units));
  g_assert_cmpint (units, ==, -12500);
  g_assert_false (sanhe_erp_decimal_units ("1.23456", &units));
}

/* Every ERP error code the server sends has its own words, in each
 * language; a BOM cycle names the items in the loop. */
static void
test_erp_error_texts (void)
{
  static const char * const codes[] = {
    "erp.stock.insufficient", "erp.bom.cycle", "erp.order.invalid_state", "erp.order.not_draft",
    "erp.item.not_found", "erp.warehouse.not_found", "erp.supplier.not_found",
    "crm.customer.not_found", "erp.purchase_order.not_found", "erp.sales_order.not_found",
    "erp.production_task.not_found", "erp.mrp_run.not_found", "erp.mrp.invalid_data",
  };
  JsonNode *details = json_from_string ("{\"cycle\":[\"A\",\"B\",\"A\"]}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *generic = sanhe_error_text_for_code (SANHE_CODE_RECORD_NOT_FOUND);
      const char *specific = sanhe_error_text_for_code (codes[i]);

      g_assert_nonnull (specific);
      if (!g_str_has_suffix (codes[i], ".not_found") || g_str_has_prefix (codes[i], "erp.")
          || g_str_has_prefix (codes[i], "crm."))
        g_assert_cmpstr (specific, !=, generic);
    }

  /* The error takes the details. */
  sanhe_set_error (&error, SANHE_ERROR_UNPROCESSABLE, "erp.bom.cycle", details, "cycle");
  text = sanhe_erp_error_text (error);
  g_assert_nonnull (strstr (text, "A → B → A"));

  set_language ("zh_CN");
  g_assert_cmpstr (sanhe_error_text_for_code ("erp.order.not_draft"), ==,
                   "只有草稿订单可以修改，该订单已确认或已取消。");
  set_language ("es");
  g_assert_true (g_str_has_prefix (sanhe_error_text_for_code ("erp.stock.insufficient"),
                                   "No hay existencias suficientes."));
  set_language ("en");
}

/* Built-in roles read in the user's language; renamed ones keep their name. */
static void
test_role_names (void)
{
  set_language ("zh_CN");
  g_assert_cmpstr (sanhe_role_display_name ("planner", "Planner"), ==, "计划员");
  g_assert_cmpstr (sanhe_role_display_name ("hr", "Human resources"), ==, "人事");
  g_assert_cmpstr (sanhe_role_display_name ("sales", "Field sales"), ==, "Field sales");
  g_assert_cmpstr (sanhe_role_display_name ("purchasing", "Purchasing"), ==, "Purchasing");
  set_language ("es");
  g_assert_cmpstr (sanhe_role_display_name ("warehouse", "Warehouse"), ==, "Almacén");
  g_assert_cmpstr (sanhe_role_display_name ("manager", "Manager"), ==, "Responsable");
  set_language ("en");
  g_assert_cmpstr (sanhe_role_display_name ("admin", "Administrator"), ==, "Administrator");
}

/* ERP cells: quantities grouped, states and late flags in words. */
static void
test_erp_columns (void)
{
  static const SanheErpColumn columns[] = {
    { "Qty", "qty", SANHE_ERP_COLUMN_QTY, 8, 0 },
    { "State", "state", SANHE_ERP_COLUMN_STATE, 8, 0 },
    { "Late", "late", SANHE_ERP_COLUMN_LATE, 8, 0 },
    { "Item", "item.code", SANHE_ERP_COLUMN_TEXT, 8, 0 },
    { "Due", "due", SANHE_ERP_COLUMN_DATE, 10, 0 },
  };
  g_autoptr(SanheRecord) record = record_from_json (
    "{\"qty\":\"12345.5000\",\"state\":\"partially_shipped\",\"late\":true,\"late_days\":3,"
    "\"item\":{\"code\":\"RM-00021\"},\"due\":\"2026-11-27\"}");
  JsonObject *row = sanhe_record_get_object (record);
  g_autofree char *qty = sanhe_erp_column_display (&columns[0], row);
  g_autofree char *state = sanhe_erp_column_display (&columns[1], row);
  g_autofree char *late = sanhe_erp_column_display (&columns[2], row);
  g_autofree char *due = sanhe_erp_column_display (&columns[4], row);

  g_assert_cmpstr (qty, ==, "12,345.5");
  g_assert_cmpstr (state, ==, "Partly shipped");
  g_assert_cmpstr (late, ==, "3 days");
  g_assert_cmpstr (due, ==, "2026-11-27");
  g_assert_true (sanhe_erp_columns_match (columns, G_N_ELEMENTS (columns), record, "rm-000"));
  g_assert_false (sanhe_erp_columns_match (columns, G_N_ELEMENTS (columns), record, "12,345"));
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  JsonNode  *node;
} Wait;

static void
on_request_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->node = sanhe_api_request_finish (SANHE_API (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static GError *
request_error (SanheApi *api)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  sanhe_api_request_async (api, "GET", "/api/v1/me", NULL, NULL, on_request_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_null (wait.node);

  return wait.error;
}

static void
test_api_addresses (void)
{
  g_autoptr(SanheApi) api = sanhe_api_new ("http://127.0.0.1:8080/");
  g_autofree char *url = sanhe_api_build_url (api, "/api/v1/health");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sanhe_api_get_base_url (api), ==, "http://127.0.0.1:8080");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/api/v1/health");

  sanhe_api_set_base_url (api, "not a server");
  error = request_error (api);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_INVALID_URL);
}

static void
test_api_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(SanheApi) api = NULL;
  guint16 port;

  /* A port that was free a moment ago and has nobody listening now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  api = sanhe_api_new (base_url);
  error = request_error (api);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_NETWORK);
  g_assert_nonnull (sanhe_error_text (error));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SANHE_LOCALEDIR");

  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : BUILD_PO_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/record/paths", test_record_paths);
  g_test_add_func ("/client/error-text/codes", test_error_text_codes);
  g_test_add_func ("/client/error-text/translated", test_error_text_translated);
  g_test_add_func ("/client/format", test_format);
  g_test_add_func ("/client/columns/match", test_columns_match);
  g_test_add_func ("/client/format/decimal", test_format_decimal);
  g_test_add_func ("/client/format/day", test_format_day);
  g_test_add_func ("/client/erp/money", test_erp_money);
  g_test_add_func ("/client/erp/error-texts", test_erp_error_texts);
  g_test_add_func ("/client/erp/role-names", test_role_names);
  g_test_add_func ("/client/erp/columns", test_erp_columns);
  g_test_add_func ("/client/api/addresses", test_api_addresses);
  g_test_add_func ("/client/api/unreachable", test_api_unreachable);

  return g_test_run ();
}
