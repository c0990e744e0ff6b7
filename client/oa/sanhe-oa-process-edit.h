/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Edits of a process definition as the designer makes them, on its JSON
 * in place: members the designer does not know survive every edit. No
 * validation here: the server's /validate says what is wrong.
 */

JsonObject *sanhe_oa_process_new_template   (const char *key,
                                             const char *name,
                                             const char *field_label,
                                             const char *approval_name);
JsonNode   *sanhe_oa_process_to_body        (JsonObject *definition);

JsonArray  *sanhe_oa_process_array          (JsonObject *definition,
                                             const char *member);
JsonObject *sanhe_oa_process_element        (JsonObject *definition,
                                             const char *member,
                                             gint        index);
JsonObject *sanhe_oa_process_find_node      (JsonObject *definition,
                                             const char *id,
                                             guint      *index);
char       *sanhe_oa_process_unique_id      (JsonObject *definition,
                                             const char *member,
                                             const char *key,
                                             const char *prefix);

JsonObject *sanhe_oa_process_add_node       (JsonObject *definition,
                                             const char *type,
                                             const char *after,
                                             gint        edge);
void        sanhe_oa_process_remove_node    (JsonObject *definition,
                                             const char *id);
void        sanhe_oa_process_set_node_type  (JsonObject *node,
                                             const char *type);
gboolean    sanhe_oa_process_rename_node    (JsonObject *definition,
                                             const char *old_id,
                                             const char *new_id);
guint       sanhe_oa_process_add_edge       (JsonObject *definition,
                                             const char *from,
                                             const char *to);
void        sanhe_oa_process_remove_edge    (JsonObject *definition,
                                             guint       index);

JsonObject *sanhe_oa_process_add_field      (JsonObject *definition,
                                             const char *label);
gboolean    sanhe_oa_process_rename_field   (JsonObject *definition,
                                             const char *old_name,
                                             const char *new_name);
void        sanhe_oa_process_move_field     (JsonObject *definition,
                                             guint       index,
                                             gint        delta);
void        sanhe_oa_process_set_field_type (JsonObject *field,
                                             const char *type);

const char *sanhe_oa_get_translation        (JsonObject *object,
                                             const char *language);
void        sanhe_oa_set_translation        (JsonObject *object,
                                             const char *language,
                                             const char *text);
void        sanhe_oa_set_string             (JsonObject *object,
                                             const char *member,
                                             const char *text);

G_END_DECLS
