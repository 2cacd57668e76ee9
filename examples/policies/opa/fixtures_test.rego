# Plans for the tests, shaped as `terraform show -json PLANFILE` writes them
# (and `tofu show -json`): the data sources read during the plan in
# prior_state, outputs in planned_values, reads left for apply in
# resource_changes. Keys no policy reads (provider_name, configuration,
# timestamps) are left out.
package billing.policies_test

import rego.v1

# A plan whose root module holds resources and child_modules (each a module
# from module()), and whose outputs are outputs.
plan(resources, child_modules, outputs) := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"planned_values": {
		"outputs": outputs,
		"root_module": {},
	},
	"resource_changes": [],
	"output_changes": {},
	"prior_state": {
		"format_version": "1.0",
		"terraform_version": "1.11.4",
		"values": {
			"outputs": {},
			"root_module": module_body(resources, child_modules),
		},
	},
	"applyable": true,
	"complete": true,
	"errored": false,
}

# A plan of data sources in the root module only.
plan_of(resources) := plan(resources, [], {})

module_body(resources, []) := {"resources": resources}

module_body(resources, child_modules) := {"resources": resources, "child_modules": child_modules} if {
	count(child_modules) > 0
}

# A child module at address (e.g. "module.costs") holding resources, and
# modules nested in it.
module(address, resources, child_modules) := object.union(module_body(resources, child_modules), {"address": address})

# A data source as the plan writes it: module is "" for the root module, or
# the module's address.
data_source(module, type, name, values) := {
	"address": address(module, concat(".", ["data", type, name])),
	"mode": "data",
	"type": type,
	"name": name,
	"schema_version": 0,
	"values": values,
	"sensitive_values": {},
}

address("", local) := local

address(module, local) := concat(".", [module, local]) if module != ""

# billing_truewatch_details read with include_rows = false.
truewatch(module, name, total, by_product) := data_source(module, "billing_truewatch_details", name, {
	"billing_result_by_day": {},
	"billing_result_by_product": by_product,
	"billing_result_by_workspace": {},
	"details": null,
	"end_date": "2026-10-31",
	"include_rows": false,
	"start_date": "2026-10-01",
	"total_billing_result": total,
	"total_origin_amount": total,
	"trace_id": "tw-trace-0001",
})

# billing_account_history read with include_rows = false.
virtuozzo(module, name, by_appid) := data_source(module, "billing_account_history", name, {
	"cost_by_appid": by_appid,
	"cost_by_date": {},
	"cost_by_type": {},
	"end_time": "2024-04-30 23:59:59",
	"group_nodes": null,
	"history": null,
	"include_rows": false,
	"period": "DAY",
	"start_time": "2024-04-01",
	"target_appid": null,
	"time_offset": null,
	"total_cost": 0,
})

# billing_ocamba_usage read with include_rows = false.
ocamba(module, name, by_app) := data_source(module, "billing_ocamba_usage", name, {
	"amount_by_app": by_app,
	"include_rows": false,
	"page_size": null,
	"search": null,
	"search_fields": null,
	"sort": null,
	"total": 4,
	"total_amount_by_currency": {},
	"usages": null,
})

# billing_accounts_usage read with include_rows = false.
talkdesk(module, name, by_currency, by_account) := data_source(module, "billing_accounts_usage", name, {
	"account_ids": null,
	"filter": null,
	"from_month": "2024-01",
	"include_rows": false,
	"order_by": "id:desc",
	"per_page": 250,
	"to_month": "2024-01",
	"total": 4,
	"total_amount_by_account": by_account,
	"total_amount_by_currency": by_currency,
	"total_amount_by_month": {},
	"total_amount_by_type": {},
	"usages": null,
})

# The planned value of an output holding what provider::billing::forecast
# returns.
forecast_output(days_elapsed, actual, forecast) := {
	"sensitive": false,
	"type": [
		"object",
		{
			"actual": "number",
			"daily_rate": "number",
			"days_elapsed": "number",
			"days_in_period": "number",
			"forecast": "number",
			"incomplete": "number",
		},
	],
	"value": {
		"actual": actual,
		"daily_rate": 0,
		"days_elapsed": days_elapsed,
		"days_in_period": 31,
		"forecast": forecast,
		"incomplete": 0,
	},
}

# The planned value of an output known at plan time (its "type" left out:
# no policy reads it).
known_output(value) := {"sensitive": false, "value": value}

# The planned value of an output not known until apply: it has no value.
unknown_output := {"sensitive": false}

# A day as provider::billing::anomalies returns it (increase_percent is null
# when the baseline is 0).
jump(amount, baseline, increase, increase_percent) := {
	"amount": amount,
	"baseline": baseline,
	"increase": increase,
	"increase_percent": increase_percent,
}

# A plan with nothing over any limit under the settings of the tests below.
quiet_plan := plan_of([
	truewatch("", "october", 50, {"Session Replay": 10}),
	virtuozzo("", "april", {"env-1": 1}),
	ocamba("", "all", {"1001": {"USD": 1}}),
	talkdesk("", "january", {"USD": 1}, {"acct-1": {"USD": 1}}),
])

# Settings the tests use, in place of data.json's defaults.
limits := {
	"truewatch_total_limit": 100,
	"truewatch_product_limits": {"Session Replay": 20},
	"virtuozzo_environment_limit": 5,
	"ocamba_app_limits": {"USD": 10, "EUR": 8},
	"talkdesk_account_limits": {"USD": 30},
	"talkdesk_total_limits": {"USD": 50},
	"truewatch_forecast_output": "truewatch_forecast",
	"truewatch_forecast_budget": 1000,
	"truewatch_forecast_min_complete_days": 3,
	"spend_anomalies_output": "spend_anomalies",
	"converted_spend_output": "converted_spend",
	"converted_spend_currency": "USD",
	"converted_spend_limit": 100,
	"unlimited_data_sources": ["data.billing_truewatch_details.recent", "data.billing_accounts_usage.month_before"],
}

# The settings above with one replaced whole.
limits_with(name, value) := object.union(object.remove(limits, [name]), {name: value})
