/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-mine"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"
#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-page-private.h"
#include "sanhe-oa-text.h"

/*
 * OA → My Requests: what the user asked for, newest first, each with its
 * state as a pill; the selected one's form and history timeline, and
 * Withdraw (撤回), Remind approvers (催办) and, after a return (退回),
 * Edit and Resubmit.
 */

#define MINE_PATH "/api/v1/oa/requests?mine=1&limit=200"

static const char *
mine_state (SanheOaPage *self)
{
  return self->mine_request != NULL
         ? json_object_get_string_member_with_default (self->mine_request, "state", NULL) : NULL;
}

static void
update_mine_actions (SanheOaPage *self)
{
  const char *state = mine_state (self);
  gboolean pending = g_strcmp0 (state, "pending") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.withdraw", pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.urge", pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.resubmit", g_strcmp0 (state, "returned") == 0);
  gtk_button_set_label (self->resubmit_button, self->resubmit_form != NULL ? _("_Send Again") : _("_Edit and Resubmit"));
}

/* The process of @request in the user's language, as its definition
 * names it; else as the server does. */
static const char *
process_title (SanheOaPage *self,
               JsonObject  *request)
{
  const char *key = json_object_get_string_member_with_default (request, "process", NULL);
  JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;
  const char *fallback = json_object_get_string_member_with_default (request, "process_name", key);

  return process != NULL ? sanhe_oa_localized (process, "name", fallback) : fallback;
}

static void
show_mine_request (SanheOaPage *self)
{
  JsonObject *request = self->mine_request;
  const char *key = json_object_get_string_member_with_default (request, "process", NULL);
  JsonArray *fields = _sanhe_oa_page_get_fields (self, key);
  JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;
  g_autofree char *created = sanhe_format_datetime (json_object_get_string_member_with_default (request, "created_at", NULL));
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->mine_title, process_title (self, request));
  /* Translators: under a request's title: its number · when it was submitted */
  subtitle = g_strdup_printf (_("%s · submitted %s"),
                              json_object_get_string_member_with_default (request, "number", ""),
                              created != NULL ? created : "");
  gtk_label_set_text (self->mine_subtitle, subtitle);
  sanhe_oa_state_pill_set (self->mine_state, json_object_get_string_member_with_default (request, "state", NULL));

  self->resubmit_form = NULL;
  adw_bin_set_child (self->mine_form_bin,
                     sanhe_oa_form_values_new (request, fields));
  adw_bin_set_child (self->mine_history_bin, sanhe_oa_history_new (request, process));
  gtk_widget_set_visible (GTK_WIDGET (self->mine_history_heading), TRUE);
  update_mine_actions (self);
}

static void
on_mine_request_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error != NULL)
        sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
      return;
    }
  g_clear_pointer (&self->mine_request, json_object_unref);
  self->mine_request = json_object_ref (json_node_get_object (node));
  _sanhe_oa_page_with_process (self, json_object_get_string_member_with_default (self->mine_request, "process", NULL),
                               G_CALLBACK (show_mine_request));
}

static void
load_mine_request (SanheOaPage *self,
                   gint64       id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT, id);

  gtk_spinner_start (self->spinner);
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "GET", path, NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_mine_request_cb, g_object_ref (self));
}

static void
on_mine_row_selected_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         SanheOaPage   *self)
{
  if (row == NULL)
    return;
  load_mine_request (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "sanhe-id")));
}

static GtkWidget *
create_mine_row (SanheOaPage *self,
                 JsonObject  *request)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title, *subtitle, *pill;
  const char *name = process_title (self, request);
  const char *state = json_object_get_string_member_with_default (request, "state", NULL);
  g_autofree char *created = sanhe_format_datetime (json_object_get_string_member_with_default (request, "created_at", NULL));
  g_autofree char *line = g_strdup_printf ("%s · %s",
                                           json_object_get_string_member_with_default (request, "number", ""),
                                           created != NULL ? created : "");

  title = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  subtitle = gtk_label_new (line);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_widget_set_hexpand (text, TRUE);

  pill = gtk_label_new (NULL);
  gtk_widget_add_css_class (pill, "oa-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  sanhe_oa_state_pill_set (GTK_LABEL (pill), state);

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), pill);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "sanhe-id",
                     GSIZE_TO_POINTER ((gsize) json_object_get_int_member_with_default (request, "id", 0)));

  return row;
}

static void
fill_mine (SanheOaPage *self)
{
  gint64 keep = self->mine_request != NULL ? json_object_get_int_member_with_default (self->mine_request, "id", 0) : 0;
  GtkWidget *child;
  guint n = self->mine != NULL ? json_array_get_length (self->mine) : 0;

  g_signal_handlers_block_by_func (self->mine_list, on_mine_row_selected_cb, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mine_list))) != NULL)
    gtk_list_box_remove (self->mine_list, child);

  /* Newest first. */
  for (guint i = n; i > 0; i--)
    {
      JsonObject *request = json_array_get_object_element (self->mine, i - 1);
      GtkWidget *row = create_mine_row (self, request);

      gtk_list_box_append (self->mine_list, row);
      if (keep > 0 && json_object_get_int_member_with_default (request, "id", 0) == keep)
        gtk_list_box_select_row (self->mine_list, GTK_LIST_BOX_ROW (row));
    }
  g_signal_handlers_unblock_by_func (self->mine_list, on_mine_row_selected_cb, self);

  if (keep > 0 && self->resubmit_form == NULL)
    load_mine_request (self, keep);
  else if (self->select_mine >= 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->mine_list, self->select_mine);

      self->select_mine = -1;
      if (row != NULL)
        gtk_list_box_select_row (self->mine_list, row);
    }
}

static void
on_mine_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      g_clear_pointer (&self->mine, json_array_unref);
      self->mine = json_array_ref (json_node_get_array (items));
      fill_mine (self);
    }
  else if (error != NULL)
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));

  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
}

void
_sanhe_oa_page_load_mine (SanheOaPage *self)
{
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "GET", MINE_PATH, NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_mine_loaded_cb, g_object_ref (self));
}

typedef struct
{
  SanheOaPage *page;
  const char  *done;  /* the toast on success, already translated */
} MineAct;

static void
on_mine_acted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MineAct *act = user_data;
  g_autoptr(SanheOaPage) self = act->page;
  const char *done = act->done;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  g_free (act);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      if (self->resubmit_form != NULL)
        sanhe_oa_form_show_errors (self->resubmit_form, sanhe_error_get_details (error));
      sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
      return;
    }
  self->resubmit_form = NULL;
  if (done != NULL)
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), done);
  _sanhe_oa_page_load_mine (self);
}

static void
post_mine (SanheOaPage *self,
           const char  *verb,
           JsonNode    *body,
           const char  *done)
{
  SanheApi *api = sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self));
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) empty = NULL;
  MineAct *act;

  if (self->mine_request == NULL)
    return;
  if (body == NULL)
    body = empty = sanhe_json_node_new_object ();
  path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT "/%s",
                          json_object_get_int_member_with_default (self->mine_request, "id", 0), verb);
  act = g_new0 (MineAct, 1);
  act->page = g_object_ref (self);
  act->done = done;
  sanhe_api_request_async (api, "POST", path, body,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_mine_acted_cb, act);
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  post_mine (SANHE_OA_PAGE (widget), "withdraw", NULL, _("Request withdrawn"));
}

static void
urge_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  post_mine (SANHE_OA_PAGE (widget), "urge", NULL, _("Reminder sent"));
}

static void
resubmit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SanheOaPage *self = SANHE_OA_PAGE (widget);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) form = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->mine_request == NULL)
    return;

  if (self->resubmit_form == NULL)
    {
      /* First click: the form becomes editable, filled with what was sent. */
      const char *key = json_object_get_string_member_with_default (self->mine_request, "process", NULL);
      JsonNode *values = json_object_get_member (self->mine_request, "form");
      GtkWidget *editor = sanhe_oa_form_new (_sanhe_oa_page_get_fields (self, key));

      self->resubmit_form = SANHE_OA_FORM (editor);
      if (values != NULL && JSON_NODE_HOLDS_OBJECT (values))
        sanhe_oa_form_set_values (self->resubmit_form, json_node_get_object (values));
      adw_bin_set_child (self->mine_form_bin, editor);
      update_mine_actions (self);
      return;
    }

  form = sanhe_oa_form_collect (self->resubmit_form);
  if (form == NULL)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "form");
  json_builder_add_value (builder, g_steal_pointer (&form));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  post_mine (self, "resubmit", body, _("Request resubmitted"));
}

void
_sanhe_oa_page_class_add_mine_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "oa.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "oa.urge", NULL, urge_action);
  gtk_widget_class_install_action (widget_class, "oa.resubmit", NULL, resubmit_action);
}

void
_sanhe_oa_page_mine_init (SanheOaPage *self)
{
  g_signal_connect (self->mine_list, "row-selected", G_CALLBACK (on_mine_row_selected_cb), self);
  update_mine_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->mine_state), FALSE);
}

/* Returns: (nullable): the title of row @position of "My requests"
 * (newest first), in the user's language; NULL past the end. */
const char *
sanhe_oa_page_get_mine_title (SanheOaPage *self,
                              guint        position)
{
  guint n;

  g_return_val_if_fail (SANHE_IS_OA_PAGE (self), NULL);

  n = self->mine != NULL ? json_array_get_length (self->mine) : 0;
  if (position >= n)
    return NULL;
  return process_title (self, json_array_get_object_element (self->mine, n - 1 - position));
}
