/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "sanhe-request.h"
#include "sanhe-stock-ledger.h"

G_BEGIN_DECLS

/* A document in the wrong state for what was asked: stable codes shared by
 * purchase orders, sales orders and production tasks. */
#define SANHE_CODE_ORDER_NOT_DRAFT     "erp.order.not_draft"
#define SANHE_CODE_ORDER_INVALID_STATE "erp.order.invalid_state"

/*
 * Purchase and sales orders are one engine: a header with a partner, lines
 * of item × qty × price with a date, and a fulfilment action (receive or
 * ship) that posts each line to the stock ledger and advances the state as
 * the lines fill. A kind names the tables, columns and words that differ.
 * Every identifier here is a constant of the module, never user input, so
 * pasting them into SQL text is safe; values still travel as $n.
 */
typedef struct
{
  const char         *entity;          /* "erp.purchase_order": audit entity, stock document type */
  const char         *what;            /* "purchase order", in messages */
  const char         *not_found;       /* "erp.purchase_order.not_found" */
  const char         *event;           /* "erp.purchase_order.updated" */
  const char         *prefix;          /* "PO": core.next_document_number() */
  const char         *orders_table;    /* "erp.purchase_orders" */
  const char         *lines_table;     /* "erp.purchase_order_lines" */
  const char         *partner;         /* "supplier": JSON member and word */
  const char         *partner_table;   /* "erp.suppliers" */
  const char         *partner_column;  /* "supplier_id" */
  const char         *done_column;     /* "received_qty": column and JSON member */
  const char         *date_column;     /* "expected_date": column and JSON member */
  const char         *partial_state;   /* "partially_received" */
  const char         *done_state;      /* "received" */
  const char         *fulfil_action;   /* "receive": audit action */
  SanheStockMoveKind  move_kind;       /* SANHE_STOCK_RECEIPT (at the line price) or _ISSUE */
  gboolean            has_mrp_run;     /* the order shows "mrp_run_id" */
} SanheOrderKind;

/* sanhe-documents-orders.c */
JsonNode *_sanhe_order_doc     (const SanheOrderKind  *kind,
                                PGconn                *conn,
                                gint64                 id,
                                gboolean               for_update,
                                GError               **error);
JsonNode *_sanhe_order_lock    (const SanheOrderKind  *kind,
                                PGconn                *conn,
                                gint64                 id,
                                GError               **error);
JsonNode *_sanhe_order_list    (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
JsonNode *_sanhe_order_get     (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
JsonNode *_sanhe_order_create  (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
JsonNode *_sanhe_order_update  (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
JsonNode *_sanhe_order_confirm (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
JsonNode *_sanhe_order_cancel  (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);
/* sanhe-documents-fulfil.c */
JsonNode *_sanhe_order_fulfil  (const SanheOrderKind  *kind,
                                SanheRequest          *request,
                                PGconn                *conn,
                                GError               **error);

/*
 * Helpers every ERP document shares (sanhe-production-tasks.c). Bodies
 * with "lines" are read line by line, each line's problems reported as
 * "lines[i].field" in the one 422.
 */
SanheFields *_sanhe_documents_get_fields   (SanheRequest        *request,
                                            const char * const  *allowed,
                                            GError             **error);
gboolean     _sanhe_documents_query_id     (SanheRequest        *request,
                                            const char          *name,
                                            char               **out_text,
                                            GError             **error);
gboolean     _sanhe_documents_query_state  (SanheRequest        *request,
                                            const char * const  *states,
                                            const char         **out_state,
                                            GError             **error);
gboolean     _sanhe_documents_read_decimal (SanheFields         *fields,
                                            const char          *name,
                                            SanheFieldFlags      flags,
                                            gboolean             positive,
                                            SanheDecimal        *out);
gboolean     _sanhe_documents_check_state  (JsonNode            *doc,
                                            const char * const  *states,
                                            const char          *code,
                                            const char          *what,
                                            const char          *doing,
                                            GError             **error);
gboolean     _sanhe_documents_check_optional_version (SanheFields *fields,
                                                      JsonNode    *current,
                                                      const char  *what,
                                                      GError     **error);
gboolean     _sanhe_documents_notify       (PGconn              *conn,
                                            const char          *event,
                                            JsonNode            *doc,
                                            GError             **error);
gboolean     _sanhe_documents_exists       (PGconn              *conn,
                                            const char          *sql,
                                            gint64               id,
                                            gboolean            *out,
                                            GError             **error);
JsonArray   *_sanhe_documents_body_lines   (SanheRequest        *request,
                                            SanheFields         *fields,
                                            gboolean             mandatory);
char        *_sanhe_documents_line_field   (guint                index,
                                            const char          *name);
SanheFields *_sanhe_documents_line_fields_new   (SanheFields        *fields,
                                                 JsonArray          *lines,
                                                 guint               index,
                                                 const char * const *allowed);
void         _sanhe_documents_line_fields_merge (SanheFields        *fields,
                                                 SanheFields        *line,
                                                 guint               index);

G_END_DECLS
