/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-tray"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "sanhe-tray-private.h"

/*
 * The tray icon's menu as com.canonical.dbusmenu, the interface tray hosts
 * read a StatusNotifierItem's "Menu" from. It never changes, so the layout
 * has one revision and no updates: the root (0), Open Approvals (1), a
 * separator (2) and Quit (3). A "clicked" event on an item emits the
 * tray's "activate" or "quit" signal.
 */

#define MENU_INTERFACE "com.canonical.dbusmenu"
#define MENU_REVISION  1

enum {
  ITEM_ROOT,
  ITEM_OPEN,
  ITEM_SEPARATOR,
  ITEM_QUIT,
  N_ITEMS
};

static const char menu_xml[] =
  "<node>"
  "  <interface name='com.canonical.dbusmenu'>"
  "    <property name='Version' type='u' access='read'/>"
  "    <property name='TextDirection' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='IconThemePath' type='as' access='read'/>"
  "    <method name='GetLayout'>"
  "      <arg name='parentId' type='i' direction='in'/>"
  "      <arg name='recursionDepth' type='i' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='revision' type='u' direction='out'/>"
  "      <arg name='layout' type='(ia{sv}av)' direction='out'/>"
  "    </method>"
  "    <method name='GetGroupProperties'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='properties' type='a(ia{sv})' direction='out'/>"
  "    </method>"
  "    <method name='GetProperty'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='name' type='s' direction='in'/>"
  "      <arg name='value' type='v' direction='out'/>"
  "    </method>"
  "    <method name='Event'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='eventId' type='s' direction='in'/>"
  "      <arg name='data' type='v' direction='in'/>"
  "      <arg name='timestamp' type='u' direction='in'/>"
  "    </method>"
  "    <method name='EventGroup'>"
  "      <arg name='events' type='a(isvu)' direction='in'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShow'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='needUpdate' type='b' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShowGroup'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='updatesNeeded' type='ai' direction='out'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <signal name='ItemsPropertiesUpdated'>"
  "      <arg name='updatedProps' type='a(ia{sv})'/>"
  "      <arg name='removedProps' type='a(ias)'/>"
  "    </signal>"
  "    <signal name='LayoutUpdated'>"
  "      <arg name='revision' type='u'/>"
  "      <arg name='parent' type='i'/>"
  "    </signal>"
  "    <signal name='ItemActivationRequested'>"
  "      <arg name='id' type='i'/>"
  "      <arg name='timestamp' type='u'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

static GDBusNodeInfo *menu_info;

static gboolean
wanted (const char * const *names,
        const char         *name)
{
  /* An empty list asks for every property. */
  return names == NULL || names[0] == NULL || g_strv_contains (names, name);
}

static GVariant *
item_properties (int                 id,
                 const char * const *names)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  switch (id)
    {
    case ITEM_ROOT:
      if (wanted (names, "children-display"))
        g_variant_builder_add (&builder, "{sv}", "children-display", g_variant_new_string ("submenu"));
      break;
    case ITEM_OPEN:
      if (wanted (names, "label"))
        /* Translators: an item of the tray icon's menu */
        g_variant_builder_add (&builder, "{sv}", "label", g_variant_new_string (_("Open Approvals")));
      break;
    case ITEM_SEPARATOR:
      if (wanted (names, "type"))
        g_variant_builder_add (&builder, "{sv}", "type", g_variant_new_string ("separator"));
      break;
    case ITEM_QUIT:
      if (wanted (names, "label"))
        /* Translators: an item of the tray icon's menu: end the program */
        g_variant_builder_add (&builder, "{sv}", "label", g_variant_new_string (_("Quit Sanhe")));
      break;
    default:
      break;
    }

  return g_variant_builder_end (&builder);
}

static GVariant *
item_layout (int                 id,
             int                 depth,
             const char * const *names)
{
  GVariantBuilder children;

  g_variant_builder_init (&children, G_VARIANT_TYPE ("av"));
  if (id == ITEM_ROOT && depth != 0)
    for (int child = ITEM_OPEN; child < N_ITEMS; child++)
      g_variant_builder_add (&children, "v", item_layout (child, depth - 1, names));

  return g_variant_new ("(i@a{sv}av)", id, item_properties (id, names), &children);
}

static void
handle_event (SanheTray  *tray,
              int         id,
              const char *event)
{
  if (!g_str_equal (event, "clicked"))
    return;
  if (id == ITEM_OPEN)
    g_signal_emit_by_name (tray, "activate");
  else if (id == ITEM_QUIT)
    g_signal_emit_by_name (tray, "quit");
}

static void
menu_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  g_autoptr(SanheTray) tray = g_object_ref (user_data);

  if (g_str_equal (method_name, "GetLayout"))
    {
      g_autofree const char **names = NULL;
      int parent, depth;

      g_variant_get (parameters, "(ii^a&s)", &parent, &depth, &names);
      if (parent < 0 || parent >= N_ITEMS)
        {
          g_dbus_method_invocation_return_dbus_error (invocation, "com.canonical.dbusmenu.Error.NoSuchItem",
                                                      "No such menu item");
          return;
        }
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u@(ia{sv}av))", MENU_REVISION,
                                                            item_layout (parent, depth, names)));
    }
  else if (g_str_equal (method_name, "GetGroupProperties"))
    {
      g_autoptr(GVariantIter) ids = NULL;
      g_autofree const char **names = NULL;
      GVariantBuilder builder;
      int id;

      g_variant_get (parameters, "(ai^a&s)", &ids, &names);
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ia{sv})"));
      while (g_variant_iter_next (ids, "i", &id))
        if (id >= 0 && id < N_ITEMS)
          g_variant_builder_add (&builder, "(i@a{sv})", id, item_properties (id, names));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a(ia{sv}))",
                                                                        g_variant_builder_end (&builder)));
    }
  else if (g_str_equal (method_name, "GetProperty"))
    {
      const char *name;
      const char *names[2] = { NULL, NULL };
      g_autoptr(GVariant) properties = NULL;
      g_autoptr(GVariant) value = NULL;
      int id;

      g_variant_get (parameters, "(i&s)", &id, &name);
      names[0] = name;
      properties = g_variant_ref_sink (item_properties (id, names));
      value = g_variant_lookup_value (properties, name, NULL);
      if (value == NULL)
        g_dbus_method_invocation_return_dbus_error (invocation, "com.canonical.dbusmenu.Error.NoSuchProperty",
                                                    "No such property");
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
    }
  else if (g_str_equal (method_name, "Event"))
    {
      const char *event;
      int id;

      g_variant_get (parameters, "(i&svu)", &id, &event, NULL, NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
      handle_event (tray, id, event);
    }
  else if (g_str_equal (method_name, "EventGroup"))
    {
      g_autoptr(GVariantIter) events = NULL;
      GVariantBuilder errors;
      const char *event;
      int id;

      g_variant_get (parameters, "(a(isvu))", &events);
      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      while (g_variant_iter_next (events, "(i&svu)", &id, &event, NULL, NULL))
        {
          if (id < 0 || id >= N_ITEMS)
            g_variant_builder_add (&errors, "i", id);
          else
            handle_event (tray, id, event);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@ai)", g_variant_builder_end (&errors)));
    }
  else if (g_str_equal (method_name, "AboutToShow"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
  else if (g_str_equal (method_name, "AboutToShowGroup"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(@ai@ai)",
                                                          g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0),
                                                          g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0)));
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static GVariant *
menu_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  if (g_str_equal (property_name, "Version"))
    return g_variant_new_uint32 (3);
  if (g_str_equal (property_name, "TextDirection"))
    return g_variant_new_string (gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL ? "rtl" : "ltr");
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string ("normal");
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_strv (NULL, 0);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable menu_vtable = {
  menu_method_call,
  menu_get_property,
  NULL,
  { 0 }
};

/* Returns: the registration id, 0 on error. */
guint
_sanhe_tray_menu_register (GDBusConnection  *connection,
                           SanheTray        *tray,
                           GError          **error)
{
  if (menu_info == NULL)
    menu_info = g_dbus_node_info_new_for_xml (menu_xml, NULL);
  g_assert (menu_info != NULL);

  return g_dbus_connection_register_object (connection, SANHE_TRAY_MENU_PATH, menu_info->interfaces[0],
                                            &menu_vtable, tray, NULL, error);
}
