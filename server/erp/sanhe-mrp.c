/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-mrp"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sanhe-mrp.h"
#include "sanhe-mrp-private.h"

/*
 * Before planning, each open production task puts its BOM on its
 * components at its release day: nothing is issued to a task yet, so it
 * still needs all of them (allocated requirements, pegged to the task).
 *
 * Then the run, item by item in low-level-code order (every parent before
 * its components):
 *
 *   1. net:  walk the days with a projected balance starting at on-hand; a
 *            day ending below safety stock gets a planned order, lot-sized;
 *   2. peg:  hand the supply lots (on-hand, receipts, planned orders) to the
 *            safety stock first, then to the requirements first-come by date;
 *   3. explode: a planned make order puts dependent requirements on its
 *            components at its release day, carrying its own pegging along.
 *
 * Quantities are SanheDecimal units (10^-4) in plain gint64 here.
 */

#define ONE        SANHE_DECIMAL_ONE
#define HUNDRED    (100 * ONE)

/* A supply lot during pegging: what is left of it, and whose it is. */
typedef struct
{
  gint64 left;
  gint   order;  /* planned order index, or -1 for on-hand and receipts */
} Lot;

/* A peg before merging: which order covers how much of what. */
typedef struct
{
  guint  order;
  gint64 demand_id;
  gint64 qty;
} RawPeg;

typedef struct
{
  SanheMrpInput  *input;
  SanheMrpResult *result;
  GArray         *lots;      /* Lot, reused per item */
  GArray         *raw_pegs;  /* RawPeg, reused per item */
  GArray         *scratch;   /* bytes for the counting sorts */
  GArray         *counts;    /* guint, likewise */
} Run;

G_DEFINE_QUARK (sanhe-mrp-error-quark, sanhe_mrp_error)

#define VEC_PUSH(vec, value)                                            \
  G_STMT_START {                                                        \
    if ((vec)->len == (vec)->cap)                                       \
      {                                                                 \
        (vec)->cap = (vec)->cap ? (vec)->cap * 2 : 4;                   \
        (vec)->data = g_renew (__typeof__ (*(vec)->data), (vec)->data, (vec)->cap); \
      }                                                                 \
    (vec)->data[(vec)->len++] = (value);                                \
  } G_STMT_END

SanheMrpInput *
sanhe_mrp_input_new (void)
{
  SanheMrpInput *input = g_new0 (SanheMrpInput, 1);

  input->items = g_array_new (FALSE, TRUE, sizeof (Item));
  input->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  input->reqs = g_array_new (FALSE, TRUE, sizeof (ReqVec));
  input->supplies = g_array_new (FALSE, TRUE, sizeof (SupplyVec));
  input->open_orders = g_array_new (FALSE, FALSE, sizeof (OpenOrder));
  return input;
}

void
sanhe_mrp_input_free (SanheMrpInput *input)
{
  if (input == NULL)
    return;

  for (guint i = 0; i < input->reqs->len; i++)
    g_free (g_array_index (input->reqs, ReqVec, i).data);
  for (guint i = 0; i < input->supplies->len; i++)
    g_free (g_array_index (input->supplies, SupplyVec, i).data);
  g_array_unref (input->items);
  g_array_unref (input->lines);
  g_array_unref (input->reqs);
  g_array_unref (input->supplies);
  g_array_unref (input->open_orders);
  g_free (input);
}

guint
sanhe_mrp_input_add_item (SanheMrpInput *input,
                          gint64         id,
                          gboolean       make,
                          gint           lead_time_days,
                          SanheDecimal   on_hand,
                          SanheDecimal   safety_stock,
                          SanheDecimal   min_lot,
                          SanheDecimal   lot_multiple,
                          SanheDecimal   scrap_pct)
{
  Item item = {
    .id = id,
    .make = make,
    .lead_time = MAX (lead_time_days, 0),
    .on_hand = on_hand.units,
    .safety_stock = safety_stock.units,
    .min_lot = min_lot.units,
    .lot_multiple = lot_multiple.units,
    .scrap = scrap_pct.units,
  };

  g_array_append_val (input->items, item);
  g_array_set_size (input->reqs, input->items->len);
  g_array_set_size (input->supplies, input->items->len);
  return input->items->len - 1;
}

void
sanhe_mrp_input_add_bom_line (SanheMrpInput *input,
                              guint          parent,
                              guint          component,
                              SanheDecimal   qty_per,
                              SanheDecimal   scrap_pct)
{
  Line line = { parent, component, qty_per.units, scrap_pct.units, input->lines->len };

  g_return_if_fail (parent < input->items->len && component < input->items->len);
  g_array_append_val (input->lines, line);
}

void
sanhe_mrp_input_add_demand (SanheMrpInput *input,
                            guint          item,
                            gint           day,
                            SanheDecimal   qty,
                            gint64         demand_id)
{
  Req req = { MAX (day, 0), input->seq++, qty.units, demand_id, -1 };

  g_return_if_fail (item < input->items->len);
  VEC_PUSH (&g_array_index (input->reqs, ReqVec, item), req);
}

void
sanhe_mrp_input_add_supply (SanheMrpInput *input,
                            guint          item,
                            gint           day,
                            SanheDecimal   qty)
{
  Supply supply = { MAX (day, 0), input->seq++, qty.units };

  g_return_if_fail (item < input->items->len);
  VEC_PUSH (&g_array_index (input->supplies, SupplyVec, item), supply);
}

/* The components' requirements wait for the run: the BOM lines may not all
 * be in yet, and on one day they then follow every sales-order line (by
 * seq) whatever order the caller added things in. */
void
sanhe_mrp_input_add_open_order (SanheMrpInput *input,
                                guint          item,
                                gint           due_day,
                                SanheDecimal   qty,
                                gint64         task_id)
{
  OpenOrder open = { item, MAX (due_day, 0), qty.units, task_id };

  g_return_if_fail (item < input->items->len);
  g_return_if_fail (task_id > 0);
  sanhe_mrp_input_add_supply (input, item, due_day, qty);
  g_array_append_val (input->open_orders, open);
}

gint64
sanhe_mrp_input_get_item_id (SanheMrpInput *input,
                             guint          item)
{
  return g_array_index (input->items, Item, item).id;
}

gboolean
sanhe_mrp_input_is_make (SanheMrpInput *input,
                         guint          item)
{
  return g_array_index (input->items, Item, item).make;
}

void
sanhe_mrp_result_free (SanheMrpResult *result)
{
  if (result == NULL)
    return;
  g_array_unref (result->orders);
  g_array_unref (result->pegs);
  g_free (result->low_level_codes);
  g_free (result);
}

/* ceil (q × qty_per / (1 − line scrap) / (1 − parent scrap)) to 4 decimals. */
gboolean
sanhe_mrp_dependent_qty (SanheDecimal  parent_qty,
                         SanheDecimal  qty_per,
                         SanheDecimal  line_scrap_pct,
                         SanheDecimal  parent_scrap_pct,
                         SanheDecimal *out)
{
  __int128 numerator = (__int128) parent_qty.units * qty_per.units * HUNDRED * HUNDRED;
  __int128 denominator = (__int128) ONE * (HUNDRED - line_scrap_pct.units) * (HUNDRED - parent_scrap_pct.units);
  __int128 quotient;

  if (denominator <= 0 || numerator < 0)
    return FALSE;

  quotient = numerator / denominator + (numerator % denominator != 0);
  if (quotient > G_MAXINT64)
    return FALSE;

  out->units = (gint64) quotient;
  return TRUE;
}

static int compare_reqs (const void *a, const void *b);

/*
 * Stable counting sort of @n elements of @size bytes by a small integer key
 * read at @key_offset (a gint day or a guint order index) minus @min_key.
 * Vectors are appended in sequence order, so stability is all the
 * tie-break they need; this replaces qsort on the hot path.
 */
static void
counting_sort (Run    *run,
               void   *base,
               guint   n,
               gsize   size,
               gsize   key_offset,
               gint64  min_key,
               guint   range)
{
  guint8 *bytes = base;
  guint *counts;
  guint8 *out;

  g_array_set_size (run->counts, range + 1);
  g_array_set_size (run->scratch, (guint) (n * size));
  counts = (guint *) (gpointer) run->counts->data;
  out = (guint8 *) run->scratch->data;
  memset (counts, 0, (range + 1) * sizeof (guint));

  for (guint i = 0; i < n; i++)
    counts[*(gint *) (gpointer) (bytes + i * size + key_offset) - min_key + 1]++;
  for (guint k = 0; k < range; k++)
    counts[k + 1] += counts[k];
  for (guint i = 0; i < n; i++)
    {
      guint slot = counts[*(gint *) (gpointer) (bytes + i * size + key_offset) - min_key]++;

      memcpy (out + (gsize) slot * size, bytes + i * size, size);
    }
  memcpy (base, out, n * size);
}

static void
sort_reqs_by_day (Run    *run,
                  ReqVec *reqs)
{
  gint lo = G_MAXINT;
  gint hi = G_MININT;

  if (reqs->len < 2)
    return;
  for (guint i = 0; i < reqs->len; i++)
    {
      lo = MIN (lo, reqs->data[i].day);
      hi = MAX (hi, reqs->data[i].day);
    }
  if ((gint64) hi - lo > 4 * (gint64) reqs->len + 64)
    qsort (reqs->data, reqs->len, sizeof (Req), compare_reqs);
  else
    counting_sort (run, reqs->data, reqs->len, sizeof (Req), G_STRUCT_OFFSET (Req, day), lo, (guint) (hi - lo + 1));
}

static int
compare_reqs (const void *a,
              const void *b)
{
  const Req *x = a;
  const Req *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
compare_supplies (const void *a,
                  const void *b)
{
  const Supply *x = a;
  const Supply *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gboolean
validate (SanheMrpInput  *input,
          GError        **error)
{
  for (guint i = 0; i < input->items->len; i++)
    {
      Item *item = &g_array_index (input->items, Item, i);

      if (item->scrap < 0 || item->scrap >= HUNDRED || item->safety_stock < 0 ||
          item->min_lot < 0 || item->lot_multiple < 0 || item->on_hand < 0)
        {
          g_set_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_INVALID,
                       "Item %" G_GINT64_FORMAT " has a negative quantity or a scrap of 100 %% or more.", item->id);
          return FALSE;
        }
    }

  for (guint i = 0; i < input->lines->len; i++)
    {
      Line *line = &g_array_index (input->lines, Line, i);

      if (line->scrap < 0 || line->scrap >= HUNDRED || line->qty_per < 0)
        {
          g_set_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_INVALID,
                       "A BOM line of item %" G_GINT64_FORMAT " has a negative quantity or a scrap of 100 %% or more.",
                       g_array_index (input->items, Item, line->parent).id);
          return FALSE;
        }
    }

  for (guint i = 0; i < input->open_orders->len; i++)
    {
      OpenOrder *open = &g_array_index (input->open_orders, OpenOrder, i);

      if (open->qty < 0)
        {
          g_set_error (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_INVALID,
                       "Production task %" G_GINT64_FORMAT " has a negative quantity.", open->task_id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
overflow_error (GError **error)
{
  g_set_error_literal (error, SANHE_MRP_ERROR, SANHE_MRP_ERROR_OVERFLOW,
                       "A planned quantity is too large for the fixed-point range.");
  return FALSE;
}

static gboolean
lot_size (const Item *item,
          gint64      need,
          gint64     *out)
{
  gint64 q = MAX (need, item->min_lot);

  if (item->lot_multiple > 0)
    {
      gint64 lots = q / item->lot_multiple + (q % item->lot_multiple != 0);

      if (__builtin_mul_overflow (lots, item->lot_multiple, &q))
        return FALSE;
    }

  *out = q;
  return TRUE;
}

static void
add_planned_order (Run        *run,
                   guint       item_index,
                   const Item *item,
                   gint        day,
                   gint64      qty)
{
  SanheMrpOrder order = {
    .item = item_index,
    .qty = { qty },
    .due_day = day,
    .release_day = day - item->lead_time,
  };
  Lot lot = { qty, (gint) run->result->orders->len };

  if (order.release_day < 0)
    {
      order.late_days = -order.release_day;
      order.release_day = 0;
    }

  g_array_append_val (run->result->orders, order);
  g_array_append_val (run->lots, lot);
}

/* Step 1: the projected balance, day by day; builds the supply lots in the
 * order pegging consumes them. */
static gboolean
net_item (Run        *run,
          guint       item_index,
          ReqVec     *reqs,
          SupplyVec  *supplies,
          GError    **error)
{
  Item *item = &g_array_index (run->input->items, Item, item_index);
  gint64 balance = item->on_hand;
  guint r = 0;
  guint s = 0;
  gint day = 0;

  g_array_set_size (run->lots, 0);
  if (item->on_hand > 0)
    g_array_append_val (run->lots, ((Lot) { item->on_hand, -1 }));

  for (;;)
    {
      /* Supply first, then demand: a receipt due today covers today. */
      for (; s < supplies->len && supplies->data[s].day == day; s++)
        {
          Lot lot = { supplies->data[s].qty, -1 };

          if (__builtin_add_overflow (balance, supplies->data[s].qty, &balance))
            return overflow_error (error);
          g_array_append_val (run->lots, lot);
        }
      for (; r < reqs->len && reqs->data[r].day == day; r++)
        if (__builtin_sub_overflow (balance, reqs->data[r].qty, &balance))
          return overflow_error (error);

      if (balance < item->safety_stock)
        {
          gint64 qty;

          if (!lot_size (item, item->safety_stock - balance, &qty))
            return overflow_error (error);
          add_planned_order (run, item_index, item, day, qty);
          balance += qty;
        }

      if (r == reqs->len && s == supplies->len)
        break;

      /* Jump to the next day on which anything happens. */
      day = G_MAXINT;
      if (r < reqs->len)
        day = reqs->data[r].day;
      if (s < supplies->len)
        day = MIN (day, supplies->data[s].day);
    }

  return TRUE;
}

static void
add_raw_peg (Run    *run,
             guint   order,
             gint64  demand_id,
             gint64  qty)
{
  RawPeg peg = { order, demand_id, qty };

  if (qty > 0)
    g_array_append_val (run->raw_pegs, peg);
}

/* Splits @take units of a dependent requirement over the parent order's
 * pegs, in proportion, rounding cumulatively so the parts add up. */
static void
peg_through_parent (Run    *run,
                    guint   order,
                    gint    parent_order,
                    gint64  take)
{
  SanheMrpOrder *parent = &g_array_index (run->result->orders, SanheMrpOrder, parent_order);
  __int128 cumulative = 0;
  gint64 given = 0;

  for (guint p = 0; p < parent->n_pegs; p++)
    {
      SanheMrpPeg *peg = &g_array_index (run->result->pegs, SanheMrpPeg, parent->first_peg + p);
      gint64 upto;

      cumulative += peg->qty.units;
      upto = (gint64) (cumulative * take / parent->qty.units);
      add_raw_peg (run, order, peg->demand_id, upto - given);
      given = upto;
    }
}

/* Takes @qty from the lots in order, pegging what planned orders give. */
static void
allocate (Run        *run,
          Lot        *lots,
          guint       n_lots,
          guint      *lot,
          gint64      qty,
          const Req  *req)
{
  while (qty > 0 && *lot < n_lots)
    {
      Lot *current = &lots[*lot];
      gint64 take = MIN (qty, current->left);

      if (current->order >= 0)
        {
          if (req == NULL)
            add_raw_peg (run, current->order, 0, take);
          else if (req->parent_order >= 0)
            peg_through_parent (run, current->order, req->parent_order, take);
          else
            add_raw_peg (run, current->order, req->demand_id, take);
        }
      current->left -= take;
      qty -= take;
      if (current->left == 0)
        (*lot)++;
    }
}

/*
 * Step 2: first-come-by-date allocation of lots to requirements. Safety
 * stock comes first, as a standing requirement from day 0: orders that top
 * it up are pegged to it, and orders that customers or open production
 * tasks cause are pegged to those sales-order lines or tasks. What is left
 * at the end is lot-size excess, unpegged.
 */
static void
peg_item (Run        *run,
          const Item *item,
          ReqVec     *reqs)
{
  Lot *lots = (Lot *) (gpointer) run->lots->data;
  guint n_lots = run->lots->len;
  guint lot = 0;

  g_array_set_size (run->raw_pegs, 0);

  allocate (run, lots, n_lots, &lot, item->safety_stock, NULL);
  for (guint r = 0; r < reqs->len; r++)
    allocate (run, lots, n_lots, &lot, reqs->data[r].qty, &reqs->data[r]);
}

/* Merges the raw pegs of each order (same demand once, first-seen order)
 * into the result. */
static void
commit_pegs (Run *run)
{
  RawPeg *raw = (RawPeg *) (gpointer) run->raw_pegs->data;
  guint n = run->raw_pegs->len;

  if (n > 1)
    {
      guint lo = G_MAXUINT;
      guint hi = 0;

      for (guint i = 0; i < n; i++)
        {
          lo = MIN (lo, raw[i].order);
          hi = MAX (hi, raw[i].order);
        }
      counting_sort (run, raw, n, sizeof (RawPeg), G_STRUCT_OFFSET (RawPeg, order), lo, hi - lo + 1);
      raw = (RawPeg *) (gpointer) run->raw_pegs->data;
    }

  for (guint i = 0; i < n;)
    {
      SanheMrpOrder *order = &g_array_index (run->result->orders, SanheMrpOrder, raw[i].order);
      guint end = i;

      order->first_peg = run->result->pegs->len;
      for (; end < n && raw[end].order == raw[i].order; end++)
        {
          SanheMrpPeg *pegs = (SanheMrpPeg *) (gpointer) run->result->pegs->data;
          gboolean merged = FALSE;

          for (guint p = order->first_peg; p < run->result->pegs->len; p++)
            if (pegs[p].demand_id == raw[end].demand_id)
              {
                pegs[p].qty.units += raw[end].qty;
                merged = TRUE;
                break;
              }

          if (!merged)
            {
              SanheMrpPeg peg = { raw[end].demand_id, { raw[end].qty } };

              g_array_append_val (run->result->pegs, peg);
            }
        }
      order->n_pegs = run->result->pegs->len - order->first_peg;
      i = end;
    }
}

/* One BOM level of @qty of @item, on its components at @day: pegged to
 * @demand_id, or through @parent_order's pegs when that is >= 0. */
static gboolean
require_components (SanheMrpInput  *input,
                    const Item     *item,
                    SanheDecimal    qty,
                    gint            day,
                    gint64          demand_id,
                    gint            parent_order,
                    GError        **error)
{
  for (guint l = 0; l < item->n_lines; l++)
    {
      Line *line = &g_array_index (input->lines, Line, item->first_line + l);
      SanheDecimal need;
      Req req;

      if (!sanhe_mrp_dependent_qty (qty, (SanheDecimal) { line->qty_per },
                                    (SanheDecimal) { line->scrap }, (SanheDecimal) { item->scrap }, &need))
        return overflow_error (error);
      if (need.units == 0)
        continue;

      req = (Req) { day, input->seq++, need.units, demand_id, parent_order };
      VEC_PUSH (&g_array_index (input->reqs, ReqVec, line->component), req);
    }

  return TRUE;
}

/* Step 3: dependent requirements on the components of each new make order. */
static gboolean
explode_orders (Run        *run,
                const Item *item,
                guint       first_order,
                GError    **error)
{
  for (guint o = first_order; o < run->result->orders->len; o++)
    {
      SanheMrpOrder *order = &g_array_index (run->result->orders, SanheMrpOrder, o);

      if (!require_components (run->input, item, order->qty, order->release_day, 0, (gint) o, error))
        return FALSE;
    }

  return TRUE;
}

/*
 * Open production tasks, before any item is planned: nothing has been
 * issued to them, so each needs its whole BOM for what is left to make,
 * from the day it should start (late ones: today). These are independent
 * requirements pegged to the task, so whatever covers them further down
 * is pegged to it too. Like planned orders, only make items explode.
 */
static gboolean
explode_open_orders (SanheMrpInput  *input,
                     GError        **error)
{
  for (guint i = 0; i < input->open_orders->len; i++)
    {
      OpenOrder *open = &g_array_index (input->open_orders, OpenOrder, i);
      Item *item = &g_array_index (input->items, Item, open->item);
      gint release_day = MAX (open->due_day - item->lead_time, 0);

      if (item->make &&
          !require_components (input, item, (SanheDecimal) { open->qty }, release_day,
                               SANHE_MRP_TASK_DEMAND_ID (open->task_id), -1, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
plan_item (Run      *run,
           guint     item_index,
           GError  **error)
{
  SanheMrpInput *input = run->input;
  Item *item = &g_array_index (input->items, Item, item_index);
  ReqVec *reqs = &g_array_index (input->reqs, ReqVec, item_index);
  SupplyVec *supplies = &g_array_index (input->supplies, SupplyVec, item_index);
  guint first_order = run->result->orders->len;

  sort_reqs_by_day (run, reqs);
  if (supplies->len > 1)
    qsort (supplies->data, supplies->len, sizeof (Supply), compare_supplies);

  if (!net_item (run, item_index, reqs, supplies, error))
    return FALSE;
  if (run->result->orders->len == first_order)
    return TRUE;

  peg_item (run, item, reqs);
  commit_pegs (run);

  return !item->make || explode_orders (run, item, first_order, error);
}

SanheMrpResult *
sanhe_mrp_run (SanheMrpInput  *input,
               GError        **error)
{
  g_autoptr(SanheMrpResult) result = g_new0 (SanheMrpResult, 1);
  g_autofree guint *order = NULL;
  Run run = { input, result, NULL, NULL, NULL, NULL };
  gboolean ok = TRUE;
  guint n = input->items->len;

  result->orders = g_array_new (FALSE, FALSE, sizeof (SanheMrpOrder));
  result->pegs = g_array_new (FALSE, FALSE, sizeof (SanheMrpPeg));
  result->low_level_codes = g_new0 (guint, MAX (n, 1));
  result->n_items = n;

  if (!validate (input, error))
    return NULL;

  _sanhe_mrp_index_lines (input);
  order = g_new (guint, MAX (n, 1));
  if (!_sanhe_mrp_low_level_codes (input, result->low_level_codes, order, error) ||
      !explode_open_orders (input, error))
    return NULL;

  run.lots = g_array_new (FALSE, FALSE, sizeof (Lot));
  run.raw_pegs = g_array_new (FALSE, FALSE, sizeof (RawPeg));
  run.scratch = g_array_new (FALSE, FALSE, 1);
  run.counts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; ok && i < n; i++)
    ok = plan_item (&run, order[i], error);
  g_array_unref (run.lots);
  g_array_unref (run.raw_pegs);
  g_array_unref (run.scratch);
  g_array_unref (run.counts);

  return ok ? g_steal_pointer (&result) : NULL;
}
