/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "sanhe-test-client.h"

/* Beyond the client's own limit: timeout(1) has ended it by then, and
 * xvfb-run has cleaned up after it. */
#define GRACE_SECONDS 30
#define READ_SIZE     4096

typedef struct
{
  SanheTestClient *client;
  GInputStream    *stream;
  GString         *text;        /* everything read, as read */
  gsize            line_start;  /* of the line not complete yet */
  gboolean         is_stdout;
  gboolean         eof;
} Pipe;

struct _SanheTestClient
{
  GSubprocess  *process;
  GCancellable *cancellable;
  Pipe         *out;
  Pipe         *err;            /* NULL when merged into out */
  GPtrArray    *lines;          /* what out has read, line by line */
  guint         next;           /* the first line wait_next_line may return */
  gboolean      exited;
};

static guint
effective_timeout (guint timeout_seconds)
{
  return timeout_seconds > 0 ? timeout_seconds : SANHE_TEST_CLIENT_RUN_SECONDS + GRACE_SECONDS;
}

static void
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

gboolean
sanhe_test_wait_until (SanheTestCondition condition,
                       gpointer           data,
                       guint              timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_once (timeout_seconds * 1000, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);

  return condition (data);
}

/* --- reading what the client prints --------------------------------- */

static void
pipe_add_line (Pipe *pipe,
               char *line)
{
  if (pipe->is_stdout)
    {
      g_test_message ("client: %s", line);
      g_ptr_array_add (pipe->client->lines, line);
    }
  else
    {
      g_test_message ("client stderr: %s", line);
      g_free (line);
    }
}

/* Splits off the complete lines; at the end, the last one too. */
static void
pipe_take_lines (Pipe     *pipe,
                 gboolean  at_end)
{
  while (pipe->line_start < pipe->text->len)
    {
      const char *start = pipe->text->str + pipe->line_start;
      const char *newline = memchr (start, '\n', pipe->text->len - pipe->line_start);
      gsize length = newline != NULL ? (gsize) (newline - start) : pipe->text->len - pipe->line_start;

      if (newline == NULL && !at_end)
        return;
      pipe_add_line (pipe, g_strndup (start, length));
      pipe->line_start += length + (newline != NULL ? 1 : 0);
    }
}

static void pipe_read (Pipe *pipe);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  Pipe *pipe = user_data;

  /* Cancelled: the client is freed, and @pipe with it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error != NULL)
        g_test_message ("reading the client: %s", error->message);
      pipe_take_lines (pipe, TRUE);
      pipe->eof = TRUE;
      return;
    }
  g_string_append_len (pipe->text, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
  pipe_take_lines (pipe, FALSE);
  pipe_read (pipe);
}

static void
pipe_read (Pipe *pipe)
{
  g_input_stream_read_bytes_async (pipe->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   pipe->client->cancellable, on_read_cb, pipe);
}

static Pipe *
pipe_new (SanheTestClient *client,
          GInputStream    *stream,
          gboolean         is_stdout)
{
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->client = client;
  pipe->stream = g_object_ref (stream);
  pipe->text = g_string_new (NULL);
  pipe->is_stdout = is_stdout;
  pipe_read (pipe);

  return pipe;
}

static void
pipe_free (Pipe *pipe)
{
  if (pipe == NULL)
    return;
  g_object_unref (pipe->stream);
  g_string_free (pipe->text, TRUE);
  g_free (pipe);
}

static void
on_exited_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ((SanheTestClient *) user_data)->exited = TRUE;
}

/* --- the client ------------------------------------------------------ */

SanheTestClient *
sanhe_test_client_spawn (SanheTestServer      *server,
                         const char           *login,
                         const char           *password,
                         const char           *language,
                         SanheTestClientFlags  flags,
                         const char * const   *env)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *seconds = g_strdup_printf ("%d", SANHE_TEST_CLIENT_RUN_SECONDS);
  const char *binary = g_getenv ("SANHE_CLIENT_BINARY");
  gboolean merged = (flags & SANHE_TEST_CLIENT_MERGE_STDERR) != 0;
  SanheTestClient *client;

  g_assert_nonnull (binary);
  g_assert_nonnull (server);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | (merged ? G_SUBPROCESS_FLAGS_STDERR_MERGE
                                                  : G_SUBPROCESS_FLAGS_STDERR_PIPE));
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_DEBUG", "gl-disable", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_SERVER_URL", server->base_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_LOGIN", login, TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_PASSWORD", password != NULL ? password : "sanhe-demo", TRUE);
  g_subprocess_launcher_setenv (launcher, "SANHE_AUTOLOGIN", "1", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    {
      if (env[i + 1] != NULL)
        g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }

  g_ptr_array_add (argv, (gpointer) "timeout");
  g_ptr_array_add (argv, seconds);
  g_ptr_array_add (argv, (gpointer) "xvfb-run");
  g_ptr_array_add (argv, (gpointer) "-a");
  g_ptr_array_add (argv, (gpointer) "-s");
  g_ptr_array_add (argv, (gpointer) "-screen 0 1280x800x24");
  if ((flags & SANHE_TEST_CLIENT_SESSION_BUS) == 0)
    {
      g_ptr_array_add (argv, (gpointer) "dbus-run-session");
      g_ptr_array_add (argv, (gpointer) "--");
    }
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, NULL);

  client = g_new0 (SanheTestClient, 1);
  client->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_test_message ("client: %s as %s in %s", binary, login, language);

  client->cancellable = g_cancellable_new ();
  client->lines = g_ptr_array_new_with_free_func (g_free);
  client->out = pipe_new (client, g_subprocess_get_stdout_pipe (client->process), TRUE);
  if (!merged)
    client->err = pipe_new (client, g_subprocess_get_stderr_pipe (client->process), FALSE);
  g_subprocess_wait_async (client->process, client->cancellable, on_exited_cb, client);

  return client;
}

static gint
find_line (SanheTestClient *client,
           const char      *prefix,
           guint            from)
{
  for (guint i = from; i < client->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (client->lines, i), prefix))
      return (gint) i;
  return -1;
}

typedef struct
{
  SanheTestClient *client;
  const char      *prefix;
  guint            from;
} Search;

static gboolean
found_or_ended (gpointer data)
{
  Search *search = data;

  return find_line (search->client, search->prefix, search->from) >= 0 || search->client->out->eof;
}

/* The index of the first line from @from on that starts with @prefix,
 * waiting for it; -1 if none came. */
static gint
wait_line_from (SanheTestClient *client,
                const char      *prefix,
                guint            from,
                guint            timeout_seconds)
{
  Search search = { client, prefix, from };

  sanhe_test_wait_until (found_or_ended, &search, effective_timeout (timeout_seconds));
  return find_line (client, prefix, from);
}

const char *
sanhe_test_client_wait_line (SanheTestClient *client,
                             const char      *prefix,
                             guint            timeout_seconds)
{
  gint index = wait_line_from (client, prefix, 0, timeout_seconds);

  return index >= 0 ? g_ptr_array_index (client->lines, index) : NULL;
}

const char *
sanhe_test_client_wait_next_line (SanheTestClient *client,
                                  const char      *prefix,
                                  guint            timeout_seconds)
{
  gint index = wait_line_from (client, prefix, client->next, timeout_seconds);

  if (index < 0)
    return NULL;
  client->next = (guint) index + 1;
  return g_ptr_array_index (client->lines, index);
}

gboolean
sanhe_test_client_said (SanheTestClient *client,
                        const char      *prefix)
{
  return find_line (client, prefix, 0) >= 0;
}

const char *
sanhe_test_client_get_output (SanheTestClient *client)
{
  return client->out->text->str;
}

gboolean
sanhe_test_client_has_exited (SanheTestClient *client)
{
  return client->exited;
}

static gboolean
client_finished (gpointer data)
{
  SanheTestClient *client = data;

  return client->exited && client->out->eof && (client->err == NULL || client->err->eof);
}

int
sanhe_test_client_wait_exit (SanheTestClient *client,
                             guint            timeout_seconds)
{
  int status;

  g_assert_true (sanhe_test_wait_until (client_finished, client, effective_timeout (timeout_seconds)));
  g_assert_true (g_subprocess_get_if_exited (client->process));
  status = g_subprocess_get_exit_status (client->process);
  g_test_message ("client: exited with status %d", status);

  return status;
}

void
sanhe_test_client_free (SanheTestClient *client)
{
  if (client == NULL)
    return;
  if (!client_finished (client))
    {
      /* timeout(1) passes the signal on to all it started. */
      if (!client->exited)
        g_subprocess_send_signal (client->process, SIGTERM);
      if (!sanhe_test_wait_until (client_finished, client, GRACE_SECONDS) && !client->exited)
        g_subprocess_force_exit (client->process);
    }
  /* What is still under way finds the cancellable cancelled and leaves
   * the freed client alone. */
  g_cancellable_cancel (client->cancellable);
  pipe_free (client->out);
  pipe_free (client->err);
  g_ptr_array_unref (client->lines);
  g_object_unref (client->cancellable);
  g_object_unref (client->process);
  g_free (client);
}

/* --- screenshots ----------------------------------------------------- */

char *
sanhe_test_screenshot_path (const char *name)
{
  const char *dir = g_getenv ("SANHE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (path);
  g_file_delete (file, NULL, NULL);

  return g_steal_pointer (&path);
}

void
sanhe_test_assert_png (const char *path,
                       gsize       min_bytes,
                       guint       min_width,
                       guint       min_height)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const guchar *bytes;
  gsize length;
  guint width, height;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, min_bytes);
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (data, 8, "\211PNG\r\n\032\n", 8);

  /* Width and height from the IHDR chunk. */
  bytes = (const guchar *) data;
  width = (guint) bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
  height = (guint) bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
  g_assert_cmpuint (width, >=, min_width);
  g_assert_cmpuint (height, >=, min_height);
}

/* --- data ------------------------------------------------------------ */

gint64
sanhe_test_submit_travel_expense (SanheTestServer *server,
                                  const char      *token,
                                  const char      *amount,
                                  const char      *purpose)
{
  g_autoptr(SanheTestResponse) response = NULL;
  g_autofree char *body = g_strdup_printf ("{\"process\":\"travel_expense\",\"form\":"
                                           "{\"amount\":\"%s\",\"purpose\":\"%s\","
                                           "\"dates\":{\"start\":\"2026-11-10\",\"end\":\"2026-11-12\"}}}",
                                           amount, purpose);

  response = sanhe_test_request (server, "POST", "/api/v1/oa/requests", token, body);
  sanhe_test_assert_status (response, 201);

  return sanhe_test_member_int (sanhe_test_object (response), "id");
}
