/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-mrp-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-list.h"
#include "sanhe-erp-mrp-page-private.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"

/*
 * The actions of the MRP page: mrp.run (Ctrl+Shift+M) asks the server for
 * a run and waits with a spinner, mrp.stop stops waiting (the run still
 * finishes on the server), mrp.accept-selected (Ctrl+Enter) and
 * mrp.accept-all turn suggestions into purchase orders and production
 * tasks.
 */

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SanheErpMrpPage *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheRecord) run = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    {
      /* Stopped waiting, or the page is gone: the run goes on on the server. */
      if (!g_cancellable_is_cancelled (sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self))))
        {
          self->running = FALSE;
          _sanhe_erp_mrp_page_update_actions (self);
          sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
        }
      return;
    }

  self->running = FALSE;
  run = error == NULL ? sanhe_record_new_from_node (node) : NULL;
  if (run == NULL)
    {
      g_autofree char *text = error ? sanhe_erp_error_text (error) : g_strdup ("");

      adw_status_page_set_title (self->error_page, _("MRP Could Not Finish"));
      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->stack, "error");
      _sanhe_erp_mrp_page_update_actions (self);
      return;
    }

  {
    g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, sanhe_record_get_int (run, "suggestions"));
    g_autofree char *count = sanhe_format_decimal (digits, 0, 0);
    /* Translators: %s is a number of suggestions */
    g_autofree char *toast = g_strdup_printf (_("MRP finished: %s suggestions"), count);

    sanhe_erp_toast (GTK_WIDGET (self), toast);
  }
  self->wanted_run = sanhe_record_get_id (run);
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (widget);
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  if (self->running)
    return;

  json_object_unref (json_node_get_object (body));
  self->running = TRUE;
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  g_signal_connect_object (sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           "cancelled", G_CALLBACK (g_cancellable_cancel), self->run_cancellable,
                           G_CONNECT_SWAPPED);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->runs)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "running");
  gtk_label_set_text (self->info_label, _("Planning on the server…"));
  _sanhe_erp_mrp_page_update_actions (self);
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "POST",
                           "/api/v1/erp/mrp/runs", body, self->run_cancellable, on_run_done_cb, self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_cancellable_cancel (SANHE_ERP_MRP_PAGE (widget)->run_cancellable);
}

static void
on_accepted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SanheErpMrpPage *self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;
  JsonObject *documents;
  JsonArray *orders;
  g_autofree char *text = NULL;
  gint64 tasks;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  self->running = FALSE;
  _sanhe_erp_mrp_page_update_actions (self);
  if (error != NULL)
    {
      text = sanhe_erp_error_text (error);
      sanhe_erp_toast (GTK_WIDGET (self), text);
      return;
    }

  answer = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  documents = answer && json_object_has_member (answer, "documents")
              ? json_object_get_object_member (answer, "documents") : NULL;
  orders = documents && json_object_has_member (documents, "purchase_orders")
           ? json_object_get_array_member (documents, "purchase_orders") : NULL;
  tasks = documents ? json_object_get_int_member_with_default (documents, "production_tasks", 0) : 0;

  {
    guint n_orders = orders ? json_array_get_length (orders) : 0;
    g_autofree char *made_orders = g_strdup_printf (ngettext ("%u purchase order", "%u purchase orders",
                                                              n_orders), n_orders);
    g_autofree char *made_tasks = g_strdup_printf (ngettext ("%u production task", "%u production tasks",
                                                             (gulong)tasks), (guint)tasks);

    /* Translators: "Created 3 purchase orders and 12 production tasks" */
    text = g_strdup_printf (_("Created %s and %s"), made_orders, made_tasks);
  }
  sanhe_erp_toast (GTK_WIDGET (self), text);
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

static void
accept (SanheErpMrpPage *self,
        JsonNode        *which)
{
  SanheRecord *run = gtk_drop_down_get_selected_item (self->runs_drop_down);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;

  if (run == NULL)
    return;

  json_object_set_member (body, "suggestions", which);
  node = json_node_init_object (json_node_alloc (), body);
  path = g_strdup_printf ("/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/accept", sanhe_record_get_id (run));
  self->running = TRUE;
  _sanhe_erp_mrp_page_update_actions (self);
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "POST", path,
                           node, sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_accepted_cb, self);
}

static void
accept_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (widget);
  g_autoptr(JsonArray) ids = json_array_new ();
  SanheErpList *lists[] = { self->purchase_list, self->production_list };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(GPtrArray) selected = sanhe_erp_list_get_selected_all (lists[l]);

      for (guint i = 0; i < selected->len; i++)
        json_array_add_int_element (ids, sanhe_record_get_id (g_ptr_array_index (selected, i)));
    }

  if (json_array_get_length (ids) > 0)
    accept (self, json_node_init_array (json_node_alloc (), ids));
}

static void
on_accept_all_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           SanheErpMrpPage  *self)
{
  if (g_strcmp0 (response, "accept") == 0)
    {
      JsonNode *all = json_node_new (JSON_NODE_VALUE);

      json_node_set_string (all, "all");
      accept (self, all);
    }
  g_object_unref (self);
}

static void
accept_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SanheErpMrpPage *self = SANHE_ERP_MRP_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Accept Every Suggestion?"),
                                   _("Every suggestion of this run not accepted yet becomes a purchase "
                                     "order or a production task."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Accept All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_accept_all_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sanhe_erp_mrp_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "mrp.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "mrp.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "mrp.accept-selected", NULL, accept_selected_action);
  gtk_widget_class_install_action (widget_class, "mrp.accept-all", NULL, accept_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "mrp.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "mrp.accept-selected", NULL);
}
