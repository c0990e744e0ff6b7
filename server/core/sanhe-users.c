/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-users"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-auth.h"
#include "sanhe-core-private.h"
#include "sanhe-db.h"
#include "sanhe-events.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

#define NOT_FOUND "core.user.not_found"
#define ENTITY    "core.user"

static const char * const writable[] = {
  "login", "name", "email", "password", "department_id", "manager_id",
  "roles", "locale", "active", "version", NULL
};

static const char * const locales[] = { "en", "zh_CN", "es", NULL };

/* The values a create or update may set, read and validated from the body. */
typedef struct
{
  const char *login;
  const char *name;
  const char *email;
  const char *password;
  const char *locale;
  gint64      department_id;
  gint64      manager_id;
  gboolean    active;
  GStrv       roles;
  gint64      version;
} UserInput;

JsonNode *
_sanhe_core_user_doc (PGconn   *conn,
                      gint64    user_id,
                      gboolean  for_update,
                      GError  **error)
{
  g_autofree char *id = sanhe_id_string (user_id);
  const char *params[] = { id };

  /* Row locks cannot go through the view's outer joins: lock the row first. */
  if (for_update)
    {
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, "SELECT 1 FROM core.users WHERE id = $1 FOR UPDATE",
                                                1, params, error);
      if (lock == NULL)
        return NULL;
    }

  {
    g_autoptr(PGresult) result = sanhe_db_exec_prepared (conn, "user_doc", "SELECT doc FROM core.user_docs WHERE id = $1",
                                                         1, params, error);

    if (result == NULL || PQntuples (result) == 0)
      return NULL;
    return sanhe_json_parse (PQgetvalue (result, 0, 0), PQgetlength (result, 0, 0), error);
  }
}

static gboolean
exists (PGconn     *conn,
        const char *sql,
        const char *value,
        GError    **error)
{
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 1, (const char *[]) { value }, error);

  return result != NULL && PQntuples (result) > 0;
}

static gboolean
exists_id (PGconn     *conn,
           const char *sql,
           gint64      id,
           GError    **error)
{
  g_autofree char *text = sanhe_id_string (id);

  return exists (conn, sql, text, error);
}

static gboolean
looks_like_email (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '.') != NULL && strchr (at + 1, '@') == NULL &&
         strpbrk (email, " \t\r\n") == NULL && !g_str_has_suffix (email, ".");
}

static gboolean
valid_login (const char *login)
{
  gsize len = strlen (login);

  if (len < 2 || len > 63 || !(g_ascii_islower (login[0]) || g_ascii_isdigit (login[0])))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_islower (login[i]) || g_ascii_isdigit (login[i]) || strchr ("._-", login[i])))
      return FALSE;
  return TRUE;
}

/* Reads every field of @fields into @input; problems are collected in @fields. */
static void
read_input (SanheFields *fields,
            UserInput   *input,
            gboolean     creating)
{
  SanheFieldFlags needed = creating ? SANHE_FIELD_MANDATORY : SANHE_FIELD_OPTIONAL;

  input->login = sanhe_fields_get_string (fields, "login", needed, 63);
  input->name = sanhe_fields_get_string (fields, "name", needed, 120);
  input->email = sanhe_fields_get_string (fields, "email", SANHE_FIELD_NULLABLE, 254);
  input->password = sanhe_fields_get_string (fields, "password", needed, 1024);
  input->locale = sanhe_fields_get_string (fields, "locale", SANHE_FIELD_OPTIONAL, 10);
  input->department_id = sanhe_fields_get_id (fields, "department_id", SANHE_FIELD_NULLABLE);
  input->manager_id = sanhe_fields_get_id (fields, "manager_id", SANHE_FIELD_NULLABLE);
  input->active = sanhe_fields_get_boolean (fields, "active", SANHE_FIELD_OPTIONAL, TRUE);
  input->roles = sanhe_fields_get_strv (fields, "roles", SANHE_FIELD_OPTIONAL);
  input->version = creating ? 0 : sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);

  /* Absent keeps a value when updating; present and empty never does. */
  if (!creating)
    {
      static const char * const non_empty[] = { "login", "name", "password" };

      for (guint i = 0; i < G_N_ELEMENTS (non_empty); i++)
        if (sanhe_fields_has (fields, non_empty[i]) && sanhe_fields_is_valid (fields, non_empty[i]) &&
            !sanhe_fields_is_null (fields, non_empty[i]))
          {
            const char *value = sanhe_fields_get_string (fields, non_empty[i], SANHE_FIELD_OPTIONAL, 0);

            if (value != NULL && *value == '\0')
              sanhe_fields_reject (fields, non_empty[i], SANHE_FIELD_REQUIRED, "This field is required.");
          }
    }

  if (input->login && !valid_login (input->login))
    sanhe_fields_reject (fields, "login", SANHE_FIELD_INVALID,
                         "Use 2–63 lowercase letters, digits, dots, dashes or underscores.");
  if (input->email && *input->email && !looks_like_email (input->email))
    sanhe_fields_reject (fields, "email", SANHE_FIELD_INVALID, "This is not an email address.");
  if (input->password && g_utf8_strlen (input->password, -1) < 8)
    sanhe_fields_reject (fields, "password", SANHE_FIELD_TOO_SHORT, "Use at least 8 characters.");
  if (input->locale && !g_strv_contains (locales, input->locale))
    sanhe_fields_reject (fields, "locale", SANHE_FIELD_INVALID, "Choose en, zh_CN or es.");
}

/* Checks references against the database, still collecting per field. */
static gboolean
check_references (PGconn       *conn,
                  SanheFields  *fields,
                  UserInput    *input,
                  gint64        self_id,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (input->login && sanhe_fields_is_valid (fields, "login"))
    {
      g_autofree char *self = sanhe_id_string (self_id);
      g_autoptr(PGresult) taken = sanhe_db_exec (conn, "SELECT 1 FROM core.users WHERE login = $1 AND id <> $2",
                                                 2, (const char *[]) { input->login, self }, &local_error);
      if (taken == NULL)
        goto db_error;
      if (PQntuples (taken) > 0)
        sanhe_fields_reject (fields, "login", SANHE_FIELD_TAKEN, "Another user already has this login.");
    }

  if (input->department_id > 0 && sanhe_fields_is_valid (fields, "department_id"))
    {
      if (!exists_id (conn, "SELECT 1 FROM core.departments WHERE id = $1", input->department_id, &local_error))
        {
          if (local_error != NULL)
            goto db_error;
          sanhe_fields_reject (fields, "department_id", SANHE_FIELD_NOT_FOUND, "There is no such department.");
        }
    }

  if (input->manager_id > 0 && sanhe_fields_is_valid (fields, "manager_id"))
    {
      g_autofree char *manager = sanhe_id_string (input->manager_id);
      g_autofree char *self = sanhe_id_string (self_id);
      g_autoptr(PGresult) chain = NULL;

      if (!exists_id (conn, "SELECT 1 FROM core.users WHERE id = $1", input->manager_id, &local_error))
        {
          if (local_error != NULL)
            goto db_error;
          sanhe_fields_reject (fields, "manager_id", SANHE_FIELD_NOT_FOUND, "There is no such user.");
        }
      else if (self_id > 0)
        {
          /* Walk up from the new manager: meeting this user again is a cycle. */
          chain = sanhe_db_exec (conn,
                                 "WITH RECURSIVE up(id) AS (SELECT $1::bigint UNION "
                                 "  SELECT u.manager_id FROM core.users u JOIN up ON u.id = up.id "
                                 "  WHERE u.manager_id IS NOT NULL) "
                                 "SELECT 1 FROM up WHERE id = $2::bigint",
                                 2, (const char *[]) { manager, self }, &local_error);
          if (chain == NULL)
            goto db_error;
          if (PQntuples (chain) > 0)
            sanhe_fields_reject (fields, "manager_id", SANHE_FIELD_CYCLE,
                                 "A user cannot report to themselves, directly or through others.");
        }
    }

  for (guint i = 0; input->roles != NULL && input->roles[i] != NULL; i++)
    {
      if (!exists (conn, "SELECT 1 FROM core.roles WHERE key = $1", input->roles[i], &local_error))
        {
          if (local_error != NULL)
            goto db_error;
          sanhe_fields_reject (fields, "roles", SANHE_FIELD_NOT_FOUND, "One of these roles does not exist.");
          break;
        }
    }

  return sanhe_fields_check (fields, error);

db_error:
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/*
 * Nobody hands out more than they hold: every role added or removed must
 * carry only permissions the acting user has. Keeps HR from making admins.
 */
static gboolean
check_role_change_allowed (PGconn        *conn,
                           SanheRequest  *request,
                           GStrv          old_roles,
                           GStrv          new_roles,
                           GError       **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  for (guint i = 0; new_roles && new_roles[i]; i++)
    if (old_roles == NULL || !g_strv_contains ((const char * const *) old_roles, new_roles[i]))
      g_ptr_array_add (changed, new_roles[i]);
  for (guint i = 0; old_roles && old_roles[i]; i++)
    if (new_roles == NULL || !g_strv_contains ((const char * const *) new_roles, old_roles[i]))
      g_ptr_array_add (changed, old_roles[i]);

  for (guint i = 0; i < changed->len; i++)
    {
      const char *key = g_ptr_array_index (changed, i);
      g_autoptr(PGresult) result = sanhe_db_exec (conn, "SELECT unnest(permissions) FROM core.roles WHERE key = $1",
                                                  1, (const char *[]) { key }, error);
      if (result == NULL)
        return FALSE;

      for (int row = 0; row < PQntuples (result); row++)
        if (!sanhe_request_has_permission (request, PQgetvalue (result, row, 0)))
          {
            sanhe_set_error (error, SANHE_ERROR_FORBIDDEN, SANHE_CODE_FORBIDDEN, NULL,
                             "You cannot grant or remove the role “%s”: it holds permissions you do not have.",
                             key);
            return FALSE;
          }
    }

  return TRUE;
}

static gboolean
set_roles (PGconn      *conn,
           const char  *user_id,
           GStrv        roles,
           GError     **error)
{
  g_autoptr(PGresult) deleted = sanhe_db_exec (conn, "DELETE FROM core.user_roles WHERE user_id = $1",
                                               1, (const char *[]) { user_id }, error);
  if (deleted == NULL)
    return FALSE;

  for (guint i = 0; roles[i] != NULL; i++)
    {
      g_autoptr(PGresult) inserted = sanhe_db_exec (conn,
                                                    "INSERT INTO core.user_roles (user_id, role_key) VALUES ($1, $2) "
                                                    "ON CONFLICT DO NOTHING",
                                                    2, (const char *[]) { user_id, roles[i] }, error);
      if (inserted == NULL)
        return FALSE;
    }
  return TRUE;
}

static GStrv
roles_of_doc (JsonNode *doc)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (doc), "roles");
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv roles;

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  roles = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return roles;
}

static JsonNode *
list_users (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *q = sanhe_request_get_query (request, "q");
  const char *active = sanhe_request_get_query (request, "active");
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;

  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(doc ORDER BY id), '[]') FROM ("
                              "  SELECT id, doc FROM core.user_docs WHERE id > $1 "
                              "  AND ($3::text IS NULL OR strpos(lower(login || ' ' || name), lower($3)) > 0) "
                              "  AND ($4::boolean IS NULL OR active = $4::boolean) "
                              "  ORDER BY id LIMIT $2) page",
                              4, (const char *[]) { page.after_text, page.limit_plus_one,
                                                    q && *q ? q : NULL,
                                                    active && *active ? (g_str_equal (active, "false") ? "false" : "true") : NULL },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static JsonNode *
get_user (SanheRequest  *request,
          PGconn        *conn,
          GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  doc = _sanhe_core_user_doc (conn, id, FALSE, error);
  if (doc == NULL && (error == NULL || *error == NULL))
    sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL, "There is no user %" G_GINT64_FORMAT ".", id);
  return doc;
}

static JsonNode *
create_user (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *department = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_auto(GStrv) no_roles = g_new0 (char *, 1);
  UserInput input = { 0 };
  const char *id;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new user has no version yet.");

  read_input (fields, &input, TRUE);
  if (!check_references (conn, fields, &input, 0, error))
    goto fail;
  if (input.roles && !check_role_change_allowed (conn, request, NULL, input.roles, error))
    goto fail;

  hash = sanhe_auth_hash_password (input.password, error);
  if (hash == NULL)
    goto fail;

  department = input.department_id > 0 ? sanhe_id_string (input.department_id) : NULL;
  manager = input.manager_id > 0 ? sanhe_id_string (input.manager_id) : NULL;
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO core.users (login, name, email, password_hash, department_id, manager_id, "
                            "  locale, active, created_by) "
                            "VALUES ($1, $2, nullif($3, ''), $4, $5, $6, coalesce($7, 'en'), $8, $9) RETURNING id",
                            9, (const char *[]) { input.login, input.name, input.email, hash, department, manager,
                                                  input.locale, input.active ? "true" : "false", actor },
                            error);
  if (inserted == NULL)
    goto fail;

  id = PQgetvalue (inserted, 0, 0);
  if (!set_roles (conn, id, input.roles ? input.roles : no_roles, error))
    goto fail;

  after = _sanhe_core_user_doc (conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", ENTITY, id, NULL, after, error))
    goto fail;

  g_strfreev (input.roles);
  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);

fail:
  g_strfreev (input.roles);
  return NULL;
}

/* Appends "column = $n" to @sets and @value to @params. Column names are
 * constants of this file, never input. */
static void
add_set (GString    *sets,
         GPtrArray  *params,
         const char *column,
         const char *cast,
         const char *value)
{
  g_ptr_array_add (params, (gpointer) value);
  g_string_append_printf (sets, ", %s = $%u%s", column, params->len, cast);
}

/* The user hears of it (their client refreshes what it shows of them), and
 * so does whoever made the change (their lists refresh); nobody else. */
static gboolean
notify_updated (PGconn        *conn,
                SanheRequest  *request,
                gint64         id,
                GError       **error)
{
  gint64 to[2] = { id, sanhe_request_get_user_id (request) };

  return sanhe_events_notify (conn, "core.user.updated", id, to, to[1] != id ? 2 : 1, error);
}

static JsonNode *
update_user (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GString) sets = g_string_new ("version = version + 1, updated_at = now()");
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) updated = NULL;
  g_auto(GStrv) old_roles = NULL;
  g_autofree char *id_text = NULL;
  UserInput input = { 0 };
  JsonObject *current;
  gboolean deactivating = FALSE;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;

  before = _sanhe_core_user_doc (conn, id, TRUE, error);
  if (before == NULL)
    {
      if (error == NULL || *error == NULL)
        sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, NOT_FOUND, NULL, "There is no user %" G_GINT64_FORMAT ".", id);
      return NULL;
    }
  current = json_node_get_object (before);

  read_input (fields, &input, FALSE);
  if (!check_references (conn, fields, &input, id, error))
    goto fail;

  if (!sanhe_check_version (before, input.version, "user", error))
    goto fail;

  deactivating = sanhe_fields_has (fields, "active") && !input.active && json_object_get_boolean_member (current, "active");
  if (deactivating && id == sanhe_request_get_user_id (request))
    {
      sanhe_validation_fail (error, "active", SANHE_FIELD_INVALID, "You cannot deactivate yourself.");
      goto fail;
    }

  old_roles = roles_of_doc (before);
  if (input.roles && !check_role_change_allowed (conn, request, old_roles, input.roles, error))
    goto fail;

  if (input.login)
    add_set (sets, params, "login", "", input.login);
  if (input.name)
    add_set (sets, params, "name", "", input.name);
  if (sanhe_fields_has (fields, "email"))
    add_set (sets, params, "email", "", input.email && *input.email ? input.email : NULL);
  if (input.locale)
    add_set (sets, params, "locale", "", input.locale);
  if (sanhe_fields_has (fields, "department_id"))
    {
      char *value = input.department_id > 0 ? sanhe_id_string (input.department_id) : NULL;

      g_ptr_array_add (owned, value);
      add_set (sets, params, "department_id", "::bigint", value);
    }
  if (sanhe_fields_has (fields, "manager_id"))
    {
      char *value = input.manager_id > 0 ? sanhe_id_string (input.manager_id) : NULL;

      g_ptr_array_add (owned, value);
      add_set (sets, params, "manager_id", "::bigint", value);
    }
  if (sanhe_fields_has (fields, "active"))
    add_set (sets, params, "active", "::boolean", input.active ? "true" : "false");
  if (input.password)
    {
      char *hash = sanhe_auth_hash_password (input.password, error);

      if (hash == NULL)
        goto fail;
      g_ptr_array_add (owned, hash);
      add_set (sets, params, "password_hash", "", hash);
    }

  id_text = sanhe_id_string (id);
  g_ptr_array_add (params, id_text);
  g_string_append_printf (sets, " WHERE id = $%u", params->len);
  g_string_prepend (sets, "UPDATE core.users SET ");
  updated = sanhe_db_exec (conn, sets->str, (int) params->len, (const char * const *) params->pdata, error);
  if (updated == NULL)
    goto fail;

  if (input.roles && !set_roles (conn, id_text, input.roles, error))
    goto fail;

  /* A deactivated user's sessions end now, and their sockets close. */
  if (deactivating &&
      (!sanhe_auth_revoke_user_sessions (conn, id, error) ||
       !sanhe_events_notify (conn, SANHE_EVENT_SESSIONS_REVOKED, id, &id, 1, error)))
    goto fail;

  after = _sanhe_core_user_doc (conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, "update", ENTITY, id_text, before, after, error) ||
      !notify_updated (conn, request, id, error))
    goto fail;

  g_strfreev (input.roles);
  return g_steal_pointer (&after);

fail:
  g_strfreev (input.roles);
  return NULL;
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/users",      list_users,  "core.users.manage", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/users",      create_user, "core.users.manage", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/users/{id}", get_user,    "core.users.manage", SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/users/{id}", update_user, "core.users.manage", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_core_users_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
