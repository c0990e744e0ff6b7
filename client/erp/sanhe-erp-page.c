/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-erp-items-page.h"
#include "sanhe-erp-mrp-page.h"
#include "sanhe-erp-orders-page.h"
#include "sanhe-erp-page.h"
#include "sanhe-erp-stock-page.h"
#include "sanhe-erp-util.h"

/*
 * The ERP workspace (生产供应链): a row of tabs over one page per area —
 * items, stock, purchase orders, sales orders, MRP — each shown only to
 * users holding its read permission, and rebuilt when the permissions
 * change. Each tab is itself a SanheWorkspacePage (its own cancellable,
 * loading state and actions); this page forwards the window's shortcuts
 * (F5, Ctrl+F, Ctrl+N, Ctrl+S) and the server's events to them, and
 * reports the visible tab's loading state as its own.
 */
struct _SanheErpPage
{
  SanheWorkspacePage  parent_instance;

  GtkWidget          *tab_bar;
  GtkStack           *outer_stack;
  GtkStack           *view_stack;

  SanheWorkspacePage *watched;  /* the visible tab whose loading we follow */
};

G_DEFINE_FINAL_TYPE (SanheErpPage, sanhe_erp_page, SANHE_TYPE_WORKSPACE_PAGE)

typedef SanheWorkspacePage *(*CreateFunc) (SanheApi   *api,
                                           const char *id,
                                           const char *title,
                                           const char *icon_name);

static SanheWorkspacePage *create_purchase_orders (SanheApi *, const char *, const char *, const char *);
static SanheWorkspacePage *create_sales_orders (SanheApi *, const char *, const char *, const char *);
static SanheWorkspacePage *create_items (SanheApi *, const char *, const char *, const char *);
static SanheWorkspacePage *create_stock (SanheApi *, const char *, const char *, const char *);
static SanheWorkspacePage *create_mrp (SanheApi *, const char *, const char *, const char *);

static const struct
{
  const char *name;        /* tab name; "erp-<name>" for SANHE_SCREENSHOT_PAGE */
  const char *title;
  const char *icon_name;
  const char *permission;
  CreateFunc  create;
} sections[] = {
  { "items", N_("Items"), "view-list-symbolic", SANHE_PERM_ITEMS_READ, create_items },
  { "stock", N_("Stock"), "package-x-generic-symbolic", SANHE_PERM_ITEMS_READ, create_stock },
  { "purchase-orders", N_("Purchase Orders"), "mail-send-symbolic",
    SANHE_PERM_PURCHASING_READ, create_purchase_orders },
  { "sales-orders", N_("Sales Orders"), "mail-mark-important-symbolic",
    SANHE_PERM_SALES_READ, create_sales_orders },
  /* Translators: material requirements planning */
  { "mrp", N_("MRP"), "system-run-symbolic", SANHE_PERM_MRP_RUN, create_mrp },
};

static SanheWorkspacePage *
create_items (SanheApi   *api,
              const char *id,
              const char *title,
              const char *icon_name)
{
  return g_object_new (SANHE_TYPE_ERP_ITEMS_PAGE, "api", api, "workspace-id", id,
                       "title", title, "icon-name", icon_name, NULL);
}

static SanheWorkspacePage *
create_stock (SanheApi   *api,
              const char *id,
              const char *title,
              const char *icon_name)
{
  return g_object_new (SANHE_TYPE_ERP_STOCK_PAGE, "api", api, "workspace-id", id,
                       "title", title, "icon-name", icon_name, NULL);
}

static SanheWorkspacePage *
create_purchase_orders (SanheApi   *api,
                        const char *id,
                        const char *title,
                        const char *icon_name)
{
  return sanhe_erp_orders_page_new (api, SANHE_ERP_ORDER_PURCHASE, id, title, icon_name);
}

static SanheWorkspacePage *
create_sales_orders (SanheApi   *api,
                     const char *id,
                     const char *title,
                     const char *icon_name)
{
  return sanhe_erp_orders_page_new (api, SANHE_ERP_ORDER_SALES, id, title, icon_name);
}

static SanheWorkspacePage *
create_mrp (SanheApi   *api,
            const char *id,
            const char *title,
            const char *icon_name)
{
  return g_object_new (SANHE_TYPE_ERP_MRP_PAGE, "api", api, "workspace-id", id,
                       "title", title, "icon-name", icon_name, NULL);
}

static SanheWorkspacePage *
visible_section (SanheErpPage *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->view_stack);

  return child ? SANHE_WORKSPACE_PAGE (child) : NULL;
}

/* This page is loading while its visible tab is, and loaded once that
 * tab has loaded. */
static void
sync_loading (SanheErpPage *self)
{
  SanheWorkspacePage *page = SANHE_WORKSPACE_PAGE (self);
  SanheWorkspacePage *section = self->watched;

  if (section == NULL)
    {
      sanhe_workspace_page_set_loading (page, TRUE);
      sanhe_workspace_page_set_loading (page, FALSE);
      return;
    }

  if (sanhe_workspace_page_get_loading (section))
    sanhe_workspace_page_set_loading (page, TRUE);
  else if (sanhe_workspace_page_get_loaded (section))
    {
      if (!sanhe_workspace_page_get_loaded (page))
        sanhe_workspace_page_set_loading (page, TRUE);
      sanhe_workspace_page_set_loading (page, FALSE);
    }
}

static void
on_section_loading_cb (SanheWorkspacePage *section,
                       GParamSpec         *pspec,
                       SanheErpPage       *self)
{
  sync_loading (self);
}

static void
watch_visible (SanheErpPage *self)
{
  SanheWorkspacePage *section = visible_section (self);

  if (section == self->watched)
    return;

  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_func (self->watched, on_section_loading_cb, self);
  g_set_weak_pointer (&self->watched, section);
  if (section != NULL)
    {
      g_signal_connect (section, "notify::loading", G_CALLBACK (on_section_loading_cb), self);
      g_signal_connect (section, "notify::loaded", G_CALLBACK (on_section_loading_cb), self);
    }
}

/* The tab of the visible section looks pressed. */
static void
sync_tabs (SanheErpPage *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->view_stack);

  for (GtkWidget *tab = gtk_widget_get_first_child (self->tab_bar);
       tab != NULL;
       tab = gtk_widget_get_next_sibling (tab))
    {
      const char *name = g_object_get_data (G_OBJECT (tab), "sanhe-section");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tab), g_strcmp0 (name, visible) == 0);
    }
}

static void
on_tab_toggled_cb (GtkToggleButton *tab,
                   SanheErpPage    *self)
{
  const char *name = g_object_get_data (G_OBJECT (tab), "sanhe-section");

  if (!gtk_toggle_button_get_active (tab)
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), name) == 0)
    return;

  gtk_stack_set_visible_child_name (self->view_stack, name);
  /* Into the tab, so its shortcuts work at once. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->view_stack), GTK_DIR_TAB_FORWARD);
}

static GtkWidget *
create_tab (SanheErpPage *self,
            guint         index,
            guint         number)
{
  GtkWidget *tab = gtk_toggle_button_new ();
  GtkWidget *content = adw_button_content_new ();
  g_autofree char *tooltip = g_strdup_printf ("%s (Alt+%u)", _(sections[index].title), number);

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), sections[index].icon_name);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _(sections[index].title));
  gtk_button_set_child (GTK_BUTTON (tab), content);
  gtk_widget_add_css_class (tab, "flat");
  gtk_widget_set_tooltip_text (tab, tooltip);
  gtk_widget_set_focus_on_click (tab, FALSE);
  g_object_set_data (G_OBJECT (tab), "sanhe-section", (gpointer)sections[index].name);
  g_signal_connect (tab, "toggled", G_CALLBACK (on_tab_toggled_cb), self);

  return tab;
}

static void
on_visible_child_cb (GtkStack     *stack,
                     GParamSpec   *pspec,
                     SanheErpPage *self)
{
  sync_tabs (self);
  watch_visible (self);
  if (self->watched != NULL && sanhe_workspace_page_get_loaded (self->watched))
    sync_loading (self);
}

/* Adds the tabs the user may see, removes those they may no longer. */
static void
rebuild_sections (SanheErpPage *self)
{
  SanheApi *api = sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self));
  GtkToggleButton *group = NULL;
  GtkWidget *tab;
  guint shown = 0;

  while ((tab = gtk_widget_get_first_child (self->tab_bar)) != NULL)
    gtk_box_remove (GTK_BOX (self->tab_bar), tab);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *child = gtk_stack_get_child_by_name (self->view_stack, sections[i].name);
      gboolean allowed = sanhe_api_has_permission (api, sections[i].permission);

      if (!allowed)
        {
          if (child != NULL)
            gtk_stack_remove (self->view_stack, child);
          continue;
        }

      if (child == NULL)
        {
          g_autofree char *id = g_strconcat ("erp-", sections[i].name, NULL);
          SanheWorkspacePage *section = sections[i].create (api, id, _(sections[i].title),
                                                             sections[i].icon_name);

          gtk_stack_add_named (self->view_stack, GTK_WIDGET (section), sections[i].name);
        }

      tab = create_tab (self, i, ++shown);
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (tab), group);
      group = GTK_TOGGLE_BUTTON (tab);
      gtk_box_append (GTK_BOX (self->tab_bar), tab);
    }

  gtk_stack_set_visible_child_name (self->outer_stack, shown > 0 ? "sections" : "none");
  gtk_widget_set_visible (self->tab_bar, shown > 0);
  sync_tabs (self);
  watch_visible (self);
}

static void
on_api_notify_me_cb (SanheApi     *api,
                     GParamSpec   *pspec,
                     SanheErpPage *self)
{
  if (sanhe_api_get_me (api) != NULL)
    rebuild_sections (self);
}

static void
sanhe_erp_page_reload (SanheWorkspacePage *page)
{
  SanheErpPage *self = SANHE_ERP_PAGE (page);
  SanheWorkspacePage *section = visible_section (self);

  /* A tab not loaded yet loads when it is first shown. */
  if (section != NULL && sanhe_workspace_page_get_loaded (section)
      && !sanhe_workspace_page_get_loading (section))
    sanhe_workspace_page_reload (section);

  watch_visible (self);
  sync_loading (self);
}

static void
forward (SanheErpPage *self,
         const char   *action_name)
{
  SanheWorkspacePage *section = visible_section (self);

  if (section != NULL)
    sanhe_workspace_page_activate (section, action_name);
}

static void
sanhe_erp_page_search (SanheWorkspacePage *page)
{
  forward (SANHE_ERP_PAGE (page), "list.search");
}

static void
sanhe_erp_page_new_record (SanheWorkspacePage *page)
{
  forward (SANHE_ERP_PAGE (page), "record.new");
}

static void
sanhe_erp_page_save (SanheWorkspacePage *page)
{
  forward (SANHE_ERP_PAGE (page), "record.save");
}

static void
sanhe_erp_page_event (SanheWorkspacePage *page,
                      const char         *type,
                      JsonNode           *event)
{
  SanheErpPage *self = SANHE_ERP_PAGE (page);

  /* oa.*: the approvals panel of the order editors. */
  if (!g_str_has_prefix (type, "erp.") && !g_str_has_prefix (type, "crm.") && !g_str_has_prefix (type, "oa."))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sanhe_workspace_page_handle_event (SANHE_WORKSPACE_PAGE (child), type, event);
}

/* Alt+1…Alt+5: the tabs in order. */
static void
tab_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  SanheErpPage *self = SANHE_ERP_PAGE (widget);
  int wanted = g_variant_get_int32 (param);
  int index = 0;

  for (GtkWidget *tab = gtk_widget_get_first_child (self->tab_bar);
       tab != NULL;
       tab = gtk_widget_get_next_sibling (tab), index++)
    if (index == wanted)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tab), TRUE);
}

static void
sanhe_erp_page_constructed (GObject *object)
{
  SanheErpPage *self = SANHE_ERP_PAGE (object);
  SanheApi *api;

  G_OBJECT_CLASS (sanhe_erp_page_parent_class)->constructed (object);

  api = sanhe_workspace_page_get_api (SANHE_WORKSPACE_PAGE (self));
  g_signal_connect_object (api, "notify::me", G_CALLBACK (on_api_notify_me_cb), self, 0);
  rebuild_sections (self);
}

static void
sanhe_erp_page_dispose (GObject *object)
{
  SanheErpPage *self = SANHE_ERP_PAGE (object);

  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_func (self->watched, on_section_loading_cb, self);
  g_clear_weak_pointer (&self->watched);
  gtk_widget_dispose_template (GTK_WIDGET (self), SANHE_TYPE_ERP_PAGE);

  G_OBJECT_CLASS (sanhe_erp_page_parent_class)->dispose (object);
}

static void
sanhe_erp_page_class_init (SanheErpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SanheWorkspacePageClass *page_class = SANHE_WORKSPACE_PAGE_CLASS (klass);

  object_class->constructed = sanhe_erp_page_constructed;
  object_class->dispose = sanhe_erp_page_dispose;

  page_class->reload = sanhe_erp_page_reload;
  page_class->search = sanhe_erp_page_search;
  page_class->new_record = sanhe_erp_page_new_record;
  page_class->save = sanhe_erp_page_save;
  page_class->event = sanhe_erp_page_event;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sanhe/Sanhe/sanhe-erp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SanheErpPage, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, SanheErpPage, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, SanheErpPage, view_stack);

  gtk_widget_class_install_action (widget_class, "erp.tab", "i", tab_action);
  for (int i = 0; i < (int)G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "erp.tab", "i", i);
}

static void
sanhe_erp_page_init (SanheErpPage *self)
{
  sanhe_erp_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->view_stack, "notify::visible-child",
                    G_CALLBACK (on_visible_child_cb), self);
}

/* Returns: (transfer none) (nullable): the tab called @name. */
SanheWorkspacePage *
sanhe_erp_page_get_section (SanheErpPage *self,
                            const char   *name)
{
  GtkWidget *child;

  g_return_val_if_fail (SANHE_IS_ERP_PAGE (self), NULL);

  child = gtk_stack_get_child_by_name (self->view_stack, name);
  return child ? SANHE_WORKSPACE_PAGE (child) : NULL;
}

/* Shows the tab @name ("items", "mrp", …; "kit": the kit analysis of the
 * first confirmed sales order). Returns: (transfer none) (nullable): the
 * page that loads what is then shown, NULL if the user may not see it. */
SanheWorkspacePage *
sanhe_erp_page_show_section (SanheErpPage *self,
                             const char   *name)
{
  SanheWorkspacePage *section;
  gboolean kit;

  g_return_val_if_fail (SANHE_IS_ERP_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  kit = g_str_equal (name, "kit");
  section = sanhe_erp_page_get_section (self, kit ? "sales-orders" : name);
  if (section == NULL)
    return NULL;

  gtk_stack_set_visible_child (self->view_stack, GTK_WIDGET (section));
  if (kit)
    return sanhe_erp_orders_page_open_first_kit (SANHE_ERP_ORDERS_PAGE (section));

  return section;
}

/* Selects row @position of an ERP tab's main list (for automation);
 * FALSE when @section is not an ERP tab. */
gboolean
sanhe_erp_section_select_position (SanheWorkspacePage *section,
                                   guint               position)
{
  if (SANHE_IS_ERP_ITEMS_PAGE (section))
    sanhe_erp_items_page_select_position (SANHE_ERP_ITEMS_PAGE (section), position);
  else if (SANHE_IS_ERP_STOCK_PAGE (section))
    sanhe_erp_stock_page_select_position (SANHE_ERP_STOCK_PAGE (section), position);
  else if (SANHE_IS_ERP_ORDERS_PAGE (section))
    sanhe_erp_orders_page_select_position (SANHE_ERP_ORDERS_PAGE (section), position);
  else if (SANHE_IS_ERP_MRP_PAGE (section))
    sanhe_erp_mrp_page_select_position (SANHE_ERP_MRP_PAGE (section), position);
  else
    return FALSE;

  return TRUE;
}
