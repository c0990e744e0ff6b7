/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "sanhe-record.h"

G_BEGIN_DECLS

/* The editor widget for each kind of field (Tryton's field → widget table). */
typedef enum
{
  SANHE_FORM_TEXT,       /* GtkEntry */
  SANHE_FORM_EMAIL,      /* GtkEntry for an address */
  SANHE_FORM_PASSWORD,   /* GtkPasswordEntry */
  SANHE_FORM_SWITCH,     /* GtkSwitch */
  SANHE_FORM_CHOICE,     /* GtkDropDown of fixed choices */
  SANHE_FORM_REFERENCE,  /* GtkDropDown of records: an id or null */
  SANHE_FORM_KEYS,       /* SanheChecklist of records: an array of keys */
} SanheFormFieldType;

typedef enum
{
  SANHE_FORM_MANDATORY           = 1 << 0,
  SANHE_FORM_MANDATORY_ON_CREATE = 1 << 1,
  SANHE_FORM_CREATE_ONLY         = 1 << 2,  /* read-only once saved: a role's key */
  SANHE_FORM_WRITE_ONLY          = 1 << 3,  /* never read back, sent when filled: a password */
  SANHE_FORM_EXCLUDE_SELF        = 1 << 4,  /* a reference that cannot name its own record */
  SANHE_FORM_STACKED             = 1 << 5,  /* KEYS: sublabel under the label (long keys) */
} SanheFormFlags;

typedef struct
{
  const char *value;
  const char *label;  /* shown as is after gettext: endonyms stay unmarked */
} SanheFormChoice;

typedef struct
{
  const char               *name;        /* JSON member read and sent: "department_id" */
  const char               *label;       /* N_() */
  SanheFormFieldType        type;
  SanheFormFlags            flags;
  const char               *hint;        /* N_(), under the field; NULL for none */
  const char               *edit_hint;   /* N_(), replaces hint once the record exists */
  guint                     max_chars;   /* 0: no limit */
  const SanheFormChoice    *choices;     /* CHOICE */
  guint                     n_choices;
  const char               *source;      /* REFERENCE, KEYS: "departments", "roles", … */
  const char               *source_key;  /* member of the source records: "id", "key" */
  const char               *source_label;
  const char               *source_sublabel;
  const char               *current;     /* REFERENCE: the embedded {"id","name"} member */
} SanheFormField;

#define SANHE_TYPE_FORM (sanhe_form_get_type ())

G_DECLARE_FINAL_TYPE (SanheForm, sanhe_form, SANHE, FORM, GtkWidget)

GtkWidget   *sanhe_form_new                (const SanheFormField *fields,
                                            guint                 n_fields);
void         sanhe_form_set_source         (SanheForm            *self,
                                            const char           *source,
                                            GListModel           *model);
void         sanhe_form_load               (SanheForm            *self,
                                            SanheRecord          *record);
SanheRecord *sanhe_form_get_record         (SanheForm            *self);
gboolean     sanhe_form_get_modified       (SanheForm            *self);
JsonNode    *sanhe_form_build_body         (SanheForm            *self,
                                            gboolean              only_changed);
gboolean     sanhe_form_validate           (SanheForm            *self);
guint        sanhe_form_show_server_errors (SanheForm            *self,
                                            JsonNode             *details,
                                            GString              *unmatched);
void         sanhe_form_clear_errors       (SanheForm            *self);
void         sanhe_form_focus_first        (SanheForm            *self);

G_END_DECLS
