/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-oa-inbox-page.h"
#include "sanhe-record.h"

G_BEGIN_DECLS

typedef enum
{
  SANHE_OA_DECISION_APPROVE,
  SANHE_OA_DECISION_REJECT,
  SANHE_OA_DECISION_RETURN,
  SANHE_OA_DECISION_TRANSFER,
  SANHE_OA_DECISION_ADD_SIGNER,
} SanheOaDecision;

SanheRecord *_sanhe_oa_inbox_page_get_task    (SanheOaInboxPage *self);
JsonObject  *_sanhe_oa_inbox_page_get_request (SanheOaInboxPage *self);
GPtrArray   *_sanhe_oa_inbox_page_dup_selected (SanheOaInboxPage *self);
void         _sanhe_oa_inbox_page_decided     (SanheOaInboxPage *self,
                                               const char       *toast);
void         _sanhe_oa_decision_dialog_run    (SanheOaInboxPage *self,
                                               SanheOaDecision   decision);
void         _sanhe_oa_inbox_page_approve_selected (SanheOaInboxPage *self);
void         _sanhe_oa_inbox_page_queue_refresh (SanheOaInboxPage *self);
void         _sanhe_oa_inbox_page_open_task   (SanheOaInboxPage *self,
                                               gint64            task);
void         _sanhe_oa_inbox_connect_app_actions (SanheOaInboxPage *self);

G_END_DECLS
