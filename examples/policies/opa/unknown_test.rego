# Figures that are not known in the plan are denied, never taken as zero.
package billing.policies_test

import rego.v1

import data.billing.policies

test_null_total_denies_as_unknown if {
	policies.deny == {"total_billing_result of data.billing_truewatch_details.october is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan_of([truewatch("", "october", null, {})])
		with data.billing.limits as limits
}

test_missing_breakdown_denies_as_unknown if {
	source := truewatch("", "october", 10, {})
	values := object.remove(source.values, ["billing_result_by_product"])
	policies.deny == {"billing_result_by_product of data.billing_truewatch_details.october is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan_of([object.union(object.remove(source, ["values"]), {"values": values})])
		with data.billing.limits as limits
}

test_null_amount_in_a_breakdown_denies_as_unknown if {
	policies.deny == {"cost_by_appid of data.billing_account_history.april is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan_of([virtuozzo("", "april", {"env-3f0c91": null, "env-77ab02": 0.1})])
		with data.billing.limits as limits
}

test_null_currency_map_denies_as_unknown if {
	policies.deny == {"amount_by_app of data.billing_ocamba_usage.all is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan_of([ocamba("", "all", {"1001": null})])
		with data.billing.limits as limits
}

test_amount_as_text_denies_as_unknown if {
	# The plan writes numbers as JSON numbers; a string is not one.
	policies.deny == {"total_amount_by_currency of data.billing_accounts_usage.january is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan_of([talkdesk("", "january", {"USD": "51"}, {})])
		with data.billing.limits as limits
}

test_null_figure_in_a_child_module_denies_as_unknown if {
	policies.deny == {"total_amount_by_account of module.costs.data.billing_accounts_usage.january is not known in the plan (null, missing, or with a null amount), so its limits cannot be checked; an unknown figure is never taken as zero."} with input as plan([], [module("module.costs", [talkdesk("module.costs", "january", {"USD": 1}, null)], [])], {})
		with data.billing.limits as limits
}

# A data source whose arguments are not known until apply: the plan has it
# in resource_changes with the action "read" (and partial values in
# planned_values), not in prior_state.
deferred_read(address, reason) := {
	"address": address,
	"mode": "data",
	"type": "billing_truewatch_details",
	"name": "later",
	"change": {
		"actions": ["read"],
		"before": null,
		"after": {"include_rows": false},
		"after_unknown": {
			"billing_result_by_product": true,
			"end_date": true,
			"start_date": true,
			"total_billing_result": true,
		},
		"before_sensitive": false,
		"after_sensitive": {"billing_result_by_product": {}},
	},
	"action_reason": reason,
}

test_data_source_read_only_during_apply_denies if {
	input_plan := object.union(plan_of([]), {"resource_changes": [deferred_read("data.billing_truewatch_details.later", "read_because_config_unknown")]})
	policies.deny == {"data.billing_truewatch_details.later is read only during apply (its arguments are not known until apply), so its figures are unknown at plan time and its limits cannot be checked. Give it arguments known at plan time, and no depends_on on resources that change."} with input as input_plan
		with data.billing.limits as limits
}

test_data_source_waiting_on_a_dependency_denies if {
	input_plan := object.union(plan_of([]), {"resource_changes": [deferred_read("module.costs.data.billing_truewatch_details.later", "read_because_dependency_pending")]})
	policies.deny == {"module.costs.data.billing_truewatch_details.later is read only during apply (it depends on resources with changes pending), so its figures are unknown at plan time and its limits cannot be checked. Give it arguments known at plan time, and no depends_on on resources that change."} with input as input_plan
		with data.billing.limits as limits
}

test_data_source_in_a_check_block_is_read_during_the_plan_too if {
	# Terraform and OpenTofu plan a read during apply for a data source in a
	# check block, and read it during the plan as well: its figures are
	# known, and checked.
	input_plan := object.union(
		plan_of([truewatch("", "later", 150, {})]),
		{"resource_changes": [deferred_read("data.billing_truewatch_details.later", "read_because_check_nested")]},
	)
	policies.deny == {"TrueWatch total_billing_result is 150 in data.billing_truewatch_details.later, over the hard limit of 100 (truewatch_total_limit)."} with input as input_plan
		with data.billing.limits as limits
}

test_state_instead_of_a_plan_denies if {
	# `terraform show -json` without a plan file writes the state.
	state := {
		"format_version": "1.0",
		"terraform_version": "1.11.4",
		"values": {"root_module": {"resources": [truewatch("", "october", 150, {})]}},
	}
	policies.deny == {"The input is not the JSON of a plan (terraform show -json PLANFILE, or tofu show -json PLANFILE), so no spend limit can be checked."} with input as state
		with data.billing.limits as limits
}

# A plan Terraform could not complete leaves out the outputs whose
# preconditions failed (and a failed read's figures): it is denied, never
# judged by what it still holds.
test_errored_plan_denies if {
	errored := object.union(plan_of([truewatch("", "october", 10, {})]), {"errored": true})
	policies.deny == {"The plan is errored: Terraform could not complete it (a data source read, a precondition, a postcondition or a check block's data source failed), so figures these policies read may be missing from it; an unknown figure is never taken as zero. Fix the plan's errors, then plan again."} with input as errored
		with data.billing.limits as limits
}

test_complete_plan_is_not_denied_as_errored if {
	count(policies.deny) == 0 with input as plan_of([truewatch("", "october", 10, {})])
		with data.billing.limits as limits
}
