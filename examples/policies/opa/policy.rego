# Spend policies over a plan's JSON: the rules of ../main.tf and
# ../budgets.tf, for pipelines that gate plans with OPA (opa eval, conftest,
# and the platforms that run Rego against `terraform show -json PLANFILE`).
#
#   deny  a hard limit is crossed, or a figure a rule needs is not known:
#         fail the pipeline.
#   warn  a limit that should alert someone, like a `check` block in
#         ../main.tf or ../budgets.tf: report it, and let the pipeline go on
#         (conftest's --fail-on-warn turns them into failures).
#
# Every limit is a setting in data (data.json holds the defaults; see
# plan.rego for how to override them). The policies never add amounts in
# different currencies together: currency limits are maps from a currency
# code to a limit, and spend in a currency missing from the map is over its
# limit (limit 0), so a new currency is noticed rather than ignored. One
# figure sums several currencies: the output that the configuration
# converts into one currency with its own exchange rates (../budgets.tf).
package billing.policies

import rego.v1

# --- TrueWatch ----------------------------------------------------------------

# The TrueWatch bill over a hard limit (../main.tf: the precondition on
# output truewatch_last_month_total).
deny contains msg if {
	some r in limited_data_sources("billing_truewatch_details")
	total := r.values.total_billing_result
	is_number(total)
	total > limits.truewatch_total_limit
	msg := sprintf("TrueWatch total_billing_result is %s in %s, over the hard limit of %s (truewatch_total_limit).", [
		exact(total), r.address, exact(limits.truewatch_total_limit),
	])
}

# One TrueWatch product over its own limit (../main.tf: check
# truewatch_product_limit). Only the products named in
# truewatch_product_limits are limited one by one; every product counts
# towards the total above.
warn contains msg if {
	some r in limited_data_sources("billing_truewatch_details")
	some product, limit in limits.truewatch_product_limits
	cost := r.values.billing_result_by_product[product]
	is_number(cost)
	cost > limit
	msg := sprintf("TrueWatch product %q cost %s in %s, over its limit of %s (truewatch_product_limits).", [
		product, exact(cost), r.address, exact(limit),
	])
}

# The forecast for the period over its budget, before the bill is in. The
# output named by truewatch_forecast_output holds what
# provider::billing::forecast returns: the run rate of the complete days
# projected over the whole period. A forecast from a few days swings with
# every day, so the rule waits until truewatch_forecast_min_complete_days
# days are complete; until then it says nothing, even over the budget (the
# total and product limits above still hold).
deny contains msg if {
	name := limits.truewatch_forecast_output
	f := forecast_value(name)
	f.days_elapsed >= limits.truewatch_forecast_min_complete_days
	f.forecast > limits.truewatch_forecast_budget
	msg := sprintf("TrueWatch is forecast to cost %s over the period (output %s: %s in the first %s of %s days), over the forecast budget of %s (truewatch_forecast_budget).", [
		exact(f.forecast), name, exact(f.actual), exact(f.days_elapsed), exact(f.days_in_period),
		exact(limits.truewatch_forecast_budget),
	])
}

# The forecast output is declared but not known: its value is unknown until
# apply, null, or lacks the numbers the rule reads. A configuration without
# that output is not checked for a forecast at all.
deny contains msg if {
	name := limits.truewatch_forecast_output
	input.planned_values.outputs[name]
	not forecast_value(name)
	msg := sprintf("Output %s is not known in the plan (unknown until apply, null, or without a number in days_in_period, days_elapsed, actual or forecast), so the TrueWatch forecast cannot be checked against its budget; an unknown figure is never taken as zero.", [name])
}

# --- Virtuozzo ----------------------------------------------------------------

# Every Virtuozzo environment (appid) under one limit (../main.tf: check
# virtuozzo_environment_limit). Charges without an environment are summed
# under "" and held to the same limit.
warn contains msg if {
	some r in limited_data_sources("billing_account_history")
	some appid, cost in r.values.cost_by_appid
	is_number(cost)
	cost > limits.virtuozzo_environment_limit
	msg := sprintf("Virtuozzo environment %s cost %s in %s, over the limit of %s per environment (virtuozzo_environment_limit).", [
		environment(appid), exact(cost), r.address, exact(limits.virtuozzo_environment_limit),
	])
}

environment("") := "(no environment)"

environment(appid) := sprintf("%q", [appid]) if appid != ""

# --- Ocamba -------------------------------------------------------------------

# Every Ocamba app under its currency's limit (../main.tf: check
# ocamba_app_limit).
warn contains msg if {
	some r in limited_data_sources("billing_ocamba_usage")
	some app, by_currency in r.values.amount_by_app
	some currency, amount in by_currency
	is_number(amount)
	amount > currency_limit(limits.ocamba_app_limits, currency)
	msg := sprintf("Ocamba app %q cost %s %s in %s, %s.", [
		app, exact(amount), currency, r.address, over_currency_limit("its limit", "ocamba_app_limits", currency),
	])
}

# --- Talkdesk -----------------------------------------------------------------

# All Talkdesk accounts together, per currency, under a hard limit
# (../main.tf: the precondition on output talkdesk_last_month_by_currency).
deny contains msg if {
	some r in limited_data_sources("billing_accounts_usage")
	some currency, amount in r.values.total_amount_by_currency
	is_number(amount)
	amount > currency_limit(limits.talkdesk_total_limits, currency)
	msg := sprintf("Talkdesk cost %s %s in %s (total_amount_by_currency), %s.", [
		exact(amount), currency, r.address, over_currency_limit("the hard limit", "talkdesk_total_limits", currency),
	])
}

# Every Talkdesk account under its currency's limit (../main.tf: check
# talkdesk_account_limit).
warn contains msg if {
	some r in limited_data_sources("billing_accounts_usage")
	some account, by_currency in r.values.total_amount_by_account
	some currency, amount in by_currency
	is_number(amount)
	amount > currency_limit(limits.talkdesk_account_limits, currency)
	msg := sprintf("Talkdesk account %q cost %s %s in %s, %s.", [
		account, exact(amount), currency, r.address, over_currency_limit("its limit", "talkdesk_account_limits", currency),
	])
}

# --- Spend anomalies ----------------------------------------------------------

# A day whose spend jumped above the mean of the days before it (../budgets.tf:
# check spend_anomalies): one warning per day. The output named by
# spend_anomalies_output holds what provider::billing::anomalies returns,
# per vendor (a vendor name to its days) or for one vendor (its days); the
# function has already applied the thresholds, so every day in it is one.
warn contains msg if {
	name := limits.spend_anomalies_output
	some vendor, days in anomalies_value(name)
	some day, jump in days
	msg := sprintf("Spend jumped on %s: %s%s against a baseline of %s (output %s).", [
		day, vendor_cost(vendor), exact(jump.amount), exact(jump.baseline), name,
	])
}

vendor_cost("") := ""

vendor_cost(vendor) := sprintf("%s cost ", [vendor]) if vendor != ""

# The anomalies output is declared but not known: unknown until apply,
# null, or not of either shape. Unknown is never taken as no anomaly. A
# configuration without that output is not checked for anomalies at all.
deny contains msg if {
	name := limits.spend_anomalies_output
	input.planned_values.outputs[name]
	not anomalies_value(name)
	msg := sprintf("Output %s is not known in the plan (unknown until apply, null, or not a map from a day to an object with a number in amount and baseline, per vendor or for one vendor), so its spend anomalies cannot be reported; an unknown figure is never taken as no anomaly.", [name])
}

# --- Spend in one currency ----------------------------------------------------

# Spend in every currency, converted into one, over a hard limit
# (../budgets.tf: the precondition on output converted_spend). The output
# named by converted_spend_output holds the sum in converted_spend_currency,
# as provider::billing::convert returns it.
deny contains msg if {
	name := limits.converted_spend_output
	value := input.planned_values.outputs[name].value
	is_number(value)
	value > limits.converted_spend_limit
	currency := limits.converted_spend_currency
	msg := sprintf("Spend converted into %s is %s %s (output %s), over the hard limit of %s %s (converted_spend_limit).", [
		currency, exact(value), currency, name, exact(limits.converted_spend_limit), currency,
	])
}

# The converted output is declared but not a known number. ../budgets.tf
# makes it null when a currency has no exchange rate (and fails the plan
# there too); it is unknown until apply when a figure it sums is.
deny contains msg if {
	name := limits.converted_spend_output
	output := input.planned_values.outputs[name]
	not is_number(object.get(output, "value", null))
	msg := sprintf("Output %s is not a known number in the plan (null: a currency without an exchange rate, or unknown until apply), so the spend converted into %s cannot be checked against its limit (converted_spend_limit); an unknown figure is never taken as zero.", [
		name, limits.converted_spend_currency,
	])
}

# --- Figures that are not known -----------------------------------------------

# A figure a rule reads is null, missing, or holds a null amount. The
# provider sets every one of them when it reads a data source, so this means
# a plan from something else, or a figure the plan could not know: the rules
# above would pass it silently (a comparison with nothing is never over a
# limit), so it is denied instead. An unknown figure is never taken as zero.
deny contains msg if {
	some r in read_data_sources
	not unlimited(r.address)
	some attribute, shape in figures[r.type]
	not known(shape, object.get(r, ["values", attribute], null))
	msg := sprintf("%s of %s is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero.", [
		attribute, r.address,
	])
}

# A billing data source the plan reads only during apply: its figures are
# unknown at plan time, and no limit can be checked on them.
deny contains msg if {
	some rc in deferred_reads
	not unlimited(rc.address)
	reason := object.get(deferred_reason, object.get(rc, "action_reason", ""), "its figures are not known until apply")
	msg := sprintf("%s is read only during apply (%s), so its figures are unknown at plan time and its limits cannot be checked. Give it arguments known at plan time, and no depends_on on resources that change.", [
		rc.address, reason,
	])
}

# The input is not a plan's JSON (the state's, or something else): nothing
# in it could be checked, and every rule above would pass it.
deny contains msg if {
	not plan_input
	msg := "The input is not the JSON of a plan (terraform show -json PLANFILE, or tofu show -json PLANFILE), so no spend limit can be checked."
}

# A plan Terraform could not complete is written with errored set, and
# without what failed: an output whose precondition failed, a data source
# whose read failed. The rules above would pass it for want of those
# figures.
deny contains msg if {
	input.errored == true
	msg := "The plan is errored: Terraform could not complete it (a data source read, a precondition, a postcondition or a check block's data source failed), so figures these policies read may be missing from it; an unknown figure is never taken as zero. Fix the plan's errors, then plan again."
}

# --- Settings -----------------------------------------------------------------

# A setting missing or of the wrong type: every comparison with it would be
# quietly false.
deny contains msg if {
	some name, kind in setting_kinds
	not valid_setting(kind, object.get(limits, name, null))
	msg := sprintf("Setting %s must be %s, not %s (data.billing.defaults in data.json, data.billing.limits in your own file).", [
		name, kind_text[kind], json.marshal(object.get(limits, name, null)),
	])
}

# A setting in data.billing.limits that no rule reads: a misspelt name would
# leave the default in force.
deny contains msg if {
	some name, _ in overrides
	not setting_kinds[name]
	msg := sprintf("Setting %s in data.billing.limits is not one these policies read (%s): check its spelling.", [
		name, concat(", ", sort(object.keys(setting_kinds))),
	])
}
