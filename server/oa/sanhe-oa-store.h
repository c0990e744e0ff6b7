/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-oa.h"
#include "sanhe-request.h"
#include "sanhe-router.h"

G_BEGIN_DECLS

/*
 * The persistence of the OA engine: process versions, requests, tasks and
 * history in the oa schema. Everything runs inside the route's transaction;
 * a request is always locked (FOR UPDATE) before its tasks.
 */
#define SANHE_OA_PERMISSION_SUBMIT       "oa.requests.submit"
#define SANHE_OA_PERMISSION_MANAGE       "oa.processes.manage"

#define SANHE_OA_CODE_PROCESS_NOT_FOUND  "oa.process.not_found"
#define SANHE_OA_CODE_REQUEST_NOT_FOUND  "oa.request.not_found"
#define SANHE_OA_CODE_RULE_NOT_FOUND     "oa.rule.not_found"
#define SANHE_OA_CODE_URGED_RECENTLY     "oa.request.urged_recently"
#define SANHE_OA_CODE_NOT_APPLICANT      "oa.request.not_applicant"
#define SANHE_OA_CODE_NOT_ASSIGNEE       "oa.task.not_assignee"

/* The module effects action nodes may name. */
extern const char * const _sanhe_oa_effects[];

/* Everything a step function needs for one request. */
typedef struct
{
  SanheOaDefinition *definition;
  char              *process_key;
  gint               version;
  gint64             request_id;  /* 0 before the request row exists */
  gint64             applicant;
  SanheOaDirectory  *directory;
  SanheOaRules      *rules;
  SanheOaValues     *values;
  GStrv              roles;
  SanheOaContext     context;
  GDateTime         *now;
  SanheOaRouteEnv    env;
  SanheOaState      *state;       /* NULL before the start */
  char              *status;      /* the stored request state */
  char              *summary;     /* for events */
  char              *subject_type;  /* the record it is about, or NULL */
  gint64             subject_id;
} SanheOaRun;

void               _sanhe_oa_run_free             (SanheOaRun    *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaRun, _sanhe_oa_run_free)

/* Compiles version @version (0: the newest) of process @key. */
SanheOaDefinition *_sanhe_oa_store_load_definition (PGconn        *conn,
                                                    const char    *key,
                                                    gint           version,
                                                    gint          *out_version,
                                                    GError       **error);

/* A run for a new request of @applicant with @form (validated: 422). */
SanheOaRun        *_sanhe_oa_run_new              (PGconn        *conn,
                                                   const char    *key,
                                                   gint64         applicant,
                                                   JsonNode      *form,
                                                   GError       **error);
/* Locks request @id and loads its run (404 oa.request.not_found). */
SanheOaRun        *_sanhe_oa_run_load             (PGconn        *conn,
                                                   gint64         id,
                                                   GError       **error);
/* Validates @form anew (resubmit). */
gboolean           _sanhe_oa_run_set_form         (SanheOaRun    *run,
                                                   JsonNode      *form,
                                                   GError       **error);
/*
 * Applies @step: task rows, history of the decisions it reports (by @actor
 * with @comment), effects, events; stores the new state and status.
 */
gboolean           _sanhe_oa_run_apply            (SanheOaRun    *run,
                                                   PGconn        *conn,
                                                   SanheOaStep   *step,
                                                   gint64         actor,
                                                   const char    *comment,
                                                   GError       **error);

/* Runs module effect @effect for the request (422 oa.effect.failed). */
gboolean           _sanhe_oa_run_effect           (SanheOaRun    *run,
                                                   PGconn        *conn,
                                                   const char    *effect,
                                                   GError       **error);

gboolean           _sanhe_oa_history_add          (PGconn        *conn,
                                                   gint64         request,
                                                   gint64         task,
                                                   const char    *node,
                                                   gint64         actor,
                                                   gint64         on_behalf_of,
                                                   gint64         rule,
                                                   const char    *action,
                                                   const char    *comment,
                                                   GError       **error);

/*
 * Sends an OA event to @to only: {"type","ids":[ID],"task"?,"request",
 * "process","summary"} where ID is @task, or @request when @task is 0.
 * The summary is language-neutral (applicant · amount): a client puts
 * the process's name before it in its user's language.
 */
gboolean           _sanhe_oa_notify               (PGconn        *conn,
                                                   const char    *type,
                                                   gint64         task,
                                                   gint64         request,
                                                   const char    *process,
                                                   const char    *summary,
                                                   const gint64  *to,
                                                   guint          n_to,
                                                   GError       **error);

/* The request's API document, with its history when @with_history. */
JsonNode          *_sanhe_oa_request_doc          (PGconn        *conn,
                                                   gint64         id,
                                                   gboolean       with_history,
                                                   GError       **error);

gboolean           _sanhe_oa_notify_subject       (PGconn        *conn,
                                                   gint64         request,
                                                   const char    *subject_type,
                                                   gint64         subject_id,
                                                   GError       **error);
/* The subject types whose approvals @request's user may see, as text[]. */
char              *_sanhe_oa_readable_subjects    (SanheRequest  *request);

/* Registration of each route file. */
void _sanhe_oa_process_routes_register (SanheRouter *router);
void _sanhe_oa_request_routes_register (SanheRouter *router);
void _sanhe_oa_task_routes_register    (SanheRouter *router);
void _sanhe_oa_rule_routes_register    (SanheRouter *router);
void _sanhe_oa_timer_routes_register   (SanheRouter *router);

G_END_DECLS
