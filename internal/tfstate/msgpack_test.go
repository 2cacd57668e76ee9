package tfstate_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// library is what terraform-plugin-go writes for v, the bytes a reply
// carries on the framework's path.
func library(t *testing.T, typ tftypes.Type, v any) []byte {
	t.Helper()
	value, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
	if err != nil {
		t.Fatal(err)
	}
	return value.MsgPack
}

func same(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s: wrote % x\nterraform-plugin-go writes % x", what, head(got), head(want))
	}
}

func head(b []byte) []byte { return b[:min(len(b), 48)] }

// numberTexts are decimals of every kind a bill holds and some it does
// not: integers of every msgpack width, fractions that are and are not
// exactly a float64, trailing zeros, exponents, and numbers beyond
// float64 and int64 precision.
var numberTexts = []string{
	"0", "-0", "0.000", "1", "-1", "31", "-32", "-33", "127", "128", "-128", "-129", "255", "256",
	"65535", "65536", "-32768", "-32769", "4294967295", "4294967296", "-2147483648", "-2147483649",
	"9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551616",
	"999999999999999999e1", "-999999999999999999e1", "922337203685477581e1", "922337203685477580e1",
	"123456789012345678901234567890", "-123456789012345678901234567890", "1e50", "12345e40", "1.5e3", "2E-5",
	"0.5", "-0.25", "0.125", "1.50", "3.75", "0.1", "0.2", "0.3", "0.01", "1.2", "104.7", "-0.0001",
	"0.012846", "39.7", "0.0001", "100.00", "1.000000000000000000001", "0.1000000000000000055511151231257827",
	"9007199254740993", "9007199254740993.5", "0.30000000000000004", "1e-30", "-7e-300", "123e5",
	"12345678901234567890.123456789", "1.2345678901234567890123456789", "0.000000000000000000000000000001",
	"4503599627370496.5", "-4503599627370496.25", "2251799813685248.125", "1.1920928955078125e-7",
	"3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196",
}

// Decimal writes every number as terraform-plugin-go writes the number the
// framework path makes of it (tfstate.Decimal): the same bytes, but for a
// fraction Terraform would read as another number from the library's
// float64 (TestTerraformReadsEveryNumberWritten).
func TestDecimalWritesWhatTheLibraryWrites(t *testing.T) {
	texts := append([]string(nil), numberTexts...)
	r := rand.New(rand.NewPCG(15, 2026))
	for range 20000 {
		digits := r.IntN(22) + 1
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteByte('-')
		}
		for i := range digits {
			b.WriteByte(byte('0' + r.IntN(10)))
			if i == 0 && r.IntN(3) == 0 && digits > 1 {
				b.WriteByte('.')
			}
		}
		if point := r.IntN(digits + 1); point > 0 && point < digits && !strings.Contains(b.String(), ".") {
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-point] + "." + s[len(s)-point:])
		}
		if r.IntN(5) == 0 {
			fmt.Fprintf(&b, "e%d", r.IntN(60)-30)
		}
		texts = append(texts, b.String())
	}
	for k := 1; k <= 24; k++ {
		// Fractions of a power of two for denominator, of up to 16 digits.
		fivePowK := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(k)), nil)
		for range 200 {
			c := new(big.Int).Mul(big.NewInt(r.Int64N(1e16)/fivePowK.Int64()+1), fivePowK)
			if k > 16 {
				c = new(big.Int).Mul(big.NewInt(r.Int64N(1000)+1), fivePowK)
			}
			if r.IntN(2) == 0 {
				c.Neg(c)
			}
			texts = append(texts, decimal.NewFromBigInt(c, -int32(k)).String())
		}
	}
	for _, text := range texts {
		// Not tolerant.ParseDecimal, which refuses the last of numberTexts:
		// the writer must still write what it is given as the library does.
		d, err := decimal.NewFromString(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		var w tfstate.Writer
		w.Decimal(d)
		want := library(t, tftypes.Number, tfstate.Decimal(d).ValueBigFloat())
		if _, err := tolerant.ParseDecimal(text); err == nil && shown(t, want) != d.String() {
			// The one difference (TestTerraformReadsEveryNumberWritten):
			// the library's float64 would be read as another number.
			if got := shown(t, w.Bytes()); got != d.String() {
				t.Errorf("%s: Terraform reads %s", text, got)
			}
			continue
		}
		same(t, text, w.Bytes(), want)
	}
	var w tfstate.Writer
	w.Number(tolerant.Number{})
	same(t, "null", w.Bytes(), library(t, tftypes.Number, nil))
}

// shown is the number Terraform reads of a number's msgpack, as its text:
// an integer as an integer, a float64 as a float64 of 53 bits (cty's
// NumberFloatVal), a text at full precision.
func shown(t *testing.T, msgpack []byte) string {
	t.Helper()
	value, err := (&tfprotov6.DynamicValue{MsgPack: msgpack}).Unmarshal(tftypes.Number)
	if err != nil {
		t.Fatal(err)
	}
	var n big.Float
	if err := value.As(&n); err != nil {
		t.Fatal(err)
	}
	return decimal.RequireFromString(n.Text('f', -1)).String()
}

// dyadics are fractions with a power of two for denominator and more
// significant digits than a float64's shortest text shows, such as a
// back end that prints a float64 in full (Python's Decimal(0.1)): each is
// exactly a float64, whose shortest text is another number.
var dyadics = []string{
	"0.000000059604644775390625", "-1.00000011920928955078125", "1.00000000000000011102230246251565404236316680908203125",
	"0.1000000000000000055511151231257827021181583404541015625", "123456.7890000000015716068446636199951171875",
}

// Terraform reads every number the writer writes as that number: a
// float64 whose shortest text is another number (dyadics) is written as
// its exact text, where terraform-plugin-go writes the float64.
func TestTerraformReadsEveryNumberWritten(t *testing.T) {
	texts := append(append([]string(nil), numberTexts...), dyadics...)
	r := rand.New(rand.NewPCG(24, 2026))
	for range 5000 {
		// c / 2^k, exactly: c·5^k·10^-k.
		k := r.IntN(64) + 1
		c := big.NewInt(r.Int64N(1<<53) - 1<<52)
		c.Mul(c, new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(k)), nil))
		texts = append(texts, decimal.NewFromBigInt(c, -int32(k)).String())
	}
	differ := 0
	for _, text := range texts {
		d, err := tolerant.ParseDecimal(text)
		if err != nil {
			continue // more digits than Terraform holds: never written
		}
		var w tfstate.Writer
		w.Decimal(d)
		if got := shown(t, w.Bytes()); got != d.String() {
			t.Errorf("%s: Terraform reads %s", text, got)
		}
		if shown(t, library(t, tftypes.Number, tfstate.Decimal(d).ValueBigFloat())) != d.String() {
			differ++
		}
	}
	if differ < len(dyadics) {
		t.Errorf("terraform-plugin-go's bytes are read as another number for %d of the numbers; want at least the %d dyadics", differ, len(dyadics))
	}
}

// Lengths at every boundary of msgpack's headers are written alike.
func TestHeadersWhatTheLibraryWrites(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000} {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		var w tfstate.Writer
		w.String(s)
		same(t, fmt.Sprintf("a string of %d bytes", len(s)), w.Bytes(), library(t, tftypes.String, s))

		list := make([]tftypes.Value, n)
		w = tfstate.Writer{}
		w.ArrayLen(n)
		for i := range list {
			list[i] = tftypes.NewValue(tftypes.Bool, i%2 == 0)
			w.Bool(i%2 == 0)
		}
		same(t, fmt.Sprintf("a list of %d", n), w.Bytes(), library(t, tftypes.List{ElementType: tftypes.Bool}, list))

		w = tfstate.Writer{}
		w.MapLen(n)
		if n <= 256 { // a map's entries are in random order: one kind of entry only
			entries := make(map[string]tftypes.Value, n)
			for i := range n {
				entries[fmt.Sprint(i)] = tftypes.NewValue(tftypes.Bool, nil)
			}
			want := library(t, tftypes.Map{ElementType: tftypes.Bool}, entries)
			if header := w.Bytes(); !bytes.HasPrefix(want, header) {
				t.Errorf("a map of %d: header % x, terraform-plugin-go writes % x", n, header, head(want))
			}
		}
	}
}

type wireItem struct {
	Name   tolerant.String `tfsdk:"name"`
	Amount tolerant.Number `tfsdk:"amount"`
}

type wireRow struct {
	Zeta  tolerant.String `tfsdk:"zeta"`
	ID    tolerant.String `tfsdk:"id"`
	Paid  tolerant.Bool   `tfsdk:"paid"`
	Items []wireItem      `tfsdk:"items"`
}

var itemType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"name": tftypes.String, "amount": tftypes.Number}}

var rowType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"zeta": tftypes.String, "id": tftypes.String, "paid": tftypes.Bool, "items": tftypes.List{ElementType: itemType},
}}

// Objects writes rows as the library writes the same rows' values:
// attributes sorted by name, nulls, empty and null nested lists.
func TestObjectsWriteWhatTheLibraryWrites(t *testing.T) {
	rows := []wireRow{
		{Zeta: tolerant.StringOf("z"), ID: tolerant.StringOf("a"), Paid: tolerant.BoolOf(true), Items: []wireItem{
			{Name: tolerant.StringOf("x"), Amount: tolerant.NumberOf(decimal.RequireFromString("0.25"))},
			{},
		}},
		{Items: nil},
		{ID: tolerant.StringOf("c"), Paid: tolerant.BoolOf(false), Items: []wireItem{}},
	}
	objects, err := tfstate.ObjectsFor(reflect.TypeFor[wireRow](), rowType)
	if err != nil {
		t.Fatal(err)
	}
	var w tfstate.Writer
	objects.List(&w, reflect.ValueOf(rows))

	values := make([]tftypes.Value, len(rows))
	for i, r := range rows {
		var items any
		if r.Items != nil {
			list := make([]tftypes.Value, len(r.Items))
			for j, it := range r.Items {
				list[j] = tftypes.NewValue(itemType, map[string]tftypes.Value{
					"name": tfValue(tfstate.String(it.Name).ToTerraformValue), "amount": tfValue(tfstate.Number(it.Amount).ToTerraformValue),
				})
			}
			items = list
		}
		values[i] = tftypes.NewValue(rowType, map[string]tftypes.Value{
			"zeta":  tfValue(tfstate.String(r.Zeta).ToTerraformValue),
			"id":    tfValue(tfstate.String(r.ID).ToTerraformValue),
			"paid":  tfValue(tfstate.Bool(r.Paid).ToTerraformValue),
			"items": tftypes.NewValue(tftypes.List{ElementType: itemType}, items),
		})
	}
	same(t, "rows", w.Bytes(), library(t, tftypes.List{ElementType: rowType}, values))
}

func tfValue(convert func(ctx context.Context) (tftypes.Value, error)) tftypes.Value {
	v, err := convert(context.Background())
	if err != nil {
		panic(err)
	}
	return v
}

// A row type that does not fit the schema is refused, not written wrong.
func TestObjectsForRefusesRowsThatDoNotFit(t *testing.T) {
	type short struct {
		ID tolerant.String `tfsdk:"id"`
	}
	type wrong struct {
		Zeta  tolerant.Number `tfsdk:"zeta"`
		ID    tolerant.String `tfsdk:"id"`
		Paid  tolerant.Bool   `tfsdk:"paid"`
		Items []wireItem      `tfsdk:"items"`
	}
	for _, rowType := range []reflect.Type{reflect.TypeFor[short](), reflect.TypeFor[wrong](), reflect.TypeFor[string]()} {
		if _, err := tfstate.ObjectsFor(rowType, rowTypeOf()); err == nil {
			t.Errorf("%s was accepted", rowType)
		}
	}
}

func rowTypeOf() tftypes.Object { return rowType }

// Both ways into state map a row's fields alike: a tfsdk:"-" field, and
// an unexported one, are no attribute, and the same row is the same bytes
// either way; a row type that does not fit the schema is refused by both,
// in the same words, and never written wrong or left to a panic.
func TestBothWaysMapTheSameFields(t *testing.T) {
	type skipping struct {
		Spelled tolerant.String `tfsdk:"-"`
		Zeta    tolerant.String `tfsdk:"zeta"`
		note    string
		Items   []wireItem      `tfsdk:"items"`
		ID      tolerant.String `tfsdk:"id"`
		Paid    tolerant.Bool   `tfsdk:"paid"`
	}
	row := skipping{
		Spelled: tolerant.StringOf("not an attribute"), Zeta: tolerant.StringOf("z"), note: "unexported",
		Items: []wireItem{{Name: tolerant.StringOf("x"), Amount: tolerant.NumberOf(decimal.RequireFromString("0.25"))}},
		ID:    tolerant.StringOf("a"), Paid: tolerant.BoolOf(true),
	}
	objects, err := tfstate.ObjectsFor(reflect.TypeFor[skipping](), rowTypeOf())
	if err != nil {
		t.Fatal(err)
	}
	var w tfstate.Writer
	objects.List(&w, reflect.ValueOf([]skipping{row}))
	list, err := tfstate.List(context.Background(), tftypes.List{ElementType: rowTypeOf()}, reflect.ValueOf([]skipping{row}))
	if err != nil {
		t.Fatal(err)
	}
	framework, err := tfprotov6.NewDynamicValue(list.Type(), list)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "a row with fields that are no attribute", w.Bytes(), framework.MsgPack)

	type untagged struct {
		Zeta  tolerant.String `tfsdk:"zeta"`
		Note  tolerant.String
		ID    tolerant.String `tfsdk:"id"`
		Paid  tolerant.Bool   `tfsdk:"paid"`
		Items []wireItem      `tfsdk:"items"`
	}
	type twice struct {
		Zeta  tolerant.String `tfsdk:"zeta"`
		ID    tolerant.String `tfsdk:"id"`
		Other tolerant.String `tfsdk:"id"`
		Items []wireItem      `tfsdk:"items"`
	}
	type mistyped struct {
		Zeta  tolerant.Number `tfsdk:"zeta"`
		ID    tolerant.String `tfsdk:"id"`
		Paid  tolerant.Bool   `tfsdk:"paid"`
		Items []wireItem      `tfsdk:"items"`
	}
	type notAList struct {
		Zeta  []wireItem      `tfsdk:"zeta"`
		ID    tolerant.String `tfsdk:"id"`
		Paid  tolerant.Bool   `tfsdk:"paid"`
		Items []wireItem      `tfsdk:"items"`
	}
	type unknown struct {
		Zeta  tolerant.String `tfsdk:"zeta"`
		Other tolerant.String `tfsdk:"other"`
	}
	type short struct {
		ID tolerant.String `tfsdk:"id"`
	}
	for rowType, want := range map[reflect.Type]string{
		reflect.TypeFor[untagged](): `tfstate_test.untagged.Note has no tfsdk tag: tag it with its attribute, or tfsdk:"-" if it has none`,
		reflect.TypeFor[twice]():    `tfstate_test.twice.Other is tagged "id", as ID is`,
		reflect.TypeFor[mistyped](): `tfstate_test.mistyped.Zeta is a tolerant.Number, which cannot hold "zeta", a tftypes.String`,
		reflect.TypeFor[notAList](): `tfstate_test.notAList.Zeta is a []tfstate_test.wireItem, which cannot hold "zeta", a tftypes.String`,
		reflect.TypeFor[unknown]():  `tfstate_test.unknown.Other is tagged "other", which the schema does not have`,
		reflect.TypeFor[short]():    "tfstate_test.short has 1 tagged fields, the schema's objects 4 attributes",
		reflect.TypeFor[string]():   "rows are string, not structs",
	} {
		_, direct := tfstate.ObjectsFor(rowType, rowTypeOf())
		_, framework := tfstate.List(context.Background(), tftypes.List{ElementType: rowTypeOf()}, reflect.MakeSlice(reflect.SliceOf(rowType), 1, 1))
		for way, err := range map[string]error{"direct": direct, "framework": framework} {
			if got := errorText(err); got != want {
				t.Errorf("%s, %s: %q; want %q", rowType, way, got, want)
			}
		}
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// A value the library wrote, re-encoded by ExactNumbers, is the same value
// but for its dyadics, which Terraform then reads as themselves: in
// objects, maps and lists, beside nulls, unknowns, texts and other numbers.
func TestExactNumbersKeepsTheValueAndWritesDyadicsExactly(t *testing.T) {
	const dyadic = "0.000000059604644775390625"
	number := func(text string) tftypes.Value {
		f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return tftypes.NewValue(tftypes.Number, f)
	}
	day := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"amount": tftypes.Number, "note": tftypes.String}}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"total": tftypes.Number,
		"by":    tftypes.Map{ElementType: day},
		"list":  tftypes.List{ElementType: tftypes.Number},
		"later": tftypes.Number,
		"none":  tftypes.Number,
	}}
	value := tftypes.NewValue(typ, map[string]tftypes.Value{
		"total": number(dyadic),
		"by": tftypes.NewValue(tftypes.Map{ElementType: day}, map[string]tftypes.Value{
			"a": tftypes.NewValue(day, map[string]tftypes.Value{"amount": number("41.25"), "note": tftypes.NewValue(tftypes.String, "x")}),
			"b": tftypes.NewValue(day, map[string]tftypes.Value{"amount": number(dyadic), "note": tftypes.NewValue(tftypes.String, nil)}),
		}),
		"list":  tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, []tftypes.Value{number("0.1"), number(dyadic), number("12345678901234567890")}),
		"later": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue),
		"none":  tftypes.NewValue(tftypes.Number, nil),
	})
	written, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		t.Fatal(err)
	}
	// As Terraform hands the number back: a float64 of 53 bits.
	exact, err := tfstate.ExactNumbers(typ, written.MsgPack)
	if err != nil {
		t.Fatal(err)
	}
	got, err := (&tfprotov6.DynamicValue{MsgPack: exact}).Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(value) {
		t.Errorf("re-encoded, the value is %s; want %s", got, value)
	}
	var texts []string
	err = tftypes.Walk(got, func(_ *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.Type().Is(tftypes.Number) && v.IsKnown() && !v.IsNull() {
			var n big.Float
			if err := v.As(&n); err != nil {
				return false, err
			}
			texts = append(texts, n.Text('f', -1))
		}
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 3; strings.Count(strings.Join(texts, " "), dyadic) != want {
		t.Errorf("Terraform reads the numbers as %v; want %s %d times", texts, dyadic, want)
	}
}

// Every number the provider reads, written on the direct way or written
// again from the library's bytes (a function's result), is read by
// Terraform as itself; where the library's bytes are read as that number
// too, the Writer's are the library's. twos makes the number c·2^-twos, a
// dyadic, when it is not zero.
func FuzzTerraformReadsEveryNumberWritten(f *testing.F) {
	f.Add("41.25", uint8(0))
	f.Add("0.1", uint8(0))
	f.Add("1", uint8(24))
	f.Add("-123456789012345", uint8(53))
	f.Add("9007199254740993", uint8(60))
	f.Add("1e-30", uint8(0))
	f.Fuzz(func(t *testing.T, text string, twos uint8) {
		d, err := tolerant.ParseDecimal(text)
		if err != nil || twos > 64 {
			return
		}
		if twos > 0 {
			five := decimal.New(5, 0).Pow(decimal.New(int64(twos), 0))
			d = d.Mul(five).Shift(-int32(twos)) // d / 2^twos, exactly
			if _, err := tolerant.ParseDecimal(d.String()); err != nil {
				return // beyond what Terraform holds
			}
		}
		var w tfstate.Writer
		w.Decimal(d)
		want := library(t, tftypes.Number, tfstate.Decimal(d).ValueBigFloat())
		if got := shown(t, w.Bytes()); got != d.String() {
			t.Fatalf("%s: Terraform reads %s", d, got)
		}
		if shown(t, want) == d.String() && !bytes.Equal(w.Bytes(), want) {
			t.Fatalf("%s: wrote % x, the library % x, both read as the number", d, head(w.Bytes()), head(want))
		}
		again, err := tfstate.ExactNumbers(tftypes.Number, want)
		if err != nil {
			t.Fatal(err)
		}
		if got := shown(t, again); got != d.String() {
			t.Fatalf("%s: written again from the library's bytes, Terraform reads %s", d, got)
		}
	})
}
