package functions

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// A number Terraform read from decimal text, at its 512 bits, is that
// decimal again, not the binary fraction nearest to it.
func TestDecimalOf(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"0.1", "12345678901234567.89", "1e-300", "-2.5e+40", "0", "-0.05"} {
		f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decimalOf(f)
		if want := decimal.RequireFromString(text); err != nil || !got.Equal(want) {
			t.Errorf("decimalOf(%s) = %s, %v; want %s", text, got, err, want)
		}
	}
	// A float64, as Terraform sends numbers a float64 holds exactly.
	if got, err := decimalOf(big.NewFloat(0.25)); err != nil || got.String() != "0.25" {
		t.Errorf("decimalOf(0.25 as float64) = %s, %v", got, err)
	}
	if _, err := decimalOf(new(big.Float).SetInf(true)); err == nil {
		t.Error("decimalOf(-Inf) succeeded")
	}
}
