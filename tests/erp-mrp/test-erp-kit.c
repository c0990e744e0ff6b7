/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-kit"

#include "config.h"

#include <string.h>

#include "erp-mrp-fixture.h"

/*
 * Kit analysis of sales orders over HTTP on data/kit.json. Kit analysis
 * plans from today — current_date in the server's sessions, which run in
 * UTC — so the set is imported with day 0 = today's UTC date.
 *
 *   KFG make, lead 1, BOM: 2 KC1 + 1 KC2
 *   KC1 buy, lead 7, on hand 12; confirmed PO-K1: 10 on day 4
 *   KC2 buy, lead 3, on hand 10
 *   SO-K1: KFG 5 due day 5 (the smaller id: the import numbers orders by code)
 *   SO-K2: KFG 5 due day 3
 *   SO-K3: KFG 3 due day 7
 *
 * Stock goes to the earlier-due order first, whatever the ids:
 *   SO-K2 (nothing before it): KFG 5 to make → KC1 10 of 12 on hand,
 *     KC2 5 of 10: complete now. KFG itself can be there tomorrow (lead 1).
 *   SO-K1 (after SO-K2: KC1 2 left, KC2 5): KC1 10 = 2 on hand + 8 of
 *     PO-K1 (day 4); KC2 5 on hand: complete on day 4.
 *   SO-K3 (after both: KC1 0 and 2 of PO-K1 left, KC2 0): KC1 6 = 2 from
 *     PO-K1 + 4 to buy (lead 7: day 7); KC2 3 to buy (lead 3: day 3):
 *     short; KFG estimated on day 7 + 1 = 8.
 */

typedef struct
{
  const char *code;
  gint64 level;
  const char *required;
  const char *available;
  const char *shortage;
  const char *from_supply;
  const char *to_make;
  const char *to_buy;
  gint available_day;
} Component;

static char *
today (Fixture *f)
{
  return mrp_sql (f, "SELECT (now () AT TIME ZONE 'UTC')::date");
}

static char *
day (Fixture *f,
     gint     offset)
{
  return mrp_sql (f, "SELECT (now () AT TIME ZONE 'UTC')::date + %d", offset);
}

static gint64
order_id (Fixture    *f,
          const char *number)
{
  return mrp_sql_int (f, "SELECT id FROM erp.sales_orders WHERE number = '%s'", number);
}

static JsonNode *
kit (Fixture    *f,
     const char *token,
     const char *number)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_requestf (f->server, "GET", token, NULL,
                                                        "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/kit-analysis",
                                                        order_id (f, number));

  g_autofree char *text = NULL;

  sanhe_test_assert_status (r, 200);
  text = sanhe_test_to_string (r->body);
  g_test_message ("kit analysis of %s: %s", number, text);
  return json_node_ref (r->body);
}

static void
assert_quantities (Fixture         *f,
                   JsonObject      *row,
                   const Component *want)
{
  g_autofree char *available_on = day (f, want->available_day);

  g_test_message ("component %s", want->code);
  g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (row, "item"), "code"), ==, want->code);
  g_assert_cmpint (sanhe_test_member_int (row, "level"), ==, want->level);
  g_assert_cmpstr (sanhe_test_member_string (row, "required"), ==, want->required);
  g_assert_cmpstr (sanhe_test_member_string (row, "available"), ==, want->available);
  g_assert_cmpstr (sanhe_test_member_string (row, "short"), ==, want->shortage);
  g_assert_cmpstr (sanhe_test_member_string (row, "from_supply"), ==, want->from_supply);
  g_assert_cmpstr (sanhe_test_member_string (row, "to_make"), ==, want->to_make);
  g_assert_cmpstr (sanhe_test_member_string (row, "to_buy"), ==, want->to_buy);
  g_assert_cmpstr (sanhe_test_member_string (row, "available_on"), ==, available_on);
}

/* The answer: status, date, the per-component totals in order, and the
 * one-line tree (KFG with KC1 and KC2 under it) agreeing with them. */
static void
assert_kit (Fixture         *f,
            JsonNode        *answer,
            const char      *number,
            const char      *status,
            gint             complete_day,
            const Component *want,
            guint            n_want)
{
  JsonObject *object = json_node_get_object (answer);
  JsonArray *components = json_object_get_array_member (object, "components");
  JsonArray *lines = json_object_get_array_member (object, "lines");
  g_autofree char *complete_on = day (f, complete_day);
  JsonObject *top;
  JsonArray *children;

  g_assert_cmpint (sanhe_test_member_int (object, "sales_order"), ==, order_id (f, number));
  g_assert_cmpstr (sanhe_test_member_string (object, "status"), ==, status);
  g_assert_cmpstr (sanhe_test_member_string (object, "complete_on"), ==, complete_on);

  g_assert_nonnull (components);
  g_assert_cmpuint (json_array_get_length (components), ==, n_want);
  for (guint i = 0; i < n_want; i++)
    assert_quantities (f, json_array_get_object_element (components, i), &want[i]);

  g_assert_nonnull (lines);
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  top = json_array_get_object_element (lines, 0);
  g_assert_cmpint (sanhe_test_member_int (top, "line"), ==, 1);
  assert_quantities (f, top, &want[0]);
  children = json_object_get_array_member (top, "children");
  g_assert_cmpuint (json_array_get_length (children), ==, n_want - 1);
  for (guint i = 1; i < n_want; i++)
    {
      JsonObject *child = json_array_get_object_element (children, i - 1);

      assert_quantities (f, child, &want[i]);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (child, "children")), ==, 0);
    }
}

static void
import_kit (Fixture *f)
{
  g_autofree char *day0 = today (f);

  mrp_import_ok (f, "kit.json", day0);
  /* SO-K1 has the smaller id, so due dates, not ids, order the orders. */
  g_assert_cmpint (order_id (f, "SO-K1"), <, order_id (f, "SO-K2"));
}

static void
test_kit_orders (Fixture       *f,
                 gconstpointer  data)
{
  static const Component early[] = {
    { "KFG", 0, "5.0000",  "0.0000",  "5.0000", "0.0000", "5.0000", "0.0000", 1 },
    { "KC1", 1, "10.0000", "10.0000", "0.0000", "0.0000", "0.0000", "0.0000", 0 },
    { "KC2", 1, "5.0000",  "5.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  static const Component later[] = {
    { "KFG", 0, "5.0000",  "0.0000",  "5.0000", "0.0000", "5.0000", "0.0000", 5 },
    { "KC1", 1, "10.0000", "2.0000",  "8.0000", "8.0000", "0.0000", "0.0000", 4 },
    { "KC2", 1, "5.0000",  "5.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  static const Component last[] = {
    { "KFG", 0, "3.0000",  "0.0000",  "3.0000", "0.0000", "3.0000", "0.0000", 8 },
    { "KC1", 1, "6.0000",  "0.0000",  "6.0000", "2.0000", "0.0000", "4.0000", 7 },
    { "KC2", 1, "3.0000",  "0.0000",  "3.0000", "0.0000", "0.0000", "3.0000", 3 },
  };
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;

  import_kit (f);

  /* joe sells: he reads kit analyses. */
  a1 = kit (f, f->joe, "SO-K2");
  a2 = kit (f, f->joe, "SO-K1");
  a3 = kit (f, f->paul, "SO-K3");
  assert_kit (f, a1, "SO-K2", "complete_now", 0, early, G_N_ELEMENTS (early));
  assert_kit (f, a2, "SO-K1", "complete_on", 4, later, G_N_ELEMENTS (later));
  assert_kit (f, a3, "SO-K3", "short", 8, last, G_N_ELEMENTS (last));
}

/* Taking the earlier order away gives its stock to the next one. */
static void
test_kit_earlier_order_first (Fixture       *f,
                              gconstpointer  data)
{
  static const Component later_alone[] = {
    { "KFG", 0, "5.0000",  "0.0000",  "5.0000", "0.0000", "5.0000", "0.0000", 1 },
    { "KC1", 1, "10.0000", "10.0000", "0.0000", "0.0000", "0.0000", "0.0000", 0 },
    { "KC2", 1, "5.0000",  "5.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  /* SO-K3 after SO-K1 alone: KC1 2 on hand + 3·2 − 2 = 4 from PO-K1 (day 4),
   * KC2 5 on hand of 3: complete on day 4. */
  static const Component last_after_later[] = {
    { "KFG", 0, "3.0000",  "0.0000",  "3.0000", "0.0000", "3.0000", "0.0000", 5 },
    { "KC1", 1, "6.0000",  "2.0000",  "4.0000", "4.0000", "0.0000", "0.0000", 4 },
    { "KC2", 1, "3.0000",  "3.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  g_autoptr(SanheTestResponse) cancelled = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;

  import_kit (f);
  cancelled = sanhe_test_requestf (f->server, "POST", f->admin, "{}", "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/cancel",
                                   order_id (f, "SO-K2"));
  sanhe_test_assert_status (cancelled, 200);

  a2 = kit (f, f->admin, "SO-K1");
  a3 = kit (f, f->admin, "SO-K3");
  assert_kit (f, a2, "SO-K1", "complete_now", 0, later_alone, G_N_ELEMENTS (later_alone));
  assert_kit (f, a3, "SO-K3", "complete_on", 4, last_after_later, G_N_ELEMENTS (last_after_later));
}

/* A draft purchase order promises nothing; a confirmed one is supply. */
static void
test_kit_open_supply (Fixture       *f,
                      gconstpointer  data)
{
  static const Component k3_confirmed[] = {
    { "KFG", 0, "3.0000",  "0.0000",  "3.0000", "0.0000", "3.0000", "0.0000", 8 },
    { "KC1", 1, "6.0000",  "0.0000",  "6.0000", "2.0000", "0.0000", "4.0000", 7 },
    { "KC2", 1, "3.0000",  "0.0000",  "3.0000", "3.0000", "0.0000", "0.0000", 1 },
  };
  g_autofree char *due = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SanheTestResponse) created = NULL;
  g_autoptr(SanheTestResponse) confirmed = NULL;
  g_autoptr(JsonNode) draft = NULL;
  g_autoptr(JsonNode) open = NULL;
  gint64 po;

  import_kit (f);
  due = day (f, 1);
  body = g_strdup_printf ("{\"supplier\": %" G_GINT64_FORMAT ", \"lines\": [{\"item\": %" G_GINT64_FORMAT ", "
                          "\"qty\": \"10\", \"price\": \"2\", \"expected_date\": \"%s\"}]}",
                          mrp_sql_int (f, "SELECT id FROM erp.suppliers WHERE code = 'KS'"), mrp_item_id (f, "KC2"), due);
  created = sanhe_test_request (f->server, "POST", "/api/v1/erp/purchase-orders", f->admin, body);
  sanhe_test_assert_status (created, 201);
  po = sanhe_test_member_int (sanhe_test_object (created), "id");

  draft = kit (f, f->admin, "SO-K3");
  g_assert_cmpstr (sanhe_test_member_string (json_node_get_object (draft), "status"), ==, "short");
  assert_quantities (f, json_array_get_object_element (json_object_get_array_member (json_node_get_object (draft),
                                                                                     "components"), 2),
                     &(Component) { "KC2", 1, "3.0000", "0.0000", "3.0000", "0.0000", "0.0000", "3.0000", 3 });

  confirmed = sanhe_test_requestf (f->server, "POST", f->admin, "{}", "/api/v1/erp/purchase-orders/%" G_GINT64_FORMAT "/confirm",
                                   po);
  sanhe_test_assert_status (confirmed, 200);
  open = kit (f, f->admin, "SO-K3");
  assert_kit (f, open, "SO-K3", "short", 8, k3_confirmed, G_N_ELEMENTS (k3_confirmed));
}

/* Creates a make item @code whose BOM is @qty of KC1, and a planned
 * production task of @task_qty of it due on day @due_day. */
static gint64
task_on_kc1 (Fixture    *f,
             const char *code,
             const char *qty,
             const char *task_qty,
             gint        due_day)
{
  g_autofree char *item_body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"%s\", \"kind\": \"make\"}", code, code);
  g_autoptr(SanheTestResponse) item = sanhe_test_request (f->server, "POST", "/api/v1/erp/items", f->admin, item_body);
  g_autofree char *bom = NULL;
  g_autofree char *due = day (f, due_day);
  g_autofree char *task_body = NULL;
  g_autoptr(SanheTestResponse) put = NULL;
  g_autoptr(SanheTestResponse) task = NULL;
  gint64 item_id;

  sanhe_test_assert_status (item, 201);
  item_id = sanhe_test_member_int (sanhe_test_object (item), "id");
  bom = g_strdup_printf ("{\"version\": 1, \"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"%s\"}]}",
                         mrp_item_id (f, "KC1"), qty);
  put = sanhe_test_requestf (f->server, "PUT", f->admin, bom, "/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", item_id);
  sanhe_test_assert_status (put, 200);
  task_body = g_strdup_printf ("{\"item\": %" G_GINT64_FORMAT ", \"qty\": \"%s\", \"due_date\": \"%s\"}",
                               item_id, task_qty, due);
  task = sanhe_test_request (f->server, "POST", "/api/v1/erp/production-tasks", f->admin, task_body);
  sanhe_test_assert_status (task, 201);
  return sanhe_test_member_int (sanhe_test_object (task), "id");
}

/*
 * An open production task has spoken for its components (nothing is
 * issued to it yet): a task making 4 KPART of 1 KC1 each leaves SO-K2 8
 * of the 12 KC1 on hand, so 2 come from PO-K1 on day 4 — complete on
 * day 4, KFG on day 5. Cancelled, the task gives them back.
 */
static void
test_kit_open_task_takes_components (Fixture       *f,
                                     gconstpointer  data)
{
  static const Component after_task[] = {
    { "KFG", 0, "5.0000",  "0.0000",  "5.0000", "0.0000", "5.0000", "0.0000", 5 },
    { "KC1", 1, "10.0000", "8.0000",  "2.0000", "2.0000", "0.0000", "0.0000", 4 },
    { "KC2", 1, "5.0000",  "5.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  static const Component without_task[] = {
    { "KFG", 0, "5.0000",  "0.0000",  "5.0000", "0.0000", "5.0000", "0.0000", 1 },
    { "KC1", 1, "10.0000", "10.0000", "0.0000", "0.0000", "0.0000", "0.0000", 0 },
    { "KC2", 1, "5.0000",  "5.0000",  "0.0000", "0.0000", "0.0000", "0.0000", 0 },
  };
  g_autoptr(JsonNode) with = NULL;
  g_autoptr(JsonNode) without = NULL;
  g_autoptr(SanheTestResponse) cancelled = NULL;
  gint64 task;

  import_kit (f);
  task = task_on_kc1 (f, "KPART", "1", "4", 20);

  with = kit (f, f->admin, "SO-K2");
  assert_kit (f, with, "SO-K2", "complete_on", 4, after_task, G_N_ELEMENTS (after_task));

  cancelled = sanhe_test_requestf (f->server, "POST", f->admin, "{}",
                                   "/api/v1/erp/production-tasks/%" G_GINT64_FORMAT "/cancel", task);
  sanhe_test_assert_status (cancelled, 200);
  without = kit (f, f->admin, "SO-K2");
  assert_kit (f, without, "SO-K2", "complete_now", 0, without_task, G_N_ELEMENTS (without_task));
}

/* Between tasks, the one due first takes first; a task never competes
 * with itself. Two tasks want 8 KC1 each of the 12 on hand (SO lines due
 * before them take theirs first: none here, the orders are cancelled). */
static void
test_kit_tasks_in_due_order (Fixture       *f,
                             gconstpointer  data)
{
  const char *orders[] = { "SO-K1", "SO-K2", "SO-K3" };
  gint64 early, late;
  g_autoptr(SanheTestResponse) r_early = NULL;
  g_autoptr(SanheTestResponse) r_late = NULL;
  JsonObject *kc1_early, *kc1_late;

  import_kit (f);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(SanheTestResponse) cancelled =
        sanhe_test_requestf (f->server, "POST", f->admin, "{}", "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/cancel",
                             order_id (f, orders[i]));

      sanhe_test_assert_status (cancelled, 200);
    }
  late = task_on_kc1 (f, "KLATE", "2", "4", 12);
  early = task_on_kc1 (f, "KEARLY", "2", "4", 6);

  r_early = sanhe_test_requestf (f->server, "GET", f->admin, NULL,
                                 "/api/v1/erp/production-tasks/%" G_GINT64_FORMAT "/kit-analysis", early);
  r_late = sanhe_test_requestf (f->server, "GET", f->admin, NULL,
                                "/api/v1/erp/production-tasks/%" G_GINT64_FORMAT "/kit-analysis", late);
  sanhe_test_assert_status (r_early, 200);
  sanhe_test_assert_status (r_late, 200);
  kc1_early = json_array_get_object_element (json_object_get_array_member (sanhe_test_object (r_early), "components"), 0);
  kc1_late = json_array_get_object_element (json_object_get_array_member (sanhe_test_object (r_late), "components"), 0);

  /* The early task (created second) has 8 of the 12; the late one the 4
   * left and 4 from PO-K1 on day 4. */
  g_assert_cmpstr (sanhe_test_member_string (kc1_early, "available"), ==, "8.0000");
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (r_early), "status"), ==, "complete_now");
  g_assert_cmpstr (sanhe_test_member_string (kc1_late, "available"), ==, "4.0000");
  g_assert_cmpstr (sanhe_test_member_string (kc1_late, "from_supply"), ==, "4.0000");
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (r_late), "status"), ==, "complete_on");
}

static void
test_kit_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SanheTestResponse) unknown = NULL;
  g_autoptr(SanheTestResponse) anonymous = NULL;

  import_kit (f);
  unknown = sanhe_test_request (f->server, "GET", "/api/v1/erp/sales-orders/999999/kit-analysis", f->admin, NULL);
  sanhe_test_assert_error (unknown, 404, "erp.sales_order.not_found");
  anonymous = sanhe_test_requestf (f->server, "GET", NULL, NULL, "/api/v1/erp/sales-orders/%" G_GINT64_FORMAT "/kit-analysis",
                                   order_id (f, "SO-K2"));
  sanhe_test_assert_status (anonymous, 401);
}

int
main (int    argc,
      char **argv)
{
  mrp_test_init (&argc, &argv);

  ADD_TEST ("/erp-mrp/kit/orders", test_kit_orders);
  ADD_TEST ("/erp-mrp/kit/earlier-order-first", test_kit_earlier_order_first);
  ADD_TEST ("/erp-mrp/kit/open-supply", test_kit_open_supply);
  ADD_TEST ("/erp-mrp/kit/open-task-takes-components", test_kit_open_task_takes_components);
  ADD_TEST ("/erp-mrp/kit/tasks-in-due-order", test_kit_tasks_in_due_order);
  ADD_TEST ("/erp-mrp/kit/errors", test_kit_errors);

  return g_test_run ();
}
