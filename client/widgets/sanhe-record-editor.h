/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-api.h"
#include "sanhe-form.h"
#include "sanhe-record-spec.h"

G_BEGIN_DECLS

#define SANHE_TYPE_RECORD_EDITOR (sanhe_record_editor_get_type ())

G_DECLARE_FINAL_TYPE (SanheRecordEditor, sanhe_record_editor, SANHE, RECORD_EDITOR, GtkWidget)

void         sanhe_record_editor_setup        (SanheRecordEditor     *self,
                                               SanheApi              *api,
                                               const SanheRecordSpec *spec,
                                               GCancellable          *cancellable);
SanheForm   *sanhe_record_editor_get_form     (SanheRecordEditor     *self);
SanheRecord *sanhe_record_editor_get_record   (SanheRecordEditor     *self);
void         sanhe_record_editor_edit         (SanheRecordEditor     *self,
                                               SanheRecord           *record);
void         sanhe_record_editor_new_record   (SanheRecordEditor     *self);
gboolean     sanhe_record_editor_get_editing  (SanheRecordEditor     *self);
gboolean     sanhe_record_editor_get_can_save (SanheRecordEditor     *self);
gboolean     sanhe_record_editor_get_modified (SanheRecordEditor     *self);
void         sanhe_record_editor_save         (SanheRecordEditor     *self);
void         sanhe_record_editor_revert       (SanheRecordEditor     *self);
void         sanhe_record_editor_focus        (SanheRecordEditor     *self);

G_END_DECLS
