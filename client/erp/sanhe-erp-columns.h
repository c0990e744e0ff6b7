/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  SANHE_ERP_COLUMN_TEXT,       /* a string member */
  SANHE_ERP_COLUMN_QTY,        /* a decimal string, up to 4 places, right-aligned */
  SANHE_ERP_COLUMN_MONEY,      /* a decimal string, 2 places, right-aligned */
  SANHE_ERP_COLUMN_PRICE,      /* a unit price: 2 to 4 places, right-aligned */
  SANHE_ERP_COLUMN_PERCENT,    /* a decimal string, up to 2 places, right-aligned */
  SANHE_ERP_COLUMN_INT,        /* an integer member, right-aligned */
  SANHE_ERP_COLUMN_DATE,       /* a business date "YYYY-MM-DD" */
  SANHE_ERP_COLUMN_DATETIME,   /* an ISO 8601 timestamp */
  SANHE_ERP_COLUMN_STATE,      /* a document state, as a coloured pill */
  SANHE_ERP_COLUMN_ITEM_KIND,  /* make / buy */
  SANHE_ERP_COLUMN_MOVE_KIND,  /* receipt / issue / transfer / adjustment */
  SANHE_ERP_COLUMN_LATE,       /* "late" + "late_days" of an MRP suggestion */
  SANHE_ERP_COLUMN_COUNT,      /* the length of an array */
} SanheErpColumnKind;

typedef enum
{
  SANHE_ERP_COLUMN_EXPAND   = 1 << 0,
  SANHE_ERP_COLUMN_TREE     = 1 << 1,  /* a GtkTreeExpander: the model is a GtkTreeListModel */
  SANHE_ERP_COLUMN_EDITABLE = 1 << 2,  /* typed into on editable SanheErpLine rows */
  SANHE_ERP_COLUMN_NO_SORT  = 1 << 3,
  SANHE_ERP_COLUMN_STRONG   = 1 << 4,  /* codes, document numbers: bold, never cut */
  SANHE_ERP_COLUMN_DIM      = 1 << 5,
} SanheErpColumnFlags;

/* One column of an ERP grid, in a static table next to its page. */
typedef struct
{
  const char          *title;      /* N_() */
  const char          *path;       /* dotted path in the row: "item.code" */
  SanheErpColumnKind   kind;
  int                  nat_chars;
  SanheErpColumnFlags  flags;
} SanheErpColumn;

/* A CSS class for every cell of a row (a shortage in red), or NULL. */
typedef const char *(*SanheErpRowClassFunc) (JsonObject *row,
                                             gpointer    user_data);

void      sanhe_erp_columns_add     (GtkColumnView        *view,
                                     const SanheErpColumn *columns,
                                     guint                 n_columns,
                                     SanheErpRowClassFunc  row_class,
                                     gpointer              user_data);
char     *sanhe_erp_column_display  (const SanheErpColumn *column,
                                     JsonObject           *row);
gboolean  sanhe_erp_columns_match   (const SanheErpColumn *columns,
                                     guint                 n_columns,
                                     gpointer              item,
                                     const char           *folded_needle);
guint     sanhe_erp_column_places   (SanheErpColumnKind    kind);

G_END_DECLS
