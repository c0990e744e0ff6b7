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
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-record.h"

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
  g_test_add_func ("/client/api/addresses", test_api_addresses);
  g_test_add_func ("/client/api/unreachable", test_api_unreachable);

  return g_test_run ();
}
