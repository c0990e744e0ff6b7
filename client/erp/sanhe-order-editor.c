/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-order-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-columns.h"
#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-form.h"
#include "sanhe-format.h"
#include "sanhe-item-picker.h"
#include "sanhe-order-editor-private.h"
#include "sanhe-order-lines.h"

/*
 * One purchase or sales order: its partner, a grid of lines (typed into
 * while the order is a draft), the total, and the actions its state
 * allows — Confirm, Receive or Ship, Cancel, and for a sale its kit
 * analysis (sanhe-order-actions.c). Ctrl+S saves a draft: POST for a new
 * one, PATCH with the version (a stale one asks to reload or overwrite).
 * Under the lines, the order's approvals (sanhe-order-approvals.c).
 */

G_DEFINE_FINAL_TYPE (SanheOrderEditor, sanhe_order_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SAVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _sanhe_order_editor_signals[_SANHE_ORDER_EDITOR_N_SIGNALS];

static const SanheFormField supplier_fields[] = {
  { .name = "partner_id", .label = N_("_Supplier"), .type = SANHE_FORM_REFERENCE,
    .flags = SANHE_FORM_MANDATORY, .source = "partners", .source_key = "id",
    .source_label = "name", .current = "supplier" },
};

static const SanheFormField customer_fields[] = {
  { .name = "partner_id", .label = N_("_Customer"), .type = SANHE_FORM_REFERENCE,
    .flags = SANHE_FORM_MANDATORY, .source = "partners", .source_key = "id",
    .source_label = "name", .current = "customer" },
};

static const char *
state_of (SanheOrderEditor *self)
{
  return self->order ? sanhe_record_get_string (self->order, "state") : "draft";
}

gboolean
_sanhe_order_editor_is_draft (SanheOrderEditor *self)
{
  return g_strcmp0 (state_of (self), "draft") == 0;
}

void
_sanhe_order_editor_show_error (SanheOrderEditor *self,
                                const char       *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL && *text != '\0');
}

gboolean
_sanhe_order_editor_lines_modified (SanheOrderEditor *self)
{
  g_autofree char *key = sanhe_order_lines_key (G_LIST_MODEL (self->lines), self->spec);

  return g_strcmp0 (key, self->original_key) != 0;
}

gboolean
sanhe_order_editor_get_modified (SanheOrderEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ORDER_EDITOR (self), FALSE);

  return self->editing && self->partner_form != NULL
         && (sanhe_form_get_modified (self->partner_form) || _sanhe_order_editor_lines_modified (self));
}

gboolean
sanhe_order_editor_get_can_save (SanheOrderEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ORDER_EDITOR (self), FALSE);

  return self->editing && self->writable && !self->busy && _sanhe_order_editor_is_draft (self)
         && (self->order == NULL || sanhe_order_editor_get_modified (self));
}

static SanheErpLine *
selected_line (SanheOrderEditor *self,
               guint            *position)
{
  SanheErpLine *line = gtk_single_selection_get_selected_item (self->line_selection);

  *position = gtk_single_selection_get_selected (self->line_selection);
  return line;
}

void
_sanhe_order_editor_update (SanheOrderEditor *self)
{
  gboolean modified = sanhe_order_editor_get_modified (self);
  gboolean draft = _sanhe_order_editor_is_draft (self);
  gboolean editable = self->editing && self->writable && draft && !self->busy;
  gboolean saved = self->order != NULL && !modified && !self->busy;
  const char *state = state_of (self);
  guint position;
  g_autofree char *total = NULL;
  g_autofree char *total_text = NULL;

  gtk_stack_set_visible_child_name (self->stack, self->editing ? "order" : "empty");
  gtk_widget_set_visible (self->lines_toolbar, self->editing);
  gtk_widget_set_visible (self->add_line_button, editable);
  gtk_widget_set_visible (self->remove_line_button, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.add-line", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.remove-line",
                                 editable && selected_line (self, &position) != NULL);
  if (self->partner_form != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->partner_form), editable);

  gtk_widget_set_visible (self->save_button, self->writable && draft && self->editing);
  gtk_widget_set_visible (self->revert_button, self->writable && draft && self->editing);
  gtk_widget_set_sensitive (self->save_button, sanhe_order_editor_get_can_save (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.revert", modified && !self->busy);

  gtk_widget_set_visible (self->confirm_button, self->writable && draft && self->order != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.confirm", self->writable && draft && saved);
  gtk_widget_set_visible (self->fulfil_button, self->can_fulfil && sanhe_erp_order_is_open (state));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.fulfil",
                                 self->can_fulfil && sanhe_erp_order_is_open (state) && saved);
  gtk_widget_set_visible (self->cancel_button, self->writable && self->order != NULL
                          && (draft || g_strcmp0 (state, "confirmed") == 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.cancel", self->writable && saved
                                 && (draft || g_strcmp0 (state, "confirmed") == 0));
  gtk_widget_set_visible (self->kit_button, self->spec->kind == SANHE_ERP_ORDER_SALES
                          && self->order != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.kit",
                                 self->spec->kind == SANHE_ERP_ORDER_SALES && self->order != NULL
                                 && g_strcmp0 (state, "cancelled") != 0);

  sanhe_erp_state_pill_set (self->state_pill, self->editing ? state : NULL);
  if (self->order == NULL)
    {
      gtk_label_set_text (self->title_label, self->editing ? _(self->spec->new_title) : "");
      gtk_label_set_text (self->subtitle_label, "");
    }
  else
    {
      gtk_label_set_text (self->title_label, sanhe_record_get_string (self->order, "number"));
      gtk_label_set_text (self->subtitle_label,
                          sanhe_record_get_string (self->order, self->spec->kind == SANHE_ERP_ORDER_SALES
                                                   ? "customer.name" : "supplier.name"));
    }

  total = sanhe_order_lines_total (G_LIST_MODEL (self->lines));
  {
    g_autofree char *amount = sanhe_format_decimal (total, 2, 2);

    /* Translators: %s is the order's total amount */
    total_text = g_strdup_printf (_("Total %s"), amount);
  }
  gtk_label_set_text (self->total_label, self->editing ? total_text : "");

  if (!self->editing)
    gtk_label_set_text (self->meta_label, "");
  else if (self->order == NULL)
    gtk_label_set_text (self->meta_label, modified ? _("Not saved yet") : "");
  else if (modified)
    gtk_label_set_text (self->meta_label, _("Unsaved changes"));
  else
    {
      g_autofree char *when = sanhe_format_datetime (sanhe_record_get_string (self->order, "updated_at"));
      g_autofree char *text = g_strdup_printf (_("Last changed %s"), when);

      gtk_label_set_text (self->meta_label, text);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
}

static void
load_partner (SanheOrderEditor *self)
{
  g_autoptr(SanheRecord) display = NULL;

  if (self->order != NULL)
    {
      g_autoptr(JsonObject) object = sanhe_erp_json_copy (sanhe_record_get_object (self->order));
      g_autofree char *path = g_strconcat (self->spec->partner, ".id", NULL);

      json_object_set_int_member (object, "partner_id", sanhe_erp_json_int (object, path));
      display = sanhe_record_new (object);
    }
  sanhe_form_load (self->partner_form, display);
}

static void
load_lines (SanheOrderEditor *self)
{
  gboolean editable = self->writable && _sanhe_order_editor_is_draft (self);

  sanhe_order_lines_fill (self->lines, self->spec, self->order, editable);
  g_clear_pointer (&self->original_key, g_free);
  self->original_key = sanhe_order_lines_key (G_LIST_MODEL (self->lines), self->spec);
}

/* Shows @node, the order as the server has it now, dropping edits. */
void
_sanhe_order_editor_take (SanheOrderEditor *self,
                          JsonNode         *node,
                          gboolean          created)
{
  g_autoptr(SanheRecord) order = sanhe_record_new_from_node (node);

  if (order == NULL)
    {
      _sanhe_order_editor_show_error (self, sanhe_error_text_for_code ("network.bad_response"));
      return;
    }

  g_set_object (&self->order, order);
  self->editing = TRUE;
  load_partner (self);
  load_lines (self);
  _sanhe_order_editor_update_approvals (self);
  _sanhe_order_editor_update (self);
  g_signal_emit (self, _sanhe_order_editor_signals[SAVED], 0, order, created);
}

void
_sanhe_order_editor_finish (SanheOrderEditor *self,
                            const char       *toast)
{
  self->busy = FALSE;
  _sanhe_order_editor_update (self);
  if (toast != NULL)
    sanhe_erp_toast (GTK_WIDGET (self), toast);
}

static void
on_picked_cb (SanheRecord *item,
              gpointer     owner)
{
  SanheOrderEditor *self = owner;
  g_autoptr(SanheErpLine) line = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  if (item == NULL || !self->editing)
    return;

  line = sanhe_order_line_new_for_item (self->spec, item, n_items + 1);
  g_list_store_append (self->lines, line);
  gtk_single_selection_set_selected (self->line_selection, n_items);
  _sanhe_order_editor_update (self);
}

static void
add_line_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);

  sanhe_item_picker_present (widget, self->api, _("Add a Line"), on_picked_cb, self);
}

static void
remove_line_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);
  guint position;

  if (selected_line (self, &position) == NULL)
    return;

  g_list_store_remove (self->lines, position);
  _sanhe_order_editor_update (self);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (widget);

  _sanhe_order_editor_show_error (self, NULL);
  load_partner (self);
  load_lines (self);
  _sanhe_order_editor_update (self);
}

static void
on_lines_changed_cb (GListModel       *model,
                     guint             position,
                     guint             removed,
                     guint             added,
                     SanheOrderEditor *self)
{
  /* Each line reports its own edits too. */
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (model, i);

      g_signal_connect_object (line, "changed", G_CALLBACK (_sanhe_order_editor_update),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  _sanhe_order_editor_update (self);
}

static void
on_partners_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SanheOrderEditor *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (object), result, NULL, &error);
  if (records == NULL)
    {
      if (!sanhe_erp_error_is_cancelled (error))
        g_debug ("Cannot load the partners: %s", error->message);
      return;
    }

  store = g_list_store_new (SANHE_TYPE_RECORD);
  g_list_store_splice (store, 0, 0, records->pdata, records->len);
  sanhe_form_set_source (self->partner_form, "partners", G_LIST_MODEL (store));
}

static void
sanhe_order_editor_dispose (GObject *object)
{
  SanheOrderEditor *self = (SanheOrderEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ORDER_EDITOR);
  g_clear_object (&self->line_selection);
  g_clear_object (&self->order);
  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_body, json_node_unref);
  g_clear_pointer (&self->original_key, g_free);

  G_OBJECT_CLASS (sanhe_order_editor_parent_class)->dispose (object);
}

static void
sanhe_order_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SanheOrderEditor *self = SANHE_ORDER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, sanhe_order_editor_get_can_save (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_order_editor_class_init (SanheOrderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_order_editor_dispose;
  object_class->get_property = sanhe_order_editor_get_property;

  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The order now on the server (saved, confirmed, received…). */
  _sanhe_order_editor_signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SANHE_TYPE_RECORD, G_TYPE_BOOLEAN);
  /* The user asked for the kit analysis of this sales order. */
  _sanhe_order_editor_signals[OPEN_KIT] =
    g_signal_new ("open-kit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SANHE_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-order-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, box);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, state_pill);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, partner_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, lines_toolbar);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, add_line_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, remove_line_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, total_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, lines_view);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, approvals_separator);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, approvals_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, meta_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, kit_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, fulfil_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, revert_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOrderEditor, save_button);

  gtk_widget_class_install_action (widget_class, "order.add-line", NULL, add_line_action);
  gtk_widget_class_install_action (widget_class, "order.remove-line", NULL, remove_line_action);
  gtk_widget_class_install_action (widget_class, "order.revert", NULL, revert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "order.add-line", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "order.remove-line", NULL);
  _sanhe_order_editor_install_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_order_editor_init (SanheOrderEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lines = g_list_store_new (SANHE_TYPE_ERP_LINE);
  self->line_selection = gtk_single_selection_new (G_LIST_MODEL (self->lines));
  gtk_single_selection_set_autoselect (self->line_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->line_selection, TRUE);
  gtk_column_view_set_model (self->lines_view, GTK_SELECTION_MODEL (self->line_selection));

  g_signal_connect (self->lines, "items-changed", G_CALLBACK (on_lines_changed_cb), self);
  g_signal_connect_swapped (self->line_selection, "notify::selected",
                            G_CALLBACK (_sanhe_order_editor_update), self);
}

void
sanhe_order_editor_setup (SanheOrderEditor        *self,
                          SanheApi                *api,
                          GCancellable            *cancellable,
                          const SanheErpOrderSpec *spec)
{
  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));
  g_return_if_fail (self->spec == NULL);

  self->api = g_object_ref (api);
  self->cancellable = g_object_ref (cancellable);
  self->spec = spec;
  self->writable = sanhe_api_has_permission (api, spec->write_permission);
  self->can_fulfil = sanhe_api_has_permission (api, SANHE_PERM_STOCK_WRITE);

  self->partner_form = SANHE_FORM (spec->kind == SANHE_ERP_ORDER_SALES
                                   ? sanhe_form_new (customer_fields, G_N_ELEMENTS (customer_fields))
                                   : sanhe_form_new (supplier_fields, G_N_ELEMENTS (supplier_fields)));
  adw_bin_set_child (self->partner_bin, GTK_WIDGET (self->partner_form));
  g_signal_connect_swapped (self->partner_form, "notify::modified",
                            G_CALLBACK (_sanhe_order_editor_update), self);

  sanhe_erp_columns_add (self->lines_view, spec->line_columns, spec->n_line_columns, NULL, NULL);
  gtk_button_set_label (GTK_BUTTON (self->fulfil_button), _(spec->fulfil_label));
  gtk_widget_set_tooltip_text (self->fulfil_button, _(spec->fulfil_tooltip));
  _sanhe_order_editor_setup_approvals (self);
  _sanhe_order_editor_update (self);
}

void
sanhe_order_editor_load_sources (SanheOrderEditor *self)
{
  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));

  if (self->writable)
    sanhe_api_list_page_async (self->api, self->spec->partner_path, NULL, 500, self->cancellable,
                               on_partners_cb, self);
}

/* Shows @order (NULL: nothing selected). */
void
sanhe_order_editor_edit (SanheOrderEditor *self,
                         SanheRecord      *order)
{
  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));

  _sanhe_order_editor_show_error (self, NULL);
  self->editing = order != NULL;
  g_set_object (&self->order, order);
  load_partner (self);
  load_lines (self);
  _sanhe_order_editor_update_approvals (self);
  _sanhe_order_editor_update (self);
}

void
sanhe_order_editor_new_order (SanheOrderEditor *self)
{
  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));

  if (!self->writable)
    return;

  _sanhe_order_editor_show_error (self, NULL);
  self->editing = TRUE;
  g_clear_object (&self->order);
  load_partner (self);
  load_lines (self);
  _sanhe_order_editor_update_approvals (self);
  _sanhe_order_editor_update (self);
  sanhe_form_focus_first (self->partner_form);
}

/* Returns: (transfer none) (nullable) */
SanheRecord *
sanhe_order_editor_get_order (SanheOrderEditor *self)
{
  g_return_val_if_fail (SANHE_IS_ORDER_EDITOR (self), NULL);

  return self->order;
}
