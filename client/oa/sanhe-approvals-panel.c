/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-approvals-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-approval-dialog.h"
#include "sanhe-approvals-panel.h"
#include "sanhe-oa-text.h"

/*
 * The approvals of one record (a purchase order, a sales order, a
 * customer…), for any page to embed under its editor. A header that is
 * always visible says how many requests the record has and the state of
 * the latest; expanded, each request shows its process, number, state,
 * who must approve now and, opened, its history as a timeline (the newest
 * is opened at first). "Request Approval…" files a new request with the
 * record as its subject (sanhe-approval-dialog.c), its form prefilled
 * with what the host page knows (the order's total…).
 *
 * The host hands the server's events to sanhe_approvals_panel_handle_event():
 * an oa.request.* or oa.task.* event about one of these requests (or a
 * newer one, which may be about this record) reloads the list. Those reach
 * the applicant and the approvers; everyone else who may read the record
 * hears of it because the panel watches the record's topic, "TYPE:ID",
 * while it shows it: an oa.subject.updated event on that topic reloads too.
 *
 *   GET /api/v1/oa/requests?subject=TYPE:ID   the requests, oldest first
 *   GET /api/v1/oa/requests/{id}              one with its history
 *   GET /api/v1/oa/processes[/{key}]          names (translated) and steps
 */

#define RELOAD_DELAY_MS 250

struct _SanheApprovalsPanel
{
  AdwBin           parent_instance;

  GtkToggleButton *expand_button;
  GtkImage        *arrow;
  GtkLabel        *count_label;
  GtkLabel        *summary_label;
  GtkLabel        *summary_pill;
  GtkSpinner      *spinner;
  GtkWidget       *request_button;
  GtkRevealer     *revealer;
  GtkLabel        *status_label;
  GtkListBox      *list;

  SanheApi        *api;
  GCancellable    *cancellable;   /* of the current subject; replaced with it */
  char            *subject_type;
  gint64           subject_id;
  char            *subject_label;
  char            *topic;         /* "TYPE:ID", watched while shown */
  char            *prefill_process;
  JsonObject      *prefill;
  JsonArray       *requests;      /* oldest first, as the server lists them */
  GHashTable      *processes;     /* key → JsonObject: names, then full definitions */
  gboolean         processes_loaded;
  GHashTable      *opened;        /* request ids whose history is shown */
  gboolean         opened_once;   /* the newest was opened for this subject */
  gint64           newest_id;
  gboolean         allowed;       /* may see and file requests */
  guint            reload_source;
  guint            n_loading;     /* the list, and histories, in flight */
};

G_DEFINE_FINAL_TYPE (SanheApprovalsPanel, sanhe_approvals_panel, ADW_TYPE_BIN)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_requests (SanheApprovalsPanel *self);

static void
begin_loading (SanheApprovalsPanel *self)
{
  if (self->n_loading++ == 0 && self->spinner != NULL)
    gtk_spinner_start (self->spinner);
}

/* Also from the answers to requests cancelled by dispose: the template's
 * children may be gone. */
static void
end_loading (SanheApprovalsPanel *self)
{
  g_return_if_fail (self->n_loading > 0);

  if (--self->n_loading == 0 && self->spinner != NULL)
    gtk_spinner_stop (self->spinner);
  g_signal_emit (self, signals[UPDATED], 0);
}

static JsonObject *
find_process (SanheApprovalsPanel *self,
              const char          *key)
{
  return key != NULL ? g_hash_table_lookup (self->processes, key) : NULL;
}

/* The request's process in the user's language. */
static const char *
process_title (SanheApprovalsPanel *self,
               JsonObject          *request)
{
  const char *key = json_object_get_string_member_with_default (request, "process", NULL);
  const char *name = json_object_get_string_member_with_default (request, "process_name", key);
  JsonObject *process = find_process (self, key);

  return process != NULL ? sanhe_oa_localized (process, "name", name) : name;
}

/* Returns: (transfer full) (nullable): who must decide now, "Ann, Ben". */
static char *
waiting_for (JsonObject *request)
{
  JsonNode *tasks_node = json_object_get_member (request, "tasks");
  JsonArray *tasks = tasks_node != NULL && JSON_NODE_HOLDS_ARRAY (tasks_node) ? json_node_get_array (tasks_node) : NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonObject *task = json_array_get_object_element (tasks, i);
      const char *name = sanhe_oa_json_name (json_object_get_member (task, "assignee"));

      if (name == NULL || g_strcmp0 (json_object_get_string_member_with_default (task, "state", NULL), "pending") != 0)
        continue;
      if (names->len > 0)
        /* Translators: between the names of several approvers */
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }

  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

static char *
request_subtitle (JsonObject *request)
{
  const char *applicant = sanhe_oa_json_name (json_object_get_member (request, "applicant"));
  g_autofree char *created = sanhe_format_datetime (json_object_get_string_member_with_default (request, "created_at", NULL));
  g_autofree char *waiting = NULL;
  g_autofree char *decided = NULL;
  const char *state = json_object_get_string_member_with_default (request, "state", NULL);

  if (g_strcmp0 (state, "pending") == 0 && (waiting = waiting_for (request)) != NULL)
    /* Translators: under an approval request: applicant · when submitted · who must approve now */
    return g_strdup_printf (_("%s · %s · waiting for %s"), applicant ? applicant : "", created ? created : "", waiting);

  if (g_strcmp0 (state, "pending") != 0
      && (decided = sanhe_format_datetime (json_object_get_string_member_with_default (request, "updated_at", NULL))) != NULL)
    /* Translators: under an approval request: applicant · when submitted · state, when it was reached */
    return g_strdup_printf (_("%s · %s · %s %s"), applicant ? applicant : "", created ? created : "",
                            sanhe_oa_state_text (state), decided);

  /* Translators: under an approval request: applicant · when submitted */
  return g_strdup_printf (_("%s · %s"), applicant ? applicant : "", created ? created : "");
}

static void
show_history (SanheApprovalsPanel *self,
              AdwExpanderRow      *row,
              JsonObject          *request)
{
  GtkWidget *holder = g_object_get_data (G_OBJECT (row), "sanhe-history");
  const char *key = json_object_get_string_member_with_default (request, "process", NULL);
  GtkWidget *history = sanhe_oa_history_new (request, find_process (self, key));

  gtk_widget_set_margin_start (history, 12);
  gtk_widget_set_margin_end (history, 12);
  gtk_widget_set_margin_top (history, 10);
  adw_bin_set_child (ADW_BIN (holder), history);
}

typedef struct
{
  SanheApprovalsPanel *panel;
  AdwExpanderRow      *row;      /* weak: rows go on reload */
  JsonObject          *request;  /* with its history, once fetched */
} HistoryLoad;

static void
history_load_free (HistoryLoad *load)
{
  g_clear_weak_pointer (&load->row);
  g_clear_pointer (&load->request, json_object_unref);
  g_clear_object (&load->panel);
  g_free (load);
}

static void
history_done (HistoryLoad *load)
{
  if (load->row != NULL && load->request != NULL)
    show_history (load->panel, load->row, load->request);
  end_loading (load->panel);
  history_load_free (load);
}

static void
on_definition_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HistoryLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_loading (load->panel);
      history_load_free (load);
      return;
    }
  /* Without the definition the steps show by id: still worth showing. */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *process = json_node_get_object (node);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key != NULL)
        {
          json_object_set_boolean_member (process, "sanhe-full", TRUE);
          g_hash_table_replace (load->panel->processes, g_strdup (key), json_object_ref (process));
        }
    }
  history_done (load);
}

static void
on_history_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HistoryLoad *load = user_data;
  SanheApprovalsPanel *self = load->panel;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonObject *process;
  const char *key;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (load->row != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GtkWidget *holder = g_object_get_data (G_OBJECT (load->row), "sanhe-history");
          /* The server shows a history to the applicant, the approvers and process managers. */
          GtkWidget *label = gtk_label_new (error != NULL ? sanhe_error_text (error) : NULL);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_widget_add_css_class (label, "dim-label");
          adw_bin_set_child (ADW_BIN (holder), label);
        }
      end_loading (self);
      history_load_free (load);
      return;
    }

  load->request = json_object_ref (json_node_get_object (node));
  key = json_object_get_string_member_with_default (load->request, "process", NULL);
  process = find_process (self, key);
  if (key == NULL || (process != NULL && json_object_get_boolean_member_with_default (process, "sanhe-full", FALSE)))
    {
      history_done (load);
      return;
    }

  {
    g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/api/v1/oa/processes/%s", escaped);

    sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_definition_cb, load);
  }
}

static void
load_history (SanheApprovalsPanel *self,
              AdwExpanderRow      *row,
              gint64               id)
{
  HistoryLoad *load = g_new0 (HistoryLoad, 1);
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests/%" G_GINT64_FORMAT, id);

  load->panel = g_object_ref (self);
  g_set_weak_pointer (&load->row, row);
  begin_loading (self);
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_history_cb, load);
}

static void
on_row_expanded_cb (AdwExpanderRow      *row,
                    GParamSpec          *pspec,
                    SanheApprovalsPanel *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "sanhe-id"));

  if (!adw_expander_row_get_expanded (row))
    {
      g_hash_table_remove (self->opened, GSIZE_TO_POINTER ((gsize) id));
      return;
    }
  g_hash_table_add (self->opened, GSIZE_TO_POINTER ((gsize) id));
  load_history (self, row, id);
}

static GtkWidget *
create_row (SanheApprovalsPanel *self,
            JsonObject          *request)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  GtkWidget *pill = gtk_label_new (NULL);
  GtkWidget *holder = adw_bin_new ();
  GtkWidget *holder_row = gtk_list_box_row_new ();
  gint64 id = json_object_get_int_member_with_default (request, "id", 0);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = request_subtitle (request);

  /* Translators: an approval request in a record's approvals: process · number */
  title = g_strdup_printf (_("%s · %s"), process_title (self, request),
                           json_object_get_string_member_with_default (request, "number", ""));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (row, subtitle);

  gtk_widget_add_css_class (pill, "oa-pill");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  sanhe_oa_state_pill_set (GTK_LABEL (pill), json_object_get_string_member_with_default (request, "state", NULL));
  adw_expander_row_add_action (row, pill);

  gtk_widget_set_margin_bottom (holder, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (holder_row), holder);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (holder_row), FALSE);
  adw_expander_row_add_row (row, holder_row);

  g_object_set_data (G_OBJECT (row), "sanhe-history", holder);
  g_object_set_data (G_OBJECT (row), "sanhe-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_row_expanded_cb), self);

  return GTK_WIDGET (row);
}

static void
update_header (SanheApprovalsPanel *self)
{
  guint n = self->requests != NULL ? json_array_get_length (self->requests) : 0;
  JsonObject *latest = n > 0 ? json_array_get_object_element (self->requests, n - 1) : NULL;
  g_autofree char *count = n > 0 ? g_strdup_printf ("(%u)", n) : NULL;
  g_autofree char *summary = NULL;

  gtk_label_set_text (self->count_label, count != NULL ? count : "");
  if (latest != NULL)
    /* Translators: the latest request in a collapsed approvals panel: number · process */
    summary = g_strdup_printf (_("%s · %s"), json_object_get_string_member_with_default (latest, "number", ""),
                               process_title (self, latest));
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  sanhe_oa_state_pill_set (self->summary_pill, latest != NULL
            ? json_object_get_string_member_with_default (latest, "state", NULL) : NULL);
  /* Expanded, the rows say it all. */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_pill),
                          latest != NULL && !gtk_toggle_button_get_active (self->expand_button));
}

static void
fill (SanheApprovalsPanel *self)
{
  guint n = json_array_get_length (self->requests);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  self->newest_id = 0;
  for (guint i = 0; i < n; i++)
    self->newest_id = MAX (self->newest_id, json_object_get_int_member_with_default (
                             json_array_get_object_element (self->requests, i), "id", 0));
  /* The newest is the one people come for: opened the first time. */
  if (!self->opened_once && self->newest_id > 0)
    {
      self->opened_once = TRUE;
      g_hash_table_add (self->opened, GSIZE_TO_POINTER ((gsize) self->newest_id));
    }

  /* Newest first. */
  for (guint i = n; i > 0; i--)
    {
      JsonObject *request = json_array_get_object_element (self->requests, i - 1);
      gint64 id = json_object_get_int_member_with_default (request, "id", 0);
      GtkWidget *row = create_row (self, request);

      gtk_list_box_append (self->list, row);
      if (g_hash_table_contains (self->opened, GSIZE_TO_POINTER ((gsize) id)))
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  /* Translators: a record's approvals panel when nothing was requested */
  gtk_label_set_text (self->status_label, n == 0 ? _("No approval has been requested for this record yet.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), n == 0);
  update_header (self);
}

static void
on_requests_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SanheApprovalsPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_loading (self);
      return;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      g_clear_pointer (&self->requests, json_array_unref);
      self->requests = json_array_ref (json_node_get_array (items));
      fill (self);
    }
  else
    {
      gtk_label_set_text (self->status_label, error != NULL ? sanhe_error_text (error)
                                              : sanhe_error_text_for_code ("network.bad_response"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  end_loading (self);
}

static void
fetch_requests (SanheApprovalsPanel *self)
{
  g_autofree char *subject = g_strdup_printf ("%s:%" G_GINT64_FORMAT, self->subject_type, self->subject_id);
  g_autofree char *escaped = g_uri_escape_string (subject, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/oa/requests?subject=%s&limit=200", escaped);

  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable,
                           on_requests_cb, g_object_ref (self));
}

static void
on_processes_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SanheApprovalsPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sanhe_api_request_finish (SANHE_API (source), result, &error);
  JsonNode *items = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_loading (self);
      return;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    items = json_object_get_member (json_node_get_object (node), "items");
  for (guint i = 0; items != NULL && JSON_NODE_HOLDS_ARRAY (items) && i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonObject *process = json_array_get_object_element (json_node_get_array (items), i);
      const char *key = json_object_get_string_member_with_default (process, "key", NULL);

      if (key != NULL && !g_hash_table_contains (self->processes, key))
        g_hash_table_insert (self->processes, g_strdup (key), json_object_ref (process));
    }
  /* Without the names, requests show the server's untranslated ones. */
  self->processes_loaded = TRUE;
  fetch_requests (self);
}

static void
load_requests (SanheApprovalsPanel *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->api == NULL || self->subject_type == NULL || self->subject_id <= 0)
    return;

  begin_loading (self);
  if (!self->processes_loaded)
    sanhe_api_request_async (self->api, "GET", "/api/v1/oa/processes", NULL, self->cancellable,
                             on_processes_cb, g_object_ref (self));
  else
    fetch_requests (self);
}

static void
reload_later_cb (gpointer user_data)
{
  SanheApprovalsPanel *self = user_data;

  self->reload_source = 0;
  load_requests (self);
}

static void
update_arrow (SanheApprovalsPanel *self)
{
  gboolean expanded = gtk_toggle_button_get_active (self->expand_button);

  gtk_image_set_from_icon_name (self->arrow, expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_revealer_set_reveal_child (self->revealer, expanded);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), !expanded);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_pill), !expanded && self->requests != NULL
                          && json_array_get_length (self->requests) > 0);
}

static void
on_submitted_cb (SanheApprovalDialog *dialog,
                 JsonNode            *request,
                 SanheApprovalsPanel *self)
{
  gint64 id = json_object_get_int_member_with_default (json_node_get_object (request), "id", 0);

  /* Show the new request, opened, at once. */
  g_hash_table_add (self->opened, GSIZE_TO_POINTER ((gsize) id));
  sanhe_approvals_panel_set_expanded (self, TRUE);
  load_requests (self);
}

static void
request_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  sanhe_approvals_panel_request_approval (SANHE_APPROVALS_PANEL (widget), NULL);
}

static void
unwatch_topic (SanheApprovalsPanel *self)
{
  SanheEvents *events = self->api != NULL ? sanhe_api_get_events (self->api) : NULL;

  if (self->topic != NULL && events != NULL)
    sanhe_events_unwatch (events, self->topic);
  g_clear_pointer (&self->topic, g_free);
}

static void
watch_topic (SanheApprovalsPanel *self)
{
  SanheEvents *events = sanhe_api_get_events (self->api);

  unwatch_topic (self);
  if (events == NULL)
    return;
  self->topic = g_strdup_printf ("%s:%" G_GINT64_FORMAT, self->subject_type, self->subject_id);
  sanhe_events_watch (events, self->topic);
}

static void
clear_subject (SanheApprovalsPanel *self)
{
  unwatch_topic (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->requests, json_array_unref);
  g_clear_pointer (&self->subject_type, g_free);
  g_clear_pointer (&self->subject_label, g_free);
  g_hash_table_remove_all (self->opened);
  self->subject_id = 0;
  self->newest_id = 0;
  self->opened_once = FALSE;
}

static void
sanhe_approvals_panel_dispose (GObject *object)
{
  SanheApprovalsPanel *self = SANHE_APPROVALS_PANEL (object);

  clear_subject (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_APPROVALS_PANEL);
  g_clear_object (&self->api);
  g_clear_pointer (&self->processes, g_hash_table_unref);
  g_clear_pointer (&self->opened, g_hash_table_unref);
  g_clear_pointer (&self->prefill, json_object_unref);
  g_clear_pointer (&self->prefill_process, g_free);

  G_OBJECT_CLASS (sanhe_approvals_panel_parent_class)->dispose (object);
}

static void
sanhe_approvals_panel_class_init (SanheApprovalsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_approvals_panel_dispose;

  /* The list or a history was (re)loaded: for automation and tests. */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-approvals-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, expand_button);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, arrow);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, summary_pill);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, request_button);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, revealer);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, SanheApprovalsPanel, list);

  gtk_widget_class_install_action (widget_class, "approvals.request", NULL, request_action);
}

static void
sanhe_approvals_panel_init (SanheApprovalsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sanhe_oa_ensure_style ();

  self->processes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->opened = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_signal_connect_swapped (self->expand_button, "toggled", G_CALLBACK (update_arrow), self);
  update_arrow (self);
}

/* Returns: (transfer floating): the approvals of record @subject_id of
 * @subject_type ("erp.purchase_order"); 0 for none yet. */
GtkWidget *
sanhe_approvals_panel_new (SanheApi   *api,
                           const char *subject_type,
                           gint64      subject_id)
{
  SanheApprovalsPanel *self;

  g_return_val_if_fail (SANHE_IS_API (api), NULL);

  self = g_object_new (SANHE_TYPE_APPROVALS_PANEL, NULL);
  self->api = g_object_ref (api);
  /* Listing a record's requests takes the same permission as filing one. */
  self->allowed = sanhe_api_has_permission (api, "oa.requests.submit");
  sanhe_approvals_panel_set_subject (self, subject_type, subject_id, NULL);

  return GTK_WIDGET (self);
}

/* Shows the approvals of another record (@subject_id 0: none, hidden);
 * @subject_label ("PO-2026-000012") titles the request dialog. */
void
sanhe_approvals_panel_set_subject (SanheApprovalsPanel *self,
                                   const char          *subject_type,
                                   gint64               subject_id,
                                   const char          *subject_label)
{
  gboolean same;

  g_return_if_fail (SANHE_IS_APPROVALS_PANEL (self));

  same = subject_id > 0 && subject_id == self->subject_id && g_strcmp0 (subject_type, self->subject_type) == 0;
  if (same)
    {
      g_free (self->subject_label);
      self->subject_label = g_strdup (subject_label);
      return;
    }

  clear_subject (self);
  gtk_widget_set_visible (GTK_WIDGET (self), self->allowed && subject_type != NULL && subject_id > 0);
  if (!self->allowed || subject_type == NULL || subject_id <= 0)
    return;

  self->cancellable = g_cancellable_new ();
  self->subject_type = g_strdup (subject_type);
  self->subject_id = subject_id;
  self->subject_label = g_strdup (subject_label);
  watch_topic (self);
  /* Nothing shown of the previous record while this one loads. */
  self->requests = json_array_new ();
  fill (self);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  load_requests (self);
}

/* What a new request's form starts with, when the user picks
 * @process or any process with fields of the same names. */
void
sanhe_approvals_panel_set_prefill (SanheApprovalsPanel *self,
                                   const char          *process,
                                   JsonObject          *values)
{
  g_return_if_fail (SANHE_IS_APPROVALS_PANEL (self));

  g_free (self->prefill_process);
  self->prefill_process = g_strdup (process);
  g_clear_pointer (&self->prefill, json_object_unref);
  self->prefill = values != NULL ? json_object_ref (values) : NULL;
}

void
sanhe_approvals_panel_reload (SanheApprovalsPanel *self)
{
  g_return_if_fail (SANHE_IS_APPROVALS_PANEL (self));

  load_requests (self);
}

static gboolean
lists_request (SanheApprovalsPanel *self,
               gint64               id)
{
  for (guint i = 0; self->requests != NULL && i < json_array_get_length (self->requests); i++)
    if (json_object_get_int_member_with_default (json_array_get_object_element (self->requests, i), "id", 0) == id)
      return TRUE;

  return FALSE;
}

/* A server event: one about these requests, or about a newer request
 * (which may have this record as its subject), reloads the list. */
void
sanhe_approvals_panel_handle_event (SanheApprovalsPanel *self,
                                    const char          *type,
                                    JsonNode            *event)
{
  gint64 id;

  g_return_if_fail (SANHE_IS_APPROVALS_PANEL (self));

  if (self->subject_id <= 0 || event == NULL || !JSON_NODE_HOLDS_OBJECT (event))
    return;
  if (g_str_equal (type, "oa.subject.updated"))
    {
      /* Someone else's request about this record moved. */
      if (g_strcmp0 (sanhe_json_object_get_string (json_node_get_object (event), "topic"), self->topic) != 0)
        return;
    }
  else
    {
      if (!g_str_has_prefix (type, "oa.request.") && !g_str_has_prefix (type, "oa.task."))
        return;
      id = json_object_get_int_member_with_default (json_node_get_object (event), "request", 0);
      if (id <= 0 || (!lists_request (self, id) && id <= self->newest_id))
        return;
    }

  /* Several events often come together (a task decided, the next
   * assigned, the request updated): reload once. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add_once (RELOAD_DELAY_MS, reload_later_cb, self);
}

gboolean
sanhe_approvals_panel_get_expanded (SanheApprovalsPanel *self)
{
  g_return_val_if_fail (SANHE_IS_APPROVALS_PANEL (self), FALSE);

  return gtk_toggle_button_get_active (self->expand_button);
}

void
sanhe_approvals_panel_set_expanded (SanheApprovalsPanel *self,
                                    gboolean             expanded)
{
  g_return_if_fail (SANHE_IS_APPROVALS_PANEL (self));

  gtk_toggle_button_set_active (self->expand_button, expanded);
}

/* Whether the list or a history is still on its way. */
gboolean
sanhe_approvals_panel_get_busy (SanheApprovalsPanel *self)
{
  g_return_val_if_fail (SANHE_IS_APPROVALS_PANEL (self), FALSE);

  return self->n_loading > 0 || self->reload_source != 0;
}

guint
sanhe_approvals_panel_get_n_requests (SanheApprovalsPanel *self)
{
  g_return_val_if_fail (SANHE_IS_APPROVALS_PANEL (self), 0);

  return self->requests != NULL ? json_array_get_length (self->requests) : 0;
}

/* Returns: (transfer none) (nullable): request @position, newest first. */
JsonObject *
sanhe_approvals_panel_get_request (SanheApprovalsPanel *self,
                                   guint                position)
{
  guint n;

  g_return_val_if_fail (SANHE_IS_APPROVALS_PANEL (self), NULL);

  n = sanhe_approvals_panel_get_n_requests (self);
  return position < n ? json_array_get_object_element (self->requests, n - 1 - position) : NULL;
}

/* Opens the dialog that files a request about this record, with
 * @process (NULL: the host's prefilled one) chosen.
 *
 * Returns: (transfer none) (nullable): the dialog. */
GtkWidget *
sanhe_approvals_panel_request_approval (SanheApprovalsPanel *self,
                                        const char          *process)
{
  SanheApprovalDialog *dialog;

  g_return_val_if_fail (SANHE_IS_APPROVALS_PANEL (self), NULL);

  if (self->subject_id <= 0)
    return NULL;
  dialog = sanhe_approval_dialog_new (GTK_WIDGET (self), self->api, self->subject_type, self->subject_id,
                                      self->subject_label, process != NULL ? process : self->prefill_process,
                                      self->prefill);
  g_signal_connect_object (dialog, "submitted", G_CALLBACK (on_submitted_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WIDGET (dialog);
}
