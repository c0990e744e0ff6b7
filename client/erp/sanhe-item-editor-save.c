/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-item-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-format.h"
#include "sanhe-item-editor-private.h"
#include "sanhe-item-fields.h"
#include "sanhe-stale-dialog.h"

/*
 * Saving an item: the changed fields with a PATCH carrying the version
 * (a 409 record.stale_version asks to reload or overwrite; a 422 puts
 * each problem under its field, in whichever of the two forms holds it),
 * then the BOM with its own PUT; and "Roll Up Cost".
 */

static void send_patch (SanheItemEditor *self,
                        gint64           version);

static void
finish_saving (SanheItemEditor *self,
               const char      *toast)
{
  self->saving = FALSE;
  _sanhe_item_editor_update_state (self);
  if (toast != NULL)
    sanhe_erp_toast (GTK_WIDGET (self), toast);
}

static void
on_bom_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SanheItemEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sanhe_bom_editor_save_finish (SANHE_BOM_EDITOR (object), result, &error))
    {
      if (sanhe_erp_error_is_cancelled (error))
        return;
      /* The BOM editor shows what is wrong; bring it to the front. */
      gtk_stack_set_visible_child_name (self->detail_stack, "bom");
      finish_saving (self, NULL);
      return;
    }

  _sanhe_item_editor_load_where_used (self);
  finish_saving (self, _("Saved"));
}

static void
save_bom_or_finish (SanheItemEditor *self,
                    const char      *toast)
{
  if (self->item != NULL && sanhe_bom_editor_get_modified (self->bom_editor))
    sanhe_bom_editor_save_async (self->bom_editor, on_bom_saved_cb, g_object_ref (self));
  else
    finish_saving (self, toast);
}

/* Puts 422 details under the fields of whichever form has them. */
static void
show_field_problems (SanheItemEditor *self,
                     JsonNode        *details)
{
  g_autoptr(JsonObject) general = json_object_new ();
  g_autoptr(JsonObject) planning = json_object_new ();
  g_autoptr(GString) unmatched = g_string_new (NULL);
  JsonNode *fields = details && JSON_NODE_HOLDS_OBJECT (details)
                     ? json_object_get_member (json_node_get_object (details), "fields") : NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *problem;

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return;

  json_object_iter_init (&iter, json_node_get_object (fields));
  while (json_object_iter_next (&iter, &name, &problem))
    json_object_set_member (sanhe_item_fields_is_planning (name) ? planning : general,
                            name, json_node_copy (problem));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) wrapper = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_object_member (wrapper, "fields", json_object_ref (i == 0 ? general : planning));
      node = json_node_init_object (json_node_alloc (), wrapper);
      sanhe_form_show_server_errors (i == 0 ? self->general : self->planning, node, unmatched);
    }

  if (unmatched->len > 0)
    {
      g_autofree char *text = g_strconcat (sanhe_error_text_for_code (SANHE_CODE_VALIDATION),
                                           "\n", unmatched->str, NULL);

      _sanhe_item_editor_show_error (self, text);
    }
}

static void
on_fetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SanheItemEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheRecord) fresh = NULL;
  gboolean overwrite = self->pending_body != NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  fresh = error == NULL ? sanhe_record_new_from_node (node) : NULL;
  if (fresh == NULL)
    {
      g_autofree char *text = error ? sanhe_erp_error_text (error) : NULL;

      _sanhe_item_editor_show_error (self, text);
      g_clear_pointer (&self->pending_body, json_node_unref);
      finish_saving (self, NULL);
      return;
    }

  if (overwrite)
    {
      send_patch (self, sanhe_record_get_version (fresh));
      return;
    }

  /* Reload: their version, our edits dropped. */
  _sanhe_item_editor_take (self, node, FALSE);
  sanhe_bom_editor_revert (self->bom_editor);
  finish_saving (self, NULL);
}

static void
on_stale_cb (SanheStaleResponse response,
             gpointer           user_data)
{
  g_autoptr(SanheItemEditor) self = user_data;
  g_autofree char *path = NULL;

  if (response == SANHE_STALE_CANCEL || self->item == NULL)
    {
      g_clear_pointer (&self->pending_body, json_node_unref);
      finish_saving (self, NULL);
      return;
    }

  if (response == SANHE_STALE_RELOAD)
    g_clear_pointer (&self->pending_body, json_node_unref);

  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT, sanhe_record_get_id (self->item));
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_fetch_cb,
                           g_object_ref (self));
}

static void
on_save_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SanheItemEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = self->item == NULL;
  const char *code;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error == NULL)
    {
      g_clear_pointer (&self->pending_body, json_node_unref);
      _sanhe_item_editor_take (self, node, created);
      save_bom_or_finish (self, created ? _("Item created") : _("Saved"));
      return;
    }

  code = sanhe_error_get_code (error);
  if (g_strcmp0 (code, SANHE_CODE_STALE_VERSION) == 0 && !created)
    {
      g_autofree char *title = sanhe_erp_item_label (sanhe_record_get_object (self->item));

      sanhe_stale_dialog_present (GTK_WIDGET (self), title, on_stale_cb, g_object_ref (self));
      return;
    }

  g_clear_pointer (&self->pending_body, json_node_unref);
  {
    g_autofree char *text = sanhe_erp_error_text (error);

    _sanhe_item_editor_show_error (self, text);
  }
  if (g_strcmp0 (code, SANHE_CODE_VALIDATION) == 0)
    show_field_problems (self, sanhe_error_get_details (error));
  finish_saving (self, NULL);
}

static void
send_patch (SanheItemEditor *self,
            gint64           version)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT,
                                           sanhe_record_get_id (self->item));

  json_object_set_int_member (json_node_get_object (self->pending_body), "version", version);
  sanhe_api_request_async (self->api, "PATCH", path, self->pending_body, self->cancellable,
                           on_save_cb, g_object_ref (self));
}

/* Both forms' fields, read into the API's notation; NULL (problems
 * shown) when a number cannot be read. */
static JsonNode *
build_body (SanheItemEditor *self,
            gboolean         only_changed)
{
  g_autoptr(JsonNode) general = sanhe_form_build_body (self->general, only_changed);
  g_autoptr(JsonNode) planning = sanhe_form_build_body (self->planning, only_changed);
  g_autoptr(JsonNode) problems = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonNode *body;

  json_object_iter_init (&iter, json_node_get_object (planning));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (json_node_get_object (general), name, json_node_copy (value));

  body = sanhe_item_fields_to_api (general, &problems);
  if (problems != NULL)
    {
      json_node_unref (body);
      _sanhe_item_editor_show_error (self, sanhe_error_text_for_code (SANHE_CODE_VALIDATION));
      show_field_problems (self, problems);
      return NULL;
    }

  return body;
}

void
sanhe_item_editor_save (SanheItemEditor *self)
{
  g_return_if_fail (SANHE_IS_ITEM_EDITOR (self));

  if (!sanhe_item_editor_get_can_save (self))
    return;

  _sanhe_item_editor_show_error (self, NULL);
  if (!sanhe_form_validate (self->general) || !sanhe_form_validate (self->planning))
    {
      _sanhe_item_editor_show_error (self, sanhe_error_text_for_code (SANHE_CODE_VALIDATION));
      return;
    }
  if (self->item != NULL && sanhe_bom_editor_get_modified (self->bom_editor)
      && !sanhe_bom_editor_validate (self->bom_editor))
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "bom");
      return;
    }

  g_clear_pointer (&self->pending_body, json_node_unref);
  if (self->item == NULL || _sanhe_item_editor_forms_modified (self))
    {
      self->pending_body = build_body (self, self->item != NULL);
      if (self->pending_body == NULL)
        return;
    }

  self->saving = TRUE;
  _sanhe_item_editor_update_state (self);

  if (self->item == NULL)
    sanhe_api_request_async (self->api, "POST", "/api/v1/erp/items", self->pending_body,
                             self->cancellable, on_save_cb, g_object_ref (self));
  else if (self->pending_body != NULL)
    send_patch (self, sanhe_record_get_version (self->item));
  else
    save_bom_or_finish (self, _("Saved"));
}

static void
on_rollup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SanheItemEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cost = NULL;
  g_autofree char *toast = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error != NULL)
    {
      g_autofree char *text = sanhe_erp_error_text (error);

      _sanhe_item_editor_show_error (self, text);
      finish_saving (self, NULL);
      return;
    }

  _sanhe_item_editor_take (self, node, FALSE);
  cost = sanhe_format_decimal (sanhe_record_get_string (self->item, "standard_cost"), 2, 4);
  /* Translators: %s is an amount of money */
  toast = g_strdup_printf (_("Standard cost is now %s"), cost);
  finish_saving (self, toast);
}

void
_sanhe_item_editor_rollup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SanheItemEditor *self = SANHE_ITEM_EDITOR (widget);
  g_autofree char *path = NULL;

  if (self->item == NULL || self->saving || sanhe_item_editor_get_modified (self))
    return;

  _sanhe_item_editor_show_error (self, NULL);
  self->saving = TRUE;
  _sanhe_item_editor_update_state (self);
  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/cost-rollup",
                          sanhe_record_get_id (self->item));
  sanhe_api_request_async (self->api, "POST", path, NULL, self->cancellable, on_rollup_cb,
                           g_object_ref (self));
}
