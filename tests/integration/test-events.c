/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-events"

#include "config.h"

#include <string.h>

#include "test-common.h"

/* How long "nothing arrives" is watched for, and how long an event may take. */
#define QUIET_MS 1500
#define DELIVERY_MS 5000

typedef struct
{
  Fixture base;
  gint64 a;
  gint64 b;
  char *token_a;
  char *token_b;
} EventsFixture;

static const char * const ttl_args[] = { "--session-ttl", "3", NULL };

static void
events_setup (EventsFixture *f,
              gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };

  fixture_setup (&f->base, data);
  f->a = sanhe_test_create_user (f->base.server, f->base.admin, "alice", "alice-password", roles);
  f->b = sanhe_test_create_user (f->base.server, f->base.admin, "bob", "bob-password", roles);
  f->token_a = sanhe_test_login (f->base.server, "alice", "alice-password");
  f->token_b = sanhe_test_login (f->base.server, "bob", "bob-password");
}

static void
events_teardown (EventsFixture *f,
                 gconstpointer  data)
{
  g_clear_pointer (&f->token_a, g_free);
  g_clear_pointer (&f->token_b, g_free);
  fixture_teardown (&f->base, data);
}

static SanheTestEvents *
connect_ok (EventsFixture *f,
            const char    *token)
{
  guint status = 0;
  SanheTestEvents *events = sanhe_test_events_connect (f->base.server, token, &status);

  g_assert_cmpuint (status, ==, 101);
  g_assert_nonnull (events);
  return events;
}

static void
rename_user (EventsFixture *f,
             gint64         id,
             const char    *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *body = sanhe_test_body ("s:name", name,
                                           "i:version", get_version (f->base.server, f->base.admin, path), NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->base.server, "PATCH", path, f->base.admin, body);

  sanhe_test_assert_status (r, 200);
}

static void
assert_user_updated (JsonNode *event,
                     gint64    id)
{
  g_autofree char *text = sanhe_test_to_string (event);
  JsonObject *o;
  JsonArray *ids;

  g_test_message ("event: %s", text);
  g_assert_nonnull (event);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (event));
  o = json_node_get_object (event);
  g_assert_cmpstr (sanhe_test_member_string (o, "type"), ==, "core.user.updated");
  ids = json_object_get_array_member (o, "ids");
  g_assert_nonnull (ids);
  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  g_assert_cmpint (json_array_get_int_element (ids, 0), ==, id);
}

static void
assert_quiet (SanheTestEvents *events,
              const char      *who)
{
  g_autoptr(JsonNode) event = sanhe_test_events_next (events, QUIET_MS);

  if (event != NULL)
    {
      g_autofree char *text = sanhe_test_to_string (event);
      g_error ("%s got an event not addressed to them: %s", who, text);
    }
}

static void
test_addressed (EventsFixture *f,
                gconstpointer  data)
{
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  g_autoptr(SanheTestEvents) eadmin = connect_ok (f, f->base.admin);

  /* Nothing is sent before anything happens. */
  assert_quiet (ea, "alice (idle)");

  rename_user (f, f->a, "Alice Renamed");
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (ea, DELIVERY_MS);
    assert_user_updated (event, f->a);
  }
  /* The one who made the change hears of it too (their lists refresh)… */
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (eadmin, DELIVERY_MS);
    assert_user_updated (event, f->a);
  }
  /* …and nobody else. */
  assert_quiet (eb, "bob");
  /* One change, one event each. */
  assert_quiet (ea, "alice (after her event)");
  assert_quiet (eadmin, "admin (after the event)");

  rename_user (f, f->b, "Bob Renamed");
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (eb, DELIVERY_MS);
    assert_user_updated (event, f->b);
  }
  assert_quiet (ea, "alice");
}

static void
test_every_connection (EventsFixture *f,
                       gconstpointer  data)
{
  /* alice on two devices hears on both. */
  g_autofree char *second = sanhe_test_login (f->base.server, "alice", "alice-password");
  g_autoptr(SanheTestEvents) e1 = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) e2 = connect_ok (f, second);

  rename_user (f, f->a, "Alice Twice");
  {
    g_autoptr(JsonNode) event1 = sanhe_test_events_next (e1, DELIVERY_MS);
    g_autoptr(JsonNode) event2 = sanhe_test_events_next (e2, DELIVERY_MS);

    assert_user_updated (event1, f->a);
    assert_user_updated (event2, f->a);
  }
}

/* The admin's socket hears changes to alice and bob in the order they
 * were made, though their sockets live on other shards; each of them
 * hears only their own, each once. */
static void
test_in_order (EventsFixture *f,
               gconstpointer  data)
{
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  g_autoptr(SanheTestEvents) eadmin = connect_ok (f, f->base.admin);
  const guint rounds = 10;

  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *name = g_strdup_printf ("Renamed %u", i);

      rename_user (f, i % 2 == 0 ? f->a : f->b, name);
    }

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(JsonNode) event = sanhe_test_events_next (eadmin, DELIVERY_MS);

      assert_user_updated (event, i % 2 == 0 ? f->a : f->b);
    }
  for (guint i = 0; i < rounds / 2; i++)
    {
      g_autoptr(JsonNode) to_a = sanhe_test_events_next (ea, DELIVERY_MS);
      g_autoptr(JsonNode) to_b = sanhe_test_events_next (eb, DELIVERY_MS);

      assert_user_updated (to_a, f->a);
      assert_user_updated (to_b, f->b);
    }
  assert_quiet (ea, "alice (after her five)");
  assert_quiet (eb, "bob (after his five)");
  assert_quiet (eadmin, "admin (after the ten)");
}

static void
test_failed_write_is_silent (EventsFixture *f,
                             gconstpointer  data)
{
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, f->a);
  gint64 version = get_version (f->base.server, f->base.admin, path);
  g_autofree char *stale = sanhe_test_body ("s:name", "Never", "i:version", version + 5, NULL);
  g_autofree char *invalid = sanhe_test_body ("s:email", "broken", "i:version", version, NULL);
  g_autoptr(SanheTestResponse) r1 = sanhe_test_request (f->base.server, "PATCH", path, f->base.admin, stale);
  g_autoptr(SanheTestResponse) r2 = sanhe_test_request (f->base.server, "PATCH", path, f->base.admin, invalid);

  sanhe_test_assert_error (r1, 409, "record.stale_version");
  sanhe_test_assert_error (r2, 422, "validation.failed");
  /* An event exists only if its work committed. */
  assert_quiet (ea, "alice after rejected writes");
}

static void
test_role_change (EventsFixture *f,
                         gconstpointer  data)
{
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, f->b);
  g_autofree char *body = sanhe_test_body ("v:roles", (const char * const []) { "employee", "sales", NULL },
                                           "i:version", get_version (f->base.server, f->base.admin, path), NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->base.server, "PATCH", path, f->base.admin, body);

  /* A role change is an update too, told to the user concerned. */
  sanhe_test_assert_status (r, 200);
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (eb, DELIVERY_MS);
    assert_user_updated (event, f->b);
  }
  assert_quiet (ea, "alice");
}

static void
assert_closed (SanheTestEvents *events,
               const char      *why)
{
  gushort code = 0;

  if (!sanhe_test_events_wait_closed (events, DELIVERY_MS, &code))
    g_error ("the event socket stayed open after %s", why);
  g_test_message ("closed after %s with code %u", why, code);
  /* A close the server meant, not a crash or a protocol error. */
  g_assert_cmpuint (code, !=, SOUP_WEBSOCKET_CLOSE_ABNORMAL);
  g_assert_cmpuint (code, !=, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR);
}

static void
assert_open (SanheTestEvents *events,
             const char      *why)
{
  if (sanhe_test_events_wait_closed (events, QUIET_MS, NULL))
    g_error ("the event socket was closed after %s, but should not have been", why);
}

static void
test_logout_closes (EventsFixture *f,
                    gconstpointer  data)
{
  g_autofree char *second = sanhe_test_login (f->base.server, "alice", "alice-password");
  g_autoptr(SanheTestEvents) e1 = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) e2 = connect_ok (f, second);
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  g_autoptr(SanheTestResponse) out = sanhe_test_request (f->base.server, "DELETE", "/api/v1/session",
                                                         f->token_a, NULL);

  sanhe_test_assert_status (out, 204);
  /* The signed-out session's socket closes… */
  assert_closed (e1, "its session signed out");
  /* …the same user's other session keeps its socket and its events… */
  assert_open (e2, "another session of the same user signed out");
  rename_user (f, f->a, "Alice Still Here");
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (e2, DELIVERY_MS);
    assert_user_updated (event, f->a);
  }
  /* …and other users are not touched. */
  assert_open (eb, "another user signed out");
}

static void
test_deactivation_closes (EventsFixture *f,
                          gconstpointer  data)
{
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, f->a);
  g_autofree char *body = sanhe_test_body ("b:active", FALSE,
                                           "i:version", get_version (f->base.server, f->base.admin, path), NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->base.server, "PATCH", path, f->base.admin, body);

  sanhe_test_assert_status (r, 200);
  assert_closed (ea, "the user was deactivated");
  assert_open (eb, "another user was deactivated");

  /* A deactivated user cannot come back in over the socket either. */
  {
    guint status = 0;
    SanheTestEvents *again = sanhe_test_events_connect (f->base.server, f->token_a, &status);

    g_assert_null (again);
    g_assert_cmpuint (status, ==, 401);
  }
}

static void
test_expiry_closes (EventsFixture *f,
                    gconstpointer  data)
{
  /* Sessions last 3 s here: the socket must not outlive its session. */
  g_autofree char *token = sanhe_test_login (f->base.server, "bob", "bob-password");
  g_autoptr(SanheTestEvents) events = connect_ok (f, token);
  gushort code = 0;

  g_assert_true (sanhe_test_events_wait_closed (events, 3000 + DELIVERY_MS, &code));
  g_assert_cmpuint (code, !=, SOUP_WEBSOCKET_CLOSE_ABNORMAL);
}

typedef struct
{
  SanheTestEvents *events;
  gboolean closed;
  gushort code;
} CloseWatch;

static gpointer
watch_close_thread (gpointer data)
{
  CloseWatch *watch = data;

  /* Up to the server's drain plus a silent peer's close timeout. */
  watch->closed = sanhe_test_events_wait_closed (watch->events, 20000, &watch->code);
  return NULL;
}

static void
test_shutdown_closes (EventsFixture *f,
                      gconstpointer  data)
{
  g_autoptr(SanheTestEvents) ea = connect_ok (f, f->token_a);
  g_autoptr(SanheTestEvents) eb = connect_ok (f, f->token_b);
  CloseWatch wa = { ea, FALSE, 0 };
  CloseWatch wb = { eb, FALSE, 0 };
  GThread *ta = g_thread_new ("close-a", watch_close_thread, &wa);
  GThread *tb = g_thread_new ("close-b", watch_close_thread, &wb);

  /* The clients answer the server's close on their threads while this one
   * stops the server, which must exit cleanly (the harness checks). */
  g_clear_pointer (&f->base.server, sanhe_test_server_stop);
  g_thread_join (ta);
  g_thread_join (tb);

  /* Told the server is going away, so a client knows to come back later. */
  g_assert_true (wa.closed);
  g_assert_true (wb.closed);
  g_assert_cmpuint (wa.code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpuint (wb.code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
}

static void
test_plain_get (EventsFixture *f,
                gconstpointer  data)
{
  /* Without the WebSocket upgrade the route answers like any other: JSON. */
  g_autoptr(SanheTestResponse) anonymous = sanhe_test_request (f->base.server, "GET", "/api/v1/events", NULL, NULL);
  g_autoptr(SanheTestResponse) plain = sanhe_test_request (f->base.server, "GET", "/api/v1/events",
                                                           f->token_a, NULL);

  sanhe_test_assert_error (plain, 400, "request.websocket_expected");
  /* Either problem may be named first; both are the client's. */
  if (anonymous->status != 401)
    sanhe_test_assert_error (anonymous, 400, "request.websocket_expected");
  else
    sanhe_test_assert_error (anonymous, 401, "auth.invalid_token");
}

static void
test_handshake_auth (EventsFixture *f,
                     gconstpointer  data)
{
  guint status = 0;
  g_autofree char *gone = sanhe_test_login (f->base.server, "alice", "alice-password");
  g_autoptr(SanheTestResponse) out = NULL;
  SanheTestEvents *events;

  events = sanhe_test_events_connect (f->base.server, NULL, &status);
  g_assert_null (events);
  g_assert_cmpuint (status, ==, 401);

  status = 0;
  events = sanhe_test_events_connect (f->base.server, "not-a-token", &status);
  g_assert_null (events);
  g_assert_cmpuint (status, ==, 401);

  /* A token that was logged out is refused too. */
  out = sanhe_test_request (f->base.server, "DELETE", "/api/v1/session", gone, NULL);
  sanhe_test_assert_status (out, 204);
  status = 0;
  events = sanhe_test_events_connect (f->base.server, gone, &status);
  g_assert_null (events);
  g_assert_cmpuint (status, ==, 401);
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ((path), EventsFixture, NULL, events_setup, (func), events_teardown)
  ADD ("/events/addressed", test_addressed);
  ADD ("/events/every-connection", test_every_connection);
  ADD ("/events/in-order", test_in_order);
  ADD ("/events/failed-write-is-silent", test_failed_write_is_silent);
  ADD ("/events/role-change", test_role_change);
  ADD ("/events/handshake-auth", test_handshake_auth);
  ADD ("/events/plain-get", test_plain_get);
  ADD ("/events/logout-closes", test_logout_closes);
  ADD ("/events/deactivation-closes", test_deactivation_closes);
  ADD ("/events/shutdown-closes", test_shutdown_closes);
  g_test_add ("/events/expiry-closes", EventsFixture, ttl_args, events_setup, test_expiry_closes,
              events_teardown);
#undef ADD

  return g_test_run ();
}
