/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-core"

#include "config.h"

#include "sanhe-core.h"
#include "sanhe-core-private.h"

/* The core module: sessions, users, departments, roles, audit, the staff directory. */
void
sanhe_core_register (SanheRouter *router)
{
  _sanhe_core_sessions_register (router);
  _sanhe_core_users_register (router);
  _sanhe_core_departments_register (router);
  _sanhe_core_roles_register (router);
  _sanhe_core_audit_register (router);
  _sanhe_core_directory_register (router);
}
