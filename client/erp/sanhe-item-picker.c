/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-item-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-columns.h"
#include "sanhe-erp-util.h"
#include "sanhe-item-picker.h"

/*
 * Choosing an item: a component for a BOM, the item of an order line or a
 * stock move. What the user types searches the server by code or name
 * (?q=, the first 100 matches), so it works the same with 200 items or
 * 50,000. Enter or a double click chooses.
 */

#define MATCHES 100

struct _SanheItemPicker
{
  AdwWindow                parent_instance;

  AdwWindowTitle          *window_title;
  GtkWidget               *choose_button;
  GtkSearchEntry          *search_entry;
  GtkStack                *stack;
  GtkColumnView           *column_view;
  AdwStatusPage           *status_page;

  SanheApi                *api;
  GCancellable            *cancellable;
  GListStore              *store;
  GtkSingleSelection      *selection;
  SanheItemPickerCallback  callback;
  GObject                 *owner;
  gboolean                 answered;
};

G_DEFINE_FINAL_TYPE (SanheItemPicker, sanhe_item_picker, ADW_TYPE_WINDOW)

static const SanheErpColumn columns[] = {
  { N_("Code"), "code", SANHE_ERP_COLUMN_TEXT, 10, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Name"), "name", SANHE_ERP_COLUMN_TEXT, 22, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Kind"), "kind", SANHE_ERP_COLUMN_ITEM_KIND, 5, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Unit"), "unit", SANHE_ERP_COLUMN_TEXT, 5, SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_DIM },
  { N_("On Hand"), "on_hand", SANHE_ERP_COLUMN_QTY, 9, SANHE_ERP_COLUMN_NO_SORT },
};

static void
answer (SanheItemPicker *self,
        SanheRecord     *item)
{
  if (self->answered)
    return;

  self->answered = TRUE;
  self->callback (item, self->owner);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SanheItemPicker *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (records == NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status_page, _("Could Not Search"));
      adw_status_page_set_description (self->status_page, text);
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       records->pdata, records->len);
  if (records->len == 0)
    {
      adw_status_page_set_icon_name (self->status_page, "edit-find-symbolic");
      adw_status_page_set_title (self->status_page, _("No Matching Items"));
      adw_status_page_set_description (self->status_page,
                                       _("No item has this code or name. Try fewer letters."));
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
search (SanheItemPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *escaped = g_uri_escape_string (text ? text : "", NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/items?active=true&q=%s", escaped);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sanhe_api_list_page_async (self->api, path, NULL, MATCHES, self->cancellable, on_search_cb, self);
}

static void
choose (SanheItemPicker *self)
{
  SanheRecord *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    return;

  answer (self, item);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_choose_clicked_cb (SanheItemPicker *self)
{
  choose (self);
}

static void
on_activate_cb (GtkColumnView   *view,
                guint            position,
                SanheItemPicker *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  choose (self);
}

static void
on_search_activate_cb (GtkSearchEntry  *entry,
                       SanheItemPicker *self)
{
  choose (self);
}

static void
on_selected_cb (GtkSingleSelection *selection,
                GParamSpec         *pspec,
                SanheItemPicker    *self)
{
  gtk_widget_set_sensitive (self->choose_button,
                            gtk_single_selection_get_selected_item (selection) != NULL);
}

/* Up and down in the search entry move in the list. */
static gboolean
on_search_key_cb (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  SanheItemPicker       *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (n_items == 0 || (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up))
    return FALSE;

  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (keyval == GDK_KEY_Down && selected + 1 < n_items)
    selected++;
  else if (keyval == GDK_KEY_Up && selected > 0)
    selected--;
  gtk_single_selection_set_selected (self->selection, selected);

  return TRUE;
}

static void
sanhe_item_picker_dispose (GObject *object)
{
  SanheItemPicker *self = (SanheItemPicker *)object;

  answer (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ITEM_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->api);
  g_clear_object (&self->owner);

  G_OBJECT_CLASS (sanhe_item_picker_parent_class)->dispose (object);
}

static void
sanhe_item_picker_class_init (SanheItemPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_item_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-item-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, column_view);
  gtk_widget_class_bind_template_child (widget_class, SanheItemPicker, status_page);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sanhe_item_picker_init (SanheItemPicker *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (SANHE_TYPE_RECORD);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->store));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  sanhe_erp_columns_add (self->column_view, columns, G_N_ELEMENTS (columns), NULL, NULL);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate_cb), self);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selected_cb), self);
}

/* Shows the picker over @parent's window; @callback runs exactly once. */
void
sanhe_item_picker_present (GtkWidget               *parent,
                           SanheApi                *api,
                           const char              *title,
                           SanheItemPickerCallback  callback,
                           gpointer                 owner)
{
  SanheItemPicker *self;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (SANHE_IS_API (api));
  g_return_if_fail (callback != NULL);
  g_return_if_fail (G_IS_OBJECT (owner));

  self = g_object_new (SANHE_TYPE_ITEM_PICKER, NULL);
  self->api = g_object_ref (api);
  self->callback = callback;
  self->owner = g_object_ref (owner);
  adw_window_title_set_title (self->window_title, title);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  search (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
