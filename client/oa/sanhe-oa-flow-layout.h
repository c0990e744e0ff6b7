/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Where the steps of a process go when it is drawn top to bottom. Pure
 * geometry, no drawing: the flow view measures its boxes, hands the sizes
 * in, and paints what comes out.
 */
typedef struct
{
  double x;
  double y;
} SanheOaFlowPoint;

typedef struct
{
  double x;       /* top left */
  double y;
  double width;
  double height;
} SanheOaFlowRect;

typedef struct
{
  double layer_gap;   /* vertical space between two layers */
  double node_gap;    /* horizontal space between two boxes of a layer */
  double lane_width;  /* the width kept for an edge passing through a layer */
  double margin;      /* around everything */
} SanheOaFlowSpacing;

typedef struct _SanheOaFlowLayout SanheOaFlowLayout;

SanheOaFlowLayout      *sanhe_oa_flow_layout_new           (JsonArray                *nodes,
                                                            JsonArray                *edges);
void                    sanhe_oa_flow_layout_free          (SanheOaFlowLayout        *self);
void                    sanhe_oa_flow_layout_set_node_size (SanheOaFlowLayout        *self,
                                                            guint                     node,
                                                            double                    width,
                                                            double                    height);
void                    sanhe_oa_flow_layout_run           (SanheOaFlowLayout        *self,
                                                            const SanheOaFlowSpacing *spacing);

double                  sanhe_oa_flow_layout_get_width     (SanheOaFlowLayout        *self);
double                  sanhe_oa_flow_layout_get_height    (SanheOaFlowLayout        *self);
guint                   sanhe_oa_flow_layout_get_n_nodes   (SanheOaFlowLayout        *self);
gint                    sanhe_oa_flow_layout_find_node     (SanheOaFlowLayout        *self,
                                                            const char               *id);
gint                    sanhe_oa_flow_layout_node_at       (SanheOaFlowLayout        *self,
                                                            double                    x,
                                                            double                    y);
guint                   sanhe_oa_flow_layout_get_layer     (SanheOaFlowLayout        *self,
                                                            guint                     node);
void                    sanhe_oa_flow_layout_get_box       (SanheOaFlowLayout        *self,
                                                            guint                     node,
                                                            SanheOaFlowRect          *box);
guint                   sanhe_oa_flow_layout_get_n_edges   (SanheOaFlowLayout        *self);
gboolean                sanhe_oa_flow_layout_edge_is_back  (SanheOaFlowLayout        *self,
                                                            guint                     edge);
const SanheOaFlowPoint *sanhe_oa_flow_layout_get_route     (SanheOaFlowLayout        *self,
                                                            guint                     edge,
                                                            guint                    *n_points);
gboolean                sanhe_oa_flow_layout_get_label_point (SanheOaFlowLayout      *self,
                                                              guint                   edge,
                                                              SanheOaFlowPoint       *point);
guint                   sanhe_oa_flow_layout_count_crossings (SanheOaFlowLayout      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaFlowLayout, sanhe_oa_flow_layout_free)

G_END_DECLS
