/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

gboolean sanhe_audit_record (PGconn        *conn,
                             SanheRequest  *request,
                             const char    *action,
                             const char    *entity,
                             const char    *entity_id,
                             JsonNode      *before,
                             JsonNode      *after,
                             GError       **error);

G_END_DECLS
