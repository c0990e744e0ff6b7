/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-purchase-orders"

#include "config.h"

#include <string.h>

#include "erp-documents-fixture.h"

#define DELIVERY_MS 5000

#define PO_AUDIT "SELECT count(*) FROM core.audit_log WHERE entity = 'erp.purchase_order' AND entity_id = $1::text"
#define PO_MOVES "SELECT count(*) FROM erp.stock_moves WHERE document_type = 'erp.purchase_order' AND document_id = $1"

/* One line of a create body, as JSON text. */
static char *
po_line (gint64      item,
         const char *qty,
         const char *price,
         const char *date)
{
  return g_strdup_printf ("{\"item\": %" G_GINT64_FORMAT ", \"qty\": \"%s\", \"price\": \"%s\", "
                          "\"expected_date\": \"%s\"}", item, qty, price, date);
}

static char *
po_body (gint64      supplier,
         const char *lines)
{
  return g_strdup_printf ("{\"supplier\": %" G_GINT64_FORMAT ", \"lines\": %s}", supplier, lines);
}

/* Creates a one-line draft as @token; returns its id. */
static gint64
create_po (Fixture    *f,
           const char *token,
           gint64      supplier,
           gint64      item,
           const char *qty,
           const char *price)
{
  g_autofree char *line = po_line (item, qty, price, "2026-06-01");
  g_autofree char *lines = g_strdup_printf ("[%s]", line);
  g_autofree char *body = po_body (supplier, lines);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", token, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

static SanheTestResponse *
receive (Fixture    *f,
         const char *token,
         gint64      id,
         const char *lines)
{
  g_autofree char *body = g_strdup_printf ("{\"lines\": %s}", lines);

  return erp_post (f, token, body, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/receive", id);
}

static void
confirm_ok (Fixture    *f,
            const char *token,
            gint64      id)
{
  g_autoptr(SanheTestResponse) r = erp_post (f, token, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", id);

  sanhe_test_assert_status (r, 200);
  g_assert_cmpstr (erp_state (r), ==, "confirmed");
}

static SanheTestResponse *
get_po (Fixture *f,
        gint64   id)
{
  return sanhe_test_requestf (f->server, "GET", f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT, id);
}

static void
assert_line (JsonObject *line,
             const char *qty,
             const char *received,
             const char *open)
{
  g_assert_cmpstr (sanhe_test_member_string (line, "qty"), ==, qty);
  g_assert_cmpstr (sanhe_test_member_string (line, "received_qty"), ==, received);
  g_assert_cmpstr (sanhe_test_member_string (line, "open_qty"), ==, open);
}

static void
test_create_get_list (Fixture       *f,
                      gconstpointer  data)
{
  gint64 acme = erp_supplier (f, "S-ACME", "Acme Bearings");
  gint64 bolt = erp_supplier (f, "S-BOLT", "Bolt Works");
  gint64 item = erp_item (f, "BRG-6204", "buy");
  g_autofree char *l1 = po_line (item, "10", "12.345", "2026-05-01");
  g_autofree char *l2 = po_line (item, "3.3333", "1.1111", "2026-05-15");
  g_autofree char *lines = g_strdup_printf ("[%s, %s]", l1, l2);
  g_autofree char *body = po_body (acme, lines);
  g_autofree char *number_q = NULL;
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);
  g_autoptr(SanheTestResponse) got = NULL;
  g_autoptr(SanheTestResponse) by_number = NULL;
  g_autoptr(SanheTestResponse) bad_state = NULL;
  g_autoptr(JsonNode) by_name = NULL;
  g_autoptr(JsonNode) drafts = NULL;
  g_autoptr(JsonNode) confirmed = NULL;
  g_autoptr(JsonNode) of_bolt = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) paged = NULL;
  g_autoptr(GRegex) number_re = g_regex_new ("^PO-[0-9]{4}-[0-9]{6}$", 0, 0, NULL);
  JsonObject *po;
  JsonObject *supplier;
  JsonObject *line;
  JsonObject *item_obj;
  gint64 id;
  gint64 second;

  sanhe_test_assert_status (created, 201);
  po = sanhe_test_object (created);
  id = sanhe_test_member_int (po, "id");
  g_assert_true (g_regex_match (number_re, sanhe_test_member_string (po, "number"), 0, NULL));
  g_assert_cmpstr (sanhe_test_member_string (po, "state"), ==, "draft");
  g_assert_cmpint (sanhe_test_member_int (po, "version"), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (po, "mrp_run_id")));
  sanhe_test_assert_timestamp (sanhe_test_member_string (po, "created_at"));
  sanhe_test_assert_timestamp (sanhe_test_member_string (po, "updated_at"));

  supplier = json_object_get_object_member (po, "supplier");
  g_assert_cmpint (sanhe_test_member_int (supplier, "id"), ==, acme);
  g_assert_cmpstr (sanhe_test_member_string (supplier, "code"), ==, "S-ACME");
  g_assert_cmpstr (sanhe_test_member_string (supplier, "name"), ==, "Acme Bearings");

  /* 10 × 12.345 = 123.45; 3.3333 × 1.1111 = 3.7036… → 3.70. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (po, "lines")), ==, 2);
  line = erp_line (po, 1);
  g_assert_cmpint (sanhe_test_member_int (line, "id"), >, 0);
  assert_line (line, "10.0000", "0.0000", "10.0000");
  g_assert_cmpstr (sanhe_test_member_string (line, "price"), ==, "12.3450");
  g_assert_cmpstr (sanhe_test_member_string (line, "amount"), ==, "123.45");
  g_assert_cmpstr (sanhe_test_member_string (line, "expected_date"), ==, "2026-05-01");
  item_obj = json_object_get_object_member (line, "item");
  g_assert_cmpint (sanhe_test_member_int (item_obj, "id"), ==, item);
  g_assert_cmpstr (sanhe_test_member_string (item_obj, "code"), ==, "BRG-6204");
  g_assert_cmpstr (sanhe_test_member_string (item_obj, "name"), ==, "Item BRG-6204");
  g_assert_cmpstr (sanhe_test_member_string (item_obj, "unit"), ==, "pcs");
  line = erp_line (po, 2);
  g_assert_cmpstr (sanhe_test_member_string (line, "amount"), ==, "3.70");
  g_assert_cmpstr (sanhe_test_member_string (po, "total"), ==, "127.15");
  g_assert_cmpint (erp_sql_count (f, PO_AUDIT, id), ==, 1);

  got = get_po (f, id);
  sanhe_test_assert_status (got, 200);
  sanhe_test_assert_json_equal (got->body, created->body, "GET against the created order");

  second = create_po (f, f->admin, bolt, item, "1", "2");
  g_assert_cmpint (second, !=, id);

  by_name = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/purchase-orders?q=bolt");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (by_name)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_id (by_name, second));

  number_q = g_strdup_printf ("/api/v1/erp/purchase-orders?q=%s", sanhe_test_member_string (po, "number"));
  by_number = sanhe_test_request (f->server, "GET", number_q, f->admin, NULL);
  sanhe_test_assert_status (by_number, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sanhe_test_object (by_number), "items")), ==, 1);

  drafts = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/purchase-orders?state=draft");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (drafts)), ==, 2);
  confirm_ok (f, f->admin, id);
  confirmed = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/purchase-orders?state=confirmed");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (confirmed)), ==, 1);
  g_assert_nonnull (sanhe_test_find_by_id (confirmed, id));
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/erp/purchase-orders?supplier=%" G_GINT64_FORMAT, bolt);
    of_bolt = sanhe_test_list_all (f->server, f->admin, path);
  }
  g_assert_cmpuint (json_array_get_length (json_node_get_array (of_bolt)), ==, 1);

  bad_state = sanhe_test_request (f->server, "GET", "/api/v1/erp/purchase-orders?state=lost", f->admin, NULL);
  sanhe_test_assert_error (bad_state, 400, "request.invalid");

  all = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/purchase-orders");
  paged = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/purchase-orders?limit=1");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 2);
  sanhe_test_assert_json_equal (all, paged, "the paged list against the whole list");
}

/*
 * Two lines of one item at different prices, received in three steps into
 * two warehouses. The moving average, by hand (4 places after each receipt):
 *   4 @ 10.00                           → 10.0000
 *   2 @ 13.50: (4×10 + 2×13.5) / 6     = 67 / 6          → 11.1667
 *   6 @ 10.00: (6×11.1667 + 6×10) / 12 = 127.0002 / 12   → 10.5834
 *   3 @ 13.50: (12×10.5834 + 3×13.5) / 15 = 167.5008 / 15 → 11.1667
 */
static void
test_receive (Fixture       *f,
              gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 wh1 = erp_warehouse (f, "WH1");
  gint64 wh2 = erp_warehouse (f, "WH2");
  g_autofree char *l1 = po_line (item, "10", "10.00", "2026-06-01");
  g_autofree char *l2 = po_line (item, "5", "13.50", "2026-06-15");
  g_autofree char *lines = g_strdup_printf ("[%s, %s]", l1, l2);
  g_autofree char *body = po_body (supplier, lines);
  g_autoptr(SanheTestResponse) created = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  gint64 id;

  sanhe_test_assert_status (created, 201);
  id = sanhe_test_member_int (sanhe_test_object (created), "id");
  confirm_ok (f, f->admin, id);

  first = g_strdup_printf ("[{\"line\": 1, \"qty\": \"4\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh1);
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, first);
    g_autofree char *balance = NULL;
    g_autofree char *cost = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "partially_received");
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 3);
    assert_line (erp_line (sanhe_test_object (r), 1), "10.0000", "4.0000", "6.0000");
    assert_line (erp_line (sanhe_test_object (r), 2), "5.0000", "0.0000", "5.0000");
    balance = erp_balance (f, item, wh1);
    cost = erp_average_cost (f, item);
    g_assert_cmpstr (balance, ==, "4.0000");
    g_assert_cmpstr (cost, ==, "10.0000");
  }

  second = g_strdup_printf ("[{\"line\": 2, \"qty\": \"2\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh2);
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, second);
    g_autofree char *balance = NULL;
    g_autofree char *cost = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "partially_received");
    balance = erp_balance (f, item, wh2);
    cost = erp_average_cost (f, item);
    g_assert_cmpstr (balance, ==, "2.0000");
    g_assert_cmpstr (cost, ==, "11.1667");
  }

  third = g_strdup_printf ("[{\"line\": 1, \"qty\": \"6\", \"warehouse\": %" G_GINT64_FORMAT "}, "
                           " {\"line\": 2, \"qty\": \"3\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh1, wh2);
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, third);
    g_autofree char *b1 = NULL;
    g_autofree char *b2 = NULL;
    g_autofree char *cost = NULL;
    g_autofree char *receipt_cost = NULL;
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "received");
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 5);
    assert_line (erp_line (sanhe_test_object (r), 1), "10.0000", "10.0000", "0.0000");
    assert_line (erp_line (sanhe_test_object (r), 2), "5.0000", "5.0000", "0.0000");
    b1 = erp_balance (f, item, wh1);
    b2 = erp_balance (f, item, wh2);
    cost = erp_average_cost (f, item);
    g_assert_cmpstr (b1, ==, "10.0000");
    g_assert_cmpstr (b2, ==, "5.0000");
    g_assert_cmpstr (cost, ==, "11.1667");

    /* Each received entry is one receipt at its line's price. */
    g_assert_cmpint (erp_sql_count (f, PO_MOVES, id), ==, 4);
    receipt_cost = erp_sql_value (f,
                                  "SELECT string_agg(kind || ' ' || qty || ' @ ' || unit_cost || ' ' || reference, ', ' "
                                  "ORDER BY id) FROM erp.stock_moves WHERE document_type = 'erp.purchase_order' "
                                  "AND document_id = $1",
                                  1, (const char *[]) { id_text });
    g_test_message ("moves: %s", receipt_cost);
    g_assert_nonnull (strstr (receipt_cost, "receipt 3.0000 @ 13.5000 PO-"));
    g_assert_null (strstr (receipt_cost, "issue"));
  }

  /* create, confirm and three receipts: one audit row each. */
  g_assert_cmpint (erp_sql_count (f, PO_AUDIT, id), ==, 5);

  {
    g_autoptr(SanheTestResponse) again = receive (f, f->admin, id, first);
    g_autoptr(SanheTestResponse) cancel = erp_post (f, f->admin, NULL,
                                                    "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/cancel", id);

    sanhe_test_assert_error (again, 409, "erp.order.invalid_state");
    sanhe_test_assert_error (cancel, 409, "erp.order.invalid_state");
  }
}

static void
test_over_receive (Fixture       *f,
                   gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 wh = erp_warehouse (f, "WH1");
  gint64 id = create_po (f, f->admin, supplier, item, "5", "2.00");
  g_autofree char *five = g_strdup_printf ("[{\"line\": 1, \"qty\": \"5\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  g_autofree char *six = g_strdup_printf ("[{\"line\": 1, \"qty\": \"6\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  g_autofree char *twice = g_strdup_printf ("[{\"line\": 1, \"qty\": \"3\", \"warehouse\": %" G_GINT64_FORMAT "}, "
                                            " {\"line\": 1, \"qty\": \"3\", \"warehouse\": %" G_GINT64_FORMAT "}]",
                                            wh, wh);
  g_autofree char *zero = g_strdup_printf ("[{\"line\": 1, \"qty\": \"0\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  g_autofree char *no_line = g_strdup_printf ("[{\"line\": 9, \"qty\": \"1\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  const char *no_warehouse = "[{\"line\": 1, \"qty\": \"1\", \"warehouse\": 999999}]";
  g_autoptr(SanheTestResponse) before = NULL;
  g_autoptr(SanheTestResponse) after = NULL;

  /* A draft receives nothing. */
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, five);
    sanhe_test_assert_error (r, 409, "erp.order.invalid_state");
  }
  confirm_ok (f, f->admin, id);
  before = get_po (f, id);

  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, six);
    sanhe_test_assert_field_error (r, "lines[0].qty", "invalid");
  }
  {
    /* Two entries of one line count together. */
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, twice);
    sanhe_test_assert_field_error (r, "lines[1].qty", "invalid");
    g_assert_null (sanhe_test_field_code (r, "lines[0].qty"));
  }
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, zero);
    sanhe_test_assert_field_error (r, "lines[0].qty", "invalid");
  }
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, no_line);
    sanhe_test_assert_field_error (r, "lines[0].line", "not_found");
  }
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, no_warehouse);
    sanhe_test_assert_field_error (r, "lines[0].warehouse", "not_found");
  }
  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, "[]");
    sanhe_test_assert_field_error (r, "lines", "required");
  }

  /* Nothing of the refused requests stayed. */
  after = get_po (f, id);
  sanhe_test_assert_json_equal (after->body, before->body, "the order after refused receipts");
  {
    g_autofree char *balance = erp_balance (f, item, wh);
    g_assert_cmpstr (balance, ==, "0.0000");
  }
  g_assert_cmpint (erp_sql_count (f, PO_MOVES, id), ==, 0);

  {
    g_autoptr(SanheTestResponse) r = receive (f, f->admin, id, five);
    g_autofree char *balance = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "received");
    balance = erp_balance (f, item, wh);
    g_assert_cmpstr (balance, ==, "5.0000");
  }
}

static void
test_confirm_twice (Fixture       *f,
                    gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 id = create_po (f, f->admin, supplier, item, "5", "2.00");
  g_autoptr(SanheTestResponse) twice = NULL;
  g_autoptr(SanheTestResponse) stale = NULL;
  g_autoptr(SanheTestResponse) after = NULL;

  /* An action may carry the version the client saw; a stale one is refused. */
  stale = erp_post (f, f->admin, "{\"version\": 7}", "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", id);
  sanhe_test_assert_error (stale, 409, "record.stale_version");

  {
    g_autoptr(SanheTestResponse) r = erp_post (f, f->admin, "{\"version\": 1}",
                                               "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", id);
    sanhe_test_assert_status (r, 200);
    g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r), "version"), ==, 2);
  }

  twice = erp_post (f, f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", id);
  sanhe_test_assert_error (twice, 409, "erp.order.invalid_state");
  after = get_po (f, id);
  g_assert_cmpstr (erp_state (after), ==, "confirmed");
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (after), "version"), ==, 2);
}

static void
test_patch (Fixture       *f,
            gconstpointer  data)
{
  gint64 acme = erp_supplier (f, "S-ACME", "Acme Bearings");
  gint64 bolt = erp_supplier (f, "S-BOLT", "Bolt Works");
  gint64 a = erp_item (f, "A", "buy");
  gint64 b = erp_item (f, "B", "buy");
  gint64 id = create_po (f, f->admin, acme, a, "5", "2.00");
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT, id);
  g_autofree char *l1 = po_line (b, "7", "3.25", "2026-07-01");
  g_autofree char *l2 = po_line (a, "1", "0", "2026-07-02");
  g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"supplier\": %" G_GINT64_FORMAT ", "
                                           "\"lines\": [%s, %s]}", bolt, l1, l2);
  g_autoptr(SanheTestResponse) patched = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  g_autoptr(SanheTestResponse) stale = NULL;
  g_autoptr(SanheTestResponse) unversioned = NULL;
  g_autoptr(SanheTestResponse) not_draft = NULL;
  JsonObject *po;

  sanhe_test_assert_status (patched, 200);
  po = sanhe_test_object (patched);
  g_assert_cmpint (sanhe_test_member_int (po, "version"), ==, 2);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (po, "supplier"), "id"), ==, bolt);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (po, "lines")), ==, 2);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (erp_line (po, 1), "item"), "id"), ==, b);
  g_assert_cmpstr (sanhe_test_member_string (erp_line (po, 1), "amount"), ==, "22.75");
  g_assert_cmpstr (sanhe_test_member_string (erp_line (po, 2), "amount"), ==, "0.00");
  g_assert_cmpstr (sanhe_test_member_string (po, "total"), ==, "22.75");

  /* Lines given replace all of them, so there must be some. */
  {
    g_autoptr(SanheTestResponse) empty = sanhe_test_request (f->server, "PATCH", path, f->admin,
                                                             "{\"version\": 2, \"lines\": []}");
    sanhe_test_assert_field_error (empty, "lines", "required");
  }

  /* The same edit again carries version 1, which is no longer current. */
  stale = sanhe_test_request (f->server, "PATCH", path, f->admin, body);
  sanhe_test_assert_error (stale, 409, "record.stale_version");

  unversioned = sanhe_test_request (f->server, "PATCH", path, f->admin, "{\"supplier\": 1}");
  sanhe_test_assert_field_error (unversioned, "version", "required");

  confirm_ok (f, f->admin, id);
  not_draft = sanhe_test_request (f->server, "PATCH", path, f->admin, "{\"version\": 3}");
  sanhe_test_assert_error (not_draft, 409, "erp.order.not_draft");

  /* create, update, confirm. */
  g_assert_cmpint (erp_sql_count (f, PO_AUDIT, id), ==, 3);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  struct
  {
    const char *lines;     /* %1$ld: the item */
    const char *field;
    const char *code;
  } cases[] = {
    { "[]", "lines", "required" },
    { "{}", "lines", "wrong_type" },
    { "[7]", "lines[0]", "wrong_type" },
    { "[{\"item\": 999999, \"qty\": \"1\", \"price\": \"1\", \"expected_date\": \"2026-01-01\"}]", "lines[0].item", "not_found" },
    { "[{\"item\": %ld, \"qty\": \"0\", \"price\": \"1\", \"expected_date\": \"2026-01-01\"}]", "lines[0].qty", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"-2\", \"price\": \"1\", \"expected_date\": \"2026-01-01\"}]", "lines[0].qty", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"1.23456\", \"price\": \"1\", \"expected_date\": \"2026-01-01\"}]", "lines[0].qty", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"1\", \"price\": \"-0.01\", \"expected_date\": \"2026-01-01\"}]", "lines[0].price", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"1\", \"price\": \"1\", \"expected_date\": \"2026-02-30\"}]", "lines[0].expected_date", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"1\", \"price\": \"1\", \"expected_date\": \"soon\"}]", "lines[0].expected_date", "invalid" },
    { "[{\"item\": %ld, \"qty\": \"1\", \"price\": \"1\"}]", "lines[0].expected_date", "required" },
    { "[{\"item\": %ld, \"qty\": \"1\", \"price\": \"1\", \"expected_date\": \"2026-01-01\", \"colour\": \"red\"}]",
      "lines[0].colour", "unknown_field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lines = g_strdup_printf (cases[i].lines, (long) item);
      g_autofree char *body = po_body (supplier, lines);
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);

      g_test_message ("case %u: %s", i, body);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);
    }

  /* One 422 names every problem: the supplier and the second line's qty. */
  {
    g_autofree char *good = po_line (item, "1", "1", "2026-01-01");
    g_autofree char *bad = po_line (item, "0", "1", "2026-01-01");
    g_autofree char *lines = g_strdup_printf ("[%s, %s]", good, bad);
    g_autofree char *body = po_body (999999, lines);
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);

    sanhe_test_assert_field_error (r, "supplier", "not_found");
    sanhe_test_assert_field_error (r, "lines[1].qty", "invalid");
    g_assert_null (sanhe_test_field_code (r, "lines[0].qty"));
  }
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin,
                                                         "{\"supplier\": 1}");
    sanhe_test_assert_field_error (r, "lines", "required");
  }

  {
    g_autofree char *count = erp_sql_value (f, "SELECT count(*) FROM erp.purchase_orders", 0, NULL);
    g_assert_cmpstr (count, ==, "0");
  }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *suffix;
    const char *body;
  } calls[] = {
    { "GET", "", NULL },
    { "PATCH", "", "{\"version\": 1}" },
    { "POST", "/confirm", NULL },
    { "POST", "/cancel", NULL },
    { "POST", "/receive", "{\"lines\": [{\"line\": 1, \"qty\": \"1\", \"warehouse\": 1}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/erp/purchase-orders/999999%s", calls[i].suffix);
      g_autofree char *word = g_strdup_printf ("/api/v1/erp/purchase-orders/abc%s", calls[i].suffix);
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, calls[i].method, path, f->admin, calls[i].body);
      g_autoptr(SanheTestResponse) w = sanhe_test_request (f->server, calls[i].method, word, f->admin, calls[i].body);

      sanhe_test_assert_error (r, 404, "erp.purchase_order.not_found");
      sanhe_test_assert_error (w, 404, "erp.purchase_order.not_found");
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 wh = erp_warehouse (f, "WH1");
  gint64 draft = create_po (f, f->admin, supplier, item, "5", "2.00");
  gint64 confirmed = create_po (f, f->admin, supplier, item, "5", "2.00");
  gint64 partial = create_po (f, f->admin, supplier, item, "5", "2.00");
  g_autofree char *one = g_strdup_printf ("[{\"line\": 1, \"qty\": \"1\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);

  {
    g_autoptr(SanheTestResponse) r = erp_post (f, f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/cancel", draft);
    g_autoptr(SanheTestResponse) again = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "cancelled");
    again = erp_post (f, f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm", draft);
    sanhe_test_assert_error (again, 409, "erp.order.invalid_state");
  }

  confirm_ok (f, f->admin, confirmed);
  {
    g_autoptr(SanheTestResponse) r = erp_post (f, f->admin, "{}", "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/cancel", confirmed);
    g_autoptr(SanheTestResponse) late = NULL;

    sanhe_test_assert_status (r, 200);
    g_assert_cmpstr (erp_state (r), ==, "cancelled");
    late = receive (f, f->admin, confirmed, one);
    sanhe_test_assert_error (late, 409, "erp.order.invalid_state");
  }

  confirm_ok (f, f->admin, partial);
  {
    g_autoptr(SanheTestResponse) got = receive (f, f->admin, partial, one);
    g_autoptr(SanheTestResponse) r = NULL;

    sanhe_test_assert_status (got, 200);
    r = erp_post (f, f->admin, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/cancel", partial);
    sanhe_test_assert_error (r, 409, "erp.order.invalid_state");
  }
}

/* paul (planner) buys; wendy (warehouse) receives; joe (sales) does neither. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *paul = erp_login (f, "paul");
  g_autofree char *wendy = erp_login (f, "wendy");
  g_autofree char *joe = erp_login (f, "joe");
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 wh = erp_warehouse (f, "WH1");
  g_autofree char *line = po_line (item, "2", "1.00", "2026-06-01");
  g_autofree char *lines = g_strdup_printf ("[%s]", line);
  g_autofree char *body = po_body (supplier, lines);
  g_autofree char *one = g_strdup_printf ("[{\"line\": 1, \"qty\": \"1\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  gint64 id = create_po (f, paul, supplier, item, "2", "1.00");

  confirm_ok (f, paul, id);

  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", wendy, body);
    g_autoptr(SanheTestResponse) c = erp_post (f, wendy, NULL, "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/cancel", id);
    g_autoptr(SanheTestResponse) list = sanhe_test_request (f->server, "GET", "/api/v1/erp/purchase-orders", wendy, NULL);

    sanhe_test_assert_error (r, 403, "auth.forbidden");
    sanhe_test_assert_error (c, 403, "auth.forbidden");
    sanhe_test_assert_status (list, 200);
  }
  {
    g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", joe, body);
    g_autoptr(SanheTestResponse) rec = receive (f, joe, id, one);
    g_autoptr(SanheTestResponse) list = sanhe_test_request (f->server, "GET", "/api/v1/erp/purchase-orders", joe, NULL);

    sanhe_test_assert_error (r, 403, "auth.forbidden");
    sanhe_test_assert_error (rec, 403, "auth.forbidden");
    sanhe_test_assert_error (list, 403, "auth.forbidden");
  }
  {
    /* The buyer does not receive: that is the warehouse's signature. */
    g_autoptr(SanheTestResponse) by_paul = receive (f, paul, id, one);
    g_autoptr(SanheTestResponse) by_wendy = receive (f, wendy, id, one);

    sanhe_test_assert_error (by_paul, 403, "auth.forbidden");
    sanhe_test_assert_status (by_wendy, 200);
    g_assert_cmpstr (erp_state (by_wendy), ==, "partially_received");
  }
}

static void
test_idempotent_create (Fixture       *f,
                        gconstpointer  data)
{
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  g_autofree char *line = po_line (item, "2", "1.00", "2026-06-01");
  g_autofree char *lines = g_strdup_printf ("[%s]", line);
  g_autofree char *body = po_body (supplier, lines);
  const char * const key_a[] = { "Idempotency-Key", "po-create-1", NULL };
  const char * const key_b[] = { "Idempotency-Key", "po-create-2", NULL };
  g_autoptr(SanheTestResponse) first = sanhe_test_request_raw (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin,
                                                              "application/json", body, -1, key_a);
  g_autoptr(SanheTestResponse) retry = sanhe_test_request_raw (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin,
                                                              "application/json", body, -1, key_a);
  g_autoptr(SanheTestResponse) other = sanhe_test_request_raw (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin,
                                                              "application/json", body, -1, key_b);
  g_autofree char *count = NULL;

  sanhe_test_assert_status (first, 201);
  sanhe_test_assert_status (retry, 201);
  sanhe_test_assert_status (other, 201);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (retry), "id"), ==,
                   sanhe_test_member_int (sanhe_test_object (first), "id"));
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (retry), "number"), ==,
                   sanhe_test_member_string (sanhe_test_object (first), "number"));
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (other), "id"), !=,
                   sanhe_test_member_int (sanhe_test_object (first), "id"));
  count = erp_sql_value (f, "SELECT count(*) FROM erp.purchase_orders", 0, NULL);
  g_assert_cmpstr (count, ==, "2");
}

static void
assert_po_event (JsonNode *event,
                 gint64    id)
{
  g_autofree char *text = event ? sanhe_test_to_string (event) : g_strdup ("(none)");
  JsonObject *o;
  JsonArray *ids;

  g_test_message ("event: %s", text);
  g_assert_nonnull (event);
  o = json_node_get_object (event);
  g_assert_cmpstr (sanhe_test_member_string (o, "type"), ==, "erp.purchase_order.updated");
  ids = json_object_get_array_member (o, "ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  g_assert_cmpint (json_array_get_int_element (ids, 0), ==, id);
}

/* The creator hears of confirmations and receipts by others. */
static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *paul = erp_login (f, "paul");
  g_autofree char *wendy = erp_login (f, "wendy");
  gint64 supplier = erp_supplier (f, "S-1", "Steel Supply");
  gint64 item = erp_item (f, "ROD-8", "buy");
  gint64 wh = erp_warehouse (f, "WH1");
  gint64 id = create_po (f, paul, supplier, item, "2", "1.00");
  g_autofree char *one = g_strdup_printf ("[{\"line\": 1, \"qty\": \"1\", \"warehouse\": %" G_GINT64_FORMAT "}]", wh);
  guint status = 0;
  g_autoptr(SanheTestEvents) events = sanhe_test_events_connect (f->server, paul, &status);

  g_assert_cmpuint (status, ==, 101);
  confirm_ok (f, f->admin, id);
  {
    g_autoptr(JsonNode) event = sanhe_test_events_next (events, DELIVERY_MS);
    assert_po_event (event, id);
  }
  {
    g_autoptr(SanheTestResponse) r = receive (f, wendy, id, one);
    g_autoptr(JsonNode) event = NULL;

    sanhe_test_assert_status (r, 200);
    event = sanhe_test_events_next (events, DELIVERY_MS);
    assert_po_event (event, id);
  }
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/purchase-orders/create-get-list", test_create_get_list);
  ADD_TEST ("/purchase-orders/receive", test_receive);
  ADD_TEST ("/purchase-orders/over-receive", test_over_receive);
  ADD_TEST ("/purchase-orders/confirm-twice", test_confirm_twice);
  ADD_TEST ("/purchase-orders/patch", test_patch);
  ADD_TEST ("/purchase-orders/validation", test_validation);
  ADD_TEST ("/purchase-orders/not-found", test_not_found);
  ADD_TEST ("/purchase-orders/cancel", test_cancel);
  ADD_TEST ("/purchase-orders/permissions", test_permissions);
  ADD_TEST ("/purchase-orders/idempotent-create", test_idempotent_create);
  ADD_TEST ("/purchase-orders/events", test_events);

  return g_test_run ();
}
