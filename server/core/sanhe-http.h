/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sanhe-db.h"
#include "sanhe-request.h"
#include "sanhe-router.h"

G_BEGIN_DECLS

typedef struct _SanheHttp SanheHttp;

/* Loads the session named by the request's bearer token, in the request's
 * transaction; fails with 401 auth.invalid_token. */
typedef gboolean (*SanheAuthenticateFunc) (SanheRequest  *request,
                                           PGconn        *conn,
                                           GError       **error);

/* The context (transfer none) whose thread will own @session's socket. */
typedef GMainContext *(*SanheWebsocketContextFunc) (const SanheSession *session,
                                                    gpointer            user_data);

/* Called with an accepted, authenticated WebSocket on the thread of the
 * context the SanheWebsocketContextFunc chose for its session. */
typedef void (*SanheWebsocketFunc) (SoupWebsocketConnection *connection,
                                    const SanheSession      *session,
                                    gpointer                 user_data);

SanheHttp *sanhe_http_new               (SanheRouter           *router,
                                         SanheDbPool           *pool,
                                         const SanheConfig     *config);
void       sanhe_http_free              (SanheHttp             *http);
void       sanhe_http_set_authenticator (SanheHttp             *http,
                                         SanheAuthenticateFunc  func);
void       sanhe_http_set_websocket_handler (SanheHttp          *http,
                                         SanheWebsocketContextFunc context_for,
                                         SanheWebsocketFunc     func,
                                         gpointer               user_data);
gboolean   sanhe_http_listen            (SanheHttp             *http,
                                         const char            *address,
                                         char                 **out_url,
                                         GError               **error);
void       sanhe_http_drain_async       (SanheHttp             *http,
                                         guint                  timeout_ms,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
void       sanhe_http_drain_finish      (SanheHttp             *http,
                                         GAsyncResult          *result);
void       sanhe_http_disconnect        (SanheHttp             *http);

G_END_DECLS
