/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-json.h"
#include "oa-test-flow.h"
#include "oa-test-processes.h"



void
flow_init (Flow       *flow,
           const char *definition,
           gint64      applicant,
           gint64      department,
           const char *form)
{
  g_autoptr(JsonNode) data = oa_json (form ? form : "{}");
  g_autoptr(GError) error = NULL;

  flow->definition = oa_definition (definition);
  flow->directory = oa_demo_directory ();
  flow->rules = sanhe_oa_rules_new ();
  flow->values = sanhe_oa_form_validate (sanhe_oa_definition_get_form (flow->definition), data, &error);
  g_assert_no_error (error);
  flow->context = (SanheOaContext) { applicant, department, NULL, flow->values };
  flow->now = oa_clock (0);
  flow->state = NULL;
}

void
flow_clear (Flow *flow)
{
  g_clear_pointer (&flow->state, sanhe_oa_state_free);
  g_clear_pointer (&flow->now, g_date_time_unref);
  g_clear_pointer (&flow->values, sanhe_oa_values_free);
  g_clear_pointer (&flow->rules, sanhe_oa_rules_free);
  g_clear_pointer (&flow->directory, sanhe_oa_directory_free);
  g_clear_pointer (&flow->definition, sanhe_oa_definition_unref);
}

void
flow_set_form (Flow       *flow,
               const char *form)
{
  g_autoptr(JsonNode) data = oa_json (form);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&flow->values, sanhe_oa_values_free);
  flow->values = sanhe_oa_form_validate (sanhe_oa_definition_get_form (flow->definition), data, &error);
  g_assert_no_error (error);
  flow->context.form = flow->values;
}

void
flow_set_clock (Flow *flow,
                gint  hours)
{
  g_clear_pointer (&flow->now, g_date_time_unref);
  flow->now = oa_clock (hours);
}

void
flow_add_rule (Flow       *flow,
               gint64      id,
               gint64      owner,
               const char *body)
{
  g_autoptr(JsonNode) node = oa_json (body);
  g_autoptr(GError) error = NULL;
  SanheOaRule *rule = sanhe_oa_rule_new_from_json (id, owner, node,
                                                   sanhe_oa_definition_get_form (flow->definition), &error);

  g_assert_no_error (error);
  sanhe_oa_rules_add (flow->rules, rule);
}



SanheOaStep *
run (Flow       *flow,
     Action      action,
     guint       seq,
     gint64      user,
     const char *node,
     GError    **error)
{
  SanheOaRouteEnv env = { flow->definition, &flow->context, flow->directory, flow->rules, flow->now };

  switch (action)
    {
    case START: return sanhe_oa_route_start (&env, error);
    case RESUBMIT: return sanhe_oa_route_resubmit (&env, flow->state, error);
    case APPROVE: return sanhe_oa_route_approve (&env, flow->state, seq, error);
    case REJECT: return sanhe_oa_route_reject (&env, flow->state, seq, error);
    case RETURN: return sanhe_oa_route_return (&env, flow->state, seq, node, error);
    case TRANSFER: return sanhe_oa_route_transfer (&env, flow->state, seq, user, error);
    case SIGN_BEFORE: return sanhe_oa_route_add_signer (&env, flow->state, seq, user, SANHE_OA_SIGNER_BEFORE, error);
    case SIGN_AFTER: return sanhe_oa_route_add_signer (&env, flow->state, seq, user, SANHE_OA_SIGNER_AFTER, error);
    case WITHDRAW: return sanhe_oa_route_withdraw (&env, flow->state, error);
    case TIMEOUT: return sanhe_oa_route_timeout (&env, flow->state, seq, error);
    case COMPLETE: return sanhe_oa_route_complete (&env, flow->state, node, error);
    default: g_assert_not_reached ();
    }
}

/* Runs a step that must succeed, checks its items and keeps its state. */
void
step_full (Flow       *flow,
           Action      action,
           guint       seq,
           gint64      user,
           const char *node,
           const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaStep) step = run (flow, action, seq, user, node, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = oa_describe_step (step);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&flow->state, sanhe_oa_state_free);
  flow->state = sanhe_oa_step_steal_state (step);
}


/* Runs a step that must fail with @code; the state stays. */
void
refused_full (Flow       *flow,
              Action      action,
              guint       seq,
              gint64      user,
              const char *node,
              guint       status,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SanheOaStep) step = run (flow, action, seq, user, node, &error);

  g_assert_null (step);
  g_assert_nonnull (error);
  g_assert_cmpuint (sanhe_error_get_status (error), ==, status);
  g_assert_cmpstr (sanhe_error_get_code (error), ==, code);
}


SanheOaStatus
status (Flow *flow)
{
  return sanhe_oa_state_get_status (flow->state);
}

void
travel_with_boss_rule (Flow       *flow,
                       const char *form)
{
  flow_init (flow, OA_TRAVEL_EXPENSE, JOE, 2, form);
  /* "For Joe, anything up to 10000, just approve it." */
  flow_add_rule (flow, 7, BOSS, "{'kind':'auto_approve','process':'travel_expense','applicant':3,"
                                " 'condition':{'op':'<=','field':'amount','value':'10000'}}");
  step (flow, START, 0,
        "status pending\n"
        "enter start\n"
        "enter manager\n"
        "created 1 manager user=2 holder=2\n");
  step (flow, APPROVE, 1,
        "approved 1 manager actor\n"
        "enter finance\n"
        "created 2 finance user=4 holder=4\n");
}
