/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "sanhe-db.h"
#include "sanhe-router.h"

G_BEGIN_DECLS

/* The OA module: processes, requests, tasks and standing rules. */
void     sanhe_oa_register     (SanheRouter  *router);

/*
 * Fires the approval timers that are due, inside the caller's transaction;
 * a scheduler calls it periodically from a worker (claims use FOR UPDATE
 * SKIP LOCKED, so concurrent sweeps never fire one timer twice).
 */
gboolean sanhe_oa_timers_sweep (PGconn       *conn,
                                guint        *out_fired,
                                GError      **error);

/*
 * The server's timer scheduler: every @interval_seconds, a sweep on a
 * worker thread with a connection of @pool. Create it after the main
 * context exists; free it before the pool.
 */
typedef struct _SanheOaScheduler SanheOaScheduler;

SanheOaScheduler *sanhe_oa_scheduler_new       (SanheDbPool      *pool,
                                                guint             interval_seconds);
guint             sanhe_oa_scheduler_get_fired (SanheOaScheduler *self);
void              sanhe_oa_scheduler_free      (SanheOaScheduler *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaScheduler, sanhe_oa_scheduler_free)

G_END_DECLS
