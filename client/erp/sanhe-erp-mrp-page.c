/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-mrp-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-list.h"
#include "sanhe-erp-mrp-page-private.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"

/*
 * ERP → MRP. "Run MRP" asks the server to plan (it may take seconds: the
 * button waits with a spinner, the rest of the client goes on working,
 * and the user can stop waiting). A run's suggestions come in two lists,
 * Purchase and Production — item, quantity, release and due dates, late
 * or not — each paged in and multi-selectable. The panel on the right
 * pegs the selected suggestion to the demands behind it: sales order
 * lines, safety stock, and open production tasks still short of parts.
 * Accepting turns suggestions into purchase orders and production tasks.
 */

G_DEFINE_FINAL_TYPE (SanheErpMrpPage, sanhe_erp_mrp_page, SANHE_TYPE_WORKSPACE_PAGE)

static const SanheErpColumn suggestion_columns[] = {
  { N_("Item"), "item.code", SANHE_ERP_COLUMN_TEXT, 10, SANHE_ERP_COLUMN_STRONG },
  { N_("Name"), "item.name", SANHE_ERP_COLUMN_TEXT, 14, SANHE_ERP_COLUMN_EXPAND },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 8, 0 },
  { N_("Release"), "release_date", SANHE_ERP_COLUMN_DATE, 11, 0 },
  { N_("Due"), "due_date", SANHE_ERP_COLUMN_DATE, 11, 0 },
  { N_("Late"), "late", SANHE_ERP_COLUMN_LATE, 7, 0 },
};

static const SanheErpColumn pegging_columns[] = {
  { N_("Order"), "sales_order", SANHE_ERP_COLUMN_TEXT, 14, SANHE_ERP_COLUMN_STRONG },
  { N_("Line"), "line", SANHE_ERP_COLUMN_INT, 3, 0 },
  { N_("Customer"), "customer", SANHE_ERP_COLUMN_TEXT, 8, SANHE_ERP_COLUMN_EXPAND },
  { N_("Quantity"), "qty", SANHE_ERP_COLUMN_QTY, 6, 0 },
  { N_("Due"), "due_date", SANHE_ERP_COLUMN_DATE, 11, 0 },
};

static char *
format_suggestions (guint n)
{
  g_autofree char *number = sanhe_format_number (n);

  /* Translators: %s is a number */
  return g_strdup_printf (ngettext ("%s suggestion", "%s suggestions", n), number);
}

static const char *
suggestion_class_cb (JsonObject *row,
                     gpointer    user_data)
{
  JsonNode *document = json_object_get_member (row, "document");

  return document != NULL && !JSON_NODE_HOLDS_NULL (document) ? "dim-label" : NULL;
}

static SanheErpList *
visible_list (SanheErpMrpPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->kind_stack), "production") == 0
         ? self->production_list : self->purchase_list;
}

void
_sanhe_erp_mrp_page_update_actions (SanheErpMrpPage *self)
{
  g_autoptr(GPtrArray) purchase = sanhe_erp_list_get_selected_all (self->purchase_list);
  g_autoptr(GPtrArray) production = sanhe_erp_list_get_selected_all (self->production_list);
  guint n_selected = purchase->len + production->len;
  gboolean has_run = gtk_drop_down_get_selected_item (self->runs_drop_down) != NULL;

  if (n_selected > 0)
    {
      g_autofree char *number = sanhe_format_number (n_selected);
      /* Translators: %s is a number of selected suggestions */
      g_autofree char *text = g_strdup_printf (ngettext ("%s selected", "%s selected", n_selected),
                                               number);

      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, "");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mrp.run", !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mrp.accept-selected",
                                 n_selected > 0 && !self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mrp.accept-all", has_run && !self->running);
  gtk_widget_set_visible (self->stop_button, self->running);
  gtk_spinner_set_spinning (self->spinner, self->running || self->lists_loading > 0);
}

/* A peg as a row of the panel. A sales order line fills its columns as
 * it is; safety stock says so in the Order column; a production task puts
 * its number there and what it is under Customer (it has none). */
static SanheRecord *
pegging_record (JsonObject *peg)
{
  g_autoptr(JsonObject) row = sanhe_erp_json_copy (peg);
  const char *demand = sanhe_erp_json_string (row, "demand");

  if (g_strcmp0 (demand, "safety_stock") == 0)
    json_object_set_string_member (row, "sales_order", _("Safety stock"));
  else if (g_strcmp0 (demand, "production_task") == 0)
    {
      json_object_set_string_member (row, "sales_order", sanhe_erp_json_string (row, "production_task.number"));
      /* Translators: in MRP's "why?" panel, in the narrow Customer column:
       * the demand is the factory's own, an open production task (its number
       * is in the Order column) that still needs this part */
      json_object_set_string_member (row, "customer", C_("mrp demand", "Production"));
    }
  return sanhe_record_new (row);
}

static void
show_pegging (SanheErpMrpPage *self,
              SanheRecord     *suggestion)
{
  JsonNode *pegging = suggestion ? sanhe_record_get_node (suggestion, "pegging") : NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; pegging && JSON_NODE_HOLDS_ARRAY (pegging)
       && i < json_array_get_length (json_node_get_array (pegging)); i++)
    g_ptr_array_add (records, pegging_record (json_array_get_object_element (json_node_get_array (pegging), i)));
  g_list_store_splice (self->pegging, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pegging)),
                       records->pdata, records->len);

  if (suggestion == NULL)
    {
      gtk_label_set_text (self->pegging_title, _("Why?"));
      gtk_label_set_text (self->pegging_subtitle,
                          _("Select a suggestion to see the orders that need it."));
      return;
    }

  {
    g_autofree char *qty = sanhe_format_decimal (sanhe_record_get_string (suggestion, "qty"), 0, 4);
    g_autofree char *due = sanhe_format_day (sanhe_record_get_string (suggestion, "due_date"));
    g_autofree char *release = sanhe_format_day (sanhe_record_get_string (suggestion, "release_date"));
    /* Translators: item code, quantity and unit of an MRP suggestion */
    g_autofree char *title = g_strdup_printf (_("%s · %s %s"), sanhe_record_get_string (suggestion, "item.code"),
                                              qty, sanhe_record_get_string (suggestion, "item.unit"));
    /* Translators: %s are dates; then how many orders the suggestion serves */
    g_autofree char *subtitle = g_strdup_printf (ngettext ("Start %s, needed %s, for %u demand:",
                                                           "Start %s, needed %s, for %u demands:",
                                                           records->len),
                                                 release, due, records->len);

    JsonNode *document = sanhe_record_get_node (suggestion, "document");

    gtk_label_set_text (self->pegging_title, title);
    if (document != NULL && !JSON_NODE_HOLDS_NULL (document))
      {
        g_autofree char *both = g_strconcat (_("Accepted: it is an order or a task now."), "\n",
                                             subtitle, NULL);

        gtk_label_set_text (self->pegging_subtitle, both);
      }
    else
      gtk_label_set_text (self->pegging_subtitle, subtitle);
  }
}

static void
on_suggestions_selected_cb (SanheErpList    *list,
                            SanheErpMrpPage *self)
{
  if (list == visible_list (self))
    show_pegging (self, sanhe_erp_list_get_selected (list));
  _sanhe_erp_mrp_page_update_actions (self);
}

static void
on_kind_visible_cb (GtkStack        *stack,
                    GParamSpec      *pspec,
                    SanheErpMrpPage *self)
{
  show_pegging (self, sanhe_erp_list_get_selected (visible_list (self)));
}

static void
finish_loading (SanheErpMrpPage *self)
{
  if (self->lists_loading > 0)
    self->lists_loading--;
  if (self->lists_loading == 0)
    sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
  _sanhe_erp_mrp_page_update_actions (self);
}

static void
on_list_loaded_cb (SanheErpList    *list,
                   SanheErpMrpPage *self)
{
  finish_loading (self);
}

static void
load_run (SanheErpMrpPage *self,
          SanheRecord     *run)
{
  g_autofree char *purchase = NULL;
  g_autofree char *production = NULL;
  g_autofree char *n_purchase = NULL;
  g_autofree char *n_production = NULL;
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;
  g_autofree char *info = NULL;
  g_autofree char *elapsed = NULL;
  gint64 id = sanhe_record_get_id (run);
  gint64 n_all = sanhe_record_get_int (run, "purchase_count") + sanhe_record_get_int (run, "production_count");

  n_purchase = g_strdup_printf ("%" G_GINT64_FORMAT, sanhe_record_get_int (run, "purchase_count"));
  n_production = g_strdup_printf ("%" G_GINT64_FORMAT, sanhe_record_get_int (run, "production_count"));
  total = g_strdup_printf ("%" G_GINT64_FORMAT, n_all);
  {
    g_autofree char *a = sanhe_format_decimal (n_purchase, 0, 0);
    g_autofree char *b = sanhe_format_decimal (n_production, 0, 0);
    /* Translators: a tab, with its number of suggestions */
    g_autofree char *purchase_title = g_strdup_printf (_("Purchase (%s)"), a);
    /* Translators: a tab, with its number of suggestions */
    g_autofree char *production_title = g_strdup_printf (_("Production (%s)"), b);

    gtk_stack_page_set_title (self->purchase_page, purchase_title);
    gtk_stack_page_set_title (self->production_page, production_title);
  }

  when = sanhe_format_datetime (sanhe_record_get_string (run, "created_at"));
  {
    g_autofree char *count = sanhe_format_decimal (total, 0, 0);
    g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT, sanhe_record_get_int (run, "elapsed_ms"));

    elapsed = sanhe_format_decimal (ms, 0, 0);
    /* Translators: when the run was made, its suggestions, how long it took */
    info = g_strdup_printf (_("%s · %s suggestions · planned in %s ms"), when, count, elapsed);
  }
  gtk_label_set_text (self->info_label, info);

  purchase = g_strdup_printf ("/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/suggestions?kind=purchase", id);
  production = g_strdup_printf ("/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/suggestions?kind=production", id);
  sanhe_erp_list_set_path (self->purchase_list, purchase);
  sanhe_erp_list_set_path (self->production_list, production);

  self->lists_loading = 2;
  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), TRUE);
  sanhe_erp_list_reload (self->purchase_list);
  sanhe_erp_list_reload (self->production_list);
  gtk_stack_set_visible_child_name (self->stack, "results");
  show_pegging (self, NULL);
  _sanhe_erp_mrp_page_update_actions (self);
}

static void
on_run_selected_cb (GtkDropDown     *drop_down,
                    GParamSpec      *pspec,
                    SanheErpMrpPage *self)
{
  SanheRecord *run = gtk_drop_down_get_selected_item (drop_down);

  if (run != NULL)
    load_run (self, run);
}

static char *
run_label_cb (SanheRecord *run)
{
  g_autofree char *when = NULL;

  if (run == NULL)
    return g_strdup ("");

  when = sanhe_format_datetime (sanhe_record_get_string (run, "created_at"));
  /* Translators: an MRP run in a list: its number and when it ran */
  return g_strdup_printf (_("Run %d · %s"), (int)sanhe_record_get_id (run), when);
}

static void
on_runs_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SanheErpMrpPage *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (records == NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      adw_status_page_set_title (self->error_page, _("Could Not Load the Runs"));
      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      self->lists_loading = 0;
      sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    if (sanhe_record_get_id (g_ptr_array_index (records, i)) == self->wanted_run)
      selected = i;
  self->wanted_run = 0;

  g_signal_handlers_block_by_func (self->runs_drop_down, on_run_selected_cb, self);
  g_list_store_splice (self->runs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->runs)),
                       records->pdata, records->len);
  gtk_drop_down_set_selected (self->runs_drop_down, records->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->runs_drop_down, on_run_selected_cb, self);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_drop_down), records->len > 1);

  if (records->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, self->running ? "running" : "empty");
      gtk_label_set_text (self->info_label, "");
      sanhe_erp_list_clear (self->purchase_list);
      sanhe_erp_list_clear (self->production_list);
      self->lists_loading = 0;
      sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
      _sanhe_erp_mrp_page_update_actions (self);
      return;
    }

  load_run (self, g_ptr_array_index (records, selected));
}

static void
sanhe_erp_mrp_page_reload (SanheWorkspacePage *page)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (page);
  SanheRecord *current = gtk_drop_down_get_selected_item (self->runs_drop_down);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_signal_connect_object (sanhe_workspace_page_get_cancellable (page), "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->load_cancellable,
                           G_CONNECT_SWAPPED);

  if (self->wanted_run == 0 && current != NULL)
    self->wanted_run = sanhe_record_get_id (current);
  sanhe_workspace_page_set_loading (page, TRUE);
  sanhe_api_list_page_async (sanhe_workspace_page_get_api (page), "/api/v1/erp/mrp/runs", NULL, 50,
                             self->load_cancellable, on_runs_cb, self);
}

static void
setup_list (SanheErpMrpPage *self,
            SanheErpList    *list)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);

  sanhe_erp_list_set_multiple (list, TRUE);
  sanhe_erp_list_setup (list, sanhe_workspace_page_get_api (page), sanhe_workspace_page_get_cancellable (page),
                        suggestion_columns, G_N_ELEMENTS (suggestion_columns), suggestion_class_cb, self);
  sanhe_erp_list_set_count_func (list, format_suggestions);
  sanhe_erp_list_set_texts (list, _("Nothing to Do"),
                            _("Stock and open supply cover every demand of this run."),
                            _("Search suggestions"));
  g_signal_connect (list, "selection-changed", G_CALLBACK (on_suggestions_selected_cb), self);
  g_signal_connect (list, "loaded", G_CALLBACK (on_list_loaded_cb), self);
}

static void
sanhe_erp_mrp_page_constructed (GObject *object)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (object);
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (sanhe_erp_mrp_page_parent_class)->constructed (object);

  gtk_label_set_text (self->title_label, sanhe_workspace_page_get_title (SANHE_WORKSPACE_PAGE (self)));
  setup_list (self, self->purchase_list);
  setup_list (self, self->production_list);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->pegging)));
  gtk_column_view_set_model (self->pegging_view, GTK_SELECTION_MODEL (selection));
  sanhe_erp_columns_add (self->pegging_view, pegging_columns, G_N_ELEMENTS (pegging_columns), NULL, NULL);
  show_pegging (self, NULL);
  _sanhe_erp_mrp_page_update_actions (self);
}

static void
sanhe_erp_mrp_page_dispose (GObject *object)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ERP_MRP_PAGE);
  g_clear_object (&self->runs);
  g_clear_object (&self->pegging);

  G_OBJECT_CLASS (sanhe_erp_mrp_page_parent_class)->dispose (object);
}

static void
sanhe_erp_mrp_page_class_init (SanheErpMrpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_erp_mrp_page_constructed;
  object_class->dispose = sanhe_erp_mrp_page_dispose;
  page_class->reload = sanhe_erp_mrp_page_reload;

  g_type_ensure (SANHE_TYPE_ERP_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-mrp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, info_label);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, runs_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, kind_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, purchase_page);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, production_page);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, purchase_list);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, production_list);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, pegging_title);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, pegging_subtitle);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, pegging_view);
  gtk_widget_class_bind_template_child (widget_class, SanheErpMrpPage, error_page);

  _sanhe_erp_mrp_page_install_actions (widget_class);
}

static void
sanhe_erp_mrp_page_init (SanheErpMrpPage *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_list_store_new (SANHE_TYPE_RECORD);
  self->pegging = g_list_store_new (SANHE_TYPE_RECORD);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (run_label_cb), NULL, NULL);
  gtk_drop_down_set_model (self->runs_drop_down, G_LIST_MODEL (self->runs));
  gtk_drop_down_set_expression (self->runs_drop_down, expression);
  gtk_expression_unref (expression);
  gtk_widget_set_visible (GTK_WIDGET (self->runs_drop_down), FALSE);

  g_signal_connect (self->runs_drop_down, "notify::selected", G_CALLBACK (on_run_selected_cb), self);
  g_signal_connect (self->kind_stack, "notify::visible-child", G_CALLBACK (on_kind_visible_cb), self);
}

void
sanhe_erp_mrp_page_select_position (SanheErpMrpPage *self,
                                    guint            position)
{
  g_return_if_fail (SANHE_IS_ERP_MRP_PAGE (self));

  sanhe_erp_list_select_position (visible_list (self), position);
}
