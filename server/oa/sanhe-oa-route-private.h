/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-oa-private.h"
#include "sanhe-oa-route.h"
#include "sanhe-oa-state.h"

G_BEGIN_DECLS

/* One task of a seat's chain (see SanheOaTask). */
typedef struct
{
  guint             seq;
  gint64            user;
  gint64            holder;
  gint64            rule;     /* delegation rule */
  gint64            due_at;
  gboolean          timer;    /* FALSE once escalated: no further timeout */
  SanheOaTaskState  state;
} Task;

/* Which branch of which parallel node a token is in; a token's frames are
 * the stack of the parallel blocks it is inside, outermost first. */
typedef struct
{
  guint split;
  guint branch;
} Frame;

/* A node a token passed, with the number of frames it had there. */
typedef struct
{
  guint node;
  guint depth;
} Visit;

/* Waits at an approval node. */
typedef struct
{
  guint      node;
  GArray    *frames;  /* Frame */
  GArray    *path;    /* Visit, the node itself last */
  GPtrArray *seats;   /* GArray of Task */
} Token;

/* Tokens counted at a join for one instance of its parallel block. */
typedef struct
{
  guint   join;
  GArray *frames;   /* the frames outside the block */
  guint   count;
  GArray *path;     /* up to the parallel node, then the actions run inside */
} Arrival;

struct _SanheOaState
{
  SanheOaStatus  status;
  guint          next_seq;
  guint          decisions;
  GPtrArray     *tokens;    /* Token */
  GPtrArray     *arrivals;  /* Arrival */
};

struct _SanheOaStep
{
  SanheOaState *state;
  GArray       *items;  /* SanheOaStepItem */
  GPtrArray    *owned;  /* GArray of gint64: the NOTIFY items' users */
};

/* A running step: works on a copy of the state. */
typedef struct
{
  const SanheOaRouteEnv   *env;
  const SanheOaDefinition *definition;
  SanheOaState            *state;
  GArray                  *items;
  GPtrArray               *owned;
} Run;

SanheOaState *_sanhe_oa_state_new        (void);
Token        *_sanhe_oa_token_new        (guint          node,
                                          GArray        *frames,
                                          GArray        *path);
Token        *_sanhe_oa_token_copy       (const Token   *token);
void          _sanhe_oa_token_free       (Token         *token);
Arrival      *_sanhe_oa_arrival_new      (guint          join,
                                          GArray        *frames,
                                          GArray        *path);
void          _sanhe_oa_arrival_free     (Arrival       *arrival);
gboolean      _sanhe_oa_frames_equal     (GArray        *a,
                                          GArray        *b);
/* @frames starts with the first @depth frames of @prefix. */
gboolean      _sanhe_oa_frames_extend    (GArray        *frames,
                                          GArray        *prefix,
                                          guint          depth);
/* Finds pending or waiting-with-seq task @seq. */
Task         *_sanhe_oa_state_lookup     (SanheOaState  *state,
                                          guint          seq,
                                          Token        **out_token,
                                          guint         *out_seat,
                                          guint         *out_position);

/* The action node that ran after visit @index of @token's path, in its
 * block or in a sibling block that a return there would cancel; or -1. */
gint          _sanhe_oa_state_effect_after (SanheOaState            *state,
                                            const SanheOaDefinition *definition,
                                            const Token             *token,
                                            guint                    index);

/* Run helpers (sanhe-oa-route.c). */
gboolean      _sanhe_oa_route_env_check  (const SanheOaRouteEnv *env);
/* Copies @state (NULL: a new one) and, for @seq > 0, finds that pending
 * task in the copy; sets the 404/409 errors. */
gboolean      _sanhe_oa_run_begin        (Run                   *run,
                                          const SanheOaRouteEnv *env,
                                          const SanheOaState    *state,
                                          guint                  seq,
                                          Token                **out_token,
                                          Task                 **out_task,
                                          GError               **error);
SanheOaStep  *_sanhe_oa_run_finish       (Run             *run);
void          _sanhe_oa_run_abort        (Run             *run);
void          _sanhe_oa_run_take_token   (Run             *run,
                                          Token           *token);
SanheOaStepItem *_sanhe_oa_run_emit      (Run             *run,
                                          SanheOaItemKind  kind,
                                          guint            node);
void          _sanhe_oa_run_set_status   (Run             *run,
                                          SanheOaStatus    status);
gboolean      _sanhe_oa_run_leave        (Run             *run,
                                          Token           *token,
                                          GError         **error);
void          _sanhe_oa_run_cancel_token (Run             *run,
                                          Token           *token,
                                          SanheOaCause     cause,
                                          guint            except_seq);

/* Approval nodes (sanhe-oa-route-tasks.c). Returns FALSE on error; sets
 * *out_done when the node completed at once. */
gboolean      _sanhe_oa_run_enter_approval (Run           *run,
                                            Token         *token,
                                            gboolean      *out_done,
                                            GError       **error);
/* Approves @task (pending) of @token for @cause and moves on. */
gboolean      _sanhe_oa_run_approve        (Run           *run,
                                            Token         *token,
                                            Task          *task,
                                            SanheOaCause   cause,
                                            GError       **error);

G_END_DECLS
