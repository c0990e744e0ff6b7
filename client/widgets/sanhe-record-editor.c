/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-record-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-record-editor.h"
#include "sanhe-stale-dialog.h"

/*
 * The editor half of the list + editor pattern: it shows one record (or a
 * new one) in a SanheForm, knows whether it is modified, and saves it:
 * POST for a new record, PATCH with the changed fields and the version for
 * an existing one. 422 lands next to the fields, 409 record.stale_version
 * asks whether to reload or overwrite, anything else shows above the form.
 */
struct _SanheRecordEditor
{
  GtkWidget              parent_instance;

  GtkWidget             *box;   /* the template's root: bound so dispose unparents it */
  GtkWidget             *title_label;
  GtkWidget             *subtitle_label;
  GtkWidget             *stack;
  GtkWidget             *error_label;
  AdwBin                *form_bin;
  GtkWidget             *meta_label;
  GtkWidget             *revert_button;
  GtkWidget             *save_button;

  SanheApi              *api;
  const SanheRecordSpec *spec;
  GCancellable          *cancellable;
  SanheForm             *form;
  gboolean               editing;
  gboolean               saving;
};

G_DEFINE_FINAL_TYPE (SanheRecordEditor, sanhe_record_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAN_SAVE,
  PROP_EDITING,
  N_PROPS
};

enum {
  RECORD_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (SanheRecordEditor *self,
            const char        *text)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), text ? text : "");
  gtk_widget_set_visible (self->error_label, text != NULL && *text != '\0');
}

static void
add_toast (SanheRecordEditor *self,
           const char        *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static char *
dup_record_path (SanheRecordEditor *self,
                 SanheRecord       *record)
{
  g_autofree char *key = sanhe_record_dup_key (record, self->spec->key_member);
  g_autofree char *escaped = g_uri_escape_string (key ? key : "", NULL, FALSE);

  return g_strconcat (self->spec->path, "/", escaped, NULL);
}

static const char *
record_title (SanheRecordEditor *self,
              SanheRecord       *record)
{
  const char *title = sanhe_record_get_string (record, self->spec->title_member);

  if (title == NULL || *title == '\0')
    title = self->spec->subtitle_member
            ? sanhe_record_get_string (record, self->spec->subtitle_member) : NULL;

  return title ? title : "";
}

static void
update_state (SanheRecordEditor *self)
{
  SanheRecord *record = self->form ? sanhe_form_get_record (self->form) : NULL;
  gboolean modified = self->form && sanhe_form_get_modified (self->form);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert",
                                 self->editing && modified && !self->saving);
  gtk_widget_set_visible (self->revert_button, self->editing);
  gtk_widget_set_visible (self->save_button, self->editing);
  /* Also disabled through record.save; sensitivity says it without
   * depending on how the action's state reaches the button. */
  gtk_widget_set_sensitive (self->save_button, sanhe_record_editor_get_can_save (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);

  if (!self->editing)
    {
      gtk_label_set_text (GTK_LABEL (self->title_label), "");
      gtk_label_set_text (GTK_LABEL (self->subtitle_label), "");
      gtk_label_set_text (GTK_LABEL (self->meta_label), "");
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "form");
  if (record == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->title_label), _(self->spec->new_title));
      gtk_label_set_text (GTK_LABEL (self->subtitle_label), "");
      gtk_label_set_text (GTK_LABEL (self->meta_label),
                          modified ? _("Not saved yet") : "");
    }
  else
    {
      const char *subtitle = self->spec->subtitle_member
                             ? sanhe_record_get_string (record, self->spec->subtitle_member) : NULL;
      const char *updated = sanhe_record_get_string (record, "updated_at");

      gtk_label_set_text (GTK_LABEL (self->title_label), record_title (self, record));
      gtk_label_set_text (GTK_LABEL (self->subtitle_label), subtitle ? subtitle : "");
      gtk_widget_set_visible (self->subtitle_label, subtitle != NULL);

      if (modified)
        {
          gtk_label_set_text (GTK_LABEL (self->meta_label), _("Unsaved changes"));
        }
      else if (updated != NULL)
        {
          g_autofree char *when = sanhe_format_datetime (updated);
          /* Translators: %s is a date and time */
          g_autofree char *text = g_strdup_printf (_("Last changed %s"), when);

          gtk_label_set_text (GTK_LABEL (self->meta_label), text);
        }
      else
        {
          gtk_label_set_text (GTK_LABEL (self->meta_label), "");
        }
    }
}

static void
on_form_notify_modified_cb (SanheForm         *form,
                            GParamSpec        *pspec,
                            SanheRecordEditor *self)
{
  update_state (self);
}

static void
on_form_changed_cb (SanheForm         *form,
                    SanheRecordEditor *self)
{
  show_error (self, NULL);
}

static void
finish_saving (SanheRecordEditor *self)
{
  self->saving = FALSE;
  update_state (self);
}

static void
saved (SanheRecordEditor *self,
       JsonNode          *node,
       gboolean           created)
{
  g_autoptr(SanheRecord) record = sanhe_record_new_from_node (node);

  if (record == NULL)
    {
      show_error (self, sanhe_error_text_for_code ("network.bad_response"));
      return;
    }

  sanhe_form_load (self->form, record);
  update_state (self);
  g_signal_emit (self, signals[RECORD_SAVED], 0, record, created);
}

static void send_patch (SanheRecordEditor *self,
                        SanheRecord       *record,
                        gint64             version);

static void
on_fetch_for_overwrite_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(SanheRecordEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SanheRecord) fresh = NULL;
  g_autoptr(GError) error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  fresh = sanhe_record_new_from_node (node);
  if (fresh == NULL)
    {
      show_error (self, error ? sanhe_error_text (error) : NULL);
      finish_saving (self);
      return;
    }

  send_patch (self, sanhe_form_get_record (self->form), sanhe_record_get_version (fresh));
}

static void
on_fetch_for_reload_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SanheRecordEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (error != NULL)
    {
      show_error (self, sanhe_error_text (error));
      update_state (self);
      return;
    }

  saved (self, node, FALSE);
}

static void
on_stale_response_cb (SanheStaleResponse response,
                      gpointer           user_data)
{
  g_autoptr(SanheRecordEditor) self = user_data;
  SanheRecord *record = sanhe_form_get_record (self->form);
  g_autofree char *path = NULL;

  if (response == SANHE_STALE_CANCEL || record == NULL)
    {
      finish_saving (self);
      return;
    }

  path = dup_record_path (self, record);
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable,
                           response == SANHE_STALE_RELOAD
                           ? on_fetch_for_reload_cb : on_fetch_for_overwrite_cb,
                           g_object_ref (self));
}

static void
on_save_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SanheRecordEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = sanhe_form_get_record (self->form) == NULL;
  const char *code;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error == NULL)
    {
      self->saving = FALSE;
      saved (self, node, created);
      add_toast (self, created ? _("Created") : _("Saved"));
      return;
    }

  code = sanhe_error_get_code (error);
  if (g_strcmp0 (code, SANHE_CODE_STALE_VERSION) == 0 && !created)
    {
      sanhe_stale_dialog_present (GTK_WIDGET (self),
                                  record_title (self, sanhe_form_get_record (self->form)),
                                  on_stale_response_cb, g_object_ref (self));
      return;
    }

  if (g_strcmp0 (code, SANHE_CODE_VALIDATION) == 0)
    {
      g_autoptr(GString) unmatched = g_string_new (NULL);

      sanhe_form_show_server_errors (self->form, sanhe_error_get_details (error), unmatched);
      if (unmatched->len > 0)
        {
          g_autofree char *text = g_strconcat (sanhe_error_text (error), "\n",
                                               unmatched->str, NULL);

          show_error (self, text);
        }
      else
        {
          show_error (self, sanhe_error_text (error));
        }
    }
  else
    {
      show_error (self, sanhe_error_text (error));
    }

  finish_saving (self);
}

static void
send_patch (SanheRecordEditor *self,
            SanheRecord       *record,
            gint64             version)
{
  g_autoptr(JsonNode) body = sanhe_form_build_body (self->form, TRUE);
  g_autofree char *path = dup_record_path (self, record);

  json_object_set_int_member (json_node_get_object (body), "version", version);
  sanhe_api_request_async (self->api, "PATCH", path, body, self->cancellable,
                           on_save_cb, g_object_ref (self));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sanhe_record_editor_revert (SANHE_RECORD_EDITOR (widget));
}

static void
sanhe_record_editor_dispose (GObject *object)
{
  SanheRecordEditor *self = (SanheRecordEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_RECORD_EDITOR);
  g_clear_object (&self->api);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sanhe_record_editor_parent_class)->dispose (object);
}

static void
sanhe_record_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SanheRecordEditor *self = SANHE_RECORD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, sanhe_record_editor_get_can_save (self));
      break;
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_record_editor_class_init (SanheRecordEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_record_editor_dispose;
  object_class->get_property = sanhe_record_editor_get_property;

  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The record now on the server; @created for a POST. */
  signals[RECORD_SAVED] =
    g_signal_new ("record-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SANHE_TYPE_RECORD, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sanhe/Sanhe/sanhe-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, box);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, form_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, meta_label);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, revert_button);
  gtk_widget_class_bind_template_child (widget_class, SanheRecordEditor, save_button);

  gtk_widget_class_install_action (widget_class, "editor.revert", NULL, revert_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_record_editor_init (SanheRecordEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

/* Builds the form for @spec; requests use @api and @cancellable. */
void
sanhe_record_editor_setup (SanheRecordEditor     *self,
                           SanheApi              *api,
                           const SanheRecordSpec *spec,
                           GCancellable          *cancellable)
{
  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));
  g_return_if_fail (SANHE_IS_API (api));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (self->spec == NULL);

  self->api = g_object_ref (api);
  self->spec = spec;
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->form = SANHE_FORM (sanhe_form_new (spec->fields, spec->n_fields));
  g_signal_connect (self->form, "notify::modified", G_CALLBACK (on_form_notify_modified_cb), self);
  g_signal_connect (self->form, "changed", G_CALLBACK (on_form_changed_cb), self);
  adw_bin_set_child (self->form_bin, GTK_WIDGET (self->form));
}

SanheForm *
sanhe_record_editor_get_form (SanheRecordEditor *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD_EDITOR (self), NULL);

  return self->form;
}

/* Returns: (transfer none) (nullable): the record shown, NULL for none or new. */
SanheRecord *
sanhe_record_editor_get_record (SanheRecordEditor *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD_EDITOR (self), NULL);

  return self->editing && self->form ? sanhe_form_get_record (self->form) : NULL;
}

/* Shows @record; NULL shows the "nothing selected" state. */
void
sanhe_record_editor_edit (SanheRecordEditor *self,
                          SanheRecord       *record)
{
  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));
  g_return_if_fail (self->form != NULL);

  show_error (self, NULL);
  self->editing = record != NULL;
  sanhe_form_load (self->form, record);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

void
sanhe_record_editor_new_record (SanheRecordEditor *self)
{
  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));
  g_return_if_fail (self->form != NULL);

  show_error (self, NULL);
  self->editing = TRUE;
  sanhe_form_load (self->form, NULL);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
  sanhe_form_focus_first (self->form);
}

gboolean
sanhe_record_editor_get_editing (SanheRecordEditor *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD_EDITOR (self), FALSE);

  return self->editing;
}

gboolean
sanhe_record_editor_get_modified (SanheRecordEditor *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD_EDITOR (self), FALSE);

  return self->editing && self->form && sanhe_form_get_modified (self->form);
}

/* A new record can always be saved (validation tells what is missing); an
 * existing one once changed. */
gboolean
sanhe_record_editor_get_can_save (SanheRecordEditor *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD_EDITOR (self), FALSE);

  if (!self->editing || self->saving || self->form == NULL)
    return FALSE;

  return sanhe_form_get_record (self->form) == NULL || sanhe_form_get_modified (self->form);
}

void
sanhe_record_editor_save (SanheRecordEditor *self)
{
  SanheRecord *record;

  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));

  if (!sanhe_record_editor_get_can_save (self))
    return;

  show_error (self, NULL);
  if (!sanhe_form_validate (self->form))
    {
      show_error (self, sanhe_error_text_for_code (SANHE_CODE_VALIDATION));
      return;
    }

  self->saving = TRUE;
  update_state (self);

  record = sanhe_form_get_record (self->form);
  if (record != NULL)
    {
      send_patch (self, record, sanhe_record_get_version (record));
    }
  else
    {
      g_autoptr(JsonNode) body = sanhe_form_build_body (self->form, FALSE);

      sanhe_api_request_async (self->api, "POST", self->spec->path, body, self->cancellable,
                               on_save_cb, g_object_ref (self));
    }
}

void
sanhe_record_editor_revert (SanheRecordEditor *self)
{
  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));

  if (!self->editing)
    return;

  show_error (self, NULL);
  sanhe_form_load (self->form, sanhe_form_get_record (self->form));
  update_state (self);
}

void
sanhe_record_editor_focus (SanheRecordEditor *self)
{
  g_return_if_fail (SANHE_IS_RECORD_EDITOR (self));

  if (self->editing)
    sanhe_form_focus_first (self->form);
}
