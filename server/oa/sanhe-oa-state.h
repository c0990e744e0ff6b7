/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-definition.h"

G_BEGIN_DECLS

/*
 * The routing state of one request: where its tokens wait, the tasks of the
 * approval nodes they wait at, the arrivals counted at joins, and the path
 * each token took. Steps never modify a state; they return a new one.
 *
 * Persist it as JSON beside the request (sanhe_oa_state_to_json) and read
 * it back against the same definition version. Task sequence numbers
 * ("seq") are unique within a request and never reused: store them on the
 * task rows and pass them back to the step functions.
 */
typedef enum
{
  SANHE_OA_STATUS_PENDING,
  SANHE_OA_STATUS_APPROVED,
  SANHE_OA_STATUS_REJECTED,
  SANHE_OA_STATUS_RETURNED,   /* to the applicant, who may resubmit */
  SANHE_OA_STATUS_WITHDRAWN,
} SanheOaStatus;

typedef enum
{
  SANHE_OA_TASK_WAITING,   /* its turn has not come (sequential, added signer); no seq yet */
  SANHE_OA_TASK_PENDING,   /* in the holder's inbox */
  SANHE_OA_TASK_APPROVED,
} SanheOaTaskState;

/*
 * A task of an active approval node. An approval node has one "seat" per
 * resolved assignee; a seat is a little chain of tasks, normally one, more
 * after add-signer (加签): the seat is done when its chain is approved in
 * order. The node's mode works over seats: any — the first done seat
 * completes the node; all — every seat; sequential — one seat at a time.
 */
typedef struct
{
  guint             seq;              /* 0 while waiting */
  const char       *node;             /* the definition's node id */
  gint64            user;             /* assignee: resolved, transferred to, added, escalated to */
  gint64            holder;           /* who acts: the delegate, or @user */
  gint64            delegation_rule;  /* the rule that made @holder differ, or 0 */
  gint64            due_at;           /* unix seconds; 0 = no timeout */
  SanheOaTaskState  state;
  guint             seat;
  guint             position;         /* in the seat's chain */
} SanheOaTask;

typedef struct _SanheOaState SanheOaState;

const char    *sanhe_oa_status_to_string     (SanheOaStatus             status);

SanheOaState  *sanhe_oa_state_copy           (const SanheOaState       *state);
void           sanhe_oa_state_free           (SanheOaState             *state);
SanheOaStatus  sanhe_oa_state_get_status     (const SanheOaState       *state);
/* Decisions taken since the last submission (withdraw is allowed at 0). */
guint          sanhe_oa_state_get_decisions  (const SanheOaState       *state);

JsonNode      *sanhe_oa_state_to_json        (const SanheOaState       *state,
                                              const SanheOaDefinition  *definition);
/* 500 oa.state.corrupt when @json does not fit @definition. */
SanheOaState  *sanhe_oa_state_new_from_json  (JsonNode                 *json,
                                              const SanheOaDefinition  *definition,
                                              GError                  **error);

/* Returns: (transfer full): SanheOaTask of every active approval node, by
 * token, seat and position. Pointers are valid while @definition lives. */
GArray        *sanhe_oa_state_list_tasks     (const SanheOaState       *state,
                                              const SanheOaDefinition  *definition);
gboolean       sanhe_oa_state_find_task      (const SanheOaState       *state,
                                              const SanheOaDefinition  *definition,
                                              guint                     seq,
                                              SanheOaTask              *out);
/* Returns: (transfer full): the seqs (guint) of pending tasks due at @now. */
GArray        *sanhe_oa_state_list_due       (const SanheOaState       *state,
                                              GDateTime                *now);
/* Returns: (transfer full): node ids task @seq may be returned to, nearest
 * first; NULL when the task is not pending. The applicant is not listed. */
GStrv          sanhe_oa_state_list_return_targets (const SanheOaState      *state,
                                                   const SanheOaDefinition *definition,
                                                   guint                    seq);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaState, sanhe_oa_state_free)

G_END_DECLS
