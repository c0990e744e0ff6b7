/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_WORKSPACE_PAGE (sanhe_workspace_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (SanheWorkspacePage, sanhe_workspace_page, SANHE, WORKSPACE_PAGE, AdwBin)

struct _SanheWorkspacePageClass
{
  AdwBinClass parent_class;

  /* Each may be NULL: its action is then disabled. */
  void (*reload)     (SanheWorkspacePage *self);
  void (*search)     (SanheWorkspacePage *self);
  void (*new_record) (SanheWorkspacePage *self);
  void (*save)       (SanheWorkspacePage *self);
  void (*event)      (SanheWorkspacePage *self,
                      const char         *type,
                      JsonNode           *event);

  gpointer padding[8];
};

SanheApi     *sanhe_workspace_page_get_api          (SanheWorkspacePage *self);
GCancellable *sanhe_workspace_page_get_cancellable  (SanheWorkspacePage *self);
const char   *sanhe_workspace_page_get_workspace_id (SanheWorkspacePage *self);
const char   *sanhe_workspace_page_get_title        (SanheWorkspacePage *self);
const char   *sanhe_workspace_page_get_icon_name    (SanheWorkspacePage *self);
gboolean      sanhe_workspace_page_get_loading      (SanheWorkspacePage *self);
gboolean      sanhe_workspace_page_get_loaded       (SanheWorkspacePage *self);
void          sanhe_workspace_page_set_loading      (SanheWorkspacePage *self,
                                                     gboolean            loading);
void          sanhe_workspace_page_reload           (SanheWorkspacePage *self);
void          sanhe_workspace_page_handle_event     (SanheWorkspacePage *self,
                                                     const char         *type,
                                                     JsonNode           *event);
gboolean      sanhe_workspace_page_activate         (SanheWorkspacePage *self,
                                                     const char         *action_name);
void          sanhe_workspace_page_add_toast        (SanheWorkspacePage *self,
                                                     const char         *text);

G_END_DECLS
