package functions_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// period is the billing_period of month (YYYY-MM) that ends on lastDay.
func period(month, lastDay string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"month":      knownvalue.StringExact(month),
		"start_date": knownvalue.StringExact(month + "-01"),
		"end_date":   knownvalue.StringExact(month + "-" + lastDay),
		"start_time": knownvalue.StringExact(month + "-01 00:00:00"),
		"end_time":   knownvalue.StringExact(month + "-" + lastDay + " 23:59:59"),
	})
}

func billingPeriod(name, timestamp string, months int, check knownvalue.Check) result {
	return result{name, fmt.Sprintf("provider::billing::billing_period(%q, %d)", timestamp, months), check}
}

func billingPeriodMovesWholeMonths() group {
	return newGroup("period", "",
		billingPeriod("this_month", "2026-03-31T10:00:00Z", 0, period("2026-03", "31")),
		// From the 31st to a month of 28 days.
		billingPeriod("previous", "2026-03-31T10:00:00Z", -1, period("2026-02", "28")),
		billingPeriod("leap_february", "2024-03-15T08:00:00Z", -1, period("2024-02", "29")),
		billingPeriod("century_february", "2100-03-01T00:00:00Z", -1, period("2100-02", "28")),
		billingPeriod("four_centuries", "2000-02-10T00:00:00Z", 0, period("2000-02", "29")),
		billingPeriod("thirty_days", "2026-05-31T23:59:59Z", -1, period("2026-04", "30")),
		// Across years, both ways.
		billingPeriod("last_year", "2026-01-15T00:00:00Z", -1, period("2025-12", "31")),
		billingPeriod("next_year", "2026-12-01T00:00:00Z", 1, period("2027-01", "31")),
		billingPeriod("thirteen_back", "2026-01-15T00:00:00Z", -13, period("2024-12", "31")),
		billingPeriod("twenty_five_on", "2026-11-15T00:00:00Z", 25, period("2028-12", "31")),
		billingPeriod("twelve_back", "2026-03-15T00:00:00Z", -12, period("2025-03", "31")),
		// The bounds of months, and of four-digit years.
		billingPeriod("most_ahead", "2026-03-15T00:00:00Z", 12000, period("3026-03", "31")),
		billingPeriod("most_back", "2026-03-15T00:00:00Z", -12000, period("1026-03", "31")),
		billingPeriod("last_month", "9999-12-31T23:59:59Z", 0, period("9999-12", "31")),
		billingPeriod("first_month", "0000-02-01T00:00:00Z", -1, period("0000-01", "31")),
		// Fractions of a second are RFC 3339 too.
		billingPeriod("fractions", "2026-07-04T12:00:00.123456Z", 0, period("2026-07", "31")),
	)
}

// The month is the timestamp's own, in its own offset, not UTC's.
func billingPeriodIsInTheTimestampsOffset() group {
	return newGroup("period_offset", "",
		// 2026-03-31T23:00:00Z in UTC.
		billingPeriod("ahead_of_utc", "2026-04-01T01:00:00+02:00", 0, period("2026-04", "30")),
		// 2026-04-01T04:30:00Z in UTC.
		billingPeriod("behind_utc", "2026-03-31T23:30:00-05:00", 0, period("2026-03", "31")),
		billingPeriod("behind_utc_previous", "2026-03-31T23:30:00-05:00", -1, period("2026-02", "28")),
	)
}

// With plantimestamp(), this month is the one Terraform's own formatdate
// gives.
func billingPeriodOfPlanTimestamp() group {
	return newGroup("period_now", `
locals {
  now      = plantimestamp()
  current  = provider::billing::billing_period(local.now, 0)
  previous = provider::billing::billing_period(local.now, -1)
}
`,
		result{"month", `local.current.month == formatdate("YYYY-MM", local.now)`, knownvalue.Bool(true)},
		result{"start_date", `local.current.start_date == formatdate("YYYY-MM-01", local.now)`, knownvalue.Bool(true)},
		// The day before this month's first is the previous month's last.
		result{"previous_end", `local.previous.end_date == formatdate("YYYY-MM-DD", timeadd("${local.current.start_date}T00:00:00Z", "-24h"))`, knownvalue.Bool(true)},
		result{"previous", "local.previous", knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"month":    knownvalue.StringRegexp(regexpMust(`^\d{4}-\d{2}$`)),
			"end_time": knownvalue.StringRegexp(regexpMust(`^\d{4}-\d{2}-(28|29|30|31) 23:59:59$`)),
		})},
	)
}

// The period's times are what billing_account_history sends as written:
// data.billing_account_history.february, in dataSources, reads the
// billing_period of February 2024.
func billingPeriodFeedsADataSourcesRange() group {
	return newGroup("period_feeds", "",
		result{"end_time", "data.billing_account_history.february.end_time", knownvalue.StringExact("2024-02-29 23:59:59")})
}

// checkFebruarySent checks that the February read sent the period's times.
func checkFebruarySent(t *testing.T, fake *fakeapi.Server) {
	t.Helper()
	sent := 0
	for _, r := range fake.Virtuozzo.Requests() {
		if r.Form.Get("starttime") != "2024-02-01 00:00:00" {
			continue
		}
		sent++
		if got := r.Form.Get("endtime"); got != "2024-02-29 23:59:59" {
			t.Errorf("endtime = %q, want 2024-02-29 23:59:59", got)
		}
	}
	if sent == 0 {
		t.Error("no request sent starttime 2024-02-01 00:00:00")
	}
}

func billingPeriodErrors() []failure {
	return []failure{
		{expression: `provider::billing::billing_period("2026-03-31", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "2026-03-31" is not an RFC 3339 timestamp such as "2026-03-31T12:00:00Z" or plantimestamp()`}},
		{expression: `provider::billing::billing_period("2026-03-31T12:00:00", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "2026-03-31T12:00:00" is not an RFC 3339 timestamp`}},
		{expression: `provider::billing::billing_period("2026-13-01T00:00:00Z", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "2026-13-01T00:00:00Z" is not an RFC 3339 timestamp`}},
		// Go's own parser takes these; RFC 3339 (and Terraform's timeadd) does not.
		{expression: `provider::billing::billing_period("2026-03-31T1:00:00Z", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "2026-03-31T1:00:00Z" is not an RFC 3339 timestamp`}},
		{expression: `provider::billing::billing_period("2026-03-31T01:00:00+24:00", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "2026-03-31T01:00:00+24:00" is not an RFC 3339 timestamp`}},
		{expression: `provider::billing::billing_period("", 0)`,
			text: []string{`Invalid value for "timestamp" parameter: "" is not an RFC 3339 timestamp`}},
		{expression: `provider::billing::billing_period(null, 0)`,
			text: []string{`Invalid value for "timestamp" parameter: argument must not be null`}},
		{expression: `provider::billing::billing_period("2026-03-15T00:00:00Z", 12001)`,
			text: []string{`Invalid value for "months" parameter: months is 12001; it must be between -12000 and 12000`}},
		{expression: `provider::billing::billing_period("2026-03-15T00:00:00Z", -12001)`,
			text: []string{`Invalid value for "months" parameter: months is -12001; it must be between -12000 and 12000`}},
		{expression: `provider::billing::billing_period("9999-12-15T00:00:00Z", 1)`,
			text: []string{`Invalid value for "months" parameter: months = 1 moves 9999-12 to the year 10000; the period must fall within the years 0000 to 9999`}},
		{expression: `provider::billing::billing_period("0000-01-15T00:00:00Z", -1)`,
			text: []string{`Invalid value for "months" parameter: months = -1 moves 0000-01 to the year -1; the period must fall within the years 0000 to 9999`}},
		{expression: `provider::billing::billing_period("2026-03-15T00:00:00Z", 1.5)`,
			text: []string{`Invalid value for "months" parameter: months is 1.5; it must be a whole number of months`}},
		{expression: `provider::billing::billing_period("2026-03-15T00:00:00Z", -1e30)`,
			text: []string{`Invalid value for "months" parameter: months is -1e+30; it must be between -12000 and 12000`}},
		{expression: `provider::billing::billing_period("2026-03-15T00:00:00Z", null)`,
			text: []string{`Invalid value for "months" parameter: argument must not be null`}},
	}
}
