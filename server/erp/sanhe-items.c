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
#include "sanhe-versioned.h"

#define NOT_FOUND SANHE_ERP_ITEM_NOT_FOUND

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

/* Reads every field of @fields into @input; problems are collected in @fields. */
static void
read_input (SanheFields *fields,
            ItemInput   *input,
            gboolean     creating)
{
  input->code = sanhe_fields_get_code (fields, "code", creating, 40);
  input->name = sanhe_fields_get_text (fields, "name", creating, 200);
  input->kind = sanhe_fields_get_text (fields, "kind", creating, 10);
  input->unit = sanhe_fields_get_text (fields, "unit", FALSE, 20);
  input->supplier_id = sanhe_fields_get_id (fields, "supplier_id", SANHE_FIELD_NULLABLE);
  input->supplier_text = input->supplier_id > 0 ? sanhe_id_string (input->supplier_id) : NULL;
  input->active = sanhe_fields_get_boolean (fields, "active", SANHE_FIELD_OPTIONAL, TRUE);

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
collect_changes (SanheFields  *fields,
                 ItemInput    *input,
                 SanheChanges *changes)
{
  if (input->code)
    sanhe_changes_add (changes, "code", NULL, input->code);
  if (input->name)
    sanhe_changes_add (changes, "name", NULL, input->name);
  if (input->kind)
    sanhe_changes_add (changes, "kind", NULL, input->kind);
  if (input->unit)
    sanhe_changes_add (changes, "unit", NULL, input->unit);
  if (input->lead_time_days)
    sanhe_changes_add (changes, "lead_time_days", "::int", input->lead_time_days);
  for (guint i = 0; i < G_N_ELEMENTS (decimals); i++)
    if (input->decimals[i])
      sanhe_changes_add (changes, decimals[i].name, "::numeric", input->decimals[i]);
  if (sanhe_fields_has (fields, "supplier_id"))
    sanhe_changes_add (changes, "supplier_id", "::bigint", input->supplier_text);
  if (sanhe_fields_has (fields, "active"))
    sanhe_changes_add (changes, "active", "::boolean", input->active ? "true" : "false");
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

/* Everything the body names, checked, into @changes; @id is 0 when creating. */
static gboolean
read_item (const SanheVersionedKind  *kind,
           PGconn                    *conn,
           SanheFields               *fields,
           gint64                     id,
           SanheChanges              *changes,
           GError                   **error)
{
  g_auto(ItemInput) input = { 0 };

  read_input (fields, &input, id == 0);
  if (!check_references (conn, fields, &input, id, error))
    return FALSE;
  collect_changes (fields, &input, changes);
  return TRUE;
}

static const SanheVersionedKind items = {
  .table = "erp.items",
  .entity = "erp.item",
  .what = "item",
  .not_found = NOT_FOUND,
  .writable = writable,
  .doc_sql = "SELECT " ITEM_DOC " FROM erp.items i WHERE i.id = $1",
  .unique_field = "code",
  .unique_message = "Another item already has this code.",
  .read = read_item,
};

JsonNode *
_sanhe_erp_item_doc (PGconn   *conn,
                     gint64    id,
                     gboolean  for_update,
                     GError  **error)
{
  return sanhe_versioned_load (&items, conn, id, for_update, error);
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
  return sanhe_versioned_get (&items, request, conn, error);
}

static JsonNode *
create_item (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  return sanhe_versioned_create (&items, request, conn, error);
}

static JsonNode *
update_item (SanheRequest  *request,
             PGconn        *conn,
             GError       **error)
{
  return sanhe_versioned_update (&items, request, conn, error);
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
