/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-process-edit"

#include "config.h"

#include <string.h>

#include "sanhe-json.h"

#include "sanhe-oa-process-edit.h"

/*
 * The designer's edits keep a process drawable and, where they can, valid:
 * a step added after a step (or on a connection) is spliced into the flow;
 * a step removed from a chain leaves the chain joined; renaming a step or
 * a field renames what refers to it.
 */

/* The string @member of the object at @index of @array, or NULL. */
static const char *
string_at (JsonArray  *array,
           guint       index,
           const char *member)
{
  return sanhe_json_object_get_string (sanhe_json_array_get_object (array, index), member);
}

/* Returns: (transfer none): the array @member ("form", "nodes", "edges"),
 * created empty when missing or not an array. */
JsonArray *
sanhe_oa_process_array (JsonObject *definition,
                        const char *member)
{
  JsonNode *node = json_object_get_member (definition, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (definition, member, json_array_new ());
      node = json_object_get_member (definition, member);
    }
  return json_node_get_array (node);
}

/* Returns: (transfer none) (nullable): the object at @index of the array
 * @member (a field, a step, a connection), NULL when @index is negative or
 * past its end. */
JsonObject *
sanhe_oa_process_element (JsonObject *definition,
                          const char *member,
                          gint        index)
{
  if (index < 0)
    return NULL;
  return sanhe_json_array_get_object (sanhe_oa_process_array (definition, member), (guint) index);
}

/* Sets @member to @text, or removes it when @text is NULL or empty. */
void
sanhe_oa_set_string (JsonObject *object,
                     const char *member,
                     const char *text)
{
  if (text == NULL || *text == '\0')
    json_object_remove_member (object, member);
  else
    json_object_set_string_member (object, member, text);
}

const char *
sanhe_oa_get_translation (JsonObject *object,
                          const char *language)
{
  JsonNode *translations = json_object_get_member (object, "translations");

  if (translations == NULL || !JSON_NODE_HOLDS_OBJECT (translations))
    return NULL;
  return sanhe_json_object_get_string (json_node_get_object (translations), language);
}

/* Sets the text of @object in @language ("zh_CN", "es"); an empty text
 * removes it, and the last one removed takes "translations" along. */
void
sanhe_oa_set_translation (JsonObject *object,
                          const char *language,
                          const char *text)
{
  JsonNode *node = json_object_get_member (object, "translations");
  JsonObject *translations;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (text == NULL || *text == '\0')
        return;
      json_object_set_object_member (object, "translations", json_object_new ());
      node = json_object_get_member (object, "translations");
    }
  translations = json_node_get_object (node);
  sanhe_oa_set_string (translations, language, text);
  if (json_object_get_size (translations) == 0)
    json_object_remove_member (object, "translations");
}

/* Returns: (transfer full): a small process that is valid as it stands:
 * one required text field, start → an approval by the manager → end. */
JsonObject *
sanhe_oa_process_new_template (const char *key,
                               const char *name,
                               const char *field_label,
                               const char *approval_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "form");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "subject");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "text");
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, field_label);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  {
    JsonObject *definition = json_node_get_object (root);
    JsonObject *start = sanhe_oa_process_add_node (definition, "start", NULL, -1);
    JsonObject *approval = sanhe_oa_process_add_node (definition, "approval",
                                                      sanhe_json_object_get_string (start, "id"), -1);

    json_object_set_string_member (approval, "name", approval_name);
    sanhe_oa_process_add_node (definition, "end", sanhe_json_object_get_string (approval, "id"), -1);
    return json_object_ref (definition);
  }
}

/* Returns: (transfer full): what is sent to save or validate @definition:
 * a copy without the members the server adds to what it stores. */
JsonNode *
sanhe_oa_process_to_body (JsonObject *definition)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (definition);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "version") && !g_str_equal (l->data, "created_at"))
      json_object_set_member (body, l->data, json_node_copy (json_object_get_member (definition, l->data)));
  return json_node_init_object (json_node_alloc (), body);
}

JsonObject *
sanhe_oa_process_find_node (JsonObject *definition,
                            const char *id,
                            guint      *index)
{
  JsonArray *nodes = sanhe_oa_process_array (definition, "nodes");

  for (guint i = 0; id != NULL && i < json_array_get_length (nodes); i++)
    if (g_strcmp0 (string_at (nodes, i, "id"), id) == 0)
      {
        if (index != NULL)
          *index = i;
        return sanhe_json_array_get_object (nodes, i);
      }
  return NULL;
}

/* Returns: (transfer full): @prefix, or @prefix_2, _3… so that no element
 * of @member has it as its @key. */
char *
sanhe_oa_process_unique_id (JsonObject *definition,
                            const char *member,
                            const char *key,
                            const char *prefix)
{
  JsonArray *array = sanhe_oa_process_array (definition, member);

  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (prefix) : g_strdup_printf ("%s_%u", prefix, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < json_array_get_length (array) && !taken; i++)
        taken = g_strcmp0 (string_at (array, i, key), candidate) == 0;
      if (!taken)
        return g_steal_pointer (&candidate);
    }
}

static GArray *
edges_touching (JsonObject *definition,
                const char *member,
                const char *id)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < json_array_get_length (edges); i++)
    if (g_strcmp0 (string_at (edges, i, member), id) == 0)
      g_array_append_val (found, i);
  return found;
}

/* Drops the members a step of @type does not take and gives the ones it
 * needs a sensible first value: approvals and copies go to the
 * applicant's manager, approvals are 或签 (any). */
void
sanhe_oa_process_set_node_type (JsonObject *node,
                                const char *type)
{
  gboolean approval = g_strcmp0 (type, "approval") == 0;
  gboolean notify = g_strcmp0 (type, "notify") == 0;

  json_object_set_string_member (node, "type", type);
  if (!approval && !notify)
    json_object_remove_member (node, "assignee");
  if (!approval)
    {
      json_object_remove_member (node, "mode");
      json_object_remove_member (node, "timeout_hours");
      json_object_remove_member (node, "on_timeout");
    }
  if (g_strcmp0 (type, "action") != 0)
    json_object_remove_member (node, "effect");

  if ((approval || notify) && !json_object_has_member (node, "assignee"))
    {
      JsonObject *assignee = json_object_new ();

      json_object_set_string_member (assignee, "rule", "manager");
      json_object_set_object_member (node, "assignee", assignee);
    }
  if (approval && !json_object_has_member (node, "mode"))
    json_object_set_string_member (node, "mode", "any");
}

static gboolean
leaves_once (const char *type)
{
  return g_strcmp0 (type, "end") != 0 && g_strcmp0 (type, "start") != 0;
}

/*
 * Adds a step of @type. With @edge (an index, or -1) it is spliced into
 * that connection; else after @after (a step id, or NULL) when that step
 * leads to exactly one next step; else it follows @after when @after
 * leads nowhere yet. A condition spliced in keeps the rest of the flow as
 * its "otherwise" branch.
 *
 * Returns: (transfer none): the new step.
 */
JsonObject *
sanhe_oa_process_add_node (JsonObject *definition,
                           const char *type,
                           const char *after,
                           gint        edge)
{
  JsonArray *nodes = sanhe_oa_process_array (definition, "nodes");
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  g_autofree char *id = sanhe_oa_process_unique_id (definition, "nodes", "id", type);
  JsonObject *node = json_object_new ();
  JsonObject *after_node = sanhe_oa_process_find_node (definition, after, NULL);
  g_autoptr(GArray) outgoing = after != NULL ? edges_touching (definition, "from", after) : NULL;

  json_object_set_string_member (node, "id", id);
  sanhe_oa_process_set_node_type (node, type);
  json_array_add_object_element (nodes, node);

  if ((edge < 0 || (guint) edge >= json_array_get_length (edges)) && outgoing != NULL && outgoing->len == 1
      && leaves_once (type))
    edge = g_array_index (outgoing, guint, 0);

  if (edge >= 0 && (guint) edge < json_array_get_length (edges) && leaves_once (type))
    {
      JsonObject *split = sanhe_json_array_get_object (edges, edge);
      g_autofree char *next = g_strdup (sanhe_json_object_get_string (split, "to"));
      guint added;

      json_object_set_string_member (split, "to", id);
      added = sanhe_oa_process_add_edge (definition, id, next);
      if (g_strcmp0 (type, "condition") == 0)
        json_object_set_boolean_member (sanhe_json_array_get_object (edges, added), "else", TRUE);
    }
  else if (after_node != NULL && outgoing->len == 0
           && g_strcmp0 (sanhe_json_object_get_string (after_node, "type"), "end") != 0
           && g_strcmp0 (type, "start") != 0)
    sanhe_oa_process_add_edge (definition, after, id);

  return node;
}

/* Removes step @id and its connections; a step between exactly one step
 * before and one after leaves those two joined. */
void
sanhe_oa_process_remove_node (JsonObject *definition,
                              const char *id)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  g_autoptr(GArray) incoming = edges_touching (definition, "to", id);
  g_autoptr(GArray) outgoing = edges_touching (definition, "from", id);
  guint index;

  if (sanhe_oa_process_find_node (definition, id, &index) == NULL)
    return;

  if (incoming->len == 1 && outgoing->len == 1
      && g_array_index (incoming, guint, 0) != g_array_index (outgoing, guint, 0))
    {
      JsonObject *in = sanhe_json_array_get_object (edges, g_array_index (incoming, guint, 0));
      const char *next = string_at (edges, g_array_index (outgoing, guint, 0), "to");

      if (g_strcmp0 (next, id) != 0)
        json_object_set_string_member (in, "to", next);
    }

  for (guint i = json_array_get_length (edges); i-- > 0;)
    {
      JsonObject *edge = sanhe_json_array_get_object (edges, i);

      if (g_strcmp0 (sanhe_json_object_get_string (edge, "from"), id) == 0
          || g_strcmp0 (sanhe_json_object_get_string (edge, "to"), id) == 0)
        json_array_remove_element (edges, i);
    }
  json_array_remove_element (sanhe_oa_process_array (definition, "nodes"), index);
}

/* Returns: FALSE (and changes nothing) when @new_id is empty or another
 * step has it. */
gboolean
sanhe_oa_process_rename_node (JsonObject *definition,
                              const char *old_id,
                              const char *new_id)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  JsonObject *node = sanhe_oa_process_find_node (definition, old_id, NULL);

  if (node == NULL || new_id == NULL || *new_id == '\0')
    return FALSE;
  if (g_strcmp0 (old_id, new_id) == 0)
    return TRUE;
  if (sanhe_oa_process_find_node (definition, new_id, NULL) != NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = sanhe_json_array_get_object (edges, i);

      if (g_strcmp0 (sanhe_json_object_get_string (edge, "from"), old_id) == 0)
        json_object_set_string_member (edge, "from", new_id);
      if (g_strcmp0 (sanhe_json_object_get_string (edge, "to"), old_id) == 0)
        json_object_set_string_member (edge, "to", new_id);
    }
  json_object_set_string_member (node, "id", new_id);
  return TRUE;
}

/* Returns: the index of the new connection. */
guint
sanhe_oa_process_add_edge (JsonObject *definition,
                           const char *from,
                           const char *to)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  JsonObject *edge = json_object_new ();

  json_object_set_string_member (edge, "from", from);
  json_object_set_string_member (edge, "to", to);
  json_array_add_object_element (edges, edge);
  return json_array_get_length (edges) - 1;
}

void
sanhe_oa_process_remove_edge (JsonObject *definition,
                              guint       index)
{
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");

  if (index < json_array_get_length (edges))
    json_array_remove_element (edges, index);
}

/* Returns: (transfer none): a new optional text field at the end. */
JsonObject *
sanhe_oa_process_add_field (JsonObject *definition,
                            const char *label)
{
  g_autofree char *name = sanhe_oa_process_unique_id (definition, "form", "name", "field");
  JsonObject *field = json_object_new ();

  json_object_set_string_member (field, "name", name);
  json_object_set_string_member (field, "type", "text");
  json_object_set_string_member (field, "label", label);
  json_array_add_object_element (sanhe_oa_process_array (definition, "form"), field);
  return field;
}

/* "amount" → "total" also turns "dates.days" into "span.days". */
static char *
renamed_reference (const char *reference,
                   const char *old_name,
                   const char *new_name)
{
  gsize length = strlen (old_name);

  if (reference == NULL || strncmp (reference, old_name, length) != 0)
    return NULL;
  if (reference[length] != '\0' && reference[length] != '.')
    return NULL;
  return g_strconcat (new_name, reference + length, NULL);
}

static void
rename_in_condition (JsonNode   *tree,
                     const char *old_name,
                     const char *new_name)
{
  JsonObject *object;
  JsonNode *args;
  g_autofree char *field = NULL;

  if (tree == NULL || !JSON_NODE_HOLDS_OBJECT (tree))
    return;
  object = json_node_get_object (tree);
  field = renamed_reference (sanhe_json_object_get_string (object, "field"), old_name, new_name);
  if (field != NULL)
    json_object_set_string_member (object, "field", field);
  rename_in_condition (json_object_get_member (object, "arg"), old_name, new_name);
  args = json_object_get_member (object, "args");
  for (guint i = 0; args != NULL && JSON_NODE_HOLDS_ARRAY (args) && i < json_array_get_length (json_node_get_array (args)); i++)
    rename_in_condition (json_array_get_element (json_node_get_array (args), i), old_name, new_name);
}

/* Renames form field @old_name and the conditions and assignee rules that
 * name it. Returns: FALSE (changing nothing) when another field has
 * @new_name or it is empty. */
gboolean
sanhe_oa_process_rename_field (JsonObject *definition,
                               const char *old_name,
                               const char *new_name)
{
  JsonArray *form = sanhe_oa_process_array (definition, "form");
  JsonArray *edges = sanhe_oa_process_array (definition, "edges");
  JsonArray *nodes = sanhe_oa_process_array (definition, "nodes");
  JsonObject *field = NULL;

  if (new_name == NULL || *new_name == '\0')
    return FALSE;
  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      const char *name = string_at (form, i, "name");

      if (g_strcmp0 (name, new_name) == 0 && g_strcmp0 (name, old_name) != 0)
        return FALSE;
      if (g_strcmp0 (name, old_name) == 0)
        field = sanhe_json_array_get_object (form, i);
    }
  if (field == NULL)
    return FALSE;

  json_object_set_string_member (field, "name", new_name);
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = sanhe_json_array_get_object (edges, i);

      if (edge != NULL)
        rename_in_condition (json_object_get_member (edge, "when"), old_name, new_name);
    }
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = sanhe_json_array_get_object (nodes, i);
      JsonObject *assignee = sanhe_json_object_get_object (node, "assignee");

      if (assignee != NULL && g_strcmp0 (sanhe_json_object_get_string (assignee, "field"), old_name) == 0)
        json_object_set_string_member (assignee, "field", new_name);
    }
  return TRUE;
}

/* Moves field @index by @delta places (-1 up, +1 down). */
void
sanhe_oa_process_move_field (JsonObject *definition,
                             guint       index,
                             gint        delta)
{
  JsonArray *form = sanhe_oa_process_array (definition, "form");
  guint n = json_array_get_length (form);
  gint target = (gint) index + delta;
  JsonArray *moved;

  if (index >= n || target < 0 || (guint) target >= n)
    return;
  moved = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      guint from = i;

      if ((gint) i == target)
        from = index;
      else if (delta < 0 && (gint) i > target && i <= index)
        from = i - 1;
      else if (delta > 0 && i >= index && (gint) i < target)
        from = i + 1;
      json_array_add_element (moved, json_node_copy (json_array_get_element (form, from)));
    }
  json_object_set_array_member (definition, "form", moved);
}

/* Changes a field's type, dropping bounds and options the new type does
 * not take. */
void
sanhe_oa_process_set_field_type (JsonObject *field,
                                 const char *type)
{
  gboolean bounded = g_strcmp0 (type, "number") == 0 || g_strcmp0 (type, "money") == 0
                     || g_strcmp0 (type, "date") == 0 || g_strcmp0 (type, "date_range") == 0;
  const char *old_type = sanhe_json_object_get_string (field, "type");
  gboolean same_kind = (g_strcmp0 (old_type, "number") == 0 || g_strcmp0 (old_type, "money") == 0)
                       == (g_strcmp0 (type, "number") == 0 || g_strcmp0 (type, "money") == 0);

  if (!bounded || !same_kind)
    {
      json_object_remove_member (field, "min");
      json_object_remove_member (field, "max");
    }
  if (g_strcmp0 (type, "choice") != 0)
    json_object_remove_member (field, "options");
  json_object_set_string_member (field, "type", type);
}
