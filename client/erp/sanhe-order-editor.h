/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"
#include "sanhe-erp-order-spec.h"

G_BEGIN_DECLS

#define SANHE_TYPE_ORDER_EDITOR (sanhe_order_editor_get_type ())

G_DECLARE_FINAL_TYPE (SanheOrderEditor, sanhe_order_editor, SANHE, ORDER_EDITOR, GtkWidget)

void         sanhe_order_editor_setup        (SanheOrderEditor        *self,
                                              SanheApi                *api,
                                              GCancellable            *cancellable,
                                              const SanheErpOrderSpec *spec);
void         sanhe_order_editor_load_sources (SanheOrderEditor        *self);
void         sanhe_order_editor_edit         (SanheOrderEditor        *self,
                                              SanheRecord             *order);
void         sanhe_order_editor_new_order    (SanheOrderEditor        *self);
SanheRecord *sanhe_order_editor_get_order    (SanheOrderEditor        *self);
gboolean     sanhe_order_editor_get_modified (SanheOrderEditor        *self);
gboolean     sanhe_order_editor_get_can_save (SanheOrderEditor        *self);
void         sanhe_order_editor_save         (SanheOrderEditor        *self);
void         sanhe_order_editor_handle_event (SanheOrderEditor        *self,
                                              const char              *type,
                                              JsonNode                *event);

G_END_DECLS
