/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-test-server.h"

G_BEGIN_DECLS

/* One demo server per test program; the demo people signed in. */
typedef struct
{
  SanheTestServer *server;
  char            *admin;
  char            *joe;
  char            *ben;
  char            *anna;
  char            *boss;
  char            *fanny;
  char            *lucas;
  gint64           joe_id;
  gint64           ben_id;
  gint64           anna_id;
  gint64           boss_id;
  gint64           fanny_id;
  gint64           lucas_id;
} OaWorld;

extern OaWorld oa;

void        oa_test_init       (int          *argc,
                                char       ***argv);
void        oa_world_start     (void);
void        oa_world_stop      (void);

gint64      oa_sql_int         (const char   *sql_format,
                                ...) G_GNUC_PRINTF (1, 2);
char       *oa_sql_text        (const char   *sql_format,
                                ...) G_GNUC_PRINTF (1, 2);
/* POST /api/v1/oa/requests; asserts 201; returns the request id. */
gint64      oa_submit          (const char   *token,
                                const char   *process,
                                const char   *form);
/* The caller's pending task of @request, or 0. */
gint64      oa_task_of         (const char   *token,
                                gint64        request);
SanheTestResponse *oa_act      (const char   *token,
                                gint64        task,
                                const char   *verb,
                                const char   *body);
/* Finds @token's task of @request and approves it; asserts 200. */
void        oa_approve         (const char   *token,
                                gint64        request);
/* GET /api/v1/oa/requests/{id} as the admin. */
JsonObject *oa_request         (gint64        request,
                                SanheTestResponse **keep);
const char *oa_state           (gint64        request);
/* Number of history rows of @request with @action. */
gint64      oa_history_count   (gint64        request,
                                const char   *action);
/* Asserts the next event is @type about @id. */
void        oa_assert_event    (SanheTestEvents *events,
                                const char      *type,
                                gint64           id);
void        oa_assert_quiet    (SanheTestEvents *events,
                                const char      *who);

/* The database's data, to compare before and after a refused call. */
char       *oa_dump_begin      (void);
void        oa_assert_dump_unchanged (const char *before);

/* Saves process @key: the applicant's manager approves, with a one-hour
 * timer doing @on_timeout. */
void        oa_save_timed      (const char   *key,
                                const char   *on_timeout);
/* Moves every timer of @request into the past, in the rows and the state. */
void        oa_make_due        (gint64        request);

G_END_DECLS
