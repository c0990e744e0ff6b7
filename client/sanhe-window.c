/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-window.h"
#include "sanhe-workspace-registry.h"

/*
 * The main window: a sidebar of the workspaces the user may open (from the
 * static registry, filtered by /me's permissions), a stack of their pages,
 * a toast overlay, and a notice that slides down while the server is
 * unreachable. The page shortcuts (F5, Ctrl+F, Ctrl+N, Ctrl+S) are window
 * actions page.* forwarded to the visible page, so they work wherever the
 * focus is. With the run-in-background setting, closing the window hides
 * it and emits "backgrounded" instead of destroying it.
 */
struct _SanheWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *user_label;
  GtkRevealer          *connection_revealer;
  AdwToastOverlay      *toast_overlay;
  GtkListBox           *sidebar;
  GtkStack             *stack;

  SanheApi             *api;
  GSettings            *settings;
  gboolean              was_offline;
};

G_DEFINE_FINAL_TYPE (SanheWindow, sanhe_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_API,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BACKGROUNDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forward_to_page (SanheWindow *self,
                 const char  *page_action)
{
  SanheWorkspacePage *page = sanhe_window_get_visible_page (self);

  if (page != NULL)
    sanhe_workspace_page_activate (page, page_action);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  static const struct { const char *window; const char *page; } map[] = {
    { "page.reload", "list.reload" },
    { "page.search", "list.search" },
    { "page.new", "record.new" },
    { "page.save", "record.save" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].window, action_name))
      forward_to_page (SANHE_WINDOW (widget), map[i].page);
}

static void
update_header (SanheWindow *self)
{
  SanheRecord *me = sanhe_api_get_me (self->api);
  const char *name = me ? sanhe_record_get_string (me, "name") : NULL;
  const char *department = me ? sanhe_record_get_string (me, "department.name") : NULL;
  SanheWorkspacePage *page = sanhe_window_get_visible_page (self);
  g_autofree char *user = NULL;

  adw_window_title_set_title (self->window_title,
                              page ? sanhe_workspace_page_get_title (page) : _("Sanhe"));
  adw_window_title_set_subtitle (self->window_title, sanhe_api_get_base_url (self->api));

  if (name != NULL && department != NULL)
    /* Translators: the user's name and department in the header bar */
    user = g_strdup_printf (_("%s · %s"), name, department);
  else
    user = g_strdup (name ? name : "");
  gtk_label_set_text (self->user_label, user);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const SanheWorkspaceInfo *info = g_object_get_data (G_OBJECT (row), "sanhe-info");
  const SanheWorkspaceInfo *previous = NULL;
  GtkWidget *header;

  if (before != NULL)
    previous = g_object_get_data (G_OBJECT (before), "sanhe-info");
  if (previous != NULL && g_str_equal (previous->group, info->group))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (_(info->group));
  gtk_label_set_xalign (GTK_LABEL (header), 0.0);
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_row (const SanheWorkspaceInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (_(info->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "sanhe-info", (gpointer)info);

  return row;
}

/* (Re)builds sidebar and pages from the registry and the permissions. */
static void
rebuild_workspaces (SanheWindow *self)
{
  const SanheWorkspaceInfo *infos;
  g_autofree char *visible = g_strdup (gtk_stack_get_visible_child_name (self->stack));
  GtkWidget *child;
  guint n_infos;

  infos = sanhe_workspace_registry_get (&n_infos);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);

  for (guint i = 0; i < n_infos; i++)
    {
      const SanheWorkspaceInfo *info = &infos[i];
      gboolean allowed = sanhe_api_has_permission (self->api, info->permission);
      GtkWidget *page = gtk_stack_get_child_by_name (self->stack, info->id);

      if (!allowed)
        {
          if (page != NULL)
            gtk_stack_remove (self->stack, page);
          continue;
        }

      if (page == NULL)
        {
          page = GTK_WIDGET (sanhe_workspace_info_create (info, self->api));
          gtk_stack_add_named (self->stack, page, info->id);
        }
      gtk_list_box_append (self->sidebar, create_row (info));
    }

  if (visible == NULL || !sanhe_window_show_workspace (self, visible))
    sanhe_window_show_workspace (self, infos[0].id);
}

static void
on_sidebar_row_selected_cb (GtkListBox    *sidebar,
                            GtkListBoxRow *row,
                            SanheWindow   *self)
{
  const SanheWorkspaceInfo *info;

  if (row == NULL)
    return;

  info = g_object_get_data (G_OBJECT (row), "sanhe-info");
  gtk_stack_set_visible_child_name (self->stack, info->id);
  update_header (self);
}

static void
on_api_notify_me_cb (SanheApi    *api,
                     GParamSpec  *pspec,
                     SanheWindow *self)
{
  if (sanhe_api_get_me (api) == NULL)
    return;

  rebuild_workspaces (self);
  update_header (self);
}

static void
on_api_notify_online_cb (SanheApi    *api,
                         GParamSpec  *pspec,
                         SanheWindow *self)
{
  gboolean online = sanhe_api_get_online (api);
  SanheWorkspacePage *page;

  gtk_revealer_set_reveal_child (self->connection_revealer, !online);
  if (!online)
    {
      self->was_offline = TRUE;
      return;
    }

  if (self->was_offline)
    {
      self->was_offline = FALSE;
      sanhe_window_add_toast (self, _("Connected to the server again"));
      page = sanhe_window_get_visible_page (self);
      if (page != NULL)
        sanhe_workspace_page_reload (page);
    }
}

static void
reconnect_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  sanhe_api_reconnect_now (SANHE_WINDOW (user_data)->api);
}

static void
move_workspace (SanheWindow *self,
                int          delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);
  int index = row ? gtk_list_box_row_get_index (row) : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->sidebar, MAX (index + delta, 0));

  if (next != NULL)
    gtk_list_box_select_row (self->sidebar, next);
}

static void
previous_workspace_activated (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  move_workspace (SANHE_WINDOW (user_data), -1);
}

static void
next_workspace_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  move_workspace (SANHE_WINDOW (user_data), 1);
}

static const GActionEntry win_entries[] = {
  { "reconnect", reconnect_activated },
  { "previous-workspace", previous_workspace_activated },
  { "next-workspace", next_workspace_activated },
};

static gboolean
sanhe_window_close_request (GtkWindow *window)
{
  SanheWindow *self = SANHE_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  /* Hidden, the window keeps the application running: pages, the event
   * stream and the tray stay alive, and presenting it shows it again. */
  if (g_settings_get_boolean (self->settings, "run-in-background"))
    {
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      g_signal_emit (self, signals[BACKGROUNDED], 0);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (sanhe_window_parent_class)->close_request (window);
}

static void
sanhe_window_constructed (GObject *object)
{
  SanheWindow *self = SANHE_WINDOW (object);

  G_OBJECT_CLASS (sanhe_window_parent_class)->constructed (object);

  g_signal_connect_object (self->api, "notify::me", G_CALLBACK (on_api_notify_me_cb), self, 0);
  g_signal_connect_object (self->api, "notify::online",
                           G_CALLBACK (on_api_notify_online_cb), self, 0);
  rebuild_workspaces (self);
  update_header (self);
}

static void
sanhe_window_dispose (GObject *object)
{
  SanheWindow *self = SANHE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_WINDOW);
  g_clear_object (&self->api);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sanhe_window_parent_class)->dispose (object);
}

static void
sanhe_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SanheWindow *self = SANHE_WINDOW (object);

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
sanhe_window_class_init (SanheWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sanhe_window_constructed;
  object_class->dispose = sanhe_window_dispose;
  object_class->set_property = sanhe_window_set_property;
  window_class->close_request = sanhe_window_close_request;

  properties[PROP_API] =
    g_param_spec_object ("api", NULL, NULL, SANHE_TYPE_API,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Closed by the user while running in the background: now hidden. */
  signals[BACKGROUNDED] =
    g_signal_new ("backgrounded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SanheWindow, stack);

  gtk_widget_class_install_action (widget_class, "page.reload", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "page.new", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "page.save", NULL, page_action);
}

static void
sanhe_window_init (SanheWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
  gtk_list_box_set_header_func (self->sidebar, header_func, NULL, NULL);
  g_signal_connect (self->sidebar, "row-selected", G_CALLBACK (on_sidebar_row_selected_cb), self);
}

SanheWindow *
sanhe_window_new (GtkApplication *application,
                  SanheApi       *api)
{
  return g_object_new (SANHE_TYPE_WINDOW, "application", application, "api", api, NULL);
}

/* Shows the workspace @id if the user may see it. */
gboolean
sanhe_window_show_workspace (SanheWindow *self,
                             const char  *id)
{
  g_return_val_if_fail (SANHE_IS_WINDOW (self), FALSE);

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);
      const SanheWorkspaceInfo *info;

      if (row == NULL)
        return FALSE;

      info = g_object_get_data (G_OBJECT (row), "sanhe-info");
      if (g_strcmp0 (info->id, id) == 0)
        {
          gtk_list_box_select_row (self->sidebar, row);
          gtk_stack_set_visible_child_name (self->stack, id);
          update_header (self);
          return TRUE;
        }
    }
}

/* Returns: (transfer none) (nullable) */
SanheWorkspacePage *
sanhe_window_get_visible_page (SanheWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (SANHE_IS_WINDOW (self), NULL);

  child = gtk_stack_get_visible_child (self->stack);
  return child ? SANHE_WORKSPACE_PAGE (child) : NULL;
}

/* Hands a server event to every page; each decides if it cares. */
void
sanhe_window_handle_event (SanheWindow *self,
                           const char  *type,
                           JsonNode    *event)
{
  g_return_if_fail (SANHE_IS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sanhe_workspace_page_handle_event (SANHE_WORKSPACE_PAGE (child), type, event);
}

void
sanhe_window_add_toast (SanheWindow *self,
                        const char  *text)
{
  g_return_if_fail (SANHE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Shows @toast (transfer full), with its button and action, in the window. */
void
sanhe_window_show_toast (SanheWindow *self,
                         AdwToast    *toast)
{
  g_return_if_fail (SANHE_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
