/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-order-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sanhe-error.h"

#include "sanhe-erp-util.h"
#include "sanhe-error-text.h"
#include "sanhe-order-editor-private.h"
#include "sanhe-order-lines.h"
#include "sanhe-stale-dialog.h"

/*
 * Saving a draft order: POST for a new one, PATCH with the version for
 * one that exists (only the partner and the lines that changed); a 409
 * record.stale_version asks to reload or overwrite, a 422 marks the cells
 * and the partner it names.
 */

static void send_patch (SanheOrderEditor *self,
                        gint64            version);

static void
show_save_problems (SanheOrderEditor *self,
                    const GError     *error)
{
  JsonNode *details = sanhe_error_get_details (error);
  JsonNode *fields = details && JSON_NODE_HOLDS_OBJECT (details)
                     ? json_object_get_member (json_node_get_object (details), "fields") : NULL;

  sanhe_order_lines_show_problems (G_LIST_MODEL (self->lines), details, "lines", NULL);
  if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields)
      && json_object_has_member (json_node_get_object (fields), self->spec->partner))
    {
      g_autoptr(JsonObject) renamed = json_object_new ();
      g_autoptr(JsonObject) wrapper = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_member (renamed, "partner_id",
                              json_node_copy (json_object_get_member (json_node_get_object (fields),
                                                                      self->spec->partner)));
      json_object_set_object_member (wrapper, "fields", g_steal_pointer (&renamed));
      node = json_node_init_object (json_node_alloc (), wrapper);
      sanhe_form_show_server_errors (self->partner_form, node, NULL);
    }
}

static void
on_fetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SanheOrderEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheRecord) fresh = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  fresh = error == NULL ? sanhe_record_new_from_node (node) : NULL;
  if (fresh == NULL)
    {
      g_autofree char *text = error ? sanhe_erp_error_text (error) : NULL;

      _sanhe_order_editor_show_error (self, text);
      g_clear_pointer (&self->pending_body, json_node_unref);
      _sanhe_order_editor_finish (self, NULL);
      return;
    }

  if (self->pending_body != NULL)
    {
      send_patch (self, sanhe_record_get_version (fresh));
      return;
    }

  _sanhe_order_editor_take (self, node, FALSE);
  _sanhe_order_editor_finish (self, NULL);
}

/* Fetches the order again: to reload it (@overwrite FALSE) or to learn
 * the version to overwrite with the pending PATCH. */
void
_sanhe_order_editor_refetch (SanheOrderEditor *self)
{
  g_autofree char *path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, self->spec->path,
                                           sanhe_record_get_id (self->order));

  self->busy = TRUE;
  _sanhe_order_editor_update (self);
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_fetch_cb,
                           g_object_ref (self));
}

static void
on_stale_cb (SanheStaleResponse response,
             gpointer           user_data)
{
  g_autoptr(SanheOrderEditor) self = user_data;

  if (response != SANHE_STALE_OVERWRITE)
    g_clear_pointer (&self->pending_body, json_node_unref);
  if (response == SANHE_STALE_CANCEL || self->order == NULL)
    {
      _sanhe_order_editor_finish (self, NULL);
      return;
    }

  _sanhe_order_editor_refetch (self);
}

static void
on_save_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SanheOrderEditor) self = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = self->order == NULL;
  g_autofree char *text = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (sanhe_erp_error_is_cancelled (error))
    return;

  if (error == NULL)
    {
      g_clear_pointer (&self->pending_body, json_node_unref);
      _sanhe_order_editor_take (self, node, created);
      _sanhe_order_editor_finish (self, created ? _("Order created") : _("Saved"));
      return;
    }

  if (g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_STALE_VERSION) == 0 && !created)
    {
      sanhe_stale_dialog_present (GTK_WIDGET (self), sanhe_record_get_string (self->order, "number"),
                                  on_stale_cb, g_object_ref (self));
      return;
    }

  g_clear_pointer (&self->pending_body, json_node_unref);
  text = sanhe_erp_error_text (error);
  _sanhe_order_editor_show_error (self, text);
  show_save_problems (self, error);
  _sanhe_order_editor_finish (self, NULL);
}

static void
send_patch (SanheOrderEditor *self,
            gint64            version)
{
  g_autofree char *path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, self->spec->path,
                                           sanhe_record_get_id (self->order));

  json_object_set_int_member (json_node_get_object (self->pending_body), "version", version);
  sanhe_api_request_async (self->api, "PATCH", path, self->pending_body, self->cancellable,
                           on_save_cb, g_object_ref (self));
}

void
sanhe_order_editor_save (SanheOrderEditor *self)
{
  g_autoptr(JsonNode) partner = NULL;
  JsonObject *body;
  JsonNode *partner_id;

  g_return_if_fail (SANHE_IS_ORDER_EDITOR (self));

  if (!sanhe_order_editor_get_can_save (self))
    return;

  _sanhe_order_editor_show_error (self, NULL);
  if (!sanhe_form_validate (self->partner_form))
    {
      _sanhe_order_editor_show_error (self, sanhe_error_text_for_code (SANHE_CODE_VALIDATION));
      return;
    }
  if (!sanhe_order_lines_valid (G_LIST_MODEL (self->lines)))
    {
      _sanhe_order_editor_show_error (self, _("Some cells are not numbers or dates. "
                                              "Correct the cells marked in red."));
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->lines)) == 0)
    {
      _sanhe_order_editor_show_error (self, _("An order needs at least one line. Add one with Add Line."));
      return;
    }

  partner = sanhe_form_build_body (self->partner_form, self->order != NULL);
  g_clear_pointer (&self->pending_body, json_node_unref);
  self->pending_body = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_unref (json_node_get_object (self->pending_body));
  body = json_node_get_object (self->pending_body);

  partner_id = json_object_get_member (json_node_get_object (partner), "partner_id");
  if (partner_id != NULL)
    json_object_set_member (body, self->spec->partner, json_node_copy (partner_id));
  if (self->order == NULL || _sanhe_order_editor_lines_modified (self))
    json_object_set_member (body, "lines", sanhe_order_lines_body (G_LIST_MODEL (self->lines), self->spec));

  self->busy = TRUE;
  _sanhe_order_editor_update (self);
  if (self->order == NULL)
    sanhe_api_request_async (self->api, "POST", self->spec->path, self->pending_body,
                             self->cancellable, on_save_cb, g_object_ref (self));
  else
    send_patch (self, sanhe_record_get_version (self->order));
}
