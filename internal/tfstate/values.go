// Values: exactly decoded vendor values as Terraform values. Numbers go
// from decimal text to a big.Float at Terraform's own precision, never
// through float64, so 0.1 + 0.2 is stored and shown as 0.3.

package tfstate

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// precision is the mantissa size Terraform itself gives numbers (cty).
const precision = 512

// Decimal is a known Terraform number equal to d (correctly rounded to
// Terraform's precision when d has more digits than that holds).
//
// The mantissa is only as wide as d's digits need, not always Terraform's
// 512 bits: a number is sent to Terraform as its shortest decimal text,
// and finding that text for a 512-bit 0.01 took a quarter of a large
// read's CPU. With a few bits more than d's digits need, the shortest
// text is exactly d's, which Terraform reads at its own precision, so
// what Terraform stores is the same.
func Decimal(d decimal.Decimal) types.Number { return types.NumberValue(bigFloat(d)) }

// bigFloat is d as Decimal describes.
func bigFloat(d decimal.Decimal) *big.Float {
	f := atPrecision(d, mantissaBits(d))
	if f.Acc() != big.Exact && (f.IsInt() || isFloat64(f)) {
		// d is not a binary fraction, so f is rounded; rounded to few
		// bits it may land on an integer or a float64 (about one decimal
		// in 2 000 at 64 bits), which terraform-plugin-go would send as
		// that integer or float64 instead of d's text: an approximation.
		// At Terraform's own precision, f is d as Terraform holds it.
		return atPrecision(d, precision)
	}
	return f
}

// isFloat64 reports whether f is exactly a float64, which terraform-plugin-go
// sends as one.
func isFloat64(f *big.Float) bool {
	_, acc := f.Float64()
	return acc == big.Exact
}

// atPrecision is d rounded to prec bits, once (the scale is exact); Acc
// says whether it was rounded.
func atPrecision(d decimal.Decimal, prec uint) *big.Float {
	f := new(big.Float).SetPrec(prec)
	exp := d.Exponent()
	if exp == 0 {
		return f.SetInt(d.Coefficient())
	}
	// The coefficient at as many bits as it has, so that only the product
	// or quotient is rounded.
	coefficient := new(big.Float).SetInt(d.Coefficient())
	if exp > 0 {
		return f.Mul(coefficient, powerOfTen(exp))
	}
	return f.Quo(coefficient, powerOfTen(-exp))
}

// mantissaBits is enough bits to tell d from every other decimal of as many
// digits (k digits need k·log2(10) bits, plus margin), within 64 to 512.
func mantissaBits(d decimal.Decimal) uint {
	bits := d.Coefficient().BitLen() + 16
	if exp := d.Exponent(); exp > 0 {
		bits += int(exp)*log2Of10Ceil + 1
	}
	return uint(min(max(bits, 64), precision))
}

// log2Of10Ceil bounds the bits one decimal digit needs (log2(10) < 4).
const log2Of10Ceil = 4

// Powers of ten up to 10^63 are made once: amounts have a handful of
// decimals, and making the scale was a third of a number's conversion.
var powersOfTen = func() [64]*big.Float {
	var powers [64]*big.Float
	n := big.NewInt(1)
	for i := range powers {
		powers[i] = new(big.Float).SetPrec(precision).SetInt(n)
		n = new(big.Int).Mul(n, big.NewInt(10))
	}
	return powers
}()

// powerOfTen is 10^exp, exactly (10^63 takes 210 bits, and a larger
// power as many bits as it needs): rounded to Terraform's 512 bits, as
// 10^221 and above would be, the scale would round a number twice and
// send Terraform another one. Callers must not modify it.
func powerOfTen(exp int32) *big.Float {
	if int(exp) < len(powersOfTen) {
		return powersOfTen[exp]
	}
	return new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
}

// Number is the Terraform number for n, null when n is null.
func Number(n tolerant.Number) types.Number {
	d, ok := n.Decimal()
	if !ok {
		return types.NumberNull()
	}
	return Decimal(d)
}

// String is the Terraform string for s, null when s is null.
func String(s tolerant.String) types.String {
	v, ok := s.Value()
	if !ok {
		return types.StringNull()
	}
	return types.StringValue(v)
}

// Bool is the Terraform bool for b, null when b is null.
func Bool(b tolerant.Bool) types.Bool {
	v, ok := b.Value()
	if !ok {
		return types.BoolNull()
	}
	return types.BoolValue(v)
}

// Total is an exact running sum; null values add nothing. Its zero value
// is a total of 0.
type Total struct{ sum tolerant.Sum }

// Add adds n when it is known.
func (t *Total) Add(n tolerant.Number) { t.sum.Add(n) }

// join adds the sum of other.
func (t *Total) join(other *Total) { t.sum.Add(other.sum.Number()) }

// Terraform is the total as a Terraform value.
func (t *Total) Terraform() tftypes.Value {
	return tftypes.NewValue(tftypes.Number, bigFloat(t.sum.Decimal()))
}

// fits checks that Terraform holds the total exactly; name names it in
// the error. Each amount was checked as it was read, but a sum of amounts
// far apart in size has the digits of both (1e100 + 1e-100 has 201).
func (t *Total) fits(name string) error {
	if digits := tolerant.SignificantDigits(t.sum.Decimal()); digits > tolerant.MaxSignificantDigits {
		return &PrecisionError{Sum: name, Digits: digits}
	}
	return nil
}

// PrecisionError is a sum with more significant digits than Terraform
// holds exactly.
type PrecisionError struct {
	Sum    string // the attribute, and the keys within it
	Digits int
}

// Summary is the diagnostic's summary.
func (*PrecisionError) Summary() string { return "Sum beyond Terraform's precision" }

func (e *PrecisionError) Error() string {
	return fmt.Sprintf("the exact sum %s has %s; it is refused rather than rounded", e.Sum, tolerant.BeyondPrecision(e.Digits))
}

// NumberMapType is the Terraform type of a breakdown's sums by key: a map
// of numbers.
var NumberMapType = tftypes.Map{ElementType: tftypes.Number}
