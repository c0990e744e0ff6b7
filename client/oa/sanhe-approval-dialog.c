/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-approval-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-approval-dialog.h"
#include "sanhe-oa-text.h"

/*
 * "Request Approval…" of a record: choose the process (the host's
 * natural one is chosen at first: a purchase request for a purchase
 * order), fill its form — prefilled with what the record says, such as
 * the amount — and submit it with the record as its subject:
 *
 *   POST /api/v1/oa/requests {"process","form","subject":{"type","id"}}
 *
 * A 422 marks the fields it names; success emits "submitted" and closes.
 */

struct _SanheApprovalDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *submit_button;
  GtkSpinner     *spinner;
  GtkWidget      *process_label;
  GtkDropDown    *process_drop_down;
  GtkLabel       *hint_label;
  GtkLabel       *error_label;
  AdwBin         *form_bin;

  SanheApi       *api;
  GCancellable   *cancellable;
  char           *subject_type;
  gint64          subject_id;
  char           *process;        /* the chosen one's key */
  JsonObject     *prefill;
  GPtrArray      *keys;           /* of the drop-down's rows */
  GHashTable     *definitions;    /* key → JsonObject with its form */
  SanheOaForm    *form;
  GtkSizeGroup   *labels;         /* "Process" and the form's labels line up */
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (SanheApprovalDialog, sanhe_approval_dialog, ADW_TYPE_WINDOW)

enum {
  SUBMITTED,
  FORM_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SanheApprovalDialog *self,
            const char          *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
set_busy (SanheApprovalDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approval.submit", !busy && self->form != NULL);
}

static JsonArray *
form_fields (JsonObject *definition)
{
  JsonNode *form = definition != NULL ? json_object_get_member (definition, "form") : NULL;

  return form != NULL && JSON_NODE_HOLDS_ARRAY (form) ? json_node_get_array (form) : NULL;
}

static void
show_form (SanheApprovalDialog *self)
{
  JsonObject *definition = g_hash_table_lookup (self->definitions, self->process);
  GtkWidget *form = sanhe_oa_form_new (form_fields (definition));

  self->form = SANHE_OA_FORM (form);
  sanhe_oa_form_set_api (self->form, self->api);
  sanhe_oa_form_add_labels_to_group (self->form, self->labels);
  if (self->prefill != NULL)
    sanhe_oa_form_set_values (self->form, self->prefill);
  adw_bin_set_child (self->form_bin, form);
  gtk_label_set_text (self->hint_label, _("Fields marked with a red asterisk are required."));
  set_busy (self, FALSE);
  g_signal_emit (self, signals[FORM_READY], 0);
}

static void
on_definition_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SanheApprovalDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  const char *key;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_busy (self, FALSE);
      show_error (self, error != NULL ? sanhe_error_text (error) : sanhe_error_text_for_code ("network.bad_response"));
      return;
    }
  key = json_object_get_string_member_with_default (json_node_get_object (node), "key", NULL);
  if (key == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, sanhe_error_text_for_code ("network.bad_response"));
      return;
    }
  g_hash_table_replace (self->definitions, g_strdup (key), json_object_ref (json_node_get_object (node)));
  /* The user may have chosen another process meanwhile. */
  if (g_strcmp0 (key, self->process) == 0)
    show_form (self);
}

static void
choose_process (SanheApprovalDialog *self,
                const char          *key)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_free (self->process);
  self->process = g_strdup (key);
  self->form = NULL;
  adw_bin_set_child (self->form_bin, NULL);
  show_error (self, NULL);
  if (key == NULL)
    return;
  if (g_hash_table_contains (self->definitions, key))
    {
      show_form (self);
      return;
    }

  set_busy (self, TRUE);
  escaped = g_uri_escape_string (key, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/oa/processes/%s", escaped);
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_definition_cb, self);
}

static void
on_process_selected_cb (GtkDropDown         *drop_down,
                        GParamSpec          *pspec,
                        SanheApprovalDialog *self)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected < self->keys->len)
    choose_process (self, g_ptr_array_index (self->keys, selected));
}

static void
fill_processes (SanheApprovalDialog *self,
                JsonArray           *items)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint chosen = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->keys, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *process = json_array_get_object_element (items, i);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key == NULL)
        continue;
      if (g_strcmp0 (key, self->process) == 0)
        chosen = self->keys->len;
      g_ptr_array_add (self->keys, g_strdup (key));
      gtk_string_list_append (names, sanhe_oa_localized (process, "name", key));
    }

  g_signal_handlers_block_by_func (self->process_drop_down, on_process_selected_cb, self);
  gtk_drop_down_set_model (self->process_drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->process_drop_down, chosen);
  g_signal_handlers_unblock_by_func (self->process_drop_down, on_process_selected_cb, self);

  if (chosen != GTK_INVALID_LIST_POSITION)
    choose_process (self, g_ptr_array_index (self->keys, chosen));
  else
    /* Translators: the request dialog before a process is chosen */
    gtk_label_set_text (self->hint_label, _("Choose the process this record goes through."));
}

static void
on_processes_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SanheApprovalDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      show_error (self, error != NULL ? sanhe_error_text (error) : sanhe_error_text_for_code ("network.bad_response"));
      return;
    }
  fill_processes (self, json_node_get_array (items));
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SanheApprovalDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (self->form != NULL)
        sanhe_oa_form_show_errors (self->form, sanhe_error_get_details (error));
      show_error (self, error != NULL ? sanhe_error_text (error) : sanhe_error_text_for_code ("network.bad_response"));
      return;
    }

  g_signal_emit (self, signals[SUBMITTED], 0, node);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sanhe_approval_dialog_submit (SANHE_APPROVAL_DIALOG (widget));
}

static void
sanhe_approval_dialog_dispose (GObject *object)
{
  SanheApprovalDialog *self = SANHE_APPROVAL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_APPROVAL_DIALOG);
  self->form = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->subject_type, g_free);
  g_clear_pointer (&self->process, g_free);
  g_clear_pointer (&self->prefill, json_object_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->definitions, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_approval_dialog_parent_class)->dispose (object);
}

static void
sanhe_approval_dialog_class_init (SanheApprovalDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_approval_dialog_dispose;

  /* The request as the server created it. */
  signals[SUBMITTED] =
    g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);
  /* The chosen process's form is shown (and prefilled). */
  signals[FORM_READY] =
    g_signal_new ("form-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-approval-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, process_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, process_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalDialog, form_bin);

  gtk_widget_class_install_action (widget_class, "approval.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "approval.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sanhe_approval_dialog_init (SanheApprovalDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sanhe_oa_ensure_style ();

  self->cancellable = g_cancellable_new ();
  self->labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  gtk_size_group_add_widget (self->labels, self->process_label);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->definitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  g_signal_connect (self->process_drop_down, "notify::selected", G_CALLBACK (on_process_selected_cb), self);
}

/* Returns: (transfer none): a dialog filing a request of @process (NULL:
 * the user chooses) about record @subject_id of @subject_type, its form
 * starting with @prefill; transient for @parent's window. */
SanheApprovalDialog *
sanhe_approval_dialog_new (GtkWidget  *parent,
                           SanheApi   *api,
                           const char *subject_type,
                           gint64      subject_id,
                           const char *subject_label,
                           const char *process,
                           JsonObject *prefill)
{
  SanheApprovalDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (SANHE_IS_API (api), NULL);
  g_return_val_if_fail (subject_type != NULL && subject_id > 0, NULL);

  self = g_object_new (SANHE_TYPE_APPROVAL_DIALOG, NULL);
  self->api = g_object_ref (api);
  self->subject_type = g_strdup (subject_type);
  self->subject_id = subject_id;
  self->process = g_strdup (process);
  self->prefill = prefill != NULL ? json_object_ref (prefill) : NULL;
  adw_window_title_set_subtitle (self->window_title, subject_label != NULL ? subject_label : "");

  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));

  set_busy (self, TRUE);
  sanhe_api_request_async (api, "GET", "/api/v1/oa/processes", NULL, self->cancellable, on_processes_cb, self);

  return self;
}

/* Returns: (transfer none) (nullable): the form, once its process is known. */
SanheOaForm *
sanhe_approval_dialog_get_form (SanheApprovalDialog *self)
{
  g_return_val_if_fail (SANHE_IS_APPROVAL_DIALOG (self), NULL);

  return self->form;
}

void
sanhe_approval_dialog_submit (SanheApprovalDialog *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) form = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (SANHE_IS_APPROVAL_DIALOG (self));

  if (self->busy || self->form == NULL || self->process == NULL)
    return;
  form = sanhe_oa_form_collect (self->form);
  if (form == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, self->process);
  json_builder_set_member_name (builder, "form");
  json_builder_add_value (builder, g_steal_pointer (&form));
  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, self->subject_type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->subject_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  show_error (self, NULL);
  set_busy (self, TRUE);
  sanhe_api_request_async (self->api, "POST", "/api/v1/oa/requests", body, self->cancellable,
                           on_submitted_cb, g_object_ref (self));
}
