/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-automation"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-error.h"

#include "sanhe-automation.h"
#include "sanhe-erp-page.h"
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
 *                               and My Rules), wait
 *   SANHE_SCREENSHOT_WAIT_TASKS=n  (oa-inbox) until the inbox, refreshing
 *                               by itself, holds n tasks; prints
 *                               "oa inbox: N pending" on each load
 *   SANHE_SCREENSHOT_SELECT=n   for its data (and select row n), render the
 *                               window with GTK's own snapshot, print
 *                               "screenshot saved" and exit 0
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

  SanheApplication *application;  /* unowned, outlives us */
  SanheWindow      *window;       /* weak */
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
  sanhe_application_quit_with_status (self->application, status);
}

static void
save_screenshot_cb (gpointer user_data)
{
  SanheAutomation *self = user_data;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  if (self->window == NULL)
    {
      g_printerr ("screenshot failed: the window is gone\n");
      finish (self, 2);
      return;
    }

  width = gtk_widget_get_width (GTK_WIDGET (self->window));
  height = gtk_widget_get_height (GTK_WIDGET (self->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (self->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self->window));

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

static void page_ready (SanheAutomation    *self,
                        SanheWorkspacePage *page);

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

  if (self->select_row >= 0 && SANHE_IS_RECORD_PAGE (page))
    sanhe_record_page_select_position (SANHE_RECORD_PAGE (page), self->select_row);
  else if (SANHE_IS_OA_PAGE (page) && self->page_id != NULL && g_str_has_prefix (self->page_id, "oa-"))
    {
      if (sanhe_oa_page_show_section (SANHE_OA_PAGE (page), self->page_id + strlen ("oa-"), self->select_row)
          && self->select_row >= 0)
        settle = DETAIL_MILLISECONDS;
    }
  else if (self->select_row >= 0 && SANHE_IS_OA_INBOX_PAGE (page))
    {
      if (sanhe_oa_inbox_page_select_position (SANHE_OA_INBOX_PAGE (page), self->select_row))
        settle = DETAIL_MILLISECONDS;
    }
  else if (self->select_row >= 0 && sanhe_erp_section_select_position (page, self->select_row))
    settle = DETAIL_MILLISECONDS;

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

  return self;
}

void
sanhe_automation_free (SanheAutomation *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_free (self->server);
  g_free (self->login);
  g_free (self->password);
  g_free (self->screenshot);
  g_free (self->page_id);
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

void
sanhe_automation_main_window_shown (SanheAutomation  *self,
                                    SanheApplication *application,
                                    SanheWindow      *window)
{
  SanheWorkspacePage *page;
  const char *page_id;
  const char *section = NULL;
  g_autofree char *workspace = NULL;

  if (self->screenshot == NULL)
    return;

  self->application = application;
  g_set_weak_pointer (&self->window, window);

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
           || g_str_equal (page_id, "oa-rules"))
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
  if (sanhe_workspace_page_get_loaded (page))
    {
      page_ready (self, page);
      return;
    }

  g_signal_connect (page, "notify::loaded", G_CALLBACK (on_page_loaded_cb), self);
  self->timeout_source = g_timeout_add_seconds (LOAD_TIMEOUT_SECONDS, load_timeout_cb, self);
}
