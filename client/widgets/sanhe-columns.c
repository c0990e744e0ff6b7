/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-columns"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sanhe-format.h"

#include "sanhe-columns.h"

/*
 * Columns of a GtkColumnView from a static table: one factory per column,
 * each cell a GtkInscription (cheap, never asks for more width than it
 * gets), each column sortable by a GtkExpression on the record.
 */

/* Returns: (transfer full): what the cell shows. */
char *
sanhe_column_spec_display (const SanheColumnSpec *spec,
                           SanheRecord           *record)
{
  switch (spec->kind)
    {
    case SANHE_COLUMN_TEXT:
      return g_strdup (sanhe_record_get_string (record, spec->path));

    case SANHE_COLUMN_DATETIME:
      return sanhe_format_datetime (sanhe_record_get_string (record, spec->path));

    case SANHE_COLUMN_BOOLEAN:
      return g_strdup (sanhe_record_get_boolean (record, spec->path, FALSE) ? _("Yes") : _("No"));

    case SANHE_COLUMN_LIST:
      {
        g_auto(GStrv) strv = sanhe_record_dup_strv (record, spec->path);

        return g_strjoinv (", ", strv);
      }

    case SANHE_COLUMN_COUNT:
      {
        g_auto(GStrv) strv = sanhe_record_dup_strv (record, spec->path);

        return sanhe_format_count (g_strv_length (strv));
      }

    case SANHE_COLUMN_NUMBER:
      if (sanhe_record_get_node (record, spec->path) == NULL)
        return g_strdup ("");
      return sanhe_format_count (sanhe_record_get_int (record, spec->path));

    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
sort_key_cb (SanheRecord *record,
             gpointer     user_data)
{
  const SanheColumnSpec *spec = user_data;
  char *key;

  /* GtkStringSorter casefolds the key: never hand it NULL. */
  if (record == NULL)
    return g_strdup ("");

  /* ISO 8601 UTC sorts as text; everything else by what is shown. */
  if (spec->sort_path != NULL)
    key = g_strdup (sanhe_record_get_string (record, spec->sort_path));
  else if (spec->kind == SANHE_COLUMN_DATETIME)
    key = g_strdup (sanhe_record_get_string (record, spec->path));
  else
    key = sanhe_column_spec_display (spec, record);

  return key ? key : g_strdup ("");
}

static int
sort_count_cb (SanheRecord *record,
               gpointer     user_data)
{
  const SanheColumnSpec *spec = user_data;
  g_auto(GStrv) strv = NULL;

  if (record == NULL)
    return 0;
  if (spec->kind == SANHE_COLUMN_NUMBER)
    return (int)sanhe_record_get_int (record, spec->path);

  strv = sanhe_record_dup_strv (record, spec->path);
  return (int)g_strv_length (strv);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  const SanheColumnSpec *spec = user_data;
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), spec->nat_chars);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), MIN (spec->nat_chars, 4));
  if (spec->kind == SANHE_COLUMN_COUNT || spec->kind == SANHE_COLUMN_NUMBER)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
      gtk_widget_add_css_class (inscription, "numeric");
    }
  gtk_list_item_set_child (item, inscription);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  const SanheColumnSpec *spec = user_data;
  SanheRecord *record = gtk_list_item_get_item (item);
  GtkWidget *inscription = gtk_list_item_get_child (item);
  g_autofree char *text = sanhe_column_spec_display (spec, record);

  gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
  gtk_widget_set_tooltip_text (inscription, text && *text ? text : NULL);
}

void
sanhe_column_view_add_columns (GtkColumnView         *view,
                               const SanheColumnSpec *specs,
                               guint                  n_specs)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (guint i = 0; i < n_specs; i++)
    {
      const SanheColumnSpec *spec = &specs[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkExpression *expression;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), (gpointer)spec);
      g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), (gpointer)spec);

      if (spec->kind == SANHE_COLUMN_COUNT || spec->kind == SANHE_COLUMN_NUMBER)
        {
          expression = gtk_cclosure_expression_new (G_TYPE_INT, NULL, 0, NULL,
                                                    G_CALLBACK (sort_count_cb),
                                                    (gpointer)spec, NULL);
          sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
        }
      else
        {
          expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                    G_CALLBACK (sort_key_cb),
                                                    (gpointer)spec, NULL);
          sorter = GTK_SORTER (gtk_string_sorter_new (expression));
        }

      column = gtk_column_view_column_new (_(spec->title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (view, column);
      g_object_unref (sorter);
    }
}

/* Whether any column shows @folded_needle (already g_utf8_casefold()ed). */
gboolean
sanhe_column_specs_match (const SanheColumnSpec *specs,
                          guint                  n_specs,
                          SanheRecord           *record,
                          const char            *folded_needle)
{
  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;

  for (guint i = 0; i < n_specs; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *folded = NULL;

      if (specs[i].kind == SANHE_COLUMN_COUNT || specs[i].kind == SANHE_COLUMN_NUMBER
          || specs[i].kind == SANHE_COLUMN_BOOLEAN)
        continue;

      text = sanhe_column_spec_display (&specs[i], record);
      if (text == NULL)
        continue;

      folded = g_utf8_casefold (text, -1);
      if (strstr (folded, folded_needle) != NULL)
        return TRUE;
    }

  return FALSE;
}
