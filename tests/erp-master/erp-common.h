/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <locale.h>
#include <string.h>

#include "sanhe-test-server.h"

/*
 * The fixture of the ERP master-data tests: a fresh server with the demo
 * company, signed in as the admin and as three demo users whose roles the
 * permission checks lean on: paul (planner: erp.items.write), joe (sales:
 * erp.items.read only) and wendy (warehouse: erp.stock.write).
 */
typedef struct
{
  SanheTestServer *server;
  char *admin;
  char *paul;
  char *joe;
  char *wendy;
} Fixture;

#define DEMO_PASSWORD "sanhe-demo"

static const char * const demo_args[] = { "--demo", NULL };

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = sanhe_test_server_start (demo_args);
  f->admin = sanhe_test_login (f->server, "admin", f->server->admin_password);
  f->paul = sanhe_test_login (f->server, "paul", DEMO_PASSWORD);
  f->joe = sanhe_test_login (f->server, "joe", DEMO_PASSWORD);
  f->wendy = sanhe_test_login (f->server, "wendy", DEMO_PASSWORD);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->admin, g_free);
  g_clear_pointer (&f->paul, g_free);
  g_clear_pointer (&f->joe, g_free);
  g_clear_pointer (&f->wendy, g_free);
  g_clear_pointer (&f->server, sanhe_test_server_stop);
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)

static inline void
erp_test_init (int    *argc,
               char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
}

/* POSTs @body to @path as @token, asserts 201 and returns the new id. */
static inline gint64
post_created (Fixture    *f,
              const char *token,
              const char *path,
              const char *body)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", path, token, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static inline gint64
create_item (Fixture    *f,
             const char *code,
             const char *kind,
             const char *standard_cost)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Item %s\", \"kind\": \"%s\", "
                                           "\"standard_cost\": \"%s\"}", code, code, kind, standard_cost);

  return post_created (f, f->admin, "/api/v1/erp/items", body);
}

static inline gint64
create_warehouse (Fixture    *f,
                  const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Warehouse %s\"}", code, code);

  return post_created (f, f->admin, "/api/v1/erp/warehouses", body);
}

/* GETs @path as the admin, asserts 200 and returns the body. */
static inline JsonNode *
get_json (Fixture    *f,
          const char *path)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "GET", path, f->admin, NULL);

  sanhe_test_assert_status (r, 200);
  return json_node_ref (r->body);
}

static inline JsonNode *
get_item (Fixture *f,
          gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT, id);

  return get_json (f, path);
}

/* A string member of a JSON object node. */
static inline const char *
str_of (JsonNode   *node,
        const char *member)
{
  return sanhe_test_member_string (json_node_get_object (node), member);
}

/*
 * Everything a rejected ERP request could have touched, as text: the ERP
 * tables row by row and the size of the audit trail. Equal snapshots before
 * and after a 4xx prove the database did not change.
 */
static inline char *
erp_snapshot (Fixture *f)
{
  return sanhe_test_sql_value (f->server,
    "SELECT concat_ws(E'\\n', "
    "  (SELECT json_agg(t ORDER BY id)::text FROM erp.items t), "
    "  (SELECT json_agg(t ORDER BY id)::text FROM erp.bom_lines t), "
    "  (SELECT json_agg(t ORDER BY id)::text FROM erp.warehouses t), "
    "  (SELECT json_agg(t ORDER BY id)::text FROM erp.suppliers t), "
    "  (SELECT json_agg(t ORDER BY id)::text FROM crm.customers t), "
    "  (SELECT json_agg(t ORDER BY id)::text FROM erp.stock_moves t), "
    "  (SELECT json_agg(t ORDER BY item_id, warehouse_id)::text FROM erp.stock_balances t), "
    "  (SELECT count(*)::text FROM core.audit_log))");
}

/* How many audit rows name @entity / @id. */
static inline gint64
audit_count (Fixture    *f,
             const char *entity,
             gint64      id,
             const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM core.audit_log WHERE entity = '%s' "
                                          "AND entity_id = '%" G_GINT64_FORMAT "' AND action = '%s'",
                                          entity, id, action);
  g_autofree char *count = sanhe_test_sql_value (f->server, sql);

  return g_ascii_strtoll (count, NULL, 10);
}
