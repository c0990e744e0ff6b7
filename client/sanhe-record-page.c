/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-record-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-record-page.h"

/*
 * The list + editor pattern every resource page follows. The list is
 *
 *   GListStore (SanheRecord, filled page by page from the server)
 *     → GtkFilterListModel (the search entry, over every text column)
 *     → GtkSortListModel (the column view's sorter: click a header)
 *     → GtkSingleSelection
 *     → GtkColumnView (one factory per column, GtkInscription cells)
 *
 * and the selected row is shown in a SanheRecordEditor on the right. What
 * differs per resource (path, columns, fields, words) is a static
 * SanheRecordSpec in the subclass.
 */

typedef struct
{
  GtkLabel           *title_label;
  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  SanheRecordEditor  *editor;

  GListStore         *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;

  GCancellable       *load_cancellable;
  char               *needle;
  char               *restore_key;
  gboolean            first_page;
  gboolean            failed;
  gboolean            selecting;
  guint               reload_source;
} SanheRecordPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SanheRecordPage, sanhe_record_page, SANHE_TYPE_WORKSPACE_PAGE)

static const SanheRecordSpec *
get_spec (SanheRecordPage *self)
{
  return SANHE_RECORD_PAGE_GET_CLASS (self)->spec;
}

static void
update_view (SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheRecordPageClass *klass = SANHE_RECORD_PAGE_GET_CLASS (self);
  gboolean loading = sanhe_workspace_page_get_loading (SANHE_WORKSPACE_PAGE (self));
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (priv->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model));
  const char *child;

  if (n_all == 0 && loading)
    child = "loading";
  else if (n_all == 0 && priv->failed)
    child = "error";
  else if (n_all == 0)
    child = "empty";
  else if (n_shown == 0)
    child = "no-results";
  else
    child = "list";
  gtk_stack_set_visible_child_name (priv->list_stack, child);

  if (n_all > 0 && klass->format_count != NULL)
    {
      g_autofree char *text = klass->format_count (n_shown);

      gtk_label_set_text (priv->count_label, text);
    }
  else
    {
      gtk_label_set_text (priv->count_label, "");
    }

  gtk_widget_set_visible (GTK_WIDGET (priv->spinner), loading && n_all > 0);
  gtk_spinner_set_spinning (priv->spinner, loading && n_all > 0);
}

static guint
find_in_model (GListModel  *model,
               const char  *key_member,
               const char  *key)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; key != NULL && i < n_items; i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (model, i);
      g_autofree char *other = sanhe_record_dup_key (record, key_member);

      if (g_strcmp0 (other, key) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
select_key (SanheRecordPage *self,
            const char      *key)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  guint position = find_in_model (G_LIST_MODEL (priv->sort_model),
                                  get_spec (self)->key_member, key);

  gtk_single_selection_set_selected (priv->selection, position);
}

static void
update_save_action (SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save",
                                 sanhe_record_editor_get_can_save (priv->editor));
}

static void load_page (SanheRecordPage *self,
                       const char      *after);

static void
on_list_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SanheRecordPage *self = user_data;
  SanheRecordPagePrivate *priv;
  SanheRecordPageClass *klass;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, &next, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  priv = sanhe_record_page_get_instance_private (self);
  klass = SANHE_RECORD_PAGE_GET_CLASS (self);

  if (records == NULL)
    {
      priv->failed = TRUE;
      adw_status_page_set_description (priv->error_page, sanhe_error_text (error));
      if (g_list_model_get_n_items (G_LIST_MODEL (priv->store)) > 0)
        sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
      sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
      update_view (self);
      return;
    }

  /* The first page replaces what was shown; later ones append, so rows
   * appear as soon as the first page is in. */
  priv->selecting = TRUE;
  if (priv->first_page)
    g_list_store_splice (priv->store, 0, g_list_model_get_n_items (G_LIST_MODEL (priv->store)),
                         records->pdata, records->len);
  else
    g_list_store_splice (priv->store, g_list_model_get_n_items (G_LIST_MODEL (priv->store)), 0,
                         records->pdata, records->len);
  priv->first_page = FALSE;
  priv->selecting = FALSE;

  if (next != NULL && get_spec (self)->page_size > 0 && records->len > 0)
    {
      update_view (self);
      load_page (self, next);
      return;
    }

  if (klass->list_loaded != NULL)
    {
      priv->selecting = TRUE;
      klass->list_loaded (self);
      priv->selecting = FALSE;
    }

  priv->failed = FALSE;
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
  if (priv->restore_key != NULL)
    {
      select_key (self, priv->restore_key);
      g_clear_pointer (&priv->restore_key, g_free);
    }
  update_view (self);
}

static void
load_page (SanheRecordPage *self,
           const char      *after)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheApi *api = sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self));
  const SanheRecordSpec *spec = get_spec (self);

  sanhe_api_list_page_async (api, spec->path, after, spec->page_size,
                             priv->load_cancellable, on_list_page_cb, self);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SanheRecordPage *self = user_data;
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  const SanheRecordSpec *spec = get_spec (self);

  return sanhe_column_specs_match (spec->columns, spec->n_columns, item, priv->needle);
}

static void
on_search_changed_cb (GtkSearchEntry  *entry,
                      SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&priv->needle, g_free);
  if (text != NULL && *text != '\0')
    priv->needle = g_utf8_casefold (text, -1);

  gtk_filter_changed (GTK_FILTER (priv->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
on_search_stop_cb (GtkSearchEntry  *entry,
                   SanheRecordPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_selection_notify_cb (GtkSingleSelection *selection,
                        GParamSpec         *pspec,
                        SanheRecordPage    *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheRecord *selected = gtk_single_selection_get_selected_item (selection);
  SanheRecord *current = sanhe_record_editor_get_record (priv->editor);
  const char *key_member = get_spec (self)->key_member;

  if (selected != NULL && current != NULL)
    {
      g_autofree char *a = sanhe_record_dup_key (selected, key_member);
      g_autofree char *b = sanhe_record_dup_key (current, key_member);

      /* The same record came back from a reload: keep the user's edits;
       * a stale version is caught on save. */
      if (g_strcmp0 (a, b) == 0 && sanhe_record_editor_get_modified (priv->editor))
        return;
    }

  /* A list refresh that loses the row must not wipe a new record's form. */
  if (selected == NULL && (priv->selecting || current == NULL))
    return;

  sanhe_record_editor_edit (priv->editor, selected);
  update_save_action (self);
}

static void
on_items_changed_cb (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     SanheRecordPage *self)
{
  update_view (self);
}

static void
on_column_view_activate_cb (GtkColumnView   *view,
                            guint            position,
                            SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  sanhe_record_editor_focus (priv->editor);
}

static void
on_editor_can_save_cb (SanheRecordEditor *editor,
                       GParamSpec        *pspec,
                       SanheRecordPage   *self)
{
  update_save_action (self);
}

static void
on_editor_record_saved_cb (SanheRecordEditor *editor,
                           SanheRecord       *record,
                           gboolean           created,
                           SanheRecordPage   *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheRecordPageClass *klass = SANHE_RECORD_PAGE_GET_CLASS (self);
  const char *key_member = get_spec (self)->key_member;
  g_autofree char *key = sanhe_record_dup_key (record, key_member);
  guint position = find_in_model (G_LIST_MODEL (priv->store), key_member, key);

  priv->selecting = TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    g_list_store_append (priv->store, record);
  else
    g_list_store_splice (priv->store, position, 1, (gpointer *)&record, 1);
  if (klass->list_loaded != NULL)
    klass->list_loaded (self);
  select_key (self, key);
  priv->selecting = FALSE;
}

static void
reload_later_cb (gpointer user_data)
{
  SanheRecordPage *self = user_data;
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  priv->reload_source = 0;
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

static void
sanhe_record_page_reload (SanheWorkspacePage *page)
{
  SanheRecordPage *self = SANHE_RECORD_PAGE (page);
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheRecordPageClass *klass = SANHE_RECORD_PAGE_GET_CLASS (self);
  SanheRecord *selected = gtk_single_selection_get_selected_item (priv->selection);

  g_cancellable_cancel (priv->load_cancellable);
  g_clear_object (&priv->load_cancellable);
  priv->load_cancellable = g_cancellable_new ();

  g_clear_pointer (&priv->restore_key, g_free);
  if (selected != NULL)
    priv->restore_key = sanhe_record_dup_key (selected, get_spec (self)->key_member);

  priv->first_page = TRUE;
  sanhe_workspace_page_set_loading (page, TRUE);
  update_view (self);

  if (klass->load_sources != NULL)
    klass->load_sources (self);
  load_page (self, NULL);
}

static void
sanhe_record_page_search (SanheWorkspacePage *page)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (SANHE_RECORD_PAGE (page));

  gtk_widget_grab_focus (GTK_WIDGET (priv->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (priv->search_entry), 0, -1);
}

static void
sanhe_record_page_new_record (SanheWorkspacePage *page)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (SANHE_RECORD_PAGE (page));

  priv->selecting = TRUE;
  gtk_single_selection_set_selected (priv->selection, GTK_INVALID_LIST_POSITION);
  priv->selecting = FALSE;
  sanhe_record_editor_new_record (priv->editor);
  update_save_action (SANHE_RECORD_PAGE (page));
}

static void
sanhe_record_page_save (SanheWorkspacePage *page)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (SANHE_RECORD_PAGE (page));

  sanhe_record_editor_save (priv->editor);
}

static void
sanhe_record_page_event (SanheWorkspacePage *page,
                         const char         *type,
                         JsonNode           *event)
{
  SanheRecordPage *self = SANHE_RECORD_PAGE (page);
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  const char *prefix = get_spec (self)->event_prefix;

  if (prefix == NULL || !g_str_has_prefix (type, prefix))
    return;
  if (!sanhe_workspace_page_get_loaded (page))
    return;

  /* Several events often come together: reload once. */
  if (priv->reload_source == 0)
    priv->reload_source = g_timeout_add_once (300, reload_later_cb, self);
}

static void
sanhe_record_page_constructed (GObject *object)
{
  SanheRecordPage *self = SANHE_RECORD_PAGE (object);
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (object);
  const SanheRecordSpec *spec = get_spec (self);
  g_autoptr(GtkColumnViewColumn) first_column = NULL;

  G_OBJECT_CLASS (sanhe_record_page_parent_class)->constructed (object);

  g_assert (spec != NULL);

  gtk_label_set_text (priv->title_label, sanhe_workspace_page_get_title (page));
  g_object_set (priv->search_entry, "placeholder-text", _(spec->search_placeholder), NULL);
  adw_status_page_set_title (priv->empty_page, _(spec->empty_title));
  adw_status_page_set_description (priv->empty_page, _(spec->empty_description));

  sanhe_column_view_add_columns (priv->column_view, spec->columns, spec->n_columns);
  gtk_sort_list_model_set_sorter (priv->sort_model, gtk_column_view_get_sorter (priv->column_view));
  first_column = g_list_model_get_item (gtk_column_view_get_columns (priv->column_view), 0);
  gtk_column_view_sort_by_column (priv->column_view, first_column, GTK_SORT_ASCENDING);

  sanhe_record_editor_setup (priv->editor, sanhe_workspace_page_get_api (page), spec,
                             sanhe_workspace_page_get_cancellable (page));
  update_save_action (self);
  update_view (self);
}

static void
sanhe_record_page_dispose (GObject *object)
{
  SanheRecordPage *self = SANHE_RECORD_PAGE (object);
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_clear_handle_id (&priv->reload_source, g_source_remove);
  g_cancellable_cancel (priv->load_cancellable);
  g_clear_object (&priv->load_cancellable);
  /* Not gtk_widget_dispose_template(): GTK 4.8's reads the template of
   * the instance's class, which the pages built on this one (users,
   * departments, roles) do not have. AdwBin unparents the template's
   * root itself. */
  g_clear_object (&priv->selection);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (sanhe_record_page_parent_class)->dispose (object);
}

static void
sanhe_record_page_finalize (GObject *object)
{
  SanheRecordPage *self = SANHE_RECORD_PAGE (object);
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_clear_pointer (&priv->needle, g_free);
  g_clear_pointer (&priv->restore_key, g_free);

  G_OBJECT_CLASS (sanhe_record_page_parent_class)->finalize (object);
}

static void
sanhe_record_page_class_init (SanheRecordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_record_page_constructed;
  object_class->dispose = sanhe_record_page_dispose;
  object_class->finalize = sanhe_record_page_finalize;

  page_class->reload = sanhe_record_page_reload;
  page_class->search = sanhe_record_page_search;
  page_class->new_record = sanhe_record_page_new_record;
  page_class->save = sanhe_record_page_save;
  page_class->event = sanhe_record_page_event;

  g_type_ensure (SANHE_TYPE_RECORD_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sanhe/Sanhe/sanhe-record-page.ui");
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, title_label);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, count_label);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, spinner);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, list_stack);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, empty_page);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, error_page);
  gtk_widget_class_bind_template_child_private (widget_class, SanheRecordPage, editor);
}

static void
sanhe_record_page_init (SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  priv->store = g_list_store_new (SANHE_TYPE_RECORD);
  priv->filter = gtk_custom_filter_new (filter_func, self, NULL);
  priv->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (priv->store)),
                                                  GTK_FILTER (priv->filter));
  priv->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (priv->filter_model), NULL);
  priv->selection = gtk_single_selection_new (G_LIST_MODEL (priv->sort_model));
  gtk_single_selection_set_autoselect (priv->selection, FALSE);
  gtk_single_selection_set_can_unselect (priv->selection, TRUE);
  gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));

  g_signal_connect (priv->selection, "notify::selected-item",
                    G_CALLBACK (on_selection_notify_cb), self);
  g_signal_connect (priv->filter_model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  g_signal_connect (priv->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (priv->search_entry, "stop-search", G_CALLBACK (on_search_stop_cb), self);
  g_signal_connect (priv->column_view, "activate", G_CALLBACK (on_column_view_activate_cb), self);
  g_signal_connect (priv->editor, "notify::can-save", G_CALLBACK (on_editor_can_save_cb), self);
  g_signal_connect (priv->editor, "record-saved", G_CALLBACK (on_editor_record_saved_cb), self);
}

/* Returns: (transfer none): the records of the list, unfiltered. */
GListStore *
sanhe_record_page_get_store (SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_RECORD_PAGE (self), NULL);

  return priv->store;
}

SanheRecordEditor *
sanhe_record_page_get_editor (SanheRecordPage *self)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_return_val_if_fail (SANHE_IS_RECORD_PAGE (self), NULL);

  return priv->editor;
}

void
sanhe_record_page_set_source (SanheRecordPage *self,
                              const char      *source,
                              GListModel      *model)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_return_if_fail (SANHE_IS_RECORD_PAGE (self));

  sanhe_form_set_source (sanhe_record_editor_get_form (priv->editor), source, model);
}

typedef struct
{
  SanheRecordPage *self;
  char            *source;
} SourceData;

static void
on_source_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SourceData *data = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (records != NULL)
    {
      g_autoptr(GListStore) store = g_list_store_new (SANHE_TYPE_RECORD);
      SanheRecordPageClass *klass = SANHE_RECORD_PAGE_GET_CLASS (data->self);

      if (klass->decorate_source != NULL)
        klass->decorate_source (data->self, data->source, records);
      g_list_store_splice (store, 0, 0, records->pdata, records->len);
      sanhe_record_page_set_source (data->self, data->source, G_LIST_MODEL (store));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The editor still shows the names records embed. */
      g_debug ("Cannot load %s: %s", data->source, error->message);
    }

  g_free (data->source);
  g_free (data);
}

/* Fetches the list at @path as the editor's choices named @source. */
void
sanhe_record_page_load_source (SanheRecordPage *self,
                               const char      *source,
                               const char      *path)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);
  SourceData *data;

  g_return_if_fail (SANHE_IS_RECORD_PAGE (self));

  data = g_new0 (SourceData, 1);
  data->self = self;
  data->source = g_strdup (source);
  sanhe_api_list_page_async (sanhe_workspace_page_get_api (page), path, NULL, 0,
                             sanhe_workspace_page_get_cancellable (page),
                             on_source_loaded_cb, data);
}

/* Selects the row at @position of the sorted, filtered list. */
void
sanhe_record_page_select_position (SanheRecordPage *self,
                                   guint            position)
{
  SanheRecordPagePrivate *priv = sanhe_record_page_get_instance_private (self);

  g_return_if_fail (SANHE_IS_RECORD_PAGE (self));

  if (position < g_list_model_get_n_items (G_LIST_MODEL (priv->sort_model)))
    gtk_single_selection_set_selected (priv->selection, position);
}
