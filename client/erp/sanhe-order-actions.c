/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-order-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-util.h"
#include "sanhe-fulfil-dialog.h"
#include "sanhe-order-editor-private.h"

/*
 * What an order's state allows, as actions of the order editor:
 * order.confirm (Ctrl+Enter), order.fulfil — receive or ship, in a dialog
 * choosing quantities and warehouses (Ctrl+Shift+R) —, order.cancel (asks
 * first) and order.kit (Ctrl+Shift+K). Each carries the version the user
 * saw: an order someone changed meanwhile is fetched again, not acted on.
 */

typedef struct
{
  SanheOrderEditor *self;
  const char       *toast;
} ActionData;

static void
on_action_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ActionData *data = user_data;
  g_autoptr(SanheOrderEditor) self = data->self;
  const char *toast = data->toast;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);
  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error != NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      _sanhe_order_editor_show_error (self, text);
      /* Someone moved the order on: show where it is now. */
      if (g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_STALE_VERSION) == 0
          || g_strcmp0 (sanhe_error_get_code (error), "erp.order.invalid_state") == 0
          || g_strcmp0 (sanhe_error_get_code (error), "erp.order.not_draft") == 0)
        {
          _sanhe_order_editor_refetch (self);
          return;
        }
      _sanhe_order_editor_finish (self, NULL);
      return;
    }

  _sanhe_order_editor_take (self, node, FALSE);
  _sanhe_order_editor_finish (self, toast);
}

static void
post_action (SanheOrderEditor *self,
             const char       *verb,
             const char       *toast)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  ActionData *data;

  if (self->order == NULL || self->busy)
    return;

  _sanhe_order_editor_show_error (self, NULL);
  self->busy = TRUE;
  _sanhe_order_editor_update (self);

  json_object_set_int_member (body, "version", sanhe_record_get_version (self->order));
  node = json_node_init_object (json_node_alloc (), body);
  path = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%s", self->spec->path,
                          sanhe_record_get_id (self->order), verb);
  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->toast = toast;
  sanhe_api_request_async (self->api, "POST", path, node, self->cancellable, on_action_cb, data);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  post_action (SANHE_ORDER_EDITOR (widget), "confirm", _("Order confirmed"));
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SanheOrderEditor *self)
{
  if (g_strcmp0 (response, "cancel-order") == 0)
    post_action (self, "cancel", _("Order cancelled"));
  g_object_unref (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->order == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  /* Translators: %s is an order number */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Cancel %s?"),
                                     sanhe_record_get_string (self->order, "number"));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("A cancelled order is kept for the record but can no longer be "
                                 "confirmed, received or shipped. This cannot be undone."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Order"),
                                    "cancel-order", _("_Cancel Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-order",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_fulfilled_cb (SanheFulfilDialog *dialog,
                 JsonNode          *order,
                 SanheOrderEditor  *self)
{
  _sanhe_order_editor_take (self, order, FALSE);
  _sanhe_order_editor_finish (self, _(self->spec->fulfilled_toast));
}

static void
fulfil_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);
  SanheFulfilDialog *dialog;

  if (self->order == NULL || self->busy)
    return;

  _sanhe_order_editor_show_error (self, NULL);
  dialog = sanhe_fulfil_dialog_new (widget, self->api, self->spec, self->order);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_fulfilled_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
kit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);

  if (self->order != NULL)
    g_signal_emit (self, _sanhe_order_editor_signals[OPEN_KIT], 0, self->order);
}

void
_sanhe_order_editor_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "order.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "order.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "order.fulfil", NULL, fulfil_action);
  gtk_widget_class_install_action (widget_class, "order.kit", NULL, kit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "order.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "order.fulfil", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "order.kit", NULL);
}
