/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-columns.h"
#include "sanhe-form.h"

G_BEGIN_DECLS

/* Everything the list + editor pattern needs to know about one resource,
 * in a static table next to its page. */
typedef struct
{
  const char            *path;               /* "/api/v1/users" */
  const char            *key_member;         /* "id", or "key" for roles */
  const char            *title_member;       /* the editor's title: "name" */
  const char            *subtitle_member;    /* under it: "login"; NULL for none */
  const char            *new_title;          /* N_() "New User" */
  const char            *empty_title;        /* N_() */
  const char            *empty_description;  /* N_() */
  const char            *search_placeholder; /* N_() */
  const char            *event_prefix;       /* events that concern the list: "core.user." */
  guint                  page_size;          /* 0: the whole list in one GET */
  const SanheColumnSpec *columns;
  guint                  n_columns;
  const SanheFormField  *fields;
  guint                  n_fields;
} SanheRecordSpec;

G_END_DECLS
