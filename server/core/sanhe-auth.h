/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

gboolean sanhe_auth_init              (GError       **error);
char    *sanhe_auth_hash_password     (const char    *password,
                                       GError       **error);
gboolean sanhe_auth_verify_password   (const char    *hash,
                                       const char    *password);
void     sanhe_auth_burn_verify_time  (const char    *password);
char    *sanhe_auth_new_token         (void);
char    *sanhe_auth_hash_token        (const char    *token);
gboolean sanhe_auth_authenticate      (SanheRequest  *request,
                                       PGconn        *conn,
                                       GError       **error);
gboolean sanhe_auth_revoke_user_sessions (PGconn     *conn,
                                       gint64         user_id,
                                       GError       **error);
GStrv    sanhe_auth_load_permissions  (PGconn        *conn,
                                       gint64         user_id,
                                       GError       **error);

G_END_DECLS
