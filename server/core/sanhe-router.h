/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sanhe-route.h"

G_BEGIN_DECLS

typedef struct _SanheRouter SanheRouter;

SanheRouter      *sanhe_router_new        (void);
void              sanhe_router_free       (SanheRouter       *router);
void              sanhe_router_add        (SanheRouter       *router,
                                           const SanheRoute  *routes,
                                           gsize              n_routes);
const SanheRoute *sanhe_router_match      (SanheRouter       *router,
                                           const char        *method,
                                           const char        *path,
                                           GHashTable       **params,
                                           char             **allowed);
void              sanhe_router_foreach    (SanheRouter       *router,
                                           GFunc              func,
                                           gpointer           user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheRouter, sanhe_router_free)

G_END_DECLS
