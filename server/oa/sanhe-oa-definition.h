/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-condition.h"
#include "sanhe-oa-form.h"

G_BEGIN_DECLS

/*
 * A process definition, compiled from the JSON of the fixed contract and
 * immutable afterwards (share it between threads by reference):
 *
 *   {"key":"travel_expense","name":"Travel expense",
 *    "form":[{"name":"amount","type":"money","required":true}, …],
 *    "nodes":[{"id":"start","type":"start"},
 *             {"id":"mgr","type":"approval","assignee":{"rule":"manager"},"mode":"any",
 *              "timeout_hours":24,"on_timeout":"remind"},
 *             {"id":"c","type":"condition"},
 *             {"id":"adv","type":"action","effect":"finance.register_advance"},
 *             {"id":"cc","type":"notify","assignee":{"rule":"role","role":"hr"}},
 *             {"id":"end","type":"end"}, …],
 *    "edges":[{"from":"start","to":"mgr"},
 *             {"from":"c","to":"boss","when":{"op":">","field":"amount","value":"5000"}},
 *             {"from":"c","to":"end","else":true}, …]}
 *
 * Assignee rules (approval and notify nodes): {"rule":"user","user":ID},
 * {"rule":"role","role":KEY}, {"rule":"manager"} (the applicant's),
 * {"rule":"department_head"} (the head of the applicant's department, or of
 * {"department":ID}), {"rule":"field","field":NAME} (a user field).
 * "mode" defaults to "any". "timeout_hours" (a positive integer) needs
 * "on_timeout": remind | escalate | approve.
 *
 * Validation collects every problem into one 422 oa.process.invalid; see
 * sanhe-oa-codes.h for the locators. Problem codes:
 *   top level:  required, wrong_type, invalid, no_start, no_end, too_many
 *   fields:     missing_name, invalid_name, duplicate_name, unknown_type,
 *               wrong_type, invalid_min, invalid_max, min_above_max,
 *               not_applicable, missing_options, invalid_options
 *   nodes:      missing_id, invalid_id, duplicate_id, unknown_type,
 *               multiple_start, invalid_assignee, invalid_mode,
 *               invalid_timeout, invalid_on_timeout, missing_effect,
 *               unknown_effect, start_has_incoming, end_has_outgoing,
 *               needs_one_outgoing, parallel_needs_branches, no_when,
 *               no_else, multiple_else, unreachable, no_path_to_end,
 *               parallel_without_join, branches_merge, enters_parallel,
 *               join_without_parallel
 *   edges:      invalid, dangling, duplicate, unexpected_when,
 *               unexpected_else, when_and_else, missing_when, cycle, and the
 *               condition codes of sanhe-oa-condition.h with "at"
 *
 * The graph must be acyclic (rework goes through "return", not through
 * edges). Parallel blocks are well nested: from a parallel node every branch
 * reaches one join node before any end, branches do not meet before it,
 * nothing enters a branch from outside, and the join waits for exactly one
 * arrival per branch.
 */
typedef enum
{
  SANHE_OA_NODE_START,
  SANHE_OA_NODE_APPROVAL,
  SANHE_OA_NODE_CONDITION,
  SANHE_OA_NODE_PARALLEL,
  SANHE_OA_NODE_JOIN,
  SANHE_OA_NODE_NOTIFY,
  SANHE_OA_NODE_ACTION,
  SANHE_OA_NODE_END,
} SanheOaNodeType;

typedef enum
{
  SANHE_OA_ASSIGNEE_USER,
  SANHE_OA_ASSIGNEE_ROLE,
  SANHE_OA_ASSIGNEE_MANAGER,
  SANHE_OA_ASSIGNEE_DEPARTMENT_HEAD,
  SANHE_OA_ASSIGNEE_FIELD,
} SanheOaAssigneeRule;

typedef enum
{
  SANHE_OA_MODE_ANY,         /* 或签: the first decision completes the node */
  SANHE_OA_MODE_ALL,         /* 会签: every assignee must approve */
  SANHE_OA_MODE_SEQUENTIAL,  /* one after another, in resolution order */
} SanheOaMode;

typedef enum
{
  SANHE_OA_ON_TIMEOUT_NONE,
  SANHE_OA_ON_TIMEOUT_REMIND,
  SANHE_OA_ON_TIMEOUT_ESCALATE,
  SANHE_OA_ON_TIMEOUT_APPROVE,
} SanheOaOnTimeout;

typedef struct
{
  SanheOaAssigneeRule rule;
  gint64              user;        /* user */
  char               *role;        /* role */
  gint64              department;  /* department_head: 0 = the applicant's */
  char               *field;       /* field */
} SanheOaAssignee;

/* A compiled node; read-only. Edge lists hold indices into the edges, in
 * definition order. */
typedef struct
{
  char             *id;
  char             *name;           /* NULL when the definition gives none */
  SanheOaNodeType   type;
  SanheOaAssignee   assignee;       /* approval, notify */
  SanheOaMode       mode;           /* approval */
  guint             timeout_hours;  /* approval; 0 = no timeout */
  SanheOaOnTimeout  on_timeout;
  char             *effect;         /* action */
  guint            *out;
  guint             n_out;
  guint            *in;
  guint             n_in;
  gint              match;          /* parallel: its join; join: its parallel; else -1 */
} SanheOaNode;

typedef struct
{
  guint             from;           /* node indices */
  guint             to;
  SanheOaCondition *when;           /* condition edges other than the else */
  gboolean          is_else;
} SanheOaEdge;

typedef struct _SanheOaDefinition SanheOaDefinition;

/*
 * Compiles and validates @root. @known_effects, when not NULL, is the list
 * of effect names action nodes may use (the registry of module effects);
 * NULL accepts any non-empty name.
 */
SanheOaDefinition  *sanhe_oa_definition_new_from_json (JsonNode                 *root,
                                                       const char * const       *known_effects,
                                                       GError                  **error);
SanheOaDefinition  *sanhe_oa_definition_ref           (SanheOaDefinition        *definition);
void                sanhe_oa_definition_unref         (SanheOaDefinition        *definition);

const char         *sanhe_oa_definition_get_key       (const SanheOaDefinition  *definition);
const char         *sanhe_oa_definition_get_name      (const SanheOaDefinition  *definition);
const SanheOaForm  *sanhe_oa_definition_get_form      (const SanheOaDefinition  *definition);
guint               sanhe_oa_definition_get_n_nodes   (const SanheOaDefinition  *definition);
const SanheOaNode  *sanhe_oa_definition_get_node      (const SanheOaDefinition  *definition,
                                                       guint                     index);
/* Returns: the node's index, or -1. */
gint                sanhe_oa_definition_find_node     (const SanheOaDefinition  *definition,
                                                       const char               *id);
guint               sanhe_oa_definition_get_n_edges   (const SanheOaDefinition  *definition);
const SanheOaEdge  *sanhe_oa_definition_get_edge      (const SanheOaDefinition  *definition,
                                                       guint                     index);
guint               sanhe_oa_definition_get_start     (const SanheOaDefinition  *definition);

const char         *sanhe_oa_node_type_to_string      (SanheOaNodeType           type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaDefinition, sanhe_oa_definition_unref)

G_END_DECLS
