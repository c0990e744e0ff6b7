/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANHE_TYPE_ERP_LINE (sanhe_erp_line_get_type ())

G_DECLARE_FINAL_TYPE (SanheErpLine, sanhe_erp_line, SANHE, ERP_LINE, GObject)

SanheErpLine *sanhe_erp_line_new          (JsonObject   *object);
JsonObject   *sanhe_erp_line_get_object   (SanheErpLine *self);
const char   *sanhe_erp_line_get_string   (SanheErpLine *self,
                                           const char   *path);
gint64        sanhe_erp_line_get_int      (SanheErpLine *self,
                                           const char   *path);
void          sanhe_erp_line_set_string   (SanheErpLine *self,
                                           const char   *member,
                                           const char   *value);
void          sanhe_erp_line_set_int      (SanheErpLine *self,
                                           const char   *member,
                                           gint64        value);
void          sanhe_erp_line_set_invalid  (SanheErpLine *self,
                                           const char   *member,
                                           gboolean      invalid);
gboolean      sanhe_erp_line_is_invalid   (SanheErpLine *self,
                                           const char   *member);
gboolean      sanhe_erp_line_has_invalid  (SanheErpLine *self);
void          sanhe_erp_line_set_problem  (SanheErpLine *self,
                                           const char   *member,
                                           const char   *text);
const char   *sanhe_erp_line_get_problem  (SanheErpLine *self,
                                           const char   *member);
void          sanhe_erp_line_clear_problems (SanheErpLine *self);
gboolean      sanhe_erp_line_get_editable (SanheErpLine *self);
void          sanhe_erp_line_set_editable (SanheErpLine *self,
                                           gboolean      editable);
GListStore   *sanhe_erp_line_get_children (SanheErpLine *self);
void          sanhe_erp_line_set_children (SanheErpLine *self,
                                           GListStore   *children);

G_END_DECLS
