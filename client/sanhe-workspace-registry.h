/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;           /* "crm", "admin-users": page names, SANHE_SCREENSHOT_PAGE */
  const char *title;        /* N_() */
  const char *group;        /* N_() sidebar section */
  const char *icon_name;
  const char *description;  /* N_() for workspaces still to come, else NULL */
  const char *permission;   /* shown only with it; NULL for everyone */
  GType     (*get_type) (void);
} SanheWorkspaceInfo;

const SanheWorkspaceInfo *sanhe_workspace_registry_get    (guint                    *n_infos);
const SanheWorkspaceInfo *sanhe_workspace_registry_lookup (const char               *id);
SanheWorkspacePage       *sanhe_workspace_info_create     (const SanheWorkspaceInfo *info,
                                                           SanheApi                 *api);

G_END_DECLS
