/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-form"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sanhe-error-text.h"

#include "sanhe-checklist.h"
#include "sanhe-form.h"

/*
 * SanheForm lays out the fields of one record from a static table, label
 * left and editor right, with a hint and a validation message under each
 * editor. It knows the record it shows (NULL for a new one), what the user
 * changed since it was loaded (compared as JSON), and builds the request
 * body. Server validation errors (422 details.fields) land under the field
 * they name.
 */

typedef struct
{
  const SanheFormField *spec;
  GtkWidget            *label;
  GtkWidget            *editor;
  GtkWidget            *hint;
  GtkWidget            *error;
  GListStore           *references;  /* REFERENCE: "(None)" + the source's records */
  JsonNode             *original;    /* the value right after loading */
} Field;

struct _SanheForm
{
  GtkWidget    parent_instance;

  GtkWidget   *grid;
  GPtrArray   *fields;    /* Field */
  GHashTable  *sources;   /* name → GListModel */
  SanheRecord *record;
  gboolean     updating;
  gboolean     modified;
};

G_DEFINE_FINAL_TYPE (SanheForm, sanhe_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
field_free (Field *field)
{
  g_clear_object (&field->references);
  g_clear_pointer (&field->original, json_node_unref);
  g_free (field);
}

static const char *
field_key_member (Field *field)
{
  return field->spec->source_key ? field->spec->source_key : "id";
}

/* Returns: (transfer full): the editor's value as JSON, null when unset. */
static JsonNode *
field_get_value (Field *field)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (field->spec->type)
    {
    case SANHE_FORM_TEXT:
    case SANHE_FORM_EMAIL:
    case SANHE_FORM_PASSWORD:
      {
        g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->editor)));

        json_node_set_string (node, g_strstrip (text));
      }
      break;

    case SANHE_FORM_SWITCH:
      json_node_set_boolean (node, gtk_switch_get_active (GTK_SWITCH (field->editor)));
      break;

    case SANHE_FORM_CHOICE:
      {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (field->editor));

        if (selected < field->spec->n_choices)
          json_node_set_string (node, field->spec->choices[selected].value);
        else
          json_node_init_null (node);
      }
      break;

    case SANHE_FORM_REFERENCE:
      {
        SanheRecord *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (field->editor));
        JsonNode *key = item ? sanhe_record_get_node (item, field_key_member (field)) : NULL;

        json_node_unref (node);
        node = key ? json_node_copy (key) : json_node_init_null (json_node_alloc ());
      }
      break;

    case SANHE_FORM_KEYS:
      {
        g_auto(GStrv) keys = sanhe_checklist_get_selected (SANHE_CHECKLIST (field->editor));
        JsonArray *array = json_array_new ();

        for (guint i = 0; keys[i] != NULL; i++)
          json_array_add_string_element (array, keys[i]);
        json_node_init_array (node, array);
        json_array_unref (array);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return node;
}

static gboolean
field_is_empty (Field *field)
{
  g_autoptr(JsonNode) value = field_get_value (field);

  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return *json_node_get_string (value) == '\0';

  return FALSE;
}

static void
field_set_error (Field      *field,
                 const char *text)
{
  gtk_label_set_text (GTK_LABEL (field->error), text ? text : "");
  gtk_widget_set_visible (field->error, text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (field->editor, "error");
  else
    gtk_widget_remove_css_class (field->editor, "error");
}

static char *
reference_label_cb (SanheRecord *record,
                    const char  *label_member)
{
  const char *label;

  if (record == NULL)
    return NULL;

  if (sanhe_record_get_node (record, "id") == NULL && sanhe_record_get_node (record, "key") == NULL)
    return g_strdup (_("(None)"));

  label = sanhe_record_get_string (record, label_member);
  return g_strdup (label ? label : "");
}

/* Refills the choices of a reference and selects @value (an id or null). */
static void
reference_rebuild (SanheForm *self,
                   Field     *field,
                   JsonNode  *value)
{
  GListModel *source = g_hash_table_lookup (self->sources, field->spec->source);
  g_autofree char *own_key = NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(SanheRecord) none = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  guint selected = 0;
  guint position = 1;

  if (self->record != NULL && (field->spec->flags & SANHE_FORM_EXCLUDE_SELF))
    own_key = sanhe_record_dup_key (self->record, "id");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
    {
      g_autoptr(JsonObject) wrapper = json_object_new ();
      g_autoptr(SanheRecord) probe = NULL;

      json_object_set_member (wrapper, "v", json_node_copy (value));
      probe = sanhe_record_new (wrapper);
      wanted = sanhe_record_dup_key (probe, "v");
    }

  g_list_store_remove_all (field->references);
  none = sanhe_record_new (empty);
  g_list_store_append (field->references, none);

  for (guint i = 0; source && i < g_list_model_get_n_items (source); i++)
    {
      g_autoptr(SanheRecord) item = g_list_model_get_item (source, i);
      g_autofree char *key = sanhe_record_dup_key (item, field_key_member (field));

      if (key == NULL || g_strcmp0 (key, own_key) == 0)
        continue;
      if (g_strcmp0 (key, wanted) == 0)
        selected = position;
      g_list_store_append (field->references, item);
      position++;
    }

  /* Not among the choices (we may not be allowed to list them): show the
   * name the record embeds rather than losing the value. */
  if (wanted != NULL && selected == 0 && self->record != NULL && field->spec->current != NULL)
    {
      JsonNode *current = sanhe_record_get_node (self->record, field->spec->current);

      if (current != NULL && JSON_NODE_HOLDS_OBJECT (current))
        {
          g_autoptr(SanheRecord) item = sanhe_record_new (json_node_get_object (current));

          g_list_store_append (field->references, item);
          selected = position;
        }
    }

  gtk_drop_down_set_selected (GTK_DROP_DOWN (field->editor), selected);
}

static void
field_load (SanheForm   *self,
            Field       *field,
            SanheRecord *record)
{
  const SanheFormField *spec = field->spec;
  JsonNode *value = record ? sanhe_record_get_node (record, spec->name) : NULL;
  gboolean exists = record != NULL;
  const char *hint = exists && spec->edit_hint ? spec->edit_hint : spec->hint;

  switch (spec->type)
    {
    case SANHE_FORM_TEXT:
    case SANHE_FORM_EMAIL:
    case SANHE_FORM_PASSWORD:
      {
        const char *text = NULL;

        if (!(spec->flags & SANHE_FORM_WRITE_ONLY) && value && JSON_NODE_HOLDS_VALUE (value)
            && json_node_get_value_type (value) == G_TYPE_STRING)
          text = json_node_get_string (value);
        gtk_editable_set_text (GTK_EDITABLE (field->editor), text ? text : "");
        gtk_widget_set_sensitive (field->editor,
                                  !(exists && (spec->flags & SANHE_FORM_CREATE_ONLY)));
      }
      break;

    case SANHE_FORM_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (field->editor),
                             record ? sanhe_record_get_boolean (record, spec->name, TRUE) : TRUE);
      break;

    case SANHE_FORM_CHOICE:
      {
        const char *text = record ? sanhe_record_get_string (record, spec->name) : NULL;
        guint selected = 0;

        for (guint i = 0; text && i < spec->n_choices; i++)
          if (g_str_equal (spec->choices[i].value, text))
            selected = i;
        gtk_drop_down_set_selected (GTK_DROP_DOWN (field->editor), selected);
      }
      break;

    case SANHE_FORM_REFERENCE:
      reference_rebuild (self, field, value);
      break;

    case SANHE_FORM_KEYS:
      {
        g_auto(GStrv) keys = record ? sanhe_record_dup_strv (record, spec->name) : NULL;

        sanhe_checklist_set_selected (SANHE_CHECKLIST (field->editor), (const char * const *)keys);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (field->hint), hint ? _(hint) : "");
  gtk_widget_set_visible (field->hint, hint != NULL);
  field_set_error (field, NULL);

  g_clear_pointer (&field->original, json_node_unref);
  field->original = field_get_value (field);
}

static void
on_reference_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_list_item_set_child (item, label);
}

static void
on_reference_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      const char               *label_member)
{
  g_autofree char *text = reference_label_cb (gtk_list_item_get_item (item), label_member);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Long names ("Management / Operations / Planning") ellipsize instead of
 * widening the editor. */
static GtkListItemFactory *
create_reference_factory (const char *label_member)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_reference_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_reference_bind_cb), (gpointer)label_member);

  return factory;
}

static void
update_modified (SanheForm *self)
{
  gboolean modified = FALSE;

  for (guint i = 0; i < self->fields->len && !modified; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = field_get_value (field);

      modified = field->original != NULL && !json_node_equal (value, field->original);
    }

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
on_editor_changed_cb (GObject   *editor,
                      gpointer   unused,
                      SanheForm *self)
{
  Field *field = g_object_get_data (editor, "sanhe-field");

  if (self->updating)
    return;

  if (field != NULL)
    field_set_error (field, NULL);

  update_modified (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
create_editor (SanheForm *self,
               Field     *field)
{
  const SanheFormField *spec = field->spec;
  GtkWidget *editor = NULL;

  switch (spec->type)
    {
    case SANHE_FORM_TEXT:
    case SANHE_FORM_EMAIL:
      editor = gtk_entry_new ();
      if (spec->type == SANHE_FORM_EMAIL)
        gtk_entry_set_input_purpose (GTK_ENTRY (editor), GTK_INPUT_PURPOSE_EMAIL);
      if (spec->max_chars > 0)
        gtk_entry_set_max_length (GTK_ENTRY (editor), spec->max_chars);
      g_signal_connect (editor, "notify::text", G_CALLBACK (on_editor_changed_cb), self);
      break;

    case SANHE_FORM_PASSWORD:
      editor = gtk_password_entry_new ();
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (editor), TRUE);
      g_signal_connect (editor, "notify::text", G_CALLBACK (on_editor_changed_cb), self);
      break;

    case SANHE_FORM_SWITCH:
      editor = gtk_switch_new ();
      gtk_widget_set_halign (editor, GTK_ALIGN_START);
      g_signal_connect (editor, "notify::active", G_CALLBACK (on_editor_changed_cb), self);
      break;

    case SANHE_FORM_CHOICE:
      {
        g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

        for (guint i = 0; i < spec->n_choices; i++)
          gtk_string_list_append (labels, _(spec->choices[i].label));
        editor = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
        g_signal_connect (editor, "notify::selected", G_CALLBACK (on_editor_changed_cb), self);
      }
      break;

    case SANHE_FORM_REFERENCE:
      {
        GtkListItemFactory *factory;
        GtkExpression *expression;

        field->references = g_list_store_new (SANHE_TYPE_RECORD);
        expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                  G_CALLBACK (reference_label_cb),
                                                  (gpointer)spec->source_label, NULL);
        editor = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (field->references)), expression);
        gtk_drop_down_set_enable_search (GTK_DROP_DOWN (editor), TRUE);
        factory = create_reference_factory (spec->source_label);
        gtk_drop_down_set_factory (GTK_DROP_DOWN (editor), factory);
        g_object_unref (factory);
        g_signal_connect (editor, "notify::selected", G_CALLBACK (on_editor_changed_cb), self);
      }
      break;

    case SANHE_FORM_KEYS:
      editor = sanhe_checklist_new (field_key_member (field), spec->source_label,
                                    spec->source_sublabel, spec->flags & SANHE_FORM_STACKED);
      g_signal_connect (editor, "changed", G_CALLBACK (on_editor_changed_cb), self);
      break;

    default:
      g_assert_not_reached ();
    }

  g_object_set_data (G_OBJECT (editor), "sanhe-field", field);
  gtk_widget_set_hexpand (editor, TRUE);

  return editor;
}

static void
add_field (SanheForm            *self,
           const SanheFormField *spec,
           int                   row)
{
  Field *field = g_new0 (Field, 1);
  gboolean tall = spec->type == SANHE_FORM_KEYS;

  field->spec = spec;
  field->editor = create_editor (self, field);

  field->label = gtk_label_new_with_mnemonic (_(spec->label));
  gtk_label_set_xalign (GTK_LABEL (field->label), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (field->label), field->editor);
  gtk_widget_set_valign (field->label, tall ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (field->label, "field-label");
  if (tall)
    gtk_widget_set_margin_top (field->label, 4);

  field->hint = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (field->hint), 0.0);
  gtk_label_set_wrap (GTK_LABEL (field->hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (field->hint), 30);
  gtk_widget_add_css_class (field->hint, "field-hint");
  gtk_widget_set_visible (field->hint, FALSE);

  field->error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (field->error), 0.0);
  gtk_label_set_wrap (GTK_LABEL (field->error), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (field->error), 30);
  gtk_widget_add_css_class (field->error, "field-error");
  gtk_widget_set_visible (field->error, FALSE);

  gtk_grid_attach (GTK_GRID (self->grid), field->label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), field->editor, 1, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), field->error, 1, row + 1, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), field->hint, 1, row + 2, 1, 1);

  g_ptr_array_add (self->fields, field);
}

static Field *
find_field (SanheForm  *self,
            const char *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const SanheFormField *spec = field->spec;

      if (g_str_equal (spec->name, name)
          || g_strcmp0 (spec->current, name) == 0
          || (g_str_has_suffix (spec->name, "_id")
              && strncmp (spec->name, name, strlen (spec->name) - 3) == 0
              && strlen (name) == strlen (spec->name) - 3))
        return field;
    }

  return NULL;
}

static void
sanhe_form_dispose (GObject *object)
{
  SanheForm *self = (SanheForm *)object;

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (sanhe_form_parent_class)->dispose (object);
}

static void
sanhe_form_finalize (GObject *object)
{
  SanheForm *self = (SanheForm *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);

  G_OBJECT_CLASS (sanhe_form_parent_class)->finalize (object);
}

static void
sanhe_form_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SanheForm *self = SANHE_FORM (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_form_class_init (SanheFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sanhe_form_dispose;
  object_class->finalize = sanhe_form_finalize;
  object_class->get_property = sanhe_form_get_property;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sanhe_form_init (SanheForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)field_free);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
}

GtkWidget *
sanhe_form_new (const SanheFormField *fields,
                guint                 n_fields)
{
  SanheForm *self = g_object_new (SANHE_TYPE_FORM, NULL);

  for (guint i = 0; i < n_fields; i++)
    add_field (self, &fields[i], i * 3);

  return GTK_WIDGET (self);
}

/* Gives the records a REFERENCE or KEYS field chooses from. */
void
sanhe_form_set_source (SanheForm  *self,
                       const char *source,
                       GListModel *model)
{
  g_return_if_fail (SANHE_IS_FORM (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (model));

  g_hash_table_replace (self->sources, g_strdup (source), g_object_ref (model));

  self->updating = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->spec->source, source) != 0)
        continue;

      if (field->spec->type == SANHE_FORM_KEYS)
        {
          sanhe_checklist_set_model (SANHE_CHECKLIST (field->editor), model);
        }
      else if (field->spec->type == SANHE_FORM_REFERENCE)
        {
          g_autoptr(JsonNode) value = field_get_value (field);

          reference_rebuild (self, field, value);
        }
    }
  self->updating = FALSE;
}

/* Shows @record (NULL: a new one, with defaults) and forgets any change. */
void
sanhe_form_load (SanheForm   *self,
                 SanheRecord *record)
{
  g_return_if_fail (SANHE_IS_FORM (self));
  g_return_if_fail (record == NULL || SANHE_IS_RECORD (record));

  g_set_object (&self->record, record);

  self->updating = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    field_load (self, g_ptr_array_index (self->fields, i), record);
  self->updating = FALSE;

  update_modified (self);
}

/* Returns: (transfer none) (nullable): the record shown, NULL when new. */
SanheRecord *
sanhe_form_get_record (SanheForm *self)
{
  g_return_val_if_fail (SANHE_IS_FORM (self), NULL);

  return self->record;
}

gboolean
sanhe_form_get_modified (SanheForm *self)
{
  g_return_val_if_fail (SANHE_IS_FORM (self), FALSE);

  return self->modified;
}

/* Returns: (transfer full): a JSON object with the fields to send: all of
 * them that are filled for a new record, the changed ones with
 * @only_changed. Write-only fields go only when filled. */
JsonNode *
sanhe_form_build_body (SanheForm *self,
                       gboolean   only_changed)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *body;

  g_return_val_if_fail (SANHE_IS_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr(JsonNode) value = field_get_value (field);
      gboolean empty = field_is_empty (field);

      if (self->record != NULL && (field->spec->flags & SANHE_FORM_CREATE_ONLY))
        continue;
      if ((field->spec->flags & SANHE_FORM_WRITE_ONLY) && empty)
        continue;
      if (only_changed && !(field->spec->flags & SANHE_FORM_WRITE_ONLY)
          && json_node_equal (value, field->original))
        continue;
      if (!only_changed && empty)
        continue;

      json_object_set_member (object, field->spec->name, g_steal_pointer (&value));
    }

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, object);

  return body;
}

/* Checks what can be checked here (mandatory, length) before asking the
 * server; shows the problems and focuses the first. */
gboolean
sanhe_form_validate (SanheForm *self)
{
  Field *first = NULL;

  g_return_val_if_fail (SANHE_IS_FORM (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      SanheFormFlags flags = field->spec->flags;
      gboolean mandatory = (flags & SANHE_FORM_MANDATORY)
                           || (self->record == NULL && (flags & SANHE_FORM_MANDATORY_ON_CREATE));
      const char *problem = NULL;

      if (mandatory && field_is_empty (field))
        problem = sanhe_field_error_text ("required");

      field_set_error (field, problem);
      if (problem != NULL && first == NULL)
        first = field;
    }

  if (first != NULL)
    gtk_widget_grab_focus (first->editor);

  return first == NULL;
}

/* Puts each entry of a 422's details.fields under its field. Returns how
 * many landed; the others are described in @unmatched (nullable). */
guint
sanhe_form_show_server_errors (SanheForm *self,
                               JsonNode  *details,
                               GString   *unmatched)
{
  JsonNode *fields_node;
  JsonObjectIter iter;
  const char *name;
  JsonNode *problem;
  Field *first = NULL;
  guint matched = 0;

  g_return_val_if_fail (SANHE_IS_FORM (self), 0);

  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return 0;

  fields_node = json_object_get_member (json_node_get_object (details), "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return 0;

  json_object_iter_init (&iter, json_node_get_object (fields_node));
  while (json_object_iter_next (&iter, &name, &problem))
    {
      Field *field = find_field (self, name);
      const char *code = NULL;
      const char *text;

      if (JSON_NODE_HOLDS_OBJECT (problem))
        code = json_object_get_string_member_with_default (json_node_get_object (problem),
                                                           "code", NULL);
      text = sanhe_field_error_text (code);

      if (field == NULL)
        {
          if (unmatched != NULL)
            g_string_append_printf (unmatched, "%s%s: %s", unmatched->len ? "\n" : "", name, text);
          continue;
        }

      field_set_error (field, text);
      if (first == NULL)
        first = field;
      matched++;
    }

  if (first != NULL)
    gtk_widget_grab_focus (first->editor);

  return matched;
}

void
sanhe_form_clear_errors (SanheForm *self)
{
  g_return_if_fail (SANHE_IS_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    field_set_error (g_ptr_array_index (self->fields, i), NULL);
}

void
sanhe_form_focus_first (SanheForm *self)
{
  g_return_if_fail (SANHE_IS_FORM (self));

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (!gtk_widget_get_sensitive (field->editor))
        continue;
      if (gtk_widget_grab_focus (field->editor))
        return;
    }
}
