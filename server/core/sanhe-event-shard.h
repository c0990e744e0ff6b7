/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

/*
 * One shard of the event sockets: a thread, its GMainContext, the sockets
 * of some users (the hub picks the shard by user id) and the topics they
 * watch. GLib prepares, checks and polls every source of a context each
 * time its loop wakes, so a thousand idle sockets on one context made each
 * event cost a thousand polls; spread over shards, an event wakes only the
 * shard of the user it is for. Private to sanhe-events.c.
 */
typedef struct _SanheEventShard SanheEventShard;

SanheEventShard *sanhe_event_shard_new          (guint                    index);
GMainContext    *sanhe_event_shard_get_context  (SanheEventShard         *shard);
/* On the shard's thread: a new socket of @session's user. */
void             sanhe_event_shard_add          (SanheEventShard         *shard,
                                                 SoupWebsocketConnection *connection,
                                                 const SanheSession      *session);

/* From any thread; the shard does it on its own, in the order asked. */
void             sanhe_event_shard_send         (SanheEventShard         *shard,
                                                 const char              *outgoing,
                                                 GArray                  *users);
void             sanhe_event_shard_close_users  (SanheEventShard         *shard,
                                                 GArray                  *users,
                                                 const char              *session_hash,
                                                 gushort                  code,
                                                 const char              *reason);
/* Whether any socket of the shard watches a topic (cheap, any thread). */
gboolean         sanhe_event_shard_has_watchers (SanheEventShard         *shard);
void             sanhe_event_shard_send_topic   (SanheEventShard         *shard,
                                                 const char              *topic,
                                                 const char              *permission,
                                                 const char              *outgoing);
/* Closes every socket with 1001 "going away". */
void             sanhe_event_shard_close_all    (SanheEventShard         *shard);

/* Stops taking sockets and closes them; sanhe_event_shard_free() then
 * waits until each has finished its closing handshake. */
void             sanhe_event_shard_stop         (SanheEventShard         *shard);
void             sanhe_event_shard_free         (SanheEventShard         *shard);

G_END_DECLS
