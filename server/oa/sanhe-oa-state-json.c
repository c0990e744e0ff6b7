/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-route-private.h"

/*
 * The JSON form of a request's state, stored beside the request and read
 * back against the same definition version:
 *
 *   {"status":"pending","next_seq":4,"decisions":1,
 *    "tokens":[{"node":"fin","frames":[["p",0]],"path":[["start",0],["mgr",0],["fin",0]],
 *               "seats":[[{"seq":3,"user":4,"holder":4,"rule":0,"due_at":0,
 *                          "timer":true,"state":"pending"}]]}],
 *    "arrivals":[{"join":"j","frames":[],"count":1,"path":[…]}]}
 *
 * Node ids, not indices, so that a stored state stays readable by people.
 */

static const char * const statuses[] = {
  [SANHE_OA_STATUS_PENDING] = "pending",
  [SANHE_OA_STATUS_APPROVED] = "approved",
  [SANHE_OA_STATUS_REJECTED] = "rejected",
  [SANHE_OA_STATUS_RETURNED] = "returned",
  [SANHE_OA_STATUS_WITHDRAWN] = "withdrawn",
};

static const char * const task_states[] = {
  [SANHE_OA_TASK_WAITING] = "waiting",
  [SANHE_OA_TASK_PENDING] = "pending",
  [SANHE_OA_TASK_APPROVED] = "approved",
};

const char *
sanhe_oa_status_to_string (SanheOaStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (statuses), NULL);
  return statuses[status];
}

static JsonArray *
frames_to_json (const SanheOaDefinition *definition,
                GArray                  *frames)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, sanhe_oa_definition_get_node (definition, frame->split)->id);
      json_array_add_int_element (pair, frame->branch);
      json_array_add_array_element (array, pair);
    }
  return array;
}

static JsonArray *
path_to_json (const SanheOaDefinition *definition,
              GArray                  *path)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < path->len; i++)
    {
      Visit *visit = &g_array_index (path, Visit, i);
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, sanhe_oa_definition_get_node (definition, visit->node)->id);
      json_array_add_int_element (pair, visit->depth);
      json_array_add_array_element (array, pair);
    }
  return array;
}

static JsonArray *
seats_to_json (GPtrArray *seats)
{
  JsonArray *array = json_array_new ();

  for (guint s = 0; s < seats->len; s++)
    {
      GArray *seat = g_ptr_array_index (seats, s);
      JsonArray *chain = json_array_new ();

      for (guint p = 0; p < seat->len; p++)
        {
          Task *task = &g_array_index (seat, Task, p);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "seq", task->seq);
          json_object_set_int_member (object, "user", task->user);
          json_object_set_int_member (object, "holder", task->holder);
          json_object_set_int_member (object, "rule", task->rule);
          json_object_set_int_member (object, "due_at", task->due_at);
          json_object_set_boolean_member (object, "timer", task->timer);
          json_object_set_string_member (object, "state", task_states[task->state]);
          json_array_add_object_element (chain, object);
        }
      json_array_add_array_element (array, chain);
    }
  return array;
}

JsonNode *
sanhe_oa_state_to_json (const SanheOaState      *state,
                        const SanheOaDefinition *definition)
{
  JsonObject *object;
  JsonArray *tokens;
  JsonArray *arrivals;
  JsonNode *node;

  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (definition != NULL, NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "status", statuses[state->status]);
  json_object_set_int_member (object, "next_seq", state->next_seq);
  json_object_set_int_member (object, "decisions", state->decisions);

  tokens = json_array_new ();
  for (guint t = 0; t < state->tokens->len; t++)
    {
      Token *token = g_ptr_array_index (state->tokens, t);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "node", sanhe_oa_definition_get_node (definition, token->node)->id);
      json_object_set_array_member (item, "frames", frames_to_json (definition, token->frames));
      json_object_set_array_member (item, "path", path_to_json (definition, token->path));
      json_object_set_array_member (item, "seats", seats_to_json (token->seats));
      json_array_add_object_element (tokens, item);
    }
  json_object_set_array_member (object, "tokens", tokens);

  arrivals = json_array_new ();
  for (guint a = 0; a < state->arrivals->len; a++)
    {
      Arrival *arrival = g_ptr_array_index (state->arrivals, a);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "join", sanhe_oa_definition_get_node (definition, arrival->join)->id);
      json_object_set_array_member (item, "frames", frames_to_json (definition, arrival->frames));
      json_object_set_int_member (item, "count", arrival->count);
      json_object_set_array_member (item, "path", path_to_json (definition, arrival->path));
      json_array_add_object_element (arrivals, item);
    }
  json_object_set_array_member (object, "arrivals", arrivals);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}


typedef struct
{
  const SanheOaDefinition *definition;
  const char              *problem;  /* the first thing that did not fit */
} Reader;

static gboolean
fail (Reader     *reader,
      const char *problem)
{
  if (reader->problem == NULL)
    reader->problem = problem;
  return FALSE;
}

static gint
lookup_word (const char * const *words,
             guint               n_words,
             const char         *text)
{
  for (guint i = 0; i < n_words; i++)
    if (g_strcmp0 (words[i], text) == 0)
      return i;
  return -1;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64      min,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

G_STATIC_ASSERT (sizeof (Frame) == sizeof (Visit));

/* Reads ["node id", n] pairs; @frames checks the node is a parallel one and
 * n one of its branches. */
static GArray *
read_pairs (Reader    *reader,
            JsonArray *array,
            gboolean   frames)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Frame));

  if (array == NULL)
    return fail (reader, "a list of frames or visits is missing"), NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (element) ? json_node_get_array (element) : NULL;
      gint node;
      gint64 number;
      Frame frame;

      if (pair == NULL || json_array_get_length (pair) != 2 ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1)) ||
          json_node_get_value_type (json_array_get_element (pair, 1)) != G_TYPE_INT64)
        return fail (reader, "a frame or visit is not a [node, number] pair"), NULL;
      node = sanhe_oa_definition_find_node (reader->definition,
                                            sanhe_json_node_get_string (json_array_get_element (pair, 0)));
      number = json_array_get_int_element (pair, 1);
      if (node < 0 || number < 0 || number > SANHE_OA_MAX_NODES)
        return fail (reader, "a frame or visit names an unknown node"), NULL;
      if (frames)
        {
          const SanheOaNode *info = sanhe_oa_definition_get_node (reader->definition, node);

          if (info->type != SANHE_OA_NODE_PARALLEL || number >= info->n_out)
            return fail (reader, "a frame is not a branch of a parallel node"), NULL;
        }
      /* Frame and Visit are both two guints. */
      frame.split = node;
      frame.branch = number;
      g_array_append_val (pairs, frame);
    }
  return g_steal_pointer (&pairs);
}

static gboolean
read_task (Reader     *reader,
           JsonNode   *element,
           GHashTable *seqs,
           guint       next_seq,
           Task       *task)
{
  JsonObject *object;
  JsonNode *timer;
  gint64 seq, user, holder, rule, due_at;
  gint state;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return fail (reader, "a task is not an object");
  object = json_node_get_object (element);
  timer = json_object_get_member (object, "timer");
  state = lookup_word (task_states, G_N_ELEMENTS (task_states),
                       sanhe_json_node_get_string (json_object_get_member (object, "state")));
  if (!get_int (object, "seq", 0, &seq) || !get_int (object, "user", 1, &user) ||
      !get_int (object, "holder", 1, &holder) || !get_int (object, "rule", 0, &rule) ||
      !get_int (object, "due_at", 0, &due_at) || state < 0 ||
      timer == NULL || !JSON_NODE_HOLDS_VALUE (timer) || json_node_get_value_type (timer) != G_TYPE_BOOLEAN)
    return fail (reader, "a task misses a member or has a wrong one");
  if ((seq == 0) != (state == SANHE_OA_TASK_WAITING) || seq >= next_seq ||
      (seq > 0 && g_hash_table_contains (seqs, GUINT_TO_POINTER (seq))))
    return fail (reader, "a task's seq is missing, repeated or beyond next_seq");
  if (seq > 0)
    g_hash_table_add (seqs, GUINT_TO_POINTER (seq));

  task->seq = seq;
  task->user = user;
  task->holder = holder;
  task->rule = rule;
  task->due_at = due_at;
  task->timer = json_node_get_boolean (timer);
  task->state = state;
  return TRUE;
}

static Token *
read_token (Reader     *reader,
            JsonNode   *element,
            GHashTable *seqs,
            guint       next_seq)
{
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) path = NULL;
  JsonObject *object;
  JsonArray *seats;
  Token *token;
  gint node;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return fail (reader, "a token is not an object"), NULL;
  object = json_node_get_object (element);
  node = sanhe_oa_definition_find_node (reader->definition,
                                        sanhe_json_node_get_string (json_object_get_member (object, "node")));
  if (node < 0 || sanhe_oa_definition_get_node (reader->definition, node)->type != SANHE_OA_NODE_APPROVAL)
    return fail (reader, "a token waits elsewhere than at an approval node"), NULL;
  frames = read_pairs (reader, get_array (object, "frames"), TRUE);
  path = read_pairs (reader, get_array (object, "path"), FALSE);
  seats = get_array (object, "seats");
  if (frames == NULL || path == NULL)
    return NULL;
  if (path->len == 0 || g_array_index (path, Visit, path->len - 1).node != (guint) node)
    return fail (reader, "a token's path does not end at its node"), NULL;
  if (seats == NULL || json_array_get_length (seats) == 0)
    return fail (reader, "a token has no seats"), NULL;

  token = _sanhe_oa_token_new (node, g_steal_pointer (&frames), g_steal_pointer (&path));
  for (guint s = 0; s < json_array_get_length (seats); s++)
    {
      JsonNode *chain = json_array_get_element (seats, s);
      GArray *seat = g_array_new (FALSE, TRUE, sizeof (Task));

      g_ptr_array_add (token->seats, seat);
      if (!JSON_NODE_HOLDS_ARRAY (chain) || json_array_get_length (json_node_get_array (chain)) == 0)
        {
          fail (reader, "a seat is not a non-empty list of tasks");
          break;
        }
      for (guint p = 0; p < json_array_get_length (json_node_get_array (chain)); p++)
        {
          Task task = { 0 };

          if (!read_task (reader, json_array_get_element (json_node_get_array (chain), p), seqs, next_seq, &task))
            break;
          g_array_append_val (seat, task);
        }
    }
  if (reader->problem != NULL)
    g_clear_pointer (&token, _sanhe_oa_token_free);
  return token;
}

static Arrival *
read_arrival (Reader   *reader,
              JsonNode *element)
{
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) path = NULL;
  JsonObject *object;
  Arrival *arrival;
  gint64 count;
  gint join;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return fail (reader, "an arrival is not an object"), NULL;
  object = json_node_get_object (element);
  join = sanhe_oa_definition_find_node (reader->definition,
                                        sanhe_json_node_get_string (json_object_get_member (object, "join")));
  if (join < 0 || sanhe_oa_definition_get_node (reader->definition, join)->type != SANHE_OA_NODE_JOIN)
    return fail (reader, "an arrival is not at a join node"), NULL;
  frames = read_pairs (reader, get_array (object, "frames"), TRUE);
  path = read_pairs (reader, get_array (object, "path"), FALSE);
  if (frames == NULL || path == NULL)
    return NULL;
  if (!get_int (object, "count", 1, &count) ||
      count >= sanhe_oa_definition_get_node (reader->definition,
                                             sanhe_oa_definition_get_node (reader->definition, join)->match)->n_out)
    return fail (reader, "an arrival count is out of range"), NULL;

  arrival = _sanhe_oa_arrival_new (join, g_steal_pointer (&frames), g_steal_pointer (&path));
  arrival->count = count;
  return arrival;
}

SanheOaState *
sanhe_oa_state_new_from_json (JsonNode                 *json,
                              const SanheOaDefinition  *definition,
                              GError                  **error)
{
  g_autoptr(SanheOaState) state = _sanhe_oa_state_new ();
  g_autoptr(GHashTable) seqs = g_hash_table_new (NULL, NULL);
  Reader reader = { definition, NULL };
  JsonObject *object;
  JsonArray *tokens;
  JsonArray *arrivals;
  gint64 number;
  gint status;

  g_return_val_if_fail (definition != NULL, NULL);

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    fail (&reader, "it is not an object");
  else
    {
      object = json_node_get_object (json);
      status = lookup_word (statuses, G_N_ELEMENTS (statuses),
                            sanhe_json_node_get_string (json_object_get_member (object, "status")));
      tokens = get_array (object, "tokens");
      arrivals = get_array (object, "arrivals");
      if (status < 0 || tokens == NULL || arrivals == NULL)
        fail (&reader, "status, tokens or arrivals is missing");
      else
        {
          state->status = status;
          if (get_int (object, "next_seq", 1, &number) && number <= G_MAXUINT32)
            state->next_seq = number;
          else
            fail (&reader, "next_seq is missing");
          if (get_int (object, "decisions", 0, &number) && number <= G_MAXUINT32)
            state->decisions = number;
          else
            fail (&reader, "decisions is missing");

          for (guint i = 0; reader.problem == NULL && i < json_array_get_length (tokens); i++)
            {
              Token *token = read_token (&reader, json_array_get_element (tokens, i), seqs, state->next_seq);

              if (token != NULL)
                g_ptr_array_add (state->tokens, token);
            }
          for (guint i = 0; reader.problem == NULL && i < json_array_get_length (arrivals); i++)
            {
              Arrival *arrival = read_arrival (&reader, json_array_get_element (arrivals, i));

              if (arrival != NULL)
                g_ptr_array_add (state->arrivals, arrival);
            }
        }
    }

  if (reader.problem != NULL)
    {
      sanhe_set_error (error, SANHE_ERROR_INTERNAL, SANHE_OA_CODE_STATE_CORRUPT, NULL,
                       "The stored routing state does not fit process \"%s\": %s.",
                       sanhe_oa_definition_get_key (definition), reader.problem);
      return NULL;
    }
  return g_steal_pointer (&state);
}
