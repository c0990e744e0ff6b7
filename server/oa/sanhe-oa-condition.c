/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include <string.h>

#include "sanhe-oa-private.h"

/* Condition trees: compiled once against a form (names and types are
 * checked then), evaluated many times with no allocation. */

typedef enum
{
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_IN,
  OP_AND,
  OP_OR,
  OP_NOT,
} Op;

typedef enum
{
  SUBJECT_FORM,
  SUBJECT_RANGE_START,
  SUBJECT_RANGE_END,
  SUBJECT_RANGE_DAYS,
  SUBJECT_APPLICANT_ID,
  SUBJECT_APPLICANT_DEPARTMENT,
  SUBJECT_APPLICANT_ROLE,
} Subject;

typedef enum
{
  KIND_DECIMAL,
  KIND_DATE,
  KIND_TEXT,
  KIND_ID,
  KIND_ROLE,
  KIND_NONE,
} Kind;

typedef struct
{
  SanheDecimal  decimal;
  guint32       date;
  char         *text;
  gint64        id;
} Operand;

struct _SanheOaCondition
{
  Op                 op;
  Subject            subject;   /* leaves */
  Kind               kind;
  char              *field;
  Operand           *values;
  guint              n_values;
  SanheOaCondition **args;      /* and, or, not */
  guint              n_args;
};

static const char * const op_names[] = {
  [OP_EQ] = "=", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">",
  [OP_GE] = ">=", [OP_IN] = "in", [OP_AND] = "and", [OP_OR] = "or", [OP_NOT] = "not",
};

static Kind
kind_of_type (SanheOaFieldType type)
{
  switch (type)
    {
    case SANHE_OA_FIELD_TYPE_NUMBER:
    case SANHE_OA_FIELD_TYPE_MONEY:
      return KIND_DECIMAL;
    case SANHE_OA_FIELD_TYPE_DATE:
      return KIND_DATE;
    case SANHE_OA_FIELD_TYPE_TEXT:
    case SANHE_OA_FIELD_TYPE_MULTILINE:
    case SANHE_OA_FIELD_TYPE_CHOICE:
      return KIND_TEXT;
    case SANHE_OA_FIELD_TYPE_USER:
    case SANHE_OA_FIELD_TYPE_DEPARTMENT:
    case SANHE_OA_FIELD_TYPE_CUSTOMER:
      return KIND_ID;
    case SANHE_OA_FIELD_TYPE_DATE_RANGE:
    default:
      return KIND_NONE;
    }
}

void
sanhe_oa_condition_free (SanheOaCondition *condition)
{
  if (condition == NULL)
    return;
  for (guint i = 0; i < condition->n_values; i++)
    g_free (condition->values[i].text);
  g_free (condition->values);
  for (guint i = 0; i < condition->n_args; i++)
    sanhe_oa_condition_free (condition->args[i]);
  g_free (condition->args);
  g_free (condition->field);
  g_free (condition);
}

/* Resolves "field" to a subject and a kind; reports and returns FALSE. */
static gboolean
resolve_field (SanheOaCondition   *condition,
               const char         *name,
               const SanheOaForm  *form,
               const SanheOaWhere *where,
               const char         *at,
               const SanheOaField **out_field)
{
  const SanheOaField *field;
  const char *dot;

  *out_field = NULL;

  if (g_strcmp0 (name, "applicant.id") == 0)
    condition->subject = SUBJECT_APPLICANT_ID, condition->kind = KIND_ID;
  else if (g_strcmp0 (name, "applicant.department") == 0)
    condition->subject = SUBJECT_APPLICANT_DEPARTMENT, condition->kind = KIND_ID;
  else if (g_strcmp0 (name, "applicant.role") == 0)
    condition->subject = SUBJECT_APPLICANT_ROLE, condition->kind = KIND_ROLE;
  else if ((dot = strchr (name, '.')) != NULL)
    {
      g_autofree char *base = g_strndup (name, dot - name);

      field = sanhe_oa_form_lookup (form, base);
      if (field == NULL || field->type != SANHE_OA_FIELD_TYPE_DATE_RANGE)
        {
          _sanhe_oa_report (where, at, "unknown_field",
                            "\"%s\" is neither a date range's start, end or days nor an applicant attribute.", name);
          return FALSE;
        }
      if (strcmp (dot + 1, "start") == 0)
        condition->subject = SUBJECT_RANGE_START, condition->kind = KIND_DATE;
      else if (strcmp (dot + 1, "end") == 0)
        condition->subject = SUBJECT_RANGE_END, condition->kind = KIND_DATE;
      else if (strcmp (dot + 1, "days") == 0)
        condition->subject = SUBJECT_RANGE_DAYS, condition->kind = KIND_DECIMAL;
      else
        {
          _sanhe_oa_report (where, at, "unknown_field",
                            "A date range offers \"%s.start\", \"%s.end\" and \"%s.days\".", base, base, base);
          return FALSE;
        }
      condition->field = g_steal_pointer (&base);
      return TRUE;
    }
  else
    {
      field = sanhe_oa_form_lookup (form, name);
      if (field == NULL)
        {
          _sanhe_oa_report (where, at, "unknown_field", "The form has no field \"%s\".", name);
          return FALSE;
        }
      if (field->type == SANHE_OA_FIELD_TYPE_DATE_RANGE)
        {
          _sanhe_oa_report (where, at, "not_comparable",
                            "Compare \"%s.start\", \"%s.end\" or \"%s.days\", not the range itself.",
                            name, name, name);
          return FALSE;
        }
      condition->subject = SUBJECT_FORM;
      condition->kind = kind_of_type (field->type);
      *out_field = field;
    }

  condition->field = g_strdup (name);
  return TRUE;
}

static gboolean
parse_operand (Kind                kind,
               JsonNode           *node,
               const SanheOaField *field,
               Operand            *out,
               const char        **out_code)
{
  const char *text;

  *out_code = "invalid_value";
  switch (kind)
    {
    case KIND_DECIMAL:
      return _sanhe_oa_json_decimal (node, SANHE_DECIMAL_SCALE, &out->decimal);
    case KIND_DATE:
      return sanhe_oa_parse_date (sanhe_json_node_get_string (node), &out->date);
    case KIND_ID:
      return _sanhe_oa_json_id (node, &out->id);
    case KIND_TEXT:
    case KIND_ROLE:
      text = sanhe_json_node_get_string (node);
      if (text == NULL || (kind == KIND_ROLE && *text == '\0'))
        return FALSE;
      if (field != NULL && field->options != NULL && !g_strv_contains ((const char * const *) field->options, text))
        {
          *out_code = "not_an_option";
          return FALSE;
        }
      out->text = g_strdup (text);
      return TRUE;
    case KIND_NONE:
    default:
      return FALSE;
    }
}

static gboolean
compile_values (SanheOaCondition   *condition,
                JsonNode           *value,
                const SanheOaField *field,
                const SanheOaWhere *where,
                const char         *at)
{
  static const char * const kinds[] = {
    [KIND_DECIMAL] = "a decimal such as \"5000\" or 5000",
    [KIND_DATE] = "a date such as \"2026-11-23\"",
    [KIND_TEXT] = "a string",
    [KIND_ID] = "a positive integer id",
    [KIND_ROLE] = "a role key",
    [KIND_NONE] = "nothing",
  };
  JsonArray *array = NULL;
  const char *code;

  if (condition->op == OP_IN)
    {
      if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value) ||
          json_array_get_length (json_node_get_array (value)) == 0)
        {
          _sanhe_oa_report (where, at, "invalid_value", "\"in\" needs a non-empty list as \"value\".");
          return FALSE;
        }
      array = json_node_get_array (value);
      condition->n_values = json_array_get_length (array);
    }
  else
    condition->n_values = 1;

  condition->values = g_new0 (Operand, condition->n_values);
  for (guint i = 0; i < condition->n_values; i++)
    {
      JsonNode *element = array ? json_array_get_element (array, i) : value;

      if (!parse_operand (condition->kind, element, field, &condition->values[i], &code))
        {
          if (g_str_equal (code, "not_an_option"))
            _sanhe_oa_report (where, at, code, "The value is not one of the options of \"%s\".", field->name);
          else
            _sanhe_oa_report (where, at, code, "\"%s\" is compared with %s.", condition->field, kinds[condition->kind]);
          return FALSE;
        }
    }
  return TRUE;
}

static SanheOaCondition *
compile (JsonNode           *tree,
         const SanheOaForm  *form,
         const SanheOaWhere *where,
         const char         *at,
         guint               depth)
{
  g_autoptr(SanheOaCondition) condition = g_new0 (SanheOaCondition, 1);
  const SanheOaField *field = NULL;
  JsonObject *object;
  const char *op;
  const char *name;
  guint i;

  if (depth > SANHE_OA_MAX_CONDITION_DEPTH)
    {
      _sanhe_oa_report (where, at, "too_deep", "Conditions nest at most %u levels.", SANHE_OA_MAX_CONDITION_DEPTH);
      return NULL;
    }
  if (tree == NULL || !JSON_NODE_HOLDS_OBJECT (tree))
    {
      _sanhe_oa_report (where, at, "invalid", "A condition is an object with an \"op\".");
      return NULL;
    }

  object = json_node_get_object (tree);
  op = sanhe_json_node_get_string (json_object_get_member (object, "op"));
  for (i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (g_strcmp0 (op, op_names[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (op_names))
    {
      _sanhe_oa_report (where, at, "unknown_op", "\"%s\" is not an operator.", op ? op : "(none)");
      return NULL;
    }
  condition->op = i;

  if (condition->op == OP_AND || condition->op == OP_OR)
    {
      JsonNode *args = json_object_get_member (object, "args");
      JsonArray *array;
      gboolean ok = TRUE;

      if (args == NULL || !JSON_NODE_HOLDS_ARRAY (args) || json_array_get_length (json_node_get_array (args)) == 0)
        {
          _sanhe_oa_report (where, at, "invalid", "\"%s\" needs a non-empty \"args\" list.", op);
          return NULL;
        }
      array = json_node_get_array (args);
      condition->n_args = json_array_get_length (array);
      condition->args = g_new0 (SanheOaCondition *, condition->n_args);
      for (i = 0; i < condition->n_args; i++)
        {
          g_autofree char *child_at = g_strdup_printf ("%s.args[%u]", at, i);

          condition->args[i] = compile (json_array_get_element (array, i), form, where, child_at, depth + 1);
          ok = ok && condition->args[i] != NULL;
        }
      return ok ? g_steal_pointer (&condition) : NULL;
    }

  if (condition->op == OP_NOT)
    {
      g_autofree char *child_at = g_strdup_printf ("%s.arg", at);

      condition->n_args = 1;
      condition->args = g_new0 (SanheOaCondition *, 1);
      condition->args[0] = compile (json_object_get_member (object, "arg"), form, where, child_at, depth + 1);
      return condition->args[0] != NULL ? g_steal_pointer (&condition) : NULL;
    }

  name = sanhe_json_node_get_string (json_object_get_member (object, "field"));
  if (name == NULL)
    {
      _sanhe_oa_report (where, at, "invalid", "\"%s\" needs a \"field\".", op);
      return NULL;
    }
  if (!resolve_field (condition, name, form, where, at, &field))
    return NULL;

  if (condition->op >= OP_LT && condition->op <= OP_GE &&
      condition->kind != KIND_DECIMAL && condition->kind != KIND_DATE)
    {
      _sanhe_oa_report (where, at, "not_comparable",
                        "\"%s\" cannot be ordered with \"%s\"; use =, != or in.", name, op);
      return NULL;
    }

  if (!compile_values (condition, json_object_get_member (object, "value"), field, where, at))
    return NULL;

  return g_steal_pointer (&condition);
}

SanheOaCondition *
_sanhe_oa_condition_compile (JsonNode           *tree,
                             const SanheOaForm  *form,
                             const SanheOaWhere *where,
                             const char         *at)
{
  return compile (tree, form, where, at, 0);
}

SanheOaCondition *
sanhe_oa_condition_new_from_json (JsonNode           *tree,
                                  const SanheOaForm  *form,
                                  GError            **error)
{
  g_autoptr(JsonArray) problems = json_array_new ();
  SanheOaWhere where = { problems, "member", "condition", 0 };
  g_autoptr(SanheOaCondition) condition = compile (tree, form, &where, "condition", 0);

  if (!_sanhe_oa_check_problems (problems, SANHE_OA_CODE_CONDITION_INVALID, "The condition is not valid.", error))
    return NULL;
  return g_steal_pointer (&condition);
}

static gboolean
holds_role (const SanheOaContext *context,
            const char           *role)
{
  return context->roles != NULL && g_strv_contains (context->roles, role);
}

static int
compare_operand (Kind           kind,
                 const Operand *subject,
                 const Operand *value)
{
  switch (kind)
    {
    case KIND_DECIMAL:
      return sanhe_decimal_compare (subject->decimal, value->decimal);
    case KIND_DATE:
      return (subject->date > value->date) - (subject->date < value->date);
    case KIND_ID:
      return (subject->id > value->id) - (subject->id < value->id);
    case KIND_TEXT:
      return strcmp (subject->text, value->text) != 0;
    case KIND_ROLE:
    case KIND_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Fills @out with the value under test; FALSE when there is none. */
static gboolean
read_subject (const SanheOaCondition *condition,
              const SanheOaContext   *context,
              Operand                *out)
{
  const SanheOaValue *value;

  switch (condition->subject)
    {
    case SUBJECT_APPLICANT_ID:
      out->id = context->applicant;
      return out->id > 0;
    case SUBJECT_APPLICANT_DEPARTMENT:
      out->id = context->department;
      return out->id > 0;
    case SUBJECT_APPLICANT_ROLE:
      g_assert_not_reached ();
    case SUBJECT_FORM:
      value = sanhe_oa_values_lookup (context->form, condition->field);
      /* A rule written for another version of the form may meet another
       * type here: that is no value to compare, not a crash. */
      if (value == NULL || kind_of_type (value->type) != condition->kind)
        return FALSE;
      out->decimal = value->decimal;
      out->date = value->date;
      out->text = (char *) value->text;
      out->id = value->id;
      return TRUE;
    case SUBJECT_RANGE_START:
    case SUBJECT_RANGE_END:
    case SUBJECT_RANGE_DAYS:
    default:
      value = sanhe_oa_values_lookup (context->form, condition->field);
      if (value == NULL || value->type != SANHE_OA_FIELD_TYPE_DATE_RANGE)
        return FALSE;
      if (condition->subject == SUBJECT_RANGE_START)
        out->date = value->date;
      else if (condition->subject == SUBJECT_RANGE_END)
        out->date = value->date_end;
      else
        out->decimal = sanhe_decimal_from_int ((gint64) value->date_end - value->date + 1);
      return TRUE;
    }
}

static gboolean
evaluate_role (const SanheOaCondition *condition,
               const SanheOaContext   *context)
{
  for (guint i = 0; i < condition->n_values; i++)
    if (holds_role (context, condition->values[i].text))
      return condition->op != OP_NE;
  return condition->op == OP_NE;
}

gboolean
sanhe_oa_condition_evaluate (const SanheOaCondition *condition,
                             const SanheOaContext   *context)
{
  Operand subject = { 0 };
  int order;

  g_return_val_if_fail (condition != NULL, FALSE);
  g_return_val_if_fail (context != NULL, FALSE);

  switch (condition->op)
    {
    case OP_AND:
      for (guint i = 0; i < condition->n_args; i++)
        if (!sanhe_oa_condition_evaluate (condition->args[i], context))
          return FALSE;
      return TRUE;
    case OP_OR:
      for (guint i = 0; i < condition->n_args; i++)
        if (sanhe_oa_condition_evaluate (condition->args[i], context))
          return TRUE;
      return FALSE;
    case OP_NOT:
      return !sanhe_oa_condition_evaluate (condition->args[0], context);
    default:
      break;
    }

  if (condition->subject == SUBJECT_APPLICANT_ROLE)
    return evaluate_role (condition, context);

  if (!read_subject (condition, context, &subject))
    return FALSE;

  if (condition->op == OP_IN)
    {
      for (guint i = 0; i < condition->n_values; i++)
        if (compare_operand (condition->kind, &subject, &condition->values[i]) == 0)
          return TRUE;
      return FALSE;
    }

  order = compare_operand (condition->kind, &subject, &condition->values[0]);
  switch (condition->op)
    {
    case OP_EQ: return order == 0;
    case OP_NE: return order != 0;
    case OP_LT: return order < 0;
    case OP_LE: return order <= 0;
    case OP_GT: return order > 0;
    case OP_GE: return order >= 0;
    default: g_assert_not_reached ();
    }
}
