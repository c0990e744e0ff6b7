/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-oa-condition.h"
#include "sanhe-oa-definition.h"
#include "sanhe-oa-directory.h"
#include "sanhe-oa-rules.h"
#include "sanhe-oa-state.h"

G_BEGIN_DECLS

/*
 * Routing, as pure step functions. Each takes the environment and the
 * current state, and returns a SanheOaStep: the new state and an ordered
 * list of items that say what happened. The persistence layer applies the
 * items in order inside the request's transaction (create and close task
 * rows, run effects, write history, queue events), stores the new state,
 * and commits. A step that fails returns NULL with a GError and changes
 * nothing.
 *
 * Tokens move until they wait: start, condition (the first edge whose
 * "when" holds, in edge order, else the "else"), parallel (one token per
 * branch, in edge order, each run to its wait before the next), join
 * (counts one arrival per branch of its parallel node, then continues once),
 * notify and action (pass at once, reported as items), end (the request is
 * approved when no token is left). Tokens wait only at approval nodes.
 *
 * When a task is created for a user A (resolved, transferred to, added as
 * signer, escalated to): if A owns an auto-approve rule that matches, the
 * task is created and approved by that rule in the same step; otherwise A's
 * delegation chain decides who holds it (on behalf of A).
 */
typedef struct
{
  const SanheOaDefinition *definition;
  const SanheOaContext    *context;    /* applicant and form values */
  const SanheOaDirectory  *directory;
  const SanheOaRules      *rules;      /* nullable: no standing rules */
  GDateTime               *now;        /* the clock, for timers and rule windows */
} SanheOaRouteEnv;

typedef enum
{
  SANHE_OA_ITEM_STATUS,          /* the request's status changed: @status */
  SANHE_OA_ITEM_NODE_ENTERED,    /* a token reached @node */
  SANHE_OA_ITEM_TASK_CREATED,    /* task @seq at @node for @user, held by @holder
                                  * (@rule: the delegation rule), @due_at */
  SANHE_OA_ITEM_TASK_APPROVED,   /* @cause: ACTOR, RULE (@rule), TIMEOUT */
  SANHE_OA_ITEM_TASK_REJECTED,   /* by the actor */
  SANHE_OA_ITEM_TASK_RETURNED,   /* by the actor; @target: node id, NULL = the applicant */
  SANHE_OA_ITEM_TASK_CANCELLED,  /* the task leaves the inbox; @cause says why */
  SANHE_OA_ITEM_TASK_REMINDED,   /* on_timeout remind: tell @holder; its timer is spent */
  SANHE_OA_ITEM_NOTIFY,          /* CC the @users (read-only) */
  SANHE_OA_ITEM_EFFECT,          /* run module effect @effect for @node */
} SanheOaItemKind;

typedef enum
{
  SANHE_OA_CAUSE_NONE,
  SANHE_OA_CAUSE_ACTOR,          /* the caller's action (approve, reject, return…) */
  SANHE_OA_CAUSE_RULE,           /* an auto-approve rule: @rule */
  SANHE_OA_CAUSE_TIMEOUT,        /* on_timeout approve */
  SANHE_OA_CAUSE_OTHER_DECIDED,  /* any-mode: another assignee decided first */
  SANHE_OA_CAUSE_REJECTED,       /* the request was rejected */
  SANHE_OA_CAUSE_RETURNED,       /* the request was returned */
  SANHE_OA_CAUSE_WITHDRAWN,      /* the applicant withdrew */
  SANHE_OA_CAUSE_TRANSFERRED,    /* replaced by a task for another user */
  SANHE_OA_CAUSE_SIGNER_BEFORE,  /* waits again behind a signer added before */
  SANHE_OA_CAUSE_ESCALATED,      /* replaced by a task for the assignee's manager */
  SANHE_OA_CAUSE_NODE_COMPLETED, /* the node was completed as a whole */
} SanheOaCause;

typedef struct
{
  SanheOaItemKind  kind;
  SanheOaCause     cause;
  const char      *node;      /* the definition's node id */
  guint            seq;
  gint64           user;      /* the task's assignee */
  gint64           holder;    /* who holds it; on behalf of @user when they differ */
  gint64           rule;      /* created: delegation rule; approved by rule: that rule */
  gint64           due_at;    /* unix seconds, 0 = none */
  SanheOaStatus    status;    /* STATUS */
  const char      *effect;    /* EFFECT */
  const char      *target;    /* TASK_RETURNED */
  const gint64    *users;     /* NOTIFY */
  guint            n_users;
} SanheOaStepItem;

typedef struct _SanheOaStep SanheOaStep;

void                   sanhe_oa_step_free       (SanheOaStep        *step);
/* (transfer none): the state after the step. */
const SanheOaState    *sanhe_oa_step_get_state  (const SanheOaStep  *step);
/* (transfer full): the new state; the step keeps nothing. */
SanheOaState          *sanhe_oa_step_steal_state (SanheOaStep       *step);
guint                  sanhe_oa_step_get_n_items (const SanheOaStep *step);
const SanheOaStepItem *sanhe_oa_step_get_item   (const SanheOaStep  *step,
                                                 guint               index);

typedef enum
{
  SANHE_OA_SIGNER_BEFORE,  /* the signer decides first; then the current approver again */
  SANHE_OA_SIGNER_AFTER,   /* the signer decides after the current approver */
} SanheOaSignerPosition;

/* Submits: from the start node until every token waits or the request ends.
 * 422 oa.assignee.unresolved when an approval node resolves to nobody. */
SanheOaStep *sanhe_oa_route_start      (const SanheOaRouteEnv  *env,
                                        GError                **error);
/* After a return to the applicant: starts over (the context holds the new
 * form). Task seqs continue; the decision count restarts. 409 unless returned. */
SanheOaStep *sanhe_oa_route_resubmit   (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        GError                **error);
/* The holder of pending task @seq approves. 409 oa.task.already_decided
 * when it is not pending, 404 oa.task.not_found for an unknown seq. */
SanheOaStep *sanhe_oa_route_approve    (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        GError                **error);
/* Rejects: the request ends rejected; every other task is cancelled. */
SanheOaStep *sanhe_oa_route_reject     (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        GError                **error);
/*
 * Returns the request: @to NULL (or "applicant") sends it back to the
 * applicant (status returned); a node id restarts routing at that earlier
 * approval node on the task's path (sanhe_oa_state_list_return_targets),
 * cancelling the tasks of every token that started after it. 422
 * oa.return.invalid_target otherwise; 409 oa.return.after_effect when an
 * action node already ran since that point (effects are never undone).
 */
SanheOaStep *sanhe_oa_route_return     (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        const char             *to,
                                        GError                **error);
/* 转办: the task is cancelled and a new one for @user takes its place. */
SanheOaStep *sanhe_oa_route_transfer   (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        gint64                  user,
                                        GError                **error);
/* 加签: adds @user to the task's seat, before or after its assignee. */
SanheOaStep *sanhe_oa_route_add_signer (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        gint64                  user,
                                        SanheOaSignerPosition   position,
                                        GError                **error);
/* 撤回: by the applicant while no decision has been taken (or when returned). */
SanheOaStep *sanhe_oa_route_withdraw   (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        GError                **error);
/*
 * Fires the timer of pending task @seq (due at env->now, else 409
 * oa.task.not_due): remind tells the holder once; escalate replaces the
 * task by one for the assignee's manager, without a timer (remind when there
 * is no manager); approve approves it (cause TIMEOUT).
 */
SanheOaStep *sanhe_oa_route_timeout    (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        guint                   seq,
                                        GError                **error);
/* Completes active approval node @node as approved, whatever its tasks say
 * (an administrator's override); its open tasks are cancelled. */
SanheOaStep *sanhe_oa_route_complete   (const SanheOaRouteEnv  *env,
                                        const SanheOaState     *state,
                                        const char             *node,
                                        GError                **error);

const char  *sanhe_oa_cause_to_string  (SanheOaCause            cause);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaStep, sanhe_oa_step_free)

G_END_DECLS
