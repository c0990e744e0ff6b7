/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-list"

#include "config.h"

#include "sanhe-erp-list-private.h"

/*
 * What is selected in a SanheErpList: the row (with several, the one
 * selected last), all of them, a row by id or position, and a record the
 * editor just saved put back in its place.
 */

static guint
find_id (GListModel *model,
         gint64      id)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; id != 0 && i < n_items; i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (model, i);

      if (sanhe_record_get_id (record) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Returns: (transfer none) (nullable): the selected row; with several,
 * the one selected last. */
SanheRecord *
sanhe_erp_list_get_selected (SanheErpList *self)
{
  g_autoptr(GtkBitset) bitset = NULL;
  guint position;
  SanheRecord *record;

  g_return_val_if_fail (SANHE_IS_ERP_LIST (self), NULL);

  if (self->selection == NULL)
    return NULL;
  if (GTK_IS_SINGLE_SELECTION (self->selection))
    return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (self->selection));

  position = self->focus_position;
  if (position == GTK_INVALID_LIST_POSITION
      || !gtk_selection_model_is_selected (self->selection, position))
    {
      bitset = gtk_selection_model_get_selection (self->selection);
      if (gtk_bitset_is_empty (bitset))
        return NULL;
      position = gtk_bitset_get_minimum (bitset);
    }

  record = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (record != NULL)
    g_object_unref (record);  /* the store keeps it */

  return record;
}

/* Returns: (transfer container) (element-type SanheRecord): every selected row. */
GPtrArray *
sanhe_erp_list_get_selected_all (SanheErpList *self)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkBitset) bitset = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (SANHE_IS_ERP_LIST (self), records);

  if (self->selection == NULL)
    return records;

  bitset = gtk_selection_model_get_selection (self->selection);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, bitset, &position);
       ok; ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (self->sort_model), position));

  return records;
}

void
sanhe_erp_list_select_id (SanheErpList *self,
                          gint64        id)
{
  guint position;

  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  position = find_id (G_LIST_MODEL (self->sort_model), id);
  if (position != GTK_INVALID_LIST_POSITION)
    sanhe_erp_list_select_position (self, position);
}

void
sanhe_erp_list_select_position (SanheErpList *self,
                                guint         position)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  if (self->selection == NULL
      || position >= g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)))
    return;

  gtk_selection_model_select_item (self->selection, position, TRUE);
}

void
sanhe_erp_list_unselect (SanheErpList *self)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  if (self->selection != NULL)
    gtk_selection_model_unselect_all (self->selection);
}

/* Puts @record (just saved) in the list, replacing its old self, and
 * selects it. */
void
sanhe_erp_list_upsert (SanheErpList *self,
                       SanheRecord  *record)
{
  g_autoptr(SanheRecord) shown = NULL;
  guint position;

  g_return_if_fail (SANHE_IS_ERP_LIST (self));
  g_return_if_fail (SANHE_IS_RECORD (record));

  shown = self->decorate_func ? self->decorate_func (record, self->decorate_data) : g_object_ref (record);
  record = shown;
  position = find_id (G_LIST_MODEL (self->store), sanhe_record_get_id (record));
  if (position == GTK_INVALID_LIST_POSITION)
    g_list_store_append (self->store, record);
  else
    g_list_store_splice (self->store, position, 1, (gpointer *)&record, 1);

  sanhe_erp_list_select_id (self, sanhe_record_get_id (record));
}

/* Returns: (transfer none): the rows as shown: filtered and sorted. */
GListModel *
sanhe_erp_list_get_model (SanheErpList *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LIST (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

GtkColumnView *
sanhe_erp_list_get_view (SanheErpList *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LIST (self), NULL);

  return self->column_view;
}
