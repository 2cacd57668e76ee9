# Data sources in child modules, at any depth, are checked like those in the
# root module, and named by their full address.
package billing.policies_test

import rego.v1

import data.billing.policies

modules_plan := plan(
	[truewatch("", "october", 10, {})],
	[module(
		"module.costs",
		[virtuozzo("module.costs", "april", {"env-3f0c91": 6})],
		[module(
			"module.costs.module.talkdesk",
			[talkdesk("module.costs.module.talkdesk", "january", {"USD": 51}, {})],
			[],
		)],
	)],
	{},
)

test_data_sources_in_child_modules_are_checked if {
	result := policies with input as modules_plan
		with data.billing.limits as limits
	result.deny == {"Talkdesk cost 51 USD in module.costs.module.talkdesk.data.billing_accounts_usage.january (total_amount_by_currency), over the hard limit of 50 USD (talkdesk_total_limits)."}
	result.warn == {`Virtuozzo environment "env-3f0c91" cost 6 in module.costs.data.billing_account_history.april, over the limit of 5 per environment (virtuozzo_environment_limit).`}
}

test_module_without_root_resources_is_checked if {
	result := policies with input as plan([], [module("module.costs", [truewatch("module.costs", "october", 150, {})], [])], {})
		with data.billing.limits as limits
	result.deny == {"TrueWatch total_billing_result is 150 in module.costs.data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit)."}
}

test_module_instances_are_told_apart if {
	result := policies with input as plan(
		[], [
			module(`module.costs["eu"]`, [truewatch(`module.costs["eu"]`, "october", 150, {})], []),
			module(`module.costs["us"]`, [truewatch(`module.costs["us"]`, "october", 50, {})], []),
		],
		{},
	)
		with data.billing.limits as limits
	result.deny == {`TrueWatch total_billing_result is 150 in module.costs["eu"].data.billing_truewatch_details.october, over the hard limit of 100 (truewatch_total_limit).`}
}

test_only_data_sources_count if {
	# A managed resource of another provider whose values look like a data
	# source, and values holding objects with "mode" and "type": none is
	# read as a billing data source.
	managed := {
		"address": "example_thing.costs",
		"mode": "managed",
		"type": "billing_truewatch_details",
		"name": "costs",
		"schema_version": 0,
		"values": {
			"total_billing_result": 1000000,
			"resources": [{"mode": "data", "type": "billing_truewatch_details", "address": "x", "values": {"total_billing_result": 1000000}}],
		},
		"sensitive_values": {},
	}
	result := policies with input as plan_of([managed])
		with data.billing.limits as limits
	count(result.deny) == 0
	count(result.warn) == 0
}
