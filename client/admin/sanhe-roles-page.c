/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-roles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-format.h"

#include "sanhe-roles-page.h"

/* Administration → Roles: named sets of permissions given to users. */
struct _SanheRolesPage
{
  SanheRecordPage parent_instance;
};

G_DEFINE_FINAL_TYPE (SanheRolesPage, sanhe_roles_page, SANHE_TYPE_RECORD_PAGE)

static const SanheColumnSpec columns[] = {
  { N_("Name"), "display_name", SANHE_COLUMN_TEXT, 16, TRUE },
  { N_("Key"), "key", SANHE_COLUMN_TEXT, 12, TRUE },
  { N_("Permissions"), "permissions", SANHE_COLUMN_COUNT, 6, FALSE },
  { N_("Users"), "user_count", SANHE_COLUMN_NUMBER, 6, FALSE },
  { N_("Last Changed"), "updated_at", SANHE_COLUMN_DATETIME, 13, FALSE },
};

static const SanheFormField fields[] = {
  { .name = "key", .label = N_("_Key"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY | SANHE_FORM_CREATE_ONLY, .max_chars = 64,
    .hint = N_("A short identifier such as “purchasing”; it cannot be changed later."),
    .edit_hint = N_("The key cannot be changed.") },
  { .name = "name", .label = N_("_Name"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 200 },
  { .name = "permissions", .label = N_("_Permissions"), .type = SANHE_FORM_KEYS,
    .flags = SANHE_FORM_STACKED,
    .source = "permissions", .source_key = "key", .source_label = "description",
    .source_sublabel = "key" },
};

static const SanheRecordSpec spec = {
  .path = "/api/v1/roles",
  .key_member = "key",
  .title_member = "display_name",
  .subtitle_member = "key",
  .new_title = N_("New Role"),
  .empty_title = N_("No Roles"),
  .empty_description = N_("Roles group permissions; add one with New."),
  .search_placeholder = N_("Search roles"),
  .event_prefix = "core.role.",
  .page_size = 0,
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
};

/* The permissions this client knows, described in the user's language;
 * others keep the server's (English) description. */
static const struct
{
  const char *key;
  const char *description;
} known_permissions[] = {
  { "core.audit.read", N_("Read the audit log") },
  { "core.departments.manage", N_("Create and edit departments") },
  { "core.directory.read", N_("See departments, roles and colleagues") },
  { "core.roles.manage", N_("Create and edit roles and their permissions") },
  { "core.users.manage", N_("Create, edit and deactivate users") },
  { "erp.items.read", N_("See items, bills of materials and stock") },
  { "erp.items.write", N_("Create and edit items and bills of materials") },
  { "erp.mrp.run", N_("Run MRP and accept its suggestions") },
  { "erp.production.read", N_("See production tasks") },
  { "erp.production.write", N_("Create and release production tasks") },
  { "erp.purchasing.read", N_("See suppliers and purchase orders") },
  { "erp.purchasing.write", N_("Create, confirm and receive purchase orders") },
  { "erp.sales.read", N_("See customers and sales orders") },
  { "erp.sales.write", N_("Create, confirm and ship sales orders") },
  { "erp.stock.write", N_("Record stock moves, receipts and shipments") },
};

static void
copy_member_cb (JsonObject *source,
                const char *name,
                JsonNode   *node,
                gpointer    user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

/* Adds "display_name" to every role of the list (a new record each). */
static void
sanhe_roles_page_list_loaded (SanheRecordPage *page)
{
  GListStore *store = sanhe_record_page_get_store (page);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) decorated = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autoptr(JsonObject) object = json_object_new ();
      const char *shown = sanhe_role_display_name (sanhe_record_get_string (record, "key"),
                                                   sanhe_record_get_string (record, "name"));

      json_object_foreach_member (sanhe_record_get_object (record), copy_member_cb, object);
      json_object_set_string_member (object, "display_name", shown ? shown : "");
      g_ptr_array_add (decorated, sanhe_record_new (object));
    }

  g_list_store_splice (store, 0, n_items, decorated->pdata, decorated->len);
}

static void
sanhe_roles_page_decorate_source (SanheRecordPage *page,
                                  const char      *source,
                                  GPtrArray       *records)
{
  if (g_strcmp0 (source, "permissions") != 0)
    return;

  for (guint i = 0; i < records->len; i++)
    {
      SanheRecord *record = g_ptr_array_index (records, i);
      const char *key = sanhe_record_get_string (record, "key");

      for (guint j = 0; key != NULL && j < G_N_ELEMENTS (known_permissions); j++)
        {
          g_autoptr(JsonObject) object = NULL;

          if (!g_str_equal (known_permissions[j].key, key))
            continue;

          object = json_object_new ();
          json_object_set_string_member (object, "key", key);
          json_object_set_string_member (object, "description",
                                         _(known_permissions[j].description));
          g_ptr_array_index (records, i) = sanhe_record_new (object);
          g_object_unref (record);
          break;
        }
    }
}

static char *
format_count (guint n)
{
  return g_strdup_printf (ngettext ("%'u role", "%'u roles", n), n);
}

static void
sanhe_roles_page_load_sources (SanheRecordPage *page)
{
  sanhe_record_page_load_source (page, "permissions", "/api/v1/permissions");
}

static void
sanhe_roles_page_class_init (SanheRolesPageClass *klass)
{
  SanheRecordPageClass *page_class = SANHE_RECORD_PAGE_CLASS (klass);

  page_class->spec = &spec;
  page_class->format_count = format_count;
  page_class->load_sources = sanhe_roles_page_load_sources;
  page_class->decorate_source = sanhe_roles_page_decorate_source;
  page_class->list_loaded = sanhe_roles_page_list_loaded;
}

static void
sanhe_roles_page_init (SanheRolesPage *self)
{
}
