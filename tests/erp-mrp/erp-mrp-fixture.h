/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <locale.h>

#include "sanhe-test-server.h"

G_BEGIN_DECLS

/*
 * The fixture of the MRP, kit-analysis and import tests: a fresh server with
 * the demo company on its own database, signed in as the admin, paul
 * (planner: erp.mrp.run, items write) and joe (sales: no erp.mrp.run).
 * Data sets are hand-made erp-anchor-dataset/1 files in tests/erp-mrp/data/,
 * loaded with `sanhe-server import FILE --day0 DATE --database URL` run as a
 * subprocess against the test server's own database.
 */
typedef struct
{
  SanheTestServer *server;
  char *admin;
  char *paul;
  char *joe;
  GHashTable *line_names;   /* sales-order line id → "NUMBER/LINE", filled on demand */
  GHashTable *item_codes;   /* item id → code, likewise */
  GHashTable *task_numbers; /* production task id → number, likewise */
} Fixture;

#define MRP_DEMO_PASSWORD "sanhe-demo"

void fixture_setup    (Fixture       *f,
                       gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)

void mrp_test_init (int    *argc,
                    char ***argv);

/* tests/erp-mrp/data/@name, or @name itself when it is an absolute path */
char *mrp_data_path (const char *name);

/* Runs `sanhe-server import @file --day0 @day0 --database URL` (@file is
 * a path; @day0 NULL omits the option); returns its exit status and puts
 * its stdout + stderr into @output. */
int   mrp_import    (Fixture     *f,
                     const char  *file,
                     const char  *day0,
                     char       **output);
/* Imports tests/erp-mrp/data/@name and asserts it succeeded. */
void  mrp_import_ok (Fixture     *f,
                     const char  *name,
                     const char  *day0);

/* First column of the first row of @sql (printf-formatted); NULL if none. */
char   *mrp_sql      (Fixture    *f,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);
gint64  mrp_sql_int  (Fixture    *f,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);
gint64  mrp_item_id  (Fixture    *f,
                      const char *code);

/* POST /api/v1/erp/mrp/runs {"date": @date} as @token; asserts 201 and
 * returns the answer. */
JsonNode *mrp_run         (Fixture    *f,
                           const char *token,
                           const char *date);
/* Every suggestion of run @run_id (following the cursors, @limit a page),
 * @kind NULL for both kinds. */
JsonNode *mrp_suggestions (Fixture    *f,
                           gint64      run_id,
                           const char *kind,
                           guint       limit);

/*
 * A suggestion as one line of text, what the hand computations in the
 * tests spell out:
 *   "purchase RAWP 25.0000 due 2026-05-05 release 2026-05-04 late 4
 *    [SO-M2/1 8.0000, safety_stock 2.0000]"
 * Pegs name the sales order number and line number, or the production
 * task's number ("PT-M1 15.0000": its components). It also asserts what
 * the line does not show: "late" agrees with late_days, and each peg's
 * demand id is the id of the sales-order line or task it names.
 */
char *mrp_describe (Fixture    *f,
                    JsonObject *suggestion);

/* Asserts @suggestions (an array) describes as @expected, in order. */
#define mrp_assert_suggestions(f, suggestions, expected) \
  mrp_assert_suggestions_impl ((f), (suggestions), (expected), G_N_ELEMENTS (expected), __FILE__, __LINE__, G_STRFUNC)
void mrp_assert_suggestions_impl (Fixture            *f,
                                  JsonNode           *suggestions,
                                  const char * const *expected,
                                  guint               n_expected,
                                  const char         *file,
                                  int                 line,
                                  const char         *func);

/* A copy of @lines (@n_lines of them) with every "TASK" replaced by
 * @number: production-task numbers carry the year, so expected pegs are
 * written with TASK and filled in at run time. */
char **mrp_with_task_number (const char * const *lines,
                             guint               n_lines,
                             const char         *number);

/* Runs tests/erp-mrp/mrp-oracle.py, an independent MRP, on
 * tests/erp-mrp/data/@name as imported into this server's database with
 * @day0; returns its suggestions, one mrp_describe() line each. */
char **mrp_oracle (Fixture    *f,
                   const char *name,
                   const char *day0);

/* Row counts of every table an import or an accept could touch, as text:
 * equal before and after means nothing was added or removed. */
char *mrp_counts (Fixture *f);

G_END_DECLS
