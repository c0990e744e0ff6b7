/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-inbox-notify"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-inbox-private.h"

/*
 * Telling the approver: new tasks arriving within a moment of each other
 * make one notice, "New approval: …" for one (with Approve and Open) or
 * "5 new approvals" for a burst; a toast while the window has the focus,
 * a GNotification (replacing the previous one) otherwise. The buttons are
 * application actions app.oa-approve-task(x) and app.oa-open-task(x),
 * answered by the newest inbox page.
 */

#define BURST_DELAY_MS 1200

static gboolean
window_is_active (SanheOaInboxPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root));
}

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

static void
burst_cb (gpointer user_data)
{
  SanheOaInboxPage *self = user_data;
  SanheOaBurst *burst = _sanhe_oa_inbox_page_get_burst (self);
  GApplication *application = g_application_get_default ();
  g_autofree char *title = NULL;
  g_autofree char *summary = g_steal_pointer (&burst->summary);
  guint n = burst->count;
  gint64 task = burst->task;

  burst->source = 0;
  burst->count = 0;
  burst->task = 0;

  if (n == 0 || !notifications_enabled ())
    return;

  if (n == 1)
    /* Translators: a desktop notification; %s is the request's summary */
    title = g_strdup_printf (_("New approval: %s"), summary != NULL && *summary ? summary : "…");
  else
    {
      g_autofree char *number = sanhe_format_count (n);

      /* Translators: a desktop notification for several tasks at once */
      title = g_strdup_printf (ngettext ("%s new approval", "%s new approvals", n), number);
    }

  g_debug ("announcing %u new task(s) as a %s", n,
           window_is_active (self) || application == NULL ? "toast" : "notification");
  if (window_is_active (self) || application == NULL)
    {
      sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), title);
      return;
    }
  else
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
}

void
_sanhe_oa_inbox_notice_assigned (SanheOaInboxPage *self,
                                 JsonNode         *event)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (event) ? json_node_get_object (event) : NULL;
  SanheOaBurst *burst = _sanhe_oa_inbox_page_get_burst (self);

  if (object == NULL)
    return;

  burst->count++;
  burst->task = json_object_get_int_member_with_default (object, "task", 0);
  g_free (burst->summary);
  burst->summary = g_strdup (json_object_get_string_member_with_default (object, "summary", NULL));
  if (burst->source == 0)
    burst->source = g_timeout_add_once (BURST_DELAY_MS, burst_cb, self);
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
