/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-erp-bom"

#include "config.h"

#include "erp-common.h"

static SanheTestResponse *
put_bom_raw (Fixture    *f,
             const char *token,
             gint64      parent,
             const char *body)
{
  return sanhe_test_requestf (f->server, "PUT", token, body, "/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", parent);
}

/* The BOM's current version, as a client that just opened it holds it. */
static gint64
bom_version (Fixture *f,
             gint64   parent)
{
  g_autofree char *sql = g_strdup_printf ("SELECT bom_version FROM erp.items WHERE id = %" G_GINT64_FORMAT, parent);
  g_autofree char *value = sanhe_test_sql_value (f->server, sql);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 1;
}

/* PUTs @body as a client that read the BOM just before: an object without
 * a "version" gets the current one; anything else goes as it is. */
static SanheTestResponse *
put_bom (Fixture    *f,
         const char *token,
         gint64      parent,
         const char *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *versioned = NULL;
  JsonNode *root;

  if (json_parser_load_from_data (parser, body, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      !json_object_has_member (json_node_get_object (root), "version"))
    {
      json_object_set_int_member (json_node_get_object (root), "version", bom_version (f, parent));
      versioned = sanhe_test_to_string (root);
    }
  return put_bom_raw (f, token, parent, versioned != NULL ? versioned : body);
}

/* PUTs lines given as "component qty scrap" triples, asserting 200. */
static void
set_bom (Fixture *f,
         gint64   parent,
         ...)
{
  g_autoptr(GString) body = g_string_new ("{\"lines\": [");
  g_autoptr(SanheTestResponse) r = NULL;
  va_list args;
  gint64 component;

  va_start (args, parent);
  for (guint i = 0; (component = va_arg (args, gint64)) != 0; i++)
    {
      const char *qty = va_arg (args, const char *);
      const char *scrap = va_arg (args, const char *);

      g_string_append_printf (body, "%s{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"%s\", \"scrap_pct\": \"%s\"}",
                              i ? ", " : "", component, qty, scrap);
    }
  va_end (args);
  g_string_append (body, "]}");

  r = put_bom (f, f->admin, parent, body->str);
  sanhe_test_assert_status (r, 200);
}

static JsonNode *
get_bom (Fixture *f,
         gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", id);

  return get_json (f, path);
}

static JsonArray *
lines_of (JsonNode *bom)
{
  return json_object_get_array_member (json_node_get_object (bom), "lines");
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  gint64 parent = create_item (f, "PUMP", "make", "0");
  gint64 c1 = create_item (f, "IMPELLER", "buy", "1");
  gint64 c2 = create_item (f, "HOUSING", "buy", "1");
  gint64 c3 = create_item (f, "SEAL", "buy", "1");
  g_autofree char *first = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"2.5\"}, "
                                            "{\"component\": %" G_GINT64_FORMAT ", \"qty\": 1, \"scrap_pct\": \"10\"}]}",
                                            c1, c2);
  g_autofree char *second = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"4\"}]}", c3);
  g_autoptr(SanheTestResponse) r1 = put_bom (f, f->paul, parent, first);
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  g_autoptr(SanheTestResponse) joe = NULL;
  g_autoptr(JsonNode) fetched = NULL;
  g_autoptr(JsonNode) item = NULL;
  g_autofree char *count = NULL;
  JsonObject *line;
  JsonObject *component;

  sanhe_test_assert_status (r1, 200);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (sanhe_test_object (r1), "item"), "id"),
                   ==, parent);
  g_assert_cmpuint (json_array_get_length (lines_of (r1->body)), ==, 2);
  line = json_array_get_object_element (lines_of (r1->body), 0);
  g_assert_cmpint (sanhe_test_member_int (line, "position"), ==, 1);
  g_assert_cmpstr (sanhe_test_member_string (line, "qty"), ==, "2.5000");
  g_assert_cmpstr (sanhe_test_member_string (line, "scrap_pct"), ==, "0.0000");
  component = json_object_get_object_member (line, "component");
  g_assert_cmpint (sanhe_test_member_int (component, "id"), ==, c1);
  g_assert_cmpstr (sanhe_test_member_string (component, "code"), ==, "IMPELLER");
  g_assert_cmpstr (sanhe_test_member_string (component, "unit"), ==, "pcs");
  g_assert_cmpstr (sanhe_test_member_string (component, "kind"), ==, "buy");
  line = json_array_get_object_element (lines_of (r1->body), 1);
  g_assert_cmpint (sanhe_test_member_int (line, "position"), ==, 2);
  g_assert_cmpstr (sanhe_test_member_string (line, "qty"), ==, "1.0000");
  g_assert_cmpstr (sanhe_test_member_string (line, "scrap_pct"), ==, "10.0000");

  fetched = get_bom (f, parent);
  sanhe_test_assert_json_equal (fetched, r1->body, "the BOM as fetched and as written");
  item = get_item (f, parent);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (item), "has_bom"));
  g_clear_pointer (&item, json_node_unref);

  /* A PUT replaces every line. */
  r2 = put_bom (f, f->admin, parent, second);
  sanhe_test_assert_status (r2, 200);
  g_assert_cmpuint (json_array_get_length (lines_of (r2->body)), ==, 1);
  g_assert_cmpint (sanhe_test_member_int (json_object_get_object_member (
                     json_array_get_object_element (lines_of (r2->body), 0), "component"), "id"), ==, c3);
  g_clear_pointer (&fetched, json_node_unref);
  fetched = get_bom (f, parent);
  sanhe_test_assert_json_equal (fetched, r2->body, "the BOM after the second PUT");

  /* Readers read it; an empty list clears it. */
  joe = sanhe_test_requestf (f->server, "GET", f->joe, NULL, "/api/v1/erp/items/%" G_GINT64_FORMAT "/bom", parent);
  sanhe_test_assert_status (joe, 200);
  r3 = put_bom (f, f->admin, parent, "{\"lines\": []}");
  sanhe_test_assert_status (r3, 200);
  g_assert_cmpuint (json_array_get_length (lines_of (r3->body)), ==, 0);
  item = get_item (f, parent);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (item), "has_bom"));

  g_assert_cmpint (audit_count (f, "erp.bom", parent, "update"), ==, 3);
  count = sanhe_test_sql_value (f->server, "SELECT count(*) FROM erp.bom_lines");
  g_assert_cmpstr (count, ==, "0");
}

static void
test_line_validation (Fixture       *f,
                      gconstpointer  data)
{
  gint64 parent = create_item (f, "GEARBOX", "make", "0");
  gint64 part = create_item (f, "GEAR", "buy", "1");
  gint64 bought = create_item (f, "MOTOR", "buy", "1");
  g_autofree char *before = NULL;
  g_autofree char *self = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}",
                                           parent);
  g_autofree char *zero = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"0\"}]}", part);
  g_autofree char *negative = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"-2\"}]}",
                                               part);
  g_autofree char *no_qty = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT "}]}", part);
  g_autofree char *scrap = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\", "
                                            "\"scrap_pct\": \"100\"}]}", part);
  g_autofree char *extra = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\", "
                                            "\"colour\": \"red\"}]}", part);
  g_autofree char *twice = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}, "
                                            "{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"2\"}]}", part, part);
  g_autofree char *second_bad = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}, "
                                                 "{\"component\": 999999, \"qty\": \"2\"}]}", part);
  g_autofree char *fine = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}", part);
  const struct
  {
    gint64 target;
    const char *body;
    const char *field;
    const char *code;
  } cases[] = {
    { parent, "{}", "lines", "required" },
    { parent, "{\"lines\": 5}", "lines", "wrong_type" },
    { parent, "{\"lines\": [5]}", "lines[0]", "wrong_type" },
    { parent, "{\"lines\": [{\"qty\": \"1\"}]}", "lines[0].component", "required" },
    { parent, "{\"lines\": [{\"component\": 999999, \"qty\": \"1\"}]}", "lines[0].component", "not_found" },
    { parent, self, "lines[0].component", "cycle" },
    { parent, zero, "lines[0].qty", "invalid" },
    { parent, negative, "lines[0].qty", "invalid" },
    { parent, no_qty, "lines[0].qty", "required" },
    { parent, scrap, "lines[0].scrap_pct", "invalid" },
    { parent, extra, "lines[0].colour", "unknown_field" },
    { parent, twice, "lines[1].component", "invalid" },
    { parent, second_bad, "lines[1].component", "not_found" },
    { parent, "{\"lines\": [], \"version\": \"1\"}", "version", "wrong_type" },
    { bought, fine, "lines", "invalid" },
  };

  set_bom (f, parent, part, "3", "0", (gint64) 0);
  before = erp_snapshot (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SanheTestResponse) r = put_bom (f, f->admin, cases[i].target, cases[i].body);
      g_autofree char *after = NULL;

      g_test_message ("PUT %s", cases[i].body);
      sanhe_test_assert_field_error (r, cases[i].field, cases[i].code);
      after = erp_snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* The contract's wording for a bought item. */
  {
    g_autoptr(SanheTestResponse) r = put_bom (f, f->admin, bought, fine);
    JsonObject *fields = json_object_get_object_member (json_node_get_object (sanhe_test_error_details (r)), "fields");

    g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (fields, "lines"), "message"), ==,
                     "Only make items have a BOM");
  }
}

/* Two planners open one BOM: the second to save is told, and loses
 * nothing of the first's work; a PUT must say which version it replaces. */
static void
test_stale_version (Fixture       *f,
                    gconstpointer  data)
{
  gint64 parent = create_item (f, "PUMP", "make", "0");
  gint64 impeller = create_item (f, "IMPELLER", "buy", "1");
  gint64 seal = create_item (f, "SEAL", "buy", "1");
  gint64 opened = bom_version (f, parent);
  g_autofree char *first = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"lines\": "
                                            "[{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}",
                                            opened, impeller);
  g_autofree char *second = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"lines\": "
                                             "[{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"2\"}]}",
                                             opened, seal);
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) unversioned = NULL;
  g_autoptr(JsonNode) item_before = NULL;
  g_autoptr(JsonNode) item_after = NULL;
  g_autoptr(JsonNode) bom = NULL;
  g_autofree char *item_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT, parent);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  item_before = get_json (f, item_path);
  r1 = put_bom_raw (f, f->admin, parent, first);
  sanhe_test_assert_status (r1, 200);
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (r1), "version"), ==, opened + 1);

  before = erp_snapshot (f);
  r2 = put_bom_raw (f, f->paul, parent, second);
  sanhe_test_assert_error (r2, 409, "record.stale_version");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (sanhe_test_error_details (r2)),
                                               "current_version"), ==, opened + 1);
  unversioned = put_bom_raw (f, f->admin, parent, "{\"lines\": []}");
  sanhe_test_assert_field_error (unversioned, "version", "required");
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  bom = get_bom (f, parent);
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (bom), "version"), ==, opened + 1);
  g_assert_cmpuint (json_array_get_length (lines_of (bom)), ==, 1);

  /* The item beside it was not touched: its editor stays current. */
  item_after = get_json (f, item_path);
  g_assert_cmpint (sanhe_test_member_int (json_node_get_object (item_after), "version"), ==,
                   sanhe_test_member_int (json_node_get_object (item_before), "version"));
}

static void
assert_cycle (SanheTestResponse  *r,
              const char * const *expected)
{
  JsonArray *cycle;

  sanhe_test_assert_error (r, 422, "erp.bom.cycle");
  cycle = json_object_get_array_member (json_node_get_object (sanhe_test_error_details (r)), "cycle");
  g_assert_nonnull (cycle);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_assert_cmpuint (i, <, json_array_get_length (cycle));
      g_assert_cmpstr (json_array_get_string_element (cycle, i), ==, expected[i]);
    }
  g_assert_cmpuint (json_array_get_length (cycle), ==, g_strv_length ((char **) expected));
}

static void
test_cycle (Fixture       *f,
            gconstpointer  data)
{
  gint64 a = create_item (f, "A", "make", "0");
  gint64 b = create_item (f, "B", "make", "0");
  gint64 c = create_item (f, "C", "make", "0");
  gint64 x = create_item (f, "X", "make", "0");
  gint64 d = create_item (f, "D", "buy", "1");
  g_autofree char *c_uses_a = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}, "
                                               "{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}", x, a);
  g_autofree char *b_uses_a = g_strdup_printf ("{\"lines\": [{\"component\": %" G_GINT64_FORMAT ", \"qty\": \"1\"}]}", a);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SanheTestResponse) r1 = NULL;
  g_autoptr(SanheTestResponse) r2 = NULL;
  g_autoptr(SanheTestResponse) r3 = NULL;
  static const char * const long_way[] = { "C", "A", "B", "C", NULL };
  static const char * const short_way[] = { "C", "A", "C", NULL };
  static const char * const two[] = { "B", "A", "B", NULL };

  /* A → B → C, D under A and X harmless. */
  set_bom (f, a, b, "1", "0", d, "2", "0", (gint64) 0);
  set_bom (f, b, c, "1", "0", (gint64) 0);
  set_bom (f, x, d, "1", "0", (gint64) 0);

  before = erp_snapshot (f);
  r1 = put_bom (f, f->admin, c, c_uses_a);
  assert_cycle (r1, long_way);
  r2 = put_bom (f, f->admin, b, b_uses_a);
  assert_cycle (r2, two);
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* With C also directly under A, the shortest way round is named. */
  set_bom (f, a, b, "1", "0", c, "1", "0", (gint64) 0);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = erp_snapshot (f);
  r3 = put_bom (f, f->admin, c, c_uses_a);
  assert_cycle (r3, short_way);
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* Moving X under C is fine: nothing above C is below X. */
  set_bom (f, c, x, "1", "0", (gint64) 0);
}

static void
test_where_used (Fixture       *f,
                 gconstpointer  data)
{
  gint64 top = create_item (f, "TOP", "make", "0");
  gint64 sub = create_item (f, "SUB", "make", "0");
  gint64 other = create_item (f, "OTHER", "make", "0");
  gint64 bolt = create_item (f, "BOLT", "buy", "0.1");
  g_autofree char *direct_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/where-used", bolt);
  g_autofree char *all_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/where-used?levels=all", bolt);
  g_autofree char *top_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/where-used?levels=all", top);
  g_autofree char *bad_path = g_strdup_printf ("/api/v1/erp/items/%" G_GINT64_FORMAT "/where-used?levels=9", bolt);
  g_autoptr(JsonNode) direct = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(SanheTestResponse) bad = NULL;
  JsonArray *items;
  const struct
  {
    const char *parent;
    const char *component;
    const char *qty;
    gint64 level;
  } expected[] = {
    { "SUB", "BOLT", "3.0000", 1 },
    { "TOP", "BOLT", "4.0000", 1 },
    { "OTHER", "SUB", "1.0000", 2 },
    { "TOP", "SUB", "2.0000", 2 },
  };

  set_bom (f, top, sub, "2", "0", bolt, "4", "20", (gint64) 0);
  set_bom (f, sub, bolt, "3", "0", (gint64) 0);
  set_bom (f, other, sub, "1", "0", (gint64) 0);

  direct = get_json (f, direct_path);
  items = json_object_get_array_member (json_node_get_object (direct), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);
      JsonObject *parent = json_object_get_object_member (row, "parent");

      g_assert_cmpstr (sanhe_test_member_string (parent, "code"), ==, expected[i].parent);
      g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, expected[i].qty);
      g_assert_cmpint (sanhe_test_member_int (parent, "id"), ==, i == 0 ? sub : top);
      g_assert_nonnull (sanhe_test_member_string (parent, "name"));
    }
  g_assert_cmpstr (sanhe_test_member_string (json_array_get_object_element (items, 1), "scrap_pct"), ==, "20.0000");

  /* Every assembly above, each line at the lowest level it is met. */
  all = get_json (f, all_path);
  items = json_object_get_array_member (json_node_get_object (all), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);

      g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (row, "parent"), "code"), ==,
                       expected[i].parent);
      g_assert_cmpstr (sanhe_test_member_string (json_object_get_object_member (row, "component"), "code"), ==,
                       expected[i].component);
      g_assert_cmpstr (sanhe_test_member_string (row, "qty"), ==, expected[i].qty);
      g_assert_cmpint (sanhe_test_member_int (row, "level"), ==, expected[i].level);
    }

  none = get_json (f, top_path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (none), "items")), ==, 0);

  bad = sanhe_test_request (f->server, "GET", bad_path, f->admin, NULL);
  sanhe_test_assert_error (bad, 400, "request.invalid");
}

/*
 * Three levels with scrap, worked out by hand in exact arithmetic:
 *
 *   R1 buy 2.0000, R2 buy 0.3300, E make without a BOM 7.0000
 *   S = 1.5 × R1 / (1 − 10 %) + 4 × R2
 *     = 3.333333… + 1.32                          = 4.653333…  → "4.6533"
 *   T = 2 × S / (1 − 5 %) + 3 × R2 / (1 − 20 %) + 1 × E
 *     = 9.306666… / 0.95 + 0.99 / 0.8 + 7
 *     = 9.796491… + 1.2375 + 7                    = 18.033991… → "18.0340"
 *
 * S's own standard cost (99) plays no part: a made item with a BOM costs
 * what its lines cost.
 */
static void
test_rollup (Fixture       *f,
             gconstpointer  data)
{
  gint64 r1 = create_item (f, "R1", "buy", "2");
  gint64 r2 = create_item (f, "R2", "buy", "0.33");
  gint64 e = create_item (f, "E", "make", "7");
  gint64 s = create_item (f, "S", "make", "99");
  gint64 t = create_item (f, "T", "make", "0");
  g_autoptr(JsonNode) bom_t = NULL;
  g_autoptr(JsonNode) bom_s = NULL;
  g_autoptr(JsonNode) bom_r1 = NULL;
  g_autoptr(JsonNode) bom_t_after = NULL;
  g_autoptr(SanheTestResponse) rolled = NULL;
  g_autoptr(SanheTestResponse) bought = NULL;
  g_autoptr(SanheTestResponse) joe = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  set_bom (f, s, r1, "1.5", "10", r2, "4", "0", (gint64) 0);
  set_bom (f, t, s, "2", "5", r2, "3", "20", e, "1", "0", (gint64) 0);

  bom_t = get_bom (f, t);
  g_assert_cmpstr (str_of (bom_t, "standard_cost_rollup"), ==, "18.0340");
  bom_s = get_bom (f, s);
  g_assert_cmpstr (str_of (bom_s, "standard_cost_rollup"), ==, "4.6533");
  bom_r1 = get_bom (f, r1);
  g_assert_cmpstr (str_of (bom_r1, "standard_cost_rollup"), ==, "2.0000");
  g_assert_cmpuint (json_array_get_length (lines_of (bom_r1)), ==, 0);

  /* Writing it into the item is an audited update. */
  rolled = sanhe_test_requestf (f->server, "POST", f->paul, NULL,
                                "/api/v1/erp/items/%" G_GINT64_FORMAT "/cost-rollup", t);
  sanhe_test_assert_status (rolled, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (rolled), "standard_cost"), ==, "18.0340");
  g_assert_cmpint (sanhe_test_member_int (sanhe_test_object (rolled), "version"), ==, 2);
  g_assert_cmpint (audit_count (f, "erp.item", t, "update"), ==, 1);

  before = erp_snapshot (f);
  bought = sanhe_test_requestf (f->server, "POST", f->admin, NULL,
                                "/api/v1/erp/items/%" G_GINT64_FORMAT "/cost-rollup", r1);
  sanhe_test_assert_field_error (bought, "kind", "invalid");
  joe = sanhe_test_requestf (f->server, "POST", f->joe, NULL, "/api/v1/erp/items/%" G_GINT64_FORMAT "/cost-rollup", s);
  sanhe_test_assert_error (joe, 403, "auth.forbidden");
  after = erp_snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* The roll-up always starts from the BOM, not from stored sub-assembly costs. */
  g_clear_pointer (&rolled, sanhe_test_response_free);
  rolled = sanhe_test_requestf (f->server, "POST", f->admin, NULL,
                                "/api/v1/erp/items/%" G_GINT64_FORMAT "/cost-rollup", s);
  sanhe_test_assert_status (rolled, 200);
  g_assert_cmpstr (sanhe_test_member_string (sanhe_test_object (rolled), "standard_cost"), ==, "4.6533");
  bom_t_after = get_bom (f, t);
  g_assert_cmpstr (str_of (bom_t_after, "standard_cost_rollup"), ==, "18.0340");
}

int
main (int   argc,
      char *argv[])
{
  erp_test_init (&argc, &argv);

  ADD_TEST ("/erp/bom/replace", test_replace);
  ADD_TEST ("/erp/bom/line-validation", test_line_validation);
  ADD_TEST ("/erp/bom/cycle", test_cycle);
  ADD_TEST ("/erp/bom/stale-version", test_stale_version);
  ADD_TEST ("/erp/bom/where-used", test_where_used);
  ADD_TEST ("/erp/bom/rollup", test_rollup);

  return g_test_run ();
}
