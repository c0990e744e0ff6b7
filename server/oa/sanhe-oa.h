/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The pure core of the OA workflow engine: no database, no HTTP.
 *
 *   sanhe-oa-definition.h  process definitions: compile and validate
 *   sanhe-oa-form.h        form fields; submitted data → typed values
 *   sanhe-oa-condition.h   condition trees over form values and the applicant
 *   sanhe-oa-directory.h   users, departments, roles → assignees
 *   sanhe-oa-rules.h       standing rules: auto-approve and delegation
 *   sanhe-oa-state.h       a request's routing state, and its JSON
 *   sanhe-oa-route.h       the step functions
 *   sanhe-oa-codes.h       error codes
 *
 * A request's life, as the persistence layer drives it:
 *
 *   definition = sanhe_oa_definition_new_from_json (json, effects, &error);   // 422 on save
 *   values     = sanhe_oa_form_validate (form, body.form, &error);             // 422 on submit
 *   context    = { applicant, department, roles, values };
 *   env        = { definition, &context, directory, rules, now };
 *   step       = sanhe_oa_route_start (&env, &error);
 *   for each item of the step: create/close task rows, run effects, write
 *   history, queue events; store sanhe_oa_state_to_json (step's state).
 *   Later: load the state, sanhe_oa_route_approve (&env, state, seq, &error), …
 */

#include "sanhe-oa-codes.h"
#include "sanhe-oa-condition.h"
#include "sanhe-oa-definition.h"
#include "sanhe-oa-directory.h"
#include "sanhe-oa-form.h"
#include "sanhe-oa-route.h"
#include "sanhe-oa-rules.h"
#include "sanhe-oa-state.h"
