# Virtuozzo: every environment under one limit (warn).
package billing.policies_test

import rego.v1

import data.billing.policies

test_virtuozzo_environment_over_the_limit_warns if {
	result := policies with input as plan_of([virtuozzo("", "april", {"env-3f0c91": 5.000001, "env-77ab02": 0.1})])
		with data.billing.limits as limits
	result.warn == {`Virtuozzo environment "env-3f0c91" cost 5.000001 in data.billing_account_history.april, over the limit of 5 per environment (virtuozzo_environment_limit).`}
	count(result.deny) == 0
}

test_virtuozzo_environment_at_the_limit_is_quiet if {
	result := policies with input as plan_of([virtuozzo("", "april", {"env-3f0c91": 5, "env-77ab02": 4.99})])
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_virtuozzo_charges_without_an_environment_are_held_to_the_limit if {
	result := policies with input as plan_of([virtuozzo("", "april", {"": 7.5, "env-77ab02": 0.1})])
		with data.billing.limits as limits
	result.warn == {"Virtuozzo environment (no environment) cost 7.5 in data.billing_account_history.april, over the limit of 5 per environment (virtuozzo_environment_limit)."}
}

test_virtuozzo_no_environment_at_all_is_quiet if {
	result := policies with input as plan_of([virtuozzo("", "april", {})])
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_virtuozzo_fractional_limit_is_compared_exactly if {
	# 10^-17 over a limit of 0.3, and exactly at it.
	result := policies with input as plan_of([virtuozzo("", "april", {"env-3f0c91": 0.30000000000000001, "env-77ab02": 0.3})])
		with data.billing.limits as limits_with("virtuozzo_environment_limit", 0.3)
	result.warn == {`Virtuozzo environment "env-3f0c91" cost 0.30000000000000001 in data.billing_account_history.april, over the limit of 0.3 per environment (virtuozzo_environment_limit).`}
}
