/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_APPROVALS_PANEL (sanhe_approvals_panel_get_type ())

G_DECLARE_FINAL_TYPE (SanheApprovalsPanel, sanhe_approvals_panel, SANHE, APPROVALS_PANEL, AdwBin)

GtkWidget  *sanhe_approvals_panel_new            (SanheApi            *api,
                                                  const char          *subject_type,
                                                  gint64               subject_id);
void        sanhe_approvals_panel_set_subject    (SanheApprovalsPanel *self,
                                                  const char          *subject_type,
                                                  gint64               subject_id,
                                                  const char          *subject_label);
void        sanhe_approvals_panel_set_prefill    (SanheApprovalsPanel *self,
                                                  const char          *process,
                                                  JsonObject          *values);
void        sanhe_approvals_panel_reload         (SanheApprovalsPanel *self);
void        sanhe_approvals_panel_handle_event   (SanheApprovalsPanel *self,
                                                  const char          *type,
                                                  JsonNode            *event);
gboolean    sanhe_approvals_panel_get_expanded   (SanheApprovalsPanel *self);
void        sanhe_approvals_panel_set_expanded   (SanheApprovalsPanel *self,
                                                  gboolean             expanded);
gboolean    sanhe_approvals_panel_get_busy       (SanheApprovalsPanel *self);
guint       sanhe_approvals_panel_get_n_requests (SanheApprovalsPanel *self);
JsonObject *sanhe_approvals_panel_get_request    (SanheApprovalsPanel *self,
                                                  guint                position);
GtkWidget  *sanhe_approvals_panel_request_approval (SanheApprovalsPanel *self,
                                                    const char          *process);

G_END_DECLS
