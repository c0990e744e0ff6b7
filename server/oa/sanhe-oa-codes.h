/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-error.h"

G_BEGIN_DECLS

/*
 * Stable error codes of the OA engine. Every error is a SANHE_ERROR; the
 * kind decides the HTTP status, the code travels beside it.
 *
 *   422 oa.process.invalid      details {"problems":[{…locator…,"code","message"}]}
 *   422 oa.condition.invalid    details {"problems":[…]}
 *   422 oa.rule.invalid         details {"problems":[…]}
 *   422 validation.failed       details {"fields":{NAME:{"code","message"}}}
 *   422 oa.assignee.unresolved  details {"node":ID,"rule":RULE}
 *   422 oa.return.invalid_target, oa.signer.invalid, oa.transfer.invalid
 *   409 oa.task.already_decided, oa.request.not_pending,
 *       oa.request.not_withdrawable, oa.task.not_due, oa.return.after_effect
 *   404 oa.task.not_found, oa.node.not_active
 *   500 oa.state.corrupt        a stored state that does not fit its definition
 *
 * A problem names where it is with exactly one locator member: "node" (a
 * node id), "edge" (the edge's index in "edges"), "field" (a form field
 * name) or "member" (a top-level member, or "nodes[3]" for an element that
 * has no usable id). Problems inside a condition tree add "at", a path such
 * as "when.args[1].arg".
 */
#define SANHE_OA_CODE_PROCESS_INVALID     "oa.process.invalid"
#define SANHE_OA_CODE_CONDITION_INVALID   "oa.condition.invalid"
#define SANHE_OA_CODE_RULE_INVALID        "oa.rule.invalid"
#define SANHE_OA_CODE_ASSIGNEE_UNRESOLVED "oa.assignee.unresolved"
#define SANHE_OA_CODE_RETURN_TARGET       "oa.return.invalid_target"
#define SANHE_OA_CODE_RETURN_AFTER_EFFECT "oa.return.after_effect"
#define SANHE_OA_CODE_SIGNER_INVALID      "oa.signer.invalid"
#define SANHE_OA_CODE_TRANSFER_INVALID    "oa.transfer.invalid"
#define SANHE_OA_CODE_TASK_DECIDED        "oa.task.already_decided"
#define SANHE_OA_CODE_TASK_NOT_FOUND      "oa.task.not_found"
#define SANHE_OA_CODE_TASK_NOT_DUE        "oa.task.not_due"
#define SANHE_OA_CODE_NODE_NOT_ACTIVE     "oa.node.not_active"
#define SANHE_OA_CODE_NOT_PENDING         "oa.request.not_pending"
#define SANHE_OA_CODE_NOT_WITHDRAWABLE    "oa.request.not_withdrawable"
#define SANHE_OA_CODE_STATE_CORRUPT       "oa.state.corrupt"

/* Per-field codes of form validation beyond those of sanhe-error.h. */
#define SANHE_OA_FIELD_TOO_SMALL      "too_small"
#define SANHE_OA_FIELD_TOO_LARGE      "too_large"
#define SANHE_OA_FIELD_NOT_AN_OPTION  "not_an_option"

G_END_DECLS
