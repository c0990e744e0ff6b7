/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-flow-layout.h"
#include "sanhe-oa-process-text.h"

G_BEGIN_DECLS

/* The boxes of the flow view (sanhe-oa-flow-card.c). */
typedef enum
{
  SANHE_OA_FLOW_SHAPE_CARD,
  SANHE_OA_FLOW_SHAPE_PILL,
  SANHE_OA_FLOW_SHAPE_DIAMOND,
  SANHE_OA_FLOW_SHAPE_BAR,
} SanheOaFlowShape;

typedef enum
{
  SANHE_OA_FLOW_TEXT_TITLE,
  SANHE_OA_FLOW_TEXT_DETAIL,
  SANHE_OA_FLOW_TEXT_CAPTION,
} SanheOaFlowText;

typedef struct
{
  SanheOaFlowShape  shape;
  char             *id;
  char             *type;
  char             *caption;  /* the kind, beside the title of a card */
  char             *title;
  char             *lines[2]; /* details of a card; NULL when none */
  GdkRGBA           colour;
} SanheOaFlowCard;

SanheOaFlowCard *_sanhe_oa_flow_card_new          (const SanheOaNames *names,
                                                   JsonObject         *node);
void             _sanhe_oa_flow_card_free         (SanheOaFlowCard    *card);
void             _sanhe_oa_flow_card_measure      (SanheOaFlowCard    *card,
                                                   GtkWidget          *widget,
                                                   double             *width,
                                                   double             *height);
void             _sanhe_oa_flow_card_draw         (SanheOaFlowCard    *card,
                                                   GtkWidget          *widget,
                                                   cairo_t            *cr,
                                                   SanheOaFlowRect    *box);
void             _sanhe_oa_flow_card_outline      (SanheOaFlowCard    *card,
                                                   cairo_t            *cr,
                                                   SanheOaFlowRect    *box,
                                                   double              grow);
PangoLayout     *_sanhe_oa_flow_text_new          (GtkWidget          *widget,
                                                   const char         *text,
                                                   SanheOaFlowText     style,
                                                   double              max_width);
void             _sanhe_oa_flow_rounded_rectangle (cairo_t            *cr,
                                                   double              x,
                                                   double              y,
                                                   double              width,
                                                   double              height,
                                                   double              radius);
void             _sanhe_oa_flow_source_rgba       (cairo_t            *cr,
                                                   const GdkRGBA      *rgba,
                                                   double              alpha);

G_END_DECLS
