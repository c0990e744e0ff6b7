/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-test"

#include "config.h"

#include <string.h>

#include "sanhe-test-server.h"

gint64
sanhe_test_member_int (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  g_assert_nonnull (object);
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_autoptr(JsonNode) wrapped = json_node_init_object (json_node_alloc (), object);
      g_autofree char *text = sanhe_test_to_string (wrapped);
      g_error ("Expected integer member '%s' in %s", member, text);
    }
  return json_node_get_int (node);
}

const char *
sanhe_test_member_string (JsonObject *object,
                          const char *member)
{
  JsonNode *node;

  g_assert_nonnull (object);
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autoptr(JsonNode) wrapped = json_node_init_object (json_node_alloc (), object);
      g_autofree char *text = sanhe_test_to_string (wrapped);
      g_error ("Expected string member '%s' in %s", member, text);
    }
  return json_node_get_string (node);
}

gint64
sanhe_test_create_user (SanheTestServer    *server,
                        const char         *token,
                        const char         *login,
                        const char         *password,
                        const char * const *roles)
{
  g_autofree char *name = g_strdup_printf ("Test user %s", login);
  g_autofree char *email = g_strdup_printf ("%s@example.com", login);
  g_autofree char *body = sanhe_test_body ("s:login", login,
                                           "s:name", name,
                                           "s:email", email,
                                           "s:password", password,
                                           "v:roles", roles,
                                           NULL);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (server, "POST", "/api/v1/users", token, body);

  sanhe_test_assert_status (r, 201);
  g_assert_nonnull (sanhe_test_object (r));
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

/* Follows the cursors of a list route; returns an array of every item. */
JsonNode *
sanhe_test_list_all (SanheTestServer *server,
                     const char      *token,
                     const char      *path)
{
  g_autoptr(JsonArray) all = json_array_new ();
  g_autofree char *after = NULL;
  const char *joiner = strchr (path, '?') ? "&" : "?";

  for (guint page = 0; ; page++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      g_autofree char *full = NULL;
      JsonObject *object;
      JsonNode *items;
      JsonNode *next;

      g_assert_cmpuint (page, <, 1000);
      if (after != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (after, NULL, FALSE);
          full = g_strdup_printf ("%s%safter=%s", path, joiner, escaped);
        }
      else
        full = g_strdup (path);

      r = sanhe_test_request (server, "GET", full, token, NULL);
      sanhe_test_assert_status (r, 200);
      object = sanhe_test_object (r);
      g_assert_nonnull (object);
      items = json_object_get_member (object, "items");
      g_assert_nonnull (items);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (items));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (json_node_get_array (items), i)));

      g_assert_true (json_object_has_member (object, "next"));
      next = json_object_get_member (object, "next");
      g_clear_pointer (&after, g_free);
      if (JSON_NODE_HOLDS_NULL (next))
        break;
      g_assert_cmpint (json_node_get_value_type (next), ==, G_TYPE_STRING);
      after = g_strdup (json_node_get_string (next));
    }

  return json_node_init_array (json_node_alloc (), all);
}

/* The item of @array whose @member equals @value, or NULL. */
JsonObject *
sanhe_test_find_by_string (JsonNode   *array,
                           const char *member,
                           const char *value)
{
  JsonArray *a;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  a = json_node_get_array (array);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *item = json_array_get_object_element (a, i);

      if (item != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (item, member, NULL), value) == 0)
        return item;
    }
  return NULL;
}

JsonObject *
sanhe_test_find_by_id (JsonNode *array,
                       gint64    id)
{
  JsonArray *a;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  a = json_node_get_array (array);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *item = json_array_get_object_element (a, i);

      if (item != NULL && json_object_get_int_member_with_default (item, "id", -1) == id)
        return item;
    }
  return NULL;
}

/* Asserts two JSON values are equal, printing both when not. */
void
sanhe_test_assert_json_equal_impl (JsonNode   *a,
                                   JsonNode   *b,
                                   const char *what,
                                   const char *file,
                                   int         line,
                                   const char *func)
{
  if (a == NULL || b == NULL || !json_node_equal (a, b))
    {
      g_autofree char *ta = sanhe_test_to_string (a);
      g_autofree char *tb = sanhe_test_to_string (b);
      g_autofree char *msg = g_strdup_printf ("%s changed:\nbefore: %s\nafter:  %s", what, ta, tb);
      g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
    }
}

/* True if any member name anywhere in @node contains "password" or "hash". */
gboolean
sanhe_test_json_mentions_secret (JsonNode *node)
{
  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *lower = g_ascii_strdown (l->data, -1);

          if (strstr (lower, "password") != NULL || strstr (lower, "hash") != NULL)
            return TRUE;
          if (sanhe_test_json_mentions_secret (json_object_get_member (json_node_get_object (node), l->data)))
            return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (sanhe_test_json_mentions_secret (json_array_get_element (array, i)))
          return TRUE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* An argon2/yescrypt/bcrypt hash leaking as a value. */
      const char *s = json_node_get_string (node);

      if (g_str_has_prefix (s, "$argon2") || g_str_has_prefix (s, "$y$") || g_str_has_prefix (s, "$2b$")
          || g_str_has_prefix (s, "$7$"))
        return TRUE;
    }

  return FALSE;
}

void
sanhe_test_assert_timestamp (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  g_assert_nonnull (text);
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    g_error ("Not an ISO 8601 time with a zone: %s", text);
}
