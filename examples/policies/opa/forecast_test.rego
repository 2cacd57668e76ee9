# The forecast budget: the output holding provider::billing::forecast's
# object, checked once enough days of the period are complete.
package billing.policies_test

import rego.v1

import data.billing.policies

test_forecast_over_the_budget_denies if {
	policies.deny == {"TrueWatch is forecast to cost 1081.9 over the period (output truewatch_forecast: 104.7 in the first 3 of 31 days), over the forecast budget of 1000 (truewatch_forecast_budget)."} with input as plan([], [], {"truewatch_forecast": forecast_output(3, 104.7, 1081.9)})
		with data.billing.limits as limits
}

test_forecast_at_the_budget_is_allowed if {
	count(policies.deny) == 0 with input as plan([], [], {"truewatch_forecast": forecast_output(10, 322.580645161290, 1000)})
		with data.billing.limits as limits
}

test_forecast_under_the_budget_is_allowed if {
	count(policies.deny) == 0 with input as plan([], [], {"truewatch_forecast": forecast_output(3, 90, 930)})
		with data.billing.limits as limits
}

test_forecast_waits_for_the_minimum_of_complete_days if {
	# Two complete days, three needed: far over the budget, yet too early
	# to tell.
	count(policies.deny) == 0 with input as plan([], [], {"truewatch_forecast": forecast_output(2, 500, 7750)})
		with data.billing.limits as limits
}

test_forecast_with_no_complete_day_is_quiet if {
	# On the first of the month forecast returns 0 with days_elapsed 0.
	count(policies.deny) == 0 with input as plan([], [], {"truewatch_forecast": forecast_output(0, 0, 0)})
		with data.billing.limits as limits
}

test_forecast_default_minimum_is_five_complete_days if {
	# data.json alone: as forecast_min_days in ../budgets.tf.
	policies.deny == {"TrueWatch is forecast to cost 1240 over the period (output truewatch_forecast: 200 in the first 5 of 31 days), over the forecast budget of 1000 (truewatch_forecast_budget)."} with input as plan([], [], {"truewatch_forecast": forecast_output(5, 200, 1240)})
	count(policies.deny) == 0 with input as plan([], [], {"truewatch_forecast": forecast_output(4, 160, 1240)})
}

test_forecast_minimum_is_a_setting if {
	overrides := limits_with("truewatch_forecast_min_complete_days", 1)
	count(policies.deny) == 1 with input as plan([], [], {"truewatch_forecast": forecast_output(2, 500, 7750)})
		with data.billing.limits as overrides
}

test_forecast_output_name_is_a_setting if {
	overrides := limits_with("truewatch_forecast_output", "tw_forecast")
	result := policies with input as plan([], [], {
		"tw_forecast": forecast_output(3, 104.7, 1081.9),
		"truewatch_forecast": forecast_output(3, 1, 10),
	})
		with data.billing.limits as overrides
	result.deny == {"TrueWatch is forecast to cost 1081.9 over the period (output tw_forecast: 104.7 in the first 3 of 31 days), over the forecast budget of 1000 (truewatch_forecast_budget)."}
}

test_configuration_without_the_forecast_output_is_not_checked_for_it if {
	result := policies with input as plan([], [], {"truewatch_total": {"sensitive": false, "type": "number", "value": 104.7}})
		with data.billing.limits as limits
	count(result.deny) == 0
	count(result.warn) == 0
}

unknown_forecast_message := "Output truewatch_forecast is not known in the plan (unknown until apply, null, or without a number in days_in_period, days_elapsed, actual or forecast), so the TrueWatch forecast cannot be checked against its budget; an unknown figure is never taken as zero."

test_forecast_unknown_until_apply_denies if {
	# An output not known until apply has no value in planned_values.
	policies.deny == {unknown_forecast_message} with input as plan([], [], {"truewatch_forecast": {"sensitive": false}})
		with data.billing.limits as limits
}

test_forecast_null_denies if {
	policies.deny == {unknown_forecast_message} with input as plan([], [], {"truewatch_forecast": {"sensitive": false, "type": "dynamic", "value": null}})
		with data.billing.limits as limits
}

test_forecast_without_its_number_denies if {
	output := forecast_output(3, 104.7, null)
	policies.deny == {unknown_forecast_message} with input as plan([], [], {"truewatch_forecast": output})
		with data.billing.limits as limits
}

test_forecast_with_days_elapsed_null_denies if {
	# Too early or not is unknown too: the guard never hides an unknown.
	output := forecast_output(null, 104.7, 1081.9)
	policies.deny == {unknown_forecast_message} with input as plan([], [], {"truewatch_forecast": output})
		with data.billing.limits as limits
}

test_forecast_not_an_object_denies if {
	policies.deny == {unknown_forecast_message} with input as plan([], [], {"truewatch_forecast": {"sensitive": false, "type": "number", "value": 1081.9}})
		with data.billing.limits as limits
}
