/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-purchase-orders"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-audit.h"
#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-events.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"
#include "sanhe-stock-ledger.h"

#include "sanhe-request-private.h"

/*
 * Purchase orders, and the order engine they share with sales orders
 * (sanhe-documents-orders.h). The engine lives here rather than in a file of
 * its own only to keep the module's build list unchanged; it knows nothing
 * of purchasing beyond what a SanheOrderKind tells it.
 */

/* numeric(18,4) holds less than 10^14: ten-thousandths below 10^18. */
#define DECIMAL_LIMIT G_GINT64_CONSTANT (1000000000000000000)
#define MAX_LINES     1000

static const char * const draft_states[] = { "draft", NULL };
static const char * const cancellable_states[] = { "draft", "confirmed", NULL };

/* One line of a create or update body. */
typedef struct
{
  gint64        item_id;
  SanheDecimal  qty;
  SanheDecimal  price;
  const char   *date;     /* owned by the request body */
} LineInput;

/* One line of a stored order, as a fulfilment sees it. */
typedef struct
{
  gint64        id;
  gint64        line_no;
  gint64        item_id;
  SanheDecimal  qty;
  SanheDecimal  done;
  SanheDecimal  price;
  SanheDecimal  asked;    /* by this request, over all its entries */
} OrderLine;

/* One entry of a receive or ship body. */
typedef struct
{
  guint         position; /* in the request: field names and a stable order */
  guint         line;     /* index into the OrderLine array */
  gint64        item_id;
  gint64        warehouse_id;
  SanheDecimal  qty;
} Delivery;

/* Shared helpers of the ERP document files */

static void
reject_query (GError     **error,
              const char  *name,
              const char  *message)
{
  JsonNode *details = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (details, json_object_new ());
  json_object_set_string_member (json_node_get_object (details), "parameter", name);
  sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, details, "%s", message);
}

/*
 * An action's body is optional ("POST …/confirm" with nothing at all), so an
 * empty body reads as {}. The public request API cannot tell an empty body
 * from a malformed one, hence the private header.
 */
SanheFields *
_sanhe_documents_get_fields (SanheRequest        *request,
                             const char * const  *allowed,
                             GError             **error)
{
  g_autoptr(JsonNode) empty = NULL;

  if (request->body_bytes != NULL && g_bytes_get_size (request->body_bytes) > 0)
    return sanhe_request_get_fields (request, allowed, error);

  empty = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (empty, json_object_new ());
  return sanhe_fields_new (empty, allowed, error);
}

/* Reads ?@name=<id>; *@out_text is NULL when the filter is absent. */
gboolean
_sanhe_documents_query_id (SanheRequest  *request,
                           const char    *name,
                           char         **out_text,
                           GError       **error)
{
  const char *text = sanhe_request_get_query (request, name);
  guint64 value = 0;

  *out_text = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_autofree char *message = g_strdup_printf ("The query parameter “%s” must be an id.", name);

      reject_query (error, name, message);
      return FALSE;
    }

  *out_text = sanhe_id_string ((gint64) value);
  return TRUE;
}

/* Reads ?state=, which must be one of @states; NULL when absent. */
gboolean
_sanhe_documents_query_state (SanheRequest        *request,
                              const char * const  *states,
                              const char         **out_state,
                              GError             **error)
{
  const char *text = sanhe_request_get_query (request, "state");

  *out_state = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;

  if (!g_strv_contains (states, text))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) states);
      g_autofree char *message = g_strdup_printf ("The query parameter “state” must be one of %s.", known);

      reject_query (error, "state", message);
      return FALSE;
    }

  *out_state = text;
  return TRUE;
}

/*
 * Reads a quantity or price with at most 4 places that fits numeric(18,4):
 * greater than zero when @positive, else zero or more. FALSE when absent or
 * rejected.
 */
gboolean
_sanhe_documents_read_decimal (SanheFields     *fields,
                               const char      *name,
                               SanheFieldFlags  flags,
                               gboolean         positive,
                               SanheDecimal    *out)
{
  if (!sanhe_fields_get_decimal (fields, name, flags, SANHE_DECIMAL_SCALE, out))
    return FALSE;

  if (positive && out->units <= 0)
    sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "Enter a number greater than zero.");
  else if (!positive && out->units < 0)
    sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "Enter zero or a positive number.");
  else if (out->units >= DECIMAL_LIMIT)
    sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This number is too large.");
  else
    return TRUE;
  return FALSE;
}

/* Tells the document's creator that it changed, so their client refreshes. */
gboolean
_sanhe_documents_notify (PGconn      *conn,
                         const char  *event,
                         JsonNode    *doc,
                         GError     **error)
{
  JsonObject *object = json_node_get_object (doc);
  JsonNode *creator = json_object_get_member (object, "created_by");
  gint64 to;

  /* Documents made by the system (an MRP run, an import) have nobody to tell. */
  if (creator == NULL || JSON_NODE_HOLDS_NULL (creator))
    return TRUE;

  to = json_node_get_int (creator);
  return sanhe_events_notify (conn, event, json_object_get_int_member (object, "id"), &to, 1, error);
}

/* Fails with 409 @code unless @doc's state is one of @states. */
gboolean
_sanhe_documents_check_state (JsonNode            *doc,
                              const char * const  *states,
                              const char          *code,
                              const char          *what,
                              const char          *doing,
                              GError             **error)
{
  const char *state = json_object_get_string_member (json_node_get_object (doc), "state");
  JsonNode *details;

  if (g_strv_contains (states, state))
    return TRUE;

  details = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (details, json_object_new ());
  json_object_set_string_member (json_node_get_object (details), "state", state);
  sanhe_set_error (error, SANHE_ERROR_CONFLICT, code, details,
                   "This %s is %s, so it cannot be %s.", what, state, doing);
  return FALSE;
}

/* Reads the optional "version" of an action body and compares it. */
gboolean
_sanhe_documents_check_optional_version (SanheFields  *fields,
                                         JsonNode     *current,
                                         const char   *what,
                                         GError      **error)
{
  gint64 version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_OPTIONAL);

  if (!sanhe_fields_check (fields, error))
    return FALSE;
  return !sanhe_fields_has (fields, "version") || sanhe_check_version (current, version, what, error);
}

/* Lines of a body */

/* The body's "lines" array, or NULL when absent or rejected in @fields. */
static JsonArray *
body_lines (SanheRequest *request,
            SanheFields  *fields,
            gboolean      mandatory)
{
  JsonNode *node = sanhe_json_object_get_path_node (sanhe_request_get_body (request, NULL), "lines");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (mandatory || node != NULL)
        sanhe_fields_reject (fields, "lines", SANHE_FIELD_REQUIRED, "Add at least one line.");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_WRONG_TYPE, "This field must be a list of lines.");
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_REQUIRED, "Add at least one line.");
      return NULL;
    }
  if (json_array_get_length (array) > MAX_LINES)
    {
      sanhe_fields_reject (fields, "lines", SANHE_FIELD_TOO_LONG, "A document holds at most 1000 lines.");
      return NULL;
    }
  return array;
}

static char *
line_field (guint       index,
            const char *name)
{
  return g_strdup_printf ("lines[%u].%s", index, name);
}

/* A field reader over element @index, or NULL (rejected) if not an object. */
static SanheFields *
line_fields_new (SanheFields        *fields,
                 JsonArray          *lines,
                 guint               index,
                 const char * const *allowed)
{
  JsonNode *element = json_array_get_element (lines, index);

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      g_autofree char *name = g_strdup_printf ("lines[%u]", index);

      sanhe_fields_reject (fields, name, SANHE_FIELD_WRONG_TYPE, "Each line must be an object.");
      return NULL;
    }
  return sanhe_fields_new (element, allowed, NULL);
}

/* Copies a line's problems into @fields as "lines[i].name", so one 422
 * names every field of every line, as the editor shows them. */
static void
line_fields_merge (SanheFields *fields,
                   SanheFields *line,
                   guint        index)
{
  g_autoptr(GError) problems = NULL;
  g_autoptr(GList) names = NULL;
  JsonObject *by_field;

  if (sanhe_fields_check (line, &problems))
    return;

  by_field = json_object_get_object_member (json_node_get_object (sanhe_error_get_details (problems)), "fields");
  names = json_object_get_members (by_field);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *problem = json_object_get_object_member (by_field, l->data);
      g_autofree char *name = line_field (index, l->data);

      sanhe_fields_reject (fields, name, json_object_get_string_member (problem, "code"),
                           json_object_get_string_member (problem, "message"));
    }
}

/* Reads the "lines" of a create or update; NULL when absent or rejected. */
static GArray *
read_order_lines (const SanheOrderKind *kind,
                  SanheRequest         *request,
                  SanheFields          *fields,
                  gboolean              mandatory)
{
  const char * const allowed[] = { "item", "qty", "price", kind->date_column, NULL };
  JsonArray *array = body_lines (request, fields, mandatory);
  GArray *lines;

  if (array == NULL)
    return NULL;

  lines = g_array_new (FALSE, TRUE, sizeof (LineInput));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(SanheFields) line_fields = line_fields_new (fields, array, i, allowed);
      LineInput line = { 0 };

      if (line_fields != NULL)
        {
          line.item_id = sanhe_fields_get_id (line_fields, "item", SANHE_FIELD_MANDATORY);
          _sanhe_documents_read_decimal (line_fields, "qty", SANHE_FIELD_MANDATORY, TRUE, &line.qty);
          _sanhe_documents_read_decimal (line_fields, "price", SANHE_FIELD_MANDATORY, FALSE, &line.price);
          line.date = sanhe_fields_get_date (line_fields, kind->date_column, SANHE_FIELD_MANDATORY);
          line_fields_merge (fields, line_fields, i);
        }
      g_array_append_val (lines, line);
    }
  return lines;
}

static gboolean
row_exists (PGconn      *conn,
            const char  *sql,
            gint64       id,
            gboolean    *out,
            GError     **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 1, (const char *[]) { text }, error);

  if (result == NULL)
    return FALSE;
  *out = PQntuples (result) > 0;
  return TRUE;
}

/* Checks the partner and every line's item, still collecting per field. */
static gboolean
check_references (const SanheOrderKind  *kind,
                  PGconn                *conn,
                  SanheFields           *fields,
                  gint64                 partner_id,
                  GArray                *lines,
                  GError               **error)
{
  gboolean found;

  if (partner_id > 0 && sanhe_fields_is_valid (fields, kind->partner))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1", kind->partner_table);
      g_autofree char *message = g_strdup_printf ("There is no such %s.", kind->partner);

      if (!row_exists (conn, sql, partner_id, &found, error))
        return FALSE;
      if (!found)
        sanhe_fields_reject (fields, kind->partner, SANHE_FIELD_NOT_FOUND, message);
    }

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      LineInput *line = &g_array_index (lines, LineInput, i);
      g_autofree char *name = line_field (i, "item");
      g_autofree char *item = NULL;
      g_autoptr(PGresult) result = NULL;

      if (line->item_id <= 0 || !sanhe_fields_is_valid (fields, name))
        continue;
      item = sanhe_id_string (line->item_id);
      result = sanhe_db_exec (conn, "SELECT active FROM erp.items WHERE id = $1", 1, (const char *[]) { item }, error);
      if (result == NULL)
        return FALSE;
      if (PQntuples (result) == 0)
        sanhe_fields_reject (fields, name, SANHE_FIELD_NOT_FOUND, "There is no such item.");
      else if (!g_str_equal (PQgetvalue (result, 0, 0), "t"))
        sanhe_fields_reject (fields, name, SANHE_FIELD_INVALID, "This item is no longer active.");
    }

  return sanhe_fields_check (fields, error);
}

/* Documents as JSON */

/* The order as the API shows it, built by PostgreSQL; "o" is the order
 * and "p" its partner. */
static char *
doc_expression (const SanheOrderKind *kind)
{
  return g_strdup_printf (
    "json_build_object("
    "  'id', o.id, 'number', o.number, 'state', o.state, "
    "  '%s', json_build_object('id', p.id, 'code', p.code, 'name', p.name), "
    "  'lines', coalesce((SELECT json_agg(json_build_object("
    "      'line', l.line_no, 'id', l.id, "
    "      'item', json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'unit', i.unit), "
    "      'qty', l.qty::text, '%s', l.%s::text, 'open_qty', (l.qty - l.%s)::text, "
    "      'price', l.price::text, 'amount', round(l.qty * l.price, 2)::text, '%s', l.%s) "
    "    ORDER BY l.line_no) "
    "    FROM %s l JOIN erp.items i ON i.id = l.item_id WHERE l.order_id = o.id), '[]'), "
    "  'total', (SELECT coalesce(sum(round(l.qty * l.price, 2)), 0)::numeric(18,2)::text "
    "    FROM %s l WHERE l.order_id = o.id), "
    "  'version', o.version, 'created_by', o.created_by, "
    "  'created_at', o.created_at, 'updated_at', o.updated_at%s)",
    kind->partner, kind->done_column, kind->done_column, kind->done_column,
    kind->date_column, kind->date_column, kind->lines_table, kind->lines_table,
    kind->has_mrp_run ? ", 'mrp_run_id', o.mrp_run_id" : "");
}

static JsonNode *
order_doc (const SanheOrderKind  *kind,
           PGconn                *conn,
           gint64                 id,
           gboolean               for_update,
           GError               **error)
{
  g_autofree char *text = sanhe_id_string (id);
  g_autofree char *doc = doc_expression (kind);
  g_autofree char *sql = NULL;
  const char *params[] = { text };

  /* Lock the order row alone; the document query joins and aggregates. */
  if (for_update)
    {
      g_autofree char *lock_sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = $1 FOR UPDATE", kind->orders_table);
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, lock_sql, 1, params, error);

      if (lock == NULL)
        return NULL;
    }

  sql = g_strdup_printf ("SELECT %s FROM %s o JOIN %s p ON p.id = o.%s WHERE o.id = $1",
                         doc, kind->orders_table, kind->partner_table, kind->partner_column);
  return sanhe_db_query_json (conn, sql, 1, params, error);
}

/* The order of the path, locked for a change; NULL with 404 if unknown. */
static JsonNode *
lock_order (const SanheOrderKind  *kind,
            PGconn                *conn,
            gint64                 id,
            GError               **error)
{
  JsonNode *doc = order_doc (kind, conn, id, TRUE, error);

  if (doc == NULL)
    sanhe_not_found (error, kind->not_found, kind->what, id);
  return doc;
}

static gboolean
insert_lines (const SanheOrderKind  *kind,
              PGconn                *conn,
              const char            *order_id,
              GArray                *lines,
              GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (order_id, line_no, item_id, qty, price, %s) "
                                          "VALUES ($1, $2, $3, $4, $5, $6)",
                                          kind->lines_table, kind->date_column);

  for (guint i = 0; i < lines->len; i++)
    {
      LineInput *line = &g_array_index (lines, LineInput, i);
      g_autofree char *line_no = sanhe_id_string (i + 1);
      g_autofree char *item = sanhe_id_string (line->item_id);
      g_autofree char *qty = sanhe_decimal_format (line->qty, SANHE_DECIMAL_SCALE);
      g_autofree char *price = sanhe_decimal_format (line->price, SANHE_DECIMAL_SCALE);
      g_autoptr(PGresult) inserted = NULL;

      inserted = sanhe_db_exec (conn, sql, 6, (const char *[]) { order_id, line_no, item, qty, price, line->date },
                                error);
      if (inserted == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The order engine */

JsonNode *
_sanhe_order_list (const SanheOrderKind  *kind,
                   SanheRequest          *request,
                   PGconn                *conn,
                   GError               **error)
{
  const char * const states[] = { "draft", "confirmed", kind->partial_state, kind->done_state, "cancelled", NULL };
  const char *q = sanhe_request_get_query (request, "q");
  const char *state = NULL;
  g_auto(SanhePage) page = { 0 };
  g_autofree char *partner = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error) ||
      !_sanhe_documents_query_state (request, states, &state, error) ||
      !_sanhe_documents_query_id (request, kind->partner, &partner, error))
    return NULL;

  doc = doc_expression (kind);
  sql = g_strdup_printf ("SELECT coalesce(json_agg(doc ORDER BY id), '[]') FROM ("
                         "  SELECT o.id, %s AS doc FROM %s o JOIN %s p ON p.id = o.%s "
                         "  WHERE o.id > $1 "
                         "  AND ($3::text IS NULL OR strpos(lower(o.number || ' ' || p.code || ' ' || p.name), "
                         "                                 lower($3)) > 0) "
                         "  AND ($4::text IS NULL OR o.state = $4) "
                         "  AND ($5::bigint IS NULL OR o.%s = $5) "
                         "  ORDER BY o.id LIMIT $2) page",
                         doc, kind->orders_table, kind->partner_table, kind->partner_column, kind->partner_column);
  rows = sanhe_db_query_json (conn, sql, 5,
                              (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL,
                                                 state, partner },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

JsonNode *
_sanhe_order_get (const SanheOrderKind  *kind,
                  SanheRequest          *request,
                  PGconn                *conn,
                  GError               **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  doc = order_doc (kind, conn, id, FALSE, error);
  if (doc == NULL)
    sanhe_not_found (error, kind->not_found, kind->what, id);
  return doc;
}

JsonNode *
_sanhe_order_create (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  const char * const allowed[] = { kind->partner, "lines", "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_autofree char *partner = NULL;
  g_autofree char *sql = NULL;
  gint64 partner_id;
  const char *id;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new order has no version yet.");

  partner_id = sanhe_fields_get_id (fields, kind->partner, SANHE_FIELD_MANDATORY);
  lines = read_order_lines (kind, request, fields, TRUE);
  if (!check_references (kind, conn, fields, partner_id, lines, error))
    return NULL;

  partner = sanhe_id_string (partner_id);
  sql = g_strdup_printf ("INSERT INTO %s (number, %s, created_by) "
                         "VALUES (core.next_document_number($1), $2, $3) RETURNING id",
                         kind->orders_table, kind->partner_column);
  inserted = sanhe_db_exec (conn, sql, 3, (const char *[]) { kind->prefix, partner, actor }, error);
  if (inserted == NULL)
    return NULL;

  id = PQgetvalue (inserted, 0, 0);
  if (!insert_lines (kind, conn, id, lines, error))
    return NULL;

  after = order_doc (kind, conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", kind->entity, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

/* A draft's partner and lines; lines given replace all of them. */
JsonNode *
_sanhe_order_update (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  const char * const allowed[] = { kind->partner, "lines", "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *sql = NULL;
  gint64 partner_id;
  gint64 version;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = lock_order (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, draft_states, SANHE_CODE_ORDER_NOT_DRAFT, kind->what, "changed", error))
    return NULL;

  partner_id = sanhe_fields_get_id (fields, kind->partner, SANHE_FIELD_OPTIONAL);
  lines = read_order_lines (kind, request, fields, FALSE);
  version = sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);
  if (!check_references (kind, conn, fields, partner_id, lines, error) ||
      !sanhe_check_version (before, version, kind->what, error))
    return NULL;

  id_text = sanhe_id_string (id);
  partner = partner_id > 0 ? sanhe_id_string (partner_id) : NULL;
  sql = g_strdup_printf ("UPDATE %s SET version = version + 1, updated_at = now(), "
                         "  %s = coalesce($2::bigint, %s) WHERE id = $1",
                         kind->orders_table, kind->partner_column, kind->partner_column);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, partner }, error);
  if (updated == NULL)
    return NULL;

  if (lines != NULL)
    {
      g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE order_id = $1", kind->lines_table);
      g_autoptr(PGresult) deleted = sanhe_db_exec (conn, delete_sql, 1, (const char *[]) { id_text }, error);

      if (deleted == NULL || !insert_lines (kind, conn, id_text, lines, error))
        return NULL;
    }

  after = order_doc (kind, conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", kind->entity, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

/* Moves an order from one of @from to @to: confirm and cancel. */
static JsonNode *
change_state (const SanheOrderKind  *kind,
              SanheRequest          *request,
              PGconn                *conn,
              const char            *action,
              const char            *doing,
              const char * const    *from,
              const char            *to,
              GError               **error)
{
  static const char * const allowed[] = { "version", NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = _sanhe_documents_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = lock_order (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, from, SANHE_CODE_ORDER_INVALID_STATE, kind->what, doing, error) ||
      !_sanhe_documents_check_optional_version (fields, before, kind->what, error))
    return NULL;

  id_text = sanhe_id_string (id);
  sql = g_strdup_printf ("UPDATE %s SET state = $2, version = version + 1, updated_at = now() WHERE id = $1",
                         kind->orders_table);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, to }, error);
  if (updated == NULL)
    return NULL;

  after = order_doc (kind, conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, action, kind->entity, id_text, before, after, error) ||
      !_sanhe_documents_notify (conn, kind->event, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

JsonNode *
_sanhe_order_confirm (const SanheOrderKind  *kind,
                      SanheRequest          *request,
                      PGconn                *conn,
                      GError               **error)
{
  return change_state (kind, request, conn, "confirm", "confirmed", draft_states, "confirmed", error);
}

/* Only while nothing moved: a confirmed order with receipts or shipments
 * is already partially_*, and stock history is never undone by a cancel. */
JsonNode *
_sanhe_order_cancel (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  return change_state (kind, request, conn, "cancel", "cancelled", cancellable_states, "cancelled", error);
}

/* numeric(18,4) always parses: the column holds no more than a SanheDecimal. */
static SanheDecimal
column_decimal (PGresult   *result,
                int         row,
                const char *column)
{
  SanheDecimal value = SANHE_DECIMAL_ZERO;

  if (!sanhe_decimal_parse (sanhe_db_get (result, row, column), &value))
    g_warning ("Column %s holds “%s”, not a decimal", column, sanhe_db_get (result, row, column));
  return value;
}

static GArray *
load_order_lines (const SanheOrderKind  *kind,
                  PGconn                *conn,
                  const char            *order_id,
                  GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, line_no, item_id, qty, %s AS done, price FROM %s "
                                          "WHERE order_id = $1 ORDER BY line_no",
                                          kind->done_column, kind->lines_table);
  g_autoptr(PGresult) result = sanhe_db_exec (conn, sql, 1, (const char *[]) { order_id }, error);
  GArray *lines;

  if (result == NULL)
    return NULL;

  lines = g_array_new (FALSE, TRUE, sizeof (OrderLine));
  for (int row = 0; row < PQntuples (result); row++)
    {
      OrderLine line = { 0 };

      line.id = sanhe_db_get_int (result, row, "id");
      line.line_no = sanhe_db_get_int (result, row, "line_no");
      line.item_id = sanhe_db_get_int (result, row, "item_id");
      line.qty = column_decimal (result, row, "qty");
      line.done = column_decimal (result, row, "done");
      line.price = column_decimal (result, row, "price");
      g_array_append_val (lines, line);
    }
  return lines;
}

/* Reads one entry of a receive/ship body against the order's lines;
 * problems go to @line_fields. */
static void
read_delivery (SanheFields  *line_fields,
               GArray       *order_lines,
               Delivery     *delivery)
{
  gint64 line_no = sanhe_fields_get_int (line_fields, "line", SANHE_FIELD_MANDATORY);
  gboolean has_qty = _sanhe_documents_read_decimal (line_fields, "qty", SANHE_FIELD_MANDATORY, TRUE, &delivery->qty);
  OrderLine *line = NULL;
  SanheDecimal open;
  SanheDecimal wanted;

  delivery->warehouse_id = sanhe_fields_get_id (line_fields, "warehouse", SANHE_FIELD_MANDATORY);

  for (guint i = 0; i < order_lines->len && line == NULL; i++)
    if (g_array_index (order_lines, OrderLine, i).line_no == line_no)
      {
        line = &g_array_index (order_lines, OrderLine, i);
        delivery->line = i;
        delivery->item_id = line->item_id;
      }

  if (line == NULL)
    {
      if (sanhe_fields_is_valid (line_fields, "line"))
        sanhe_fields_reject (line_fields, "line", SANHE_FIELD_NOT_FOUND, "This order has no such line.");
      return;
    }
  if (!has_qty)
    return;

  /* Entries naming one line twice count together against what is open. */
  if (!sanhe_decimal_sub (line->qty, line->done, &open) ||
      !sanhe_decimal_add (line->asked, delivery->qty, &wanted) ||
      sanhe_decimal_compare (wanted, open) > 0)
    {
      SanheDecimal left;
      g_autofree char *left_text = NULL;
      g_autofree char *message = NULL;

      left.units = MAX (open.units - line->asked.units, 0);
      left_text = sanhe_decimal_format (left, SANHE_DECIMAL_SCALE);
      message = g_strdup_printf ("Only %s remain open on line %" G_GINT64_FORMAT ".", left_text, line->line_no);
      sanhe_fields_reject (line_fields, "qty", SANHE_FIELD_INVALID, message);
      return;
    }

  line->asked = wanted;
}

static GArray *
read_deliveries (SanheRequest  *request,
                 PGconn        *conn,
                 SanheFields   *fields,
                 GArray        *order_lines,
                 GError       **error)
{
  static const char * const allowed[] = { "line", "qty", "warehouse", NULL };
  JsonArray *array = body_lines (request, fields, TRUE);
  g_autoptr(GArray) deliveries = g_array_new (FALSE, TRUE, sizeof (Delivery));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(SanheFields) line_fields = line_fields_new (fields, array, i, allowed);
      Delivery delivery = { .position = i };

      /* Entries with problems stay in the list, so that their warehouse
       * is checked too; the 422 stops them before anything is posted. */
      if (line_fields == NULL)
        continue;
      read_delivery (line_fields, order_lines, &delivery);
      line_fields_merge (fields, line_fields, i);
      g_array_append_val (deliveries, delivery);
    }

  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = &g_array_index (deliveries, Delivery, i);
      g_autofree char *name = line_field (delivery->position, "warehouse");
      gboolean found;

      if (delivery->warehouse_id <= 0 || !sanhe_fields_is_valid (fields, name))
        continue;
      if (!row_exists (conn, "SELECT 1 FROM erp.warehouses WHERE id = $1", delivery->warehouse_id, &found, error))
        return NULL;
      if (!found)
        sanhe_fields_reject (fields, name, SANHE_FIELD_NOT_FOUND, "There is no such warehouse.");
    }

  return g_steal_pointer (&deliveries);
}

/* Items in ascending id, then request order: the ledger locks item rows,
 * and one order of locks keeps concurrent fulfilments from deadlocking. */
static int
compare_deliveries (gconstpointer a,
                    gconstpointer b)
{
  const Delivery *x = a;
  const Delivery *y = b;

  if (x->item_id != y->item_id)
    return x->item_id < y->item_id ? -1 : 1;
  return (int) x->position - (int) y->position;
}

/* Adds the order's line number to a stock shortage, so the client can
 * point at the line that cannot ship. */
static void
annotate_shortage (GError   *error,
                   gint64    line_no)
{
  JsonNode *details;

  if (g_strcmp0 (sanhe_error_get_code (error), SANHE_CODE_STOCK_INSUFFICIENT) != 0)
    return;
  details = sanhe_error_get_details (error);
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    json_object_set_int_member (json_node_get_object (details), "line", line_no);
}

static gboolean
post_deliveries (const SanheOrderKind  *kind,
                 SanheRequest          *request,
                 PGconn                *conn,
                 JsonNode              *before,
                 GArray                *order_lines,
                 GArray                *deliveries,
                 GError               **error)
{
  JsonObject *order = json_node_get_object (before);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = %s + $2::numeric WHERE id = $1",
                                          kind->lines_table, kind->done_column, kind->done_column);

  g_array_sort (deliveries, compare_deliveries);
  for (guint i = 0; i < deliveries->len; i++)
    {
      Delivery *delivery = &g_array_index (deliveries, Delivery, i);
      OrderLine *line = &g_array_index (order_lines, OrderLine, delivery->line);
      SanheStockMove move = {
        .kind = kind->move_kind,
        .item_id = line->item_id,
        .warehouse_id = delivery->warehouse_id,
        .qty = delivery->qty,
        .unit_cost = line->price,
        .reference = json_object_get_string_member (order, "number"),
        .document_type = kind->entity,
        .document_id = json_object_get_int_member (order, "id"),
      };

      if (!sanhe_stock_post (conn, request, &move, error))
        {
          if (error != NULL && *error != NULL)
            annotate_shortage (*error, line->line_no);
          return FALSE;
        }
    }

  for (guint i = 0; i < order_lines->len; i++)
    {
      OrderLine *line = &g_array_index (order_lines, OrderLine, i);
      g_autofree char *id = NULL;
      g_autofree char *qty = NULL;
      g_autoptr(PGresult) updated = NULL;

      if (line->asked.units == 0)
        continue;
      id = sanhe_id_string (line->id);
      qty = sanhe_decimal_format (line->asked, SANHE_DECIMAL_SCALE);
      updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id, qty }, error);
      if (updated == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The state follows the lines: all filled, or some. */
static const char *
state_after (const SanheOrderKind *kind,
             GArray               *order_lines)
{
  for (guint i = 0; i < order_lines->len; i++)
    {
      OrderLine *line = &g_array_index (order_lines, OrderLine, i);
      SanheDecimal done;

      if (!sanhe_decimal_add (line->done, line->asked, &done) || sanhe_decimal_compare (done, line->qty) < 0)
        return kind->partial_state;
    }
  return kind->done_state;
}

/* Receive or ship: {"lines":[{"line","qty","warehouse"}]}. Each entry posts
 * one stock move; any failure (a shortage above all) rolls back the whole
 * request, so nothing of it stays. */
JsonNode *
_sanhe_order_fulfil (const SanheOrderKind  *kind,
                     SanheRequest          *request,
                     PGconn                *conn,
                     GError               **error)
{
  static const char * const allowed[] = { "lines", "version", NULL };
  const char * const open_states[] = { "confirmed", kind->partial_state, NULL };
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GArray) order_lines = NULL;
  g_autoptr(GArray) deliveries = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *sql = NULL;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", kind->not_found, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, allowed, error);
  if (fields == NULL)
    return NULL;

  before = lock_order (kind, conn, id, error);
  if (before == NULL ||
      !_sanhe_documents_check_state (before, open_states, SANHE_CODE_ORDER_INVALID_STATE, kind->what,
                                     kind->done_state, error))
    return NULL;

  id_text = sanhe_id_string (id);
  order_lines = load_order_lines (kind, conn, id_text, error);
  if (order_lines == NULL)
    return NULL;
  deliveries = read_deliveries (request, conn, fields, order_lines, error);
  if (deliveries == NULL ||
      !_sanhe_documents_check_optional_version (fields, before, kind->what, error) ||
      !post_deliveries (kind, request, conn, before, order_lines, deliveries, error))
    return NULL;

  sql = g_strdup_printf ("UPDATE %s SET state = $2, version = version + 1, updated_at = now() WHERE id = $1",
                         kind->orders_table);
  updated = sanhe_db_exec (conn, sql, 2, (const char *[]) { id_text, state_after (kind, order_lines) }, error);
  if (updated == NULL)
    return NULL;

  after = order_doc (kind, conn, id, FALSE, error);
  if (after == NULL ||
      !sanhe_audit_record (conn, request, kind->fulfil_action, kind->entity, id_text, before, after, error) ||
      !_sanhe_documents_notify (conn, kind->event, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

/* Purchase orders */

static const SanheOrderKind purchase = {
  .entity = "erp.purchase_order",
  .what = "purchase order",
  .not_found = "erp.purchase_order.not_found",
  .event = "erp.purchase_order.updated",
  .prefix = "PO",
  .orders_table = "erp.purchase_orders",
  .lines_table = "erp.purchase_order_lines",
  .partner = "supplier",
  .partner_table = "erp.suppliers",
  .partner_column = "supplier_id",
  .done_column = "received_qty",
  .date_column = "expected_date",
  .partial_state = "partially_received",
  .done_state = "received",
  .fulfil_action = "receive",
  .move_kind = SANHE_STOCK_RECEIPT,
  .has_mrp_run = TRUE,
};

static JsonNode *
list_purchase_orders (SanheRequest  *request,
                      PGconn        *conn,
                      GError       **error)
{
  return _sanhe_order_list (&purchase, request, conn, error);
}

static JsonNode *
get_purchase_order (SanheRequest  *request,
                    PGconn        *conn,
                    GError       **error)
{
  return _sanhe_order_get (&purchase, request, conn, error);
}

static JsonNode *
create_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_create (&purchase, request, conn, error);
}

static JsonNode *
update_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_update (&purchase, request, conn, error);
}

static JsonNode *
confirm_purchase_order (SanheRequest  *request,
                        PGconn        *conn,
                        GError       **error)
{
  return _sanhe_order_confirm (&purchase, request, conn, error);
}

static JsonNode *
cancel_purchase_order (SanheRequest  *request,
                       PGconn        *conn,
                       GError       **error)
{
  return _sanhe_order_cancel (&purchase, request, conn, error);
}

/* Each received line is a stock receipt at the line's price. */
static JsonNode *
receive_purchase_order (SanheRequest  *request,
                        PGconn        *conn,
                        GError       **error)
{
  return _sanhe_order_fulfil (&purchase, request, conn, error);
}

/* Receiving is the warehouse clerk's work: it needs erp.stock.write, not
 * the buyer's erp.purchasing.write. */
static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/purchase-orders",              list_purchase_orders,   "erp.purchasing.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders",              create_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/purchase-orders/{id}",         get_purchase_order,     "erp.purchasing.read",  SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/purchase-orders/{id}",         update_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/confirm", confirm_purchase_order, "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/cancel",  cancel_purchase_order,  "erp.purchasing.write", SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/purchase-orders/{id}/receive", receive_purchase_order, "erp.stock.write",      SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_purchase_orders_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
