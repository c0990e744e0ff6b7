/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-format.h"
#include "sanhe-oa-designer-private.h"
#include "sanhe-oa-text.h"

/*
 * The Form tab: the process's name (in each language) and key, and the
 * fields of its form in order: label (in each language), the name
 * conditions use, type, required, bounds for numbers and dates, options
 * for a choice. A renamed field renames the conditions and assignee rules
 * that use it.
 */

static JsonObject *
selected_field (SanheOaDesigner *self)
{
  if (self->definition == NULL)
    return NULL;
  return sanhe_oa_process_element (self->definition, "form", self->field);
}

/* What a field is called: its label in the user's language, else its name. */
static const char *
field_title (JsonObject *field)
{
  return sanhe_oa_localized (field, "label", sanhe_json_object_get_string (field, "name"));
}

static gboolean
takes_bounds (const char *type)
{
  return g_strcmp0 (type, "number") == 0 || g_strcmp0 (type, "money") == 0
         || g_strcmp0 (type, "date") == 0 || g_strcmp0 (type, "date_range") == 0;
}

static char *
describe_field (JsonObject *field)
{
  const char *name = sanhe_json_object_get_string (field, "name");
  const char *type = sanhe_json_object_get_string (field, "type");
  const char *kind = type != NULL ? sanhe_oa_choice_label (SANHE_OA_CHOICES_FIELD_TYPE, type) : "?";

  if (json_object_get_boolean_member_with_default (field, "required", FALSE))
    /* Translators: a form field in the designer: its name, type, and that it is required */
    return g_strdup_printf (_("%s · %s · required"), name != NULL ? name : "?", kind);
  /* Translators: a form field in the designer: its name and type */
  return g_strdup_printf (_("%s · %s"), name != NULL ? name : "?", kind);
}

static void
refresh_field_row (SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->fields_list, self->field);
  g_autofree char *subtitle = NULL;

  if (field == NULL || row == NULL)
    return;
  subtitle = describe_field (field);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (field));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
fill_field (SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);
  const char *type = sanhe_json_object_get_string (field, "type");
  JsonArray *options = sanhe_json_object_get_array (field, "options");
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean filling = self->filling;

  if (field == NULL)
    {
      gtk_stack_set_visible_child_name (self->field_stack, "none");
      return;
    }
  self->filling = TRUE;
  _sanhe_oa_entry_set_text (self->field_label, sanhe_json_object_get_string (field, "label"));
  _sanhe_oa_entry_set_text (self->field_label_zh, sanhe_oa_get_translation (field, "zh_CN"));
  _sanhe_oa_entry_set_text (self->field_label_es, sanhe_oa_get_translation (field, "es"));
  _sanhe_oa_entry_set_text (self->field_name, sanhe_json_object_get_string (field, "name"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->field_name), "error");
  _sanhe_oa_combo_set_value (self->field_type, SANHE_OA_CHOICES_FIELD_TYPE, type);
  gtk_switch_set_active (self->field_required, json_object_get_boolean_member_with_default (field, "required", FALSE));
  _sanhe_oa_entry_set_text (self->field_min, sanhe_json_object_get_string (field, "min"));
  _sanhe_oa_entry_set_text (self->field_max, sanhe_json_object_get_string (field, "max"));
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *option = json_array_get_element (options, i);
      const char *value = JSON_NODE_HOLDS_OBJECT (option)
                          ? sanhe_json_object_get_string (json_node_get_object (option), "value")
                          : sanhe_json_node_get_string (option);

      if (value != NULL)
        g_string_append_printf (text, text->len > 0 ? ", %s" : "%s", value);
    }
  _sanhe_oa_entry_set_text (self->field_options, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->field_min), takes_bounds (type));
  gtk_widget_set_visible (GTK_WIDGET (self->field_max), takes_bounds (type));
  gtk_widget_set_visible (GTK_WIDGET (self->field_options), g_strcmp0 (type, "choice") == 0);
  gtk_stack_set_visible_child_name (self->field_stack, "field");
  self->filling = filling;
}

/* Fills the Form tab from the working copy. */
void
_sanhe_oa_designer_fill_form (SanheOaDesigner *self)
{
  JsonArray *form = sanhe_oa_process_array (self->definition, "form");
  gboolean filling = self->filling;
  GtkWidget *child;

  self->filling = TRUE;
  _sanhe_oa_entry_set_text (self->process_name, sanhe_json_object_get_string (self->definition, "name"));
  _sanhe_oa_entry_set_text (self->process_name_zh, sanhe_oa_get_translation (self->definition, "zh_CN"));
  _sanhe_oa_entry_set_text (self->process_name_es, sanhe_oa_get_translation (self->definition, "es"));
  _sanhe_oa_entry_set_text (self->process_key, sanhe_json_object_get_string (self->definition, "key"));
  /* Requests refer to a process by key: it is chosen once. */
  gtk_editable_set_editable (GTK_EDITABLE (self->process_key), self->version == 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_list))) != NULL)
    gtk_list_box_remove (self->fields_list, child);
  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      JsonObject *field = json_array_get_object_element (form, i);
      g_autofree char *subtitle = field != NULL ? describe_field (field) : NULL;
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (field));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->fields_list, row);
    }
  if (self->field >= 0 && (guint) self->field < json_array_get_length (form))
    gtk_list_box_select_row (self->fields_list, gtk_list_box_get_row_at_index (self->fields_list, self->field));
  else
    self->field = -1;
  fill_field (self);
  self->filling = filling;
  _sanhe_oa_designer_update_actions (self);
}

void
_sanhe_oa_designer_select_field (SanheOaDesigner *self,
                                 gint             index)
{
  GtkListBoxRow *row = index >= 0 ? gtk_list_box_get_row_at_index (self->fields_list, index) : NULL;

  if (row != NULL)
    gtk_list_box_select_row (self->fields_list, row);
  else
    gtk_list_box_unselect_all (self->fields_list);
}

static void
on_field_row_selected_cb (GtkListBox      *list,
                          GtkListBoxRow   *row,
                          SanheOaDesigner *self)
{
  if (self->filling)
    return;
  self->field = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  fill_field (self);
  _sanhe_oa_designer_update_actions (self);
}

static void
on_process_text_cb (AdwEntryRow     *row,
                    SanheOaDesigner *self)
{
  if (self->filling || self->definition == NULL)
    return;
  if (row == self->process_name)
    sanhe_oa_set_string (self->definition, "name", _sanhe_oa_entry_get_text (row));
  else if (row == self->process_key)
    {
      sanhe_oa_set_string (self->definition, "key", _sanhe_oa_entry_get_text (row));
      g_free (self->key);
      self->key = g_strdup (_sanhe_oa_entry_get_text (row));
    }
  else
    sanhe_oa_set_translation (self->definition, row == self->process_name_zh ? "zh_CN" : "es",
                              _sanhe_oa_entry_get_text (row));
  _sanhe_oa_designer_changed (self);
}

static void
on_field_text_cb (AdwEntryRow     *row,
                  SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);
  const char *text = _sanhe_oa_entry_get_text (row);

  if (self->filling || field == NULL)
    return;
  if (row == self->field_label)
    sanhe_oa_set_string (field, "label", text);
  else if (row == self->field_label_zh || row == self->field_label_es)
    sanhe_oa_set_translation (field, row == self->field_label_zh ? "zh_CN" : "es", text);
  else if (row == self->field_min || row == self->field_max)
    {
      const char *type = sanhe_json_object_get_string (field, "type");
      g_autofree char *canonical = NULL;
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      /* Amounts as decimal strings ("1,000.50" → "1000.50"), dates as typed. */
      if ((g_strcmp0 (type, "money") == 0 || g_strcmp0 (type, "number") == 0)
          && sanhe_parse_decimal (trimmed, 4, &canonical))
        sanhe_oa_set_string (field, row == self->field_min ? "min" : "max", canonical);
      else
        sanhe_oa_set_string (field, row == self->field_min ? "min" : "max", trimmed);
    }
  else if (row == self->field_options)
    {
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);
      JsonArray *options = json_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          json_array_add_string_element (options, parts[i]);
      if (json_array_get_length (options) > 0)
        json_object_set_array_member (field, "options", options);
      else
        {
          json_object_remove_member (field, "options");
          json_array_unref (options);
        }
    }
  refresh_field_row (self);
  _sanhe_oa_designer_changed (self);
}

/* Field names change on Enter only: conditions follow the rename. */
static void
on_field_name_apply_cb (AdwEntryRow     *row,
                        SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);
  g_autofree char *old_name = g_strdup (sanhe_json_object_get_string (field, "name"));

  if (self->filling || field == NULL)
    return;
  if (!sanhe_oa_process_rename_field (self->definition, old_name, _sanhe_oa_entry_get_text (row)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _sanhe_oa_designer_toast (self, _("Another field has this name, or it is empty. Choose another one."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  refresh_field_row (self);
  _sanhe_oa_designer_changed (self);
}

static void
on_field_type_cb (AdwComboRow     *row,
                  GParamSpec      *pspec,
                  SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);
  const char *type = _sanhe_oa_combo_get_value (row, SANHE_OA_CHOICES_FIELD_TYPE);

  if (self->filling || field == NULL || type == NULL)
    return;
  sanhe_oa_process_set_field_type (field, type);
  fill_field (self);
  refresh_field_row (self);
  _sanhe_oa_designer_changed (self);
}

static void
on_field_required_cb (GtkSwitch       *toggle,
                      GParamSpec      *pspec,
                      SanheOaDesigner *self)
{
  JsonObject *field = selected_field (self);

  if (self->filling || field == NULL)
    return;
  if (gtk_switch_get_active (toggle))
    json_object_set_boolean_member (field, "required", TRUE);
  else
    json_object_remove_member (field, "required");
  refresh_field_row (self);
  _sanhe_oa_designer_changed (self);
}

static void
add_field_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);

  sanhe_oa_process_add_field (self->definition, _("New field"));
  self->field = (gint) json_array_get_length (sanhe_oa_process_array (self->definition, "form")) - 1;
  gtk_stack_set_visible_child_name (self->tabs, "form");
  _sanhe_oa_designer_fill_form (self);
  _sanhe_oa_designer_changed (self);
}

static void
move_field_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);
  gint delta = g_variant_get_int32 (param);
  gint n = (gint) json_array_get_length (sanhe_oa_process_array (self->definition, "form"));

  if (self->field < 0 || self->field + delta < 0 || self->field + delta >= n)
    return;
  sanhe_oa_process_move_field (self->definition, self->field, delta);
  self->field += delta;
  _sanhe_oa_designer_fill_form (self);
  _sanhe_oa_designer_changed (self);
}

static void
remove_field_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);
  JsonArray *form = sanhe_oa_process_array (self->definition, "form");

  if (self->field < 0 || (guint) self->field >= json_array_get_length (form))
    return;
  json_array_remove_element (form, self->field);
  self->field = -1;
  _sanhe_oa_designer_fill_form (self);
  _sanhe_oa_designer_changed (self);
}

void
_sanhe_oa_designer_class_add_form_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "designer.add-field", NULL, add_field_action);
  gtk_widget_class_install_action (widget_class, "designer.move-field", "i", move_field_action);
  gtk_widget_class_install_action (widget_class, "designer.remove-field", NULL, remove_field_action);
}

void
_sanhe_oa_designer_form_init (SanheOaDesigner *self)
{
  AdwEntryRow *process_rows[] = { self->process_name, self->process_name_zh, self->process_name_es, self->process_key };
  AdwEntryRow *field_rows[] = { self->field_label, self->field_label_zh, self->field_label_es,
                                self->field_min, self->field_max, self->field_options };

  _sanhe_oa_combo_set_choices (self->field_type, SANHE_OA_CHOICES_FIELD_TYPE);
  for (guint i = 0; i < G_N_ELEMENTS (process_rows); i++)
    g_signal_connect (process_rows[i], "changed", G_CALLBACK (on_process_text_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (field_rows); i++)
    g_signal_connect (field_rows[i], "changed", G_CALLBACK (on_field_text_cb), self);
  g_signal_connect (self->field_name, "apply", G_CALLBACK (on_field_name_apply_cb), self);
  g_signal_connect (self->field_type, "notify::selected", G_CALLBACK (on_field_type_cb), self);
  g_signal_connect (self->field_required, "notify::active", G_CALLBACK (on_field_required_cb), self);
  g_signal_connect (self->fields_list, "row-selected", G_CALLBACK (on_field_row_selected_cb), self);
}
