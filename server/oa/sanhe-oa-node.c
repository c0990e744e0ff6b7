/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-private.h"

/* The per-type settings of a node: assignee rules, approval modes and
 * timeouts, action effects. */

static const char * const modes[] = {
  [SANHE_OA_MODE_ANY] = "any",
  [SANHE_OA_MODE_ALL] = "all",
  [SANHE_OA_MODE_SEQUENTIAL] = "sequential",
};

static const char * const on_timeouts[] = {
  [SANHE_OA_ON_TIMEOUT_NONE] = "",
  [SANHE_OA_ON_TIMEOUT_REMIND] = "remind",
  [SANHE_OA_ON_TIMEOUT_ESCALATE] = "escalate",
  [SANHE_OA_ON_TIMEOUT_APPROVE] = "approve",
};

static gint
lookup_word (const char * const *words,
             guint               n_words,
             const char         *text)
{
  for (guint i = 0; i < n_words; i++)
    if (g_strcmp0 (words[i], text) == 0)
      return i;
  return -1;
}

static void
compile_assignee (JsonArray         *problems,
                  SanheOaNode       *node,
                  JsonObject        *object,
                  const SanheOaForm *form)
{
  JsonNode *member = json_object_get_member (object, "assignee");
  SanheOaAssignee *assignee = &node->assignee;
  JsonObject *rule_object;
  const char *rule;
  const SanheOaField *field;

  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                           "This node needs an \"assignee\" rule such as {\"rule\":\"manager\"}.");
      return;
    }

  rule_object = json_node_get_object (member);
  rule = sanhe_json_node_get_string (json_object_get_member (rule_object, "rule"));
  if (g_strcmp0 (rule, "user") == 0)
    {
      assignee->rule = SANHE_OA_ASSIGNEE_USER;
      if (!_sanhe_oa_json_id (json_object_get_member (rule_object, "user"), &assignee->user))
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                             "The \"user\" rule needs a user id in \"user\".");
    }
  else if (g_strcmp0 (rule, "role") == 0)
    {
      const char *role = sanhe_json_node_get_string (json_object_get_member (rule_object, "role"));

      assignee->rule = SANHE_OA_ASSIGNEE_ROLE;
      if (role == NULL || *role == '\0')
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                             "The \"role\" rule needs a role key in \"role\".");
      else
        assignee->role = g_strdup (role);
    }
  else if (g_strcmp0 (rule, "manager") == 0)
    assignee->rule = SANHE_OA_ASSIGNEE_MANAGER;
  else if (g_strcmp0 (rule, "department_head") == 0)
    {
      JsonNode *department = json_object_get_member (rule_object, "department");

      assignee->rule = SANHE_OA_ASSIGNEE_DEPARTMENT_HEAD;
      if (department != NULL && !JSON_NODE_HOLDS_NULL (department) &&
          !_sanhe_oa_json_id (department, &assignee->department))
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                             "\"department\" must be a department id.");
    }
  else if (g_strcmp0 (rule, "field") == 0)
    {
      const char *name = sanhe_json_node_get_string (json_object_get_member (rule_object, "field"));

      assignee->rule = SANHE_OA_ASSIGNEE_FIELD;
      field = sanhe_oa_form_lookup (form, name);
      if (field == NULL || field->type != SANHE_OA_FIELD_TYPE_USER)
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                             "The \"field\" rule must name a user field of the form; \"%s\" is not one.",
                             name ? name : "(none)");
      else
        assignee->field = g_strdup (name);
    }
  else
    _sanhe_oa_report_at (problems, "node", node->id, "invalid_assignee",
                         "\"%s\" is not an assignee rule (user, role, manager, department_head, field).",
                         rule ? rule : "(none)");
}

static void
compile_approval (JsonArray         *problems,
                  SanheOaNode       *node,
                  JsonObject        *object,
                  const SanheOaForm *form)
{
  JsonNode *mode = json_object_get_member (object, "mode");
  JsonNode *hours = json_object_get_member (object, "timeout_hours");
  JsonNode *on_timeout = json_object_get_member (object, "on_timeout");
  gint index;

  compile_assignee (problems, node, object, form);

  node->mode = SANHE_OA_MODE_ANY;
  if (mode != NULL && !JSON_NODE_HOLDS_NULL (mode))
    {
      index = lookup_word (modes, G_N_ELEMENTS (modes), sanhe_json_node_get_string (mode));
      if (index < 0)
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_mode",
                             "\"mode\" is any, all or sequential.");
      else
        node->mode = index;
    }

  if (hours != NULL && !JSON_NODE_HOLDS_NULL (hours))
    {
      gint64 value = 0;

      if (!_sanhe_oa_json_id (hours, &value) || value > 24 * 365)
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_timeout",
                             "\"timeout_hours\" is a whole number of hours greater than 0 (at most a year).");
      else
        node->timeout_hours = value;
    }

  if (on_timeout != NULL && !JSON_NODE_HOLDS_NULL (on_timeout))
    {
      index = lookup_word (on_timeouts, G_N_ELEMENTS (on_timeouts), sanhe_json_node_get_string (on_timeout));
      if (index <= 0)
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_on_timeout",
                             "\"on_timeout\" is remind, escalate or approve.");
      else if (hours == NULL || JSON_NODE_HOLDS_NULL (hours))
        _sanhe_oa_report_at (problems, "node", node->id, "invalid_on_timeout",
                             "\"on_timeout\" needs \"timeout_hours\".");
      else
        node->on_timeout = index;
    }
  else if (node->timeout_hours > 0)
    _sanhe_oa_report_at (problems, "node", node->id, "invalid_on_timeout",
                         "\"timeout_hours\" needs \"on_timeout\": remind, escalate or approve.");
}

static void
compile_action (JsonArray          *problems,
                SanheOaNode        *node,
                JsonObject         *object,
                const char * const *known_effects)
{
  const char *effect = sanhe_json_node_get_string (json_object_get_member (object, "effect"));

  if (effect == NULL || *effect == '\0')
    _sanhe_oa_report_at (problems, "node", node->id, "missing_effect",
                         "An action node names its \"effect\".");
  else if (known_effects != NULL && !g_strv_contains (known_effects, effect))
    _sanhe_oa_report_at (problems, "node", node->id, "unknown_effect",
                         "No module provides the effect \"%s\".", effect);
  else
    node->effect = g_strdup (effect);
}

void
_sanhe_oa_node_compile_settings (SanheOaNode        *node,
                                 JsonObject         *object,
                                 const SanheOaForm  *form,
                                 const char * const *known_effects,
                                 JsonArray          *problems)
{
  switch (node->type)
    {
    case SANHE_OA_NODE_APPROVAL:
      compile_approval (problems, node, object, form);
      break;
    case SANHE_OA_NODE_NOTIFY:
      compile_assignee (problems, node, object, form);
      break;
    case SANHE_OA_NODE_ACTION:
      compile_action (problems, node, object, known_effects);
      break;
    default:
      break;
    }
}
