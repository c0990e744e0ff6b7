/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-tray"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "sanhe-test-client.h"
#include "sanhe-test-server.h"

/*
 * The tray icon of the real `sanhe` binary, seen from the tray host's
 * chair. The test starts a private session bus (GTestDBus) and plays the
 * host on it: it owns org.kde.StatusNotifierWatcher and answers
 * RegisterStatusNotifierItem, then reads the client's item over D-Bus as
 * KDE or waybar would. The client runs under Xvfb against a real server
 * (--demo) where Joe submits travel expenses for his manager Ben.
 *
 *   /ui/tray/host         Ben's client registers its item; Status, tooltip
 *                         and XSanhePending give the count the server has;
 *                         closing the window (run-in-background on) only
 *                         hides it; Joe submits another request and
 *                         NewToolTip and NewStatus (NeedsAttention) arrive
 *                         with the count one up, announced by a desktop
 *                         notification and no toast; the item registers
 *                         again when the watcher comes back; Activate
 *                         shows the window on the inbox (screenshot
 *                         tray-activate-en.png); Quit in the item's menu
 *                         ends the process.
 *   /ui/tray/close-quits  run-in-background off: closing the window quits.
 *   /ui/tray/fallback/LANG  no watcher on the bus: the arrival is a toast in
 *                         the window (screenshot tray-fallback-LANG.png).
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR, SANHE_SCREENSHOT_DIR;
 * SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */

#define WAIT_SECONDS         60
#define WATCHER_NAME         "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH         "/StatusNotifierWatcher"
#define ITEM_PATH            "/StatusNotifierItem"
#define ITEM_INTERFACE       "org.kde.StatusNotifierItem"

static SanheTestServer *server;
static char *joe_token;
static char *ben_token;
static GTestDBus *bus;
static GDBusConnection *connection;   /* the host's, on the private bus */

static const char watcher_xml[] =
  "<node>"
  "  <interface name='org.kde.StatusNotifierWatcher'>"
  "    <method name='RegisterStatusNotifierItem'><arg name='service' type='s' direction='in'/></method>"
  "    <method name='RegisterStatusNotifierHost'><arg name='service' type='s' direction='in'/></method>"
  "    <property name='RegisteredStatusNotifierItems' type='as' access='read'/>"
  "    <property name='IsStatusNotifierHostRegistered' type='b' access='read'/>"
  "    <property name='ProtocolVersion' type='i' access='read'/>"
  "    <signal name='StatusNotifierItemRegistered'><arg type='s'/></signal>"
  "    <signal name='StatusNotifierItemUnregistered'><arg type='s'/></signal>"
  "    <signal name='StatusNotifierHostRegistered'/>"
  "  </interface>"
  "</node>";

/* The tray host: the watcher and what it heard. */
typedef struct
{
  guint      object_id;
  guint      owner_id;
  gboolean   owned;
  guint      signal_id;
  GPtrArray *services;    /* each RegisterStatusNotifierItem's argument */
  char      *sender;      /* the unique name that registered last */
  GPtrArray *signals;     /* "NewToolTip", "NewStatus:Active", … */
} Host;

/* --- the watcher ------------------------------------------------------ */

static void
watcher_method_call (GDBusConnection       *conn,
                     const char            *sender,
                     const char            *object_path,
                     const char            *interface_name,
                     const char            *method_name,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  Host *host = user_data;
  const char *service;

  g_variant_get (parameters, "(&s)", &service);
  g_dbus_method_invocation_return_value (invocation, NULL);
  if (!g_str_equal (method_name, "RegisterStatusNotifierItem"))
    return;

  g_test_message ("host: %s registered %s", sender, service);
  g_ptr_array_add (host->services, g_strdup (service));
  g_free (host->sender);
  host->sender = g_strdup (sender);
  g_dbus_connection_emit_signal (conn, NULL, WATCHER_PATH, WATCHER_NAME, "StatusNotifierItemRegistered",
                                 g_variant_new ("(s)", service), NULL);
}

static GVariant *
watcher_get_property (GDBusConnection  *conn,
                      const char       *sender,
                      const char       *object_path,
                      const char       *interface_name,
                      const char       *property_name,
                      GError          **error,
                      gpointer          user_data)
{
  Host *host = user_data;

  if (g_str_equal (property_name, "IsStatusNotifierHostRegistered"))
    return g_variant_new_boolean (TRUE);
  if (g_str_equal (property_name, "ProtocolVersion"))
    return g_variant_new_int32 (0);
  return g_variant_new_strv ((const char * const *) host->services->pdata, host->services->len);
}

static const GDBusInterfaceVTable watcher_vtable = { watcher_method_call, watcher_get_property, NULL, { 0 } };

static void
on_item_signal_cb (GDBusConnection *conn,
                   const char      *sender,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  Host *host = user_data;
  char *entry;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(s)")))
    {
      const char *arg;

      g_variant_get (parameters, "(&s)", &arg);
      entry = g_strdup_printf ("%s:%s", signal_name, arg);
    }
  else
    entry = g_strdup (signal_name);
  g_test_message ("host: signal %s", entry);
  g_ptr_array_add (host->signals, entry);
}

static void
on_watcher_acquired_cb (GDBusConnection *conn,
                        const char      *name,
                        gpointer         user_data)
{
  ((Host *) user_data)->owned = TRUE;
}

static void
on_watcher_lost_cb (GDBusConnection *conn,
                    const char      *name,
                    gpointer         user_data)
{
  ((Host *) user_data)->owned = FALSE;
}

static gboolean
host_owns_watcher (gpointer data)
{
  return ((Host *) data)->owned;
}

static void
host_own_watcher (Host *host)
{
  host->owner_id = g_bus_own_name_on_connection (connection, WATCHER_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 on_watcher_acquired_cb, on_watcher_lost_cb, host, NULL);
  g_assert_true (sanhe_test_wait_until (host_owns_watcher, host, WAIT_SECONDS));
}

static Host *
host_new (void)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (watcher_xml, NULL);
  g_autoptr(GError) error = NULL;
  Host *host = g_new0 (Host, 1);

  host->services = g_ptr_array_new_with_free_func (g_free);
  host->signals = g_ptr_array_new_with_free_func (g_free);
  host->object_id = g_dbus_connection_register_object (connection, WATCHER_PATH, info->interfaces[0],
                                                       &watcher_vtable, host, NULL, &error);
  g_assert_no_error (error);
  host->signal_id = g_dbus_connection_signal_subscribe (connection, NULL, ITEM_INTERFACE, NULL, ITEM_PATH,
                                                        NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                        on_item_signal_cb, host, NULL);
  host_own_watcher (host);

  return host;
}

static void
host_free (Host *host)
{
  g_clear_handle_id (&host->owner_id, g_bus_unown_name);
  g_dbus_connection_unregister_object (connection, host->object_id);
  g_dbus_connection_signal_unsubscribe (connection, host->signal_id);
  g_ptr_array_unref (host->services);
  g_ptr_array_unref (host->signals);
  g_free (host->sender);
  g_free (host);
}

static gboolean
host_has_registration (gpointer data)
{
  return ((Host *) data)->services->len > 0;
}

static gboolean
host_has_second_registration (gpointer data)
{
  return ((Host *) data)->services->len > 1;
}

static gboolean
host_heard (Host       *host,
            const char *entry)
{
  for (guint i = 0; i < host->signals->len; i++)
    if (g_str_equal (g_ptr_array_index (host->signals, i), entry))
      return TRUE;
  return FALSE;
}

static gboolean
host_heard_arrival (gpointer data)
{
  Host *host = data;

  return host_heard (host, "NewToolTip") && host_heard (host, "NewStatus:NeedsAttention");
}

static gboolean
host_heard_seen (gpointer data)
{
  return host_heard (data, "NewStatus:Active");
}

/* --- reading the item ------------------------------------------------- */

static GVariant *
item_get (Host       *host,
          const char *property)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *value;

  reply = g_dbus_connection_call_sync (connection, host->services->pdata[host->services->len - 1], ITEM_PATH,
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", ITEM_INTERFACE, property),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);

  return value;
}

static char *
item_get_string (Host       *host,
                 const char *property)
{
  g_autoptr(GVariant) value = item_get (host, property);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
  return g_variant_dup_string (value, NULL);
}

static guint
item_get_pending (Host *host)
{
  g_autoptr(GVariant) value = item_get (host, "XSanhePending");

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32));
  return g_variant_get_uint32 (value);
}

/* The tooltip's title and text, checking its shape on the way. */
static void
item_get_tooltip (Host  *host,
                  char **title,
                  char **text)
{
  g_autoptr(GVariant) value = item_get (host, "ToolTip");
  g_autoptr(GVariant) pixmaps = NULL;
  g_autofree char *icon = NULL;

  g_assert_cmpstr (g_variant_get_type_string (value), ==, "(sa(iiay)ss)");
  g_variant_get (value, "(s@a(iiay)ss)", &icon, &pixmaps, title, text);
  g_assert_cmpstr (icon, ==, "org.sanhe.Sanhe");
}

static void
item_call (Host       *host,
           const char *path,
           const char *interface,
           const char *method,
           GVariant   *parameters)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (connection, host->services->pdata[host->services->len - 1], path,
                                       interface, method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE,
                                       10000, NULL, &error);
  g_assert_no_error (error);
}

/* What a host shows before the first click: icon, category, a menu. */
static void
assert_item_describes_itself (Host *host)
{
  g_autofree char *category = item_get_string (host, "Category");
  g_autofree char *id = item_get_string (host, "Id");
  g_autofree char *icon = item_get_string (host, "IconName");
  g_autoptr(GVariant) pixmaps = item_get (host, "IconPixmap");
  g_autoptr(GVariant) is_menu = item_get (host, "ItemIsMenu");
  g_autoptr(GVariant) menu = item_get (host, "Menu");
  g_autoptr(GVariant) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = NULL;
  int width, height;
  g_autoptr(GVariant) argb = NULL;

  g_assert_cmpstr (category, ==, "Communications");
  g_assert_cmpstr (id, ==, "org.sanhe.Sanhe");
  g_assert_cmpstr (icon, ==, "org.sanhe.Sanhe");
  g_assert_false (g_variant_get_boolean (is_menu));

  /* The icon itself, for hosts without it in their theme. */
  g_assert_cmpstr (g_variant_get_type_string (pixmaps), ==, "a(iiay)");
  g_assert_cmpuint (g_variant_n_children (pixmaps), >, 0);
  g_variant_get_child (pixmaps, 0, "(ii@ay)", &width, &height, &argb);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpuint (g_variant_n_children (argb), ==, (gsize) width * height * 4);

  /* Its menu over com.canonical.dbusmenu. */
  g_assert_true (g_variant_is_of_type (menu, G_VARIANT_TYPE_OBJECT_PATH));
  layout = g_dbus_connection_call_sync (connection, host->services->pdata[0], g_variant_get_string (menu, NULL),
                                        "com.canonical.dbusmenu", "GetLayout",
                                        g_variant_new ("(ii@as)", 0, -1, g_variant_new_strv (NULL, 0)),
                                        G_VARIANT_TYPE ("(u(ia{sv}av))"), G_DBUS_CALL_FLAGS_NONE, 10000,
                                        NULL, &error);
  g_assert_no_error (error);
  labels = g_variant_print (layout, FALSE);
  g_test_message ("menu: %s", labels);
  g_assert_nonnull (strstr (labels, "'Open Approvals'"));
  g_assert_nonnull (strstr (labels, "'Quit Sanhe'"));
}

/* --- the client ------------------------------------------------------- */

/* Run-in-background comes from a real settings file, as a user's would. */
static char *
write_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sanhe-tray-XXXXXX", &error);
  g_autofree char *settings = NULL;
  g_autofree char *keyfile = NULL;

  g_assert_no_error (error);
  settings = g_build_filename (dir, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings, 0700), ==, 0);
  keyfile = g_build_filename (settings, "keyfile", NULL);
  g_file_set_contents (keyfile, "[org/sanhe/Sanhe]\nrun-in-background=true\n", -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static void
remove_settings (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Ben's client, on the bus where the test is the tray host (GTestDBus is
 * up: it inherits its address), its stderr read with its stdout. */
static SanheTestClient *
client_spawn (const char         *language,
              const char * const *env)
{
  return sanhe_test_client_spawn (server, "ben", NULL, language,
                                  SANHE_TEST_CLIENT_SESSION_BUS | SANHE_TEST_CLIENT_MERGE_STDERR, env);
}

/* --- the server's side ------------------------------------------------ */

/* What the server says is waiting for Ben. */
static guint
ben_pending_on_server (void)
{
  g_autoptr(JsonNode) all = sanhe_test_list_all (server, ben_token, "/api/v1/oa/tasks?state=pending");

  return json_array_get_length (json_node_get_array (all));
}

/* Waits for the client to print @count as its pending count. */
static void
client_wait_pending (SanheTestClient *client,
                     guint            count)
{
  g_autofree char *line = g_strdup_printf ("oa pending: %u", count);

  g_assert_nonnull (sanhe_test_client_wait_line (client, line, WAIT_SECONDS));
}

/* --- the tests -------------------------------------------------------- */

static void
test_tray_host (void)
{
  g_autofree char *path = sanhe_test_screenshot_path ("tray-activate-en.png");
  g_autofree char *config_dir = write_settings ();
  const char * const env[] = {
    "SANHE_CLOSE_WINDOW", "1",
    "SANHE_SCREENSHOT", path,
    "GSETTINGS_BACKEND", "keyfile",
    "XDG_CONFIG_HOME", config_dir,
    NULL
  };
  g_autofree char *owner = NULL;
  g_autofree char *status = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *notice;
  Host *host;
  SanheTestClient *client;
  guint before;

  host = host_new ();
  client = client_spawn ("en", env);

  /* The client registers its item under its own well-known name. */
  g_assert_true (sanhe_test_wait_until (host_has_registration, host, WAIT_SECONDS));
  g_assert_true (g_str_has_prefix (host->services->pdata[0], "org.kde.StatusNotifierItem-"));
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", (const char *) host->services->pdata[0]),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &owner);
  g_assert_cmpstr (owner, ==, host->sender);
  assert_item_describes_itself (host);

  /* Signed in, the item shows what the server has for Ben. */
  before = ben_pending_on_server ();
  g_assert_cmpuint (before, >, 0);
  client_wait_pending (client, before);
  g_assert_cmpuint (item_get_pending (host), ==, before);
  status = item_get_string (host, "Status");
  g_assert_cmpstr (status, ==, "Active");
  item_get_tooltip (host, &title, &text);
  g_assert_cmpstr (title, ==, "Sanhe");
  expected = g_strdup_printf (before == 1 ? "%u approval waiting" : "%u approvals waiting", before);
  g_assert_cmpstr (text, ==, expected);

  /* Closing the window only hides it: the item still answers. */
  g_assert_nonnull (sanhe_test_client_wait_line (client, "window hidden: running in the background",
                                                 WAIT_SECONDS));
  g_assert_false (sanhe_test_client_has_exited (client));

  /* Joe submits; nobody clicks; the host hears of it. */
  g_ptr_array_set_size (host->signals, 0);
  sanhe_test_submit_travel_expense (server, joe_token, "388.00", "Train to the trade fair");
  g_assert_cmpuint (ben_pending_on_server (), ==, before + 1);
  g_assert_true (sanhe_test_wait_until (host_heard_arrival, host, WAIT_SECONDS));
  g_assert_cmpuint (item_get_pending (host), ==, before + 1);
  g_clear_pointer (&status, g_free);
  status = item_get_string (host, "Status");
  g_assert_cmpstr (status, ==, "NeedsAttention");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  item_get_tooltip (host, &title, &text);
  expected = g_strdup_printf ("%u approvals waiting", before + 1);
  g_assert_cmpstr (text, ==, expected);
  client_wait_pending (client, before + 1);

  /* With the tray shown and the window hidden: a desktop notification,
   * and no toast piling up in the hidden window. */
  notice = sanhe_test_client_wait_line (client, "oa notice: ", WAIT_SECONDS);
  g_assert_nonnull (notice);
  g_assert_true (g_str_has_prefix (notice, "oa notice: notification: "));

  /* The tray restarts: the item registers again with the new watcher. */
  g_clear_handle_id (&host->owner_id, g_bus_unown_name);
  host->owned = FALSE;
  host_own_watcher (host);
  g_assert_true (sanhe_test_wait_until (host_has_second_registration, host, WAIT_SECONDS));
  g_assert_cmpstr (host->services->pdata[1], ==, host->services->pdata[0]);

  /* A click on the icon: the window comes back on the inbox, and what
   * arrived is no longer news. */
  g_ptr_array_set_size (host->signals, 0);
  item_call (host, ITEM_PATH, ITEM_INTERFACE, "Activate", g_variant_new ("(ii)", 0, 0));
  g_assert_true (sanhe_test_wait_until (host_heard_seen, host, WAIT_SECONDS));
  g_assert_nonnull (sanhe_test_client_wait_line (client, "window shown: approvals", WAIT_SECONDS));
  g_assert_nonnull (sanhe_test_client_wait_line (client, "screenshot saved", WAIT_SECONDS));
  sanhe_test_assert_png (path, 30000, 800, 600);

  /* Quit in the icon's menu really quits, background or not. */
  g_assert_false (sanhe_test_client_has_exited (client));
  item_call (host, "/MenuBar", "com.canonical.dbusmenu", "Event",
             g_variant_new ("(isvu)", 3, "clicked", g_variant_new_int32 (0), (guint32) 0));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, WAIT_SECONDS), ==, 0);

  sanhe_test_client_free (client);
  remove_settings (config_dir);
  host_free (host);
}

static void
test_close_quits (void)
{
  /* Closing destroys the whole window, every page with it: under
   * fatal-criticals, a page that disposes badly fails this test too. */
  const char * const env[] = { "SANHE_CLOSE_WINDOW", "1", NULL };
  SanheTestClient *client = client_spawn ("en", env);

  g_assert_nonnull (sanhe_test_client_wait_line (client, "closing the window", WAIT_SECONDS));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, WAIT_SECONDS), ==, 0);
  g_assert_false (sanhe_test_client_said (client, "window hidden"));

  sanhe_test_client_free (client);
}

static void
test_fallback (gconstpointer data)
{
  const char *language = data;
  g_autofree char *name = g_strdup_printf ("tray-fallback-%s.png", language);
  g_autofree char *path = sanhe_test_screenshot_path (name);
  const char * const env[] = { "SANHE_SCREENSHOT", path, "SANHE_SCREENSHOT_WAIT_NOTICE", "1", NULL };
  g_autoptr(GVariant) owner = NULL;
  g_autofree char *counted = NULL;
  gboolean watched;
  const char *notice;
  SanheTestClient *client;
  guint before = ben_pending_on_server ();

  /* Nobody owns the watcher's name. */
  owner = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", WATCHER_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, NULL);
  g_assert_nonnull (owner);
  g_variant_get (owner, "(b)", &watched);
  g_assert_false (watched);

  client = client_spawn (language, env);
  client_wait_pending (client, before);
  sanhe_test_submit_travel_expense (server, joe_token, "1280.50", "Taxi from the station");

  /* The arrival is told in the window, whether or not it has the focus,
   * its amount written as the reader writes numbers. */
  notice = sanhe_test_client_wait_line (client, "oa notice: ", WAIT_SECONDS);
  g_assert_nonnull (notice);
  g_assert_true (g_str_has_prefix (notice, "oa notice: toast"));
  g_assert_nonnull (strstr (notice, g_str_equal (language, "es") ? "Joe Zhang · 1.280,50 · Taxi from the station"
                                                                 : "Joe Zhang · 1,280.50 · Taxi from the station"));
  g_assert_nonnull (sanhe_test_client_wait_line (client, "screenshot saved", WAIT_SECONDS));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, WAIT_SECONDS), ==, 0);
  counted = g_strdup_printf ("oa pending: %u", before + 1);
  g_assert_true (sanhe_test_client_said (client, counted));
  sanhe_test_assert_png (path, 30000, 800, 600);

  sanhe_test_client_free (client);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const languages[] = { "en", "zh_CN", "es" };
  const char * const server_args[] = { "--demo", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = sanhe_test_server_start (server_args);
  g_assert_nonnull (server);
  joe_token = sanhe_test_login (server, "joe", "sanhe-demo");
  ben_token = sanhe_test_login (server, "ben", "sanhe-demo");
  g_assert_nonnull (joe_token);
  g_assert_nonnull (ben_token);
  sanhe_test_submit_travel_expense (server, joe_token, "1280.50", "Customer visit in Shenzhen");

  /* A session bus of our own, on which the test is the tray host. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                       | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/tray/host", test_tray_host);
  g_test_add_func ("/ui/tray/close-quits", test_close_quits);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/tray/fallback/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_fallback);
    }

  status = g_test_run ();

  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_clear_object (&connection);
  g_test_dbus_down (bus);
  g_clear_object (&bus);
  sanhe_test_server_stop (server);
  g_free (joe_token);
  g_free (ben_token);

  return status;
}
