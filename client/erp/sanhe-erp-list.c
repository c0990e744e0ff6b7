/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-erp-list-private.h"
#include "sanhe-erp-util.h"

/*
 * The list half of every ERP page, a toolbar above a grid:
 *
 *   GListStore (SanheRecord, filled page by page: 500 rows a request,
 *               rows show as soon as the first page is in)
 *     → GtkFilterListModel (the search entry over the text columns, and
 *                           the page's own filter: an order state)
 *     → GtkSortListModel (the column view's sorter: click a header)
 *     → GtkSingleSelection or GtkMultiSelection
 *     → GtkColumnView (sanhe-erp-columns: one factory per column)
 *
 * with a spinner, a count, and status pages for loading, empty, no
 * results and errors. The page supplies the path, columns and words.
 */

#define PAGE_SIZE 500


G_DEFINE_FINAL_TYPE (SanheErpList, sanhe_erp_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  ACTIVATED,
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_view (SanheErpList *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *child;

  if (n_all == 0 && self->loading)
    child = "loading";
  else if (n_all == 0 && self->failed)
    child = "error";
  else if (n_all == 0)
    child = "empty";
  else if (n_shown == 0)
    child = "no-results";
  else
    child = "list";
  gtk_stack_set_visible_child_name (self->stack, child);

  if (n_all > 0 && self->count_func != NULL)
    {
      g_autofree char *text = self->count_func (n_shown);

      gtk_label_set_text (self->count_label, text);
    }
  else
    {
      gtk_label_set_text (self->count_label, "");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->loading && n_all > 0);
  gtk_spinner_set_spinning (self->spinner, self->loading && n_all > 0);
}

static void
set_loading (SanheErpList *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void load_page (SanheErpList *self,
                       const char   *after);

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SanheErpList *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  guint n_items;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, &next, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (records == NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      self->failed = TRUE;
      adw_status_page_set_description (self->error_page, text);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
        sanhe_erp_toast (GTK_WIDGET (self), text);
      set_loading (self, FALSE);
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }

  for (guint i = 0; self->decorate_func != NULL && i < records->len; i++)
    {
      SanheRecord *plain = g_ptr_array_index (records, i);

      g_ptr_array_index (records, i) = self->decorate_func (plain, self->decorate_data);
      g_object_unref (plain);
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (self->first_page)
    g_list_store_splice (self->store, 0, n_items, records->pdata, records->len);
  else
    g_list_store_splice (self->store, n_items, 0, records->pdata, records->len);
  self->first_page = FALSE;

  if (next != NULL && records->len > 0)
    {
      update_view (self);
      load_page (self, next);
      return;
    }

  self->failed = FALSE;
  if (self->restore_id != 0)
    {
      sanhe_erp_list_select_id (self, self->restore_id);
      self->restore_id = 0;
    }
  set_loading (self, FALSE);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
load_page (SanheErpList *self,
           const char   *after)
{
  sanhe_api_list_page_async (self->api, self->path, after, PAGE_SIZE,
                             self->load_cancellable, on_page_cb, self);
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  SanheErpList *self = user_data;

  if (self->filter_func != NULL && !self->filter_func (item, self->filter_data))
    return FALSE;

  return sanhe_erp_columns_match (self->columns, self->n_columns, item, self->needle);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      SanheErpList   *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->needle, g_free);
  if (text != NULL && *text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  sanhe_erp_list_refilter (self);
}

static void
on_search_stop_cb (GtkSearchEntry *entry,
                   SanheErpList   *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_items_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     SanheErpList *self)
{
  update_view (self);
}

static void
on_selection_changed_cb (GtkSelectionModel *selection,
                         guint              position,
                         guint              n_items,
                         SanheErpList      *self)
{
  /* With several rows selected, the one just clicked is the focus. */
  self->focus_position = GTK_INVALID_LIST_POSITION;
  for (guint i = position; i < position + n_items; i++)
    if (gtk_selection_model_is_selected (selection, i))
      {
        self->focus_position = i;
        break;
      }

  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
on_activate_cb (GtkColumnView *view,
                guint          position,
                SanheErpList  *self)
{
  g_autoptr(SanheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (record != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, record);
}

static void
on_retry_clicked_cb (SanheErpList *self)
{
  sanhe_erp_list_reload (self);
}

static void
sanhe_erp_list_dispose (GObject *object)
{
  SanheErpList *self = (SanheErpList *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ERP_LIST);
  /* The selection owns the sort and filter models once set up. */
  if (self->selection == NULL)
    g_clear_object (&self->sort_model);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sanhe_erp_list_parent_class)->dispose (object);
}

static void
sanhe_erp_list_finalize (GObject *object)
{
  SanheErpList *self = (SanheErpList *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (sanhe_erp_list_parent_class)->finalize (object);
}

static void
sanhe_erp_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SanheErpList *self = SANHE_ERP_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_erp_list_class_init (SanheErpListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_erp_list_dispose;
  object_class->finalize = sanhe_erp_list_finalize;
  object_class->get_property = sanhe_erp_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SANHE_TYPE_RECORD);
  /* Every page is in, or the load failed. */
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, box);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, count_label);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, filter_box);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, end_box);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, column_view);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SanheErpList, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_erp_list_init (SanheErpList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->focus_position = GTK_INVALID_LIST_POSITION;
  self->store = g_list_store_new (SANHE_TYPE_RECORD);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (self->filter));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));

  g_signal_connect (self->filter_model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_search_stop_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate_cb), self);
}

/* Before setup: a multi-selection (MRP suggestions). */
void
sanhe_erp_list_set_multiple (SanheErpList *self,
                             gboolean      multiple)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));
  g_return_if_fail (self->selection == NULL);

  self->multiple = multiple;
}

void
sanhe_erp_list_setup (SanheErpList         *self,
                      SanheApi             *api,
                      GCancellable         *cancellable,
                      const SanheErpColumn *columns,
                      guint                 n_columns,
                      SanheErpRowClassFunc  row_class,
                      gpointer              user_data)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));
  g_return_if_fail (self->api == NULL);

  self->api = g_object_ref (api);
  self->cancellable = g_object_ref (cancellable);
  self->columns = columns;
  self->n_columns = n_columns;

  if (self->multiple)
    self->selection = GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (self->sort_model)));
  else
    {
      GtkSingleSelection *single = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));

      gtk_single_selection_set_autoselect (single, FALSE);
      gtk_single_selection_set_can_unselect (single, TRUE);
      self->selection = GTK_SELECTION_MODEL (single);
    }
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, self->selection);

  sanhe_erp_columns_add (self->column_view, columns, n_columns, row_class, user_data);
  update_view (self);
}

/* The list's query: "/api/v1/erp/items" (limit and after are added). */
void
sanhe_erp_list_set_path (SanheErpList *self,
                         const char   *path)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  g_free (self->path);
  self->path = g_strdup (path);
}

void
sanhe_erp_list_set_title (SanheErpList *self,
                          const char   *title)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_label_set_text (self->title_label, title);
}

void
sanhe_erp_list_set_texts (SanheErpList *self,
                          const char   *empty_title,
                          const char   *empty_description,
                          const char   *search_placeholder)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  adw_status_page_set_title (self->empty_page, empty_title);
  adw_status_page_set_description (self->empty_page, empty_description);
  g_object_set (self->search_entry, "placeholder-text", search_placeholder, NULL);
}

void
sanhe_erp_list_set_count_func (SanheErpList      *self,
                               SanheErpCountFunc  func)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  self->count_func = func;
  update_view (self);
}

void
sanhe_erp_list_set_filter_func (SanheErpList       *self,
                                SanheErpFilterFunc  func,
                                gpointer            user_data)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  self->filter_func = func;
  self->filter_data = user_data;
  sanhe_erp_list_refilter (self);
}

void
sanhe_erp_list_set_decorate_func (SanheErpList         *self,
                                  SanheErpDecorateFunc  func,
                                  gpointer              user_data)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  self->decorate_func = func;
  self->decorate_data = user_data;
}

void
sanhe_erp_list_refilter (SanheErpList *self)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

/* A widget left of the search entry: a state filter. */
void
sanhe_erp_list_add_filter (SanheErpList *self,
                           GtkWidget    *widget)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_box_append (self->filter_box, widget);
}

/* A widget right of the search entry: New, Run. */
void
sanhe_erp_list_add_button (SanheErpList *self,
                           GtkWidget    *widget)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_box_append (self->end_box, widget);
}

void
sanhe_erp_list_set_toolbar_visible (SanheErpList *self,
                                    gboolean      visible)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_widget_set_visible (self->toolbar, visible);
}

/* Fetches the list again, page by page, keeping the selected row. */
void
sanhe_erp_list_reload (SanheErpList *self)
{
  SanheRecord *selected;

  g_return_if_fail (SANHE_IS_ERP_LIST (self));
  g_return_if_fail (self->api != NULL);

  if (self->path == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->load_cancellable,
                           G_CONNECT_SWAPPED);

  selected = sanhe_erp_list_get_selected (self);
  self->restore_id = selected ? sanhe_record_get_id (selected) : 0;
  self->first_page = TRUE;
  self->failed = FALSE;
  set_loading (self, TRUE);
  load_page (self, NULL);
}

/* Empties the list (a run with no results yet). */
void
sanhe_erp_list_clear (SanheErpList *self)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  g_cancellable_cancel (self->load_cancellable);
  g_list_store_remove_all (self->store);
  self->failed = FALSE;
  set_loading (self, FALSE);
  update_view (self);
}

gboolean
sanhe_erp_list_get_loading (SanheErpList *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LIST (self), FALSE);

  return self->loading;
}

void
sanhe_erp_list_focus_search (SanheErpList *self)
{
  g_return_if_fail (SANHE_IS_ERP_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

