/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-flow-layout"

#include "config.h"

#include "sanhe-json.h"

#include "sanhe-oa-flow-layout.h"

/*
 * A layered drawing of a process (Sugiyama's method, kept small):
 *
 *  1. Edges that close a cycle (found by a depth-first walk from the start
 *     node) are "back" edges; they do not take part in layering and are
 *     drawn around the right-hand side. The server refuses cycles, but the
 *     drawing of a half-edited process must not hang on one.
 *  2. Each node's layer is its longest path from a source over the other
 *     edges, so a join sits below all its branches.
 *  3. An edge spanning several layers gets a dummy vertex in each layer it
 *     crosses: its lane, which later ordering keeps clear of boxes.
 *  4. Within a layer, vertices are ordered by barycenter sweeps, down and
 *     up, keeping the order with the fewest crossings seen.
 *  5. Horizontal places: each vertex wants to sit at the mean of its
 *     neighbours in the layer above (then below, then above again); the
 *     closest placement that keeps the order and the gaps is found by
 *     pool-adjacent-violators, so a parallel block spreads evenly under
 *     its split.
 */

#define DEFAULT_WIDTH   160.0
#define DEFAULT_HEIGHT  56.0
#define ORDER_PASSES    12
#define PLACE_PASSES    3
#define BACK_LANE_GAP   18.0

typedef struct
{
  char     *id;       /* NULL for a dummy */
  gboolean  is_start;
  double    width;
  double    height;
  guint     layer;
  guint     order;
  double    key;      /* sort key while ordering */
  double    x;        /* centre */
  double    y;        /* top */
  GArray   *out;      /* guint edge indices; real vertices only */
  GArray   *up;       /* guint vertices one layer above, joined by a segment */
  GArray   *down;     /* guint vertices one layer below */
} Vertex;

typedef struct
{
  gint      from;     /* vertex, -1 when the edge names no node */
  gint      to;
  gboolean  back;
  GArray   *chain;    /* guint vertices from … to, forward edges only */
  GArray   *route;    /* SanheOaFlowPoint */
} Edge;

struct _SanheOaFlowLayout
{
  GArray    *vertices;  /* Vertex: the definition's nodes, then dummies */
  guint      n_nodes;
  GArray    *edges;     /* Edge, in definition order */
  GPtrArray *layers;    /* GArray of guint vertices, left to right */
  GHashTable *by_id;    /* id → index + 1 */
  double     width;
  double     height;
};

static Vertex *
vertex_at (SanheOaFlowLayout *self,
           guint              index)
{
  return &g_array_index (self->vertices, Vertex, index);
}

static Edge *
edge_at (SanheOaFlowLayout *self,
         guint              index)
{
  return &g_array_index (self->edges, Edge, index);
}

static void
vertex_clear (Vertex *vertex)
{
  g_clear_pointer (&vertex->id, g_free);
  g_clear_pointer (&vertex->out, g_array_unref);
  g_clear_pointer (&vertex->up, g_array_unref);
  g_clear_pointer (&vertex->down, g_array_unref);
}

static void
edge_clear (Edge *edge)
{
  g_clear_pointer (&edge->chain, g_array_unref);
  g_clear_pointer (&edge->route, g_array_unref);
}

static gint
lookup (SanheOaFlowLayout *self,
        const char        *id)
{
  return id != NULL ? (gint) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, id)) - 1 : -1;
}

/* Returns: (transfer full): the layout of @nodes and @edges, as a process
 * definition has them; run it before reading positions. */
SanheOaFlowLayout *
sanhe_oa_flow_layout_new (JsonArray *nodes,
                          JsonArray *edges)
{
  SanheOaFlowLayout *self = g_new0 (SanheOaFlowLayout, 1);
  guint n_nodes = nodes != NULL ? json_array_get_length (nodes) : 0;
  guint n_edges = edges != NULL ? json_array_get_length (edges) : 0;

  self->vertices = g_array_new (FALSE, TRUE, sizeof (Vertex));
  self->edges = g_array_new (FALSE, TRUE, sizeof (Edge));
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_nodes; i++)
    {
      JsonObject *object = sanhe_json_array_get_object (nodes, i);
      const char *id = sanhe_json_object_get_string (object, "id");
      Vertex vertex = { 0 };

      vertex.id = g_strdup (id != NULL ? id : "");
      vertex.is_start = g_strcmp0 (sanhe_json_object_get_string (object, "type"), "start") == 0;
      vertex.width = DEFAULT_WIDTH;
      vertex.height = DEFAULT_HEIGHT;
      vertex.out = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (self->vertices, vertex);
      /* A repeated id names its first node, as the server reads it. */
      if (*vertex.id != '\0' && !g_hash_table_contains (self->by_id, vertex.id))
        g_hash_table_insert (self->by_id, vertex_at (self, i)->id, GUINT_TO_POINTER (i + 1));
    }
  self->n_nodes = n_nodes;

  for (guint i = 0; i < n_edges; i++)
    {
      JsonObject *object = sanhe_json_array_get_object (edges, i);
      Edge edge = { 0 };

      edge.from = lookup (self, sanhe_json_object_get_string (object, "from"));
      edge.to = lookup (self, sanhe_json_object_get_string (object, "to"));
      g_array_append_val (self->edges, edge);
      if (edge.from >= 0 && edge.to >= 0)
        g_array_append_val (vertex_at (self, edge.from)->out, i);
    }

  return self;
}

void
sanhe_oa_flow_layout_free (SanheOaFlowLayout *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->vertices->len; i++)
    vertex_clear (vertex_at (self, i));
  for (guint i = 0; i < self->edges->len; i++)
    edge_clear (edge_at (self, i));
  g_array_unref (self->vertices);
  g_array_unref (self->edges);
  g_ptr_array_unref (self->layers);
  g_hash_table_unref (self->by_id);
  g_free (self);
}

void
sanhe_oa_flow_layout_set_node_size (SanheOaFlowLayout *self,
                                    guint              node,
                                    double             width,
                                    double             height)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (node < self->n_nodes);

  vertex_at (self, node)->width = width;
  vertex_at (self, node)->height = height;
}

/* Drops what an earlier run computed: dummies, segments, layers, routes. */
static void
reset (SanheOaFlowLayout *self)
{
  for (guint i = self->n_nodes; i < self->vertices->len; i++)
    vertex_clear (vertex_at (self, i));
  g_array_set_size (self->vertices, self->n_nodes);
  for (guint i = 0; i < self->n_nodes; i++)
    {
      Vertex *vertex = vertex_at (self, i);

      g_clear_pointer (&vertex->up, g_array_unref);
      g_clear_pointer (&vertex->down, g_array_unref);
      vertex->layer = 0;
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      edge_clear (edge_at (self, i));
      edge_at (self, i)->back = FALSE;
    }
  g_ptr_array_set_size (self->layers, 0);
}

static void
walk_from (SanheOaFlowLayout *self,
           guint              root,
           guint8            *state,
           guint             *next,
           guint             *discovery,
           guint             *counter)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));

  state[root] = 1;
  discovery[root] = (*counter)++;
  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      guint v = g_array_index (stack, guint, stack->len - 1);
      GArray *out = vertex_at (self, v)->out;

      if (next[v] < out->len)
        {
          guint e = g_array_index (out, guint, next[v]++);
          guint w = (guint) edge_at (self, e)->to;

          if (state[w] == 1)
            edge_at (self, e)->back = TRUE;  /* closes a cycle (or loops on itself) */
          else if (state[w] == 0)
            {
              state[w] = 1;
              discovery[w] = (*counter)++;
              g_array_append_val (stack, w);
            }
        }
      else
        {
          state[v] = 2;
          g_array_set_size (stack, stack->len - 1);
        }
    }
}

/* Marks back edges; @discovery gets each node's place in the walk, which
 * seeds the order within layers. The start node goes first, then nodes
 * nothing leads to, then whatever is left (a ring of nodes). */
static void
classify_edges (SanheOaFlowLayout *self,
                guint             *discovery)
{
  guint n = self->n_nodes;
  g_autofree guint8 *state = g_new0 (guint8, n);
  g_autofree guint *next = g_new0 (guint, n);
  g_autofree guint *in = g_new0 (guint, n);
  guint counter = 0;

  for (guint e = 0; e < self->edges->len; e++)
    if (edge_at (self, e)->from >= 0 && edge_at (self, e)->to >= 0)
      in[edge_at (self, e)->to]++;

  for (guint pass = 0; pass < 3; pass++)
    for (guint v = 0; v < n; v++)
      {
        if (state[v] != 0)
          continue;
        if ((pass == 0 && !vertex_at (self, v)->is_start) || (pass == 1 && in[v] > 0))
          continue;
        walk_from (self, v, state, next, discovery, &counter);
      }
}

static gboolean
is_forward (Edge *edge)
{
  return edge->from >= 0 && edge->to >= 0 && !edge->back;
}

/* Longest path from a source, over forward edges (Kahn's order). */
static guint
assign_layers (SanheOaFlowLayout *self)
{
  guint n = self->n_nodes;
  g_autofree guint *in = g_new0 (guint, n);
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_layers = n > 0 ? 1 : 0;

  for (guint e = 0; e < self->edges->len; e++)
    if (is_forward (edge_at (self, e)))
      in[edge_at (self, e)->to]++;
  for (guint v = 0; v < n; v++)
    if (in[v] == 0)
      g_array_append_val (queue, v);

  for (guint head = 0; head < queue->len; head++)
    {
      guint v = g_array_index (queue, guint, head);
      GArray *out = vertex_at (self, v)->out;

      for (guint i = 0; i < out->len; i++)
        {
          Edge *edge = edge_at (self, g_array_index (out, guint, i));
          Vertex *target;

          if (!is_forward (edge))
            continue;
          target = vertex_at (self, edge->to);
          target->layer = MAX (target->layer, vertex_at (self, v)->layer + 1);
          n_layers = MAX (n_layers, target->layer + 1);
          if (--in[edge->to] == 0)
            g_array_append_val (queue, edge->to);
        }
    }

  return n_layers;
}

static void
add_segment (SanheOaFlowLayout *self,
             guint              upper,
             guint              lower)
{
  Vertex *a = vertex_at (self, upper);
  Vertex *b;

  if (a->down == NULL)
    a->down = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (a->down, lower);
  b = vertex_at (self, lower);
  if (b->up == NULL)
    b->up = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (b->up, upper);
}

/* Chains every forward edge through one dummy per layer it crosses. */
static void
insert_dummies (SanheOaFlowLayout *self,
                const guint       *discovery,
                double             lane_width)
{
  for (guint e = 0; e < self->edges->len; e++)
    {
      Edge *edge = edge_at (self, e);
      guint from, to, first, last, previous;

      if (!is_forward (edge))
        continue;
      from = (guint) edge->from;
      to = (guint) edge->to;
      first = vertex_at (self, from)->layer;
      last = vertex_at (self, to)->layer;
      edge->chain = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (edge->chain, from);
      previous = from;
      for (guint layer = first + 1; layer < last; layer++)
        {
          Vertex dummy = { 0 };
          guint index = self->vertices->len;

          dummy.layer = layer;
          dummy.width = lane_width;
          /* Beside the boxes its edge leads to, not before them. */
          dummy.key = discovery[to] + 0.5;
          g_array_append_val (self->vertices, dummy);
          edge = edge_at (self, e);
          g_array_append_val (edge->chain, index);
          add_segment (self, previous, index);
          previous = index;
        }
      g_array_append_val (edge->chain, to);
      add_segment (self, previous, to);
    }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SanheOaFlowLayout *self = user_data;
  const Vertex *va = vertex_at (self, *(const guint *) a);
  const Vertex *vb = vertex_at (self, *(const guint *) b);

  if (va->key != vb->key)
    return va->key < vb->key ? -1 : 1;
  /* Ties keep the earlier order: a stable sort. */
  return (va->order > vb->order) - (va->order < vb->order);
}

static void
sort_layer (SanheOaFlowLayout *self,
            GArray            *layer)
{
  g_array_sort_with_data (layer, compare_keys, self);
  for (guint i = 0; i < layer->len; i++)
    vertex_at (self, g_array_index (layer, guint, i))->order = i;
}

static void
build_layers (SanheOaFlowLayout *self,
              guint              n_layers,
              const guint       *discovery)
{
  for (guint l = 0; l < n_layers; l++)
    g_ptr_array_add (self->layers, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint v = 0; v < self->vertices->len; v++)
    {
      Vertex *vertex = vertex_at (self, v);

      if (v < self->n_nodes)
        vertex->key = discovery[v];
      vertex->order = v;
      g_array_append_val (g_ptr_array_index (self->layers, vertex->layer), v);
    }
  for (guint l = 0; l < n_layers; l++)
    sort_layer (self, g_ptr_array_index (self->layers, l));
}

static guint
count_layer_crossings (SanheOaFlowLayout *self,
                       GArray            *layer)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint crossings = 0;

  for (guint i = 0; i < layer->len; i++)
    {
      Vertex *upper = vertex_at (self, g_array_index (layer, guint, i));

      for (guint j = 0; upper->down != NULL && j < upper->down->len; j++)
        {
          guint segment[2] = { upper->order, vertex_at (self, g_array_index (upper->down, guint, j))->order };

          g_array_append_val (segments, segment);
        }
    }
  for (guint i = 0; i < segments->len; i++)
    for (guint j = i + 1; j < segments->len; j++)
      {
        guint *a = &g_array_index (segments, guint, 2 * i);
        guint *b = &g_array_index (segments, guint, 2 * j);

        if ((a[0] < b[0] && a[1] > b[1]) || (a[0] > b[0] && a[1] < b[1]))
          crossings++;
      }

  return crossings;
}

/* Returns: how many pairs of segments cross, over all layers. */
guint
sanhe_oa_flow_layout_count_crossings (SanheOaFlowLayout *self)
{
  guint crossings = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint l = 0; l + 1 < self->layers->len; l++)
    crossings += count_layer_crossings (self, g_ptr_array_index (self->layers, l));
  return crossings;
}

static void
reorder_by_barycenter (SanheOaFlowLayout *self,
                       GArray            *layer,
                       gboolean           from_above)
{
  for (guint i = 0; i < layer->len; i++)
    {
      Vertex *vertex = vertex_at (self, g_array_index (layer, guint, i));
      GArray *neighbours = from_above ? vertex->up : vertex->down;
      double sum = 0;

      if (neighbours == NULL || neighbours->len == 0)
        {
          vertex->key = vertex->order;
          continue;
        }
      for (guint j = 0; j < neighbours->len; j++)
        sum += vertex_at (self, g_array_index (neighbours, guint, j))->order;
      vertex->key = sum / neighbours->len;
    }
  sort_layer (self, layer);
}

static void
order_layers (SanheOaFlowLayout *self)
{
  guint n_layers = self->layers->len;
  g_autofree guint *best = g_new0 (guint, self->vertices->len);
  guint best_crossings;

  for (guint v = 0; v < self->vertices->len; v++)
    best[v] = vertex_at (self, v)->order;
  best_crossings = sanhe_oa_flow_layout_count_crossings (self);

  for (guint pass = 0; pass < ORDER_PASSES && best_crossings > 0; pass++)
    {
      gboolean down = pass % 2 == 0;
      guint crossings;

      for (guint k = 1; k < n_layers; k++)
        {
          guint l = down ? k : n_layers - 1 - k;

          reorder_by_barycenter (self, g_ptr_array_index (self->layers, l), down);
        }
      crossings = sanhe_oa_flow_layout_count_crossings (self);
      if (crossings < best_crossings)
        {
          best_crossings = crossings;
          for (guint v = 0; v < self->vertices->len; v++)
            best[v] = vertex_at (self, v)->order;
        }
    }

  for (guint v = 0; v < self->vertices->len; v++)
    {
      vertex_at (self, v)->key = best[v];
      vertex_at (self, v)->order = best[v];
    }
  for (guint l = 0; l < n_layers; l++)
    sort_layer (self, g_ptr_array_index (self->layers, l));
}

/*
 * Places @layer's centres as close as possible (least squares) to
 * @desired while keeping their order and @gap between boxes: with o[i]
 * the smallest offset of box i from box 0, the shifted positions x[i] -
 * o[i] must not decrease, which is isotonic regression, solved by pooling
 * adjacent violators.
 */
static void
place_layer (SanheOaFlowLayout *self,
             GArray            *layer,
             const double      *desired,
             double             gap)
{
  guint n = layer->len;
  g_autofree double *offset = g_new0 (double, n);
  g_autofree double *block_sum = g_new0 (double, n);
  g_autofree guint *block_count = g_new0 (guint, n);
  guint n_blocks = 0;
  guint i = 0;

  for (guint k = 1; k < n; k++)
    offset[k] = offset[k - 1] + vertex_at (self, g_array_index (layer, guint, k - 1))->width / 2
                + gap + vertex_at (self, g_array_index (layer, guint, k))->width / 2;

  for (guint k = 0; k < n; k++)
    {
      block_sum[n_blocks] = desired[k] - offset[k];
      block_count[n_blocks] = 1;
      n_blocks++;
      while (n_blocks > 1 && block_sum[n_blocks - 2] / block_count[n_blocks - 2]
                             > block_sum[n_blocks - 1] / block_count[n_blocks - 1])
        {
          block_sum[n_blocks - 2] += block_sum[n_blocks - 1];
          block_count[n_blocks - 2] += block_count[n_blocks - 1];
          n_blocks--;
        }
    }

  for (guint b = 0; b < n_blocks; b++)
    for (guint c = 0; c < block_count[b]; c++, i++)
      vertex_at (self, g_array_index (layer, guint, i))->x = block_sum[b] / block_count[b] + offset[i];
}

static void
align_layer (SanheOaFlowLayout *self,
             GArray            *layer,
             gboolean           to_above,
             double             gap)
{
  g_autofree double *desired = g_new0 (double, layer->len);

  for (guint i = 0; i < layer->len; i++)
    {
      Vertex *vertex = vertex_at (self, g_array_index (layer, guint, i));
      GArray *neighbours = to_above ? vertex->up : vertex->down;
      double sum = 0;

      desired[i] = vertex->x;
      if (neighbours == NULL || neighbours->len == 0)
        continue;
      for (guint j = 0; j < neighbours->len; j++)
        sum += vertex_at (self, g_array_index (neighbours, guint, j))->x;
      desired[i] = sum / neighbours->len;
    }
  place_layer (self, layer, desired, gap);
}

static void
assign_coordinates (SanheOaFlowLayout        *self,
                    const SanheOaFlowSpacing *spacing)
{
  guint n_layers = self->layers->len;
  double top = spacing->margin;
  double left = G_MAXDOUBLE;

  /* Rows: as tall as their tallest box, boxes centred in them. */
  for (guint l = 0; l < n_layers; l++)
    {
      GArray *layer = g_ptr_array_index (self->layers, l);
      g_autofree double *packed = g_new0 (double, layer->len);
      double row = 0;

      for (guint i = 0; i < layer->len; i++)
        {
          Vertex *vertex = vertex_at (self, g_array_index (layer, guint, i));

          if (vertex->id != NULL)
            row = MAX (row, vertex->height);
        }
      for (guint i = 0; i < layer->len; i++)
        {
          Vertex *vertex = vertex_at (self, g_array_index (layer, guint, i));

          vertex->y = vertex->id != NULL ? top + (row - vertex->height) / 2 : top + row / 2;
        }
      top += row + spacing->layer_gap;
      /* A first guess: all of them on the axis, spread apart. */
      place_layer (self, layer, packed, spacing->node_gap);
    }
  self->height = n_layers > 0 ? top - spacing->layer_gap + spacing->margin : 0;

  for (guint pass = 0; pass < PLACE_PASSES; pass++)
    {
      for (guint l = 1; l < n_layers; l++)
        align_layer (self, g_ptr_array_index (self->layers, l), TRUE, spacing->node_gap);
      for (guint l = n_layers; l-- > 1;)
        align_layer (self, g_ptr_array_index (self->layers, l - 1), FALSE, spacing->node_gap);
    }
  /* Last, children under their parents. */
  for (guint l = 1; l < n_layers; l++)
    align_layer (self, g_ptr_array_index (self->layers, l), TRUE, spacing->node_gap);

  for (guint v = 0; v < self->vertices->len; v++)
    left = MIN (left, vertex_at (self, v)->x - vertex_at (self, v)->width / 2);
  self->width = 0;
  for (guint v = 0; v < self->vertices->len; v++)
    {
      Vertex *vertex = vertex_at (self, v);

      vertex->x += spacing->margin - left;
      self->width = MAX (self->width, vertex->x + vertex->width / 2 + spacing->margin);
    }
}

static void
add_point (GArray *route,
           double  x,
           double  y)
{
  SanheOaFlowPoint point = { x, y };

  g_array_append_val (route, point);
}

/* Forward edges run from the bottom of their source through their lanes
 * to the top of their target; back edges leave on the right, climb a lane
 * of their own beyond everything and come back in on the right. */
static void
route_edges (SanheOaFlowLayout        *self,
             const SanheOaFlowSpacing *spacing)
{
  double lane = self->width - spacing->margin + BACK_LANE_GAP;
  gboolean any_back = FALSE;

  for (guint e = 0; e < self->edges->len; e++)
    {
      Edge *edge = edge_at (self, e);
      Vertex *from, *to;

      if (edge->from < 0 || edge->to < 0)
        continue;
      edge->route = g_array_new (FALSE, FALSE, sizeof (SanheOaFlowPoint));
      from = vertex_at (self, edge->from);
      to = vertex_at (self, edge->to);
      if (edge->back)
        {
          double right = MAX (from->x + from->width / 2, to->x + to->width / 2);

          lane = MAX (lane, right + BACK_LANE_GAP);
          add_point (edge->route, from->x + from->width / 2, from->y + from->height * 0.65);
          add_point (edge->route, lane, from->y + from->height * 0.65);
          add_point (edge->route, lane, to->y + to->height * 0.35);
          add_point (edge->route, to->x + to->width / 2, to->y + to->height * 0.35);
          lane += BACK_LANE_GAP;
          any_back = TRUE;
          continue;
        }
      add_point (edge->route, from->x, from->y + from->height);
      for (guint i = 1; i + 1 < edge->chain->len; i++)
        {
          Vertex *dummy = vertex_at (self, g_array_index (edge->chain, guint, i));

          add_point (edge->route, dummy->x, dummy->y);
        }
      add_point (edge->route, to->x, to->y);
    }
  if (any_back)
    self->width = MAX (self->width, lane + spacing->margin);
}

void
sanhe_oa_flow_layout_run (SanheOaFlowLayout        *self,
                          const SanheOaFlowSpacing *spacing)
{
  static const SanheOaFlowSpacing defaults = { 48.0, 36.0, 48.0, 24.0 };
  g_autofree guint *discovery = NULL;
  guint n_layers;

  g_return_if_fail (self != NULL);

  if (spacing == NULL)
    spacing = &defaults;
  reset (self);
  discovery = g_new0 (guint, MAX (self->n_nodes, 1));
  classify_edges (self, discovery);
  n_layers = assign_layers (self);
  insert_dummies (self, discovery, spacing->lane_width);
  build_layers (self, n_layers, discovery);
  order_layers (self);
  assign_coordinates (self, spacing);
  route_edges (self, spacing);
}

double
sanhe_oa_flow_layout_get_width (SanheOaFlowLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

double
sanhe_oa_flow_layout_get_height (SanheOaFlowLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

guint
sanhe_oa_flow_layout_get_n_nodes (SanheOaFlowLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nodes;
}

/* Returns: the index of the node called @id, or -1. */
gint
sanhe_oa_flow_layout_find_node (SanheOaFlowLayout *self,
                                const char        *id)
{
  g_return_val_if_fail (self != NULL, -1);
  return lookup (self, id);
}

/* Returns: the node whose box holds (@x, @y), or -1. */
gint
sanhe_oa_flow_layout_node_at (SanheOaFlowLayout *self,
                              double             x,
                              double             y)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      SanheOaFlowRect box;

      sanhe_oa_flow_layout_get_box (self, i, &box);
      if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height)
        return i;
    }
  return -1;
}

guint
sanhe_oa_flow_layout_get_layer (SanheOaFlowLayout *self,
                                guint              node)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (node < self->n_nodes, 0);
  return vertex_at (self, node)->layer;
}

void
sanhe_oa_flow_layout_get_box (SanheOaFlowLayout *self,
                              guint              node,
                              SanheOaFlowRect   *box)
{
  Vertex *vertex;

  g_return_if_fail (self != NULL);
  g_return_if_fail (node < self->n_nodes);
  g_return_if_fail (box != NULL);

  vertex = vertex_at (self, node);
  box->x = vertex->x - vertex->width / 2;
  box->y = vertex->y;
  box->width = vertex->width;
  box->height = vertex->height;
}

guint
sanhe_oa_flow_layout_get_n_edges (SanheOaFlowLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->edges->len;
}

gboolean
sanhe_oa_flow_layout_edge_is_back (SanheOaFlowLayout *self,
                                   guint              edge)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (edge < self->edges->len, FALSE);
  return edge_at (self, edge)->back;
}

/* Returns: (nullable): the points the edge passes through, from its
 * source to its target; NULL when it names a missing node. */
const SanheOaFlowPoint *
sanhe_oa_flow_layout_get_route (SanheOaFlowLayout *self,
                                guint              edge,
                                guint             *n_points)
{
  GArray *route;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (edge < self->edges->len, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  route = edge_at (self, edge)->route;
  *n_points = route != NULL ? route->len : 0;
  return route != NULL ? (const SanheOaFlowPoint *) (gpointer) route->data : NULL;
}

/* Where a label of @edge (its condition) goes: halfway along its first
 * stretch, or along the climb of a back edge. */
gboolean
sanhe_oa_flow_layout_get_label_point (SanheOaFlowLayout *self,
                                      guint              edge,
                                      SanheOaFlowPoint  *point)
{
  const SanheOaFlowPoint *route;
  guint n_points = 0;
  guint first;

  g_return_val_if_fail (point != NULL, FALSE);

  route = sanhe_oa_flow_layout_get_route (self, edge, &n_points);
  if (route == NULL || n_points < 2)
    return FALSE;
  first = edge_at (self, edge)->back ? 1 : 0;
  point->x = (route[first].x + route[first + 1].x) / 2;
  point->y = (route[first].y + route[first + 1].y) / 2;
  return TRUE;
}
