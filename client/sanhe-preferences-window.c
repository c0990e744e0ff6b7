/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-preferences-window.h"

/* Server address, language override (read at the next start by main.c),
 * notifications and running in the background, all stored straight into
 * GSettings. */
struct _SanhePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *server_row;
  AdwComboRow          *language_row;
  GtkSwitch            *notifications_switch;
  GtkSwitch            *background_switch;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (SanhePreferencesWindow, sanhe_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The values of the "language" key, in the combo row's order. */
static const char * const languages[] = { "", "en", "zh_CN", "es" };

static void
on_language_selected_cb (AdwComboRow            *row,
                         GParamSpec             *pspec,
                         SanhePreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (languages))
    g_settings_set_string (self->settings, "language", languages[selected]);
}

static void
on_server_changed_cb (GtkEditable            *editable,
                      SanhePreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (*text != '\0')
    g_settings_set_string (self->settings, "server-url", text);
}

static void
sanhe_preferences_window_dispose (GObject *object)
{
  SanhePreferencesWindow *self = SANHE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sanhe_preferences_window_parent_class)->dispose (object);
}

static void
sanhe_preferences_window_class_init (SanhePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sanhe/Sanhe/sanhe-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SanhePreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, SanhePreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, SanhePreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, SanhePreferencesWindow, background_switch);
}

static void
sanhe_preferences_window_init (SanhePreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *language = NULL;
  g_autofree char *server = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  /* Each language is named in itself, so a user lost in a foreign
   * interface still finds theirs. */
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("System default"));
  gtk_string_list_append (names, "English");
  gtk_string_list_append (names, "简体中文");
  gtk_string_list_append (names, "Español");
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));

  language = g_settings_get_string (self->settings, "language");
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i], language))
      adw_combo_row_set_selected (self->language_row, i);

  server = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (self->language_row, "notify::selected",
                    G_CALLBACK (on_language_selected_cb), self);
  g_signal_connect (self->server_row, "changed", G_CALLBACK (on_server_changed_cb), self);
}

GtkWidget *
sanhe_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SANHE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
