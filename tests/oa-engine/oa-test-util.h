/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-oa-definition.h"
#include "sanhe-oa-directory.h"
#include "sanhe-oa-route.h"

G_BEGIN_DECLS

/* Helpers shared by the OA engine tests. JSON is written in tests with
 * single quotes for readability; oa_json() turns them into double quotes. */
JsonNode          *oa_json              (const char         *text);
SanheOaDefinition *oa_definition        (const char         *text);
/* The error of compiling @text; asserts it fails with oa.process.invalid. */
GError            *oa_definition_error  (const char         *text);
/* Whether the problems of @error hold one with @kind = @name (a string
 * locator) or @kind = @index (when @name is NULL), and @code. */
gboolean           oa_has_problem       (const GError       *error,
                                         const char         *kind,
                                         const char         *name,
                                         gint                index,
                                         const char         *code);
guint              oa_n_problems        (const GError       *error);
/* The per-field code of a validation.failed error, or NULL. */
const char        *oa_field_code        (const GError       *error,
                                         const char         *field);

/* The demo company: 1 boss (General Management, dept 1, head), 2 ben
 * (Sales, dept 2, head, manager boss), 3 joe (Sales, manager ben), 4 anna
 * (Finance, dept 3, head, manager boss), 5 fanny (HR, dept 4, head, manager
 * boss), 6 lucas (Production, dept 5, head, manager boss). Roles: finance
 * {4}, hr {5}, manager {1, 2, 6}. */
enum { BOSS = 1, BEN, JOE, ANNA, FANNY, LUCAS };
SanheOaDirectory  *oa_demo_directory    (void);

/* 2026-05-04 09:00 +08:00 plus @hours. */
GDateTime         *oa_clock             (gint                hours);

/* A compact text of a step's items, one per line, such as
 * "created 1 mgr user=2 holder=2". */
char              *oa_describe_step     (const SanheOaStep  *step);

G_END_DECLS
