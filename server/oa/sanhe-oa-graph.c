/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <string.h>

#include "sanhe-oa-private.h"

/*
 * Graph checks of a definition: no cycles, every node reachable from the
 * start, an end reachable from every node, and well-nested parallel blocks.
 * Only edges that name two existing nodes take part.
 *
 * A parallel node P with branch targets b1…bk is closed by the join J
 * that every branch reaches first (the candidate from which all other
 * common joins are reachable). The block is sound when, with J removed, no
 * branch reaches an end (J post-dominates P), the branch regions are
 * disjoint (they meet only at J) and every edge into a region or into J
 * comes from P or from inside. Then exactly one token per branch arrives at
 * J, which is what the router counts.
 */

typedef struct
{
  SanheOaDefinition *definition;
  JsonArray         *problems;
  guint              n;
  guint             *order;      /* reverse post-order: a topological order when acyclic */
  guint              n_order;
  gboolean           acyclic;
} Graph;

static guint
target (Graph *graph,
        guint  edge)
{
  return graph->definition->edges[edge].to;
}

static guint
source (Graph *graph,
        guint  edge)
{
  return graph->definition->edges[edge].from;
}

/* Iterative depth-first search; back edges are cycles. */
static void
find_cycles (Graph *graph)
{
  SanheOaDefinition *definition = graph->definition;
  g_autofree guint8 *color = g_new0 (guint8, graph->n);     /* 0 new, 1 open, 2 done */
  g_autofree guint *stack = g_new (guint, graph->n);
  g_autofree guint *next = g_new0 (guint, graph->n);
  g_autofree guint *post = g_new (guint, graph->n);
  guint n_post = 0;

  graph->acyclic = TRUE;
  for (guint root = 0; root < graph->n; root++)
    {
      guint depth = 0;

      if (color[root] != 0)
        continue;
      stack[depth++] = root;
      color[root] = 1;
      while (depth > 0)
        {
          guint node = stack[depth - 1];
          SanheOaNode *info = &definition->nodes[node];

          if (next[node] < info->n_out)
            {
              guint edge = info->out[next[node]++];
              guint to = target (graph, edge);

              if (color[to] == 1)
                {
                  graph->acyclic = FALSE;
                  _sanhe_oa_report_index (graph->problems, "edge", edge, "cycle",
                                          "This edge from \"%s\" back to \"%s\" closes a cycle; "
                                          "rework goes through a return, not through edges.",
                                          info->id, definition->nodes[to].id);
                }
              else if (color[to] == 0)
                {
                  color[to] = 1;
                  stack[depth++] = to;
                }
              continue;
            }
          color[node] = 2;
          post[n_post++] = node;
          depth--;
        }
    }

  graph->order = g_new (guint, n_post);
  for (guint i = 0; i < n_post; i++)
    graph->order[i] = post[n_post - 1 - i];
  graph->n_order = n_post;
}

static void
mark (Graph    *graph,
      guint8   *seen,
      guint     from,
      gboolean  forward)
{
  g_autofree guint *queue = g_new (guint, graph->n);
  guint head = 0, tail = 0;

  if (seen[from])
    return;
  seen[from] = TRUE;
  queue[tail++] = from;
  while (head < tail)
    {
      SanheOaNode *node = &graph->definition->nodes[queue[head++]];
      guint n_edges = forward ? node->n_out : node->n_in;

      for (guint i = 0; i < n_edges; i++)
        {
          guint next = forward ? target (graph, node->out[i]) : source (graph, node->in[i]);

          if (!seen[next])
            {
              seen[next] = TRUE;
              queue[tail++] = next;
            }
        }
    }
}

static void
check_reachability (Graph *graph)
{
  SanheOaDefinition *definition = graph->definition;
  g_autofree guint8 *from_start = g_new0 (guint8, graph->n);
  g_autofree guint8 *to_end = g_new0 (guint8, graph->n);

  mark (graph, from_start, definition->start, TRUE);
  for (guint i = 0; i < graph->n; i++)
    if (definition->nodes[i].type == SANHE_OA_NODE_END)
      mark (graph, to_end, i, FALSE);

  for (guint i = 0; i < graph->n; i++)
    {
      if (!from_start[i])
        _sanhe_oa_report_at (graph->problems, "node", definition->nodes[i].id, "unreachable",
                             "No path leads from the start to this node.");
      if (!to_end[i])
        _sanhe_oa_report_at (graph->problems, "node", definition->nodes[i].id, "no_path_to_end",
                             "No path leads from this node to an end.");
    }
}

#define BIT_WORDS(n) (((n) + 63) / 64)
#define HAS_BIT(set, i) (((set)[(i) / 64] >> ((i) % 64)) & 1)
#define SET_BIT(set, i) ((set)[(i) / 64] |= G_GUINT64_CONSTANT (1) << ((i) % 64))

/* reach[n] = n and every node reachable from n; needs a topological order. */
static guint64 *
compute_reach (Graph *graph)
{
  guint words = BIT_WORDS (graph->n);
  guint64 *reach = g_new0 (guint64, (gsize) graph->n * words);

  for (guint k = graph->n_order; k-- > 0;)
    {
      guint node = graph->order[k];
      guint64 *set = reach + (gsize) node * words;
      SanheOaNode *info = &graph->definition->nodes[node];

      SET_BIT (set, node);
      for (guint e = 0; e < info->n_out; e++)
        {
          guint64 *next = reach + (gsize) target (graph, info->out[e]) * words;

          for (guint w = 0; w < words; w++)
            set[w] |= next[w];
        }
    }
  return reach;
}

/* The join every branch reaches first, or -1. */
static gint
find_join (Graph         *graph,
           const guint64 *reach,
           SanheOaNode   *split)
{
  guint words = BIT_WORDS (graph->n);
  gint found = -1;

  for (guint j = 0; j < graph->n; j++)
    {
      const guint64 *from_j = reach + (gsize) j * words;
      gboolean common = graph->definition->nodes[j].type == SANHE_OA_NODE_JOIN;

      for (guint b = 0; common && b < split->n_out; b++)
        common = HAS_BIT (reach + (gsize) target (graph, split->out[b]) * words, j);
      if (!common)
        continue;
      /* The first common join reaches every other one. */
      if (found < 0 || HAS_BIT (from_j, (guint) found))
        found = j;
    }
  return found;
}

/* Walks branch @b of @split up to @join, claiming nodes in @owner (index + 1).
 * Returns FALSE after reporting when the branch escapes to an end. */
static gboolean
walk_branch (Graph       *graph,
             SanheOaNode *split,
             guint        join,
             guint        b,
             guint       *owner,
             gboolean    *merged)
{
  SanheOaDefinition *definition = graph->definition;
  g_autofree guint *queue = g_new (guint, graph->n);
  g_autofree guint8 *seen = g_new0 (guint8, graph->n);
  guint first = target (graph, split->out[b]);
  guint head = 0, tail = 0;

  if (first == join)
    return TRUE;
  queue[tail++] = first;
  seen[first] = TRUE;
  while (head < tail)
    {
      guint node = queue[head++];
      SanheOaNode *info = &definition->nodes[node];

      if (info->type == SANHE_OA_NODE_END)
        {
          _sanhe_oa_report_at (graph->problems, "node", split->id, "parallel_without_join",
                               "The branch to \"%s\" reaches the end \"%s\" without passing the join \"%s\".",
                               definition->nodes[first].id, info->id, definition->nodes[join].id);
          return FALSE;
        }
      if (owner[node] != 0 && owner[node] != b + 1 && !*merged)
        {
          _sanhe_oa_report_at (graph->problems, "node", info->id, "branches_merge",
                               "Two branches of \"%s\" meet here before their join \"%s\".",
                               split->id, definition->nodes[join].id);
          *merged = TRUE;
        }
      owner[node] = b + 1;
      for (guint e = 0; e < info->n_out; e++)
        {
          guint next = target (graph, info->out[e]);

          if (next != join && !seen[next])
            {
              seen[next] = TRUE;
              queue[tail++] = next;
            }
        }
    }
  return TRUE;
}

static void
check_entries (Graph       *graph,
               guint        split,
               guint        join,
               const guint *owner)
{
  SanheOaDefinition *definition = graph->definition;

  for (guint node = 0; node < graph->n; node++)
    {
      SanheOaNode *info = &definition->nodes[node];

      if (owner[node] == 0 && node != join)
        continue;
      for (guint e = 0; e < info->n_in; e++)
        {
          guint from = source (graph, info->in[e]);

          if (from == split || (owner[from] != 0 && (node == join || owner[from] == owner[node])))
            continue;
          _sanhe_oa_report_at (graph->problems, "node", info->id, "enters_parallel",
                               "The edge from \"%s\" enters the parallel block of \"%s\" from outside.",
                               definition->nodes[from].id, definition->nodes[split].id);
          break;
        }
    }
}

static void
match_parallels (Graph *graph)
{
  SanheOaDefinition *definition = graph->definition;
  g_autofree guint64 *reach = compute_reach (graph);
  g_autofree guint *owner = g_new (guint, graph->n);

  for (guint k = 0; k < graph->n_order; k++)
    {
      guint split = graph->order[k];
      SanheOaNode *info = &definition->nodes[split];
      gboolean merged = FALSE;
      gboolean escaped = FALSE;
      gint join;

      if (info->type != SANHE_OA_NODE_PARALLEL || info->n_out < 2)
        continue;

      join = find_join (graph, reach, info);
      if (join < 0)
        {
          _sanhe_oa_report_at (graph->problems, "node", info->id, "parallel_without_join",
                               "The branches of this parallel node never meet at a join node.");
          continue;
        }

      memset (owner, 0, graph->n * sizeof (guint));
      for (guint b = 0; b < info->n_out && !escaped; b++)
        escaped = !walk_branch (graph, info, join, b, owner, &merged);
      if (escaped)
        continue;
      if (!merged)
        check_entries (graph, split, join, owner);

      if (definition->nodes[join].match >= 0)
        {
          _sanhe_oa_report_at (graph->problems, "node", info->id, "parallel_without_join",
                               "Its branches meet at \"%s\", which already closes the parallel node \"%s\".",
                               definition->nodes[join].id, definition->nodes[definition->nodes[join].match].id);
          continue;
        }
      info->match = join;
      definition->nodes[join].match = split;
    }

  for (guint i = 0; i < graph->n; i++)
    if (definition->nodes[i].type == SANHE_OA_NODE_JOIN && definition->nodes[i].match < 0)
      _sanhe_oa_report_at (graph->problems, "node", definition->nodes[i].id, "join_without_parallel",
                           "This join closes no parallel node.");
}

void
_sanhe_oa_graph_check (SanheOaDefinition *definition,
                       JsonArray         *problems)
{
  Graph graph = { definition, problems, definition->n_nodes, NULL, 0, FALSE };

  find_cycles (&graph);
  check_reachability (&graph);
  if (graph.acyclic)
    match_parallels (&graph);
  g_free (graph.order);
}
