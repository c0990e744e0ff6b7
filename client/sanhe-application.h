/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"
#include "sanhe-oa-pending.h"

G_BEGIN_DECLS

#define SANHE_TYPE_APPLICATION (sanhe_application_get_type ())

G_DECLARE_FINAL_TYPE (SanheApplication, sanhe_application, SANHE, APPLICATION, AdwApplication)

gboolean          sanhe_application_setup_i18n       (void);
SanheApplication *sanhe_application_new              (void);
SanheApi         *sanhe_application_get_api          (SanheApplication *self);
SanheOaPending   *sanhe_application_get_pending      (SanheApplication *self);
int               sanhe_application_get_exit_status  (SanheApplication *self);
void              sanhe_application_quit_with_status (SanheApplication *self,
                                                      int               status);

G_END_DECLS
