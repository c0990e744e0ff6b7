/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-stale-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-stale-dialog.h"

/*
 * A save answered 409 record.stale_version: someone saved the record after
 * we loaded it. The user chooses: reload theirs (our changes are lost) or
 * overwrite with ours.
 */

typedef struct
{
  SanheStaleCallback callback;
  gpointer           user_data;
} StaleData;

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       StaleData        *data)
{
  SanheStaleResponse answer = SANHE_STALE_CANCEL;

  if (g_strcmp0 (response, "reload") == 0)
    answer = SANHE_STALE_RELOAD;
  else if (g_strcmp0 (response, "overwrite") == 0)
    answer = SANHE_STALE_OVERWRITE;

  data->callback (answer, data->user_data);
  g_free (data);
}

void
sanhe_stale_dialog_present (GtkWidget          *parent,
                            const char         *record_title,
                            SanheStaleCallback  callback,
                            gpointer            user_data)
{
  GtkRoot *root;
  GtkWidget *dialog;
  StaleData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (callback != NULL);

  root = gtk_widget_get_root (parent);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Changed by Someone Else"), NULL);
  if (record_title != NULL && *record_title != '\0')
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("“%s” was saved by someone else after you opened it. "
                                      "Reload to see their version (your changes are lost), "
                                      "or overwrite it with yours."),
                                    record_title);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("This record was saved by someone else after you opened it. "
                                   "Reload to see their version (your changes are lost), "
                                   "or overwrite it with yours."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reload", _("_Reload"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reload",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reload");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (StaleData, 1);
  data->callback = callback;
  data->user_data = user_data;
  g_signal_connect (dialog, "response", G_CALLBACK (on_dialog_response_cb), data);

  gtk_window_present (GTK_WINDOW (dialog));
}
