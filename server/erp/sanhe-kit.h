/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-decimal.h"

G_BEGIN_DECLS

/*
 * Kit analysis (齐套分析), pure: can the components of an order be had?
 *
 * Stock is first taken by the orders due before this one (in due order),
 * then by this one. Each requirement is met from stock, then from open
 * supply (first-come by date), and what remains is made from components
 * (make items with a BOM, recursively) or must be bought (buy items).
 */
typedef struct _SanheKit SanheKit;

typedef enum
{
  SANHE_KIT_COMPLETE_NOW,  /* every component is in stock */
  SANHE_KIT_COMPLETE_ON,   /* open supply completes it on complete_day */
  SANHE_KIT_SHORT,         /* something must still be ordered */
} SanheKitStatus;

/* One node of the explosion tree of the analysed order. */
typedef struct _SanheKitNode SanheKitNode;
struct _SanheKitNode
{
  guint         item;
  guint         level;
  SanheDecimal  required;
  SanheDecimal  from_stock;
  SanheDecimal  from_supply;
  SanheDecimal  to_make;       /* make items: exploded into children */
  SanheDecimal  to_buy;        /* buy items (or makes without BOM): nobody has ordered it yet */
  gint          available_day; /* when all of required can be there; 0 = now */
  gint          supply_day;    /* arrival of the last open-supply part taken */
  gint64        line_id;       /* top nodes: the order line */
  GPtrArray    *children;      /* SanheKitNode */
};

/* Totals per item over the whole tree. */
typedef struct
{
  guint         item;
  guint         level;         /* shallowest level it appears at */
  SanheDecimal  required;
  SanheDecimal  from_stock;
  SanheDecimal  from_supply;
  SanheDecimal  to_make;
  SanheDecimal  to_buy;
  gint          available_day;
} SanheKitTotal;

typedef struct
{
  SanheKitStatus status;
  gint           complete_day;  /* SANHE_KIT_COMPLETE_ON, and the estimate when SHORT */
  GPtrArray     *lines;         /* SanheKitNode, one per analysed order line */
  GArray        *totals;        /* SanheKitTotal, by level then item index */
} SanheKitResult;

SanheKit       *sanhe_kit_new           (void);
void            sanhe_kit_free          (SanheKit      *kit);
guint           sanhe_kit_add_item      (SanheKit      *kit,
                                         gboolean       make,
                                         gint           lead_time_days,
                                         SanheDecimal   on_hand,
                                         SanheDecimal   scrap_pct);
void            sanhe_kit_add_bom_line  (SanheKit      *kit,
                                         guint          parent,
                                         guint          component,
                                         SanheDecimal   qty_per,
                                         SanheDecimal   scrap_pct);
void            sanhe_kit_add_supply    (SanheKit      *kit,
                                         guint          item,
                                         gint           day,
                                         SanheDecimal   qty);
void            sanhe_kit_reserve       (SanheKit      *kit,
                                         guint          item,
                                         SanheDecimal   qty);
SanheKitResult *sanhe_kit_analyse       (SanheKit      *kit,
                                         const guint   *items,
                                         const SanheDecimal *qtys,
                                         const gint64  *line_ids,
                                         guint          n_lines);
void            sanhe_kit_result_free   (SanheKitResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheKit, sanhe_kit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheKitResult, sanhe_kit_result_free)

G_END_DECLS
