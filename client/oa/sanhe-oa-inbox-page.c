/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-inbox-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-application.h"
#include "sanhe-columns.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-oa-inbox-page.h"
#include "sanhe-oa-inbox-private.h"
#include "sanhe-oa-pending.h"
#include "sanhe-oa-text.h"
#include "sanhe-window.h"

/*
 * Approvals (审批): the caller's pending tasks on the left, several may be
 * selected for a bulk approval; on the right the selected request's form
 * and history, with Approve / Reject / Return / Transfer / Add approver.
 * The list follows oa.task.* events by itself, and the sidebar row carries
 * the number of tasks waiting as the application counts them
 * (SanheOaPending, which also announces new ones), so the badge, the tray
 * icon and the notices agree.
 */

#define INBOX_PATH        "/api/v1/oa/tasks?state=pending&limit=500"
#define REFRESH_DELAY_MS  150

struct _SanheOaInboxPage
{
  SanheWorkspacePage  parent_instance;

  GtkLabel           *count_label;
  GtkSpinner         *spinner;
  GtkStack           *list_stack;
  GtkColumnView      *view;
  GtkStack           *detail_stack;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  AdwBin             *form_bin;
  AdwBin             *history_bin;

  GtkDropDown        *process_filter;

  GListStore         *store;          /* every pending task */
  GtkCustomFilter    *filter;         /* those of the process chosen above */
  GtkMultiSelection  *selection;      /* over the filtered tasks */
  GPtrArray          *filter_keys;    /* process keys of the filter's rows; row 0: all */
  GHashTable         *processes;      /* key → JsonObject of the definition */
  SanheRecord        *task;           /* the task shown on the right */
  JsonObject         *request;        /* its request, once loaded */
  GCancellable       *detail_cancellable;
  gint64              select_task;    /* select this task after the next load */
  gint64              total;          /* pending in all, beyond the page loaded */
  guint               refresh_source;
};

G_DEFINE_FINAL_TYPE (SanheOaInboxPage, sanhe_oa_inbox_page, SANHE_TYPE_WORKSPACE_PAGE)

static const SanheColumnSpec columns[] = {
  /* Translators: column of the approvals inbox: the kind of request */
  { N_("Process"), "process_name", SANHE_COLUMN_TEXT, 9, FALSE, NULL },
  /* Translators: column of the approvals inbox: the request's number */
  { N_("Number"), "number", SANHE_COLUMN_TEXT, 14, FALSE, NULL },
  /* Translators: column of the approvals inbox: who asked */
  { N_("Applicant"), "applicant.name", SANHE_COLUMN_TEXT, 8, FALSE, NULL },
  { N_("Summary"), "summary", SANHE_COLUMN_TEXT, 14, TRUE, NULL },
  /* Translators: column of the approvals inbox: when the task arrived */
  { N_("Arrived"), "created_at", SANHE_COLUMN_DATETIME, 12, FALSE, "created_at" },
};

static const char *
process_name (SanheOaInboxPage *self,
              const char       *key)
{
  JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;

  if (process != NULL && json_object_has_member (process, "name"))
    return sanhe_oa_localized (process, "name", key);

  return key != NULL ? key : "";
}

/* The sidebar row of this workspace, found through the data the window
 * sets on each row. */
static GtkWidget *
find_sidebar_row (GtkWidget  *widget,
                  const char *workspace_id)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      const char * const *info = g_object_get_data (G_OBJECT (widget), "sanhe-info");

      /* SanheWorkspaceInfo starts with its id. */
      if (info != NULL && g_strcmp0 (info[0], workspace_id) == 0)
        return widget;
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar_row (child, workspace_id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Returns: (nullable): the application's count, NULL outside the
 * application (as in unit tests). */
static SanheOaPending *
get_pending (void)
{
  GApplication *application = g_application_get_default ();

  if (!SANHE_IS_APPLICATION (application))
    return NULL;

  return sanhe_application_get_pending (SANHE_APPLICATION (application));
}

static void
update_badge (SanheOaInboxPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *id = sanhe_workspace_page_get_workspace_id (SANHE_WORKSPACE_PAGE (self));
  SanheOaPending *pending = get_pending ();
  GtkWidget *row, *box, *badge = NULL;
  guint n;

  if (root == NULL || id == NULL || self->store == NULL)
    return;
  if (pending != NULL && sanhe_oa_pending_get_loaded (pending))
    n = sanhe_oa_pending_get_count (pending);
  else
    n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  row = find_sidebar_row (GTK_WIDGET (root), id);
  if (row == NULL || (box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))) == NULL
      || !GTK_IS_BOX (box))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "oa-badge"))
      badge = child;

  if (badge == NULL)
    {
      badge = gtk_label_new (NULL);
      gtk_widget_add_css_class (badge, "oa-badge");
      gtk_widget_set_hexpand (badge, TRUE);
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), badge);
    }

  if (n > 0)
    {
      g_autofree char *text = n > 99 ? g_strdup ("99+") : sanhe_format_count (n);

      gtk_label_set_text (GTK_LABEL (badge), text);
    }
  gtk_widget_set_visible (badge, n > 0);
}

static void
update_actions (SanheOaInboxPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);
  gboolean one = n == 1 && self->request != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.approve", one);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.reject", one);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.return", one);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.transfer", one);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.add-signer", one);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "oa.approve-selected", n >= 1);
}

static void
update_count (SanheOaInboxPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint64 total = MAX ((guint64) MAX (self->total, 0), n);
  g_autofree char *number = sanhe_format_count (total);
  /* Translators: %s is a number of tasks waiting for the user's decision */
  g_autofree char *text = g_strdup_printf (ngettext ("%s request waiting for you",
                                                     "%s requests waiting for you", total), number);

  /* More than one page waits: say how many the list holds. */
  if (total > n)
    {
      g_autofree char *shown = sanhe_format_count (n);
      g_autofree char *all = g_steal_pointer (&text);

      /* Translators: "1,234 requests waiting for you · 500 shown" */
      text = g_strdup_printf (_("%s · %s shown"), all, shown);
    }
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  update_badge (self);
}

static void
show_request (SanheOaInboxPage *self)
{
  JsonObject *request = self->request;
  const char *key = json_object_get_string_member_with_default (request, "process", NULL);
  JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;
  JsonNode *fields = process != NULL ? json_object_get_member (process, "form") : NULL;
  const char *summary = sanhe_record_get_string (self->task, "summary");
  const char *applicant = sanhe_oa_json_name (json_object_get_member (request, "applicant"));
  g_autofree char *subtitle = NULL;

  g_autofree char *title = NULL;

  /* The server's summary is language-neutral (applicant · amount); the
   * process's name comes first, in the user's language. */
  if (summary != NULL && *summary)
    /* Translators: an approval's title: process · summary (applicant · amount) */
    title = g_strdup_printf (_("%s · %s"), process_name (self, key), summary);
  gtk_label_set_text (self->title_label, title != NULL ? title : process_name (self, key));
  /* Translators: under a request's title: number · process · applicant */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              json_object_get_string_member_with_default (request, "number", ""),
                              process_name (self, key), applicant != NULL ? applicant : "");
  gtk_label_set_text (self->subtitle_label, subtitle);

  adw_bin_set_child (self->form_bin,
                     sanhe_oa_form_values_new (request,
                                               fields && JSON_NODE_HOLDS_ARRAY (fields) ? json_node_get_array (fields) : NULL));
  adw_bin_set_child (self->history_bin, sanhe_oa_history_new (request, process));
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
on_process_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

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
  /* Without the definition, the form shows raw names: still useful. */
  if (self->request != NULL)
    show_request (self);
  update_actions (self);
}

static void
on_request_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;
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

  g_clear_pointer (&self->request, json_object_unref);
  self->request = json_object_ref (json_node_get_object (node));

  {
    const char *key = json_object_get_string_member_with_default (self->request, "process", NULL);
    JsonObject *process = key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;

    if (key != NULL && (process == NULL || !json_object_has_member (process, "form")))
      {
        g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
        g_autofree char *path = g_strdup_printf ("/api/v1/oa/processes/%s", escaped);

        gtk_spinner_start (self->spinner);
        sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)),
                                 "GET", path, NULL, self->detail_cancellable,
                                 on_process_loaded_cb, g_object_ref (self));
        return;
      }
  }
  show_request (self);
  update_actions (self);
}

static void
load_detail (SanheOaInboxPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(SanheRecord) task = NULL;
  g_autofree char *path = NULL;

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_pointer (&self->request, json_object_unref);

  if (!gtk_bitset_is_empty (selected))
    task = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));

  if (task != NULL && self->task != NULL
      && sanhe_record_get_id (task) == sanhe_record_get_id (self->task))
    {
      /* Same task still selected: keep showing it while it reloads. */
    }
  else if (task == NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, "none");

  g_set_object (&self->task, task);
  update_actions (self);
  if (task == NULL)
    return;

  self->detail_cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT,
                          sanhe_record_get_int (task, "request"));
  gtk_spinner_start (self->spinner);
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)),
                           "GET", path, NULL, self->detail_cancellable,
                           on_request_loaded_cb, g_object_ref (self));
}

static void
on_selection_changed_cb (GtkSelectionModel *model,
                         guint              position,
                         guint              n_items,
                         SanheOaInboxPage  *self)
{
  load_detail (self);
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  SanheOaInboxPage *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->process_filter);

  if (self->filter_keys == NULL || selected == 0 || selected >= self->filter_keys->len)
    return TRUE;

  return g_strcmp0 (sanhe_record_get_string (SANHE_RECORD (item), "process"),
                    g_ptr_array_index (self->filter_keys, selected)) == 0;
}

static void
on_process_filter_cb (GtkDropDown      *filter,
                      GParamSpec       *pspec,
                      SanheOaInboxPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  load_detail (self);
}

/* The filter's rows: every process, then each by name. */
static void
fill_process_filter (SanheOaInboxPage *self,
                     JsonArray        *processes)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  self->filter_keys = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("All Processes"));
  g_ptr_array_add (self->filter_keys, NULL);
  for (guint i = 0; i < json_array_get_length (processes); i++)
    {
      JsonObject *process = json_array_get_object_element (processes, i);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key == NULL)
        continue;
      gtk_string_list_append (names, sanhe_oa_localized (process, "name", key));
      g_ptr_array_add (self->filter_keys, g_strdup (key));
    }
  g_signal_handlers_block_by_func (self->process_filter, on_process_filter_cb, self);
  gtk_drop_down_set_model (self->process_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->process_filter, 0);
  g_signal_handlers_unblock_by_func (self->process_filter, on_process_filter_cb, self);
}

static void
fill_store (SanheOaInboxPage *self,
            JsonArray        *items)
{
  gint64 keep = self->select_task > 0 ? self->select_task
                : self->task != NULL ? sanhe_record_get_id (self->task) : 0;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  guint select = G_MAXUINT;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *key = json_object_get_string_member_with_default (item, "process", NULL);
      SanheRecord *record;

      g_autofree char *summary = sanhe_oa_summary_text (item);

      json_object_set_string_member (item, "process_name", process_name (self, key));
      /* Shown as the reader writes numbers, wherever the task's summary is. */
      if (summary != NULL)
        json_object_set_string_member (item, "summary", summary);
      record = sanhe_record_new (item);
      g_ptr_array_add (records, record);
    }

  self->select_task = 0;
  g_signal_handlers_block_by_func (self->selection, on_selection_changed_cb, self);
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       records->pdata, records->len);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  for (guint i = 0; keep > 0 && i < g_list_model_get_n_items (G_LIST_MODEL (self->selection)); i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (sanhe_record_get_id (record) == keep)
        select = i;
    }
  if (select != G_MAXUINT)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), select, TRUE);
  g_signal_handlers_unblock_by_func (self->selection, on_selection_changed_cb, self);

  update_count (self);
  load_detail (self);
}

static void
on_tasks_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonArray *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (node), "items");

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        items = json_node_get_array (member);
      self->total = json_object_get_int_member_with_default (json_node_get_object (node), "total", 0);
    }

  if (items != NULL)
    fill_store (self, items);
  else
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self),
                                    error ? sanhe_error_text (error) : _("The server sent an unexpected answer."));

  sanhe_workspace_page_set_loading (SANHE_WORKSPACE_PAGE (self), FALSE);
}

static void
load_tasks (SanheOaInboxPage *self)
{
  sanhe_api_request_async (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)),
                           "GET", INBOX_PATH, NULL,
                           sanhe_workspace_page_get_cancellable (SANHE_WORKSPACE_PAGE (self)),
                           on_tasks_loaded_cb, g_object_ref (self));
}

static void
on_processes_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *member = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without the names the list shows process keys: not worth failing for. */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    member = json_object_get_member (json_node_get_object (node), "items");
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    member = node;
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      fill_process_filter (self, array);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *process = json_array_get_object_element (array, i);
          const char *key = json_object_get_string_member_with_default (process, "key", NULL);

          if (key != NULL)
            g_hash_table_replace (self->processes, g_strdup (key), json_object_ref (process));
        }
    }

  load_tasks (self);
}

static void
sanhe_oa_inbox_page_reload (SanheWorkspacePage *page)
{
  SanheOaInboxPage *self = SANHE_OA_INBOX_PAGE (page);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (sanhe_workspace_page_get_loading (page))
    return;
  sanhe_workspace_page_set_loading (page, TRUE);

  if (g_hash_table_size (self->processes) == 0)
    sanhe_api_request_async (sanhe_workspace_page_get_api (page), "GET", "/api/v1/oa/processes",
                             NULL, sanhe_workspace_page_get_cancellable (page),
                             on_processes_loaded_cb, g_object_ref (self));
  else
    load_tasks (self);
}

static void
refresh_cb (gpointer user_data)
{
  SanheOaInboxPage *self = user_data;

  self->refresh_source = 0;
  if (sanhe_workspace_page_get_loading (SANHE_WORKSPACE_PAGE (self)))
    {
      /* A load is running: look again once it is done. */
      self->refresh_source = g_timeout_add_once (REFRESH_DELAY_MS, refresh_cb, self);
      return;
    }
  sanhe_oa_inbox_page_reload (SANHE_WORKSPACE_PAGE (self));
}

void
_sanhe_oa_inbox_page_queue_refresh (SanheOaInboxPage *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_once (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
sanhe_oa_inbox_page_event (SanheWorkspacePage *page,
                           const char         *type,
                           JsonNode           *event)
{
  SanheOaInboxPage *self = SANHE_OA_INBOX_PAGE (page);

  if (!g_str_has_prefix (type, "oa.task.") && !g_str_equal (type, "oa.request.updated"))
    return;

  _sanhe_oa_inbox_page_queue_refresh (self);
}

static void
on_root_changed_cb (SanheOaInboxPage *self)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);

  /* Load at once, not at first view: the sidebar shows the count. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (!sanhe_workspace_page_get_loaded (page) && !sanhe_workspace_page_get_loading (page))
    sanhe_workspace_page_reload (page);
  else
    update_badge (self);
}

/* The inbox's decisions, by action name: each opens its dialog. */
static const struct
{
  const char      *action;
  SanheOaDecision  decision;
} decision_actions[] = {
  { "oa.approve", SANHE_OA_DECISION_APPROVE },
  { "oa.reject", SANHE_OA_DECISION_REJECT },
  { "oa.return", SANHE_OA_DECISION_RETURN },
  { "oa.transfer", SANHE_OA_DECISION_TRANSFER },
  { "oa.add-signer", SANHE_OA_DECISION_ADD_SIGNER },
};

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (decision_actions); i++)
    if (g_str_equal (decision_actions[i].action, action_name))
      _sanhe_oa_decision_dialog_run (SANHE_OA_INBOX_PAGE (widget), decision_actions[i].decision);
}

static void
approve_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  _sanhe_oa_inbox_page_approve_selected (SANHE_OA_INBOX_PAGE (widget));
}

static void
badge_idle_cb (gpointer user_data)
{
  g_autoptr(SanheOaInboxPage) self = user_data;

  update_badge (self);
}

/* The window rebuilds its sidebar rows when the account changes: put the
 * badge back on the new row. */
static void
on_api_notify_me_cb (SanheOaInboxPage *self)
{
  g_idle_add_once (badge_idle_cb, g_object_ref (self));
}

static void
sanhe_oa_inbox_page_constructed (GObject *object)
{
  SanheOaInboxPage *self = SANHE_OA_INBOX_PAGE (object);

  G_OBJECT_CLASS (sanhe_oa_inbox_page_parent_class)->constructed (object);

  g_signal_connect_object (sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self)), "notify::me",
                           G_CALLBACK (on_api_notify_me_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  if (get_pending () != NULL)
    {
      g_signal_connect_object (get_pending (), "notify::count",
                               G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (get_pending (), "notify::loaded",
                               G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);
    }

  _sanhe_oa_inbox_connect_app_actions (self);
}

static void
sanhe_oa_inbox_page_dispose (GObject *object)
{
  SanheOaInboxPage *self = SANHE_OA_INBOX_PAGE (object);

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_OA_INBOX_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  g_clear_object (&self->task);
  g_clear_pointer (&self->request, json_object_unref);
  g_clear_pointer (&self->processes, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_oa_inbox_page_parent_class)->dispose (object);
}

static void
sanhe_oa_inbox_page_class_init (SanheOaInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_oa_inbox_page_constructed;
  object_class->dispose = sanhe_oa_inbox_page_dispose;

  page_class->reload = sanhe_oa_inbox_page_reload;
  page_class->event = sanhe_oa_inbox_page_event;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-oa-inbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, process_filter);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, view);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, form_bin);
  gtk_widget_class_bind_template_child (widget_class, SanheOaInboxPage, history_bin);

  for (guint i = 0; i < G_N_ELEMENTS (decision_actions); i++)
    gtk_widget_class_install_action (widget_class, decision_actions[i].action, NULL, decide_action);
  gtk_widget_class_install_action (widget_class, "oa.approve-selected", NULL, approve_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "oa.approve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "oa.approve-selected", NULL);
}

static void
sanhe_oa_inbox_page_init (SanheOaInboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sanhe_oa_ensure_style ();

  self->processes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) json_object_unref);
  self->store = g_list_store_new (SANHE_TYPE_RECORD);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                                                     GTK_FILTER (g_object_ref (self->filter)))));
  g_signal_connect (self->process_filter, "notify::selected", G_CALLBACK (on_process_filter_cb), self);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  sanhe_column_view_add_columns (self->view, columns, G_N_ELEMENTS (columns));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect (self, "notify::root", G_CALLBACK (on_root_changed_cb), NULL);
  update_count (self);
  update_actions (self);
}

/* Shows the inbox, and task @task in it once the list is loaded again. */
void
_sanhe_oa_inbox_page_open_task (SanheOaInboxPage *self,
                                gint64            task)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!SANHE_IS_WINDOW (root))
    return;
  sanhe_window_show_workspace (SANHE_WINDOW (root),
                               sanhe_workspace_page_get_workspace_id (SANHE_WORKSPACE_PAGE (self)));
  gtk_window_present (GTK_WINDOW (root));
  if (task > 0)
    {
      self->select_task = task;
      _sanhe_oa_inbox_page_queue_refresh (self);
    }
}

SanheRecord *
_sanhe_oa_inbox_page_get_task (SanheOaInboxPage *self)
{
  return self->task;
}

JsonObject *
_sanhe_oa_inbox_page_get_request (SanheOaInboxPage *self)
{
  return self->request;
}

/* Returns: (transfer full): the selected tasks. */
GPtrArray *
_sanhe_oa_inbox_page_dup_selected (SanheOaInboxPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    do
      g_ptr_array_add (tasks, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
    while (gtk_bitset_iter_next (&iter, &position));

  return tasks;
}

void
_sanhe_oa_inbox_page_decided (SanheOaInboxPage *self,
                              const char       *toast)
{
  if (toast != NULL)
    sanhe_workspace_page_add_toast (SANHE_WORKSPACE_PAGE (self), toast);
  g_clear_object (&self->task);
  _sanhe_oa_inbox_page_queue_refresh (self);
  /* Our own decisions raise no event for us: count again. */
  if (get_pending () != NULL)
    sanhe_oa_pending_refresh (get_pending ());
}

guint
sanhe_oa_inbox_page_get_n_tasks (SanheOaInboxPage *self)
{
  g_return_val_if_fail (SANHE_IS_OA_INBOX_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

gboolean
sanhe_oa_inbox_page_select_position (SanheOaInboxPage *self,
                                     guint             position)
{
  g_return_val_if_fail (SANHE_IS_OA_INBOX_PAGE (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;

  return gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}
