/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-documents"

#include "config.h"

#include <libpq-fe.h>

#include "erp-documents-fixture.h"

static const char * const demo_args[] = { "--demo", NULL };

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SanheTestResponse) me = NULL;

  f->server = sanhe_test_server_start (demo_args);
  f->admin = sanhe_test_login (f->server, "admin", f->server->admin_password);
  me = sanhe_test_request (f->server, "GET", "/api/v1/me", f->admin, NULL);
  sanhe_test_assert_status (me, 200);
  f->admin_id = sanhe_test_member_int (sanhe_test_object (me), "id");
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->admin, g_free);
  g_clear_pointer (&f->server, sanhe_test_server_stop);
}

void
erp_test_init (int    *argc,
               char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
}

char *
erp_sql_value (Fixture            *f,
               const char         *sql,
               int                 n_params,
               const char * const *params)
{
  g_autoptr(PGconn) conn = PQconnectdb (f->server->database_url);
  g_autoptr(PGresult) result = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to the test database: %s", PQerrorMessage (conn));
  result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("SQL failed: %s\n%s", sql, PQerrorMessage (conn));
  if (PQntuples (result) == 0 || PQnfields (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}

gint64
erp_sql_count (Fixture    *f,
               const char *sql,
               gint64      id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *count = erp_sql_value (f, sql, 1, (const char *[]) { text });

  return g_ascii_strtoll (count, NULL, 10);
}

/* Master data goes in through its own API, as a user would enter it. */
static gint64
create_master (Fixture    *f,
               const char *path,
               const char *body)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", path, f->admin, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

gint64
erp_supplier (Fixture    *f,
              const char *code,
              const char *name)
{
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, NULL);

  return create_master (f, "/api/v1/erp/suppliers", body);
}

gint64
erp_customer (Fixture    *f,
              const char *code,
              const char *name)
{
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, NULL);

  return create_master (f, "/api/v1/crm/customers", body);
}

gint64
erp_warehouse (Fixture    *f,
               const char *code)
{
  g_autofree char *name = g_strdup_printf ("Warehouse %s", code);
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, NULL);

  return create_master (f, "/api/v1/erp/warehouses", body);
}

gint64
erp_item (Fixture    *f,
          const char *code,
          const char *kind)
{
  g_autofree char *name = g_strdup_printf ("Item %s", code);
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, "s:kind", kind, "s:unit", "pcs", NULL);

  return create_master (f, "/api/v1/erp/items", body);
}

char *
erp_balance (Fixture *f,
             gint64   item,
             gint64   warehouse)
{
  g_autofree char *item_text = g_strdup_printf ("%" G_GINT64_FORMAT, item);
  g_autofree char *warehouse_text = g_strdup_printf ("%" G_GINT64_FORMAT, warehouse);

  return erp_sql_value (f,
                        "SELECT coalesce((SELECT qty FROM erp.stock_balances "
                        "                 WHERE item_id = $1 AND warehouse_id = $2), 0)::numeric(18,4)::text",
                        2, (const char *[]) { item_text, warehouse_text });
}

char *
erp_average_cost (Fixture *f,
                  gint64   item)
{
  g_autofree char *item_text = g_strdup_printf ("%" G_GINT64_FORMAT, item);

  return erp_sql_value (f, "SELECT average_cost::text FROM erp.items WHERE id = $1",
                        1, (const char *[]) { item_text });
}

char *
erp_login (Fixture    *f,
           const char *login)
{
  return sanhe_test_login (f->server, login, "sanhe-demo");
}

SanheTestResponse *
erp_post (Fixture    *f,
          const char *token,
          const char *body,
          const char *path_format,
          ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, path_format);
  path = g_strdup_vprintf (path_format, args);
  va_end (args);
  return sanhe_test_request (f->server, "POST", path, token, body);
}

JsonObject *
erp_line (JsonObject *order,
          guint       line_no)
{
  JsonArray *lines = json_object_get_array_member (order, "lines");

  g_assert_nonnull (lines);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (sanhe_test_member_int (line, "line") == line_no)
        return line;
    }
  g_error ("The order has no line %u", line_no);
}

const char *
erp_state (SanheTestResponse *r)
{
  return sanhe_test_member_string (sanhe_test_object (r), "state");
}
