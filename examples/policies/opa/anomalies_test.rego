# Spend anomalies: the output holding provider::billing::anomalies' days,
# per vendor or for one vendor, one warning per day.
package billing.policies_test

import rego.v1

import data.billing.policies

test_anomalies_per_vendor_warn_once_a_day if {
	result := policies with input as plan([], [], {"spend_anomalies": known_output({
		"TrueWatch": {"2026-10-03": jump(63.15, 0.3, 62.85, 20950)},
		"Virtuozzo": {
			"2024-04-12": jump(30.5, 2, 28.5, 1425),
			"2024-04-20": jump(25, 0, 25, null),
		},
	})})
		with data.billing.limits as limits
	result.warn == {
		"Spend jumped on 2026-10-03: TrueWatch cost 63.15 against a baseline of 0.3 (output spend_anomalies).",
		"Spend jumped on 2024-04-12: Virtuozzo cost 30.5 against a baseline of 2 (output spend_anomalies).",
		"Spend jumped on 2024-04-20: Virtuozzo cost 25 against a baseline of 0 (output spend_anomalies).",
	}
	count(result.deny) == 0
}

test_anomalies_of_one_vendor_warn_without_a_vendor if {
	# The output is one anomalies() result: a day to its jump.
	result := policies with input as plan([], [], {"spend_anomalies": known_output({
		"2026-10-01": jump(41.25, 0, 41.25, null),
		"2026-10-03": jump(63.15, 0.3, 62.85, 20950),
	})})
		with data.billing.limits as limits
	result.warn == {
		"Spend jumped on 2026-10-01: 41.25 against a baseline of 0 (output spend_anomalies).",
		"Spend jumped on 2026-10-03: 63.15 against a baseline of 0.3 (output spend_anomalies).",
	}
	count(result.deny) == 0
}

test_anomaly_amounts_are_given_exactly if {
	# A baseline is a quotient rounded at 12 decimal places: it is shown as
	# the plan wrote it.
	policies.warn == {"Spend jumped on 2026-10-08: TrueWatch cost 100.00000000000000001 against a baseline of 33.333333333333 (output spend_anomalies)."} with input as plan([], [], {"spend_anomalies": known_output({"TrueWatch": {"2026-10-08": jump(100.00000000000000001, 33.333333333333, 66.666666666667, 200.000000000002)}})})
		with data.billing.limits as limits
}

test_no_anomaly_per_vendor_is_quiet if {
	result := policies with input as plan([], [], {"spend_anomalies": known_output({"TrueWatch": {}, "Virtuozzo": {}})})
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_no_anomaly_at_all_is_quiet if {
	# An empty map: anomalies() of one vendor with no jump, or no vendor.
	result := policies with input as plan([], [], {"spend_anomalies": known_output({})})
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

test_anomalies_output_name_is_a_setting if {
	overrides := limits_with("spend_anomalies_output", "truewatch_anomalies")
	result := policies with input as plan([], [], {
		"truewatch_anomalies": known_output({"2026-10-03": jump(63.15, 0.3, 62.85, 20950)}),
		"spend_anomalies": known_output({"Virtuozzo": {"2024-04-12": jump(30.5, 2, 28.5, 1425)}}),
	})
		with data.billing.limits as overrides
	result.warn == {"Spend jumped on 2026-10-03: 63.15 against a baseline of 0.3 (output truewatch_anomalies)."}
	count(result.deny) == 0
}

test_configuration_without_the_anomalies_output_is_not_checked_for_them if {
	result := policies with input as plan([], [], {"anomalies": known_output(null)})
		with data.billing.limits as limits
	count(result.warn) == 0
	count(result.deny) == 0
}

unknown_anomalies_message := "Output spend_anomalies is not known in the plan (unknown until apply, null, or not a map from a day to an object with a number in amount and baseline, per vendor or for one vendor), so its spend anomalies cannot be reported; an unknown figure is never taken as no anomaly."

test_anomalies_unknown_until_apply_deny if {
	result := policies with input as plan([], [], {"spend_anomalies": unknown_output})
		with data.billing.limits as limits
	result.deny == {unknown_anomalies_message}
	count(result.warn) == 0
}

test_anomalies_null_deny if {
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output(null)})
		with data.billing.limits as limits
}

test_anomalies_of_a_vendor_null_deny if {
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output({"TrueWatch": {}, "Virtuozzo": null})})
		with data.billing.limits as limits
}

test_anomaly_without_its_baseline_denies if {
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output({"TrueWatch": {"2026-10-03": jump(63.15, null, null, null)}})})
		with data.billing.limits as limits
}

test_anomaly_amount_as_text_denies if {
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output({"2026-10-03": jump("63.15", 0.3, 62.85, 20950)})})
		with data.billing.limits as limits
}

test_anomalies_of_both_shapes_at_once_deny if {
	# Neither a vendor name to its days nor one vendor's days.
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output({
		"TrueWatch": {"2026-10-03": jump(63.15, 0.3, 62.85, 20950)},
		"2024-04-12": jump(30.5, 2, 28.5, 1425),
	})})
		with data.billing.limits as limits
}

test_anomalies_not_an_object_deny if {
	policies.deny == {unknown_anomalies_message} with input as plan([], [], {"spend_anomalies": known_output(["2026-10-03"])})
		with data.billing.limits as limits
}
