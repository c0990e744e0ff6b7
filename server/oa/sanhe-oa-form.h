/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sanhe-decimal.h"
#include "sanhe-oa-codes.h"

G_BEGIN_DECLS

/*
 * Smart forms: the "form" array of a process definition, compiled, and the
 * validation of the data an applicant submits against it. No I/O: ids of
 * users, departments and customers are checked to be positive integers; that
 * they exist is the caller's business.
 *
 * A field definition:
 *   {"name":"amount","type":"money","label":"Amount","required":true,
 *    "min":"0.01","max":"100000"}
 *   {"name":"kind","type":"choice","options":["hotel","train",{"value":"air","label":"Flight"}]}
 * "min"/"max" apply to number, money (decimal strings or integers), date and
 * date_range (ISO dates; both ends of a range must lie within). Members the
 * engine does not know ("placeholder", "help", …) are kept by the caller and
 * ignored here.
 */
typedef enum
{
  SANHE_OA_FIELD_TYPE_TEXT,
  SANHE_OA_FIELD_TYPE_MULTILINE,
  SANHE_OA_FIELD_TYPE_NUMBER,      /* decimal, up to 4 places */
  SANHE_OA_FIELD_TYPE_MONEY,       /* decimal, up to 2 places */
  SANHE_OA_FIELD_TYPE_DATE,        /* "YYYY-MM-DD" */
  SANHE_OA_FIELD_TYPE_DATE_RANGE,  /* {"start","end"}, start ≤ end */
  SANHE_OA_FIELD_TYPE_CHOICE,      /* one of the options */
  SANHE_OA_FIELD_TYPE_USER,        /* positive id */
  SANHE_OA_FIELD_TYPE_DEPARTMENT,  /* positive id */
  SANHE_OA_FIELD_TYPE_CUSTOMER,    /* positive id */
} SanheOaFieldType;

/*
 * One typed value. Which members are meaningful depends on @type:
 * text/multiline/choice → text; number/money → decimal; date → date;
 * date_range → date and date_end; user/department/customer → id.
 * Dates are GDate Julian day numbers, so they compare as integers.
 */
typedef struct
{
  SanheOaFieldType type;
  const char      *text;
  SanheDecimal     decimal;
  guint32          date;
  guint32          date_end;
  gint64           id;
} SanheOaValue;

/* A compiled field; read-only. */
typedef struct
{
  char             *name;
  char             *label;     /* NULL when the definition gives none */
  SanheOaFieldType  type;
  gboolean          required;
  gboolean          has_min;
  gboolean          has_max;
  SanheOaValue      min;       /* decimal or date, per the type */
  SanheOaValue      max;
  GStrv             options;   /* choice: the option values, in order */
} SanheOaField;

typedef struct _SanheOaForm   SanheOaForm;
typedef struct _SanheOaValues SanheOaValues;

/* Compiles a "form" array; 422 oa.process.invalid with {"field":…} problems. */
SanheOaForm        *sanhe_oa_form_new_from_json  (JsonNode           *fields,
                                                  GError            **error);
SanheOaForm        *sanhe_oa_form_ref            (SanheOaForm        *form);
void                sanhe_oa_form_unref          (SanheOaForm        *form);
guint               sanhe_oa_form_get_n_fields   (const SanheOaForm  *form);
const SanheOaField *sanhe_oa_form_get_field      (const SanheOaForm  *form,
                                                  guint               index);
const SanheOaField *sanhe_oa_form_lookup         (const SanheOaForm  *form,
                                                  const char         *name);

const char         *sanhe_oa_field_type_to_string (SanheOaFieldType  type);

/*
 * Validates submitted form data (a JSON object) against @form and returns
 * its typed values. Every problem is collected into one 422
 * "validation.failed" whose details.fields name each field with a code:
 * required, wrong_type, invalid, too_small, too_large, too_long,
 * unknown_field, not_an_option. A non-object is 400 request.malformed_json.
 * Optional fields may be absent, null or (text) empty: they have no value.
 */
SanheOaValues      *sanhe_oa_form_validate       (const SanheOaForm  *form,
                                                  JsonNode           *data,
                                                  GError            **error);

void                sanhe_oa_values_free         (SanheOaValues      *values);
/* "1280.50 · Customer visit": the first money and one-line text values. */
char               *sanhe_oa_values_summary      (const SanheOaForm   *form,
                                                  const SanheOaValues *values);
/* The same, apart ("1280.50", "Customer visit"); either may be NULL. */
char               *sanhe_oa_summary_join        (const char          *amount,
                                                  const char          *text);
void                sanhe_oa_values_summary_parts (const SanheOaForm    *form,
                                                   const SanheOaValues  *values,
                                                   char                **amount,
                                                   char                **text);
/* Returns: (nullable): the value of @name, NULL when it has none. */
const SanheOaValue *sanhe_oa_values_lookup       (const SanheOaValues *values,
                                                  const char          *name);

/* Strict "YYYY-MM-DD" (year ≥ 1900, a day that exists) to a Julian day. */
gboolean            sanhe_oa_parse_date          (const char         *text,
                                                  guint32            *out_julian);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaForm, sanhe_oa_form_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SanheOaValues, sanhe_oa_values_free)

G_END_DECLS
