/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-items"

#include "config.h"

#include "erp-common.h"

static const char * const item_members[] = {
  "id", "code", "name", "kind", "unit", "lead_time_days", "safety_stock", "min_lot", "lot_multiple",
  "scrap_pct", "standard_cost", "average_cost", "list_price", "supplier_id", "supplier", "active",
  "version", "created_at", "updated_at", "on_hand", "has_bom", NULL
};

static char *
item_path (gint64 id)
{
  return g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT, id);
}

static void
assert_item_shape (JsonNode *item)
{
  JsonObject *object = json_node_get_object (item);

  for (guint i = 0; item_members[i] != NULL; i++)
    if (!json_object_has_member (object, item_members[i]))
      {
        g_autofree char *text = sanhe_test_to_string (item);
        g_error ("item JSON lacks '%s': %s", item_members[i], text);
      }
  sanhe_test_assert_timestamp (str_of (item, "created_at"));
  sanhe_test_assert_timestamp (str_of (item, "updated_at"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "has_bom")), ==, G_TYPE_BOOLEAN);
}

static void
test_create_get (Fixture       *f,
                 gconstpointer  data)
{
  gint64 supplier = post_created (f, f->admin, "/api/v1/erp/suppliers", "{\"code\": \"SUP-1\", \"name\": \"Acme Steel\"}");
  g_autofree char *body = g_strdup_printf ("{\"code\": \"BOLT-M8\", \"name\": \"Bolt M8\", \"kind\": \"buy\", "
                                           "\"unit\": \"pcs\", \"lead_time_days\": 7, \"safety_stock\": \"2.5\", "
                                           "\"min_lot\": \"100\", \"lot_multiple\": 50, \"scrap_pct\": \"1.5\", "
                                           "\"standard_cost\": \"0.1234\", \"list_price\": \"0.50\", "
                                           "\"supplier_id\": %" G_GINT64_FORMAT "}", supplier);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->paul, body);
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(JsonNode) plain = NULL;
  JsonObject *item;
  JsonObject *sup;
  gint64 id;
  gint64 plain_id;

  sanhe_test_assert_status (created, 201);
  assert_item_shape (created->body);
  item = sanhe_test_object (created);
  id = sanhe_test_member_int (item, "id");
  g_assert_cmpstr (sanhe_test_member_string (item, "code"), ==, "BOLT-M8");
  g_assert_cmpstr (sanhe_test_member_string (item, "kind"), ==, "buy");
  g_assert_cmpint (sanhe_test_member_int (item, "lead_time_days"), ==, 7);
  g_assert_cmpstr (sanhe_test_member_string (item, "safety_stock"), ==, "2.5000");
  g_assert_cmpstr (sanhe_test_member_string (item, "min_lot"), ==, "100.0000");
  g_assert_cmpstr (sanhe_test_member_string (item, "lot_multiple"), ==, "50.0000");
  g_assert_cmpstr (sanhe_test_member_string (item, "scrap_pct"), ==, "1.5000");
  g_assert_cmpstr (sanhe_test_member_string (item, "standard_cost"), ==, "0.1234");
  g_assert_cmpstr (sanhe_test_member_string (item, "average_cost"), ==, "0.0000");
  g_assert_cmpstr (sanhe_test_member_string (item, "list_price"), ==, "0.5000");
  g_assert_cmpstr (sanhe_test_member_string (item, "on_hand"), ==, "0.0000");
  g_assert_cmpint (sanhe_test_member_int (item, "supplier_id"), ==, supplier);
  sup = json_object_get_object_member (item, "supplier");
  g_assert_nonnull (sup);
  g_assert_cmpstr (sanhe_test_member_string (sup, "code"), ==, "SUP-1");
  g_assert_cmpstr (sanhe_test_member_string (sup, "name"), ==, "Acme Steel");
  g_assert_false (json_object_get_boolean_member (item, "has_bom"));
  g_assert_true (json_object_get_boolean_member (item, "active"));
  g_assert_cmpint (sanhe_test_member_int (item, "version"), ==, 1);

  fetched = get_item (f, id);
  sanhe_test_assert_json_equal (fetched, created->body, "the item as fetched and as created");
  g_assert_cmpint (audit_count (f, "erp.item", id, "create"), ==, 1);

  /* Only code, name and kind are needed; the rest takes the defaults. */
  plain_id = post_created (f, f->paul, "/api/v1/erp/items",
                           "{\"code\": \"FRAME\", \"name\": \"Frame\", \"kind\": \"make\"}");
  plain = get_item (f, plain_id);
  g_assert_cmpstr (str_of (plain, "unit"), ==, "pcs");
  g_assert_cmpstr (str_of (plain, "scrap_pct"), ==, "0.0000");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (plain), "supplier")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (plain), "supplier_id")));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 top = create_item (f, "TOP", "make", "0");
  gint64 part = create_item (f, "PART", "buy", "1");
  g_autofree char *bom = g_strdup_printf ("{\"version\": 1, \"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}",
                                          part);
  g_autoptr(SanheTestResponse) put = sanhe_test_requestf (f->server, "PUT", f->admin, bom,
                                                          "/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", top);
  g_autofree char *long_code = g_strnfill (41, 'C');
  g_autofree char *too_long = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"n\", \"kind\": \"buy\"}", long_code);
  g_autofree char *before = NULL;
  const struct
  {
    gint64 target;         /* 0: POST */
    const char *body;
    const char *field;
    const char *code;
  } cases[] = {
    { 0, "{\"name\": \"n\", \"kind\": \"buy\"}", "code", "required" },
    { 0, "{\"code\": \"\", \"name\": \"n\", \"kind\": \"buy\"}", "code", "required" },
    { 0, "{\"code\": \"  \", \"name\": \"n\", \"kind\": \"buy\"}", "code", "required" },
    { 0, "{\"code\": \" X\", \"name\": \"n\", \"kind\": \"buy\"}", "code", "invalid" },
    { 0, too_long, "code", "too_long" },
    { 0, "{\"code\": \"TOP\", \"name\": \"n\", \"kind\": \"buy\"}", "code", "taken" },
    { 0, "{\"code\": \"N1\", \"kind\": \"buy\"}", "name", "required" },
    { 0, "{\"code\": \"N1\", \"name\": 5, \"kind\": \"buy\"}", "name", "wrong_type" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\"}", "kind", "required" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"assemble\"}", "kind", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"unit\": \"\"}", "unit", "required" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"lead_time_days\": -1}", "lead_time_days", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"lead_time_days\": \"3\"}", "lead_time_days", "wrong_type" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"safety_stock\": \"-0.5\"}", "safety_stock", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"min_lot\": \"abc\"}", "min_lot", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"lot_multiple\": \"1.12345\"}", "lot_multiple", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"scrap_pct\": \"100\"}", "scrap_pct", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"scrap_pct\": \"-1\"}", "scrap_pct", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"standard_cost\": true}", "standard_cost", "wrong_type" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"standard_cost\": \"100000000000000\"}", "standard_cost", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"list_price\": \"-3\"}", "list_price", "invalid" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"supplier_id\": 999999}", "supplier_id", "not_found" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"supplier_id\": \"S\"}", "supplier_id", "wrong_type" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"average_cost\": \"1\"}", "average_cost", "unknown_field" },
    { 0, "{\"code\": \"N1\", \"name\": \"n\", \"kind\": \"buy\", \"version\": 1}", "version", "unknown_field" },
    { top, "{\"name\": \"No version\"}", "version", "required" },
    { top, "{\"kind\": \"buy\", \"version\": 1}", "kind", "invalid" },
    { top, "{\"code\": \"PART\", \"version\": 1}", "code", "taken" },
    { top, "{\"name\": \"\", \"version\": 1}", "name", "required" },
    { top, "{\"code\": null, \"version\": 1}", "code", "wrong_type" },
    { top, "{\"scrap_pct\": \"99.99999\", \"version\": 1}", "scrap_pct", "invalid" },
    { top, "{\"min_lot\": \"-1\", \"version\": 1}", "min_lot", "invalid" },
  };

  sanhe_test_assert_status (put, 200);
  before = erp_snapshot (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = NULL;
      g_autofree char *after = NULL;

      g_test_message ("%s %s", cases[i].target ? "PATCH" : "POST", cases[i].body);
      if (cases[i].target == 0)
        r = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->admin, cases[i].body);
      else
        r = sanhe_test_requestf (f->server, "PATCH", f->admin, cases[i].body,
                                 "/api/v1/erp/items/%" G_GINT64_FORMAT, cases[i].target);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);

      after = erp_snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* One 422 names every bad field at once. */
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->admin,
                                                         "{\"code\": \"TOP\", \"kind\": \"x\", \"scrap_pct\": \"120\", "
                                                         "\"supplier_id\": 999999}");

    sanhe_test_assert_field_error (r, "code", "taken");
    g_assert_cmpstr (sanhe_test_field_code (r, "name"), ==, "required");
    g_assert_cmpstr (sanhe_test_field_code (r, "kind"), ==, "invalid");
    g_assert_cmpstr (sanhe_test_field_code (r, "scrap_pct"), ==, "invalid");
    g_assert_cmpstr (sanhe_test_field_code (r, "supplier_id"), ==, "not_found");
  }
}

static void
test_patch (Fixture       *f,
            gconstpointer  data)
{
  gint64 supplier = post_created (f, f->admin, "/api/v1/erp/suppliers", "{\"code\": \"S2\", \"name\": \"Nuts Inc\"}");
  gint64 id = create_item (f, "NUT-M8", "buy", "0.05");
  g_autofree char *path = item_path (id);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Hex nut M8\", \"scrap_pct\": \"2\", \"supplier_id\": %"
                                           G_GINT64_FORMAT ", \"active\": false, \"version\": 1}", supplier);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, f->paul, body);
  g_autoptr(SanheTestResponse) stale = NULL;
  g_autoptr(SanheTestResponse) cleared = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *item;

  sanhe_test_assert_status (r, 200);
  item = sanhe_test_object (r);
  g_assert_cmpstr (sanhe_test_member_string (item, "name"), ==, "Hex nut M8");
  g_assert_cmpstr (sanhe_test_member_string (item, "code"), ==, "NUT-M8");
  g_assert_cmpstr (sanhe_test_member_string (item, "scrap_pct"), ==, "2.0000");
  g_assert_cmpstr (sanhe_test_member_string (item, "standard_cost"), ==, "0.0500");
  g_assert_cmpint (sanhe_test_member_int (item, "supplier_id"), ==, supplier);
  g_assert_false (json_object_get_boolean_member (item, "active"));
  g_assert_cmpint (sanhe_test_member_int (item, "version"), ==, 2);
  g_assert_cmpint (audit_count (f, "erp.item", id, "update"), ==, 1);

  /* A stale version is a 409 and changes nothing. */
  before = erp_snapshot (f);
  stale = sanhe_test_request (f->server, "PATCH", path, f->paul, "{\"name\": \"Lost update\", \"version\": 1}");
  sanhe_test_assert_error (stale, 409, "record.stale_version");
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (sanhe_test_error_details (stale)), "current_version"),
                   ==, 2);
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* null clears the supplier. */
  cleared = sanhe_test_request (f->server, "PATCH", path, f->paul, "{\"supplier_id\": null, \"version\": 2}");
  sanhe_test_assert_status (cleared, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (sanhe_test_object (cleared), "supplier")));
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (cleared), "version"), ==, 3);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
  } cases[] = {
    { "GET",   "/api/v1/erp/items/999999", NULL },
    { "PATCH", "/api/v1/erp/items/999999", "{\"name\": \"Ghost\", \"version\": 1}" },
    { "GET",   "/api/v1/erp/items/999999/bom", NULL },
    { "PUT",   "/api/v1/erp/items/999999/bom", "{\"lines\": []}" },
    { "GET",   "/api/v1/erp/items/999999/where-used", NULL },
    { "POST",  "/api/v1/erp/items/999999/cost-rollup", NULL },
    { "GET",   "/api/v1/erp/items/999999/stock-moves", NULL },
    { "GET",   "/api/v1/erp/items/bolt", NULL },
    { "GET",   "/api/v1/erp/items/0", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, cases[i].method, cases[i].path, f->admin,
                                                           cases[i].body);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      sanhe_test_assert_error (r, 404, "erp.item.not_found");
    }
}

static void
test_list_search (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;
  g_autoptr(JsonNode) bolts = NULL;
  g_autoptr(JsonNode) percent = NULL;
  g_autoptr(JsonNode) underscore = NULL;
  g_autoptr(JsonNode) made = NULL;
  g_autoptr(SanheTestResponse) bad = NULL;
  gint64 ids[6];

  ids[0] = create_item (f, "BOLT-M8", "buy", "0");
  ids[1] = create_item (f, "BOLT-M10", "buy", "0");
  ids[2] = create_item (f, "NUT", "buy", "0");
  ids[3] = post_created (f, f->admin, "/api/v1/erp/items",
                         "{\"code\": \"WASHER\", \"name\": \"Washer for bolts, 50% off\", \"kind\": \"buy\"}");
  ids[4] = create_item (f, "GEARBOX", "make", "0");
  ids[5] = create_item (f, "X_Y", "make", "0");

  all = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 6);
  paged = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items?limit=2");
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (sanhe_test_find_by_id (all, ids[i]));

  /* Code or name, any case. */
  bolts = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items?q=BoLt");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (bolts)), ==, 3);
  g_assert_nonnull (sanhe_test_find_by_id (bolts, ids[3]));

  /* LIKE wildcards from the user are plain characters. */
  percent = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items?q=%25");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (percent)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_id (percent, ids[3]));
  underscore = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items?q=_");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (underscore)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_id (underscore, ids[5]));

  made = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/items?kind=make");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (made)), ==, 2);

  bad = sanhe_test_request (f->server, "GET", "/api/v1/erp/items?limit=0", f->admin, NULL);
  sanhe_test_assert_error (bad, 400, "request.invalid");
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = create_item (f, "SHAFT", "make", "0");
  g_autofree char *path = item_path (id);
  g_autoptr(SanheTestResponse) joe_get = sanhe_test_request (f->server, "GET", path, f->joe, NULL);
  g_autoptr(SanheTestResponse) joe_list = sanhe_test_request (f->server, "GET", "/api/v1/erp/items", f->joe, NULL);
  g_autoptr(SanheTestResponse) joe_post = NULL;
  g_autoptr(SanheTestResponse) joe_patch = NULL;
  g_autoptr(SanheTestResponse) joe_bom = NULL;
  g_autoptr(SanheTestResponse) joe_rollup = NULL;
  g_autoptr(SanheTestResponse) wendy_post = NULL;
  g_autoptr(SanheTestResponse) anonymous = NULL;
  g_autoptr(SanheTestResponse) paul_post = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bom_path = g_strdup_printf ("%s/bom", path);
  g_autofree char *rollup_path = g_strdup_printf ("%s/cost-rollup", path);

  sanhe_test_assert_status (joe_get, 200);
  sanhe_test_assert_status (joe_list, 200);

  before = erp_snapshot (f);
  joe_post = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->joe,
                                 "{\"code\": \"J\", \"name\": \"Joe's\", \"kind\": \"buy\"}");
  sanhe_test_assert_error (joe_post, 403, "auth.forbidden");
  joe_patch = sanhe_test_request (f->server, "PATCH", path, f->joe, "{\"name\": \"Hijacked\", \"version\": 1}");
  sanhe_test_assert_error (joe_patch, 403, "auth.forbidden");
  joe_bom = sanhe_test_request (f->server, "PUT", bom_path, f->joe, "{\"lines\": []}");
  sanhe_test_assert_error (joe_bom, 403, "auth.forbidden");
  joe_rollup = sanhe_test_request (f->server, "POST", rollup_path, f->joe, NULL);
  sanhe_test_assert_error (joe_rollup, 403, "auth.forbidden");
  wendy_post = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->wendy,
                                   "{\"code\": \"W\", \"name\": \"Wendy's\", \"kind\": \"buy\"}");
  sanhe_test_assert_error (wendy_post, 403, "auth.forbidden");
  anonymous = sanhe_test_request (f->server, "GET", "/api/v1/erp/items", NULL, NULL);
  sanhe_test_assert_status (anonymous, 401);
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  paul_post = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->paul,
                                  "{\"code\": \"P\", \"name\": \"Paul's\", \"kind\": \"buy\"}");
  sanhe_test_assert_status (paul_post, 201);
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/erp/items/create-get", test_create_get);
  ADD_TEST ("/erp/items/validation", test_validation);
  ADD_TEST ("/erp/items/patch", test_patch);
  ADD_TEST ("/erp/items/not-found", test_not_found);
  ADD_TEST ("/erp/items/list-search", test_list_search);
  ADD_TEST ("/erp/items/permissions", test_permissions);

  return g_test_run ();
}
