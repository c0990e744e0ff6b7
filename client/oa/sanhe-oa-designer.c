/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-designer"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-error-text.h"
#include "sanhe-oa-designer-private.h"
#include "sanhe-oa-text.h"

/*
 * OA → Processes: the process designer. On the left the processes (GET
 * /api/v1/oa/processes); on the right the chosen one, newest version, as
 * a working copy of its JSON: its form (sanhe-oa-designer-form.c) and its
 * flow, drawn, with an inspector of the selected step or connection
 * (sanhe-oa-designer-flow.c).
 *
 * Every edit redraws at once and, 400 ms after the last one, asks the
 * server whether the definition is valid (sanhe-oa-designer-check.c): the
 * rules live in the server's engine only, and its problems are listed
 * under the editor and ringed in red in the drawing. Save posts the
 * definition as a new version; requests already filed keep theirs.
 *
 * Without oa.processes.manage everything can be looked at, nothing
 * changed.
 */

#define MANAGE_PERMISSION "oa.processes.manage"

G_DEFINE_FINAL_TYPE (SanheOaDesigner, sanhe_oa_designer, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROCESS_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SanheWorkspacePage *
_sanhe_oa_designer_get_page (SanheOaDesigner *self)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), SANHE_TYPE_WORKSPACE_PAGE);

  return page != NULL ? SANHE_WORKSPACE_PAGE (page) : NULL;
}

SanheApi *
_sanhe_oa_designer_get_api (SanheOaDesigner *self)
{
  SanheWorkspacePage *page = _sanhe_oa_designer_get_page (self);

  return page != NULL ? sanhe_workspace_page_get_api (page) : NULL;
}

static GCancellable *
get_cancellable (SanheOaDesigner *self)
{
  SanheWorkspacePage *page = _sanhe_oa_designer_get_page (self);

  return page != NULL ? sanhe_workspace_page_get_cancellable (page) : NULL;
}

void
_sanhe_oa_designer_toast (SanheOaDesigner *self,
                          const char      *text)
{
  SanheWorkspacePage *page = _sanhe_oa_designer_get_page (self);

  if (page != NULL)
    sanhe_workspace_page_add_toast (page, text);
}

void
_sanhe_oa_designer_set_busy (SanheOaDesigner *self,
                             gboolean         busy)
{
  gboolean was_busy = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  if (was_busy != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) wrapper = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (wrapper, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (copy));
}

static void
refresh_header (SanheOaDesigner *self)
{
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->title, sanhe_oa_localized (self->definition, "name", self->key));
  if (self->version == 0)
    /* Translators: under a process's name in the designer: its key */
    subtitle = g_strdup_printf (_("%s · new, not saved yet"), self->key);
  else if (self->modified)
    /* Translators: under a process's name in the designer: its key and version */
    subtitle = g_strdup_printf (_("%s · version %d · changed, not saved"), self->key, self->version);
  else
    /* Translators: under a process's name in the designer: its key and version */
    subtitle = g_strdup_printf (_("%s · version %d"), self->key, self->version);
  gtk_label_set_text (self->subtitle, subtitle);
}

void
_sanhe_oa_designer_update_actions (SanheOaDesigner *self)
{
  gboolean editing = self->definition != NULL && self->can_manage;
  gboolean has_field = editing && self->field >= 0;
  gboolean has_selection = editing && (self->node != NULL || self->edge >= 0);

  /* Saving an unchanged process would only add an identical version. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.save",
                                 editing && (self->modified || self->version == 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.new-process", self->can_manage);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.add-node", editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.add-edge", editing && self->node != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.remove", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.simplify-test", editing && self->edge >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.add-field", editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.move-field", has_field);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "designer.remove-field", has_field);
  gtk_widget_set_sensitive (self->add_step_button, editing);
  /* Who may not change processes is not offered to. */
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), self->can_manage);
  gtk_widget_set_visible (self->new_process_button, self->can_manage);
  gtk_widget_set_visible (self->flow_toolbar, self->can_manage);

  gtk_widget_set_sensitive (GTK_WIDGET (self->process_group), editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->field_editor), editing);
  gtk_widget_set_sensitive (self->edge_editor, editing);
  /* The step's connections stay clickable when read-only. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->node_editor); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_sensitive (child, editing || child == gtk_widget_get_last_child (self->node_editor));
}

/* Selects a step (@node) or a connection (@edge ≥ 0), or nothing. */
void
_sanhe_oa_designer_select (SanheOaDesigner *self,
                           const char      *node,
                           gint             edge)
{
  g_autofree char *id = g_strdup (node);

  g_free (self->node);
  self->node = g_steal_pointer (&id);
  self->edge = node != NULL ? -1 : edge;
  sanhe_oa_flow_view_set_selection (self->flow_view, self->node, self->edge);
  _sanhe_oa_designer_fill_inspector (self);
  _sanhe_oa_designer_update_actions (self);
}

/* After every edit of the working copy. */
void
_sanhe_oa_designer_changed (SanheOaDesigner *self)
{
  self->modified = TRUE;
  sanhe_oa_flow_view_set_definition (self->flow_view, self->definition);
  refresh_header (self);
  _sanhe_oa_designer_update_actions (self);
  _sanhe_oa_designer_schedule_check (self);
}

/* Shows @definition (owned by the caller) as version @version of @key. */
static void
show_definition (SanheOaDesigner *self,
                 const char      *key,
                 gint             version,
                 JsonObject      *definition)
{
  _sanhe_oa_designer_stop_checking (self);
  g_clear_pointer (&self->definition, json_object_unref);
  g_clear_pointer (&self->problems, json_array_unref);
  g_free (self->key);
  self->key = g_strdup (key);
  self->version = version;
  self->definition = copy_object (definition);
  self->modified = FALSE;
  self->check_failed = FALSE;
  self->field = -1;

  gtk_stack_set_visible_child_name (self->content, "editor");
  gtk_stack_set_visible_child_name (self->tabs, "flow");
  sanhe_oa_flow_view_set_definition (self->flow_view, self->definition);
  _sanhe_oa_designer_select (self, NULL, -1);
  _sanhe_oa_designer_fill_form (self);
  refresh_header (self);
  _sanhe_oa_designer_update_actions (self);
  _sanhe_oa_designer_show_problems (self);
  if (!self->can_manage)
    _sanhe_oa_designer_report (self, "read-only");
  /* The stored version passed the same check when saved; ask anyway, so
   * the status line says so, and says it about this server's rules. */
  _sanhe_oa_designer_schedule_check (self);
}

static void
on_process_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SanheOaDesigner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *process = json_node_get_object (node);

      show_definition (self, json_object_get_string_member_with_default (process, "key", ""),
                       (gint) json_object_get_int_member_with_default (process, "version", 0), process);
      _sanhe_oa_designer_report (self, "opened %s version %d", self->key, self->version);
    }
  else
    _sanhe_oa_designer_toast (self, error != NULL ? sanhe_error_text (error)
                                                  : _("The server sent an unexpected answer."));
  _sanhe_oa_designer_set_busy (self, FALSE);
}

static void
select_row_of (SanheOaDesigner *self,
               const char      *key)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->process_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "sanhe-key"), key) == 0)
      {
        gtk_list_box_select_row (self->process_list, GTK_LIST_BOX_ROW (row));
        return;
      }
  gtk_list_box_unselect_all (self->process_list);
}

/* Loads the newest version of @key. Returns: FALSE when not signed in. */
gboolean
_sanhe_oa_designer_open (SanheOaDesigner *self,
                         const char      *key)
{
  g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/processes/%s", escaped);

  if (_sanhe_oa_designer_get_api (self) == NULL)
    return FALSE;
  select_row_of (self, key);
  _sanhe_oa_designer_set_busy (self, TRUE);
  sanhe_api_request_async (_sanhe_oa_designer_get_api (self), "GET", path, NULL, get_cancellable (self),
                           on_process_loaded_cb, g_object_ref (self));
  return TRUE;
}

static void start_new_process (SanheOaDesigner *self);

/* Opens process @key, or a new one when @key is NULL. */
static void
open_or_start (SanheOaDesigner *self,
               const char      *key)
{
  if (key != NULL)
    _sanhe_oa_designer_open (self, key);
  else
    start_new_process (self);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SanheOaDesigner  *self)
{
  if (g_str_equal (response, "discard"))
    open_or_start (self, g_object_get_data (G_OBJECT (dialog), "sanhe-key"));
  else
    select_row_of (self, self->key);
}

/* Leaves the process being edited for @key (NULL: a new one), asking
 * first when that would lose changes. */
static void
leave_for (SanheOaDesigner *self,
           const char      *key)
{
  GtkWidget *dialog;

  if (!self->modified)
    {
      open_or_start (self, key);
      return;
    }
  if (key != NULL && g_strcmp0 (key, self->key) == 0)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Discard Your Changes?"),
                                   _("The changes to this process have not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sanhe-key", g_strdup (key), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_process_row_activated_cb (GtkListBox      *list,
                             GtkListBoxRow   *row,
                             SanheOaDesigner *self)
{
  leave_for (self, g_object_get_data (G_OBJECT (row), "sanhe-key"));
}

static GtkWidget *
new_process_row (JsonObject *process)
{
  const char *key = json_object_get_string_member_with_default (process, "key", NULL);
  int version = (int) json_object_get_int_member_with_default (process, "version", 0);
  /* Translators: a process's version in the designer's list */
  g_autofree char *caption = g_strdup_printf (_("Version %d"), version);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (sanhe_oa_localized (process, "name", key));
  GtkWidget *detail = gtk_label_new (caption);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "sanhe-key", g_strdup (key), g_free);
  return row;
}

static void
on_processes_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SanheOaDesigner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->process_list))) != NULL)
        gtk_list_box_remove (self->process_list, child);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element)
              && json_object_get_string_member_with_default (json_node_get_object (element), "key", NULL) != NULL)
            gtk_list_box_append (self->process_list, new_process_row (json_node_get_object (element)));
        }
      if (self->key != NULL)
        select_row_of (self, self->key);
    }
  else if (error != NULL)
    _sanhe_oa_designer_toast (self, sanhe_error_text (error));

  if (self->pending_key != NULL)
    {
      g_autofree char *key = g_steal_pointer (&self->pending_key);

      _sanhe_oa_designer_open (self, key);
    }
  _sanhe_oa_designer_set_busy (self, FALSE);
}

static void
load_processes (SanheOaDesigner *self)
{
  _sanhe_oa_designer_set_busy (self, TRUE);
  sanhe_api_request_async (_sanhe_oa_designer_get_api (self), "GET", "/api/v1/oa/processes", NULL,
                           get_cancellable (self), on_processes_loaded_cb, g_object_ref (self));
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SanheOaDesigner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _sanhe_oa_designer_report (self, "not saved: %s", error != NULL ? sanhe_error_get_code (error) : "?");
      /* The problems of an invalid process are listed, not toasted. */
      if (g_error_matches (error, SANHE_ERROR, SANHE_ERROR_FORBIDDEN))
        _sanhe_oa_designer_toast (self, _("You may not change approval processes. Ask an administrator "
                                          "for the permission to design them."));
      else if (g_strcmp0 (sanhe_error_get_code (error), "oa.process.invalid") != 0)
        _sanhe_oa_designer_toast (self, error != NULL ? sanhe_error_text (error)
                                                      : _("The server sent an unexpected answer."));
      if (g_strcmp0 (sanhe_error_get_code (error), "oa.process.invalid") == 0)
        {
          JsonNode *details = sanhe_error_get_details (error);
          JsonNode *problems = details != NULL && JSON_NODE_HOLDS_OBJECT (details)
                               ? json_object_get_member (json_node_get_object (details), "problems") : NULL;

          _sanhe_oa_designer_stop_checking (self);
          g_clear_pointer (&self->problems, json_array_unref);
          if (problems != NULL && JSON_NODE_HOLDS_ARRAY (problems))
            self->problems = json_array_ref (json_node_get_array (problems));
          self->check_failed = FALSE;
          _sanhe_oa_designer_show_problems (self);
          _sanhe_oa_designer_report_problems (self);
        }
      _sanhe_oa_designer_set_busy (self, FALSE);
      return;
    }

  {
    JsonObject *saved = json_node_get_object (node);
    /* Translators: after saving a process in the designer; %d is its new version */
    g_autofree char *text = NULL;

    self->version = (gint) json_object_get_int_member_with_default (saved, "version", self->version);
    self->modified = FALSE;
    text = g_strdup_printf (_("Saved as version %d"), self->version);
    _sanhe_oa_designer_toast (self, text);
    _sanhe_oa_designer_report (self, "saved %s version %d", self->key, self->version);
    refresh_header (self);
    _sanhe_oa_designer_update_actions (self);
    g_signal_emit (self, signals[PROCESS_SAVED], 0, self->key);
    gtk_editable_set_editable (GTK_EDITABLE (self->process_key), FALSE);
    _sanhe_oa_designer_show_problems (self);
    load_processes (self);
  }
  _sanhe_oa_designer_set_busy (self, FALSE);
}

void
_sanhe_oa_designer_save (SanheOaDesigner *self)
{
  g_autoptr(JsonNode) body = NULL;

  if (self->definition == NULL || _sanhe_oa_designer_get_api (self) == NULL)
    return;
  body = sanhe_oa_process_to_body (self->definition);
  g_free (self->key);
  self->key = g_strdup (json_object_get_string_member_with_default (self->definition, "key", ""));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  _sanhe_oa_designer_set_busy (self, TRUE);
  sanhe_api_request_async (_sanhe_oa_designer_get_api (self), "POST", "/api/v1/oa/processes", body,
                           get_cancellable (self), on_saved_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _sanhe_oa_designer_save (SANHE_OA_DESIGNER (widget));
}

static void
new_process_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  leave_for (SANHE_OA_DESIGNER (widget), NULL);
}

static void
start_new_process (SanheOaDesigner *self)
{
  g_autoptr(JsonObject) definition = NULL;
  g_autofree char *key = NULL;
  guint n = 1;

  /* A key no process has yet: new_process, new_process_2, … */
  do
    {
      gboolean taken = FALSE;

      g_free (key);
      key = n == 1 ? g_strdup ("new_process") : g_strdup_printf ("new_process_%u", n);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->process_list)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        taken = taken || g_strcmp0 (g_object_get_data (G_OBJECT (row), "sanhe-key"), key) == 0;
      if (!taken)
        break;
    }
  while (++n < 1000);

  definition = sanhe_oa_process_new_template (key, _("New process"), _("Subject"), _("Manager"));
  show_definition (self, key, 0, definition);
  gtk_list_box_unselect_all (self->process_list);
  gtk_editable_set_editable (GTK_EDITABLE (self->process_key), TRUE);
  gtk_stack_set_visible_child_name (self->tabs, "form");
}

static void
on_flow_node_activated_cb (SanheOaFlowView *view,
                           const char      *node,
                           SanheOaDesigner *self)
{
  _sanhe_oa_designer_select (self, node, -1);
}

static void
on_flow_edge_activated_cb (SanheOaFlowView *view,
                           gint             edge,
                           SanheOaDesigner *self)
{
  _sanhe_oa_designer_select (self, NULL, edge);
}

static void
sanhe_oa_designer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_oa_designer_dispose (GObject *object)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (object);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->validate_cancellable != NULL)
    g_cancellable_cancel (self->validate_cancellable);
  g_clear_object (&self->validate_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_OA_DESIGNER);
  g_clear_pointer (&self->definition, json_object_unref);
  g_clear_pointer (&self->problems, json_array_unref);
  g_clear_pointer (&self->user_names, g_hash_table_unref);
  g_clear_pointer (&self->role_names, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_oa_designer_parent_class)->dispose (object);
}

static void
sanhe_oa_designer_finalize (GObject *object)
{
  SanheOaDesigner *self = SANHE_OA_DESIGNER (object);

  g_free (self->key);
  g_free (self->node);
  g_free (self->pending_key);
  _sanhe_oa_choice_list_clear (&self->users);
  _sanhe_oa_choice_list_clear (&self->roles);
  _sanhe_oa_choice_list_clear (&self->departments);
  _sanhe_oa_choice_list_clear (&self->node_choices);
  _sanhe_oa_choice_list_clear (&self->field_choices);
  _sanhe_oa_choice_list_clear (&self->user_fields);

  G_OBJECT_CLASS (sanhe_oa_designer_parent_class)->finalize (object);
}

static void
sanhe_oa_designer_class_init (SanheOaDesignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sanhe_oa_designer_get_property;
  object_class->dispose = sanhe_oa_designer_dispose;
  object_class->finalize = sanhe_oa_designer_finalize;

  /* Whether a load, a check or a save is under way (automation waits). */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new version of the process (its key) was saved. */
  signals[PROCESS_SAVED] = g_signal_new ("process-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SANHE_TYPE_OA_FLOW_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-oa-designer.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SanheOaDesigner, name)
  BIND (process_list);
  BIND (content);
  BIND (title);
  BIND (subtitle);
  BIND (save_button);
  BIND (new_process_button);
  BIND (flow_toolbar);
  BIND (tabs);
  BIND (status_spinner);
  BIND (status_icon);
  BIND (status_label);
  BIND (problems_scroller);
  BIND (problems_list);
  BIND (process_group);
  BIND (process_name);
  BIND (process_name_zh);
  BIND (process_name_es);
  BIND (process_key);
  BIND (fields_list);
  BIND (field_stack);
  BIND (field_editor);
  BIND (field_label);
  BIND (field_label_zh);
  BIND (field_label_es);
  BIND (field_name);
  BIND (field_type);
  BIND (field_required);
  BIND (field_min);
  BIND (field_max);
  BIND (field_options);
  BIND (flow_view);
  BIND (add_step_button);
  BIND (inspector);
  BIND (node_editor);
  BIND (node_type);
  BIND (node_name);
  BIND (node_name_zh);
  BIND (node_name_es);
  BIND (node_id);
  BIND (assignee_group);
  BIND (assignee_rule);
  BIND (assignee_role);
  BIND (assignee_user);
  BIND (assignee_department);
  BIND (assignee_field);
  BIND (node_mode);
  BIND (timeout_group);
  BIND (node_timeout);
  BIND (node_on_timeout);
  BIND (effect_group);
  BIND (node_effect);
  BIND (node_edges);
  BIND (edge_editor);
  BIND (edge_from);
  BIND (edge_to);
  BIND (edge_kind);
  BIND (test_group);
  BIND (test_field);
  BIND (test_op);
  BIND (test_value);
  BIND (test_compound);
  BIND (test_compound_label);
#undef BIND

  gtk_widget_class_install_action (widget_class, "designer.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "designer.new-process", NULL, new_process_action);
  _sanhe_oa_designer_class_add_flow_actions (widget_class);
  _sanhe_oa_designer_class_add_form_actions (widget_class);
}

static void
sanhe_oa_designer_init (SanheOaDesigner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->edge = -1;
  self->field = -1;
  _sanhe_oa_choice_list_init (&self->users);
  _sanhe_oa_choice_list_init (&self->roles);
  _sanhe_oa_choice_list_init (&self->departments);
  _sanhe_oa_choice_list_init (&self->node_choices);
  _sanhe_oa_choice_list_init (&self->field_choices);
  _sanhe_oa_choice_list_init (&self->user_fields);
  self->user_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->role_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_signal_connect (self->process_list, "row-activated", G_CALLBACK (on_process_row_activated_cb), self);
  g_signal_connect (self->flow_view, "node-activated", G_CALLBACK (on_flow_node_activated_cb), self);
  g_signal_connect (self->flow_view, "edge-activated", G_CALLBACK (on_flow_edge_activated_cb), self);
  _sanhe_oa_designer_flow_init (self);
  _sanhe_oa_designer_form_init (self);
  _sanhe_oa_designer_update_actions (self);
}

/* Loads the list of processes (again) and the names of people, roles and
 * departments the assignee rules refer to. */
void
sanhe_oa_designer_reload (SanheOaDesigner *self)
{
  SanheApi *api;

  g_return_if_fail (SANHE_IS_OA_DESIGNER (self));

  api = _sanhe_oa_designer_get_api (self);
  if (api == NULL)
    return;
  self->can_manage = sanhe_api_has_permission (api, MANAGE_PERMISSION);
  _sanhe_oa_designer_update_actions (self);
  load_processes (self);
  _sanhe_oa_designer_load_directory (self);
}

gboolean
sanhe_oa_designer_get_busy (SanheOaDesigner *self)
{
  g_return_val_if_fail (SANHE_IS_OA_DESIGNER (self), FALSE);

  return self->busy > 0;
}
