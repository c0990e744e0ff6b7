/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-mrp"

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "erp-mrp-fixture.h"

void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const char * const args[] = { "--demo", NULL };

  f->server = sanhe_test_server_start (args);
  f->admin = sanhe_test_login (f->server, "admin", f->server->admin_password);
  f->paul = sanhe_test_login (f->server, "paul", MRP_DEMO_PASSWORD);
  f->joe = sanhe_test_login (f->server, "joe", MRP_DEMO_PASSWORD);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->admin, g_free);
  g_clear_pointer (&f->paul, g_free);
  g_clear_pointer (&f->joe, g_free);
  g_clear_pointer (&f->line_names, g_hash_table_unref);
  g_clear_pointer (&f->item_codes, g_hash_table_unref);
  g_clear_pointer (&f->task_numbers, g_hash_table_unref);
  g_clear_pointer (&f->server, sanhe_test_server_stop);
}

void
mrp_test_init (int    *argc,
               char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
}

char *
mrp_data_path (const char *name)
{
  if (g_path_is_absolute (name))
    return g_strdup (name);
  return g_build_filename (MRP_DATA_DIR, name, NULL);
}

int
mrp_import (Fixture     *f,
            const char  *file,
            const char  *day0,
            char       **output)
{
  const char *binary = g_getenv ("SANHE_SERVER_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "import");
  g_ptr_array_add (argv, (gpointer) file);
  if (day0 != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--day0");
      g_ptr_array_add (argv, (gpointer) day0);
    }
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, f->server->database_url);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    g_error ("Cannot run %s: %s", binary, error->message);

  if (output != NULL)
    *output = g_strconcat (out ? out : "", err ? err : "", NULL);
  g_test_message ("import %s: wait status %d\n%s%s", file, status, out ? out : "", err ? err : "");

  if (g_spawn_check_wait_status (status, NULL))
    return 0;
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + (WIFSIGNALED (status) ? WTERMSIG (status) : 0);
}

void
mrp_import_ok (Fixture    *f,
               const char *name,
               const char *day0)
{
  g_autofree char *path = mrp_data_path (name);
  g_autofree char *output = NULL;
  int status = mrp_import (f, path, day0, &output);

  if (status != 0)
    g_error ("Importing %s failed with status %d:\n%s", path, status, output);
  g_assert_nonnull (strstr (output, "sanhe-server: imported "));
}

static char *
sql_valist (Fixture    *f,
            const char *format,
            va_list     args)
{
  g_autofree char *sql = g_strdup_vprintf (format, args);

  return sanhe_test_sql_value (f->server, sql);
}

char *
mrp_sql (Fixture    *f,
         const char *format,
         ...)
{
  va_list args;
  char *value;

  va_start (args, format);
  value = sql_valist (f, format, args);
  va_end (args);
  return value;
}

gint64
mrp_sql_int (Fixture    *f,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = sql_valist (f, format, args);
  va_end (args);
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

gint64
mrp_item_id (Fixture    *f,
             const char *code)
{
  /* Codes in these tests are plain ASCII identifiers. */
  return mrp_sql_int (f, "SELECT id FROM erp.items WHERE code = '%s'", code);
}

JsonNode *
mrp_run (Fixture    *f,
         const char *token,
         const char *date)
{
  g_autofree char *body = date ? g_strdup_printf ("{\"date\": \"%s\"}", date) : NULL;
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/mrp/runs", token, body);

  sanhe_test_assert_status (r, 201);
  g_assert_nonnull (sanhe_test_object (r));
  return json_node_ref (r->body);
}

JsonNode *
mrp_suggestions (Fixture    *f,
                 gint64      run_id,
                 const char *kind,
                 guint       limit)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/suggestions?limit=%u%s%s",
                                           run_id, limit, kind ? "&kind=" : "", kind ? kind : "");

  return sanhe_test_list_all (f->server, f->paul, path);
}

/* Reads "id text" rows of @sql into a fresh table. */
static GHashTable *
load_names (Fixture    *f,
            const char *sql)
{
  g_autofree char *all = mrp_sql (f, "%s", sql);
  g_auto(GStrv) rows = g_strsplit (all ? all : "", "\n", -1);
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; rows[i] != NULL; i++)
    {
      char *space = strchr (rows[i], ' ');
      gint64 *id;

      if (space == NULL)
        continue;
      id = g_new (gint64, 1);
      *id = g_ascii_strtoll (rows[i], NULL, 10);
      g_hash_table_insert (names, id, g_strdup (space + 1));
    }
  return names;
}

static const char *
line_name (Fixture *f,
           gint64   id)
{
  if (f->line_names == NULL || !g_hash_table_contains (f->line_names, &id))
    {
      g_clear_pointer (&f->line_names, g_hash_table_unref);
      f->line_names = load_names (f, "SELECT string_agg(l.id || ' ' || o.number || '/' || l.line_no, E'\\n') "
                                     "FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.order_id");
    }
  return g_hash_table_lookup (f->line_names, &id);
}

static const char *
task_number (Fixture *f,
             gint64   id)
{
  if (f->task_numbers == NULL || !g_hash_table_contains (f->task_numbers, &id))
    {
      g_clear_pointer (&f->task_numbers, g_hash_table_unref);
      f->task_numbers = load_names (f, "SELECT string_agg(id || ' ' || number, E'\\n') FROM erp.production_tasks");
    }
  return g_hash_table_lookup (f->task_numbers, &id);
}

static const char *
item_code (Fixture *f,
           gint64   id)
{
  if (f->item_codes == NULL || !g_hash_table_contains (f->item_codes, &id))
    {
      g_clear_pointer (&f->item_codes, g_hash_table_unref);
      f->item_codes = load_names (f, "SELECT string_agg(id || ' ' || code, E'\\n') FROM erp.items");
    }
  return g_hash_table_lookup (f->item_codes, &id);
}

/* A production-task peg shows as the task's number, which must be the one
 * of the task its id names; it has no sales-order line. */
static void
append_task_peg (Fixture    *f,
                 GString    *text,
                 JsonObject *peg)
{
  JsonObject *task = json_object_get_object_member (peg, "production_task");
  const char *named;

  g_assert_nonnull (task);
  named = task_number (f, sanhe_test_member_int (task, "id"));
  if (named == NULL)
    g_error ("Peg on production task %" G_GINT64_FORMAT ", which does not exist", sanhe_test_member_int (task, "id"));
  g_assert_cmpstr (sanhe_test_member_string (task, "number"), ==, named);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (peg, "sales_order")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (peg, "line")));
  g_string_append (text, named);
}

char *
mrp_describe (Fixture    *f,
              JsonObject *s)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *item = json_object_get_object_member (s, "item");
  JsonArray *pegging = json_object_get_array_member (s, "pegging");
  gint64 late_days = sanhe_test_member_int (s, "late_days");

  g_assert_nonnull (item);
  g_assert_nonnull (pegging);
  g_assert_cmpint (json_object_get_boolean_member (s, "late"), ==, late_days > 0);
  g_assert_cmpstr (item_code (f, sanhe_test_member_int (item, "id")), ==, sanhe_test_member_string (item, "code"));

  g_string_append_printf (text, "%s %s %s due %s release %s late %" G_GINT64_FORMAT " [",
                          sanhe_test_member_string (s, "kind"), sanhe_test_member_string (item, "code"),
                          sanhe_test_member_string (s, "qty"), sanhe_test_member_string (s, "due_date"),
                          sanhe_test_member_string (s, "release_date"), late_days);

  for (guint i = 0; i < json_array_get_length (pegging); i++)
    {
      JsonObject *peg = json_array_get_object_element (pegging, i);
      JsonNode *demand = json_object_get_member (peg, "demand");

      if (i > 0)
        g_string_append (text, ", ");
      g_assert_nonnull (demand);
      if (json_node_get_value_type (demand) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (demand), "production_task"))
        append_task_peg (f, text, peg);
      else if (json_node_get_value_type (demand) == G_TYPE_STRING)
        {
          g_assert_cmpstr (json_node_get_string (demand), ==, "safety_stock");
          g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (peg, "production_task")));
          g_string_append (text, "safety_stock");
        }
      else
        {
          gint64 line_id = json_node_get_int (demand);
          const char *named = line_name (f, line_id);
          g_autofree char *shown = g_strdup_printf ("%s/%" G_GINT64_FORMAT, sanhe_test_member_string (peg, "sales_order"),
                                                    sanhe_test_member_int (peg, "line"));

          if (named == NULL)
            g_error ("Peg on demand %" G_GINT64_FORMAT ", which is no sales-order line", line_id);
          g_assert_cmpstr (shown, ==, named);
          g_string_append (text, named);
        }
      g_string_append_printf (text, " %s", sanhe_test_member_string (peg, "qty"));
    }
  g_string_append_c (text, ']');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
mrp_assert_suggestions_impl (Fixture            *f,
                             JsonNode           *suggestions,
                             const char * const *expected,
                             guint               n_expected,
                             const char         *file,
                             int                 line,
                             const char         *func)
{
  JsonArray *array = json_node_get_array (suggestions);
  g_autoptr(GString) want = g_string_new (NULL);
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < n_expected; i++)
    g_string_append_printf (want, "  %s\n", expected[i]);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *text = mrp_describe (f, json_array_get_object_element (array, i));

      g_string_append_printf (got, "  %s\n", text);
    }

  if (!g_str_equal (want->str, got->str))
    {
      g_autofree char *message = g_strdup_printf ("suggestions differ from the hand computation\n"
                                                  "expected:\n%sgot:\n%s", want->str, got->str);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

char **
mrp_with_task_number (const char * const *lines,
                      guint               n_lines,
                      const char         *number)
{
  char **out = g_new0 (char *, n_lines + 1);

  for (guint i = 0; i < n_lines; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "TASK", -1);

      out[i] = g_strjoinv (number, parts);
    }
  return out;
}

char **
mrp_oracle (Fixture    *f,
            const char *name,
            const char *day0)
{
  g_autofree char *data = mrp_data_path (name);
  g_autofree char *script = g_build_filename (MRP_SOURCE_DIR, "mrp-oracle.py", NULL);
  g_autofree char *ids = mrp_sql (f, "SELECT string_agg(x, E'\\n') FROM ("
                                     "  SELECT 'item ' || code || ' ' || id AS x FROM erp.items "
                                     "  UNION ALL SELECT 'line ' || o.number || '/' || l.line_no || ' ' || l.id "
                                     "  FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.order_id "
                                     "  UNION ALL SELECT 'task ' || number || ' ' || id FROM erp.production_tasks) t");
  g_autofree char *ids_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("sanhe-mrp-ids-XXXXXX", &ids_path, &error);
  const char *argv[] = { MRP_PYTHON, script, data, day0, NULL, NULL };
  int status;

  g_assert_no_error (error);
  close (fd);
  if (!g_file_set_contents (ids_path, ids ? ids : "", -1, &error))
    g_error ("Cannot write %s: %s", ids_path, error->message);
  argv[4] = ids_path;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    g_error ("Cannot run %s: %s", script, error->message);
  g_unlink (ids_path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s", script, err);

  g_strchomp (out);
  return *out ? g_strsplit (out, "\n", -1) : g_new0 (char *, 1);
}

char *
mrp_counts (Fixture *f)
{
  return sanhe_test_sql_value (f->server,
    "SELECT concat_ws(' ', "
    "  'items', (SELECT count(*) FROM erp.items), "
    "  'bom_lines', (SELECT count(*) FROM erp.bom_lines), "
    "  'warehouses', (SELECT count(*) FROM erp.warehouses), "
    "  'suppliers', (SELECT count(*) FROM erp.suppliers), "
    "  'customers', (SELECT count(*) FROM crm.customers), "
    "  'stock_moves', (SELECT count(*) FROM erp.stock_moves), "
    "  'stock_balances', (SELECT count(*) FROM erp.stock_balances), "
    "  'stock_qty', (SELECT coalesce(sum(qty), 0) FROM erp.stock_balances), "
    "  'sales_orders', (SELECT count(*) FROM erp.sales_orders), "
    "  'sales_order_lines', (SELECT count(*) FROM erp.sales_order_lines), "
    "  'purchase_orders', (SELECT count(*) FROM erp.purchase_orders), "
    "  'purchase_order_lines', (SELECT count(*) FROM erp.purchase_order_lines), "
    "  'production_tasks', (SELECT count(*) FROM erp.production_tasks), "
    "  'mrp_runs', (SELECT count(*) FROM erp.mrp_runs), "
    "  'mrp_suggestions', (SELECT count(*) FROM erp.mrp_suggestions), "
    "  'accepted', (SELECT count(*) FROM erp.mrp_suggestions WHERE document_id IS NOT NULL), "
    "  'document_counters', (SELECT coalesce(sum(last), 0) FROM core.document_counters))");
}
