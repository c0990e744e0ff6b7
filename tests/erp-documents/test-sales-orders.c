/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sales-orders"

#include "config.h"

#include <string.h>

#include "erp-documents-fixture.h"

#define SO_MOVES "SELECT count(*) FROM erp.stock_moves WHERE document_type = 'erp.sales_order' AND document_id = $1"
#define SO_AUDIT "SELECT count(*) FROM core.audit_log WHERE entity = 'erp.sales_order' AND entity_id = $1::text"

static char *
so_line (gint64      item,
         const char *qty,
         const char *price)
{
  return g_strdup_printf ("{\"item\": %" G_GINT64_FORMAT ", \"qty\": \"%s\", \"price\": \"%s\", "
                          "\"due_date\": \"2026-09-30\"}", item, qty, price);
}

static SanheTestResponse *
post_so (Fixture    *f,
         const char *token,
         gint64      customer,
         const char *lines)
{
  g_autofree char *body = g_strdup_printf ("{\"customer\": %" G_GINT64_FORMAT ", \"lines\": %s}", customer, lines);

  return sanhe_test_request (f->server, "POST", "/api/v1/erp/sales-orders", token, body);
}

static gint64
create_so (Fixture    *f,
           const char *token,
           gint64      customer,
           const char *lines)
{
  g_autoptr(SanheTestResponse) r = post_so (f, token, customer, lines);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static SanheTestResponse *
action (Fixture    *f,
        const char *token,
        gint64      id,
        const char *name,
        const char *body)
{
  return erp_post (f, token, body, "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/%s", id, name);
}

static SanheTestResponse *
get_so (Fixture *f,
        gint64   id)
{
  return sanhe_test_requestf (f->server, "GET", f->admin, NULL, "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT, id);
}

static SanheTestResponse *
ship (Fixture    *f,
      const char *token,
      gint64      id,
      const char *entries)
{
  g_autofree char *body = g_strdup_printf ("{\"lines\": %s}", entries);

  return action (f, token, id, "ship", body);
}

static char *
entry (guint       line,
       const char *qty,
       gint64      warehouse)
{
  return g_strdup_printf ("{\"line\": %u, \"qty\": \"%s\", \"warehouse\": %" G_GINT64_FORMAT "}", line, qty, warehouse);
}

/* Puts @qty of @item into @warehouse at @price through a received
 * purchase order, the way stock really arrives. */
static void
stock_up (Fixture    *f,
          gint64      item,
          gint64      warehouse,
          const char *qty,
          const char *price)
{
  g_autofree char *supplier_code = g_strdup_printf ("S-%" G_GINT64_FORMAT "-%s", item, qty);
  gint64 supplier = erp_supplier (f, supplier_code, "Stock Supplier");
  g_autofree char *body = g_strdup_printf ("{\"supplier\": %" G_GINT64_FORMAT ", \"lines\": [{\"item\": %" G_GINT64_FORMAT
                                           ", \"qty\": \"%s\", \"price\": \"%s\", \"expected_date\": \"2026-01-10\"}]}",
                                           supplier, item, qty, price);
  g_autoptr(SanheTestResponse) po = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);
  g_autoptr(SanheTestResponse) confirmed = NULL;
  g_autoptr(SanheTestResponse) received = NULL;
  g_autofree char *receipt = NULL;
  gint64 id;

  sanhe_test_assert_status (po, 201);
  id = sanhe_test_member_int (sanhe_test_object (po), "id");
  confirmed = erp_post (f, f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", id);
  sanhe_test_assert_status (confirmed, 200);
  receipt = g_strdup_printf ("{\"lines\": [{\"line\": 1, \"qty\": \"%s\", \"warehouse\": %" G_GINT64_FORMAT "}]}",
                             qty, warehouse);
  received = erp_post (f, f->admin, receipt, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/receive", id);
  sanhe_test_assert_status (received, 200);
}

static void
assert_balance (Fixture    *f,
                gint64      item,
                gint64      warehouse,
                const char *expected)
{
  g_autofree char *balance = erp_balance (f, item, warehouse);

  g_assert_cmpstr (balance, ==, expected);
}

static void
test_create_list (Fixture       *f,
                  gconstpointer  data)
{
  gint64 north = erp_customer (f, "C-NORTH", "Northwind Trading");
  gint64 south = erp_customer (f, "C-SOUTH", "Southern Mills");
  gint64 item = erp_item (f, "PUMP-1", "make");
  g_autofree char *l1 = so_line (item, "2", "1499.99");
  g_autofree char *lines = g_strdup_printf ("[%s]", l1);
  g_autoptr(SanheTestResponse) created = post_so (f, f->admin, north, lines);
  g_autoptr(SanheTestResponse) got = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(GRegex) number_re = g_regex_new ("^SO-[0-9]{4}-[0-9]{6}$", 0, 0, NULL);
  JsonObject *so;
  JsonObject *customer;
  JsonObject *line;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  so = sanhe_test_object (created);
  id = sanhe_test_member_int (so, "id");
  g_assert_true (g_regex_match (number_re, sanhe_test_member_string (so, "number"), 0, NULL));
  g_assert_cmpstr (sanhe_test_member_string (so, "state"), ==, "draft");
  g_assert_false (json_object_has_member (so, "supplier"));
  customer = json_object_get_object_member (so, "customer");
  g_assert_cmpint (sanhe_test_member_int (customer, "id"), ==, north);
  g_assert_cmpstr (sanhe_test_member_string (customer, "code"), ==, "C-NORTH");
  g_assert_cmpstr (sanhe_test_member_string (customer, "name"), ==, "Northwind Trading");
  line = erp_line (so, 1);
  g_assert_cmpstr (sanhe_test_member_string (line, "qty"), ==, "2.0000");
  g_assert_cmpstr (sanhe_test_member_string (line, "shipped_qty"), ==, "0.0000");
  g_assert_cmpstr (sanhe_test_member_string (line, "open_qty"), ==, "2.0000");
  g_assert_cmpstr (sanhe_test_member_string (line, "amount"), ==, "2999.98");
  g_assert_cmpstr (sanhe_test_member_string (line, "due_date"), ==, "2026-09-30");
  g_assert_false (json_object_has_member (line, "received_qty"));
  g_assert_cmpstr (sanhe_test_member_string (so, "total"), ==, "2999.98");
  g_assert_cmpint (erp_sql_count (f, SO_AUDIT, id), ==, 1);

  got = get_so (f, id);
  sanhe_test_assert_status (got, 200);
  sanhe_test_assert_json_equal (got->body, created->body, "GET against the created order");

  create_so (f, f->admin, south, lines);
  found = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/sales-orders?q=northwind");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_id (found, id));
}

static void
test_ship (Fixture       *f,
           gconstpointer  data)
{
  gint64 customer = erp_customer (f, "C-1", "Northwind Trading");
  gint64 item = erp_item (f, "PUMP-1", "make");
  gint64 wh = erp_warehouse (f, "WH1");
  g_autofree char *l1 = so_line (item, "8", "20.00");
  g_autofree char *lines = g_strdup_printf ("[%s]", l1);
  g_autofree char *three = entry (1, "3", wh);
  g_autofree char *five = entry (1, "5", wh);
  g_autofree char *first = g_strdup_printf ("[%s]", three);
  g_autofree char *second = g_strdup_printf ("[%s]", five);
  gint64 id;

  stock_up (f, item, wh, "10", "8.00");
  id = create_so (f, f->admin, customer, lines);

  {
    g_autoptr(SanheTestResponse) draft = ship (f, f->admin, id, first);
    g_autoptr(SanheTestResponse) confirmed = action (f, f->admin, id, "confirm", NULL);

    sanhe_test_assert_error (draft, 409, "erp.order.invalid_state");
    sanhe_test_assert_status (confirmed, 200);
  }
  {
    g_autoptr(SanheTestResponse) r = ship (f, f->admin, id, first);
    JsonObject *line;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "partially_shipped");
    line = erp_line (sanhe_test_object (r), 1);
    g_assert_cmpstr (sanhe_test_member_string (line, "shipped_qty"), ==, "3.0000");
    g_assert_cmpstr (sanhe_test_member_string (line, "open_qty"), ==, "5.0000");
    assert_balance (f, item, wh, "7.0000");
  }
  {
    g_autofree char *too_many = entry (1, "5.0001", wh);
    g_autofree char *over_body = g_strdup_printf ("[%s]", too_many);
    g_autoptr(SanheTestResponse) over = ship (f, f->admin, id, over_body);
    g_autoptr(SanheTestResponse) cancel = action (f, f->admin, id, "cancel", NULL);

    sanhe_test_assert_field_error (over, "lines[0].qty", "invalid");
    sanhe_test_assert_error (cancel, 409, "erp.order.invalid_state");
  }
  {
    g_autoptr(SanheTestResponse) r = ship (f, f->admin, id, second);
    g_autofree char *cost = NULL;
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_autofree char *moved = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "shipped");
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 4);
    g_assert_cmpstr (sanhe_test_member_string (erp_line (sanhe_test_object (r), 1), "open_qty"), ==, "0.0000");
    assert_balance (f, item, wh, "2.0000");

    /* Issues leave the average cost alone and go out at it. */
    cost = erp_average_cost (f, item);
    g_assert_cmpstr (cost, ==, "8.0000");
    g_assert_cmpint (erp_sql_count (f, SO_MOVES, id), ==, 2);
    moved = erp_sql_value (f,
                           "SELECT sum(qty)::text || ' @ ' || min(unit_cost)::text || ' ' || string_agg(DISTINCT kind, ',') "
                           "FROM erp.stock_moves WHERE document_type = 'erp.sales_order' AND document_id = $1",
                           1, (const char *[]) { id_text });
    g_assert_cmpstr (moved, ==, "-8.0000 @ 8.0000 issue");
  }
  /* create, confirm, ship, ship. */
  g_assert_cmpint (erp_sql_count (f, SO_AUDIT, id), ==, 4);
}

/* A shipment short on any line leaves nothing behind: no move, no
 * balance change, the order as it was. */
static void
test_ship_insufficient (Fixture       *f,
                        gconstpointer  data)
{
  gint64 customer = erp_customer (f, "C-1", "Northwind Trading");
  gint64 a = erp_item (f, "A", "buy");
  gint64 b = erp_item (f, "B", "buy");
  gint64 wh1 = erp_warehouse (f, "WH1");
  gint64 wh2 = erp_warehouse (f, "WH2");
  g_autofree char *la = so_line (a, "2", "5.00");
  g_autofree char *lb = so_line (b, "5", "5.00");
  g_autofree char *lines = g_strdup_printf ("[%s, %s]", la, lb);
  g_autofree char *ea = entry (1, "2", wh1);
  g_autofree char *eb = entry (2, "5", wh1);
  g_autofree char *both = g_strdup_printf ("[%s, %s]", ea, eb);
  g_autofree char *elsewhere_entry = entry (1, "1", wh2);
  g_autofree char *elsewhere = g_strdup_printf ("[%s]", elsewhere_entry);
  g_autoptr(SanheTestResponse) before = NULL;
  g_autoptr(SanheTestResponse) after = NULL;
  gint64 id;

  stock_up (f, a, wh1, "10", "3.00");
  stock_up (f, b, wh1, "1", "4.00");
  id = create_so (f, f->admin, customer, lines);
  {
    g_autoptr(SanheTestResponse) confirmed = action (f, f->admin, id, "confirm", NULL);
    sanhe_test_assert_status (confirmed, 200);
  }
  before = get_so (f, id);

  {
    g_autoptr(SanheTestResponse) r = ship (f, f->admin, id, both);
    JsonNode *details;

    sanhe_test_assert_error (r, 409, "erp.stock.insufficient");
    details = sanhe_test_error_details (r);
    g_assert_nonnull (details);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (details), "item"), ==, b);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (details), "line"), ==, 2);
  }
  {
    /* No balance at all in that warehouse. */
    g_autoptr(SanheTestResponse) r = ship (f, f->admin, id, elsewhere);
    sanhe_test_assert_error (r, 409, "erp.stock.insufficient");
  }

  assert_balance (f, a, wh1, "10.0000");
  assert_balance (f, b, wh1, "1.0000");
  assert_balance (f, a, wh2, "0.0000");
  g_assert_cmpint (erp_sql_count (f, SO_MOVES, id), ==, 0);
  after = get_so (f, id);
  sanhe_test_assert_json_equal (after->body, before->body, "the order after a refused shipment");
  g_assert_cmpstr (erp_state (after), ==, "confirmed");
  /* create and confirm only. */
  g_assert_cmpint (erp_sql_count (f, SO_AUDIT, id), ==, 2);
}

/* joe (sales) sells but does not ship; wendy (warehouse) ships but does not
 * sell; paul (planner) only reads. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *joe = erp_login (f, "joe");
  g_autofree char *wendy = erp_login (f, "wendy");
  g_autofree char *paul = erp_login (f, "paul");
  gint64 customer = erp_customer (f, "C-1", "Northwind Trading");
  gint64 item = erp_item (f, "PUMP-1", "make");
  gint64 wh = erp_warehouse (f, "WH1");
  g_autofree char *l1 = so_line (item, "2", "10.00");
  g_autofree char *lines = g_strdup_printf ("[%s]", l1);
  g_autofree char *one_entry = entry (1, "1", wh);
  g_autofree char *one = g_strdup_printf ("[%s]", one_entry);
  gint64 id;

  stock_up (f, item, wh, "5", "1.00");
  id = create_so (f, joe, customer, lines);
  {
    g_autoptr(SanheTestResponse) r = action (f, joe, id, "confirm", NULL);
    sanhe_test_assert_status (r, 200);
  }
  {
    g_autoptr(SanheTestResponse) by_joe = ship (f, joe, id, one);
    g_autoptr(SanheTestResponse) by_wendy_create = post_so (f, wendy, customer, lines);
    g_autoptr(SanheTestResponse) by_paul_create = post_so (f, paul, customer, lines);
    g_autoptr(SanheTestResponse) by_paul_read = sanhe_test_request (f->server, "GET", "/api/v1/erp/sales-orders", paul, NULL);
    g_autoptr(SanheTestResponse) by_wendy = ship (f, wendy, id, one);

    sanhe_test_assert_error (by_joe, 403, "auth.forbidden");
    sanhe_test_assert_error (by_wendy_create, 403, "auth.forbidden");
    sanhe_test_assert_error (by_paul_create, 403, "auth.forbidden");
    sanhe_test_assert_status (by_paul_read, 200);
    sanhe_test_assert_status (by_wendy, 200);
    g_assert_cmpstr (erp_state (by_wendy), ==, "partially_shipped");
  }
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  gint64 customer = erp_customer (f, "C-1", "Northwind Trading");
  gint64 item = erp_item (f, "PUMP-1", "make");
  g_autofree char *l1 = so_line (item, "2", "10.00");
  g_autofree char *lines = g_strdup_printf ("[%s]", l1);
  gint64 id = create_so (f, f->admin, customer, lines);
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/sales-orders/%" G_GINT64_FORMAT, id);

  {
    g_autoptr(SanheTestResponse) r = post_so (f, f->admin, 999999, lines);
    sanhe_test_assert_field_error (r, "customer", "not_found");
  }
  {
    g_autoptr(SanheTestResponse) r = post_so (f, f->admin, customer,
                                             "[{\"item\": 1, \"qty\": \"1\", \"price\": \"1\", \"due_date\": \"31/12/2026\"}]");
    sanhe_test_assert_field_error (r, "lines[0].due_date", "invalid");
  }
  {
    g_autoptr(SanheTestResponse) r = post_so (f, f->admin, customer, "[]");
    sanhe_test_assert_field_error (r, "lines", "required");
  }
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "PATCH", path, f->admin, "{\"version\": 9}");
    sanhe_test_assert_error (r, 409, "record.stale_version");
  }
  {
    g_autoptr(SanheTestResponse) once = action (f, f->admin, id, "confirm", NULL);
    g_autoptr(SanheTestResponse) twice = action (f, f->admin, id, "confirm", NULL);
    g_autoptr(SanheTestResponse) patch = sanhe_test_request (f->server, "PATCH", path, f->admin, "{\"version\": 2}");

    sanhe_test_assert_status (once, 200);
    sanhe_test_assert_error (twice, 409, "erp.order.invalid_state");
    sanhe_test_assert_error (patch, 409, "erp.order.not_draft");
  }
  {
    g_autoptr(SanheTestResponse) get = sanhe_test_request (f->server, "GET", "/api/v1/erp/sales-orders/999999", f->admin, NULL);
    g_autoptr(SanheTestResponse) confirm = action (f, f->admin, 999999, "confirm", NULL);
    g_autoptr(SanheTestResponse) shipped = ship (f, f->admin, 999999, "[{\"line\": 1, \"qty\": \"1\", \"warehouse\": 1}]");

    sanhe_test_assert_error (get, 404, "erp.sales_order.not_found");
    sanhe_test_assert_error (confirm, 404, "erp.sales_order.not_found");
    sanhe_test_assert_error (shipped, 404, "erp.sales_order.not_found");
  }
}

static void
test_idempotent_create (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *joe = erp_login (f, "joe");
  gint64 customer = erp_customer (f, "C-1", "Northwind Trading");
  gint64 item = erp_item (f, "PUMP-1", "make");
  g_autofree char *l1 = so_line (item, "2", "10.00");
  g_autofree char *body = g_strdup_printf ("{\"customer\": %" G_GINT64_FORMAT ", \"lines\": [%s]}", customer, l1);
  const char * const key[] = { "Idempotency-Key", "so-7f3a", NULL };
  g_autoptr(SanheTestResponse) first = sanhe_test_request_raw (f->server, "POST", "/api/v1/erp/sales-orders", joe,
                                                              "application/json", body, -1, key);
  g_autoptr(SanheTestResponse) retry = sanhe_test_request_raw (f->server, "POST", "/api/v1/erp/sales-orders", joe,
                                                              "application/json", body, -1, key);
  g_autofree char *count = NULL;

  sanhe_test_assert_status (first, 201);
  sanhe_test_assert_status (retry, 201);
  sanhe_test_assert_json_equal (retry->body, first->body, "the replayed answer");
  count = erp_sql_value (f, "SELECT count(*) FROM erp.sales_orders", 0, NULL);
  g_assert_cmpstr (count, ==, "1");
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/sales-orders/create-list", test_create_list);
  ADD_TEST ("/sales-orders/ship", test_ship);
  ADD_TEST ("/sales-orders/ship-insufficient", test_ship_insufficient);
  ADD_TEST ("/sales-orders/permissions", test_permissions);
  ADD_TEST ("/sales-orders/errors", test_errors);
  ADD_TEST ("/sales-orders/idempotent-create", test_idempotent_create);

  return g_test_run ();
}
