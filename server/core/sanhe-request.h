/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sanhe-json.h"
#include "sanhe-route.h"

G_BEGIN_DECLS

typedef struct _SanheConfig SanheConfig;

/* Server-wide settings that route functions may read (never write). */
struct _SanheConfig
{
  guint64  max_body_bytes;
  gint64   session_ttl_seconds;
  guint    login_max_failures;
  gint64   login_window_seconds;
  guint    db_pool_size;
  guint    db_acquire_timeout_ms;
};

/* The signed-in user of a request, loaded with the session. */
typedef struct
{
  gint64  user_id;
  char   *login;
  char   *token_hash;
  gint64  expires_at;   /* unix time */
  GStrv   permissions;  /* sorted */
} SanheSession;

const char         *sanhe_request_get_method      (SanheRequest  *request);
const char         *sanhe_request_get_path        (SanheRequest  *request);
const char         *sanhe_request_get_id          (SanheRequest  *request);
const char         *sanhe_request_get_param       (SanheRequest  *request,
                                                   const char    *name);
gboolean            sanhe_request_get_id_param    (SanheRequest  *request,
                                                   const char    *name,
                                                   const char    *not_found_code,
                                                   gint64        *out_id,
                                                   GError       **error);
const char         *sanhe_request_get_query       (SanheRequest  *request,
                                                   const char    *name);
gboolean            sanhe_request_has_body        (SanheRequest  *request);
JsonNode           *sanhe_request_get_body        (SanheRequest  *request,
                                                   GError       **error);
SanheFields        *sanhe_request_get_fields      (SanheRequest  *request,
                                                   const char * const *allowed,
                                                   GError       **error);
const char         *sanhe_request_get_bearer      (SanheRequest  *request);
const SanheSession *sanhe_request_get_session     (SanheRequest  *request);
gint64              sanhe_request_get_user_id     (SanheRequest  *request);
gboolean            sanhe_request_has_permission  (SanheRequest  *request,
                                                   const char    *permission);
const SanheConfig  *sanhe_request_get_config      (SanheRequest  *request);
void                sanhe_request_set_status      (SanheRequest  *request,
                                                   guint          status);
void                sanhe_request_fail_after_commit (SanheRequest *request,
                                                   GError        *error);
void                sanhe_request_set_session     (SanheRequest  *request,
                                                   SanheSession  *session);

void                sanhe_session_free            (SanheSession  *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheSession, sanhe_session_free)

G_END_DECLS
