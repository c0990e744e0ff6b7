/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-picker"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sanhe-error-text.h"
#include "sanhe-oa-picker.h"
#include "sanhe-workspace-page.h"

/*
 * The editor of an OA form field that names a record: a person, a
 * department or a customer. A button shows the chosen name; it opens a
 * popover with a search entry and the matches. People and customers are
 * searched on the server (?q=, the first matches), so it works the same
 * with 20 colleagues or 20,000; departments are few and filtered here.
 * The form sends the chosen record's id, as the server expects.
 *
 * The picker asks the server through the SanheApi it was given, else the
 * one of the workspace page it sits in.
 */

#define MATCHES 50

typedef struct
{
  const char *type;
  const char *path;
  gboolean    server_search;  /* ?q= on the server; else filtered here */
  const char *sublabel;       /* a member shown dim after the name */
  const char *placeholder;
  const char *search_placeholder;
} Kind;

static const Kind kinds[] = {
  /* Translators: an empty "person" field of an approval form */
  { "user", "/api/v1/directory/users", TRUE, "department.name", N_("Choose a person…"),
    N_("Search by name or login") },
  /* Translators: an empty "department" field of an approval form */
  { "department", "/api/v1/departments", FALSE, NULL, N_("Choose a department…"),
    N_("Search departments") },
  /* Translators: an empty "customer" field of an approval form */
  { "customer", "/api/v1/crm/customers", TRUE, "code", N_("Choose a customer…"),
    N_("Search by code or name") },
};

struct _SanheOaPicker
{
  AdwBin          parent_instance;

  const Kind     *kind;
  GtkMenuButton  *button;
  GtkLabel       *button_label;
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkListBox     *list;
  GtkLabel       *status;
  GtkWidget      *clear_button;

  SanheApi       *api;
  GCancellable   *cancellable;
  GPtrArray      *all;          /* departments: every one, once fetched */
  guint           serial;       /* the latest search; older answers are dropped */
  gint64          id;
  char           *name;
};

G_DEFINE_FINAL_TYPE (SanheOaPicker, sanhe_oa_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SanheOaPicker *picker;
  guint          serial;
  char          *text;
  GTask         *pick;  /* automation: choose the first match */
} Search;

static void
search_free (Search *search)
{
  g_clear_object (&search->picker);
  g_clear_object (&search->pick);
  g_free (search->text);
  g_free (search);
}

static const Kind *
find_kind (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].type, type) == 0)
      return &kinds[i];

  return NULL;
}

static SanheApi *
get_api (SanheOaPicker *self)
{
  GtkWidget *page;

  if (self->api != NULL)
    return self->api;
  page = gtk_widget_get_ancestor (GTK_WIDGET (self), SANHE_TYPE_WORKSPACE_PAGE);

  return page != NULL ? sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (page)) : NULL;
}

static void
show_value (SanheOaPicker *self)
{
  g_autofree char *unknown = NULL;
  const char *text = self->name;

  if (self->id > 0 && text == NULL)
    text = unknown = g_strdup_printf ("#%" G_GINT64_FORMAT, self->id);
  gtk_label_set_text (self->button_label, self->id > 0 ? text : _(self->kind->placeholder));
  if (self->id > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->button_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->button_label), "dim-label");
  gtk_widget_set_visible (self->clear_button, self->id > 0);
}

static void
set_status (SanheOaPicker *self,
            const char    *text)
{
  gtk_label_set_text (self->status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
}

static void
choose (SanheOaPicker *self,
        SanheRecord   *record)
{
  g_free (self->name);
  self->name = record != NULL ? g_strdup (sanhe_record_get_string (record, "name")) : NULL;
  self->id = record != NULL ? sanhe_record_get_id (record) : 0;
  show_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

static GtkWidget *
create_row (SanheOaPicker *self,
            SanheRecord   *record)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (sanhe_record_get_string (record, "name"));
  const char *sublabel = self->kind->sublabel != NULL
                         ? sanhe_record_get_string (record, self->kind->sublabel) : NULL;

  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  if (sublabel != NULL && *sublabel != '\0')
    {
      GtkWidget *dim = gtk_label_new (sublabel);

      gtk_label_set_ellipsize (GTK_LABEL (dim), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (dim, "dim-label");
      gtk_box_append (GTK_BOX (box), dim);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "sanhe-record", g_object_ref (record), g_object_unref);

  return row;
}

static gboolean
matches (SanheRecord *record,
         const char  *folded)
{
  g_autofree char *name = NULL;

  if (folded == NULL || *folded == '\0')
    return TRUE;
  name = g_utf8_casefold (sanhe_record_get_string (record, "name"), -1);

  return strstr (name, folded) != NULL;
}

static char *
fold_filter (SanheOaPicker *self,
             const char    *text)
{
  return text != NULL && !self->kind->server_search ? g_utf8_casefold (text, -1) : NULL;
}

static SanheRecord *
first_match (SanheOaPicker *self,
             GPtrArray     *records,
             const char    *text)
{
  g_autofree char *folded = fold_filter (self, text);

  for (guint i = 0; records != NULL && i < records->len; i++)
    if (matches (g_ptr_array_index (records, i), folded))
      return g_ptr_array_index (records, i);

  return NULL;
}

/* Shows @records, filtered by @text when the server did not filter them. */
static void
fill (SanheOaPicker *self,
      GPtrArray     *records,
      const char    *text)
{
  g_autofree char *folded = fold_filter (self, text);
  gboolean any = FALSE;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < records->len; i++)
    {
      SanheRecord *record = g_ptr_array_index (records, i);

      if (!matches (record, folded))
        continue;
      any = TRUE;
      gtk_list_box_append (self->list, create_row (self, record));
    }
  /* Translators: an approval form's person, department or customer search found nothing */
  set_status (self, any ? NULL : _("Nothing matches."));
}

static void
finish_search (Search     *search,
               GPtrArray  *records,
               GError     *error)
{
  SanheOaPicker *self = search->picker;
  SanheRecord *first;

  /* A later search (the user typed on) makes this one stale. */
  if (search->serial == self->serial)
    {
      if (records != NULL)
        fill (self, records, search->text);
      else
        set_status (self, sanhe_error_text (error));
    }

  if (search->pick == NULL)
    return;
  first = first_match (self, records, search->text);
  if (first != NULL)
    {
      choose (self, first);
      g_task_return_boolean (search->pick, TRUE);
    }
  else if (error != NULL)
    g_task_return_error (search->pick, g_error_copy (error));
  else
    g_task_return_new_error (search->pick, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "Nothing matches “%s”", search->text);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Search *search = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = sanhe_api_list_page_finish (SANHE_API (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (search->pick != NULL)
        g_task_return_error (search->pick, g_steal_pointer (&error));
      search_free (search);
      return;
    }
  if (records != NULL && !search->picker->kind->server_search)
    search->picker->all = g_ptr_array_ref (records);
  finish_search (search, records, error);
  search_free (search);
}

static void
search (SanheOaPicker *self,
        const char    *text,
        GTask         *pick)
{
  Search *search = g_new0 (Search, 1);
  SanheApi *api = get_api (self);
  g_autofree char *path = NULL;

  search->picker = g_object_ref (self);
  search->serial = ++self->serial;
  search->text = g_strdup (text);
  search->pick = pick != NULL ? g_object_ref (pick) : NULL;

  /* Departments are few: fetched once, then filtered here. */
  if (!self->kind->server_search && self->all != NULL)
    {
      finish_search (search, self->all, NULL);
      search_free (search);
      return;
    }
  if (api == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "No server");

      finish_search (search, NULL, error);
      search_free (search);
      return;
    }

  if (self->kind->server_search && text != NULL && *text != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

      path = g_strdup_printf ("%s?q=%s", self->kind->path, escaped);
    }
  /* Translators: while an approval form's picker asks the server */
  set_status (self, _("Searching…"));
  sanhe_api_list_page_async (api, path != NULL ? path : self->kind->path, NULL,
                             self->kind->server_search ? MATCHES : 500,
                             self->cancellable, on_listed_cb, search);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      SanheOaPicker  *self)
{
  search (self, gtk_editable_get_text (GTK_EDITABLE (entry)), NULL);
}

static void
on_search_activate_cb (GtkSearchEntry *entry,
                       SanheOaPicker  *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, 0);

  if (row != NULL)
    g_signal_emit_by_name (self->list, "row-activated", row);
}

static void
on_row_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     SanheOaPicker *self)
{
  choose (self, g_object_get_data (G_OBJECT (row), "sanhe-record"));
  gtk_popover_popdown (self->popover);
}

static void
on_clear_clicked_cb (GtkButton     *button,
                     SanheOaPicker *self)
{
  choose (self, NULL);
  gtk_popover_popdown (self->popover);
}

static void
on_popover_show_cb (GtkPopover    *popover,
                    SanheOaPicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search (self, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_resolved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SanheOaPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = sanhe_api_list_page_finish (SANHE_API (source), result, NULL, &error);

  if (records == NULL || records->len == 0 || self->name != NULL)
    return;
  if (sanhe_record_get_id (g_ptr_array_index (records, 0)) != self->id)
    return;
  self->name = g_strdup (sanhe_record_get_string (g_ptr_array_index (records, 0), "name"));
  show_value (self);
}

/* The name of a value given by id alone: every list is by id, so the
 * page after id − 1 starts with it. */
static void
resolve_name (SanheOaPicker *self)
{
  SanheApi *api = get_api (self);
  g_autofree char *after = NULL;

  if (api == NULL || self->id <= 0 || self->name != NULL)
    return;
  after = g_strdup_printf ("%" G_GINT64_FORMAT, self->id - 1);
  sanhe_api_list_page_async (api, self->kind->path, after, 1, self->cancellable,
                             on_resolved_cb, g_object_ref (self));
}

static void
on_map_cb (GtkWidget     *widget,
           SanheOaPicker *self)
{
  resolve_name (self);
}

static void
sanhe_oa_picker_dispose (GObject *object)
{
  SanheOaPicker *self = SANHE_OA_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->api);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (sanhe_oa_picker_parent_class)->dispose (object);
}

static void
sanhe_oa_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SanheOaPicker *self = SANHE_OA_PICKER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_oa_picker_class_init (SanheOaPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sanhe_oa_picker_dispose;
  object_class->get_property = sanhe_oa_picker_get_property;

  /* The chosen record's id; 0 for none. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
build_popover (SanheOaPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_widget_set_size_request (scrolled, 320, -1);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_label_set_wrap (self->status, TRUE);

  /* Translators: empties a person, department or customer field */
  self->clear_button = gtk_button_new_with_mnemonic (_("C_lear"));
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_halign (self->clear_button, GTK_ALIGN_END);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), self->clear_button);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));

  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate_cb), self);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  g_signal_connect (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
  g_signal_connect (self->popover, "show", G_CALLBACK (on_popover_show_cb), self);
}

static void
sanhe_oa_picker_init (SanheOaPicker *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("pan-down-symbolic");

  self->cancellable = g_cancellable_new ();
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->button_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->button_label, 0.0);
  gtk_label_set_ellipsize (self->button_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->button_label), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->button_label));
  gtk_box_append (GTK_BOX (content), arrow);
  gtk_menu_button_set_child (self->button, content);
  /* Like a drop-down: the name at the start, the arrow at the end. GTK
   * 4.8 puts the child in a box of its own, centred: widen that too. */
  gtk_widget_set_hexpand (content, TRUE);
  gtk_widget_set_halign (gtk_widget_get_parent (content), GTK_ALIGN_FILL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->button), TRUE);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
  build_popover (self);

  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), self);
}

/* Whether a form field of @field_type is chosen with a picker. */
gboolean
sanhe_oa_picker_handles (const char *field_type)
{
  return find_kind (field_type) != NULL;
}

/* Returns: (transfer floating): a picker for a field of @field_type
 * ("user", "department" or "customer"). */
GtkWidget *
sanhe_oa_picker_new (const char *field_type)
{
  SanheOaPicker *self;
  const Kind *kind = find_kind (field_type);

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (SANHE_TYPE_OA_PICKER, NULL);
  self->kind = kind;
  g_object_set (self->search_entry, "placeholder-text", _(kind->search_placeholder), NULL);
  show_value (self);

  return GTK_WIDGET (self);
}

/* The server to ask; without one, the picker uses its workspace page's. */
void
sanhe_oa_picker_set_api (SanheOaPicker *self,
                         SanheApi      *api)
{
  g_return_if_fail (SANHE_IS_OA_PICKER (self));

  g_set_object (&self->api, api);
}

gint64
sanhe_oa_picker_get_id (SanheOaPicker *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PICKER (self), 0);

  return self->id;
}

/* Returns: (nullable): the chosen record's name, when known. */
const char *
sanhe_oa_picker_get_name (SanheOaPicker *self)
{
  g_return_val_if_fail (SANHE_IS_OA_PICKER (self), NULL);

  return self->name;
}

/* Shows record @id (0: none); without @name, it is asked of the server. */
void
sanhe_oa_picker_set_value (SanheOaPicker *self,
                           gint64         id,
                           const char    *name)
{
  g_return_if_fail (SANHE_IS_OA_PICKER (self));

  g_free (self->name);
  self->name = id > 0 ? g_strdup (name) : NULL;
  self->id = MAX (id, 0);
  show_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    resolve_name (self);
}

/* Searches @text as a user would type it and chooses the first match;
 * for automation and tests. */
void
sanhe_oa_picker_pick_async (SanheOaPicker       *self,
                            const char          *text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SANHE_IS_OA_PICKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_oa_picker_pick_async);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  search (self, text, task);
}

gboolean
sanhe_oa_picker_pick_finish (SanheOaPicker  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
