/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-workspace-page"

#include "config.h"

#include "sanhe-workspace-page.h"

/*
 * The base of every workspace in the sidebar. It owns a GCancellable that
 * every request the page starts must use; dispose cancels it, so a reply
 * never reaches a page that is gone. Pages load on first map, report
 * loading/loaded, and expose four actions the window forwards shortcuts to:
 * list.reload (F5), list.search (Ctrl+F), record.new (Ctrl+N) and
 * record.save (Ctrl+S).
 */

typedef struct
{
  SanheApi     *api;
  GCancellable *cancellable;
  char         *workspace_id;
  char         *title;
  char         *icon_name;
  gboolean      loading;
  gboolean      loaded;
} SanheWorkspacePagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SanheWorkspacePage, sanhe_workspace_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_API,
  PROP_WORKSPACE_ID,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_LOADING,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheWorkspacePageClass *klass = SANHE_WORKSPACE_PAGE_GET_CLASS (widget);

  if (klass->search != NULL)
    klass->search (SANHE_WORKSPACE_PAGE (widget));
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SanheWorkspacePageClass *klass = SANHE_WORKSPACE_PAGE_GET_CLASS (widget);

  if (klass->new_record != NULL)
    klass->new_record (SANHE_WORKSPACE_PAGE (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SanheWorkspacePageClass *klass = SANHE_WORKSPACE_PAGE_GET_CLASS (widget);

  if (klass->save != NULL)
    klass->save (SANHE_WORKSPACE_PAGE (widget));
}

static void
sanhe_workspace_page_map (GtkWidget *widget)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (widget);
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  GTK_WIDGET_CLASS (sanhe_workspace_page_parent_class)->map (widget);

  /* Load what is shown, when it is first shown. */
  if (!priv->loaded && !priv->loading)
    sanhe_workspace_page_reload (self);
}

static void
sanhe_workspace_page_constructed (GObject *object)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (object);
  SanheWorkspacePageClass *klass = SANHE_WORKSPACE_PAGE_GET_CLASS (self);

  G_OBJECT_CLASS (sanhe_workspace_page_parent_class)->constructed (object);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.reload", klass->reload != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.search", klass->search != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.new", klass->new_record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save", klass->save != NULL);
}

static void
sanhe_workspace_page_dispose (GObject *object)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (object);
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->api);

  G_OBJECT_CLASS (sanhe_workspace_page_parent_class)->dispose (object);
}

static void
sanhe_workspace_page_finalize (GObject *object)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (object);
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_clear_pointer (&priv->workspace_id, g_free);
  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->icon_name, g_free);

  G_OBJECT_CLASS (sanhe_workspace_page_parent_class)->finalize (object);
}

static void
sanhe_workspace_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (object);
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_API:
      g_value_set_object (value, priv->api);
      break;
    case PROP_WORKSPACE_ID:
      g_value_set_string (value, priv->workspace_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, priv->icon_name);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, priv->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_workspace_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SanheWorkspacePage *self = SANHE_WORKSPACE_PAGE (object);
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_API:
      priv->api = g_value_dup_object (value);
      break;
    case PROP_WORKSPACE_ID:
      priv->workspace_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      priv->title = g_value_dup_string (value);
      break;
    case PROP_ICON_NAME:
      priv->icon_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_workspace_page_class_init (SanheWorkspacePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sanhe_workspace_page_constructed;
  object_class->dispose = sanhe_workspace_page_dispose;
  object_class->finalize = sanhe_workspace_page_finalize;
  object_class->get_property = sanhe_workspace_page_get_property;
  object_class->set_property = sanhe_workspace_page_set_property;

  widget_class->map = sanhe_workspace_page_map;

  properties[PROP_API] =
    g_param_spec_object ("api", NULL, NULL, SANHE_TYPE_API,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSPACE_ID] =
    g_param_spec_string ("workspace-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "list.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "list.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "record.new", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
}

static void
sanhe_workspace_page_init (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

SanheApi *
sanhe_workspace_page_get_api (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), NULL);

  return priv->api;
}

/* Returns: (transfer none): cancelled when the page goes away. */
GCancellable *
sanhe_workspace_page_get_cancellable (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), NULL);

  return priv->cancellable;
}

const char *
sanhe_workspace_page_get_workspace_id (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), NULL);

  return priv->workspace_id;
}

const char *
sanhe_workspace_page_get_title (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), NULL);

  return priv->title;
}

const char *
sanhe_workspace_page_get_icon_name (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), NULL);

  return priv->icon_name;
}

gboolean
sanhe_workspace_page_get_loading (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), FALSE);

  return priv->loading;
}

/* Whether the page has finished loading at least once (with data or an
 * error it shows). */
gboolean
sanhe_workspace_page_get_loaded (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), FALSE);

  return priv->loaded;
}

void
sanhe_workspace_page_set_loading (SanheWorkspacePage *self,
                                  gboolean            loading)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);

  g_return_if_fail (SANHE_IS_WORKSPACE_PAGE (self));

  loading = !!loading;
  if (priv->loading == loading)
    return;

  priv->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (!loading && !priv->loaded)
    {
      priv->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

void
sanhe_workspace_page_reload (SanheWorkspacePage *self)
{
  SanheWorkspacePagePrivate *priv = sanhe_workspace_page_get_instance_private (self);
  SanheWorkspacePageClass *klass;

  g_return_if_fail (SANHE_IS_WORKSPACE_PAGE (self));

  klass = SANHE_WORKSPACE_PAGE_GET_CLASS (self);
  if (klass->reload != NULL)
    {
      klass->reload (self);
    }
  else if (!priv->loaded)
    {
      /* Nothing to fetch: loaded as soon as asked. */
      sanhe_workspace_page_set_loading (self, TRUE);
      sanhe_workspace_page_set_loading (self, FALSE);
    }
}

void
sanhe_workspace_page_handle_event (SanheWorkspacePage *self,
                                   const char         *type,
                                   JsonNode           *event)
{
  SanheWorkspacePageClass *klass;

  g_return_if_fail (SANHE_IS_WORKSPACE_PAGE (self));
  g_return_if_fail (type != NULL);

  klass = SANHE_WORKSPACE_PAGE_GET_CLASS (self);
  if (klass->event != NULL)
    klass->event (self, type, event);
}

/* Runs one of the page's actions ("list.reload", …) if it has it enabled. */
gboolean
sanhe_workspace_page_activate (SanheWorkspacePage *self,
                               const char         *action_name)
{
  g_return_val_if_fail (SANHE_IS_WORKSPACE_PAGE (self), FALSE);

  return gtk_widget_activate_action (GTK_WIDGET (self), action_name, NULL);
}

void
sanhe_workspace_page_add_toast (SanheWorkspacePage *self,
                                const char         *text)
{
  GtkWidget *overlay;

  g_return_if_fail (SANHE_IS_WORKSPACE_PAGE (self));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}
