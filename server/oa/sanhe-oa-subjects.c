/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-oa-store.h"

/*
 * The records an approval can be about, and who may see their
 * approvals. A request may name any record as its subject; for the kinds
 * below, whoever may read such records sees the approvals about them too
 * (the purchase order's page shows its approvals to every buyer, not only
 * to the applicant and approvers). Approvals about other kinds stay
 * visible to their participants alone.
 */
static const struct
{
  const char *type;
  const char *permission;
} subjects[] = {
  { "crm.customer",        "erp.sales.read" },
  { "erp.item",            "erp.items.read" },
  { "erp.supplier",        "erp.purchasing.read" },
  { "erp.purchase_order",  "erp.purchasing.read" },
  { "erp.sales_order",     "erp.sales.read" },
  { "erp.production_task", "erp.production.read" },
};

/* Returns: (transfer full): the subject types @request's user may read,
 * as a PostgreSQL text[] literal. */
char *
_sanhe_oa_readable_subjects (SanheRequest *request)
{
  g_autoptr(GString) array = g_string_new ("{");

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (sanhe_request_has_permission (request, subjects[i].permission))
      g_string_append_printf (array, "%s%s", array->len > 1 ? "," : "", subjects[i].type);
  g_string_append_c (array, '}');
  return g_string_free (g_steal_pointer (&array), FALSE);
}
