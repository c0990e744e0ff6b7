/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-approvals-automation"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sanhe-approval-dialog.h"
#include "sanhe-approvals-automation.h"
#include "sanhe-approvals-panel.h"

/*
 * SANHE_SCREENSHOT_APPROVALS: driving the approvals panel of the record
 * shown (sanhe-automation.c selects it), for tests. The panel is
 * expanded; each time it loads it prints
 *
 *   approvals: N requests
 *   approvals: OA-2026-000003 purchase_request pending
 *
 * and the script says when to render:
 *
 *   STATE       once a request is in STATE (pending, approved…); until
 *               then "approvals: waiting for STATE" — the panel refreshes
 *               by itself on the server's events
 *   request:PROCESS[:FIELD=TEXT,…][:submit]
 *               open "Request Approval…" with PROCESS, choose in each
 *               picker FIELD the first match of TEXT ("approvals: picked
 *               FIELD #ID NAME"), then render the dialog; or with
 *               ":submit" send it ("approvals: submitted NUMBER") and
 *               render the window once the panel lists the new request
 */

#define SCRIPT_TIMEOUT_SECONDS 40

typedef struct
{
  GtkWidget              *root;
  SanheApprovalsPanel    *panel;
  SanheApprovalDialog    *dialog;      /* weak */
  char                   *wait_state;
  char                   *process;
  GStrv                   picks;       /* FIELD=TEXT */
  guint                   next_pick;
  gboolean                submit;
  char                   *submitted;   /* the new request's number */
  char                   *printed;     /* the last summary, not to repeat it */
  gboolean                said_waiting;
  SanheApprovalsShotFunc  shoot;
  gpointer                user_data;
  guint                   timeout_source;
  guint                   find_source;
  gboolean                done;
} Run;

static void check (Run *run);

static void
finish (Run       *run,
        GtkWidget *target)
{
  if (run->done)
    return;
  run->done = TRUE;
  g_clear_handle_id (&run->timeout_source, g_source_remove);
  g_clear_handle_id (&run->find_source, g_source_remove);
  if (run->panel != NULL)
    g_signal_handlers_disconnect_by_data (run->panel, run);
  fflush (stdout);
  run->shoot (target, run->user_data);
  /* The process ends with the screenshot; the run stays for late callbacks. */
}

static void
fail (Run        *run,
      const char *message)
{
  g_printerr ("screenshot failed: approvals: %s\n", message);
  finish (run, NULL);
}

/* Shown: visible, and so are all its ancestors (a stack's hidden pages too). */
static gboolean
shown (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
      return FALSE;

  return TRUE;
}

static SanheApprovalsPanel *
find_panel (GtkWidget *widget)
{
  if (SANHE_IS_APPROVALS_PANEL (widget))
    return shown (widget) ? SANHE_APPROVALS_PANEL (widget) : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      SanheApprovalsPanel *panel = find_panel (child);

      if (panel != NULL)
        return panel;
    }

  return NULL;
}

static void
print_requests (Run *run)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = sanhe_approvals_panel_get_n_requests (run->panel);

  g_string_append_printf (text, "approvals: %u requests\n", n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *request = sanhe_approvals_panel_get_request (run->panel, i);

      g_string_append_printf (text, "approvals: %s %s %s\n",
                              json_object_get_string_member_with_default (request, "number", "?"),
                              json_object_get_string_member_with_default (request, "process", "?"),
                              json_object_get_string_member_with_default (request, "state", "?"));
    }
  if (g_strcmp0 (text->str, run->printed) == 0)
    return;
  g_free (run->printed);
  run->printed = g_strdup (text->str);
  fputs (text->str, stdout);
  fflush (stdout);
}

static gboolean
lists (Run        *run,
       const char *member,
       const char *value)
{
  for (guint i = 0; i < sanhe_approvals_panel_get_n_requests (run->panel); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (sanhe_approvals_panel_get_request (run->panel, i),
                                                               member, NULL), value) == 0)
      return TRUE;

  return FALSE;
}

static void pick_next (Run *run);

static void
on_picked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  SanheOaPicker *picker = SANHE_OA_PICKER (source);
  g_autoptr(GError) error = NULL;

  if (!sanhe_oa_picker_pick_finish (picker, result, &error))
    {
      fail (run, error->message);
      return;
    }
  g_print ("approvals: picked %s #%" G_GINT64_FORMAT " %s\n", run->picks[run->next_pick],
           sanhe_oa_picker_get_id (picker), sanhe_oa_picker_get_name (picker));
  run->next_pick++;
  pick_next (run);
}

static void
pick_next (Run *run)
{
  g_auto(GStrv) pick = NULL;
  SanheOaPicker *picker;

  if (run->dialog == NULL)
    {
      fail (run, "the dialog closed");
      return;
    }
  if (run->picks == NULL || run->picks[run->next_pick] == NULL)
    {
      if (run->submit)
        sanhe_approval_dialog_submit (run->dialog);
      else
        finish (run, GTK_WIDGET (run->dialog));
      return;
    }

  pick = g_strsplit (run->picks[run->next_pick], "=", 2);
  picker = pick[1] != NULL ? sanhe_oa_form_get_picker (sanhe_approval_dialog_get_form (run->dialog), pick[0]) : NULL;
  if (picker == NULL)
    {
      fail (run, "no such picker");
      return;
    }
  /* Printed as FIELD #ID NAME: keep only the field name. */
  g_free (run->picks[run->next_pick]);
  run->picks[run->next_pick] = g_strdup (pick[0]);
  sanhe_oa_picker_pick_async (picker, pick[1], NULL, on_picked_cb, run);
}

static void
on_form_ready_cb (SanheApprovalDialog *dialog,
                  Run                 *run)
{
  g_signal_handlers_disconnect_by_func (dialog, on_form_ready_cb, run);
  pick_next (run);
}

static void
on_submitted_cb (SanheApprovalDialog *dialog,
                 JsonNode            *request,
                 Run                 *run)
{
  g_free (run->submitted);
  run->submitted = g_strdup (json_object_get_string_member_with_default (json_node_get_object (request), "number", ""));
  g_print ("approvals: submitted %s\n", run->submitted);
  fflush (stdout);
  /* The panel reloads by itself: check() then sees the new request. */
}

static void
open_dialog (Run *run)
{
  GtkWidget *dialog = sanhe_approvals_panel_request_approval (run->panel, run->process);

  if (dialog == NULL)
    {
      fail (run, "no record to request approval for");
      return;
    }
  g_set_weak_pointer (&run->dialog, SANHE_APPROVAL_DIALOG (dialog));
  g_signal_connect (dialog, "form-ready", G_CALLBACK (on_form_ready_cb), run);
  g_signal_connect (dialog, "submitted", G_CALLBACK (on_submitted_cb), run);
}

static void
check (Run *run)
{
  if (run->done || sanhe_approvals_panel_get_busy (run->panel))
    return;
  print_requests (run);

  if (run->wait_state != NULL)
    {
      if (lists (run, "state", run->wait_state))
        finish (run, run->root);
      else if (!run->said_waiting)
        {
          run->said_waiting = TRUE;
          g_print ("approvals: waiting for %s\n", run->wait_state);
          fflush (stdout);
        }
      return;
    }

  if (run->submitted != NULL && lists (run, "number", run->submitted))
    finish (run, run->root);
  else if (run->dialog == NULL && run->submitted == NULL)
    open_dialog (run);
}

static gboolean
find_cb (gpointer user_data)
{
  Run *run = user_data;

  run->panel = find_panel (run->root);
  if (run->panel == NULL)
    return G_SOURCE_CONTINUE;

  run->find_source = 0;
  g_object_ref (run->panel);
  sanhe_approvals_panel_set_expanded (run->panel, TRUE);
  g_signal_connect_swapped (run->panel, "updated", G_CALLBACK (check), run);
  check (run);

  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->timeout_source = 0;
  fail (run, run->panel == NULL ? "no approvals panel is shown" : "the script did not finish in time");

  return G_SOURCE_REMOVE;
}

/* Runs @script on the approvals panel shown in @root, then calls @shoot. */
void
sanhe_approvals_automation_run (GtkWidget              *root,
                                const char             *script,
                                SanheApprovalsShotFunc  shoot,
                                gpointer                user_data)
{
  Run *run = g_new0 (Run, 1);

  g_return_if_fail (GTK_IS_WIDGET (root) && script != NULL && shoot != NULL);

  run->root = root;
  run->shoot = shoot;
  run->user_data = user_data;
  if (g_str_has_prefix (script, "request:"))
    {
      g_auto(GStrv) parts = g_strsplit (script + strlen ("request:"), ":", -1);

      run->process = g_strdup (parts[0]);
      for (guint i = 1; parts[i] != NULL; i++)
        {
          if (g_str_equal (parts[i], "submit"))
            run->submit = TRUE;
          else if (*parts[i] != '\0')
            run->picks = g_strsplit (parts[i], ",", -1);
        }
    }
  else
    run->wait_state = g_strdup (script);

  run->timeout_source = g_timeout_add_seconds (SCRIPT_TIMEOUT_SECONDS, timeout_cb, run);
  /* The editor shows the selected record at once; the panel may only
   * become visible on the next main loop turns. */
  if (find_cb (run) == G_SOURCE_CONTINUE)
    run->find_source = g_timeout_add (100, find_cb, run);
}
