/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-format.h"
#include "sanhe-oa-designer-private.h"
#include "sanhe-oa-text.h"

/*
 * The Flow tab's inspector: the selected step (kind, name in each
 * language, id, who approves and how, time limit, effect, next steps) or
 * the selected connection (from, to, and for the branches of a
 * condition its test: field, operator, value, or "otherwise"). Each
 * change is written into the working copy at once; the designer redraws
 * and has it checked.
 *
 * Adding a step splices it after the selected step or into the selected
 * connection, so the flow stays joined up.
 */

typedef enum
{
  BRANCH_ALWAYS,
  BRANCH_WHEN,
  BRANCH_ELSE,
} Branch;

static JsonObject *
selected_node (SanheOaDesigner *self)
{
  return self->definition != NULL ? sanhe_oa_process_find_node (self->definition, self->node, NULL) : NULL;
}

static JsonObject *
selected_edge (SanheOaDesigner *self)
{
  if (self->definition == NULL)
    return NULL;
  return sanhe_oa_process_element (self->definition, "edges", self->edge);
}

static Branch
branch_of (JsonObject *edge)
{
  JsonNode *when = json_object_get_member (edge, "when");

  if (json_object_get_boolean_member_with_default (edge, "else", FALSE))
    return BRANCH_ELSE;
  if (when != NULL && !JSON_NODE_HOLDS_NULL (when))
    return BRANCH_WHEN;
  return BRANCH_ALWAYS;
}

/* A single comparison the test rows can show: not and/or/not. */
static gboolean
is_simple_test (JsonObject *when)
{
  const char *op = sanhe_json_object_get_string (when, "op");

  return op != NULL && sanhe_oa_choice_find (SANHE_OA_CHOICES_OPERATOR, op) != G_MAXUINT;
}

static void
rebuild_choices (SanheOaDesigner *self)
{
  JsonArray *nodes = sanhe_oa_process_array (self->definition, "nodes");
  JsonArray *form = sanhe_oa_process_array (self->definition, "form");

  _sanhe_oa_choice_list_reset (&self->node_choices);
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);
      const char *id = sanhe_json_object_get_string (node, "id");

      g_autofree char *label = id != NULL ? sanhe_oa_node_label (node) : NULL;

      if (id != NULL)
        _sanhe_oa_choice_list_add (&self->node_choices, id, label);
    }

  _sanhe_oa_choice_list_reset (&self->field_choices);
  _sanhe_oa_choice_list_reset (&self->user_fields);
  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      JsonObject *field = json_array_get_object_element (form, i);
      const char *name = sanhe_json_object_get_string (field, "name");
      const char *label = sanhe_oa_localized (field, "label", name);

      if (name == NULL)
        continue;
      _sanhe_oa_choice_list_add (&self->field_choices, name, label);
      if (g_strcmp0 (sanhe_json_object_get_string (field, "type"), "user") == 0)
        _sanhe_oa_choice_list_add (&self->user_fields, name, label);
    }
  _sanhe_oa_choice_list_add (&self->field_choices, "applicant.role", _("Applicant’s role"));
  _sanhe_oa_choice_list_add (&self->field_choices, "applicant.department", _("Applicant’s department"));
}

static GtkWidget *
new_next_step_row (SanheOaDesigner *self,
                   guint            index,
                   JsonObject      *edge)
{
  SanheOaNames names = { self->definition, self->user_names, self->role_names };
  const char *to = sanhe_json_object_get_string (edge, "to");
  JsonObject *target = sanhe_oa_process_find_node (self->definition, to, NULL);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *test = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), target != NULL ? sanhe_oa_node_title (target) : to);
  if (branch_of (edge) == BRANCH_ELSE)
    test = g_strdup (_("Otherwise"));
  else if (branch_of (edge) == BRANCH_WHEN)
    test = sanhe_oa_describe_condition (&names, json_object_get_member (edge, "when"));
  if (test != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), test);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "sanhe-edge", GUINT_TO_POINTER (index + 1));
  return row;
}

static void
fill_assignee (SanheOaDesigner *self,
               JsonObject      *node)
{
  JsonObject *assignee = sanhe_json_object_get_object (node, "assignee");
  const char *rule = sanhe_json_object_get_string (assignee, "rule");
  const char *role = sanhe_json_object_get_string (assignee, "role");
  const char *field = sanhe_json_object_get_string (assignee, "field");
  g_autofree char *user = NULL;
  g_autofree char *department = NULL;

  _sanhe_oa_combo_set_value (self->assignee_rule, SANHE_OA_CHOICES_ASSIGNEE_RULE, rule);
  if (assignee != NULL && json_object_has_member (assignee, "user"))
    user = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (assignee, "user", 0));
  if (assignee != NULL && json_object_has_member (assignee, "department"))
    department = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  json_object_get_int_member_with_default (assignee, "department", 0));
  adw_combo_row_set_selected (self->assignee_role, _sanhe_oa_choice_list_find (&self->roles, role));
  adw_combo_row_set_selected (self->assignee_user, _sanhe_oa_choice_list_find (&self->users, user));
  adw_combo_row_set_selected (self->assignee_department, _sanhe_oa_choice_list_find (&self->departments, department));
  adw_combo_row_set_selected (self->assignee_field, _sanhe_oa_choice_list_find (&self->user_fields, field));
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_role), g_strcmp0 (rule, "role") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_user), g_strcmp0 (rule, "user") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_department), g_strcmp0 (rule, "department_head") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_field), g_strcmp0 (rule, "field") == 0);
}

static void
fill_node (SanheOaDesigner *self,
           JsonObject      *node)
{
  const char *type = sanhe_json_object_get_string (node, "type");
  const char *mode = sanhe_json_object_get_string (node, "mode");
  gboolean approval = g_strcmp0 (type, "approval") == 0;
  gint64 hours = json_object_get_int_member_with_default (node, "timeout_hours", 0);
  JsonArray *edges = sanhe_oa_process_array (self->definition, "edges");
  GtkWidget *child;

  _sanhe_oa_combo_set_value (self->node_type, SANHE_OA_CHOICES_NODE_TYPE, type);
  _sanhe_oa_entry_set_text (self->node_name, sanhe_json_object_get_string (node, "name"));
  _sanhe_oa_entry_set_text (self->node_name_zh, sanhe_oa_get_translation (node, "zh_CN"));
  _sanhe_oa_entry_set_text (self->node_name_es, sanhe_oa_get_translation (node, "es"));
  _sanhe_oa_entry_set_text (self->node_id, sanhe_json_object_get_string (node, "id"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->node_id), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->assignee_group), approval || g_strcmp0 (type, "notify") == 0);
  adw_preferences_group_set_title (self->assignee_group, approval ? _("Approvers") : _("Copy To"));
  gtk_widget_set_visible (GTK_WIDGET (self->node_mode), approval);
  gtk_widget_set_visible (GTK_WIDGET (self->timeout_group), approval);
  gtk_widget_set_visible (GTK_WIDGET (self->effect_group), g_strcmp0 (type, "action") == 0);
  fill_assignee (self, node);
  _sanhe_oa_combo_set_value (self->node_mode, SANHE_OA_CHOICES_MODE, mode != NULL ? mode : "any");
  gtk_spin_button_set_value (self->node_timeout, (double) MAX (hours, 0));
  _sanhe_oa_combo_set_value (self->node_on_timeout, SANHE_OA_CHOICES_ON_TIMEOUT,
                             sanhe_json_object_get_string (node, "on_timeout"));
  gtk_widget_set_visible (GTK_WIDGET (self->node_on_timeout), hours > 0);
  _sanhe_oa_combo_set_value (self->node_effect, SANHE_OA_CHOICES_EFFECT,
                             sanhe_json_object_get_string (node, "effect"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->node_edges))) != NULL)
    gtk_list_box_remove (self->node_edges, child);
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);

      if (g_strcmp0 (sanhe_json_object_get_string (edge, "from"), self->node) == 0)
        gtk_list_box_append (self->node_edges, new_next_step_row (self, i, edge));
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->node_edges)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a step of a process that leads nowhere */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None"));
      gtk_list_box_append (self->node_edges, row);
    }
}

static void
fill_edge (SanheOaDesigner *self,
           JsonObject      *edge)
{
  SanheOaNames names = { self->definition, self->user_names, self->role_names };
  const char *from_id = sanhe_json_object_get_string (edge, "from");
  const char *to_id = sanhe_json_object_get_string (edge, "to");
  JsonObject *from = sanhe_oa_process_find_node (self->definition, from_id, NULL);
  JsonObject *when = sanhe_json_object_get_object (edge, "when");
  Branch branch = branch_of (edge);
  gboolean from_condition = g_strcmp0 (sanhe_json_object_get_string (from, "type"), "condition") == 0;

  adw_combo_row_set_selected (self->edge_from, _sanhe_oa_choice_list_find (&self->node_choices, from_id));
  adw_combo_row_set_selected (self->edge_to, _sanhe_oa_choice_list_find (&self->node_choices, to_id));
  adw_combo_row_set_selected (self->edge_kind, branch);
  gtk_widget_set_visible (GTK_WIDGET (self->edge_kind), from_condition || branch != BRANCH_ALWAYS);

  gtk_widget_set_visible (GTK_WIDGET (self->test_group), branch == BRANCH_WHEN && is_simple_test (when));
  gtk_widget_set_visible (self->test_compound, branch == BRANCH_WHEN && !is_simple_test (when));
  if (branch == BRANCH_WHEN && is_simple_test (when))
    {
      JsonNode *value = json_object_get_member (when, "value");
      const char *field = sanhe_json_object_get_string (when, "field");
      g_autofree char *text = NULL;

      adw_combo_row_set_selected (self->test_field, _sanhe_oa_choice_list_find (&self->field_choices, field));
      _sanhe_oa_combo_set_value (self->test_op, SANHE_OA_CHOICES_OPERATOR,
                                 sanhe_json_object_get_string (when, "op"));
      if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
        {
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
            {
              g_autofree char *part = sanhe_oa_format_value (json_array_get_element (json_node_get_array (value), i));

              g_string_append_printf (list, i > 0 ? ", %s" : "%s", part);
            }
          text = g_string_free (g_steal_pointer (&list), FALSE);
        }
      else if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        text = sanhe_oa_format_value (value);
      _sanhe_oa_entry_set_text (self->test_value, text);
    }
  else if (branch == BRANCH_WHEN)
    {
      g_autofree char *test = sanhe_oa_describe_condition (&names, json_object_get_member (edge, "when"));
      /* Translators: %s is a condition made of several tests, such as "Amount > 5,000 and Days > 3" */
      g_autofree char *text = g_strdup_printf (_("This branch is taken when %s. The designer changes single tests only."),
                                               test);

      gtk_label_set_text (self->test_compound_label, text);
    }
}

/* Shows the selected step or connection in the inspector. */
void
_sanhe_oa_designer_fill_inspector (SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  JsonObject *edge = selected_edge (self);
  gboolean filling = self->filling;

  if (self->definition == NULL)
    {
      gtk_stack_set_visible_child_name (self->inspector, "none");
      return;
    }
  self->filling = TRUE;
  rebuild_choices (self);
  if (node != NULL)
    {
      fill_node (self, node);
      gtk_stack_set_visible_child_name (self->inspector, "node");
    }
  else if (edge != NULL)
    {
      fill_edge (self, edge);
      gtk_stack_set_visible_child_name (self->inspector, "edge");
    }
  else
    gtk_stack_set_visible_child_name (self->inspector, "none");
  self->filling = filling;
}

/* After an edit through the inspector: redraw, recheck, refresh it. */
static void
edited (SanheOaDesigner *self,
        gboolean         refill)
{
  _sanhe_oa_designer_changed (self);
  if (refill)
    _sanhe_oa_designer_fill_inspector (self);
}

static void
on_node_type_cb (AdwComboRow     *row,
                 GParamSpec      *pspec,
                 SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  const char *type = _sanhe_oa_combo_get_value (row, SANHE_OA_CHOICES_NODE_TYPE);

  if (self->filling || node == NULL || type == NULL)
    return;
  sanhe_oa_process_set_node_type (node, type);
  edited (self, TRUE);
}

static void
on_node_text_cb (AdwEntryRow     *row,
                 SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);

  if (self->filling || node == NULL)
    return;
  if (row == self->node_name)
    sanhe_oa_set_string (node, "name", _sanhe_oa_entry_get_text (row));
  else
    sanhe_oa_set_translation (node, row == self->node_name_zh ? "zh_CN" : "es",
                              _sanhe_oa_entry_get_text (row));
  edited (self, FALSE);
}

/* Ids change on Enter (the apply button) only: edges follow the rename,
 * which must not happen on every keystroke. */
static void
on_node_id_apply_cb (AdwEntryRow     *row,
                     SanheOaDesigner *self)
{
  g_autofree char *new_id = g_strdup (_sanhe_oa_entry_get_text (row));

  if (self->filling || selected_node (self) == NULL)
    return;
  if (!sanhe_oa_process_rename_node (self->definition, self->node, new_id))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _sanhe_oa_designer_toast (self, _("Another step has this id, or it is empty. Choose another one."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_free (self->node);
  self->node = g_steal_pointer (&new_id);
  sanhe_oa_flow_view_set_selection (self->flow_view, self->node, -1);
  edited (self, TRUE);
}

static JsonObject *
ensure_assignee (JsonObject *node)
{
  JsonObject *assignee = sanhe_json_object_get_object (node, "assignee");

  if (assignee == NULL)
    {
      json_object_set_object_member (node, "assignee", json_object_new ());
      assignee = sanhe_json_object_get_object (node, "assignee");
    }
  return assignee;
}

static void
on_assignee_rule_cb (AdwComboRow     *row,
                     GParamSpec      *pspec,
                     SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  const char *rule = _sanhe_oa_combo_get_value (row, SANHE_OA_CHOICES_ASSIGNEE_RULE);
  JsonObject *assignee;

  if (self->filling || node == NULL || rule == NULL)
    return;
  /* A new rule starts from its first choice; the user picks another. */
  assignee = json_object_new ();
  json_object_set_string_member (assignee, "rule", rule);
  if (g_str_equal (rule, "role") && self->roles.values->len > 0)
    json_object_set_string_member (assignee, "role", _sanhe_oa_choice_list_value (&self->roles, 0));
  else if (g_str_equal (rule, "user") && self->users.values->len > 0)
    json_object_set_int_member (assignee, "user", g_ascii_strtoll (_sanhe_oa_choice_list_value (&self->users, 0), NULL, 10));
  else if (g_str_equal (rule, "field") && self->user_fields.values->len > 0)
    json_object_set_string_member (assignee, "field", _sanhe_oa_choice_list_value (&self->user_fields, 0));
  json_object_set_object_member (node, "assignee", assignee);
  edited (self, TRUE);
}

static void
on_assignee_choice_cb (AdwComboRow     *row,
                       GParamSpec      *pspec,
                       SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  guint index = adw_combo_row_get_selected (row);
  JsonObject *assignee;
  const char *value;

  if (self->filling || node == NULL || index == GTK_INVALID_LIST_POSITION)
    return;
  assignee = ensure_assignee (node);
  if (row == self->assignee_role)
    json_object_set_string_member (assignee, "role", _sanhe_oa_choice_list_value (&self->roles, index));
  else if (row == self->assignee_field)
    json_object_set_string_member (assignee, "field", _sanhe_oa_choice_list_value (&self->user_fields, index));
  else if (row == self->assignee_user)
    json_object_set_int_member (assignee, "user", g_ascii_strtoll (_sanhe_oa_choice_list_value (&self->users, index), NULL, 10));
  else
    {
      value = _sanhe_oa_choice_list_value (&self->departments, index);
      if (value == NULL)
        json_object_remove_member (assignee, "department");
      else
        json_object_set_int_member (assignee, "department", g_ascii_strtoll (value, NULL, 10));
    }
  edited (self, FALSE);
}

static void
on_node_choice_cb (AdwComboRow     *row,
                   GParamSpec      *pspec,
                   SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  SanheOaChoices choices = row == self->node_mode ? SANHE_OA_CHOICES_MODE
                           : row == self->node_on_timeout ? SANHE_OA_CHOICES_ON_TIMEOUT : SANHE_OA_CHOICES_EFFECT;
  const char *member = row == self->node_mode ? "mode" : row == self->node_on_timeout ? "on_timeout" : "effect";

  if (self->filling || node == NULL)
    return;
  sanhe_oa_set_string (node, member, _sanhe_oa_combo_get_value (row, choices));
  edited (self, FALSE);
}

static void
on_node_timeout_cb (GtkSpinButton   *spin,
                    SanheOaDesigner *self)
{
  JsonObject *node = selected_node (self);
  int hours = gtk_spin_button_get_value_as_int (spin);

  if (self->filling || node == NULL)
    return;
  if (hours <= 0)
    {
      json_object_remove_member (node, "timeout_hours");
      json_object_remove_member (node, "on_timeout");
    }
  else
    {
      json_object_set_int_member (node, "timeout_hours", hours);
      /* A limit means nothing without what happens after it. */
      if (!json_object_has_member (node, "on_timeout"))
        json_object_set_string_member (node, "on_timeout", "remind");
    }
  edited (self, TRUE);
}

static void
on_edge_end_cb (AdwComboRow     *row,
                GParamSpec      *pspec,
                SanheOaDesigner *self)
{
  JsonObject *edge = selected_edge (self);
  const char *id = _sanhe_oa_choice_list_value (&self->node_choices, adw_combo_row_get_selected (row));

  if (self->filling || edge == NULL || id == NULL)
    return;
  json_object_set_string_member (edge, row == self->edge_from ? "from" : "to", id);
  edited (self, TRUE);
}

static JsonObject *
new_test (SanheOaDesigner *self)
{
  JsonObject *when = json_object_new ();
  const char *field = _sanhe_oa_choice_list_value (&self->field_choices, 0);

  json_object_set_string_member (when, "op", "=");
  json_object_set_string_member (when, "field", field != NULL ? field : "");
  json_object_set_string_member (when, "value", "");
  return when;
}

static void
on_edge_kind_cb (AdwComboRow     *row,
                 GParamSpec      *pspec,
                 SanheOaDesigner *self)
{
  JsonObject *edge = selected_edge (self);
  guint selected = adw_combo_row_get_selected (row);
  Branch branch = (Branch) selected;

  if (self->filling || edge == NULL || selected > BRANCH_ELSE || branch == branch_of (edge))
    return;
  json_object_remove_member (edge, "else");
  if (branch != BRANCH_WHEN)
    json_object_remove_member (edge, "when");
  if (branch == BRANCH_ELSE)
    json_object_set_boolean_member (edge, "else", TRUE);
  else if (branch == BRANCH_WHEN)
    json_object_set_object_member (edge, "when", new_test (self));
  edited (self, TRUE);
}

static char *
canonical_value (const char *text,
                 gboolean    decimal)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char *canonical = NULL;

  /* Decimals go over the wire in canonical form: "5,000.5" → "5000.5". */
  if (decimal && sanhe_parse_decimal (trimmed, 4, &canonical))
    return canonical;
  return g_steal_pointer (&trimmed);
}

/* The value as typed: one for a comparison, a list for "in". */
static JsonNode *
test_value (SanheOaDesigner *self,
            const char      *field,
            const char      *op)
{
  JsonObject *definition = sanhe_oa_definition_field (self->definition, field);
  const char *type = sanhe_json_object_get_string (definition, "type");
  gboolean decimal = g_strcmp0 (type, "money") == 0 || g_strcmp0 (type, "number") == 0;
  const char *typed = _sanhe_oa_entry_get_text (self->test_value);
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonArray) list = NULL;

  if (g_strcmp0 (op, "in") != 0)
    {
      g_autofree char *value = canonical_value (typed, decimal);

      return json_node_init_string (json_node_alloc (), value);
    }
  parts = g_strsplit (typed, ",", -1);
  list = json_array_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *value = canonical_value (parts[i], decimal);

      if (*value != '\0')
        json_array_add_string_element (list, value);
    }
  return json_node_init_array (json_node_alloc (), list);
}

static void
on_test_cb (GObject         *row,
            GParamSpec      *pspec,
            SanheOaDesigner *self)
{
  JsonObject *edge = selected_edge (self);
  JsonObject *when = sanhe_json_object_get_object (edge, "when");
  const char *field = _sanhe_oa_choice_list_value (&self->field_choices, adw_combo_row_get_selected (self->test_field));
  const char *op = _sanhe_oa_combo_get_value (self->test_op, SANHE_OA_CHOICES_OPERATOR);

  if (self->filling || when == NULL || !is_simple_test (when))
    return;
  if (field != NULL)
    json_object_set_string_member (when, "field", field);
  if (op != NULL)
    json_object_set_string_member (when, "op", op);
  json_object_set_member (when, "value", test_value (self, sanhe_json_object_get_string (when, "field"),
                                                     sanhe_json_object_get_string (when, "op")));
  edited (self, FALSE);
}

static void
on_test_value_cb (AdwEntryRow     *row,
                  SanheOaDesigner *self)
{
  on_test_cb (G_OBJECT (row), NULL, self);
}

static void
on_next_step_activated_cb (GtkListBox      *list,
                           GtkListBoxRow   *row,
                           SanheOaDesigner *self)
{
  guint edge = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "sanhe-edge"));

  if (edge > 0)
    _sanhe_oa_designer_select (self, NULL, (gint) edge - 1);
}

static void
add_node_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);
  JsonObject *node;
  g_autofree char *id = NULL;

  node = sanhe_oa_process_add_node (self->definition, g_variant_get_string (param, NULL), self->node, self->edge);
  id = g_strdup (json_object_get_string_member (node, "id"));
  gtk_stack_set_visible_child_name (self->tabs, "flow");
  _sanhe_oa_designer_changed (self);
  _sanhe_oa_designer_select (self, id, -1);
}

/* Connects the selected step to the first step it could lead to: an end
 * if it has none yet, else any it does not lead to already. */
static void
add_edge_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);
  JsonArray *nodes = sanhe_oa_process_array (self->definition, "nodes");
  JsonArray *edges = sanhe_oa_process_array (self->definition, "edges");
  const char *target = NULL;
  guint index;

  for (guint pass = 0; pass < 2 && target == NULL; pass++)
    for (guint i = 0; i < json_array_get_length (nodes) && target == NULL; i++)
      {
        JsonObject *node = json_array_get_object_element (nodes, i);
        const char *id = sanhe_json_object_get_string (node, "id");
        const char *type = sanhe_json_object_get_string (node, "type");
        gboolean linked = FALSE;

        if (id == NULL || g_strcmp0 (id, self->node) == 0 || g_strcmp0 (type, "start") == 0
            || (pass == 0 && g_strcmp0 (type, "end") != 0))
          continue;
        for (guint e = 0; e < json_array_get_length (edges); e++)
          {
            JsonObject *edge = json_array_get_object_element (edges, e);

            linked = linked || (g_strcmp0 (sanhe_json_object_get_string (edge, "from"), self->node) == 0
                                && g_strcmp0 (sanhe_json_object_get_string (edge, "to"), id) == 0);
          }
        if (!linked)
          target = id;
      }
  if (target == NULL || self->node == NULL)
    return;

  index = sanhe_oa_process_add_edge (self->definition, self->node, target);
  _sanhe_oa_designer_changed (self);
  _sanhe_oa_designer_select (self, NULL, index);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);

  if (self->node != NULL)
    sanhe_oa_process_remove_node (self->definition, self->node);
  else if (self->edge >= 0)
    sanhe_oa_process_remove_edge (self->definition, self->edge);
  else
    return;
  _sanhe_oa_designer_changed (self);
  _sanhe_oa_designer_select (self, NULL, -1);
}

static void
simplify_test_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (widget);
  JsonObject *edge = selected_edge (self);

  if (edge == NULL)
    return;
  json_object_set_object_member (edge, "when", new_test (self));
  edited (self, TRUE);
}

/* Delete in the drawing: as the Remove button. */
static void
on_flow_remove_selected_cb (SanheOaFlowView *view,
                            SanheOaDesigner *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "designer.remove", NULL);
}

void
_sanhe_oa_designer_class_add_flow_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "designer.add-node", "s", add_node_action);
  gtk_widget_class_install_action (widget_class, "designer.add-edge", NULL, add_edge_action);
  gtk_widget_class_install_action (widget_class, "designer.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "designer.simplify-test", NULL, simplify_test_action);
}

void
_sanhe_oa_designer_flow_init (SanheOaDesigner *self)
{
  g_autoptr(GtkStringList) branches = gtk_string_list_new (NULL);

  /* Translators: when a connection is taken: every time */
  gtk_string_list_append (branches, _("Always"));
  /* Translators: when a branch of a condition is taken */
  gtk_string_list_append (branches, _("When the test holds"));
  /* Translators: when a branch of a condition is taken: no other test holds */
  gtk_string_list_append (branches, _("Otherwise"));
  adw_combo_row_set_model (self->edge_kind, G_LIST_MODEL (branches));

  _sanhe_oa_combo_set_choices (self->node_type, SANHE_OA_CHOICES_NODE_TYPE);
  _sanhe_oa_combo_set_choices (self->assignee_rule, SANHE_OA_CHOICES_ASSIGNEE_RULE);
  _sanhe_oa_combo_set_choices (self->node_mode, SANHE_OA_CHOICES_MODE);
  _sanhe_oa_combo_set_choices (self->node_on_timeout, SANHE_OA_CHOICES_ON_TIMEOUT);
  _sanhe_oa_combo_set_choices (self->node_effect, SANHE_OA_CHOICES_EFFECT);
  _sanhe_oa_combo_set_choices (self->test_op, SANHE_OA_CHOICES_OPERATOR);
  adw_combo_row_set_model (self->assignee_role, G_LIST_MODEL (self->roles.names));
  adw_combo_row_set_model (self->assignee_user, G_LIST_MODEL (self->users.names));
  adw_combo_row_set_model (self->assignee_department, G_LIST_MODEL (self->departments.names));
  adw_combo_row_set_model (self->assignee_field, G_LIST_MODEL (self->user_fields.names));
  adw_combo_row_set_model (self->edge_from, G_LIST_MODEL (self->node_choices.names));
  adw_combo_row_set_model (self->edge_to, G_LIST_MODEL (self->node_choices.names));
  adw_combo_row_set_model (self->test_field, G_LIST_MODEL (self->field_choices.names));

  g_signal_connect (self->flow_view, "remove-selected", G_CALLBACK (on_flow_remove_selected_cb), self);
  g_signal_connect (self->node_type, "notify::selected", G_CALLBACK (on_node_type_cb), self);
  g_signal_connect (self->node_name, "changed", G_CALLBACK (on_node_text_cb), self);
  g_signal_connect (self->node_name_zh, "changed", G_CALLBACK (on_node_text_cb), self);
  g_signal_connect (self->node_name_es, "changed", G_CALLBACK (on_node_text_cb), self);
  g_signal_connect (self->node_id, "apply", G_CALLBACK (on_node_id_apply_cb), self);
  g_signal_connect (self->assignee_rule, "notify::selected", G_CALLBACK (on_assignee_rule_cb), self);
  g_signal_connect (self->assignee_role, "notify::selected", G_CALLBACK (on_assignee_choice_cb), self);
  g_signal_connect (self->assignee_user, "notify::selected", G_CALLBACK (on_assignee_choice_cb), self);
  g_signal_connect (self->assignee_department, "notify::selected", G_CALLBACK (on_assignee_choice_cb), self);
  g_signal_connect (self->assignee_field, "notify::selected", G_CALLBACK (on_assignee_choice_cb), self);
  g_signal_connect (self->node_mode, "notify::selected", G_CALLBACK (on_node_choice_cb), self);
  g_signal_connect (self->node_on_timeout, "notify::selected", G_CALLBACK (on_node_choice_cb), self);
  g_signal_connect (self->node_effect, "notify::selected", G_CALLBACK (on_node_choice_cb), self);
  g_signal_connect (self->node_timeout, "value-changed", G_CALLBACK (on_node_timeout_cb), self);
  g_signal_connect (self->node_edges, "row-activated", G_CALLBACK (on_next_step_activated_cb), self);
  g_signal_connect (self->edge_from, "notify::selected", G_CALLBACK (on_edge_end_cb), self);
  g_signal_connect (self->edge_to, "notify::selected", G_CALLBACK (on_edge_end_cb), self);
  g_signal_connect (self->edge_kind, "notify::selected", G_CALLBACK (on_edge_kind_cb), self);
  g_signal_connect (self->test_field, "notify::selected", G_CALLBACK (on_test_cb), self);
  g_signal_connect (self->test_op, "notify::selected", G_CALLBACK (on_test_cb), self);
  g_signal_connect (self->test_value, "changed", G_CALLBACK (on_test_value_cb), self);
}
