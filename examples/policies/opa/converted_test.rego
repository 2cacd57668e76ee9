# Spend in one currency: the output holding provider::billing::convert's
# sum, under a hard limit.
package billing.policies_test

import rego.v1

import data.billing.policies

test_converted_spend_over_the_limit_denies if {
	policies.deny == {"Spend converted into USD is 100.5 USD (output converted_spend), over the hard limit of 100 USD (converted_spend_limit)."} with input as plan([], [], {"converted_spend": known_output(100.5)})
		with data.billing.limits as limits
}

test_converted_spend_at_the_limit_is_allowed if {
	result := policies with input as plan([], [], {"converted_spend": known_output(100)})
		with data.billing.limits as limits
	count(result.deny) == 0
	count(result.warn) == 0
}

test_converted_spend_under_the_limit_is_allowed if {
	count(policies.deny) == 0 with input as plan([], [], {"converted_spend": known_output(99.99)})
		with data.billing.limits as limits
}

test_converted_spend_exact_decimal_just_over_the_limit_denies if {
	# 10^-17 over: closer than a 64-bit float can tell, and still over.
	policies.deny == {"Spend converted into USD is 100.00000000000000001 USD (output converted_spend), over the hard limit of 100 USD (converted_spend_limit)."} with input as plan([], [], {"converted_spend": known_output(100.00000000000000001)})
		with data.billing.limits as limits
}

test_converted_spend_currency_is_a_setting if {
	overrides := object.union(limits, {"converted_spend_currency": "EUR", "converted_spend_limit": 90})
	policies.deny == {"Spend converted into EUR is 93.05 EUR (output converted_spend), over the hard limit of 90 EUR (converted_spend_limit)."} with input as plan([], [], {"converted_spend": known_output(93.05)})
		with data.billing.limits as overrides
}

test_converted_spend_output_name_is_a_setting if {
	overrides := limits_with("converted_spend_output", "spend_usd")
	policies.deny == {"Spend converted into USD is 150 USD (output spend_usd), over the hard limit of 100 USD (converted_spend_limit)."} with input as plan([], [], {
		"spend_usd": known_output(150),
		"converted_spend": known_output(null),
	})
		with data.billing.limits as overrides
}

test_converted_spend_default_limit_is_5000 if {
	# data.json alone.
	policies.deny == {"Spend converted into USD is 5000.01 USD (output converted_spend), over the hard limit of 5000 USD (converted_spend_limit)."} with input as plan([], [], {"converted_spend": known_output(5000.01)})
	count(policies.deny) == 0 with input as plan([], [], {"converted_spend": known_output(5000)})
}

test_configuration_without_the_converted_output_is_not_checked_for_it if {
	count(policies.deny) == 0 with input as plan([], [], {"spend": known_output(null)})
		with data.billing.limits as limits
}

unknown_converted_message := "Output converted_spend is not a known number in the plan (null: a currency without an exchange rate, or unknown until apply), so the spend converted into USD cannot be checked against its limit (converted_spend_limit); an unknown figure is never taken as zero."

test_converted_spend_null_denies if {
	# ../budgets.tf makes it null when a currency has no exchange rate.
	policies.deny == {unknown_converted_message} with input as plan([], [], {"converted_spend": known_output(null)})
		with data.billing.limits as limits
}

test_converted_spend_unknown_until_apply_denies if {
	policies.deny == {unknown_converted_message} with input as plan([], [], {"converted_spend": unknown_output})
		with data.billing.limits as limits
}

test_converted_spend_as_text_denies if {
	policies.deny == {unknown_converted_message} with input as plan([], [], {"converted_spend": known_output("100.5")})
		with data.billing.limits as limits
}

test_converted_spend_per_currency_denies if {
	# A map of amounts by currency is not one figure in one currency.
	policies.deny == {unknown_converted_message} with input as plan([], [], {"converted_spend": known_output({"USD": 1.2, "EUR": 0.3})})
		with data.billing.limits as limits
}
