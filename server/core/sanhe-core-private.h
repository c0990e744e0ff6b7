/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-router.h"

G_BEGIN_DECLS

/* Each resource file of the core module exports its route table. */
void _sanhe_core_sessions_register    (SanheRouter *router);
void _sanhe_core_users_register       (SanheRouter *router);
void _sanhe_core_departments_register (SanheRouter *router);
void _sanhe_core_roles_register       (SanheRouter *router);
void _sanhe_core_audit_register       (SanheRouter *router);
void _sanhe_core_directory_register   (SanheRouter *router);

/* Shared by users and sessions: the API shape of one user, or NULL. */
JsonNode *_sanhe_core_user_doc (PGconn  *conn,
                                gint64   user_id,
                                gboolean for_update,
                                GError **error);

G_END_DECLS
