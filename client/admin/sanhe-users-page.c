/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-users-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-format.h"

#include "sanhe-roles-page.h"
#include "sanhe-users-page.h"

/* Administration → Users: who can log in, where they sit, what they may do. */
struct _SanheUsersPage
{
  SanheRecordPage parent_instance;
};

G_DEFINE_FINAL_TYPE (SanheUsersPage, sanhe_users_page, SANHE_TYPE_RECORD_PAGE)

static const SanheColumnSpec columns[] = {
  { N_("Login"), "login", SANHE_COLUMN_TEXT, 10, FALSE },
  { N_("Full Name"), "name", SANHE_COLUMN_TEXT, 14, TRUE },
  { N_("Email"), "email", SANHE_COLUMN_TEXT, 18, TRUE },
  { N_("Department"), "department.name", SANHE_COLUMN_TEXT, 12, TRUE },
  { N_("Roles"), "roles", SANHE_COLUMN_LIST, 12, TRUE },
  { N_("Active"), "active", SANHE_COLUMN_BOOLEAN, 5, FALSE },
};

/* Languages are named in their own language, never translated. */
static const SanheFormChoice locales[] = {
  { "en", "English" },
  { "zh_CN", "简体中文" },
  { "es", "Español" },
};

static const SanheFormField fields[] = {
  { .name = "login", .label = N_("_Login"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 64,
    .hint = N_("Used to log in; letters, digits, dots and dashes.") },
  { .name = "name", .label = N_("_Full name"), .type = SANHE_FORM_TEXT,
    .flags = SANHE_FORM_MANDATORY, .max_chars = 200 },
  { .name = "email", .label = N_("_Email"), .type = SANHE_FORM_EMAIL, .max_chars = 254 },
  { .name = "password", .label = N_("_Password"), .type = SANHE_FORM_PASSWORD,
    .flags = SANHE_FORM_MANDATORY_ON_CREATE | SANHE_FORM_WRITE_ONLY,
    .edit_hint = N_("Leave empty to keep the current password.") },
  { .name = "department_id", .label = N_("_Department"), .type = SANHE_FORM_REFERENCE,
    .source = "departments", .source_key = "id", .source_label = "name",
    .current = "department" },
  { .name = "manager_id", .label = N_("_Manager"), .type = SANHE_FORM_REFERENCE,
    .flags = SANHE_FORM_EXCLUDE_SELF,
    .source = "users", .source_key = "id", .source_label = "name", .current = "manager" },
  { .name = "locale", .label = N_("Lan_guage"), .type = SANHE_FORM_CHOICE,
    .choices = locales, .n_choices = G_N_ELEMENTS (locales) },
  { .name = "active", .label = N_("_Active"), .type = SANHE_FORM_SWITCH,
    .hint = N_("Inactive users cannot log in.") },
  { .name = "roles", .label = N_("_Roles"), .type = SANHE_FORM_KEYS,
    .source = "roles", .source_key = "key", .source_label = "name", .source_sublabel = "key" },
};

static const SanheRecordSpec spec = {
  .path = "/api/v1/users",
  .key_member = "id",
  .title_member = "name",
  .subtitle_member = "login",
  .new_title = N_("New User"),
  .empty_title = N_("No Users"),
  .empty_description = N_("Add the people who will work in Sanhe with New."),
  .search_placeholder = N_("Search users"),
  .event_prefix = "core.user.",
  .page_size = 200,
  .columns = columns,
  .n_columns = G_N_ELEMENTS (columns),
  .fields = fields,
  .n_fields = G_N_ELEMENTS (fields),
};

static char *
format_count (guint n)
{
  return g_strdup_printf (ngettext ("%'u user", "%'u users", n), n);
}

static void
sanhe_users_page_load_sources (SanheRecordPage *page)
{
  sanhe_record_page_load_source (page, "departments", "/api/v1/departments");
  sanhe_record_page_load_source (page, "roles", "/api/v1/roles");
}

/* The built-in roles in the user's language, by key. */
static void
sanhe_users_page_decorate_source (SanheRecordPage *page,
                                  const char      *source,
                                  GPtrArray       *records)
{
  if (g_strcmp0 (source, "roles") != 0)
    return;

  for (guint i = 0; i < records->len; i++)
    {
      SanheRecord *record = g_ptr_array_index (records, i);
      const char *name = sanhe_record_get_string (record, "name");
      const char *shown = sanhe_role_display_name (sanhe_record_get_string (record, "key"), name);
      g_autoptr(JsonObject) object = NULL;

      if (shown == NULL || g_strcmp0 (shown, name) == 0)
        continue;

      object = json_object_new ();
      json_object_set_string_member (object, "key", sanhe_record_get_string (record, "key"));
      json_object_set_string_member (object, "name", shown);
      g_ptr_array_index (records, i) = sanhe_record_new (object);
      g_object_unref (record);
    }
}

static void
sanhe_users_page_constructed (GObject *object)
{
  SanheRecordPage *page = SANHE_RECORD_PAGE (object);

  G_OBJECT_CLASS (sanhe_users_page_parent_class)->constructed (object);

  /* Managers are chosen among the users this page lists. */
  sanhe_record_page_set_source (page, "users", G_LIST_MODEL (sanhe_record_page_get_store (page)));
}

static void
sanhe_users_page_class_init (SanheUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SanheRecordPageClass *page_class = SANHE_RECORD_PAGE_CLASS (klass);

  object_class->constructed = sanhe_users_page_constructed;

  page_class->spec = &spec;
  page_class->format_count = format_count;
  page_class->load_sources = sanhe_users_page_load_sources;
  page_class->decorate_source = sanhe_users_page_decorate_source;
}

static void
sanhe_users_page_init (SanheUsersPage *self)
{
}
