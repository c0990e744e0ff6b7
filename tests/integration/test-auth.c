/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-auth"

#include "config.h"

#include <string.h>

#include "test-common.h"

#define THROTTLE_LIMIT 10
#define CONCURRENT_LOGINS 50

static const char * const ttl_args[] = { "--session-ttl", "2", NULL };
static const char * const demo_args[] = { "--demo", NULL };

static SanheTestResponse *
post_session (SanheTestServer *server,
              const char      *login,
              const char      *password)
{
  g_autofree char *body = sanhe_test_body ("s:login", login, "s:password", password, NULL);

  return sanhe_test_request (server, "POST", "/api/v1/session", NULL, body);
}

static GDateTime *
parse_time (JsonObject *object,
            const char *member)
{
  const char *text = sanhe_test_member_string (object, member);
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  if (time == NULL)
    g_error ("%s is not an ISO 8601 time with a zone: %s", member, text);
  return time;
}

static void
assert_me (SanheTestServer *server,
           const char      *token,
           guint            status)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (server, "GET", "/api/v1/me", token, NULL);

  if (status == 200)
    sanhe_test_assert_status (r, 200);
  else
    sanhe_test_assert_error (r, status, "auth.invalid_token");
}

static void
test_login_ok (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SanheTestResponse) r = post_session (f->server, "admin", f->server->admin_password);
  g_autoptr(SanheTestResponse) me = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *o;
  JsonObject *user;
  JsonObject *m;
  JsonArray *permissions;
  const char *token;
  GTimeSpan ttl;
  static const char * const admin_permissions[] = {
    "core.users.manage", "core.departments.manage", "core.roles.manage",
    "core.audit.read", "core.directory.read", NULL,
  };

  sanhe_test_assert_status (r, 201);
  assert_request_id (r);
  o = sanhe_test_object (r);
  g_assert_nonnull (o);

  /* 256 random bits are at least 43 characters in any sane text form. */
  token = sanhe_test_member_string (o, "token");
  g_assert_cmpuint (strlen (token), >=, 43);

  /* The default lifetime is 8 hours. */
  expires = parse_time (o, "expires_at");
  ttl = g_date_time_difference (expires, now);
  g_assert_cmpint (ttl, >, 8 * G_TIME_SPAN_HOUR - 5 * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (ttl, <, 8 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_MINUTE);

  user = json_object_get_object_member (o, "user");
  g_assert_nonnull (user);
  g_assert_cmpstr (sanhe_test_member_string (user, "login"), ==, "admin");
  g_assert_cmpint (sanhe_test_member_int (user, "id"), ==, f->admin_id);
  g_assert_false (sanhe_test_json_mentions_secret (r->body));

  me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);
  sanhe_test_assert_status (me, 200);
  m = sanhe_test_object (me);
  g_assert_nonnull (m);
  for (guint i = 0; i < 9; i++)
    {
      static const char * const members[] = {
        "id", "login", "name", "email", "locale", "department", "manager", "roles", "permissions",
      };
      if (!json_object_has_member (m, members[i]))
        g_error ("GET /api/v1/me lacks '%s'", members[i]);
    }
  g_assert_cmpstr (sanhe_test_member_string (m, "login"), ==, "admin");
  g_assert_true (array_has_string (json_object_get_array_member (m, "roles"), "admin"));
  permissions = json_object_get_array_member (m, "permissions");
  for (guint i = 0; admin_permissions[i] != NULL; i++)
    if (!array_has_string (permissions, admin_permissions[i]))
      g_error ("admin's permissions lack %s", admin_permissions[i]);
  g_assert_false (sanhe_test_json_mentions_secret (me->body));
}

static void
test_login_wrong (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SanheTestResponse) wrong = post_session (f->server, "admin", "not-the-password");
  g_autoptr(SanheTestResponse) unknown = post_session (f->server, "nobody", "not-the-password");
  g_autoptr(SanheTestResponse) empty = post_session (f->server, "admin", "");
  g_autoptr(SanheTestResponse) wrong_case = NULL;
  g_autofree char *upper = g_ascii_strup (f->server->admin_password, -1);
  g_autoptr(SanheTestResponse) nothing = NULL;
  g_autoptr(SanheTestResponse) typed = NULL;

  sanhe_test_assert_error (wrong, 401, "auth.invalid_credentials");
  g_assert_null (json_object_get_member (sanhe_test_object (wrong), "token"));
  sanhe_test_assert_error (unknown, 401, "auth.invalid_credentials");
  /* The answer does not tell which logins exist. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sanhe_test_object (wrong), "error"), "message"),
                   ==,
                   json_object_get_string_member (json_object_get_object_member (sanhe_test_object (unknown), "error"), "message"));

  g_assert_cmpuint (empty->status, >=, 400);
  g_assert_cmpuint (empty->status, <, 500);

  /* Passwords are case-sensitive. */
  wrong_case = post_session (f->server, "admin", upper);
  sanhe_test_assert_error (wrong_case, 401, "auth.invalid_credentials");

  /* Missing or mistyped members are the client's mistake, not a 5xx. */
  nothing = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL, "{}");
  g_assert_cmpuint (nothing->status, >=, 400);
  g_assert_cmpuint (nothing->status, <, 500);
  g_assert_cmpuint (nothing->status, !=, 404);
  typed = sanhe_test_request (f->server, "POST", "/api/v1/session", NULL,
                              "{\"login\": 1, \"password\": true}");
  g_assert_cmpuint (typed->status, >=, 400);
  g_assert_cmpuint (typed->status, <, 500);
}

static void
test_tokens_distinct (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *t1 = sanhe_test_login (f->server, "admin", f->server->admin_password);
  g_autofree char *t2 = sanhe_test_login (f->server, "admin", f->server->admin_password);

  g_assert_cmpstr (t1, !=, t2);
  g_assert_cmpstr (t1, !=, f->admin);
  assert_me (f->server, t1, 200);
  assert_me (f->server, t2, 200);
}

static void
test_throttle (Fixture       *f,
               gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  g_autoptr(SanheTestResponse) blocked = NULL;
  g_autoptr(SanheTestResponse) blocked_wrong = NULL;
  g_autofree char *other_token = NULL;

  sanhe_test_create_user (f->server, f->admin, "victim", "victim-password-1", roles);
  sanhe_test_create_user (f->server, f->admin, "bystander", "bystander-password-1", roles);

  for (guint i = 0; i < THROTTLE_LIMIT; i++)
    {
      g_autoptr(SanheTestResponse) r = post_session (f->server, "victim", "wrong-password");

      g_test_message ("failed attempt %u", i + 1);
      sanhe_test_assert_error (r, 401, "auth.invalid_credentials");
    }

  /* The 11th attempt is refused even with the right password. */
  blocked = post_session (f->server, "victim", "victim-password-1");
  sanhe_test_assert_error (blocked, 429, "auth.throttled");
  assert_request_id (blocked);
  blocked_wrong = post_session (f->server, "victim", "wrong-password");
  sanhe_test_assert_error (blocked_wrong, 429, "auth.throttled");

  /* Only that login is throttled. */
  other_token = sanhe_test_login (f->server, "bystander", "bystander-password-1");
  assert_me (f->server, other_token, 200);
  assert_me (f->server, f->admin, 200);
}

static void
test_throttle_reset (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const roles[] = { "employee", NULL };
  g_autoptr(SanheTestResponse) blocked = NULL;
  g_autofree char *token = NULL;

  sanhe_test_create_user (f->server, f->admin, "forgetful", "forgetful-password", roles);

  for (guint i = 0; i < THROTTLE_LIMIT - 1; i++)
    {
      g_autoptr(SanheTestResponse) r = post_session (f->server, "forgetful", "wrong-password");
      sanhe_test_assert_error (r, 401, "auth.invalid_credentials");
    }

  /* A success before the limit resets the count… */
  token = sanhe_test_login (f->server, "forgetful", "forgetful-password");
  assert_me (f->server, token, 200);

  /* …so ten more failures are each just a failure… */
  for (guint i = 0; i < THROTTLE_LIMIT; i++)
    {
      g_autoptr(SanheTestResponse) r = post_session (f->server, "forgetful", "wrong-password");

      g_test_message ("failed attempt %u after the reset", i + 1);
      sanhe_test_assert_error (r, 401, "auth.invalid_credentials");
    }

  /* …and the next attempt is throttled. */
  blocked = post_session (f->server, "forgetful", "forgetful-password");
  sanhe_test_assert_error (blocked, 429, "auth.throttled");

  /* Sessions opened before the throttling keep working. */
  assert_me (f->server, token, 200);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SanheTestResponse) r = post_session (f->server, "admin", f->server->admin_password);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  const char *token;
  GTimeSpan ttl;

  sanhe_test_assert_status (r, 201);
  token = sanhe_test_member_string (sanhe_test_object (r), "token");
  expires = parse_time (sanhe_test_object (r), "expires_at");
  ttl = g_date_time_difference (expires, now);
  g_assert_cmpint (ttl, >, 0);
  g_assert_cmpint (ttl, <=, 4 * G_TIME_SPAN_SECOND);

  assert_me (f->server, token, 200);
  g_usleep (3500 * G_TIME_SPAN_MILLISECOND);
  assert_me (f->server, token, 401);
  assert_me (f->server, f->admin, 401);

  /* Logging in again works. */
  {
    g_autofree char *fresh = sanhe_test_login (f->server, "admin", f->server->admin_password);
    assert_me (f->server, fresh, 200);
  }
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *t1 = sanhe_test_login (f->server, "admin", f->server->admin_password);
  g_autofree char *t2 = sanhe_test_login (f->server, "admin", f->server->admin_password);
  g_autoptr(SanheTestResponse) out = NULL;
  g_autoptr(SanheTestResponse) again = NULL;
  g_autoptr(SanheTestResponse) anonymous = NULL;

  out = sanhe_test_request (f->server, "DELETE", "/api/v1/session", t1, NULL);
  sanhe_test_assert_status (out, 204);
  g_assert_cmpuint (g_bytes_get_size (out->raw), ==, 0);

  assert_me (f->server, t1, 401);
  again = sanhe_test_request (f->server, "DELETE", "/api/v1/session", t1, NULL);
  sanhe_test_assert_error (again, 401, "auth.invalid_token");
  anonymous = sanhe_test_request (f->server, "DELETE", "/api/v1/session", NULL, NULL);
  sanhe_test_assert_error (anonymous, 401, "auth.invalid_token");

  /* Other sessions of the same user stay open. */
  assert_me (f->server, t2, 200);
  assert_me (f->server, f->admin, 200);
}

static void
test_deactivation_revokes (Fixture       *f,
                           gconstpointer  data)
{
  static const char * const roles[] = { "sales", NULL };
  gint64 id = sanhe_test_create_user (f->server, f->admin, "leaver", "leaver-password", roles);
  g_autofree char *t1 = sanhe_test_login (f->server, "leaver", "leaver-password");
  g_autofree char *t2 = sanhe_test_login (f->server, "leaver", "leaver-password");
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%" G_GINT64_FORMAT, id);
  g_autofree char *fresh = NULL;
  g_autoptr(SanheTestResponse) off = NULL;
  g_autoptr(SanheTestResponse) on = NULL;
  g_autoptr(SanheTestResponse) login = NULL;
  g_autofree char *body = NULL;
  g_autofree char *body2 = NULL;

  assert_me (f->server, t1, 200);
  assert_me (f->server, t2, 200);

  body = sanhe_test_body ("b:active", FALSE, "i:version", get_version (f->server, f->admin, path), NULL);
  off = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  sanhe_test_assert_status (off, 200);
  g_assert_false (json_object_get_boolean_member (sanhe_test_object (off), "active"));

  assert_me (f->server, t1, 401);
  assert_me (f->server, t2, 401);

  /* An inactive user cannot log in, and learns nothing more than anyone. */
  login = post_session (f->server, "leaver", "leaver-password");
  sanhe_test_assert_error (login, 401, "auth.invalid_credentials");

  /* Reactivated, they log in afresh; the old sessions stay dead. */
  body2 = sanhe_test_body ("b:active", TRUE, "i:version", get_version (f->server, f->admin, path), NULL);
  on = sanhe_test_request (f->server, "PATCH", path, f->admin, body2);
  sanhe_test_assert_status (on, 200);
  g_assert_true (json_object_get_boolean_member (sanhe_test_object (on), "active"));
  fresh = sanhe_test_login (f->server, "leaver", "leaver-password");
  assert_me (f->server, fresh, 200);
  assert_me (f->server, t1, 401);

  /* The admin's own session was never touched. */
  assert_me (f->server, f->admin, 200);
}

typedef struct
{
  SanheTestServer *server;
  GMutex lock;
  GCond cond;
  gboolean go;
  const char *login;
  const char *password;
} Race;

typedef struct
{
  Race *race;
  guint status;
  char *token;
  char *failure;
} Attempt;

static gpointer
login_thread (gpointer data)
{
  Attempt *attempt = data;
  Race *race = attempt->race;
  g_autoptr(SanheTestResponse) r = NULL;

  g_mutex_lock (&race->lock);
  while (!race->go)
    g_cond_wait (&race->cond, &race->lock);
  g_mutex_unlock (&race->lock);

  r = post_session (race->server, race->login, race->password);
  attempt->status = r->status;
  if (r->status == 201)
    attempt->token = g_strdup (json_object_get_string_member_with_default (sanhe_test_object (r), "token", NULL));
  else if (r->transport_error != NULL)
    attempt->failure = g_strdup (r->transport_error);
  else
    attempt->failure = g_strdup_printf ("status %u: %.*s", r->status, (int) g_bytes_get_size (r->raw),
                                        (const char *) g_bytes_get_data (r->raw, NULL));

  return NULL;
}

static void
test_concurrent_logins (Fixture       *f,
                        gconstpointer  data)
{
  Race race = { .server = f->server, .login = "admin", .password = f->server->admin_password };
  Attempt attempts[CONCURRENT_LOGINS] = { 0 };
  GThread *threads[CONCURRENT_LOGINS];
  g_autoptr(GHashTable) tokens = g_hash_table_new (g_str_hash, g_str_equal);

  g_mutex_init (&race.lock);
  g_cond_init (&race.cond);

  for (guint i = 0; i < CONCURRENT_LOGINS; i++)
    {
      attempts[i].race = &race;
      threads[i] = g_thread_new ("login", login_thread, &attempts[i]);
    }

  g_mutex_lock (&race.lock);
  race.go = TRUE;
  g_cond_broadcast (&race.cond);
  g_mutex_unlock (&race.lock);

  for (guint i = 0; i < CONCURRENT_LOGINS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < CONCURRENT_LOGINS; i++)
    {
      if (attempts[i].status != 201)
        g_error ("concurrent login %u of %u failed: %s", i + 1, CONCURRENT_LOGINS,
                 attempts[i].failure ? attempts[i].failure : "(no answer)");
      g_assert_nonnull (attempts[i].token);
      g_assert_false (g_hash_table_contains (tokens, attempts[i].token));
      g_hash_table_add (tokens, attempts[i].token);
    }

  for (guint i = 0; i < CONCURRENT_LOGINS; i++)
    {
      assert_me (f->server, attempts[i].token, 200);
      g_free (attempts[i].token);
    }

  g_mutex_clear (&race.lock);
  g_cond_clear (&race.cond);
}

static void
test_demo_users (Fixture       *f,
                 gconstpointer  data)
{
  static const struct
  {
    const char *login;
    const char *role;
  } demo[] = {
    { "boss", "manager" },
    { "ben", "manager" },
    { "joe", "sales" },
    { "anna", "finance" },
    { "fanny", "hr" },
    { "paul", "planner" },
    { "lucas", "production" },
    { "wendy", "warehouse" },
  };
  gint64 ben_id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autofree char *token = sanhe_test_login (f->server, demo[i].login, "sanhe-demo");
      g_autoptr(SanheTestResponse) me = sanhe_test_request (f->server, "GET", "/api/v1/me", token, NULL);
      JsonObject *m;

      g_test_message ("demo user %s", demo[i].login);
      sanhe_test_assert_status (me, 200);
      m = sanhe_test_object (me);
      g_assert_cmpstr (sanhe_test_member_string (m, "login"), ==, demo[i].login);
      if (demo[i].role != NULL)
        g_assert_true (array_has_string (json_object_get_array_member (m, "roles"), demo[i].role));
      if (g_str_equal (demo[i].login, "ben"))
        {
          ben_id = sanhe_test_member_int (m, "id");
          /* ben is the sales manager: both roles. */
          g_assert_true (array_has_string (json_object_get_array_member (m, "roles"), "sales"));
        }
      if (g_str_equal (demo[i].login, "joe"))
        {
          JsonObject *manager = json_object_get_object_member (m, "manager");

          g_assert_nonnull (manager);
          g_assert_cmpint (ben_id, >, 0);
          g_assert_cmpint (sanhe_test_member_int (manager, "id"), ==, ben_id);
        }
    }
}

static void
test_no_demo_users (Fixture       *f,
                    gconstpointer  data)
{
  /* Without --demo, the demo accounts do not exist. */
  g_autoptr(SanheTestResponse) r = post_session (f->server, "ben", "sanhe-demo");

  sanhe_test_assert_error (r, 401, "auth.invalid_credentials");
}

int
main (int   argc,
      char *argv[])
{
  sanhe_integration_init (&argc, &argv);

  ADD_TEST ("/auth/login/ok", test_login_ok);
  ADD_TEST ("/auth/login/wrong", test_login_wrong);
  ADD_TEST ("/auth/login/tokens-distinct", test_tokens_distinct);
  ADD_TEST ("/auth/login/concurrent", test_concurrent_logins);
  ADD_TEST_ARGS ("/auth/login/demo-users", demo_args, test_demo_users);
  ADD_TEST ("/auth/login/no-demo-users", test_no_demo_users);
  ADD_TEST ("/auth/throttle/blocks", test_throttle);
  ADD_TEST ("/auth/throttle/success-resets", test_throttle_reset);
  ADD_TEST_ARGS ("/auth/session/expiry", ttl_args, test_expiry);
  ADD_TEST ("/auth/session/logout", test_logout);
  ADD_TEST ("/auth/session/deactivation-revokes", test_deactivation_revokes);

  return g_test_run ();
}
