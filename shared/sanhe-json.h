/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sanhe-decimal.h"

G_BEGIN_DECLS

JsonNode *sanhe_json_parse     (const char  *data,
                                gssize       length,
                                GError     **error);
char     *sanhe_json_to_string (JsonNode    *node,
                                gboolean     pretty);
JsonNode *sanhe_json_node_new_object (void);
JsonNode *sanhe_json_object_get_path_node (JsonNode   *node,
                                           const char *member);

/*
 * Strict, forgiving accessors for JSON the program did not write itself (a
 * server's answer, a definition being edited): each returns the value only
 * when it has the type asked for, and NULL when it is missing, null or of
 * another type, where json_object_get_string_member() and its kind would
 * warn. A NULL object or array is read as empty. The results are owned by
 * the node they come from (transfer none).
 */
const char *sanhe_json_node_get_string    (JsonNode   *node);
const char *sanhe_json_object_get_string  (JsonObject *object,
                                           const char *member);
JsonObject *sanhe_json_object_get_object  (JsonObject *object,
                                           const char *member);
JsonArray  *sanhe_json_object_get_array   (JsonObject *object,
                                           const char *member);
JsonObject *sanhe_json_array_get_object   (JsonArray  *array,
                                           guint       index);

/*
 * SanheFields reads a JSON object body field by field and collects every
 * problem (unknown member, wrong type, missing, invalid) so one 422 names all
 * of them at once, as a form shows them next to each field.
 */
typedef struct _SanheFields SanheFields;

typedef enum
{
  SANHE_FIELD_OPTIONAL = 0,
  SANHE_FIELD_MANDATORY = 1 << 0,  /* must be present and not null */
  SANHE_FIELD_NULLABLE = 1 << 1,   /* null is a value (clears the field) */
} SanheFieldFlags;

SanheFields *sanhe_fields_new          (JsonNode           *body,
                                        const char * const *allowed,
                                        GError            **error);
void         sanhe_fields_free         (SanheFields        *fields);
gboolean     sanhe_fields_has          (SanheFields        *fields,
                                        const char         *name);
gboolean     sanhe_fields_is_null      (SanheFields        *fields,
                                        const char         *name);
const char  *sanhe_fields_get_string   (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags,
                                        guint               max_chars);
gint64       sanhe_fields_get_id       (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags);
gint64       sanhe_fields_get_int      (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags);
gboolean     sanhe_fields_get_boolean  (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags,
                                        gboolean            default_value);
gboolean     sanhe_fields_get_decimal  (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags,
                                        guint               max_places,
                                        SanheDecimal       *out);
const char  *sanhe_fields_get_date     (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags);
GStrv        sanhe_fields_get_strv     (SanheFields        *fields,
                                        const char         *name,
                                        SanheFieldFlags     flags);
void         sanhe_fields_reject       (SanheFields        *fields,
                                        const char         *name,
                                        const char         *code,
                                        const char         *message);
gboolean     sanhe_fields_is_valid     (SanheFields        *fields,
                                        const char         *name);
gboolean     sanhe_fields_check        (SanheFields        *fields,
                                        GError            **error);
gboolean     sanhe_validation_fail     (GError            **error,
                                        const char         *field,
                                        const char         *code,
                                        const char         *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheFields, sanhe_fields_free)

G_END_DECLS
