/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void        sanhe_oa_ensure_style     (void);
const char *sanhe_oa_action_text      (const char *action);
const char *sanhe_oa_state_text       (const char *state);
const char *sanhe_oa_state_css_class  (const char *state);
void        sanhe_oa_state_pill_set   (GtkLabel   *pill,
                                       const char *state);
const char *sanhe_oa_json_name        (JsonNode   *node);
const char *sanhe_oa_localized        (JsonObject *object,
                                       const char *member,
                                       const char *fallback);
char       *sanhe_oa_format_value     (JsonNode   *value);
char       *sanhe_oa_summary_text     (JsonObject *task);
GtkWidget  *sanhe_oa_history_new      (JsonObject *request,
                                       JsonObject *process);
GtkWidget  *sanhe_oa_form_values_new  (JsonObject *request,
                                       JsonArray  *fields);

G_END_DECLS
