/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-form.h"

G_BEGIN_DECLS

extern const SanheFormField sanhe_item_general_fields[];
extern const guint          sanhe_item_n_general_fields;
extern const SanheFormField sanhe_item_planning_fields[];
extern const guint          sanhe_item_n_planning_fields;

SanheRecord *sanhe_item_fields_display (SanheRecord *item);
JsonNode    *sanhe_item_fields_to_api  (JsonNode    *body,
                                        JsonNode   **problems);
gboolean     sanhe_item_fields_is_planning (const char *name);

G_END_DECLS
