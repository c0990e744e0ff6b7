/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-text"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-format.h"
#include "sanhe-oa-text.h"

/*
 * Words and small widgets shared by the OA pages: the verbs of the
 * history (会签, 加签, 转办, 退回… in Chinese), request states, a
 * request's form values and its history as a timeline.
 */

static const struct
{
  const char *action;
  const char *text;
} actions[] = {
  /* Translators: history of an approval request: the applicant submitted it */
  { "submit", N_("Submitted") },
  /* Translators: history of an approval request */
  { "approve", N_("Approved") },
  /* Translators: history of an approval request */
  { "reject", N_("Rejected") },
  /* Translators: history of an approval request: sent back for changes */
  { "return", N_("Returned") },
  /* Translators: history of an approval request: handed to another approver (zh: 转办) */
  { "transfer", N_("Transferred") },
  /* Translators: history of an approval request: another approver was added (zh: 加签) */
  { "add_signer", N_("Added an approver") },
  /* Translators: history of an approval request: the applicant took it back (zh: 撤回) */
  { "withdraw", N_("Withdrawn") },
  /* Translators: history of an approval request: the applicant reminded the approvers (zh: 催办) */
  { "urge", N_("Sent a reminder") },
  /* Translators: history of an approval request: submitted again after a return */
  { "resubmit", N_("Resubmitted") },
  /* Translators: history of an approval request */
  { "comment", N_("Commented") },
  /* Translators: history of an approval request: the approver did not decide in time */
  { "timeout", N_("Timed out") },
  /* Translators: history of an approval request: a read-only copy was sent (zh: 抄送) */
  { "notify", N_("Copied to") },
};

static const struct
{
  const char *state;
  const char *text;
  const char *css;
} states[] = {
  /* Translators: state of an approval request */
  { "pending", N_("In approval"), "accent" },
  /* Translators: state of an approval request */
  { "approved", N_("Approved"), "success" },
  /* Translators: state of an approval request */
  { "rejected", N_("Rejected"), "error" },
  /* Translators: state of an approval request: sent back to the applicant */
  { "returned", N_("Returned"), "warning" },
  /* Translators: state of an approval request */
  { "withdrawn", N_("Withdrawn"), "dim-label" },
};

/* The OA style sheet, once per display. */
void
sanhe_oa_ensure_style (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (done || display == NULL)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/sanhe/Sanhe/sanhe-oa.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

const char *
sanhe_oa_action_text (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      return _(actions[i].text);

  return action != NULL ? action : "";
}

const char *
sanhe_oa_state_text (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      return _(states[i].text);

  return state != NULL ? state : "";
}

const char *
sanhe_oa_state_css_class (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      return states[i].css;

  return "dim-label";
}

/* Shows @state on @pill: its words and its colour; hidden for none. */
void
sanhe_oa_state_pill_set (GtkLabel   *pill,
                         const char *state)
{
  gtk_widget_remove_css_class (GTK_WIDGET (pill), "dim-label");
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (pill), states[i].css);
  gtk_label_set_text (pill, sanhe_oa_state_text (state));
  gtk_widget_add_css_class (GTK_WIDGET (pill), sanhe_oa_state_css_class (state));
  gtk_widget_set_visible (GTK_WIDGET (pill), state != NULL);
}

/* A user as the server sends it: {"id","name"}, a bare id or null. */
const char *
sanhe_oa_json_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (json_object_has_member (object, "name"))
        return json_object_get_string_member_with_default (object, "name", NULL);
      if (json_object_has_member (object, "login"))
        return json_object_get_string_member_with_default (object, "login", NULL);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/*
 * The text of a definition object (a process's "name", a form field's
 * or option's "label", a node's "name") in the user's language.
 * Definitions are written once for every locale: such an object may
 * carry "translations": {"zh_CN": "差旅报销", "es": "Gastos de viaje"},
 * and the member itself is the fallback.
 *
 * Returns: (transfer none) (nullable): the text, or @fallback.
 */
const char *
sanhe_oa_localized (JsonObject *object,
                    const char *member,
                    const char *fallback)
{
  const char *const *languages = g_get_language_names ();
  JsonNode *node;

  if (object == NULL)
    return fallback;
  node = json_object_get_member (object, "translations");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *translations = json_node_get_object (node);

      /* The language names run from the most specific ("zh_CN.UTF-8",
       * "zh_CN", "zh") to "C", so "es" serves es_ES and es_MX alike. */
      for (gsize i = 0; languages[i] != NULL; i++)
        {
          JsonNode *text = json_object_get_member (translations, languages[i]);

          if (text != NULL && JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
            return json_node_get_string (text);
        }
    }

  return json_object_get_string_member_with_default (object, member, fallback);
}

/* A task's summary as its reader writes it: "Joe Zhang · 1.280,50 ·
 * Customer visit" in Spanish. The server's own summary writes the amount
 * the same way in every language; its parts ("summary_parts") let the
 * amount be punctuated here. Without them, the server's summary.
 *
 * Returns: (transfer full) (nullable) */
char *
sanhe_oa_summary_text (JsonObject *task)
{
  JsonObject *parts = sanhe_json_object_get_object (task, "summary_parts");
  const char *applicant = sanhe_json_object_get_string (parts, "applicant");
  const char *amount = sanhe_json_object_get_string (parts, "amount");
  const char *text = sanhe_json_object_get_string (parts, "text");
  g_autofree char *money = NULL;
  GString *summary;

  if (applicant == NULL)
    return g_strdup (sanhe_json_object_get_string (task, "summary"));

  summary = g_string_new (applicant);
  if (amount != NULL && (money = sanhe_format_decimal (amount, 2, 4)) != NULL)
    g_string_append_printf (summary, " · %s", money);
  if (text != NULL && *text != '\0')
    g_string_append_printf (summary, " · %s", text);
  return g_string_free (summary, FALSE);
}

/* Returns: (transfer full): a form value as text. */
char *
sanhe_oa_format_value (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = sanhe_oa_format_value (json_array_get_element (array, i));

          if (i > 0)
            g_string_append (text, " – ");
          g_string_append (text, part);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      const char *name = sanhe_oa_json_name (value);

      if (name != NULL)
        return g_strdup (name);
      if (json_object_has_member (object, "start") || json_object_has_member (object, "end"))
        {
          g_autofree char *start = sanhe_format_day (json_object_get_string_member_with_default (object, "start", NULL));
          g_autofree char *end = sanhe_format_day (json_object_get_string_member_with_default (object, "end", NULL));

          /* Translators: a range of dates, first day – last day */
          return g_strdup_printf (_("%s – %s"), start ? start : "", end ? end : "");
        }
      if (json_object_has_member (object, "id"))
        return g_strdup_printf ("#%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (object, "id", 0));
      return g_strdup ("…");
    }

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (value));
    case G_TYPE_INT64:
      return sanhe_format_number (json_node_get_int (value));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (value));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
    default:
      return g_strdup ("");
    }
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A choice's value as its option's label, in the user's language. */
static const char *
option_label (JsonObject *field,
              const char *value)
{
  JsonNode *options = json_object_get_member (field, "options");

  for (guint i = 0; options != NULL && JSON_NODE_HOLDS_ARRAY (options) &&
                    i < json_array_get_length (json_node_get_array (options)); i++)
    {
      JsonNode *option = json_array_get_element (json_node_get_array (options), i);

      if (JSON_NODE_HOLDS_OBJECT (option) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (option), "value", NULL),
                     value) == 0)
        return sanhe_oa_localized (json_node_get_object (option), "label", value);
    }
  return value;
}

/* A value as its field's type shows it: money and numbers in the
 * user's locale, a choice by its label, a person, department or
 * customer by the name the request's "references" give it. */
static char *
format_typed (JsonNode   *value,
              JsonObject *field,
              JsonObject *references)
{
  const char *name = json_object_get_string_member_with_default (field, "name", "");
  const char *type = json_object_get_string_member_with_default (field, "type", NULL);
  JsonNode *reference = references != NULL ? json_object_get_member (references, name) : NULL;

  if (reference != NULL && JSON_NODE_HOLDS_OBJECT (reference) &&
      json_object_get_string_member_with_default (json_node_get_object (reference), "name", NULL) != NULL)
    return g_strdup (json_object_get_string_member (json_node_get_object (reference), "name"));

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      if (g_strcmp0 (type, "choice") == 0)
        return g_strdup (option_label (field, json_node_get_string (value)));
      if (g_strcmp0 (type, "money") == 0)
        return sanhe_format_decimal (json_node_get_string (value), 2, 2);
      if (g_strcmp0 (type, "number") == 0)
        return sanhe_format_decimal (json_node_get_string (value), 0, 4);
      if (g_strcmp0 (type, "date") == 0)
        return sanhe_format_day (json_node_get_string (value));
    }

  return sanhe_oa_format_value (value);
}

/* Returns: (transfer floating): a two-column grid of @request's form
 * values, in the order and with the labels of the definition's @fields
 * when known. */
GtkWidget *
sanhe_oa_form_values_new (JsonObject *request,
                          JsonArray  *fields)
{
  GtkWidget *grid = gtk_grid_new ();
  JsonNode *form_node = json_object_get_member (request, "form");
  JsonNode *references_node = json_object_get_member (request, "references");
  JsonObject *form = form_node != NULL && JSON_NODE_HOLDS_OBJECT (form_node) ? json_node_get_object (form_node) : NULL;
  JsonObject *references = references_node != NULL && JSON_NODE_HOLDS_OBJECT (references_node)
                           ? json_node_get_object (references_node) : NULL;
  g_autoptr(GList) members = NULL;
  int row = 0;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  if (form == NULL)
    return grid;

  if (fields != NULL)
    {
      for (guint i = 0; i < json_array_get_length (fields); i++)
        {
          JsonObject *field = json_array_get_object_element (fields, i);
          const char *name = json_object_get_string_member_with_default (field, "name", "");
          const char *label = sanhe_oa_localized (field, "label", name);
          g_autofree char *value = format_typed (json_object_get_member (form, name), field, references);

          gtk_grid_attach (GTK_GRID (grid), new_label (label, "dim-label"), 0, row, 1, 1);
          gtk_grid_attach (GTK_GRID (grid), new_label (value, NULL), 1, row, 1, 1);
          row++;
        }
      return grid;
    }

  members = json_object_get_members (form);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *label = name;
      g_autofree char *value = sanhe_oa_format_value (json_object_get_member (form, name));

      gtk_grid_attach (GTK_GRID (grid), new_label (label, "dim-label"), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), new_label (value, NULL), 1, row, 1, 1);
      row++;
    }

  return grid;
}

/* The name of step @node_id in @process's definition, else the id. */
static const char *
node_name (JsonObject *process,
           const char *node_id)
{
  JsonNode *nodes = process != NULL ? json_object_get_member (process, "nodes") : NULL;

  if (nodes == NULL || !JSON_NODE_HOLDS_ARRAY (nodes))
    return node_id;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    {
      JsonObject *node = json_array_get_object_element (json_node_get_array (nodes), i);

      if (g_strcmp0 (json_object_get_string_member_with_default (node, "id", NULL), node_id) == 0)
        return sanhe_oa_localized (node, "name", node_id);
    }

  return node_id;
}

static void append_waiting (GtkWidget  *box,
                            JsonObject *request,
                            JsonObject *process);

/* Returns: (transfer floating): the history of @request, oldest first, as
 * a timeline: a dot, who did what at which step and when, the comment;
 * then, while it is in approval, whom it waits for. */
GtkWidget *
sanhe_oa_history_new (JsonObject *request,
                      JsonObject *process)
{
  JsonNode *history_node = request != NULL ? json_object_get_member (request, "history") : NULL;
  JsonArray *history = history_node != NULL && JSON_NODE_HOLDS_ARRAY (history_node)
                       ? json_node_get_array (history_node) : NULL;

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (box, "oa-timeline");
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *entry = json_array_get_object_element (history, i);
      const char *action = json_object_get_string_member_with_default (entry, "action", NULL);
      const char *node = json_object_get_string_member_with_default (entry, "node", NULL);
      const char *actor = sanhe_oa_json_name (json_object_get_member (entry, "actor"));
      const char *behalf = sanhe_oa_json_name (json_object_get_member (entry, "on_behalf_of"));
      JsonNode *rule = json_object_get_member (entry, "rule");
      const char *comment = json_object_get_string_member_with_default (entry, "comment", NULL);
      g_autofree char *when = sanhe_format_datetime (json_object_get_string_member_with_default (entry, "at", NULL));
      g_autofree char *headline = NULL;
      g_autofree char *detail = NULL;
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *dot = gtk_label_new ("●");
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_valign (dot, GTK_ALIGN_START);
      gtk_widget_add_css_class (dot, g_strcmp0 (action, "reject") == 0 ? "error"
                                     : g_strcmp0 (action, "approve") == 0 ? "success" : "accent");
      gtk_widget_set_margin_bottom (row, 10);

      if (actor == NULL)
        actor = rule != NULL && !JSON_NODE_HOLDS_NULL (rule) ? _("Standing rule") : _("System");
      /* Translators: a line of an approval history: "Ben · Approved" */
      headline = g_strdup_printf (_("%s · %s"), actor, sanhe_oa_action_text (action));
      gtk_box_append (GTK_BOX (text), new_label (headline, "heading"));

      if (behalf != NULL)
        /* Translators: %s is the approver a delegate acted for */
        detail = g_strdup_printf (_("on behalf of %s"), behalf);
      else if (rule != NULL && !JSON_NODE_HOLDS_NULL (rule))
        /* Translators: the decision was taken by an approver's standing auto-approve rule */
        detail = g_strdup (_("approved automatically by a standing rule"));
      if (detail != NULL)
        gtk_box_append (GTK_BOX (text), new_label (detail, "dim-label"));

      if (node != NULL && when != NULL)
        {
          /* Translators: step of the process, then a date and time */
          g_autofree char *where = g_strdup_printf (_("%s, %s"), node_name (process, node), when);

          gtk_box_append (GTK_BOX (text), new_label (where, "dim-label"));
        }
      else if (when != NULL)
        gtk_box_append (GTK_BOX (text), new_label (when, "dim-label"));

      if (comment != NULL && *comment != '\0')
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", comment);

          gtk_box_append (GTK_BOX (text), new_label (quoted, NULL));
        }

      gtk_box_append (GTK_BOX (row), dot);
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (GTK_BOX (box), row);
    }
  append_waiting (box, request, process);

  return box;
}

static void
append_waiting (GtkWidget  *box,
                JsonObject *request,
                JsonObject *process)
{
  JsonNode *tasks_node = request != NULL ? json_object_get_member (request, "tasks") : NULL;
  JsonArray *tasks = tasks_node != NULL && JSON_NODE_HOLDS_ARRAY (tasks_node) ? json_node_get_array (tasks_node) : NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  const char *node = NULL;
  g_autofree char *text = NULL;
  GtkWidget *row, *dot, *label;

  if (g_strcmp0 (json_object_get_string_member_with_default (request, "state", NULL), "pending") != 0)
    return;
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      const char *name = sanhe_oa_json_name (json_object_get_member (task, "assignee"));

      if (g_strcmp0 (json_object_get_string_member_with_default (task, "state", NULL), "pending") != 0
          || name == NULL)
        continue;
      if (names->len > 0)
        /* Translators: between the names of several approvers */
        g_string_append (names, _(", "));
      g_string_append (names, name);
      node = json_object_get_string_member_with_default (task, "node", NULL);
    }
  if (names->len == 0)
    return;

  /* Translators: the last line of an approval history: step, then who must approve now */
  text = g_strdup_printf (_("%s: waiting for %s"), node != NULL ? node_name (process, node) : "", names->str);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  dot = gtk_label_new ("○");
  gtk_widget_add_css_class (dot, "dim-label");
  label = new_label (text, "dim-label");
  gtk_box_append (GTK_BOX (row), dot);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (box), row);
}
