/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-bom-editor"

#include "config.h"

#include "sanhe-error.h"

#include "sanhe-bom-editor-private.h"
#include "sanhe-bom-model.h"
#include "sanhe-erp-util.h"
#include "sanhe-stale-dialog.h"

/*
 * Saving a BOM: one PUT of every line, naming the version it replaces.
 * When another planner saved the same BOM in between (409
 * record.stale_version), the user chooses: reload theirs and drop these
 * edits, or put these lines over theirs (with their version, so a third
 * save in between is caught again).
 */

static void send_lines (GTask *task);

/* Ends the save unsaved but not cancelled: whoever waits (the item
 * editor) stops its spinner and shows the BOM as it now is. */
static void
return_not_saved (GTask      *task,
                  const char *why)
{
  GError *error = NULL;

  sanhe_set_error (&error, SANHE_ERROR_CONFLICT, SANHE_CODE_STALE_VERSION, NULL, "%s", why);
  g_task_return_error (task, error);
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data);

/* "Overwrite" needs the current version, "Reload" the current lines:
 * both start with the same GET. */
static void
on_refetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SanheBomEditor *self = g_task_get_source_object (task);
  gboolean overwrite = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (error != NULL)
    {
      if (!sanhe_erp_error_is_cancelled (error))
        {
          g_autofree char *text = sanhe_erp_error_text (error);

          _sanhe_bom_editor_show_error (self, text);
        }
      g_task_return_error (task, error);
      return;
    }

  if (overwrite)
    {
      self->version = json_object_get_int_member_with_default (json_node_get_object (node), "version", 0);
      send_lines (g_steal_pointer (&task));
      return;
    }

  /* Reloaded: what is shown is what is stored, and nothing was saved. */
  _sanhe_bom_editor_show_document (self, node);
  return_not_saved (task, "Reloaded instead of saving");
}

static void
on_stale_cb (SanheStaleResponse response,
             gpointer           user_data)
{
  g_autoptr(GTask) task = user_data;
  SanheBomEditor *self = g_task_get_source_object (task);
  g_autofree char *path = NULL;

  if (response == SANHE_STALE_CANCEL)
    {
      return_not_saved (task, "Not saved");
      return;
    }

  g_task_set_task_data (task, GINT_TO_POINTER (response == SANHE_STALE_OVERWRITE), NULL);
  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", sanhe_record_get_id (self->item));
  sanhe_api_request_async (self->api, "GET", path, NULL, self->cancellable, on_refetched_cb,
                           g_steal_pointer (&task));
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SanheBomEditor *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = sanhe_api_request_finish (SANHE_API (object), result, &error);
  if (error != NULL && g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_STALE_VERSION) == 0)
    {
      g_autofree char *title = sanhe_erp_item_label (sanhe_record_get_object (self->item));

      g_error_free (error);
      sanhe_stale_dialog_present (GTK_WIDGET (self), title, on_stale_cb, g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      if (!sanhe_erp_error_is_cancelled (error))
        {
          g_autofree char *text = sanhe_erp_error_text (error);

          sanhe_bom_lines_show_problems (G_LIST_MODEL (self->root), error);
          _sanhe_bom_editor_show_error (self, text);
        }
      g_task_return_error (task, error);
      return;
    }

  _sanhe_bom_editor_show_document (self, node);
  g_task_return_boolean (task, TRUE);
}

static void
send_lines (GTask *task)
{
  SanheBomEditor *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) body = sanhe_bom_lines_body (G_LIST_MODEL (self->root));
  g_autofree char *path = NULL;

  json_object_set_int_member (json_node_get_object (body), "version", self->version);
  _sanhe_bom_editor_show_error (self, NULL);
  path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", sanhe_record_get_id (self->item));
  sanhe_api_request_async (self->api, "PUT", path, body, self->cancellable, on_saved_cb, task);
}

/* Replaces the item's lines on the server with those shown. */
void
sanhe_bom_editor_save_async (SanheBomEditor      *self,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SANHE_IS_BOM_EDITOR (self));
  g_return_if_fail (self->item != NULL);

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, sanhe_bom_editor_save_async);
  send_lines (task);
}

gboolean
sanhe_bom_editor_save_finish (SanheBomEditor  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
