/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Who watches what. Besides the events addressed to named users, a client
 * may watch topics — "erp.sales_order:12", the record on its screen — and
 * hear the events about them, when it may read such records. The client
 * says so on its event socket:
 *
 *   → {"type":"watch","topics":["erp.sales_order:12"]}   (replaces the set;
 *                                                          [] watches nothing)
 *   ← {"type":"events.watching","topics":[…]}             (done)
 *   ← {"type":"events.error","error":{"code","message"}}  (refused; the
 *                                                          previous set stays)
 *
 * This index is plain data: no sockets, no threads (the hub owns it on its
 * thread); a watcher is any pointer.
 */

#define SANHE_EVENT_TOPICS_MAX      50   /* per watcher */
#define SANHE_EVENT_TOPIC_MAX_CHARS 128

typedef struct _SanheEventTopics SanheEventTopics;

SanheEventTopics *sanhe_event_topics_new    (void);
void              sanhe_event_topics_free   (SanheEventTopics   *self);
/* Replaces what @watcher watches with @topics (NULL or empty: nothing). */
void              sanhe_event_topics_set    (SanheEventTopics   *self,
                                             gpointer            watcher,
                                             const char * const *topics);
void              sanhe_event_topics_forget (SanheEventTopics   *self,
                                             gpointer            watcher);
/* Returns: (transfer none) (nullable): the watchers of @topic. */
GPtrArray        *sanhe_event_topics_lookup (SanheEventTopics   *self,
                                             const char         *topic);
guint             sanhe_event_topics_count  (SanheEventTopics   *self);

/* Reads a client's message. Returns: (transfer full): the topics, without
 * repeats, or NULL with @error (request.malformed_json, validation.failed). */
GStrv             sanhe_event_topics_parse_watch (const char  *text,
                                                  gsize        length,
                                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheEventTopics, sanhe_event_topics_free)

G_END_DECLS
