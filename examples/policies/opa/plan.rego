# Reading a plan: the billing data sources' figures, the outputs, and the
# settings (limits) the rules in policy.rego compare them with.
#
# The input is the JSON of a saved plan: `terraform show -json PLANFILE` (or
# `tofu show -json PLANFILE`). A data source read during the plan is in
# prior_state.values.root_module, with its values; one that can only be read
# during apply is missing there and is in resource_changes with the action
# "read" instead. Outputs are in planned_values.outputs; an output that is not
# known until apply has no "value" there.
package billing.policies

import rego.v1

# --- Input --------------------------------------------------------------------

# The input is a plan's JSON: it has planned_values (a plan of an empty
# configuration too). The JSON of a state has not.
plan_input if is_object(input.planned_values)

# --- Settings -----------------------------------------------------------------

# The limits: data.billing.defaults (data.json beside the policies) with
# data.billing.limits (your own file, optional) laid over it. A setting given
# in data.billing.limits replaces the default whole: a currency map given
# there is the whole map, so that a currency left out of it has no limit
# (and any spend in it is over), rather than keeping a default's.
limits := object.union(object.remove(defaults, object.keys(overrides)), overrides)

defaults := data.billing.defaults

default defaults := {}

overrides := data.billing.limits

default overrides := {}

# What each setting must be. A limit of the wrong type would make every
# comparison with it quietly false (Rego orders a number before any string),
# so policy.rego denies a plan checked with one.
setting_kinds := {
	"truewatch_total_limit": "number",
	"truewatch_product_limits": "map",
	"virtuozzo_environment_limit": "number",
	"ocamba_app_limits": "map",
	"talkdesk_account_limits": "map",
	"talkdesk_total_limits": "map",
	"truewatch_forecast_output": "string",
	"truewatch_forecast_budget": "number",
	"truewatch_forecast_min_complete_days": "number",
	"spend_anomalies_output": "string",
	"converted_spend_output": "string",
	"converted_spend_currency": "string",
	"converted_spend_limit": "number",
	"unlimited_data_sources": "addresses",
}

valid_setting("number", value) if is_number(value)

valid_setting("string", value) if is_string(value)

valid_setting("map", value) if amounts(value)

valid_setting("addresses", value) if {
	is_array(value)
	every address in value {
		is_string(address)
	}
}

kind_text := {
	"number": "a number",
	"string": "a string",
	"map": "an object of numbers (a name or currency code to a limit)",
	"addresses": "an array of data source addresses (such as \"data.billing_truewatch_details.recent\")",
}

# --- Data sources -------------------------------------------------------------

# The figures the policies read, per data source type, and their shape:
# "number", "map" (a name to an amount) or "map_of_maps" (a name to a
# currency code to an amount).
figures := {
	"billing_truewatch_details": {
		"total_billing_result": "number",
		"billing_result_by_product": "map",
	},
	"billing_account_history": {"cost_by_appid": "map"},
	"billing_ocamba_usage": {"amount_by_app": "map_of_maps"},
	"billing_accounts_usage": {
		"total_amount_by_currency": "map",
		"total_amount_by_account": "map_of_maps",
	},
}

# Every billing data source read during the plan, in the root module and in
# child modules at any depth (their addresses say which module).
read_data_sources := [r |
	walk(input.prior_state.values.root_module, [path, r])
	r.mode == "data" # first: most nodes (every value in every row) fail it at once
	figures[r.type]
	resource_path(path)
]

# The data sources of one type read during the plan.
data_sources(type) := [r | some r in read_data_sources; r.type == type]

# The data sources of one type whose figures are a bill to hold to the
# limits: all but those named in unlimited_data_sources, read for another
# purpose (a window of days for the anomalies, the month before for
# growth), in the root module or, by the same address, in any module.
limited_data_sources(type) := [r | some r in data_sources(type); not unlimited(r.address)]

unlimited(address) if {
	some unlimited_address in limits.unlimited_data_sources
	instance_of(address) == unlimited_address
}

unlimited(address) if {
	some unlimited_address in limits.unlimited_data_sources
	endswith(instance_of(address), concat("", [".", unlimited_address]))
}

# The address of the data source an instance of count or for_each
# belongs to: its address without the key.
instance_of(address) := regex.replace(address, `\[[^\]]*\]$`, "")

# A module's resource sits at resources[i], below any number of
# child_modules[j] steps.
resource_path(path) if {
	n := count(path)
	n >= 2
	path[n - 2] == "resources"
	every i, step in array.slice(path, 0, n - 2) {
		module_step(i, step)
	}
}

module_step(i, step) if {
	i % 2 == 0
	step == "child_modules"
}

module_step(i, step) if {
	i % 2 == 1
	is_number(step)
}

# The addresses of the billing data sources read during the plan.
read_addresses := {r.address | some r in read_data_sources}

# Billing data sources the plan reads only during apply: their arguments are
# not known at plan time, or they depend on resources with changes pending.
# A data source in a check block is planned for a read during apply too, but
# it was also read during the plan: it is in read_addresses and its figures
# are checked.
deferred_reads contains rc if {
	some rc in input.resource_changes
	rc.mode == "data"
	figures[rc.type]
	"read" in rc.change.actions
	not rc.address in read_addresses
}

deferred_reason := {
	"read_because_config_unknown": "its arguments are not known until apply",
	"read_because_dependency_pending": "it depends on resources with changes pending",
}

# --- Values -------------------------------------------------------------------

# A figure is known when it is a number, or a map whose every amount is a
# number. null, a missing attribute, or a null amount in a map is not known:
# a figure that is not known is never taken as zero.
known("number", value) if is_number(value)

known("map", value) if amounts(value)

known("map_of_maps", value) if {
	is_object(value)
	every inner in value {
		amounts(inner)
	}
}

amounts(value) if {
	is_object(value)
	every amount in value {
		is_number(amount)
	}
}

# A number exactly as the plan wrote it (json.marshal keeps the text of a
# number from the input: 0.3 stays 0.3, 1.262846 stays 1.262846).
exact(number) := json.marshal(number)

# The limit for a currency in a map of limits per currency: 0 when the map
# has none, so that spend in a currency nobody set a limit for is over.
currency_limit(limit_map, currency) := object.get(limit_map, currency, 0)

# How a message states the limit an amount in a currency is over: "its
# limit" or "the hard limit" (what), and the currency's limit in the setting,
# or that the setting has none for it.
over_currency_limit(what, setting, currency) := sprintf("over %s of %s %s (%s)", [what, exact(limits[setting][currency]), currency, setting]) if {
	currency in object.keys(limits[setting])
}

over_currency_limit(_, setting, currency) := sprintf("and %s has no limit for %s, so any spend in it is over: add one", [setting, currency]) if {
	not currency in object.keys(limits[setting])
}

# --- Outputs ------------------------------------------------------------------

# The forecast output's value when it is known and has the numbers the
# forecast rule reads: an object as provider::billing::forecast returns it.
forecast_value(name) := value if {
	value := input.planned_values.outputs[name].value
	is_object(value)
	every attribute in ["days_in_period", "days_elapsed", "actual", "forecast"] {
		is_number(value[attribute])
	}
}

# The anomalies output's value as a vendor name to its days, each day an
# object as provider::billing::anomalies returns it: with a number in amount
# and baseline (increase_percent is null when the baseline is 0). The output
# holds either a vendor name to its days, or one vendor's days, which appear
# here under the vendor "". The two are told apart by their inner objects:
# a day's has a number in amount, a vendor's has days. An empty output is
# the first: no vendor, no anomaly.
anomalies_value(name) := value if {
	value := input.planned_values.outputs[name].value
	is_object(value)
	every days in value {
		anomalous_days(days)
	}
}

anomalies_value(name) := {"": value} if {
	value := input.planned_values.outputs[name].value
	anomalous_days(value)
	count(value) > 0
}

anomalous_days(days) if {
	is_object(days)
	every jump in days {
		is_object(jump)
		is_number(jump.amount)
		is_number(jump.baseline)
	}
}
