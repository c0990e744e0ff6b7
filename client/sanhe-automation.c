/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-automation"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-approvals-automation.h"
#include "sanhe-automation.h"
#include "sanhe-erp-page.h"
#include "sanhe-oa-designer.h"
#include "sanhe-oa-inbox-page.h"
#include "sanhe-oa-page.h"
#include "sanhe-error-text.h"
#include "sanhe-record-page.h"

/*
 * Driving the real client from tests and scripts, all from the environment:
 *
 *   SANHE_SERVER_URL, SANHE_LOGIN, SANHE_PASSWORD  prefill the login window
 *   SANHE_AUTOLOGIN=1           log in at once; on failure print
 *                               "login failed: CODE: text" and exit 1
 *   SANHE_SCREENSHOT=out.png    once logged in, show SANHE_SCREENSHOT_PAGE
 *   SANHE_SCREENSHOT_PAGE=id    (a registry id: admin-users, crm, …; or an
 *                               ERP tab: erp-items, erp-stock, erp-mrp,
 *                               erp-purchase-orders, erp-sales-orders, and
 *                               erp-kit: the kit analysis of the first
 *                               confirmed sales order; oa-inbox: the
 *                               approvals inbox; oa-new, oa-mine,
 *                               oa-rules: OA's New Request, My Requests
 *                               and My Rules; oa-designer: OA's
 *                               Processes, see SANHE_DESIGNER_SCRIPT), wait
 *   SANHE_SCREENSHOT_WAIT_TASKS=n  (oa-inbox) until the inbox, refreshing
 *                               by itself, holds n tasks; prints
 *                               "oa inbox: N pending" on each load
 *   SANHE_SCREENSHOT_SELECT=n   for its data (and select row n), render the
 *                               window with GTK's own snapshot, print
 *                               "screenshot saved" and exit 0
 *   SANHE_DESIGNER_SCRIPT=steps  (oa-designer) open the process whose
 *                               key is SANHE_SCREENSHOT_SELECT and run
 *                               the steps (sanhe-oa-designer-script.c),
 *                               printing "designer: …" lines, then render
 *   SANHE_SCREENSHOT_APPROVALS=script  with the record selected, drive its
 *                               approvals panel (sanhe-approvals-automation.c)
 *                               and render what the script says
 *   SANHE_SCREENSHOT_WAIT_NOTICE=1  before rendering, wait until new
 *                               approvals are announced
 *   SANHE_CLOSE_WINDOW=1        once logged in, close the main window as
 *                               its close button does; print "window
 *                               hidden" if it only hid (run-in-background),
 *                               and when it shows again "window shown: ID"
 *                               (the visible workspace), then with
 *                               SANHE_SCREENSHOT render it and keep running
 *
 * Once logged in, each change of the approvals waiting prints
 * "oa pending: N", and each announcement of new ones
 * "oa notice: toast|notification|toast+notification: TITLE"; the event
 * stream prints "events: connected" (or "disconnected") as it changes, and
 * "events: watching TOPIC,…" when the server confirms the topics watched.
 */

#define LOAD_TIMEOUT_SECONDS 30
#define SETTLE_MILLISECONDS  600
/* A selected ERP row loads more (a BOM, where-used, stock) before it paints. */
#define DETAIL_MILLISECONDS  1500

struct _SanheAutomation
{
  char             *server;
  char             *login;
  char             *password;
  gboolean          autologin;
  gboolean          submitted;
  gboolean          prefilled;
  char             *screenshot;
  char             *page_id;
  int               select_row;
  int               wait_tasks;
  gboolean          wait_notice;
  gboolean          noticed;
  gboolean          shot_waiting;   /* ready, waiting for the notice */
  gboolean          close_window;
  gboolean          keep_running;
  gint64            printed_pending;
  char             *approvals;      /* SANHE_SCREENSHOT_APPROVALS */
  char             *select_text;    /* SANHE_SCREENSHOT_SELECT as given */
  char             *designer_script;
  GtkWidget        *shot_target;    /* weak: what to render, else the window */
  GdkFrameClock    *shot_clock;     /* weak: whose next frame the shot awaits */

  SanheApplication *application;  /* unowned, outlives us */
  SanheWindow      *window;       /* weak */
  SanheEvents      *events;       /* weak: whose "events.watching" we print */
  guint             timeout_source;
};

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value && *value ? g_strdup (value) : NULL;
}

static void
finish (SanheAutomation *self,
        int              status)
{
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  fflush (stdout);
  /* SANHE_CLOSE_WINDOW: the test ends the run (from the tray's menu). */
  if (status == 0 && self->keep_running)
    return;
  sanhe_application_quit_with_status (self->application, status);
}

/* Renders @target now; called right after a frame was painted, when no
 * layout is pending. */
static void
render_screenshot (SanheAutomation *self,
                   GtkWidget       *target)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  width = gtk_widget_get_width (target);
  height = gtk_widget_get_height (target);
  paintable = gtk_widget_paintable_new (target);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (target));

  if (node == NULL || renderer == NULL)
    {
      g_printerr ("screenshot failed: nothing to render\n");
      finish (self, 2);
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, self->screenshot))
    {
      g_printerr ("screenshot failed: cannot write %s\n", self->screenshot);
      finish (self, 2);
      return;
    }

  g_print ("screenshot saved: %s (%dx%d)\n", self->screenshot, width, height);
  finish (self, 0);
}

static GtkWidget *
screenshot_target (SanheAutomation *self)
{
  if (self->shot_target != NULL)
    return self->shot_target;
  return self->window != NULL ? GTK_WIDGET (self->window) : NULL;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  SanheAutomation *self = user_data;
  GtkWidget *target = screenshot_target (self);

  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  g_clear_weak_pointer (&self->shot_clock);
  if (target == NULL)
    {
      g_printerr ("screenshot failed: the window is gone\n");
      finish (self, 2);
      return;
    }
  render_screenshot (self, target);
}

/* A timer alone may fire while a layout is queued (a reply that has just
 * arrived resized a list), and GTK snapshots nothing from a widget that
 * awaits its allocation; so the shot waits for the next frame to be laid
 * out and painted, and is taken right after it. */
static void
save_screenshot_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;
  GtkWidget *target = screenshot_target (self);
  GdkFrameClock *clock = target != NULL ? gtk_widget_get_frame_clock (target) : NULL;

  if (clock == NULL)
    {
      g_printerr ("screenshot failed: %s\n", target == NULL ? "the window is gone" : "the window is not shown");
      finish (self, 2);
      return;
    }
  g_set_weak_pointer (&self->shot_clock, clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), self);
  gtk_widget_queue_draw (target);
}

static void page_ready (SanheAutomation    *self,
                        SanheWorkspacePage *page);

static void
on_approvals_shot_cb (GtkWidget *target,
                      gpointer   user_data)
{
  SanheAutomation *self = user_data;

  if (target == NULL)
    {
      finish (self, 2);
      return;
    }
  g_set_weak_pointer (&self->shot_target, target);
  g_timeout_add_once (SETTLE_MILLISECONDS, save_screenshot_cb, self);
}

static gboolean
notice_timeout_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;

  self->timeout_source = 0;
  g_printerr ("screenshot failed: no new approvals were announced in %d s\n", LOAD_TIMEOUT_SECONDS);
  finish (self, 2);

  return G_SOURCE_REMOVE;
}

static void
on_inbox_loading_cb (SanheWorkspacePage *page,
                     GParamSpec         *pspec,
                     SanheAutomation    *self)
{
  guint n;

  if (sanhe_workspace_page_get_loading (page))
    return;
  n = sanhe_oa_inbox_page_get_n_tasks (SANHE_OA_INBOX_PAGE (page));
  g_print ("oa inbox: %u pending\n", n);
  if ((int)n < self->wait_tasks)
    return;

  g_signal_handlers_disconnect_by_func (page, on_inbox_loading_cb, self);
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  self->wait_tasks = -1;
  page_ready (self, page);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;

  self->timeout_source = 0;
  g_printerr ("screenshot failed: the inbox did not reach %d tasks in %d s\n",
              self->wait_tasks, LOAD_TIMEOUT_SECONDS);
  finish (self, 2);

  return G_SOURCE_REMOVE;
}

static void
on_designer_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SanheAutomation *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed step is reported; the shot shows where it stopped. */
  if (!sanhe_oa_designer_automate_finish (SANHE_OA_DESIGNER (source), result, &error))
    g_print ("designer: %s\n", error->message);
  g_timeout_add_once (SETTLE_MILLISECONDS, save_screenshot_cb, self);
}

static void
page_ready (SanheAutomation    *self,
            SanheWorkspacePage *page)
{
  guint settle = SETTLE_MILLISECONDS;

  /* SANHE_SCREENSHOT_WAIT_TASKS=n: the inbox refreshes by itself on
   * events; wait (without a click) until it holds n tasks. */
  if (SANHE_IS_OA_INBOX_PAGE (page))
    {
      guint n = sanhe_oa_inbox_page_get_n_tasks (SANHE_OA_INBOX_PAGE (page));

      g_print ("oa inbox: %u pending\n", n);
      if (self->wait_tasks >= 0 && (int)n < self->wait_tasks)
        {
          g_print ("oa inbox: waiting for %d\n", self->wait_tasks);
          fflush (stdout);
          g_signal_connect (page, "notify::loading", G_CALLBACK (on_inbox_loading_cb), self);
          g_clear_handle_id (&self->timeout_source, g_source_remove);
          self->timeout_source = g_timeout_add_seconds (LOAD_TIMEOUT_SECONDS, wait_timeout_cb, self);
          return;
        }
      fflush (stdout);
    }

  if (SANHE_IS_OA_PAGE (page) && g_strcmp0 (self->page_id, "oa-designer") == 0 && self->select_text != NULL)
    {
      sanhe_oa_designer_automate_async (SANHE_OA_DESIGNER (sanhe_oa_page_show_designer (SANHE_OA_PAGE (page))),
                                        self->select_text, self->designer_script, NULL, on_designer_done_cb, self);
      return;
    }
  if (self->select_row >= 0 && SANHE_IS_RECORD_PAGE (page))
    sanhe_record_page_select_position (SANHE_RECORD_PAGE (page), self->select_row);
  else if (SANHE_IS_OA_PAGE (page) && self->page_id != NULL && g_str_has_prefix (self->page_id, "oa-"))
    {
      if (sanhe_oa_page_show_section (SANHE_OA_PAGE (page), self->page_id + strlen ("oa-"), self->select_row)
          && self->select_row >= 0)
        settle = DETAIL_MILLISECONDS;
      /* "oa mine: 差旅报销": what My Requests lists first, as shown. */
      if (g_str_equal (self->page_id, "oa-mine") && sanhe_oa_page_get_mine_title (SANHE_OA_PAGE (page), 0) != NULL)
        g_print ("oa mine: %s\n", sanhe_oa_page_get_mine_title (SANHE_OA_PAGE (page), 0));
    }
  else if (self->select_row >= 0 && SANHE_IS_OA_INBOX_PAGE (page))
    {
      if (sanhe_oa_inbox_page_select_position (SANHE_OA_INBOX_PAGE (page), self->select_row))
        settle = DETAIL_MILLISECONDS;
    }
  else if (self->select_row >= 0 && sanhe_erp_section_select_position (page, self->select_row))
    settle = DETAIL_MILLISECONDS;

  if (self->approvals != NULL)
    {
      sanhe_approvals_automation_run (GTK_WIDGET (self->window), self->approvals, on_approvals_shot_cb, self);
      return;
    }

  if (self->wait_notice && !self->noticed)
    {
      g_print ("waiting for a notice\n");
      fflush (stdout);
      self->shot_waiting = TRUE;
      g_clear_handle_id (&self->timeout_source, g_source_remove);
      self->timeout_source = g_timeout_add_seconds (LOAD_TIMEOUT_SECONDS, notice_timeout_cb, self);
      return;
    }

  /* Let the list and editor lay out and paint before rendering. */
  g_timeout_add_once (settle, save_screenshot_cb, self);
}

static void
on_page_loaded_cb (SanheWorkspacePage *page,
                   GParamSpec         *pspec,
                   SanheAutomation    *self)
{
  if (!sanhe_workspace_page_get_loaded (page))
    return;

  g_signal_handlers_disconnect_by_func (page, on_page_loaded_cb, self);
  page_ready (self, page);
}

static gboolean
load_timeout_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;

  self->timeout_source = 0;
  g_printerr ("screenshot failed: page %s did not load in %d s\n",
              self->page_id, LOAD_TIMEOUT_SECONDS);
  finish (self, 2);

  return G_SOURCE_REMOVE;
}

SanheAutomation *
sanhe_automation_new_from_environment (void)
{
  SanheAutomation *self = g_new0 (SanheAutomation, 1);
  g_autofree char *select = dup_env ("SANHE_SCREENSHOT_SELECT");
  g_autofree char *wait_tasks = dup_env ("SANHE_SCREENSHOT_WAIT_TASKS");

  self->server = dup_env ("SANHE_SERVER_URL");
  self->login = dup_env ("SANHE_LOGIN");
  self->password = dup_env ("SANHE_PASSWORD");
  self->autologin = g_strcmp0 (g_getenv ("SANHE_AUTOLOGIN"), "1") == 0;
  self->screenshot = dup_env ("SANHE_SCREENSHOT");
  self->page_id = dup_env ("SANHE_SCREENSHOT_PAGE");
  self->select_row = select ? (int)g_ascii_strtoll (select, NULL, 10) : -1;
  self->wait_tasks = wait_tasks ? (int)g_ascii_strtoll (wait_tasks, NULL, 10) : -1;
  self->wait_notice = g_strcmp0 (g_getenv ("SANHE_SCREENSHOT_WAIT_NOTICE"), "1") == 0;
  self->close_window = g_strcmp0 (g_getenv ("SANHE_CLOSE_WINDOW"), "1") == 0;
  self->printed_pending = -1;
  self->approvals = dup_env ("SANHE_SCREENSHOT_APPROVALS");
  self->select_text = g_strdup (select);
  self->designer_script = dup_env ("SANHE_DESIGNER_SCRIPT");

  return self;
}

void
sanhe_automation_free (SanheAutomation *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  if (self->application != NULL && sanhe_application_get_pending (self->application) != NULL)
    g_signal_handlers_disconnect_by_data (sanhe_application_get_pending (self->application), self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_clear_weak_pointer (&self->events);
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_clear_weak_pointer (&self->window);
  g_free (self->server);
  g_free (self->login);
  g_free (self->password);
  g_free (self->screenshot);
  g_free (self->page_id);
  g_free (self->approvals);
  g_free (self->select_text);
  g_free (self->designer_script);
  g_clear_weak_pointer (&self->shot_target);
  if (self->shot_clock != NULL)
    g_signal_handlers_disconnect_by_data (self->shot_clock, self);
  g_clear_weak_pointer (&self->shot_clock);
  g_free (self);
}

/* Whether this run is driven (a single, non-unique instance). */
gboolean
sanhe_automation_is_active (SanheAutomation *self)
{
  return self->autologin || self->screenshot != NULL;
}

/* Prefills the login window and, with SANHE_AUTOLOGIN=1, submits it once. */
void
sanhe_automation_prepare_login (SanheAutomation  *self,
                                SanheLoginWindow *window)
{
  /* Only the first login window: later ones (after logging out, or an
   * expired session) are the user's. */
  if (self->prefilled)
    return;
  self->prefilled = TRUE;

  sanhe_login_window_prefill (window, self->server, self->login, self->password);

  if (self->autologin && !self->submitted)
    {
      self->submitted = TRUE;
      sanhe_login_window_submit (window);
    }
}

void
sanhe_automation_login_failed (SanheAutomation  *self,
                               SanheApplication *application,
                               const GError     *error)
{
  if (!self->autologin)
    return;

  self->application = application;
  g_print ("login failed: %s: %s\n", sanhe_error_get_code (error), sanhe_error_text (error));
  finish (self, 1);
}

/* Waits for @page to load, then page_ready(). */
static void
when_loaded (SanheAutomation    *self,
             SanheWorkspacePage *page)
{
  if (sanhe_workspace_page_get_loaded (page))
    {
      page_ready (self, page);
      return;
    }

  g_signal_connect (page, "notify::loaded", G_CALLBACK (on_page_loaded_cb), self);
  self->timeout_source = g_timeout_add_seconds (LOAD_TIMEOUT_SECONDS, load_timeout_cb, self);
}

static void
on_pending_notify_cb (SanheOaPending  *pending,
                      GParamSpec      *pspec,
                      SanheAutomation *self)
{
  guint count = sanhe_oa_pending_get_count (pending);

  if (!sanhe_oa_pending_get_loaded (pending) || self->printed_pending == count)
    return;
  self->printed_pending = count;
  g_print ("oa pending: %u\n", count);
  fflush (stdout);
}

static void
on_window_backgrounded_cb (SanheWindow     *window,
                           SanheAutomation *self)
{
  g_print ("window hidden: running in the background\n");
  fflush (stdout);
}

static void
on_window_visible_cb (SanheWindow     *window,
                      GParamSpec      *pspec,
                      SanheAutomation *self)
{
  SanheWorkspacePage *page;

  if (!gtk_widget_get_visible (GTK_WIDGET (window)))
    return;
  g_signal_handlers_disconnect_by_func (window, on_window_visible_cb, self);

  page = sanhe_window_get_visible_page (window);
  g_print ("window shown: %s\n", page ? sanhe_workspace_page_get_workspace_id (page) : "none");
  fflush (stdout);
  if (self->screenshot != NULL && page != NULL)
    when_loaded (self, page);
}

static void
close_window_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;

  if (self->window == NULL)
    return;

  g_print ("closing the window\n");
  fflush (stdout);
  self->keep_running = TRUE;
  g_signal_connect (self->window, "backgrounded", G_CALLBACK (on_window_backgrounded_cb), self);
  g_signal_connect (self->window, "notify::visible", G_CALLBACK (on_window_visible_cb), self);
  gtk_window_close (GTK_WINDOW (self->window));
}

/* "events: watching erp.purchase_order:3": the server's answer, so a test
 * knows from when on the records on screen hear of others' changes. */
static void
on_watching_cb (SanheEvents     *events,
                const char      *type,
                JsonNode        *message,
                SanheAutomation *self)
{
  JsonArray *topics = sanhe_json_object_get_array (json_node_get_object (message), "topics");
  g_autoptr(GString) line = g_string_new ("events: watching");

  for (guint i = 0; topics != NULL && i < json_array_get_length (topics); i++)
    g_string_append_printf (line, "%s%s", i ? "," : " ",
                            sanhe_json_node_get_string (json_array_get_element (topics, i)));
  g_print ("%s\n", line->str);
  fflush (stdout);
}

/* "events: connected": from then on, what others do reaches this client
 * by push; a test waits for it rather than sleeping. */
static void
print_connected (SanheEvents *events)
{
  g_print ("events: %s\n", sanhe_events_get_connected (events) ? "connected" : "disconnected");
  fflush (stdout);
}

static void
on_events_connected_cb (SanheEvents     *events,
                        GParamSpec      *pspec,
                        SanheAutomation *self)
{
  print_connected (events);
}

void
sanhe_automation_main_window_shown (SanheAutomation  *self,
                                    SanheApplication *application,
                                    SanheWindow      *window)
{
  SanheWorkspacePage *page;
  const char *page_id;
  const char *section = NULL;
  g_autofree char *workspace = NULL;
  SanheOaPending *pending = sanhe_application_get_pending (application);

  if (!sanhe_automation_is_active (self))
    return;

  self->application = application;
  g_set_weak_pointer (&self->window, window);
  self->printed_pending = -1;
  g_signal_handlers_disconnect_by_data (pending, self);
  g_signal_connect (pending, "notify::count", G_CALLBACK (on_pending_notify_cb), self);
  g_signal_connect (pending, "notify::loaded", G_CALLBACK (on_pending_notify_cb), self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_func (self->events, on_watching_cb, self);
  g_set_weak_pointer (&self->events, sanhe_api_get_events (sanhe_application_get_api (application)));
  if (self->events != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->events, on_events_connected_cb, self);
      g_signal_connect (self->events, "event::events.watching", G_CALLBACK (on_watching_cb), self);
      g_signal_connect (self->events, "notify::connected", G_CALLBACK (on_events_connected_cb), self);
      if (sanhe_events_get_connected (self->events))
        print_connected (self->events);
    }

  if (self->close_window)
    {
      /* As a user would: once it is on screen. */
      g_idle_add_once (close_window_cb, self);
      return;
    }
  if (self->screenshot == NULL)
    return;

  page_id = self->page_id ? self->page_id : "crm";
  if (g_str_has_prefix (page_id, "erp-"))
    section = page_id + strlen ("erp-");
  workspace = section ? g_strdup ("erp") : g_strdup (page_id);
  /* The OA pages: oa-inbox is the Approvals workspace. */
  if (g_str_equal (page_id, "oa-inbox"))
    {
      g_free (workspace);
      workspace = g_strdup ("approvals");
    }
  else if (g_str_equal (page_id, "oa-new") || g_str_equal (page_id, "oa-mine")
           || g_str_equal (page_id, "oa-rules") || g_str_equal (page_id, "oa-designer"))
    {
      g_free (workspace);
      workspace = g_strdup ("oa");
    }
  if (!sanhe_window_show_workspace (window, workspace))
    {
      g_printerr ("screenshot failed: no page %s for this user\n", page_id);
      finish (self, 3);
      return;
    }

  page = sanhe_window_get_visible_page (window);
  if (section != NULL)
    {
      /* Wait for the tab (or the kit analysis) rather than the workspace. */
      page = SANHE_IS_ERP_PAGE (page) ? sanhe_erp_page_show_section (SANHE_ERP_PAGE (page), section) : NULL;
      if (page == NULL)
        {
          g_printerr ("screenshot failed: no page %s for this user\n", page_id);
          finish (self, 3);
          return;
        }
    }
  when_loaded (self, page);
}

/* The application announced new approvals (sanhe-oa-notify.h). */
void
sanhe_automation_announced (SanheAutomation *self,
                            SanheOaNotice    notice,
                            const char      *title)
{
  const char *how;

  if (!sanhe_automation_is_active (self) || notice == SANHE_OA_NOTICE_NONE)
    return;

  if (notice == (SANHE_OA_NOTICE_TOAST | SANHE_OA_NOTICE_NOTIFICATION))
    how = "toast+notification";
  else if (notice == SANHE_OA_NOTICE_TOAST)
    how = "toast";
  else
    how = "notification";
  g_print ("oa notice: %s: %s\n", how, title ? title : "");
  fflush (stdout);

  self->noticed = TRUE;
  if (self->shot_waiting)
    {
      self->shot_waiting = FALSE;
      g_clear_handle_id (&self->timeout_source, g_source_remove);
      /* The toast slides in: let it settle. */
      g_timeout_add_once (SETTLE_MILLISECONDS * 2, save_screenshot_cb, self);
    }
}
