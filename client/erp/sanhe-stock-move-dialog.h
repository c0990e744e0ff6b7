/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sanhe-api.h"

G_BEGIN_DECLS

#define SANHE_TYPE_STOCK_MOVE_DIALOG (sanhe_stock_move_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SanheStockMoveDialog, sanhe_stock_move_dialog, SANHE, STOCK_MOVE_DIALOG, AdwWindow)

SanheStockMoveDialog *sanhe_stock_move_dialog_new (GtkWidget   *parent,
                                                   SanheApi    *api,
                                                   JsonObject  *item,
                                                   gint64       warehouse_id);

G_END_DECLS
