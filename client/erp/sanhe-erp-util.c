/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-util"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-erp-line.h"
#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-record.h"

/*
 * Small pieces every ERP page shares: reading rows whatever holds them
 * (a SanheRecord, an editable SanheErpLine, either inside a tree row),
 * the words for states and kinds, error texts that use the details the
 * server sends (the items of a BOM cycle, the line that cannot ship), the
 * state pill, and the module's style sheet.
 */

/* Returns: (transfer none) (nullable): the JSON object behind a list item. */
JsonObject *
sanhe_erp_item_object (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    {
      g_autoptr(GObject) inner = gtk_tree_list_row_get_item (item);

      /* The row holds the item: borrowing it past this unref is safe. */
      return sanhe_erp_item_object (inner);
    }
  if (SANHE_IS_RECORD (item))
    return sanhe_record_get_object (item);
  if (SANHE_IS_ERP_LINE (item))
    return sanhe_erp_line_get_object (item);

  return NULL;
}

/* Returns: (transfer none) (nullable): the member at dotted @path. */
JsonNode *
sanhe_erp_json_path (JsonObject *object,
                     const char *path)
{
  const char *dot;

  if (object == NULL || path == NULL)
    return NULL;

  while ((dot = strchr (path, '.')) != NULL)
    {
      g_autofree char *head = g_strndup (path, dot - path);
      JsonNode *node = json_object_get_member (object, head);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
      path = dot + 1;
    }

  return json_object_get_member (object, path);
}

const char *
sanhe_erp_json_string (JsonObject *object,
                       const char *path)
{
  return sanhe_json_node_get_string (sanhe_erp_json_path (object, path));
}

gint64
sanhe_erp_json_int (JsonObject *object,
                    const char *path)
{
  JsonNode *node = sanhe_erp_json_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);

  return 0;
}

gboolean
sanhe_erp_json_boolean (JsonObject *object,
                        const char *path)
{
  JsonNode *node = sanhe_erp_json_path (object, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

static JsonNode *deep_copy_node (JsonNode *node);

static JsonObject *
deep_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, deep_copy_node (member));

  return copy;
}

/* json_node_copy() shares objects and arrays; records must not. */
static JsonNode *
deep_copy_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = deep_copy_object (json_node_get_object (node));
      JsonNode *copy = json_node_init_object (json_node_alloc (), object);

      json_object_unref (object);
      return copy;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_sized_new (json_array_get_length (source));
      JsonNode *copy;

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, deep_copy_node (json_array_get_element (source, i)));
      copy = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
      return copy;
    }

  return json_node_copy (node);
}

/* Returns: (transfer full): a deep copy of @object, safe to change. */
JsonObject *
sanhe_erp_json_copy (JsonObject *object)
{
  return deep_copy_object (object);
}

/* Returns: (transfer full): "3.5000" as "3.5", "2.0000" as "2": how
 * lines compare and how they are sent back. */
char *
sanhe_erp_decimal_normalize (const char *decimal)
{
  char *text;
  gsize length;

  if (decimal == NULL)
    return g_strdup ("0");

  text = g_strdup (decimal);
  if (strchr (text, '.') == NULL)
    return text;

  length = strlen (text);
  while (length > 0 && text[length - 1] == '0')
    text[--length] = '\0';
  if (length > 0 && text[length - 1] == '.')
    text[--length] = '\0';

  return text;
}

#define UNITS_PER_ONE 10000

/* Reads a decimal string with at most 4 places into units of 10^-4. */
gboolean
sanhe_erp_decimal_units (const char *decimal,
                         gint64     *units)
{
  const char *p = decimal;
  gboolean negative = FALSE;
  gint64 whole = 0;
  gint64 fraction = 0;
  guint places = 0;

  if (decimal == NULL || *decimal == '\0')
    return FALSE;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++)
    {
      if (whole > (G_MAXINT64 / UNITS_PER_ONE - 9) / 10)
        return FALSE;
      whole = whole * 10 + (*p - '0');
    }
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (places == 4)
          {
            if (*p != '0')
              return FALSE;
            continue;
          }
        fraction = fraction * 10 + (*p - '0');
        places++;
      }
  if (*p != '\0')
    return FALSE;

  for (; places < 4; places++)
    fraction *= 10;
  *units = (whole * UNITS_PER_ONE + fraction) * (negative ? -1 : 1);

  return TRUE;
}

/* Returns: (transfer full): @units of 10^-4 as "12.5". */
char *
sanhe_erp_decimal_from_units (gint64 units)
{
  guint64 magnitude = units < 0 ? -(guint64)units : (guint64)units;
  g_autofree char *text = g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%04u", units < 0 ? "-" : "",
                                           magnitude / UNITS_PER_ONE,
                                           (guint)(magnitude % UNITS_PER_ONE));

  return sanhe_erp_decimal_normalize (text);
}

/* Returns: (transfer full) (nullable): @qty × @price rounded half up to
 * cents ("12.35"), exactly, as the server computes an amount; NULL when
 * either is not a number or the product is too large. */
char *
sanhe_erp_money_product (const char *qty,
                         const char *price)
{
  gint64 a, b;
  __int128 product;
  __int128 cents;
  gboolean negative;

  if (!sanhe_erp_decimal_units (qty, &a) || !sanhe_erp_decimal_units (price, &b))
    return NULL;

  product = (__int128)a * b;                 /* units of 10^-8 */
  negative = product < 0;
  if (negative)
    product = -product;
  cents = (product + 500000) / 1000000;      /* units of 10^-2 */
  if (cents > (__int128)G_MAXINT64 / 100)
    return NULL;

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", negative && cents > 0 ? "-" : "",
                          (gint64)(cents / 100), (int)(cents % 100));
}

static const struct
{
  const char *state;
  const char *label;
  const char *css;
} states[] = {
  { "draft", N_("Draft"), "state-draft" },
  { "confirmed", N_("Confirmed"), "state-open" },
  /* Translators: the state of a purchase order some of whose goods came in */
  { "partially_received", N_("Partly received"), "state-partial" },
  { "received", N_("Received"), "state-done" },
  /* Translators: the state of a sales order some of whose goods went out */
  { "partially_shipped", N_("Partly shipped"), "state-partial" },
  { "shipped", N_("Shipped"), "state-done" },
  { "cancelled", N_("Cancelled"), "state-cancelled" },
  { "planned", N_("Planned"), "state-draft" },
  { "released", N_("Released"), "state-open" },
  { "in_progress", N_("In progress"), "state-partial" },
  { "completed", N_("Completed"), "state-done" },
  { "closed", N_("Closed"), "state-cancelled" },
};

const char *
sanhe_erp_state_label (const char *state)
{
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (states[i].state, state))
      return _(states[i].label);

  return state ? state : "";
}

const char *
sanhe_erp_state_class (const char *state)
{
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (states[i].state, state))
      return states[i].css;

  return "state-draft";
}

const char *
sanhe_erp_item_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "make") == 0)
    /* Translators: an item made in house (from its bill of materials) */
    return C_("item kind", "Make");
  if (g_strcmp0 (kind, "buy") == 0)
    /* Translators: an item bought from a supplier */
    return C_("item kind", "Buy");

  return kind ? kind : "";
}

const char *
sanhe_erp_move_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "receipt") == 0)
    return C_("stock move", "Receipt");
  if (g_strcmp0 (kind, "issue") == 0)
    return C_("stock move", "Issue");
  if (g_strcmp0 (kind, "transfer") == 0)
    return C_("stock move", "Transfer");
  if (g_strcmp0 (kind, "adjustment") == 0)
    return C_("stock move", "Adjustment");

  return kind ? kind : "";
}

/* Returns: (transfer full): "CODE · Name" of an embedded item. */
char *
sanhe_erp_item_label (JsonObject *item)
{
  const char *code = sanhe_erp_json_string (item, "code");
  const char *name = sanhe_erp_json_string (item, "name");

  if (code != NULL && name != NULL)
    return g_strdup_printf ("%s · %s", code, name);

  return g_strdup (code ? code : name ? name : "");
}

gboolean
sanhe_erp_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Returns: (transfer full): what to tell the user about @error, with the
 * details the server gives for ERP errors. */
char *
sanhe_erp_error_text (const GError *error)
{
  const char *code;
  JsonNode *details;
  JsonObject *object = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  code = error->domain == SANHE_ERROR ? sanhe_error_get_code (error) : NULL;
  details = error->domain == SANHE_ERROR ? sanhe_error_get_details (error) : NULL;
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    object = json_node_get_object (details);

  if (g_strcmp0 (code, "erp.bom.cycle") == 0 && object != NULL
      && json_object_has_member (object, "cycle")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "cycle")))
    {
      JsonArray *cycle = json_object_get_array_member (object, "cycle");
      g_autoptr(GString) path = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (cycle); i++)
        {
          JsonNode *step = json_array_get_element (cycle, i);

          if (path->len > 0)
            g_string_append (path, " → ");
          if (JSON_NODE_HOLDS_VALUE (step) && json_node_get_value_type (step) == G_TYPE_STRING)
            g_string_append (path, json_node_get_string (step));
          else if (JSON_NODE_HOLDS_VALUE (step))
            g_string_append_printf (path, "%" G_GINT64_FORMAT, json_node_get_int (step));
        }

      /* Translators: %s is a chain of item codes, "A → B → A" */
      return g_strdup_printf (_("This would make a bill of materials contain itself: %s. "
                                "Remove the component that closes the loop."), path->str);
    }

  if (g_strcmp0 (code, "erp.stock.insufficient") == 0 && object != NULL
      && json_object_has_member (object, "line"))
    /* Translators: %d is an order line number, %s the error text */
    return g_strdup_printf (_("Line %d: %s"),
                            (int)json_object_get_int_member (object, "line"),
                            sanhe_error_text (error));

  return g_strdup (sanhe_error_text (error));
}

/* A coloured, rounded label for a document state. */
GtkWidget *
sanhe_erp_state_pill_new (void)
{
  GtkWidget *pill = gtk_label_new (NULL);

  gtk_widget_add_css_class (pill, "state-pill");
  gtk_widget_set_halign (pill, GTK_ALIGN_START);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);

  return pill;
}

void
sanhe_erp_state_pill_set (GtkWidget  *pill,
                          const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_widget_remove_css_class (pill, states[i].css);

  gtk_label_set_text (GTK_LABEL (pill), sanhe_erp_state_label (state));
  gtk_widget_set_visible (pill, state != NULL);
  if (state != NULL)
    gtk_widget_add_css_class (pill, sanhe_erp_state_class (state));
}

/* Loads the module's style sheet once per display. */
void
sanhe_erp_ensure_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/sanhe/Sanhe/sanhe-erp.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
sanhe_erp_toast (GtkWidget  *widget,
                 const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}
