/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <locale.h>

#include "sanhe-test-server.h"

G_BEGIN_DECLS

/*
 * The fixture of the ERP document tests: a fresh server with the demo
 * company (joe = sales, wendy = warehouse, paul = planner, lucas =
 * production; password "sanhe-demo") and the admin's token. Master data
 * is made through its API; ledger truth is read with SQL.
 */
typedef struct
{
  SanheTestServer *server;
  char *admin;      /* admin's token */
  gint64 admin_id;
} Fixture;

void fixture_setup    (Fixture       *f,
                       gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)

void erp_test_init (int    *argc,
                    char ***argv);

/* Master data; each returns the new id. @kind is "make" or "buy". */
gint64 erp_supplier  (Fixture    *f,
                      const char *code,
                      const char *name);
gint64 erp_customer  (Fixture    *f,
                      const char *code,
                      const char *name);
gint64 erp_warehouse (Fixture    *f,
                      const char *code);
gint64 erp_item      (Fixture    *f,
                      const char *code,
                      const char *kind);

/* Ledger truth read from the database: decimal text with 4 places. */
char  *erp_balance      (Fixture *f,
                         gint64   item,
                         gint64   warehouse);
char  *erp_average_cost (Fixture *f,
                         gint64   item);
/* The first column of the first row of @sql with $1…$n = @params. */
char  *erp_sql_value    (Fixture            *f,
                         const char         *sql,
                         int                 n_params,
                         const char * const *params);
gint64 erp_sql_count    (Fixture            *f,
                         const char         *sql,
                         gint64              id);

char  *erp_login        (Fixture    *f,
                         const char *login);

/* A request whose path is printf-formatted; asserts nothing. */
SanheTestResponse *erp_post (Fixture    *f,
                             const char *token,
                             const char *body,
                             const char *path_format,
                             ...) G_GNUC_PRINTF (4, 5);

/* Members of an order: the line objects, and a line by its number. */
JsonObject *erp_line   (JsonObject *order,
                        guint       line_no);
const char *erp_state  (SanheTestResponse *r);

G_END_DECLS
