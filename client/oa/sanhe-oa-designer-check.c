/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-oa-designer-private.h"

/*
 * The designer's live check: 400 ms after the last edit the working copy
 * goes to POST /api/v1/oa/processes/validate, the very rules a save runs;
 * a newer edit cancels an older check. The answer (valid, or the 422's
 * problems) fills the status line and the list under the editor, and
 * rings the steps and connections concerned in the drawing. Clicking a
 * problem selects what it is about.
 */

#define VALIDATE_DELAY_MS 400

typedef struct
{
  SanheOaDesigner *designer;
  guint            serial;
} Check;

/* "node=manager", "edge=3": where a problem is, for automation. */
static char *
describe_locator (JsonObject *problem)
{
  static const char * const locators[] = { "node", "field", "member" };

  if (json_object_has_member (problem, "edge"))
    return g_strdup_printf ("edge=%" G_GINT64_FORMAT, json_object_get_int_member_with_default (problem, "edge", -1));
  for (guint i = 0; i < G_N_ELEMENTS (locators); i++)
    if (json_object_has_member (problem, locators[i]))
      return g_strdup_printf ("%s=%s", locators[i],
                              json_object_get_string_member_with_default (problem, locators[i], "?"));
  return g_strdup ("process");
}

static void
on_check_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(SanheOaDesigner) self = check->designer;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = sanhe_api_request_finish (SANHE_API (source), result, &error);
  guint serial = check->serial;

  g_free (check);
  /* A later edit started a newer check: this answer is about the past. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || serial != self->validate_serial)
    return;

  g_clear_object (&self->validate_cancellable);
  g_clear_pointer (&self->problems, json_array_unref);
  self->check_failed = FALSE;
  if (answer != NULL)
    self->problems = json_array_new ();
  else if (g_strcmp0 (sanhe_error_get_code (error), "oa.process.invalid") == 0)
    {
      JsonNode *details = sanhe_error_get_details (error);
      JsonNode *problems = details != NULL && JSON_NODE_HOLDS_OBJECT (details)
                           ? json_object_get_member (json_node_get_object (details), "problems") : NULL;

      self->problems = problems != NULL && JSON_NODE_HOLDS_ARRAY (problems)
                       ? json_array_ref (json_node_get_array (problems)) : json_array_new ();
    }
  else
    {
      self->check_failed = TRUE;
      _sanhe_oa_designer_report (self, "check failed: %s", sanhe_error_get_code (error));
    }
  _sanhe_oa_designer_show_problems (self);
  _sanhe_oa_designer_report_problems (self);
  _sanhe_oa_designer_set_busy (self, FALSE);
}

static gboolean
check_now_cb (gpointer user_data)
{
  SanheOaDesigner *self = user_data;
  g_autoptr(JsonNode) body = sanhe_oa_process_to_body (self->definition);
  Check *check = g_new0 (Check, 1);

  self->validate_source = 0;
  self->validate_cancellable = g_cancellable_new ();
  check->designer = g_object_ref (self);
  check->serial = ++self->validate_serial;
  sanhe_api_request_async (_sanhe_oa_designer_get_api (self), "POST", "/api/v1/oa/processes/validate", body,
                           self->validate_cancellable, on_check_done_cb, check);
  return G_SOURCE_REMOVE;
}

gboolean
_sanhe_oa_designer_is_checking (SanheOaDesigner *self)
{
  return self->validate_source != 0 || self->validate_cancellable != NULL;
}

void
_sanhe_oa_designer_stop_checking (SanheOaDesigner *self)
{
  gboolean was_checking = _sanhe_oa_designer_is_checking (self);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->validate_cancellable != NULL)
    g_cancellable_cancel (self->validate_cancellable);
  g_clear_object (&self->validate_cancellable);
  self->validate_serial++;
  if (was_checking)
    _sanhe_oa_designer_set_busy (self, FALSE);
}

/* Asks the server again once the user pauses. */
void
_sanhe_oa_designer_schedule_check (SanheOaDesigner *self)
{
  if (!self->can_manage || self->definition == NULL || _sanhe_oa_designer_get_api (self) == NULL)
    return;

  _sanhe_oa_designer_stop_checking (self);
  _sanhe_oa_designer_set_busy (self, TRUE);
  self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, check_now_cb, self);
  _sanhe_oa_designer_show_problems (self);
}

static void
set_status (SanheOaDesigner *self,
            const char      *icon,
            const char      *css,
            const char      *text)
{
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css);
  gtk_label_set_text (self->status_label, text);
}

static void
on_problem_activated_cb (AdwActionRow    *row,
                         SanheOaDesigner *self)
{
  JsonObject *problem = g_object_get_data (G_OBJECT (row), "sanhe-problem");
  const char *node = json_object_get_string_member_with_default (problem, "node", NULL);
  const char *field = json_object_get_string_member_with_default (problem, "field", NULL);
  const char *member = json_object_get_string_member_with_default (problem, "member", NULL);
  guint index;

  if (node != NULL)
    {
      gtk_stack_set_visible_child_name (self->tabs, "flow");
      _sanhe_oa_designer_select (self, node, -1);
    }
  else if (json_object_has_member (problem, "edge"))
    {
      gtk_stack_set_visible_child_name (self->tabs, "flow");
      _sanhe_oa_designer_select (self, NULL, json_object_get_int_member_with_default (problem, "edge", -1));
    }
  else if (field != NULL || (member != NULL && g_str_has_prefix (member, "form")))
    {
      JsonArray *form = sanhe_oa_process_array (self->definition, "form");

      gtk_stack_set_visible_child_name (self->tabs, "form");
      if (field != NULL)
        {
          for (guint i = 0; i < json_array_get_length (form); i++)
            if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (form, i),
                                                                       "name", NULL), field) == 0)
              _sanhe_oa_designer_select_field (self, i);
        }
      else if (sscanf (member, "form[%u]", &index) == 1)
        _sanhe_oa_designer_select_field (self, index);
    }
  else if (member != NULL && sscanf (member, "nodes[%u]", &index) == 1)
    {
      JsonArray *nodes = sanhe_oa_process_array (self->definition, "nodes");

      gtk_stack_set_visible_child_name (self->tabs, "flow");
      if (index < json_array_get_length (nodes))
        _sanhe_oa_designer_select (self, json_object_get_string_member_with_default (
                                     json_array_get_object_element (nodes, index), "id", NULL), -1);
    }
  else if (member != NULL && (g_str_equal (member, "name") || g_str_equal (member, "key")))
    gtk_stack_set_visible_child_name (self->tabs, "form");
}

static GtkWidget *
new_problem_row (SanheOaDesigner *self,
                 JsonObject      *problem)
{
  SanheOaNames names = { self->definition, self->user_names, self->role_names };
  g_autofree char *place = sanhe_oa_describe_place (&names, problem);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sanhe_oa_problem_text (problem));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), place);
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "sanhe-problem", json_object_ref (problem),
                          (GDestroyNotify) json_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (on_problem_activated_cb), self);
  return row;
}

/* The status line and the list of problems, from the last check. */
void
_sanhe_oa_designer_show_problems (SanheOaDesigner *self)
{
  guint n = self->problems != NULL ? json_array_get_length (self->problems) : 0;
  gboolean checking = _sanhe_oa_designer_is_checking (self);
  GtkWidget *child;

  gtk_spinner_set_spinning (self->status_spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), checking);
  if (!self->can_manage)
    set_status (self, "changes-prevent-symbolic", NULL,
                _("You can look at this process. Only process designers can change it."));
  else if (checking)
    set_status (self, NULL, NULL, _("Checking the process with the server…"));
  else if (self->check_failed)
    set_status (self, "dialog-warning-symbolic", "warning",
                _("The server could not check the process. It will check it again when you save."));
  else if (self->problems == NULL)
    set_status (self, NULL, NULL, "");
  else if (n == 0)
    set_status (self, "emblem-ok-symbolic", "success",
                self->modified ? _("No problems found. Save to publish it as a new version.")
                               : _("No problems found."));
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u problem to fix before saving:",
                                                         "%u problems to fix before saving:", n), n);

      set_status (self, "dialog-warning-symbolic", "error", text);
    }

  /* The last answer stays on screen until the next one: no flicker
   * while the user types. */
  if (checking)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (self->problems, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        gtk_list_box_append (self->problems_list, new_problem_row (self, json_node_get_object (element)));
    }
  gtk_widget_set_visible (self->problems_scroller, n > 0);
  sanhe_oa_flow_view_set_problems (self->flow_view, self->problems);
}

/* For automation: what the server found, as the list shows it. */
void
_sanhe_oa_designer_report_problems (SanheOaDesigner *self)
{
  guint n = self->problems != NULL ? json_array_get_length (self->problems) : 0;

  if (!self->verbose || self->problems == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (self->problems, i);
      g_autofree char *where = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      where = describe_locator (json_node_get_object (element));
      _sanhe_oa_designer_report (self, "problem %s code=%s", where,
                                 json_object_get_string_member_with_default (json_node_get_object (element),
                                                                             "code", "?"));
    }
  _sanhe_oa_designer_report (self, "checked: %u problems", n);
}
