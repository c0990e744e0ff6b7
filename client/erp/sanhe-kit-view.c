/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-kit-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-columns.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"
#include "sanhe-kit-view.h"

/*
 * Kit analysis (齐套分析) of a sales order: can it be made and shipped, and
 * when? The promise on top ("Complete now", "Complete on DATE", "Short —
 * earliest DATE"); below, each order line exploded through every BOM
 * level,
 *
 *   GListStore (SanheRecord: the lines' nodes)
 *     → GtkTreeListModel (each node's "children", all expanded)
 *     → GtkNoSelection → GtkColumnView
 *
 * with shortages in red and what waits on open supply in amber; or every
 * component once, in a flat, sortable list.
 */
struct _SanheKitView
{
  SanheWorkspacePage  parent_instance;

  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkWidget          *promise_box;
  GtkImage           *promise_icon;
  GtkLabel           *promise_label;
  GtkLabel           *detail_label;
  GtkStack           *stack;
  GtkStack           *view_stack;
  GtkColumnView      *tree_view;
  GtkColumnView      *components_view;
  AdwStatusPage      *error_page;

  GListStore         *lines;
  GListStore         *components;
  GCancellable       *load_cancellable;
  SanheRecord        *order;
};

G_DEFINE_FINAL_TYPE (SanheKitView, sanhe_kit_view, SANHE_TYPE_WORKSPACE_PAGE)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SanheErpColumn tree_columns[] = {
  { N_("Item"), "item.code", SANHE_ERP_COLUMN_TEXT, 14,
    SANHE_ERP_COLUMN_TREE | SANHE_ERP_COLUMN_NO_SORT | SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "item.name", SANHE_ERP_COLUMN_TEXT, 16, SANHE_ERP_COLUMN_EXPAND | SANHE_ERP_COLUMN_NO_SORT },
  { N_("Required"), "required", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Available"), "available", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("From Supply"), "from_supply", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Short"), "short", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("To Make"), "to_make", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("To Buy"), "to_buy", SANHE_ERP_COLUMN_QTY, 8, SANHE_ERP_COLUMN_NO_SORT },
  { N_("Available On"), "available_on", SANHE_ERP_COLUMN_DATE, 10, SANHE_ERP_COLUMN_NO_SORT },
};

static const SanheErpColumn component_columns[] = {
  { N_("Item"), "item.code", SANHE_ERP_COLUMN_TEXT, 12, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "item.name", SANHE_ERP_COLUMN_TEXT, 16, SANHE_ERP_COLUMN_EXPAND },
  { N_("Level"), "level", SANHE_ERP_COLUMN_INT, 3, 0 },
  { N_("Required"), "required", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("Available"), "available", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("From Supply"), "from_supply", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("Short"), "short", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("To Make"), "to_make", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("To Buy"), "to_buy", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("Available On"), "available_on", SANHE_ERP_COLUMN_DATE, 10, 0 },
};

static gboolean
positive (JsonObject *row,
          const char *member)
{
  gint64 units = 0;

  return sanhe_erp_decimal_units (sanhe_erp_json_string (row, member), &units) && units > 0;
}

static const char *
row_class_cb (JsonObject *row,
              gpointer    user_data)
{
  if (positive (row, "short"))
    return "kit-short";
  if (positive (row, "from_supply"))
    return "kit-supply";

  return NULL;
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  JsonNode *children = sanhe_record_get_node (item, "children");
  g_autoptr(GPtrArray) records = NULL;
  GListStore *store;

  if (children == NULL || !JSON_NODE_HOLDS_ARRAY (children)
      || json_array_get_length (json_node_get_array (children)) == 0)
    return NULL;

  records = sanhe_records_from_array (json_node_get_array (children));
  store = g_list_store_new (SANHE_TYPE_RECORD);
  g_list_store_splice (store, 0, 0, records->pdata, records->len);

  return G_LIST_MODEL (store);
}

static void
show_promise (SanheKitView *self,
              JsonObject   *answer)
{
  const char *status = sanhe_erp_json_string (answer, "status");
  g_autofree char *date = sanhe_format_day (sanhe_erp_json_string (answer, "complete_on"));
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *icon;
  const char *css;
  guint n_short = 0;
  guint n_supply = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->components)); i++)
    {
      g_autoptr(SanheRecord) component = g_list_model_get_item (G_LIST_MODEL (self->components), i);

      if (positive (sanhe_record_get_object (component), "short"))
        n_short++;
      else if (positive (sanhe_record_get_object (component), "from_supply"))
        n_supply++;
    }

  if (g_strcmp0 (status, "complete_now") == 0)
    {
      title = g_strdup (_("Complete now"));
      detail = g_strdup (_("Everything this order needs is in stock."));
      icon = "emblem-ok-symbolic";
      css = "promise-ok";
    }
  else if (g_strcmp0 (status, "complete_on") == 0)
    {
      /* Translators: %s is a date */
      title = g_strdup_printf (_("Complete on %s"), date);
      detail = g_strdup_printf (ngettext ("%u component waits for open supply; nothing is short.",
                                          "%u components wait for open supply; nothing is short.",
                                          n_supply), n_supply);
      icon = "document-open-recent-symbolic";
      css = "promise-later";
    }
  else
    {
      /* Translators: %s is the earliest date the order can be complete */
      title = g_strdup_printf (_("Short — earliest %s"), date);
      detail = g_strdup_printf (ngettext ("%u component is short: make or buy it (see To Make and To Buy).",
                                          "%u components are short: make or buy them (see To Make and To Buy).",
                                          n_short), n_short);
      icon = "dialog-warning-symbolic";
      css = "promise-short";
    }

  gtk_widget_remove_css_class (self->promise_box, "promise-ok");
  gtk_widget_remove_css_class (self->promise_box, "promise-later");
  gtk_widget_remove_css_class (self->promise_box, "promise-short");
  gtk_widget_add_css_class (self->promise_box, css);
  gtk_image_set_from_icon_name (self->promise_icon, icon);
  gtk_label_set_text (self->promise_label, title);
  gtk_label_set_text (self->detail_label, detail);
  gtk_widget_set_visible (self->promise_box, TRUE);
}

static void
fill (GListStore *store,
      JsonObject *answer,
      const char *member)
{
  JsonNode *node = json_object_get_member (answer, member);
  g_autoptr(GPtrArray) records = NULL;

  records = sanhe_records_from_array (node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL);
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       records->pdata, records->len);
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SanheKitView *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  answer = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (answer == NULL)
    {
      g_autofree char *text = error ? sanhe_erp_error_text (error) : g_strdup ("");

      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_widget_set_visible (self->promise_box, FALSE);
      sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
      return;
    }

  fill (self->components, answer, "components");
  fill (self->lines, answer, "lines");
  show_promise (self, answer);
  gtk_stack_set_visible_child_name (self->stack, "views");
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
}

static void
sanhe_kit_view_reload (SanheWorkspacePage *page)
{
  SanheKitView *self = SANHE_KIT_VIEW (page);
  g_autofree char *path = NULL;

  /* Nothing to analyse until an order is chosen. */
  if (self->order == NULL)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (sanhe_workspace_page_get_cancellable (page), "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->load_cancellable,
                           G_CONNECT_SWAPPED);

  sanhe_workspace_page_set_loading (page, TRUE);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->lines)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  path = g_strdup_printf ("/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/kit-analysis",
                          sanhe_record_get_id (self->order));
  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "GET", path, NULL,
                           self->load_cancellable, on_loaded_cb, self);
}

static void
sanhe_kit_view_event (SanheWorkspacePage *page,
                      const char         *type,
                      JsonNode           *event)
{
  SanheKitView *self = SANHE_KIT_VIEW (page);

  /* Stock that moves changes the answer. */
  if (self->order != NULL && gtk_widget_get_mapped (GTK_WIDGET (self))
      && g_str_has_prefix (type, "erp."))
    sanhe_workspace_page_reload (page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
sanhe_kit_view_dispose (GObject *object)
{
  SanheKitView *self = SANHE_KIT_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_KIT_VIEW);
  g_clear_object (&self->lines);
  g_clear_object (&self->components);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (sanhe_kit_view_parent_class)->dispose (object);
}

static void
sanhe_kit_view_class_init (SanheKitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->dispose = sanhe_kit_view_dispose;
  page_class->reload = sanhe_kit_view_reload;
  page_class->event = sanhe_kit_view_event;

  /* The user wants the list of orders back. */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-kit-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, promise_box);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, promise_icon);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, promise_label);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, components_view);
  gtk_widget_class_bind_template_child (widget_class, SanheKitView, error_page);

  gtk_widget_class_install_action (widget_class, "kit.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "kit.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "kit.back", NULL);
}

static void
sanhe_kit_view_init (SanheKitView *self)
{
  GtkTreeListModel *tree;
  g_autoptr(GtkNoSelection) tree_selection = NULL;
  g_autoptr(GtkNoSelection) components_selection = NULL;
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lines = g_list_store_new (SANHE_TYPE_RECORD);
  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->lines)), FALSE, TRUE,
                                  create_children_cb, NULL, NULL);
  tree_selection = gtk_no_selection_new (G_LIST_MODEL (tree));
  gtk_column_view_set_model (self->tree_view, GTK_SELECTION_MODEL (tree_selection));
  sanhe_erp_columns_add (self->tree_view, tree_columns, G_N_ELEMENTS (tree_columns), row_class_cb, self);

  self->components = g_list_store_new (SANHE_TYPE_RECORD);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->components)),
                                    g_object_ref (gtk_column_view_get_sorter (self->components_view)));
  components_selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->components_view, GTK_SELECTION_MODEL (components_selection));
  sanhe_erp_columns_add (self->components_view, component_columns, G_N_ELEMENTS (component_columns),
                         row_class_cb, self);
}

/* Analyses @order (a sales order record). */
void
sanhe_kit_view_set_order (SanheKitView *self,
                          SanheRecord  *order)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SANHE_IS_KIT_VIEW (self));

  if (!g_set_object (&self->order, order))
    {
      sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
      return;
    }

  g_list_store_remove_all (self->lines);
  g_list_store_remove_all (self->components);
  gtk_widget_set_visible (self->promise_box, FALSE);
  if (order == NULL)
    return;

  /* Translators: %s is a sales order number */
  title = g_strdup_printf (_("Kit Analysis · %s"), sanhe_record_get_string (order, "number"));
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, sanhe_record_get_string (order, "customer.name"));
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

/* Returns: (transfer none) (nullable) */
SanheRecord *
sanhe_kit_view_get_order (SanheKitView *self)
{
  g_return_val_if_fail (SANHE_IS_KIT_VIEW (self), NULL);

  return self->order;
}
