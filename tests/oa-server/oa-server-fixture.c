/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-oa-server"

#include "config.h"

#include <locale.h>

#include "oa-server-fixture.h"

#define DELIVERY_MS 5000
#define QUIET_MS    1000

OaWorld oa;

static const char * const demo_args[] = { "--demo", NULL };

void
oa_test_init (int    *argc,
              char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
}

gint64
oa_sql_int (const char *sql_format,
            ...)
{
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  value = sanhe_test_sql_value (oa.server, sql);
  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

char *
oa_sql_text (const char *sql_format,
             ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, sql_format);
  sql = g_strdup_vprintf (sql_format, args);
  va_end (args);
  return sanhe_test_sql_value (oa.server, sql);
}

static char *
login (const char *name,
       gint64     *id)
{
  *id = oa_sql_int ("SELECT id FROM core.users WHERE login = '%s'", name);
  g_assert_cmpint (*id, >, 0);
  return sanhe_test_login (oa.server, name, "sanhe-demo");
}

void
oa_world_start (void)
{
  gint64 ignored;

  oa.server = sanhe_test_server_start (demo_args);
  oa.admin = sanhe_test_login (oa.server, "admin", oa.server->admin_password);
  oa.joe = login ("joe", &oa.joe_id);
  oa.ben = login ("ben", &oa.ben_id);
  oa.anna = login ("anna", &oa.anna_id);
  oa.boss = login ("boss", &oa.boss_id);
  oa.fanny = login ("fanny", &oa.fanny_id);
  oa.lucas = login ("lucas", &oa.lucas_id);
  (void) ignored;
}

void
oa_world_stop (void)
{
  g_clear_pointer (&oa.admin, g_free);
  g_clear_pointer (&oa.joe, g_free);
  g_clear_pointer (&oa.ben, g_free);
  g_clear_pointer (&oa.anna, g_free);
  g_clear_pointer (&oa.boss, g_free);
  g_clear_pointer (&oa.fanny, g_free);
  g_clear_pointer (&oa.lucas, g_free);
  g_clear_pointer (&oa.server, sanhe_test_server_stop);
}

gint64
oa_submit (const char *token,
           const char *process,
           const char *form)
{
  g_autofree char *body = sanhe_test_body ("s:process", process, "j:form", form, NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "POST", "/api/v1/oa/requests", token, body);
  JsonObject *o;

  sanhe_test_assert_status (r, 201);
  o = sanhe_test_object (r);
  g_assert_nonnull (json_object_get_string_member (o, "number"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "number"), "OA-"));
  g_assert_true (json_object_has_member (o, "tasks"));
  return sanhe_test_member_int (o, "id");
}

gint64
oa_task_of (const char *token,
            gint64      request)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "GET", "/api/v1/oa/tasks?state=pending&limit=500",
                                                       token, NULL);
  JsonArray *items;

  sanhe_test_assert_status (r, 200);
  items = json_object_get_array_member (sanhe_test_object (r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (sanhe_test_member_int (item, "request") == request)
        {
          g_assert_nonnull (json_object_get_string_member (item, "number"));
          g_assert_nonnull (json_object_get_string_member (item, "process"));
          g_assert_nonnull (json_object_get_string_member (item, "node"));
          g_assert_nonnull (json_object_get_string_member (item, "summary"));
          g_assert_nonnull (json_object_get_string_member (item, "created_at"));
          g_assert_true (json_object_has_member (item, "applicant"));
          return sanhe_test_member_int (item, "id");
        }
    }
  return 0;
}

SanheTestResponse *
oa_act (const char *token,
        gint64      task,
        const char *verb,
        const char *body)
{
  return sanhe_test_requestf (oa.server, "POST", token, body ? body : "{}",
                              "/api/v1/oa/tasks/%" G_GINT64_FORMAT "/%s", task, verb);
}

void
oa_approve (const char *token,
            gint64      request)
{
  gint64 task = oa_task_of (token, request);
  g_autoptr(SanheTestResponse) r = NULL;

  g_assert_cmpint (task, >, 0);
  r = oa_act (token, task, "approve", "{\"comment\":\"ok\"}");
  sanhe_test_assert_status (r, 200);
}

JsonObject *
oa_request (gint64              request,
            SanheTestResponse **keep)
{
  *keep = sanhe_test_requestf (oa.server, "GET", oa.admin, NULL, "/api/v1/oa/requests/%" G_GINT64_FORMAT, request);
  sanhe_test_assert_status (*keep, 200);
  return sanhe_test_object (*keep);
}

const char *
oa_state (gint64 request)
{
  static char state[32];
  g_autoptr(SanheTestResponse) r = NULL;
  JsonObject *o = oa_request (request, &r);

  g_strlcpy (state, sanhe_test_member_string (o, "state"), sizeof state);
  return state;
}

gint64
oa_history_count (gint64      request,
                  const char *action)
{
  return oa_sql_int ("SELECT count(*) FROM oa.history WHERE request_id = %" G_GINT64_FORMAT " AND action = '%s'",
                     request, action);
}

/* The request an expected event concerns: @id itself, or its task's request. */
static gint64
request_of (const char *type,
            gint64      id)
{
  if (g_str_has_prefix (type, "oa.task."))
    return oa_sql_int ("SELECT request_id FROM oa.tasks WHERE id = %" G_GINT64_FORMAT, id);
  return id;
}

/*
 * The next event about the request under test. A socket opened just after
 * an earlier test's step may still receive that step's event — rightly
 * addressed to this user, but about another request — so events about
 * other requests are passed over; about this request, order is exact.
 */
static JsonNode *
next_event_about (SanheTestEvents *events,
                  gint64           request)
{
  for (;;)
    {
      JsonNode *event = sanhe_test_events_next (events, DELIVERY_MS);
      g_autofree char *text = NULL;

      if (event == NULL || !JSON_NODE_HOLDS_OBJECT (event) ||
          !json_object_has_member (json_node_get_object (event), "request") ||
          json_object_get_int_member (json_node_get_object (event), "request") == request)
        return event;

      text = sanhe_test_to_string (event);
      g_test_message ("passing over an event about another request: %s", text);
      json_node_unref (event);
    }
}

void
oa_assert_event (SanheTestEvents *events,
                 const char      *type,
                 gint64           id)
{
  g_autoptr(JsonNode) event = next_event_about (events, request_of (type, id));
  g_autofree char *text = NULL;
  g_autofree char *process = NULL;
  JsonObject *o;
  JsonArray *ids;

  g_assert_nonnull (event);
  text = sanhe_test_to_string (event);
  g_test_message ("event: %s", text);
  o = json_node_get_object (event);
  g_assert_cmpstr (sanhe_test_member_string (o, "type"), ==, type);
  ids = json_object_get_array_member (o, "ids");
  g_assert_cmpint (json_array_get_int_element (ids, 0), ==, id);
  /* The contract's members: the task (for task events), the request, its
   * process (for the client to name it in its language) and a summary. */
  if (g_str_has_prefix (type, "oa.task."))
    {
      g_assert_cmpint (sanhe_test_member_int (o, "task"), ==, id);
      g_assert_cmpint (sanhe_test_member_int (o, "request"), ==,
                       oa_sql_int ("SELECT request_id FROM oa.tasks WHERE id = %" G_GINT64_FORMAT, id));
    }
  else
    g_assert_cmpint (sanhe_test_member_int (o, "request"), ==, id);
  process = oa_sql_text ("SELECT process_key FROM oa.requests WHERE id = %" G_GINT64_FORMAT,
                         sanhe_test_member_int (o, "request"));
  g_assert_cmpstr (sanhe_test_member_string (o, "process"), ==, process);
  g_assert_nonnull (sanhe_test_member_string (o, "summary"));
  g_assert_false (json_object_has_member (o, "to"));
}

void
oa_assert_quiet (SanheTestEvents *events,
                 const char      *who)
{
  g_autoptr(JsonNode) event = sanhe_test_events_next (events, QUIET_MS);

  if (event != NULL)
    {
      g_autofree char *text = sanhe_test_to_string (event);
      g_error ("%s got an event not addressed to them: %s", who, text);
    }
}

/* pg_dump's data, without its per-run \restrict keys. */
static char *
dump_data (void)
{
  g_autofree char *dump = sanhe_test_dump (oa.server);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  GString *kept = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "\\restrict") && !g_str_has_prefix (lines[i], "\\unrestrict"))
      g_string_append_printf (kept, "%s\n", lines[i]);
  return g_string_free (kept, FALSE);
}

char *
oa_dump_begin (void)
{
  return dump_data ();
}

void
oa_assert_dump_unchanged (const char *before)
{
  g_autofree char *after = dump_data ();
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;

  if (g_str_equal (before, after))
    return;
  a = g_strsplit (before, "\n", -1);
  b = g_strsplit (after, "\n", -1);
  for (guint i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (!g_str_equal (a[i], b[i]))
      g_error ("The database changed:\n- %s\n+ %s", a[i], b[i]);
  g_error ("The database changed (length).");
}

void
oa_save_timed (const char *key,
            const char *on_timeout)
{
  g_autofree char *definition = g_strdup_printf (
    "{\"key\":\"%s\",\"name\":\"Timed\","
    " \"form\":[{\"name\":\"note\",\"type\":\"text\",\"required\":true}],"
    " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"},"
    "   {\"id\":\"manager\",\"type\":\"approval\",\"assignee\":{\"rule\":\"manager\"},"
    "    \"timeout_hours\":1,\"on_timeout\":\"%s\"},"
    "   {\"id\":\"end\",\"type\":\"end\"}],"
    " \"edges\":[{\"from\":\"start\",\"to\":\"manager\"},{\"from\":\"manager\",\"to\":\"end\"}]}", key, on_timeout);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (oa.server, "POST", "/api/v1/oa/processes", oa.admin, definition);

  sanhe_test_assert_status (r, 201);
}

/* Moves every timer of @request into the past, in the rows and the state. */
void
oa_make_due (gint64 request)
{
  g_autofree char *tasks = g_strdup_printf ("UPDATE oa.tasks SET due_at = now() - interval '1 minute' "
                                            "WHERE request_id = %" G_GINT64_FORMAT " AND due_at IS NOT NULL", request);
  g_autofree char *state = g_strdup_printf ("UPDATE oa.requests SET engine_state = regexp_replace(engine_state::text, "
                                            "'\"due_at\": [1-9][0-9]*', '\"due_at\": 1000', 'g')::jsonb "
                                            "WHERE id = %" G_GINT64_FORMAT, request);
  g_autofree char *ignored1 = sanhe_test_sql_value (oa.server, tasks);
  g_autofree char *ignored2 = sanhe_test_sql_value (oa.server, state);
}

