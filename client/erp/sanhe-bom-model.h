/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"
#include "sanhe-erp-line.h"

G_BEGIN_DECLS

SanheErpLine     *sanhe_bom_line_new            (JsonObject    *server_line,
                                                 int            level,
                                                 gboolean       editable);
SanheErpLine     *sanhe_bom_line_new_for_item   (SanheRecord   *item);
GtkTreeListModel *sanhe_bom_tree_new            (GListStore    *root,
                                                 SanheApi      *api,
                                                 GCancellable  *cancellable);
char             *sanhe_bom_lines_key           (GListModel    *lines);
JsonNode         *sanhe_bom_lines_body          (GListModel    *lines);
void              sanhe_bom_lines_show_problems (GListModel    *lines,
                                                 const GError  *error);

G_END_DECLS
