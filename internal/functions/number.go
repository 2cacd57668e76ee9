// Package functions holds the provider's functions: exact sums of Terraform
// numbers (sum, sum_by), the calendar month a data source's range
// arguments need (billing_period), and the budgets ahead of the bill
// (forecast, anomalies, convert), whose arithmetic is internal/budget's.
package functions

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// decimalOf is the decimal a Terraform number stands for.
//
// Terraform reads "0.1" into a binary float of 512 bits, which is not
// exactly 0.1; adding those floats would drift. The shortest decimal text
// that reads back as the same float at Terraform's precision is the text
// the user wrote (or the decimal Terraform computed), so that is what is
// added. It must be found at Terraform's 512 bits, not at the precision the
// number arrived with: a binary fraction such as 123456789 / 2^30 travels
// as a float64, and the shortest text at 53 bits drops digits it has.
func decimalOf(f *big.Float) (decimal.Decimal, error) {
	if f.IsInf() {
		return decimal.Decimal{}, errors.New("is infinite")
	}
	return decimal.NewFromString(new(big.Float).SetPrec(terraformPrecision).Set(f).Text('g', -1))
}

// terraformPrecision is the mantissa Terraform gives numbers (cty).
const terraformPrecision = 512

// figure is a result and what it is named in an error.
type figure struct {
	name  string
	value decimal.Decimal
}

// tooPreciseOf is tooPrecise's error for the first of figures Terraform
// cannot hold exactly; nil when it holds them all.
func tooPreciseOf(figures ...figure) *function.FuncError {
	for _, f := range figures {
		if err := tooPrecise(f.name, f.value); err != nil {
			return err
		}
	}
	return nil
}

// tooPrecise is an error when Terraform cannot hold result, named what,
// exactly; nil otherwise. Up to 150 significant digits it always can. A
// result with more is held when it reads back from Terraform's 512-bit
// number as itself, as a number Terraform computed does (1/3 has about 155
// digits there); a sum of numbers far apart in size does not (1e100 +
// 1e-100 has 201).
func tooPrecise(what string, result decimal.Decimal) *function.FuncError {
	digits := tolerant.SignificantDigits(result)
	if digits <= tolerant.MaxSignificantDigits || heldExactly(result) {
		return nil
	}
	return function.NewFuncError(fmt.Sprintf("%s has %s; it is refused rather than rounded. %s", what, tolerant.BeyondPrecision(digits), roundFirst))
}

// roundFirst is how to keep a figure within Terraform's precision: most
// results beyond it come of a quotient taken in HCL.
const roundFirst = `A figure computed in HCL, such as a rate written 1 / 1.08, carries about 155 digits: round it first, such as tonumber(format("%.6f", 1 / 1.08))`

// heldExactly reports whether d reads back from Terraform's number as d.
func heldExactly(d decimal.Decimal) bool {
	f, _, err := big.ParseFloat(d.String(), 10, terraformPrecision, big.ToNearestEven)
	if err != nil {
		return false
	}
	back, err := decimalOf(f)
	return err == nil && back.Equal(d)
}
