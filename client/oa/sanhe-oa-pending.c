/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-pending"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-oa-pending.h"
#include "sanhe-oa-text.h"
#include "sanhe-record.h"

/*
 * The approvals waiting for the signed-in user, owned by the application
 * so the tray, the sidebar badge and the notices agree whether or not the
 * inbox page exists.
 *
 * The server has no count, so a load pages through GET /api/v1/oa/tasks
 * ?state=pending at its largest page size and keeps the ids. Knowing the
 * ids (not just a number) makes arrivals exact: a task present now and
 * absent at the previous load is new, whether an oa.task.assigned event
 * said so or the event stream was down when it came. Loads run at sign-in,
 * shortly after oa.task.* events, when the event stream (re)connects, and
 * when the user decides in the inbox.
 *
 * Arrivals within BURST_DELAY_MS of the first are announced together by
 * one "arrived" signal, so a burst of tasks makes one notice. "unseen"
 * counts the arrivals since the user last looked (sanhe_oa_pending_mark_seen).
 */

#define PENDING_PATH     "/api/v1/oa/tasks?state=pending"
#define PAGE_LIMIT       500   /* the server's largest page */
#define REFRESH_DELAY_MS 150
#define BURST_DELAY_MS   1000

struct _SanheOaPending
{
  GObject       parent_instance;

  SanheApi     *api;
  GCancellable *cancellable;     /* of the running load; NULL when idle */
  GHashTable   *known;           /* task id → summary, at the last load */
  GHashTable   *loading;         /* the same, being filled page by page */
  GArray       *burst;           /* ids of arrivals not announced yet */
  gboolean      active;          /* signed in */
  gboolean      loaded;          /* a load finished since sign-in */
  gboolean      again;           /* asked for while a load was running */
  guint         refresh_source;
  guint         burst_source;
  guint         unseen;
};

G_DEFINE_FINAL_TYPE (SanheOaPending, sanhe_oa_pending, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_UNSEEN,
  PROP_LOADED,
  N_PROPS
};

enum {
  ARRIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load_page (SanheOaPending *self,
                       const char     *after);

static GHashTable *
task_table_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
announce_cb (gpointer user_data)
{
  SanheOaPending *self = user_data;
  const char *summary;
  gint64 newest = 0;
  guint n = 0;

  self->burst_source = 0;

  /* A task may have gone again (withdrawn, decided elsewhere) before its
   * notice: announce only those still waiting. */
  for (guint i = 0; i < self->burst->len; i++)
    {
      gint64 id = g_array_index (self->burst, gint64, i);

      if (g_hash_table_contains (self->known, &id))
        {
          n++;
          newest = MAX (newest, id);
        }
    }
  g_array_set_size (self->burst, 0);

  if (n == 0)
    return;
  summary = g_hash_table_lookup (self->known, &newest);
  g_debug ("%u task(s) arrived, newest %" G_GINT64_FORMAT, n, newest);
  g_signal_emit (self, signals[ARRIVED], 0, n, newest, summary);
}

/* Ids in @self->loading and not in @self->known join the burst. */
static guint
collect_arrivals (SanheOaPending *self)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->loading);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->known, key))
      {
        g_array_append_val (self->burst, *(gint64 *) key);
        n++;
      }

  return n;
}

static void
finish_load (SanheOaPending *self,
             gboolean        complete)
{
  guint before = g_hash_table_size (self->known);
  guint arrivals = 0;

  g_clear_object (&self->cancellable);

  if (complete)
    {
      /* The first load after sign-in is what was already there, not news. */
      if (self->loaded)
        arrivals = collect_arrivals (self);
      g_clear_pointer (&self->known, g_hash_table_unref);
      self->known = g_steal_pointer (&self->loading);
      self->loading = task_table_new ();

      g_object_freeze_notify (G_OBJECT (self));
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
      if (g_hash_table_size (self->known) != before)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
      if (arrivals > 0 || self->unseen > g_hash_table_size (self->known))
        {
          self->unseen = MIN (self->unseen + arrivals, g_hash_table_size (self->known));
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSEEN]);
        }
      g_object_thaw_notify (G_OBJECT (self));

      if (arrivals > 0 && self->burst_source == 0)
        self->burst_source = g_timeout_add_once (BURST_DELAY_MS, announce_cb, self);
    }
  else
    g_hash_table_remove_all (self->loading);

  if (self->again && self->active)
    {
      self->again = FALSE;
      load_page (self, NULL);
    }
}

/* "差旅报销 · Joe Zhang · 96.50 · Taxi": the process and the summary,
 * both in the user's language. */
static char *
announcement_text (SanheRecord *record)
{
  JsonObject *label = sanhe_json_object_get_object (sanhe_record_get_object (record), "process_label");
  const char *process = sanhe_oa_localized (label, "name", sanhe_record_get_string (record, "process"));
  g_autofree char *summary = sanhe_oa_summary_text (sanhe_record_get_object (record));

  if (process == NULL)
    return g_strdup (summary);
  if (summary == NULL || *summary == '\0')
    return g_strdup (process);
  /* Translators: an approval's title: process · summary (applicant · amount) */
  return g_strdup_printf (_("%s · %s"), process, summary);
}

static void
on_page_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SanheOaPending) self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;

  records = sanhe_api_list_page_finish (SANHE_API (source), result, &next, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (records == NULL)
    {
      /* Offline or not allowed: keep what we knew; the next event or
       * reconnection loads again. */
      g_debug ("Loading the pending tasks: %s", error->message);
      finish_load (self, FALSE);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      SanheRecord *record = g_ptr_array_index (records, i);
      gint64 id = sanhe_record_get_id (record);

      if (id > 0)
        g_hash_table_replace (self->loading, g_memdup2 (&id, sizeof id), announcement_text (record));
    }

  if (next != NULL && *next != '\0')
    load_page (self, next);
  else
    finish_load (self, TRUE);
}

static void
load_page (SanheOaPending *self,
           const char     *after)
{
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  sanhe_api_list_page_async (self->api, PENDING_PATH, after, PAGE_LIMIT, self->cancellable,
                             on_page_loaded_cb, g_object_ref (self));
}

static void
refresh_cb (gpointer user_data)
{
  SanheOaPending *self = user_data;

  self->refresh_source = 0;
  if (!self->active)
    return;
  if (self->cancellable != NULL)
    self->again = TRUE;
  else
    load_page (self, NULL);
}

static void
sanhe_oa_pending_dispose (GObject *object)
{
  SanheOaPending *self = SANHE_OA_PENDING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->burst_source, g_source_remove);
  g_clear_object (&self->api);

  G_OBJECT_CLASS (sanhe_oa_pending_parent_class)->dispose (object);
}

static void
sanhe_oa_pending_finalize (GObject *object)
{
  SanheOaPending *self = SANHE_OA_PENDING (object);

  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_pointer (&self->burst, g_array_unref);

  G_OBJECT_CLASS (sanhe_oa_pending_parent_class)->finalize (object);
}

static void
sanhe_oa_pending_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SanheOaPending *self = SANHE_OA_PENDING (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint (value, sanhe_oa_pending_get_count (self));
      break;
    case PROP_UNSEEN:
      g_value_set_uint (value, self->unseen);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_oa_pending_class_init (SanheOaPendingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_oa_pending_dispose;
  object_class->finalize = sanhe_oa_pending_finalize;
  object_class->get_property = sanhe_oa_pending_get_property;

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNSEEN] =
    g_param_spec_uint ("unseen", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SanheOaPending::arrived:
   * @n: how many tasks arrived in this burst
   * @task: the newest of them
   * @summary: (nullable): its request's summary
   */
  signals[ARRIVED] =
    g_signal_new ("arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_STRING);
}

static void
sanhe_oa_pending_init (SanheOaPending *self)
{
  self->known = task_table_new ();
  self->loading = task_table_new ();
  self->burst = g_array_new (FALSE, FALSE, sizeof (gint64));
}

SanheOaPending *
sanhe_oa_pending_new (SanheApi *api)
{
  SanheOaPending *self;

  g_return_val_if_fail (SANHE_IS_API (api), NULL);

  self = g_object_new (SANHE_TYPE_OA_PENDING, NULL);
  self->api = g_object_ref (api);

  return self;
}

/* After sign-in: loads what is waiting, without announcing it. */
void
sanhe_oa_pending_start (SanheOaPending *self)
{
  g_return_if_fail (SANHE_IS_OA_PENDING (self));

  sanhe_oa_pending_stop (self);
  self->active = TRUE;
  load_page (self, NULL);
}

/* After signing out: nothing is pending for nobody. */
void
sanhe_oa_pending_stop (SanheOaPending *self)
{
  guint before;

  g_return_if_fail (SANHE_IS_OA_PENDING (self));

  before = g_hash_table_size (self->known);
  self->active = FALSE;
  self->again = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->burst_source, g_source_remove);
  g_hash_table_remove_all (self->known);
  g_hash_table_remove_all (self->loading);
  g_array_set_size (self->burst, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (before > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  if (self->unseen > 0)
    {
      self->unseen = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSEEN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Loads again soon; several calls in a row make one load. */
void
sanhe_oa_pending_refresh (SanheOaPending *self)
{
  g_return_if_fail (SANHE_IS_OA_PENDING (self));

  if (self->active && self->refresh_source == 0)
    self->refresh_source = g_timeout_add_once (REFRESH_DELAY_MS, refresh_cb, self);
}

void
sanhe_oa_pending_handle_event (SanheOaPending *self,
                               const char     *type,
                               JsonNode       *event)
{
  g_return_if_fail (SANHE_IS_OA_PENDING (self));

  /* Assigned, cancelled (withdrawn, decided by another 或签 signer) and
   * the like change the inbox; an urge does not. */
  if (g_str_has_prefix (type, "oa.task.") && !g_str_equal (type, "oa.task.urged"))
    sanhe_oa_pending_refresh (self);
}

gboolean
sanhe_oa_pending_get_loaded (SanheOaPending *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PENDING (self), FALSE);

  return self->loaded;
}

guint
sanhe_oa_pending_get_count (SanheOaPending *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PENDING (self), 0);

  return g_hash_table_size (self->known);
}

guint
sanhe_oa_pending_get_unseen (SanheOaPending *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PENDING (self), 0);

  return self->unseen;
}

/* The user looked at the window: arrivals so far are no longer news. */
void
sanhe_oa_pending_mark_seen (SanheOaPending *self)
{
  g_return_if_fail (SANHE_IS_OA_PENDING (self));

  if (self->unseen == 0)
    return;
  self->unseen = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSEEN]);
}
