/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-login-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error-text.h"
#include "sanhe-login-window.h"

/*
 * Server address, login and password. The server and login are remembered
 * in GSettings once a login succeeds; the password never is. Errors are
 * shown by code, in the user's language.
 */
struct _SanheLoginWindow
{
  AdwApplicationWindow  parent_instance;

  AdwEntryRow          *server_row;
  AdwEntryRow          *login_row;
  AdwEntryRow          *password_row;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;

  SanheApi             *api;
  GSettings            *settings;
  GCancellable         *cancellable;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (SanheLoginWindow, sanhe_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_API,
  N_PROPS
};

enum {
  LOGGED_IN,
  LOGIN_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_state (SanheLoginWindow *self)
{
  gboolean complete = *row_text (self->server_row) && *row_text (self->login_row)
                      && *row_text (self->password_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", complete && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
on_row_changed_cb (GtkEditable      *editable,
                   SanheLoginWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_state (self);
}

static void
on_login_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SanheLoginWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sanhe_api_login_finish (SANHE_API (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->busy = FALSE;
      update_state (self);
      /* Clearing the password hides the error: clear first. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      sanhe_login_window_set_error (self, sanhe_error_text (error));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      g_signal_emit (self, signals[LOGIN_FAILED], 0, error);
      return;
    }

  self->busy = FALSE;
  g_settings_set_string (self->settings, "server-url", sanhe_api_get_base_url (self->api));
  g_settings_set_string (self->settings, "last-login", row_text (self->login_row));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update_state (self);
  g_signal_emit (self, signals[LOGGED_IN], 0);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sanhe_login_window_submit (SANHE_LOGIN_WINDOW (widget));
}

static void
on_entry_activated_cb (AdwEntryRow      *row,
                       SanheLoginWindow *self)
{
  if (row == self->password_row || *row_text (self->password_row))
    gtk_widget_activate_action (GTK_WIDGET (self), "login.submit", NULL);
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
sanhe_login_window_constructed (GObject *object)
{
  SanheLoginWindow *self = SANHE_LOGIN_WINDOW (object);
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *login = g_settings_get_string (self->settings, "last-login");

  G_OBJECT_CLASS (sanhe_login_window_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  update_state (self);

  gtk_widget_grab_focus (GTK_WIDGET (*row_text (self->login_row) ? self->password_row
                                                                   : self->login_row));
}

static void
sanhe_login_window_dispose (GObject *object)
{
  SanheLoginWindow *self = SANHE_LOGIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_LOGIN_WINDOW);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sanhe_login_window_parent_class)->dispose (object);
}

static void
sanhe_login_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SanheLoginWindow *self = SANHE_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_API:
      self->api = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_login_window_class_init (SanheLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sanhe_login_window_constructed;
  object_class->dispose = sanhe_login_window_dispose;
  object_class->set_property = sanhe_login_window_set_property;

  properties[PROP_API] =
    g_param_spec_object ("api", NULL, NULL, SANHE_TYPE_API,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LOGIN_FAILED] =
    g_signal_new ("login-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sanhe/Sanhe/sanhe-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheLoginWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, SanheLoginWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, SanheLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, SanheLoginWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheLoginWindow, spinner);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, submit_action);
}

static void
sanhe_login_window_init (SanheLoginWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  g_signal_connect (self->server_row, "changed", G_CALLBACK (on_row_changed_cb), self);
  g_signal_connect (self->login_row, "changed", G_CALLBACK (on_row_changed_cb), self);
  g_signal_connect (self->password_row, "changed", G_CALLBACK (on_row_changed_cb), self);
  g_signal_connect (self->server_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
  g_signal_connect (self->login_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
  g_signal_connect (self->password_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
}

SanheLoginWindow *
sanhe_login_window_new (GtkApplication *application,
                        SanheApi       *api)
{
  return g_object_new (SANHE_TYPE_LOGIN_WINDOW, "application", application, "api", api, NULL);
}

/* Fills in what the environment gave (automation, kiosks); NULLs keep
 * what is there. */
void
sanhe_login_window_prefill (SanheLoginWindow *self,
                            const char       *server,
                            const char       *login,
                            const char       *password)
{
  g_return_if_fail (SANHE_IS_LOGIN_WINDOW (self));

  if (server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  if (login != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

void
sanhe_login_window_set_error (SanheLoginWindow *self,
                              const char       *text)
{
  g_return_if_fail (SANHE_IS_LOGIN_WINDOW (self));

  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL && *text != '\0');
}

void
sanhe_login_window_submit (SanheLoginWindow *self)
{
  g_return_if_fail (SANHE_IS_LOGIN_WINDOW (self));

  if (self->busy)
    return;

  self->busy = TRUE;
  sanhe_login_window_set_error (self, NULL);
  update_state (self);

  sanhe_api_set_base_url (self->api, row_text (self->server_row));
  sanhe_api_login_async (self->api, row_text (self->login_row), row_text (self->password_row),
                         self->cancellable, on_login_cb, g_object_ref (self));
}
