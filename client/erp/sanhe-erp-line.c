/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-line"

#include "config.h"

#include "sanhe-erp-line.h"
#include "sanhe-erp-util.h"

/*
 * One editable row of an ERP grid: a BOM line, an order line, a line of a
 * receipt. Unlike SanheRecord (what the server sent, immutable), a line is
 * what the user is typing: cells write the canonical value back
 * ("qty": "2.5") and mark members they cannot read as invalid; "changed"
 * tells the other cells of the row (an amount) and the editor (modified,
 * totals). Server problems for a member ("lines[2].qty") are kept here so
 * the cell can show them. A tree row keeps its children's store.
 */
struct _SanheErpLine
{
  GObject     parent_instance;

  JsonObject *object;
  GHashTable *invalid;   /* member → TRUE */
  GHashTable *problems;  /* member → text */
  GListStore *children;
  gboolean    editable;
};

G_DEFINE_FINAL_TYPE (SanheErpLine, sanhe_erp_line, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sanhe_erp_line_finalize (GObject *object)
{
  SanheErpLine *self = (SanheErpLine *)object;

  g_clear_pointer (&self->object, json_object_unref);
  g_clear_pointer (&self->invalid, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_hash_table_unref);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sanhe_erp_line_parent_class)->finalize (object);
}

static void
sanhe_erp_line_class_init (SanheErpLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sanhe_erp_line_finalize;

  /* A member changed (its name is the detail), or its validity. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sanhe_erp_line_init (SanheErpLine *self)
{
  self->invalid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Returns: (transfer full): a line holding a copy of @object. */
SanheErpLine *
sanhe_erp_line_new (JsonObject *object)
{
  SanheErpLine *self = g_object_new (SANHE_TYPE_ERP_LINE, NULL);

  self->object = object ? sanhe_erp_json_copy (object) : json_object_new ();

  return self;
}

JsonObject *
sanhe_erp_line_get_object (SanheErpLine *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), NULL);

  return self->object;
}

const char *
sanhe_erp_line_get_string (SanheErpLine *self,
                           const char   *path)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), NULL);

  return sanhe_erp_json_string (self->object, path);
}

gint64
sanhe_erp_line_get_int (SanheErpLine *self,
                        const char   *path)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), 0);

  return sanhe_erp_json_int (self->object, path);
}

static void
emit_changed (SanheErpLine *self,
              const char   *member)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (member), member);
}

/* Sets a top-level string member (NULL sets null) and clears its marks. */
void
sanhe_erp_line_set_string (SanheErpLine *self,
                           const char   *member,
                           const char   *value)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));
  g_return_if_fail (member != NULL);

  if (value != NULL)
    json_object_set_string_member (self->object, member, value);
  else
    json_object_set_null_member (self->object, member);
  g_hash_table_remove (self->invalid, member);
  g_hash_table_remove (self->problems, member);
  emit_changed (self, member);
}

void
sanhe_erp_line_set_int (SanheErpLine *self,
                        const char   *member,
                        gint64        value)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));
  g_return_if_fail (member != NULL);

  json_object_set_int_member (self->object, member, value);
  g_hash_table_remove (self->problems, member);
  emit_changed (self, member);
}

/* The user typed something in @member that is not a value. */
void
sanhe_erp_line_set_invalid (SanheErpLine *self,
                            const char   *member,
                            gboolean      invalid)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));

  if (invalid == g_hash_table_contains (self->invalid, member))
    return;

  if (invalid)
    g_hash_table_add (self->invalid, g_strdup (member));
  else
    g_hash_table_remove (self->invalid, member);
  emit_changed (self, member);
}

gboolean
sanhe_erp_line_is_invalid (SanheErpLine *self,
                           const char   *member)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), FALSE);

  return g_hash_table_contains (self->invalid, member)
         || g_hash_table_contains (self->problems, member);
}

gboolean
sanhe_erp_line_has_invalid (SanheErpLine *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), FALSE);

  return g_hash_table_size (self->invalid) > 0;
}

/* A problem the server reported for @member (NULL clears it). */
void
sanhe_erp_line_set_problem (SanheErpLine *self,
                            const char   *member,
                            const char   *text)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));

  if (text != NULL)
    g_hash_table_replace (self->problems, g_strdup (member), g_strdup (text));
  else
    g_hash_table_remove (self->problems, member);
  emit_changed (self, member);
}

const char *
sanhe_erp_line_get_problem (SanheErpLine *self,
                            const char   *member)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), NULL);

  return g_hash_table_lookup (self->problems, member);
}

void
sanhe_erp_line_clear_problems (SanheErpLine *self)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer member;

  g_return_if_fail (SANHE_IS_ERP_LINE (self));

  g_hash_table_iter_init (&iter, self->problems);
  while (g_hash_table_iter_next (&iter, &member, NULL))
    g_ptr_array_add (members, g_strdup (member));
  g_hash_table_remove_all (self->problems);
  for (guint i = 0; i < members->len; i++)
    emit_changed (self, g_ptr_array_index (members, i));
}

/* Whether the editable cells of this row take input. */
gboolean
sanhe_erp_line_get_editable (SanheErpLine *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), FALSE);

  return self->editable;
}

void
sanhe_erp_line_set_editable (SanheErpLine *self,
                             gboolean      editable)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));

  self->editable = !!editable;
}

/* Returns: (transfer none) (nullable): the rows under this one in a tree. */
GListStore *
sanhe_erp_line_get_children (SanheErpLine *self)
{
  g_return_val_if_fail (SANHE_IS_ERP_LINE (self), NULL);

  return self->children;
}

void
sanhe_erp_line_set_children (SanheErpLine *self,
                             GListStore   *children)
{
  g_return_if_fail (SANHE_IS_ERP_LINE (self));

  g_set_object (&self->children, children);
}
