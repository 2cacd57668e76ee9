# Settings: data.json's defaults, data.billing.limits laid over them, and
# settings that would make a rule quietly pass.
package billing.policies_test

import rego.v1

import data.billing.policies

test_defaults_are_complete_and_valid if {
	# data.json alone: every setting is there, and of the right type.
	result := policies with input as quiet_plan
	count(result.deny) == 0
	count(result.warn) == 0
}

test_defaults_apply_where_no_setting_is_given if {
	# The default hard limit (1000) with only the product limits set.
	result := policies with input as plan_of([truewatch("", "october", 1000.01, {"Session Replay": 10})])
		with data.billing.limits as {"truewatch_product_limits": {"Session Replay": 5}}
	result.deny == {"TrueWatch total_billing_result is 1000.01 in data.billing_truewatch_details.october, over the hard limit of 1000 (truewatch_total_limit)."}
	result.warn == {`TrueWatch product "Session Replay" cost 10 in data.billing_truewatch_details.october, over its limit of 5 (truewatch_product_limits).`}
}

test_a_currency_map_given_replaces_the_default_whole if {
	# The defaults limit EUR too; a map without EUR leaves EUR without one.
	result := policies with input as plan_of([talkdesk("", "january", {"EUR": 3.5}, {})])
		with data.billing.limits as {"talkdesk_total_limits": {"USD": 2000}}
	result.deny == {"Talkdesk cost 3.5 EUR in data.billing_accounts_usage.january (total_amount_by_currency), and talkdesk_total_limits has no limit for EUR, so any spend in it is over: add one."}
}

test_misspelt_setting_denies if {
	overrides := limits_with("truewatch_total_limt", 10)
	result := policies with input as quiet_plan
		with data.billing.limits as overrides
	result.deny == {"Setting truewatch_total_limt in data.billing.limits is not one these policies read (converted_spend_currency, converted_spend_limit, converted_spend_output, ocamba_app_limits, spend_anomalies_output, talkdesk_account_limits, talkdesk_total_limits, truewatch_forecast_budget, truewatch_forecast_min_complete_days, truewatch_forecast_output, truewatch_product_limits, truewatch_total_limit, unlimited_data_sources, virtuozzo_environment_limit): check its spelling."}
}

test_limit_as_text_denies if {
	# "100" as a string: 150 > "100" is false in Rego, so the limit would
	# never be crossed.
	overrides := limits_with("truewatch_total_limit", "100")
	result := policies with input as plan_of([truewatch("", "october", 150, {})])
		with data.billing.limits as overrides
	result.deny == {`Setting truewatch_total_limit must be a number, not "100" (data.billing.defaults in data.json, data.billing.limits in your own file).`}
}

test_currency_limit_as_text_denies if {
	overrides := limits_with("ocamba_app_limits", {"USD": "10"})
	result := policies with input as quiet_plan
		with data.billing.limits as overrides
	result.deny == {`Setting ocamba_app_limits must be an object of numbers (a name or currency code to a limit), not {"USD":"10"} (data.billing.defaults in data.json, data.billing.limits in your own file).`}
}

test_missing_setting_denies if {
	# Without data.json (only the .rego files loaded) and without the setting.
	result := policies with input as quiet_plan
		with data.billing.defaults as {}
		with data.billing.limits as object.remove(limits, ["virtuozzo_environment_limit"])
	result.deny == {"Setting virtuozzo_environment_limit must be a number, not null (data.billing.defaults in data.json, data.billing.limits in your own file)."}
}

test_unlimited_data_sources_as_text_denies if {
	overrides := limits_with("unlimited_data_sources", "data.billing_truewatch_details.recent")
	result := policies with input as quiet_plan
		with data.billing.limits as overrides
	result.deny == {`Setting unlimited_data_sources must be an array of data source addresses (such as "data.billing_truewatch_details.recent"), not "data.billing_truewatch_details.recent" (data.billing.defaults in data.json, data.billing.limits in your own file).`}
}
