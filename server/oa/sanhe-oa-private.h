/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-json.h"
#include "sanhe-oa-condition.h"
#include "sanhe-oa-definition.h"
#include "sanhe-oa-form.h"

G_BEGIN_DECLS

/* Limits that keep a definition's compile time and a request's state small. */
#define SANHE_OA_MAX_FIELDS          200
#define SANHE_OA_MAX_NODES           500
#define SANHE_OA_MAX_EDGES           1000
#define SANHE_OA_MAX_CONDITION_DEPTH 32

/*
 * Where a problem is: one locator member, "node"/"field"/"member" with a
 * string, or "edge"/"member" with an index. A problem is the locator plus
 * "at" (inside a condition), "code" and "message".
 */
typedef struct
{
  JsonArray  *problems;
  const char *kind;   /* "node", "edge", "field", "member" */
  const char *name;   /* string locator, or NULL to use @index */
  gint        index;
} SanheOaWhere;

void      _sanhe_oa_report         (const SanheOaWhere  *where,
                                    const char          *at,
                                    const char          *code,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (4, 5);
void      _sanhe_oa_report_at      (JsonArray           *problems,
                                    const char          *kind,
                                    const char          *name,
                                    const char          *code,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (5, 6);
void      _sanhe_oa_report_index   (JsonArray           *problems,
                                    const char          *kind,
                                    gint                 index,
                                    const char          *code,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (5, 6);
/* Sets a 422 @code error with {"problems":@problems} when there are any. */
gboolean  _sanhe_oa_check_problems (JsonArray           *problems,
                                    const char          *code,
                                    const char          *message,
                                    GError             **error);

/* Checks an object's optional "translations": {"zh_CN": "…", "es": "…"}. */
void      _sanhe_oa_check_translations (JsonObject         *object,
                                        const SanheOaWhere *where);

/* Compiles the fields it can, reporting the others into @problems. */
SanheOaForm      *_sanhe_oa_form_compile      (JsonNode           *fields,
                                               JsonArray          *problems);

/* Returns NULL after reporting at least one problem at @where. */
SanheOaCondition *_sanhe_oa_condition_compile (JsonNode           *tree,
                                               const SanheOaForm  *form,
                                               const SanheOaWhere *where,
                                               const char         *at);

/* Reads a decimal given as a string or a JSON integer, with ≤ @max_places. */
gboolean          _sanhe_oa_json_decimal      (JsonNode           *node,
                                               guint               max_places,
                                               SanheDecimal       *out);
/* A positive JSON integer. */
gboolean          _sanhe_oa_json_id           (JsonNode           *node,
                                               gint64             *out);

struct _SanheOaDefinition
{
  gatomicrefcount  ref_count;
  char            *key;
  char            *name;
  SanheOaForm     *form;
  SanheOaNode     *nodes;
  guint            n_nodes;
  SanheOaEdge     *edges;
  guint            n_edges;
  guint            start;
  GHashTable      *by_id;   /* node id → index + 1 */
  guint8          *edge_ok; /* while compiling: the edge names two nodes */
};

/* Reads the settings of @node's type (sanhe-oa-node.c). */
void              _sanhe_oa_node_compile_settings (SanheOaNode        *node,
                                                   JsonObject         *object,
                                                   const SanheOaForm  *form,
                                                   const char * const *known_effects,
                                                   JsonArray          *problems);

/* Graph checks over a definition whose nodes and edges parsed; fills the
 * nodes' "match" members for parallel blocks. */
void              _sanhe_oa_graph_check       (SanheOaDefinition  *definition,
                                               JsonArray          *problems);

G_END_DECLS
