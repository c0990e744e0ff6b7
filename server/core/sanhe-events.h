/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

#define SANHE_EVENTS_CHANNEL "sanhe_events"

/* Internal event: close the sockets of the addressed users (logout, deactivation). */
#define SANHE_EVENT_SESSIONS_REVOKED "core.sessions.revoked"
/* Internal event: close the sockets opened with one session (logout). */
#define SANHE_EVENT_SESSION_REVOKED  "core.session.revoked"

typedef struct _SanheEventHub SanheEventHub;

gboolean       sanhe_events_notify     (PGconn         *conn,
                                        const char     *type,
                                        gint64          id,
                                        const gint64   *to,
                                        guint           n_to,
                                        GError        **error);

gboolean       sanhe_events_notify_topic (PGconn        *conn,
                                          const char    *type,
                                          const char    *topic,
                                          const char    *permission,
                                          JsonObject    *members,
                                          GError       **error);

gboolean       sanhe_events_notify_session_revoked (PGconn     *conn,
                                                    gint64      user_id,
                                                    const char *token_hash,
                                                    GError    **error);

/* The hub runs its own threads (a listener and the sockets' shards); free
 * stops them once every socket has closed. */
SanheEventHub *sanhe_event_hub_new     (const char     *conninfo,
                                        GError        **error);
void           sanhe_event_hub_free    (SanheEventHub  *hub);
/* A SanheWebsocketContextFunc and a SanheWebsocketFunc, for
 * sanhe_http_set_websocket_handler() with the hub as their data: the
 * context whose thread a session's socket lives on, and the call there
 * that hands the socket to the hub. */
GMainContext  *sanhe_event_hub_context_for (const SanheSession      *session,
                                            gpointer                 hub);
void           sanhe_event_hub_add     (SoupWebsocketConnection *connection,
                                        const SanheSession      *session,
                                        gpointer                 hub);
/* From any thread: closes every socket with 1001 "going away". */
void           sanhe_event_hub_close_all (SanheEventHub *hub);

G_END_DECLS
