/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"
#include "sanhe-erp-order-spec.h"

G_BEGIN_DECLS

#define SANHE_TYPE_FULFIL_DIALOG (sanhe_fulfil_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SanheFulfilDialog, sanhe_fulfil_dialog, SANHE, FULFIL_DIALOG, AdwWindow)

SanheFulfilDialog *sanhe_fulfil_dialog_new (GtkWidget               *parent,
                                            SanheApi                *api,
                                            const SanheErpOrderSpec *spec,
                                            SanheRecord             *order);

G_END_DECLS
