/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sanhe-erp-columns.h"

G_BEGIN_DECLS

typedef enum
{
  SANHE_ERP_ORDER_PURCHASE,
  SANHE_ERP_ORDER_SALES,
} SanheErpOrderKind;

/* What differs between purchase and sales orders, for the client. */
typedef struct
{
  SanheErpOrderKind     kind;
  const char           *path;               /* "/api/v1/erp/purchase-orders" */
  const char           *partner;            /* JSON member: "supplier" */
  const char           *partner_path;       /* "/api/v1/erp/suppliers" */
  const char           *done_member;        /* "received_qty" */
  const char           *date_member;        /* "expected_date" */
  const char           *fulfil;             /* "receive": POST /{id}/receive */
  const char           *read_permission;
  const char           *write_permission;
  const char           *event_prefix;       /* "erp.purchase_order." */
  const char * const   *states;
  const SanheErpColumn *list_columns;
  guint                 n_list_columns;
  const SanheErpColumn *line_columns;
  guint                 n_line_columns;
  /* N_() words */
  const char           *partner_label;      /* "_Supplier" */
  const char           *new_title;          /* "New Purchase Order" */
  const char           *empty_title;
  const char           *empty_description;
  const char           *search_placeholder;
  const char           *fulfil_label;       /* "_Receive…" */
  const char           *fulfil_tooltip;
  const char           *fulfil_title;       /* the dialog's: "Receive Goods" */
  const char           *fulfil_button;      /* "_Receive" */
  const char           *fulfil_qty_title;   /* "To Receive" */
  const char           *fulfilled_toast;    /* "Goods received" */
} SanheErpOrderSpec;

const SanheErpOrderSpec *sanhe_erp_order_spec_get    (SanheErpOrderKind        kind);
char                    *sanhe_erp_order_spec_count  (const SanheErpOrderSpec *spec,
                                                      guint                    n);
gboolean                 sanhe_erp_order_is_open     (const char              *state);

G_END_DECLS
