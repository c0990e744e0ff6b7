/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-private.h"
#include "sanhe-oa-rules.h"

#define MAX_DELEGATION_HOPS 16

typedef enum
{
  BOUND_NONE,
  BOUND_DATE,     /* a whole day, in the time zone of "now" */
  BOUND_INSTANT,  /* a point in time */
} BoundKind;

typedef struct
{
  BoundKind kind;
  guint32   julian;
  gint64    unix_time;
} Bound;

struct _SanheOaRule
{
  gint64           id;
  gint64           owner;
  SanheOaRuleKind  kind;
  char            *process;    /* NULL: every process (delegation only) */
  gint64           applicant;  /* auto-approve: 0 = anyone */
  JsonNode        *condition;  /* auto-approve: NULL = always */
  gint64           to;         /* delegation */
  Bound            starts;
  Bound            ends;
};

struct _SanheOaRules
{
  GPtrArray *rules;
};

static gboolean
parse_bound (JsonNode *node,
             Bound    *out)
{
  const char *text = sanhe_json_node_get_string (node);
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;
  if (sanhe_oa_parse_date (text, &out->julian))
    {
      out->kind = BOUND_DATE;
      return TRUE;
    }
  /* A date-time must carry its offset: a bare local time would be guessed. */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  out->kind = BOUND_INSTANT;
  out->unix_time = g_date_time_to_unix (time);
  return TRUE;
}

static void
parse_window (SanheOaRule *rule,
              JsonObject  *object,
              gboolean     required,
              JsonArray   *problems)
{
  static const char * const members[] = { "starts", "ends" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      Bound *bound = i == 0 ? &rule->starts : &rule->ends;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (required)
            _sanhe_oa_report_at (problems, "member", members[i], "required",
                                 "A delegation needs \"%s\".", members[i]);
          continue;
        }
      if (!parse_bound (node, bound))
        _sanhe_oa_report_at (problems, "member", members[i], "invalid",
                             "Use a date such as 2026-05-01 or a date-time with offset such as 2026-05-01T09:00:00+08:00.");
    }

  if ((rule->starts.kind == BOUND_DATE && rule->ends.kind == BOUND_DATE && rule->ends.julian < rule->starts.julian) ||
      (rule->starts.kind == BOUND_INSTANT && rule->ends.kind == BOUND_INSTANT && rule->ends.unix_time <= rule->starts.unix_time))
    _sanhe_oa_report_at (problems, "member", "ends", "invalid", "The window ends before it starts.");
}

static void
parse_process (SanheOaRule *rule,
               JsonObject  *object,
               gboolean     required,
               JsonArray   *problems)
{
  JsonNode *node = json_object_get_member (object, "process");
  const char *key = sanhe_json_node_get_string (node);

  if (key != NULL && *key != '\0')
    rule->process = g_strdup (key);
  else if (required || (node != NULL && !JSON_NODE_HOLDS_NULL (node)))
    _sanhe_oa_report_at (problems, "member", "process", required && node == NULL ? "required" : "invalid",
                         "\"process\" is a process key.");
}

SanheOaRule *
sanhe_oa_rule_new_from_json (gint64              id,
                             gint64              owner,
                             JsonNode           *body,
                             const SanheOaForm  *form,
                             GError            **error)
{
  g_autoptr(JsonArray) problems = json_array_new ();
  g_autoptr(SanheOaRule) rule = g_new0 (SanheOaRule, 1);
  JsonObject *object;
  JsonNode *node;
  const char *kind;

  rule->id = id;
  rule->owner = owner;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      _sanhe_oa_report_at (problems, "member", "$", "wrong_type", "A rule is a JSON object.");
      _sanhe_oa_check_problems (problems, SANHE_OA_CODE_RULE_INVALID, "The rule is not valid.", error);
      return NULL;
    }

  object = json_node_get_object (body);
  kind = sanhe_json_node_get_string (json_object_get_member (object, "kind"));
  if (g_strcmp0 (kind, "auto_approve") == 0)
    {
      rule->kind = SANHE_OA_RULE_AUTO_APPROVE;
      parse_process (rule, object, TRUE, problems);

      node = json_object_get_member (object, "applicant");
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) && !_sanhe_oa_json_id (node, &rule->applicant))
        _sanhe_oa_report_at (problems, "member", "applicant", "invalid", "\"applicant\" is a user id.");

      node = json_object_get_member (object, "condition");
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          SanheOaWhere where = { problems, "member", "condition", 0 };

          if (form != NULL)
            sanhe_oa_condition_free (_sanhe_oa_condition_compile (node, form, &where, "condition"));
          rule->condition = json_node_copy (node);
        }
      parse_window (rule, object, FALSE, problems);
    }
  else if (g_strcmp0 (kind, "delegate") == 0)
    {
      rule->kind = SANHE_OA_RULE_DELEGATE;
      parse_process (rule, object, FALSE, problems);
      if (!_sanhe_oa_json_id (json_object_get_member (object, "to"), &rule->to))
        _sanhe_oa_report_at (problems, "member", "to", "invalid", "\"to\" is the user id of the delegate.");
      else if (rule->to == owner)
        _sanhe_oa_report_at (problems, "member", "to", "invalid", "Nobody delegates to themselves.");
      parse_window (rule, object, TRUE, problems);
    }
  else
    _sanhe_oa_report_at (problems, "member", "kind", kind ? "invalid" : "required",
                         "\"kind\" is auto_approve or delegate.");

  if (!_sanhe_oa_check_problems (problems, SANHE_OA_CODE_RULE_INVALID, "The rule is not valid.", error))
    return NULL;
  return g_steal_pointer (&rule);
}

void
sanhe_oa_rule_free (SanheOaRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->process);
  g_clear_pointer (&rule->condition, json_node_unref);
  g_free (rule);
}

gint64
sanhe_oa_rule_get_id (const SanheOaRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);
  return rule->id;
}

gint64
sanhe_oa_rule_get_owner (const SanheOaRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);
  return rule->owner;
}

SanheOaRuleKind
sanhe_oa_rule_get_kind (const SanheOaRule *rule)
{
  g_return_val_if_fail (rule != NULL, SANHE_OA_RULE_AUTO_APPROVE);
  return rule->kind;
}

static guint32
local_julian (GDateTime *now)
{
  gint year, month, day;
  GDate date;

  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

gboolean
sanhe_oa_rule_is_active (const SanheOaRule *rule,
                         GDateTime         *now)
{
  gint64 instant;
  guint32 today;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  instant = g_date_time_to_unix (now);
  today = local_julian (now);

  if ((rule->starts.kind == BOUND_DATE && today < rule->starts.julian) ||
      (rule->starts.kind == BOUND_INSTANT && instant < rule->starts.unix_time))
    return FALSE;
  if ((rule->ends.kind == BOUND_DATE && today > rule->ends.julian) ||
      (rule->ends.kind == BOUND_INSTANT && instant >= rule->ends.unix_time))
    return FALSE;
  return TRUE;
}

SanheOaRules *
sanhe_oa_rules_new (void)
{
  SanheOaRules *rules = g_new0 (SanheOaRules, 1);

  rules->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) sanhe_oa_rule_free);
  return rules;
}

void
sanhe_oa_rules_free (SanheOaRules *rules)
{
  if (rules == NULL)
    return;
  g_clear_pointer (&rules->rules, g_ptr_array_unref);
  g_free (rules);
}

/* Takes ownership of @rule. */
void
sanhe_oa_rules_add (SanheOaRules *rules,
                    SanheOaRule  *rule)
{
  g_return_if_fail (rules != NULL);
  g_return_if_fail (rule != NULL);

  g_ptr_array_add (rules->rules, rule);
}

static gboolean
condition_holds (const SanheOaRule       *rule,
                 const SanheOaDefinition *definition,
                 const SanheOaContext    *context)
{
  g_autoptr(JsonArray) problems = NULL;
  g_autoptr(SanheOaCondition) condition = NULL;
  SanheOaWhere where = { NULL, "member", "condition", 0 };

  if (rule->condition == NULL)
    return TRUE;

  /* Compiled against the form of the request's own version: a rule whose
   * fields are gone or changed type does not match, and never crashes. */
  problems = json_array_new ();
  where.problems = problems;
  condition = _sanhe_oa_condition_compile (rule->condition, sanhe_oa_definition_get_form (definition),
                                           &where, "condition");
  return condition != NULL && sanhe_oa_condition_evaluate (condition, context);
}

gint64
sanhe_oa_rules_match_auto_approve (const SanheOaRules      *rules,
                                   gint64                   approver,
                                   const SanheOaDefinition *definition,
                                   const SanheOaContext    *context,
                                   GDateTime               *now)
{
  gint64 found = 0;

  g_return_val_if_fail (definition != NULL, 0);
  g_return_val_if_fail (context != NULL, 0);
  g_return_val_if_fail (now != NULL, 0);

  if (rules == NULL)
    return 0;

  for (guint i = 0; i < rules->rules->len; i++)
    {
      const SanheOaRule *rule = g_ptr_array_index (rules->rules, i);

      if (rule->kind != SANHE_OA_RULE_AUTO_APPROVE || rule->owner != approver ||
          (found != 0 && rule->id >= found) ||
          g_strcmp0 (rule->process, sanhe_oa_definition_get_key (definition)) != 0 ||
          (rule->applicant != 0 && rule->applicant != context->applicant) ||
          !sanhe_oa_rule_is_active (rule, now) ||
          !condition_holds (rule, definition, context))
        continue;
      found = rule->id;
    }
  return found;
}

/* The newest active delegation of @user that covers @process, or NULL. */
static const SanheOaRule *
find_delegation (const SanheOaRules *rules,
                 gint64              user,
                 const char         *process,
                 GDateTime          *now)
{
  const SanheOaRule *found = NULL;

  for (guint i = 0; i < rules->rules->len; i++)
    {
      const SanheOaRule *rule = g_ptr_array_index (rules->rules, i);

      if (rule->kind != SANHE_OA_RULE_DELEGATE || rule->owner != user ||
          (rule->process != NULL && g_strcmp0 (rule->process, process) != 0) ||
          (found != NULL && rule->id < found->id) ||
          !sanhe_oa_rule_is_active (rule, now))
        continue;
      found = rule;
    }
  return found;
}

gint64
sanhe_oa_rules_resolve_delegate (const SanheOaRules     *rules,
                                 gint64                  user,
                                 const char             *process,
                                 gint64                  applicant,
                                 const SanheOaDirectory *directory,
                                 GDateTime              *now,
                                 gint64                 *out_rule)
{
  gint64 visited[MAX_DELEGATION_HOPS + 1];
  guint n_visited = 0;
  gint64 holder = user;
  gint64 first_rule = 0;

  g_return_val_if_fail (now != NULL, user);

  visited[n_visited++] = user;
  while (rules != NULL && n_visited <= MAX_DELEGATION_HOPS)
    {
      const SanheOaRule *rule = find_delegation (rules, holder, process, now);
      gboolean seen = FALSE;

      if (rule == NULL)
        break;
      for (guint i = 0; i < n_visited; i++)
        seen = seen || visited[i] == rule->to;
      if (seen || rule->to == applicant ||
          (directory != NULL && !sanhe_oa_directory_has_user (directory, rule->to)))
        break;

      holder = rule->to;
      visited[n_visited++] = holder;
      if (first_rule == 0)
        first_rule = rule->id;
    }

  if (out_rule != NULL)
    *out_rule = first_rule;
  return holder;
}
