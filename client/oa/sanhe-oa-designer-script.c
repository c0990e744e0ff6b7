/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-oa-designer-private.h"

/*
 * Driving the designer for tests (SANHE_DESIGNER_SCRIPT, see
 * sanhe-automation.c): steps separated by ";" or new lines, each run once
 * the designer is idle (the process loaded, the server's check back):
 *
 *   tab flow|form            show a tab, as its switcher button does
 *   click-node ID            click the middle of a step in the drawing
 *   click-edge FROM TO       click a connection (what its line emits)
 *   add-node TYPE            the Add Step menu's item
 *   action NAME              click the button of designer.NAME (save,
 *                            remove, add-edge, add-field, remove-field…)
 *   select-field NAME        click a field of the Form tab's list
 *   set ROW VALUE            type into an entry row (Enter on rows with an
 *                            apply button), pick a combo row's item by its
 *                            value, set a spin button or a switch
 *
 * Everything goes through the widgets and actions a user's clicks reach,
 * so the same code runs; a button hidden or greyed out (its action
 * disabled) cannot be clicked, and the step fails. Lines "designer: …" on stdout report what the
 * designer did (checked, problems, saved).
 */

typedef enum
{
  ROW_ENTRY,
  ROW_APPLY,
  ROW_COMBO,
  ROW_SPIN,
  ROW_SWITCH,
} RowKind;

#define NO_CHOICES (-1)
#define NO_LIST    ((gsize) -1)
#define BRANCHES   (-2)

static const struct
{
  const char *name;
  gsize       offset;
  RowKind     kind;
  gint        choices;  /* SanheOaChoices, or NO_CHOICES */
  gsize       list;     /* offset of a SanheOaChoiceList, or NO_LIST */
} rows[] = {
#define ROW(name, member, kind, choices, list) \
  { name, G_STRUCT_OFFSET (SanheOaDesigner, member), kind, choices, list }
  ROW ("process-name", process_name, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("process-name-zh", process_name_zh, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("process-name-es", process_name_es, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("process-key", process_key, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("field-label", field_label, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("field-name", field_name, ROW_APPLY, NO_CHOICES, NO_LIST),
  ROW ("field-type", field_type, ROW_COMBO, SANHE_OA_CHOICES_FIELD_TYPE, NO_LIST),
  ROW ("field-required", field_required, ROW_SWITCH, NO_CHOICES, NO_LIST),
  ROW ("field-min", field_min, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("field-max", field_max, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("field-options", field_options, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("node-type", node_type, ROW_COMBO, SANHE_OA_CHOICES_NODE_TYPE, NO_LIST),
  ROW ("node-name", node_name, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("node-name-zh", node_name_zh, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("node-name-es", node_name_es, ROW_ENTRY, NO_CHOICES, NO_LIST),
  ROW ("node-id", node_id, ROW_APPLY, NO_CHOICES, NO_LIST),
  ROW ("assignee-rule", assignee_rule, ROW_COMBO, SANHE_OA_CHOICES_ASSIGNEE_RULE, NO_LIST),
  ROW ("assignee-role", assignee_role, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, roles)),
  ROW ("assignee-user", assignee_user, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, users)),
  ROW ("assignee-department", assignee_department, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, departments)),
  ROW ("assignee-field", assignee_field, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, user_fields)),
  ROW ("mode", node_mode, ROW_COMBO, SANHE_OA_CHOICES_MODE, NO_LIST),
  ROW ("timeout", node_timeout, ROW_SPIN, NO_CHOICES, NO_LIST),
  ROW ("on-timeout", node_on_timeout, ROW_COMBO, SANHE_OA_CHOICES_ON_TIMEOUT, NO_LIST),
  ROW ("effect", node_effect, ROW_COMBO, SANHE_OA_CHOICES_EFFECT, NO_LIST),
  ROW ("edge-from", edge_from, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, node_choices)),
  ROW ("edge-to", edge_to, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, node_choices)),
  ROW ("edge-kind", edge_kind, ROW_COMBO, BRANCHES, NO_LIST),
  ROW ("test-field", test_field, ROW_COMBO, NO_CHOICES, G_STRUCT_OFFSET (SanheOaDesigner, field_choices)),
  ROW ("test-op", test_op, ROW_COMBO, SANHE_OA_CHOICES_OPERATOR, NO_LIST),
  ROW ("test-value", test_value, ROW_ENTRY, NO_CHOICES, NO_LIST),
#undef ROW
};

typedef struct
{
  char  **steps;
  guint   next;
  gulong  busy_handler;
} Script;

static void run_next (GTask *task);

void
_sanhe_oa_designer_report (SanheOaDesigner *self,
                           const char      *format,
                           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (!self->verbose)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("designer: %s\n", text);
  fflush (stdout);
}

static void
script_free (Script *script)
{
  g_strfreev (script->steps);
  g_free (script);
}

static guint
combo_index (SanheOaDesigner *self,
             gsize            row,
             const char      *value)
{
  if (rows[row].choices == BRANCHES)
    return g_str_equal (value, "always") ? 0 : g_str_equal (value, "when") ? 1 : g_str_equal (value, "else") ? 2
           : GTK_INVALID_LIST_POSITION;
  if (rows[row].choices != NO_CHOICES)
    {
      guint index = sanhe_oa_choice_find (rows[row].choices, value);

      return index != G_MAXUINT ? index : GTK_INVALID_LIST_POSITION;
    }
  return _sanhe_oa_choice_list_find (G_STRUCT_MEMBER_P (self, rows[row].list), value);
}

/* Returns: FALSE when there is no such row or value. */
static gboolean
set_row (SanheOaDesigner *self,
         const char      *name,
         const char      *value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *widget;

      if (!g_str_equal (rows[i].name, name))
        continue;
      widget = G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
      switch (rows[i].kind)
        {
        case ROW_ENTRY:
          gtk_editable_set_text (GTK_EDITABLE (widget), value);
          return TRUE;
        case ROW_APPLY:
          gtk_editable_set_text (GTK_EDITABLE (widget), value);
          g_signal_emit_by_name (widget, "apply");
          return TRUE;
        case ROW_SPIN:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), g_ascii_strtod (value, NULL));
          return TRUE;
        case ROW_SWITCH:
          gtk_switch_set_active (GTK_SWITCH (widget), g_str_equal (value, "true"));
          return TRUE;
        case ROW_COMBO:
        default:
          {
            guint index = combo_index (self, i, value);

            if (index == GTK_INVALID_LIST_POSITION)
              return FALSE;
            adw_combo_row_set_selected (ADW_COMBO_ROW (widget), index);
            return TRUE;
          }
        }
    }
  return FALSE;
}

static gint
find_edge (SanheOaDesigner *self,
           const char      *from,
           const char      *to)
{
  JsonArray *edges = sanhe_oa_process_array (self->definition, "edges");

  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *edge = json_array_get_object_element (edges, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (edge, "from", NULL), from) == 0
          && g_strcmp0 (json_object_get_string_member_with_default (edge, "to", NULL), to) == 0)
        return i;
    }
  return -1;
}

static gint
find_field (SanheOaDesigner *self,
            const char      *name)
{
  JsonArray *form = sanhe_oa_process_array (self->definition, "form");

  for (guint i = 0; i < json_array_get_length (form); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (form, i), "name", NULL),
                   name) == 0)
      return i;
  return -1;
}

/* Returns: (nullable): the button (or menu button) of action @name. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), name) == 0)
        return child;
      found = find_action_button (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a user could press @button now. */
static gboolean
can_press (GtkWidget *button)
{
  return button != NULL && gtk_widget_is_visible (button) && gtk_widget_is_sensitive (button);
}

/* Returns: FALSE when the step could not be done as written. */
static gboolean
run_step (SanheOaDesigner *self,
          const char      *step)
{
  g_auto(GStrv) words = g_strsplit (step, " ", 3);
  guint n = g_strv_length (words);
  const char *verb = n > 0 ? words[0] : "";

  if (g_str_equal (verb, "tab") && n == 2)
    {
      gtk_stack_set_visible_child_name (self->tabs, words[1]);
      return TRUE;
    }
  if (self->definition == NULL)
    return FALSE;
  if (g_str_equal (verb, "click-node") && n == 2)
    {
      gtk_stack_set_visible_child_name (self->tabs, "flow");
      return sanhe_oa_flow_view_click_node (self->flow_view, words[1]);
    }
  if (g_str_equal (verb, "click-edge") && n == 3)
    {
      gint edge = find_edge (self, words[1], words[2]);

      gtk_stack_set_visible_child_name (self->tabs, "flow");
      if (edge >= 0)
        g_signal_emit_by_name (self->flow_view, "edge-activated", edge);
      return edge >= 0;
    }
  if (g_str_equal (verb, "add-node") && n == 2)
    {
      /* What the menu of the Add Step button runs. */
      if (!can_press (self->add_step_button))
        return FALSE;
      return gtk_widget_activate_action (GTK_WIDGET (self), "designer.add-node", "s", words[1]);
    }
  if (g_str_equal (verb, "action") && n == 2)
    {
      g_autofree char *name = g_strconcat ("designer.", words[1], NULL);
      GtkWidget *button = find_action_button (GTK_WIDGET (self), name);

      if (!can_press (button))
        return FALSE;
      /* What a pointer's click emits (gtk_widget_activate() would only
       * show the button pressed, and click a moment later). */
      g_signal_emit_by_name (button, "clicked");
      return TRUE;
    }
  if (g_str_equal (verb, "select-field") && n == 2)
    {
      gint field = find_field (self, words[1]);

      gtk_stack_set_visible_child_name (self->tabs, "form");
      _sanhe_oa_designer_select_field (self, field);
      return field >= 0;
    }
  if (g_str_equal (verb, "set") && n == 3)
    return set_row (self, words[1], words[2]);
  return FALSE;
}

static void
on_busy_cb (SanheOaDesigner *self,
            GParamSpec      *pspec,
            GTask           *task)
{
  Script *script = g_task_get_task_data (task);

  if (sanhe_oa_designer_get_busy (self))
    return;
  g_clear_signal_handler (&script->busy_handler, self);
  run_next (task);
}

static void
run_next_cb (gpointer task)
{
  run_next (task);
}

/* Runs the next step once nothing is under way. Takes a reference on
 * @task and hands it on to whatever runs next. */
static void
run_next (GTask *task)
{
  SanheOaDesigner *self = g_task_get_source_object (task);
  Script *script = g_task_get_task_data (task);
  const char *step;

  if (sanhe_oa_designer_get_busy (self))
    {
      script->busy_handler = g_signal_connect (self, "notify::busy", G_CALLBACK (on_busy_cb), task);
      return;
    }
  while (script->steps[script->next] != NULL && *g_strstrip (script->steps[script->next]) == '\0')
    script->next++;
  step = script->steps[script->next];
  if (step == NULL)
    {
      _sanhe_oa_designer_report (self, "script done");
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  script->next++;
  _sanhe_oa_designer_report (self, "step: %s", step);
  if (!run_step (self, step))
    {
      _sanhe_oa_designer_report (self, "step failed: %s", step);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "step failed: %s", step);
      g_object_unref (task);
      return;
    }
  /* Let the edit's redraw and its scheduled check start before waiting. */
  g_idle_add_once (run_next_cb, task);
}

/* Opens process @key as a click on its row would, then runs @script (may
 * be NULL) step by step; finishes once all is done and idle. */
void
sanhe_oa_designer_automate_async (SanheOaDesigner     *self,
                                  const char          *key,
                                  const char          *script,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Script *run = g_new0 (Script, 1);
  GtkListBoxRow *row = NULL;

  g_return_if_fail (SANHE_IS_OA_DESIGNER (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_oa_designer_automate_async);
  run->steps = g_regex_split_simple ("[;\n]", script != NULL ? script : "", 0, 0);
  g_task_set_task_data (task, run, (GDestroyNotify) script_free);
  self->verbose = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->process_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "sanhe-key"), key) == 0)
      row = GTK_LIST_BOX_ROW (child);
  if (row != NULL)
    g_signal_emit_by_name (self->process_list, "row-activated", row);
  else
    {
      /* The list is still on its way: open it when it comes. */
      g_free (self->pending_key);
      self->pending_key = g_strdup (key);
    }
  run_next (g_steal_pointer (&task));
}

gboolean
sanhe_oa_designer_automate_finish (SanheOaDesigner  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
