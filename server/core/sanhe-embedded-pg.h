/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SanheEmbeddedPg SanheEmbeddedPg;

SanheEmbeddedPg *sanhe_embedded_pg_start        (const char       *data_dir,
                                                 const char       *pg_bindir,
                                                 GError          **error);
const char      *sanhe_embedded_pg_get_conninfo (SanheEmbeddedPg  *pg);
void             sanhe_embedded_pg_stop         (SanheEmbeddedPg  *pg);
char            *sanhe_embedded_pg_default_data_dir (void);

G_END_DECLS
