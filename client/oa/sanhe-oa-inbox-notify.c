/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-inbox-notify"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-inbox-private.h"
#include "sanhe-oa-notify.h"

/*
 * Telling the approver of new tasks. SanheOaPending groups arrivals (a
 * burst within a second makes one "arrived"); sanhe_oa_announce_arrivals()
 * turns each group into "New approval: …" for one task (with Approve and
 * Open) or "5 new approvals":
 *
 *   - the window has the focus: a toast in it, nothing on the desktop;
 *   - otherwise a GNotification (one id: a newer replaces the older), and,
 *     when no tray icon is shown, also a toast that waits in the window
 *     until the user comes back: without a tray the window is the only
 *     place that still shows what came. With a tray its icon and tooltip
 *     already say it, so no toast piles up.
 *
 * A toast still on screen grows with the next burst ("3 new approvals")
 * instead of queueing another. The buttons are the application actions
 * app.oa-approve-task(x) and app.oa-open-task(x) (0: the inbox), answered
 * by the newest inbox page.
 */

#define TOAST_KEY       "sanhe-oa-arrivals-toast"
#define TOAST_COUNT_KEY "sanhe-oa-arrivals-count"

static gboolean
notifications_enabled (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL
      || (schema = g_settings_schema_source_lookup (source, "org.sanhe.Sanhe", TRUE)) == NULL
      || !g_settings_schema_has_key (schema, "notifications"))
    return TRUE;
  settings = g_settings_new ("org.sanhe.Sanhe");

  return g_settings_get_boolean (settings, "notifications");
}

static char *
arrivals_title (guint       n,
                const char *summary)
{
  g_autofree char *number = NULL;

  if (n == 1)
    /* Translators: a desktop notification; %s is the request's summary */
    return g_strdup_printf (_("New approval: %s"), summary != NULL && *summary ? summary : "…");

  number = sanhe_format_count (n);
  /* Translators: a desktop notification for several tasks at once */
  return g_strdup_printf (ngettext ("%s new approval", "%s new approvals", n), number);
}

static void
on_toast_dismissed_cb (AdwToast    *toast,
                       SanheWindow *window)
{
  if (g_object_get_data (G_OBJECT (window), TOAST_KEY) == toast)
    {
      g_object_set_data (G_OBJECT (window), TOAST_KEY, NULL);
      g_object_set_data (G_OBJECT (window), TOAST_COUNT_KEY, NULL);
    }
}

/* Returns: (transfer full): the toast's title. */
static char *
show_toast (SanheWindow *window,
            gboolean     waiting,
            guint        n,
            gint64       task,
            const char  *summary)
{
  AdwToast *previous = g_object_get_data (G_OBJECT (window), TOAST_KEY);
  guint total = n + GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), TOAST_COUNT_KEY));
  char *title = arrivals_title (total, summary);
  AdwToast *toast = adw_toast_new (title);

  if (previous != NULL)
    adw_toast_dismiss (previous);

  adw_toast_set_button_label (toast, C_("notification button", "Open"));
  adw_toast_set_action_name (toast, "app.oa-open-task");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (total == 1 ? task : 0));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Nobody is looking: keep it until they are. */
  if (waiting)
    adw_toast_set_timeout (toast, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed_cb), window, 0);

  g_object_set_data (G_OBJECT (window), TOAST_KEY, toast);
  g_object_set_data (G_OBJECT (window), TOAST_COUNT_KEY, GUINT_TO_POINTER (total));
  sanhe_window_show_toast (window, toast);

  return title;
}

static void
send_notification (GApplication *application,
                   const char   *title,
                   guint         n,
                   gint64        task)
{
  g_autoptr(GNotification) notification = g_notification_new (title);

  if (n == 1)
    {
      g_notification_set_body (notification, _("A request is waiting for your decision."));
      g_notification_add_button_with_target (notification, _("Approve"), "app.oa-approve-task", "x", task);
      g_notification_add_button_with_target (notification, C_("notification button", "Open"), "app.oa-open-task", "x", task);
      g_notification_set_default_action_and_target (notification, "app.oa-open-task", "x", task);
    }
  else
    {
      g_notification_set_body (notification, _("Several requests are waiting for your decision."));
      g_notification_add_button_with_target (notification, C_("notification button", "Open"), "app.oa-open-task", "x", (gint64) 0);
      g_notification_set_default_action_and_target (notification, "app.oa-open-task", "x", (gint64) 0);
    }
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  /* One id: a newer notice replaces the older instead of piling up. */
  g_application_send_notification (application, "oa-approvals", notification);
}

/* Announces @n new tasks, the newest @task with @summary; @window may be
 * NULL (signed out) or hidden (running in the background). Returns how,
 * and in @title what was said. */
SanheOaNotice
sanhe_oa_announce_arrivals (GApplication  *application,
                            SanheWindow   *window,
                            gboolean       tray_shown,
                            guint          n,
                            gint64         task,
                            const char    *summary,
                            char         **title)
{
  gboolean looking;
  g_autofree char *text = NULL;
  SanheOaNotice notice = SANHE_OA_NOTICE_NONE;

  g_return_val_if_fail (G_IS_APPLICATION (application), SANHE_OA_NOTICE_NONE);

  if (n == 0 || !notifications_enabled ())
    return SANHE_OA_NOTICE_NONE;

  looking = window != NULL && gtk_widget_get_visible (GTK_WIDGET (window))
            && gtk_window_is_active (GTK_WINDOW (window));
  if (window != NULL && (looking || !tray_shown))
    {
      text = show_toast (window, !looking, n, task, summary);
      notice |= SANHE_OA_NOTICE_TOAST;
    }
  if (!looking)
    {
      g_autofree char *desktop = arrivals_title (n, summary);

      send_notification (application, desktop, n, task);
      notice |= SANHE_OA_NOTICE_NOTIFICATION;
      if (text == NULL)
        text = g_steal_pointer (&desktop);
    }

  g_debug ("announced %u new task(s):%s%s", n,
           notice & SANHE_OA_NOTICE_TOAST ? " toast" : "",
           notice & SANHE_OA_NOTICE_NOTIFICATION ? " notification" : "");
  if (title != NULL)
    *title = g_steal_pointer (&text);

  return notice;
}

static void
on_open_task_cb (GSimpleAction    *action,
                 GVariant         *param,
                 SanheOaInboxPage *self)
{
  _sanhe_oa_inbox_page_open_task (self, g_variant_get_int64 (param));
}

static void
on_notification_approved_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _sanhe_oa_inbox_page_decided (self, error != NULL ? sanhe_error_text (error) : _("Approved"));
}

static void
on_approve_task_cb (GSimpleAction    *action,
                    GVariant         *param,
                    SanheOaInboxPage *self)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/tasks/%" G_GINT64_FORMAT "/approve",
                                           g_variant_get_int64 (param));
  g_autoptr(JsonNode) body = sanhe_json_node_new_object ();

  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)),
                           "POST", path, body,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_notification_approved_cb, g_object_ref (self));
}

/* The notification's buttons are application actions; the newest inbox
 * page answers them. */
static void
connect_app_action (SanheOaInboxPage *self,
                    const char       *name,
                    GCallback         callback)
{
  GApplication *application = g_application_get_default ();
  GAction *action;

  if (application == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (application), name);
  if (action == NULL)
    {
      g_autoptr(GSimpleAction) simple = g_simple_action_new (name, G_VARIANT_TYPE_INT64);

      g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (simple));
      action = G_ACTION (simple);
    }
  g_signal_connect_object (action, "activate", callback, self, 0);
}

void
_sanhe_oa_inbox_connect_app_actions (SanheOaInboxPage *self)
{
  connect_app_action (self, "oa-open-task", G_CALLBACK (on_open_task_cb));
  connect_app_action (self, "oa-approve-task", G_CALLBACK (on_approve_task_cb));
}
