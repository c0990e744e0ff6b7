/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-decimal.h"

G_BEGIN_DECLS

/*
 * Material requirements planning, in memory, with no I/O: the caller loads
 * items, BOM lines, demands and scheduled receipts into a SanheMrpInput
 * (days counted from day 0, the run date), runs it, and persists the result.
 * The same input gives the same output, order for order and peg for peg.
 */
typedef struct _SanheMrpInput SanheMrpInput;

/*
 * A demand that a planned order covers, told by the sign of demand_id:
 *   > 0  a sales-order line, by its id;
 *   = 0  the item's safety stock;
 *   < 0  an open production task, by its id negated: the components it has
 *        yet to be issued (see sanhe_mrp_input_add_open_order());
 *        SANHE_MRP_PEG_TASK_ID() gives the task id back.
 * Quantities are in the planned item's unit.
 */
#define SANHE_MRP_TASK_DEMAND_ID(task_id)  (-(gint64) (task_id))
#define SANHE_MRP_PEG_TASK_ID(demand_id)   (-(gint64) (demand_id))

typedef struct
{
  gint64       demand_id;
  SanheDecimal qty;
} SanheMrpPeg;

typedef struct
{
  guint        item;         /* index returned by sanhe_mrp_input_add_item */
  SanheDecimal qty;
  gint         due_day;
  gint         release_day;
  gint         late_days;    /* > 0 when the release should have been before day 0 */
  guint        first_peg;    /* into SanheMrpResult.pegs */
  guint        n_pegs;
} SanheMrpOrder;

typedef struct
{
  GArray *orders;            /* SanheMrpOrder, grouped by item in low-level-code order, then by day */
  GArray *pegs;              /* SanheMrpPeg */
  guint  *low_level_codes;   /* per item index */
  guint   n_items;
} SanheMrpResult;

#define SANHE_MRP_ERROR (sanhe_mrp_error_quark ())

typedef enum
{
  SANHE_MRP_ERROR_CYCLE,     /* the BOMs hold a cycle; the message names it */
  SANHE_MRP_ERROR_OVERFLOW,  /* a quantity left the fixed-point range */
  SANHE_MRP_ERROR_INVALID,   /* a scrap of 100 % or more, a negative quantity */
} SanheMrpErrorCode;

GQuark          sanhe_mrp_error_quark       (void);

SanheMrpInput  *sanhe_mrp_input_new         (void);
void            sanhe_mrp_input_free        (SanheMrpInput *input);
guint           sanhe_mrp_input_add_item    (SanheMrpInput *input,
                                             gint64         id,
                                             gboolean       make,
                                             gint           lead_time_days,
                                             SanheDecimal   on_hand,
                                             SanheDecimal   safety_stock,
                                             SanheDecimal   min_lot,
                                             SanheDecimal   lot_multiple,
                                             SanheDecimal   scrap_pct);
void            sanhe_mrp_input_add_bom_line (SanheMrpInput *input,
                                             guint          parent,
                                             guint          component,
                                             SanheDecimal   qty_per,
                                             SanheDecimal   scrap_pct);
void            sanhe_mrp_input_add_demand  (SanheMrpInput *input,
                                             guint          item,
                                             gint           day,
                                             SanheDecimal   qty,
                                             gint64         demand_id);
void            sanhe_mrp_input_add_supply  (SanheMrpInput *input,
                                             guint          item,
                                             gint           day,
                                             SanheDecimal   qty);
/* An open production task of @item with @qty still to make by @due_day:
 * a scheduled receipt whose components are not issued yet, so the run
 * also puts its BOM (one level, with scrap) on its components at its
 * release day, due_day − lead time, pegged to task @task_id (> 0). */
void            sanhe_mrp_input_add_open_order (SanheMrpInput *input,
                                                guint          item,
                                                gint           due_day,
                                                SanheDecimal   qty,
                                                gint64         task_id);
gint64          sanhe_mrp_input_get_item_id (SanheMrpInput *input,
                                             guint          item);
gboolean        sanhe_mrp_input_is_make     (SanheMrpInput *input,
                                             guint          item);

GArray         *sanhe_mrp_input_find_cycle  (SanheMrpInput *input);

/* Runs once: the input is consumed (its requirement lists grow). */
SanheMrpResult *sanhe_mrp_run               (SanheMrpInput *input,
                                             GError       **error);
void            sanhe_mrp_result_free       (SanheMrpResult *result);

/* Exposed for tests: one component's dependent demand for a parent order. */
gboolean        sanhe_mrp_dependent_qty     (SanheDecimal   parent_qty,
                                             SanheDecimal   qty_per,
                                             SanheDecimal   line_scrap_pct,
                                             SanheDecimal   parent_scrap_pct,
                                             SanheDecimal  *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheMrpInput, sanhe_mrp_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheMrpResult, sanhe_mrp_result_free)

G_END_DECLS
