/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-module.h"
#include "sanhe-oa-store.h"

void
sanhe_oa_register (SanheRouter *router)
{
  _sanhe_oa_process_routes_register (router);
  _sanhe_oa_request_routes_register (router);
  _sanhe_oa_task_routes_register (router);
  _sanhe_oa_rule_routes_register (router);
  _sanhe_oa_timer_routes_register (router);
}
