/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * A real sanhe-server for one test: its own fresh database (created on the
 * cluster named by SANHE_TEST_DATABASE_URL, dropped on stop), a random
 * loopback port, and the admin password it was started with.
 *
 * The binary comes from SANHE_SERVER_BINARY. Without SANHE_TEST_DATABASE_URL
 * or a server that comes up, the test fails: database tests never skip.
 */
typedef struct
{
  GSubprocess *process;
  char *base_url;        /* "http://127.0.0.1:PORT" */
  char *database_url;    /* the fresh database of this server */
  char *admin_password;
} SanheTestServer;

SanheTestServer *sanhe_test_server_start (const char * const *extra_args);
void             sanhe_test_server_stop  (SanheTestServer    *server);

/* Blocking HTTP over a SoupSession of the server (a private session on any
 * other thread than the one that started the server). */
typedef struct
{
  guint status;
  JsonNode *body;                 /* NULL when empty or not JSON */
  SoupMessageHeaders *headers;    /* response headers */
  GBytes *raw;                    /* the body as received */
  char *transport_error;          /* set (and status 0) when no answer came */
} SanheTestResponse;

SanheTestResponse *sanhe_test_request      (SanheTestServer   *server,
                                            const char        *method,
                                            const char        *path,
                                            const char        *token,
                                            const char        *body);
/* Full control: @content_type NULL sends none, @body of @length bytes
 * (-1: NUL-terminated), @headers extra "Name", "value" pairs, NULL-ended. */
SanheTestResponse *sanhe_test_request_raw  (SanheTestServer   *server,
                                            const char        *method,
                                            const char        *path,
                                            const char        *token,
                                            const char        *content_type,
                                            const char        *body,
                                            gssize             length,
                                            const char * const *headers);
/* Like sanhe_test_request with a printf-formatted path. */
SanheTestResponse *sanhe_test_requestf     (SanheTestServer   *server,
                                            const char        *method,
                                            const char        *token,
                                            const char        *body,
                                            const char        *path_format,
                                            ...) G_GNUC_PRINTF (5, 6);
void               sanhe_test_response_free (SanheTestResponse *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheTestResponse, sanhe_test_response_free)

char       *sanhe_test_login      (SanheTestServer   *server,
                                   const char        *login,
                                   const char        *password);
const char *sanhe_test_error_code (SanheTestResponse *r);

/* Convenience accessors: NULL / -1 when the member is missing or mistyped. */
JsonObject *sanhe_test_object        (SanheTestResponse *r);
JsonNode   *sanhe_test_error_details (SanheTestResponse *r);
const char *sanhe_test_field_code    (SanheTestResponse *r,
                                      const char        *field);
char       *sanhe_test_to_string     (JsonNode          *node);
JsonNode   *sanhe_test_parse         (const char        *json);

/* Asserts the status and, for errors, the code; prints the body when not. */
#define sanhe_test_assert_status(r, expected) \
  sanhe_test_assert_status_impl ((r), (expected), NULL, __FILE__, __LINE__, G_STRFUNC)
#define sanhe_test_assert_error(r, expected, code) \
  sanhe_test_assert_status_impl ((r), (expected), (code), __FILE__, __LINE__, G_STRFUNC)
void sanhe_test_assert_status_impl (SanheTestResponse *r,
                                    guint              expected,
                                    const char        *code,
                                    const char        *file,
                                    int                line,
                                    const char        *func);

/* Asserts a 422 naming @field with the per-field @code. */
#define sanhe_test_assert_field_error(r, field, code) \
  sanhe_test_assert_field_error_impl ((r), (field), (code), __FILE__, __LINE__, G_STRFUNC)
void sanhe_test_assert_field_error_impl (SanheTestResponse *r,
                                         const char        *field,
                                         const char        *code,
                                         const char        *file,
                                         int                line,
                                         const char        *func);

/* Events over WebSocket (/api/v1/events). */
typedef struct _SanheTestEvents SanheTestEvents;

/* Returns NULL when the handshake failed; *@status gets the HTTP status of
 * the handshake answer (101 on success). */
SanheTestEvents *sanhe_test_events_connect (SanheTestServer *server,
                                            const char      *token,
                                            guint           *status);
/* The next text message parsed as JSON, or NULL after @timeout_ms. */
JsonNode        *sanhe_test_events_next    (SanheTestEvents *events,
                                            guint            timeout_ms);
/* TRUE once the server closed the socket (within @timeout_ms); *@code gets
 * the close code it sent (0 if none). Events queued before stay readable. */
gboolean         sanhe_test_events_wait_closed (SanheTestEvents *events,
                                                guint            timeout_ms,
                                                gushort         *code);
/* Sends @text (JSON) on the socket; waits until it has been written. */
void             sanhe_test_events_send    (SanheTestEvents *events,
                                            const char      *text);
void             sanhe_test_events_close   (SanheTestEvents *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheTestEvents, sanhe_test_events_close)

/*
 * A JSON object as text, member by member; each key carries its value's type:
 *   "s:name", const char * (NULL → null)      "i:version", gint64 (cast literals!)
 *   "b:active", gboolean                      "n:manager_id" (no value) → null
 *   "v:roles", const char * const * (strv)    "j:extra", const char * raw JSON
 * e.g. sanhe_test_body ("s:name", "Ann", "i:version", (gint64) 1, NULL).
 */
char *sanhe_test_body (const char *first_key,
                       ...) G_GNUC_NULL_TERMINATED;

/* Asserts @text is an ISO 8601 time with a zone. */
void sanhe_test_assert_timestamp (const char *text);

/* The data of the server's database as pg_dump --data-only writes it. */
char *sanhe_test_dump (SanheTestServer *server);

/* Direct SQL on a test server's database, for what the API cannot show.
 * Returns the first column of the first row (NULL if none). */
char *sanhe_test_sql_value (SanheTestServer *server,
                            const char      *sql);

/* Small helpers for tests (sanhe-test-util.c). Getters g_error() on a
 * missing or mistyped member. */
gint64      sanhe_test_member_int     (JsonObject         *object,
                                       const char         *member);
const char *sanhe_test_member_string  (JsonObject         *object,
                                       const char         *member);
/* POST /api/v1/users as @token; asserts 201; returns the new id. */
gint64      sanhe_test_create_user    (SanheTestServer    *server,
                                       const char         *token,
                                       const char         *login,
                                       const char         *password,
                                       const char * const *roles);
JsonNode   *sanhe_test_list_all       (SanheTestServer    *server,
                                       const char         *token,
                                       const char         *path);
JsonObject *sanhe_test_find_by_string (JsonNode           *array,
                                       const char         *member,
                                       const char         *value);
JsonObject *sanhe_test_find_by_id     (JsonNode           *array,
                                       gint64              id);
gboolean    sanhe_test_json_mentions_secret (JsonNode     *node);

#define sanhe_test_assert_json_equal(a, b, what) \
  sanhe_test_assert_json_equal_impl ((a), (b), (what), __FILE__, __LINE__, G_STRFUNC)
void sanhe_test_assert_json_equal_impl (JsonNode   *a,
                                        JsonNode   *b,
                                        const char *what,
                                        const char *file,
                                        int         line,
                                        const char *func);

G_END_DECLS
