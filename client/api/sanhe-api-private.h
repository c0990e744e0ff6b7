/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-api.h"

G_BEGIN_DECLS

void _sanhe_api_set_token (SanheApi    *self,
                           const char  *token);
void _sanhe_api_set_me    (SanheApi    *self,
                           SanheRecord *me);

G_END_DECLS
