# Ocamba: every app under its currency's limit (warn); a currency without a
# limit is over at any spend.
package billing.policies_test

import rego.v1

import data.billing.policies

test_ocamba_app_over_its_currency_limit_warns if {
	result := policies with input as plan_of([ocamba("", "all", {
		"1007": {"USD": 10.01},
		"1009": {"EUR": 8},
	})])
		with data.billing.limits as limits
	result.warn == {`Ocamba app "1007" cost 10.01 USD in data.billing_ocamba_usage.all, over its limit of 10 USD (ocamba_app_limits).`}
	count(result.deny) == 0
}

test_ocamba_app_at_its_currency_limit_is_quiet if {
	result := policies with input as plan_of([ocamba("", "all", {"1007": {"USD": 10, "EUR": 8}})])
		with data.billing.limits as limits
	count(result.warn) == 0
}

test_ocamba_currency_without_a_limit_is_over if {
	result := policies with input as plan_of([ocamba("", "all", {"1009": {"EUR": 0.3, "GBP": 0.01}})])
		with data.billing.limits as limits
	result.warn == {`Ocamba app "1009" cost 0.01 GBP in data.billing_ocamba_usage.all, and ocamba_app_limits has no limit for GBP, so any spend in it is over: add one.`}
}

test_ocamba_currency_without_a_limit_and_no_spend_is_quiet if {
	result := policies with input as plan_of([ocamba("", "all", {"1001": {"GBP": 0}})])
		with data.billing.limits as limits
	count(result.warn) == 0
}

test_ocamba_limits_are_per_currency_never_added_across if {
	# 9 USD and 7 EUR: each under its own limit, though 16 is over both.
	result := policies with input as plan_of([ocamba("", "all", {"1001": {"USD": 9, "EUR": 7}})])
		with data.billing.limits as limits
	count(result.warn) == 0
}
