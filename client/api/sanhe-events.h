/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANHE_TYPE_EVENTS (sanhe_events_get_type ())

G_DECLARE_FINAL_TYPE (SanheEvents, sanhe_events, SANHE, EVENTS, GObject)

SanheEvents *sanhe_events_new           (void);
void         sanhe_events_start         (SanheEvents *self,
                                         const char  *base_url,
                                         const char  *token);
void         sanhe_events_stop          (SanheEvents *self);
gboolean     sanhe_events_get_connected (SanheEvents *self);
void         sanhe_events_watch         (SanheEvents *self,
                                         const char  *topic);
void         sanhe_events_unwatch       (SanheEvents *self,
                                         const char  *topic);
gboolean     sanhe_event_has_id         (JsonNode    *event,
                                         gint64       id);

G_END_DECLS
