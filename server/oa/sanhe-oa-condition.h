/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-form.h"

G_BEGIN_DECLS

/*
 * Condition trees, as JSON, compiled against a form and evaluated against a
 * context. No expression strings are parsed:
 *
 *   {"op":"=|!=|<|<=|>|>=","field":F,"value":V}
 *   {"op":"in","field":F,"value":[V,…]}
 *   {"op":"and|or","args":[C,…]}       (at least one argument)
 *   {"op":"not","arg":C}
 *
 * F is a form field name, "NAME.start" / "NAME.end" (dates) or "NAME.days"
 * (a number: inclusive day count) of a date_range field, or an applicant
 * attribute: "applicant.id" (user id), "applicant.department" (department
 * id), "applicant.role" (a role key; "=" is true when the applicant holds
 * the role, "!=" when not, "in" when any).
 *
 * Comparable types: number and money (decimal strings "5000.01" or
 * integers, compared as SanheDecimal, never as doubles) and dates take
 * every operator; text, multiline, choice, user, department and customer
 * take only =, != and in. A comparison with a field that has no value is
 * false, whatever the operator ("not" turns it true).
 */
typedef struct _SanheOaCondition SanheOaCondition;

/* What a condition is evaluated against; the caller fills it. */
typedef struct
{
  gint64               applicant;   /* user id */
  gint64               department;  /* applicant's department id, 0 when none */
  const char * const  *roles;       /* applicant's role keys, NULL-terminated; NULL = none */
  const SanheOaValues *form;        /* from sanhe_oa_form_validate(); NULL = no values */
} SanheOaContext;

/*
 * Compiles @tree against @form (which may be NULL: then only applicant
 * attributes can be named). Problems are one 422 oa.condition.invalid with
 * {"member":"condition","at":PATH,"code","message"} problems; codes:
 * invalid, unknown_op, unknown_field, not_comparable, invalid_value,
 * not_an_option, too_deep.
 */
SanheOaCondition *sanhe_oa_condition_new_from_json (JsonNode                *tree,
                                                    const SanheOaForm       *form,
                                                    GError                 **error);
void              sanhe_oa_condition_free          (SanheOaCondition        *condition);
gboolean          sanhe_oa_condition_evaluate      (const SanheOaCondition  *condition,
                                                    const SanheOaContext    *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaCondition, sanhe_oa_condition_free)

G_END_DECLS
