package functions_test

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

// projection checks a forecast's object, every number by its exact text.
func projection(daysInPeriod, daysElapsed int, actual, dailyRate, forecast, incomplete string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"days_in_period": acctest.DecimalText(strconv.Itoa(daysInPeriod)),
		"days_elapsed":   acctest.DecimalText(strconv.Itoa(daysElapsed)),
		"actual":         acctest.DecimalText(actual),
		"daily_rate":     acctest.DecimalText(dailyRate),
		"forecast":       acctest.DecimalText(forecast),
		"incomplete":     acctest.DecimalText(incomplete),
	})
}

func forecast(name, amounts, start, end, asOf string, check knownvalue.Check) result {
	return result{name, fmt.Sprintf("provider::billing::forecast(%s, %q, %q, %q)", amounts, start, end, asOf), check}
}

// October's spend: three days and the one being billed.
const october = `{ "2026-10-01" = 41.25, "2026-10-02" = 0.3, "2026-10-03" = 63.15, "2026-10-04" = 7 }`

func forecastProjectsTheRunRate() group {
	return newGroup("forecast", `
locals {
  lagged = timeadd("2026-11-01T10:00:00Z", "-48h")
  period = provider::billing::billing_period(local.lagged, 0)
}
`,
		forecast("three_days", october, "2026-10-01", "2026-10-31", "2026-10-04T09:00:00Z",
			projection(31, 3, "104.7", "34.9", "1081.9", "7")),
		// An amount Terraform computed (about 155 significant digits at its
		// 512 bits) is the actual spend, exactly, not refused.
		result{"seventh", `provider::billing::forecast({ "2026-10-01" = 100/7 }, "2026-10-01", "2026-10-31", "2026-10-02T00:00:00Z").actual == 100/7`, knownvalue.Bool(true)},
		// The first day: nothing complete, and 0 rather than null.
		forecast("first_day", october, "2026-10-01", "2026-10-31", "2026-10-01T00:00:00Z",
			projection(31, 0, "0", "0", "0", "111.7")),
		forecast("last_day", october, "2026-10-01", "2026-10-31", "2026-10-31T23:59:59Z",
			projection(31, 30, "111.7", "3.723333333333", "115.423333333333", "0")),
		// Once over, the forecast is the spend itself, digits beyond the
		// twelfth place and all.
		forecast("over", `{ "2026-10-01" = 0.0000000000001, "2026-10-31" = 2 }`, "2026-10-01", "2026-10-31", "2026-12-01T00:00:00Z",
			projection(31, 31, "2.0000000000001", "0.064516129032", "2.0000000000001", "0")),
		forecast("leap_february", `{ "2024-02-01" = 10, "2024-02-28" = 19 }`, "2024-02-01", "2024-02-29", "2024-02-29T06:00:00Z",
			projection(29, 28, "29", "1.035714285714", "30.035714285714", "0")),
		// A missing day is a day of no spend; a null amount counts as 0.
		forecast("missing_day", `{ "2026-10-01" = 10, "2026-10-03" = 20, "2026-10-04" = null }`, "2026-10-01", "2026-10-31", "2026-10-05T00:00:00Z",
			projection(31, 4, "30", "7.5", "232.5", "0")),
		forecast("no_spend", "{}", "2026-10-01", "2026-10-31", "2026-10-05T00:00:00Z",
			projection(31, 4, "0", "0", "0", "0")),
		// Beyond what a float64 holds, every digit is kept.
		forecast("large", `{ "2026-10-01" = 12345678901234567.89, "2026-10-02" = 0.01 }`, "2026-10-01", "2026-10-30", "2026-10-03T00:00:00Z",
			projection(30, 2, "12345678901234567.9", "6172839450617283.95", "185185183518518518.5", "0")),
		// Quotients are rounded once, half to even, at 12 places: a rate of
		// 0.0000000000005 goes down to 0, a forecast of 0.0000000000155 up.
		forecast("half_to_even", `{ "2026-10-01" = 0.000000000001 }`, "2026-10-01", "2026-10-31", "2026-10-03T00:00:00Z",
			projection(31, 2, "0.000000000001", "0", "0.000000000016", "0")),
		// The lag the docs show: two days back from the 1st of November is
		// still October, and the period follows the lagged timestamp, so
		// as_of never falls before it.
		result{"lagged", fmt.Sprintf("provider::billing::forecast(%s, local.period.start_date, local.period.end_date, local.lagged)", october),
			projection(31, 29, "111.7", "3.851724137931", "119.403448275862", "0")},
		// as_of's date is the one in its own offset.
		forecast("ahead_of_utc", october, "2026-10-01", "2026-10-31", "2026-10-04T01:00:00+02:00",
			projection(31, 3, "104.7", "34.9", "1081.9", "7")),
		forecast("behind_utc", october, "2026-10-01", "2026-10-31", "2026-10-03T23:30:00-05:00",
			projection(31, 2, "41.55", "20.775", "644.025", "70.15")),
	)
}

// A precondition on the forecast, guarded by the complete days, holds on
// the first of the month and on the third, and fails once enough days are
// over the budget (forecastOverTheBudget).
func guarded(name, asOf string) string {
	return fmt.Sprintf(`
locals {
  %[1]s = provider::billing::forecast(%[2]s, "2026-10-01", "2026-10-31", %[3]q)
}

output %[1]q {
  value = local.%[1]s.forecast
  precondition {
    condition     = local.%[1]s.days_elapsed < 3 || local.%[1]s.forecast <= 1000
    error_message = "October's forecast is ${local.%[1]s.forecast}, over the budget of 1000."
  }
}
`, name, october, asOf)
}

func forecastGuardsAPrecondition() group {
	g := newGroup("forecast_guard", guarded("forecast_guard_first_day", "2026-10-01T00:00:00Z")+guarded("forecast_guard_third_day", "2026-10-03T00:00:00Z"))
	g.checks = []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("forecast_guard_first_day", acctest.DecimalText("0")),
		statecheck.ExpectKnownOutputValue("forecast_guard_third_day", acctest.DecimalText("644.025")),
	}
	return g
}

func forecastOverTheBudget() failure {
	return failure{preamble: guarded("forecast_guard_fourth_day", "2026-10-04T00:00:00Z"), expression: "local.forecast_guard_fourth_day.forecast",
		text: []string{"October's forecast is 1081.9, over the budget of 1000."}, fails: "forecast_guard_fourth_day"}
}

// A day's amount not known until apply: the forecast is known then.
func forecastOfAnUnknownAmountIsKnownAfterApply() group {
	later := newGroup("forecast_unknown", "", result{"later",
		`provider::billing::forecast({ "2026-10-01" = terraform_data.twenty.output }, "2026-10-01", "2026-10-31", "2026-10-03T00:00:00Z")`,
		projection(31, 2, "20", "10", "310", "0")})
	later.unknown = []string{"later"}
	return later
}

func forecastErrors() []failure {
	call := func(amounts, start, end, asOf string) string {
		return fmt.Sprintf("provider::billing::forecast(%s, %s, %s, %s)", amounts, start, end, asOf)
	}
	ok := `{ "2026-10-01" = 1 }`
	return []failure{
		{expression: call(`{ "2026-10-01" = 1, "October" = 2 }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: the key "October" is not a date in the form YYYY-MM-DD: every key must be a day`}},
		// A breakdown's rows without a date are summed under "".
		{expression: call(`{ "" = 2 }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: the key "" is not a date in the form YYYY-MM-DD`}},
		{expression: call(`{ "2026-02-30" = 2 }`, `"2026-02-01"`, `"2026-02-28"`, `"2026-02-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: the key "2026-02-30" is not a real calendar date (day out of range)`}},
		{expression: call(`{ "2026-10-01" = 1, "2026-11-01" = 2 }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: the key "2026-11-01" is outside the period 2026-10-01 to 2026-10-31`}},
		{expression: call(`{ "2026-10-01" = pow(10, 400) }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: amount_by_day["2026-10-01"] is infinite: only finite numbers can be used`}},
		// Each amount has one significant digit; their exact sums have 201.
		{expression: call(`{ "2026-10-01" = 1e100, "2026-10-02" = 1e-100 }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-03T00:00:00Z"`),
			text: []string{`the actual spend has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
		{expression: call(`{ "2026-10-03" = 1e100, "2026-10-04" = 1e-100 }`, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-03T00:00:00Z"`),
			text: []string{`the incomplete spend has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
		{expression: call(ok, `"2026-10-31"`, `"2026-10-01"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "start_date" parameter: start_date "2026-10-31" is after end_date "2026-10-01": a period ends on or after its first day`}},
		{expression: call(ok, `"20261001"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "start_date" parameter: "20261001" is not a date in the form YYYY-MM-DD`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-32"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "end_date" parameter: "2026-10-32" is not a real calendar date (day out of range)`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15"`),
			text: []string{`Invalid value for "as_of" parameter: "2026-10-15" is not an RFC 3339 timestamp such as "2026-10-15T00:00:00Z" or plantimestamp()`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00,5Z"`),
			text: []string{`Invalid value for "as_of" parameter: "2026-10-15T00:00:00,5Z" is not an RFC 3339 timestamp such as "2026-10-15T00:00:00Z" or plantimestamp()`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00+01:60"`),
			text: []string{`Invalid value for "as_of" parameter: "2026-10-15T00:00:00+01:60" is not an RFC 3339 timestamp`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-31"`, `"2026-09-30T23:59:59Z"`),
			text: []string{`Invalid value for "as_of" parameter: as_of "2026-09-30T23:59:59Z" falls on 2026-09-30, before start_date 2026-10-01. With a lagged as_of such as timeadd(plantimestamp(), "-48h"), take the period from billing_period of that same timestamp`}},
		{expression: call("null", `"2026-10-01"`, `"2026-10-31"`, `"2026-10-15T00:00:00Z"`),
			text: []string{`Invalid value for "amount_by_day" parameter: argument must not be null`}},
		{expression: call(ok, `"2026-10-01"`, `"2026-10-31"`, "null"),
			text: []string{`Invalid value for "as_of" parameter: argument must not be null`}},
	}
}
