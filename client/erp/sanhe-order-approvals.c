/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-order-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-decimal.h"

#include "sanhe-format.h"
#include "sanhe-order-editor-private.h"

/*
 * The approvals of an order, under its lines (SanheApprovalsPanel): a
 * purchase order is the subject "erp.purchase_order" and goes through a
 * purchase request (采购申请) by default, a sales order "erp.sales_order"
 * through a contract approval (合同审批). The request form starts with
 * what the order says: its number, partner, quantity and total.
 */

typedef struct
{
  SanheErpOrderKind  kind;
  const char        *subject_type;
  const char        *process;
} OrderApprovals;

static const OrderApprovals approvals[] = {
  { SANHE_ERP_ORDER_PURCHASE, "erp.purchase_order", "purchase_request" },
  { SANHE_ERP_ORDER_SALES, "erp.sales_order", "contract_approval" },
};

static const OrderApprovals *
find_approvals (SanheOrderEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (approvals); i++)
    if (approvals[i].kind == self->spec->kind)
      return &approvals[i];

  return NULL;
}

/* The sum of the lines' quantities, or NULL if one is not a number. */
static char *
total_quantity (JsonArray *lines)
{
  SanheDecimal sum = SANHE_DECIMAL_ZERO;

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      SanheDecimal qty;

      if (!sanhe_decimal_parse (json_object_get_string_member_with_default (line, "qty", ""), &qty)
          || !sanhe_decimal_add (sum, qty, &sum))
        return NULL;
    }

  return sanhe_decimal_format (sum, SANHE_DECIMAL_SCALE);
}

/* purchase_request: item, quantity, amount (and a reason the user writes). */
static void
prefill_purchase (JsonObject *values,
                  JsonObject *order)
{
  JsonNode *lines_node = json_object_get_member (order, "lines");
  JsonArray *lines = lines_node != NULL && JSON_NODE_HOLDS_ARRAY (lines_node) ? json_node_get_array (lines_node) : NULL;
  guint n = lines != NULL ? json_array_get_length (lines) : 0;
  g_autofree char *quantity = n > 0 ? total_quantity (lines) : NULL;

  if (n == 1)
    {
      JsonObject *line = json_array_get_object_element (lines, 0);
      JsonNode *item = json_object_get_member (line, "item");

      if (item != NULL && JSON_NODE_HOLDS_OBJECT (item))
        json_object_set_string_member (values, "item",
                                       json_object_get_string_member_with_default (json_node_get_object (item), "name", ""));
    }
  else if (n > 1)
    {
      /* Translators: the "item" of a purchase request for a whole order: its number, how many lines */
      g_autofree char *item = g_strdup_printf (ngettext ("%s (%u line)", "%s (%u lines)", n),
                                               json_object_get_string_member_with_default (order, "number", ""), n);

      json_object_set_string_member (values, "item", item);
    }
  if (quantity != NULL)
    json_object_set_string_member (values, "quantity", quantity);
}

/* contract_approval: the contract, its customer and amount. */
static void
prefill_sales (JsonObject *values,
               JsonObject *order)
{
  JsonNode *customer = json_object_get_member (order, "customer");

  json_object_set_string_member (values, "title", json_object_get_string_member_with_default (order, "number", ""));
  if (customer != NULL && JSON_NODE_HOLDS_OBJECT (customer))
    {
      JsonObject *object = json_node_get_object (customer);
      JsonObject *picked = json_object_new ();

      /* {"id","name"}: the customer picker shows the name at once. */
      json_object_set_int_member (picked, "id", json_object_get_int_member_with_default (object, "id", 0));
      json_object_set_string_member (picked, "name", json_object_get_string_member_with_default (object, "name", ""));
      json_object_set_object_member (values, "customer", picked);
    }
}

/* Returns: (transfer full): what a request form starts with for @order. */
static JsonObject *
create_prefill (SanheOrderEditor *self,
                JsonObject       *order)
{
  JsonObject *values = json_object_new ();
  const char *total = json_object_get_string_member_with_default (order, "total", NULL);

  if (self->spec->kind == SANHE_ERP_ORDER_SALES)
    prefill_sales (values, order);
  else
    prefill_purchase (values, order);
  if (total != NULL)
    json_object_set_string_member (values, "amount", total);

  return values;
}

void
_sanhe_order_editor_setup_approvals (SanheOrderEditor *self)
{
  const OrderApprovals *kind = find_approvals (self);

  if (kind == NULL)
    return;
  self->approvals = SANHE_APPROVALS_PANEL (sanhe_approvals_panel_new (self->api, kind->subject_type, 0));
  adw_bin_set_child (self->approvals_bin, GTK_WIDGET (self->approvals));
  g_object_bind_property (self->approvals, "visible", self->approvals_separator, "visible", G_BINDING_SYNC_CREATE);
}

/* Shows the approvals of the order now in the editor (none for a new one). */
void
_sanhe_order_editor_update_approvals (SanheOrderEditor *self)
{
  const OrderApprovals *kind = find_approvals (self);
  g_autoptr(JsonObject) prefill = NULL;
  JsonObject *order;

  if (self->approvals == NULL || kind == NULL)
    return;
  if (self->order == NULL)
    {
      sanhe_approvals_panel_set_subject (self->approvals, NULL, 0, NULL);
      return;
    }

  order = sanhe_record_get_object (self->order);
  prefill = create_prefill (self, order);
  sanhe_approvals_panel_set_prefill (self->approvals, kind->process, prefill);
  sanhe_approvals_panel_set_subject (self->approvals, kind->subject_type, sanhe_record_get_id (self->order),
                                     sanhe_record_get_string (self->order, "number"));
}

/* A server event: the approvals panel decides whether it is about it. */
void
sanhe_order_editor_handle_event (SanheOrderEditor *self,
                                 const char       *type,
                                 JsonNode         *event)
{
  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));

  if (self->approvals != NULL)
    sanhe_approvals_panel_handle_event (self->approvals, type, event);
}
