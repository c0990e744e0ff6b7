/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sanhe-erp-line.h"
#include "sanhe-erp-order-spec.h"
#include "sanhe-record.h"

G_BEGIN_DECLS

void          sanhe_order_lines_fill       (GListStore              *lines,
                                            const SanheErpOrderSpec *spec,
                                            SanheRecord             *order,
                                            gboolean                 editable);
SanheErpLine *sanhe_order_line_new_for_item (const SanheErpOrderSpec *spec,
                                            SanheRecord             *item,
                                            guint                    number);
void          sanhe_order_line_update_amount (SanheErpLine          *line);
char         *sanhe_order_lines_key        (GListModel              *lines,
                                            const SanheErpOrderSpec *spec);
char         *sanhe_order_lines_total      (GListModel              *lines);
gboolean      sanhe_order_lines_valid      (GListModel              *lines);
JsonNode     *sanhe_order_lines_body       (GListModel              *lines,
                                            const SanheErpOrderSpec *spec);
guint         sanhe_order_lines_show_problems (GListModel            *lines,
                                            JsonNode                *details,
                                            const char              *prefix,
                                            const char              *qty_member);

G_END_DECLS
