/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-route-private.h"

/*
 * The state of a request: lifecycle and queries. Its JSON form is in
 * sanhe-oa-state-json.c.
 */

static GArray *
copy_array (GArray *array)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, g_array_get_element_size (array), array->len);

  g_array_append_vals (copy, array->data, array->len);
  return copy;
}

SanheOaState *
_sanhe_oa_state_new (void)
{
  SanheOaState *state = g_new0 (SanheOaState, 1);

  state->status = SANHE_OA_STATUS_PENDING;
  state->next_seq = 1;
  state->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) _sanhe_oa_token_free);
  state->arrivals = g_ptr_array_new_with_free_func ((GDestroyNotify) _sanhe_oa_arrival_free);
  return state;
}

/* Takes @frames and @path. */
Token *
_sanhe_oa_token_new (guint   node,
                     GArray *frames,
                     GArray *path)
{
  Token *token = g_new0 (Token, 1);

  token->node = node;
  token->frames = frames ? frames : g_array_new (FALSE, FALSE, sizeof (Frame));
  token->path = path ? path : g_array_new (FALSE, FALSE, sizeof (Visit));
  token->seats = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return token;
}

Token *
_sanhe_oa_token_copy (const Token *token)
{
  Token *copy = _sanhe_oa_token_new (token->node, copy_array (token->frames), copy_array (token->path));

  for (guint i = 0; i < token->seats->len; i++)
    g_ptr_array_add (copy->seats, copy_array (g_ptr_array_index (token->seats, i)));
  return copy;
}

void
_sanhe_oa_token_free (Token *token)
{
  if (token == NULL)
    return;
  g_array_unref (token->frames);
  g_array_unref (token->path);
  g_ptr_array_unref (token->seats);
  g_free (token);
}

/* Takes @frames and @path. */
Arrival *
_sanhe_oa_arrival_new (guint   join,
                       GArray *frames,
                       GArray *path)
{
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->join = join;
  arrival->frames = frames;
  arrival->path = path;
  return arrival;
}

void
_sanhe_oa_arrival_free (Arrival *arrival)
{
  if (arrival == NULL)
    return;
  g_array_unref (arrival->frames);
  g_array_unref (arrival->path);
  g_free (arrival);
}

gboolean
_sanhe_oa_frames_extend (GArray *frames,
                         GArray *prefix,
                         guint   depth)
{
  if (frames->len < depth || prefix->len < depth)
    return FALSE;
  for (guint i = 0; i < depth; i++)
    {
      Frame *a = &g_array_index (frames, Frame, i);
      Frame *b = &g_array_index (prefix, Frame, i);

      if (a->split != b->split || a->branch != b->branch)
        return FALSE;
    }
  return TRUE;
}

gboolean
_sanhe_oa_frames_equal (GArray *a,
                        GArray *b)
{
  return a->len == b->len && _sanhe_oa_frames_extend (a, b, a->len);
}

SanheOaState *
sanhe_oa_state_copy (const SanheOaState *state)
{
  SanheOaState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = _sanhe_oa_state_new ();
  copy->status = state->status;
  copy->next_seq = state->next_seq;
  copy->decisions = state->decisions;
  for (guint i = 0; i < state->tokens->len; i++)
    g_ptr_array_add (copy->tokens, _sanhe_oa_token_copy (g_ptr_array_index (state->tokens, i)));
  for (guint i = 0; i < state->arrivals->len; i++)
    {
      Arrival *arrival = g_ptr_array_index (state->arrivals, i);
      Arrival *twin = _sanhe_oa_arrival_new (arrival->join, copy_array (arrival->frames), copy_array (arrival->path));

      twin->count = arrival->count;
      g_ptr_array_add (copy->arrivals, twin);
    }
  return copy;
}

void
sanhe_oa_state_free (SanheOaState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->tokens, g_ptr_array_unref);
  g_clear_pointer (&state->arrivals, g_ptr_array_unref);
  g_free (state);
}

SanheOaStatus
sanhe_oa_state_get_status (const SanheOaState *state)
{
  g_return_val_if_fail (state != NULL, SANHE_OA_STATUS_PENDING);
  return state->status;
}

guint
sanhe_oa_state_get_decisions (const SanheOaState *state)
{
  g_return_val_if_fail (state != NULL, 0);
  return state->decisions;
}

Task *
_sanhe_oa_state_lookup (SanheOaState  *state,
                        guint          seq,
                        Token        **out_token,
                        guint         *out_seat,
                        guint         *out_position)
{
  if (seq == 0)
    return NULL;
  for (guint t = 0; t < state->tokens->len; t++)
    {
      Token *token = g_ptr_array_index (state->tokens, t);

      for (guint s = 0; s < token->seats->len; s++)
        {
          GArray *seat = g_ptr_array_index (token->seats, s);

          for (guint p = 0; p < seat->len; p++)
            {
              Task *task = &g_array_index (seat, Task, p);

              if (task->seq != seq)
                continue;
              if (out_token)
                *out_token = token;
              if (out_seat)
                *out_seat = s;
              if (out_position)
                *out_position = p;
              return task;
            }
        }
    }
  return NULL;
}

static void
fill_task (SanheOaTask             *out,
           const SanheOaDefinition *definition,
           const Token             *token,
           const Task              *task,
           guint                    seat,
           guint                    position)
{
  out->seq = task->seq;
  out->node = sanhe_oa_definition_get_node (definition, token->node)->id;
  out->user = task->user;
  out->holder = task->holder;
  out->delegation_rule = task->rule;
  out->due_at = task->due_at;
  out->state = task->state;
  out->seat = seat;
  out->position = position;
}

GArray *
sanhe_oa_state_list_tasks (const SanheOaState      *state,
                           const SanheOaDefinition *definition)
{
  GArray *tasks = g_array_new (FALSE, TRUE, sizeof (SanheOaTask));

  g_return_val_if_fail (state != NULL, tasks);
  g_return_val_if_fail (definition != NULL, tasks);

  for (guint t = 0; t < state->tokens->len; t++)
    {
      Token *token = g_ptr_array_index (state->tokens, t);

      for (guint s = 0; s < token->seats->len; s++)
        {
          GArray *seat = g_ptr_array_index (token->seats, s);

          for (guint p = 0; p < seat->len; p++)
            {
              SanheOaTask out;

              fill_task (&out, definition, token, &g_array_index (seat, Task, p), s, p);
              g_array_append_val (tasks, out);
            }
        }
    }
  return tasks;
}

gboolean
sanhe_oa_state_find_task (const SanheOaState      *state,
                          const SanheOaDefinition *definition,
                          guint                    seq,
                          SanheOaTask             *out)
{
  Token *token;
  guint seat, position;
  Task *task;

  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (definition != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  task = _sanhe_oa_state_lookup ((SanheOaState *) state, seq, &token, &seat, &position);
  if (task == NULL)
    return FALSE;
  fill_task (out, definition, token, task, seat, position);
  return TRUE;
}

GArray *
sanhe_oa_state_list_due (const SanheOaState *state,
                         GDateTime          *now)
{
  GArray *due = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 instant;

  g_return_val_if_fail (state != NULL, due);
  g_return_val_if_fail (now != NULL, due);

  instant = g_date_time_to_unix (now);
  for (guint t = 0; t < state->tokens->len; t++)
    {
      Token *token = g_ptr_array_index (state->tokens, t);

      for (guint s = 0; s < token->seats->len; s++)
        {
          GArray *seat = g_ptr_array_index (token->seats, s);

          for (guint p = 0; p < seat->len; p++)
            {
              Task *task = &g_array_index (seat, Task, p);

              if (task->state == SANHE_OA_TASK_PENDING && task->due_at != 0 && task->due_at <= instant)
                g_array_append_val (due, task->seq);
            }
        }
    }
  return due;
}

static gint
action_after (const SanheOaDefinition *definition,
              GArray                  *path,
              guint                    index)
{
  for (guint i = index + 1; i < path->len; i++)
    {
      guint node = g_array_index (path, Visit, i).node;

      if (sanhe_oa_definition_get_node (definition, node)->type == SANHE_OA_NODE_ACTION)
        return node;
    }
  return -1;
}

gint
_sanhe_oa_state_effect_after (SanheOaState            *state,
                              const SanheOaDefinition *definition,
                              const Token             *token,
                              guint                    index)
{
  guint depth = g_array_index (token->path, Visit, index).depth;
  gint found;

  /* Every token and join count of the block instance the target sits in
   * shares the path up to the target, so @index means the same visit. */
  for (guint t = 0; t < state->tokens->len; t++)
    {
      Token *other = g_ptr_array_index (state->tokens, t);

      if (_sanhe_oa_frames_extend (other->frames, token->frames, depth) &&
          (found = action_after (definition, other->path, index)) >= 0)
        return found;
    }
  for (guint a = 0; a < state->arrivals->len; a++)
    {
      Arrival *arrival = g_ptr_array_index (state->arrivals, a);

      if (_sanhe_oa_frames_extend (arrival->frames, token->frames, depth) &&
          (found = action_after (definition, arrival->path, index)) >= 0)
        return found;
    }
  return -1;
}

GStrv
sanhe_oa_state_list_return_targets (const SanheOaState      *state,
                                    const SanheOaDefinition *definition,
                                    guint                    seq)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Token *token;
  Task *task;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (definition != NULL, NULL);

  task = _sanhe_oa_state_lookup ((SanheOaState *) state, seq, &token, NULL, NULL);
  if (task == NULL || task->state != SANHE_OA_TASK_PENDING)
    return NULL;

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (NULL, NULL);
  g_hash_table_add (seen, GUINT_TO_POINTER (token->node));
  for (guint i = token->path->len - 1; i-- > 0;)
    {
      guint node = g_array_index (token->path, Visit, i).node;
      const SanheOaNode *info = sanhe_oa_definition_get_node (definition, node);

      if (info->type != SANHE_OA_NODE_APPROVAL || g_hash_table_contains (seen, GUINT_TO_POINTER (node)))
        continue;
      if (_sanhe_oa_state_effect_after ((SanheOaState *) state, definition, token, i) >= 0)
        break;
      g_hash_table_add (seen, GUINT_TO_POINTER (node));
      g_strv_builder_add (builder, info->id);
    }
  return g_strv_builder_end (builder);
}
