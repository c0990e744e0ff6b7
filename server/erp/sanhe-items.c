/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-items"

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

#define NOT_FOUND SANHE_ERP_ITEM_NOT_FOUND
#define ENTITY    "erp.item"

/*
 * The item as the API shows it, over "erp.items i": decimals as strings
 * with four places, the supplier inline, the stock on hand summed over
 * every warehouse's balance.
 */
#define ITEM_DOC \
  "json_build_object('id', i.id, 'code', i.code, 'name', i.name, 'kind', i.kind, 'unit', i.unit, " \
  "  'lead_time_days', i.lead_time_days, 'safety_stock', i.safety_stock::text, " \
  "  'min_lot', i.min_lot::text, 'lot_multiple', i.lot_multiple::text, 'scrap_pct', i.scrap_pct::text, " \
  "  'standard_cost', i.standard_cost::text, 'average_cost', i.average_cost::text, " \
  "  'list_price', i.list_price::text, 'supplier_id', i.supplier_id, " \
  "  'supplier', (SELECT json_build_object('id', s.id, 'code', s.code, 'name', s.name) " \
  "               FROM erp.suppliers s WHERE s.id = i.supplier_id), " \
  "  'active', i.active, 'version', i.version, 'created_at', i.created_at, 'updated_at', i.updated_at, " \
  "  'on_hand', (SELECT coalesce(sum(b.qty), 0)::numeric(18,4)::text " \
  "              FROM erp.stock_balances b WHERE b.item_id = i.id), " \
  "  'has_bom', EXISTS (SELECT 1 FROM erp.bom_lines l WHERE l.parent_id = i.id))"

static const char * const writable[] = {
  "code", "name", "kind", "unit", "lead_time_days", "safety_stock", "min_lot", "lot_multiple",
  "scrap_pct", "standard_cost", "list_price", "supplier_id", "active", "version", NULL
};

static const char * const kinds[] = { "make", "buy", NULL };

/* The decimal fields of an item; each field is named as its column. */
static const struct
{
  const char *name;
  gint64      limit;    /* exclusive, in units */
  const char *message;
} decimals[] = {
  { "safety_stock",  SANHE_ERP_QUANTITY_LIMIT, "Use a quantity of zero or more, below 10^14." },
  { "min_lot",       SANHE_ERP_QUANTITY_LIMIT, "Use a quantity of zero or more, below 10^14." },
  { "lot_multiple",  SANHE_ERP_QUANTITY_LIMIT, "Use a quantity of zero or more, below 10^14." },
  { "scrap_pct",     SANHE_ERP_PERCENT_LIMIT,  "Use a percentage from 0 up to, but not including, 100." },
  { "standard_cost", SANHE_ERP_QUANTITY_LIMIT, "Use an amount of zero or more, below 10^14." },
  { "list_price",    SANHE_ERP_QUANTITY_LIMIT, "Use an amount of zero or more, below 10^14." },
};

/* What a create or update may set, read and validated from the body; the
 * text values are ready to be SQL parameters. */
typedef struct
{
  const char *code;
  const char *name;
  const char *kind;
  const char *unit;
  char       *lead_time_days;
  char       *decimals[G_N_ELEMENTS (decimals)];
  gint64      supplier_id;
  char       *supplier_text;
  gboolean    active;
  gint64      version;
} ItemInput;

static void
item_input_clear (ItemInput *input)
{
  g_clear_pointer (&input->lead_time_days, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    g_clear_pointer (&input->decimals[i], g_free);
  g_clear_pointer (&input->supplier_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ItemInput, item_input_clear)

/* Column = value pairs for one INSERT or UPDATE. Column names and casts
 * are constants of this file, never input; values travel as $n. */
typedef struct
{
  GPtrArray *columns;
  GPtrArray *casts;
  GPtrArray *params;
} Changes;

static void
changes_clear (Changes *changes)
{
  g_clear_pointer (&changes->columns, g_ptr_array_unref);
  g_clear_pointer (&changes->casts, g_ptr_array_unref);
  g_clear_pointer (&changes->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Changes, changes_clear)

static void
changes_add (Changes    *changes,
             const char *column,
             const char *cast,
             const char *value)
{
  g_ptr_array_add (changes->columns, (gpointer) column);
  g_ptr_array_add (changes->casts, (gpointer) cast);
  g_ptr_array_add (changes->params, (gpointer) value);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Codes are keys people type and print: no control characters, no blanks
 * at either end that would make two codes look alike. */
static gboolean
valid_code (const char *code)
{
  gsize len = strlen (code);

  if (g_ascii_isspace (code[0]) || g_ascii_isspace (code[len - 1]))
    return FALSE;
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A text field that, when given, holds something other than blanks. */
static const char *
read_text (SanheFields *fields,
           const char  *name,
           gboolean     mandatory,
           guint        max_chars)
{
  const char *value = sanhe_fields_get_string (fields, name,
                                               mandatory ? SANHE_FIELD_MANDATORY : SANHE_FIELD_OPTIONAL,
                                               max_chars);

  if (value != NULL && is_blank (value))
    {
      sanhe_fields_reject (fields, name, SANHE_FIELD_REQUIRED, "This field is required.");
      return NULL;
    }
  return value;
}

/* Reads every field of @fields into @input; problems are collected in @fields. */
static void
read_input (SanheFields *fields,
            ItemInput   *input,
            gboolean     creating)
{
  input->code = read_text (fields, "code", creating, 40);
  input->name = read_text (fields, "name", creating, 200);
  input->kind = read_text (fields, "kind", creating, 10);
  input->unit = read_text (fields, "unit", FALSE, 20);
  input->supplier_id = sanhe_fields_get_id (fields, "supplier_id", SANHE_FIELD_NULLABLE);
  input->supplier_text = input->supplier_id > 0 ? sanhe_id_string (input->supplier_id) : NULL;
  input->active = sanhe_fields_get_boolean (fields, "active", SANHE_FIELD_OPTIONAL, TRUE);
  input->version = creating ? 0 : sanhe_fields_get_int (fields, "version", SANHE_FIELD_MANDATORY);

  if (input->code != NULL && !valid_code (input->code))
    sanhe_fields_reject (fields, "code", SANHE_FIELD_INVALID,
                         "A code has no control characters and no spaces at either end.");
  if (input->kind != NULL && !g_strv_contains (kinds, input->kind))
    sanhe_fields_reject (fields, "kind", SANHE_FIELD_INVALID, "Choose make or buy.");

  if (sanhe_fields_has (fields, "lead_time_days"))
    {
      gint64 days = sanhe_fields_get_int (fields, "lead_time_days", SANHE_FIELD_OPTIONAL);

      if (days < 0 || days > 3650)
        sanhe_fields_reject (fields, "lead_time_days", SANHE_FIELD_INVALID, "Use 0 to 3650 days.");
      else if (sanhe_fields_is_valid (fields, "lead_time_days"))
        input->lead_time_days = sanhe_id_string (days);
    }

  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    {
      SanheDecimal value;

      if (!sanhe_fields_get_decimal (fields, decimals[i].name, SANHE_FIELD_OPTIONAL, 4, &value))
        continue;
      if (value.units < 0 || value.units >= decimals[i].limit)
        sanhe_fields_reject (fields, decimals[i].name, SANHE_FIELD_INVALID, decimals[i].message);
      else
        input->decimals[i] = sanhe_decimal_format (value, 4);
    }
}

/* The columns the body names, for the INSERT or the UPDATE. */
static void
collect_changes (SanheFields *fields,
                 ItemInput   *input,
                 Changes     *changes)
{
  if (input->code)
    changes_add (changes, "code", "", input->code);
  if (input->name)
    changes_add (changes, "name", "", input->name);
  if (input->kind)
    changes_add (changes, "kind", "", input->kind);
  if (input->unit)
    changes_add (changes, "unit", "", input->unit);
  if (input->lead_time_days)
    changes_add (changes, "lead_time_days", "::int", input->lead_time_days);
  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    if (input->decimals[i])
      changes_add (changes, decimals[i].name, "::numeric", input->decimals[i]);
  if (sanhe_fields_has (fields, "supplier_id"))
    changes_add (changes, "supplier_id", "::bigint", input->supplier_text);
  if (sanhe_fields_has (fields, "active"))
    changes_add (changes, "active", "::boolean", input->active ? "true" : "false");
}

/* Checks what only the database knows, still collecting per field. */
static gboolean
check_references (PGconn       *conn,
                  SanheFields  *fields,
                  ItemInput    *input,
                  gint64        self_id,
                  GError      **error)
{
  if (input->code != NULL && sanhe_fields_is_valid (fields, "code"))
    {
      g_autofree char *self = sanhe_id_string (self_id);
      g_autoptr(PGresult) taken = sanhe_db_exec (conn, "SELECT 1 FROM erp.items WHERE code = $1 AND id <> $2",
                                                 2, (const char *[]) { input->code, self }, error);
      if (taken == NULL)
        return FALSE;
      if (PQntuples (taken) > 0)
        sanhe_fields_reject (fields, "code", SANHE_FIELD_TAKEN, "Another item already has this code.");
    }

  if (input->supplier_id > 0 && sanhe_fields_is_valid (fields, "supplier_id"))
    {
      g_autoptr(PGresult) found = sanhe_db_exec (conn, "SELECT 1 FROM erp.suppliers WHERE id = $1",
                                                 1, (const char *[]) { input->supplier_text }, error);
      if (found == NULL)
        return FALSE;
      if (PQntuples (found) == 0)
        sanhe_fields_reject (fields, "supplier_id", SANHE_FIELD_NOT_FOUND, "There is no such supplier.");
    }

  /* A bought item has no BOM: the lines must go before the kind changes. */
  if (self_id > 0 && g_strcmp0 (input->kind, "buy") == 0 && sanhe_fields_is_valid (fields, "kind"))
    {
      g_autofree char *self = sanhe_id_string (self_id);
      g_autoptr(PGresult) lines = sanhe_db_exec (conn, "SELECT 1 FROM erp.bom_lines WHERE parent_id = $1 LIMIT 1",
                                                 1, (const char *[]) { self }, error);
      if (lines == NULL)
        return FALSE;
      if (PQntuples (lines) > 0)
        sanhe_fields_reject (fields, "kind", SANHE_FIELD_INVALID,
                             "This item has a BOM; clear it before making the item a bought one.");
    }

  return sanhe_fields_check (fields, error);
}

/* A concurrent insert of the same code loses at the unique index: still a 422. */
static void
translate_unique_violation (GError **error)
{
  if (error != NULL && *error != NULL &&
      g_str_equal (sanhe_db_error_sqlstate (*error), SANHE_SQLSTATE_UNIQUE_VIOLATION))
    {
      g_clear_error (error);
      sanhe_validation_fail (error, "code", SANHE_FIELD_TAKEN, "Another item already has this code.");
    }
}

JsonNode *
_sanhe_erp_item_doc (PGconn   *conn,
                     gint64    id,
                     gboolean  for_update,
                     GError  **error)
{
  g_autofree char *text = sanhe_id_string (id);
  const char *params[] = { text };

  if (for_update)
    {
      g_autoptr(PGresult) lock = sanhe_db_exec (conn, "SELECT 1 FROM erp.items WHERE id = $1 FOR UPDATE",
                                                1, params, error);
      if (lock == NULL)
        return NULL;
    }
  return sanhe_db_query_json (conn, "SELECT " ITEM_DOC " FROM erp.items i WHERE i.id = $1", 1, params, error);
}

gboolean
_sanhe_erp_bad_parameter (GError     **error,
                          const char  *name,
                          const char  *message)
{
  JsonNode *details = sanhe_json_node_new_object ();

  json_object_set_string_member (json_node_get_object (details), "parameter", name);
  sanhe_set_error (error, SANHE_ERROR_BAD_REQUEST, SANHE_CODE_BAD_REQUEST, details, "%s", message);
  return FALSE;
}

static JsonNode *
list_items (SanheRequest  *request,
            PGconn        *conn,
            GError       **error)
{
  g_auto(SanhePage) page = { 0 };
  const char *q = sanhe_request_get_query (request, "q");
  const char *kind = sanhe_request_get_query (request, "kind");
  const char *active = sanhe_request_get_query (request, "active");
  g_autoptr(JsonNode) rows = NULL;

  if (!sanhe_page_init (&page, request, error))
    return NULL;
  if (kind && *kind && !g_strv_contains (kinds, kind))
    {
      _sanhe_erp_bad_parameter (error, "kind", "The query parameter “kind” must be make or buy.");
      return NULL;
    }
  if (active && *active && !g_str_equal (active, "true") && !g_str_equal (active, "false"))
    {
      _sanhe_erp_bad_parameter (error, "active", "The query parameter “active” must be true or false.");
      return NULL;
    }

  /* strpos, not LIKE: "%" and "_" typed by a user are just characters. */
  rows = sanhe_db_query_json (conn,
                              "SELECT coalesce(json_agg(" ITEM_DOC " ORDER BY i.id), '[]') FROM ("
                              "  SELECT * FROM erp.items WHERE id > $1 "
                              "  AND ($3::text IS NULL OR strpos(lower(code), lower($3)) > 0 "
                              "       OR strpos(lower(name), lower($3)) > 0) "
                              "  AND ($4::text IS NULL OR kind = $4) "
                              "  AND ($5::boolean IS NULL OR active = $5::boolean) "
                              "  ORDER BY id LIMIT $2) i",
                              5, (const char *[]) { page.after_text, page.limit_plus_one, q && *q ? q : NULL,
                                                    kind && *kind ? kind : NULL, active && *active ? active : NULL },
                              error);
  if (rows == NULL)
    return NULL;
  return sanhe_page_wrap (&page, rows);
}

static JsonNode *
get_item (SanheRequest  *request,
          PGconn        *conn,
          GError       **error)
{
  JsonNode *doc;
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  doc = _sanhe_erp_item_doc (conn, id, FALSE, error);
  if (doc == NULL)
    sanhe_not_found (error, NOT_FOUND, "item", id);
  return doc;
}

static JsonNode *
create_item (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GString) columns = g_string_new ("created_by");
  g_autoptr(GString) values = g_string_new ("$1");
  g_autofree char *actor = sanhe_id_string (sanhe_request_get_user_id (request));
  g_auto(ItemInput) input = { 0 };
  g_auto(Changes) changes = { g_ptr_array_new (), g_ptr_array_new (), g_ptr_array_new () };
  const char *id;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;
  if (sanhe_fields_has (fields, "version"))
    sanhe_fields_reject (fields, "version", SANHE_FIELD_UNKNOWN, "A new item has no version yet.");

  read_input (fields, &input, TRUE);
  if (!check_references (conn, fields, &input, 0, error))
    return NULL;

  g_ptr_array_add (changes.params, actor);
  collect_changes (fields, &input, &changes);
  for (guint i = 0; i < changes.columns->len; i++)
    {
      g_string_append_printf (columns, ", %s", (const char *) g_ptr_array_index (changes.columns, i));
      g_string_append_printf (values, ", $%u%s", i + 2, (const char *) g_ptr_array_index (changes.casts, i));
    }
  g_string_prepend (columns, "INSERT INTO erp.items (");
  g_string_append_printf (columns, ") VALUES (%s) RETURNING id", values->str);

  inserted = sanhe_db_exec (conn, columns->str, (int) changes.params->len,
                            (const char * const *) changes.params->pdata, error);
  if (inserted == NULL)
    {
      translate_unique_violation (error);
      return NULL;
    }

  id = PQgetvalue (inserted, 0, 0);
  after = _sanhe_erp_item_doc (conn, g_ascii_strtoll (id, NULL, 10), FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "create", ENTITY, id, NULL, after, error))
    return NULL;

  sanhe_request_set_status (request, 201);
  return g_steal_pointer (&after);
}

static JsonNode *
update_item (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  g_autoptr(SanheFields) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_autoptr(GString) sql = g_string_new ("UPDATE erp.items SET version = version + 1, updated_at = now()");
  g_autofree char *id_text = NULL;
  g_auto(ItemInput) input = { 0 };
  g_auto(Changes) changes = { g_ptr_array_new (), g_ptr_array_new (), g_ptr_array_new () };
  gint64 id;

  if (!sanhe_request_get_id_param (request, "id", NOT_FOUND, &id, error))
    return NULL;

  fields = sanhe_request_get_fields (request, writable, error);
  if (fields == NULL)
    return NULL;

  before = _sanhe_erp_item_doc (conn, id, TRUE, error);
  if (before == NULL)
    {
      sanhe_not_found (error, NOT_FOUND, "item", id);
      return NULL;
    }

  read_input (fields, &input, FALSE);
  if (!check_references (conn, fields, &input, id, error))
    return NULL;

  if (!sanhe_check_version (before, input.version, "item", error))
    return NULL;

  id_text = sanhe_id_string (id);
  g_ptr_array_add (changes.params, id_text);
  collect_changes (fields, &input, &changes);
  for (guint i = 0; i < changes.columns->len; i++)
    g_string_append_printf (sql, ", %s = $%u%s", (const char *) g_ptr_array_index (changes.columns, i), i + 2,
                            (const char *) g_ptr_array_index (changes.casts, i));
  g_string_append (sql, " WHERE id = $1");

  updated = sanhe_db_exec (conn, sql->str, (int) changes.params->len,
                           (const char * const *) changes.params->pdata, error);
  if (updated == NULL)
    {
      translate_unique_violation (error);
      return NULL;
    }

  after = _sanhe_erp_item_doc (conn, id, FALSE, error);
  if (after == NULL || !sanhe_audit_record (conn, request, "update", ENTITY, id_text, before, after, error))
    return NULL;

  return g_steal_pointer (&after);
}

static const SanheRoute routes[] = {
  { "GET",   "/api/v1/erp/items",                  list_items,  "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "POST",  "/api/v1/erp/items",                  create_item, "erp.items.write", SANHE_ROUTE_DEFAULT },
  { "GET",   "/api/v1/erp/items/{id}",             get_item,    "erp.items.read",  SANHE_ROUTE_DEFAULT },
  { "PATCH", "/api/v1/erp/items/{id}",             update_item, "erp.items.write", SANHE_ROUTE_DEFAULT },
};

void
_sanhe_erp_items_register (SanheRouter *router)
{
  sanhe_router_add (router, routes, G_N_ELEMENTS (routes));
}
