/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-order-lines"

#include "config.h"

#include <stdio.h>

#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-order-lines.h"

/*
 * The lines of an order as editable SanheErpLines: built from the
 * server's order (quantities normalised so "2.5000" and a typed "2,5"
 * compare equal), new ones from a chosen item, amounts recomputed exactly
 * as the user types, the key that says whether anything changed, the body
 * lines for a save, and a 422's "lines[2].qty" put back on its cell.
 */

static void
set_normalized (JsonObject *object,
                const char *member)
{
  g_autofree char *value = sanhe_erp_decimal_normalize (sanhe_erp_json_string (object, member));

  json_object_set_string_member (object, member, value);
}

/* Recomputes "amount" from "qty" × "price" (empty while one is unreadable). */
void
sanhe_order_line_update_amount (SanheErpLine *line)
{
  g_autofree char *amount = sanhe_erp_money_product (sanhe_erp_line_get_string (line, "qty"),
                                                     sanhe_erp_line_get_string (line, "price"));
  JsonObject *object = sanhe_erp_line_get_object (line);

  if (sanhe_erp_line_is_invalid (line, "qty") || sanhe_erp_line_is_invalid (line, "price"))
    g_clear_pointer (&amount, g_free);
  json_object_set_string_member (object, "amount", amount ? amount : "");
}

static void
on_line_changed_cb (SanheErpLine *line,
                    const char   *member,
                    gpointer      user_data)
{
  if (g_strcmp0 (member, "qty") == 0 || g_strcmp0 (member, "price") == 0)
    sanhe_order_line_update_amount (line);
}

static SanheErpLine *
line_new (JsonObject *object,
          gboolean    editable)
{
  SanheErpLine *line = sanhe_erp_line_new (object);

  sanhe_erp_line_set_editable (line, editable);
  /* First, so the amount is right when the row's cells redraw. */
  g_signal_connect (line, "changed", G_CALLBACK (on_line_changed_cb), NULL);

  return line;
}

/* Replaces @lines with those of @order (NULL: none). */
void
sanhe_order_lines_fill (GListStore              *lines,
                        const SanheErpOrderSpec *spec,
                        SanheRecord             *order,
                        gboolean                 editable)
{
  JsonNode *node = order ? sanhe_record_get_node (order, "lines") : NULL;
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(JsonObject) object = sanhe_erp_json_copy (json_array_get_object_element (array, i));
      g_autofree char *label = sanhe_erp_item_label (json_object_get_object_member (object, "item"));

      set_normalized (object, "qty");
      set_normalized (object, "price");
      json_object_set_string_member (object, "item_label", label);
      g_ptr_array_add (made, line_new (object, editable));
    }

  g_list_store_splice (lines, 0, g_list_model_get_n_items (G_LIST_MODEL (lines)),
                       made->pdata, made->len);
}

/* Returns: (transfer full): a line of one @item at its usual price, due
 * after its lead time (a week for a sale). */
SanheErpLine *
sanhe_order_line_new_for_item (const SanheErpOrderSpec *spec,
                               SanheRecord             *item,
                               guint                    number)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *embedded = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *date = NULL;
  g_autofree char *label = NULL;
  g_autofree char *price = NULL;
  SanheErpLine *line;
  gint64 days;

  json_object_set_int_member (embedded, "id", sanhe_record_get_id (item));
  json_object_set_string_member (embedded, "code", sanhe_record_get_string (item, "code"));
  json_object_set_string_member (embedded, "name", sanhe_record_get_string (item, "name"));
  json_object_set_string_member (embedded, "unit", sanhe_record_get_string (item, "unit"));
  label = sanhe_erp_item_label (embedded);
  json_object_set_object_member (object, "item", embedded);

  price = sanhe_erp_decimal_normalize (sanhe_record_get_string (item, spec->kind == SANHE_ERP_ORDER_SALES
                                                                ? "list_price" : "standard_cost"));
  days = spec->kind == SANHE_ERP_ORDER_SALES ? 7 : MAX (sanhe_record_get_int (item, "lead_time_days"), 1);
  due = g_date_time_add_days (now, (int)days);
  date = g_date_time_format (due, "%Y-%m-%d");

  json_object_set_int_member (object, "line", number);
  json_object_set_string_member (object, "item_label", label);
  json_object_set_string_member (object, "qty", "1");
  json_object_set_string_member (object, "price", price);
  json_object_set_string_member (object, spec->date_member, date);
  json_object_set_string_member (object, spec->done_member, "0");

  line = line_new (object, TRUE);
  sanhe_order_line_update_amount (line);

  return line;
}

/* Returns: (transfer full): what saving the lines would send, to compare. */
char *
sanhe_order_lines_key (GListModel              *lines,
                       const SanheErpOrderSpec *spec)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);

      g_string_append_printf (key, "%" G_GINT64_FORMAT ":%s:%s:%s:%d;",
                              sanhe_erp_line_get_int (line, "item.id"),
                              sanhe_erp_line_get_string (line, "qty"),
                              sanhe_erp_line_get_string (line, "price"),
                              sanhe_erp_line_get_string (line, spec->date_member),
                              sanhe_erp_line_has_invalid (line));
    }

  return g_string_free (key, FALSE);
}

/* Returns: (transfer full): the sum of the lines' amounts, "1234.5". */
char *
sanhe_order_lines_total (GListModel *lines)
{
  gint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);
      gint64 units;

      if (sanhe_erp_decimal_units (sanhe_erp_line_get_string (line, "amount"), &units))
        total += units;
    }

  return sanhe_erp_decimal_from_units (total);
}

gboolean
sanhe_order_lines_valid (GListModel *lines)
{
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);

      if (sanhe_erp_line_has_invalid (line))
        return FALSE;
    }

  return TRUE;
}

/* Returns: (transfer full): the "lines" array of a create or update. */
JsonNode *
sanhe_order_lines_body (GListModel              *lines,
                        const SanheErpOrderSpec *spec)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(SanheErpLine) line = g_list_model_get_item (lines, i);
      JsonObject *object = json_object_new ();

      sanhe_erp_line_clear_problems (line);
      json_object_set_int_member (object, "item", sanhe_erp_line_get_int (line, "item.id"));
      json_object_set_string_member (object, "qty", sanhe_erp_line_get_string (line, "qty"));
      json_object_set_string_member (object, "price", sanhe_erp_line_get_string (line, "price"));
      json_object_set_string_member (object, spec->date_member,
                                     sanhe_erp_line_get_string (line, spec->date_member));
      json_array_add_object_element (array, object);
    }

  return json_node_init_array (json_node_alloc (), array);
}

/* Puts each "lines[i].member" problem of a 422's @details on its cell
 * (@prefix "lines"; @qty_member: the member that shows "qty", NULL for
 * "qty"); returns how many landed. */
guint
sanhe_order_lines_show_problems (GListModel *lines,
                                 JsonNode   *details,
                                 const char *prefix,
                                 const char *qty_member)
{
  JsonNode *fields = details && JSON_NODE_HOLDS_OBJECT (details)
                     ? json_object_get_member (json_node_get_object (details), "fields") : NULL;
  g_autofree char *format = g_strdup_printf ("%s[%%u].%%31s", prefix);
  JsonObjectIter iter;
  const char *name;
  JsonNode *problem;
  guint shown = 0;

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return 0;

  json_object_iter_init (&iter, json_node_get_object (fields));
  while (json_object_iter_next (&iter, &name, &problem))
    {
      g_autoptr(SanheErpLine) line = NULL;
      char member[32];
      guint index;
      const char *code = JSON_NODE_HOLDS_OBJECT (problem)
                         ? json_object_get_string_member_with_default (json_node_get_object (problem),
                                                                       "code", NULL) : NULL;

      if (sscanf (name, format, &index, member) != 2)
        continue;
      line = g_list_model_get_item (lines, index);
      if (line == NULL)
        continue;

      if (g_str_equal (member, "item"))
        g_strlcpy (member, "item_label", sizeof member);
      else if (g_str_equal (member, "qty") && qty_member != NULL)
        g_strlcpy (member, qty_member, sizeof member);
      sanhe_erp_line_set_problem (line, member, sanhe_field_error_text (code));
      shown++;
    }

  return shown;
}
