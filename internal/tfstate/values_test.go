package tfstate

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// text is a Terraform number's decimal text.
func text(t *testing.T, v tftypes.Value) string {
	t.Helper()
	var f big.Float
	if err := v.As(&f); err != nil {
		t.Fatal(err)
	}
	return f.Text('f', -1)
}

func TestTotalIsExactAndSkipsNull(t *testing.T) {
	var total Total
	if got := text(t, total.Terraform()); got != "0" {
		t.Fatalf("an empty total is %s, want 0", got)
	}
	total.Add(tolerant.NumberOf(decimal.RequireFromString("0.1")))
	total.Add(tolerant.Number{})
	total.Add(tolerant.NumberOf(decimal.RequireFromString("0.2")))
	if got := text(t, total.Terraform()); got != "0.3" {
		t.Fatalf("0.1 + null + 0.2 = %s, want 0.3", got)
	}
	if !Number(tolerant.Number{}).IsNull() || !String(tolerant.String{}).IsNull() {
		t.Fatal("null inputs must give null Terraform values")
	}
}

func TestTotalsByKeyAreExactAndNeverNull(t *testing.T) {
	var empty map[string]tftypes.Value
	totals := newBreakdownSums()
	if v := totals.terraform(false); v.IsNull() || v.As(&empty) != nil || len(empty) != 0 {
		t.Fatalf("no totals: %v; want an empty, known map", v)
	}
	totals.total(sumKey{key: "USD"}).Add(tolerant.NumberOf(decimal.RequireFromString("0.1")))
	totals.total(sumKey{key: "EUR"}).Add(tolerant.Number{}) // a currency with no amount yet
	totals.total(sumKey{key: "USD"}).Add(tolerant.NumberOf(decimal.RequireFromString("0.2")))
	var got map[string]tftypes.Value
	if err := totals.terraform(false).As(&got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"USD": "0.3", "EUR": "0"}
	if len(got) != len(want) {
		t.Fatalf("totals %v; want %v", got, want)
	}
	for key, w := range want {
		if g := text(t, got[key]); g != w {
			t.Errorf("total %s = %s; want %s", key, g, w)
		}
	}
}

// What reaches Terraform is the number's shortest text (tftypes' msgpack
// encoding of a non-integer), which Terraform reads at 512 bits. Whatever
// mantissa Decimal picks, that must be the value d read at 512 bits.
func TestDecimalReachesTerraformExactly(t *testing.T) {
	inputs := []string{
		"0.01", "0.1", "0.3", "1.2", "104.7", "-0.0001", "0.012846", "39.7",
		"1.2345678901234567890123456789", "123456789012345678901234567890.5",
		"0.000000000000000000000000000001", "1e50", "12345e40", "-7e-300",
		"3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196",
	}
	for i := 1; i < 200; i++ {
		inputs = append(inputs, fmt.Sprintf("%d.%0*d", i*7919, i%30+1, i*104729))
	}
	// Exponents whose power of ten Terraform's 512 bits do not hold
	// exactly: the scale must not be rounded before the number is.
	inputs = append(inputs, "3e309", "7e221", "1e1000", "-123456789e500", "9e-1000",
		"508631957729797718255355962540006269859902154642677012856090667229788611230873339415942687149376874403781791201227548162278300965667225586130452653144e-378")
	r := rand.New(rand.NewPCG(3, 309))
	for range 2000 {
		inputs = append(inputs, fmt.Sprintf("%de%d", r.Int64N(1_000_000_000), r.IntN(2000)-1000))
	}
	for _, text := range inputs {
		d := decimal.RequireFromString(text)
		sent := Decimal(d).ValueBigFloat().Text('f', -1)
		got, _, err := big.ParseFloat(sent, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatalf("%s: sent %q: %v", text, sent, err)
		}
		want, _, _ := big.ParseFloat(d.String(), 10, 512, big.ToNearestEven)
		if got.Cmp(want) != 0 {
			t.Errorf("%s reaches Terraform as %s, want %s", text, got.Text('g', 40), want.Text('g', 40))
		}
	}
}

// terraform-plugin-go sends a number that is exactly an integer or a
// float64 as one, and every other number as its text. A decimal that is
// neither must never travel as an integer or a float64, which would be an
// approximation: 7.231433 rounded to 64 bits happens to be a float64.
func TestDecimalNeverTravelsAsAnApproximation(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 231433))
	texts := []string{"7.231433", "0.1", "1.2"}
	for range 50000 {
		texts = append(texts, fmt.Sprintf("%d.%0*d", r.IntN(100000), r.IntN(8)+1, r.IntN(100000000)))
	}
	for _, text := range texts {
		d := decimal.RequireFromString(text)
		value, err := tfprotov6.NewDynamicValue(tftypes.Number, tftypes.NewValue(tftypes.Number, Decimal(d).ValueBigFloat()))
		if err != nil {
			t.Fatal(err)
		}
		code := value.MsgPack[0]
		_, exact := d.Rat().Float64()
		switch {
		case code == 0xcb && !exact:
			t.Errorf("%s travels as the float64 %x, which is not it", text, value.MsgPack)
		case (code <= 0x7f || code >= 0xe0 || code >= 0xcc && code <= 0xd3) && !d.IsInteger():
			t.Errorf("%s travels as an integer", text)
		}
	}
}

// A decimal is rounded once to the bits it is sent with, to the nearest
// (the float of its exact value): its coefficient is never rounded before
// its scale is applied, however many digits (trailing zeros among them)
// the coefficient has. A row's amount and a sum of it are then one float.
func TestDecimalIsRoundedOnce(t *testing.T) {
	digits := "508631957729797718255355962540006269859902154642677012856090667229788611230873339415942687149376874403781791201227548162278300965667225586130452653144"
	inputs := []string{"0.3" + strings.Repeat("0", 400), "3e309", "7e221", "1e-1000", "-123456789e500",
		digits + strings.Repeat("0", 300) + "e-700", digits + strings.Repeat("0", 200) + "e300", digits + "e-378", "-0." + digits + strings.Repeat("0", 20)}
	r := rand.New(rand.NewPCG(5, 12))
	for range 2000 {
		coefficient := fmt.Sprint(r.Int64N(1_000_000_000)) + strings.Repeat("0", r.IntN(300))
		inputs = append(inputs, fmt.Sprintf("%se%d", coefficient, r.IntN(1200)-800))
	}
	for _, text := range inputs {
		d := decimal.RequireFromString(text)
		got := Decimal(d).ValueBigFloat()
		want := new(big.Float).SetPrec(got.Prec()).SetRat(d.Rat())
		if got.Cmp(want) != 0 {
			t.Errorf("%.40s… is %s at %d bits; rounded once it is %s", text, got.Text('g', 20), got.Prec(), want.Text('g', 20))
		}
	}
}
