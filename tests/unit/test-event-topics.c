/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sanhe-error.h"

#include "sanhe-event-topics.h"

/* The hub's index of who watches what, without sockets: watchers are
 * plain pointers here. */

static int a, b;

static guint
n_watchers (SanheEventTopics *topics,
            const char       *topic)
{
  GPtrArray *list = sanhe_event_topics_lookup (topics, topic);

  return list != NULL ? list->len : 0;
}

static void
test_index (void)
{
  g_autoptr(SanheEventTopics) topics = sanhe_event_topics_new ();
  const char * const first[] = { "erp.sales_order:1", "erp.sales_order:2", NULL };
  const char * const second[] = { "erp.sales_order:2", "erp.item:9", NULL };

  sanhe_event_topics_set (topics, &a, first);
  sanhe_event_topics_set (topics, &b, second);
  g_assert_cmpuint (n_watchers (topics, "erp.sales_order:1"), ==, 1);
  g_assert_cmpuint (n_watchers (topics, "erp.sales_order:2"), ==, 2);
  g_assert_cmpuint (n_watchers (topics, "erp.item:9"), ==, 1);
  g_assert_cmpuint (n_watchers (topics, "erp.item:10"), ==, 0);
  g_assert_cmpuint (sanhe_event_topics_count (topics), ==, 3);

  /* A new set replaces the old one. */
  sanhe_event_topics_set (topics, &a, second);
  g_assert_cmpuint (n_watchers (topics, "erp.sales_order:1"), ==, 0);
  g_assert_cmpuint (n_watchers (topics, "erp.item:9"), ==, 2);

  /* Nothing watched, and a closed socket, leave no trace. */
  sanhe_event_topics_set (topics, &a, NULL);
  sanhe_event_topics_forget (topics, &b);
  sanhe_event_topics_forget (topics, &b);
  g_assert_cmpuint (sanhe_event_topics_count (topics), ==, 0);
  g_assert_null (sanhe_event_topics_lookup (topics, "erp.sales_order:2"));
}

static void
test_parse (void)
{
  const struct
  {
    const char *text;
    const char *code;    /* NULL: accepted */
    guint       n;
  } cases[] = {
    { "{\"type\":\"watch\",\"topics\":[\"erp.item:1\",\"erp.item:2\",\"erp.item:1\"]}", NULL, 2 },
    { "{\"type\":\"watch\",\"topics\":[]}", NULL, 0 },
    { "", SANHE_CODE_MALFORMED_JSON, 0 },
    { "{\"type\":", SANHE_CODE_MALFORMED_JSON, 0 },
    { "[\"erp.item:1\"]", SANHE_CODE_VALIDATION, 0 },
    { "{\"type\":\"unwatch\",\"topics\":[]}", SANHE_CODE_VALIDATION, 0 },
    { "{\"type\":\"watch\"}", SANHE_CODE_VALIDATION, 0 },
    { "{\"type\":\"watch\",\"topics\":{}}", SANHE_CODE_VALIDATION, 0 },
    { "{\"type\":\"watch\",\"topics\":[null]}", SANHE_CODE_VALIDATION, 0 },
    { "{\"type\":\"watch\",\"topics\":[\"\"]}", SANHE_CODE_VALIDATION, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) topics = sanhe_event_topics_parse_watch (cases[i].text, strlen (cases[i].text), &error);

      g_test_message ("%s", cases[i].text);
      if (cases[i].code == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (topics);
          g_assert_cmpuint (g_strv_length (topics), ==, cases[i].n);
        }
      else
        {
          g_assert_null (topics);
          g_assert_cmpstr (sanhe_error_get_code (error), ==, cases[i].code);
        }
    }
}

/* The limits: 50 topics of 128 characters (not bytes) each. */
static void
test_limits (void)
{
  g_autoptr(GString) fifty = g_string_new ("{\"type\":\"watch\",\"topics\":[");
  g_autoptr(GString) long_topic = g_string_new (NULL);
  g_autofree char *at_limit = NULL;
  g_autofree char *over_limit = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) topics = NULL;

  for (guint i = 0; i < SANHE_EVENT_TOPICS_MAX; i++)
    g_string_append_printf (fifty, "%s\"t:%u\"", i ? "," : "", i);
  g_string_append (fifty, "]}");
  topics = sanhe_event_topics_parse_watch (fifty->str, fifty->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (topics), ==, SANHE_EVENT_TOPICS_MAX);
  g_clear_pointer (&topics, g_strfreev);

  g_string_truncate (fifty, fifty->len - 2);
  g_string_append (fifty, ",\"t:50\"]}");
  topics = sanhe_event_topics_parse_watch (fifty->str, fifty->len, &error);
  g_assert_null (topics);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_VALIDATION);
  g_clear_error (&error);

  for (guint i = 0; i < SANHE_EVENT_TOPIC_MAX_CHARS; i++)
    g_string_append (long_topic, "客");
  at_limit = g_strdup_printf ("{\"type\":\"watch\",\"topics\":[\"%s\"]}", long_topic->str);
  topics = sanhe_event_topics_parse_watch (at_limit, strlen (at_limit), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (topics), ==, 1);

  g_string_append (long_topic, "x");
  over_limit = g_strdup_printf ("{\"type\":\"watch\",\"topics\":[\"%s\"]}", long_topic->str);
  g_assert_null (sanhe_event_topics_parse_watch (over_limit, strlen (over_limit), &error));
  g_assert_cmpstr (sanhe_error_get_code (error), ==, SANHE_CODE_VALIDATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-topics/index", test_index);
  g_test_add_func ("/event-topics/parse", test_parse);
  g_test_add_func ("/event-topics/limits", test_limits);
  return g_test_run ();
}
