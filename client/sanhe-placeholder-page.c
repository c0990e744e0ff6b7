/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-placeholder-page"

#include "config.h"

#include "sanhe-placeholder-page.h"

/* A workspace that is not built yet: a plain empty state saying so. */
struct _SanhePlaceholderPage
{
  SanheWorkspacePage  parent_instance;

  AdwStatusPage      *status_page;
  char               *description;
};

G_DEFINE_FINAL_TYPE (SanhePlaceholderPage, sanhe_placeholder_page, SANHE_TYPE_WORKSPACE_PAGE)

enum {
  PROP_0,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sanhe_placeholder_page_constructed (GObject *object)
{
  SanhePlaceholderPage *self = SANHE_PLACEHOLDER_PAGE (object);
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (object);

  G_OBJECT_CLASS (sanhe_placeholder_page_parent_class)->constructed (object);

  adw_status_page_set_title (self->status_page, sanhe_workspace_page_get_title (page));
  adw_status_page_set_icon_name (self->status_page, sanhe_workspace_page_get_icon_name (page));
  adw_status_page_set_description (self->status_page, self->description);
}

static void
sanhe_placeholder_page_finalize (GObject *object)
{
  SanhePlaceholderPage *self = SANHE_PLACEHOLDER_PAGE (object);

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (sanhe_placeholder_page_parent_class)->finalize (object);
}

static void
sanhe_placeholder_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SanhePlaceholderPage *self = SANHE_PLACEHOLDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_placeholder_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SanhePlaceholderPage *self = SANHE_PLACEHOLDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sanhe_placeholder_page_class_init (SanhePlaceholderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sanhe_placeholder_page_constructed;
  object_class->finalize = sanhe_placeholder_page_finalize;
  object_class->get_property = sanhe_placeholder_page_get_property;
  object_class->set_property = sanhe_placeholder_page_set_property;

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sanhe_placeholder_page_init (SanhePlaceholderPage *self)
{
  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));
}
