/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-test"

#include "config.h"

#include <string.h>

#include "sanhe-test-server.h"

char *
sanhe_test_body (const char *first_key,
                 ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      if (strlen (key) < 3 || key[1] != ':')
        g_error ("sanhe_test_body: key '%s' lacks a type prefix", key);

      json_builder_set_member_name (builder, key + 2);
      switch (key[0])
        {
        case 's':
          {
            const char *value = va_arg (args, const char *);
            if (value != NULL)
              json_builder_add_string_value (builder, value);
            else
              json_builder_add_null_value (builder);
          }
          break;

        case 'i':
          json_builder_add_int_value (builder, va_arg (args, gint64));
          break;

        case 'b':
          json_builder_add_boolean_value (builder, va_arg (args, gboolean));
          break;

        case 'n':
          json_builder_add_null_value (builder);
          break;

        case 'v':
          {
            const char * const *values = va_arg (args, const char * const *);
            json_builder_begin_array (builder);
            for (guint i = 0; values != NULL && values[i] != NULL; i++)
              json_builder_add_string_value (builder, values[i]);
            json_builder_end_array (builder);
          }
          break;

        case 'j':
          json_builder_add_value (builder, sanhe_test_parse (va_arg (args, const char *)));
          break;

        default:
          g_error ("sanhe_test_body: unknown type prefix in '%s'", key);
        }
    }
  va_end (args);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return sanhe_test_to_string (root);
}
