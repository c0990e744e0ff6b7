/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

/* Permissions of the ERP module, as the server names them. */
#define SANHE_PERM_ITEMS_READ        "erp.items.read"
#define SANHE_PERM_ITEMS_WRITE       "erp.items.write"
#define SANHE_PERM_STOCK_WRITE       "erp.stock.write"
#define SANHE_PERM_PURCHASING_READ   "erp.purchasing.read"
#define SANHE_PERM_PURCHASING_WRITE  "erp.purchasing.write"
#define SANHE_PERM_SALES_READ        "erp.sales.read"
#define SANHE_PERM_SALES_WRITE       "erp.sales.write"
#define SANHE_PERM_MRP_RUN           "erp.mrp.run"

JsonObject *sanhe_erp_item_object    (gpointer      item);
JsonNode   *sanhe_erp_json_path      (JsonObject   *object,
                                      const char   *path);
const char *sanhe_erp_json_string    (JsonObject   *object,
                                      const char   *path);
gint64      sanhe_erp_json_int       (JsonObject   *object,
                                      const char   *path);
gboolean    sanhe_erp_json_boolean   (JsonObject   *object,
                                      const char   *path);
JsonObject *sanhe_erp_json_copy      (JsonObject   *object);
char       *sanhe_erp_decimal_normalize (const char *decimal);
gboolean    sanhe_erp_decimal_units  (const char   *decimal,
                                      gint64       *units);
char       *sanhe_erp_decimal_from_units (gint64    units);
char       *sanhe_erp_money_product  (const char   *qty,
                                      const char   *price);

const char *sanhe_erp_state_label    (const char   *state);
const char *sanhe_erp_state_class    (const char   *state);
const char *sanhe_erp_item_kind_label (const char  *kind);
const char *sanhe_erp_move_kind_label (const char  *kind);
char       *sanhe_erp_item_label     (JsonObject   *item);

char       *sanhe_erp_error_text     (const GError *error);
gboolean    sanhe_erp_error_is_cancelled (const GError *error);

GtkWidget  *sanhe_erp_state_pill_new (void);
void        sanhe_erp_state_pill_set (GtkWidget    *pill,
                                      const char   *state);

void        sanhe_erp_ensure_style   (void);
void        sanhe_erp_toast          (GtkWidget    *widget,
                                      const char   *text);

G_END_DECLS
