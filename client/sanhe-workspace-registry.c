/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-workspace-registry"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-departments-page.h"
#include "sanhe-erp-page.h"
#include "sanhe-oa-inbox-page.h"
#include "sanhe-oa-page.h"
#include "sanhe-placeholder-page.h"
#include "sanhe-roles-page.h"
#include "sanhe-users-page.h"
#include "sanhe-workspace-registry.h"

/*
 * Every workspace of the sidebar, in order. A module adds its pages here;
 * the window shows those the user's permissions allow.
 */
static const SanheWorkspaceInfo registry[] = {
  { "crm", N_("CRM"), N_("Workspaces"), "x-office-address-book-symbolic",
    N_("Leads, customers, opportunities and quotations will be managed here. This workspace is coming soon."),
    NULL, sanhe_placeholder_page_get_type },
  /* Translators: the production and supply chain workspace */
  { "erp", N_("ERP"), N_("Workspaces"), "package-x-generic-symbolic",
    NULL, "erp.items.read", sanhe_erp_page_get_type },
  /* Translators: office automation: documents, notices, requests */
  { "oa", N_("OA"), N_("Workspaces"), "x-office-document-symbolic",
    NULL, "oa.requests.submit", sanhe_oa_page_get_type },
  /* Translators: the inbox of requests waiting for the user's decision */
  { "approvals", N_("Approvals"), N_("Workspaces"), "emblem-ok-symbolic",
    NULL, "oa.requests.submit", sanhe_oa_inbox_page_get_type },
  { "admin-users", N_("Users"), N_("Administration"), "system-users-symbolic",
    NULL, "core.users.manage", sanhe_users_page_get_type },
  { "admin-departments", N_("Departments"), N_("Administration"), "network-workgroup-symbolic",
    NULL, "core.departments.manage", sanhe_departments_page_get_type },
  { "admin-roles", N_("Roles"), N_("Administration"), "channel-secure-symbolic",
    NULL, "core.roles.manage", sanhe_roles_page_get_type },
};

const SanheWorkspaceInfo *
sanhe_workspace_registry_get (guint *n_infos)
{
  if (n_infos != NULL)
    *n_infos = G_N_ELEMENTS (registry);

  return registry;
}

/* Returns: (nullable): the workspace called @id. */
const SanheWorkspaceInfo *
sanhe_workspace_registry_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    if (g_str_equal (registry[i].id, id))
      return &registry[i];

  return NULL;
}

/* Returns: (transfer floating): a new page for @info. */
SanheWorkspacePage *
sanhe_workspace_info_create (const SanheWorkspaceInfo *info,
                             SanheApi                 *api)
{
  GType type;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (SANHE_IS_API (api), NULL);

  type = info->get_type ();
  g_return_val_if_fail (g_type_is_a (type, SANHE_TYPE_WORKSPACE_PAGE), NULL);

  if (info->description != NULL)
    return g_object_new (type,
                         "api", api,
                         "workspace-id", info->id,
                         "title", _(info->title),
                         "icon-name", info->icon_name,
                         "description", _(info->description),
                         NULL);

  return g_object_new (type,
                       "api", api,
                       "workspace-id", info->id,
                       "title", _(info->title),
                       "icon-name", info->icon_name,
                       NULL);
}
