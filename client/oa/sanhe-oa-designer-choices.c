/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-format.h"
#include "sanhe-oa-designer-private.h"

/*
 * What the designer's combo rows offer: the fixed lists of the format
 * (by name), and the people, roles and departments of the directory, which
 * an assignee rule stores by id or key and the drawing shows by name.
 */

void
_sanhe_oa_choice_list_init (SanheOaChoiceList *list)
{
  list->values = g_ptr_array_new_with_free_func (g_free);
  list->names = gtk_string_list_new (NULL);
  list->by_value = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_sanhe_oa_choice_list_clear (SanheOaChoiceList *list)
{
  g_clear_pointer (&list->values, g_ptr_array_unref);
  g_clear_object (&list->names);
  g_clear_pointer (&list->by_value, g_hash_table_unref);
}

/* Empties @list, keeping its string list (the model of a combo row). */
void
_sanhe_oa_choice_list_reset (SanheOaChoiceList *list)
{
  g_ptr_array_set_size (list->values, 0);
  gtk_string_list_splice (list->names, 0, g_list_model_get_n_items (G_LIST_MODEL (list->names)), NULL);
  g_hash_table_remove_all (list->by_value);
}

/* @value may be NULL: a row meaning "none" or "the applicant's". */
void
_sanhe_oa_choice_list_add (SanheOaChoiceList *list,
                           const char        *value,
                           const char        *name)
{
  g_ptr_array_add (list->values, g_strdup (value));
  gtk_string_list_append (list->names, name);
  if (value != NULL)
    g_hash_table_replace (list->by_value, g_strdup (value), g_strdup (name));
}

/* Returns: the row of @value, or GTK_INVALID_LIST_POSITION. */
guint
_sanhe_oa_choice_list_find (SanheOaChoiceList *list,
                            const char        *value)
{
  for (guint i = 0; i < list->values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (list->values, i), value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

const char *
_sanhe_oa_choice_list_value (SanheOaChoiceList *list,
                             guint              index)
{
  return index < list->values->len ? g_ptr_array_index (list->values, index) : NULL;
}

/* Offers the names of one of the format's lists in @row. */
void
_sanhe_oa_combo_set_choices (AdwComboRow    *row,
                             SanheOaChoices  choices)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < sanhe_oa_choices_count (choices); i++)
    gtk_string_list_append (names, sanhe_oa_choice_text (choices, i));
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
}

typedef enum
{
  DIRECTORY_USERS,
  DIRECTORY_ROLES,
  DIRECTORY_DEPARTMENTS,
} Directory;

typedef struct
{
  SanheOaDesigner *designer;
  Directory        directory;
} Lookup;

static void
fill_list (SanheOaDesigner *self,
           Directory        directory,
           JsonArray       *items)
{
  SanheOaChoiceList *list = directory == DIRECTORY_USERS ? &self->users
                            : directory == DIRECTORY_ROLES ? &self->roles : &self->departments;
  GHashTable *names = directory == DIRECTORY_USERS ? self->user_names
                      : directory == DIRECTORY_ROLES ? self->role_names : NULL;

  _sanhe_oa_choice_list_reset (list);
  if (directory == DIRECTORY_DEPARTMENTS)
    /* Translators: the department whose head approves: the applicant's own */
    _sanhe_oa_choice_list_add (list, NULL, _("The applicant’s department"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autofree char *value = NULL;
      const char *name;

      if (item == NULL)
        continue;
      if (directory == DIRECTORY_ROLES)
        value = g_strdup (json_object_get_string_member_with_default (item, "key", NULL));
      else if (json_object_has_member (item, "id"))
        value = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (item, "id", 0));
      name = json_object_get_string_member_with_default (item, "name", value);
      /* The built-in roles in the user's language. */
      if (directory == DIRECTORY_ROLES)
        name = sanhe_role_display_name (value, name);
      if (value == NULL || name == NULL)
        continue;
      _sanhe_oa_choice_list_add (list, value, name);
      if (names != NULL)
        g_hash_table_replace (names, g_strdup (value), g_strdup (name));
    }
}

static void
on_directory_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(SanheOaDesigner) self = lookup->designer;
  Directory directory = lookup->directory;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  g_free (lookup);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  /* Without the directory the rules show ids and keys: not worth a toast. */
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      gboolean filling = self->filling;

      self->filling = TRUE;
      fill_list (self, directory, json_node_get_array (items));
      self->filling = filling;
      sanhe_oa_flow_view_set_names (self->flow_view, self->user_names, self->role_names);
      _sanhe_oa_designer_fill_inspector (self);
    }
  _sanhe_oa_designer_set_busy (self, FALSE);
}

static void
look_up (SanheOaDesigner *self,
         Directory        directory,
         const char      *path)
{
  SanheWorkspacePage *page = _sanhe_oa_designer_get_page (self);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->designer = g_object_ref (self);
  lookup->directory = directory;
  _sanhe_oa_designer_set_busy (self, TRUE);
  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "GET", path, NULL,
                           sanhe_workspace_page_get_cancellable (page), on_directory_loaded_cb, lookup);
}

void
_sanhe_oa_designer_load_directory (SanheOaDesigner *self)
{
  if (_sanhe_oa_designer_get_page (self) == NULL)
    return;
  look_up (self, DIRECTORY_USERS, "/api/v1/directory/users?limit=500");
  look_up (self, DIRECTORY_ROLES, "/api/v1/roles");
  look_up (self, DIRECTORY_DEPARTMENTS, "/api/v1/departments?limit=500");
}
