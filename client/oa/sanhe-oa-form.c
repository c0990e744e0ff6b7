/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-form"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-form.h"
#include "sanhe-oa-picker.h"
#include "sanhe-oa-text.h"

/*
 * A request form rendered from a process definition: one editor per field
 * type (a table below), a mark on required fields, the error of each field
 * right under it. Checks what it can before sending (required, numbers,
 * dates) and shows the server's 422 details the same way.
 *
 *   text        GtkEntry              money    GtkEntry, 2 decimals
 *   multiline   GtkTextView           date     GtkEntry, a day
 *   number      GtkEntry, decimal     date_range  two GtkEntry (from, to)
 *   choice      GtkDropDown of the options
 *   user, department, customer  SanheOaPicker: a searchable list; sends the id
 *
 * Labels, and the labels of a choice's options, are shown in the user's
 * language when the definition carries "translations" (sanhe_oa_localized).
 */

typedef struct
{
  char      *name;
  char      *type;
  gboolean   required;
  GtkWidget *editor;      /* the entry, text view, drop-down or picker */
  GtkWidget *editor_end;  /* date_range: the last day */
  GtkLabel  *error;
  GtkWidget *label;
  char     **options;     /* choice: the values sent, in the order shown */
} Field;

struct _SanheOaForm
{
  AdwBin     parent_instance;

  GtkGrid   *grid;
  GPtrArray *fields;  /* Field */
};

G_DEFINE_FINAL_TYPE (SanheOaForm, sanhe_oa_form, ADW_TYPE_BIN)

static void
field_free (Field *field)
{
  g_free (field->name);
  g_free (field->type);
  g_strfreev (field->options);
  g_free (field);
}

static gboolean
is_type (Field      *field,
         const char *type)
{
  return g_strcmp0 (field->type, type) == 0;
}

static GtkWidget *
new_entry (const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_widget_set_hexpand (entry, TRUE);

  return entry;
}

static void
create_editor (Field      *field,
               JsonObject *definition)
{
  if (is_type (field, "multiline"))
    {
      GtkWidget *view = gtk_text_view_new ();
      GtkWidget *frame = gtk_frame_new (NULL);

      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_widget_set_size_request (view, -1, 72);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      field->editor = view;
      g_object_set_data (G_OBJECT (view), "sanhe-frame", frame);
    }
  else if (is_type (field, "number") || is_type (field, "money"))
    {
      g_autofree char *zero = sanhe_format_decimal ("0", is_type (field, "money") ? 2 : 0, 2);

      field->editor = new_entry (zero);
      gtk_entry_set_input_purpose (GTK_ENTRY (field->editor), GTK_INPUT_PURPOSE_NUMBER);
      gtk_entry_set_alignment (GTK_ENTRY (field->editor), 1.0);
    }
  else if (is_type (field, "date"))
    /* Translators: placeholder of a date entry */
    field->editor = new_entry (_("YYYY-MM-DD"));
  else if (is_type (field, "date_range"))
    {
      field->editor = new_entry (_("From (YYYY-MM-DD)"));
      field->editor_end = new_entry (_("To (YYYY-MM-DD)"));
    }
  else if (is_type (field, "choice"))
    {
      JsonNode *options = json_object_get_member (definition, "options");
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

      if (options != NULL && JSON_NODE_HOLDS_ARRAY (options))
        {
          JsonArray *array = json_node_get_array (options);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *option = json_array_get_element (array, i);

              /* "air", or {"value":"air","label":"Flight","translations":{…}} */
              if (JSON_NODE_HOLDS_VALUE (option) && json_node_get_value_type (option) == G_TYPE_STRING)
                {
                  g_strv_builder_add (values, json_node_get_string (option));
                  gtk_string_list_append (labels, json_node_get_string (option));
                }
              else if (JSON_NODE_HOLDS_OBJECT (option))
                {
                  JsonObject *object = json_node_get_object (option);
                  const char *value = json_object_get_string_member_with_default (object, "value", "");

                  g_strv_builder_add (values, value);
                  gtk_string_list_append (labels, sanhe_oa_localized (object, "label", value));
                }
            }
        }
      field->options = g_strv_builder_end (values);
      field->editor = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      if (!field->required)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (field->editor), GTK_INVALID_LIST_POSITION);
    }
  else if (sanhe_oa_picker_handles (field->type))
    field->editor = sanhe_oa_picker_new (field->type);
  else
    field->editor = new_entry (NULL);
}

static void
add_field (SanheOaForm *self,
           JsonObject  *definition,
           int          row)
{
  Field *field = g_new0 (Field, 1);
  const char *label_text;
  g_autofree char *text = NULL;
  GtkWidget *label, *box, *editor;

  field->name = g_strdup (json_object_get_string_member_with_default (definition, "name", ""));
  field->type = g_strdup (json_object_get_string_member_with_default (definition, "type", "text"));
  field->required = json_object_get_boolean_member_with_default (definition, "required", FALSE);
  label_text = sanhe_oa_localized (definition, "label", field->name);
  create_editor (field, definition);

  text = g_markup_escape_text (label_text, -1);
  if (field->required)
    {
      g_autofree char *escaped = g_steal_pointer (&text);

      /* A red asterisk marks a required field. */
      text = g_strdup_printf ("%s <span foreground=\"#c01c28\">*</span>", escaped);
    }
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (label, 8);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field->editor);
  field->label = label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  editor = g_object_get_data (G_OBJECT (field->editor), "sanhe-frame");
  if (editor == NULL)
    editor = field->editor;
  if (field->editor_end != NULL)
    {
      GtkWidget *range = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_box_append (GTK_BOX (range), field->editor);
      gtk_box_append (GTK_BOX (range), gtk_label_new ("–"));
      gtk_box_append (GTK_BOX (range), field->editor_end);
      editor = range;
    }
  gtk_box_append (GTK_BOX (box), editor);
  field->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (field->error, 0.0);
  gtk_label_set_wrap (field->error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (field->error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (field->error), "caption");
  gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (field->error));

  gtk_grid_attach (self->grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->grid, box, 1, row, 1, 1);
  g_ptr_array_add (self->fields, field);
}

static void
set_error (Field      *field,
           const char *text)
{
  gtk_label_set_text (field->error, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (field->error), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (field->editor, "error");
  else
    gtk_widget_remove_css_class (field->editor, "error");
}

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;

  return *text == '\0';
}

/* Returns: whether @field is valid; adds its value to @form if set. */
static gboolean
collect_field (Field      *field,
               JsonObject *form)
{
  if (is_type (field, "multiline"))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editor));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (blank (text))
        goto empty;
      json_object_set_string_member (form, field->name, text);
    }
  else if (is_type (field, "number") || is_type (field, "money"))
    {
      g_autofree char *canonical = NULL;

      if (blank (entry_text (field->editor)))
        goto empty;
      if (!sanhe_parse_decimal (entry_text (field->editor), is_type (field, "money") ? 2 : 4, &canonical))
        {
          set_error (field, _("Type a number, such as 1280.50."));
          return FALSE;
        }
      json_object_set_string_member (form, field->name, canonical);
    }
  else if (is_type (field, "date"))
    {
      g_autofree char *day = NULL;

      if (blank (entry_text (field->editor)))
        goto empty;
      if (!sanhe_parse_day (entry_text (field->editor), &day))
        {
          set_error (field, _("Type a date, such as 2026-11-23."));
          return FALSE;
        }
      json_object_set_string_member (form, field->name, day);
    }
  else if (is_type (field, "date_range"))
    {
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      JsonObject *range;

      if (blank (entry_text (field->editor)) && blank (entry_text (field->editor_end)))
        goto empty;
      if (!sanhe_parse_day (entry_text (field->editor), &start)
          || !sanhe_parse_day (entry_text (field->editor_end), &end))
        {
          set_error (field, _("Type the first and the last day, such as 2026-11-23."));
          return FALSE;
        }
      if (g_strcmp0 (start, end) > 0)
        {
          set_error (field, _("The last day comes before the first."));
          return FALSE;
        }
      range = json_object_new ();
      json_object_set_string_member (range, "start", start);
      json_object_set_string_member (range, "end", end);
      json_object_set_object_member (form, field->name, range);
    }
  else if (is_type (field, "choice"))
    {
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->editor));

      if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (field->options))
        goto empty;
      json_object_set_string_member (form, field->name, field->options[selected]);
    }
  else if (SANHE_IS_OA_PICKER (field->editor))
    {
      /* The server takes the record's id (sanhe_fields_get_id). */
      gint64 id = sanhe_oa_picker_get_id (SANHE_OA_PICKER (field->editor));

      if (id <= 0)
        goto empty;
      json_object_set_int_member (form, field->name, id);
    }
  else
    {
      if (blank (entry_text (field->editor)))
        goto empty;
      json_object_set_string_member (form, field->name, entry_text (field->editor));
    }

  set_error (field, NULL);
  return TRUE;

empty:
  if (field->required)
    {
      set_error (field, sanhe_field_error_text ("required"));
      return FALSE;
    }
  set_error (field, NULL);
  return TRUE;
}

static void
sanhe_oa_form_dispose (GObject *object)
{
  SanheOaForm *self = SANHE_OA_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (sanhe_oa_form_parent_class)->dispose (object);
}

static void
sanhe_oa_form_class_init (SanheOaFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sanhe_oa_form_dispose;
}

static void
sanhe_oa_form_init (SanheOaForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 10);
  gtk_grid_set_column_spacing (self->grid, 12);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->grid));
}

/* Returns: (transfer floating): the form of a process definition's @fields. */
GtkWidget *
sanhe_oa_form_new (JsonArray *fields)
{
  SanheOaForm *self = g_object_new (SANHE_TYPE_OA_FORM, NULL);

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    add_field (self, json_array_get_object_element (fields, i), (int) i);

  return GTK_WIDGET (self);
}

void
sanhe_oa_form_set_values (SanheOaForm *self,
                          JsonObject  *values)
{
  g_return_if_fail (SANHE_IS_OA_FORM (self));

  for (guint i = 0; values != NULL && i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *value = json_object_get_member (values, field->name);
      const char *text = NULL;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        text = json_node_get_string (value);

      if (is_type (field, "multiline") && text != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editor)), text, -1);
      else if (is_type (field, "date_range") && JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *range = json_node_get_object (value);

          gtk_editable_set_text (GTK_EDITABLE (field->editor),
                                 json_object_get_string_member_with_default (range, "start", ""));
          gtk_editable_set_text (GTK_EDITABLE (field->editor_end),
                                 json_object_get_string_member_with_default (range, "end", ""));
        }
      else if (is_type (field, "choice") && text != NULL)
        {
          for (guint j = 0; field->options[j] != NULL; j++)
            if (g_str_equal (field->options[j], text))
              gtk_drop_down_set_selected (GTK_DROP_DOWN (field->editor), j);
        }
      else if (SANHE_IS_OA_PICKER (field->editor))
        {
          /* An id, or {"id","name"} when the caller knows the name. */
          JsonObject *record = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
          gint64 id = record != NULL
                      ? json_object_get_int_member_with_default (record, "id", 0)
                      : JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64
                      ? json_node_get_int (value) : 0;

          sanhe_oa_picker_set_value (SANHE_OA_PICKER (field->editor), id,
                                     record != NULL ? json_object_get_string_member_with_default (record, "name", NULL)
                                                    : NULL);
        }
      else if ((is_type (field, "money") || is_type (field, "number")) && text != NULL)
        {
          /* "1280.50" from the server reads "1,280.50" (or "1.280,50"). */
          g_autofree char *shown = is_type (field, "money") ? sanhe_format_decimal (text, 2, 2)
                                                            : sanhe_format_decimal (text, 0, 4);

          gtk_editable_set_text (GTK_EDITABLE (field->editor), shown != NULL ? shown : text);
        }
      else if (GTK_IS_EDITABLE (field->editor) && text != NULL)
        gtk_editable_set_text (GTK_EDITABLE (field->editor), text);
    }
}

/* Returns: (transfer full) (nullable): the form's values as a JSON
 * object, or NULL when a field is not valid (its error is shown). */
JsonNode *
sanhe_oa_form_collect (SanheOaForm *self)
{
  g_autoptr(JsonObject) form = json_object_new ();
  gboolean valid = TRUE;

  g_return_val_if_fail (SANHE_IS_OA_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    valid &= collect_field (g_ptr_array_index (self->fields, i), form);
  if (!valid)
    return NULL;

  return json_node_init_object (json_node_alloc (), form);
}

/* Shows a 422's {"fields":{name:{"code","message"}}} under each field. */
void
sanhe_oa_form_show_errors (SanheOaForm *self,
                           JsonNode    *details)
{
  JsonNode *fields_node;
  JsonObject *fields;

  g_return_if_fail (SANHE_IS_OA_FORM (self));

  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return;
  fields_node = json_object_get_member (json_node_get_object (details), "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return;
  fields = json_node_get_object (fields_node);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *problem = json_object_get_member (fields, field->name);
      const char *code = NULL;

      if (problem == NULL)
        {
          set_error (field, NULL);
          continue;
        }
      if (JSON_NODE_HOLDS_OBJECT (problem))
        code = json_object_get_string_member_with_default (json_node_get_object (problem), "code", NULL);
      else if (JSON_NODE_HOLDS_VALUE (problem))
        code = json_node_get_string (problem);
      set_error (field, sanhe_field_error_text (code));
    }
}

/* The server the pickers ask; without it, the form's workspace page's. */
void
sanhe_oa_form_set_api (SanheOaForm *self,
                       SanheApi    *api)
{
  g_return_if_fail (SANHE_IS_OA_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (SANHE_IS_OA_PICKER (field->editor))
        sanhe_oa_picker_set_api (SANHE_OA_PICKER (field->editor), api);
    }
}

/* Returns: (transfer none) (nullable): the picker of field @name, for
 * automation and tests; NULL when that field has none. */
SanheOaPicker *
sanhe_oa_form_get_picker (SanheOaForm *self,
                          const char  *name)
{
  g_return_val_if_fail (SANHE_IS_OA_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->name, name) == 0 && SANHE_IS_OA_PICKER (field->editor))
        return SANHE_OA_PICKER (field->editor);
    }

  return NULL;
}

/* Gives the field labels the width of the other labels in @group, so that
 * a form lines up with what its host shows above it. */
void
sanhe_oa_form_add_labels_to_group (SanheOaForm  *self,
                                   GtkSizeGroup *group)
{
  g_return_if_fail (SANHE_IS_OA_FORM (self));
  g_return_if_fail (GTK_IS_SIZE_GROUP (group));

  for (guint i = 0; i < self->fields->len; i++)
    gtk_size_group_add_widget (group, ((Field *) g_ptr_array_index (self->fields, i))->label);
}
