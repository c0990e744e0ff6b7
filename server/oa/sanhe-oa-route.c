/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-route-private.h"

/*
 * Token movement and the request-level steps: start, resubmit, reject,
 * return, withdraw, complete. The task-level steps of approval nodes are in
 * sanhe-oa-route-tasks.c.
 *
 * A step copies the state, moves tokens on the copy and records items; on
 * error the copy is dropped, so the caller's state never changes.
 */

static const char * const causes[] = {
  [SANHE_OA_CAUSE_NONE] = "none",
  [SANHE_OA_CAUSE_ACTOR] = "actor",
  [SANHE_OA_CAUSE_RULE] = "rule",
  [SANHE_OA_CAUSE_TIMEOUT] = "timeout",
  [SANHE_OA_CAUSE_OTHER_DECIDED] = "other_decided",
  [SANHE_OA_CAUSE_REJECTED] = "rejected",
  [SANHE_OA_CAUSE_RETURNED] = "returned",
  [SANHE_OA_CAUSE_WITHDRAWN] = "withdrawn",
  [SANHE_OA_CAUSE_TRANSFERRED] = "transferred",
  [SANHE_OA_CAUSE_SIGNER_BEFORE] = "signer_before",
  [SANHE_OA_CAUSE_ESCALATED] = "escalated",
  [SANHE_OA_CAUSE_NODE_COMPLETED] = "node_completed",
};

static gboolean enter (Run      *run,
                       Token    *token,
                       guint     node,
                       GError  **error);

const char *
sanhe_oa_cause_to_string (SanheOaCause cause)
{
  g_return_val_if_fail (cause < G_N_ELEMENTS (causes), NULL);
  return causes[cause];
}

/* Step */

void
sanhe_oa_step_free (SanheOaStep *step)
{
  if (step == NULL)
    return;
  g_clear_pointer (&step->state, sanhe_oa_state_free);
  g_clear_pointer (&step->items, g_array_unref);
  g_clear_pointer (&step->owned, g_ptr_array_unref);
  g_free (step);
}

const SanheOaState *
sanhe_oa_step_get_state (const SanheOaStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);
  return step->state;
}

SanheOaState *
sanhe_oa_step_steal_state (SanheOaStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);
  return g_steal_pointer (&step->state);
}

guint
sanhe_oa_step_get_n_items (const SanheOaStep *step)
{
  g_return_val_if_fail (step != NULL, 0);
  return step->items->len;
}

const SanheOaStepItem *
sanhe_oa_step_get_item (const SanheOaStep *step,
                        guint              index)
{
  g_return_val_if_fail (step != NULL, NULL);
  g_return_val_if_fail (index < step->items->len, NULL);
  return &g_array_index (step->items, SanheOaStepItem, index);
}

/* Run */

gboolean
_sanhe_oa_route_env_check (const SanheOaRouteEnv *env)
{
  return env != NULL && env->definition != NULL && env->context != NULL &&
         env->directory != NULL && env->now != NULL;
}

gboolean
_sanhe_oa_run_begin (Run                   *run,
                     const SanheOaRouteEnv *env,
                     const SanheOaState    *state,
                     guint                  seq,
                     Token                **out_token,
                     Task                 **out_task,
                     GError               **error)
{
  Task *task;

  run->env = env;
  run->definition = env->definition;
  run->state = state ? sanhe_oa_state_copy (state) : _sanhe_oa_state_new ();
  run->items = g_array_new (FALSE, TRUE, sizeof (SanheOaStepItem));
  run->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  if (seq == 0)
    return TRUE;

  if (run->state->status != SANHE_OA_STATUS_PENDING)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_NOT_PENDING, NULL,
                       "The request is %s, not pending.", sanhe_oa_status_to_string (run->state->status));
      return FALSE;
    }

  task = _sanhe_oa_state_lookup (run->state, seq, out_token, NULL, NULL);
  if (task == NULL && seq >= run->state->next_seq)
    {
      sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, SANHE_OA_CODE_TASK_NOT_FOUND, NULL,
                       "The request has no task %u.", seq);
      return FALSE;
    }
  if (task == NULL || task->state != SANHE_OA_TASK_PENDING)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_TASK_DECIDED, NULL,
                       "This task has already been decided.");
      return FALSE;
    }

  *out_task = task;
  return TRUE;
}

SanheOaStep *
_sanhe_oa_run_finish (Run *run)
{
  SanheOaStep *step = g_new0 (SanheOaStep, 1);

  step->state = g_steal_pointer (&run->state);
  step->items = g_steal_pointer (&run->items);
  step->owned = g_steal_pointer (&run->owned);
  return step;
}

void
_sanhe_oa_run_abort (Run *run)
{
  g_clear_pointer (&run->state, sanhe_oa_state_free);
  g_clear_pointer (&run->items, g_array_unref);
  g_clear_pointer (&run->owned, g_ptr_array_unref);
}

/* Removes @token from the waiting tokens without freeing it. */
void
_sanhe_oa_run_take_token (Run   *run,
                          Token *token)
{
  guint index;

  if (g_ptr_array_find (run->state->tokens, token, &index))
    g_ptr_array_steal_index (run->state->tokens, index);
}

/* The item is valid until the next emit. */
SanheOaStepItem *
_sanhe_oa_run_emit (Run             *run,
                    SanheOaItemKind  kind,
                    guint            node)
{
  SanheOaStepItem item = { 0 };

  item.kind = kind;
  item.status = run->state->status;
  if (node != G_MAXUINT)
    item.node = run->definition->nodes[node].id;
  g_array_append_val (run->items, item);
  return &g_array_index (run->items, SanheOaStepItem, run->items->len - 1);
}

void
_sanhe_oa_run_set_status (Run           *run,
                          SanheOaStatus  status)
{
  run->state->status = status;
  _sanhe_oa_run_emit (run, SANHE_OA_ITEM_STATUS, G_MAXUINT)->status = status;
}

void
_sanhe_oa_run_cancel_token (Run          *run,
                            Token        *token,
                            SanheOaCause  cause,
                            guint         except_seq)
{
  for (guint s = 0; s < token->seats->len; s++)
    {
      GArray *seat = g_ptr_array_index (token->seats, s);

      for (guint p = 0; p < seat->len; p++)
        {
          Task *task = &g_array_index (seat, Task, p);
          SanheOaStepItem *item;

          if (task->state != SANHE_OA_TASK_PENDING || task->seq == except_seq)
            continue;
          item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_CANCELLED, token->node);
          item->cause = cause;
          item->seq = task->seq;
          item->user = task->user;
          item->holder = task->holder;
          task->state = SANHE_OA_TASK_WAITING;
          task->seq = 0;
        }
    }
}

/* Cancels and drops every token and join count inside the block instance
 * @frames[0..@depth) (everything when @depth is 0). */
static void
cancel_within (Run          *run,
               GArray       *within,
               guint         depth,
               SanheOaCause  cause,
               guint         except_seq)
{
  /* @within may belong to a token about to go. */
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));

  g_array_append_vals (frames, within->data, depth);
  for (guint t = run->state->tokens->len; t-- > 0;)
    {
      Token *token = g_ptr_array_index (run->state->tokens, t);

      if (!_sanhe_oa_frames_extend (token->frames, frames, depth))
        continue;
      _sanhe_oa_run_cancel_token (run, token, cause, except_seq);
    }
  for (guint t = run->state->tokens->len; t-- > 0;)
    if (_sanhe_oa_frames_extend (((Token *) g_ptr_array_index (run->state->tokens, t))->frames, frames, depth))
      g_ptr_array_remove_index (run->state->tokens, t);
  for (guint a = run->state->arrivals->len; a-- > 0;)
    if (_sanhe_oa_frames_extend (((Arrival *) g_ptr_array_index (run->state->arrivals, a))->frames, frames, depth))
      g_ptr_array_remove_index (run->state->arrivals, a);
}

/* Movement */

static gboolean
follow (Run     *run,
        Token   *token,
        guint    edge,
        GError **error)
{
  return enter (run, token, run->definition->edges[edge].to, error);
}

gboolean
_sanhe_oa_run_leave (Run     *run,
                     Token   *token,
                     GError **error)
{
  g_ptr_array_set_size (token->seats, 0);
  return follow (run, token, run->definition->nodes[token->node].out[0], error);
}

static guint
choose_edge (Run               *run,
             const SanheOaNode *node)
{
  gint fallback = -1;

  for (guint e = 0; e < node->n_out; e++)
    {
      const SanheOaEdge *edge = &run->definition->edges[node->out[e]];

      if (edge->is_else)
        fallback = node->out[e];
      else if (edge->when != NULL && sanhe_oa_condition_evaluate (edge->when, run->env->context))
        return node->out[e];
    }
  g_assert (fallback >= 0);
  return fallback;
}

static void
append_actions (const SanheOaDefinition *definition,
                GArray                  *to,
                GArray                  *path,
                guint                    from)
{
  for (guint i = from; i < path->len; i++)
    {
      Visit *visit = &g_array_index (path, Visit, i);

      if (definition->nodes[visit->node].type == SANHE_OA_NODE_ACTION)
        g_array_append_val (to, *visit);
    }
}

/* Counts @token (consumed) at join @node; continues once every branch is in. */
static gboolean
arrive (Run     *run,
        Token   *token,
        guint    node,
        GError **error)
{
  const SanheOaDefinition *definition = run->definition;
  guint split = definition->nodes[node].match;
  guint depth = token->frames->len - 1;
  Arrival *arrival = NULL;
  guint split_visit = token->path->len;
  Token *merged;

  g_assert (token->frames->len > 0 && g_array_index (token->frames, Frame, depth).split == split);

  while (split_visit-- > 0)
    if (g_array_index (token->path, Visit, split_visit).node == split &&
        g_array_index (token->path, Visit, split_visit).depth == depth)
      break;

  g_array_set_size (token->frames, depth);
  for (guint a = 0; a < run->state->arrivals->len && arrival == NULL; a++)
    {
      Arrival *candidate = g_ptr_array_index (run->state->arrivals, a);

      if (candidate->join == node && _sanhe_oa_frames_equal (candidate->frames, token->frames))
        arrival = candidate;
    }

  if (arrival == NULL)
    {
      GArray *path = g_array_new (FALSE, FALSE, sizeof (Visit));

      g_array_append_vals (path, token->path->data, split_visit + 1);
      arrival = _sanhe_oa_arrival_new (node, g_array_ref (token->frames), path);
      g_ptr_array_add (run->state->arrivals, arrival);
    }
  append_actions (definition, arrival->path, token->path, split_visit + 1);
  arrival->count++;

  if (arrival->count < definition->nodes[split].n_out)
    {
      _sanhe_oa_token_free (token);
      return TRUE;
    }

  /* Every branch is in: one token goes on, its path the block's outline. */
  merged = _sanhe_oa_token_new (node, g_array_ref (arrival->frames), g_array_ref (arrival->path));
  g_array_append_val (merged->path, ((Visit) { node, depth }));
  g_ptr_array_remove_fast (run->state->arrivals, arrival);
  _sanhe_oa_token_free (token);
  return follow (run, merged, definition->nodes[node].out[0], error);
}

static gboolean
split_token (Run     *run,
             Token   *token,
             guint    node,
             GError **error)
{
  const SanheOaNode *info = &run->definition->nodes[node];

  for (guint b = 0; b < info->n_out; b++)
    {
      Token *branch = _sanhe_oa_token_copy (token);
      Frame frame = { node, b };

      g_array_append_val (branch->frames, frame);
      if (!follow (run, branch, info->out[b], error))
        {
          _sanhe_oa_token_free (token);
          return FALSE;
        }
    }
  _sanhe_oa_token_free (token);
  return TRUE;
}

static void
notify (Run               *run,
        guint              node,
        const SanheOaNode *info)
{
  GArray *users = sanhe_oa_directory_resolve (run->env->directory, &info->assignee, run->env->context);
  SanheOaStepItem *item;

  g_ptr_array_add (run->owned, users);
  item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_NOTIFY, node);
  item->users = (const gint64 *) (gpointer) users->data;
  item->n_users = users->len;
}

/* Moves @token (consumed) into @node and on until it waits or ends. */
static gboolean
enter (Run      *run,
       Token    *token,
       guint     node,
       GError  **error)
{
  const SanheOaNode *info = &run->definition->nodes[node];
  Visit visit = { node, token->frames->len };
  gboolean done = FALSE;

  token->node = node;
  g_array_append_val (token->path, visit);
  _sanhe_oa_run_emit (run, SANHE_OA_ITEM_NODE_ENTERED, node);

  switch (info->type)
    {
    case SANHE_OA_NODE_START:
      return follow (run, token, info->out[0], error);

    case SANHE_OA_NODE_CONDITION:
      return follow (run, token, choose_edge (run, info), error);

    case SANHE_OA_NODE_PARALLEL:
      return split_token (run, token, node, error);

    case SANHE_OA_NODE_JOIN:
      return arrive (run, token, node, error);

    case SANHE_OA_NODE_NOTIFY:
      notify (run, node, info);
      return follow (run, token, info->out[0], error);

    case SANHE_OA_NODE_ACTION:
      _sanhe_oa_run_emit (run, SANHE_OA_ITEM_EFFECT, node)->effect = info->effect;
      return follow (run, token, info->out[0], error);

    case SANHE_OA_NODE_APPROVAL:
      g_ptr_array_add (run->state->tokens, token);
      if (!_sanhe_oa_run_enter_approval (run, token, &done, error))
        return FALSE;
      if (!done)
        return TRUE;
      _sanhe_oa_run_take_token (run, token);
      return _sanhe_oa_run_leave (run, token, error);

    case SANHE_OA_NODE_END:
      _sanhe_oa_token_free (token);
      if (run->state->tokens->len == 0 && run->state->arrivals->len == 0 &&
          run->state->status == SANHE_OA_STATUS_PENDING)
        _sanhe_oa_run_set_status (run, SANHE_OA_STATUS_APPROVED);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Request-level steps */

static SanheOaStep *
submit (Run     *run,
        GError **error)
{
  run->state->decisions = 0;
  _sanhe_oa_run_set_status (run, SANHE_OA_STATUS_PENDING);
  if (!enter (run, _sanhe_oa_token_new (run->definition->start, NULL, NULL), run->definition->start, error))
    {
      _sanhe_oa_run_abort (run);
      return NULL;
    }
  return _sanhe_oa_run_finish (run);
}

SanheOaStep *
sanhe_oa_route_start (const SanheOaRouteEnv  *env,
                      GError                **error)
{
  Run run = { 0 };

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);

  _sanhe_oa_run_begin (&run, env, NULL, 0, NULL, NULL, NULL);
  return submit (&run, error);
}

SanheOaStep *
sanhe_oa_route_resubmit (const SanheOaRouteEnv  *env,
                         const SanheOaState     *state,
                         GError                **error)
{
  Run run = { 0 };

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (state->status != SANHE_OA_STATUS_RETURNED)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_NOT_PENDING, NULL,
                       "Only a request returned to its applicant can be resubmitted; this one is %s.",
                       sanhe_oa_status_to_string (state->status));
      return NULL;
    }

  _sanhe_oa_run_begin (&run, env, state, 0, NULL, NULL, NULL);
  return submit (&run, error);
}

SanheOaStep *
sanhe_oa_route_reject (const SanheOaRouteEnv  *env,
                       const SanheOaState     *state,
                       guint                   seq,
                       GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;
  SanheOaStepItem *item;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error))
    {
      _sanhe_oa_run_abort (&run);
      return NULL;
    }

  item = _sanhe_oa_run_emit (&run, SANHE_OA_ITEM_TASK_REJECTED, token->node);
  item->cause = SANHE_OA_CAUSE_ACTOR;
  item->seq = seq;
  item->user = task->user;
  item->holder = task->holder;
  run.state->decisions++;

  cancel_within (&run, token->frames, 0, SANHE_OA_CAUSE_REJECTED, seq);
  _sanhe_oa_run_set_status (&run, SANHE_OA_STATUS_REJECTED);
  return _sanhe_oa_run_finish (&run);
}

/* The index in @token's path of the visit a return to @to goes back to. */
static gboolean
find_return_visit (Run         *run,
                   Token       *token,
                   const char  *to,
                   guint       *out_index,
                   GError     **error)
{
  gint node;

  if (to == NULL || g_strcmp0 (to, "applicant") == 0)
    {
      *out_index = 0;  /* the start node: the applicant */
      return TRUE;
    }

  node = sanhe_oa_definition_find_node (run->definition, to);
  if (node >= 0 && (guint) node != token->node &&
      run->definition->nodes[node].type == SANHE_OA_NODE_APPROVAL)
    for (guint i = token->path->len - 1; i-- > 0;)
      if (g_array_index (token->path, Visit, i).node == (guint) node)
        {
          *out_index = i;
          return TRUE;
        }

  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, SANHE_OA_CODE_RETURN_TARGET, NULL,
                   "\"%s\" is not an earlier approval node on this task's path.", to);
  return FALSE;
}

SanheOaStep *
sanhe_oa_route_return (const SanheOaRouteEnv  *env,
                       const SanheOaState     *state,
                       guint                   seq,
                       const char             *to,
                       GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) path = NULL;
  SanheOaStepItem *item;
  guint index, depth, target;
  gint effect;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error) ||
      !find_return_visit (&run, token, to, &index, error))
    {
      _sanhe_oa_run_abort (&run);
      return NULL;
    }

  effect = _sanhe_oa_state_effect_after (run.state, run.definition, token, index);
  if (effect >= 0)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_RETURN_AFTER_EFFECT, NULL,
                       "The action \"%s\" has run since then; a return would run it again.",
                       run.definition->nodes[effect].id);
      _sanhe_oa_run_abort (&run);
      return NULL;
    }

  target = g_array_index (token->path, Visit, index).node;
  item = _sanhe_oa_run_emit (&run, SANHE_OA_ITEM_TASK_RETURNED, token->node);
  item->cause = SANHE_OA_CAUSE_ACTOR;
  item->seq = seq;
  item->user = task->user;
  item->holder = task->holder;
  item->target = index == 0 ? NULL : run.definition->nodes[target].id;
  run.state->decisions++;

  /* Everything that started after the target goes: this token, and the
   * sibling branches and join counts of the blocks it opened since. */
  depth = g_array_index (token->path, Visit, index).depth;
  frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_array_append_vals (frames, token->frames->data, depth);
  path = g_array_new (FALSE, FALSE, sizeof (Visit));
  g_array_append_vals (path, token->path->data, index);
  cancel_within (&run, frames, depth, SANHE_OA_CAUSE_RETURNED, seq);

  if (index == 0)
    {
      _sanhe_oa_run_set_status (&run, SANHE_OA_STATUS_RETURNED);
      return _sanhe_oa_run_finish (&run);
    }

  if (!enter (&run, _sanhe_oa_token_new (target, g_steal_pointer (&frames), g_steal_pointer (&path)),
              target, error))
    {
      _sanhe_oa_run_abort (&run);
      return NULL;
    }
  return _sanhe_oa_run_finish (&run);
}

SanheOaStep *
sanhe_oa_route_withdraw (const SanheOaRouteEnv  *env,
                         const SanheOaState     *state,
                         GError                **error)
{
  Run run = { 0 };
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (Frame));

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!(state->status == SANHE_OA_STATUS_RETURNED ||
        (state->status == SANHE_OA_STATUS_PENDING && state->decisions == 0)))
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_NOT_WITHDRAWABLE, NULL,
                       state->status == SANHE_OA_STATUS_PENDING
                       ? "An approver has already decided; the request can no longer be withdrawn."
                       : "The request is no longer pending.");
      return NULL;
    }

  _sanhe_oa_run_begin (&run, env, state, 0, NULL, NULL, NULL);
  cancel_within (&run, none, 0, SANHE_OA_CAUSE_WITHDRAWN, 0);
  _sanhe_oa_run_set_status (&run, SANHE_OA_STATUS_WITHDRAWN);
  return _sanhe_oa_run_finish (&run);
}

SanheOaStep *
sanhe_oa_route_complete (const SanheOaRouteEnv  *env,
                         const SanheOaState     *state,
                         const char             *node,
                         GError                **error)
{
  Run run = { 0 };
  gint index;
  Token *token = NULL;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  index = sanhe_oa_definition_find_node (env->definition, node);
  for (guint t = 0; index >= 0 && state->status == SANHE_OA_STATUS_PENDING && t < state->tokens->len; t++)
    if (((Token *) g_ptr_array_index (state->tokens, t))->node == (guint) index)
      {
        _sanhe_oa_run_begin (&run, env, state, 0, NULL, NULL, NULL);
        token = g_ptr_array_index (run.state->tokens, t);
        break;
      }

  if (token == NULL)
    {
      sanhe_set_error (error, SANHE_ERROR_NOT_FOUND, SANHE_OA_CODE_NODE_NOT_ACTIVE, NULL,
                       "No task of the request waits at \"%s\".", node ? node : "(none)");
      return NULL;
    }

  _sanhe_oa_run_cancel_token (&run, token, SANHE_OA_CAUSE_NODE_COMPLETED, 0);
  run.state->decisions++;
  _sanhe_oa_run_take_token (&run, token);
  if (!_sanhe_oa_run_leave (&run, token, error))
    {
      _sanhe_oa_run_abort (&run);
      return NULL;
    }
  return _sanhe_oa_run_finish (&run);
}
