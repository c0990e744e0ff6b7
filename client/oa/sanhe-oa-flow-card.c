/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa-flow-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-json.h"

#include "sanhe-oa-flow-card-private.h"
#include "sanhe-oa-text.h"

/*
 * The boxes of the process drawing: what each kind of step says (its
 * title, its kind, who approves and how, what an action does), how big
 * that makes it, and how it is painted: start and end as pills, cards
 * with a stripe of their kind's colour, a diamond for a condition, a bar
 * for a parallel split or join.
 */

#define CARD_MIN_WIDTH   172.0
#define CARD_MAX_WIDTH   236.0
#define CARD_PADDING     10.0
#define CARD_STRIPE      5.0
#define CARD_RADIUS      8.0
#define CARD_CAPTION_GAP 12.0
#define PILL_HEIGHT      32.0
#define BAR_HEIGHT       22.0
#define DIAMOND_HEIGHT   60.0

void
_sanhe_oa_flow_card_free (SanheOaFlowCard *card)
{
  g_free (card->id);
  g_free (card->type);
  g_free (card->caption);
  g_free (card->title);
  g_free (card->lines[0]);
  g_free (card->lines[1]);
  g_free (card);
}

static void
set_rgba (GdkRGBA    *rgba,
          const char *spec)
{
  gdk_rgba_parse (rgba, spec);
}

void
_sanhe_oa_flow_source_rgba (cairo_t       *cr,
             const GdkRGBA *rgba,
             double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* The colours of light mode's palette (GNOME's), one per kind of step. */
static const char *
type_colour (const char *type)
{
  if (g_strcmp0 (type, "approval") == 0)
    return "#3584e4";
  if (g_strcmp0 (type, "notify") == 0)
    return "#9141ac";
  if (g_strcmp0 (type, "action") == 0)
    return "#e66100";
  if (g_strcmp0 (type, "condition") == 0)
    return "#c88800";
  if (g_strcmp0 (type, "start") == 0)
    return "#26a269";
  if (g_strcmp0 (type, "parallel") == 0 || g_strcmp0 (type, "join") == 0)
    return "#5e5c64";
  return "#77767b";
}

PangoLayout *
_sanhe_oa_flow_text_new (GtkWidget       *widget,
                         const char      *text,
                         SanheOaFlowText  style,
                         double           max_width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attributes = pango_attr_list_new ();

  if (style == SANHE_OA_FLOW_TEXT_TITLE || style == SANHE_OA_FLOW_TEXT_CAPTION)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (style == SANHE_OA_FLOW_TEXT_DETAIL)
    pango_attr_list_insert (attributes, pango_attr_scale_new (0.88));
  if (style == SANHE_OA_FLOW_TEXT_CAPTION)
    pango_attr_list_insert (attributes, pango_attr_scale_new (0.76));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

static void
measure (GtkWidget       *widget,
         const char      *text,
         SanheOaFlowText  style,
         double          *width,
         double          *height)
{
  g_autoptr(PangoLayout) layout = _sanhe_oa_flow_text_new (widget, text, style, -1);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = MAX (*width, w);
  if (height != NULL)
    *height += h;
}

static char *
describe_timeout (JsonObject *node)
{
  gint64 hours = json_object_get_int_member_with_default (node, "timeout_hours", 0);
  const char *action = sanhe_json_object_get_string (node, "on_timeout");
  g_autofree char *number = NULL;

  if (hours <= 0)
    return NULL;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, hours);
  /* Translators: the time limit of an approval on its box (hours), then what happens after it */
  return g_strdup_printf (_("%s h, then: %s"), number,
                          action != NULL ? sanhe_oa_choice_label (SANHE_OA_CHOICES_ON_TIMEOUT, action) : "?");
}

/* What a node's box says, by kind. */
SanheOaFlowCard *
_sanhe_oa_flow_card_new (const SanheOaNames *names,
                         JsonObject         *node)
{
  SanheOaFlowCard *card = g_new0 (SanheOaFlowCard, 1);
  const char *type = sanhe_json_object_get_string (node, "type");

  card->id = g_strdup (sanhe_json_object_get_string (node, "id"));
  card->type = g_strdup (type);
  card->title = g_strdup (sanhe_oa_node_title (node));
  set_rgba (&card->colour, type_colour (type));

  if (g_strcmp0 (type, "start") == 0 || g_strcmp0 (type, "end") == 0)
    card->shape = SANHE_OA_FLOW_SHAPE_PILL;
  else if (g_strcmp0 (type, "condition") == 0)
    card->shape = SANHE_OA_FLOW_SHAPE_DIAMOND;
  else if (g_strcmp0 (type, "parallel") == 0 || g_strcmp0 (type, "join") == 0)
    card->shape = SANHE_OA_FLOW_SHAPE_BAR;
  else
    {
      card->shape = SANHE_OA_FLOW_SHAPE_CARD;
      card->caption = g_strdup (type != NULL ? sanhe_oa_choice_label (SANHE_OA_CHOICES_NODE_TYPE, type) : "?");
    }

  if (g_strcmp0 (type, "approval") == 0)
    {
      const char *mode = sanhe_json_object_get_string (node, "mode");
      g_autofree char *timeout = NULL;

      card->lines[0] = sanhe_oa_describe_assignee (names, node);
      card->lines[1] = g_strdup (sanhe_oa_choice_label (SANHE_OA_CHOICES_MODE, mode != NULL ? mode : "any"));
      timeout = describe_timeout (node);
      if (timeout != NULL)
        {
          g_autofree char *both = card->lines[1];

          /* Translators: an approval mode and a time limit, on one line */
          card->lines[1] = g_strdup_printf (_("%s · %s"), both, timeout);
        }
    }
  else if (g_strcmp0 (type, "notify") == 0)
    card->lines[0] = sanhe_oa_describe_assignee (names, node);
  else if (g_strcmp0 (type, "action") == 0)
    {
      const char *effect = sanhe_json_object_get_string (node, "effect");

      if (effect == NULL || *effect == '\0')
        /* Translators: an action step whose effect is not chosen yet */
        card->lines[0] = g_strdup (_("Nothing chosen yet"));
      else if (g_strcmp0 (card->title, sanhe_oa_choice_label (SANHE_OA_CHOICES_EFFECT, effect)) != 0)
        card->lines[0] = g_strdup (sanhe_oa_choice_label (SANHE_OA_CHOICES_EFFECT, effect));
    }

  return card;
}

void
_sanhe_oa_flow_card_measure (SanheOaFlowCard *card,
                             GtkWidget       *widget,
                             double          *width,
                             double          *height)
{
  double text_width = 0;
  double text_height = 0;

  measure (widget, card->title, SANHE_OA_FLOW_TEXT_TITLE, &text_width, &text_height);
  switch (card->shape)
    {
    case SANHE_OA_FLOW_SHAPE_PILL:
      *width = MAX (96, text_width + 40);
      *height = PILL_HEIGHT;
      break;
    case SANHE_OA_FLOW_SHAPE_DIAMOND:
      *width = MAX (132, text_width + 76);
      *height = DIAMOND_HEIGHT;
      break;
    case SANHE_OA_FLOW_SHAPE_BAR:
      *width = MAX (120, text_width + 36);
      *height = BAR_HEIGHT;
      break;
    case SANHE_OA_FLOW_SHAPE_CARD:
    default:
      {
        double caption_width = 0;

        /* The kind sits on the title's line, at its right. */
        measure (widget, card->caption, SANHE_OA_FLOW_TEXT_CAPTION, &caption_width, NULL);
        text_width += caption_width + CARD_CAPTION_GAP;
        for (guint i = 0; i < G_N_ELEMENTS (card->lines); i++)
          if (card->lines[i] != NULL)
            measure (widget, card->lines[i], SANHE_OA_FLOW_TEXT_DETAIL, &text_width, &text_height);
        *width = CLAMP (text_width + 2 * CARD_PADDING + CARD_STRIPE, CARD_MIN_WIDTH, CARD_MAX_WIDTH);
        *height = text_height + 2 * CARD_PADDING + 2;
      }
      break;
    }
}

void
_sanhe_oa_flow_rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
diamond (cairo_t *cr,
         double   x,
         double   y,
         double   width,
         double   height)
{
  cairo_move_to (cr, x + width / 2, y);
  cairo_line_to (cr, x + width, y + height / 2);
  cairo_line_to (cr, x + width / 2, y + height);
  cairo_line_to (cr, x, y + height / 2);
  cairo_close_path (cr);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           double       width,
           double       alpha)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_set_source_rgba (cr, 0.14, 0.12, 0.19, alpha);
  cairo_move_to (cr, width > 0 ? x + (width - w) / 2 : x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_card (GtkWidget       *widget,
           cairo_t         *cr,
           SanheOaFlowCard *card,
           SanheOaFlowRect *box)
{
  double text_x = box->x + CARD_STRIPE + CARD_PADDING;
  double text_width = box->width - CARD_STRIPE - 2 * CARD_PADDING;
  double y = box->y + CARD_PADDING;
  g_autoptr(PangoLayout) caption = _sanhe_oa_flow_text_new (widget, card->caption, SANHE_OA_FLOW_TEXT_CAPTION, -1);
  g_autoptr(PangoLayout) title = NULL;
  int caption_width, caption_height, title_height, height;

  /* A soft shadow, the card, and the stripe of its kind. */
  _sanhe_oa_flow_rounded_rectangle (cr, box->x, box->y + 2, box->width, box->height, CARD_RADIUS);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.06);
  cairo_fill (cr);
  _sanhe_oa_flow_rounded_rectangle (cr, box->x, box->y, box->width, box->height, CARD_RADIUS);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  cairo_rectangle (cr, box->x, box->y, CARD_STRIPE, box->height);
  _sanhe_oa_flow_source_rgba (cr, &card->colour, 1);
  cairo_fill (cr);
  cairo_restore (cr);
  _sanhe_oa_flow_rounded_rectangle (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1, CARD_RADIUS);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.16);
  cairo_stroke (cr);

  /* Title at the left, the kind in its colour at the right. */
  pango_layout_get_pixel_size (caption, &caption_width, &caption_height);
  title = _sanhe_oa_flow_text_new (widget, card->title, SANHE_OA_FLOW_TEXT_TITLE, text_width - caption_width - CARD_CAPTION_GAP);
  pango_layout_get_pixel_size (title, NULL, &title_height);
  show_text (cr, title, text_x, y, -1, 1);
  _sanhe_oa_flow_source_rgba (cr, &card->colour, 1);
  cairo_move_to (cr, text_x + text_width - caption_width, y + (title_height - caption_height) / 2.0 + 1);
  pango_cairo_show_layout (cr, caption);
  y += title_height + 2;
  for (guint i = 0; i < G_N_ELEMENTS (card->lines); i++)
    {
      g_autoptr(PangoLayout) line = NULL;

      if (card->lines[i] == NULL)
        continue;
      line = _sanhe_oa_flow_text_new (widget, card->lines[i], SANHE_OA_FLOW_TEXT_DETAIL, text_width);
      show_text (cr, line, text_x, y, -1, 0.7);
      pango_layout_get_pixel_size (line, NULL, &height);
      y += height;
    }
}

/* Paints @card in @box (a bar's box already spans its branches). */
void
_sanhe_oa_flow_card_draw (SanheOaFlowCard *card,
                          GtkWidget       *widget,
                          cairo_t         *cr,
                          SanheOaFlowRect *box)
{
  g_autoptr(PangoLayout) title = NULL;
  int height;

  switch (card->shape)
    {
    case SANHE_OA_FLOW_SHAPE_PILL:
      _sanhe_oa_flow_rounded_rectangle (cr, box->x, box->y, box->width, box->height, box->height / 2);
      _sanhe_oa_flow_source_rgba (cr, &card->colour, 0.14);
      cairo_fill_preserve (cr);
      _sanhe_oa_flow_source_rgba (cr, &card->colour, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      title = _sanhe_oa_flow_text_new (widget, card->title, SANHE_OA_FLOW_TEXT_TITLE, box->width - 16);
      pango_layout_get_pixel_size (title, NULL, &height);
      show_text (cr, title, box->x, box->y + (box->height - height) / 2, box->width, 0.9);
      break;

    case SANHE_OA_FLOW_SHAPE_DIAMOND:
      diamond (cr, box->x, box->y, box->width, box->height);
      cairo_set_source_rgb (cr, 1.0, 0.97, 0.86);
      cairo_fill_preserve (cr);
      _sanhe_oa_flow_source_rgba (cr, &card->colour, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      title = _sanhe_oa_flow_text_new (widget, card->title, SANHE_OA_FLOW_TEXT_TITLE, box->width - 56);
      pango_layout_get_pixel_size (title, NULL, &height);
      show_text (cr, title, box->x, box->y + (box->height - height) / 2, box->width, 0.9);
      break;

    case SANHE_OA_FLOW_SHAPE_BAR:
      _sanhe_oa_flow_rounded_rectangle (cr, box->x, box->y, box->width, box->height, 5);
      _sanhe_oa_flow_source_rgba (cr, &card->colour, 1);
      cairo_fill (cr);
      title = _sanhe_oa_flow_text_new (widget, card->title, SANHE_OA_FLOW_TEXT_CAPTION, box->width - 12);
      pango_layout_get_pixel_size (title, NULL, &height);
      {
        int width;

        pango_layout_get_pixel_size (title, &width, NULL);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_move_to (cr, box->x + (box->width - width) / 2, box->y + (box->height - height) / 2);
        pango_cairo_show_layout (cr, title);
      }
      break;

    case SANHE_OA_FLOW_SHAPE_CARD:
    default:
      draw_card (widget, cr, card, box);
      break;
    }
}

void
_sanhe_oa_flow_card_outline (SanheOaFlowCard *card,
                             cairo_t         *cr,
                             SanheOaFlowRect *box,
                             double           grow)
{
  if (card->shape == SANHE_OA_FLOW_SHAPE_DIAMOND)
    diamond (cr, box->x - grow * 1.6, box->y - grow, box->width + grow * 3.2, box->height + grow * 2);
  else
    _sanhe_oa_flow_rounded_rectangle (cr, box->x - grow, box->y - grow, box->width + 2 * grow, box->height + 2 * grow,
                       card->shape == SANHE_OA_FLOW_SHAPE_PILL ? (box->height + 2 * grow) / 2 : CARD_RADIUS + grow);
}
