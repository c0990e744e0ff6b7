/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-departments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-departments-page.h"

/*
 * Administration → Departments: the company's tree. The server sends a flat
 * list with parent_id; this page adds each department's path
 * ("Sales / Export"), its name indented by depth, and its parent's name;
 * the list sorts by path, so it reads as the tree.
 */
struct _SanheDepartmentsPage
{
  SanheRecordPage parent_instance;
};

G_DEFINE_FINAL_TYPE (SanheDepartmentsPage, sanhe_departments_page, SANHE_TYPE_RECORD_PAGE)

#define MAX_DEPTH 32

static const SanheColumnSpec columns[] = {
  { N_("Department"), "tree_label", SANHE_COLUMN_TEXT, 24, TRUE, "path" },
  { N_("Head"), "head.name", SANHE_COLUMN_TEXT, 14, TRUE },
  { N_("Members"), "member_count", SANHE_COLUMN_NUMBER, 6, FALSE },
};

static const SanheFormField fields[] = {
  { .name = "name", .label = N_("_Name"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 200 },
  { .name = "parent_id", .label = N_("_Parent"), .type = SANHE_FORM_REFERENCE,
    .flags = SANHE_FORM_EXCLUDE_SELF,
    .source = "departments", .source_key = "id", .source_label = "path", .current = "parent",
    .hint = N_("Leave empty for a top-level department.") },
  { .name = "head_id", .label = N_("_Head"), .type = SANHE_FORM_REFERENCE,
    .source = "users", .source_key = "id", .source_label = "name", .current = "head" },
};

static const SanheRecordSpec spec = {
  .path = "/api/v1/departments",
  .key_member = "id",
  .title_member = "name",
  .subtitle_member = "path",
  .new_title = N_("New Department"),
  .empty_title = N_("No Departments"),
  .empty_description = N_("Build the company’s structure; start with New."),
  .search_placeholder = N_("Search departments"),
  .event_prefix = "core.department.",
  .page_size = 0,
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
};

static char *
format_count (guint n)
{
  return g_strdup_printf (ngettext ("%'u department", "%'u departments", n), n);
}

static char *
build_path (GHashTable  *by_id,
            SanheRecord *record,
            guint       *depth_out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *path = g_string_new (NULL);
  SanheRecord *current = record;

  /* Walk up to the root; a cycle or a missing parent ends the walk. */
  for (guint depth = 0; current != NULL && depth < MAX_DEPTH; depth++)
    {
      const char *name = sanhe_record_get_string (current, "name");
      gint64 parent_id = sanhe_record_get_int (current, "parent_id");

      g_ptr_array_insert (names, 0, (gpointer)(name ? name : "?"));
      current = parent_id ? g_hash_table_lookup (by_id, &parent_id) : NULL;
    }

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (path, "%s%s", i ? " / " : "", (char *)g_ptr_array_index (names, i));
  *depth_out = names->len > 0 ? names->len - 1 : 0;

  return g_string_free (path, FALSE);
}

static void
copy_member_cb (JsonObject  *source,
                const char  *name,
                JsonNode    *node,
                gpointer     user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

static void
sanhe_departments_page_list_loaded (SanheRecordPage *page)
{
  GListStore *store = sanhe_record_page_get_store (page);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                       g_free, g_object_unref);
  g_autoptr(GPtrArray) decorated = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      SanheRecord *record = g_list_model_get_item (G_LIST_MODEL (store), i);
      gint64 *id = g_new (gint64, 1);

      *id = sanhe_record_get_id (record);
      g_hash_table_replace (by_id, id, record);
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(JsonObject) object = json_object_new ();
      guint depth = 0;
      g_autofree char *path = build_path (by_id, record, &depth);
      g_autoptr(GString) tree_label = g_string_new (NULL);
      const char *name = sanhe_record_get_string (record, "name");
      gint64 parent_id = sanhe_record_get_int (record, "parent_id");
      SanheRecord *parent = parent_id ? g_hash_table_lookup (by_id, &parent_id) : NULL;

      /* A new object: records stay immutable. */
      json_object_foreach_member (sanhe_record_get_object (record), copy_member_cb, object);
      json_object_set_string_member (object, "path", path);
      for (guint level = 0; level < depth; level++)
        g_string_append (tree_label, "\u2003\u2003");  /* two em spaces a level */
      g_string_append (tree_label, name ? name : "");
      json_object_set_string_member (object, "tree_label", tree_label->str);
      json_object_remove_member (object, "parent");
      if (parent != NULL)
        {
          JsonObject *embedded = json_object_new ();

          json_object_set_int_member (embedded, "id", parent_id);
          json_object_set_string_member (embedded, "name",
                                         sanhe_record_get_string (parent, "name"));
          json_object_set_object_member (object, "parent", embedded);
        }

      g_ptr_array_add (decorated, sanhe_record_new (object));
    }

  g_list_store_splice (store, 0, n_items, decorated->pdata, decorated->len);
}

static void
sanhe_departments_page_load_sources (SanheRecordPage *page)
{
  /* Only administrators of users may list them; others see the heads the
   * departments name. */
  sanhe_record_page_load_source (page, "users", "/api/v1/users?limit=500");
}

static void
sanhe_departments_page_constructed (GObject *object)
{
  SanheRecordPage *page = SANHE_RECORD_PAGE (object);

  G_OBJECT_CLASS (sanhe_departments_page_parent_class)->constructed (object);

  sanhe_record_page_set_source (page, "departments",
                                G_LIST_MODEL (sanhe_record_page_get_store (page)));
}

static void
sanhe_departments_page_class_init (SanheDepartmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SanheRecordPageClass *page_class = SANHE_RECORD_PAGE_CLASS (klass);

  object_class->constructed = sanhe_departments_page_constructed;

  page_class->spec = &spec;
  page_class->format_count = format_count;
  page_class->load_sources = sanhe_departments_page_load_sources;
  page_class->list_loaded = sanhe_departments_page_list_loaded;
}

static void
sanhe_departments_page_init (SanheDepartmentsPage *self)
{
}
