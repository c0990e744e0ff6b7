/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sanhe-request.h"

G_BEGIN_DECLS

/*
 * One request's context. The main thread fills the first block before the
 * work is queued; the worker fills the second; the main thread reads it back
 * to answer. Nothing here is shared by two threads at the same time.
 */
struct _SanheRequest
{
  /* Read-only in the worker. */
  SoupServerMessage *message;       /* main thread only */
  const SanheRoute  *route;
  const SanheConfig *config;
  char              *method;
  char              *path;
  char              *request_id;
  char              *bearer;
  char              *idempotency_key;  /* POST only */
  GHashTable        *params;
  GHashTable        *query;
  GBytes            *body_bytes;
  GCancellable      *cancellable;
  gint64             started_at;
  gboolean           message_finished;   /* main thread only */
  gpointer           server;             /* SanheHttp *, opaque here */

  /* Written by the worker. */
  JsonNode          *body;
  SanheSession      *session;
  guint              status;
  JsonNode          *response;
  GError            *error;
  GError            *after_commit_error;
};

SanheRequest *_sanhe_request_new  (SoupServerMessage *message,
                                   const SanheRoute  *route,
                                   GHashTable        *params,
                                   const SanheConfig *config);
void          _sanhe_request_free (SanheRequest      *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheRequest, _sanhe_request_free)

G_END_DECLS
