/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-approvals-panel"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sanhe-test-client.h"
#include "sanhe-test-server.h"

/*
 * A record's approvals panel in the real `sanhe` binary against a real
 * server (--demo) under Xvfb.
 *
 * Paul (planner) orders 40 valves (PO, 5020.00) and asks for its approval
 * over HTTP, with the order as the subject. His client, on that order's
 * editor, lists the request, in approval, with its history (a screenshot
 * in each language). Then, with his client open and nobody clicking, his
 * manager Lucas approves it over HTTP: the panel must turn to Approved,
 * carried by the server's events. Wendy (warehouse) reads purchase orders
 * but takes no part: with the order on her screen, Paul asks again, and
 * her panel lists the new request by itself — her client watches the
 * order's topic on its event socket.
 *
 * Joe (sales) opens "Request Approval…" on his sales order with a process
 * whose form has a customer, a person and a department: the pickers
 * search the server and are filled (a screenshot in each language); then
 * he submits, and the request the server stored holds the ids he chose
 * and the order as its subject.
 *
 * Environment from meson: SANHE_CLIENT_BINARY, SANHE_SERVER_BINARY,
 * GSETTINGS_SCHEMA_DIR, SANHE_LOCALEDIR, SANHE_SCREENSHOT_DIR;
 * SANHE_TEST_DATABASE_URL from tests/with-pg.sh.
 */

/* A process whose form has every kind of picker, named in three languages. */
#define DEAL_REVIEW \
  "{\"key\":\"deal_review\",\"name\":\"Deal review\"," \
  " \"translations\":{\"zh_CN\":\"交易评审\",\"es\":\"Revisión de la operación\"}," \
  " \"form\":[" \
  "  {\"name\":\"title\",\"type\":\"text\",\"label\":\"Deal\",\"required\":true," \
  "   \"translations\":{\"zh_CN\":\"交易\",\"es\":\"Operación\"}}," \
  "  {\"name\":\"customer\",\"type\":\"customer\",\"label\":\"Customer\",\"required\":true," \
  "   \"translations\":{\"zh_CN\":\"客户\",\"es\":\"Cliente\"}}," \
  "  {\"name\":\"owner\",\"type\":\"user\",\"label\":\"Account manager\",\"required\":true," \
  "   \"translations\":{\"zh_CN\":\"客户经理\",\"es\":\"Responsable de la cuenta\"}}," \
  "  {\"name\":\"department\",\"type\":\"department\",\"label\":\"Delivering department\"," \
  "   \"translations\":{\"zh_CN\":\"交付部门\",\"es\":\"Departamento que entrega\"}}," \
  "  {\"name\":\"channel\",\"type\":\"choice\",\"label\":\"Channel\"," \
  "   \"translations\":{\"zh_CN\":\"渠道\",\"es\":\"Canal\"}," \
  "   \"options\":[{\"value\":\"direct\",\"label\":\"Direct sale\"," \
  "                 \"translations\":{\"zh_CN\":\"直销\",\"es\":\"Venta directa\"}}," \
  "                {\"value\":\"dealer\",\"label\":\"Through a dealer\"," \
  "                 \"translations\":{\"zh_CN\":\"经销商\",\"es\":\"A través de un distribuidor\"}}]}," \
  "  {\"name\":\"amount\",\"type\":\"money\",\"label\":\"Amount\",\"required\":true," \
  "   \"translations\":{\"zh_CN\":\"金额\",\"es\":\"Importe\"}}]," \
  " \"nodes\":[{\"id\":\"start\",\"type\":\"start\"}," \
  "  {\"id\":\"manager\",\"type\":\"approval\",\"name\":\"Manager\",\"assignee\":{\"rule\":\"manager\"},\"mode\":\"any\"}," \
  "  {\"id\":\"end\",\"type\":\"end\"}]," \
  " \"edges\":[{\"from\":\"start\",\"to\":\"manager\"},{\"from\":\"manager\",\"to\":\"end\"}]}"

static SanheTestServer *server;
static char *paul_token;
static char *lucas_token;
static char *joe_token;
static gint64 purchase_order;
static gint64 sales_order;
static gint64 customer;
static gint64 request;
static char *request_number;

static SanheTestClient *
spawn_client (const char *language,
              const char *login,
              const char *page,
              const char *script,
              const char *screenshot)
{
  const char * const env[] = {
    "SANHE_SCREENSHOT", screenshot,
    "SANHE_SCREENSHOT_PAGE", page,
    /* Each list holds the one order made below. */
    "SANHE_SCREENSHOT_SELECT", "0",
    "SANHE_SCREENSHOT_APPROVALS", script,
    NULL
  };

  return sanhe_test_client_spawn (server, login, NULL, language, SANHE_TEST_CLIENT_DEFAULT, env);
}

/* Runs a client to its end; returns its stdout. */
static char *
run_client (const char *language,
            const char *login,
            const char *page,
            const char *script,
            const char *screenshot)
{
  g_autoptr(SanheTestClient) client = spawn_client (language, login, page, script, screenshot);
  const char *out;

  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  out = sanhe_test_client_get_output (client);
  g_assert_nonnull (strstr (out, "screenshot saved"));

  return g_strdup (out);
}

static gint64
create (const char *token,
        const char *path,
        const char *body)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_request (server, "POST", path, token, body);

  sanhe_test_assert_status (r, 201);
  return sanhe_test_member_int (sanhe_test_object (r), "id");
}

/* The id of the one colleague whose login is @login. */
static gint64
user_id (const char *login)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_requestf (server, "GET", joe_token, NULL,
                                                        "/api/v1/directory/users?q=%s", login);
  g_autoptr(JsonNode) items = NULL;

  sanhe_test_assert_status (r, 200);
  items = json_node_copy (json_object_get_member (sanhe_test_object (r), "items"));
  return sanhe_test_member_int (sanhe_test_find_by_string (items, "login", login), "id");
}

static gint64
department_id (const char *name)
{
  g_autoptr(JsonNode) all = sanhe_test_list_all (server, joe_token, "/api/v1/departments");

  return sanhe_test_member_int (sanhe_test_find_by_string (all, "name", name), "id");
}

static void
create_orders (void)
{
  g_autofree char *po = NULL;
  g_autofree char *so = NULL;
  g_autofree char *ask = NULL;
  g_autoptr(SanheTestResponse) asked = NULL;
  g_autoptr(SanheTestResponse) saved = NULL;
  g_autofree char *admin = sanhe_test_login (server, "admin", server->admin_password);
  gint64 item, supplier;

  item = create (paul_token, "/api/v1/erp/items",
                 "{\"code\":\"VLV-100\",\"name\":\"Hydraulic valve DN25\",\"kind\":\"buy\",\"unit\":\"pcs\"}");
  supplier = create (paul_token, "/api/v1/erp/suppliers", "{\"code\":\"S-NBV\",\"name\":\"Ningbo Valve Works\"}");
  po = g_strdup_printf ("{\"supplier\":%" G_GINT64_FORMAT ",\"lines\":[{\"item\":%" G_GINT64_FORMAT ","
                        "\"qty\":\"40\",\"price\":\"125.50\",\"expected_date\":\"2026-06-01\"}]}", supplier, item);
  purchase_order = create (paul_token, "/api/v1/erp/purchase-orders", po);

  customer = create (joe_token, "/api/v1/crm/customers", "{\"code\":\"C-ACME\",\"name\":\"Acme Machinery\"}");
  so = g_strdup_printf ("{\"customer\":%" G_GINT64_FORMAT ",\"lines\":[{\"item\":%" G_GINT64_FORMAT ","
                        "\"qty\":\"12\",\"price\":\"980.00\",\"due_date\":\"2026-09-30\"}]}", customer, item);
  sales_order = create (joe_token, "/api/v1/erp/sales-orders", so);

  /* Paul asks for the purchase order's approval, the order as its subject. */
  ask = g_strdup_printf ("{\"process\":\"purchase_request\",\"form\":{\"item\":\"Hydraulic valve DN25\","
                         "\"quantity\":\"40\",\"amount\":\"5020.00\",\"reason\":\"Stock for the June orders\"},"
                         "\"subject\":{\"type\":\"erp.purchase_order\",\"id\":%" G_GINT64_FORMAT "}}", purchase_order);
  asked = sanhe_test_request (server, "POST", "/api/v1/oa/requests", paul_token, ask);
  sanhe_test_assert_status (asked, 201);
  request = sanhe_test_member_int (sanhe_test_object (asked), "id");
  request_number = g_strdup (sanhe_test_member_string (sanhe_test_object (asked), "number"));

  saved = sanhe_test_request (server, "POST", "/api/v1/oa/processes", admin, DEAL_REVIEW);
  sanhe_test_assert_status (saved, 201);
}

/* Paul's purchase order: the request, in approval, with its history. */
static void
test_panel_screenshot (gconstpointer data)
{
  const char *language = data;
  g_autofree char *name = g_strdup_printf ("approvals-panel-%s.png", language);
  g_autofree char *path = sanhe_test_screenshot_path (name);
  g_autofree char *line = g_strdup_printf ("approvals: %s purchase_request pending", request_number);
  g_autofree char *out = run_client (language, "paul", "erp-purchase-orders", "pending", path);

  g_assert_nonnull (strstr (out, "approvals: 1 requests"));
  g_assert_nonnull (strstr (out, line));
  sanhe_test_assert_png (path, 20000, 800, 600);
}

/* Lucas approves while Paul looks: the panel turns to Approved by itself. */
static void
test_panel_live (void)
{
  g_autofree char *path = sanhe_test_screenshot_path ("approvals-panel-live.png");
  g_autofree char *approved = g_strdup_printf ("approvals: %s purchase_request approved", request_number);
  g_autoptr(SanheTestClient) client = spawn_client ("en", "paul", "erp-purchase-orders", "approved", path);
  g_autoptr(SanheTestResponse) got = NULL;
  g_autoptr(SanheTestResponse) decided = NULL;
  JsonArray *tasks;
  gint64 task;

  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "approvals: waiting for approved", 0));

  got = sanhe_test_requestf (server, "GET", paul_token, NULL, "/api/v1/oa/requests/%" G_GINT64_FORMAT, request);
  sanhe_test_assert_status (got, 200);
  tasks = json_object_get_array_member (sanhe_test_object (got), "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, 1);
  task = json_object_get_int_member (json_array_get_object_element (tasks, 0), "id");

  g_assert_nonnull (sanhe_test_client_wait_line (client, "events: connected", 0));
  decided = sanhe_test_requestf (server, "POST", lucas_token, "{\"comment\":\"OK, within budget\"}",
                                 "/api/v1/oa/tasks/%" G_GINT64_FORMAT "/approve", task);
  sanhe_test_assert_status (decided, 200);

  /* No click: only the oa.request.updated event can bring this. */
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, approved, 0));
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "screenshot saved", 0));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  sanhe_test_assert_png (path, 20000, 800, 600);
}

/* Wendy, a bystander, sees Paul's new request appear on the order she
 * is looking at, in Chinese, without a click. */
static void
test_panel_bystander (void)
{
  g_autofree char *path = sanhe_test_screenshot_path ("approvals-panel-bystander.png");
  g_autofree char *watching = g_strdup_printf ("events: watching erp.purchase_order:%" G_GINT64_FORMAT,
                                               purchase_order);
  g_autoptr(SanheTestClient) client = spawn_client ("zh_CN", "wendy", "erp-purchase-orders", "pending", path);
  g_autoptr(SanheTestResponse) asked = NULL;
  g_autofree char *ask = NULL;
  g_autofree char *listed = NULL;

  /* The one request so far is approved: the panel waits for a pending one. */
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "approvals: waiting for pending", 0));
  /* From the server's answer on, the order's events reach her. */
  g_assert_nonnull (sanhe_test_client_wait_line (client, watching, 0));

  ask = g_strdup_printf ("{\"process\":\"purchase_request\",\"form\":{\"item\":\"Hydraulic valve DN25\","
                         "\"quantity\":\"10\",\"amount\":\"1255.00\",\"reason\":\"Ten more for July\"},"
                         "\"subject\":{\"type\":\"erp.purchase_order\",\"id\":%" G_GINT64_FORMAT "}}",
                         purchase_order);
  asked = sanhe_test_request (server, "POST", "/api/v1/oa/requests", paul_token, ask);
  sanhe_test_assert_status (asked, 201);
  listed = g_strdup_printf ("approvals: %s purchase_request pending",
                            sanhe_test_member_string (sanhe_test_object (asked), "number"));

  g_assert_nonnull (sanhe_test_client_wait_next_line (client, listed, 0));
  g_assert_nonnull (sanhe_test_client_wait_next_line (client, "screenshot saved", 0));
  g_assert_cmpint (sanhe_test_client_wait_exit (client, 0), ==, 0);
  sanhe_test_assert_png (path, 20000, 800, 600);
}

/* Joe's "Request Approval…" on his sales order, the pickers filled by
 * searching as a user types. */
static void
test_pickers_screenshot (gconstpointer data)
{
  const char *language = data;
  g_autofree char *name = g_strdup_printf ("approvals-dialog-%s.png", language);
  g_autofree char *path = sanhe_test_screenshot_path (name);
  g_autofree char *out = run_client (language, "joe", "erp-sales-orders",
                                     "request:deal_review:customer=acme,owner=ben,department=sales", path);
  g_autofree char *picked_customer = g_strdup_printf ("approvals: picked customer #%" G_GINT64_FORMAT " Acme Machinery", customer);
  g_autofree char *picked_owner = g_strdup_printf ("approvals: picked owner #%" G_GINT64_FORMAT " Ben Li", user_id ("ben"));
  g_autofree char *picked_department = g_strdup_printf ("approvals: picked department #%" G_GINT64_FORMAT " Sales",
                                                        department_id ("Sales"));

  g_assert_nonnull (strstr (out, picked_customer));
  g_assert_nonnull (strstr (out, picked_owner));
  g_assert_nonnull (strstr (out, picked_department));
  sanhe_test_assert_png (path, 20000, 400, 300);
}

/* What the client sends for a picker is the id the user chose. */
static void
test_pickers_submit (void)
{
  g_autofree char *path = sanhe_test_screenshot_path ("approvals-submitted.png");
  g_autofree char *out = run_client ("en", "joe", "erp-sales-orders",
                                     "request:deal_review:owner=lucas,department=production:submit", path);
  const char *submitted = strstr (out, "approvals: submitted ");
  g_autofree char *number = NULL;
  g_autoptr(SanheTestResponse) listed = NULL;
  g_autoptr(JsonNode) items = NULL;
  JsonObject *stored, *form, *subject;

  g_assert_nonnull (submitted);
  number = g_strndup (submitted + strlen ("approvals: submitted "),
                      strcspn (submitted + strlen ("approvals: submitted "), "\n"));

  listed = sanhe_test_requestf (server, "GET", joe_token, NULL,
                                "/api/v1/oa/requests?subject=erp.sales_order:%" G_GINT64_FORMAT, sales_order);
  sanhe_test_assert_status (listed, 200);
  items = json_node_copy (json_object_get_member (sanhe_test_object (listed), "items"));
  stored = sanhe_test_find_by_string (items, "number", number);
  g_assert_nonnull (stored);
  g_assert_cmpstr (sanhe_test_member_string (stored, "process"), ==, "deal_review");

  form = json_object_get_object_member (stored, "form");
  /* The customer came prefilled from the order, the others were picked. */
  g_assert_cmpint (sanhe_test_member_int (form, "customer"), ==, customer);
  g_assert_cmpint (sanhe_test_member_int (form, "owner"), ==, user_id ("lucas"));
  g_assert_cmpint (sanhe_test_member_int (form, "department"), ==, department_id ("Production"));
  /* The order's total, 12 × 980.00, as the form sends a decimal. */
  g_assert_cmpstr (sanhe_test_member_string (form, "amount"), ==, "11760");

  subject = json_object_get_object_member (stored, "subject");
  g_assert_cmpstr (sanhe_test_member_string (subject, "type"), ==, "erp.sales_order");
  g_assert_cmpint (sanhe_test_member_int (subject, "id"), ==, sales_order);
  sanhe_test_assert_png (path, 20000, 800, 600);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const languages[] = { "en", "zh_CN", "es" };
  const char * const server_args[] = { "--demo", NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = sanhe_test_server_start (server_args);
  g_assert_nonnull (server);
  paul_token = sanhe_test_login (server, "paul", "sanhe-demo");
  lucas_token = sanhe_test_login (server, "lucas", "sanhe-demo");
  joe_token = sanhe_test_login (server, "joe", "sanhe-demo");
  g_assert_nonnull (paul_token);
  g_assert_nonnull (lucas_token);
  g_assert_nonnull (joe_token);
  create_orders ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/approvals/panel/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_panel_screenshot);
    }
  /* After the screenshots (GTest runs suites in this order): it
   * approves the request. */
  g_test_add_func ("/ui/approvals/live/approve", test_panel_live);
  g_test_add_func ("/ui/approvals/live/bystander", test_panel_bystander);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/approvals/pickers/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_pickers_screenshot);
    }
  g_test_add_func ("/ui/approvals/pickers/submit", test_pickers_submit);

  status = g_test_run ();
  sanhe_test_server_stop (server);
  g_free (paul_token);
  g_free (lucas_token);
  g_free (joe_token);
  g_free (request_number);

  return status;
}
