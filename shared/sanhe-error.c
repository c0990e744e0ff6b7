/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-error"

#include "config.h"

#include "sanhe-error.h"

typedef struct
{
  char     *code;
  JsonNode *details;
} SanheErrorPrivate;

static void
sanhe_error_private_init (SanheErrorPrivate *priv)
{
  priv->code = NULL;
  priv->details = NULL;
}

static void
sanhe_error_private_copy (const SanheErrorPrivate *src,
                          SanheErrorPrivate       *dest)
{
  dest->code = g_strdup (src->code);
  dest->details = src->details ? json_node_copy (src->details) : NULL;
}

static void
sanhe_error_private_clear (SanheErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->details, json_node_unref);
}

G_DEFINE_EXTENDED_ERROR (SanheError, sanhe_error)

static const struct
{
  SanheErrorKind kind;
  guint status;
  const char *default_code;
} kinds[] = {
  { SANHE_ERROR_BAD_REQUEST, 400, SANHE_CODE_BAD_REQUEST },
  { SANHE_ERROR_UNAUTHORIZED, 401, SANHE_CODE_INVALID_TOKEN },
  { SANHE_ERROR_FORBIDDEN, 403, SANHE_CODE_FORBIDDEN },
  { SANHE_ERROR_NOT_FOUND, 404, SANHE_CODE_RECORD_NOT_FOUND },
  { SANHE_ERROR_METHOD_NOT_ALLOWED, 405, SANHE_CODE_METHOD_NOT_ALLOWED },
  { SANHE_ERROR_CONFLICT, 409, SANHE_CODE_CONFLICT },
  { SANHE_ERROR_TOO_LARGE, 413, SANHE_CODE_TOO_LARGE },
  { SANHE_ERROR_UNPROCESSABLE, 422, SANHE_CODE_VALIDATION },
  { SANHE_ERROR_TOO_MANY_REQUESTS, 429, SANHE_CODE_THROTTLED },
  { SANHE_ERROR_INTERNAL, 500, SANHE_CODE_INTERNAL },
  { SANHE_ERROR_UNAVAILABLE, 503, SANHE_CODE_DB_UNAVAILABLE },
};

static const char *
default_code (SanheErrorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].default_code;

  return SANHE_CODE_INTERNAL;
}

void
sanhe_set_error (GError         **error,
                 SanheErrorKind   kind,
                 const char      *code,
                 JsonNode        *details,
                 const char      *format,
                 ...)
{
  SanheErrorPrivate *priv;
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    {
      g_clear_pointer (&details, json_node_unref);
      return;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, SANHE_ERROR, kind, message);
  priv = sanhe_error_get_private (*error);
  priv->code = g_strdup (code);
  priv->details = details;
}

const char *
sanhe_error_get_code (const GError *error)
{
  SanheErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, SANHE_CODE_INTERNAL);

  if (error->domain != SANHE_ERROR)
    return SANHE_CODE_INTERNAL;

  priv = sanhe_error_get_private (error);
  if (priv->code != NULL)
    return priv->code;

  return default_code (error->code);
}

/* Returns: (transfer none) (nullable) */
JsonNode *
sanhe_error_get_details (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != SANHE_ERROR)
    return NULL;

  return sanhe_error_get_private (error)->details;
}

guint
sanhe_error_kind_to_status (SanheErrorKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].status;

  return 500;
}

guint
sanhe_error_get_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 500);

  if (error->domain != SANHE_ERROR)
    return 500;

  return sanhe_error_kind_to_status (error->code);
}

static SanheErrorKind
kind_for_status (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].status == status)
      return kinds[i].kind;

  return status >= 500 ? SANHE_ERROR_INTERNAL : SANHE_ERROR_BAD_REQUEST;
}

/* The wire form: {"error":{"code","message","details"?}}. Internal errors
 * never leak their message: it may name tables or SQL. */
JsonNode *
sanhe_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *details = sanhe_error_get_details (error);
  gboolean internal = error->domain != SANHE_ERROR;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, sanhe_error_get_code (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, internal ? "Internal server error." : error->message);
  if (details != NULL)
    {
      json_builder_set_member_name (builder, "details");
      json_builder_add_value (builder, json_node_copy (details));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Turns an error envelope received by a client back into a GError.
 * Returns FALSE (and sets @error) always, so callers can `return`. */
gboolean
sanhe_error_from_json (JsonNode  *body,
                       guint      status,
                       GError   **error)
{
  SanheErrorKind kind = kind_for_status (status);
  JsonObject *obj = NULL;
  const char *code = NULL;
  const char *message = NULL;
  JsonNode *details = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *root = json_node_get_object (body);
      JsonNode *err = json_object_get_member (root, "error");

      if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
        obj = json_node_get_object (err);
    }

  if (obj != NULL)
    {
      code = json_object_get_string_member_with_default (obj, "code", NULL);
      message = json_object_get_string_member_with_default (obj, "message", NULL);
      details = json_object_get_member (obj, "details");
    }

  sanhe_set_error (error, kind,
                   code ? code : default_code (kind),
                   details ? json_node_copy (details) : NULL,
                   "%s", message ? message : "The server answered with an error.");
  return FALSE;
}
