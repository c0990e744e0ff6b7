/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-mrp-accept"

#include "config.h"

#include <string.h>

#include "erp-mrp-fixture.h"

/*
 * Accepting suggestions of a run on data/mrp.json (day 0 = 2026-05-04; the
 * run's seventeen suggestions and how they come about are worked out in
 * test-erp-mrp.c). By sequence number:
 *
 *    1 production FGA  3       due 05-04     10 purchase RAWQ 50      due 05-09 (S2)
 *    2 production FGA  5       due 05-10     11 purchase RAWQ 50      due 05-13 (S2)
 *    3 production FGB 10       due 05-10     12 purchase RAWP 25      due 05-05 (S1)
 *    4 production FGB 10       due 05-14     13 purchase RAWP 25      due 05-06 (S1)
 *    5 purchase   RAWS 6       due 05-04 (S2) 14 purchase RAWR 3.3889 due 05-04 (none)
 *    6 production SUBX 2       due 05-04     15 purchase RAWR 6.9445 due 05-05 (none)
 *    7 production SUBX 4       due 05-08     16 purchase RAWR 6.9445 due 05-06 (none)
 *    8 production SUBX 10      due 05-09     17 purchase RAWR 6.9445 due 05-10 (none)
 *    9 production SUBX 10      due 05-13
 *
 * Standard costs (the draft lines' prices): RAWP 1.5, RAWQ 2.25, RAWR 0.8,
 * RAWS 4.
 */

#define DAY0 "2026-05-04"

typedef struct
{
  guint seq;
  const char *item;
  const char *qty;
  const char *due;
  const char *price;   /* purchases */
  const char *supplier;
} Planned;

static const Planned planned[] = {
  {  1, "FGA",  "3.0000",  "2026-05-04", NULL, NULL },
  {  2, "FGA",  "5.0000",  "2026-05-10", NULL, NULL },
  {  3, "FGB",  "10.0000", "2026-05-10", NULL, NULL },
  {  4, "FGB",  "10.0000", "2026-05-14", NULL, NULL },
  {  5, "RAWS", "6.0000",  "2026-05-04", "4.0000", "S2" },
  {  6, "SUBX", "2.0000",  "2026-05-04", NULL, NULL },
  {  7, "SUBX", "4.0000",  "2026-05-08", NULL, NULL },
  {  8, "SUBX", "10.0000", "2026-05-09", NULL, NULL },
  {  9, "SUBX", "10.0000", "2026-05-13", NULL, NULL },
  { 10, "RAWQ", "50.0000", "2026-05-09", "2.2500", "S2" },
  { 11, "RAWQ", "50.0000", "2026-05-13", "2.2500", "S2" },
  { 12, "RAWP", "25.0000", "2026-05-05", "1.5000", "S1" },
  { 13, "RAWP", "25.0000", "2026-05-06", "1.5000", "S1" },
  { 14, "RAWR", "3.3889",  "2026-05-04", "0.8000", "S1" },  /* S1 once RAWR gets a supplier */
  { 15, "RAWR", "6.9445",  "2026-05-05", "0.8000", "S1" },
  { 16, "RAWR", "6.9445",  "2026-05-06", "0.8000", "S1" },
  { 17, "RAWR", "6.9445",  "2026-05-10", "0.8000", "S1" },
};

/*
 * The second run, after accepting 1 (FGA 3 on day 0), 10 (RAWQ 50 on day 5)
 * and 12 (RAWP 25 on day 1), which now count as supply (a planned task and
 * two draft purchase orders). The new task T (TASK below: its number is
 * known at run time) has issued nothing, so its components are
 * demand, as FGA's first order's were: SUBX 6 and RAWP 3 on day 0, now
 * pegged to T instead of SO-M1/1.
 *   FGA: day 0: 0 + 3 − 3 = 0, no order; day 6: the same order 5 as before.
 *   FGB, RAWS: unchanged.
 *   SUBX: as before, X1 2 on day 0 now [T 2] (T's 6 take the 4 on hand).
 *   RAWQ: day 5: 50 (draft) − 30 = 20; day 9: −10 → 50, release day 5;
 *     the draft takes day 5's 30 and 20 of day 9's, the new order 10
 *     → [d4 1·10/10 = 1].
 *   RAWP: as before, the draft of 25 on day 1 in P1's place: no order on
 *     day 1, and P2 on day 2 takes the same share of the same needs.
 *   RAWR: as before, X1's 1.3889 pegged to T.
 */
static const char * const second_run[] = {
  "production FGA 5.0000 due 2026-05-10 release 2026-05-08 late 0 [SO-M2/1 5.0000]",
  "production FGB 10.0000 due 2026-05-10 release 2026-05-09 late 0 [SO-M2/2 7.0000, SO-M3/1 3.0000]",
  "production FGB 10.0000 due 2026-05-14 release 2026-05-13 late 0 [SO-M3/1 1.0000]",
  "purchase RAWS 6.0000 due 2026-05-04 release 2026-05-04 late 1 [safety_stock 6.0000]",
  "production SUBX 2.0000 due 2026-05-04 release 2026-05-04 late 3 [TASK 2.0000]",
  "production SUBX 4.0000 due 2026-05-08 release 2026-05-05 late 0 [SO-M2/1 4.0000]",
  "production SUBX 10.0000 due 2026-05-09 release 2026-05-06 late 0 [SO-M2/2 7.0000, SO-M3/1 3.0000]",
  "production SUBX 10.0000 due 2026-05-13 release 2026-05-10 late 0 [SO-M3/1 1.0000]",
  "purchase RAWQ 50.0000 due 2026-05-13 release 2026-05-09 late 0 [SO-M3/1 1.0000]",
  "purchase RAWP 25.0000 due 2026-05-06 release 2026-05-04 late 3 [SO-M2/2 16.1000, SO-M3/1 6.9000, SO-M2/1 2.0000]",
  "purchase RAWR 3.3889 due 2026-05-04 release 2026-05-04 late 2 [safety_stock 2.0000, TASK 1.3889]",
  "purchase RAWR 6.9445 due 2026-05-05 release 2026-05-04 late 1 [PT-M1 4.1667, SO-M2/1 2.7778]",
  "purchase RAWR 6.9445 due 2026-05-06 release 2026-05-04 late 0 [SO-M2/2 4.8611, SO-M3/1 2.0834]",
  "purchase RAWR 6.9445 due 2026-05-10 release 2026-05-08 late 0 [SO-M3/1 0.6944]",
};

static SanheTestResponse *
accept (Fixture    *f,
        const char *token,
        gint64      run_id,
        const char *body)
{
  return sanhe_test_requestf (f->server, "POST", token, body, "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/accept",
                              run_id);
}

static JsonObject *
suggestion (JsonNode *all,
            guint     seq)
{
  JsonObject *s = sanhe_test_find_by_id (all, seq);

  g_assert_nonnull (s);
  return s;
}

static JsonNode *
get_doc (Fixture    *f,
         const char *collection,
         gint64      id)
{
  g_autoptr(SanheTestResponse) r = sanhe_test_requestf (f->server, "GET", f->admin, NULL,
                                                        "/api/v1/erp/%s/%" G_GINT64_FORMAT, collection, id);

  sanhe_test_assert_status (r, 200);
  return json_node_ref (r->body);
}

/*
 * The document suggestion @p.seq points to holds what it planned: a
 * planned production task of the run, or a line of a draft purchase order
 * of the run to the item's supplier. Returns the document id.
 */
static gint64
assert_document (Fixture       *f,
                 JsonNode      *all,
                 gint64         run_id,
                 const Planned *p)
{
  JsonObject *s = suggestion (all, p->seq);
  JsonNode *node = json_object_get_member (s, "document");
  g_autoptr(JsonNode) doc = NULL;
  JsonObject *document;
  JsonObject *object;
  gint64 id;

  g_test_message ("suggestion %u: %s %s due %s", p->seq, p->item, p->qty, p->due);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  document = json_node_get_object (node);
  id = sanhe_test_member_int (document, "id");

  if (p->supplier == NULL)
    {
      g_assert_cmpstr (sanhe_test_member_string (document, "type"), ==, "erp.production_task");
      doc = get_doc (f, "production-tasks", id);
      object = json_node_get_object (doc);
      g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (object, "item"), "code"), ==, p->item);
      g_assert_cmpstr (sanhe_test_member_string (object, "qty"), ==, p->qty);
      g_assert_cmpstr (sanhe_test_member_string (object, "due_date"), ==, p->due);
      g_assert_cmpstr (sanhe_test_member_string (object, "state"), ==, "planned");
      g_assert_cmpint (sanhe_test_member_int (object, "mrp_run_id"), ==, run_id);
    }
  else
    {
      JsonArray *lines;
      guint matches = 0;

      g_assert_cmpstr (sanhe_test_member_string (document, "type"), ==, "erp.purchase_order");
      doc = get_doc (f, "purchase-orders", id);
      object = json_node_get_object (doc);
      g_assert_cmpstr (sanhe_test_member_string (object, "state"), ==, "draft");
      g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (object, "supplier"), "code"), ==,
                       p->supplier);
      g_assert_cmpint (sanhe_test_member_int (object, "mrp_run_id"), ==, run_id);
      lines = json_object_get_array_member (object, "lines");
      for (guint i = 0; i < json_array_get_length (lines); i++)
        {
          JsonObject *line = json_array_get_object_element (lines, i);

          if (g_str_equal (sanhe_test_member_string (json_object_get_object_member (line, "item"), "code"), p->item) &&
              g_str_equal (sanhe_test_member_string (line, "qty"), p->qty) &&
              g_str_equal (sanhe_test_member_string (line, "expected_date"), p->due))
            {
              g_assert_cmpstr (sanhe_test_member_string (line, "price"), ==, p->price);
              g_assert_cmpstr (sanhe_test_member_string (line, "received_qty"), ==, "0.0000");
              matches++;
            }
        }
      g_assert_cmpuint (matches, ==, 1);
    }
  return id;
}

/* "RAWP 25.0000 2026-05-05, …" for the lines of purchase order @id, in line order. */
static char *
po_lines (Fixture *f,
          gint64   id)
{
  return mrp_sql (f, "SELECT string_agg(concat_ws(' ', l.line_no, i.code, l.qty, l.price, l.expected_date), ', ' "
                     "  ORDER BY l.line_no) FROM erp.purchase_order_lines l JOIN erp.items i ON i.id = l.item_id "
                     "WHERE l.order_id = %" G_GINT64_FORMAT, id);
}

static gint64
purchase_orders_of_run (Fixture *f,
                        gint64   run_id)
{
  return mrp_sql_int (f, "SELECT count(*) FROM erp.purchase_orders WHERE mrp_run_id = %" G_GINT64_FORMAT, run_id);
}

static gint64
tasks_of_run (Fixture *f,
              gint64   run_id)
{
  return mrp_sql_int (f, "SELECT count(*) FROM erp.production_tasks WHERE mrp_run_id = %" G_GINT64_FORMAT, run_id);
}

/* Asserts an accept answer: how many of each kind it accepted now, and
 * the run's documents so far. */
static void
assert_accepted (SanheTestResponse *r,
                 gint64             run_id,
                 gint64             production,
                 gint64             purchase,
                 guint              purchase_orders,
                 gint64             tasks)
{
  JsonObject *answer;
  JsonObject *documents;

  sanhe_test_assert_status (r, 200);
  answer = sanhe_test_object (r);
  g_assert_cmpint (sanhe_test_member_int (answer, "run"), ==, run_id);
  g_assert_cmpint (sanhe_test_member_int (answer, "production_suggestions_accepted"), ==, production);
  g_assert_cmpint (sanhe_test_member_int (answer, "purchase_suggestions_accepted"), ==, purchase);
  documents = json_object_get_object_member (answer, "documents");
  g_assert_nonnull (documents);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (documents, "purchase_orders")), ==,
                    purchase_orders);
  g_assert_cmpint (sanhe_test_member_int (documents, "production_tasks"), ==, tasks);
}

static void
test_accept (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) run = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) run2 = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) run3 = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *again = NULL;
  gint64 run_id, po_s1, po_s2, task;

  mrp_import_ok (f, "mrp.json", DAY0);
  run = mrp_run (f, f->paul, DAY0);
  run_id = sanhe_test_member_int (json_node_get_object (run), "id");
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (run), "suggestions"), ==, G_N_ELEMENTS (planned));

  /* 1. Some: one production, two purchases to two suppliers. */
  {
    g_autoptr(SanheTestResponse) r = accept (f, f->paul, run_id, "{\"suggestions\": [12, 1, 10]}");

    assert_accepted (r, run_id, 1, 2, 2, 1);
  }
  all = mrp_suggestions (f, run_id, NULL, 100);
  task = assert_document (f, all, run_id, &planned[0]);
  po_s2 = assert_document (f, all, run_id, &planned[9]);
  po_s1 = assert_document (f, all, run_id, &planned[11]);
  g_assert_cmpint (po_s1, !=, po_s2);
  {
    g_autofree char *lines_s1 = po_lines (f, po_s1);
    g_autofree char *lines_s2 = po_lines (f, po_s2);

    g_assert_cmpstr (lines_s1, ==, "1 RAWP 25.0000 1.5000 2026-05-05");
    g_assert_cmpstr (lines_s2, ==, "1 RAWQ 50.0000 2.2500 2026-05-09");
  }
  for (guint i = 0; i < G_N_ELEMENTS (planned); i++)
    if (planned[i].seq != 1 && planned[i].seq != 10 && planned[i].seq != 12)
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (suggestion (all, planned[i].seq), "document")));
  g_assert_cmpint (purchase_orders_of_run (f, run_id), ==, 2);
  g_assert_cmpint (tasks_of_run (f, run_id), ==, 1);
  g_assert_cmpint (task, >, 0);

  /* 2. Accepting the same again creates nothing. */
  counts = mrp_counts (f);
  {
    g_autoptr(SanheTestResponse) r = accept (f, f->paul, run_id, "{\"suggestions\": [1, 10, 12]}");

    assert_accepted (r, run_id, 0, 0, 2, 1);
    again = mrp_counts (f);
    g_assert_cmpstr (again, ==, counts);
    g_clear_pointer (&again, g_free);
  }

  /* 3. Refusals change nothing: an unknown suggestion, an item without a
   * supplier (named), bad bodies, joe, an unknown run. */
  {
    g_autoptr(SanheTestResponse) unknown = accept (f, f->paul, run_id, "{\"suggestions\": [2, 999]}");
    g_autoptr(SanheTestResponse) orphan = accept (f, f->paul, run_id, "{\"suggestions\": [2, 14]}");
    g_autoptr(SanheTestResponse) everything = accept (f, f->paul, run_id, "{\"suggestions\": \"all\"}");
    g_autoptr(SanheTestResponse) empty = accept (f, f->paul, run_id, "{\"suggestions\": []}");
    g_autoptr(SanheTestResponse) word = accept (f, f->paul, run_id, "{\"suggestions\": \"some\"}");
    g_autoptr(SanheTestResponse) none = accept (f, f->paul, run_id, "{}");
    g_autoptr(SanheTestResponse) joe = accept (f, f->joe, run_id, "{\"suggestions\": \"all\"}");
    g_autoptr(SanheTestResponse) joe_some = accept (f, f->joe, run_id, "{\"suggestions\": [2]}");
    g_autoptr(SanheTestResponse) no_run = accept (f, f->paul, 999999, "{\"suggestions\": \"all\"}");
    JsonObject *fields;

    sanhe_test_assert_field_error (unknown, "suggestions", "not_found");
    {
      g_autofree char *text = sanhe_test_to_string (unknown->body);

      g_assert_nonnull (strstr (text, "999"));
    }

    sanhe_test_assert_status (orphan, 422);
    sanhe_test_assert_status (everything, 422);
    fields = json_object_get_object_member (json_node_get_object (sanhe_test_error_details (everything)), "fields");
    g_assert_nonnull (fields);
    g_assert_nonnull (strstr (sanhe_test_member_string (json_object_get_object_member (fields, "suggestions"),
                                                        "message"), "RAWR"));
    fields = json_object_get_object_member (json_node_get_object (sanhe_test_error_details (orphan)), "fields");
    g_assert_nonnull (strstr (sanhe_test_member_string (json_object_get_object_member (fields, "suggestions"),
                                                        "message"), "RAWR"));

    sanhe_test_assert_status (empty, 422);
    sanhe_test_assert_status (word, 422);
    sanhe_test_assert_field_error (none, "suggestions", "required");
    sanhe_test_assert_error (joe, 403, "auth.forbidden");
    sanhe_test_assert_error (joe_some, 403, "auth.forbidden");
    sanhe_test_assert_error (no_run, 404, "erp.mrp_run.not_found");

    again = mrp_counts (f);
    g_assert_cmpstr (again, ==, counts);
    g_clear_pointer (&again, g_free);
  }

  /* 4. The next run counts the planned task and the two drafts as supply. */
  run2 = mrp_run (f, f->paul, DAY0);
  second = mrp_suggestions (f, sanhe_test_member_int (json_node_get_object (run2), "id"), NULL, 100);
  {
    g_autofree char *number = mrp_sql (f, "SELECT number FROM erp.production_tasks WHERE id = %" G_GINT64_FORMAT, task);
    g_auto(GStrv) expected = mrp_with_task_number (second_run, G_N_ELEMENTS (second_run), number);

    mrp_assert_suggestions_impl (f, second, (const char * const *) expected, G_N_ELEMENTS (second_run),
                                 __FILE__, __LINE__, G_STRFUNC);
  }

  /* 5. RAWR gets a supplier; then "all" takes the other fourteen. */
  {
    gint64 rawr = mrp_item_id (f, "RAWR");
    gint64 s1 = mrp_sql_int (f, "SELECT id FROM erp.suppliers WHERE code = 'S1'");
    gint64 version = mrp_sql_int (f, "SELECT version FROM erp.items WHERE id = %" G_GINT64_FORMAT, rawr);
    g_autofree char *patch = g_strdup_printf ("{\"supplier_id\": %" G_GINT64_FORMAT ", \"version\": %" G_GINT64_FORMAT "}",
                                              s1, version);
    g_autoptr(SanheTestResponse) patched = sanhe_test_requestf (f->server, "PATCH", f->paul, patch,
                                                                "/api/v1/erp/items/%" G_GINT64_FORMAT, rawr);
    g_autoptr(SanheTestResponse) r = NULL;

    sanhe_test_assert_status (patched, 200);
    r = accept (f, f->paul, run_id, "{\"suggestions\": \"all\"}");
    /* Production 2–4, 6–9; purchases 5, 11, 13–17; one new draft per supplier. */
    assert_accepted (r, run_id, 7, 7, 4, 8);
  }

  g_clear_pointer (&all, json_node_unref);
  all = mrp_suggestions (f, run_id, NULL, 7);
  {
    g_autoptr(GHashTable) orders = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autoptr(GHashTable) tasks = g_hash_table_new (g_int64_hash, g_int64_equal);
    gint64 ids[G_N_ELEMENTS (planned)];
    gint64 new_s1 = 0, new_s2 = 0;

    for (guint i = 0; i < G_N_ELEMENTS (planned); i++)
      {
        ids[i] = assert_document (f, all, run_id, &planned[i]);
        g_hash_table_add (planned[i].supplier ? orders : tasks, &ids[i]);
      }
    /* One task per production suggestion; four drafts in all. */
    g_assert_cmpuint (g_hash_table_size (tasks), ==, 8);
    g_assert_cmpuint (g_hash_table_size (orders), ==, 4);
    g_assert_cmpint (ids[0], ==, task);
    g_assert_cmpint (ids[9], ==, po_s2);
    g_assert_cmpint (ids[11], ==, po_s1);

    new_s2 = ids[4];
    new_s1 = ids[12];
    g_assert_cmpint (ids[10], ==, new_s2);
    for (guint i = 13; i < 17; i++)
      g_assert_cmpint (ids[i], ==, new_s1);
    g_assert_cmpint (new_s1, !=, po_s1);
    g_assert_cmpint (new_s2, !=, po_s2);

    /* The first drafts are untouched; the new ones hold their lines in
     * suggestion order. */
    {
      g_autofree char *old_s1 = po_lines (f, po_s1);
      g_autofree char *old_s2 = po_lines (f, po_s2);
      g_autofree char *lines_s1 = po_lines (f, new_s1);
      g_autofree char *lines_s2 = po_lines (f, new_s2);

      g_assert_cmpstr (old_s1, ==, "1 RAWP 25.0000 1.5000 2026-05-05");
      g_assert_cmpstr (old_s2, ==, "1 RAWQ 50.0000 2.2500 2026-05-09");
      g_assert_cmpstr (lines_s1, ==, "1 RAWP 25.0000 1.5000 2026-05-06, 2 RAWR 3.3889 0.8000 2026-05-04, "
                                     "3 RAWR 6.9445 0.8000 2026-05-05, 4 RAWR 6.9445 0.8000 2026-05-06, "
                                     "5 RAWR 6.9445 0.8000 2026-05-10");
      g_assert_cmpstr (lines_s2, ==, "1 RAWS 6.0000 4.0000 2026-05-04, 2 RAWQ 50.0000 2.2500 2026-05-13");
    }
  }
  g_assert_cmpint (purchase_orders_of_run (f, run_id), ==, 4);
  g_assert_cmpint (tasks_of_run (f, run_id), ==, 8);

  /* 6. "all" again: nothing left to accept, nothing created. */
  g_clear_pointer (&counts, g_free);
  counts = mrp_counts (f);
  {
    g_autoptr(SanheTestResponse) r = accept (f, f->admin, run_id, "{\"suggestions\": \"all\"}");
    g_autoptr(SanheTestResponse) some = accept (f, f->paul, run_id, "{\"suggestions\": [3, 16]}");

    assert_accepted (r, run_id, 0, 0, 4, 8);
    assert_accepted (some, run_id, 0, 0, 4, 8);
    again = mrp_counts (f);
    g_assert_cmpstr (again, ==, counts);
  }

  /* 7. With every planned order now a document, the next run has nothing
   * to suggest: FGA is covered by the tasks of 3 on day 0 and 5 on day 6,
   * FGB by 5 + 10 on day 6 and 10 on day 10; RAWS 4 + 6 = 10 meets its
   * safety stock. Each new task needs, on the same day, exactly the
   * components its planned order exploded into, and the tasks and drafts
   * that came of the component orders cover them as those orders did. */
  run3 = mrp_run (f, f->paul, DAY0);
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (run3), "suggestions"), ==, 0);

  /* Every document points back at the run; the audit trail has both accepts. */
  g_assert_cmpint (mrp_sql_int (f, "SELECT count(*) FROM core.audit_log WHERE entity = 'erp.mrp_run' "
                                   "AND entity_id = '%" G_GINT64_FORMAT "' AND action = 'accept'", run_id), >=, 2);
}

/* Two planners accepting the same run at once: each suggestion becomes
 * one document, whoever wins. */
static void
accept_thread (gpointer data,
               gpointer user_data)
{
  Fixture *f = user_data;
  gint64 run_id = GPOINTER_TO_SIZE (data);
  g_autoptr(SanheTestResponse) r = sanhe_test_requestf (f->server, "POST", f->paul, "{\"suggestions\": [1, 2, 3, 4, 6]}",
                                                        "/api/v1/erp/mrp/runs/%" G_GINT64_FORMAT "/accept", run_id);

  g_assert_cmpuint (r->status, ==, 200);
}

static void
test_accept_concurrently (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) run = NULL;
  GThreadPool *pool;
  gint64 run_id;

  mrp_import_ok (f, "mrp.json", DAY0);
  run = mrp_run (f, f->paul, DAY0);
  run_id = sanhe_test_member_int (json_node_get_object (run), "id");

  pool = g_thread_pool_new (accept_thread, f, 8, TRUE, NULL);
  for (guint i = 0; i < 8; i++)
    g_thread_pool_push (pool, GSIZE_TO_POINTER ((gsize) run_id), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  g_assert_cmpint (tasks_of_run (f, run_id), ==, 5);
  g_assert_cmpint (mrp_sql_int (f, "SELECT count(DISTINCT document_id) FROM erp.mrp_suggestions "
                                   "WHERE run_id = %" G_GINT64_FORMAT " AND document_id IS NOT NULL", run_id), ==, 5);
}

int
main (int    argc,
      char **argv)
{
  mrp_test_init (&argc, &argv);

  ADD_TEST ("/erp-mrp/accept/flow", test_accept);
  ADD_TEST ("/erp-mrp/accept/concurrently", test_accept_concurrently);

  return g_test_run ();
}
