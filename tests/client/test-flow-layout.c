/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-flow-layout"

#include "config.h"

#include <json-glib/json-glib.h>

#include "sanhe-oa-flow-layout.h"

/*
 * The layered drawing of a process: the demo's travel expense (a
 * condition with two branches) and business trip (a parallel block) come
 * out the way a person would draw them, boxes never overlap, crossings are
 * removed, and a cycle (a "return" edge, half-edited) neither hangs the
 * layout nor disturbs its layers.
 */

#define TRAVEL_EXPENSE \
  "{\"key\":\"travel_expense\",\"name\":\"Travel expense\"," \
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"}," \
  "  {\"id\":\"manager\",\"type\":\"approval\",\"assignee\":{\"rule\":\"manager\"}}," \
  "  {\"id\":\"finance\",\"type\":\"approval\",\"assignee\":{\"rule\":\"role\",\"role\":\"finance\"}}," \
  "  {\"id\":\"amount\",\"type\":\"condition\"}," \
  "  {\"id\":\"boss\",\"type\":\"approval\",\"assignee\":{\"rule\":\"user\",\"user\":1}}," \
  "  {\"id\":\"end\",\"type\":\"end\"}]," \
  " \"edges\":[{\"from\":\"start\",\"to\":\"manager\"},{\"from\":\"manager\",\"to\":\"finance\"}," \
  "  {\"from\":\"finance\",\"to\":\"amount\"}," \
  "  {\"from\":\"amount\",\"to\":\"boss\",\"when\":{\"op\":\">\",\"field\":\"amount\",\"value\":\"5000\"}}," \
  "  {\"from\":\"amount\",\"to\":\"end\",\"else\":true},{\"from\":\"boss\",\"to\":\"end\"}%s]}"

#define BUSINESS_TRIP \
  "{\"key\":\"business_trip\",\"name\":\"Business trip\"," \
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"}," \
  "  {\"id\":\"supervisor\",\"type\":\"approval\",\"assignee\":{\"rule\":\"manager\"}}," \
  "  {\"id\":\"split\",\"type\":\"parallel\"}," \
  "  {\"id\":\"advance\",\"type\":\"action\",\"effect\":\"finance.register_advance\"}," \
  "  {\"id\":\"trip\",\"type\":\"action\",\"effect\":\"hr.record_business_trip\"}," \
  "  {\"id\":\"join\",\"type\":\"join\"},{\"id\":\"end\",\"type\":\"end\"}]," \
  " \"edges\":[{\"from\":\"start\",\"to\":\"supervisor\"},{\"from\":\"supervisor\",\"to\":\"split\"}," \
  "  {\"from\":\"split\",\"to\":\"advance\"},{\"from\":\"split\",\"to\":\"trip\"}," \
  "  {\"from\":\"advance\",\"to\":\"join\"},{\"from\":\"trip\",\"to\":\"join\"},{\"from\":\"join\",\"to\":\"end\"}]}"

typedef struct
{
  JsonNode          *root;
  SanheOaFlowLayout *layout;
} Flow;

static void
flow_free (Flow *flow)
{
  sanhe_oa_flow_layout_free (flow->layout);
  json_node_unref (flow->root);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flow, flow_free)

static JsonArray *
member_array (JsonNode   *root,
              const char *member)
{
  return json_object_get_array_member (json_node_get_object (root), member);
}

/* Lays out @json with boxes of the flow view's usual sizes: pills,
 * diamonds and bars smaller than approval boxes. */
static Flow *
flow_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  Flow *flow = g_new0 (Flow, 1);
  JsonArray *nodes;

  flow->root = json_from_string (json, &error);
  g_assert_no_error (error);
  nodes = member_array (flow->root, "nodes");
  flow->layout = sanhe_oa_flow_layout_new (nodes, member_array (flow->root, "edges"));
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (nodes, i), "type");

      if (g_str_equal (type, "start") || g_str_equal (type, "end"))
        sanhe_oa_flow_layout_set_node_size (flow->layout, i, 110, 36);
      else if (g_str_equal (type, "condition"))
        sanhe_oa_flow_layout_set_node_size (flow->layout, i, 120, 64);
      else if (g_str_equal (type, "parallel") || g_str_equal (type, "join"))
        sanhe_oa_flow_layout_set_node_size (flow->layout, i, 180, 14);
      else
        sanhe_oa_flow_layout_set_node_size (flow->layout, i, 180, 78);
    }
  sanhe_oa_flow_layout_run (flow->layout, NULL);

  return flow;
}

static guint
layer_of (Flow       *flow,
          const char *id)
{
  gint node = sanhe_oa_flow_layout_find_node (flow->layout, id);

  g_assert_cmpint (node, >=, 0);
  return sanhe_oa_flow_layout_get_layer (flow->layout, node);
}

static SanheOaFlowRect
box_of (Flow       *flow,
        const char *id)
{
  gint node = sanhe_oa_flow_layout_find_node (flow->layout, id);
  SanheOaFlowRect box;

  g_assert_cmpint (node, >=, 0);
  sanhe_oa_flow_layout_get_box (flow->layout, node, &box);
  return box;
}

static double
centre_x (SanheOaFlowRect box)
{
  return box.x + box.width / 2;
}

static gboolean
boxes_overlap (const SanheOaFlowRect *a,
               const SanheOaFlowRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
inside (const SanheOaFlowRect  *box,
        const SanheOaFlowPoint *point)
{
  return point->x > box->x && point->x < box->x + box->width
         && point->y > box->y && point->y < box->y + box->height;
}

/* No two boxes overlap; every box lies within the drawing; no edge passes
 * through a box on its way (only its two ends touch boxes). */
static void
assert_tidy (Flow *flow)
{
  SanheOaFlowLayout *layout = flow->layout;
  guint n = sanhe_oa_flow_layout_get_n_nodes (layout);

  for (guint i = 0; i < n; i++)
    {
      SanheOaFlowRect a;

      sanhe_oa_flow_layout_get_box (layout, i, &a);
      g_assert_cmpfloat (a.x, >=, 0);
      g_assert_cmpfloat (a.y, >=, 0);
      g_assert_cmpfloat (a.x + a.width, <=, sanhe_oa_flow_layout_get_width (layout));
      g_assert_cmpfloat (a.y + a.height, <=, sanhe_oa_flow_layout_get_height (layout));
      for (guint j = i + 1; j < n; j++)
        {
          SanheOaFlowRect b;

          sanhe_oa_flow_layout_get_box (layout, j, &b);
          if (boxes_overlap (&a, &b))
            g_error ("nodes %u and %u overlap", i, j);
        }
    }

  for (guint e = 0; e < sanhe_oa_flow_layout_get_n_edges (layout); e++)
    {
      guint n_points = 0;
      const SanheOaFlowPoint *route = sanhe_oa_flow_layout_get_route (layout, e, &n_points);

      /* An edge naming a missing node has no route. */
      if (route == NULL)
        continue;
      g_assert_cmpuint (n_points, >=, 2);
      for (guint p = 1; p + 1 < n_points; p++)
        for (guint i = 0; i < n; i++)
          {
            SanheOaFlowRect box;

            sanhe_oa_flow_layout_get_box (layout, i, &box);
            if (inside (&box, &route[p]))
              g_error ("edge %u passes through node %u", e, i);
          }
    }
}

static void
test_travel_expense (void)
{
  g_autofree char *json = g_strdup_printf (TRAVEL_EXPENSE, "");
  g_autoptr(Flow) flow = flow_new (json);
  SanheOaFlowRect amount, boss, end;
  SanheOaFlowPoint label_when, label_else;
  const SanheOaFlowPoint *lane;
  guint n_points = 0;

  g_assert_cmpuint (layer_of (flow, "start"), ==, 0);
  g_assert_cmpuint (layer_of (flow, "manager"), ==, 1);
  g_assert_cmpuint (layer_of (flow, "finance"), ==, 2);
  g_assert_cmpuint (layer_of (flow, "amount"), ==, 3);
  g_assert_cmpuint (layer_of (flow, "boss"), ==, 4);
  /* The end waits below both branches. */
  g_assert_cmpuint (layer_of (flow, "end"), ==, 5);
  assert_tidy (flow);
  g_assert_cmpuint (sanhe_oa_flow_layout_count_crossings (flow->layout), ==, 0);

  /* The condition's two branches leave it side by side: "> 5000" to the
   * general manager, "else" in a lane of its own beside that box, straight
   * down to the end. */
  amount = box_of (flow, "amount");
  boss = box_of (flow, "boss");
  end = box_of (flow, "end");
  lane = sanhe_oa_flow_layout_get_route (flow->layout, 4, &n_points);
  g_assert_cmpuint (n_points, ==, 3);
  g_assert_cmpfloat (lane[1].x, >, boss.x + boss.width);
  g_assert_cmpfloat (centre_x (boss), <, centre_x (amount));
  g_assert_cmpfloat (lane[1].x, >, centre_x (amount));
  /* The start, the chain of approvals, the condition and the end line up. */
  g_assert_cmpfloat (ABS (centre_x (end) - centre_x (amount)), <, 1);
  g_assert_cmpfloat (ABS (centre_x (box_of (flow, "start")) - centre_x (amount)), <, 1);
  g_assert_cmpfloat (end.y, >, boss.y + boss.height);

  /* Their labels do not sit on top of each other. */
  g_assert_true (sanhe_oa_flow_layout_get_label_point (flow->layout, 3, &label_when));
  g_assert_true (sanhe_oa_flow_layout_get_label_point (flow->layout, 4, &label_else));
  g_assert_cmpfloat (label_when.x, <, label_else.x);
}

static void
test_business_trip (void)
{
  g_autoptr(Flow) flow = flow_new (BUSINESS_TRIP);
  SanheOaFlowRect split, advance, trip, join;

  g_assert_cmpuint (layer_of (flow, "start"), ==, 0);
  g_assert_cmpuint (layer_of (flow, "supervisor"), ==, 1);
  g_assert_cmpuint (layer_of (flow, "split"), ==, 2);
  g_assert_cmpuint (layer_of (flow, "advance"), ==, 3);
  g_assert_cmpuint (layer_of (flow, "trip"), ==, 3);
  g_assert_cmpuint (layer_of (flow, "join"), ==, 4);
  g_assert_cmpuint (layer_of (flow, "end"), ==, 5);
  assert_tidy (flow);
  g_assert_cmpuint (sanhe_oa_flow_layout_count_crossings (flow->layout), ==, 0);

  /* The two branches side by side at one height, in the definition's
   * order; the split above and the join below both, centred on them. */
  split = box_of (flow, "split");
  advance = box_of (flow, "advance");
  trip = box_of (flow, "trip");
  join = box_of (flow, "join");
  g_assert_cmpfloat (advance.y, ==, trip.y);
  g_assert_cmpfloat (advance.x + advance.width, <, trip.x);
  g_assert_cmpfloat (join.y, >, advance.y + advance.height);
  g_assert_cmpfloat (split.y + split.height, <, advance.y);
  g_assert_cmpfloat (ABS (centre_x (join) - (centre_x (advance) + centre_x (trip)) / 2), <, 1);
  g_assert_cmpfloat (ABS (centre_x (split) - centre_x (join)), <, 1);
}

/* A return edge (finance back to manager) closes a cycle: it is drawn as
 * a back edge around the right, and the layers stay those of the rest. */
static void
test_cycle (void)
{
  g_autofree char *json = g_strdup_printf (TRAVEL_EXPENSE, ",{\"from\":\"finance\",\"to\":\"manager\"}");
  g_autoptr(Flow) flow = flow_new (json);
  const SanheOaFlowPoint *route;
  guint n_points = 0;
  guint back = 6;

  g_assert_true (sanhe_oa_flow_layout_edge_is_back (flow->layout, back));
  for (guint e = 0; e < back; e++)
    g_assert_false (sanhe_oa_flow_layout_edge_is_back (flow->layout, e));
  g_assert_cmpuint (layer_of (flow, "manager"), ==, 1);
  g_assert_cmpuint (layer_of (flow, "finance"), ==, 2);
  g_assert_cmpuint (layer_of (flow, "end"), ==, 5);
  assert_tidy (flow);

  route = sanhe_oa_flow_layout_get_route (flow->layout, back, &n_points);
  g_assert_cmpuint (n_points, ==, 4);
  for (guint i = 0; i < sanhe_oa_flow_layout_get_n_nodes (flow->layout); i++)
    {
      SanheOaFlowRect box;

      sanhe_oa_flow_layout_get_box (flow->layout, i, &box);
      g_assert_cmpfloat (route[1].x, >, box.x + box.width);
    }
  g_assert_cmpfloat (route[1].x, <, sanhe_oa_flow_layout_get_width (flow->layout));
}

/* Nothing to start from: a ring of three, and a node looping on itself.
 * The layout ends and still gives every node a place. */
static void
test_ring_without_start (void)
{
  g_autoptr(Flow) flow = flow_new ("{\"nodes\":[{\"id\":\"a\",\"type\":\"approval\"},"
                                   "{\"id\":\"b\",\"type\":\"approval\"},{\"id\":\"c\",\"type\":\"approval\"},"
                                   "{\"id\":\"d\",\"type\":\"approval\"}],"
                                   "\"edges\":[{\"from\":\"a\",\"to\":\"b\"},{\"from\":\"b\",\"to\":\"c\"},"
                                   "{\"from\":\"c\",\"to\":\"a\"},{\"from\":\"d\",\"to\":\"d\"}]}");

  g_assert_cmpuint (layer_of (flow, "a"), ==, 0);
  g_assert_cmpuint (layer_of (flow, "b"), ==, 1);
  g_assert_cmpuint (layer_of (flow, "c"), ==, 2);
  g_assert_true (sanhe_oa_flow_layout_edge_is_back (flow->layout, 2));
  g_assert_true (sanhe_oa_flow_layout_edge_is_back (flow->layout, 3));
  assert_tidy (flow);
}

/* Half-edited definitions: an edge to a node that does not exist, a node
 * nothing reaches yet. Neither breaks the drawing of the rest. */
static void
test_unfinished (void)
{
  g_autoptr(Flow) flow = flow_new ("{\"nodes\":[{\"id\":\"start\",\"type\":\"start\"},"
                                   "{\"id\":\"new\",\"type\":\"approval\"},{\"id\":\"end\",\"type\":\"end\"}],"
                                   "\"edges\":[{\"from\":\"start\",\"to\":\"end\"},{\"from\":\"start\",\"to\":\"nowhere\"}]}");
  guint n_points = 1;

  g_assert_null (sanhe_oa_flow_layout_get_route (flow->layout, 1, &n_points));
  g_assert_cmpuint (n_points, ==, 0);
  g_assert_cmpuint (layer_of (flow, "end"), ==, 1);
  g_assert_cmpint (sanhe_oa_flow_layout_find_node (flow->layout, "nowhere"), ==, -1);
  assert_tidy (flow);
}

/* The walk from the start puts c before d, which crosses a→d with b→c;
 * the barycenter passes swap them. */
static void
test_crossings_removed (void)
{
  g_autoptr(Flow) flow = flow_new ("{\"nodes\":[{\"id\":\"s\",\"type\":\"start\"},"
                                   "{\"id\":\"a\",\"type\":\"approval\"},{\"id\":\"b\",\"type\":\"approval\"},"
                                   "{\"id\":\"c\",\"type\":\"approval\"},{\"id\":\"d\",\"type\":\"approval\"}],"
                                   "\"edges\":[{\"from\":\"s\",\"to\":\"a\"},{\"from\":\"s\",\"to\":\"b\"},"
                                   "{\"from\":\"a\",\"to\":\"c\"},{\"from\":\"a\",\"to\":\"d\"},"
                                   "{\"from\":\"b\",\"to\":\"c\"}]}");

  g_assert_cmpuint (sanhe_oa_flow_layout_count_crossings (flow->layout), ==, 0);
  g_assert_cmpfloat (centre_x (box_of (flow, "d")), <, centre_x (box_of (flow, "c")));
  assert_tidy (flow);
}

static void
test_empty (void)
{
  g_autoptr(Flow) flow = flow_new ("{\"nodes\":[],\"edges\":[]}");

  g_assert_cmpuint (sanhe_oa_flow_layout_get_n_nodes (flow->layout), ==, 0);
  g_assert_cmpint (sanhe_oa_flow_layout_node_at (flow->layout, 10, 10), ==, -1);
}

/* A wide process: every branch of a ten-way parallel block gets its own
 * place; running the layout again gives the same drawing. */
static void
test_wide_and_repeatable (void)
{
  g_autoptr(GString) json = g_string_new ("{\"nodes\":[{\"id\":\"s\",\"type\":\"start\"},"
                                          "{\"id\":\"p\",\"type\":\"parallel\"},{\"id\":\"j\",\"type\":\"join\"}");
  g_autoptr(Flow) flow = NULL;
  SanheOaFlowRect before, after;

  for (guint i = 0; i < 10; i++)
    g_string_append_printf (json, ",{\"id\":\"n%u\",\"type\":\"approval\"}", i);
  g_string_append (json, "],\"edges\":[{\"from\":\"s\",\"to\":\"p\"}");
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (json, ",{\"from\":\"p\",\"to\":\"n%u\"},{\"from\":\"n%u\",\"to\":\"j\"}", i, i);
  g_string_append (json, "]}");

  flow = flow_new (json->str);
  assert_tidy (flow);
  g_assert_cmpuint (sanhe_oa_flow_layout_count_crossings (flow->layout), ==, 0);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);

      g_assert_cmpuint (layer_of (flow, id), ==, 2);
    }

  before = box_of (flow, "n7");
  sanhe_oa_flow_layout_run (flow->layout, NULL);
  after = box_of (flow, "n7");
  g_assert_cmpfloat (before.x, ==, after.x);
  g_assert_cmpfloat (before.y, ==, after.y);
  g_assert_cmpint (sanhe_oa_flow_layout_node_at (flow->layout, after.x + 1, after.y + 1), ==,
                   sanhe_oa_flow_layout_find_node (flow->layout, "n7"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oa/flow-layout/travel-expense", test_travel_expense);
  g_test_add_func ("/oa/flow-layout/business-trip", test_business_trip);
  g_test_add_func ("/oa/flow-layout/cycle", test_cycle);
  g_test_add_func ("/oa/flow-layout/ring-without-start", test_ring_without_start);
  g_test_add_func ("/oa/flow-layout/unfinished", test_unfinished);
  g_test_add_func ("/oa/flow-layout/crossings-removed", test_crossings_removed);
  g_test_add_func ("/oa/flow-layout/empty", test_empty);
  g_test_add_func ("/oa/flow-layout/wide-and-repeatable", test_wide_and_repeatable);

  return g_test_run ();
}
