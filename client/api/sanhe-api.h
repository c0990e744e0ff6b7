/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sanhe-events.h"
#include "sanhe-record.h"

G_BEGIN_DECLS

/* Client-side only: the server address typed by the user is not a URL. */
#define SANHE_CODE_INVALID_URL "network.invalid_url"
/* Client-side only: the server answered something that is not our API. */
#define SANHE_CODE_BAD_RESPONSE "network.bad_response"

#define SANHE_TYPE_API (sanhe_api_get_type ())

G_DECLARE_FINAL_TYPE (SanheApi, sanhe_api, SANHE, API, GObject)

SanheApi    *sanhe_api_new                (const char           *base_url);
const char  *sanhe_api_get_base_url       (SanheApi             *self);
void         sanhe_api_set_base_url       (SanheApi             *self,
                                           const char           *base_url);
const char  *sanhe_api_get_token          (SanheApi             *self);
gboolean     sanhe_api_get_online         (SanheApi             *self);
guint        sanhe_api_get_retry_seconds  (SanheApi             *self);
void         sanhe_api_reconnect_now      (SanheApi             *self);
void         sanhe_api_check_online       (SanheApi             *self);
SanheRecord *sanhe_api_get_me             (SanheApi             *self);
void         sanhe_api_set_events         (SanheApi             *self,
                                           SanheEvents          *events);
SanheEvents *sanhe_api_get_events         (SanheApi             *self);
gboolean     sanhe_api_has_permission     (SanheApi             *self,
                                           const char           *permission);
char        *sanhe_api_build_url          (SanheApi             *self,
                                           const char           *path);

void         sanhe_api_request_async      (SanheApi             *self,
                                           const char           *method,
                                           const char           *path,
                                           JsonNode             *body,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
JsonNode    *sanhe_api_request_finish     (SanheApi             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void         sanhe_api_health_async       (SanheApi             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
JsonNode    *sanhe_api_health_finish      (SanheApi             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void         sanhe_api_login_async        (SanheApi             *self,
                                           const char           *login,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     sanhe_api_login_finish       (SanheApi             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void         sanhe_api_logout_async       (SanheApi             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean     sanhe_api_logout_finish      (SanheApi             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void         sanhe_api_refresh_me_async   (SanheApi             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
SanheRecord *sanhe_api_refresh_me_finish  (SanheApi             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

void         sanhe_api_list_page_async    (SanheApi             *self,
                                           const char           *path,
                                           const char           *after,
                                           guint                 limit,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray   *sanhe_api_list_page_finish   (SanheApi             *self,
                                           GAsyncResult         *result,
                                           char                **next,
                                           GError              **error);

G_END_DECLS
