/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The words of a process definition, for the designer and its drawing:
 * the closed lists of the format (node types, assignee rules, modes…)
 * with their names in the user's language, and descriptions of an
 * assignee, a condition and a validation problem.
 */
typedef enum
{
  SANHE_OA_CHOICES_NODE_TYPE,
  SANHE_OA_CHOICES_ASSIGNEE_RULE,
  SANHE_OA_CHOICES_MODE,
  SANHE_OA_CHOICES_ON_TIMEOUT,
  SANHE_OA_CHOICES_EFFECT,
  SANHE_OA_CHOICES_FIELD_TYPE,
  SANHE_OA_CHOICES_OPERATOR,
} SanheOaChoices;

/* What a description may name besides the definition itself; each table
 * may be NULL. */
typedef struct
{
  JsonObject *definition;  /* its form labels the fields */
  GHashTable *users;       /* "12" → "Wang Jianguo" */
  GHashTable *roles;       /* "finance" → "Finance" */
} SanheOaNames;

guint        sanhe_oa_choices_count   (SanheOaChoices      list);
const char  *sanhe_oa_choice_value    (SanheOaChoices      list,
                                       guint               index);
const char  *sanhe_oa_choice_text     (SanheOaChoices      list,
                                       guint               index);
guint        sanhe_oa_choice_find     (SanheOaChoices      list,
                                       const char         *value);
const char  *sanhe_oa_choice_label    (SanheOaChoices      list,
                                       const char         *value);

JsonObject  *sanhe_oa_definition_field (JsonObject        *definition,
                                        const char        *name);
const char  *sanhe_oa_node_title      (JsonObject         *node);
char        *sanhe_oa_node_label      (JsonObject         *node);
char        *sanhe_oa_describe_assignee (const SanheOaNames *names,
                                         JsonObject         *node);
char        *sanhe_oa_describe_condition (const SanheOaNames *names,
                                          JsonNode           *when);
char        *sanhe_oa_describe_place  (const SanheOaNames *names,
                                       JsonObject         *problem);
const char  *sanhe_oa_problem_text    (JsonObject         *problem);

G_END_DECLS
