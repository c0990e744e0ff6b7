/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SANHE_TYPE_CHECKLIST (sanhe_checklist_get_type ())

G_DECLARE_FINAL_TYPE (SanheChecklist, sanhe_checklist, SANHE, CHECKLIST, GtkWidget)

GtkWidget *sanhe_checklist_new          (const char         *key_member,
                                         const char         *label_member,
                                         const char         *sublabel_member,
                                         gboolean            stacked);
void       sanhe_checklist_set_model    (SanheChecklist     *self,
                                         GListModel         *model);
void       sanhe_checklist_set_selected (SanheChecklist     *self,
                                         const char * const *keys);
GStrv      sanhe_checklist_get_selected (SanheChecklist     *self);

G_END_DECLS
