package budget

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/dates"
)

// A Projection is a period's spend so far and where its run rate takes it.
type Projection struct {
	DaysInPeriod int64 // start to end, both inclusive
	DaysElapsed  int64 // complete days: those before as_of's date
	Actual       decimal.Decimal
	DailyRate    decimal.Decimal // Actual / DaysElapsed; 0 with no complete day
	Forecast     decimal.Decimal // Actual × DaysInPeriod / DaysElapsed; Actual once the period is over
	Incomplete   decimal.Decimal // spend on as_of's date and after: reported, never projected
}

// Forecast projects the spend of the period startDate..endDate (YYYY-MM-DD,
// both inclusive) from amountByDay as of asOf, an RFC 3339 timestamp whose
// calendar date, in its own offset, is the first day not yet complete.
func Forecast(amountByDay map[string]decimal.Decimal, startDate, endDate, asOf string) (Projection, error) {
	start, err := dates.ParseCalendarDay(startDate)
	if err != nil {
		return Projection{}, argumentError("start_date", "%v", err)
	}
	end, err := dates.ParseCalendarDay(endDate)
	if err != nil {
		return Projection{}, argumentError("end_date", "%v", err)
	}
	if end.Before(start) {
		return Projection{}, argumentError("start_date", "start_date %q is after end_date %q: a period ends on or after its first day", startDate, endDate)
	}
	at, err := dates.ParseRFC3339(asOf)
	if err != nil {
		return Projection{}, argumentError("as_of", "%q is not an RFC 3339 timestamp such as \"2026-10-15T00:00:00Z\" or plantimestamp()", asOf)
	}
	// The calendar date in the timestamp's own offset, as billing_period
	// reads it.
	firstIncomplete := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	if firstIncomplete.Before(start) {
		return Projection{}, argumentError("as_of", "as_of %q falls on %s, before start_date %s. With a lagged as_of such as "+
			"timeadd(plantimestamp(), \"-48h\"), take the period from billing_period of that same timestamp", asOf, day(firstIncomplete), startDate)
	}
	days, err := parseDays("amount_by_day", amountByDay)
	if err != nil {
		return Projection{}, err
	}

	p := Projection{
		DaysInPeriod: daysBetween(start, end) + 1,
		Actual:       decimal.Zero,
		DailyRate:    decimal.Zero,
		Forecast:     decimal.Zero,
		Incomplete:   decimal.Zero,
	}
	p.DaysElapsed = min(daysBetween(start, firstIncomplete), p.DaysInPeriod)
	for _, d := range days {
		if d.day.Before(start) || d.day.After(end) {
			return Projection{}, argumentError("amount_by_day", "the key %q is outside the period %s to %s", day(d.day), startDate, endDate)
		}
		if d.day.Before(firstIncomplete) {
			p.Actual = p.Actual.Add(d.amount)
		} else {
			p.Incomplete = p.Incomplete.Add(d.amount)
		}
	}
	switch p.DaysElapsed {
	case 0:
		// Nothing to project from: a policy guards on DaysElapsed.
	case p.DaysInPeriod:
		p.DailyRate = Quotient(p.Actual, decimal.NewFromInt(p.DaysElapsed))
		p.Forecast = p.Actual
	default:
		p.DailyRate = Quotient(p.Actual, decimal.NewFromInt(p.DaysElapsed))
		p.Forecast = Quotient(p.Actual.Mul(decimal.NewFromInt(p.DaysInPeriod)), decimal.NewFromInt(p.DaysElapsed))
	}
	return p, nil
}
