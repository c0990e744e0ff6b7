/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-stock"

#include "config.h"

#include "erp-common.h"

#define MOVES_PATH "/api/v1/erp/stock/moves"

/* A move as JSON; @to_warehouse 0 and @unit_cost NULL leave them out. */
static char *
move_body (const char *kind,
           gint64      item,
           gint64      warehouse,
           gint64      to_warehouse,
           const char *qty,
           const char *unit_cost)
{
  GString *body = g_string_new (NULL);

  g_string_printf (body, "{\"kind\": \"%s\", \"item\": %" G_GINT64_FORMAT ", \"warehouse\": %" G_GINT64_FORMAT
                   ", \"qty\": \"%s\"", kind, item, warehouse, qty);
  if (to_warehouse > 0)
    g_string_append_printf (body, ", \"to_warehouse\": %" G_GINT64_FORMAT, to_warehouse);
  if (unit_cost != NULL)
    g_string_append_printf (body, ", \"unit_cost\": \"%s\"", unit_cost);
  g_string_append_c (body, '}');
  return g_string_free (body, FALSE);
}

/* Posts a move that must succeed; returns its "moves" array. */
static JsonNode *
move (Fixture    *f,
      const char *kind,
      gint64      item,
      gint64      warehouse,
      gint64      to_warehouse,
      const char *qty,
      const char *unit_cost)
{
  g_autofree char *body = move_body (kind, item, warehouse, to_warehouse, qty, unit_cost);
  g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", MOVES_PATH, f->wendy, body);

  sanhe_test_assert_status (r, 201);
  return json_node_copy (json_object_get_member (sanhe_test_object (r), "moves"));
}

static JsonObject *
nth_move (JsonNode *moves,
          guint     n)
{
  g_assert_cmpuint (json_array_get_length (json_node_get_array (moves)), >, n);
  return json_array_get_object_element (json_node_get_array (moves), n);
}

/* The balance row of (item, warehouse) in GET /api/v1/erp/stock, or NULL. */
static JsonObject *
find_balance (JsonNode *stock,
              gint64    item,
              gint64    warehouse)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (stock), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);

      if (sanhe_test_member_int (row, "item") == item && sanhe_test_member_int (row, "warehouse") == warehouse)
        return row;
    }
  return NULL;
}

/* GET /api/v1/erp/stock, filtered by ?@parameter=@id unless @parameter is NULL. */
static JsonNode *
get_stock (Fixture    *f,
           const char *parameter,
           gint64      id)
{
  g_autofree char *path = parameter ? g_strdup_printf ("/api/v1/erp/stock?%s=%" G_GINT64_FORMAT, parameter, id)
                                    : g_strdup ("/api/v1/erp/stock");

  return get_json (f, path);
}

/* The ledger's promise: every balance is the sum of its moves, none is
 * negative, and no moves exist without their balance. */
static void
assert_ledger_consistent (Fixture *f)
{
  g_autofree char *wrong = sanhe_test_sql_value (f->server,
    "SELECT count(*) FROM ("
    "  SELECT item_id, warehouse_id, sum(qty) AS qty FROM erp.stock_moves GROUP BY 1, 2) m "
    "FULL JOIN erp.stock_balances b USING (item_id, warehouse_id) "
    "WHERE coalesce(m.qty, 0) <> coalesce(b.qty, 0) OR b.qty < 0");

  g_assert_cmpstr (wrong, ==, "0");
}

static void
test_moves (Fixture       *f,
            gconstpointer  data)
{
  gint64 item = create_item (f, "VALVE", "buy", "0");
  gint64 w1 = create_warehouse (f, "W1");
  gint64 w2 = create_warehouse (f, "W2");
  g_autoptr(JsonNode) r1 = move (f, "receipt", item, w1, 0, "10", "2");
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) issue = NULL;
  g_autoptr(JsonNode) transfer = NULL;
  g_autoptr(JsonNode) adjust_down = NULL;
  g_autoptr(JsonNode) adjust_up = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) stock = NULL;
  g_autoptr(JsonNode) stock_w2 = NULL;
  g_autoptr(JsonNode) valve = NULL;
  JsonObject *m;
  JsonObject *row;

  m = nth_move (r1, 0);
  g_assert_cmpstr (sanhe_test_member_string (m, "kind"), ==, "receipt");
  g_assert_cmpint (sanhe_test_member_int (m, "item"), ==, item);
  g_assert_cmpint (sanhe_test_member_int (m, "warehouse"), ==, w1);
  g_assert_cmpstr (sanhe_test_member_string (m, "qty"), ==, "10.0000");
  g_assert_cmpstr (sanhe_test_member_string (m, "unit_cost"), ==, "2.0000");
  g_assert_cmpint (json_array_get_length (json_node_get_array (r1)), ==, 1);

  /* Moving average by hand: (10 × 2 + 5 × 3.1) / 15 = 35.5 / 15 = 2.36666… */
  r2 = move (f, "receipt", item, w1, 0, "5", "3.1");
  valve = get_item (f, item);
  g_assert_cmpstr (str_of (valve, "average_cost"), ==, "2.3667");
  g_assert_cmpstr (str_of (valve, "on_hand"), ==, "15.0000");
  g_clear_pointer (&valve, json_node_unref);

  /* Issues go out at the average cost. */
  issue = move (f, "issue", item, w1, 0, "4", NULL);
  m = nth_move (issue, 0);
  g_assert_cmpstr (sanhe_test_member_string (m, "kind"), ==, "issue");
  g_assert_cmpstr (sanhe_test_member_string (m, "qty"), ==, "-4.0000");
  g_assert_cmpstr (sanhe_test_member_string (m, "unit_cost"), ==, "2.3667");

  /* A transfer is two moves sharing a transfer id. */
  transfer = move (f, "transfer", item, w1, w2, "6", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (transfer)), ==, 2);
  g_assert_cmpint (sanhe_test_member_int (nth_move (transfer, 0), "warehouse"), ==, w1);
  g_assert_cmpstr (sanhe_test_member_string (nth_move (transfer, 0), "qty"), ==, "-6.0000");
  g_assert_cmpint (sanhe_test_member_int (nth_move (transfer, 1), "warehouse"), ==, w2);
  g_assert_cmpstr (sanhe_test_member_string (nth_move (transfer, 1), "qty"), ==, "6.0000");
  g_assert_cmpint (sanhe_test_member_int (nth_move (transfer, 0), "transfer_id"), ==,
                   sanhe_test_member_int (nth_move (transfer, 1), "transfer_id"));

  /* Adjustments are signed. */
  adjust_down = move (f, "adjustment", item, w2, 0, "-1", NULL);
  g_assert_cmpstr (sanhe_test_member_string (nth_move (adjust_down, 0), "qty"), ==, "-1.0000");
  adjust_up = move (f, "adjustment", item, w1, 0, "2.5", NULL);
  g_assert_cmpstr (sanhe_test_member_string (nth_move (adjust_up, 0), "qty"), ==, "2.5000");

  /* W1: 10 + 5 − 4 − 6 + 2.5 = 7.5; W2: 6 − 1 = 5. value = qty × 2.3667 to the cent. */
  stock = get_stock (f, "item", item);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (stock), "items")), ==, 2);
  row = find_balance (stock, item, w1);
  g_assert_nonnull (row);
  g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, "7.5000");
  g_assert_cmpstr (sanhe_test_member_string (row, "value"), ==, "17.75");
  g_assert_cmpstr (sanhe_test_member_string (row, "item_code"), ==, "VALVE");
  g_assert_cmpstr (sanhe_test_member_string (row, "warehouse_code"), ==, "W1");
  g_assert_nonnull (sanhe_test_member_string (row, "item_name"));
  row = find_balance (stock, item, w2);
  g_assert_nonnull (row);
  g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, "5.0000");
  g_assert_cmpstr (sanhe_test_member_string (row, "value"), ==, "11.83");
  valve = get_item (f, item);
  g_assert_cmpstr (str_of (valve, "on_hand"), ==, "12.5000");
  g_assert_cmpstr (str_of (valve, "average_cost"), ==, "2.3667");
  g_clear_pointer (&valve, json_node_unref);

  /* The average spans every warehouse: (12.5 × 2.3667 + 7.5 × 4) / 20 = 2.9791875. */
  r3 = move (f, "receipt", item, w2, 0, "7.5", "4");
  valve = get_item (f, item);
  g_assert_cmpstr (str_of (valve, "average_cost"), ==, "2.9792");
  stock_w2 = get_stock (f, "warehouse", w2);
  row = find_balance (stock_w2, item, w2);
  g_assert_nonnull (row);
  g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, "12.5000");
  g_assert_cmpstr (sanhe_test_member_string (row, "value"), ==, "37.24");
  g_assert_null (find_balance (stock_w2, item, w1));

  assert_ledger_consistent (f);
  g_assert_cmpint (audit_count (f, "erp.stock_move", sanhe_test_member_int (nth_move (r3, 0), "id"), "create"), ==, 1);
}

static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  gint64 item = create_item (f, "PIPE", "buy", "0");
  gint64 w1 = create_warehouse (f, "W1");
  gint64 w2 = create_warehouse (f, "W2");
  g_autoptr(JsonNode) received = move (f, "receipt", item, w1, 0, "3", "1");
  g_autoptr(JsonNode) emptied = NULL;
  g_autoptr(JsonNode) stock = NULL;
  g_autofree char *before = erp_snapshot (f);
  const struct
  {
    const char *kind;
    gint64 warehouse;
    gint64 to;
    const char *qty;
  } cases[] = {
    { "issue", w1, 0, "3.0001" },
    { "transfer", w1, w2, "5" },
    { "adjustment", w1, 0, "-3.5" },
    { "issue", w2, 0, "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = move_body (cases[i].kind, item, cases[i].warehouse, cases[i].to, cases[i].qty, NULL);
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", MOVES_PATH, f->wendy, body);
      g_autofree char *after = NULL;

      g_test_message ("%s", body);
      sanhe_test_assert_error (r, 409, "erp.stock.insufficient");
      after = erp_snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* Exactly what is there can go; an empty balance is no longer listed. */
  emptied = move (f, "issue", item, w1, 0, "3", NULL);
  stock = get_stock (f, "item", item);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (stock), "items")), ==, 0);
  assert_ledger_consistent (f);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 item = create_item (f, "FLANGE", "buy", "0");
  gint64 w1 = create_warehouse (f, "W1");
  gint64 w2 = create_warehouse (f, "W2");
  g_autoptr(JsonNode) received = move (f, "receipt", item, w1, 0, "10", "1");
  g_autofree char *long_reference = g_strnfill (201, 'r');
  g_autofree char *ok_reference = g_strnfill (200, 'r');
  g_autofree char *before = erp_snapshot (f);
  g_autofree char *b_kind = move_body ("gift", item, w1, 0, "1", NULL);
  g_autofree char *b_item = move_body ("issue", 999999, w1, 0, "1", NULL);
  g_autofree char *b_wh = move_body ("issue", item, 999999, 0, "1", NULL);
  g_autofree char *b_to = move_body ("transfer", item, w1, 999999, "1", NULL);
  g_autofree char *b_zero = move_body ("issue", item, w1, 0, "0", NULL);
  g_autofree char *b_neg = move_body ("receipt", item, w1, 0, "-1", "1");
  g_autofree char *b_adj0 = move_body ("adjustment", item, w1, 0, "0", NULL);
  g_autofree char *b_places = move_body ("issue", item, w1, 0, "1.00001", NULL);
  g_autofree char *b_huge = move_body ("receipt", item, w1, 0, "100000000000000", "1");
  g_autofree char *b_nocost = move_body ("receipt", item, w1, 0, "1", NULL);
  g_autofree char *b_negcost = move_body ("receipt", item, w1, 0, "1", "-0.01");
  g_autofree char *b_issuecost = move_body ("issue", item, w1, 0, "1", "5");
  g_autofree char *b_noto = move_body ("transfer", item, w1, 0, "1", NULL);
  g_autofree char *b_same = move_body ("transfer", item, w1, w1, "1", NULL);
  g_autofree char *b_issueto = move_body ("issue", item, w1, w2, "1", NULL);
  g_autofree char *b_ref = g_strdup_printf ("{\"kind\": \"issue\", \"item\": %" G_GINT64_FORMAT ", \"warehouse\": %"
                                            G_GINT64_FORMAT ", \"qty\": \"1\", \"reference\": \"%s\"}",
                                            item, w1, long_reference);
  g_autofree char *b_ok_ref = g_strdup_printf ("{\"kind\": \"issue\", \"item\": %" G_GINT64_FORMAT ", \"warehouse\": %"
                                               G_GINT64_FORMAT ", \"qty\": \"1\", \"reference\": \"%s\"}",
                                               item, w1, ok_reference);
  g_autoptr(SanheTestResponse) ok = NULL;
  const struct
  {
    const char *body;
    const char *field;
    const char *code;
  } cases[] = {
    { "{}", "kind", "required" },
    { "{}", "item", "required" },
    { "{}", "qty", "required" },
    { b_kind, "kind", "invalid" },
    { b_item, "item", "not_found" },
    { b_wh, "warehouse", "not_found" },
    { b_to, "to_warehouse", "not_found" },
    { b_zero, "qty", "invalid" },
    { b_neg, "qty", "invalid" },
    { b_adj0, "qty", "invalid" },
    { b_places, "qty", "invalid" },
    { b_huge, "qty", "invalid" },
    { b_nocost, "unit_cost", "required" },
    { b_negcost, "unit_cost", "invalid" },
    { b_issuecost, "unit_cost", "invalid" },
    { b_noto, "to_warehouse", "required" },
    { b_same, "to_warehouse", "invalid" },
    { b_issueto, "to_warehouse", "invalid" },
    { b_ref, "reference", "too_long" },
    { "{\"kind\": \"issue\", \"item\": \"FLANGE\", \"warehouse\": 1, \"qty\": \"1\"}", "item", "wrong_type" },
    { "{\"kind\": \"issue\", \"item\": 1, \"warehouse\": 1, \"qty\": 1.5}", "qty", "wrong_type" },
    { "{\"kind\": \"issue\", \"item\": 1, \"warehouse\": 1, \"qty\": \"1\", \"transfer_id\": 3}", "transfer_id",
      "unknown_field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = sanhe_test_request (f->server, "POST", MOVES_PATH, f->wendy, cases[i].body);
      g_autofree char *after = NULL;

      g_test_message ("%s", cases[i].body);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);
      after = erp_snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  ok = sanhe_test_request (f->server, "POST", MOVES_PATH, f->wendy, b_ok_ref);
  sanhe_test_assert_status (ok, 201);
}

/* The concurrent burst: threads post random receipts and issues at once. */
#define N_THREADS 8
#define N_MOVES   25

typedef struct
{
  Fixture *f;
  gint64   items[2];
  gint64   warehouses[2];
  guint32  seed;
  guint    created;
  guint    refused;
  guint    other;
  gint64   delta[2][2];   /* net units per (item, warehouse) that went through */
} Burst;

static gpointer
burst_thread (gpointer data)
{
  Burst *burst = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (burst->seed);

  for (guint i = 0; i < N_MOVES; i++)
    {
      guint item = g_rand_int_range (rand, 0, 2);
      guint warehouse = g_rand_int_range (rand, 0, 2);
      gboolean issue = g_rand_int_range (rand, 0, 100) < 60;
      gint64 units = g_rand_int_range (rand, 1, 40) * 2500;   /* 0.25 to 9.75 */
      g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT ".%04" G_GINT64_FORMAT, units / 10000, units % 10000);
      g_autofree char *cost = g_strdup_printf ("%d.%02d", g_rand_int_range (rand, 1, 10), g_rand_int_range (rand, 0, 100));
      g_autofree char *body = move_body (issue ? "issue" : "receipt", burst->items[item], burst->warehouses[warehouse],
                                         0, qty, issue ? NULL : cost);
      g_autoptr(SanheTestResponse) r = sanhe_test_request (burst->f->server, "POST", MOVES_PATH, burst->f->wendy, body);

      if (r->status == 201)
        {
          burst->created++;
          burst->delta[item][warehouse] += issue ? -units : units;
        }
      else if (r->status == 409 && g_strcmp0 (sanhe_test_error_code (r), "erp.stock.insufficient") == 0)
        burst->refused++;
      else
        {
          g_test_message ("unexpected answer %u to %s", r->status, body);
          burst->other++;
        }
    }
  return NULL;
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  Burst bursts[N_THREADS] = { 0 };
  GThread *threads[N_THREADS];
  gint64 items[2] = { create_item (f, "CONC-1", "buy", "0"), create_item (f, "CONC-2", "buy", "0") };
  gint64 warehouses[2] = { create_warehouse (f, "C1"), create_warehouse (f, "C2") };
  gint64 expected[2][2];
  guint created = 0;
  guint refused = 0;
  g_autoptr(JsonNode) stock = NULL;
  g_autofree char *moves = NULL;
  g_autofree char *expected_moves = NULL;

  /* A little stock to start with, so issues succeed and fail in turn. */
  for (guint i = 0; i < 2; i++)
    for (guint w = 0; w < 2; w++)
      {
        g_autoptr(JsonNode) m = move (f, "receipt", items[i], warehouses[w], 0, "5", "2");
        expected[i][w] = 5 * 10000;
      }

  for (guint t = 0; t < N_THREADS; t++)
    {
      bursts[t] = (Burst) { f, { items[0], items[1] }, { warehouses[0], warehouses[1] }, 1000 + t };
      threads[t] = g_thread_new ("burst", burst_thread, &bursts[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpuint (bursts[t].other, ==, 0);
      created += bursts[t].created;
      refused += bursts[t].refused;
      for (guint i = 0; i < 2; i++)
        for (guint w = 0; w < 2; w++)
          expected[i][w] += bursts[t].delta[i][w];
    }
  g_test_message ("%u moves went through, %u issues were refused for lack of stock", created, refused);
  g_assert_cmpuint (created + refused, ==, N_THREADS * N_MOVES);

  /* Nothing lost, nothing doubled, nothing negative. */
  assert_ledger_consistent (f);
  moves = sanhe_test_sql_value (f->server, "SELECT count(*) FROM erp.stock_moves");
  expected_moves = g_strdup_printf ("%u", created + 4);
  g_assert_cmpstr (moves, ==, expected_moves);

  stock = get_stock (f, NULL, 0);
  for (guint i = 0; i < 2; i++)
    for (guint w = 0; w < 2; w++)
      {
        JsonObject *row = find_balance (stock, items[i], warehouses[w]);
        g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT ".%04" G_GINT64_FORMAT,
                                                expected[i][w] / 10000, expected[i][w] % 10000);

        g_assert_cmpint (expected[i][w], >=, 0);
        if (expected[i][w] == 0)
          g_assert_null (row);
        else
          {
            g_assert_nonnull (row);
            g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, qty);
          }
      }
}

static void
test_history_and_paging (Fixture       *f,
                         gconstpointer  data)
{
  gint64 item = create_item (f, "HOSE", "buy", "0");
  gint64 other = create_item (f, "CLAMP", "buy", "0");
  gint64 w1 = create_warehouse (f, "W1");
  gint64 w2 = create_warehouse (f, "W2");
  g_autofree char *history_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/stock-moves?limit=2", item);
  g_autofree char *list_path = g_strdup_printf (MOVES_PATH "?item=%" G_GINT64_FORMAT, item);
  g_autofree char *w2_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/stock-moves?warehouse=%"
                                              G_GINT64_FORMAT, item, w2);
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) in_w2 = NULL;
  g_autoptr(JsonNode) all_stock = NULL;
  g_autoptr(JsonNode) paged_stock = NULL;
  g_autoptr(SanheTestResponse) bad_item = NULL;
  g_autoptr(SanheTestResponse) bad_after = NULL;
  JsonArray *array;
  gint64 previous = G_MAXINT64;

  json_node_unref (move (f, "receipt", item, w1, 0, "10", "1"));
  json_node_unref (move (f, "receipt", other, w1, 0, "10", "1"));
  json_node_unref (move (f, "issue", item, w1, 0, "1", NULL));
  json_node_unref (move (f, "transfer", item, w1, w2, "2", NULL));
  json_node_unref (move (f, "adjustment", item, w2, 0, "0.5", NULL));
  json_node_unref (move (f, "receipt", other, w2, 0, "3", "1"));

  /* Newest first, paged by id going down; only this item's moves. */
  history = sanhe_test_list_all (f->server, f->joe, history_path);
  array = json_node_get_array (history);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *m = json_array_get_object_element (array, i);

      g_assert_cmpint (sanhe_test_member_int (m, "id"), <, previous);
      g_assert_cmpint (sanhe_test_member_int (m, "item"), ==, item);
      previous = sanhe_test_member_int (m, "id");
    }
  listed = sanhe_test_list_all (f->server, f->admin, list_path);
  sanhe_test_assert_json_equal (history, listed, "the item's history against the filtered move list");
  in_w2 = sanhe_test_list_all (f->server, f->admin, w2_path);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (in_w2)), ==, 2);

  /* Balances page by (item, warehouse). */
  all_stock = sanhe_test_list_all (f->server, f->admin, "/api/v1/erp/stock");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all_stock)), ==, 4);
  paged_stock = sanhe_test_list_all (f->server, f->joe, "/api/v1/erp/stock?limit=1");
  sanhe_test_assert_json_equal (all_stock, paged_stock, "the paged stock against the whole");

  bad_item = sanhe_test_request (f->server, "GET", "/api/v1/erp/stock?item=HOSE", f->admin, NULL);
  sanhe_test_assert_error (bad_item, 400, "request.invalid");
  bad_after = sanhe_test_request (f->server, "GET", "/api/v1/erp/stock?after=7", f->admin, NULL);
  sanhe_test_assert_error (bad_after, 400, "request.invalid");
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  gint64 item = create_item (f, "TAP", "buy", "0");
  gint64 w1 = create_warehouse (f, "W1");
  g_autofree char *body = move_body ("receipt", item, w1, 0, "1", "1");
  g_autofree char *before = erp_snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(SanheTestResponse) joe = sanhe_test_request (f->server, "POST", MOVES_PATH, f->joe, body);
  g_autoptr(SanheTestResponse) paul = sanhe_test_request (f->server, "POST", MOVES_PATH, f->paul, body);
  g_autoptr(SanheTestResponse) wendy = NULL;
  g_autoptr(SanheTestResponse) joe_reads = NULL;

  sanhe_test_assert_error (joe, 403, "auth.forbidden");
  sanhe_test_assert_error (paul, 403, "auth.forbidden");
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  wendy = sanhe_test_request (f->server, "POST", MOVES_PATH, f->wendy, body);
  sanhe_test_assert_status (wendy, 201);
  joe_reads = sanhe_test_request (f->server, "GET", "/api/v1/erp/stock", f->joe, NULL);
  sanhe_test_assert_status (joe_reads, 200);
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/erp/stock/moves", test_moves);
  ADD_TEST ("/erp/stock/insufficient", test_insufficient);
  ADD_TEST ("/erp/stock/validation", test_validation);
  ADD_TEST ("/erp/stock/concurrent", test_concurrent);
  ADD_TEST ("/erp/stock/history-and-paging", test_history_and_paging);
  ADD_TEST ("/erp/stock/permissions", test_permissions);

  return g_test_run ();
}
