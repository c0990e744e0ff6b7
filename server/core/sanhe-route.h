/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct _SanheRequest SanheRequest;

/*
 * A route function runs on a worker thread inside one database transaction.
 * It returns the response body, or NULL with @error set. NULL without an
 * error means "no content" (204). It never touches the HTTP message.
 */
typedef JsonNode *(*SanheRouteFunc) (SanheRequest  *request,
                                     PGconn        *conn,
                                     GError       **error);

typedef enum
{
  SANHE_ROUTE_DEFAULT   = 0,
  SANHE_ROUTE_PUBLIC    = 1 << 0,  /* no session needed */
  SANHE_ROUTE_WEBSOCKET = 1 << 1,  /* authenticates a WebSocket handshake */
  SANHE_ROUTE_NO_DB     = 1 << 2,  /* answers without a database connection */
} SanheRouteFlags;

typedef struct
{
  const char      *method;      /* "GET", "POST", … (SOUP_METHOD_* are not constants) */
  const char      *pattern;     /* "/api/v1/users/{id}" */
  SanheRouteFunc   func;
  const char      *permission;  /* NULL: any signed-in user */
  SanheRouteFlags  flags;
} SanheRoute;

G_END_DECLS
