/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-process-text"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-format.h"
#include "sanhe-oa-process-text.h"
#include "sanhe-oa-text.h"

/*
 * The closed lists of the process format with their names, and the
 * descriptions the designer shows. Validation problems come from the
 * server with English messages for logs; the user reads the text of their
 * code from the table below (the server's message when the code is new).
 */

typedef struct
{
  const char *value;
  const char *text;
  const char *context;  /* of the translation, when the word alone is ambiguous */
} Choice;

static const Choice node_types[] = {
  /* Translators: a step of an approval process where it begins */
  { "start", NC_("process step", "Start"), "process step" },
  /* Translators: a step of an approval process (zh: 审批) */
  { "approval", NC_("process step", "Approval"), "process step" },
  /* Translators: a step of an approval process that branches on a test */
  { "condition", NC_("process step", "Condition"), "process step" },
  /* Translators: a step of an approval process that splits into branches running at once */
  { "parallel", NC_("process step", "Parallel split"), "process step" },
  /* Translators: a step of an approval process where parallel branches meet again */
  { "join", NC_("process step", "Join"), "process step" },
  /* Translators: a step of an approval process that sends a read-only copy (zh: 抄送) */
  { "notify", NC_("process step", "Copy to"), "process step" },
  /* Translators: a step of an approval process that does something automatically */
  { "action", NC_("process step", "Action"), "process step" },
  /* Translators: a step of an approval process where it ends */
  { "end", NC_("process step", "End"), "process step" },
};

static const Choice assignee_rules[] = {
  /* Translators: who approves a step: the applicant's manager */
  { "manager", N_("Applicant’s manager") },
  /* Translators: who approves a step: the head of a department */
  { "department_head", N_("Department head") },
  /* Translators: who approves a step: everyone holding a role */
  { "role", N_("Everyone in a role") },
  /* Translators: who approves a step: one named person */
  { "user", N_("One person") },
  /* Translators: who approves a step: the person chosen in a field of the request's form */
  { "field", N_("Person in a form field") },
};

static const Choice modes[] = {
  /* Translators: approval mode when several people approve a step (zh: 或签) */
  { "any", N_("Any one approves") },
  /* Translators: approval mode when several people approve a step (zh: 会签) */
  { "all", N_("All must approve") },
  /* Translators: approval mode when several people approve a step (zh: 依次审批) */
  { "sequential", N_("One after another") },
};

static const Choice on_timeouts[] = {
  /* Translators: what happens when an approver does not decide in time (zh: 催办) */
  { "remind", N_("Remind the approver") },
  /* Translators: what happens when an approver does not decide in time */
  { "escalate", N_("Escalate to their manager") },
  /* Translators: what happens when an approver does not decide in time */
  { "approve", N_("Approve automatically") },
};

static const Choice effects[] = {
  /* Translators: an automatic step of a process: records the travel advance in finance */
  { "finance.register_advance", N_("Register the advance (Finance)") },
  /* Translators: an automatic step of a process: records the trip in HR attendance */
  { "hr.record_business_trip", N_("Record the trip (HR)") },
};

static const Choice field_types[] = {
  { "text", NC_("field type", "Text"), "field type" },
  { "multiline", NC_("field type", "Long text"), "field type" },
  { "number", NC_("field type", "Number"), "field type" },
  { "money", NC_("field type", "Amount of money"), "field type" },
  { "date", NC_("field type", "Date"), "field type" },
  /* Translators: a first and a last day */
  { "date_range", NC_("field type", "Date range"), "field type" },
  /* Translators: one of a list of options */
  { "choice", NC_("field type", "Choice"), "field type" },
  /* Translators: a colleague */
  { "user", NC_("field type", "Person"), "field type" },
  { "department", NC_("field type", "Department"), "field type" },
  { "customer", NC_("field type", "Customer"), "field type" },
};

static const Choice operators[] = {
  { "=", "=" },
  { "!=", "≠" },
  { "<", "<" },
  { "<=", "≤" },
  { ">", ">" },
  { ">=", "≥" },
  /* Translators: a test of a condition: the field's value is one of a list */
  { "in", N_("is one of") },
};

static const struct
{
  const Choice *choices;
  guint         n_choices;
} lists[] = {
  [SANHE_OA_CHOICES_NODE_TYPE] = { node_types, G_N_ELEMENTS (node_types) },
  [SANHE_OA_CHOICES_ASSIGNEE_RULE] = { assignee_rules, G_N_ELEMENTS (assignee_rules) },
  [SANHE_OA_CHOICES_MODE] = { modes, G_N_ELEMENTS (modes) },
  [SANHE_OA_CHOICES_ON_TIMEOUT] = { on_timeouts, G_N_ELEMENTS (on_timeouts) },
  [SANHE_OA_CHOICES_EFFECT] = { effects, G_N_ELEMENTS (effects) },
  [SANHE_OA_CHOICES_FIELD_TYPE] = { field_types, G_N_ELEMENTS (field_types) },
  [SANHE_OA_CHOICES_OPERATOR] = { operators, G_N_ELEMENTS (operators) },
};

static const struct
{
  const char *code;
  const char *text;
} problems[] = {
  { "required", N_("This is required.") },
  { "wrong_type", N_("This has the wrong kind of value.") },
  { "too_many", N_("There are too many of these.") },
  { "no_start", N_("The process needs a start step.") },
  { "no_end", N_("The process needs at least one end step.") },
  { "missing_name", N_("The field needs a name.") },
  { "invalid_name", N_("A field name is letters, digits and “_”, starting with a letter.") },
  { "duplicate_name", N_("Two fields have this name.") },
  { "invalid_min", N_("The minimum is not a value of this type.") },
  { "invalid_max", N_("The maximum is not a value of this type.") },
  { "min_above_max", N_("The minimum is greater than the maximum.") },
  { "not_applicable", N_("This type of field takes no minimum, maximum or options.") },
  { "missing_options", N_("A choice needs at least one option.") },
  { "invalid_options", N_("Options must not be empty or repeated.") },
  { "missing_id", N_("The step needs an id.") },
  { "invalid_id", N_("A step id is letters, digits, “_”, “-” or “.”.") },
  { "duplicate_id", N_("Two steps have this id.") },
  { "multiple_start", N_("A process has only one start step.") },
  { "invalid_assignee", N_("Choose who approves this step.") },
  { "invalid_mode", N_("Choose how several approvers decide.") },
  { "invalid_timeout", N_("The time limit is a whole number of hours, at most a year.") },
  { "invalid_on_timeout", N_("A time limit and what happens when it passes go together.") },
  { "missing_effect", N_("Choose what this action does.") },
  { "unknown_effect", N_("The server does not offer this action.") },
  { "start_has_incoming", N_("Nothing may lead back into the start.") },
  { "end_has_outgoing", N_("Nothing may leave an end step.") },
  { "needs_one_outgoing", N_("This step needs exactly one connection to a next step.") },
  { "parallel_needs_branches", N_("A parallel split needs at least two branches.") },
  { "no_when", N_("A condition needs at least one branch with a test.") },
  { "no_else", N_("A condition needs one “otherwise” branch.") },
  { "multiple_else", N_("A condition has only one “otherwise” branch.") },
  { "unreachable", N_("No path from the start reaches this step.") },
  { "no_path_to_end", N_("No path leads from this step to an end.") },
  { "parallel_without_join", N_("The branches of this split must meet again in one join.") },
  { "branches_merge", N_("Parallel branches meet here before their join.") },
  { "enters_parallel", N_("A connection enters a parallel branch from outside.") },
  { "join_without_parallel", N_("This join closes no parallel split.") },
  { "dangling", N_("The connection names a step that does not exist.") },
  { "duplicate", N_("Two branches lead to the same step.") },
  { "unexpected_when", N_("Only the branches of a condition have a test.") },
  { "unexpected_else", N_("Only a branch of a condition can be “otherwise”.") },
  { "when_and_else", N_("A branch has a test or is “otherwise”, not both.") },
  { "missing_when", N_("This branch needs a test, or to be “otherwise”.") },
  { "cycle", N_("This connection closes a loop. Requests go back with “Return” instead.") },
  { "unknown_op", N_("The test has an unknown operator.") },
  { "unknown_field", N_("The test names a field the form does not have.") },
  { "not_comparable", N_("This field cannot be compared that way.") },
  { "invalid_value", N_("The value does not suit the field.") },
  { "not_an_option", N_("The value is not one of the field’s options.") },
  { "too_deep", N_("The test is nested too deeply.") },
};

guint
sanhe_oa_choices_count (SanheOaChoices list)
{
  g_return_val_if_fail (list < G_N_ELEMENTS (lists), 0);
  return lists[list].n_choices;
}

const char *
sanhe_oa_choice_value (SanheOaChoices list,
                       guint          index)
{
  g_return_val_if_fail (index < sanhe_oa_choices_count (list), NULL);
  return lists[list].choices[index].value;
}

/* Returns: the name of choice @index in the user's language. */
const char *
sanhe_oa_choice_text (SanheOaChoices list,
                      guint          index)
{
  const Choice *choice;

  g_return_val_if_fail (index < sanhe_oa_choices_count (list), NULL);
  choice = &lists[list].choices[index];
  if (choice->context != NULL)
    return g_dpgettext2 (NULL, choice->context, choice->text);
  return _(choice->text);
}

/* Returns: the index of @value, or G_MAXUINT. */
guint
sanhe_oa_choice_find (SanheOaChoices  list,
                      const char     *value)
{
  for (guint i = 0; i < sanhe_oa_choices_count (list); i++)
    if (g_strcmp0 (lists[list].choices[i].value, value) == 0)
      return i;
  return G_MAXUINT;
}

/* Returns: the name of @value, or @value itself when it is not a choice. */
const char *
sanhe_oa_choice_label (SanheOaChoices  list,
                       const char     *value)
{
  guint index = sanhe_oa_choice_find (list, value);

  return index != G_MAXUINT ? sanhe_oa_choice_text (list, index) : value;
}

/* Returns: (nullable): the form field called @name. */
JsonObject *
sanhe_oa_definition_field (JsonObject *definition,
                           const char *name)
{
  JsonArray *form = sanhe_json_object_get_array (definition, "form");

  for (guint i = 0; form != NULL && name != NULL && i < json_array_get_length (form); i++)
    {
      JsonObject *field = sanhe_json_array_get_object (form, i);

      if (g_strcmp0 (sanhe_json_object_get_string (field, "name"), name) == 0)
        return field;
    }
  return NULL;
}

static JsonObject *
find_node (JsonObject *definition,
           const char *id)
{
  JsonArray *nodes = sanhe_json_object_get_array (definition, "nodes");

  for (guint i = 0; nodes != NULL && id != NULL && i < json_array_get_length (nodes); i++)
    {
      JsonObject *node = sanhe_json_array_get_object (nodes, i);

      if (g_strcmp0 (sanhe_json_object_get_string (node, "id"), id) == 0)
        return node;
    }
  return NULL;
}

/* Returns: what a node is called: its name in the user's language; for
 * the steps that seldom have one (start, condition, end…) its kind; else
 * its id. */
const char *
sanhe_oa_node_title (JsonObject *node)
{
  const char *name = sanhe_oa_localized (node, "name", NULL);
  const char *type = sanhe_json_object_get_string (node, "type");
  const char *effect = sanhe_json_object_get_string (node, "effect");

  if (name != NULL && *name != '\0')
    return name;
  if (g_strcmp0 (type, "approval") != 0 && g_strcmp0 (type, "action") != 0
      && sanhe_oa_choice_find (SANHE_OA_CHOICES_NODE_TYPE, type) != G_MAXUINT)
    return sanhe_oa_choice_label (SANHE_OA_CHOICES_NODE_TYPE, type);
  if (g_strcmp0 (type, "action") == 0 && sanhe_oa_choice_find (SANHE_OA_CHOICES_EFFECT, effect) != G_MAXUINT)
    return sanhe_oa_choice_label (SANHE_OA_CHOICES_EFFECT, effect);
  name = sanhe_json_object_get_string (node, "id");
  return name != NULL && *name != '\0' ? name : "?";
}

/* Returns: (transfer full): the title, and for a step without a name of
 * its own (whose title is only its kind) its id too, so two conditions
 * can be told apart: "Condition (amount)". */
char *
sanhe_oa_node_label (JsonObject *node)
{
  const char *title = sanhe_oa_node_title (node);
  const char *name = sanhe_oa_localized (node, "name", NULL);
  const char *id = sanhe_json_object_get_string (node, "id");

  if ((name != NULL && *name != '\0') || id == NULL || g_strcmp0 (title, id) == 0)
    return g_strdup (title);
  /* Translators: a step of a process without a name: its kind, then its id */
  return g_strdup_printf (_("%s (%s)"), title, id);
}

static const char *
field_label (const SanheOaNames *names,
             const char         *field)
{
  JsonObject *definition = sanhe_oa_definition_field (names->definition, field);

  return definition != NULL ? sanhe_oa_localized (definition, "label", field) : field;
}

/* Returns: (transfer full): who decides @node, for its box. */
char *
sanhe_oa_describe_assignee (const SanheOaNames *names,
                            JsonObject         *node)
{
  JsonNode *member = json_object_get_member (node, "assignee");
  JsonObject *assignee = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  const char *rule = sanhe_json_object_get_string (assignee, "rule");

  if (g_strcmp0 (rule, "manager") == 0)
    /* Translators: who approves a step, on its box in the drawing */
    return g_strdup (_("Applicant’s manager"));
  if (g_strcmp0 (rule, "department_head") == 0)
    /* Translators: who approves a step, on its box in the drawing */
    return g_strdup (_("Department head"));
  if (g_strcmp0 (rule, "role") == 0)
    {
      const char *role = sanhe_json_object_get_string (assignee, "role");
      const char *name = role != NULL && names->roles != NULL ? g_hash_table_lookup (names->roles, role) : NULL;

      /* Translators: who approves a step: everyone with this role */
      return g_strdup_printf (_("Role: %s"), name != NULL ? name : role != NULL ? role : "?");
    }
  if (g_strcmp0 (rule, "user") == 0)
    {
      gint64 id = json_object_get_int_member_with_default (assignee, "user", 0);
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      const char *name = names->users != NULL ? g_hash_table_lookup (names->users, key) : NULL;

      if (name != NULL)
        return g_strdup (name);
      /* Translators: who approves a step: a person known only by number */
      return g_strdup_printf (_("Person #%s"), key);
    }
  if (g_strcmp0 (rule, "field") == 0)
    {
      const char *field = sanhe_json_object_get_string (assignee, "field");

      /* Translators: who approves a step: the person chosen in this form field */
      return g_strdup_printf (_("Person in “%s”"), field != NULL ? field_label (names, field) : "?");
    }
  /* Translators: a step that needs an approver and has none yet */
  return g_strdup (_("Nobody chosen yet"));
}

static char *
describe_value (const SanheOaNames *names,
                const char         *field,
                JsonNode           *value)
{
  JsonObject *definition = sanhe_oa_definition_field (names->definition, field);
  const char *type = sanhe_json_object_get_string (definition, "type");

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
      && (g_strcmp0 (type, "money") == 0 || g_strcmp0 (type, "number") == 0))
    {
      char *formatted = sanhe_format_decimal (json_node_get_string (value), 0, 4);

      if (formatted != NULL)
        return formatted;
    }
  if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GString) text = g_string_new ("(");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = describe_value (names, field, json_array_get_element (array, i));

          if (i > 0)
            g_string_append (text, ", ");
          g_string_append (text, part);
        }
      g_string_append (text, ")");
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return sanhe_oa_format_value (value);
}

static const char *
describe_field (const SanheOaNames *names,
                const char         *field)
{
  if (g_strcmp0 (field, "applicant.role") == 0)
    /* Translators: a condition can test the applicant's role */
    return _("applicant’s role");
  if (g_strcmp0 (field, "applicant.department") == 0)
    /* Translators: a condition can test the applicant's department */
    return _("applicant’s department");
  if (g_strcmp0 (field, "applicant.id") == 0)
    /* Translators: a condition can test who the applicant is */
    return _("applicant");
  return field != NULL ? field_label (names, field) : "?";
}

static void
append_condition (GString            *text,
                  const SanheOaNames *names,
                  JsonNode           *when,
                  gboolean            nested)
{
  JsonObject *object = when != NULL && JSON_NODE_HOLDS_OBJECT (when) ? json_node_get_object (when) : NULL;
  const char *op = sanhe_json_object_get_string (object, "op");
  JsonArray *args = sanhe_json_object_get_array (object, "args");

  if (g_strcmp0 (op, "and") == 0 || g_strcmp0 (op, "or") == 0)
    {
      if (nested)
        g_string_append (text, "(");
      for (guint i = 0; args != NULL && i < json_array_get_length (args); i++)
        {
          if (i > 0)
            /* Translators: between two tests of a condition, with spaces around */
            g_string_append (text, g_str_equal (op, "and") ? _(" and ") : _(" or "));
          append_condition (text, names, json_array_get_element (args, i), TRUE);
        }
      if (nested)
        g_string_append (text, ")");
    }
  else if (g_strcmp0 (op, "not") == 0)
    {
      /* Translators: the negation of a test, before it */
      g_string_append (text, _("not "));
      append_condition (text, names, json_object_get_member (object, "arg"), TRUE);
    }
  else if (op != NULL)
    {
      const char *field = sanhe_json_object_get_string (object, "field");
      g_autofree char *value = describe_value (names, field, json_object_get_member (object, "value"));

      g_string_append_printf (text, "%s %s %s", describe_field (names, field),
                              sanhe_oa_choice_label (SANHE_OA_CHOICES_OPERATOR, op), value);
    }
  else
    g_string_append (text, "?");
}

/* Returns: (transfer full): a condition tree as a line of text, such as
 * "Amount > 5,000". */
char *
sanhe_oa_describe_condition (const SanheOaNames *names,
                             JsonNode           *when)
{
  GString *text = g_string_new (NULL);

  append_condition (text, names, when, FALSE);
  return g_string_free (text, FALSE);
}

/* Returns: (transfer full): where a validation problem is: a step, a
 * connection, a form field or the process itself. */
char *
sanhe_oa_describe_place (const SanheOaNames *names,
                         JsonObject         *problem)
{
  const char *node = sanhe_json_object_get_string (problem, "node");
  const char *field = sanhe_json_object_get_string (problem, "field");
  JsonArray *edges = sanhe_json_object_get_array (names->definition, "edges");

  if (node != NULL)
    {
      JsonObject *object = find_node (names->definition, node);
      g_autofree char *label = object != NULL ? sanhe_oa_node_label (object) : g_strdup (node);

      /* Translators: where a problem of a process is: a step */
      return g_strdup_printf (_("Step “%s”"), label);
    }
  if (field != NULL)
    /* Translators: where a problem of a process is: a field of its form */
    return g_strdup_printf (_("Field “%s”"), field_label (names, field));
  if (json_object_has_member (problem, "edge"))
    {
      gint64 index = json_object_get_int_member_with_default (problem, "edge", -1);
      JsonObject *edge = index >= 0 && index < G_MAXUINT
                         ? sanhe_json_array_get_object (edges, (guint) index) : NULL;

      if (edge != NULL)
        {
          const char *from = sanhe_json_object_get_string (edge, "from");
          const char *to = sanhe_json_object_get_string (edge, "to");
          JsonObject *from_node = find_node (names->definition, from);
          JsonObject *to_node = find_node (names->definition, to);
          g_autofree char *from_label = from_node != NULL ? sanhe_oa_node_label (from_node) : g_strdup (from ? from : "?");
          g_autofree char *to_label = to_node != NULL ? sanhe_oa_node_label (to_node) : g_strdup (to ? to : "?");

          /* Translators: where a problem of a process is: the connection between two steps */
          return g_strdup_printf (_("Connection from “%s” to “%s”"), from_label, to_label);
        }
    }
  /* Translators: where a problem of a process is: the process as a whole */
  return g_strdup (_("The process"));
}

/* Returns: what is wrong, in the user's language. */
const char *
sanhe_oa_problem_text (JsonObject *problem)
{
  const char *code = sanhe_json_object_get_string (problem, "code");
  const char *message = sanhe_json_object_get_string (problem, "message");

  if (g_strcmp0 (code, "unknown_type") == 0)
    return json_object_has_member (problem, "field") ? _("Choose the type of the field.")
                                                     : _("Choose the kind of the step.");
  if (g_strcmp0 (code, "invalid") == 0 && json_object_has_member (problem, "edge"))
    return _("The connection needs a step at each end.");
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_strcmp0 (problems[i].code, code) == 0)
      return _(problems[i].text);
  return message != NULL ? message : code != NULL ? code : "";
}
