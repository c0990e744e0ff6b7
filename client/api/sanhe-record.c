/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-record"

#include "config.h"

#include <string.h>

#include "sanhe-json.h"

#include "sanhe-record.h"

/*
 * SanheRecord is one JSON object from the server (a user, a department, a
 * role) held as an immutable GObject so it can live in a GListModel. Fields
 * are read by dotted path ("department.name"). A record that changes on the
 * server is replaced in its list store, never mutated in place, so list
 * rows rebind.
 */
struct _SanheRecord
{
  GObject     parent_instance;

  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (SanheRecord, sanhe_record, G_TYPE_OBJECT)

static void
sanhe_record_finalize (GObject *object)
{
  SanheRecord *self = (SanheRecord *)object;

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (sanhe_record_parent_class)->finalize (object);
}

static void
sanhe_record_class_init (SanheRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sanhe_record_finalize;
}

static void
sanhe_record_init (SanheRecord *self)
{
}

SanheRecord *
sanhe_record_new (JsonObject *object)
{
  SanheRecord *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (SANHE_TYPE_RECORD, NULL);
  self->object = json_object_ref (object);

  return self;
}

/* Returns: (transfer full) (nullable): NULL unless @node holds an object. */
SanheRecord *
sanhe_record_new_from_node (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return sanhe_record_new (json_node_get_object (node));
}

JsonObject *
sanhe_record_get_object (SanheRecord *self)
{
  g_return_val_if_fail (SANHE_IS_RECORD (self), NULL);

  return self->object;
}

/* Returns: (transfer none) (nullable): the member at dotted @path. */
JsonNode *
sanhe_record_get_node (SanheRecord *self,
                       const char  *path)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *object;
  JsonNode *node = NULL;

  g_return_val_if_fail (SANHE_IS_RECORD (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (strchr (path, '.') == NULL)
    return json_object_get_member (self->object, path);

  parts = g_strsplit (path, ".", -1);
  object = self->object;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

const char *
sanhe_record_get_string (SanheRecord *self,
                         const char  *path)
{
  return sanhe_json_node_get_string (sanhe_record_get_node (self, path));
}

gint64
sanhe_record_get_int (SanheRecord *self,
                      const char  *path)
{
  JsonNode *node = sanhe_record_get_node (self, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);

  return 0;
}

gboolean
sanhe_record_get_boolean (SanheRecord *self,
                          const char  *path,
                          gboolean     default_value)
{
  JsonNode *node = sanhe_record_get_node (self, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;

  return json_node_get_boolean (node);
}

gint64
sanhe_record_get_id (SanheRecord *self)
{
  return sanhe_record_get_int (self, "id");
}

gint64
sanhe_record_get_version (SanheRecord *self)
{
  return sanhe_record_get_int (self, "version");
}

/* Returns: (transfer full): the string members of the array at @path
 * (an empty vector when there is none). */
GStrv
sanhe_record_dup_strv (SanheRecord *self,
                       const char  *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = sanhe_record_get_node (self, path);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

gboolean
sanhe_record_strv_contains (SanheRecord *self,
                            const char  *path,
                            const char  *value)
{
  g_auto(GStrv) strv = sanhe_record_dup_strv (self, path);

  return g_strv_contains ((const char * const *)strv, value);
}

/* The record's key as a string: "id" numbers are printed, "key" strings
 * (roles) are copied. */
char *
sanhe_record_dup_key (SanheRecord *self,
                      const char  *key_member)
{
  JsonNode *node = sanhe_record_get_node (self, key_member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

/* Returns: (transfer full) (element-type SanheRecord): the objects of @array. */
GPtrArray *
sanhe_records_from_array (JsonArray *array)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  if (array == NULL)
    return records;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SanheRecord *record = sanhe_record_new_from_node (json_array_get_element (array, i));

      if (record != NULL)
        g_ptr_array_add (records, record);
    }

  return records;
}
