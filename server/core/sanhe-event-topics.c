/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-events"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-event-topics.h"

struct _SanheEventTopics
{
  GHashTable *watchers;  /* topic (char *) → GPtrArray of watchers (unowned) */
  GHashTable *topics;    /* watcher → GStrv, what it watches */
};

SanheEventTopics *
sanhe_event_topics_new (void)
{
  SanheEventTopics *self = g_new0 (SanheEventTopics, 1);

  self->watchers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->topics = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_strfreev);
  return self;
}

void
sanhe_event_topics_free (SanheEventTopics *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->watchers);
  g_hash_table_unref (self->topics);
  g_free (self);
}

void
sanhe_event_topics_forget (SanheEventTopics *self,
                           gpointer          watcher)
{
  GStrv old = g_hash_table_lookup (self->topics, watcher);

  for (guint i = 0; old != NULL && old[i] != NULL; i++)
    {
      GPtrArray *list = g_hash_table_lookup (self->watchers, old[i]);

      if (list == NULL)
        continue;
      g_ptr_array_remove_fast (list, watcher);
      if (list->len == 0)
        g_hash_table_remove (self->watchers, old[i]);
    }
  g_hash_table_remove (self->topics, watcher);
}

void
sanhe_event_topics_set (SanheEventTopics   *self,
                        gpointer            watcher,
                        const char * const *topics)
{
  sanhe_event_topics_forget (self, watcher);
  if (topics == NULL || topics[0] == NULL)
    return;

  for (guint i = 0; topics[i] != NULL; i++)
    {
      GPtrArray *list = g_hash_table_lookup (self->watchers, topics[i]);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->watchers, g_strdup (topics[i]), list);
        }
      if (!g_ptr_array_find (list, watcher, NULL))
        g_ptr_array_add (list, watcher);
    }
  g_hash_table_insert (self->topics, watcher, g_strdupv ((char **) topics));
}

GPtrArray *
sanhe_event_topics_lookup (SanheEventTopics *self,
                           const char       *topic)
{
  return topic != NULL ? g_hash_table_lookup (self->watchers, topic) : NULL;
}

/* How many topics someone watches. */
guint
sanhe_event_topics_count (SanheEventTopics *self)
{
  return g_hash_table_size (self->watchers);
}

static GStrv
refuse (GError     **error,
        const char  *message)
{
  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, SANHE_CODE_VALIDATION, NULL, "%s", message);
  return NULL;
}

GStrv
sanhe_event_topics_parse_watch (const char  *text,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(JsonNode) root = sanhe_json_parse (text, (gssize) length, error);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  JsonObject *object;
  JsonArray *topics;

  if (root == NULL)
    return NULL;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || g_strcmp0 (sanhe_json_object_get_string (object, "type"), "watch") != 0)
    return refuse (error, "Send {\"type\":\"watch\",\"topics\":[…]}.");
  topics = sanhe_json_object_get_array (object, "topics");
  if (topics == NULL)
    return refuse (error, "“topics” is a list of strings.");
  if (json_array_get_length (topics) > SANHE_EVENT_TOPICS_MAX)
    return refuse (error, "Watch at most " G_STRINGIFY (SANHE_EVENT_TOPICS_MAX) " topics at once.");

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (topics); i++)
    {
      JsonNode *element = json_array_get_element (topics, i);
      const char *topic = sanhe_json_node_get_string (element);

      if (topic == NULL || *topic == '\0' || g_utf8_strlen (topic, -1) > SANHE_EVENT_TOPIC_MAX_CHARS)
        return refuse (error, "Each topic is a string of 1 to " G_STRINGIFY (SANHE_EVENT_TOPIC_MAX_CHARS)
                       " characters, such as \"erp.sales_order:12\".");
      if (g_hash_table_add (seen, (gpointer) topic))
        g_strv_builder_add (builder, topic);
    }
  return g_strv_builder_end (builder);
}
