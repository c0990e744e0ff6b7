/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-items-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-items-page.h"
#include "sanhe-erp-list.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"
#include "sanhe-item-editor.h"

/*
 * ERP → Items: every item (paged in, searched by code and name) on the
 * left, the selected one in a SanheItemEditor on the right — its fields,
 * BOM tree, where-used and stock. New (Ctrl+N) and Save (Ctrl+S) need
 * erp.items.write.
 */
struct _SanheErpItemsPage
{
  SanheWorkspacePage  parent_instance;

  SanheErpList       *list;
  SanheItemEditor    *editor;
};

G_DEFINE_FINAL_TYPE (SanheErpItemsPage, sanhe_erp_items_page, SANHE_TYPE_WORKSPACE_PAGE)

static const SanheErpColumn columns[] = {
  { N_("Code"), "code", SANHE_ERP_COLUMN_TEXT, 10, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "name", SANHE_ERP_COLUMN_TEXT, 16, SANHE_ERP_COLUMN_EXPAND },
  { N_("Kind"), "kind", SANHE_ERP_COLUMN_ITEM_KIND, 5, 0 },
  { N_("On Hand"), "on_hand", SANHE_ERP_COLUMN_QTY, 8, 0 },
};

static const char *
row_class_cb (JsonObject *row,
              gpointer    user_data)
{
  return sanhe_erp_json_boolean (row, "active") ? NULL : "inactive-row";
}

static char *
format_count (guint n)
{
  g_autofree char *number = sanhe_format_number (n);

  /* Translators: %s is a number */
  return g_strdup_printf (ngettext ("%s item", "%s items", n), number);
}

static void
update_save (SanheErpItemsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save",
                                 sanhe_item_editor_get_can_save (self->editor));
}

static void
on_selection_changed_cb (SanheErpList      *list,
                         SanheErpItemsPage *self)
{
  SanheRecord *selected = sanhe_erp_list_get_selected (list);
  SanheRecord *current = sanhe_item_editor_get_item (self->editor);

  /* The same item back from a reload: keep what the user is typing. */
  if (selected != NULL && current != NULL
      && sanhe_record_get_id (selected) == sanhe_record_get_id (current)
      && sanhe_item_editor_get_modified (self->editor))
    return;
  /* A reload that loses the row must not wipe a new item's form. */
  if (selected == NULL && current == NULL)
    return;

  sanhe_item_editor_edit (self->editor, selected);
  update_save (self);
}

static void
on_list_loading_cb (SanheErpList      *list,
                    GParamSpec        *pspec,
                    SanheErpItemsPage *self)
{
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), sanhe_erp_list_get_loading (list));
}

static void
on_saved_cb (SanheItemEditor   *editor,
             SanheRecord       *record,
             gboolean           created,
             SanheErpItemsPage *self)
{
  sanhe_erp_list_upsert (self->list, record);
}

static void
on_can_save_cb (SanheItemEditor   *editor,
                GParamSpec        *pspec,
                SanheErpItemsPage *self)
{
  update_save (self);
}

static void
sanhe_erp_items_page_reload (SanheWorkspacePage *page)
{
  SanheErpItemsPage *self = SANHE_ERP_ITEMS_PAGE (page);

  sanhe_item_editor_load_sources (self->editor);
  sanhe_erp_list_reload (self->list);
}

static void
sanhe_erp_items_page_search (SanheWorkspacePage *page)
{
  sanhe_erp_list_focus_search (SANHE_ERP_ITEMS_PAGE (page)->list);
}

static void
sanhe_erp_items_page_new_record (SanheWorkspacePage *page)
{
  SanheErpItemsPage *self = SANHE_ERP_ITEMS_PAGE (page);

  sanhe_erp_list_unselect (self->list);
  sanhe_item_editor_new_item (self->editor);
  update_save (self);
}

static void
sanhe_erp_items_page_save (SanheWorkspacePage *page)
{
  sanhe_item_editor_save (SANHE_ERP_ITEMS_PAGE (page)->editor);
}

static void
sanhe_erp_items_page_constructed (GObject *object)
{
  SanheErpItemsPage *self = SANHE_ERP_ITEMS_PAGE (object);
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (object);
  SanheApi *api;

  G_OBJECT_CLASS (sanhe_erp_items_page_parent_class)->constructed (object);

  api = sanhe_workspace_page_get_api (page);
  sanhe_erp_list_setup (self->list, api, sanhe_workspace_page_get_cancellable (page),
                        columns, G_N_ELEMENTS (columns), row_class_cb, self);
  sanhe_erp_list_set_path (self->list, "/api/v1/erp/items");
  sanhe_erp_list_set_count_func (self->list, format_count);
  sanhe_erp_list_set_texts (self->list, _("No Items"),
                            _("Items are what you buy, make and sell. Add the first with New."),
                            _("Search items"));

  if (sanhe_api_has_permission (api, SANHE_PERM_ITEMS_WRITE))
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_New"));
      adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "record.new");
      gtk_widget_set_tooltip_text (button, _("New item (Ctrl+N)"));
      sanhe_erp_list_add_button (self->list, button);
    }
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.new", FALSE);

  sanhe_item_editor_setup (self->editor, api, sanhe_workspace_page_get_cancellable (page));
  update_save (self);
}

static void
sanhe_erp_items_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SANHE_TYPE_ERP_ITEMS_PAGE);

  G_OBJECT_CLASS (sanhe_erp_items_page_parent_class)->dispose (object);
}

static void
sanhe_erp_items_page_class_init (SanheErpItemsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_erp_items_page_constructed;
  object_class->dispose = sanhe_erp_items_page_dispose;

  page_class->reload = sanhe_erp_items_page_reload;
  page_class->search = sanhe_erp_items_page_search;
  page_class->new_record = sanhe_erp_items_page_new_record;
  page_class->save = sanhe_erp_items_page_save;

  g_type_ensure (SANHE_TYPE_ERP_LIST);
  g_type_ensure (SANHE_TYPE_ITEM_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-items-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpItemsPage, list);
  gtk_widget_class_bind_template_child (widget_class, SanheErpItemsPage, editor);
}

static void
sanhe_erp_items_page_init (SanheErpItemsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->list, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (self->list, "notify::loading", G_CALLBACK (on_list_loading_cb), self);
  g_signal_connect (self->editor, "saved", G_CALLBACK (on_saved_cb), self);
  g_signal_connect (self->editor, "notify::can-save", G_CALLBACK (on_can_save_cb), self);
}

void
sanhe_erp_items_page_select_position (SanheErpItemsPage *self,
                                      guint              position)
{
  g_return_if_fail (SANHE_IS_ERP_ITEMS_PAGE (self));

  sanhe_erp_list_select_position (self->list, position);
}
