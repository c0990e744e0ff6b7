/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-tray"

#include "config.h"

#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "sanhe-tray.h"
#include "sanhe-tray-private.h"

/*
 * A tray icon as a StatusNotifierItem (the freedesktop/KDE protocol that
 * KDE, Xfce, waybar and GNOME's AppIndicator extension host), spoken with
 * GDBus alone:
 *
 *   - on the session bus, the object /StatusNotifierItem implements
 *     org.kde.StatusNotifierItem and /MenuBar a small
 *     com.canonical.dbusmenu (Open Approvals, Quit);
 *   - the process owns org.kde.StatusNotifierItem-PID-1 and hands that
 *     name to org.kde.StatusNotifierWatcher's RegisterStatusNotifierItem
 *     whenever a watcher appears on the bus (again after it restarts);
 *   - "shown" is TRUE while a watcher holds our registration and says a
 *     host is there to draw it; otherwise the application falls back to
 *     notices in its window.
 *
 * Status is Passive with nothing waiting, Active with tasks waiting and
 * NeedsAttention when some arrived since the user last looked. The count
 * is in the tooltip ("3 approvals waiting") and, for tests and scripts, in
 * the extra property XSanhePending (u). Activate, SecondaryActivate and
 * ContextMenu emit "activate" (the application shows the inbox); Scroll
 * does nothing. IconName is the application icon; IconPixmap carries the
 * same icon rendered from our resources for hosts that cannot find it in
 * the icon theme (as when running from the build tree).
 */

#define ITEM_PATH          "/StatusNotifierItem"
#define ITEM_INTERFACE     "org.kde.StatusNotifierItem"
#define WATCHER_NAME       "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH       "/StatusNotifierWatcher"
#define WATCHER_INTERFACE  "org.kde.StatusNotifierWatcher"
#define ICON_RESOURCE      "/org/sanhe/Sanhe/icons/scalable/apps/" APP_ID ".svg"

static const char item_xml[] =
  "<node>"
  "  <interface name='org.kde.StatusNotifierItem'>"
  "    <property name='Category' type='s' access='read'/>"
  "    <property name='Id' type='s' access='read'/>"
  "    <property name='Title' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='WindowId' type='i' access='read'/>"
  "    <property name='IconName' type='s' access='read'/>"
  "    <property name='IconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='OverlayIconName' type='s' access='read'/>"
  "    <property name='OverlayIconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='AttentionIconName' type='s' access='read'/>"
  "    <property name='AttentionIconPixmap' type='a(iiay)' access='read'/>"
  "    <property name='AttentionMovieName' type='s' access='read'/>"
  "    <property name='ToolTip' type='(sa(iiay)ss)' access='read'/>"
  "    <property name='ItemIsMenu' type='b' access='read'/>"
  "    <property name='Menu' type='o' access='read'/>"
  "    <property name='XSanhePending' type='u' access='read'/>"
  "    <method name='ContextMenu'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>"
  "    <method name='Activate'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>"
  "    <method name='SecondaryActivate'><arg name='x' type='i' direction='in'/><arg name='y' type='i' direction='in'/></method>"
  "    <method name='Scroll'><arg name='delta' type='i' direction='in'/><arg name='orientation' type='s' direction='in'/></method>"
  "    <signal name='NewTitle'/>"
  "    <signal name='NewIcon'/>"
  "    <signal name='NewAttentionIcon'/>"
  "    <signal name='NewOverlayIcon'/>"
  "    <signal name='NewToolTip'/>"
  "    <signal name='NewStatus'><arg name='status' type='s'/></signal>"
  "  </interface>"
  "</node>";

struct _SanheTray
{
  GObject          parent_instance;

  GDBusConnection *connection;
  GCancellable    *cancellable;
  char            *bus_name;      /* org.kde.StatusNotifierItem-PID-1 */
  guint            item_id;       /* registration of ITEM_PATH */
  guint            menu_id;       /* registration of SANHE_TRAY_MENU_PATH */
  guint            owner_id;
  guint            watcher_id;
  guint            host_signal_id;
  gboolean         name_owned;
  gboolean         watcher_present;
  gboolean         registered;
  gboolean         host_present;
  gboolean         shown;

  SanheTrayStatus  status;
  guint            pending;
  char            *description;
  GVariant        *icon_pixmap;   /* a(iiay) */
};

G_DEFINE_FINAL_TYPE (SanheTray, sanhe_tray, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SHOWN,
  N_PROPS
};

enum {
  ACTIVATE,
  QUIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static GDBusNodeInfo *item_info;

static const char *
status_to_string (SanheTrayStatus status)
{
  switch (status)
    {
    case SANHE_TRAY_ACTIVE:
      return "Active";
    case SANHE_TRAY_NEEDS_ATTENTION:
      return "NeedsAttention";
    case SANHE_TRAY_PASSIVE:
    default:
      return "Passive";
    }
}

/* The application icon at the usual tray sizes, as ARGB32 in network byte
 * order, which is what the protocol asks for. */
static GVariant *
create_icon_pixmap (void)
{
  static const int sizes[] = { 16, 22, 24, 32, 48, 64 };
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(iiay)"));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GdkPixbuf) loaded = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GError) error = NULL;
      const guint8 *pixels;
      guint8 *argb;
      int width, height, stride;

      loaded = gdk_pixbuf_new_from_resource_at_scale (ICON_RESOURCE, sizes[i], sizes[i], TRUE, &error);
      if (loaded == NULL)
        {
          g_debug ("Rendering the tray icon: %s", error->message);
          break;
        }
      pixbuf = gdk_pixbuf_add_alpha (loaded, FALSE, 0, 0, 0);
      width = gdk_pixbuf_get_width (pixbuf);
      height = gdk_pixbuf_get_height (pixbuf);
      stride = gdk_pixbuf_get_rowstride (pixbuf);
      pixels = gdk_pixbuf_read_pixels (pixbuf);
      argb = g_malloc ((gsize) width * height * 4);

      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            const guint8 *rgba = pixels + y * stride + x * 4;
            guint8 *out = argb + ((gsize) y * width + x) * 4;

            out[0] = rgba[3];
            out[1] = rgba[0];
            out[2] = rgba[1];
            out[3] = rgba[2];
          }

      g_variant_builder_add (&builder, "(ii@ay)", width, height,
                             g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, argb,
                                                      (gsize) width * height * 4, TRUE, g_free, argb));
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static GVariant *
create_tooltip (SanheTray *self)
{
  return g_variant_new ("(s@a(iiay)ss)", APP_ID,
                        g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0),
                        _("Sanhe"), self->description ? self->description : "");
}

static void
emit_item_signal (SanheTray  *self,
                  const char *name,
                  GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;

  if (self->connection == NULL || self->item_id == 0)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }

  if (!g_dbus_connection_emit_signal (self->connection, NULL, ITEM_PATH, ITEM_INTERFACE,
                                      name, parameters, &error))
    g_debug ("Emitting %s: %s", name, error->message);
}

static void
update_shown (SanheTray *self)
{
  gboolean shown = self->registered && self->host_present;

  if (shown == self->shown)
    return;
  self->shown = shown;
  g_debug ("tray icon %s", shown ? "shown by a host" : "not shown");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

static void
on_host_property_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SanheTray) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A watcher that cannot say is trusted to have a host. */
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);
  self->host_present = value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN)
                       || g_variant_get_boolean (value);
  update_shown (self);
}

static void
query_host (SanheTray *self)
{
  g_dbus_connection_call (self->connection, WATCHER_NAME, WATCHER_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", WATCHER_INTERFACE, "IsStatusNotifierHostRegistered"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          on_host_property_cb, g_object_ref (self));
}

static void
on_registered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SanheTray) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      g_debug ("Registering with the tray watcher: %s", error->message);
      self->registered = FALSE;
      update_shown (self);
      return;
    }

  self->registered = TRUE;
  query_host (self);
}

static void
try_register (SanheTray *self)
{
  if (!self->name_owned || !self->watcher_present)
    return;

  g_dbus_connection_call (self->connection, WATCHER_NAME, WATCHER_PATH, WATCHER_INTERFACE,
                          "RegisterStatusNotifierItem", g_variant_new ("(s)", self->bus_name),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          on_registered_cb, g_object_ref (self));
}

static void
on_watcher_appeared_cb (GDBusConnection *connection,
                        const char      *name,
                        const char      *owner,
                        gpointer         user_data)
{
  SanheTray *self = user_data;

  self->watcher_present = TRUE;
  try_register (self);
}

static void
on_watcher_vanished_cb (GDBusConnection *connection,
                        const char      *name,
                        gpointer         user_data)
{
  SanheTray *self = user_data;

  /* A new watcher knows nothing of us: register again when it comes. */
  self->watcher_present = FALSE;
  self->registered = FALSE;
  self->host_present = FALSE;
  update_shown (self);
}

static void
on_watcher_signal_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  SanheTray *self = user_data;

  if (self->registered
      && (g_str_equal (signal_name, "StatusNotifierHostRegistered")
          || g_str_equal (signal_name, "StatusNotifierHostUnregistered")))
    query_host (self);
}

static void
on_name_acquired_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  SanheTray *self = user_data;

  self->name_owned = TRUE;
  try_register (self);
}

static void
on_name_lost_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  SanheTray *self = user_data;

  self->name_owned = FALSE;
  self->registered = FALSE;
  update_shown (self);
}

static void
item_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  SanheTray *self = user_data;
  gboolean activate = !g_str_equal (method_name, "Scroll");

  g_dbus_method_invocation_return_value (invocation, NULL);

  /* Our menu is there for hosts that can show it; a host asking us for a
   * context menu gets the window, the most useful thing we can show. */
  if (activate)
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static GVariant *
item_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  SanheTray *self = user_data;

  if (g_str_equal (property_name, "Category"))
    return g_variant_new_string ("Communications");
  if (g_str_equal (property_name, "Id"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (property_name, "Title"))
    return g_variant_new_string (_("Sanhe"));
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string (status_to_string (self->status));
  if (g_str_equal (property_name, "WindowId"))
    return g_variant_new_int32 (0);
  if (g_str_equal (property_name, "IconName") || g_str_equal (property_name, "AttentionIconName"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (property_name, "IconPixmap") || g_str_equal (property_name, "AttentionIconPixmap"))
    return g_variant_ref (self->icon_pixmap);
  if (g_str_equal (property_name, "OverlayIconPixmap"))
    return g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0);
  if (g_str_equal (property_name, "OverlayIconName") || g_str_equal (property_name, "AttentionMovieName"))
    return g_variant_new_string ("");
  if (g_str_equal (property_name, "ToolTip"))
    return create_tooltip (self);
  if (g_str_equal (property_name, "ItemIsMenu"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (property_name, "Menu"))
    return g_variant_new_object_path (self->menu_id != 0 ? SANHE_TRAY_MENU_PATH : "/");
  if (g_str_equal (property_name, "XSanhePending"))
    return g_variant_new_uint32 (self->pending);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable item_vtable = {
  item_method_call,
  item_get_property,
  NULL,
  { 0 }
};

static void
on_bus_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SanheTray) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = g_bus_get_finish (result, &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No session bus, no tray icon: %s", error->message);
      return;
    }
  self->connection = connection;

  self->item_id = g_dbus_connection_register_object (connection, ITEM_PATH, item_info->interfaces[0],
                                                     &item_vtable, self, NULL, &error);
  if (self->item_id == 0)
    {
      g_debug ("Exporting the tray icon: %s", error->message);
      return;
    }
  self->menu_id = _sanhe_tray_menu_register (connection, self, &error);
  if (self->menu_id == 0)
    g_debug ("Exporting the tray menu: %s", error->message);

  self->host_signal_id =
    g_dbus_connection_signal_subscribe (connection, WATCHER_NAME, WATCHER_INTERFACE, NULL, WATCHER_PATH,
                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_watcher_signal_cb, self, NULL);
  self->owner_id = g_bus_own_name_on_connection (connection, self->bus_name, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                 on_name_acquired_cb, on_name_lost_cb, self, NULL);
  self->watcher_id = g_bus_watch_name_on_connection (connection, WATCHER_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                     on_watcher_appeared_cb, on_watcher_vanished_cb,
                                                     self, NULL);
}

static void
sanhe_tray_dispose (GObject *object)
{
  SanheTray *self = SANHE_TRAY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  g_clear_handle_id (&self->watcher_id, g_bus_unwatch_name);
  if (self->connection != NULL)
    {
      if (self->host_signal_id != 0)
        g_dbus_connection_signal_unsubscribe (self->connection, self->host_signal_id);
      if (self->item_id != 0)
        g_dbus_connection_unregister_object (self->connection, self->item_id);
      if (self->menu_id != 0)
        g_dbus_connection_unregister_object (self->connection, self->menu_id);
    }
  self->host_signal_id = self->item_id = self->menu_id = 0;
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sanhe_tray_parent_class)->dispose (object);
}

static void
sanhe_tray_finalize (GObject *object)
{
  SanheTray *self = SANHE_TRAY (object);

  g_free (self->bus_name);
  g_free (self->description);
  g_clear_pointer (&self->icon_pixmap, g_variant_unref);

  G_OBJECT_CLASS (sanhe_tray_parent_class)->finalize (object);
}

static void
sanhe_tray_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SanheTray *self = SANHE_TRAY (object);

  switch (prop_id)
    {
    case PROP_SHOWN:
      g_value_set_boolean (value, self->shown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_tray_class_init (SanheTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_tray_dispose;
  object_class->finalize = sanhe_tray_finalize;
  object_class->get_property = sanhe_tray_get_property;

  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user clicked the icon or chose Open Approvals in its menu. */
  signals[ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user chose Quit in the icon's menu. */
  signals[QUIT] =
    g_signal_new ("quit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  item_info = g_dbus_node_info_new_for_xml (item_xml, NULL);
  g_assert (item_info != NULL);
}

static void
sanhe_tray_init (SanheTray *self)
{
  self->cancellable = g_cancellable_new ();
  self->bus_name = g_strdup_printf ("org.kde.StatusNotifierItem-%d-1", (int) getpid ());
  self->status = SANHE_TRAY_PASSIVE;
  self->icon_pixmap = create_icon_pixmap ();
}

/* Exports the item on the session bus (when there is one) and keeps it
 * registered with whatever tray watcher comes and goes. */
SanheTray *
sanhe_tray_new (void)
{
  SanheTray *self = g_object_new (SANHE_TYPE_TRAY, NULL);

  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_bus_cb, g_object_ref (self));

  return self;
}

/* Sets what the icon shows: @status, @pending tasks, and @description
 * (the tooltip's text). Hosts hear of each change by its signal. */
void
sanhe_tray_update (SanheTray       *self,
                   SanheTrayStatus  status,
                   guint            pending,
                   const char      *description)
{
  g_return_if_fail (SANHE_IS_TRAY (self));

  if (pending != self->pending || g_strcmp0 (description, self->description) != 0)
    {
      self->pending = pending;
      g_free (self->description);
      self->description = g_strdup (description);
      emit_item_signal (self, "NewToolTip", NULL);
    }

  if (status != self->status)
    {
      self->status = status;
      emit_item_signal (self, "NewStatus", g_variant_new ("(s)", status_to_string (status)));
    }
}

/* Whether a tray host shows our icon right now. */
gboolean
sanhe_tray_get_shown (SanheTray *self)
{
  g_return_val_if_fail (SANHE_IS_TRAY (self), FALSE);

  return self->shown;
}
