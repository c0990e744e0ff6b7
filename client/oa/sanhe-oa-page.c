/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-oa-page-private.h"
#include "sanhe-oa-text.h"

/*
 * OA (协同办公): "New Request" lists the processes the company runs; the
 * chosen one's form is rendered from its definition and submitted with
 * Ctrl+S. "My Requests" (sanhe-oa-mine.c) follows what the user asked
 * for. Both refresh on oa.request.updated.
 */

G_DEFINE_FINAL_TYPE (SanheOaPage, sanhe_oa_page, SANHE_TYPE_WORKSPACE_PAGE)

typedef struct
{
  SanheOaPage *page;
  GCallback    done;
} ProcessWait;

JsonArray *
_sanhe_oa_page_get_fields (SanheOaPage *self,
                           const char  *key)
{
  JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;
  JsonNode *form = process != NULL ? json_object_get_member (process, "form") : NULL;

  return form != NULL && JSON_NODE_HOLDS_ARRAY (form) ? json_node_get_array (form) : NULL;
}

static void
on_process_fetched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ProcessWait *wait = user_data;
  g_autoptr(SanheOaPage) self = wait->page;
  void (*done) (SanheOaPage *) = (void (*) (SanheOaPage *)) wait->done;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  g_free (wait);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *process = json_node_get_object (node);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key != NULL)
        g_hash_table_replace (self->processes, g_strdup (key), json_object_ref (process));
    }
  else if (error != NULL)
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
  done (self);
}

/* Calls @done once the definition of @key (with its form) is known. */
void
_sanhe_oa_page_with_process (SanheOaPage *self,
                             const char  *key,
                             GCallback    done)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  ProcessWait *wait;

  if (key == NULL || _sanhe_oa_page_get_fields (self, key) != NULL)
    {
      ((void (*) (SanheOaPage *)) done) (self);
      return;
    }

  wait = g_new0 (ProcessWait, 1);
  wait->page = g_object_ref (self);
  wait->done = done;
  escaped = g_uri_escape_string (key, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/oa/processes/%s", escaped);
  gtk_spinner_start (self->spinner);
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "GET", path, NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_process_fetched_cb, wait);
}

static const char *
process_name (SanheOaPage *self,
              const char  *key)
{
  JsonObject *process = g_hash_table_lookup (self->processes, key);

  return process != NULL ? sanhe_oa_localized (process, "name", key) : key;
}

static void
show_new_form (SanheOaPage *self)
{
  GtkWidget *form;

  if (self->new_key == NULL)
    return;
  gtk_label_set_text (self->new_title, process_name (self, self->new_key));
  gtk_label_set_text (self->new_hint, _("Fields marked with a red asterisk are required."));
  form = sanhe_oa_form_new (_sanhe_oa_page_get_fields (self, self->new_key));
  self->new_form = SANHE_OA_FORM (form);
  adw_bin_set_child (self->new_form_bin, form);
  gtk_widget_set_visible (GTK_WIDGET (self->submit_button), TRUE);
}

static void
on_process_row_selected_cb (GtkListBox    *list,
                            GtkListBoxRow *row,
                            SanheOaPage   *self)
{
  const char *key;

  if (row == NULL)
    return;
  key = g_object_get_data (G_OBJECT (row), "sanhe-key");
  g_free (self->new_key);
  self->new_key = g_strdup (key);
  _sanhe_oa_page_with_process (self, key, G_CALLBACK (show_new_form));
}

static void
fill_processes (SanheOaPage *self,
                JsonArray   *items)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->process_list))) != NULL)
    gtk_list_box_remove (self->process_list, child);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *process = json_array_get_object_element (items, i);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);
      const char *name = sanhe_oa_localized (process, "name", key);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (name);

      if (key == NULL)
        continue;
      if (!g_hash_table_contains (self->processes, key))
        g_hash_table_insert (self->processes, g_strdup (key), json_object_ref (process));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "sanhe-key", g_strdup (key), g_free);
      gtk_list_box_append (self->process_list, row);
    }
}

static void
on_processes_loaded_cb (GObject      *source,
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
      fill_processes (self, json_node_get_array (items));
      _sanhe_oa_page_fill_rule_processes (self, json_node_get_array (items));
    }
  else
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self),
                                    error ? sanhe_error_text (error) : _("The server sent an unexpected answer."));

  _sanhe_oa_page_load_mine (self);
  _sanhe_oa_page_load_rules (self);
}

static void
sanhe_oa_page_reload (SanheWorkspacePage *page)
{
  SanheOaPage *self = SANHE_OA_PAGE (page);

  if (sanhe_workspace_page_get_loading (page))
    return;
  sanhe_workspace_page_set_loading (page, TRUE);
  sanhe_oa_designer_reload (self->designer);
  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "GET", "/api/v1/oa/processes",
                           NULL, sanhe_workspace_page_get_cancellable (page),
                           on_processes_loaded_cb, g_object_ref (self));
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SanheOaPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), TRUE);
  if (node == NULL)
    {
      if (self->new_form != NULL)
        sanhe_oa_form_show_errors (self->new_form, sanhe_error_get_details (error));
      sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), sanhe_error_text (error));
      return;
    }

  {
    JsonObject *request = json_node_get_object (node);
    /* Translators: %s is the number of the request just submitted */
    g_autofree char *text = g_strdup_printf (_("Request %s submitted"),
                                             json_object_get_string_member_with_default (request, "number", ""));

    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), text);
  }
  show_new_form (self);  /* a fresh, empty form */
  gtk_stack_set_visible_child_name (self->stack, "mine");
  _sanhe_oa_page_load_mine (self);
}

static void
sanhe_oa_page_save (SanheWorkspacePage *page)
{
  SanheOaPage *self = SANHE_OA_PAGE (page);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) form = NULL;
  g_autoptr(JsonNode) body = NULL;

  /* Ctrl+S on Processes saves the process being designed. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "designer"))
    {
      gtk_widget_activate_action (GTK_WIDGET (self->designer), "designer.save", NULL);
      return;
    }
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "new")
      || self->new_form == NULL || self->new_key == NULL)
    return;
  form = sanhe_oa_form_collect (self->new_form);
  if (form == NULL)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "process");
  json_builder_add_string_value (builder, self->new_key);
  json_builder_set_member_name (builder, "form");
  json_builder_add_value (builder, g_steal_pointer (&form));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), FALSE);
  sanhe_api_request_async (sanhe_workspace_page_get_api (page), "POST", "/api/v1/oa/requests", body,
                           sanhe_workspace_page_get_cancellable (page),
                           on_submitted_cb, g_object_ref (self));
}

static void
sanhe_oa_page_new_record (SanheWorkspacePage *page)
{
  SanheOaPage *self = SANHE_OA_PAGE (page);

  gtk_stack_set_visible_child_name (self->stack, "new");
}

static void
sanhe_oa_page_event (SanheWorkspacePage *page,
                     const char         *type,
                     JsonNode           *event)
{
  if (g_str_equal (type, "oa.request.updated"))
    _sanhe_oa_page_load_mine (SANHE_OA_PAGE (page));
}

/* A process was redesigned: its form here is out of date. */
static void
on_designer_process_saved_cb (SanheOaDesigner *designer,
                              const char      *key,
                              SanheOaPage     *self)
{
  g_hash_table_remove (self->processes, key);
  sanhe_workspace_page_reload (SANHE_WORKSPACE_PAGE (self));
}

static void
sanhe_oa_page_dispose (GObject *object)
{
  SanheOaPage *self = SANHE_OA_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_OA_PAGE);
  g_clear_pointer (&self->processes, g_hash_table_unref);
  g_clear_pointer (&self->mine, json_array_unref);
  g_clear_pointer (&self->mine_request, json_object_unref);
  g_clear_pointer (&self->new_key, g_free);
  g_clear_pointer (&self->rule_keys, g_ptr_array_unref);
  g_clear_pointer (&self->rules, json_array_unref);
  self->new_form = NULL;
  self->resubmit_form = NULL;

  G_OBJECT_CLASS (sanhe_oa_page_parent_class)->dispose (object);
}

static void
sanhe_oa_page_class_init (SanheOaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->dispose = sanhe_oa_page_dispose;

  page_class->reload = sanhe_oa_page_reload;
  page_class->save = sanhe_oa_page_save;
  page_class->new_record = sanhe_oa_page_new_record;
  page_class->event = sanhe_oa_page_event;

  g_type_ensure (SANHE_TYPE_OA_DESIGNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-oa-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, process_list);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, new_title);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, new_hint);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, new_form_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_list);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_title);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_state);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_subtitle);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_form_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_history_heading);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, mine_history_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, resubmit_button);

  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rules_list);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_kind);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_fields);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_process);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_applicant_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_amount);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_to_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_starts);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, rule_ends);
  gtk_widget_class_bind_template_child (widget_class, SanheOaPage, designer);

  _sanhe_oa_page_class_add_mine_actions (widget_class);
  _sanhe_oa_page_class_add_rule_actions (widget_class);
}

static void
sanhe_oa_page_init (SanheOaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sanhe_oa_ensure_style ();

  self->select_mine = -1;
  self->processes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) json_object_unref);
  g_signal_connect (self->process_list, "row-selected", G_CALLBACK (on_process_row_selected_cb), self);
  g_signal_connect (self->designer, "process-saved", G_CALLBACK (on_designer_process_saved_cb), self);
  _sanhe_oa_page_mine_init (self);
  _sanhe_oa_page_rules_init (self);
}

/* Shows "new" (selecting process @select) or "mine" (selecting request
 * @select, once loaded); for automation. */
gboolean
sanhe_oa_page_show_section (SanheOaPage *self,
                            const char  *section,
                            int          select)
{
  g_return_val_if_fail (SANHE_IS_OA_PAGE (self), FALSE);

  if (g_strcmp0 (section, "new") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "new");
      if (select >= 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->process_list, select);

          if (row == NULL)
            return FALSE;
          gtk_list_box_select_row (self->process_list, row);
        }
      return TRUE;
    }
  if (g_strcmp0 (section, "designer") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "designer");
      return TRUE;
    }
  if (g_strcmp0 (section, "rules") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "rules");
      return TRUE;
    }
  if (g_strcmp0 (section, "mine") == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "mine");
      if (select >= 0)
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->mine_list, select);

          if (row == NULL)
            return FALSE;
          gtk_list_box_select_row (self->mine_list, row);
        }
      return TRUE;
    }

  return FALSE;
}

/* Shows Processes, the process designer; for automation.
 * Returns: (transfer none): the designer (a SanheOaDesigner). */
GtkWidget *
sanhe_oa_page_show_designer (SanheOaPage *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PAGE (self), NULL);

  gtk_stack_set_visible_child_name (self->stack, "designer");
  return GTK_WIDGET (self->designer);
}
