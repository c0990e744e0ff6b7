/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-application"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-application.h"
#include "sanhe-automation.h"
#include "sanhe-error-text.h"
#include "sanhe-events.h"
#include "sanhe-format.h"
#include "sanhe-login-window.h"
#include "sanhe-oa-notify.h"
#include "sanhe-oa-pending.h"
#include "sanhe-preferences-window.h"
#include "sanhe-tray.h"
#include "sanhe-window.h"

/*
 * The application: one SanheApi and one SanheEvents for the process, the
 * login window until a login succeeds, then the main window. Logging out,
 * or the server refusing our token, goes back to the login window.
 *
 * It also owns what must outlive a page or a shown window: the count of
 * approvals waiting (SanheOaPending, announced in bursts) and the tray
 * icon (SanheTray) showing it. With the run-in-background setting, closing
 * the main window only hides it (GtkApplication keeps running while it
 * has a window, shown or not); the tray icon, a notification's Open or
 * launching Sanhe again brings it back, and only Quit ends the process.
 */
struct _SanheApplication
{
  AdwApplication    parent_instance;

  SanheApi         *api;
  SanheEvents      *events;
  GSettings        *settings;
  SanheAutomation  *automation;
  SanheOaPending   *pending;
  SanheTray        *tray;
  SanheLoginWindow *login_window;  /* weak */
  SanheWindow      *main_window;   /* weak */
  gboolean          told_background;
  int               exit_status;
};

G_DEFINE_FINAL_TYPE (SanheApplication, sanhe_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.about", { "F1", NULL } },
  { "app.logout", { "<Control><Shift>l", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.previous-workspace", { "<Control>Page_Up", NULL } },
  { "win.next-workspace", { "<Control>Page_Down", NULL } },
  { "page.search", { "<Control>f", NULL } },
  { "page.new", { "<Control>n", NULL } },
  { "page.save", { "<Control>s", NULL } },
  { "page.reload", { "F5", "<Control>r", NULL } },
};

/* The registry id of the approvals inbox. */
#define APPROVALS_WORKSPACE "approvals"

static void show_login (SanheApplication *self,
                        const char       *error_text);

static gboolean
main_window_is_looked_at (SanheApplication *self)
{
  return self->main_window != NULL
         && gtk_widget_get_visible (GTK_WIDGET (self->main_window))
         && gtk_window_is_active (GTK_WINDOW (self->main_window));
}

static void
update_tray (SanheApplication *self)
{
  guint count = sanhe_oa_pending_get_count (self->pending);
  g_autofree char *number = sanhe_format_count (count);
  g_autofree char *text = NULL;
  SanheTrayStatus status;

  /* Gone at shutdown, before the count's last change. */
  if (self->tray == NULL)
    return;

  if (count == 0)
    status = SANHE_TRAY_PASSIVE;
  else if (sanhe_oa_pending_get_unseen (self->pending) > 0)
    status = SANHE_TRAY_NEEDS_ATTENTION;
  else
    status = SANHE_TRAY_ACTIVE;

  if (count == 0)
    /* Translators: the tray icon's tooltip */
    text = g_strdup (_("No approvals waiting"));
  else
    /* Translators: the tray icon's tooltip; %s is a number */
    text = g_strdup_printf (ngettext ("%s approval waiting", "%s approvals waiting", count), number);

  sanhe_tray_update (self->tray, status, count, text);
}

static void
on_pending_changed_cb (SanheOaPending   *pending,
                       GParamSpec       *pspec,
                       SanheApplication *self)
{
  /* Arrivals in front of the user's eyes are not news for the tray;
   * marking them seen notifies again, and that updates the tray. */
  if (sanhe_oa_pending_get_unseen (pending) > 0 && main_window_is_looked_at (self))
    sanhe_oa_pending_mark_seen (pending);
  else
    update_tray (self);
}

static void
on_pending_arrived_cb (SanheOaPending   *pending,
                       guint             n,
                       gint64            task,
                       const char       *summary,
                       SanheApplication *self)
{
  g_autofree char *title = NULL;
  SanheOaNotice notice;

  notice = sanhe_oa_announce_arrivals (G_APPLICATION (self), self->main_window,
                                       sanhe_tray_get_shown (self->tray), n, task, summary, &title);
  if (main_window_is_looked_at (self))
    sanhe_oa_pending_mark_seen (self->pending);
  sanhe_automation_announced (self->automation, notice, title);
}

/* The tray icon was clicked: the window, on the inbox. */
static void
on_tray_activate_cb (SanheTray        *tray,
                     SanheApplication *self)
{
  if (self->main_window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      return;
    }

  sanhe_window_show_workspace (self->main_window, APPROVALS_WORKSPACE);
  gtk_window_present (GTK_WINDOW (self->main_window));
  sanhe_oa_pending_mark_seen (self->pending);
}

static void
on_tray_quit_cb (SanheTray        *tray,
                 SanheApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void
on_main_window_active_cb (SanheWindow      *window,
                          GParamSpec       *pspec,
                          SanheApplication *self)
{
  if (main_window_is_looked_at (self))
    sanhe_oa_pending_mark_seen (self->pending);
}

/* The window was closed while running in the background. Without a tray
 * icon the user may think Sanhe has quit: say so once. */
static void
on_main_window_backgrounded_cb (SanheWindow      *window,
                                SanheApplication *self)
{
  g_autoptr(GNotification) notification = NULL;

  if (self->told_background || sanhe_tray_get_shown (self->tray))
    return;
  self->told_background = TRUE;

  notification = g_notification_new (_("Sanhe is still running"));
  g_notification_set_body (notification,
                           _("New approvals will still be announced. To quit, choose Quit in the main menu."));
  g_application_send_notification (G_APPLICATION (self), "background", notification);
}

static void
on_login_failed_cb (SanheLoginWindow *window,
                    GError           *error,
                    SanheApplication *self)
{
  sanhe_automation_login_failed (self->automation, self, error);
}

static void
on_logged_in_cb (SanheLoginWindow *window,
                 SanheApplication *self)
{
  SanheWindow *main_window = sanhe_window_new (GTK_APPLICATION (self), self->api);

  g_set_weak_pointer (&self->main_window, main_window);
  g_signal_connect (main_window, "notify::is-active", G_CALLBACK (on_main_window_active_cb), self);
  g_signal_connect (main_window, "backgrounded", G_CALLBACK (on_main_window_backgrounded_cb), self);
  gtk_window_present (GTK_WINDOW (main_window));
  gtk_window_destroy (GTK_WINDOW (window));

  sanhe_events_start (self->events, sanhe_api_get_base_url (self->api),
                      sanhe_api_get_token (self->api));
  sanhe_oa_pending_start (self->pending);
  sanhe_automation_main_window_shown (self->automation, self, main_window);
}

static void
show_login (SanheApplication *self,
            const char       *error_text)
{
  if (self->login_window == NULL)
    {
      SanheLoginWindow *window = sanhe_login_window_new (GTK_APPLICATION (self), self->api);

      g_set_weak_pointer (&self->login_window, window);
      g_signal_connect (window, "logged-in", G_CALLBACK (on_logged_in_cb), self);
      g_signal_connect (window, "login-failed", G_CALLBACK (on_login_failed_cb), self);
    }

  gtk_window_present (GTK_WINDOW (self->login_window));
  sanhe_automation_prepare_login (self->automation, self->login_window);
  sanhe_login_window_set_error (self->login_window, error_text);
}

static void
leave_session (SanheApplication *self,
               const char       *error_text)
{
  sanhe_events_stop (self->events);
  sanhe_oa_pending_stop (self->pending);
  show_login (self, error_text);
  if (self->main_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->main_window));
}

static void
on_session_expired_cb (SanheApi         *api,
                       SanheApplication *self)
{
  leave_session (self, sanhe_error_text_for_code (SANHE_CODE_INVALID_TOKEN));
}

static void
on_me_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SanheRecord) me = NULL;
  g_autoptr(GError) error = NULL;

  me = sanhe_api_refresh_me_finish (SANHE_API (object), result, &error);
  if (me == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Refreshing /me: %s", error->message);
}

static void
notify_user (SanheApplication *self,
             const char       *id,
             const char       *title,
             const char       *body)
{
  g_autoptr(GNotification) notification = NULL;

  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;
  if (self->main_window != NULL && gtk_window_is_active (GTK_WINDOW (self->main_window)))
    {
      sanhe_window_add_toast (self->main_window, title);
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

static void
on_event_cb (SanheEvents      *events,
             const char       *type,
             JsonNode         *event,
             SanheApplication *self)
{
  SanheRecord *me = sanhe_api_get_me (self->api);

  /* Our own account changed (roles, department, name): what we may see
   * may have changed too. */
  if (g_str_equal (type, "core.user.updated") && me != NULL
      && sanhe_event_has_id (event, sanhe_record_get_id (me)))
    {
      sanhe_api_refresh_me_async (self->api, NULL, on_me_refreshed_cb, NULL);
      notify_user (self, "account-changed", _("Your account was changed"),
                   _("An administrator changed your details or permissions."));
    }

  sanhe_oa_pending_handle_event (self->pending, type, event);
  if (self->main_window != NULL)
    sanhe_window_handle_event (self->main_window, type, event);
}

static void
on_events_notify_connected_cb (SanheEvents      *events,
                               GParamSpec       *pspec,
                               SanheApplication *self)
{
  /* The event stream dropped: find out now whether the server is gone,
   * rather than at the user's next click. */
  if (!sanhe_events_get_connected (events) && self->main_window != NULL)
    sanhe_api_check_online (self->api);
  /* Connected (again): what came while we were not listening? */
  if (sanhe_events_get_connected (events))
    sanhe_oa_pending_refresh (self->pending);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  SanheApplication *self = SANHE_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Sanhe developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Sanhe"),
                        "developer-name", _("The Sanhe developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Customers, orders, production and approvals in one place"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (sanhe_preferences_window_new (parent)));
}

static void
on_logout_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  sanhe_api_logout_finish (SANHE_API (object), result, NULL);
}

static void
logout_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  SanheApplication *self = SANHE_APPLICATION (user_data);

  if (self->main_window == NULL)
    return;

  sanhe_api_logout_async (self->api, NULL, on_logout_cb, NULL);
  leave_session (self, NULL);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "logout", logout_activated },
};

static void
sanhe_application_startup (GApplication *application)
{
  SanheApplication *self = SANHE_APPLICATION (application);

  G_APPLICATION_CLASS (sanhe_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  self->api = sanhe_api_new (NULL);
  self->events = sanhe_events_new ();
  sanhe_api_set_events (self->api, self->events);
  g_signal_connect (self->api, "session-expired", G_CALLBACK (on_session_expired_cb), self);
  g_signal_connect (self->events, "event", G_CALLBACK (on_event_cb), self);
  g_signal_connect (self->events, "notify::connected",
                    G_CALLBACK (on_events_notify_connected_cb), self);

  self->pending = sanhe_oa_pending_new (self->api);
  g_signal_connect (self->pending, "notify::count", G_CALLBACK (on_pending_changed_cb), self);
  g_signal_connect (self->pending, "notify::unseen", G_CALLBACK (on_pending_changed_cb), self);
  g_signal_connect (self->pending, "arrived", G_CALLBACK (on_pending_arrived_cb), self);
  self->tray = sanhe_tray_new ();
  g_signal_connect (self->tray, "activate", G_CALLBACK (on_tray_activate_cb), self);
  g_signal_connect (self->tray, "quit", G_CALLBACK (on_tray_quit_cb), self);
  update_tray (self);
}

static void
sanhe_application_activate (GApplication *application)
{
  SanheApplication *self = SANHE_APPLICATION (application);

  if (self->main_window != NULL)
    gtk_window_present (GTK_WINDOW (self->main_window));
  else
    show_login (self, NULL);
}

static void
sanhe_application_shutdown (GApplication *application)
{
  SanheApplication *self = SANHE_APPLICATION (application);

  if (self->events != NULL)
    sanhe_events_stop (self->events);
  if (self->pending != NULL)
    sanhe_oa_pending_stop (self->pending);
  g_clear_object (&self->tray);

  G_APPLICATION_CLASS (sanhe_application_parent_class)->shutdown (application);
}

static void
sanhe_application_dispose (GObject *object)
{
  SanheApplication *self = SANHE_APPLICATION (object);

  g_clear_weak_pointer (&self->login_window);
  g_clear_weak_pointer (&self->main_window);
  g_clear_object (&self->events);
  g_clear_object (&self->pending);
  g_clear_object (&self->tray);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->automation, sanhe_automation_free);

  G_OBJECT_CLASS (sanhe_application_parent_class)->dispose (object);
}

static void
sanhe_application_class_init (SanheApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sanhe_application_dispose;
  application_class->startup = sanhe_application_startup;
  application_class->activate = sanhe_application_activate;
  application_class->shutdown = sanhe_application_shutdown;
}

static void
sanhe_application_init (SanheApplication *self)
{
  self->automation = sanhe_automation_new_from_environment ();
}

/* Before anything shows: the language override from the preferences (set
 * LANGUAGE for this process), the locale, and the message catalogue —
 * from SANHE_LOCALEDIR when set (tests point it at <build>/po), else the
 * installed LOCALEDIR. FALSE when the GSettings schema is missing. */
gboolean
sanhe_application_setup_i18n (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *language = NULL;
  const char *localedir;

  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema == NULL)
    {
      g_printerr ("The GSettings schema %s is not installed; "
                  "set GSETTINGS_SCHEMA_DIR to the build's ui directory.\n", APP_ID);
      return FALSE;
    }

  settings = g_settings_new (APP_ID);
  language = g_settings_get_string (settings, "language");
  if (language != NULL && *language != '\0')
    g_setenv ("LANGUAGE", language, TRUE);

  setlocale (LC_ALL, "");
  localedir = g_getenv ("SANHE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return TRUE;
}

SanheApplication *
sanhe_application_new (void)
{
  g_autoptr(SanheAutomation) probe = sanhe_automation_new_from_environment ();
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* A driven run never hands itself over to an instance already running. */
  if (sanhe_automation_is_active (probe))
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (SANHE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", "/org/sanhe/Sanhe",
                       NULL);
}

SanheApi *
sanhe_application_get_api (SanheApplication *self)
{
  g_return_val_if_fail (SANHE_IS_APPLICATION (self), NULL);

  return self->api;
}

/* Returns: (transfer none): the approvals waiting for the signed-in user. */
SanheOaPending *
sanhe_application_get_pending (SanheApplication *self)
{
  g_return_val_if_fail (SANHE_IS_APPLICATION (self), NULL);

  return self->pending;
}

int
sanhe_application_get_exit_status (SanheApplication *self)
{
  g_return_val_if_fail (SANHE_IS_APPLICATION (self), 1);

  return self->exit_status;
}

void
sanhe_application_quit_with_status (SanheApplication *self,
                                    int               status)
{
  g_return_if_fail (SANHE_IS_APPLICATION (self));

  self->exit_status = status;
  g_application_quit (G_APPLICATION (self));
}
