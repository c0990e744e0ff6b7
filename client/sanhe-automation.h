/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-application.h"
#include "sanhe-login-window.h"
#include "sanhe-oa-notify.h"
#include "sanhe-window.h"

G_BEGIN_DECLS

typedef struct _SanheAutomation SanheAutomation;

SanheAutomation *sanhe_automation_new_from_environment (void);
void             sanhe_automation_free                 (SanheAutomation  *self);
gboolean         sanhe_automation_is_active            (SanheAutomation  *self);
void             sanhe_automation_prepare_login        (SanheAutomation  *self,
                                                        SanheLoginWindow *window);
void             sanhe_automation_login_failed         (SanheAutomation  *self,
                                                        SanheApplication *application,
                                                        const GError     *error);
void             sanhe_automation_main_window_shown    (SanheAutomation  *self,
                                                        SanheApplication *application,
                                                        SanheWindow      *window);
void             sanhe_automation_announced            (SanheAutomation  *self,
                                                        SanheOaNotice     notice,
                                                        const char       *title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheAutomation, sanhe_automation_free)

G_END_DECLS
