/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-openapi"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-modules.h"
#include "sanhe-router.h"

/*
 * server/openapi.yaml against the route tables: every (method, pattern) the
 * core and ERP modules register is described there under that method, with
 * the route's permission as x-sanhe-permission (and `security: []` exactly
 * for public routes), and the spec describes no route the server lacks.
 * Path parameter names may differ ({id} vs {key}): every "{…}" compares as
 * "{}".
 *
 * The YAML is read minimally, as the file is written: under the top-level
 * "paths:", a line indented by two spaces and ending in ':' is a path, one
 * indented by four spaces that reads "get:", "post:", … a method, and an
 * operation's own keys sit at six spaces.
 */

typedef struct
{
  char     *method;      /* "GET" */
  char     *path;        /* as written in the spec */
  char     *permission;  /* x-sanhe-permission, or NULL */
  gboolean  public;      /* security: [] */
  guint     line;
} SpecOperation;

typedef struct
{
  GPtrArray  *operations;  /* SpecOperation */
  GHashTable *by_key;      /* "GET /api/v1/users/{}" → SpecOperation */
  guint       n_paths;
  GPtrArray  *problems;    /* char *: duplicates and the like */
} Spec;

typedef struct
{
  SanheRouter *router;
  GHashTable  *by_key;     /* "GET /api/v1/users/{}" → const SanheRoute */
  GPtrArray   *problems;
} Routes;

static char *spec_path;
static Spec spec;
static Routes routes;

static void
spec_operation_free (gpointer data)
{
  SpecOperation *operation = data;

  g_free (operation->method);
  g_free (operation->path);
  g_free (operation->permission);
  g_free (operation);
}

/* "/api/v1/roles/{key}" → "/api/v1/roles/{}" */
static char *
normalise_pattern (const char *pattern)
{
  GString *out = g_string_new (NULL);

  for (const char *p = pattern; *p != '\0'; p++)
    {
      const char *close;

      if (*p == '{' && (close = strchr (p, '}')) != NULL)
        {
          g_string_append (out, "{}");
          p = close;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
make_key (const char *method,
          const char *pattern)
{
  g_autofree char *normalised = normalise_pattern (pattern);
  g_autofree char *upper = g_ascii_strup (method, -1);

  return g_strdup_printf ("%s %s", upper, normalised);
}

static guint
indent_of (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

/* Strips a YAML value of its quotes, if any: 'a' or "a" → a. */
static char *
unquote (const char *value)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  gsize len = strlen (text);

  if (len >= 2 && (text[0] == '\'' || text[0] == '"') && text[len - 1] == text[0])
    return g_strndup (text + 1, len - 2);
  return g_steal_pointer (&text);
}

static void
parse_spec (const char *contents)
{
  static const char * const methods[] = { "get", "put", "post", "delete", "options", "head", "patch", "trace", NULL };
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autofree char *current_path = NULL;
  SpecOperation *operation = NULL;
  gboolean in_paths = FALSE;

  spec.operations = g_ptr_array_new_with_free_func (spec_operation_free);
  spec.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  spec.problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup (lines[i]);
      guint indent;
      const char *text;

      g_strchomp (line);
      indent = indent_of (line);
      text = line + indent;
      if (*text == '\0' || *text == '#')
        continue;

      if (indent == 0)
        {
          in_paths = g_str_equal (text, "paths:");
          operation = NULL;
          continue;
        }
      if (!in_paths)
        continue;

      if (indent == 2)
        {
          operation = NULL;
          g_clear_pointer (&current_path, g_free);
          if (!g_str_has_suffix (text, ":"))
            {
              g_ptr_array_add (spec.problems, g_strdup_printf ("line %u: “%s” is not a path key", i + 1, text));
              continue;
            }
          {
            g_autofree char *key = g_strndup (text, strlen (text) - 1);

            current_path = unquote (key);
          }
          spec.n_paths++;
          if (!g_str_has_prefix (current_path, "/"))
            g_ptr_array_add (spec.problems, g_strdup_printf ("line %u: the path “%s” does not start with /",
                                                             i + 1, current_path));
          continue;
        }

      if (indent == 4)
        {
          g_autofree char *key = g_str_has_suffix (text, ":") ? g_strndup (text, strlen (text) - 1) : NULL;

          operation = NULL;
          if (current_path == NULL || key == NULL || !g_strv_contains (methods, key))
            continue;

          operation = g_new0 (SpecOperation, 1);
          operation->method = g_ascii_strup (key, -1);
          operation->path = g_strdup (current_path);
          operation->line = i + 1;
          g_ptr_array_add (spec.operations, operation);
          {
            char *map_key = make_key (operation->method, operation->path);

            if (g_hash_table_contains (spec.by_key, map_key))
              {
                g_ptr_array_add (spec.problems, g_strdup_printf ("line %u: %s is described twice", i + 1, map_key));
                g_free (map_key);
              }
            else
              g_hash_table_insert (spec.by_key, map_key, operation);
          }
          continue;
        }

      if (indent == 6 && operation != NULL)
        {
          if (g_str_has_prefix (text, "x-sanhe-permission:"))
            {
              g_free (operation->permission);
              operation->permission = unquote (text + strlen ("x-sanhe-permission:"));
            }
          else if (g_str_has_prefix (text, "security:"))
            {
              g_autofree char *value = unquote (text + strlen ("security:"));

              operation->public = g_str_equal (value, "[]");
            }
        }
    }
}

static void
collect_route (gpointer data,
               gpointer user_data)
{
  const SanheRoute *route = data;
  char *key = make_key (route->method, route->pattern);

  if (g_hash_table_contains (routes.by_key, key))
    {
      g_ptr_array_add (routes.problems, g_strdup_printf ("%s is registered twice", key));
      g_free (key);
      return;
    }
  g_hash_table_insert (routes.by_key, key, (gpointer) route);
}

static char *
join_problems (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s%s", i ? "; " : "", (const char *) g_ptr_array_index (problems, i));
  return g_string_free (text, FALSE);
}

/* Reports every problem in the log, then fails once with all of them. */
static void
assert_no_problems (GPtrArray  *problems,
                    const char *what)
{
  g_autofree char *all = NULL;

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s: %s", what, (const char *) g_ptr_array_index (problems, i));
  all = join_problems (problems);
  g_assert_cmpstr (all, ==, "");
}

static void
test_parsed (void)
{
  /* A parser that found nothing would make both directions pass vacuously. */
  g_assert_cmpuint (spec.n_paths, >, 0);
  g_assert_cmpuint (spec.operations->len, >=, spec.n_paths);
  g_assert_cmpuint (g_hash_table_size (routes.by_key), >, 0);
  g_assert_nonnull (g_hash_table_lookup (spec.by_key, "GET /api/v1/health"));
  g_assert_nonnull (g_hash_table_lookup (routes.by_key, "GET /api/v1/health"));
  assert_no_problems (spec.problems, "spec");
  assert_no_problems (routes.problems, "routes");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @table, sorted, so failures list in a stable order. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
test_routes_in_spec (void)
{
  g_autoptr(GPtrArray) keys = sorted_keys (routes.by_key);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < keys->len; i++)
    {
      const SanheRoute *route = g_hash_table_lookup (routes.by_key, g_ptr_array_index (keys, i));

      if (!g_hash_table_contains (spec.by_key, g_ptr_array_index (keys, i)))
        g_ptr_array_add (missing, g_strdup_printf ("%s %s is registered but not in %s",
                                                   route->method, route->pattern, spec_path));
    }
  assert_no_problems (missing, "missing from the spec");
}

static void
test_spec_in_routes (void)
{
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < spec.operations->len; i++)
    {
      SpecOperation *operation = g_ptr_array_index (spec.operations, i);
      g_autofree char *key = make_key (operation->method, operation->path);

      if (!g_hash_table_contains (routes.by_key, key))
        g_ptr_array_add (extra, g_strdup_printf ("%s:%u: %s %s is described but the server has no such route",
                                                 spec_path, operation->line, operation->method, operation->path));
    }
  assert_no_problems (extra, "not served");
}

/* x-sanhe-permission names the route's permission; `security: []` marks
 * exactly the routes that need no session. */
static void
test_permissions (void)
{
  g_autoptr(GPtrArray) keys = sorted_keys (routes.by_key);
  g_autoptr(GPtrArray) wrong = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < keys->len; i++)
    {
      const SanheRoute *route = g_hash_table_lookup (routes.by_key, g_ptr_array_index (keys, i));
      SpecOperation *operation = g_hash_table_lookup (spec.by_key, g_ptr_array_index (keys, i));
      gboolean public = (route->flags & SANHE_ROUTE_PUBLIC) != 0;

      if (operation == NULL)
        continue;  /* test_routes_in_spec reports it */
      if (g_strcmp0 (route->permission, operation->permission) != 0)
        g_ptr_array_add (wrong, g_strdup_printf ("%s %s needs %s, the spec says %s",
                                                 route->method, route->pattern,
                                                 route->permission ? route->permission : "no permission",
                                                 operation->permission ? operation->permission : "none"));
      if (public != operation->public)
        g_ptr_array_add (wrong, g_strdup_printf ("%s %s is %s, the spec says %s",
                                                 route->method, route->pattern,
                                                 public ? "public" : "for signed-in users",
                                                 operation->public ? "security: []" : "bearer"));
    }
  assert_no_problems (wrong, "permission");
}

/* The spec's path comes as the first argument that GTest leaves alone, or
 * from SANHE_OPENAPI. */
static char *
find_spec_path (int    argc,
                char **argv)
{
  for (int i = 1; i < argc; i++)
    if (argv[i] != NULL && argv[i][0] != '-')
      return g_strdup (argv[i]);
  return g_strdup (g_getenv ("SANHE_OPENAPI"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* g_test_init takes the options it knows (--tap, -p …) out of argv and
   * leaves the rest, the spec's path among them. */
  g_test_init (&argc, &argv, NULL);
  /* One failing check still lets the others report. */
  g_test_set_nonfatal_assertions ();

  spec_path = find_spec_path (argc, argv);
  if (spec_path == NULL)
    g_error ("Usage: %s [GTest options] PATH/TO/openapi.yaml (or set SANHE_OPENAPI)", argv[0]);
  if (!g_file_get_contents (spec_path, &contents, NULL, &error))
    g_error ("Cannot read the OpenAPI description: %s", error->message);

  parse_spec (contents);
  routes.router = sanhe_router_new ();
  routes.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  routes.problems = g_ptr_array_new_with_free_func (g_free);
  sanhe_modules_register (routes.router);
  sanhe_router_foreach (routes.router, collect_route, NULL);

  g_test_add_func ("/openapi/parsed", test_parsed);
  g_test_add_func ("/openapi/routes-in-spec", test_routes_in_spec);
  g_test_add_func ("/openapi/spec-in-routes", test_spec_in_routes);
  g_test_add_func ("/openapi/permissions", test_permissions);
  status = g_test_run ();

  g_clear_pointer (&routes.router, sanhe_router_free);
  g_clear_pointer (&routes.by_key, g_hash_table_unref);
  g_clear_pointer (&routes.problems, g_ptr_array_unref);
  g_clear_pointer (&spec.by_key, g_hash_table_unref);
  g_clear_pointer (&spec.operations, g_ptr_array_unref);
  g_clear_pointer (&spec.problems, g_ptr_array_unref);
  g_clear_pointer (&spec_path, g_free);
  return status;
}
