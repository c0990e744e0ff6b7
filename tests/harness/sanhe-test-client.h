/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sanhe-test-server.h"

G_BEGIN_DECLS

/*
 * The real `sanhe` binary for a UI test: under Xvfb, against a test
 * server, logged in at once (SANHE_AUTOLOGIN) in one language, in the
 * environment every UI test wants (C.UTF-8 with LANGUAGE, fatal criticals,
 * memory GSettings, no accessibility bus, no GL). What it prints is read
 * on the default main context while a wait below runs it, and each line
 * is logged with g_test_message().
 *
 * The binary comes from SANHE_CLIENT_BINARY. timeout(1) ends a client that
 * runs longer than SANHE_TEST_CLIENT_RUN_SECONDS: it exits with 124.
 */
#define SANHE_TEST_CLIENT_RUN_SECONDS 120

typedef enum
{
  SANHE_TEST_CLIENT_DEFAULT = 0,
  /* On the test's session bus (DBUS_SESSION_BUS_ADDRESS, such as a
   * GTestDBus) instead of a private one from dbus-run-session. */
  SANHE_TEST_CLIENT_SESSION_BUS = 1 << 0,
  /* stderr in the same lines as stdout, in the order written. */
  SANHE_TEST_CLIENT_MERGE_STDERR = 1 << 1,
} SanheTestClientFlags;

typedef struct _SanheTestClient SanheTestClient;

/* @password: NULL for the demo users' ("sanhe-demo"); @env: NULL or
 * "NAME", "value" pairs, NULL-terminated, set last (a NULL value unsets
 * NAME), e.g. SANHE_SCREENSHOT and the other automation variables. */
SanheTestClient *sanhe_test_client_spawn          (SanheTestServer      *server,
                                                   const char           *login,
                                                   const char           *password,
                                                   const char           *language,
                                                   SanheTestClientFlags  flags,
                                                   const char * const   *env);

/* Timeouts are in seconds; 0 waits as long as the client may run. */

/* The first line the client printed that starts with @prefix, waiting
 * for it; NULL when its output ended or the time ran out first. */
const char      *sanhe_test_client_wait_line      (SanheTestClient      *client,
                                                   const char           *prefix,
                                                   guint                 timeout_seconds);
/* The same, reading in order: only the lines after the one the previous
 * call returned count. */
const char      *sanhe_test_client_wait_next_line (SanheTestClient      *client,
                                                   const char           *prefix,
                                                   guint                 timeout_seconds);
/* Whether a line read so far starts with @prefix (no waiting). */
gboolean         sanhe_test_client_said           (SanheTestClient      *client,
                                                   const char           *prefix);
/* All the client printed so far, as printed. */
const char      *sanhe_test_client_get_output     (SanheTestClient      *client);
gboolean         sanhe_test_client_has_exited     (SanheTestClient      *client);
/* Waits until the client has exited and its output is read; asserts it
 * did within @timeout_seconds, normally (not by a signal). Returns its
 * exit status. */
int              sanhe_test_client_wait_exit      (SanheTestClient      *client,
                                                   guint                 timeout_seconds);
/* Ends the client first if it still runs. */
void             sanhe_test_client_free           (SanheTestClient      *client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheTestClient, sanhe_test_client_free)

/* Runs the default main context until @condition holds; returns whether
 * it does, FALSE after @timeout_seconds. */
typedef gboolean (*SanheTestCondition) (gpointer data);

gboolean         sanhe_test_wait_until            (SanheTestCondition    condition,
                                                   gpointer              data,
                                                   guint                 timeout_seconds);

/* Returns: (transfer full): @name in SANHE_SCREENSHOT_DIR, any earlier
 * file of that name deleted so that a stale one cannot pass. */
char            *sanhe_test_screenshot_path       (const char           *name);
/* Asserts @path is a PNG of more than @min_bytes (a real rendering, not a
 * blank surface) and at least @min_width × @min_height pixels. */
void             sanhe_test_assert_png            (const char           *path,
                                                   gsize                 min_bytes,
                                                   guint                 min_width,
                                                   guint                 min_height);

/* On a --demo server: @token's travel expense (the demo's travel_expense
 * process, 10–12 November 2026), which goes to their manager; asserts it
 * is created. Returns its id. */
gint64           sanhe_test_submit_travel_expense (SanheTestServer      *server,
                                                   const char           *token,
                                                   const char           *amount,
                                                   const char           *purpose);

G_END_DECLS
