/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called once: with what to render, or NULL when the script failed. */
typedef void (*SanheApprovalsShotFunc) (GtkWidget *target,
                                        gpointer   user_data);

void sanhe_approvals_automation_run (GtkWidget              *root,
                                     const char             *script,
                                     SanheApprovalsShotFunc  shoot,
                                     gpointer                user_data);

G_END_DECLS
