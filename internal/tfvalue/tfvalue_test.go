package tfvalue

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Terraform sends a number that is not an exact float64 as this text, so it
// is what users see in state and outputs.
func TestDecimalKeepsTheDecimalText(t *testing.T) {
	for _, text := range []string{"0.3", "0.1", "104.7", "-0.000001", "12345678901234567890.123456789", "1000", "0", "1e-30", "123e5"} {
		want := decimal.RequireFromString(text)
		got := Decimal(want).ValueBigFloat().Text('f', -1)
		if !decimal.RequireFromString(got).Equal(want) {
			t.Errorf("Decimal(%s) is shown as %s", text, got)
		}
	}
}

func TestTotalIsExactAndSkipsNull(t *testing.T) {
	var total Total
	if got := total.Value().ValueBigFloat().Text('f', -1); got != "0" {
		t.Fatalf("an empty total is %s, want 0", got)
	}
	total.Add(tolerant.NumberOf(decimal.RequireFromString("0.1")))
	total.Add(tolerant.Number{})
	total.Add(tolerant.NumberOf(decimal.RequireFromString("0.2")))
	if got := total.Value().ValueBigFloat().Text('f', -1); got != "0.3" {
		t.Fatalf("0.1 + null + 0.2 = %s, want 0.3", got)
	}
	if !Number(tolerant.Number{}).IsNull() || !String(tolerant.String{}).IsNull() {
		t.Fatal("null inputs must give null Terraform values")
	}
}

func TestTotalsByKeyAreExactAndNeverNull(t *testing.T) {
	empty := Totals{}.Value()
	if empty.IsNull() || len(empty.Elements()) != 0 {
		t.Fatalf("no totals: %v; want an empty, known map", empty)
	}
	totals := Totals{}
	totals.Add("USD", tolerant.NumberOf(decimal.RequireFromString("0.1")))
	totals.Add("EUR", tolerant.Number{}) // a currency with no amount yet
	totals.Add("USD", tolerant.NumberOf(decimal.RequireFromString("0.2")))
	got := totals.Value().Elements()
	want := map[string]string{"USD": "0.3", "EUR": "0"}
	if len(got) != len(want) {
		t.Fatalf("totals %v; want %v", got, want)
	}
	for key, text := range want {
		n, ok := got[key].(types.Number)
		if !ok || n.ValueBigFloat().Text('f', -1) != text {
			t.Errorf("total %s = %v; want %s", key, got[key], text)
		}
	}
}
