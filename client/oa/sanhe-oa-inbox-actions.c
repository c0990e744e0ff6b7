/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-inbox-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"
#include "sanhe-error-text.h"
#include "sanhe-oa-inbox-private.h"
#include "sanhe-oa-picker.h"
#include "sanhe-oa-text.h"

/*
 * The decisions of the approvals inbox. Each asks in an AdwMessageDialog
 * (a comment; where to return to; whom to hand the task to or add), then
 * POSTs /api/v1/oa/tasks/{id}/<verb>. Bulk approval walks the selection
 * one task at a time and reports how many went through.
 */

typedef struct
{
  SanheOaInboxPage *page;
  SanheOaDecision   decision;
  gint64            task;
  GtkEntry         *comment;
  GtkDropDown      *choice;      /* return: the step to return to */
  SanheOaPicker    *person;      /* transfer, add signer: any colleague */
  GtkDropDown      *position;    /* add signer: before / after */
  GPtrArray        *values;      /* the node id each choice row stands for */
} Decision;

static void
decision_free (Decision *decision)
{
  g_clear_object (&decision->page);
  g_clear_pointer (&decision->values, g_ptr_array_unref);
  g_free (decision);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decision, decision_free)

static const struct
{
  const char *verb;
  const char *heading;
  const char *button;
  const char *done;
} decisions[] = {
  [SANHE_OA_DECISION_APPROVE] = { "approve", N_("Approve Request?"), N_("_Approve"), N_("Approved") },
  [SANHE_OA_DECISION_REJECT] = { "reject", N_("Reject Request?"), N_("_Reject"), N_("Rejected") },
  [SANHE_OA_DECISION_RETURN] = { "return", N_("Return Request?"), N_("Re_turn"), N_("Returned") },
  [SANHE_OA_DECISION_TRANSFER] = { "transfer", N_("Transfer Approval"), N_("Trans_fer"), N_("Transferred") },
  [SANHE_OA_DECISION_ADD_SIGNER] = { "add-signer", N_("Add an Approver"), N_("A_dd"), N_("Approver added") },
};

static void
on_decided_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Decision) decision = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (decision->page), sanhe_error_text (error));
      _sanhe_oa_inbox_page_decided (decision->page, NULL);
      return;
    }

  _sanhe_oa_inbox_page_decided (decision->page, _(decisions[decision->decision].done));
}

static gint64
chosen_user (Decision *decision)
{
  return decision->person != NULL ? sanhe_oa_picker_get_id (decision->person) : 0;
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autoptr(Decision) decision = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (decision->comment));
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (decision->page);

  if (!g_str_equal (response, "ok"))
    return;

  json_builder_begin_object (builder);
  switch (decision->decision)
    {
    case SANHE_OA_DECISION_RETURN:
      {
        guint selected = gtk_drop_down_get_selected (decision->choice);

        json_builder_set_member_name (builder, "to");
        json_builder_add_string_value (builder, selected < decision->values->len
                                                ? g_ptr_array_index (decision->values, selected)
                                                : "applicant");
      }
      break;

    case SANHE_OA_DECISION_TRANSFER:
    case SANHE_OA_DECISION_ADD_SIGNER:
      {
        gint64 user = chosen_user (decision);

        if (user <= 0)
          {
            sanhe_workspace_page_add_toast (page, _("Choose a person first."));
            return;
          }
        json_builder_set_member_name (builder, "user");
        json_builder_add_int_value (builder, user);
        if (decision->position != NULL)
          {
            json_builder_set_member_name (builder, "position");
            json_builder_add_string_value (builder, gtk_drop_down_get_selected (decision->position) == 0
                                                    ? "before" : "after");
          }
      }
      break;

    case SANHE_OA_DECISION_APPROVE:
    case SANHE_OA_DECISION_REJECT:
    default:
      break;
    }
  if (decision->decision != SANHE_OA_DECISION_ADD_SIGNER && comment != NULL && *comment != '\0')
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment);
    }
  else if (decision->decision == SANHE_OA_DECISION_RETURN)
    {
      json_builder_set_member_name (builder, "comment");
      json_builder_add_string_value (builder, comment != NULL ? comment : "");
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = g_strdup_printf ("/api/v1/oa/tasks/%" G_GINT64_FORMAT "/%s",
                          decision->task, decisions[decision->decision].verb);
  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "POST", path, body,
                           sanhe_workspace_page_get_cancellable (page),
                           on_decided_cb, g_steal_pointer (&decision));
}

/* Earlier steps of the request, from its history, to return to. */
static void
add_return_targets (Decision    *decision,
                    GtkStringList *names,
                    JsonObject  *request,
                    const char  *current)
{
  JsonNode *member = json_object_get_member (request, "history");
  JsonArray *history = member && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

  /* Translators: return a request to the person who submitted it */
  gtk_string_list_append (names, _("The applicant"));
  g_ptr_array_add (decision->values, g_strdup ("applicant"));

  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *entry = json_array_get_object_element (history, i);
      const char *node = json_object_get_string_member_with_default (entry, "node", NULL);
      const char *action = json_object_get_string_member_with_default (entry, "action", NULL);
      gboolean seen = FALSE;

      if (node == NULL || g_strcmp0 (node, current) == 0 || g_strcmp0 (node, "start") == 0
          || g_strcmp0 (action, "approve") != 0)
        continue;
      for (guint j = 0; j < decision->values->len; j++)
        seen |= g_str_equal (g_ptr_array_index (decision->values, j), node);
      if (seen)
        continue;

      {
        const char *actor = sanhe_oa_json_name (json_object_get_member (entry, "actor"));
        /* Translators: an earlier step of a process and who approved it there */
        g_autofree char *label = g_strdup_printf (_("Step “%s” (%s)"), node, actor ? actor : "");

        gtk_string_list_append (names, label);
        g_ptr_array_add (decision->values, g_strdup (node));
      }
    }
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

void
_sanhe_oa_decision_dialog_run (SanheOaInboxPage *self,
                               SanheOaDecision   kind)
{
  SanheRecord *task = _sanhe_oa_inbox_page_get_task (self);
  JsonObject *request = _sanhe_oa_inbox_page_get_request (self);
  g_autoptr(Decision) decision = NULL;
  GtkWidget *dialog, *box;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *summary;

  if (task == NULL || request == NULL)
    return;

  decision = g_new0 (Decision, 1);
  decision->page = g_object_ref (self);
  decision->decision = kind;
  decision->task = sanhe_record_get_id (task);
  decision->values = g_ptr_array_new_with_free_func (g_free);

  summary = sanhe_record_get_string (task, "summary");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _(decisions[kind].heading), summary);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  if (kind == SANHE_OA_DECISION_RETURN)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      add_return_targets (decision, names, request, sanhe_record_get_string (task, "node"));
      decision->choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
      gtk_box_append (GTK_BOX (box), labelled (_("Return _to"), GTK_WIDGET (decision->choice)));
    }
  else if (kind == SANHE_OA_DECISION_TRANSFER || kind == SANHE_OA_DECISION_ADD_SIGNER)
    {
      /* Anyone in the staff directory, searched by name or login. */
      decision->person = SANHE_OA_PICKER (sanhe_oa_picker_new ("user"));
      sanhe_oa_picker_set_api (decision->person, sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)));
      gtk_box_append (GTK_BOX (box), labelled (_("_Person"), GTK_WIDGET (decision->person)));

      if (kind == SANHE_OA_DECISION_ADD_SIGNER)
        {
          const char *positions[] = { _("Before me"), _("After me"), NULL };

          decision->position = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (positions));
          gtk_drop_down_set_selected (decision->position, 1);
          gtk_box_append (GTK_BOX (box), labelled (_("_Approves"), GTK_WIDGET (decision->position)));
        }
    }

  decision->comment = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (decision->comment, TRUE);
  if (kind == SANHE_OA_DECISION_RETURN)
    gtk_entry_set_placeholder_text (decision->comment, _("What should be changed"));
  else
    gtk_entry_set_placeholder_text (decision->comment, _("Optional"));
  if (kind != SANHE_OA_DECISION_ADD_SIGNER)
    gtk_box_append (GTK_BOX (box), labelled (_("_Comment"), GTK_WIDGET (decision->comment)));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", _(decisions[kind].button),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              kind == SANHE_OA_DECISION_REJECT
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* Typing goes to the comment (to the person when there is none). */
  gtk_window_set_focus (GTK_WINDOW (dialog), kind != SANHE_OA_DECISION_ADD_SIGNER
                                             ? GTK_WIDGET (decision->comment)
                                             : GTK_WIDGET (decision->person));
  g_signal_connect (dialog, "response", G_CALLBACK (on_dialog_response_cb), g_steal_pointer (&decision));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  SanheOaInboxPage *page;
  GPtrArray        *tasks;
  guint             next;
  guint             approved;
  GError           *error;      /* the first failure */
} Bulk;

static void
bulk_free (Bulk *bulk)
{
  g_clear_object (&bulk->page);
  g_clear_pointer (&bulk->tasks, g_ptr_array_unref);
  g_clear_error (&bulk->error);
  g_free (bulk);
}

static void bulk_next (Bulk *bulk);

static void
on_bulk_approved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Bulk *bulk = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      bulk_free (bulk);
      return;
    }
  if (node != NULL)
    bulk->approved++;
  else if (bulk->error == NULL)
    bulk->error = g_steal_pointer (&error);

  bulk_next (bulk);
}

static void
bulk_next (Bulk *bulk)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (bulk->page);

  if (bulk->next < bulk->tasks->len)
    {
      SanheRecord *task = g_ptr_array_index (bulk->tasks, bulk->next++);
      g_autofree char *path = g_strdup_printf ("/api/v1/oa/tasks/%" G_GINT64_FORMAT "/approve",
                                               sanhe_record_get_id (task));
      g_autoptr(JsonNode) body = sanhe_json_node_new_object ();

      sanhe_api_request_async (sanhe_workspace_page_get_api (page), "POST", path, body,
                               sanhe_workspace_page_get_cancellable (page),
                               on_bulk_approved_cb, bulk);
      return;
    }

  {
    g_autofree char *text = NULL;

    if (bulk->error != NULL)
      /* Translators: after a bulk approval; %u approved, then why one failed */
      text = g_strdup_printf (_("%u of %u approved. %s"), bulk->approved, bulk->tasks->len,
                              sanhe_error_text (bulk->error));
    else
      /* Translators: after a bulk approval */
      text = g_strdup_printf (ngettext ("%u request approved", "%u requests approved", bulk->approved),
                              bulk->approved);
    _sanhe_oa_inbox_page_decided (bulk->page, text);
  }
  bulk_free (bulk);
}

static void
on_bulk_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Bulk *bulk = user_data;

  if (!g_str_equal (response, "ok"))
    {
      bulk_free (bulk);
      return;
    }
  bulk_next (bulk);
}

void
_sanhe_oa_inbox_page_approve_selected (SanheOaInboxPage *self)
{
  Bulk *bulk;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  bulk = g_new0 (Bulk, 1);
  bulk->page = g_object_ref (self);
  bulk->tasks = _sanhe_oa_inbox_page_dup_selected (self);
  if (bulk->tasks->len == 0)
    {
      bulk_free (bulk);
      return;
    }

  /* Translators: confirmation of a bulk approval */
  body = g_strdup_printf (ngettext ("The selected request will be approved without a comment.",
                                    "The %u selected requests will be approved without a comment.",
                                    bulk->tasks->len), bulk->tasks->len);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Approve Selected Requests?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", _("_Approve All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_bulk_response_cb), bulk);
  gtk_window_present (GTK_WINDOW (dialog));
}
