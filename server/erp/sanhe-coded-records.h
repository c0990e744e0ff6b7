/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

/* What tells one kind of coded record from another. */
typedef struct
{
  const char *table;      /* "erp.suppliers" */
  const char *entity;     /* audit entity, "erp.supplier" */
  const char *what;       /* in messages, "supplier" */
  const char *not_found;  /* "erp.supplier.not_found" */
} SanheCodedKind;

JsonNode *_sanhe_coded_list   (const SanheCodedKind  *kind,
                               SanheRequest          *request,
                               PGconn                *conn,
                               GError               **error);
JsonNode *_sanhe_coded_get    (const SanheCodedKind  *kind,
                               SanheRequest          *request,
                               PGconn                *conn,
                               GError               **error);
JsonNode *_sanhe_coded_create (const SanheCodedKind  *kind,
                               SanheRequest          *request,
                               PGconn                *conn,
                               GError               **error);
JsonNode *_sanhe_coded_update (const SanheCodedKind  *kind,
                               SanheRequest          *request,
                               PGconn                *conn,
                               GError               **error);

/* Defines the four route functions of a kind: list_NAME, get_NAME, … */
#define SANHE_CODED_ROUTES(name, kind)                                          \
  static JsonNode *list_##name (SanheRequest *r, PGconn *c, GError **e)         \
  { return _sanhe_coded_list (&(kind), r, c, e); }                              \
  static JsonNode *get_##name (SanheRequest *r, PGconn *c, GError **e)          \
  { return _sanhe_coded_get (&(kind), r, c, e); }                               \
  static JsonNode *create_##name (SanheRequest *r, PGconn *c, GError **e)       \
  { return _sanhe_coded_create (&(kind), r, c, e); }                            \
  static JsonNode *update_##name (SanheRequest *r, PGconn *c, GError **e)       \
  { return _sanhe_coded_update (&(kind), r, c, e); }

G_END_DECLS
