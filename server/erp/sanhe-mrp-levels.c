/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-mrp"

#include "config.h"

#include <stdlib.h>

#include "sanhe-mrp.h"
#include "sanhe-mrp-private.h"

/*
 * The BOM as a graph, for the run: each item's BOM lines, low-level codes
 * (every parent planned before its components), and a BOM cycle named
 * when there is one instead.
 */

static int
compare_lines (const void *a,
               const void *b)
{
  const Line *x = a;
  const Line *y = b;

  if (x->parent != y->parent)
    return x->parent < y->parent ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts BOM lines by parent and records each item's slice of them. */
void
_sanhe_mrp_index_lines (SanheMrpInput *input)
{
  for (guint i = 0; i < input->items->len; i++)
    g_array_index (input->items, Item, i).n_lines = 0;
  if (input->lines->len > 1)
    qsort (input->lines->data, input->lines->len, sizeof (Line), compare_lines);

  for (guint i = 0; i < input->lines->len; i++)
    {
      Line *line = &g_array_index (input->lines, Line, i);
      Item *parent = &g_array_index (input->items, Item, line->parent);

      if (parent->n_lines++ == 0)
        parent->first_line = i;
    }
}

/*
 * Returns one loop among the items Kahn's algorithm left over, as item
 * indexes with the first repeated at the end. Left over are the items on a
 * cycle and everything below one; the ones below are peeled off first (no
 * leftover component: they lead nowhere), so every remaining item has a
 * remaining component and following them must close a loop. Linear.
 */
static GArray *
trace_cycle (SanheMrpInput *input,
             const guint   *indegree)
{
  guint n = input->items->len;
  g_autofree guint *outdegree = g_new0 (guint, MAX (n, 1));
  g_autofree gboolean *dropped = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint *seen_at = g_new0 (guint, MAX (n, 1));
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *parent_start = NULL;
  g_autofree guint *parents = NULL;
  g_autofree guint *fill = NULL;
  GArray *path = g_array_new (FALSE, FALSE, sizeof (guint));
  guint current = 0;
  guint step = 1;

  for (guint i = 0; i < n; i++)
    dropped[i] = indegree[i] == 0;

  /* Parents of each item, to peel upwards (reverse Kahn). */
  parent_start = g_new0 (guint, n + 1);
  parents = g_new (guint, MAX (input->lines->len, 1));
  for (guint l = 0; l < input->lines->len; l++)
    parent_start[g_array_index (input->lines, Line, l).component + 1]++;
  for (guint i = 0; i < n; i++)
    parent_start[i + 1] += parent_start[i];
  fill = g_memdup2 (parent_start, (n + 1) * sizeof (guint));
  for (guint l = 0; l < input->lines->len; l++)
    {
      Line *line = &g_array_index (input->lines, Line, l);

      parents[fill[line->component]++] = line->parent;
    }

  for (guint i = 0; i < n; i++)
    {
      Item *item = &g_array_index (input->items, Item, i);

      if (dropped[i])
        continue;
      for (guint l = 0; l < item->n_lines; l++)
        if (!dropped[g_array_index (input->lines, Line, item->first_line + l).component])
          outdegree[i]++;
      if (outdegree[i] == 0)
        g_array_append_val (queue, i);
    }

  for (guint q = 0; q < queue->len; q++)
    {
      guint leaf = g_array_index (queue, guint, q);

      dropped[leaf] = TRUE;
      for (guint p = parent_start[leaf]; p < parent_start[leaf + 1]; p++)
        if (!dropped[parents[p]] && --outdegree[parents[p]] == 0)
          g_array_append_val (queue, parents[p]);
    }

  while (current < n && dropped[current])
    current++;
  g_return_val_if_fail (current < n, path);

  while (seen_at[current] == 0)
    {
      Item *item = &g_array_index (input->items, Item, current);

      seen_at[current] = step++;
      g_array_append_val (path, current);
      for (guint l = 0; l < item->n_lines; l++)
        {
          Line *line = &g_array_index (input->lines, Line, item->first_line + l);

          if (!dropped[line->component])
            {
              current = line->component;
              break;
            }
        }
    }

  /* Keep the loop only: from the repeated item on, and close it. */
  g_array_remove_range (path, 0, seen_at[current] - 1);
  g_array_append_val (path, current);
  return path;
}

static void
set_cycle_error (SanheMrpInput  *input,
                 const guint    *indegree,
                 GError        **error)
{
  g_autoptr(GArray) path = trace_cycle (input, indegree);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < path->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? " → " : "",
                            g_array_index (input->items, Item, g_array_index (path, guint, i)).id);
  g_set_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_CYCLE, "The BOMs hold a cycle: %s", text->str);
}

/* Kahn's algorithm over parent → component edges. Fills @order with the
 * items it can order and returns how many; fewer than all means a cycle,
 * and @indegree then marks the items left in or below it. */
static guint
topological_order (SanheMrpInput *input,
                   guint         *indegree,
                   guint         *order)
{
  guint n = input->items->len;
  guint head = 0;
  guint tail = 0;

  for (guint i = 0; i < input->lines->len; i++)
    indegree[g_array_index (input->lines, Line, i).component]++;

  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      order[tail++] = i;

  while (head < tail)
    {
      Item *item = &g_array_index (input->items, Item, order[head++]);

      for (guint l = 0; l < item->n_lines; l++)
        {
          Line *line = &g_array_index (input->lines, Line, item->first_line + l);

          if (--indegree[line->component] == 0)
            order[tail++] = line->component;
        }
    }

  return tail;
}

/* Low-level codes: the longest path from a top item, taken in topological
 * order. Fills @order with the items sorted by (code, index); fails on a cycle. */
gboolean
_sanhe_mrp_low_level_codes (SanheMrpInput  *input,
                            guint          *codes,
                            guint          *order,
                            GError        **error)
{
  guint n = input->items->len;
  g_autofree guint *indegree = g_new0 (guint, MAX (n, 1));
  g_autofree guint *topo = g_new (guint, MAX (n, 1));
  g_autofree guint *start = NULL;
  guint max_code = 0;

  if (topological_order (input, indegree, topo) < n)
    {
      set_cycle_error (input, indegree, error);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      Item *item = &g_array_index (input->items, Item, topo[i]);

      for (guint l = 0; l < item->n_lines; l++)
        {
          Line *line = &g_array_index (input->lines, Line, item->first_line + l);

          codes[line->component] = MAX (codes[line->component], codes[topo[i]] + 1);
        }
    }

  /* Counting sort by code keeps equal codes in index order: deterministic. */
  for (guint i = 0; i < n; i++)
    max_code = MAX (max_code, codes[i]);
  start = g_new0 (guint, max_code + 2);
  for (guint i = 0; i < n; i++)
    start[codes[i] + 1]++;
  for (guint c = 0; c <= max_code; c++)
    start[c + 1] += start[c];
  for (guint i = 0; i < n; i++)
    order[start[codes[i]]++] = i;

  return TRUE;
}

/*
 * Returns: (transfer full) (nullable): the item indexes of one BOM cycle,
 * first item repeated at the end, or NULL when the BOMs are a DAG. For
 * callers that name the cycle in their own terms (item codes).
 */
GArray *
sanhe_mrp_input_find_cycle (SanheMrpInput *input)
{
  guint n = input->items->len;
  g_autofree guint *indegree = g_new0 (guint, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  _sanhe_mrp_index_lines (input);
  if (topological_order (input, indegree, order) == n)
    return NULL;
  return trace_cycle (input, indegree);
}
