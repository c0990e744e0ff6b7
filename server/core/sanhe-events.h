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

gboolean       sanhe_events_notify_session_revoked (PGconn     *conn,
                                                    gint64      user_id,
                                                    const char *token_hash,
                                                    GError    **error);

SanheEventHub *sanhe_event_hub_new     (const char     *conninfo,
                                        GError        **error);
void           sanhe_event_hub_free    (SanheEventHub  *hub);
void           sanhe_event_hub_add     (SoupWebsocketConnection *connection,
                                        const SanheSession      *session,
                                        gpointer                 hub);
guint          sanhe_event_hub_count   (SanheEventHub  *hub);
void           sanhe_event_hub_close_all (SanheEventHub *hub);

G_END_DECLS
