package budget

import (
	"maps"
	"slices"

	"github.com/shopspring/decimal"
)

// Convert is amounts, keyed by currency, as one figure in the currency to:
// the exact sum of each amount times its rate, the units of to that one
// unit of its currency is worth. Amounts already in to count at 1 without
// a rate. A nil rate stands for null.
//
// A currency is never dropped: one with a non-zero amount and no rate, a
// rate that is null, 0 or negative, and a rate for to other than 1 are
// errors naming the currency. Currencies are checked in order, so that of
// several the same one is named every time.
func Convert(amounts map[string]decimal.Decimal, rates map[string]*decimal.Decimal, to string) (decimal.Decimal, error) {
	if to == "" {
		return decimal.Decimal{}, argumentError("to", `to is ""; it must name the currency to convert to, such as "USD"`)
	}
	for _, currency := range slices.Sorted(maps.Keys(rates)) {
		rate := rates[currency]
		switch {
		case rate == nil:
			return decimal.Decimal{}, argumentError("rates", "the rate of %q is null: give how many %s one %s is worth", currency, to, currency)
		case !rate.IsPositive():
			return decimal.Decimal{}, argumentError("rates", "the rate of %q is %s: a rate is how many %s one %s is worth, above 0", currency, rate, to, currency)
		case currency == to && !rate.Equal(decimal.NewFromInt(1)):
			return decimal.Decimal{}, argumentError("rates", "the rate of %q is %s, but %s is the currency converted to: its rate can only be 1", currency, rate, to)
		}
	}
	total := decimal.Zero
	for _, currency := range slices.Sorted(maps.Keys(amounts)) {
		amount := amounts[currency]
		rate, ok := rates[currency]
		switch {
		case ok:
			total = total.Add(amount.Mul(*rate))
		case currency == to:
			total = total.Add(amount)
		case !amount.IsZero():
			return decimal.Decimal{}, argumentError("rates", "%q has an amount of %s and no rate: add how many %s one %s is worth to rates", currency, amount, to, currency)
		}
	}
	return total, nil
}
