/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sanhe-record.h"

G_BEGIN_DECLS

typedef enum
{
  SANHE_COLUMN_TEXT,      /* a string member */
  SANHE_COLUMN_DATETIME,  /* an ISO 8601 timestamp, shown in local time */
  SANHE_COLUMN_BOOLEAN,   /* shown as Yes / No */
  SANHE_COLUMN_LIST,      /* an array of strings, joined */
  SANHE_COLUMN_COUNT,     /* the length of an array, right-aligned */
  SANHE_COLUMN_NUMBER,    /* an integer member, right-aligned */
} SanheColumnKind;

/* One column of a record list, in a static table per resource. */
typedef struct
{
  const char      *title;      /* N_() */
  const char      *path;       /* dotted path in the record: "department.name" */
  SanheColumnKind  kind;
  int              nat_chars;  /* natural width in characters */
  gboolean         expand;
  const char      *sort_path;  /* sort by this member instead; NULL: by what is shown */
} SanheColumnSpec;

char     *sanhe_column_spec_display (const SanheColumnSpec *spec,
                                     SanheRecord           *record);
void      sanhe_column_view_add_columns (GtkColumnView         *view,
                                         const SanheColumnSpec *specs,
                                         guint                  n_specs);
gboolean  sanhe_column_specs_match  (const SanheColumnSpec *specs,
                                     guint                  n_specs,
                                     SanheRecord           *record,
                                     const char            *folded_needle);

G_END_DECLS
