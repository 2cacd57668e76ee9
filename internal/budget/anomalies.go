package budget

import (
	"time"

	"github.com/shopspring/decimal"
)

// MaxWindow is the longest baseline, in days: a year, leap day included.
const MaxWindow = 366

// MaxDays is the most days, from the first to the last of the map, that
// are judged: 100 years. Every day between counts, so one day far from the
// others, such as 0001-01-01 for a date a vendor left out, would make
// hundreds of thousands of days to judge (and with min_increase 0, as many
// in the result).
const MaxDays = 36525

// An Anomaly is a day whose spend jumped past its baseline.
type Anomaly struct {
	Amount   decimal.Decimal
	Baseline decimal.Decimal // the mean of the window days before it
	Increase decimal.Decimal // Amount − Baseline
	// IncreasePercent is Increase × 100 / Baseline; nil when Baseline is 0.
	IncreasePercent *decimal.Decimal
}

// Anomalies are the days of amountByDay whose spend rose at least
// minIncrease and at least minIncreasePercent above the mean of the window
// days before them (a day after a baseline of 0 needs only minIncrease).
// Days missing between the first and the last day count as 0; a day is
// judged once window days precede it. Increase is exactly Amount −
// Baseline as shown; IncreasePercent is the exact rise over the exact mean,
// rounded once, so that a rise of exactly 50% is 50 whatever rounding the
// baseline shows.
func Anomalies(amountByDay map[string]decimal.Decimal, window, minIncrease, minIncreasePercent decimal.Decimal) (map[string]Anomaly, error) {
	if !window.IsInteger() || window.LessThan(decimal.NewFromInt(1)) || window.GreaterThan(decimal.NewFromInt(MaxWindow)) {
		return nil, argumentError("window", "window is %s; it must be a whole number of days from 1 to %d", window, MaxWindow)
	}
	if minIncrease.IsNegative() {
		return nil, argumentError("min_increase", "min_increase is %s; it must be 0 or more", minIncrease)
	}
	if minIncreasePercent.IsNegative() {
		return nil, argumentError("min_increase_percent", "min_increase_percent is %s; it must be 0 or more", minIncreasePercent)
	}
	days, err := parseDays("amount_by_day", amountByDay)
	if err != nil {
		return nil, err
	}
	anomalies := make(map[string]Anomaly)
	if len(days) == 0 {
		return anomalies, nil
	}

	// Every day of the range, missing ones as 0, by its index from the first.
	first, last := days[0].day, days[len(days)-1].day
	span := daysBetween(first, last) + 1
	if span > MaxDays {
		return nil, argumentError("amount_by_day", "the days run from %s to %s, %d days; at most %d (about 100 years) are judged. "+
			"A day far from the others, such as 0001-01-01 for a date a vendor left out, is likely a mistake",
			first.Format(time.DateOnly), last.Format(time.DateOnly), span, MaxDays)
	}
	amounts := make(map[int64]decimal.Decimal, len(days))
	for _, d := range days {
		amounts[daysBetween(first, d.day)] = d.amount
	}
	amountOn := func(i int64) decimal.Decimal { return amounts[i] } // a missing day's zero value is 0

	w := window.IntPart()
	windowDays := decimal.NewFromInt(w)
	hundred := decimal.NewFromInt(100)
	// The sum of the window days before day i, kept as the window slides.
	windowSum := decimal.Zero
	for i := range min(w, span) {
		windowSum = windowSum.Add(amountOn(i))
	}
	for i := w; i < span; i++ {
		amount, before := amountOn(i), windowSum
		windowSum = windowSum.Add(amount).Sub(amountOn(i - w))
		baseline := Quotient(before, windowDays)
		increase := amount.Sub(baseline)
		if increase.LessThan(minIncrease) {
			continue
		}
		anomaly := Anomaly{Amount: amount, Baseline: baseline, Increase: increase}
		if !baseline.IsZero() {
			// Of the exact mean, before / w, not of the rounded baseline:
			// one rounding, so that a rise of exactly 50% is 50.
			risen := amount.Mul(windowDays).Sub(before)
			percent := Quotient(risen.Mul(hundred), before)
			if percent.LessThan(minIncreasePercent) {
				continue
			}
			anomaly.IncreasePercent = &percent
		}
		anomalies[day(first.AddDate(0, 0, int(i)))] = anomaly
	}
	return anomalies, nil
}
