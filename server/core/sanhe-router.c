/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-router"

#include "config.h"

#include <string.h>

#include "sanhe-router.h"

/*
 * Routes are matched segment by segment; "{name}" captures one segment.
 * Modules register static tables once at start-up, so a linear scan of a
 * few dozen entries is cheaper than building anything cleverer.
 */
struct _SanheRouter
{
  GPtrArray *routes;  /* const SanheRoute *, owned by the modules' tables */
};

SanheRouter *
sanhe_router_new (void)
{
  SanheRouter *router = g_new0 (SanheRouter, 1);

  router->routes = g_ptr_array_new ();
  return router;
}

void
sanhe_router_free (SanheRouter *router)
{
  if (router == NULL)
    return;
  g_ptr_array_unref (router->routes);
  g_free (router);
}

void
sanhe_router_add (SanheRouter      *router,
                  const SanheRoute *routes,
                  gsize             n_routes)
{
  for (gsize i = 0; i < n_routes; i++)
    g_ptr_array_add (router->routes, (gpointer) &routes[i]);
}

void
sanhe_router_foreach (SanheRouter *router,
                      GFunc        func,
                      gpointer     user_data)
{
  g_ptr_array_foreach (router->routes, func, user_data);
}

/* Matches @path against @pattern, filling @params with captured segments. */
static gboolean
match_pattern (const char *pattern,
               const char *path,
               GHashTable *params)
{
  const char *p = pattern;
  const char *s = path;

  while (*p != '\0' && *s != '\0')
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');
          const char *end = strchr (s, '/');
          gsize len = end ? (gsize) (end - s) : strlen (s);

          if (close == NULL || len == 0)
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (p + 1, close - p - 1), g_strndup (s, len));
          p = close + 1;
          s += len;
          continue;
        }

      if (*p != *s)
        return FALSE;
      p++;
      s++;
    }

  return *p == '\0' && *s == '\0';
}

/*
 * Returns the route for @method and @path, or NULL. When the path exists
 * under other methods, @allowed receives them ("GET, PATCH") for a 405.
 */
const SanheRoute *
sanhe_router_match (SanheRouter  *router,
                    const char   *method,
                    const char   *path,
                    GHashTable  **params,
                    char        **allowed)
{
  g_autoptr(GString) methods = NULL;

  for (guint i = 0; i < router->routes->len; i++)
    {
      const SanheRoute *route = g_ptr_array_index (router->routes, i);

      /* Match first, capture only the winner: no allocation per miss. */
      if (!match_pattern (route->pattern, path, NULL))
        continue;

      if (g_str_equal (route->method, method))
        {
          if (params != NULL)
            {
              *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              match_pattern (route->pattern, path, *params);
            }
          return route;
        }

      if (methods == NULL)
        methods = g_string_new (route->method);
      else if (strstr (methods->str, route->method) == NULL)
        g_string_append_printf (methods, ", %s", route->method);
    }

  if (allowed != NULL)
    *allowed = methods ? g_string_free (g_steal_pointer (&methods), FALSE) : NULL;
  return NULL;
}
