/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-erp-documents"

#include "config.h"

#include "sanhe-error.h"
#include "sanhe-json.h"

#include "sanhe-db.h"
#include "sanhe-documents-orders.h"
#include "sanhe-erp-private.h"
#include "sanhe-events.h"
#include "sanhe-list.h"
#include "sanhe-resource.h"

/* The helpers every ERP document shares: optional action bodies, list
 * filters, decimals, states, events and "lines[i].field" validation. */

/* numeric(18,4) holds less than 10^14: ten-thousandths below 10^18. */
#define DECIMAL_LIMIT G_GINT64_CONSTANT (1000000000000000000)
#define MAX_LINES     1000

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
 * empty body reads as {}.
 */
SanheFields *
_sanhe_documents_get_fields (SanheRequest        *request,
                             const char * const  *allowed,
                             GError             **error)
{
  g_autoptr(JsonNode) empty = NULL;

  if (sanhe_request_has_body (request))
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

/* *@out tells whether @sql, given @id as $1, returns a row. */
gboolean
_sanhe_documents_exists (PGconn      *conn,
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

/* Lines of a body */

/* The body's "lines" array, or NULL when absent or rejected in @fields. */
JsonArray *
_sanhe_documents_body_lines (SanheRequest *request,
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

char *
_sanhe_documents_line_field (guint       index,
                             const char *name)
{
  return g_strdup_printf ("lines[%u].%s", index, name);
}

/* A field reader over element @index, or NULL (rejected) if not an object. */
SanheFields *
_sanhe_documents_line_fields_new (SanheFields        *fields,
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
void
_sanhe_documents_line_fields_merge (SanheFields *fields,
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
      g_autofree char *name = _sanhe_documents_line_field (index, l->data);

      sanhe_fields_reject (fields, name, json_object_get_string_member (problem, "code"),
                           json_object_get_string_member (problem, "message"));
    }
}
