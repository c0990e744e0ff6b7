/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SANHE_ERROR (sanhe_error_quark ())

/*
 * The kind of an error decides its HTTP status; the stable string code
 * ("auth.invalid_token", "crm.opportunity.not_found") travels beside it in
 * the extended error data, so modules add codes without touching this enum.
 */
typedef enum
{
  SANHE_ERROR_BAD_REQUEST,        /* 400 */
  SANHE_ERROR_UNAUTHORIZED,       /* 401 */
  SANHE_ERROR_FORBIDDEN,          /* 403 */
  SANHE_ERROR_NOT_FOUND,          /* 404 */
  SANHE_ERROR_METHOD_NOT_ALLOWED, /* 405 */
  SANHE_ERROR_CONFLICT,           /* 409 */
  SANHE_ERROR_TOO_LARGE,          /* 413 */
  SANHE_ERROR_UNPROCESSABLE,      /* 422 */
  SANHE_ERROR_TOO_MANY_REQUESTS,  /* 429 */
  SANHE_ERROR_INTERNAL,           /* 500 */
  SANHE_ERROR_UNAVAILABLE,        /* 503 */
} SanheErrorKind;

/* Stable codes shared by server and client. */
#define SANHE_CODE_INTERNAL             "internal"
#define SANHE_CODE_MALFORMED_JSON       "request.malformed_json"
#define SANHE_CODE_BAD_REQUEST          "request.invalid"
#define SANHE_CODE_TOO_LARGE            "request.too_large"
#define SANHE_CODE_ROUTE_NOT_FOUND      "route.not_found"
#define SANHE_CODE_METHOD_NOT_ALLOWED   "route.method_not_allowed"
#define SANHE_CODE_INVALID_TOKEN        "auth.invalid_token"
#define SANHE_CODE_INVALID_CREDENTIALS  "auth.invalid_credentials"
#define SANHE_CODE_THROTTLED            "auth.throttled"
#define SANHE_CODE_FORBIDDEN            "auth.forbidden"
#define SANHE_CODE_RECORD_NOT_FOUND     "record.not_found"
#define SANHE_CODE_STALE_VERSION        "record.stale_version"
#define SANHE_CODE_CONFLICT             "record.conflict"
#define SANHE_CODE_VALIDATION           "validation.failed"
#define SANHE_CODE_DB_UNAVAILABLE       "db.unavailable"
/* Client-side only: the server could not be reached at all. */
#define SANHE_CODE_NETWORK              "network.unreachable"

/* Per-field codes inside a validation error's details. */
#define SANHE_FIELD_REQUIRED      "required"
#define SANHE_FIELD_WRONG_TYPE    "wrong_type"
#define SANHE_FIELD_UNKNOWN       "unknown_field"
#define SANHE_FIELD_INVALID       "invalid"
#define SANHE_FIELD_TOO_LONG      "too_long"
#define SANHE_FIELD_TOO_SHORT     "too_short"
#define SANHE_FIELD_NOT_FOUND     "not_found"
#define SANHE_FIELD_TAKEN         "taken"
#define SANHE_FIELD_CYCLE         "cycle"

GQuark      sanhe_error_quark          (void);
void        sanhe_set_error            (GError        **error,
                                        SanheErrorKind  kind,
                                        const char     *code,
                                        JsonNode       *details,
                                        const char     *format,
                                        ...) G_GNUC_PRINTF (5, 6);
const char *sanhe_error_get_code       (const GError   *error);
JsonNode   *sanhe_error_get_details    (const GError   *error);
guint       sanhe_error_kind_to_status (SanheErrorKind  kind);
guint       sanhe_error_get_status     (const GError   *error);
JsonNode   *sanhe_error_to_json        (const GError   *error);
gboolean    sanhe_error_from_json      (JsonNode       *body,
                                        guint           status,
                                        GError        **error);

G_END_DECLS
