/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sanhe-oa"

#include "config.h"

#include "sanhe-events.h"
#include "sanhe-oa-store.h"

/*
 * The records an approval can be about, and who may see their
 * approvals. A request may name any record as its subject; for the kinds
 * below, whoever may read such records sees the approvals about them too
 * (the purchase order's page shows its approvals to every buyer, not only
 * to the applicant and approvers). Approvals about other kinds stay
 * visible to their participants alone.
 *
 * The same readers hear of changes live: a client watching the topic
 * "TYPE:ID" (the record on its screen) gets an "oa.subject.updated" event
 * whenever one of the record's requests moves.
 */
static const struct
{
  const char *type;
  const char *permission;
} subjects[] = {
  { "crm.customer",        "erp.sales.read" },
  { "erp.item",            "erp.items.read" },
  { "erp.supplier",        "erp.purchasing.read" },
  { "erp.purchase_order",  "erp.purchasing.read" },
  { "erp.sales_order",     "erp.sales.read" },
  { "erp.production_task", "erp.production.read" },
};

/* Returns: (transfer full): the subject types @request's user may read,
 * as a PostgreSQL text[] literal. */
char *
_sanhe_oa_readable_subjects (SanheRequest *request)
{
  g_autoptr(GString) array = g_string_new ("{");

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    if (sanhe_request_has_permission (request, subjects[i].permission))
      g_string_append_printf (array, "%s%s", array->len > 1 ? "," : "", subjects[i].type);
  g_string_append_c (array, '}');
  return g_string_free (g_steal_pointer (&array), FALSE);
}

static const char *
read_permission (const char *subject_type)
{
  for (guint i = 0; subject_type != NULL && i < G_N_ELEMENTS (subjects); i++)
    if (g_str_equal (subjects[i].type, subject_type))
      return subjects[i].permission;
  return NULL;
}

/* {"type":"oa.subject.updated","topic":"erp.sales_order:12",
 *  "subject":{"type":"erp.sales_order","id":12},"request":7}, to the
 * watchers of the subject who may read it; nothing for a request without
 * a subject or about a kind of record not listed above. */
gboolean
_sanhe_oa_notify_subject (PGconn      *conn,
                          gint64       request,
                          const char  *subject_type,
                          gint64       subject_id,
                          GError     **error)
{
  const char *permission = read_permission (subject_type);
  g_autoptr(JsonObject) members = NULL;
  g_autofree char *topic = NULL;
  JsonObject *subject;

  if (permission == NULL || subject_id <= 0)
    return TRUE;

  topic = g_strdup_printf ("%s:%" G_GINT64_FORMAT, subject_type, subject_id);
  members = json_object_new ();
  subject = json_object_new ();
  json_object_set_string_member (subject, "type", subject_type);
  json_object_set_int_member (subject, "id", subject_id);
  json_object_set_object_member (members, "subject", subject);
  json_object_set_int_member (members, "request", request);
  return sanhe_events_notify_topic (conn, "oa.subject.updated", topic, permission, members, error);
}
