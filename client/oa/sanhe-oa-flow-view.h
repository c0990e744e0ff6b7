/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANHE_TYPE_OA_FLOW_VIEW (sanhe_oa_flow_view_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaFlowView, sanhe_oa_flow_view, SANHE, OA_FLOW_VIEW, GtkDrawingArea)

GtkWidget  *sanhe_oa_flow_view_new            (void);
void        sanhe_oa_flow_view_set_definition (SanheOaFlowView *self,
                                               JsonObject      *definition);
void        sanhe_oa_flow_view_set_names      (SanheOaFlowView *self,
                                               GHashTable      *users,
                                               GHashTable      *roles);
void        sanhe_oa_flow_view_set_selection  (SanheOaFlowView *self,
                                               const char      *node,
                                               gint             edge);
void        sanhe_oa_flow_view_set_problems   (SanheOaFlowView *self,
                                               JsonArray       *problems);
gboolean    sanhe_oa_flow_view_click_node     (SanheOaFlowView *self,
                                               const char      *node);

G_END_DECLS
