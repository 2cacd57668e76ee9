package functions_test

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
)

// jump checks one anomaly; percent "" is a null increase_percent.
func jump(amount, baseline, increase, percent string) knownvalue.Check {
	var percentCheck knownvalue.Check = knownvalue.Null()
	if percent != "" {
		percentCheck = acctest.DecimalText(percent)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"amount":           acctest.DecimalText(amount),
		"baseline":         acctest.DecimalText(baseline),
		"increase":         acctest.DecimalText(increase),
		"increase_percent": percentCheck,
	})
}

func anomalies(name, amounts string, window int, minIncrease, minPercent string, days map[string]knownvalue.Check) result {
	return result{name, fmt.Sprintf("provider::billing::anomalies(%s, %d, %s, %s)", amounts, window, minIncrease, minPercent), knownvalue.MapExact(days)}
}

type days = map[string]knownvalue.Check

func anomaliesFindTheDaysThatJumped() group {
	flat := `{ "2026-10-01" = 10, "2026-10-02" = 10, "2026-10-03" = 10, "2026-10-04" = 25, "2026-10-05" = 10 }`
	return newGroup("anomalies", "",
		anomalies("over_both", flat, 3, "10", "50", days{"2026-10-04": jump("25", "10", "15", "150")}),
		// At both lines is over them.
		anomalies("at_both", flat, 3, "15", "150", days{"2026-10-04": jump("25", "10", "15", "150")}),
		anomalies("under_the_amount", flat, 3, "15.01", "0", days{}),
		anomalies("under_the_percentage", flat, 3, "0", "150.01", days{}),
		// A big share of little money is not an anomaly, nor a little
		// share of a big bill.
		anomalies("relative_only", `{ "2026-10-01" = 0.01, "2026-10-02" = 1 }`, 1, "5", "50", days{}),
		anomalies("absolute_only", `{ "2026-10-01" = 1000, "2026-10-02" = 1100 }`, 1, "50", "20", days{}),
		// After a baseline of 0, the amount alone decides.
		anomalies("baseline_zero", `{ "2026-10-01" = 0, "2026-10-02" = null, "2026-10-03" = 12 }`, 2, "10", "1000000",
			days{"2026-10-03": jump("12", "0", "12", "")}),
		// Days missing between the first and the last count as 0.
		anomalies("missing_days", `{ "2026-10-01" = 30, "2026-10-05" = 20 }`, 3, "5", "50",
			days{"2026-10-05": jump("20", "0", "20", "")}),
		// The first window days are only a baseline.
		anomalies("too_few_days", `{ "2026-10-01" = 1, "2026-10-02" = 100 }`, 2, "0", "0", days{}),
		anomalies("none", "{}", 7, "0", "0", days{}),
		// A mean of thirds is rounded at 12 places; the increase is exactly
		// amount - baseline as shown, and the percentage is of the exact
		// mean, rounded once.
		anomalies("thirds", `{ "2026-10-01" = 1, "2026-10-02" = 0, "2026-10-03" = 0, "2026-10-04" = 1 }`, 3, "0.5", "200",
			days{"2026-10-04": jump("1", "0.333333333333", "0.666666666667", "200")}),
		// Exactly 50% above a mean of 5/3: at the line.
		anomalies("at_the_line_after_thirds", `{ "2026-10-01" = 2, "2026-10-02" = 2, "2026-10-03" = 1, "2026-10-04" = 2.5 }`, 3, "0", "50",
			days{"2026-10-04": jump("2.5", "1.666666666667", "0.833333333333", "50")}),
		anomalies("leap_day", `{ "2024-02-28" = 2, "2024-02-29" = 2, "2024-03-01" = 8 }`, 2, "1", "100",
			days{"2024-03-01": jump("8", "2", "6", "300")}),
		anomalies("large", `{ "2026-10-01" = 12345678901234567.89, "2026-10-02" = 24691357802469135.79 }`, 1, "1", "99",
			days{"2026-10-02": jump("24691357802469135.79", "12345678901234567.89", "12345678901234567.9", "100")}),
		anomalies("several", `{ "2026-10-01" = 1, "2026-10-02" = 5, "2026-10-03" = 5, "2026-10-04" = 30 }`, 1, "2", "100",
			days{"2026-10-02": jump("5", "1", "4", "400"), "2026-10-04": jump("30", "5", "25", "500")}),
	)
}

func anomaliesErrors() []failure {
	call := func(amounts, window, minIncrease, minPercent string) string {
		return fmt.Sprintf("provider::billing::anomalies(%s, %s, %s, %s)", amounts, window, minIncrease, minPercent)
	}
	ok := `{ "2026-10-01" = 1 }`
	return []failure{
		{expression: call(ok, "0", "1", "1"),
			text: []string{`Invalid value for "window" parameter: window is 0; it must be a whole number of days from 1 to 366`}},
		{expression: call(ok, "367", "1", "1"),
			text: []string{`Invalid value for "window" parameter: window is 367; it must be a whole number of days from 1 to 366`}},
		{expression: call(ok, "1.5", "1", "1"),
			text: []string{`Invalid value for "window" parameter: window is 1.5; it must be a whole number of days from 1 to 366`}},
		{expression: call(ok, "pow(10, 400)", "1", "1"),
			text: []string{`Invalid value for "window" parameter: window is infinite: it must be a finite number`}},
		{expression: call(ok, "7", "-0.01", "1"),
			text: []string{`Invalid value for "min_increase" parameter: min_increase is -0.01; it must be 0 or more`}},
		{expression: call(ok, "7", "1", "-5"),
			text: []string{`Invalid value for "min_increase_percent" parameter: min_increase_percent is -5; it must be 0 or more`}},
		{expression: call(`{ "2026-10-01" = 1, "2026-10" = 2 }`, "7", "1", "1"),
			text: []string{`Invalid value for "amount_by_day" parameter: the key "2026-10" is not a date in the form YYYY-MM-DD: every key must be a day`}},
		{expression: call(`{ "1926-10-01" = 0, "2026-10-01" = 2 }`, "7", "1", "1"),
			text: []string{`Invalid value for "amount_by_day" parameter: the days run from 1926-10-01 to 2026-10-01, 36526 days; at most 36525 (about 100 years) are judged`}},
		{expression: call(ok, "null", "1", "1"),
			text: []string{`Invalid value for "window" parameter: argument must not be null`}},
		// A day of 1e200 after a baseline of 1e-12 (the baseline's last
		// place) rises by 1e200 - 1e-12, of 212 significant digits.
		{expression: call(`{ "2026-10-01" = 1e-12, "2026-10-02" = 1e200 }`, "1", "0", "0"),
			text: []string{`the increase of 2026-10-02 has 212 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`}},
	}
}
