# Talkdesk: the hard limit on all accounts per currency (deny) and the limit
# on each account per currency (warn); a currency without a limit is over.
package billing.policies_test

import rego.v1

import data.billing.policies

test_talkdesk_total_over_the_hard_limit_in_a_currency_denies if {
	result := policies with input as plan_of([talkdesk("", "january", {"USD": 50.5}, {})])
		with data.billing.limits as limits
	result.deny == {"Talkdesk cost 50.5 USD in data.billing_accounts_usage.january (total_amount_by_currency), over the hard limit of 50 USD (talkdesk_total_limits)."}
}

test_talkdesk_total_at_the_hard_limit_is_allowed if {
	count(policies.deny) == 0 with input as plan_of([talkdesk("", "january", {"USD": 50}, {})])
		with data.billing.limits as limits
}

test_talkdesk_total_in_a_currency_without_a_limit_denies if {
	policies.deny == {"Talkdesk cost 3.5 EUR in data.billing_accounts_usage.january (total_amount_by_currency), and talkdesk_total_limits has no limit for EUR, so any spend in it is over: add one."} with input as plan_of([talkdesk("", "january", {"USD": 14.7, "EUR": 3.5}, {})])
		with data.billing.limits as limits
}

test_talkdesk_account_over_its_currency_limit_warns if {
	result := policies with input as plan_of([talkdesk("", "january", {"USD": 45}, {
		"5ea7a1c3e4b0d92f1a6b3c01": {"USD": 30.01},
		"5ea7a1c3e4b0d92f1a6b3c02": {"USD": 14.99},
	})])
		with data.billing.limits as limits
	result.warn == {`Talkdesk account "5ea7a1c3e4b0d92f1a6b3c01" cost 30.01 USD in data.billing_accounts_usage.january, over its limit of 30 USD (talkdesk_account_limits).`}
	count(result.deny) == 0
}

test_talkdesk_account_at_its_currency_limit_is_quiet if {
	result := policies with input as plan_of([talkdesk("", "january", {"USD": 30}, {"5ea7a1c3e4b0d92f1a6b3c01": {"USD": 30}})])
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_talkdesk_account_in_a_currency_without_a_limit_warns if {
	overrides := limits_with("talkdesk_total_limits", {"USD": 50, "EUR": 50})
	result := policies with input as plan_of([talkdesk("", "january", {"EUR": 3.5}, {"5ea7a1c3e4b0d92f1a6b3c02": {"EUR": 3.5}})])
		with data.billing.limits as overrides
	result.warn == {`Talkdesk account "5ea7a1c3e4b0d92f1a6b3c02" cost 3.5 EUR in data.billing_accounts_usage.january, and talkdesk_account_limits has no limit for EUR, so any spend in it is over: add one.`}
	count(result.deny) == 0
}
