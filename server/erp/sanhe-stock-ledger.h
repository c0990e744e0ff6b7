/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "sanhe-decimal.h"
#include "sanhe-request.h"

G_BEGIN_DECLS

#define SANHE_CODE_STOCK_INSUFFICIENT "erp.stock.insufficient"

typedef enum
{
  SANHE_STOCK_RECEIPT,     /* qty > 0 in, at unit_cost: moves the average cost */
  SANHE_STOCK_ISSUE,       /* qty > 0 out, at the average cost */
  SANHE_STOCK_TRANSFER,    /* qty > 0 from warehouse to to_warehouse */
  SANHE_STOCK_ADJUSTMENT,  /* qty signed: a count correction */
} SanheStockMoveKind;

typedef struct
{
  SanheStockMoveKind  kind;
  gint64              item_id;
  gint64              warehouse_id;
  gint64              to_warehouse_id;   /* transfers */
  SanheDecimal        qty;
  SanheDecimal        unit_cost;         /* receipts; ignored otherwise */
  const char         *reference;         /* free text, nullable */
  const char         *document_type;     /* "erp.purchase_order", nullable */
  gint64              document_id;
} SanheStockMove;

const char *sanhe_stock_move_kind_to_string (SanheStockMoveKind  kind);
gboolean    sanhe_stock_move_kind_from_string (const char        *text,
                                               SanheStockMoveKind *out);
gboolean    sanhe_stock_post                 (PGconn             *conn,
                                              SanheRequest       *request,
                                              const SanheStockMove *move,
                                              GError            **error);

G_END_DECLS
