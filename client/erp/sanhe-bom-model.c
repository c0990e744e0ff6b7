/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-bom-model"

#include "config.h"

#include <stdio.h>

#include "sanhe-error.h"

#include "sanhe-bom-model.h"
#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"

/*
 * The data of the BOM editor: its lines as SanheErpLines ({"component":
 * {id, code, name, unit, kind}, "qty", "scrap_pct", "level"}), the tree
 * that opens each made component into its own lines (fetched from the
 * server the first time they are asked for), the key that says whether
 * the first level changed, the body of a save, and a 422's per-line
 * problems put back on their cells.
 */

#define MAX_DEPTH 24

typedef struct
{
  SanheApi     *api;
  GCancellable *cancellable;
} TreeContext;

static void
tree_context_free (gpointer data)
{
  TreeContext *context = data;

  g_clear_object (&context->api);
  g_clear_object (&context->cancellable);
  g_free (context);
}

typedef struct
{
  GListStore *store;
  int         level;
} ChildrenData;

/* Returns: (transfer full): a line from one of the server's BOM lines. */
SanheErpLine *
sanhe_bom_line_new (JsonObject *server_line,
                    int         level,
                    gboolean    editable)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *qty = sanhe_erp_decimal_normalize (sanhe_erp_json_string (server_line, "qty"));
  g_autofree char *scrap = sanhe_erp_decimal_normalize (sanhe_erp_json_string (server_line, "scrap_pct"));
  JsonNode *component = json_object_get_member (server_line, "component");
  SanheErpLine *line;

  if (component != NULL)
    json_object_set_member (object, "component", json_node_copy (component));
  json_object_set_string_member (object, "qty", qty);
  json_object_set_string_member (object, "scrap_pct", scrap);
  json_object_set_int_member (object, "level", level);

  line = sanhe_erp_line_new (object);
  sanhe_erp_line_set_editable (line, editable);

  return line;
}

/* "12:2.5:0;13:1:5": what saving would send, to compare. */
char *
sanhe_bom_lines_key (GListModel *lines)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);

      g_string_append_printf (key, "%" G_GINT64_FORMAT ":%s:%s;",
                              sanhe_erp_line_get_int (line, "component.id"),
                              sanhe_erp_line_get_string (line, "qty"),
                              sanhe_erp_line_get_string (line, "scrap_pct"));
    }

  return g_string_free (key, FALSE);
}

static void
on_children_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ChildrenData *data = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;
  JsonArray *lines;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  doc = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  lines = doc && json_object_has_member (doc, "lines") ? json_object_get_array_member (doc, "lines") : NULL;

  if (error != NULL && !sanhe_erp_error_is_cancelled (error))
    g_debug ("Cannot load a component's BOM: %s", error->message);

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      g_autoptr(SanheErpLine) line = sanhe_bom_line_new (json_array_get_object_element (lines, i),
                                                     data->level, FALSE);

      g_list_store_append (data->store, line);
    }

  g_object_unref (data->store);
  g_free (data);
}

/* A made component's own lines, fetched once, when first asked for. */
static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  TreeContext *context = user_data;
  SanheErpLine *line = item;
  GListStore *children;
  int level = (int)sanhe_erp_line_get_int (line, "level");

  if (g_strcmp0 (sanhe_erp_line_get_string (line, "component.kind"), "make") != 0
      || level >= MAX_DEPTH)
    return NULL;

  children = sanhe_erp_line_get_children (line);
  if (children == NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/bom",
                                               sanhe_erp_line_get_int (line, "component.id"));
      ChildrenData *data = g_new0 (ChildrenData, 1);
      g_autoptr(GListStore) store = g_list_store_new (SANHE_TYPE_ERP_LINE);

      sanhe_erp_line_set_children (line, store);
      data->store = g_object_ref (store);
      data->level = level + 1;
      sanhe_api_request_async (context->api, "GET", path, NULL, context->cancellable,
                               on_children_cb, data);
      children = store;
    }

  return G_LIST_MODEL (g_object_ref (children));
}

/* Puts each "lines[i].member" problem of a 422 on its cell. */
void
sanhe_bom_lines_show_problems (GListModel   *lines,
                               const GError *error)
{
  JsonNode *details = sanhe_error_get_details (error);
  JsonNode *fields = details && JSON_NODE_HOLDS_OBJECT (details)
                     ? json_object_get_member (json_node_get_object (details), "fields") : NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *problem;

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return;

  json_object_iter_init (&iter, json_node_get_object (fields));
  while (json_object_iter_next (&iter, &name, &problem))
    {
      guint index;
      char member[32];
      g_autoptr(SanheErpLine) line = NULL;
      const char *code = JSON_NODE_HOLDS_OBJECT (problem)
                         ? json_object_get_string_member_with_default (json_node_get_object (problem),
                                                                       "code", NULL) : NULL;

      if (sscanf (name, "lines[%u].%31s", &index, member) != 2)
        continue;
      line = g_list_model_get_item (lines, index);
      if (line != NULL)
        sanhe_erp_line_set_problem (line, g_str_equal (member, "component") ? "component.code" : member,
                                    sanhe_field_error_text (code));
    }
}

/* Returns: (transfer full): the tree over @root; made components open
 * into their own lines, fetched with @api. */
GtkTreeListModel *
sanhe_bom_tree_new (GListStore   *root,
                    SanheApi     *api,
                    GCancellable *cancellable)
{
  TreeContext *context = g_new0 (TreeContext, 1);

  context->api = g_object_ref (api);
  context->cancellable = g_object_ref (cancellable);

  return gtk_tree_list_model_new (G_LIST_MODEL (root), FALSE, FALSE,
                                  create_children_cb, context, tree_context_free);
}

/* Returns: (transfer full): a first-level line of one @item, quantity 1. */
SanheErpLine *
sanhe_bom_line_new_for_item (SanheRecord *item)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *component = json_object_new ();
  SanheErpLine *line;

  json_object_set_int_member (component, "id", sanhe_record_get_id (item));
  json_object_set_string_member (component, "code", sanhe_record_get_string (item, "code"));
  json_object_set_string_member (component, "name", sanhe_record_get_string (item, "name"));
  json_object_set_string_member (component, "unit", sanhe_record_get_string (item, "unit"));
  json_object_set_string_member (component, "kind", sanhe_record_get_string (item, "kind"));
  json_object_set_object_member (object, "component", component);
  json_object_set_string_member (object, "qty", "1");
  json_object_set_string_member (object, "scrap_pct", "0");
  json_object_set_int_member (object, "level", 1);

  line = sanhe_erp_line_new (object);
  sanhe_erp_line_set_editable (line, TRUE);

  return line;
}

/* Returns: (transfer full): {"lines": […]} for PUT /items/{id}/bom. */
JsonNode *
sanhe_bom_lines_body (GListModel *lines)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);

      sanhe_erp_line_clear_problems (line);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "component");
      json_builder_add_int_value (builder, sanhe_erp_line_get_int (line, "component.id"));
      json_builder_set_member_name (builder, "qty");
      json_builder_add_string_value (builder, sanhe_erp_line_get_string (line, "qty"));
      json_builder_set_member_name (builder, "scrap_pct");
      json_builder_add_string_value (builder, sanhe_erp_line_get_string (line, "scrap_pct"));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
