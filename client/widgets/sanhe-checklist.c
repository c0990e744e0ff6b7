/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-checklist"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "sanhe-record.h"

#include "sanhe-checklist.h"

/*
 * A compact list of check buttons choosing keys from a model of records
 * (a user's roles, a role's permissions). Selected keys the model does not
 * know (it failed to load, or the key is new on the server) are kept, so
 * saving never drops what it could not show.
 */
struct _SanheChecklist
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GListModel *model;
  char       *key_member;
  char       *label_member;
  char       *sublabel_member;
  gboolean    stacked;   /* the sublabel under the label, not beside it */
  GPtrArray  *buttons;   /* GtkCheckButton, key in "sanhe-key" */
  GHashTable *selected;  /* key → key */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (SanheChecklist, sanhe_checklist, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_button_toggled_cb (GtkCheckButton *button,
                      SanheChecklist *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "sanhe-key");

  if (self->updating)
    return;

  if (gtk_check_button_get_active (button))
    g_hash_table_add (self->selected, g_strdup (key));
  else
    g_hash_table_remove (self->selected, key);

  g_signal_emit (self, signals[CHANGED], 0);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
sync_buttons (SanheChecklist *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkCheckButton *button = g_ptr_array_index (self->buttons, i);
      const char *key = g_object_get_data (G_OBJECT (button), "sanhe-key");

      gtk_check_button_set_active (button, g_hash_table_contains (self->selected, key));
    }
  self->updating = FALSE;
}

static GtkWidget *
create_button (SanheChecklist *self,
               SanheRecord    *record,
               const char     *key)
{
  const char *label = sanhe_record_get_string (record, self->label_member);
  const char *sublabel = self->sublabel_member
                         ? sanhe_record_get_string (record, self->sublabel_member) : NULL;
  GtkWidget *button = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (self->stacked ? GTK_ORIENTATION_VERTICAL
                                               : GTK_ORIENTATION_HORIZONTAL,
                                 self->stacked ? 0 : 8);
  GtkWidget *title = gtk_label_new (label && *label ? label : key);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), title);

  if (sublabel != NULL && g_strcmp0 (sublabel, label) != 0)
    {
      GtkWidget *dim = gtk_label_new (sublabel);

      gtk_label_set_xalign (GTK_LABEL (dim), self->stacked ? 0.0 : 1.0);
      gtk_label_set_ellipsize (GTK_LABEL (dim), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (dim, "dim-label");
      gtk_widget_add_css_class (dim, "caption");
      gtk_box_append (GTK_BOX (box), dim);
    }

  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), box);
  g_object_set_data_full (G_OBJECT (button), "sanhe-key", g_strdup (key), g_free);
  g_signal_connect (button, "toggled", G_CALLBACK (on_button_toggled_cb), self);

  return button;
}

static void
rebuild (SanheChecklist *self)
{
  GtkWidget *child;
  guint n_items;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->buttons, 0);

  n_items = self->model ? g_list_model_get_n_items (self->model) : 0;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SanheRecord) record = g_list_model_get_item (self->model, i);
      g_autofree char *key = sanhe_record_dup_key (record, self->key_member);
      GtkWidget *button;

      if (key == NULL)
        continue;

      button = create_button (self, record, key);
      g_ptr_array_add (self->buttons, button);
      gtk_box_append (GTK_BOX (self->box), button);
    }

  if (n_items == 0)
    {
      GtkWidget *empty = gtk_label_new (_("Nothing to choose from."));

      gtk_label_set_xalign (GTK_LABEL (empty), 0.0);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (GTK_BOX (self->box), empty);
    }

  sync_buttons (self);
}

static void
on_model_items_changed_cb (GListModel     *model,
                           guint           position,
                           guint           removed,
                           guint           added,
                           SanheChecklist *self)
{
  rebuild (self);
}

static void
sanhe_checklist_dispose (GObject *object)
{
  SanheChecklist *self = (SanheChecklist *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sanhe_checklist_parent_class)->dispose (object);
}

static void
sanhe_checklist_finalize (GObject *object)
{
  SanheChecklist *self = (SanheChecklist *)object;

  g_clear_pointer (&self->key_member, g_free);
  g_clear_pointer (&self->label_member, g_free);
  g_clear_pointer (&self->sublabel_member, g_free);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_checklist_parent_class)->finalize (object);
}

static void
sanhe_checklist_class_init (SanheChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_checklist_dispose;
  object_class->finalize = sanhe_checklist_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "checklist");
}

static void
sanhe_checklist_init (SanheChecklist *self)
{
  self->buttons = g_ptr_array_new ();
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "checklist");
}

GtkWidget *
sanhe_checklist_new (const char *key_member,
                     const char *label_member,
                     const char *sublabel_member,
                     gboolean    stacked)
{
  SanheChecklist *self = g_object_new (SANHE_TYPE_CHECKLIST, NULL);

  self->key_member = g_strdup (key_member);
  self->label_member = g_strdup (label_member);
  self->sublabel_member = g_strdup (sublabel_member);
  self->stacked = stacked;

  return GTK_WIDGET (self);
}

void
sanhe_checklist_set_model (SanheChecklist *self,
                           GListModel     *model)
{
  g_return_if_fail (SANHE_IS_CHECKLIST (self));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_model_items_changed_cb), self);

  rebuild (self);
}

void
sanhe_checklist_set_selected (SanheChecklist     *self,
                              const char * const *keys)
{
  g_return_if_fail (SANHE_IS_CHECKLIST (self));

  g_hash_table_remove_all (self->selected);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (self->selected, g_strdup (keys[i]));

  sync_buttons (self);
}

/* Returns: (transfer full): the checked keys, sorted. */
GStrv
sanhe_checklist_get_selected (SanheChecklist *self)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_keys;

  g_return_val_if_fail (SANHE_IS_CHECKLIST (self), NULL);

  keys = (const char **)g_hash_table_get_keys_as_array (self->selected, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);
  g_strv_builder_addv (builder, keys);

  return g_strv_builder_end (builder);
}
