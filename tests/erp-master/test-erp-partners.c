/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-partners"

#include "config.h"

#include "erp-common.h"

/*
 * Suppliers, customers and warehouses share one shape ({code, name} with a
 * version), so one set of tests runs over each; what differs is where they
 * live and which demo users may read and write them.
 */
typedef enum { NOBODY = -1, AS_PAUL, AS_JOE, AS_WENDY } Who;

typedef struct
{
  const char *path;
  const char *entity;
  const char *not_found;
  Who         writer;       /* holds the write permission */
  Who         not_writer;   /* does not */
  Who         not_reader;   /* cannot even read; NOBODY: all three read */
} Resource;

static const Resource suppliers = {
  "/api/v1/erp/suppliers", "erp.supplier", "erp.supplier.not_found", AS_PAUL, AS_JOE, AS_JOE,
};
static const Resource customers = {
  "/api/v1/crm/customers", "crm.customer", "crm.customer.not_found", AS_JOE, AS_PAUL, NOBODY,
};
static const Resource warehouses = {
  "/api/v1/erp/warehouses", "erp.warehouse", "erp.warehouse.not_found", AS_PAUL, AS_WENDY, NOBODY,
};

static const char *
token_of (Fixture *f,
          Who      who)
{
  switch (who)
    {
    case AS_PAUL:
      return f->paul;
    case AS_JOE:
      return f->joe;
    case AS_WENDY:
      return f->wendy;
    case NOBODY:
      break;
    }
  g_assert_not_reached ();
}

static gint64
create (Fixture        *f,
        const Resource *res,
        const char     *code,
        const char     *name)
{
  g_autofree char *body = sanhe_test_body ("s:code", code, "s:name", name, NULL);

  return post_created (f, token_of (f, res->writer), res->path, body);
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  const Resource *res = data;
  const char *token = token_of (f, res->writer);
  g_autoptr(SanheTestResponse) created = NULL;
  g_autoptr(SanheTestResponse) fetched = NULL;
  g_autoptr(SanheTestResponse) patched = NULL;
  g_autoptr(SanheTestResponse) stale = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) percent = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *query = NULL;
  JsonObject *object;
  gint64 id;

  created = sanhe_test_request (f->server, "POST", res->path, token, "{\"code\": \"C-1\", \"name\": \"上海 One\"}");
  sanhe_test_assert_status (created, 201);
  object = sanhe_test_object (created);
  id = sanhe_test_member_int (object, "id");
  g_assert_cmpstr (sanhe_test_member_string (object, "code"), ==, "C-1");
  g_assert_cmpstr (sanhe_test_member_string (object, "name"), ==, "上海 One");
  g_assert_cmpint (sanhe_test_member_int (object, "version"), ==, 1);
  g_assert_cmpint (audit_count (f, res->entity, id, "create"), ==, 1);

  path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, res->path, id);
  fetched = sanhe_test_request (f->server, "GET", path, token, NULL);
  sanhe_test_assert_status (fetched, 200);
  sanhe_test_assert_json_equal (fetched->body, created->body, "fetched against created");

  create (f, res, "C-2", "Two for 100%");
  create (f, res, "C-3", "Three");
  all = sanhe_test_list_all (f->server, token, res->path);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 3);
  query = g_strdup_printf ("%s?limit=1", res->path);
  paged = sanhe_test_list_all (f->server, token, query);
  g_clear_pointer (&query, g_free);
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");
  query = g_strdup_printf ("%s?q=tWo", res->path);
  found = sanhe_test_list_all (f->server, token, query);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("%s?q=%%25", res->path);
  percent = sanhe_test_list_all (f->server, token, query);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (percent)), ==, 1);

  patched = sanhe_test_request (f->server, "PATCH", path, token, "{\"name\": \"Uno\", \"version\": 1}");
  sanhe_test_assert_status (patched, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (patched), "name"), ==, "Uno");
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (patched), "code"), ==, "C-1");
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (patched), "version"), ==, 2);
  g_assert_cmpint (audit_count (f, res->entity, id, "update"), ==, 1);

  before = erp_snapshot (f);
  stale = sanhe_test_request (f->server, "PATCH", path, token, "{\"name\": \"Lost\", \"version\": 1}");
  sanhe_test_assert_error (stale, 409, "record.stale_version");
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  const Resource *res = data;
  const char *token = token_of (f, res->writer);
  gint64 id = create (f, res, "TAKEN", "Taken");
  g_autofree char *long_name = g_strnfill (201, 'n');
  g_autofree char *long_code = g_strnfill (41, 'c');
  g_autofree char *too_long_name = sanhe_test_body ("s:code", "OK", "s:name", long_name, NULL);
  g_autofree char *too_long_code = sanhe_test_body ("s:code", long_code, "s:name", "n", NULL);
  g_autofree char *before = erp_snapshot (f);
  const struct
  {
    gboolean patch;
    const char *body;
    const char *field;
    const char *code;
  } cases[] = {
    { FALSE, "{\"name\": \"n\"}", "code", "required" },
    { FALSE, "{\"code\": \"\", \"name\": \"n\"}", "code", "required" },
    { FALSE, "{\"code\": \"A\\tB \", \"name\": \"n\"}", "code", "invalid" },
    { FALSE, "{\"code\": \"TAKEN\", \"name\": \"n\"}", "code", "taken" },
    { FALSE, too_long_code, "code", "too_long" },
    { FALSE, "{\"code\": \"N\"}", "name", "required" },
    { FALSE, "{\"code\": \"N\", \"name\": \" \"}", "name", "required" },
    { FALSE, too_long_name, "name", "too_long" },
    { FALSE, "{\"code\": \"N\", \"name\": \"n\", \"phone\": \"1\"}", "phone", "unknown_field" },
    { FALSE, "{\"code\": \"N\", \"name\": \"n\", \"version\": 1}", "version", "unknown_field" },
    { TRUE, "{\"name\": \"n\"}", "version", "required" },
    { TRUE, "{\"name\": \"\", \"version\": 1}", "name", "required" },
    { TRUE, "{\"code\": 7, \"version\": 1}", "code", "wrong_type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      g_autofree char *after = NULL;

      g_test_message ("%s %s", cases[i].patch ? "PATCH" : "POST", cases[i].body);
      if (cases[i].patch)
        r = sanhe_test_requestf (f->server, "PATCH", token, cases[i].body, "%s/%" G_GINT64_FORMAT, res->path, id);
      else
        r = sanhe_test_request (f->server, "POST", res->path, token, cases[i].body);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);
      after = erp_snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* Renaming onto another record's code is taken as well. */
  {
    gint64 other = create (f, res, "OTHER", "Other");
    g_autoptr(SanheTestResponse) r = sanhe_test_requestf (f->server, "PATCH", token,
                                                          "{\"code\": \"TAKEN\", \"version\": 1}",
                                                          "%s/%" G_GINT64_FORMAT, res->path, other);

    sanhe_test_assert_field_error (r, "code", "taken");
  }
}

static void
test_not_found_and_permissions (Fixture       *f,
                                gconstpointer  data)
{
  const Resource *res = data;
  gint64 id = create (f, res, "P-1", "Perm");
  g_autofree char *path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, res->path, id);
  g_autofree char *ghost = g_strdup_printf ("%s/999999", res->path);
  g_autoptr(SanheTestResponse) get_ghost = sanhe_test_request (f->server, "GET", ghost, f->admin, NULL);
  g_autoptr(SanheTestResponse) patch_ghost = sanhe_test_request (f->server, "PATCH", ghost, f->admin,
                                                                 "{\"name\": \"x\", \"version\": 1}");
  g_autoptr(SanheTestResponse) post = NULL;
  g_autoptr(SanheTestResponse) patch = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sanhe_test_assert_error (get_ghost, 404, res->not_found);
  sanhe_test_assert_error (patch_ghost, 404, res->not_found);

  before = erp_snapshot (f);
  post = sanhe_test_request (f->server, "POST", res->path, token_of (f, res->not_writer),
                             "{\"code\": \"NO\", \"name\": \"No\"}");
  sanhe_test_assert_error (post, 403, "auth.forbidden");
  patch = sanhe_test_request (f->server, "PATCH", path, token_of (f, res->not_writer),
                              "{\"name\": \"No\", \"version\": 1}");
  sanhe_test_assert_error (patch, 403, "auth.forbidden");
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  if (res->not_reader != NOBODY)
    {
      g_autoptr(SanheTestResponse) list = sanhe_test_request (f->server, "GET", res->path,
                                                              token_of (f, res->not_reader), NULL);

      sanhe_test_assert_error (list, 403, "auth.forbidden");
    }
}

static void
add (const char     *name,
     const Resource *res)
{
  g_autofree char *crud = g_strdup_printf ("/erp/%s/crud", name);
  g_autofree char *validation = g_strdup_printf ("/erp/%s/validation", name);
  g_autofree char *perms = g_strdup_printf ("/erp/%s/not-found-permissions", name);

  g_test_add (crud, Fixture, res, fixture_setup, test_crud, fixture_teardown);
  g_test_add (validation, Fixture, res, fixture_setup, test_validation, fixture_teardown);
  g_test_add (perms, Fixture, res, fixture_setup, test_not_found_and_permissions, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  add ("suppliers", &suppliers);
  add ("customers", &customers);
  add ("warehouses", &warehouses);

  return g_test_run ();
}
