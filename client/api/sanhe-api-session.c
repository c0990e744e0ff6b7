/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-api"

#include "config.h"

#include <string.h>

#include "sanhe-error.h"

#include "sanhe-api.h"
#include "sanhe-api-private.h"

/*
 * The session calls of SanheApi: log in (POST /session, then GET /me so the
 * permissions are known before any window shows), log out, refresh /me, and
 * one page of a keyset-paginated list.
 */

static void
on_login_me_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SanheRecord) me = NULL;
  g_autoptr(GError) error = NULL;

  me = sanhe_api_refresh_me_finish (SANHE_API (object), result, &error);
  if (me == NULL)
    {
      _sanhe_api_set_token (SANHE_API (object), NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_login_session_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SanheApi *self = SANHE_API (object);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  JsonObject *answer;
  const char *token;

  node = sanhe_api_request_finish (self, result, &error);
  if (node == NULL)
    {
      if (error == NULL)
        sanhe_set_error (&error, SANHE_ERROR_INTERNAL, SANHE_CODE_BAD_RESPONSE, NULL,
                         "The server sent no session.");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  token = answer ? json_object_get_string_member_with_default (answer, "token", NULL) : NULL;
  if (token == NULL || *token == '\0')
    {
      sanhe_set_error (&error, SANHE_ERROR_INTERNAL, SANHE_CODE_BAD_RESPONSE, NULL,
                       "The server sent a session without a token.");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _sanhe_api_set_token (self, token);
  cancellable = g_task_get_cancellable (task);
  sanhe_api_refresh_me_async (self, cancellable, on_login_me_cb, g_steal_pointer (&task));
}

void
sanhe_api_login_async (SanheApi            *self,
                       const char          *login,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (SANHE_IS_API (self));
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_api_login_async);

  _sanhe_api_set_token (self, NULL);
  _sanhe_api_set_me (self, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  sanhe_api_request_async (self, "POST", "/api/v1/session", body, cancellable,
                           on_login_session_cb, g_steal_pointer (&task));
}

gboolean
sanhe_api_login_finish (SanheApi      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_logout_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (error != NULL)
    g_debug ("Logging out: %s", error->message);

  /* Forgotten here whatever the server said: the token is gone. */
  g_task_return_boolean (task, TRUE);
}

void
sanhe_api_logout_async (SanheApi            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (SANHE_IS_API (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_api_logout_async);

  if (sanhe_api_get_token (self) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  sanhe_api_request_async (self, "DELETE", "/api/v1/session", NULL, cancellable,
                           on_logout_cb, g_object_ref (task));
  /* The request already carries the token; drop ours now. */
  _sanhe_api_set_token (self, NULL);
  _sanhe_api_set_me (self, NULL);
}

gboolean
sanhe_api_logout_finish (SanheApi      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_me_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SanheRecord) me = NULL;
  GError *error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  me = sanhe_record_new_from_node (node);
  if (me == NULL)
    {
      sanhe_set_error (&error, SANHE_ERROR_INTERNAL, SANHE_CODE_BAD_RESPONSE, NULL,
                       "The server sent no user.");
      g_task_return_error (task, error);
      return;
    }

  _sanhe_api_set_me (SANHE_API (object), me);
  g_task_return_pointer (task, g_steal_pointer (&me), g_object_unref);
}

void
sanhe_api_refresh_me_async (SanheApi            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SANHE_IS_API (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_api_refresh_me_async);
  sanhe_api_request_async (self, "GET", "/api/v1/me", NULL, cancellable, on_me_cb, task);
}

/* Returns: (transfer full): the user, also kept as SanheApi:me. */
SanheRecord *
sanhe_api_refresh_me_finish (SanheApi      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *records;
  char      *next;
} ListPage;

static void
list_page_free (ListPage *page)
{
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->next, g_free);
  g_free (page);
}

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonObject *answer;
  JsonNode *items;
  ListPage *page;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  answer = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  items = answer ? json_object_get_member (answer, "items") : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      sanhe_set_error (&error, SANHE_ERROR_INTERNAL, SANHE_CODE_BAD_RESPONSE, NULL,
                       "The server sent a list without items.");
      g_task_return_error (task, error);
      return;
    }

  page = g_new0 (ListPage, 1);
  page->records = sanhe_records_from_array (json_node_get_array (items));
  page->next = g_strdup (json_object_get_string_member_with_default (answer, "next", NULL));
  g_task_return_pointer (task, page, (GDestroyNotify)list_page_free);
}

/* One page of a list: @after is the cursor from the previous page (NULL for
 * the first), @limit 0 leaves the server's default. */
void
sanhe_api_list_page_async (SanheApi            *self,
                           const char          *path,
                           const char          *after,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GString) url = NULL;
  GTask *task;

  g_return_if_fail (SANHE_IS_API (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_api_list_page_async);

  url = g_string_new (path);
  if (limit > 0)
    g_string_append_printf (url, "%slimit=%u", strchr (url->str, '?') ? "&" : "?", limit);
  if (after != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (after, NULL, FALSE);

      g_string_append_printf (url, "%safter=%s", strchr (url->str, '?') ? "&" : "?", escaped);
    }

  sanhe_api_request_async (self, "GET", url->str, NULL, cancellable, on_list_page_cb, task);
}

/* Returns: (transfer full) (element-type SanheRecord): the page's records;
 * @next gets the cursor of the following page, NULL after the last. */
GPtrArray *
sanhe_api_list_page_finish (SanheApi      *self,
                            GAsyncResult  *result,
                            char         **next,
                            GError       **error)
{
  ListPage *page;
  GPtrArray *records;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;

  records = g_steal_pointer (&page->records);
  if (next != NULL)
    *next = g_steal_pointer (&page->next);
  list_page_free (page);

  return records;
}
