/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-error-text"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-api.h"
#include "sanhe-error-text.h"

/*
 * The one place where an error code becomes words for the user, in their
 * language. Server messages are English and for logs; the UI shows these.
 * Each says what happened and, where there is something to do, what to do.
 */

static const struct
{
  const char *code;
  const char *text;
} texts[] = {
  { SANHE_CODE_INVALID_CREDENTIALS,
    N_("Wrong login or password. Check both and try again.") },
  { SANHE_CODE_THROTTLED,
    N_("Too many failed attempts. Wait a minute, then try again.") },
  { SANHE_CODE_INVALID_TOKEN,
    N_("Your session has expired. Please log in again.") },
  { SANHE_CODE_FORBIDDEN,
    N_("You do not have permission to do this. Ask an administrator if you need it.") },
  { SANHE_CODE_MALFORMED_JSON,
    N_("The server could not read the request. Please report this problem.") },
  { SANHE_CODE_BAD_REQUEST,
    N_("The server rejected the request as invalid. Please report this problem.") },
  { SANHE_CODE_TOO_LARGE,
    N_("The data is too large for the server. Shorten it and try again.") },
  { SANHE_CODE_ROUTE_NOT_FOUND,
    N_("The server does not offer this function. It may be an older version.") },
  { SANHE_CODE_METHOD_NOT_ALLOWED,
    N_("The server does not offer this function. It may be an older version.") },
  { SANHE_CODE_VALIDATION,
    N_("Some fields need attention. See the messages next to them.") },
  { SANHE_CODE_STALE_VERSION,
    N_("Someone else changed this record after you opened it.") },
  { SANHE_CODE_CONFLICT,
    N_("This conflicts with another record. Change it and try again.") },
  { SANHE_CODE_RECORD_NOT_FOUND,
    N_("This record no longer exists. Someone may have deleted it.") },
  { "core.user.not_found",
    N_("This user no longer exists. Someone may have deleted it.") },
  { "core.department.not_found",
    N_("This department no longer exists. Someone may have deleted it.") },
  { "core.role.not_found",
    N_("This role no longer exists. Someone may have deleted it.") },
  { "erp.stock.insufficient",
    N_("There is not enough stock for this. Lower the quantity, or receive or move stock into the warehouse first.") },
  { "erp.bom.cycle",
    N_("This would make a bill of materials contain itself. Remove the component that closes the loop.") },
  { "oa.task.already_decided",
    N_("Someone already decided this approval. The list has been refreshed.") },
  { "oa.task.not_assignee",
    N_("This approval is no longer yours: it was transferred or taken by someone else.") },
  { "oa.task.not_found",
    N_("This approval no longer exists. The request may have been withdrawn.") },
  { "oa.request.not_pending",
    N_("This request is no longer in approval. Reload to see where it stands.") },
  { "oa.request.not_withdrawable",
    N_("This request can no longer be withdrawn: an approver has already decided on it.") },
  { "oa.request.not_applicant",
    N_("Only the applicant can do this.") },
  { "oa.request.urged_recently",
    N_("You already sent a reminder within the last hour. Please wait before sending another.") },
  { "oa.return.invalid_target",
    N_("The request cannot be returned to that step. Choose the applicant or a step it has already passed.") },
  { "oa.return.after_effect",
    N_("The request cannot be returned past a step that has already taken effect.") },
  { "oa.transfer.invalid",
    N_("The approval cannot be handed to this person. Choose another active user.") },
  { "oa.signer.invalid",
    N_("This person cannot be added as an approver. Choose another active user.") },
  { "oa.assignee.unresolved",
    N_("Nobody can approve the next step (for example, the applicant has no manager). Ask an administrator to check the process.") },
  { "oa.process.invalid",
    N_("The process definition has errors. See the details for each step.") },
  { "oa.rule.invalid",
    N_("This rule is not valid. Check its dates, process and people.") },
  { "oa.condition.invalid",
    N_("The rule's condition is not valid. Check the field and the value.") },
  { "oa.effect.failed",
    N_("A step of the process could not take effect, so nothing was changed. Tell your administrator.") },
  { "erp.bom.rollup_failed",
    N_("The cost of this bill of materials is too large to store. Check its quantities and costs.") },
  { "erp.order.invalid_state",
    N_("The order is not in a state that allows this. Reload it to see where it stands.") },
  { "erp.order.not_draft",
    N_("Only a draft order can be changed. This one has been confirmed or cancelled.") },
  { "erp.item.not_found",
    N_("This item no longer exists. Someone may have deleted it.") },
  { "erp.warehouse.not_found",
    N_("This warehouse no longer exists. Choose another one.") },
  { "erp.supplier.not_found",
    N_("This supplier no longer exists. Choose another one.") },
  { "crm.customer.not_found",
    N_("This customer no longer exists. Choose another one.") },
  { "erp.purchase_order.not_found",
    N_("This purchase order no longer exists. Someone may have deleted it.") },
  { "erp.sales_order.not_found",
    N_("This sales order no longer exists. Someone may have deleted it.") },
  { "erp.production_task.not_found",
    N_("This production task no longer exists. Someone may have deleted it.") },
  { "erp.mrp_run.not_found",
    N_("This MRP run no longer exists. Run MRP again.") },
  { "erp.mrp.invalid_data",
    N_("MRP cannot plan with the data as it is (an item or bill of materials is inconsistent). Correct it and run MRP again.") },
  { SANHE_CODE_DB_UNAVAILABLE,
    N_("The server’s database is not available. Try again in a moment.") },
  { SANHE_CODE_INTERNAL,
    N_("The server ran into an internal error. Try again; if it keeps happening, tell your administrator.") },
  { SANHE_CODE_NETWORK,
    N_("Cannot reach the server. Check the address and your network connection.") },
  { SANHE_CODE_INVALID_URL,
    N_("The server address is not valid. It should look like http://server:8080.") },
  { SANHE_CODE_BAD_RESPONSE,
    N_("The server sent an unexpected answer. Check that the address is that of a Sanhe server.") },
};

static const struct
{
  const char *code;
  const char *text;
} field_texts[] = {
  { SANHE_FIELD_REQUIRED, N_("This field is required.") },
  { SANHE_FIELD_WRONG_TYPE, N_("This value has the wrong type.") },
  { SANHE_FIELD_UNKNOWN, N_("The server does not accept this field.") },
  { SANHE_FIELD_INVALID, N_("This value is not valid.") },
  { SANHE_FIELD_TOO_LONG, N_("This is too long.") },
  { SANHE_FIELD_TOO_SHORT, N_("This is too short.") },
  { SANHE_FIELD_NOT_FOUND, N_("The selected item no longer exists.") },
  { SANHE_FIELD_TAKEN, N_("This is already in use. Choose another.") },
  { SANHE_FIELD_CYCLE, N_("This choice would make a record part of itself.") },
  { "too_small", N_("This is below the smallest value allowed.") },
  { "too_large", N_("This is above the largest value allowed.") },
  { "not_an_option", N_("Choose one of the options.") },
};

/* Returns: (nullable): the translated text for @code, NULL if unknown. */
const char *
sanhe_error_text_for_code (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].code, code))
      return _(texts[i].text);

  /* Module codes follow "<module>.<thing>.not_found". */
  if (g_str_has_suffix (code, ".not_found"))
    return _("This record no longer exists. Someone may have deleted it.");

  return NULL;
}

/* The text to show for any error: by code for ours, a generic sentence for
 * codes this client does not know yet, the GError message otherwise. */
const char *
sanhe_error_text (const GError *error)
{
  const char *text;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SANHE_ERROR)
    return error->message;

  text = sanhe_error_text_for_code (sanhe_error_get_code (error));
  if (text != NULL)
    return text;

  switch (sanhe_error_get_status (error))
    {
    case 401:
      return _("Your session has expired. Please log in again.");
    case 403:
      return _("You do not have permission to do this. Ask an administrator if you need it.");
    case 404:
      return _("This record no longer exists. Someone may have deleted it.");
    case 409:
      return _("This conflicts with another record. Change it and try again.");
    case 422:
      return _("Some fields need attention. See the messages next to them.");
    default:
      return _("The server could not do this. Try again; if it keeps happening, tell your administrator.");
    }
}

const char *
sanhe_field_error_text (const char *field_code)
{
  if (field_code != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (field_texts); i++)
      if (g_str_equal (field_texts[i].code, field_code))
        return _(field_texts[i].text);

  return _("This value is not valid.");
}
