# TrueWatch: the hard limit on the total (deny) and the limit on one
# product (warn).
package billing.policies_test

import rego.v1

import data.billing.policies

test_truewatch_total_over_the_hard_limit_denies if {
	policies.deny == {"TrueWatch total_billing_result is 104.7 in data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."} with input as plan_of([truewatch("", "october", 104.7, {})])
		with data.billing.limits as limits
}

test_truewatch_total_at_the_hard_limit_is_allowed if {
	count(policies.deny) == 0 with input as plan_of([truewatch("", "october", 100, {})])
		with data.billing.limits as limits
}

test_truewatch_total_under_the_hard_limit_is_allowed if {
	count(policies.deny) == 0 with input as plan_of([truewatch("", "october", 99.99, {})])
		with data.billing.limits as limits
}

test_truewatch_total_exact_decimal_just_over_the_limit_denies if {
	# 10^-17 over: closer than a 64-bit float can tell, and still over.
	policies.deny == {"TrueWatch total_billing_result is 100.00000000000000001 in data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."} with input as plan_of([truewatch("", "october", 100.00000000000000001, {})])
		with data.billing.limits as limits
}

test_truewatch_product_over_its_limit_warns if {
	result := policies with input as plan_of([truewatch("", "october", 50, {"Session Replay": 20.5, "Metrics": 29.5})])
		with data.billing.limits as limits
	result.warn == {`TrueWatch product "Session Replay" cost 20.5 in data.billing_truewatch_details.october, over its limit of 20 (truewatch_product_limits).`}
	count(result.deny) == 0
}

test_truewatch_product_at_its_limit_is_quiet if {
	result := policies with input as plan_of([truewatch("", "october", 50, {"Session Replay": 20, "Metrics": 30})])
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_truewatch_product_without_a_limit_counts_only_towards_the_total if {
	result := policies with input as plan_of([truewatch("", "october", 99, {"Session Replay": 0, "APM Trace": 99})])
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_every_truewatch_data_source_is_checked if {
	result := policies with input as plan_of([
		truewatch("", "october", 101, {"Session Replay": 1}),
		truewatch("", "november", 40, {"Session Replay": 21}),
	])
		with data.billing.limits as limits
	result.deny == {"TrueWatch total_billing_result is 101 in data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."}
	result.warn == {`TrueWatch product "Session Replay" cost 21 in data.billing_truewatch_details.november, over its limit of 20 (truewatch_product_limits).`}
}

test_truewatch_data_sources_read_for_another_purpose_are_not_held_to_the_limits if {
	# recent is the anomalies' window of 35 days, not a bill: over the
	# monthly limits, it is neither denied nor warned about, in the root
	# module or in a module; the bill beside it still is.
	result := policies with input as plan_of([
		truewatch("", "recent", 1050, {"Session Replay": 500}),
		truewatch("module.costs", "recent", 1050, {"Session Replay": 500}),
		truewatch("", "october", 104.7, {}),
	])
		with data.billing.limits as limits
	result.deny == {"TrueWatch total_billing_result is 104.7 in data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."}
	count(result.warn) == 0
}

test_truewatch_data_sources_read_for_another_purpose_are_not_denied_as_unknown if {
	# Without limits, their figures unknown or read only during apply are
	# no limit left unchecked: nothing is denied of them.
	input_plan := object.union(plan_of([truewatch("", "recent", null, {})]), {"resource_changes": [deferred_read("module.costs.data.billing_truewatch_details.recent", "read_because_config_unknown")]})
	count(policies.deny) == 0 with input as input_plan
		with data.billing.limits as limits
}

test_truewatch_instances_of_a_data_source_read_for_another_purpose_are_not_held_to_the_limits if {
	# One of count or for_each: its address carries its key.
	result := policies with input as plan_of([truewatch("", "recent[0]", 1050, {}), truewatch("module.costs", `recent["eu"]`, 1050, {})])
		with data.billing.limits as limits
	count(result.deny) == 0
	count(result.warn) == 0
}
