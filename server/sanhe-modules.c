/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-server"

#include "config.h"

#include "core/sanhe-core.h"
#include "erp/sanhe-erp.h"
#include "oa/sanhe-oa-module.h"

#include "sanhe-modules.h"

/* Every module's routes, in one place: the server and the tests that check
 * the API description both call this, so neither can miss a module. */
void
sanhe_modules_register (SanheRouter *router)
{
  sanhe_core_register (router);
  sanhe_erp_register (router);
  sanhe_oa_register (router);
}
