/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <string.h>

#include "sanhe-oa-private.h"

/*
 * Compiles a process definition in three passes, collecting every problem:
 * the form; the nodes (ids, types, per-type settings); the edges (ends,
 * conditions) and the per-node degree rules. The graph checks of
 * sanhe-oa-graph.c run when the nodes themselves are sound.
 */

static const char * const node_types[] = {
  [SANHE_OA_NODE_START] = "start",
  [SANHE_OA_NODE_APPROVAL] = "approval",
  [SANHE_OA_NODE_CONDITION] = "condition",
  [SANHE_OA_NODE_PARALLEL] = "parallel",
  [SANHE_OA_NODE_JOIN] = "join",
  [SANHE_OA_NODE_NOTIFY] = "notify",
  [SANHE_OA_NODE_ACTION] = "action",
  [SANHE_OA_NODE_END] = "end",
};

typedef struct
{
  SanheOaDefinition  *definition;
  JsonArray          *problems;
  const char * const *known_effects;
  gboolean            nodes_ok;
  guint8             *broken;  /* per node: its type is unknown */
} Compile;

static gint
lookup_word (const char * const *words,
             guint               n_words,
             const char         *text)
{
  for (guint i = 0; i < n_words; i++)
    if (g_strcmp0 (words[i], text) == 0)
      return i;
  return -1;
}

static gboolean
is_node_id (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_key (const char *text)
{
  gsize length = strlen (text);

  if (length == 0 || length > 64 || !g_ascii_islower (text[0]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static void
compile_node (Compile  *compile,
              JsonNode *element,
              guint     index)
{
  SanheOaDefinition *definition = compile->definition;
  g_autofree char *member = g_strdup_printf ("nodes[%u]", index);
  SanheOaNode *node;
  JsonObject *object;
  const char *id;
  const char *name;
  gint type;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      _sanhe_oa_report_at (compile->problems, "member", member, "wrong_type", "A node must be an object.");
      compile->nodes_ok = FALSE;
      return;
    }

  object = json_node_get_object (element);
  id = sanhe_json_node_get_string (json_object_get_member (object, "id"));
  if (id == NULL)
    {
      _sanhe_oa_report_at (compile->problems, "member", member, "missing_id", "A node needs an \"id\".");
      compile->nodes_ok = FALSE;
      return;
    }
  if (!is_node_id (id))
    {
      _sanhe_oa_report_at (compile->problems, "member", member, "invalid_id",
                           "Node ids are 1 to 64 letters, digits, '_', '-' or '.'.");
      compile->nodes_ok = FALSE;
      return;
    }
  if (g_hash_table_contains (definition->by_id, id))
    {
      _sanhe_oa_report_at (compile->problems, "node", id, "duplicate_id", "Two nodes have the id \"%s\".", id);
      compile->nodes_ok = FALSE;
      return;
    }

  node = &definition->nodes[definition->n_nodes];
  node->id = g_strdup (id);
  node->match = -1;
  name = sanhe_json_node_get_string (json_object_get_member (object, "name"));
  node->name = g_strdup (name);
  _sanhe_oa_check_translations (object, &(SanheOaWhere) { compile->problems, "node", id, 0 });

  type = lookup_word (node_types, G_N_ELEMENTS (node_types),
                      sanhe_json_node_get_string (json_object_get_member (object, "type")));
  if (type < 0)
    {
      _sanhe_oa_report_at (compile->problems, "node", id, "unknown_type",
                           "A node's type is start, approval, condition, parallel, join, notify, action or end.");
      compile->nodes_ok = FALSE;
      compile->broken[definition->n_nodes] = TRUE;  /* its id stays known: edges to it are not dangling */
    }
  else
    {
      node->type = type;
      _sanhe_oa_node_compile_settings (node, object, definition->form, compile->known_effects, compile->problems);
    }

  g_hash_table_insert (definition->by_id, node->id, GUINT_TO_POINTER (definition->n_nodes + 1));
  definition->n_nodes++;
}

static void
compile_nodes (Compile  *compile,
               JsonNode *nodes)
{
  SanheOaDefinition *definition = compile->definition;
  JsonArray *array;
  guint n_start = 0;
  guint n_end = 0;

  if (nodes == NULL || !JSON_NODE_HOLDS_ARRAY (nodes))
    {
      _sanhe_oa_report_at (compile->problems, "member", "nodes", nodes ? "wrong_type" : "required",
                           "\"nodes\" must be a list of nodes.");
      compile->nodes_ok = FALSE;
      return;
    }

  array = json_node_get_array (nodes);
  if (json_array_get_length (array) > SANHE_OA_MAX_NODES)
    {
      _sanhe_oa_report_at (compile->problems, "member", "nodes", "too_many",
                           "A process has at most %u nodes.", SANHE_OA_MAX_NODES);
      compile->nodes_ok = FALSE;
      return;
    }

  definition->nodes = g_new0 (SanheOaNode, json_array_get_length (array));
  compile->broken = g_new0 (guint8, json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    compile_node (compile, json_array_get_element (array, i), i);

  for (guint i = 0; i < definition->n_nodes; i++)
    {
      SanheOaNode *node = &definition->nodes[i];

      if (compile->broken[i])
        continue;
      if (node->type == SANHE_OA_NODE_END)
        n_end++;
      if (node->type != SANHE_OA_NODE_START)
        continue;
      if (n_start++ == 0)
        definition->start = i;
      else
        _sanhe_oa_report_at (compile->problems, "node", node->id, "multiple_start",
                             "A process has exactly one start node.");
    }

  if (n_start == 0)
    _sanhe_oa_report_at (compile->problems, "member", "nodes", "no_start", "A process needs a start node.");
  if (n_end == 0)
    _sanhe_oa_report_at (compile->problems, "member", "nodes", "no_end", "A process needs at least one end node.");
  if (n_start != 1)
    compile->nodes_ok = FALSE;
}

static gint
resolve_end (Compile    *compile,
             JsonObject *object,
             const char *member,
             guint       index)
{
  const char *id = sanhe_json_node_get_string (json_object_get_member (object, member));
  gpointer found;

  if (id == NULL)
    {
      _sanhe_oa_report_index (compile->problems, "edge", index, "invalid", "An edge needs \"from\" and \"to\" node ids.");
      return -1;
    }
  found = g_hash_table_lookup (compile->definition->by_id, id);
  if (found == NULL)
    {
      _sanhe_oa_report_index (compile->problems, "edge", index, "dangling",
                              "\"%s\" names \"%s\", which is not a node.", member, id);
      return -1;
    }
  return GPOINTER_TO_UINT (found) - 1;
}

static void
compile_edge (Compile  *compile,
              JsonNode *element,
              guint     index)
{
  SanheOaDefinition *definition = compile->definition;
  SanheOaEdge *edge = &definition->edges[index];
  JsonObject *object;
  JsonNode *when;
  JsonNode *is_else;
  gint from, to;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      _sanhe_oa_report_index (compile->problems, "edge", index, "invalid", "An edge must be an object.");
      return;
    }

  object = json_node_get_object (element);
  from = resolve_end (compile, object, "from", index);
  to = resolve_end (compile, object, "to", index);
  if (from < 0 || to < 0)
    return;

  edge->from = from;
  edge->to = to;
  definition->edge_ok[index] = TRUE;

  when = json_object_get_member (object, "when");
  if (when != NULL && JSON_NODE_HOLDS_NULL (when))
    when = NULL;
  is_else = json_object_get_member (object, "else");
  if (is_else != NULL && !JSON_NODE_HOLDS_NULL (is_else))
    {
      if (!JSON_NODE_HOLDS_VALUE (is_else) || json_node_get_value_type (is_else) != G_TYPE_BOOLEAN)
        _sanhe_oa_report_index (compile->problems, "edge", index, "invalid", "\"else\" is true or absent.");
      else
        edge->is_else = json_node_get_boolean (is_else);
    }

  if (definition->nodes[from].type != SANHE_OA_NODE_CONDITION)
    {
      if (when != NULL)
        _sanhe_oa_report_index (compile->problems, "edge", index, "unexpected_when",
                                "Only edges leaving a condition node carry \"when\".");
      if (edge->is_else)
        _sanhe_oa_report_index (compile->problems, "edge", index, "unexpected_else",
                                "Only edges leaving a condition node can be the \"else\".");
      edge->is_else = FALSE;
      return;
    }

  if (when != NULL && edge->is_else)
    _sanhe_oa_report_index (compile->problems, "edge", index, "when_and_else",
                            "An edge has either \"when\" or \"else\", not both.");
  else if (when != NULL)
    {
      SanheOaWhere where = { compile->problems, "edge", NULL, index };

      edge->when = _sanhe_oa_condition_compile (when, definition->form, &where, "when");
    }
  else if (!edge->is_else)
    _sanhe_oa_report_index (compile->problems, "edge", index, "missing_when",
                            "An edge leaving a condition node needs \"when\" or \"else\": true.");
}

static void
link_edges (SanheOaDefinition *definition)
{
  g_autofree guint *n_out = g_new0 (guint, definition->n_nodes);
  g_autofree guint *n_in = g_new0 (guint, definition->n_nodes);

  for (guint e = 0; e < definition->n_edges; e++)
    if (definition->edge_ok[e])
      {
        n_out[definition->edges[e].from]++;
        n_in[definition->edges[e].to]++;
      }
  for (guint i = 0; i < definition->n_nodes; i++)
    {
      definition->nodes[i].out = g_new0 (guint, n_out[i]);
      definition->nodes[i].in = g_new0 (guint, n_in[i]);
    }
  for (guint e = 0; e < definition->n_edges; e++)
    {
      SanheOaEdge *edge = &definition->edges[e];

      if (!definition->edge_ok[e])
        continue;
      definition->nodes[edge->from].out[definition->nodes[edge->from].n_out++] = e;
      definition->nodes[edge->to].in[definition->nodes[edge->to].n_in++] = e;
    }
}

static void
check_duplicate_branches (Compile     *compile,
                          SanheOaNode *node)
{
  SanheOaDefinition *definition = compile->definition;

  for (guint i = 1; i < node->n_out; i++)
    for (guint j = 0; j < i; j++)
      if (definition->edges[node->out[i]].to == definition->edges[node->out[j]].to)
        {
          _sanhe_oa_report_index (compile->problems, "edge", node->out[i], "duplicate",
                                  "Two branches of \"%s\" lead to the same node.", node->id);
          break;
        }
}

static void
check_degrees (Compile *compile)
{
  SanheOaDefinition *definition = compile->definition;

  for (guint i = 0; i < definition->n_nodes; i++)
    {
      SanheOaNode *node = &definition->nodes[i];
      guint n_else = 0;
      guint n_when = 0;

      if (compile->broken[i])
        continue;

      switch (node->type)
        {
        case SANHE_OA_NODE_START:
          if (node->n_in > 0)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "start_has_incoming",
                                 "No edge may lead into the start node.");
          G_GNUC_FALLTHROUGH;
        case SANHE_OA_NODE_APPROVAL:
        case SANHE_OA_NODE_JOIN:
        case SANHE_OA_NODE_NOTIFY:
        case SANHE_OA_NODE_ACTION:
          if (node->n_out != 1)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "needs_one_outgoing",
                                 "A %s node has exactly one outgoing edge; it has %u.",
                                 node_types[node->type], node->n_out);
          break;
        case SANHE_OA_NODE_END:
          if (node->n_out > 0)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "end_has_outgoing",
                                 "No edge may leave an end node.");
          break;
        case SANHE_OA_NODE_PARALLEL:
          if (node->n_out < 2)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "parallel_needs_branches",
                                 "A parallel node splits into at least two branches.");
          check_duplicate_branches (compile, node);
          break;
        case SANHE_OA_NODE_CONDITION:
          for (guint e = 0; e < node->n_out; e++)
            {
              if (definition->edges[node->out[e]].is_else)
                n_else++;
              else
                n_when++;
            }
          if (n_else == 0)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "no_else",
                                 "A condition node needs exactly one edge with \"else\": true.");
          else if (n_else > 1)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "multiple_else",
                                 "A condition node has exactly one \"else\" edge; it has %u.", n_else);
          if (n_when == 0)
            _sanhe_oa_report_at (compile->problems, "node", node->id, "no_when",
                                 "A condition node needs at least one edge with \"when\".");
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
compile_edges (Compile  *compile,
               JsonNode *edges)
{
  SanheOaDefinition *definition = compile->definition;
  JsonArray *array;

  if (edges == NULL || !JSON_NODE_HOLDS_ARRAY (edges))
    {
      _sanhe_oa_report_at (compile->problems, "member", "edges", edges ? "wrong_type" : "required",
                           "\"edges\" must be a list of edges.");
      return;
    }

  array = json_node_get_array (edges);
  if (json_array_get_length (array) > SANHE_OA_MAX_EDGES)
    {
      _sanhe_oa_report_at (compile->problems, "member", "edges", "too_many",
                           "A process has at most %u edges.", SANHE_OA_MAX_EDGES);
      return;
    }

  definition->n_edges = json_array_get_length (array);
  definition->edges = g_new0 (SanheOaEdge, definition->n_edges);
  definition->edge_ok = g_new0 (guint8, definition->n_edges);
  for (guint i = 0; i < definition->n_edges; i++)
    compile_edge (compile, json_array_get_element (array, i), i);
}

static void
compile_header (Compile    *compile,
                JsonObject *object)
{
  const char *key = sanhe_json_node_get_string (json_object_get_member (object, "key"));
  const char *name = sanhe_json_node_get_string (json_object_get_member (object, "name"));

  if (key == NULL)
    _sanhe_oa_report_at (compile->problems, "member", "key", "required", "A process needs a \"key\".");
  else if (!is_key (key))
    _sanhe_oa_report_at (compile->problems, "member", "key", "invalid",
                         "A key is 1 to 64 lower-case letters, digits, '_' or '.', starting with a letter.");
  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 200)
    _sanhe_oa_report_at (compile->problems, "member", "name", name ? "invalid" : "required",
                         "A process needs a \"name\" of 1 to 200 characters.");

  _sanhe_oa_check_translations (object, &(SanheOaWhere) { compile->problems, "member", "$", 0 });

  compile->definition->key = g_strdup (key);
  compile->definition->name = g_strdup (name);
}

SanheOaDefinition *
sanhe_oa_definition_new_from_json (JsonNode            *root,
                                   const char * const  *known_effects,
                                   GError             **error)
{
  g_autoptr(JsonArray) problems = json_array_new ();
  g_autoptr(SanheOaDefinition) definition = g_new0 (SanheOaDefinition, 1);
  Compile compile = { definition, problems, known_effects, TRUE, NULL };
  JsonObject *object;

  g_atomic_ref_count_init (&definition->ref_count);
  definition->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _sanhe_oa_report_at (problems, "member", "$", "wrong_type", "A process definition is a JSON object.");
      _sanhe_oa_check_problems (problems, SANHE_OA_CODE_PROCESS_INVALID, "The process definition is not valid.", error);
      return NULL;
    }

  object = json_node_get_object (root);
  compile_header (&compile, object);
  definition->form = _sanhe_oa_form_compile (json_object_get_member (object, "form"), problems);
  compile_nodes (&compile, json_object_get_member (object, "nodes"));
  if (definition->nodes != NULL)
    {
      compile_edges (&compile, json_object_get_member (object, "edges"));
      link_edges (definition);
      check_degrees (&compile);
      if (compile.nodes_ok)
        _sanhe_oa_graph_check (definition, problems);
    }
  g_clear_pointer (&definition->edge_ok, g_free);
  g_clear_pointer (&compile.broken, g_free);

  if (!_sanhe_oa_check_problems (problems, SANHE_OA_CODE_PROCESS_INVALID,
                                 "The process definition is not valid.", error))
    return NULL;
  return g_steal_pointer (&definition);
}

SanheOaDefinition *
sanhe_oa_definition_ref (SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);

  g_atomic_ref_count_inc (&definition->ref_count);
  return definition;
}

void
sanhe_oa_definition_unref (SanheOaDefinition *definition)
{
  if (definition == NULL || !g_atomic_ref_count_dec (&definition->ref_count))
    return;

  for (guint i = 0; i < definition->n_nodes; i++)
    {
      SanheOaNode *node = &definition->nodes[i];

      g_free (node->id);
      g_free (node->name);
      g_free (node->assignee.role);
      g_free (node->assignee.field);
      g_free (node->effect);
      g_free (node->out);
      g_free (node->in);
    }
  for (guint i = 0; i < definition->n_edges; i++)
    sanhe_oa_condition_free (definition->edges[i].when);
  g_free (definition->nodes);
  g_free (definition->edges);
  g_free (definition->edge_ok);
  g_clear_pointer (&definition->by_id, g_hash_table_unref);
  g_clear_pointer (&definition->form, sanhe_oa_form_unref);
  g_free (definition->key);
  g_free (definition->name);
  g_free (definition);
}

const char *
sanhe_oa_definition_get_key (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);
  return definition->key;
}

const char *
sanhe_oa_definition_get_name (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);
  return definition->name;
}

const SanheOaForm *
sanhe_oa_definition_get_form (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, NULL);
  return definition->form;
}

guint
sanhe_oa_definition_get_n_nodes (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, 0);
  return definition->n_nodes;
}

const SanheOaNode *
sanhe_oa_definition_get_node (const SanheOaDefinition *definition,
                              guint                    index)
{
  g_return_val_if_fail (definition != NULL, NULL);
  g_return_val_if_fail (index < definition->n_nodes, NULL);
  return &definition->nodes[index];
}

gint
sanhe_oa_definition_find_node (const SanheOaDefinition *definition,
                               const char              *id)
{
  g_return_val_if_fail (definition != NULL, -1);

  if (id == NULL)
    return -1;
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (definition->by_id, id)) - 1;
}

guint
sanhe_oa_definition_get_n_edges (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, 0);
  return definition->n_edges;
}

const SanheOaEdge *
sanhe_oa_definition_get_edge (const SanheOaDefinition *definition,
                              guint                    index)
{
  g_return_val_if_fail (definition != NULL, NULL);
  g_return_val_if_fail (index < definition->n_edges, NULL);
  return &definition->edges[index];
}

guint
sanhe_oa_definition_get_start (const SanheOaDefinition *definition)
{
  g_return_val_if_fail (definition != NULL, 0);
  return definition->start;
}

const char *
sanhe_oa_node_type_to_string (SanheOaNodeType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (node_types), NULL);
  return node_types[type];
}
