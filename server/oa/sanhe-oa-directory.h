/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-oa-condition.h"
#include "sanhe-oa-definition.h"

G_BEGIN_DECLS

/*
 * The slice of the user directory that assignee resolution needs, filled by
 * the caller from the database: users (with their department and manager),
 * departments (with their parent and head) and role memberships. Add active
 * users only: a user id the directory does not hold resolves to nobody.
 */
typedef struct _SanheOaDirectory SanheOaDirectory;

SanheOaDirectory *sanhe_oa_directory_new             (void);
void              sanhe_oa_directory_free            (SanheOaDirectory        *directory);
void              sanhe_oa_directory_add_user        (SanheOaDirectory        *directory,
                                                      gint64                   user,
                                                      gint64                   department,
                                                      gint64                   manager);
void              sanhe_oa_directory_add_department  (SanheOaDirectory        *directory,
                                                      gint64                   department,
                                                      gint64                   parent,
                                                      gint64                   head);
void              sanhe_oa_directory_add_role_member (SanheOaDirectory        *directory,
                                                      const char              *role,
                                                      gint64                   user);

gboolean          sanhe_oa_directory_has_user        (const SanheOaDirectory  *directory,
                                                      gint64                   user);
/* Returns: the user's manager, or 0. */
gint64            sanhe_oa_directory_get_manager     (const SanheOaDirectory  *directory,
                                                      gint64                   user);

/*
 * Resolves an assignee rule for a request to user ids, in a stable order
 * and without duplicates:
 *   user             the user;
 *   role             every member, by ascending id;
 *   manager          the applicant's manager;
 *   department_head  the head of the rule's department, else of the
 *                    applicant's (@context->department); when that head is
 *                    the applicant, the head of the parent department, and so
 *                    on up;
 *   field            the user in that form field.
 * Returns: (transfer full): a GArray of gint64, empty when nobody fits.
 */
GArray           *sanhe_oa_directory_resolve         (const SanheOaDirectory  *directory,
                                                      const SanheOaAssignee   *assignee,
                                                      const SanheOaContext    *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaDirectory, sanhe_oa_directory_free)

G_END_DECLS
