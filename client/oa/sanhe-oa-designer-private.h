/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-oa-designer.h"
#include "sanhe-oa-flow-view.h"
#include "sanhe-oa-process-edit.h"
#include "sanhe-oa-process-text.h"
#include "sanhe-workspace-page.h"

G_BEGIN_DECLS

/* The values behind the rows of a combo row: the row shows names, the
 * definition stores values (user ids, role keys, node ids…). */
typedef struct
{
  GPtrArray     *values;    /* char *, NULL for "none" */
  GtkStringList *names;
  GHashTable    *by_value;  /* value → name */
} SanheOaChoiceList;

struct _SanheOaDesigner
{
  AdwBin               parent_instance;

  GtkListBox          *process_list;
  GtkStack            *content;
  GtkLabel            *title;
  GtkLabel            *subtitle;
  GtkButton           *save_button;
  GtkWidget           *new_process_button;
  GtkWidget           *flow_toolbar;
  GtkStack            *tabs;
  GtkSpinner          *status_spinner;
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkWidget           *problems_scroller;
  GtkListBox          *problems_list;

  /* Form */
  AdwPreferencesGroup *process_group;
  AdwEntryRow         *process_name;
  AdwEntryRow         *process_name_zh;
  AdwEntryRow         *process_name_es;
  AdwEntryRow         *process_key;
  GtkListBox          *fields_list;
  GtkStack            *field_stack;
  AdwPreferencesGroup *field_editor;
  AdwEntryRow         *field_label;
  AdwEntryRow         *field_label_zh;
  AdwEntryRow         *field_label_es;
  AdwEntryRow         *field_name;
  AdwComboRow         *field_type;
  GtkSwitch           *field_required;
  AdwEntryRow         *field_min;
  AdwEntryRow         *field_max;
  AdwEntryRow         *field_options;

  /* Flow */
  SanheOaFlowView     *flow_view;
  GtkWidget           *add_step_button;
  GtkStack            *inspector;
  GtkWidget           *node_editor;
  AdwComboRow         *node_type;
  AdwEntryRow         *node_name;
  AdwEntryRow         *node_name_zh;
  AdwEntryRow         *node_name_es;
  AdwEntryRow         *node_id;
  AdwPreferencesGroup *assignee_group;
  AdwComboRow         *assignee_rule;
  AdwComboRow         *assignee_role;
  AdwComboRow         *assignee_user;
  AdwComboRow         *assignee_department;
  AdwComboRow         *assignee_field;
  AdwComboRow         *node_mode;
  AdwPreferencesGroup *timeout_group;
  GtkSpinButton       *node_timeout;
  AdwComboRow         *node_on_timeout;
  AdwPreferencesGroup *effect_group;
  AdwComboRow         *node_effect;
  GtkListBox          *node_edges;
  GtkWidget           *edge_editor;
  AdwComboRow         *edge_from;
  AdwComboRow         *edge_to;
  AdwComboRow         *edge_kind;
  AdwPreferencesGroup *test_group;
  AdwComboRow         *test_field;
  AdwComboRow         *test_op;
  AdwEntryRow         *test_value;
  GtkWidget           *test_compound;
  GtkLabel            *test_compound_label;

  /* What is being edited */
  char                *key;           /* NULL before one is opened */
  gint                 version;       /* 0 for a new, unsaved process */
  JsonObject          *definition;    /* the working copy */
  gboolean             modified;
  gboolean             can_manage;
  gboolean             filling;       /* editors are being filled: not an edit */
  char                *node;          /* the selected step, or NULL */
  gint                 edge;          /* the selected connection, or -1 */
  gint                 field;         /* the selected form field, or -1 */
  JsonArray           *problems;      /* the server's last verdict; NULL: none yet */
  gboolean             check_failed;  /* the server could not be asked */

  guint                validate_source;
  GCancellable        *validate_cancellable;
  guint                validate_serial;
  guint                busy;          /* loads, checks and saves under way */
  char                *pending_key;   /* to open once the list is in */
  gboolean             verbose;       /* automation: report on stdout */

  SanheOaChoiceList    users;
  SanheOaChoiceList    roles;
  SanheOaChoiceList    departments;
  SanheOaChoiceList    node_choices;  /* behind edge_from, edge_to */
  SanheOaChoiceList    field_choices; /* behind test_field */
  SanheOaChoiceList    user_fields;   /* behind assignee_field */
  GHashTable          *user_names;    /* for the drawing: id → name */
  GHashTable          *role_names;
};

/* The inspectors' rows. An entry shows NULL as empty; a combo row shows
 * the value from @choices, or nothing when it is not one of them. */
static inline void
_sanhe_oa_entry_set_text (AdwEntryRow *row,
                          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static inline const char *
_sanhe_oa_entry_get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static inline void
_sanhe_oa_combo_set_value (AdwComboRow    *row,
                           SanheOaChoices  choices,
                           const char     *value)
{
  guint index = sanhe_oa_choice_find (choices, value);

  adw_combo_row_set_selected (row, index != G_MAXUINT ? index : GTK_INVALID_LIST_POSITION);
}

/* Returns: (nullable): the value of the selected row of @choices. */
static inline const char *
_sanhe_oa_combo_get_value (AdwComboRow    *row,
                           SanheOaChoices  choices)
{
  guint index = adw_combo_row_get_selected (row);

  return index < sanhe_oa_choices_count (choices) ? sanhe_oa_choice_value (choices, index) : NULL;
}

/* sanhe-oa-designer.c */
SanheWorkspacePage *_sanhe_oa_designer_get_page      (SanheOaDesigner   *self);
SanheApi           *_sanhe_oa_designer_get_api       (SanheOaDesigner   *self);
void                _sanhe_oa_designer_changed       (SanheOaDesigner   *self);
void                _sanhe_oa_designer_update_actions (SanheOaDesigner  *self);
void                _sanhe_oa_designer_toast         (SanheOaDesigner   *self,
                                                      const char        *text);
void                _sanhe_oa_designer_select        (SanheOaDesigner   *self,
                                                      const char        *node,
                                                      gint               edge);
void                _sanhe_oa_designer_set_busy      (SanheOaDesigner   *self,
                                                      gboolean           busy);
void                _sanhe_oa_designer_save          (SanheOaDesigner   *self);
gboolean            _sanhe_oa_designer_open          (SanheOaDesigner   *self,
                                                      const char        *key);

/* sanhe-oa-designer-check.c */
void                _sanhe_oa_designer_schedule_check (SanheOaDesigner  *self);
void                _sanhe_oa_designer_stop_checking (SanheOaDesigner   *self);
gboolean            _sanhe_oa_designer_is_checking   (SanheOaDesigner   *self);
void                _sanhe_oa_designer_show_problems (SanheOaDesigner   *self);
void                _sanhe_oa_designer_report_problems (SanheOaDesigner *self);

/* sanhe-oa-designer-choices.c */
void                _sanhe_oa_choice_list_init       (SanheOaChoiceList *list);
void                _sanhe_oa_choice_list_clear      (SanheOaChoiceList *list);
void                _sanhe_oa_choice_list_reset      (SanheOaChoiceList *list);
void                _sanhe_oa_choice_list_add        (SanheOaChoiceList *list,
                                                      const char        *value,
                                                      const char        *name);
guint               _sanhe_oa_choice_list_find       (SanheOaChoiceList *list,
                                                      const char        *value);
const char         *_sanhe_oa_choice_list_value      (SanheOaChoiceList *list,
                                                      guint              index);
void                _sanhe_oa_combo_set_choices      (AdwComboRow       *row,
                                                      SanheOaChoices     choices);
void                _sanhe_oa_designer_load_directory (SanheOaDesigner  *self);

/* sanhe-oa-designer-flow.c */
void                _sanhe_oa_designer_flow_init     (SanheOaDesigner   *self);
void                _sanhe_oa_designer_fill_inspector (SanheOaDesigner  *self);
void                _sanhe_oa_designer_class_add_flow_actions (GtkWidgetClass *widget_class);

/* sanhe-oa-designer-form.c */
void                _sanhe_oa_designer_form_init     (SanheOaDesigner   *self);
void                _sanhe_oa_designer_fill_form     (SanheOaDesigner   *self);
void                _sanhe_oa_designer_select_field  (SanheOaDesigner   *self,
                                                      gint               index);
void                _sanhe_oa_designer_class_add_form_actions (GtkWidgetClass *widget_class);

/* sanhe-oa-designer-script.c */
void                _sanhe_oa_designer_report        (SanheOaDesigner   *self,
                                                      const char        *format,
                                                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
