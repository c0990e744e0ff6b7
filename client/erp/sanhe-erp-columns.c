/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-columns"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sanhe-erp-columns.h"
#include "sanhe-erp-line.h"
#include "sanhe-erp-util.h"
#include "sanhe-format.h"

/*
 * The columns of every ERP grid from a static table: one factory per
 * column; read-only cells are GtkInscriptions (numbers right-aligned with
 * the locale's grouping), states are pills, the first column of a tree
 * wraps its cell in a GtkTreeExpander. Editable columns are bare GtkText
 * cells that write what the user types, read in the user's notation, back
 * into the row's SanheErpLine; every cell of a SanheErpLine row follows
 * the line's "changed", so an amount follows its quantity.
 */

typedef struct
{
  const SanheErpColumn *column;
  SanheErpRowClassFunc  row_class;
  gpointer              user_data;
} ColumnData;

#define CELL_KEY     "sanhe-erp-cell"
#define LINE_KEY     "sanhe-erp-line"
#define HANDLER_KEY  "sanhe-erp-line-handler"
#define CLASS_KEY    "sanhe-erp-row-class"
#define UPDATING_KEY "sanhe-erp-updating"
/* How far plain text may shrink: "FG-00001" and an ellipsis (digits are
 * wider than the average character GtkInscription counts in). */
#define TEXT_MIN_CHARS 11

static gboolean
is_numeric (SanheErpColumnKind kind)
{
  return kind == SANHE_ERP_COLUMN_QTY || kind == SANHE_ERP_COLUMN_MONEY
         || kind == SANHE_ERP_COLUMN_PRICE
         || kind == SANHE_ERP_COLUMN_PERCENT || kind == SANHE_ERP_COLUMN_INT
         || kind == SANHE_ERP_COLUMN_COUNT;
}

/* How many decimals a kind of number is typed and shown with. */
guint
sanhe_erp_column_places (SanheErpColumnKind kind)
{
  switch (kind)
    {
    case SANHE_ERP_COLUMN_MONEY:
    case SANHE_ERP_COLUMN_PERCENT:
      return 2;
    case SANHE_ERP_COLUMN_QTY:
    case SANHE_ERP_COLUMN_PRICE:
      return 4;
    default:
      return 0;
    }
}

/* Returns: (transfer full): what the cell shows for @row. */
char *
sanhe_erp_column_display (const SanheErpColumn *column,
                          JsonObject           *row)
{
  JsonNode *node = sanhe_erp_json_path (row, column->path);
  const char *text = sanhe_erp_json_string (row, column->path);

  switch (column->kind)
    {
    case SANHE_ERP_COLUMN_TEXT:
      if (text == NULL && node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return g_strdup (text ? text : "");

    case SANHE_ERP_COLUMN_QTY:
      return sanhe_format_decimal (text, 0, 4);

    case SANHE_ERP_COLUMN_MONEY:
      return sanhe_format_decimal (text, 2, 2);

    case SANHE_ERP_COLUMN_PRICE:
      return sanhe_format_decimal (text, 2, 4);

    case SANHE_ERP_COLUMN_PERCENT:
      return sanhe_format_decimal (text, 0, 2);

    case SANHE_ERP_COLUMN_INT:
      {
        g_autofree char *digits = NULL;

        if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
          return g_strdup ("");
        digits = g_strdup_printf ("%" G_GINT64_FORMAT, sanhe_erp_json_int (row, column->path));
        return sanhe_format_decimal (digits, 0, 0);
      }

    case SANHE_ERP_COLUMN_DATE:
      return sanhe_format_day (text);

    case SANHE_ERP_COLUMN_DATETIME:
      return sanhe_format_datetime (text);

    case SANHE_ERP_COLUMN_STATE:
      return g_strdup (text ? sanhe_erp_state_label (text) : "");

    case SANHE_ERP_COLUMN_ITEM_KIND:
      return g_strdup (sanhe_erp_item_kind_label (text));

    case SANHE_ERP_COLUMN_MOVE_KIND:
      return g_strdup (sanhe_erp_move_kind_label (text));

    case SANHE_ERP_COLUMN_LATE:
      {
        int days = (int)sanhe_erp_json_int (row, "late_days");

        if (!sanhe_erp_json_boolean (row, column->path))
          return g_strdup ("");
        if (days <= 0)
          /* Translators: an MRP suggestion whose release date has passed */
          return g_strdup (_("Late"));
        /* Translators: how late an MRP suggestion is, under the header "Late" */
        return g_strdup_printf (ngettext ("%d day", "%d days", days), days);
      }

    case SANHE_ERP_COLUMN_COUNT:
      {
        g_autofree char *digits = NULL;

        if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
          return g_strdup ("");
        digits = g_strdup_printf ("%u", json_array_get_length (json_node_get_array (node)));
        return sanhe_format_decimal (digits, 0, 0);
      }

    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

static char *
sort_text_cb (GObject  *item,
              gpointer  user_data)
{
  const SanheErpColumn *column = user_data;
  JsonObject *row = item ? sanhe_erp_item_object (item) : NULL;
  const char *raw;

  if (row == NULL)
    return g_strdup ("");

  /* ISO dates and times sort as text. */
  raw = sanhe_erp_json_string (row, column->path);
  if (column->kind == SANHE_ERP_COLUMN_DATE || column->kind == SANHE_ERP_COLUMN_DATETIME)
    return g_strdup (raw ? raw : "");

  return sanhe_erp_column_display (column, row);
}

static double
sort_number_cb (GObject  *item,
                gpointer  user_data)
{
  const SanheErpColumn *column = user_data;
  JsonObject *row = item ? sanhe_erp_item_object (item) : NULL;
  JsonNode *node;

  if (row == NULL)
    return 0.0;

  if (column->kind == SANHE_ERP_COLUMN_LATE)
    return sanhe_erp_json_boolean (row, column->path)
           ? 1.0 + (double)sanhe_erp_json_int (row, "late_days") : 0.0;

  node = sanhe_erp_json_path (row, column->path);
  if (node == NULL)
    return 0.0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return (double)json_array_get_length (json_node_get_array (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return sanhe_decimal_to_double (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node))
    return (double)sanhe_erp_json_int (row, column->path);

  return 0.0;
}

static GtkWidget *
get_cell (GtkListItem *list_item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), CELL_KEY);
}

static void
render (GtkWidget  *cell,
        ColumnData *data,
        JsonObject *row)
{
  const SanheErpColumn *column = data->column;
  SanheErpLine *line = g_object_get_data (G_OBJECT (cell), LINE_KEY);
  g_autofree char *text = row ? sanhe_erp_column_display (column, row) : g_strdup ("");
  const char *old_class = g_object_get_data (G_OBJECT (cell), CLASS_KEY);
  const char *row_class = row && data->row_class ? data->row_class (row, data->user_data) : NULL;
  const char *problem = line ? sanhe_erp_line_get_problem (line, column->path) : NULL;
  gboolean invalid = line && sanhe_erp_line_is_invalid (line, column->path);

  if (GTK_IS_TEXT (cell))
    {
      gboolean editable = line != NULL && sanhe_erp_line_get_editable (line);

      /* Never rewrite what the user is typing. */
      if (!g_object_get_data (G_OBJECT (cell), UPDATING_KEY) && !gtk_widget_has_focus (cell))
        {
          g_object_set_data (G_OBJECT (cell), UPDATING_KEY, GINT_TO_POINTER (TRUE));
          gtk_editable_set_text (GTK_EDITABLE (cell), text);
          g_object_set_data (G_OBJECT (cell), UPDATING_KEY, NULL);
        }
      gtk_editable_set_editable (GTK_EDITABLE (cell), editable);
      gtk_widget_set_can_focus (cell, editable);
      if (editable)
        gtk_widget_add_css_class (cell, "editable");
      else
        gtk_widget_remove_css_class (cell, "editable");
    }
  else if (column->kind == SANHE_ERP_COLUMN_STATE)
    {
      sanhe_erp_state_pill_set (cell, row ? sanhe_erp_json_string (row, column->path) : NULL);
    }
  else
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
      gtk_widget_set_tooltip_text (cell, text && *text && !is_numeric (column->kind) ? text : NULL);
    }

  if (column->kind == SANHE_ERP_COLUMN_LATE)
    {
      if (row && sanhe_erp_json_boolean (row, column->path))
        gtk_widget_add_css_class (cell, "late");
      else
        gtk_widget_remove_css_class (cell, "late");
    }

  if (g_strcmp0 (old_class, row_class) != 0)
    {
      if (old_class != NULL)
        gtk_widget_remove_css_class (cell, old_class);
      if (row_class != NULL)
        gtk_widget_add_css_class (cell, row_class);
      g_object_set_data_full (G_OBJECT (cell), CLASS_KEY, g_strdup (row_class), g_free);
    }

  if (invalid)
    gtk_widget_add_css_class (cell, "error");
  else
    gtk_widget_remove_css_class (cell, "error");
  if (problem != NULL)
    gtk_widget_set_tooltip_text (cell, problem);
}

static void
on_line_changed_cb (SanheErpLine *line,
                    const char   *member,
                    GtkWidget    *cell)
{
  ColumnData *data = g_object_get_data (G_OBJECT (cell), "sanhe-erp-column");

  render (cell, data, sanhe_erp_line_get_object (line));
}

static void
on_text_changed_cb (GtkEditable *editable,
                    ColumnData  *data)
{
  SanheErpLine *line = g_object_get_data (G_OBJECT (editable), LINE_KEY);
  const SanheErpColumn *column = data->column;
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *value = NULL;
  gboolean valid;

  if (line == NULL || g_object_get_data (G_OBJECT (editable), UPDATING_KEY))
    return;

  switch (column->kind)
    {
    case SANHE_ERP_COLUMN_QTY:
    case SANHE_ERP_COLUMN_MONEY:
    case SANHE_ERP_COLUMN_PRICE:
    case SANHE_ERP_COLUMN_PERCENT:
      valid = sanhe_parse_decimal (text, sanhe_erp_column_places (column->kind), &value);
      if (!valid && column->kind == SANHE_ERP_COLUMN_PERCENT && (text == NULL || *text == '\0'))
        valid = (value = g_strdup ("0")) != NULL;
      break;
    case SANHE_ERP_COLUMN_DATE:
      valid = sanhe_parse_day (text, &value);
      break;
    default:
      value = g_strstrip (g_strdup (text));
      valid = TRUE;
      break;
    }

  g_object_set_data (G_OBJECT (editable), UPDATING_KEY, GINT_TO_POINTER (TRUE));
  if (valid)
    sanhe_erp_line_set_string (line, column->path, value);
  else
    sanhe_erp_line_set_invalid (line, column->path, TRUE);
  g_object_set_data (G_OBJECT (editable), UPDATING_KEY, NULL);
}

/* Typing into a cell selects its row, so Delete and the row actions
 * apply to the line being edited. */
static void
on_text_focus_enter_cb (GtkEventControllerFocus *controller,
                        gpointer                 user_data)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "sanhe-erp-list-item");
  GtkWidget *view = gtk_widget_get_ancestor (cell, GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *model = view ? gtk_column_view_get_model (GTK_COLUMN_VIEW (view)) : NULL;
  guint position = list_item ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;

  if (model != NULL && position != GTK_INVALID_LIST_POSITION
      && !gtk_selection_model_is_selected (model, position))
    gtk_selection_model_select_item (model, position, TRUE);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ColumnData               *data)
{
  const SanheErpColumn *column = data->column;
  GtkEventController *focus;
  GtkWidget *cell;
  GtkWidget *child;

  if (column->flags & SANHE_ERP_COLUMN_EDITABLE)
    {
      cell = gtk_text_new ();
      gtk_editable_set_width_chars (GTK_EDITABLE (cell), column->nat_chars);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (cell), column->nat_chars);
      if (is_numeric (column->kind))
        gtk_editable_set_alignment (GTK_EDITABLE (cell), 1.0);
      gtk_widget_add_css_class (cell, "cell-text");
      g_signal_connect (cell, "changed", G_CALLBACK (on_text_changed_cb), data);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "enter", G_CALLBACK (on_text_focus_enter_cb), NULL);
      gtk_widget_add_controller (cell, focus);
      g_object_set_data (G_OBJECT (cell), "sanhe-erp-list-item", list_item);
    }
  else if (column->kind == SANHE_ERP_COLUMN_STATE)
    {
      cell = sanhe_erp_state_pill_new ();
    }
  else
    {
      cell = gtk_inscription_new (NULL);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column->nat_chars);
      /* A cut number, date or code misleads: only plain text gives way
       * when the grid is narrow (the grid scrolls sideways instead), and
       * never below the few characters that name a thing: an item label
       * ("FG-00001 Frame") keeps its code. */
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell),
                                     (column->kind == SANHE_ERP_COLUMN_TEXT
                                      || column->kind == SANHE_ERP_COLUMN_ITEM_KIND)
                                     && !(column->flags & SANHE_ERP_COLUMN_STRONG)
                                     ? MIN (column->nat_chars, TEXT_MIN_CHARS) : column->nat_chars);
      if (is_numeric (column->kind))
        gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
    }

  if (is_numeric (column->kind))
    gtk_widget_add_css_class (cell, "numeric");
  if (column->flags & SANHE_ERP_COLUMN_STRONG)
    gtk_widget_add_css_class (cell, "strong");
  if (column->flags & SANHE_ERP_COLUMN_DIM)
    gtk_widget_add_css_class (cell, "dim-label");
  g_object_set_data (G_OBJECT (cell), "sanhe-erp-column", data);

  child = cell;
  if (column->flags & SANHE_ERP_COLUMN_TREE)
    {
      child = gtk_tree_expander_new ();
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (child), cell);
    }
  g_object_set_data (G_OBJECT (child), CELL_KEY, cell);
  gtk_list_item_set_child (list_item, child);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnData               *data)
{
  gpointer item = gtk_list_item_get_item (list_item);
  GtkWidget *cell = get_cell (list_item);
  g_autoptr(GObject) inner = NULL;

  if (data->column->flags & SANHE_ERP_COLUMN_TREE)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)),
                                    GTK_IS_TREE_LIST_ROW (item) ? item : NULL);

  inner = GTK_IS_TREE_LIST_ROW (item) ? gtk_tree_list_row_get_item (item) : g_object_ref (item);
  if (SANHE_IS_ERP_LINE (inner))
    {
      gulong handler = g_signal_connect_object (inner, "changed",
                                                G_CALLBACK (on_line_changed_cb), cell, 0);

      g_object_set_data_full (G_OBJECT (cell), LINE_KEY, g_object_ref (inner), g_object_unref);
      g_object_set_data (G_OBJECT (cell), HANDLER_KEY, GSIZE_TO_POINTER (handler));
    }

  render (cell, data, sanhe_erp_item_object (item));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ColumnData               *data)
{
  GtkWidget *cell = get_cell (list_item);
  SanheErpLine *line = g_object_get_data (G_OBJECT (cell), LINE_KEY);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), HANDLER_KEY));

  if (line != NULL && handler != 0)
    g_signal_handler_disconnect (line, handler);
  g_object_set_data (G_OBJECT (cell), HANDLER_KEY, NULL);
  g_object_set_data (G_OBJECT (cell), LINE_KEY, NULL);

  if (data->column->flags & SANHE_ERP_COLUMN_TREE)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

/* Appends a column to @view for each of @columns (a static table);
 * @row_class (nullable) adds a class to every cell of a row. */
void
sanhe_erp_columns_add (GtkColumnView        *view,
                       const SanheErpColumn *columns,
                       guint                 n_columns,
                       SanheErpRowClassFunc  row_class,
                       gpointer              user_data)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (guint i = 0; i < n_columns; i++)
    {
      const SanheErpColumn *column = &columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) view_column = NULL;
      ColumnData *data = g_new0 (ColumnData, 1);

      data->column = column;
      data->row_class = row_class;
      data->user_data = user_data;
      g_object_set_data_full (G_OBJECT (factory), "sanhe-erp-column-data", data, g_free);

      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), data);

      view_column = gtk_column_view_column_new (_(column->title), factory);
      gtk_column_view_column_set_expand (view_column, (column->flags & SANHE_ERP_COLUMN_EXPAND) != 0);
      gtk_column_view_column_set_resizable (view_column, TRUE);

      if (!(column->flags & SANHE_ERP_COLUMN_NO_SORT))
        {
          GtkExpression *expression;
          GtkSorter *sorter;

          if (is_numeric (column->kind) || column->kind == SANHE_ERP_COLUMN_LATE)
            {
              expression = gtk_cclosure_expression_new (G_TYPE_DOUBLE, NULL, 0, NULL,
                                                        G_CALLBACK (sort_number_cb),
                                                        (gpointer)column, NULL);
              sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
            }
          else
            {
              expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                        G_CALLBACK (sort_text_cb),
                                                        (gpointer)column, NULL);
              sorter = GTK_SORTER (gtk_string_sorter_new (expression));
            }
          gtk_column_view_column_set_sorter (view_column, sorter);
          g_object_unref (sorter);
        }

      gtk_column_view_append_column (view, view_column);
    }
}

/* Whether a text column of @item shows @folded_needle (casefolded). */
gboolean
sanhe_erp_columns_match (const SanheErpColumn *columns,
                         guint                 n_columns,
                         gpointer              item,
                         const char           *folded_needle)
{
  JsonObject *row;

  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;

  row = sanhe_erp_item_object (item);
  for (guint i = 0; row != NULL && i < n_columns; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *folded = NULL;

      if (is_numeric (columns[i].kind) || columns[i].kind == SANHE_ERP_COLUMN_DATE
          || columns[i].kind == SANHE_ERP_COLUMN_DATETIME || columns[i].kind == SANHE_ERP_COLUMN_LATE)
        continue;

      text = sanhe_erp_column_display (&columns[i], row);
      folded = g_utf8_casefold (text, -1);
      if (strstr (folded, folded_needle) != NULL)
        return TRUE;
    }

  return FALSE;
}
