/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"
#include "sanhe-erp-columns.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_LIST (sanhe_erp_list_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpList, sanhe_erp_list, SANHE, ERP_LIST, GtkWidget)

/* "1,234 items": the plural forms live with the resource. */
typedef char     *(*SanheErpCountFunc)  (guint        n);
typedef gboolean  (*SanheErpFilterFunc) (SanheRecord *record,
                                         gpointer     user_data);
/* Returns: (transfer full): @record with members added for display. */
typedef SanheRecord *(*SanheErpDecorateFunc) (SanheRecord *record,
                                              gpointer     user_data);

void         sanhe_erp_list_setup            (SanheErpList         *self,
                                              SanheApi             *api,
                                              GCancellable         *cancellable,
                                              const SanheErpColumn *columns,
                                              guint                 n_columns,
                                              SanheErpRowClassFunc  row_class,
                                              gpointer              user_data);
void         sanhe_erp_list_set_multiple     (SanheErpList         *self,
                                              gboolean              multiple);
void         sanhe_erp_list_set_path         (SanheErpList         *self,
                                              const char           *path);
void         sanhe_erp_list_set_title        (SanheErpList         *self,
                                              const char           *title);
void         sanhe_erp_list_set_texts        (SanheErpList         *self,
                                              const char           *empty_title,
                                              const char           *empty_description,
                                              const char           *search_placeholder);
void         sanhe_erp_list_set_count_func   (SanheErpList         *self,
                                              SanheErpCountFunc     func);
void         sanhe_erp_list_set_filter_func  (SanheErpList         *self,
                                              SanheErpFilterFunc    func,
                                              gpointer              user_data);
void         sanhe_erp_list_set_decorate_func (SanheErpList       *self,
                                              SanheErpDecorateFunc  func,
                                              gpointer              user_data);
void         sanhe_erp_list_refilter         (SanheErpList         *self);
void         sanhe_erp_list_add_filter       (SanheErpList         *self,
                                              GtkWidget            *widget);
void         sanhe_erp_list_add_button       (SanheErpList         *self,
                                              GtkWidget            *widget);
void         sanhe_erp_list_set_toolbar_visible (SanheErpList      *self,
                                              gboolean              visible);
void         sanhe_erp_list_reload           (SanheErpList         *self);
void         sanhe_erp_list_clear            (SanheErpList         *self);
gboolean     sanhe_erp_list_get_loading      (SanheErpList         *self);
void         sanhe_erp_list_focus_search     (SanheErpList         *self);
SanheRecord *sanhe_erp_list_get_selected     (SanheErpList         *self);
GPtrArray   *sanhe_erp_list_get_selected_all (SanheErpList         *self);
void         sanhe_erp_list_select_id        (SanheErpList         *self,
                                              gint64                id);
void         sanhe_erp_list_select_position  (SanheErpList         *self,
                                              guint                 position);
void         sanhe_erp_list_unselect         (SanheErpList         *self);
void         sanhe_erp_list_upsert           (SanheErpList         *self,
                                              SanheRecord          *record);
GListModel  *sanhe_erp_list_get_model        (SanheErpList         *self);
GtkColumnView *sanhe_erp_list_get_view       (SanheErpList         *self);

G_END_DECLS
