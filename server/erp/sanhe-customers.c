/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-customers"

#include "config.h"

#include "sanhe-erp-private.h"

void
_sanhe_erp_customers_register (SanheRouter *router)
{
}
