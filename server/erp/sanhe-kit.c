/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-kit"

#include "config.h"

#include <stdlib.h>

#include "sanhe-kit.h"
#include "sanhe-mrp.h"

typedef struct
{
  gint   day;
  gint64 left;
} Lot;

typedef struct
{
  gboolean make;
  gint     lead_time;
  gint64   stock;       /* what is left for whoever asks next */
  gint64   scrap;
  GArray  *lines;       /* Line */
  GArray  *supply;      /* Lot, sorted on first use */
  guint    next_lot;
  gboolean sorted;
} Item;

typedef struct
{
  guint  component;
  gint64 qty_per;
  gint64 scrap;
} Line;

struct _SanheKit
{
  GArray *items;  /* Item */
};

SanheKit *
sanhe_kit_new (void)
{
  SanheKit *kit = g_new0 (SanheKit, 1);

  kit->items = g_array_new (FALSE, TRUE, sizeof (Item));
  return kit;
}

void
sanhe_kit_free (SanheKit *kit)
{
  if (kit == NULL)
    return;
  for (guint i = 0; i < kit->items->len; i++)
    {
      Item *item = &g_array_index (kit->items, Item, i);

      g_clear_pointer (&item->lines, g_array_unref);
      g_clear_pointer (&item->supply, g_array_unref);
    }
  g_array_unref (kit->items);
  g_free (kit);
}

guint
sanhe_kit_add_item (SanheKit     *kit,
                    gboolean      make,
                    gint          lead_time_days,
                    SanheDecimal  on_hand,
                    SanheDecimal  scrap_pct)
{
  Item item = { make, MAX (lead_time_days, 0), MAX (on_hand.units, 0), scrap_pct.units, NULL, NULL, 0, FALSE };

  g_array_append_val (kit->items, item);
  return kit->items->len - 1;
}

void
sanhe_kit_add_bom_line (SanheKit     *kit,
                        guint         parent,
                        guint         component,
                        SanheDecimal  qty_per,
                        SanheDecimal  scrap_pct)
{
  Item *item = &g_array_index (kit->items, Item, parent);
  Line line = { component, qty_per.units, scrap_pct.units };

  if (item->lines == NULL)
    item->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_append_val (item->lines, line);
}

void
sanhe_kit_add_supply (SanheKit     *kit,
                      guint         item_index,
                      gint          day,
                      SanheDecimal  qty)
{
  Item *item = &g_array_index (kit->items, Item, item_index);
  Lot lot = { MAX (day, 0), qty.units };

  if (item->supply == NULL)
    item->supply = g_array_new (FALSE, FALSE, sizeof (Lot));
  g_array_append_val (item->supply, lot);
  item->sorted = FALSE;
}

static int
compare_lots (const void *a,
              const void *b)
{
  const Lot *x = a;
  const Lot *y = b;

  return (x->day > y->day) - (x->day < y->day);
}

/* Takes up to @qty from the item's open supply, earliest first; returns what
 * it got and sets @day to the arrival of the last part taken. */
static gint64
take_supply (Item   *item,
             gint64  qty,
             gint   *day)
{
  gint64 got = 0;

  if (item->supply == NULL)
    return 0;
  if (!item->sorted)
    {
      /* Stable enough: equal days are interchangeable lots. */
      qsort (item->supply->data, item->supply->len, sizeof (Lot), compare_lots);
      item->sorted = TRUE;
    }

  while (got < qty && item->next_lot < item->supply->len)
    {
      Lot *lot = &g_array_index (item->supply, Lot, item->next_lot);
      gint64 take = MIN (qty - got, lot->left);

      lot->left -= take;
      got += take;
      *day = MAX (*day, lot->day);
      if (lot->left == 0)
        item->next_lot++;
    }
  return got;
}

/*
 * Meets @qty of @item_index: stock, then open supply, then components or a
 * purchase. With @record, builds and returns the tree node; without, it only
 * consumes (for the orders due earlier).
 */
static SanheKitNode *
explode (SanheKit *kit,
         guint     item_index,
         gint64    qty,
         guint     level,
         gboolean  record)
{
  Item *item = &g_array_index (kit->items, Item, item_index);
  SanheKitNode *node = record ? g_new0 (SanheKitNode, 1) : NULL;
  gint64 from_stock = MIN (qty, item->stock);
  gint64 rest = qty - from_stock;
  gint64 from_supply;
  gint day = 0;

  item->stock -= from_stock;
  from_supply = take_supply (item, rest, &day);
  rest -= from_supply;

  if (node != NULL)
    {
      node->item = item_index;
      node->level = level;
      node->required.units = qty;
      node->from_stock.units = from_stock;
      node->from_supply.units = from_supply;
      node->supply_day = day;
    }

  if (rest > 0 && item->make && item->lines != NULL)
    {
      gint made_day = 0;

      for (guint l = 0; l < item->lines->len; l++)
        {
          Line *line = &g_array_index (item->lines, Line, l);
          SanheDecimal need;
          SanheKitNode *child;

          if (!sanhe_mrp_dependent_qty ((SanheDecimal) { rest }, (SanheDecimal) { line->qty_per },
                                        (SanheDecimal) { line->scrap }, (SanheDecimal) { item->scrap }, &need))
            need.units = G_MAXINT64 / 4;
          child = explode (kit, line->component, need.units, level + 1, record);
          if (child != NULL)
            {
              if (node->children == NULL)
                node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) g_free);
              g_ptr_array_add (node->children, child);
              made_day = MAX (made_day, child->available_day);
            }
        }
      /* Made once its last component is there, lead time later. */
      day = MAX (day, made_day + item->lead_time);
      if (node != NULL)
        node->to_make.units = rest;
    }
  else if (rest > 0)
    {
      day = MAX (day, item->lead_time);
      if (node != NULL)
        node->to_buy.units = rest;
    }

  if (node != NULL)
    node->available_day = day;
  return node;
}

void
sanhe_kit_reserve (SanheKit     *kit,
                   guint         item,
                   SanheDecimal  qty)
{
  explode (kit, item, qty.units, 0, FALSE);
}

static void
free_node (gpointer data)
{
  SanheKitNode *node = data;

  if (node->children != NULL)
    {
      g_ptr_array_set_free_func (node->children, free_node);
      g_ptr_array_unref (node->children);
    }
  g_free (node);
}

static void
add_totals (GArray        *totals,
            guint         *slot_of,
            SanheKitNode  *node,
            gboolean      *needs_order,
            gboolean      *waits_for_supply,
            gint          *supply_day)
{
  SanheKitTotal *total;

  if (slot_of[node->item] == 0)
    {
      SanheKitTotal empty = { .item = node->item, .level = node->level };

      g_array_append_val (totals, empty);
      slot_of[node->item] = totals->len;
    }
  total = &g_array_index (totals, SanheKitTotal, slot_of[node->item] - 1);
  total->level = MIN (total->level, node->level);
  total->required.units += node->required.units;
  total->from_stock.units += node->from_stock.units;
  total->from_supply.units += node->from_supply.units;
  total->to_make.units += node->to_make.units;
  total->to_buy.units += node->to_buy.units;
  total->available_day = MAX (total->available_day, node->available_day);

  if (node->to_buy.units > 0)
    *needs_order = TRUE;
  /* With nothing left to order, the kit is complete when the last part of
   * open supply arrives. */
  if (node->from_supply.units > 0)
    {
      *waits_for_supply = TRUE;
      *supply_day = MAX (*supply_day, node->supply_day);
    }

  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    add_totals (totals, slot_of, g_ptr_array_index (node->children, i), needs_order, waits_for_supply, supply_day);
}

static int
compare_totals (const void *a,
                const void *b)
{
  const SanheKitTotal *x = a;
  const SanheKitTotal *y = b;

  if (x->level != y->level)
    return x->level < y->level ? -1 : 1;
  return (x->item > y->item) - (x->item < y->item);
}

SanheKitResult *
sanhe_kit_analyse (SanheKit           *kit,
                   const guint        *items,
                   const SanheDecimal *qtys,
                   const gint64       *line_ids,
                   guint               n_lines)
{
  SanheKitResult *result = g_new0 (SanheKitResult, 1);
  g_autofree guint *slot_of = g_new0 (guint, MAX (kit->items->len, 1));
  gboolean needs_order = FALSE;
  gboolean waits_for_supply = FALSE;
  gint supply_day = 0;
  gint estimate = 0;

  result->lines = g_ptr_array_new_with_free_func (free_node);
  result->totals = g_array_new (FALSE, FALSE, sizeof (SanheKitTotal));

  for (guint i = 0; i < n_lines; i++)
    {
      SanheKitNode *node = explode (kit, items[i], qtys[i].units, 0, TRUE);

      node->line_id = line_ids[i];
      g_ptr_array_add (result->lines, node);
      add_totals (result->totals, slot_of, node, &needs_order, &waits_for_supply, &supply_day);
      estimate = MAX (estimate, node->available_day);
    }

  if (result->totals->len > 1)
    qsort (result->totals->data, result->totals->len, sizeof (SanheKitTotal), compare_totals);

  if (needs_order)
    {
      result->status = SANHE_KIT_SHORT;
      result->complete_day = estimate;
    }
  else if (waits_for_supply)
    {
      result->status = SANHE_KIT_COMPLETE_ON;
      result->complete_day = supply_day;
    }
  else
    result->status = SANHE_KIT_COMPLETE_NOW;

  return result;
}

void
sanhe_kit_result_free (SanheKitResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->lines);
  g_array_unref (result->totals);
  g_free (result);
}
