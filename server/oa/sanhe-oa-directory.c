/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-directory.h"

typedef struct
{
  gint64 id;
  gint64 department;
  gint64 manager;
} User;

typedef struct
{
  gint64 id;
  gint64 parent;
  gint64 head;
} Department;

struct _SanheOaDirectory
{
  GHashTable *users;        /* &id → User */
  GHashTable *departments;  /* &id → Department */
  GHashTable *roles;        /* key → GArray of gint64 */
};

SanheOaDirectory *
sanhe_oa_directory_new (void)
{
  SanheOaDirectory *directory = g_new0 (SanheOaDirectory, 1);

  directory->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  directory->departments = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  directory->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  return directory;
}

void
sanhe_oa_directory_free (SanheOaDirectory *directory)
{
  if (directory == NULL)
    return;
  g_clear_pointer (&directory->users, g_hash_table_unref);
  g_clear_pointer (&directory->departments, g_hash_table_unref);
  g_clear_pointer (&directory->roles, g_hash_table_unref);
  g_free (directory);
}

void
sanhe_oa_directory_add_user (SanheOaDirectory *directory,
                             gint64            user,
                             gint64            department,
                             gint64            manager)
{
  User *entry;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (user > 0);

  entry = g_new0 (User, 1);
  entry->id = user;
  entry->department = department;
  entry->manager = manager;
  g_hash_table_replace (directory->users, &entry->id, entry);
}

void
sanhe_oa_directory_add_department (SanheOaDirectory *directory,
                                   gint64            department,
                                   gint64            parent,
                                   gint64            head)
{
  Department *entry;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (department > 0);

  entry = g_new0 (Department, 1);
  entry->id = department;
  entry->parent = parent;
  entry->head = head;
  g_hash_table_replace (directory->departments, &entry->id, entry);
}

void
sanhe_oa_directory_add_role_member (SanheOaDirectory *directory,
                                    const char       *role,
                                    gint64            user)
{
  GArray *members;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (role != NULL);
  g_return_if_fail (user > 0);

  members = g_hash_table_lookup (directory->roles, role);
  if (members == NULL)
    {
      members = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (directory->roles, g_strdup (role), members);
    }
  g_array_append_val (members, user);
}

gboolean
sanhe_oa_directory_has_user (const SanheOaDirectory *directory,
                             gint64                  user)
{
  g_return_val_if_fail (directory != NULL, FALSE);

  return g_hash_table_contains (directory->users, &user);
}

gint64
sanhe_oa_directory_get_manager (const SanheOaDirectory *directory,
                                gint64                  user)
{
  User *entry;

  g_return_val_if_fail (directory != NULL, 0);

  entry = g_hash_table_lookup (directory->users, &user);
  if (entry == NULL || !sanhe_oa_directory_has_user (directory, entry->manager))
    return 0;
  return entry->manager;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
add_user (const SanheOaDirectory *directory,
          GArray                 *users,
          gint64                  user)
{
  if (!sanhe_oa_directory_has_user (directory, user))
    return;
  for (guint i = 0; i < users->len; i++)
    if (g_array_index (users, gint64, i) == user)
      return;
  g_array_append_val (users, user);
}

static gint64
department_head (const SanheOaDirectory *directory,
                 gint64                  department,
                 gint64                  applicant)
{
  /* A department tree is shallow; the bound also stops a corrupt parent loop. */
  for (guint hops = 0; hops < 64 && department > 0; hops++)
    {
      Department *entry = g_hash_table_lookup (directory->departments, &department);

      if (entry == NULL)
        return 0;
      if (entry->head > 0 && entry->head != applicant && sanhe_oa_directory_has_user (directory, entry->head))
        return entry->head;
      department = entry->parent;
    }
  return 0;
}

GArray *
sanhe_oa_directory_resolve (const SanheOaDirectory *directory,
                            const SanheOaAssignee  *assignee,
                            const SanheOaContext   *context)
{
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));
  const SanheOaValue *value;
  GArray *members;

  g_return_val_if_fail (directory != NULL, users);
  g_return_val_if_fail (assignee != NULL, users);
  g_return_val_if_fail (context != NULL, users);

  switch (assignee->rule)
    {
    case SANHE_OA_ASSIGNEE_USER:
      add_user (directory, users, assignee->user);
      break;

    case SANHE_OA_ASSIGNEE_ROLE:
      members = g_hash_table_lookup (directory->roles, assignee->role);
      for (guint i = 0; members != NULL && i < members->len; i++)
        add_user (directory, users, g_array_index (members, gint64, i));
      g_array_sort (users, compare_ids);
      break;

    case SANHE_OA_ASSIGNEE_MANAGER:
      add_user (directory, users, sanhe_oa_directory_get_manager (directory, context->applicant));
      break;

    case SANHE_OA_ASSIGNEE_DEPARTMENT_HEAD:
      add_user (directory, users,
                department_head (directory,
                                 assignee->department > 0 ? assignee->department : context->department,
                                 context->applicant));
      break;

    case SANHE_OA_ASSIGNEE_FIELD:
      value = sanhe_oa_values_lookup (context->form, assignee->field);
      if (value != NULL && value->type == SANHE_OA_FIELD_TYPE_USER)
        add_user (directory, users, value->id);
      break;

    default:
      g_assert_not_reached ();
    }

  return users;
}
