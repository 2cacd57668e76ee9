// Package budget is the arithmetic behind the spend policies that act before
// the bill: a month-end forecast from the run rate, days whose spend jumps
// past their recent baseline, and money in several currencies as one figure.
//
// Every figure is an exact decimal. Sums, differences and products are
// exact; each quotient (a rate, a mean, a percentage, a forecast) is
// computed exactly and rounded once, half to even, at Places decimal
// places. Days are calendar days, YYYY-MM-DD, as the per-day breakdowns of
// the data sources give them.
package budget

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/dates"
)

// Places is where each quotient is rounded.
const Places = 12

// An ArgumentError is an argument the arithmetic cannot use: Argument names
// it as the provider function's parameter, Problem says what is wrong with
// the value, naming it.
type ArgumentError struct {
	Argument string
	Problem  string
}

func (e *ArgumentError) Error() string { return e.Argument + ": " + e.Problem }

func argumentError(argument, format string, args ...any) *ArgumentError {
	return &ArgumentError{Argument: argument, Problem: fmt.Sprintf(format, args...)}
}

// Quotient is n / d computed exactly, then rounded once, half to even, at
// Places decimal places. d must not be zero.
//
// The decimal library rounds its own quotients half away from zero, and
// rounding a quotient already cut at more places rounds twice (a tail
// beyond the cut can turn a tie into a non-tie), so the remainder decides.
func Quotient(n, d decimal.Decimal) decimal.Decimal {
	q, r := n.QuoRem(d, Places) // q is cut toward zero; r has n's sign
	// Against half a unit in the last place: 2|r| against |d| × 10^-Places.
	twiceRemainder := r.Abs().Add(r.Abs())
	unit := d.Abs().Shift(-Places)
	switch c := twiceRemainder.Cmp(unit); {
	case c < 0:
		return q
	case c == 0 && q.Coefficient().Bit(0) == 0:
		return q // a tie, and q is even
	}
	step := decimal.New(1, -Places)
	if n.Sign()*d.Sign() < 0 {
		return q.Sub(step)
	}
	return q.Add(step)
}

// dayAmount is one day of a per-day breakdown.
type dayAmount struct {
	day    time.Time
	amount decimal.Decimal
}

// parseDays reads the keys of amountByDay (named argument) as calendar
// days, in order: the days come out in the calendar's order, and of
// several bad keys the same one is named every time.
func parseDays(argument string, amountByDay map[string]decimal.Decimal) ([]dayAmount, error) {
	keys := slices.Sorted(maps.Keys(amountByDay))
	days := make([]dayAmount, len(keys))
	for i, key := range keys {
		day, err := dates.ParseCalendarDay(key)
		if err != nil {
			return nil, argumentError(argument, "the key %v: every key must be a day", err)
		}
		days[i] = dayAmount{day, amountByDay[key]}
	}
	return days, nil
}

// daysBetween is the number of calendar days from a to b (UTC midnights);
// negative when b is before a. Seconds, not a time.Duration, which cannot
// span more than 292 years.
func daysBetween(a, b time.Time) int64 {
	return (b.Unix() - a.Unix()) / (24 * 60 * 60)
}

func day(t time.Time) string { return t.Format(dates.DayLayout) }
