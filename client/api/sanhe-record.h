/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANHE_TYPE_RECORD (sanhe_record_get_type ())

G_DECLARE_FINAL_TYPE (SanheRecord, sanhe_record, SANHE, RECORD, GObject)

SanheRecord *sanhe_record_new              (JsonObject  *object);
SanheRecord *sanhe_record_new_from_node    (JsonNode    *node);
JsonObject  *sanhe_record_get_object       (SanheRecord *self);
gint64       sanhe_record_get_id           (SanheRecord *self);
gint64       sanhe_record_get_version      (SanheRecord *self);
const char  *sanhe_record_get_string       (SanheRecord *self,
                                            const char  *path);
gint64       sanhe_record_get_int          (SanheRecord *self,
                                            const char  *path);
gboolean     sanhe_record_get_boolean      (SanheRecord *self,
                                            const char  *path,
                                            gboolean     default_value);
JsonNode    *sanhe_record_get_node         (SanheRecord *self,
                                            const char  *path);
GStrv        sanhe_record_dup_strv         (SanheRecord *self,
                                            const char  *path);
gboolean     sanhe_record_strv_contains    (SanheRecord *self,
                                            const char  *path,
                                            const char  *value);
char        *sanhe_record_dup_key          (SanheRecord *self,
                                            const char  *key_member);
GPtrArray   *sanhe_records_from_array      (JsonArray   *array);

G_END_DECLS
