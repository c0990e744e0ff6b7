/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-record-editor.h"
#include "sanhe-record-spec.h"
#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

#define SANHE_TYPE_RECORD_PAGE (sanhe_record_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (SanheRecordPage, sanhe_record_page, SANHE, RECORD_PAGE, SanheWorkspacePage)

struct _SanheRecordPageClass
{
  SanheWorkspacePageClass parent_class;

  /* Set by each subclass in class_init. */
  const SanheRecordSpec *spec;

  /* "12 users": the plural forms live with the resource. */
  char *(*format_count) (guint n);
  /* Fetch what the editor chooses from (sanhe_record_page_load_source). */
  void  (*load_sources) (SanheRecordPage *self);
  /* The whole list is in the store (or a record was saved). */
  void  (*list_loaded)  (SanheRecordPage *self);
  /* Adjust the records of a source before the editor gets them. */
  void  (*decorate_source) (SanheRecordPage *self,
                            const char      *source,
                            GPtrArray       *records);

  gpointer padding[4];
};

GListStore        *sanhe_record_page_get_store   (SanheRecordPage *self);
SanheRecordEditor *sanhe_record_page_get_editor  (SanheRecordPage *self);
void               sanhe_record_page_load_source (SanheRecordPage *self,
                                                  const char      *source,
                                                  const char      *path);
void               sanhe_record_page_select_position (SanheRecordPage *self,
                                                      guint            position);
void               sanhe_record_page_set_source  (SanheRecordPage *self,
                                                  const char      *source,
                                                  GListModel      *model);

G_END_DECLS
