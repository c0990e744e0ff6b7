/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-bom"

#include "config.h"

#include <string.h>

#include "sanhe-decimal.h"
#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-erp-private.h"
#include "sanhe-list.h"
#include "sanhe-request.h"
#include "sanhe-resource.h"

/*
 * Bills of materials: one per made item, replaced as a whole; where-used;
 * the standard-cost roll-up. Cycles are refused with the path that closes
 * them.
 */
#define NOT_FOUND SANHE_ERP_ITEM_NOT_FOUND
#define ENTITY    "erp.item"

#define BOM_ENTITY  "erp.bom"
#define BOM_CYCLE   "erp.bom.cycle"
#define BOM_ROLLUP  "erp.bom.rollup_failed"
#define MAX_LINES   500
/* Every change to BOM structure takes this transaction-level lock, so two
 * concurrent replacements cannot each miss the cycle the other closes. */
#define BOM_LOCK_SQL "SELECT pg_advisory_xact_lock(hashtext('erp.bom_lines'))"

static const char * const bom_writable[] = { "lines", "version", NULL };
static const char * const line_writable[] = { "component", "qty", "scrap_pct", NULL };

typedef struct
{
  gint64       component_id;
  SanheDecimal qty;
  SanheDecimal scrap_pct;
} BomLine;

/* Cost roll-up: pure, fed plain structs ------------------------------- */

/*
 * Costs of sub-assemblies are carried with eight more places than a
 * SanheDecimal (units of 10^-12, in 128 bits) and rounded to four places
 * only at the end: the roll-up then agrees with the same sum worked out by
 * hand, where rounding every level to four places would drift.
 */
typedef __int128 Fine;
#define FINE_PER_UNIT ((Fine) 100000000)

typedef struct
{
  gboolean      make;
  SanheDecimal  standard_cost;
  GArray       *lines;     /* BomLine */
  Fine          rolled;
  guint         state;     /* 0 unseen, 1 on the current path, 2 rolled */
} RollupItem;

static void
rollup_item_free (gpointer data)
{
  RollupItem *item = data;

  g_array_unref (item->lines);
  g_free (item);
}

/* qty × cost / (1 − scrap / 100), rounded half up at 10^-12. */
static gboolean
line_cost (const BomLine *line,
           Fine           cost,
           Fine          *out)
{
  Fine denominator = (Fine) 100 * SANHE_DECIMAL_ONE - line->scrap_pct.units;
  Fine numerator;

  if (denominator <= 0 || line->qty.units < 0 || cost < 0 ||
      __builtin_mul_overflow ((Fine) line->qty.units * 100, cost, &numerator))
    return FALSE;
  *out = (numerator + denominator / 2) / denominator;
  return TRUE;
}

/*
 * The standard cost of @id computed bottom-up: a bought item, or a made one
 * without lines, costs its standard cost; a made item the sum of its lines.
 * FALSE on overflow or on a loop (which replace_bom never lets in).
 */
static gboolean
rollup (GHashTable *items,
        gint64      id,
        Fine       *out)
{
  RollupItem *item = g_hash_table_lookup (items, &id);
  Fine total = 0;

  if (item == NULL || item->state == 1)
    return FALSE;
  if (item->state == 2)
    {
      *out = item->rolled;
      return TRUE;
    }

  item->state = 1;
  if (!item->make || item->lines->len == 0)
    total = (Fine) item->standard_cost.units * FINE_PER_UNIT;
  for (guint i = 0; item->make && i < item->lines->len; i++)
    {
      const BomLine *line = &g_array_index (item->lines, BomLine, i);
      Fine component;
      Fine cost;

      if (!rollup (items, line->component_id, &component) ||
          !line_cost (line, component, &cost) ||
          __builtin_add_overflow (total, cost, &total))
        return FALSE;
    }
  item->state = 2;
  item->rolled = total;
  *out = total;
  return TRUE;
}

/* Rounds the roll-up of @id to a SanheDecimal that numeric(18,4) can hold. */
static gboolean
rollup_decimal (GHashTable   *items,
                gint64        id,
                SanheDecimal *out)
{
  Fine fine;
  Fine units;

  if (!rollup (items, id, &fine))
    return FALSE;
  units = (fine + FINE_PER_UNIT / 2) / FINE_PER_UNIT;
  if (units >= SANHE_ERP_QUANTITY_LIMIT)
    return FALSE;
  out->units = (gint64) units;
  return TRUE;
}

/* Loads @id and everything below it, then rolls its cost up. */
static gboolean
compute_rollup (PGconn        *conn,
                gint64         id,
                SanheDecimal  *out,
                gboolean      *computable,
                GError       **error)
{
  g_autofree char *id_text = sanhe_id_string (id);
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, rollup_item_free);
  g_autoptr(PGresult) result = NULL;

  result = sanhe_db_exec (conn,
                          "WITH RECURSIVE tree(id) AS (SELECT $1::bigint UNION "
                          "  SELECT l.component_id FROM erp.bom_lines l JOIN tree t ON l.parent_id = t.id) "
                          "SELECT i.id, i.kind, i.standard_cost, l.component_id, l.qty, l.scrap_pct "
                          "FROM tree t JOIN erp.items i ON i.id = t.id "
                          "LEFT JOIN erp.bom_lines l ON l.parent_id = i.id ORDER BY i.id, l.position",
                          1, (const char *[]) { id_text }, error);
  if (result == NULL)
    return FALSE;

  for (int row = 0; row < PQntuples (result); row++)
    {
      gint64 item_id = sanhe_db_get_int (result, row, "id");
      RollupItem *item = g_hash_table_lookup (items, &item_id);

      if (item == NULL)
        {
          item = g_new0 (RollupItem, 1);
          item->make = g_strcmp0 (sanhe_db_get (result, row, "kind"), "make") == 0;
          sanhe_decimal_parse (sanhe_db_get (result, row, "standard_cost"), &item->standard_cost);
          item->lines = g_array_new (FALSE, TRUE, sizeof (BomLine));
          g_hash_table_insert (items, g_memdup2 (&item_id, sizeof item_id), item);
        }
      if (sanhe_db_get (result, row, "component_id") != NULL)
        {
          BomLine line = { sanhe_db_get_int (result, row, "component_id") };

          sanhe_decimal_parse (sanhe_db_get (result, row, "qty"), &line.qty);
          sanhe_decimal_parse (sanhe_db_get (result, row, "scrap_pct"), &line.scrap_pct);
          g_array_append_val (item->lines, line);
        }
    }

  *computable = rollup_decimal (items, id, out);
  return TRUE;
}

/* {"item":{…},"lines":[…],"standard_cost_rollup":"…"|null}; NULL if no item. */
static JsonNode *
bom_doc (PGconn  *conn,
         gint64   id,
         GError **error)
{
  g_autofree char *id_text = sanhe_id_string (id);
  g_autoptr(JsonNode) doc = NULL;
  SanheDecimal rolled = SANHE_DECIMAL_ZERO;
  gboolean computable = FALSE;

  doc = sanhe_db_query_json (conn,
                             "SELECT json_build_object("
                             "  'item', json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'kind', i.kind), "
                             "  'lines', coalesce((SELECT json_agg(json_build_object('position', l.position, "
                             "      'component', json_build_object('id', c.id, 'code', c.code, 'name', c.name, "
                             "                                     'unit', c.unit, 'kind', c.kind), "
                             "      'qty', l.qty::text, 'scrap_pct', l.scrap_pct::text) ORDER BY l.position) "
                             "    FROM erp.bom_lines l JOIN erp.items c ON c.id = l.component_id "
                             "    WHERE l.parent_id = i.id), '[]'), "
                             "  'version', i.bom_version) "
                             "FROM erp.items i WHERE i.id = $1",
                             1, (const char *[]) { id_text }, error);
  if (doc == NULL || !compute_rollup (conn, id, &rolled, &computable, error))
    return NULL;

  if (computable)
    {
      g_autofree char *text = sanhe_decimal_format (rolled, 4);

      json_object_set_string_member (json_node_get_object (doc), "standard_cost_rollup", text);
    }
  else
    json_object_set_null_member (json_node_get_object (doc), "standard_cost_rollup");
  return g_steal_pointer (&doc);
}

/* "{1,2,3}": a bigint[] parameter. */
static char *
id_array (GArray *lines)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            g_array_index (lines, BomLine, i).component_id);
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* Copies the problems of one line into the body's, as "lines[2].qty". */
static void
merge_line_problems (SanheFields *fields,
                     SanheFields *line_fields,
                     guint        index)
{
  g_autoptr(GError) problems = NULL;
  JsonObject *found;
  g_autoptr(GList) names = NULL;

  if (sanhe_fields_check (line_fields, &problems))
    return;

  found = json_object_get_object_member (json_node_get_object (sanhe_error_get_details (problems)), "fields");
  names = json_object_get_members (found);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *problem = json_object_get_object_member (found, l->data);
      g_autofree char *name = g_strdup_printf ("lines[%u].%s", index, (const char *) l->data);

      sanhe_fields_reject (fields, name, json_object_get_string_member (problem, "code"),
                           json_object_get_string_member (problem, "message"));
    }
}

/* Reads one line object into @line, collecting its problems in @lf. */
static void
read_line (SanheFields *lf,
           GArray      *lines,
           gint64       parent_id,
           BomLine     *line)
{
  line->component_id = sanhe_fields_get_id (lf, "component", SANHE_FIELD_MANDATORY);
  if (sanhe_fields_get_decimal (lf, "qty", SANHE_FIELD_MANDATORY, 4, &line->qty) &&
      (line->qty.units <= 0 || line->qty.units >= SANHE_ERP_QUANTITY_LIMIT))
    sanhe_fields_reject (lf, "qty", SANHE_FIELD_INVALID, "Use a quantity above zero, below 10^14.");
  if (sanhe_fields_get_decimal (lf, "scrap_pct", SANHE_FIELD_OPTIONAL, 4, &line->scrap_pct) &&
      (line->scrap_pct.units < 0 || line->scrap_pct.units >= SANHE_ERP_PERCENT_LIMIT))
    sanhe_fields_reject (lf, "scrap_pct", SANHE_FIELD_INVALID,
                         "Use a percentage from 0 up to, but not including, 100.");

  if (line->component_id == parent_id)
    sanhe_fields_reject (lf, "component", SANHE_FIELD_CYCLE, "An item cannot be its own component.");
  for (guint j = 0; line->component_id > 0 && j < lines->len; j++)
    if (g_array_index (lines, BomLine, j).component_id == line->component_id)
      {
        g_autofree char *message = g_strdup_printf ("This component is already on line %u.", j);

        sanhe_fields_reject (lf, "component", SANHE_FIELD_INVALID, message);
        break;
      }
}

/* Reads and checks "lines"; problems land in @fields as "lines[i].field". */
static GArray *
read_lines (PGconn       *conn,
            SanheFields  *fields,
            JsonNode     *body,
            gint64        parent_id,
            GError      **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (BomLine));
  g_autoptr(GPtrArray) line_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) sanhe_fields_free);
  g_autoptr(PGresult) missing = NULL;
  g_autofree char *ids = NULL;
  JsonNode *node = sanhe_json_object_get_path_node (body, "lines");
  JsonArray *array;

  if (!sanhe_fields_is_valid (fields, "lines"))
    return g_steal_pointer (&lines);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_REQUIRED, "This field is required.");
      return g_steal_pointer (&lines);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_WRONG_TYPE, "This field must be a list of lines.");
      return g_steal_pointer (&lines);
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_LINES)
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_INVALID, "A BOM holds at most 500 lines.");
      return g_steal_pointer (&lines);
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      SanheFields *lf = NULL;
      BomLine line = { 0 };

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          lf = sanhe_fields_new (element, line_writable, NULL);
          read_line (lf, lines, parent_id, &line);
        }
      else
        {
          g_autofree char *name = g_strdup_printf ("lines[%u]", i);

          sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "Each line must be an object.");
        }
      g_ptr_array_add (line_fields, lf);
      g_array_append_val (lines, line);
    }

  /* One query names every component that does not exist. */
  ids = id_array (lines);
  missing = sanhe_db_exec (conn,
                           "SELECT c FROM unnest($1::bigint[]) c "
                           "WHERE c > 0 AND NOT EXISTS (SELECT 1 FROM erp.items i WHERE i.id = c)",
                           1, (const char *[]) { ids }, error);
  if (missing == NULL)
    return NULL;
  for (int row = 0; row < PQntuples (missing); row++)
    for (guint i = 0; i < lines->len; i++)
      if (g_array_index (lines, BomLine, i).component_id == g_ascii_strtoll (PQgetvalue (missing, row, 0), NULL, 10)
          && g_ptr_array_index (line_fields, i) != NULL)
        sanhe_fields_reject (g_ptr_array_index (line_fields, i), "component", SANHE_FIELD_NOT_FOUND,
                             "There is no such item.");

  for (guint i = 0; i < line_fields->len; i++)
    if (g_ptr_array_index (line_fields, i) != NULL)
      merge_line_problems (fields, g_ptr_array_index (line_fields, i), i);

  return g_steal_pointer (&lines);
}

/* Sets erp.bom.cycle naming @path (item ids, parent first and last) by code. */
static gboolean
fail_cycle (PGconn   *conn,
            GArray   *path,
            GError  **error)
{
  g_autoptr(GString) ids = g_string_new ("{");
  g_autoptr(GString) arrows = g_string_new (NULL);
  g_autoptr(PGresult) codes = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  JsonArray *cycle = json_array_new ();
  JsonObject *details = json_object_new ();

  for (guint i = 0; i < path->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (path, gint64, i));
  g_string_append_c (ids, '}');
  codes = sanhe_db_exec (conn, "SELECT id, code FROM erp.items WHERE id = ANY ($1::bigint[])",
                         1, (const char *[]) { ids->str }, error);
  if (codes == NULL)
    {
      json_array_unref (cycle);
      json_object_unref (details);
      return FALSE;
    }

  for (guint i = 0; i < path->len; i++)
    for (int row = 0; row < PQntuples (codes); row++)
      if (sanhe_db_get_int (codes, row, "id") == g_array_index (path, gint64, i))
        {
          const char *code = sanhe_db_get (codes, row, "code");

          json_array_add_string_element (cycle, code);
          g_string_append_printf (arrows, "%s%s", i ? " → " : "", code);
        }

  json_object_set_array_member (details, "cycle", cycle);
  sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, BOM_CYCLE,
                   json_node_init_object (json_node_alloc (), details),
                   "These lines would make the item a component of itself: %s.", arrows->str);
  json_object_unref (details);
  return FALSE;
}

/* An edge of the BOM graph: @via has @to on one of its lines. */
typedef struct
{
  gint64 via;
  gint64 to;
} Edge;

/* The first edge leaving @from in @edges (sorted by via), or edges->len. */
static guint
first_edge_from (GArray *edges,
                 gint64  from)
{
  guint low = 0;
  guint high = edges->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (edges, Edge, middle).via < from)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/*
 * Walks down from the new components through the existing BOMs (never
 * through the parent's own, which are being replaced). Reaching the parent
 * closes a cycle; a breadth-first search over the edges found then names
 * the shortest one.
 */
static gboolean
check_cycle (PGconn   *conn,
             gint64    parent_id,
             GArray   *lines,
             GError  **error)
{
  g_autofree char *parent = sanhe_id_string (parent_id);
  g_autofree char *ids = id_array (lines);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(GHashTable) previous = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 last = 0;

  result = sanhe_db_exec (conn,
                          "WITH RECURSIVE reach(item_id, via) AS ("
                          "  SELECT c, $1::bigint FROM unnest($2::bigint[]) c "
                          "  UNION SELECT l.component_id, l.parent_id FROM reach r "
                          "    JOIN erp.bom_lines l ON l.parent_id = r.item_id WHERE r.item_id <> $1::bigint) "
                          "SELECT via, item_id FROM reach ORDER BY via, item_id",
                          2, (const char *[]) { parent, ids }, error);
  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      Edge edge = { sanhe_db_get_int (result, row, "via"), sanhe_db_get_int (result, row, "item_id") };

      g_array_append_val (edges, edge);
    }

  g_array_append_val (queue, parent_id);
  for (guint head = 0; head < queue->len && last == 0; head++)
    {
      gint64 from = g_array_index (queue, gint64, head);

      for (guint i = first_edge_from (edges, from); i < edges->len; i++)
        {
          gint64 to = g_array_index (edges, Edge, i).to;

          if (g_array_index (edges, Edge, i).via != from)
            break;
          if (to == parent_id)
            {
              last = from;
              break;
            }
          if (!g_hash_table_contains (previous, &to))
            {
              g_hash_table_insert (previous, g_memdup2 (&to, sizeof to), g_memdup2 (&from, sizeof from));
              g_array_append_val (queue, to);
            }
        }
    }
  if (last == 0)
    return TRUE;

  /* parent → … → last → parent, built backwards. */
  g_array_append_val (path, parent_id);
  for (gint64 at = last; at != parent_id; at = *(gint64 *) g_hash_table_lookup (previous, &at))
    g_array_prepend_val (path, at);
  g_array_prepend_val (path, parent_id);
  return fail_cycle (conn, path, error);
}

static gboolean
write_lines (PGconn   *conn,
             gint64    parent_id,
             GArray   *lines,
             GError  **error)
{
  g_autofree char *parent = sanhe_id_string (parent_id);
  g_autofree char *ids = id_array (lines);
  g_autoptr(GString) qtys = g_string_new ("{");
  g_autoptr(GString) scraps = g_string_new ("{");
  g_autoptr(PGresult) bumped = NULL;
  g_autoptr(PGresult) deleted = NULL;
  g_autoptr(PGresult) inserted = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const BomLine *line = &g_array_index (lines, BomLine, i);
      g_autofree char *qty = sanhe_decimal_format (line->qty, 4);
      g_autofree char *scrap = sanhe_decimal_format (line->scrap_pct, 4);

      g_string_append_printf (qtys, "%s%s", i ? "," : "", qty);
      g_string_append_printf (scraps, "%s%s", i ? "," : "", scrap);
    }
  g_string_append_c (qtys, '}');
  g_string_append_c (scraps, '}');

  bumped = sanhe_db_exec (conn, "UPDATE erp.items SET bom_version = bom_version + 1 WHERE id = $1", 1,
                          (const char *[]) { parent }, error);
  if (bumped == NULL)
    return FALSE;
  deleted = sanhe_db_exec (conn, "DELETE FROM erp.bom_lines WHERE parent_id = $1", 1,
                           (const char *[]) { parent }, error);
  if (deleted == NULL)
    return FALSE;
  inserted = sanhe_db_exec (conn,
                            "INSERT INTO erp.bom_lines (parent_id, position, component_id, qty, scrap_pct) "
                            "SELECT $1, t.n, t.c, t.q, t.s "
                            "FROM unnest($2::bigint[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS t(c, q, s, n)",
                            4, (const char *[]) { parent, ids, qtys->str, scraps->str }, error);
  return inserted != NULL;
}

/* Locks the item and returns its kind ("make"/"buy"); 404 if unknown. */
static char *
lock_item_kind (PGconn   *conn,
                gint64    id,
                GError  **error)
{
  g_autofree char *id_text = sanhe_id_string (id);
  g_autoptr(PGresult) item = sanhe_db_exec (conn, "SELECT kind FROM erp.items WHERE id = $1 FOR UPDATE",
                                            1, (const char *[]) { id_text }, error);

  if (item == NULL)
    return NULL;
  if (PQntuples (item) == 0)
    {
      sanhe_not_found (error, NOT_FOUND, "item", id);
      return NULL;
    }
  return g_strdup (PQgetvalue (item, 0, 0));
}

static JsonNode *
replace_bom (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id_text = NULL;
  JsonNode *body;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;
  fields = sanhe_request_get_fields (request, bom_writable, error);
  if (fields == NULL)
    return NULL;
  body = sanhe_request_get_body (request, error);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);

  if (!sanhe_db_command (conn, BOM_LOCK_SQL, error))
    return NULL;
  kind = lock_item_kind (conn, id, error);
  if (kind == NULL)
    return NULL;

  if (!g_str_equal (kind, "make"))
    sanhe_fields_reject (fields, "lines", SANHE_FIELD_INVALID, "Only make items have a BOM");
  lines = read_lines (conn, fields, body, id, error);
  if (lines == NULL || !sanhe_fields_check (fields, error) || !check_cycle (conn, id, lines, error))
    return NULL;

  before = bom_doc (conn, id, error);
  if (before == NULL || !sanhe_check_version (before, version, "bill of materials", error) ||
      !write_lines (conn, id, lines, error))
    return NULL;

  id_text = sanhe_id_string (id);
  after = bom_doc (conn, id, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", BOM_ENTITY, id_text, before, after, error))
    return NULL;
  return g_steal_pointer (&after);
}

static JsonNode *
get_bom (SanheRequest  *request,
         PGconn        *conn,
         GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  doc = bom_doc (conn, id, error);
  if (doc == NULL)
    sanhe_not_found (error, NOT_FOUND, "item", id);
  return doc;
}

/*
 * Direct parents, or with ?levels=all every assembly above the item, each
 * BOM line once at the lowest level it is met: {"items":[{"parent",
 * "component","qty","scrap_pct","level"}]}.
 */
static JsonNode *
where_used (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  const char *levels = sanhe_request_get_query (request, "levels");
  g_autofree char *id_text = NULL;
  g_autoptr(PGresult) item = NULL;
  JsonNode *rows;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;
  if (levels && *levels && !g_str_equal (levels, "all") && !g_str_equal (levels, "1"))
    {
      _sanhe_erp_bad_parameter (error, "levels", "The query parameter “levels” must be 1 or all.");
      return NULL;
    }

  id_text = sanhe_id_string (id);
  item = sanhe_db_exec (conn, "SELECT 1 FROM erp.items WHERE id = $1", 1, (const char *[]) { id_text }, error);
  if (item == NULL)
    return NULL;
  if (PQntuples (item) == 0)
    {
      sanhe_not_found (error, NOT_FOUND, "item", id);
      return NULL;
    }

  /* BOMs are acyclic; the level cap only bounds the walk should one not be. */
  rows = sanhe_db_query_json (conn,
                              "WITH RECURSIVE up(line_id, parent_id, level) AS ("
                              "  SELECT l.id, l.parent_id, 1 FROM erp.bom_lines l WHERE l.component_id = $1 "
                              "  UNION SELECT l.id, l.parent_id, u.level + 1 FROM up u "
                              "    JOIN erp.bom_lines l ON l.component_id = u.parent_id WHERE u.level < $2::int) "
                              "SELECT coalesce(json_agg(json_build_object("
                              "  'parent', json_build_object('id', p.id, 'code', p.code, 'name', p.name), "
                              "  'component', json_build_object('id', c.id, 'code', c.code, 'name', c.name), "
                              "  'qty', l.qty::text, 'scrap_pct', l.scrap_pct::text, 'level', w.level) "
                              "  ORDER BY w.level, p.code, l.position), '[]') "
                              "FROM (SELECT line_id, min(level) AS level FROM up GROUP BY line_id) w "
                              "JOIN erp.bom_lines l ON l.id = w.line_id "
                              "JOIN erp.items p ON p.id = l.parent_id JOIN erp.items c ON c.id = l.component_id",
                              2, (const char *[]) { id_text, g_strcmp0 (levels, "all") == 0 ? "100" : "1" },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_items_response (rows);
}

/* Writes the rolled-up cost into the item's standard cost. */
static JsonNode *
cost_rollup (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *cost = NULL;
  SanheDecimal rolled;
  gboolean computable = FALSE;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  before = _sanhe_erp_item_doc (conn, id, TRUE, error);
  if (before == NULL)
    {
      sanhe_not_found (error, NOT_FOUND, "item", id);
      return NULL;
    }
  if (!g_str_equal (json_object_get_string_member (json_node_get_object (before), "kind"), "make"))
    {
      sanhe_validation_fail (error, "kind", SANHE_FIELD_INVALID, "Only make items roll their cost up from a BOM.");
      return NULL;
    }

  if (!compute_rollup (conn, id, &rolled, &computable, error))
    return NULL;
  if (!computable)
    {
      sanhe_set_error (error, SANHE_ERROR_UNPROCESSABLE, BOM_ROLLUP, NULL,
                       "The cost of this BOM is too large to store.");
      return NULL;
    }

  id_text = sanhe_id_string (id);
  cost = sanhe_decimal_format (rolled, 4);
  updated = sanhe_db_exec (conn,
                           "UPDATE erp.items SET standard_cost = $2::numeric, version = version + 1, "
                           "  updated_at = now() WHERE id = $1",
                           2, (const char *[]) { id_text, cost }, error);
  if (updated == NULL)
    return NULL;

  after = _sanhe_erp_item_doc (conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", ENTITY, id_text, before, after, error))
    return NULL;
  return g_steal_pointer (&after);
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/items/{id}/bom",         get_bom,     "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "PUT",   "/api/v1/erp/items/{id}/bom",         replace_bom, "erp.items.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/items/{id}/where-used",  where_used,  "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/items/{id}/cost-rollup", cost_rollup, "erp.items.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_bom_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
