/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/sanhe-router.h"

G_BEGIN_DECLS

void sanhe_modules_register (SanheRouter *router);

G_END_DECLS
