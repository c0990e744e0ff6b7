/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-route-private.h"

/*
 * Approval nodes: seats, task creation (auto-approve rules, delegation,
 * timers), the modes, and the task-level steps approve, transfer, add
 * signer and timeout.
 */

static const char * const assignee_rules[] = {
  [SANHE_OA_ASSIGNEE_USER] = "user",
  [SANHE_OA_ASSIGNEE_ROLE] = "role",
  [SANHE_OA_ASSIGNEE_MANAGER] = "manager",
  [SANHE_OA_ASSIGNEE_DEPARTMENT_HEAD] = "department_head",
  [SANHE_OA_ASSIGNEE_FIELD] = "field",
};

static Task
waiting_task (gint64   user,
              gboolean timer)
{
  return (Task) { .user = user, .holder = user, .timer = timer, .state = SANHE_OA_TASK_WAITING };
}

static gint64
auto_rule (Run    *run,
           gint64  user)
{
  return sanhe_oa_rules_match_auto_approve (run->env->rules, user, run->definition,
                                            run->env->context, run->env->now);
}

/* Gives waiting @task a seq and an owner: approved at once by its
 * assignee's rule, or pending with the delegate (if any). */
static void
activate (Run   *run,
          Token *token,
          Task  *task)
{
  const SanheOaNode *node = &run->definition->nodes[token->node];
  const SanheOaRouteEnv *env = run->env;
  SanheOaStepItem *item;
  gint64 rule = auto_rule (run, task->user);

  task->seq = run->state->next_seq++;
  task->holder = task->user;
  task->rule = 0;
  task->due_at = 0;

  if (rule == 0)
    {
      task->holder = sanhe_oa_rules_resolve_delegate (env->rules, task->user, run->definition->key,
                                                      env->context->applicant, env->directory,
                                                      env->now, &task->rule);
      if (task->timer && node->timeout_hours > 0)
        task->due_at = g_date_time_to_unix (env->now) + (gint64) node->timeout_hours * 3600;
    }

  item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_CREATED, token->node);
  item->seq = task->seq;
  item->user = task->user;
  item->holder = task->holder;
  item->rule = task->rule;
  item->due_at = task->due_at;

  if (rule == 0)
    {
      task->state = SANHE_OA_TASK_PENDING;
      return;
    }

  task->state = SANHE_OA_TASK_APPROVED;
  run->state->decisions++;
  item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_APPROVED, token->node);
  item->cause = SANHE_OA_CAUSE_RULE;
  item->seq = task->seq;
  item->user = task->user;
  item->holder = task->holder;
  item->rule = rule;
}

/* Activates the next task of @seat when none is pending; TRUE when the
 * whole chain is approved. */
static gboolean
activate_seat (Run    *run,
               Token  *token,
               GArray *seat)
{
  for (guint p = 0; p < seat->len; p++)
    {
      Task *task = &g_array_index (seat, Task, p);

      if (task->state == SANHE_OA_TASK_PENDING)
        return FALSE;
      if (task->state == SANHE_OA_TASK_WAITING)
        {
          activate (run, token, task);
          if (task->state == SANHE_OA_TASK_PENDING)
            return FALSE;
        }
    }
  return TRUE;
}

/* Activates what the mode calls for; sets *out_done when the node is done,
 * cancelling what is left open. */
static void
progress (Run      *run,
          Token    *token,
          gboolean *out_done)
{
  SanheOaMode mode = run->definition->nodes[token->node].mode;
  gboolean done = mode != SANHE_OA_MODE_ANY;

  for (guint s = 0; s < token->seats->len; s++)
    {
      gboolean seat_done = activate_seat (run, token, g_ptr_array_index (token->seats, s));

      if (mode == SANHE_OA_MODE_ANY && seat_done)
        {
          done = TRUE;
          break;
        }
      if (mode == SANHE_OA_MODE_ALL)
        done = done && seat_done;
      if (mode == SANHE_OA_MODE_SEQUENTIAL && !seat_done)
        {
          done = FALSE;
          break;
        }
    }

  if (done)
    _sanhe_oa_run_cancel_token (run, token, SANHE_OA_CAUSE_OTHER_DECIDED, 0);
  *out_done = done;
}

gboolean
_sanhe_oa_run_enter_approval (Run       *run,
                              Token     *token,
                              gboolean  *out_done,
                              GError   **error)
{
  const SanheOaNode *node = &run->definition->nodes[token->node];
  g_autoptr(GArray) users = sanhe_oa_directory_resolve (run->env->directory, &node->assignee, run->env->context);

  if (users->len == 0)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "node", node->id);
      json_object_set_string_member (details, "rule", assignee_rules[node->assignee.rule]);
      sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, SANHE_OA_CODE_ASSIGNEE_UNRESOLVED,
                       json_node_init_object (json_node_alloc (), details),
                       "Nobody can approve \"%s\": its %s rule resolves to no active user.",
                       node->name ? node->name : node->id, assignee_rules[node->assignee.rule]);
      json_object_unref (details);
      return FALSE;
    }

  g_ptr_array_set_size (token->seats, 0);
  for (guint i = 0; i < users->len; i++)
    {
      GArray *seat = g_array_new (FALSE, TRUE, sizeof (Task));
      Task task = waiting_task (g_array_index (users, gint64, i), TRUE);

      g_array_append_val (seat, task);
      g_ptr_array_add (token->seats, seat);
    }

  /* 或签: when an assignee's own rule approves, the others never see a task. */
  if (node->mode == SANHE_OA_MODE_ANY)
    for (guint s = 0; s < token->seats->len; s++)
      {
        GArray *seat = g_ptr_array_index (token->seats, s);

        if (auto_rule (run, g_array_index (seat, Task, 0).user) != 0)
          {
            activate (run, token, &g_array_index (seat, Task, 0));
            *out_done = TRUE;
            return TRUE;
          }
      }

  progress (run, token, out_done);
  return TRUE;
}

static gboolean
move_on (Run     *run,
         Token   *token,
         GError **error)
{
  gboolean done;

  progress (run, token, &done);
  if (!done)
    return TRUE;
  _sanhe_oa_run_take_token (run, token);
  return _sanhe_oa_run_leave (run, token, error);
}

gboolean
_sanhe_oa_run_approve (Run           *run,
                       Token         *token,
                       Task          *task,
                       SanheOaCause   cause,
                       GError       **error)
{
  SanheOaStepItem *item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_APPROVED, token->node);

  item->cause = cause;
  item->seq = task->seq;
  item->user = task->user;
  item->holder = task->holder;
  task->state = SANHE_OA_TASK_APPROVED;
  task->due_at = 0;
  run->state->decisions++;
  return move_on (run, token, error);
}

static SanheOaStep *
finish (Run      *run,
        gboolean  ok)
{
  if (!ok)
    {
      _sanhe_oa_run_abort (run);
      return NULL;
    }
  return _sanhe_oa_run_finish (run);
}

SanheOaStep *
sanhe_oa_route_approve (const SanheOaRouteEnv  *env,
                        const SanheOaState     *state,
                        guint                   seq,
                        GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error))
    return finish (&run, FALSE);
  return finish (&run, _sanhe_oa_run_approve (&run, token, task, SANHE_OA_CAUSE_ACTOR, error));
}

/* Cancels pending @task for @cause and puts a waiting task for @user in its
 * place; the caller moves on. */
static void
replace_task (Run          *run,
              Token        *token,
              Task         *task,
              gint64        user,
              gboolean      timer,
              SanheOaCause  cause)
{
  SanheOaStepItem *item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_CANCELLED, token->node);

  item->cause = cause;
  item->seq = task->seq;
  item->user = task->user;
  item->holder = task->holder;
  *task = waiting_task (user, timer);
}

static gboolean
check_user (Run         *run,
            Task        *task,
            gint64       user,
            const char  *code,
            GError     **error)
{
  if (user <= 0 || !sanhe_oa_directory_has_user (run->env->directory, user))
    {
      sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, code, NULL, "User %" G_GINT64_FORMAT " is not an active user.", user);
      return FALSE;
    }
  if (user == task->user || user == task->holder)
    {
      sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, code, NULL, "This user already holds the task.");
      return FALSE;
    }
  return TRUE;
}

SanheOaStep *
sanhe_oa_route_transfer (const SanheOaRouteEnv  *env,
                         const SanheOaState     *state,
                         guint                   seq,
                         gint64                  user,
                         GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error) ||
      !check_user (&run, task, user, SANHE_OA_CODE_TRANSFER_INVALID, error))
    return finish (&run, FALSE);

  replace_task (&run, token, task, user, TRUE, SANHE_OA_CAUSE_TRANSFERRED);
  return finish (&run, move_on (&run, token, error));
}

SanheOaStep *
sanhe_oa_route_add_signer (const SanheOaRouteEnv  *env,
                           const SanheOaState     *state,
                           guint                   seq,
                           gint64                  user,
                           SanheOaSignerPosition   position,
                           GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;
  GArray *seat;
  guint seat_index, index;
  Task signer = waiting_task (user, TRUE);

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error) ||
      !check_user (&run, task, user, SANHE_OA_CODE_SIGNER_INVALID, error))
    return finish (&run, FALSE);

  _sanhe_oa_state_lookup (run.state, seq, NULL, &seat_index, &index);
  seat = g_ptr_array_index (token->seats, seat_index);
  for (guint p = 0; p < seat->len; p++)
    if (g_array_index (seat, Task, p).user == user && g_array_index (seat, Task, p).state != SANHE_OA_TASK_APPROVED)
      {
        sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, SANHE_OA_CODE_SIGNER_INVALID, NULL,
                         "This user already signs here.");
        return finish (&run, FALSE);
      }

  if (position == SANHE_OA_SIGNER_AFTER)
    {
      g_array_insert_val (seat, index + 1, signer);
      return finish (&run, TRUE);
    }

  /* Before: the current approver waits again behind the signer. */
  replace_task (&run, token, task, task->user, task->timer, SANHE_OA_CAUSE_SIGNER_BEFORE);
  g_array_insert_val (seat, index, signer);
  return finish (&run, move_on (&run, token, error));
}

static void
remind (Run   *run,
        Token *token,
        Task  *task)
{
  SanheOaStepItem *item = _sanhe_oa_run_emit (run, SANHE_OA_ITEM_TASK_REMINDED, token->node);

  item->seq = task->seq;
  item->user = task->user;
  item->holder = task->holder;
  task->due_at = 0;
}

SanheOaStep *
sanhe_oa_route_timeout (const SanheOaRouteEnv  *env,
                        const SanheOaState     *state,
                        guint                   seq,
                        GError                **error)
{
  Run run = { 0 };
  Token *token = NULL;
  Task *task = NULL;
  gint64 manager;

  g_return_val_if_fail (_sanhe_oa_route_env_check (env), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  if (!_sanhe_oa_run_begin (&run, env, state, seq, &token, &task, error))
    return finish (&run, FALSE);

  if (task->due_at == 0 || g_date_time_to_unix (env->now) < task->due_at)
    {
      sanhe_set_error (error, SANHE_ERROR_CONFLICT, SANHE_OA_CODE_TASK_NOT_DUE, NULL,
                       "This task has no timer due now.");
      return finish (&run, FALSE);
    }

  switch (run.definition->nodes[token->node].on_timeout)
    {
    case SANHE_OA_ON_TIMEOUT_APPROVE:
      return finish (&run, _sanhe_oa_run_approve (&run, token, task, SANHE_OA_CAUSE_TIMEOUT, error));

    case SANHE_OA_ON_TIMEOUT_ESCALATE:
      manager = sanhe_oa_directory_get_manager (env->directory, task->user);
      if (manager > 0 && manager != task->holder)
        {
          replace_task (&run, token, task, manager, FALSE, SANHE_OA_CAUSE_ESCALATED);
          return finish (&run, move_on (&run, token, error));
        }
      G_GNUC_FALLTHROUGH;

    case SANHE_OA_ON_TIMEOUT_REMIND:
    case SANHE_OA_ON_TIMEOUT_NONE:
    default:
      remind (&run, token, task);
      return finish (&run, TRUE);
    }
}
