package tolerant

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzSum: a Sum of any amounts is decimal.Decimal's own sum of them, to
// the exponent, whether they add up in an int64, overflow it or are large;
// and it is zero when that sum is.
func FuzzSum(f *testing.F) {
	for _, amounts := range []string{
		"", "0.1,0.2", "1,null,2.50", "9223372036854775807,1", "-9223372036854775808,-1",
		"999999999999999999,999999999999999999,999999999999999999", "1e5,0.001", "100,1e2,0.00",
		"123456789012345678,0.000000000000000001", "12345678901234567890123,1,-1", "1e-1000,1e1000",
		"0.5,-0.5", "-0,0.0", "900000000000000000,-900000000000000000,0.000000000000000009",
		// Sums past an int64 of amounts that each fit one, either way.
		strings.Repeat("999999999999999999,", 9) + "999999999999999999",
		strings.Repeat("-999999999999999999,", 9) + "-999999999999999999",
		"0.999999999999999999," + strings.Repeat("999999999999999999,", 10) + "-0.1",
	} {
		f.Add(amounts)
	}
	f.Fuzz(func(t *testing.T, amounts string) {
		var sum Sum
		want := decimal.Decimal{}
		for _, text := range strings.Split(amounts, ",") {
			if text == "null" {
				sum.Add(Number{})
				continue
			}
			n, err := parseNumber(text)
			if err != nil {
				return
			}
			d, _ := n.Decimal()
			want = want.Add(d)
			sum.Add(n)
		}
		got := sum.Decimal()
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%q: Sum is %s (exponent %d), decimal.Decimal's sum %s (exponent %d)", amounts, got, got.Exponent(), want, want.Exponent())
		}
		if n, _ := sum.Number().Decimal(); !n.Equal(want) {
			t.Fatalf("%q: Sum's Number is %s, the sum %s", amounts, n, want)
		}
		if sum.IsZero() != want.IsZero() {
			t.Fatalf("%q: IsZero is %t for the sum %s", amounts, sum.IsZero(), want)
		}
	})
}

// A Number keeps its value and exponent whether it is held small or not.
func TestNumberOfKeepsTheValue(t *testing.T) {
	for _, text := range []string{"0", "-1.50", "999999999999999999", "1000000000000000000", "-123456789012345678901234.5", "1e-999", "12e3"} {
		d := decimal.RequireFromString(text)
		got, ok := NumberOf(d).Decimal()
		if !ok || !got.Equal(d) || got.Exponent() != d.Exponent() {
			t.Errorf("NumberOf(%s).Decimal() = %s (exponent %d), %v", text, got, got.Exponent(), ok)
		}
		if NumberOf(d).String() != d.String() {
			t.Errorf("NumberOf(%s).String() = %s", text, NumberOf(d).String())
		}
	}
}

// Amounts that each fit an int64 but whose sum does not, either way, are
// summed exactly.
func TestSumPastAnInt64IsExact(t *testing.T) {
	for _, c := range []struct{ amount, want string }{
		{"999999999999999999", "9999999999999999990"},
		{"-999999999999999999", "-9999999999999999990"},
		{"0.999999999999999999", "9.99999999999999999"},
	} {
		var sum Sum
		n, err := parseNumber(c.amount)
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			sum.Add(n)
		}
		if got := sum.Decimal().String(); got != c.want {
			t.Errorf("ten times %s sum to %s, want %s", c.amount, got, c.want)
		}
	}
}
