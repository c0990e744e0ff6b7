/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-rules"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-page-private.h"
#include "sanhe-oa-text.h"

/*
 * OA → My Rules: the user's standing rules (GET /api/v1/oa/rules): approve
 * a process's requests automatically (from one applicant, up to an
 * amount), or delegate every approval to a colleague between two days.
 * Added with POST, removed with DELETE /api/v1/oa/rules/{id}.
 */

/* The name the server gives a colleague the rule mentions, if any. */
static const char *
rule_name (JsonObject *rule,
           const char *who)
{
  JsonNode *names = json_object_get_member (rule, "names");

  if (names == NULL || !JSON_NODE_HOLDS_OBJECT (names))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (names), who, NULL);
}

static char *
describe_rule (SanheOaPage *self,
               JsonObject  *rule)
{
  const char *kind = json_object_get_string_member_with_default (rule, "kind", "");

  if (g_str_equal (kind, "delegate"))
    {
      JsonNode *to = json_object_get_member (rule, "to");
      g_autofree char *who = NULL;
      g_autofree char *starts = sanhe_format_day (json_object_get_string_member_with_default (rule, "starts", NULL));
      g_autofree char *ends = sanhe_format_day (json_object_get_string_member_with_default (rule, "ends", NULL));

      if (rule_name (rule, "to") != NULL)
        who = g_strdup (rule_name (rule, "to"));
      else if (to != NULL && JSON_NODE_HOLDS_OBJECT (to))
        who = g_strdup (json_object_get_string_member_with_default (json_node_get_object (to), "name", "?"));
      else
        who = g_strdup_printf ("#%" G_GINT64_FORMAT, to != NULL && JSON_NODE_HOLDS_VALUE (to) ? json_node_get_int (to) : 0);
      /* Translators: a delegation rule: who approves for me, from which day to which */
      return g_strdup_printf (_("%s approves for me from %s to %s"), who,
                              starts != NULL ? starts : "…", ends != NULL ? ends : "…");
    }
  else
    {
      const char *key = json_object_get_string_member_with_default (rule, "process", "");
      JsonObject *process = g_hash_table_lookup (self->processes, key);
      const char *name = process != NULL ? sanhe_oa_localized (process, "name", key) : key;
      gint64 applicant = json_object_get_int_member_with_default (rule, "applicant", 0);
      JsonNode *condition = json_object_get_member (rule, "condition");
      g_autoptr(GString) text = g_string_new (NULL);

      /* Translators: an auto-approve rule; %s is a process */
      g_string_printf (text, _("Approve “%s” automatically"), name);
      if (applicant > 0 && rule_name (rule, "applicant") != NULL)
        /* Translators: continues “Approve … automatically”; %s is a colleague's name */
        g_string_append_printf (text, _(", when %s applies"), rule_name (rule, "applicant"));
      else if (applicant > 0)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, applicant);

          /* Translators: continues “Approve … automatically”; %s is a user number */
          g_string_append_printf (text, _(", for applicant #%s"), id);
        }
      if (condition != NULL && JSON_NODE_HOLDS_OBJECT (condition))
        {
          JsonObject *object = json_node_get_object (condition);
          const char *op = json_object_get_string_member_with_default (object, "op", "");
          const char *field = json_object_get_string_member_with_default (object, "field", "");
          JsonArray *fields = _sanhe_oa_page_get_fields (self, key);
          g_autofree char *value = sanhe_format_decimal (json_object_get_string_member_with_default (object, "value", "0"), 0, 2);

          /* Translators: continues “Approve … automatically”; a form field, a comparison, a value */
          for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
            {
              JsonObject *definition = json_array_get_object_element (fields, i);

              if (g_strcmp0 (json_object_get_string_member_with_default (definition, "name", NULL), field) == 0)
                field = sanhe_oa_localized (definition, "label", field);
            }
          op = g_str_equal (op, "<=") ? "≤" : g_str_equal (op, ">=") ? "≥" : g_str_equal (op, "!=") ? "≠" : op;
          g_string_append_printf (text, _(", when %s %s %s"), field, op, value != NULL ? value : "");
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
}

static void
on_rule_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self),
                                  error != NULL ? sanhe_error_text (error) : _("Rule removed"));
  _sanhe_oa_page_load_rules (self);
}

static void
on_delete_clicked_cb (GtkButton   *button,
                      SanheOaPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "sanhe-id"));
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/rules/%" G_GINT64_FORMAT, id);

  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "DELETE", path, NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_rule_deleted_cb, g_object_ref (self));
}

static void
fill_rules (SanheOaPage *self,
            JsonArray   *rules)
{
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules_list))) != NULL)
    gtk_list_box_remove (self->rules_list, child);

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      g_autofree char *text = describe_rule (self, rule);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gint64 id = json_object_get_int_member_with_default (rule, "id", 0);

      if (!json_object_get_boolean_member_with_default (rule, "active", TRUE))
        continue;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   g_str_equal (json_object_get_string_member_with_default (rule, "kind", ""), "delegate")
                                   ? _("Delegation") : _("Automatic approval"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove this rule"));
      g_object_set_data (G_OBJECT (button), "sanhe-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->rules_list, row);
      n++;
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No rules yet"));
      gtk_list_box_append (self->rules_list, row);
    }
}

/* Once a rule's process is known, its condition names the field by its
 * label, in the user's language. */
static void
refill_rules (SanheOaPage *self)
{
  fill_rules (self, self->rules);
}

static void
on_rules_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      g_clear_pointer (&self->rules, json_array_unref);
      self->rules = json_array_ref (json_node_get_array (items));
      fill_rules (self, self->rules);
      for (guint i = 0; i < json_array_get_length (self->rules); i++)
        {
          JsonObject *rule = json_array_get_object_element (self->rules, i);
          const char *key = json_object_get_string_member_with_default (rule, "process", NULL);

          if (key != NULL && _sanhe_oa_page_get_fields (self, key) == NULL)
            _sanhe_oa_page_with_process (self, key, G_CALLBACK (refill_rules));
        }
    }
  else if (error != NULL)
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
}

void
_sanhe_oa_page_load_rules (SanheOaPage *self)
{
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "GET",
                           "/api/v1/oa/rules?limit=200", NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_rules_loaded_cb, g_object_ref (self));
}

/* The process keys of the drop-down, in its order. */
void
_sanhe_oa_page_fill_rule_processes (SanheOaPage *self,
                                    JsonArray   *processes)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->rule_keys, g_ptr_array_unref);
  self->rule_keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; processes != NULL && i < json_array_get_length (processes); i++)
    {
      JsonObject *process = json_array_get_object_element (processes, i);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key == NULL)
        continue;
      gtk_string_list_append (names, sanhe_oa_localized (process, "name", key));
      g_ptr_array_add (self->rule_keys, g_strdup (key));
    }
  gtk_drop_down_set_model (self->rule_process, G_LIST_MODEL (names));
}

static void
on_rule_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self),
                                  error != NULL ? sanhe_error_text (error) : _("Rule added"));
  if (error == NULL)
    _sanhe_oa_page_load_rules (self);
}

static void
add_rule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SanheOaPage *self = SANHE_OA_PAGE (widget);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);

  json_builder_begin_object (builder);
  if (gtk_drop_down_get_selected (self->rule_kind) == 1)
    {
      g_autofree char *starts = NULL;
      g_autofree char *ends = NULL;
      gint64 to = sanhe_oa_picker_get_id (self->rule_to);

      if (to <= 0
          || !sanhe_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->rule_starts)), &starts)
          || !sanhe_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->rule_ends)), &ends))
        {
          sanhe_workspace_page_add_toast (page, _("Choose the colleague and give both days."));
          return;
        }
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "delegate");
      json_builder_set_member_name (builder, "to");
      json_builder_add_int_value (builder, to);
      json_builder_set_member_name (builder, "starts");
      json_builder_add_string_value (builder, starts);
      json_builder_set_member_name (builder, "ends");
      json_builder_add_string_value (builder, ends);
    }
  else
    {
      guint selected = gtk_drop_down_get_selected (self->rule_process);
      gint64 applicant = sanhe_oa_picker_get_id (self->rule_applicant);
      const char *amount = gtk_editable_get_text (GTK_EDITABLE (self->rule_amount));
      g_autofree char *canonical = NULL;

      if (self->rule_keys == NULL || selected >= self->rule_keys->len)
        {
          sanhe_workspace_page_add_toast (page, _("Choose a process first."));
          return;
        }
      if (amount != NULL && *amount != '\0' && !sanhe_parse_decimal (amount, 2, &canonical))
        {
          sanhe_workspace_page_add_toast (page, _("Type the amount as a number, such as 10000."));
          return;
        }
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "auto_approve");
      json_builder_set_member_name (builder, "process");
      json_builder_add_string_value (builder, g_ptr_array_index (self->rule_keys, selected));
      if (applicant > 0)
        {
          json_builder_set_member_name (builder, "applicant");
          json_builder_add_int_value (builder, applicant);
        }
      if (canonical != NULL)
        {
          json_builder_set_member_name (builder, "condition");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "op");
          json_builder_add_string_value (builder, "<=");
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, "amount");
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, canonical);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "POST", "/api/v1/oa/rules", body,
                           sanhe_workspace_page_get_cancellable (page),
                           on_rule_added_cb, g_object_ref (self));
}

static void
on_rule_kind_changed_cb (GtkDropDown *kind,
                         GParamSpec  *pspec,
                         SanheOaPage *self)
{
  gtk_stack_set_visible_child_name (self->rule_fields,
                                    gtk_drop_down_get_selected (kind) == 1 ? "delegate" : "auto_approve");
}

void
_sanhe_oa_page_class_add_rule_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "oa.add-rule", NULL, add_rule_action);
}

void
_sanhe_oa_page_rules_init (SanheOaPage *self)
{
  /* Colleagues are chosen from the staff directory, by name. */
  self->rule_applicant = SANHE_OA_PICKER (sanhe_oa_picker_new ("user"));
  adw_bin_set_child (self->rule_applicant_bin, GTK_WIDGET (self->rule_applicant));
  self->rule_to = SANHE_OA_PICKER (sanhe_oa_picker_new ("user"));
  adw_bin_set_child (self->rule_to_bin, GTK_WIDGET (self->rule_to));
  g_signal_connect (self->rule_kind, "notify::selected", G_CALLBACK (on_rule_kind_changed_cb), self);
}
