/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-production-tasks"

#include "config.h"

#include "sanhe-erp-private.h"

void
_sanhe_erp_production_tasks_register (SanheRouter *router)
{
}
