/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-oa.h"
#include "oa-test-util.h"

G_BEGIN_DECLS

/*
 * A request's flow through the engine for routing tests: the definition,
 * directory, rules, form values, clock and the state each step leaves.
 */
typedef struct
{
  SanheOaDefinition *definition;
  SanheOaDirectory  *directory;
  SanheOaRules      *rules;
  SanheOaValues     *values;
  SanheOaContext     context;
  GDateTime         *now;
  SanheOaState      *state;
} Flow;

#define TRAVEL_FORM(amount) \
  "{'amount':'" amount "','trip':{'start':'2026-05-04','end':'2026-05-06'},'purpose':'ACME'}"

typedef enum
{
  START,
  RESUBMIT,
  APPROVE,
  REJECT,
  RETURN,
  TRANSFER,
  SIGN_BEFORE,
  SIGN_AFTER,
  WITHDRAW,
  TIMEOUT,
  COMPLETE,
} Action;

void flow_init (Flow *flow, const char *definition, gint64 applicant, gint64 department, const char *form);
void flow_clear (Flow *flow);
void flow_set_form (Flow *flow, const char *form);
void flow_set_clock (Flow *flow, gint hours);
void flow_add_rule (Flow *flow, gint64 id, gint64 owner, const char *body);
SanheOaStep *run (Flow *flow, Action action, guint seq, gint64 user, const char *node, GError **error);
void step_full (Flow *flow, Action action, guint seq, gint64 user, const char *node, const char *expected);
void refused_full (Flow *flow, Action action, guint seq, gint64 user, const char *node, guint status, const char *code);
SanheOaStatus status (Flow *flow);

void travel_with_boss_rule (Flow *flow, const char *form);

#define MODE_PROCESS(mode) \
  "{'key':'m','name':'Modes','form':[]," \
  " 'nodes':[{'id':'s','type':'start'}," \
  "          {'id':'m','type':'approval','assignee':{'rule':'role','role':'manager'},'mode':'" mode "'}," \
  "          {'id':'e','type':'end'}]," \
  " 'edges':[{'from':'s','to':'m'},{'from':'m','to':'e'}]}"
#define THREE_MANAGERS \
  "status pending\n" \
  "enter s\n" \
  "enter m\n" \
  "created 1 m user=1 holder=1\n" \
  "created 2 m user=2 holder=2\n" \
  "created 3 m user=6 holder=6\n"
#define step(flow, action, seq, expected) step_full (flow, action, seq, 0, NULL, expected)
#define refused(flow, action, seq, status, code) refused_full (flow, action, seq, 0, NULL, status, code)

G_END_DECLS
