/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sanhe-api.h"
#include "sanhe-oa-form.h"

G_BEGIN_DECLS

#define SANHE_TYPE_APPROVAL_DIALOG (sanhe_approval_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SanheApprovalDialog, sanhe_approval_dialog, SANHE, APPROVAL_DIALOG, AdwWindow)

SanheApprovalDialog *sanhe_approval_dialog_new      (GtkWidget           *parent,
                                                     SanheApi            *api,
                                                     const char          *subject_type,
                                                     gint64               subject_id,
                                                     const char          *subject_label,
                                                     const char          *process,
                                                     JsonObject          *prefill);
SanheOaForm         *sanhe_approval_dialog_get_form (SanheApprovalDialog *self);
void                 sanhe_approval_dialog_submit   (SanheApprovalDialog *self);

G_END_DECLS
