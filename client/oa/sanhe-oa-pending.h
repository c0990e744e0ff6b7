/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_OA_PENDING (sanhe_oa_pending_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaPending, sanhe_oa_pending, SANHE, OA_PENDING, GObject)

SanheOaPending *sanhe_oa_pending_new          (SanheApi       *api);
void            sanhe_oa_pending_start        (SanheOaPending *self);
void            sanhe_oa_pending_stop         (SanheOaPending *self);
void            sanhe_oa_pending_refresh      (SanheOaPending *self);
void            sanhe_oa_pending_handle_event (SanheOaPending *self,
                                               const char     *type,
                                               JsonNode       *event);
gboolean        sanhe_oa_pending_get_loaded   (SanheOaPending *self);
guint           sanhe_oa_pending_get_count    (SanheOaPending *self);
guint           sanhe_oa_pending_get_unseen   (SanheOaPending *self);
void            sanhe_oa_pending_mark_seen    (SanheOaPending *self);

G_END_DECLS
