/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-condition.h"
#include "sanhe-oa-definition.h"
#include "sanhe-oa-directory.h"

G_BEGIN_DECLS

/*
 * Standing rules, owned by an approver, evaluated with no I/O against a
 * "now" the caller passes in (a GDateTime in the company's time zone):
 *
 *   {"kind":"auto_approve","process":KEY,"applicant":ID?,"condition":{…}?,
 *    "starts"?,"ends"?}
 *       the owner's tasks of process KEY (from applicant ID, or anyone) are
 *       approved by the rule when the condition holds (or always);
 *   {"kind":"delegate","to":ID,"starts","ends","process"?:KEY}
 *       the owner's tasks (of KEY, or of every process) go to ID inside the
 *       window.
 *
 * "starts"/"ends" are dates ("2026-05-01", whole days, inclusive, in the
 * time zone of "now") or ISO 8601 date-times with an offset (starts
 * inclusive, ends exclusive).
 */
typedef enum
{
  SANHE_OA_RULE_AUTO_APPROVE,
  SANHE_OA_RULE_DELEGATE,
} SanheOaRuleKind;

typedef struct _SanheOaRule  SanheOaRule;
typedef struct _SanheOaRules SanheOaRules;

/*
 * Parses a rule body. @form is the current form of the rule's process:
 * given, the condition is checked against it; NULL defers that to
 * evaluation (a condition that no longer compiles never matches).
 * Problems: one 422 oa.rule.invalid with {"member":…} problems.
 */
SanheOaRule     *sanhe_oa_rule_new_from_json  (gint64                   id,
                                               gint64                   owner,
                                               JsonNode                *body,
                                               const SanheOaForm       *form,
                                               GError                 **error);
void             sanhe_oa_rule_free           (SanheOaRule             *rule);
gint64           sanhe_oa_rule_get_id         (const SanheOaRule       *rule);
gint64           sanhe_oa_rule_get_owner      (const SanheOaRule       *rule);
SanheOaRuleKind  sanhe_oa_rule_get_kind       (const SanheOaRule       *rule);
gboolean         sanhe_oa_rule_is_active      (const SanheOaRule       *rule,
                                               GDateTime               *now);

SanheOaRules    *sanhe_oa_rules_new           (void);
void             sanhe_oa_rules_free          (SanheOaRules            *rules);
void             sanhe_oa_rules_add           (SanheOaRules            *rules,
                                               SanheOaRule             *rule);

/*
 * Returns: the id of the auto-approve rule of @approver that approves this
 * request now (the lowest id when several do), or 0.
 */
gint64           sanhe_oa_rules_match_auto_approve (const SanheOaRules      *rules,
                                                    gint64                   approver,
                                                    const SanheOaDefinition *definition,
                                                    const SanheOaContext    *context,
                                                    GDateTime               *now);

/*
 * Follows @user's active delegations (the newest rule — highest id — of each
 * delegator) and returns who holds the task now; @user when nobody. The
 * chain stops before a user already on it (no loops), before the applicant
 * (nobody approves their own request by delegation) and, when @directory is
 * given, before a user it does not hold. @out_rule receives the first
 * delegation rule followed, or 0.
 */
gint64           sanhe_oa_rules_resolve_delegate   (const SanheOaRules      *rules,
                                                    gint64                   user,
                                                    const char              *process,
                                                    gint64                   applicant,
                                                    const SanheOaDirectory  *directory,
                                                    GDateTime               *now,
                                                    gint64                  *out_rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaRule, sanhe_oa_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaRules, sanhe_oa_rules_free)

G_END_DECLS
