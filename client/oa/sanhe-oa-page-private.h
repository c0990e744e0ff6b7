/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-oa-designer.h"
#include "sanhe-oa-form.h"
#include "sanhe-oa-picker.h"
#include "sanhe-oa-page.h"

G_BEGIN_DECLS

struct _SanheOaPage
{
  SanheWorkspacePage  parent_instance;

  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkListBox         *process_list;
  GtkLabel           *new_title;
  GtkLabel           *new_hint;
  AdwBin             *new_form_bin;
  GtkButton          *submit_button;
  GtkListBox         *mine_list;
  GtkLabel           *mine_title;
  GtkLabel           *mine_state;
  GtkLabel           *mine_subtitle;
  AdwBin             *mine_form_bin;
  GtkLabel           *mine_history_heading;
  AdwBin             *mine_history_bin;
  GtkButton          *resubmit_button;

  GHashTable         *processes;     /* key → JsonObject: full definitions once fetched */
  JsonArray          *process_keys;  /* the list, in order */
  char               *new_key;       /* the process of the form on "New Request" */
  SanheOaForm        *new_form;
  JsonArray          *mine;          /* my requests, newest first */
  JsonObject         *mine_request;  /* the selected one, with its history */
  SanheOaForm        *resubmit_form; /* while editing a returned request */
  int                 select_mine;   /* automation: the row to select once loaded */

  GtkListBox         *rules_list;
  JsonArray          *rules;         /* as last loaded */
  GtkDropDown        *rule_kind;
  GtkStack           *rule_fields;
  GtkDropDown        *rule_process;
  AdwBin             *rule_applicant_bin;
  SanheOaPicker      *rule_applicant;   /* none: any applicant */
  GtkEntry           *rule_amount;
  AdwBin             *rule_to_bin;
  SanheOaPicker      *rule_to;
  GtkEntry           *rule_starts;
  GtkEntry           *rule_ends;
  GPtrArray          *rule_keys;     /* process keys of rule_process's rows */

  SanheOaDesigner    *designer;      /* "Processes": sanhe-oa-designer.c */
};

void        _sanhe_oa_page_load_mine      (SanheOaPage *self);
void        _sanhe_oa_page_mine_init      (SanheOaPage *self);
void        _sanhe_oa_page_load_rules     (SanheOaPage *self);
void        _sanhe_oa_page_rules_init     (SanheOaPage *self);
void        _sanhe_oa_page_class_add_rule_actions (GtkWidgetClass *widget_class);
void        _sanhe_oa_page_fill_rule_processes    (SanheOaPage *self,
                                                   JsonArray   *processes);
void        _sanhe_oa_page_class_add_mine_actions (GtkWidgetClass *widget_class);
JsonArray  *_sanhe_oa_page_get_fields     (SanheOaPage *self,
                                           const char  *key);
void        _sanhe_oa_page_with_process   (SanheOaPage *self,
                                           const char  *key,
                                           GCallback    done);

G_END_DECLS
