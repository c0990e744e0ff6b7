/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-flow-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-oa-flow-card-private.h"
#include "sanhe-oa-flow-layout.h"
#include "sanhe-oa-flow-view.h"
#include "sanhe-oa-process-text.h"
#include "sanhe-oa-text.h"

/*
 * The drawing of a process, top to bottom, with cairo and pango: start
 * and end as pills, approvals, copies and actions as cards with a stripe
 * of their kind's colour, conditions as diamonds, parallel splits and
 * joins as bars across their branches. Arrows carry the condition of each
 * branch. The selected step or connection is ringed in the accent colour;
 * steps and connections the server found problems with, in red.
 *
 * Positions come from sanhe-oa-flow-layout.c and the boxes from
 * sanhe-oa-flow-card.c; this file paints the edges and their labels, fits
 * a wide drawing to the view, and turns clicks into "node-activated" (a
 * step's id, or NULL for the background) and "edge-activated" (a
 * connection's index), and Delete into "remove-selected".
 */

#define ARROW_LENGTH     9.0
#define HIT_DISTANCE     6.0
#define BADGE_RADIUS     8.0
/* A wide process shrinks to the width of the view down to this much,
 * then scrolls. */
#define MIN_SCALE        0.72

typedef struct
{
  double x, y, width, height;
} Rect;

struct _SanheOaFlowView
{
  GtkDrawingArea     parent_instance;

  JsonObject        *definition;
  GHashTable        *users;
  GHashTable        *roles;
  SanheOaFlowLayout *layout;
  GPtrArray         *cards;         /* SanheOaFlowCard, one per node */
  char              *selected_node;
  gint               selected_edge;
  GHashTable        *node_problems; /* id → GString of texts */
  GHashTable        *edge_problems; /* index + 1 → GString */
  GArray            *label_rects;   /* Rect per edge, in layout space; 0×0 when none */
  double             offset_x;      /* layout space → widget space: */
  double             offset_y;      /* widget = offset + layout × scale */
  double             scale;
  GtkAdjustment     *vadjustment;   /* of the scrolled window around, once seen */
  guint              scroll_source;
};

G_DEFINE_FINAL_TYPE (SanheOaFlowView, sanhe_oa_flow_view, GTK_TYPE_DRAWING_AREA)

enum {
  NODE_ACTIVATED,
  EDGE_ACTIVATED,
  REMOVE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_page_size_cb (SanheOaFlowView *self);


static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

static SanheOaNames
names_of (SanheOaFlowView *self)
{
  SanheOaNames names = { self->definition, self->users, self->roles };

  return names;
}

/* Shrinks a drawing wider than @width to fit, within reason; its height
 * follows. */
static void
fit_width (SanheOaFlowView *self,
           int              width)
{
  double layout_width = self->layout != NULL ? sanhe_oa_flow_layout_get_width (self->layout) : 0;
  double scale = layout_width > 0 && width > 0 ? CLAMP (width / layout_width, MIN_SCALE, 1.0) : 1.0;

  if (scale == self->scale || self->layout == NULL)
    return;
  self->scale = scale;
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self),
                                       (int) (sanhe_oa_flow_layout_get_height (self->layout) * scale) + 1);
}

static void
on_resize_cb (GtkDrawingArea  *area,
              int              width,
              int              height,
              SanheOaFlowView *self)
{
  fit_width (self, width);
}

static void
rebuild (SanheOaFlowView *self)
{
  JsonArray *nodes = sanhe_json_object_get_array (self->definition, "nodes");
  JsonArray *edges = sanhe_json_object_get_array (self->definition, "edges");
  SanheOaFlowSpacing spacing = { 42.0, 40.0, 64.0, 18.0 };
  SanheOaNames names = names_of (self);

  g_clear_pointer (&self->layout, sanhe_oa_flow_layout_free);
  g_ptr_array_set_size (self->cards, 0);
  g_array_set_size (self->label_rects, 0);
  if (self->definition == NULL)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  self->layout = sanhe_oa_flow_layout_new (nodes, edges);
  for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
    {
      SanheOaFlowCard *card = _sanhe_oa_flow_card_new (&names, sanhe_json_array_get_object (nodes, i));
      double width = 0, height = 0;

      _sanhe_oa_flow_card_measure (card, GTK_WIDGET (self), &width, &height);
      sanhe_oa_flow_layout_set_node_size (self->layout, i, width, height);
      g_ptr_array_add (self->cards, card);
    }
  sanhe_oa_flow_layout_run (self->layout, &spacing);
  g_array_set_size (self->label_rects, sanhe_oa_flow_layout_get_n_edges (self->layout));

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self),
                                      (int) (sanhe_oa_flow_layout_get_width (self->layout) * MIN_SCALE) + 1);
  self->scale = 0;
  fit_width (self, gtk_widget_get_width (GTK_WIDGET (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static SanheOaFlowCard *
card_at (SanheOaFlowView *self,
         guint            index)
{
  return g_ptr_array_index (self->cards, index);
}

static gint
node_index (SanheOaFlowView *self,
            const char      *id)
{
  return self->layout != NULL ? sanhe_oa_flow_layout_find_node (self->layout, id) : -1;
}

static gboolean
is_bar (SanheOaFlowView *self,
        gint             node)
{
  return node >= 0 && (guint) node < self->cards->len && card_at (self, node)->shape == SANHE_OA_FLOW_SHAPE_BAR;
}

/* A bar spans the branches it splits or joins, so each branch leaves or
 * enters it straight. Returns the bar's extent in @box. */
static void
bar_extent (SanheOaFlowView *self,
            guint            node,
            SanheOaFlowRect *box)
{
  JsonArray *edges = sanhe_json_object_get_array (self->definition, "edges");
  const char *id = card_at (self, node)->id;
  double left, right;

  sanhe_oa_flow_layout_get_box (self->layout, node, box);
  left = box->x;
  right = box->x + box->width;
  for (guint e = 0; edges != NULL && e < json_array_get_length (edges); e++)
    {
      JsonObject *edge = json_array_get_object_element (edges, e);
      const SanheOaFlowPoint *route;
      guint n_points = 0;
      double x;

      route = sanhe_oa_flow_layout_get_route (self->layout, e, &n_points);
      if (route == NULL || n_points < 2 || sanhe_oa_flow_layout_edge_is_back (self->layout, e))
        continue;
      if (g_strcmp0 (sanhe_json_object_get_string (edge, "from"), id) == 0)
        x = route[1].x;
      else if (g_strcmp0 (sanhe_json_object_get_string (edge, "to"), id) == 0)
        x = route[n_points - 2].x;
      else
        continue;
      left = MIN (left, x - 24);
      right = MAX (right, x + 24);
    }
  box->x = left;
  box->width = right - left;
}

/* The points an edge is drawn through: the layout's route, with the ends
 * on a bar moved over the branch. */
static GArray *
edge_points (SanheOaFlowView *self,
             guint            edge)
{
  JsonArray *edges = sanhe_json_object_get_array (self->definition, "edges");
  JsonObject *object = sanhe_json_array_get_object (edges, edge);
  guint n_points = 0;
  const SanheOaFlowPoint *route = sanhe_oa_flow_layout_get_route (self->layout, edge, &n_points);
  GArray *points = g_array_new (FALSE, FALSE, sizeof (SanheOaFlowPoint));
  gint from = node_index (self, sanhe_json_object_get_string (object, "from"));
  gint to = node_index (self, sanhe_json_object_get_string (object, "to"));

  if (route == NULL)
    return points;
  g_array_append_vals (points, route, n_points);
  if (sanhe_oa_flow_layout_edge_is_back (self->layout, edge) || n_points < 2)
    return points;
  if (is_bar (self, from))
    g_array_index (points, SanheOaFlowPoint, 0).x = g_array_index (points, SanheOaFlowPoint, 1).x;
  if (is_bar (self, to))
    g_array_index (points, SanheOaFlowPoint, n_points - 1).x = g_array_index (points, SanheOaFlowPoint, n_points - 2).x;
  return points;
}

/* Forward edges: S-curves, vertical at every point, so they leave and
 * enter boxes straight and pass their lanes upright. The last stretch
 * stops short by the arrowhead. */
static void
trace_forward (cairo_t *cr,
               GArray  *points)
{
  SanheOaFlowPoint *p = (SanheOaFlowPoint *) (gpointer) points->data;

  cairo_move_to (cr, p[0].x, p[0].y);
  for (guint i = 0; i + 1 < points->len; i++)
    {
      double end_y = i + 2 == points->len ? p[i + 1].y - ARROW_LENGTH : p[i + 1].y;
      double dy = (end_y - p[i].y) / 2;

      cairo_curve_to (cr, p[i].x, p[i].y + dy, p[i + 1].x, end_y - dy, p[i + 1].x, end_y);
    }
}

/* Back edges: out to the right, up a lane, back in, corners rounded. */
static void
trace_back (cairo_t *cr,
            GArray  *points)
{
  SanheOaFlowPoint *p = (SanheOaFlowPoint *) (gpointer) points->data;
  double radius = MIN (10, ABS (p[1].y - p[2].y) / 2);

  cairo_move_to (cr, p[0].x, p[0].y);
  cairo_line_to (cr, p[1].x - radius, p[1].y);
  cairo_arc_negative (cr, p[1].x - radius, p[1].y - radius, radius, G_PI / 2, 0);
  cairo_line_to (cr, p[2].x, p[2].y + radius);
  cairo_arc_negative (cr, p[2].x - radius, p[2].y + radius, radius, 0, -G_PI / 2);
  cairo_line_to (cr, p[3].x + ARROW_LENGTH, p[3].y);
}

static void
arrowhead (cairo_t *cr,
           double   x,
           double   y,
           double   dx,
           double   dy)
{
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - dx * ARROW_LENGTH - dy * ARROW_LENGTH * 0.5, y - dy * ARROW_LENGTH + dx * ARROW_LENGTH * 0.5);
  cairo_line_to (cr, x - dx * ARROW_LENGTH + dy * ARROW_LENGTH * 0.5, y - dy * ARROW_LENGTH - dx * ARROW_LENGTH * 0.5);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static char *
edge_label (SanheOaFlowView *self,
            JsonObject      *edge)
{
  SanheOaNames names = names_of (self);
  JsonNode *when = json_object_get_member (edge, "when");

  if (json_object_get_boolean_member_with_default (edge, "else", FALSE))
    /* Translators: the label of the branch of a condition taken when no test holds */
    return g_strdup (_("otherwise"));
  if (when != NULL && !JSON_NODE_HOLDS_NULL (when))
    return sanhe_oa_describe_condition (&names, when);
  return NULL;
}

static void
draw_edge (SanheOaFlowView *self,
           cairo_t         *cr,
           guint            e)
{
  g_autoptr(GArray) points = edge_points (self, e);
  gboolean back = sanhe_oa_flow_layout_edge_is_back (self->layout, e);
  gboolean problem = g_hash_table_contains (self->edge_problems, GUINT_TO_POINTER (e + 1));
  gboolean selected = self->selected_edge == (gint) e;
  SanheOaFlowPoint *p;
  GdkRGBA colour;

  if (points->len < 2 || (back && points->len != 4))
    return;
  p = (SanheOaFlowPoint *) (gpointer) points->data;
  gdk_rgba_parse (&colour, selected ? "#1c71d8" : problem ? "#e01b24" : "#9a9996");

  if (selected)
    {
      cairo_set_line_width (cr, 7);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
      if (back)
        trace_back (cr, points);
      else
        trace_forward (cr, points);
      cairo_stroke (cr);
    }

  _sanhe_oa_flow_source_rgba (cr, &colour, 1);
  cairo_set_line_width (cr, selected ? 2.4 : 1.6);
  if (back)
    {
      static const double dashes[] = { 5, 4 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      trace_back (cr, points);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      arrowhead (cr, p[3].x, p[3].y, -1, 0);
    }
  else
    {
      trace_forward (cr, points);
      cairo_stroke (cr);
      arrowhead (cr, p[points->len - 1].x, p[points->len - 1].y, 0, 1);
    }
}

/* The label of a branch sits beside its curve, on the side it leans to,
 * so the labels of two branches never cover each other. */
static void
draw_edge_label (SanheOaFlowView *self,
                 cairo_t         *cr,
                 guint            e)
{
  JsonArray *edges = sanhe_json_object_get_array (self->definition, "edges");
  JsonObject *edge = sanhe_json_array_get_object (edges, e);
  g_autofree char *text = edge != NULL ? edge_label (self, edge) : NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  Rect *rect = &g_array_index (self->label_rects, Rect, e);
  SanheOaFlowPoint at;
  SanheOaFlowPoint *p;
  gboolean problem = g_hash_table_contains (self->edge_problems, GUINT_TO_POINTER (e + 1));
  int width, height;
  double x, y;

  *rect = (Rect) { 0, 0, 0, 0 };
  if (text == NULL || !sanhe_oa_flow_layout_get_label_point (self->layout, e, &at))
    return;
  points = edge_points (self, e);
  p = (SanheOaFlowPoint *) (gpointer) points->data;
  layout = _sanhe_oa_flow_text_new (GTK_WIDGET (self), text, SANHE_OA_FLOW_TEXT_DETAIL, 200);
  if (json_object_get_boolean_member_with_default (edge, "else", FALSE))
    {
      PangoAttrList *attributes = pango_attr_list_copy (pango_layout_get_attributes (layout));

      pango_attr_list_insert (attributes, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  pango_layout_get_pixel_size (layout, &width, &height);

  /* Beside the end of the branch's first stretch, on the side it came
   * from: the curve arrives there upright, so the label stays clear of it
   * and of its sibling's. */
  if (sanhe_oa_flow_layout_edge_is_back (self->layout, e))
    {
      x = at.x + 6;
      y = at.y - height / 2.0 - 3;
    }
  else
    {
      double end_y = points->len == 2 ? p[1].y - ARROW_LENGTH : p[1].y;

      x = p[1].x < p[0].x - 1 ? p[1].x - width - 12 - 6 : p[1].x + 6;
      y = end_y - height - 6 - 6;
    }
  *rect = (Rect) { x, y, width + 12, height + 6 };

  _sanhe_oa_flow_rounded_rectangle (cr, rect->x, rect->y, rect->width, rect->height, rect->height / 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  if (self->selected_edge == (gint) e)
    cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
  else if (problem)
    cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
  else
    cairo_set_source_rgb (cr, 0.87, 0.87, 0.85);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.27, 0.26, 0.30);
  cairo_move_to (cr, x + 6, y + 3);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_node (SanheOaFlowView *self,
           cairo_t         *cr,
           guint            index)
{
  SanheOaFlowCard *card = card_at (self, index);
  gboolean problem = card->id != NULL && g_hash_table_contains (self->node_problems, card->id);
  SanheOaFlowRect box;
  double badge_x, badge_y;

  sanhe_oa_flow_layout_get_box (self->layout, index, &box);
  if (card->shape == SANHE_OA_FLOW_SHAPE_BAR)
    bar_extent (self, index, &box);
  _sanhe_oa_flow_card_draw (card, GTK_WIDGET (self), cr, &box);

  if (g_strcmp0 (card->id, self->selected_node) == 0 && card->id != NULL)
    {
      _sanhe_oa_flow_card_outline (card, cr, &box, 4);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
      cairo_set_line_width (cr, 5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  if (problem)
    {
      _sanhe_oa_flow_card_outline (card, cr, &box, 2);
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);

      /* A badge at the corner (on a diamond's edge) says "look here"
       * without words. */
      badge_x = card->shape == SANHE_OA_FLOW_SHAPE_DIAMOND ? box.x + box.width * 0.75 : box.x + box.width - 2;
      badge_y = card->shape == SANHE_OA_FLOW_SHAPE_DIAMOND ? box.y + box.height * 0.25 - 4 : box.y + 2;
      cairo_arc (cr, badge_x, badge_y, BADGE_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, badge_x, badge_y - 4.5);
      cairo_line_to (cr, badge_x, badge_y + 1);
      cairo_stroke (cr);
      cairo_arc (cr, badge_x, badge_y + 4, 1.2, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_background (cairo_t *cr,
                 int      width,
                 int      height)
{
  cairo_set_source_rgb (cr, 0.976, 0.976, 0.973);
  cairo_paint (cr);
  /* A faint dot grid, the paper of a drawing. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.07);
  for (int y = 12; y < height; y += 20)
    for (int x = 12; x < width; x += 20)
      cairo_rectangle (cr, x, y, 1.2, 1.2);
  cairo_fill (cr);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  SanheOaFlowView *self = SANHE_OA_FLOW_VIEW (area);
  guint n_edges;

  draw_background (cr, width, height);
  if (self->layout == NULL)
    return;

  self->offset_x = (int) MAX (0, (width - sanhe_oa_flow_layout_get_width (self->layout) * self->scale) / 2);
  self->offset_y = 0;
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->scale, self->scale);

  n_edges = sanhe_oa_flow_layout_get_n_edges (self->layout);
  for (guint e = 0; e < n_edges; e++)
    if (self->selected_edge != (gint) e)
      draw_edge (self, cr, e);
  if (self->selected_edge >= 0 && (guint) self->selected_edge < n_edges)
    draw_edge (self, cr, self->selected_edge);
  for (guint i = 0; i < self->cards->len; i++)
    draw_node (self, cr, i);
  for (guint e = 0; e < n_edges; e++)
    draw_edge_label (self, cr, e);
}

static double
distance_to_segment (double x,
                     double y,
                     double x1,
                     double y1,
                     double x2,
                     double y2)
{
  double dx = x2 - x1, dy = y2 - y1;
  double length = dx * dx + dy * dy;
  double t = length > 0 ? CLAMP (((x - x1) * dx + (y - y1) * dy) / length, 0, 1) : 0;

  /* Squared: no square roots needed to compare. */
  return (x - (x1 + t * dx)) * (x - (x1 + t * dx)) + (y - (y1 + t * dy)) * (y - (y1 + t * dy));
}

/* How far (@x, @y) is from the drawn edge, squared: the curves are flattened the
 * way trace_forward() bends them. */
static double
distance_to_edge (SanheOaFlowView *self,
                  guint            edge,
                  double           x,
                  double           y)
{
  g_autoptr(GArray) points = edge_points (self, edge);
  SanheOaFlowPoint *p = (SanheOaFlowPoint *) (gpointer) points->data;
  double best = G_MAXDOUBLE;

  if (points->len < 2)
    return best;
  if (sanhe_oa_flow_layout_edge_is_back (self->layout, edge))
    {
      for (guint i = 0; i + 1 < points->len; i++)
        best = MIN (best, distance_to_segment (x, y, p[i].x, p[i].y, p[i + 1].x, p[i + 1].y));
      return best;
    }
  for (guint i = 0; i + 1 < points->len; i++)
    {
      double dy = (p[i + 1].y - p[i].y) / 2;
      double last_x = p[i].x, last_y = p[i].y;

      for (int k = 1; k <= 12; k++)
        {
          double t = k / 12.0, u = 1 - t;
          double bx = u * u * u * p[i].x + 3 * u * u * t * p[i].x + 3 * u * t * t * p[i + 1].x + t * t * t * p[i + 1].x;
          double by = u * u * u * p[i].y + 3 * u * u * t * (p[i].y + dy) + 3 * u * t * t * (p[i + 1].y - dy)
                      + t * t * t * p[i + 1].y;

          best = MIN (best, distance_to_segment (x, y, last_x, last_y, bx, by));
          last_x = bx;
          last_y = by;
        }
    }
  return best;
}

static gint
edge_at (SanheOaFlowView *self,
         double           x,
         double           y)
{
  gint best_edge = -1;
  double best = HIT_DISTANCE * HIT_DISTANCE;

  for (guint e = 0; e < sanhe_oa_flow_layout_get_n_edges (self->layout); e++)
    {
      double distance = distance_to_edge (self, e, x, y);

      if (distance < best)
        {
          best = distance;
          best_edge = e;
        }
    }
  return best_edge;
}

/* A click at (@x, @y) in widget space: a label or a node first, then a
 * connection near the pointer, else the background. */
static void
click_at (SanheOaFlowView *self,
          double           x,
          double           y)
{
  gint node, edge;

  if (self->layout == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  x = (x - self->offset_x) / self->scale;
  y = (y - self->offset_y) / self->scale;

  for (guint e = 0; e < self->label_rects->len; e++)
    {
      Rect *rect = &g_array_index (self->label_rects, Rect, e);

      if (x >= rect->x && x <= rect->x + rect->width && y >= rect->y && y <= rect->y + rect->height)
        {
          g_signal_emit (self, signals[EDGE_ACTIVATED], 0, (gint) e);
          return;
        }
    }
  node = sanhe_oa_flow_layout_node_at (self->layout, x, y);
  if (node >= 0)
    {
      g_signal_emit (self, signals[NODE_ACTIVATED], 0, card_at (self, node)->id);
      return;
    }
  edge = edge_at (self, x, y);
  if (edge >= 0)
    g_signal_emit (self, signals[EDGE_ACTIVATED], 0, edge);
  else
    g_signal_emit (self, signals[NODE_ACTIVATED], 0, NULL);
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      SanheOaFlowView *self)
{
  click_at (self, x, y);
}

static gboolean
on_query_tooltip_cb (GtkWidget       *widget,
                     int              x,
                     int              y,
                     gboolean         keyboard_mode,
                     GtkTooltip      *tooltip,
                     SanheOaFlowView *self)
{
  gint node;
  GString *problems;

  if (self->layout == NULL || keyboard_mode)
    return FALSE;
  node = sanhe_oa_flow_layout_node_at (self->layout, (x - self->offset_x) / self->scale,
                                       (y - self->offset_y) / self->scale);
  if (node < 0 || card_at (self, node)->id == NULL)
    return FALSE;
  problems = g_hash_table_lookup (self->node_problems, card_at (self, node)->id);
  if (problems == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, problems->str);
  return TRUE;
}

static void
sanhe_oa_flow_view_dispose (GObject *object)
{
  SanheOaFlowView *self = SANHE_OA_FLOW_VIEW (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_page_size_cb, self);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->layout, sanhe_oa_flow_layout_free);
  g_clear_pointer (&self->definition, json_object_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->roles, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_oa_flow_view_parent_class)->dispose (object);
}

static void
sanhe_oa_flow_view_finalize (GObject *object)
{
  SanheOaFlowView *self = SANHE_OA_FLOW_VIEW (object);

  g_ptr_array_unref (self->cards);
  g_array_unref (self->label_rects);
  g_hash_table_unref (self->node_problems);
  g_hash_table_unref (self->edge_problems);
  g_free (self->selected_node);

  G_OBJECT_CLASS (sanhe_oa_flow_view_parent_class)->finalize (object);
}

static void
sanhe_oa_flow_view_class_init (SanheOaFlowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_oa_flow_view_dispose;
  object_class->finalize = sanhe_oa_flow_view_finalize;

  /* The id of the step clicked, or NULL for a click on the paper. */
  signals[NODE_ACTIVATED] = g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The index of the connection clicked (on its line or its label). */
  signals[EDGE_ACTIVATED] = g_signal_new ("edge-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* Delete pressed in the drawing: the owner removes the selection. */
  signals[REMOVE_SELECTED] = g_signal_new ("remove-selected", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_signal (GTK_WIDGET_CLASS (klass), GDK_KEY_Delete, 0, "remove-selected", NULL);
}

static void
sanhe_oa_flow_view_init (SanheOaFlowView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) _sanhe_oa_flow_card_free);
  self->label_rects = g_array_new (FALSE, TRUE, sizeof (Rect));
  self->node_problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  self->edge_problems = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  self->selected_edge = -1;
  self->scale = 1;

  g_signal_connect (self, "resize", G_CALLBACK (on_resize_cb), self);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drawing of the process"), -1);
}

GtkWidget *
sanhe_oa_flow_view_new (void)
{
  return g_object_new (SANHE_TYPE_OA_FLOW_VIEW, NULL);
}

/* Draws @definition anew; call it again after every change to it. */
void
sanhe_oa_flow_view_set_definition (SanheOaFlowView *self,
                                   JsonObject      *definition)
{
  g_return_if_fail (SANHE_IS_OA_FLOW_VIEW (self));

  if (definition != self->definition)
    {
      g_clear_pointer (&self->definition, json_object_unref);
      self->definition = definition != NULL ? json_object_ref (definition) : NULL;
    }
  rebuild (self);
}

/* The names of people and roles that assignee rules name by id and key. */
void
sanhe_oa_flow_view_set_names (SanheOaFlowView *self,
                              GHashTable      *users,
                              GHashTable      *roles)
{
  g_return_if_fail (SANHE_IS_OA_FLOW_VIEW (self));

  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  self->users = users != NULL ? g_hash_table_ref (users) : NULL;
  self->roles = roles != NULL ? g_hash_table_ref (roles) : NULL;
  rebuild (self);
}

static void scroll_to_selection (SanheOaFlowView *self);

static gboolean
scroll_later_cb (gpointer user_data)
{
  SanheOaFlowView *self = user_data;

  self->scroll_source = 0;
  scroll_to_selection (self);
  return G_SOURCE_REMOVE;
}

/* Not while the scrolled window lays out: it would set its value back. */
static void
on_page_size_cb (SanheOaFlowView *self)
{
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add (scroll_later_cb, self);
}

/* Scrolls the view's scrolled window, if it must, so that the selected
 * step (or the label of the selected connection) is in sight: selecting
 * one from the list of problems must show it. */
static void
scroll_to_selection (SanheOaFlowView *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  SanheOaFlowPoint point;
  SanheOaFlowRect box;
  gint node = node_index (self, self->selected_node);
  double top, bottom, value, page;

  if (scrolled == NULL || self->layout == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* When the view gets shorter (the list of problems appears under it),
   * the selection must stay in sight. */
  if (self->vadjustment != adjustment)
    {
      if (self->vadjustment != NULL)
        g_signal_handlers_disconnect_by_func (self->vadjustment, on_page_size_cb, self);
      g_set_object (&self->vadjustment, adjustment);
      g_signal_connect_swapped (adjustment, "notify::page-size", G_CALLBACK (on_page_size_cb), self);
    }
  if (node >= 0)
    sanhe_oa_flow_layout_get_box (self->layout, node, &box);
  else if (self->selected_edge >= 0 && (guint) self->selected_edge < sanhe_oa_flow_layout_get_n_edges (self->layout)
           && sanhe_oa_flow_layout_get_label_point (self->layout, self->selected_edge, &point))
    box = (SanheOaFlowRect) { point.x, point.y - 20, 1, 40 };
  else
    return;

  top = self->offset_y + box.y * self->scale - 12;
  bottom = self->offset_y + (box.y + box.height) * self->scale + 12;
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (top < value)
    gtk_adjustment_set_value (adjustment, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (adjustment, MIN (top, bottom - page));
}

void
sanhe_oa_flow_view_set_selection (SanheOaFlowView *self,
                                  const char      *node,
                                  gint             edge)
{
  g_return_if_fail (SANHE_IS_OA_FLOW_VIEW (self));

  g_free (self->selected_node);
  self->selected_node = g_strdup (node);
  self->selected_edge = edge;
  scroll_to_selection (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Marks the steps and connections @problems (the server's validation
 * details) name; NULL clears them. */
void
sanhe_oa_flow_view_set_problems (SanheOaFlowView *self,
                                 JsonArray       *problems)
{
  g_return_if_fail (SANHE_IS_OA_FLOW_VIEW (self));

  g_hash_table_remove_all (self->node_problems);
  g_hash_table_remove_all (self->edge_problems);
  for (guint i = 0; problems != NULL && i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = sanhe_json_array_get_object (problems, i);
      const char *node = sanhe_json_object_get_string (problem, "node");
      GString *texts;

      if (problem != NULL && json_object_has_member (problem, "edge"))
        {
          gint64 edge = json_object_get_int_member_with_default (problem, "edge", -1);

          if (edge >= 0)
            g_hash_table_add (self->edge_problems, GUINT_TO_POINTER ((guint) edge + 1));
        }
      if (node == NULL)
        continue;
      texts = g_hash_table_lookup (self->node_problems, node);
      if (texts == NULL)
        {
          texts = g_string_new (NULL);
          g_hash_table_insert (self->node_problems, g_strdup (node), texts);
        }
      else
        g_string_append_c (texts, '\n');
      g_string_append (texts, sanhe_oa_problem_text (problem));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Clicks the middle of @node's box, as a pointer would: for automation.
 * Returns: whether the step is drawn. */
gboolean
sanhe_oa_flow_view_click_node (SanheOaFlowView *self,
                               const char      *node)
{
  SanheOaFlowRect box;
  gint index;

  g_return_val_if_fail (SANHE_IS_OA_FLOW_VIEW (self), FALSE);

  index = node_index (self, node);
  if (index < 0)
    return FALSE;
  sanhe_oa_flow_layout_get_box (self->layout, index, &box);
  click_at (self, self->offset_x + (box.x + box.width / 2) * self->scale,
            self->offset_y + (box.y + box.height / 2) * self->scale);
  return TRUE;
}
