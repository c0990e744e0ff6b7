/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-designer"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-test-client.h"
#include "sanhe-test-server.h"

/*
 * The process designer (OA → Processes) of the real `sanhe` binary against
 * a real server (--demo) under Xvfb. The administrator opens the travel
 * expense and business trip processes (a screenshot in each language);
 * then, driving the designer through its own widgets and actions
 * (SANHE_DESIGNER_SCRIPT), adds an approval step and saves: a new version
 * with that step must exist on the server. An invalid edit must show the
 * server's problems and save nothing; a new process saves as it starts;
 * Joe, who may not design processes, sees them but cannot change them.
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR, SANHE_SCREENSHOT_DIR;
 * SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */

static SanheTestServer *server;
static char *admin_token;

typedef struct
{
  const char *name;      /* of the screenshot: oa-designer-NAME.png */
  const char *language;
  const char *login;
  const char *key;       /* the process to open */
  const char *script;    /* SANHE_DESIGNER_SCRIPT */
} Run;

/* Runs the client on Processes; returns its stdout. Asserts it exits
 * normally with a real screenshot. */
static char *
run_designer (const Run *run)
{
  g_autofree char *file = g_strdup_printf ("oa-designer-%s.png", run->name);
  g_autofree char *path = sanhe_test_screenshot_path (file);
  const char * const env[] = {
    "SANHE_SCREENSHOT", path,
    "SANHE_SCREENSHOT_PAGE", "oa-designer",
    "SANHE_SCREENSHOT_SELECT", run->key,
    "SANHE_DESIGNER_SCRIPT", run->script,
    NULL
  };
  gboolean admin = g_str_equal (run->login, "admin");
  g_autoptr(SanheTestClient) client = sanhe_test_client_spawn (server, run->login,
                                                               admin ? server->admin_password : NULL,
                                                               run->language, SANHE_TEST_CLIENT_DEFAULT, env);
  const char *out;

  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  out = sanhe_test_client_get_output (client);
  g_assert_nonnull (strstr (out, "screenshot saved"));
  /* A real window: a PNG at least 800×600, not a blank one. */
  sanhe_test_assert_png (path, 30000, 800, 600);

  return g_strdup (out);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_free ((char *) run->name);
  g_free (run);
}

static void
assert_line (const char *out,
             const char *line)
{
  g_autofree char *needle = g_strdup_printf ("%s\n", line);

  if (strstr (out, needle) == NULL)
    g_error ("the client did not print “%s”", line);
}

/* Returns: where @line is in @out, to check the order of events. */
static const char *
find_line (const char *out,
           const char *line)
{
  const char *found = strstr (out, line);

  if (found == NULL)
    g_error ("the client did not print “%s”", line);
  return found;
}

static JsonObject *
get_process (const char *key,
             gint        version)
{
  g_autoptr(SanheTestResponse) response = NULL;

  if (version > 0)
    response = sanhe_test_requestf (server, "GET", admin_token, NULL, "/api/v1/oa/processes/%s?version=%d",
                                    key, version);
  else
    response = sanhe_test_requestf (server, "GET", admin_token, NULL, "/api/v1/oa/processes/%s", key);
  sanhe_test_assert_status (response, 200);
  return json_object_ref (sanhe_test_object (response));
}

static JsonObject *
find_node_named (JsonObject *process,
                 const char *name)
{
  JsonArray *nodes = json_object_get_array_member (process, "nodes");

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (node, "name", NULL), name) == 0)
        return node;
    }
  return NULL;
}

static gint
find_edge (JsonObject *process,
           const char *from,
           const char *to)
{
  JsonArray *edges = json_object_get_array_member (process, "edges");

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);

      if (g_strcmp0 (json_object_get_string_member (edge, "from"), from) == 0
          && g_strcmp0 (json_object_get_string_member (edge, "to"), to) == 0)
        return i;
    }
  return -1;
}

/* Each seeded process, in each language, with a step selected so the
 * inspector shows too; the server finds nothing wrong with them. */
static void
test_screenshot (gconstpointer data)
{
  const Run *run = data;
  g_autofree char *out = run_designer (run);
  g_autofree char *opened = g_strdup_printf ("designer: opened %s version 1", run->key);

  assert_line (out, opened);
  assert_line (out, "designer: checked: 0 problems");
  assert_line (out, "designer: script done");
}

/* Adds an approval after Finance, names it, has everyone with the role
 * "manager" sign it together (会签), saves: version 2 holds the step,
 * spliced between Finance and the amount check; version 1 is unchanged. */
static void
test_add_step_and_save (void)
{
  static const Run run = {
    "saved-en", "en", "admin", "travel_expense",
    "click-node finance; add-node approval; set node-name Director; set assignee-rule role; "
    "set assignee-role manager; set mode all; action save"
  };
  g_autofree char *out = run_designer (&run);
  g_autoptr(JsonObject) saved = get_process ("travel_expense", 0);
  g_autoptr(JsonObject) first = get_process ("travel_expense", 1);
  JsonObject *node, *assignee;
  const char *id;

  assert_line (out, "designer: saved travel_expense version 2");
  g_assert_cmpint (sanhe_test_member_int (saved, "version"), ==, 2);

  node = find_node_named (saved, "Director");
  g_assert_nonnull (node);
  id = sanhe_test_member_string (node, "id");
  g_assert_cmpstr (sanhe_test_member_string (node, "type"), ==, "approval");
  g_assert_cmpstr (sanhe_test_member_string (node, "mode"), ==, "all");
  assignee = json_object_get_object_member (node, "assignee");
  g_assert_cmpstr (sanhe_test_member_string (assignee, "rule"), ==, "role");
  g_assert_cmpstr (sanhe_test_member_string (assignee, "role"), ==, "manager");
  g_assert_cmpint (find_edge (saved, "finance", id), >=, 0);
  g_assert_cmpint (find_edge (saved, id, "amount"), >=, 0);
  g_assert_cmpint (find_edge (saved, "finance", "amount"), ==, -1);

  g_assert_null (find_node_named (first, "Director"));
  g_assert_cmpint (find_edge (first, "finance", "amount"), >=, 0);
}

/* Two invalid edits: the general manager's approver becomes a form field
 * the form does not have, the test of the branch to them compares the
 * amount with a word. The server's problems are shown as the edits are
 * made (before any save), Save is refused, and no version is added. */
static void
test_invalid_edit (gconstpointer data)
{
  const Run *run = data;
  g_autoptr(JsonObject) before = get_process ("travel_expense", 0);
  gint branch = find_edge (before, "amount", "boss");
  g_autofree char *edge_problem = g_strdup_printf ("designer: problem edge=%d code=invalid_value", branch);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) after = NULL;

  g_assert_cmpint (branch, >=, 0);
  out = run_designer (run);

  /* Live: the first problem is back before the second edit starts. */
  g_assert_true (find_line (out, "designer: problem node=boss code=invalid_assignee")
                 < find_line (out, "designer: step: click-edge amount boss"));
  g_assert_true (find_line (out, "designer: checked: 1 problems")
                 < find_line (out, "designer: step: click-edge amount boss"));
  assert_line (out, edge_problem);
  assert_line (out, "designer: checked: 2 problems");
  assert_line (out, "designer: not saved: oa.process.invalid");

  after = get_process ("travel_expense", 0);
  g_assert_cmpint (sanhe_test_member_int (after, "version"), ==, sanhe_test_member_int (before, "version"));
}

/* A new process from the designer's starting point (a required text
 * field; start, the applicant's manager, end) passes the server's rules
 * as it is: named and keyed, it saves as version 1 of a new process. */
static void
test_new_process (void)
{
  static const Run run = {
    "new-en", "en", "admin", "travel_expense",
    "action new-process; set process-key visit_report; set process-name Visit report; "
    "set process-name-zh 拜访报告; action save"
  };
  g_autofree char *out = run_designer (&run);
  g_autoptr(JsonObject) saved = get_process ("visit_report", 0);
  JsonObject *translations;

  assert_line (out, "designer: saved visit_report version 1");
  g_assert_cmpint (sanhe_test_member_int (saved, "version"), ==, 1);
  g_assert_cmpstr (sanhe_test_member_string (saved, "name"), ==, "Visit report");
  translations = json_object_get_object_member (saved, "translations");
  g_assert_cmpstr (sanhe_test_member_string (translations, "zh_CN"), ==, "拜访报告");
  g_assert_cmpint (find_edge (saved, "start", "approval"), >=, 0);
  g_assert_cmpint (find_edge (saved, "approval", "end"), >=, 0);
}

/* Joe may look but not change: the designer says so, and adding a step
 * is refused as its disabled button would be. */
static void
test_read_only (void)
{
  static const Run run = {
    "read-only-en", "en", "joe", "travel_expense", "click-node manager; add-node approval"
  };
  g_autoptr(JsonObject) before = get_process ("travel_expense", 0);
  g_autofree char *out = run_designer (&run);
  g_autoptr(JsonObject) after = NULL;

  assert_line (out, "designer: read-only");
  assert_line (out, "designer: step failed: add-node approval");
  g_assert_null (strstr (out, "designer: checked"));
  after = get_process ("travel_expense", 0);
  g_assert_cmpint (sanhe_test_member_int (after, "version"), ==, sanhe_test_member_int (before, "version"));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const languages[] = { "en", "zh_CN", "es" };
  static const char * const processes[][2] = {
    { "travel_expense", "click-node finance" },
    { "business_trip", "click-node trip" },
  };
  const char * const server_args[] = { "--demo", NULL };
  static const Run form = { "form-en", "en", "admin", "travel_expense", "select-field amount" };
  static const Run invalid[] = {
    { "invalid-en", "en", "admin", "travel_expense",
      "click-node boss; set assignee-rule field; click-edge amount boss; set test-value lots; action save" },
    { "invalid-zh_CN", "zh_CN", "admin", "travel_expense",
      "click-node boss; set assignee-rule field; click-edge amount boss; set test-value lots; action save" },
  };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = sanhe_test_server_start (server_args);
  g_assert_nonnull (server);
  admin_token = sanhe_test_login (server, "admin", server->admin_password);
  g_assert_nonnull (admin_token);

  /* In order (every test one level below "designer", so GTest keeps the
   * order they are added in): the screenshots show the seeded version 1. */
  for (guint p = 0; p < G_N_ELEMENTS (processes); p++)
    for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
      {
        Run *run = g_new0 (Run, 1);
        char *path = g_strdup_printf ("/ui/oa/designer/1-screenshot/%s-%s", processes[p][0], languages[i]);

        run->name = g_strdup_printf ("%s-%s", processes[p][0], languages[i]);
        run->language = languages[i];
        run->login = "admin";
        run->key = processes[p][0];
        run->script = processes[p][1];
        g_test_add_data_func_full (path, run, test_screenshot, run_free);
        g_free (path);
      }
  g_test_add_data_func ("/ui/oa/designer/2-form/en", &form, test_screenshot);
  g_test_add_func ("/ui/oa/designer/3-add-step-and-save/en", test_add_step_and_save);
  g_test_add_data_func ("/ui/oa/designer/4-invalid/en", &invalid[0], test_invalid_edit);
  g_test_add_data_func ("/ui/oa/designer/4-invalid/zh_CN", &invalid[1], test_invalid_edit);
  g_test_add_func ("/ui/oa/designer/5-read-only/en", test_read_only);
  g_test_add_func ("/ui/oa/designer/6-new-process/en", test_new_process);

  status = g_test_run ();
  sanhe_test_server_stop (server);
  g_free (admin_token);

  return status;
}
