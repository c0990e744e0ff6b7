/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-list.h"
#include "sanhe-erp-orders-page.h"
#include "sanhe-erp-util.h"
#include "sanhe-kit-view.h"
#include "sanhe-order-editor.h"

/*
 * ERP → Purchase Orders and ERP → Sales Orders: the orders, filtered by
 * state and searched, on the left; the selected one in a SanheOrderEditor
 * on the right. A sales order's kit analysis replaces both (Back returns).
 * What differs between the two is the SanheErpOrderSpec.
 */
struct _SanheErpOrdersPage
{
  SanheWorkspacePage       parent_instance;

  GtkStack                *main_stack;
  SanheErpList            *list;
  SanheOrderEditor        *editor;
  SanheKitView            *kit_view;
  GtkDropDown             *state_filter;

  const SanheErpOrderSpec *spec;
  guint                    reload_source;
  gboolean                 pending_kit;
};

G_DEFINE_FINAL_TYPE (SanheErpOrdersPage, sanhe_erp_orders_page, SANHE_TYPE_WORKSPACE_PAGE)

static char *
format_purchase (guint n)
{
  return sanhe_erp_order_spec_count (sanhe_erp_order_spec_get (SANHE_ERP_ORDER_PURCHASE), n);
}

static char *
format_sales (guint n)
{
  return sanhe_erp_order_spec_count (sanhe_erp_order_spec_get (SANHE_ERP_ORDER_SALES), n);
}

static gboolean
filter_cb (SanheRecord *order,
           gpointer     user_data)
{
  SanheErpOrdersPage *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->state_filter);

  /* 0: every state; 1: the open ones; then one state each. */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return TRUE;
  if (selected == 1)
    {
      const char *state = sanhe_record_get_string (order, "state");

      return g_strcmp0 (state, "draft") == 0 || sanhe_erp_order_is_open (state);
    }

  return g_strcmp0 (sanhe_record_get_string (order, "state"), self->spec->states[selected - 2]) == 0;
}

static void
update_save (SanheErpOrdersPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save",
                                 sanhe_order_editor_get_can_save (self->editor));
}

static void
on_selection_changed_cb (SanheErpList       *list,
                         SanheErpOrdersPage *self)
{
  SanheRecord *selected = sanhe_erp_list_get_selected (list);
  SanheRecord *current = sanhe_order_editor_get_order (self->editor);

  if (selected != NULL && current != NULL
      && sanhe_record_get_id (selected) == sanhe_record_get_id (current)
      && sanhe_order_editor_get_modified (self->editor))
    return;
  if (selected == NULL && current == NULL)
    return;

  sanhe_order_editor_edit (self->editor, selected);
  update_save (self);
}

static void
open_kit (SanheErpOrdersPage *self,
          SanheRecord        *order)
{
  if (self->kit_view == NULL)
    return;

  sanhe_kit_view_set_order (self->kit_view, order);
  gtk_stack_set_visible_child_name (self->main_stack, "kit");
}

static void
open_first_kit (SanheErpOrdersPage *self)
{
  GListModel *model = sanhe_erp_list_get_model (self->list);

  self->pending_kit = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SanheRecord) order = g_list_model_get_item (model, i);

      if (g_strcmp0 (sanhe_record_get_string (order, "state"), "confirmed") == 0)
        {
          sanhe_erp_list_select_position (self->list, i);
          open_kit (self, order);
          return;
        }
    }
}

static void
on_list_loaded_cb (SanheErpList       *list,
                   SanheErpOrdersPage *self)
{
  if (self->pending_kit)
    open_first_kit (self);
}

static void
on_list_loading_cb (SanheErpList       *list,
                    GParamSpec         *pspec,
                    SanheErpOrdersPage *self)
{
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), sanhe_erp_list_get_loading (list));
}

static void
on_saved_cb (SanheOrderEditor   *editor,
             SanheRecord        *order,
             gboolean            created,
             SanheErpOrdersPage *self)
{
  sanhe_erp_list_upsert (self->list, order);
}

static void
on_open_kit_cb (SanheOrderEditor   *editor,
                SanheRecord        *order,
                SanheErpOrdersPage *self)
{
  open_kit (self, order);
}

static void
on_kit_back_cb (SanheKitView       *view,
                SanheErpOrdersPage *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "orders");
}

static void
on_can_save_cb (SanheOrderEditor   *editor,
                GParamSpec         *pspec,
                SanheErpOrdersPage *self)
{
  update_save (self);
}

static void
on_state_filter_cb (GtkDropDown        *drop_down,
                    GParamSpec         *pspec,
                    SanheErpOrdersPage *self)
{
  sanhe_erp_list_refilter (self->list);
}

static gboolean
kit_visible (SanheErpOrdersPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "kit") == 0;
}

static void
sanhe_erp_orders_page_reload (SanheWorkspacePage *page)
{
  SanheErpOrdersPage *self = SANHE_ERP_ORDERS_PAGE (page);

  if (kit_visible (self))
    sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self->kit_view));
  sanhe_order_editor_load_sources (self->editor);
  sanhe_erp_list_reload (self->list);
}

static void
sanhe_erp_orders_page_search (SanheWorkspacePage *page)
{
  SanheErpOrdersPage *self = SANHE_ERP_ORDERS_PAGE (page);

  gtk_stack_set_visible_child_name (self->main_stack, "orders");
  sanhe_erp_list_focus_search (self->list);
}

static void
sanhe_erp_orders_page_new_record (SanheWorkspacePage *page)
{
  SanheErpOrdersPage *self = SANHE_ERP_ORDERS_PAGE (page);

  gtk_stack_set_visible_child_name (self->main_stack, "orders");
  sanhe_erp_list_unselect (self->list);
  sanhe_order_editor_new_order (self->editor);
  update_save (self);
}

static void
sanhe_erp_orders_page_save (SanheWorkspacePage *page)
{
  sanhe_order_editor_save (SANHE_ERP_ORDERS_PAGE (page)->editor);
}

static void
reload_later_cb (gpointer user_data)
{
  SanheErpOrdersPage *self = user_data;

  self->reload_source = 0;
  sanhe_erp_list_reload (self->list);
}

static void
sanhe_erp_orders_page_event (SanheWorkspacePage *page,
                             const char         *type,
                             JsonNode           *event)
{
  SanheErpOrdersPage *self = SANHE_ERP_ORDERS_PAGE (page);

  if (self->kit_view != NULL)
    sanhe_workspace_page_handle_event (SANHE_WORKSPACE_PAGE (self->kit_view), type, event);
  sanhe_order_editor_handle_event (self->editor, type, event);

  if (!g_str_has_prefix (type, self->spec->event_prefix) || !sanhe_workspace_page_get_loaded (page))
    return;

  /* Several events often come together: reload once. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add_once (300, reload_later_cb, self);
}

static GtkWidget *
create_state_filter (SanheErpOrdersPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  gtk_string_list_append (labels, _("All states"));
  /* Translators: orders in draft or still to receive or ship */
  gtk_string_list_append (labels, _("Open"));
  for (guint i = 0; self->spec->states[i] != NULL; i++)
    gtk_string_list_append (labels, sanhe_erp_state_label (self->spec->states[i]));

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_widget_set_tooltip_text (drop_down, _("Show orders in this state"));
  self->state_filter = GTK_DROP_DOWN (drop_down);
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_state_filter_cb), self);

  return drop_down;
}

static void
setup (SanheErpOrdersPage *self)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);
  SanheApi *api = sanhe_workspace_page_get_api (page);
  GCancellable *cancellable = sanhe_workspace_page_get_cancellable (page);

  sanhe_erp_list_setup (self->list, api, cancellable, self->spec->list_columns,
                        self->spec->n_list_columns, NULL, NULL);
  sanhe_erp_list_set_path (self->list, self->spec->path);
  sanhe_erp_list_set_count_func (self->list, self->spec->kind == SANHE_ERP_ORDER_SALES
                                             ? format_sales : format_purchase);
  sanhe_erp_list_set_texts (self->list, _(self->spec->empty_title), _(self->spec->empty_description),
                            _(self->spec->search_placeholder));
  sanhe_erp_list_add_filter (self->list, create_state_filter (self));
  sanhe_erp_list_set_filter_func (self->list, filter_cb, self);

  if (sanhe_api_has_permission (api, self->spec->write_permission))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "record.new");
      gtk_widget_set_tooltip_text (button, _(self->spec->new_title));
      sanhe_erp_list_add_button (self->list, button);
    }
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.new", FALSE);

  sanhe_order_editor_setup (self->editor, api, cancellable, self->spec);

  if (self->spec->kind == SANHE_ERP_ORDER_SALES)
    {
      self->kit_view = g_object_new (SANHE_TYPE_KIT_VIEW, "api", api, "workspace-id", "erp-kit",
                                     "title", _("Kit Analysis"), "icon-name", "view-list-symbolic",
                                     NULL);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->kit_view), "kit");
      g_signal_connect (self->kit_view, "back", G_CALLBACK (on_kit_back_cb), self);
      g_signal_connect (self->editor, "open-kit", G_CALLBACK (on_open_kit_cb), self);
    }

  update_save (self);
}

static void
sanhe_erp_orders_page_dispose (GObject *object)
{
  SanheErpOrdersPage *self = SANHE_ERP_ORDERS_PAGE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  /* The template's root (main_stack) is bound and is the AdwBin's child:
   * let the bin drop it first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ERP_ORDERS_PAGE);

  G_OBJECT_CLASS (sanhe_erp_orders_page_parent_class)->dispose (object);
}

static void
sanhe_erp_orders_page_class_init (SanheErpOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->dispose = sanhe_erp_orders_page_dispose;

  page_class->reload = sanhe_erp_orders_page_reload;
  page_class->search = sanhe_erp_orders_page_search;
  page_class->new_record = sanhe_erp_orders_page_new_record;
  page_class->save = sanhe_erp_orders_page_save;
  page_class->event = sanhe_erp_orders_page_event;

  g_type_ensure (SANHE_TYPE_ERP_LIST);
  g_type_ensure (SANHE_TYPE_ORDER_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpOrdersPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheErpOrdersPage, list);
  gtk_widget_class_bind_template_child (widget_class, SanheErpOrdersPage, editor);
}

static void
sanhe_erp_orders_page_init (SanheErpOrdersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->list, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (self->list, "loaded", G_CALLBACK (on_list_loaded_cb), self);
  g_signal_connect (self->list, "notify::loading", G_CALLBACK (on_list_loading_cb), self);
  g_signal_connect (self->editor, "saved", G_CALLBACK (on_saved_cb), self);
  g_signal_connect (self->editor, "notify::can-save", G_CALLBACK (on_can_save_cb), self);
}

/* Returns: (transfer floating): the orders page of @kind. */
SanheWorkspacePage *
sanhe_erp_orders_page_new (SanheApi          *api,
                           SanheErpOrderKind  kind,
                           const char        *id,
                           const char        *title,
                           const char        *icon_name)
{
  SanheErpOrdersPage *self = g_object_new (SANHE_TYPE_ERP_ORDERS_PAGE, "api", api,
                                           "workspace-id", id, "title", title,
                                           "icon-name", icon_name, NULL);

  self->spec = sanhe_erp_order_spec_get (kind);
  setup (self);

  return SANHE_WORKSPACE_PAGE (self);
}

/* Opens the kit analysis of the first confirmed order (once the list is
 * in). Returns: (transfer none) (nullable): the kit view, which loads. */
SanheWorkspacePage *
sanhe_erp_orders_page_open_first_kit (SanheErpOrdersPage *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_ORDERS_PAGE (self), NULL);

  if (self->kit_view == NULL)
    return NULL;

  if (sanhe_workspace_page_get_loaded (SANHE_WORKSPACE_PAGE (self))
      && !sanhe_workspace_page_get_loading (SANHE_WORKSPACE_PAGE (self)))
    open_first_kit (self);
  else
    self->pending_kit = TRUE;

  return SANHE_WORKSPACE_PAGE (self->kit_view);
}

void
sanhe_erp_orders_page_select_position (SanheErpOrdersPage *self,
                                       guint               position)
{
  g_return_if_fail (SANHE_IS_ERP_ORDERS_PAGE (self));

  sanhe_erp_list_select_position (self->list, position);
}
