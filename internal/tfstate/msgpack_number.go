package tfstate

import (
	"math"
	"math/big"
	"strconv"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Number writes n, or null, as NumberOf does.
func (w *Writer) Number(n tolerant.Number) {
	if c, exp, ok := n.Small(); ok {
		w.small(c, exp)
		return
	}
	d, ok := n.Decimal()
	if !ok {
		w.Nil()
		return
	}
	w.Decimal(d)
}

// Decimal writes d exactly as terraform-plugin-go writes the number the
// framework path makes of it (Decimal): an integer that fits an
// int64 as an integer, a fraction that is exactly a float64 as a float64,
// anything else as its exact decimal text. Nothing is rounded: a float64
// that Terraform would read as another number is written as text
// (bigFloat).
//
// The common case, a coefficient that fits an int64, is written from the
// decimal's own digits, without the big.Float and the shortest-text search
// the library's path takes; every other number takes the library's path.
func (w *Writer) Decimal(d decimal.Decimal) {
	// NumDigits counts a small coefficient's digits without copying it,
	// as Coefficient would; 18 digits always fit an int64.
	if d.NumDigits() > 18 { // rare
		w.bigFloat(Decimal(d).ValueBigFloat())
		return
	}
	w.small(d.CoefficientInt64(), d.Exponent())
}

// small writes c·10^exp, a coefficient of at most 18 digits, as Decimal
// writes it.
func (w *Writer) small(c int64, exp int32) {
	for exp < 0 && c%10 == 0 && c != 0 {
		c /= 10
		exp++
	}
	switch {
	case c == 0:
		w.Int(0)
	case exp >= 0:
		if n, ok := scale(c, exp); ok {
			w.Int(n)
			return
		}
		w.bigFloat(Decimal(decimal.New(c, exp)).ValueBigFloat())
	case c == math.MinInt64 || divisibleByPowerOf5(c, int(-exp)):
		// A fraction with a power of two for denominator (0.5, 0.25): it
		// may be exactly a float64, which the library sends as one.
		if -1e15 < c && c < 1e15 && exp >= -22 {
			// The common case (41.25): c/5^k over 2^k (k = -exp) is exactly
			// a float64, which dividing the float64s c and 10^k gives; of
			// at most 15 digits, it is its float64's shortest text.
			w.Float64(float64(c) / math.Pow10(int(-exp)))
			return
		}
		w.bigFloat(Decimal(decimal.New(c, exp)).ValueBigFloat())
	default:
		// c·10^exp, not an integer (c has no trailing zero), and not a
		// binary fraction, so never exactly a float64: the library sends
		// the shortest text that tells its big.Float from its neighbours.
		// That big.Float has 16 bits more than c (Decimal), so
		// its neighbours are far closer together than decimals of c's
		// digits, and the shortest text is exactly c·10^exp's.
		w.fraction(c, int(-exp))
	}
}

// scale is c·10^exp when it fits an int64.
func scale(c int64, exp int32) (int64, bool) {
	for range exp {
		if c > math.MaxInt64/10 || c < math.MinInt64/10 {
			return 0, false
		}
		c *= 10
	}
	return c, true
}

// powersOf5 are 5^0 … 5^27, every power of 5 an int64 holds.
var powersOf5 = func() []int64 {
	p := []int64{1}
	for p[len(p)-1] <= math.MaxInt64/5 {
		p = append(p, p[len(p)-1]*5)
	}
	return p
}()

// divisibleByPowerOf5 reports whether 5^k divides c (c ≠ 0), that is
// whether c/10^k has a power of two for denominator.
func divisibleByPowerOf5(c int64, k int) bool {
	if k >= len(powersOf5) {
		return false // 5^k > |c|
	}
	return c%powersOf5[k] == 0
}

// fraction writes c·10^-places (places > 0) as decimal text, as
// big.Float.Text('f', -1) writes it: no exponent, no trailing zeros, a
// leading "0." below one.
func (w *Writer) fraction(c int64, places int) {
	var digitsBuf [20]byte
	negative := c < 0
	if negative {
		c = -c
	}
	digits := strconv.AppendInt(digitsBuf[:0], c, 10)
	length := len(digits) + 1 // the point
	if len(digits) <= places {
		length = places + 2 // "0." and zeros before the digits
	}
	if negative {
		length++
	}
	w.stringLen(length)
	if negative {
		w.buf = append(w.buf, '-')
	}
	if len(digits) <= places {
		w.buf = append(w.buf, '0', '.')
		for range places - len(digits) {
			w.buf = append(w.buf, '0')
		}
		w.buf = append(w.buf, digits...)
		return
	}
	whole := len(digits) - places
	w.buf = append(w.buf, digits[:whole]...)
	w.buf = append(w.buf, '.')
	w.buf = append(w.buf, digits[whole:]...)
}

// numberValue writes a known number value, or null.
func (w *Writer) numberValue(v tftypes.Value) error {
	if v.IsNull() {
		w.Nil()
		return nil
	}
	var n big.Float
	if err := v.As(&n); err != nil {
		return err
	}
	w.bigFloat(&n)
	return nil
}

// bigFloat writes n as terraform-plugin-go's msgpack encoding of a number
// does (tftypes marshalMsgPackNumber), step for step, but for one case.
// The library writes a fraction that is exactly a float64 as that float64,
// which Terraform reads as a float64 of 53 bits and so as the float64's
// shortest text: for 0.5 that is 0.5, but for 0.000000059604644775390625
// (2^-24, as a back end printing a float64 in full writes it) it is
// 0.00000005960464477539062, another number. Such a fraction is written
// as its exact text, which Terraform reads exactly.
func (w *Writer) bigFloat(n *big.Float) {
	if n.IsInf() {
		w.Float64(math.Inf(n.Sign()))
		return
	}
	if i, acc := n.Int64(); acc == big.Exact {
		w.Int(i)
		return
	}
	if f, acc := n.Float64(); acc == big.Exact && !n.IsInt() {
		// n is f exactly, whatever its own precision (53 bits, when it
		// came as a float64): its shortest text at Terraform's 512 bits
		// is its exact one.
		exact := new(big.Float).SetPrec(precision).Set(n).Text('f', -1)
		if strconv.FormatFloat(f, 'f', -1, 64) == exact {
			w.Float64(f)
			return
		}
		w.String(exact)
		return
	}
	w.String(n.Text('f', -1))
}
