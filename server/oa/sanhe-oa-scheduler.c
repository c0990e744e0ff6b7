/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-scheduler"

#include "config.h"

#include "sanhe-db.h"
#include "sanhe-oa-module.h"

/*
 * The timer scheduler of one server: a GLib timeout on the main context
 * hands a sweep to a worker thread of its own (never the HTTP workers'),
 * which takes a pooled connection and runs sanhe_oa_timers_sweep() in one
 * transaction. A tick while a sweep still runs is skipped. Several servers
 * may run one each: the sweep's SKIP LOCKED claims keep them apart.
 */
struct _SanheOaScheduler
{
  SanheDbPool *pool;
  GThreadPool *worker;
  guint        source_id;
  gint         busy;
  guint        fired;   /* atomic: timers fired since start */
};

#define ACQUIRE_TIMEOUT_MS 5000

static gboolean
sweep_tx (PGconn    *conn,
          gpointer   user_data,
          GError   **error)
{
  return sanhe_oa_timers_sweep (conn, user_data, error);
}

static void
sweep (gpointer data,
       gpointer user_data)
{
  SanheOaScheduler *self = user_data;
  g_autoptr(GError) error = NULL;
  PGconn *conn;
  guint fired = 0;

  conn = sanhe_db_pool_acquire (self->pool, ACQUIRE_TIMEOUT_MS, &error);
  if (conn != NULL)
    {
      if (sanhe_db_transaction (conn, sweep_tx, &fired, &error))
        g_atomic_int_add (&self->fired, fired);
      sanhe_db_pool_release (self->pool, conn);
    }
  if (error != NULL)
    g_warning ("Approval timers: %s", error->message);
  else if (fired > 0)
    g_debug ("Fired %u approval timers.", fired);
  g_atomic_int_set (&self->busy, 0);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  SanheOaScheduler *self = user_data;

  if (g_atomic_int_compare_and_exchange (&self->busy, 0, 1))
    g_thread_pool_push (self->worker, self, NULL);
  return G_SOURCE_CONTINUE;
}

SanheOaScheduler *
sanhe_oa_scheduler_new (SanheDbPool *pool,
                        guint        interval_seconds)
{
  SanheOaScheduler *self;

  g_return_val_if_fail (pool != NULL, NULL);
  g_return_val_if_fail (interval_seconds > 0, NULL);

  self = g_new0 (SanheOaScheduler, 1);
  self->pool = pool;
  self->worker = g_thread_pool_new (sweep, self, 1, TRUE, NULL);
  self->source_id = g_timeout_add_seconds (interval_seconds, on_tick_cb, self);
  return self;
}

guint
sanhe_oa_scheduler_get_fired (SanheOaScheduler *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (guint) g_atomic_int_get (&self->fired);
}

/* Stops ticking and waits for a running sweep. */
void
sanhe_oa_scheduler_free (SanheOaScheduler *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_free (self);
}
