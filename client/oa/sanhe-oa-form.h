/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sanhe-api.h"
#include "sanhe-oa-picker.h"

G_BEGIN_DECLS

#define SANHE_TYPE_OA_FORM (sanhe_oa_form_get_type ())

G_DECLARE_FINAL_TYPE (SanheOaForm, sanhe_oa_form, SANHE, OA_FORM, AdwBin)

GtkWidget *sanhe_oa_form_new          (JsonArray   *fields);
void       sanhe_oa_form_set_values   (SanheOaForm *self,
                                       JsonObject  *values);
JsonNode  *sanhe_oa_form_collect      (SanheOaForm *self);
void       sanhe_oa_form_show_errors  (SanheOaForm *self,
                                       JsonNode    *details);
void       sanhe_oa_form_set_api      (SanheOaForm *self,
                                       SanheApi    *api);
SanheOaPicker *sanhe_oa_form_get_picker (SanheOaForm *self,
                                         const char  *name);
void       sanhe_oa_form_add_labels_to_group (SanheOaForm  *self,
                                              GtkSizeGroup *group);

G_END_DECLS
