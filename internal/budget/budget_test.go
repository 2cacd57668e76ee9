package budget

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// amounts is a map of decimals from pairs of key and decimal text.
func amounts(pairs ...string) map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i]] = d(pairs[i+1])
	}
	return m
}

// same fails unless got is the decimal text want, as a number (trailing
// zeros apart: 34.900000000000 is 34.9).
func same(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// wantArgumentError fails unless err is an ArgumentError of argument whose
// problem is exactly problem.
func wantArgumentError(t *testing.T, err error, argument, problem string) {
	t.Helper()
	var argErr *ArgumentError
	if !errors.As(err, &argErr) {
		t.Fatalf("error %v, want an error of %s: %s", err, argument, problem)
	}
	if argErr.Argument != argument || argErr.Problem != problem {
		t.Errorf("error of %s: %s\nwant error of %s: %s", argErr.Argument, argErr.Problem, argument, problem)
	}
}

func TestQuotientRoundsOnceHalfToEven(t *testing.T) {
	t.Parallel()
	tie := "0.0000000000005" // half of the twelfth place
	for _, c := range []struct{ n, d, want string }{
		{"104.7", "3", "34.9"},
		{"1", "3", "0.333333333333"},
		{"2", "3", "0.666666666667"},
		{"-2", "3", "-0.666666666667"},
		{"2", "-3", "-0.666666666667"},
		{"-2", "-3", "0.666666666667"},
		// Ties go to the even neighbour, either way from zero.
		{tie, "1", "0"},
		{"0.0000000000015", "1", "0.000000000002"},
		{"0.0000000000025", "1", "0.000000000002"},
		{"-0.0000000000015", "1", "-0.000000000002"},
		{"-" + tie, "1", "0"},
		{"1", "2000000000000", "0"},
		{"3", "2000000000000", "0.000000000002"},
		// Just past a tie is not a tie, however far past: rounding a
		// quotient cut at 40 places would see a tie here and go to even.
		{"0.00000000000050000000000000000000000000000001", "1", "0.000000000001"},
		{"1.0000000000005000000000000000000000000000000001", "1", "1.000000000001"},
		// Just short of a tie rounds down.
		{"0.00000000000049999999999999999999999999999999", "1", "0"},
		// Beyond a float64: every digit counts.
		{"123456789012345678901234567890.123456789", "1", "123456789012345678901234567890.123456789"},
		{"1e400", "3", "3" + strings.Repeat("3", 399) + ".333333333333"},
		{"0", "7", "0"},
	} {
		same(t, "Quotient("+c.n+", "+c.d+")", Quotient(d(c.n), d(c.d)), c.want)
	}
}

func TestForecast(t *testing.T) {
	t.Parallel()
	october := amounts("2026-10-01", "41.25", "2026-10-02", "0.3", "2026-10-03", "63.15", "2026-10-04", "7")
	for _, c := range []struct {
		name                               string
		amounts                            map[string]decimal.Decimal
		start, end, asOf                   string
		daysIn, elapsed                    int64
		actual, rate, forecast, incomplete string
	}{
		{"three complete days", october, "2026-10-01", "2026-10-31", "2026-10-04T09:00:00Z",
			31, 3, "104.7", "34.9", "1081.9", "7"},
		// On the first day nothing is complete: 0, never null.
		{"the first day", october, "2026-10-01", "2026-10-31", "2026-10-01T23:59:59Z",
			31, 0, "0", "0", "0", "111.7"},
		// On the last day, every day but it.
		{"the last day", october, "2026-10-01", "2026-10-31", "2026-10-31T00:00:00Z",
			31, 30, "111.7", "3.723333333333", "115.423333333333", "0"},
		// Once the period is over, the forecast is what was spent: not
		// a quotient, so not rounded (here 12 places would change it).
		{"a period that is over", amounts("2026-10-01", "0.0000000000001", "2026-10-31", "2"), "2026-10-01", "2026-10-31", "2026-11-15T00:00:00Z",
			31, 31, "2.0000000000001", "0.064516129032", "2.0000000000001", "0"},
		{"the day after it ends", october, "2026-10-01", "2026-10-31", "2026-11-01T00:00:00Z",
			31, 31, "111.7", "3.603225806452", "111.7", "0"},
		{"a leap February", amounts("2024-02-01", "10", "2024-02-28", "19"), "2024-02-01", "2024-02-29", "2024-02-29T12:00:00Z",
			29, 28, "29", "1.035714285714", "30.035714285714", "0"},
		{"a common February", amounts("2026-02-01", "10"), "2026-02-01", "2026-02-28", "2026-02-11T00:00:00Z",
			28, 10, "10", "1", "28", "0"},
		// A missing day is a day of 0, and it still counts as elapsed.
		{"a missing day", amounts("2026-10-01", "10", "2026-10-03", "20"), "2026-10-01", "2026-10-31", "2026-10-05T00:00:00Z",
			31, 4, "30", "7.5", "232.5", "0"},
		{"no amounts", amounts(), "2026-10-01", "2026-10-31", "2026-10-05T00:00:00Z",
			31, 4, "0", "0", "0", "0"},
		{"one day", amounts("2026-10-01", "5"), "2026-10-01", "2026-10-01", "2026-10-01T00:00:00Z",
			1, 0, "0", "0", "0", "5"},
		// as_of's own offset picks the day: 2026-10-04T01:00+02:00 is still
		// the 3rd in UTC, but the 4th where the timestamp was taken.
		{"as_of ahead of UTC", october, "2026-10-01", "2026-10-31", "2026-10-04T01:00:00+02:00",
			31, 3, "104.7", "34.9", "1081.9", "7"},
		{"as_of behind UTC", october, "2026-10-01", "2026-10-31", "2026-10-03T23:30:00-05:00",
			31, 2, "41.55", "20.775", "644.025", "70.15"},
		// Credits are spend too: a negative day lowers the run rate.
		{"a credit", amounts("2026-10-01", "10", "2026-10-02", "-4"), "2026-10-01", "2026-10-31", "2026-10-03T00:00:00Z",
			31, 2, "6", "3", "93", "0"},
		{"amounts beyond float64", amounts("2026-10-01", "12345678901234567.89", "2026-10-02", "0.01"), "2026-10-01", "2026-10-30", "2026-10-03T00:00:00Z",
			30, 2, "12345678901234567.9", "6172839450617283.95", "185185183518518518.5", "0"},
		{"a thirteenth place", amounts("2026-10-01", "1"), "2026-10-01", "2026-10-31", "2026-10-04T00:00:00Z",
			31, 3, "1", "0.333333333333", "10.333333333333", "0"},
	} {
		p, err := Forecast(c.amounts, c.start, c.end, c.asOf)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if p.DaysInPeriod != c.daysIn || p.DaysElapsed != c.elapsed {
			t.Errorf("%s: days_in_period %d, days_elapsed %d; want %d, %d", c.name, p.DaysInPeriod, p.DaysElapsed, c.daysIn, c.elapsed)
		}
		same(t, c.name+": actual", p.Actual, c.actual)
		same(t, c.name+": daily_rate", p.DailyRate, c.rate)
		same(t, c.name+": forecast", p.Forecast, c.forecast)
		same(t, c.name+": incomplete", p.Incomplete, c.incomplete)
	}
}

func TestForecastErrors(t *testing.T) {
	t.Parallel()
	ok := amounts("2026-10-01", "1")
	for _, c := range []struct {
		amounts           map[string]decimal.Decimal
		start, end, asOf  string
		argument, problem string
	}{
		{ok, "2026-10-31", "2026-10-01", "2026-10-15T00:00:00Z",
			"start_date", `start_date "2026-10-31" is after end_date "2026-10-01": a period ends on or after its first day`},
		{ok, "2026-10-1", "2026-10-31", "2026-10-15T00:00:00Z",
			"start_date", `"2026-10-1" is not a date in the form YYYY-MM-DD`},
		{ok, "2026-10-01", "2026-09-31", "2026-10-15T00:00:00Z",
			"end_date", `"2026-09-31" is not a real calendar date (day out of range)`},
		{ok, "2026-10-01", "2026-10-31", "2026-10-15",
			"as_of", `"2026-10-15" is not an RFC 3339 timestamp such as "2026-10-15T00:00:00Z" or plantimestamp()`},
		{ok, "2026-10-01", "2026-10-31", "2026-09-30T23:00:00Z",
			"as_of", `as_of "2026-09-30T23:00:00Z" falls on 2026-09-30, before start_date 2026-10-01. With a lagged as_of such as timeadd(plantimestamp(), "-48h"), take the period from billing_period of that same timestamp`},
		// In UTC this is October already; in its own offset it is not.
		{ok, "2026-10-01", "2026-10-31", "2026-09-30T23:00:00-05:00",
			"as_of", `as_of "2026-09-30T23:00:00-05:00" falls on 2026-09-30, before start_date 2026-10-01. With a lagged as_of such as timeadd(plantimestamp(), "-48h"), take the period from billing_period of that same timestamp`},
		{amounts("2026-10-01", "1", "2026-11-01", "2"), "2026-10-01", "2026-10-31", "2026-10-15T00:00:00Z",
			"amount_by_day", `the key "2026-11-01" is outside the period 2026-10-01 to 2026-10-31`},
		{amounts("2026-09-30", "1"), "2026-10-01", "2026-10-31", "2026-10-15T00:00:00Z",
			"amount_by_day", `the key "2026-09-30" is outside the period 2026-10-01 to 2026-10-31`},
		{amounts("2026-10-01", "1", "", "2"), "2026-10-01", "2026-10-31", "2026-10-15T00:00:00Z",
			"amount_by_day", `the key "" is not a date in the form YYYY-MM-DD: every key must be a day`},
		{amounts("20261001", "1"), "2026-10-01", "2026-10-31", "2026-10-15T00:00:00Z",
			"amount_by_day", `the key "20261001" is not a date in the form YYYY-MM-DD: every key must be a day`},
		{amounts("2026-10-32", "1"), "2026-10-01", "2026-10-31", "2026-10-15T00:00:00Z",
			"amount_by_day", `the key "2026-10-32" is not a real calendar date (day out of range): every key must be a day`},
	} {
		_, err := Forecast(c.amounts, c.start, c.end, c.asOf)
		wantArgumentError(t, err, c.argument, c.problem)
	}
}

// anomaly is an expected anomaly; percent "" is a null percentage.
type anomaly struct{ amount, baseline, increase, percent string }

func TestAnomalies(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name                    string
		amounts                 map[string]decimal.Decimal
		window                  string
		minIncrease, minPercent string
		want                    map[string]anomaly
	}{
		{"a jump over both lines", amounts("2026-10-01", "10", "2026-10-02", "10", "2026-10-03", "10", "2026-10-04", "25"), "3", "10", "50",
			map[string]anomaly{"2026-10-04": {"25", "10", "15", "150"}}},
		// At the line is over it: both comparisons are "at least".
		{"exactly at both lines", amounts("2026-10-01", "10", "2026-10-02", "10", "2026-10-03", "15"), "2", "5", "50",
			map[string]anomaly{"2026-10-03": {"15", "10", "5", "50"}}},
		{"just under the percentage", amounts("2026-10-01", "10", "2026-10-02", "10", "2026-10-03", "14.99"), "2", "0", "50",
			map[string]anomaly{}},
		{"just under the amount", amounts("2026-10-01", "10", "2026-10-02", "10", "2026-10-03", "14.99"), "2", "5", "0",
			map[string]anomaly{}},
		// Both lines must be crossed: a big relative jump of little money
		// is not an anomaly, nor a big sum that is a small share.
		{"relative only", amounts("2026-10-01", "0.01", "2026-10-02", "1"), "1", "5", "50", map[string]anomaly{}},
		{"absolute only", amounts("2026-10-01", "1000", "2026-10-02", "1100"), "1", "50", "20", map[string]anomaly{}},
		// After a baseline of 0 only the amount counts; the percentage is null.
		{"a baseline of 0", amounts("2026-10-01", "0", "2026-10-02", "0", "2026-10-03", "12"), "2", "10", "1000000",
			map[string]anomaly{"2026-10-03": {"12", "0", "12", ""}}},
		// A missing day counts as 0, in the baseline and as a day judged.
		{"a missing day", amounts("2026-10-01", "9", "2026-10-03", "9"), "1", "5", "50",
			map[string]anomaly{"2026-10-03": {"9", "0", "9", ""}}},
		{"missing days in the window", amounts("2026-10-01", "30", "2026-10-05", "20"), "3", "5", "50",
			map[string]anomaly{"2026-10-05": {"20", "0", "20", ""}}},
		// A day is judged only once window days precede it.
		{"too few days", amounts("2026-10-01", "1", "2026-10-02", "100"), "2", "0", "0", map[string]anomaly{}},
		{"no days", amounts(), "7", "0", "0", map[string]anomaly{}},
		// The mean is a quotient rounded at 12 places; the increase is
		// exactly amount − baseline as shown, and the percentage is of the
		// exact mean, rounded once: 1 after a mean of 1/3 is 200% up.
		{"a mean of thirds", amounts("2026-10-01", "1", "2026-10-02", "0", "2026-10-03", "0", "2026-10-04", "1"), "3", "0.5", "200",
			map[string]anomaly{"2026-10-04": {"1", "0.333333333333", "0.666666666667", "200"}}},
		// 2.5 after a mean of 5/3 is exactly 50% up: at the line, whatever
		// rounding the baseline shows.
		{"exactly at the line after thirds", amounts("2026-10-01", "2", "2026-10-02", "2", "2026-10-03", "1", "2026-10-04", "2.5"), "3", "0", "50",
			map[string]anomaly{"2026-10-04": {"2.5", "1.666666666667", "0.833333333333", "50"}}},
		{"a mean of sevenths", amounts("2026-10-01", "1", "2026-10-08", "1"), "7", "0", "0",
			map[string]anomaly{"2026-10-08": {"1", "0.142857142857", "0.857142857143", "600"}}},
		{"across a leap day", amounts("2024-02-28", "2", "2024-02-29", "2", "2024-03-01", "8"), "2", "1", "100",
			map[string]anomaly{"2024-03-01": {"8", "2", "6", "300"}}},
		{"amounts beyond float64", amounts("2026-10-01", "12345678901234567.89", "2026-10-02", "24691357802469135.79"), "1", "1", "99",
			map[string]anomaly{"2026-10-02": {"24691357802469135.79", "12345678901234567.89", "12345678901234567.9", "100"}}},
		// A drop is never an increase.
		{"a drop", amounts("2026-10-01", "100", "2026-10-02", "1"), "1", "0", "0", map[string]anomaly{}},
		// The window slides: day 5's baseline is days 2 to 4.
		{"a sliding window", amounts("2026-10-01", "100", "2026-10-02", "1", "2026-10-03", "1", "2026-10-04", "1", "2026-10-05", "3"), "3", "2", "100",
			map[string]anomaly{"2026-10-05": {"3", "1", "2", "200"}}},
	} {
		got, err := Anomalies(c.amounts, d(c.window), d(c.minIncrease), d(c.minPercent))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %d anomalies %v, want %d", c.name, len(got), got, len(c.want))
		}
		for date, want := range c.want {
			a, ok := got[date]
			if !ok {
				t.Errorf("%s: no anomaly on %s", c.name, date)
				continue
			}
			same(t, c.name+" "+date+": amount", a.Amount, want.amount)
			same(t, c.name+" "+date+": baseline", a.Baseline, want.baseline)
			same(t, c.name+" "+date+": increase", a.Increase, want.increase)
			switch {
			case want.percent == "" && a.IncreasePercent != nil:
				t.Errorf("%s %s: increase_percent %s, want null", c.name, date, a.IncreasePercent)
			case want.percent != "" && a.IncreasePercent == nil:
				t.Errorf("%s %s: increase_percent null, want %s", c.name, date, want.percent)
			case want.percent != "":
				same(t, c.name+" "+date+": increase_percent", *a.IncreasePercent, want.percent)
			}
		}
	}
}

func TestAnomaliesErrors(t *testing.T) {
	t.Parallel()
	ok := amounts("2026-10-01", "1")
	for _, c := range []struct {
		amounts                         map[string]decimal.Decimal
		window, minIncrease, minPercent string
		argument, problem               string
	}{
		{ok, "0", "1", "1", "window", "window is 0; it must be a whole number of days from 1 to 366"},
		{ok, "367", "1", "1", "window", "window is 367; it must be a whole number of days from 1 to 366"},
		{ok, "1.5", "1", "1", "window", "window is 1.5; it must be a whole number of days from 1 to 366"},
		{ok, "-7", "1", "1", "window", "window is -7; it must be a whole number of days from 1 to 366"},
		{ok, "7", "-0.01", "1", "min_increase", "min_increase is -0.01; it must be 0 or more"},
		{ok, "7", "1", "-5", "min_increase_percent", "min_increase_percent is -5; it must be 0 or more"},
		{amounts("2026-10-01", "1", "October", "2"), "7", "1", "1", "amount_by_day", `the key "October" is not a date in the form YYYY-MM-DD: every key must be a day`},
		{amounts("0001-01-01", "0", "2026-10-01", "2"), "7", "1", "1", "amount_by_day", "the days run from 0001-01-01 to 2026-10-01, 739890 days; " +
			"at most 36525 (about 100 years) are judged. A day far from the others, such as 0001-01-01 for a date a vendor left out, is likely a mistake"},
	} {
		_, err := Anomalies(c.amounts, d(c.window), d(c.minIncrease), d(c.minPercent))
		wantArgumentError(t, err, c.argument, c.problem)
	}
}

func TestConvert(t *testing.T) {
	t.Parallel()
	rates := func(pairs ...string) map[string]*decimal.Decimal {
		m := make(map[string]*decimal.Decimal, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			r := d(pairs[i+1])
			m[pairs[i]] = &r
		}
		return m
	}
	for _, c := range []struct {
		name    string
		amounts map[string]decimal.Decimal
		rates   map[string]*decimal.Decimal
		want    string
	}{
		{"exact products", amounts("USD", "100", "EUR", "0.1"), rates("EUR", "1.1"), "100.11"},
		{"to itself at 1", amounts("USD", "2.5"), rates("USD", "1"), "2.5"},
		{"nothing", amounts(), rates(), "0"},
		// A zero amount needs no rate; an unused rate is still checked below.
		{"a zero amount without a rate", amounts("USD", "1", "GBP", "0"), rates("EUR", "1.08"), "1"},
		{"beyond float64", amounts("JPY", "123456789012345678901", "EUR", "0.01"), rates("JPY", "0.0067", "EUR", "1.08"),
			"827160486382716048.6475"},
		{"a credit", amounts("USD", "-10", "EUR", "5"), rates("EUR", "2"), "0"},
	} {
		got, err := Convert(c.amounts, c.rates, "USD")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		same(t, c.name, got, c.want)
	}

	zero, negative, nullRate := d("0"), d("-1.1"), (*decimal.Decimal)(nil)
	for _, c := range []struct {
		amounts           map[string]decimal.Decimal
		rates             map[string]*decimal.Decimal
		to                string
		argument, problem string
	}{
		{amounts("USD", "1", "EUR", "5"), rates(), "USD",
			"rates", `"EUR" has an amount of 5 and no rate: add how many USD one EUR is worth to rates`},
		// Currencies are named as sent: "" is the key of amounts whose
		// currency the vendor left out.
		{amounts("", "5"), rates(), "USD",
			"rates", `"" has an amount of 5 and no rate: add how many USD one  is worth to rates`},
		{amounts("usd", "5"), rates(), "USD",
			"rates", `"usd" has an amount of 5 and no rate: add how many USD one usd is worth to rates`},
		{amounts("EUR", "5"), map[string]*decimal.Decimal{"EUR": nullRate}, "USD",
			"rates", `the rate of "EUR" is null: give how many USD one EUR is worth`},
		{amounts("EUR", "5"), map[string]*decimal.Decimal{"EUR": &zero}, "USD",
			"rates", `the rate of "EUR" is 0: a rate is how many USD one EUR is worth, above 0`},
		{amounts("USD", "5"), map[string]*decimal.Decimal{"GBP": &negative}, "USD",
			"rates", `the rate of "GBP" is -1.1: a rate is how many USD one GBP is worth, above 0`},
		{amounts("USD", "5"), rates("USD", "1.1"), "USD",
			"rates", `the rate of "USD" is 1.1, but USD is the currency converted to: its rate can only be 1`},
		{amounts("USD", "5"), rates(), "",
			"to", `to is ""; it must name the currency to convert to, such as "USD"`},
	} {
		_, err := Convert(c.amounts, c.rates, c.to)
		wantArgumentError(t, err, c.argument, c.problem)
	}
}
