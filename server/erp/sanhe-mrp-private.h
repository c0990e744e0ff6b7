/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-mrp.h"

G_BEGIN_DECLS

/* The MRP engine's input, shared by its files (sanhe-mrp.c plans,
 * sanhe-mrp-levels.c orders the BOM). Nothing outside the engine uses it. */

typedef struct
{
  gint64   id;
  gboolean make;
  gint     lead_time;
  gint64   on_hand;
  gint64   safety_stock;
  gint64   min_lot;
  gint64   lot_multiple;
  gint64   scrap;
  guint    first_line;
  guint    n_lines;
} Item;

typedef struct
{
  guint  parent;
  guint  component;
  gint64 qty_per;
  gint64 scrap;
  guint  seq;
} Line;

/* A gross requirement: independent (a sales-order line, an open
 * production task's component) or dependent (a parent's planned order). */
typedef struct
{
  gint   day;
  guint  seq;
  gint64 qty;
  gint64 demand_id;     /* independent: as in SanheMrpPeg */
  gint   parent_order;  /* dependent: index into the orders, else -1 */
} Req;

typedef struct
{
  gint   day;
  guint  seq;
  gint64 qty;
} Supply;

/* An open production task: supply already, its components still due. */
typedef struct
{
  guint  item;
  gint   due_day;
  gint64 qty;
  gint64 task_id;
} OpenOrder;

typedef struct
{
  Req   *data;
  guint  len;
  guint  cap;
} ReqVec;

typedef struct
{
  Supply *data;
  guint   len;
  guint   cap;
} SupplyVec;

struct _SanheMrpInput
{
  GArray    *items;        /* Item */
  GArray    *lines;        /* Line */
  GArray    *reqs;         /* ReqVec per item */
  GArray    *supplies;     /* SupplyVec per item */
  GArray    *open_orders;  /* OpenOrder */
  guint      seq;
};

/* Sorts the BOM lines by parent; each item's first_line and n_lines. */
void     _sanhe_mrp_index_lines     (SanheMrpInput  *input);
/* Fills @codes and @order (items by code, then index); fails on a cycle,
 * naming it. Needs the lines indexed. */
gboolean _sanhe_mrp_low_level_codes (SanheMrpInput  *input,
                                     guint          *codes,
                                     guint          *order,
                                     GError        **error);

G_END_DECLS
