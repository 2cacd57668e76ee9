package tfstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// A state as small as a Shape allows: a filter argument, rows of a key and
// an amount, a count, a total and a breakdown by key.
type record struct {
	key    tolerant.String
	amount tolerant.Number
}

type recordRow struct {
	Key    tolerant.String `tfsdk:"key"`
	Amount tolerant.Number `tfsdk:"amount"`
}

var recordObject = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"key": tftypes.String, "amount": tftypes.Number}}

var stateType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"filter": tftypes.String,
	"rows":   tftypes.List{ElementType: recordObject},
	"count":  tftypes.Number,
	"total":  tftypes.Number,
	"by_key": NumberMapType,
}}

func testShape[Row any](row func(record) Row) *Shape[record] {
	return NewShape(stateType, testLayout(row))
}

func testLayout[Row any](row func(record) Row) Layout[record, Row] {
	amount := func(r record) tolerant.Number { return r.amount }
	return Layout[record, Row]{
		Rows: "rows", Row: row, Count: "count",
		Totals:     []Sum[record]{{Name: "total", Amount: amount}},
		Breakdowns: []Breakdown[record]{{Name: "by_key", Key: func(r record) tolerant.String { return r.key }, Amount: amount}},
	}
}

func recordsOf(t *testing.T, pairs ...string) []record {
	t.Helper()
	var records []record
	for i := 0; i < len(pairs); i += 2 {
		var n tolerant.Number
		if err := n.UnmarshalJSON([]byte(pairs[i+1])); err != nil {
			t.Fatal(err)
		}
		records = append(records, record{key: tolerant.StringOf(pairs[i]), amount: n})
	}
	return records
}

var filter = map[string]tftypes.Value{"filter": tftypes.NewValue(tftypes.String, "x")}

// The direct way's bytes are the bytes terraform-plugin-go writes of the
// framework's way's state, pages added one by one included, with rows kept
// or not; the count and sums are over every page. The framework's copy of
// a direct-way state has null rows and breakdowns.
func TestBothWaysStoreTheSameState(t *testing.T) {
	shape := testShape(rowOfRecord)
	// One breakdown key, so that the library's map order cannot differ.
	pages := [][]record{recordsOf(t, "a", "0.1", "a", "null"), {}, recordsOf(t, "a", "0.2")}
	for _, withRows := range []bool{true, false} {
		store := func(ctx context.Context) tfsdk.State {
			read := shape.NewRead(ctx, withRows)
			for _, page := range pages {
				read.Add(page)
			}
			var state tfsdk.State
			if err := read.Store(ctx, filter, &state); err != nil {
				t.Fatal(err)
			}
			return state
		}
		framework := store(context.Background())
		want, err := tfprotov6.NewDynamicValue(stateType, framework.Raw)
		if err != nil {
			t.Fatal(err)
		}
		ctx, reply := WithReply(context.Background())
		frameworksCopy := store(ctx)
		if !reply.Written() {
			t.Fatalf("include_rows %t: a read with a Reply did not write its state", withRows)
		}
		if !bytes.Equal(reply.state, want.MsgPack) {
			t.Fatalf("include_rows %t:\ndirect way % x\nframework  % x", withRows, reply.state, want.MsgPack)
		}
		var values map[string]tftypes.Value
		if err := framework.Raw.As(&values); err != nil {
			t.Fatal(err)
		}
		if count, total := values["count"].String(), values["total"].String(); count != `tftypes.Number<"3">` || total != `tftypes.Number<"0.3">` {
			t.Errorf("include_rows %t: count %s, total %s; want 3 and 0.3", withRows, count, total)
		}
		if rows := values["rows"]; rows.IsNull() == withRows {
			t.Errorf("include_rows %t: the framework's way has rows %v", withRows, rows)
		}
		if byKey := values["by_key"].String(); byKey != `tftypes.Map[tftypes.Number]<"a":tftypes.Number<"0.3">>` {
			t.Errorf("include_rows %t: the framework's way has by_key %s", withRows, byKey)
		}
		if err := frameworksCopy.Raw.As(&values); err != nil {
			t.Fatal(err)
		}
		if !values["rows"].IsNull() || !values["by_key"].IsNull() {
			t.Errorf("include_rows %t: the framework's copy of a direct-way state has rows %v and by_key %v; want both null",
				withRows, values["rows"], values["by_key"])
		}
		if count := values["count"].String(); count != `tftypes.Number<"3">` {
			t.Errorf("include_rows %t: the framework's copy of a direct-way state has count %s", withRows, count)
		}
	}
}

// Breakdowns written on the direct way are the values the framework's way
// makes, whatever their keys: none, many, one, empty, with a sum of 0 or of more
// digits than an int64 holds, by key alone and then per currency. The maps'
// order differs (the library writes Go's), so the bytes are compared as
// the values they decode to, key by key.
func TestBreakdownsWrittenAreTheFrameworksValues(t *testing.T) {
	byCurrency := tftypes.Map{ElementType: NumberMapType}
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"by_key": NumberMapType, "by_key_currency": byCurrency, "none": byCurrency}}
	keyOf := func(r record) tolerant.String {
		key, _, _ := strings.Cut(r.key.Text(), "/")
		return tolerant.StringOf(key)
	}
	currencyOf := func(r record) tolerant.String {
		_, currency, _ := strings.Cut(r.key.Text(), "/")
		return tolerant.StringOf(currency)
	}
	amount := func(r record) tolerant.Number { return r.amount }
	shape := NewShape(object, Layout[record, struct{}]{Breakdowns: []Breakdown[record]{
		{Name: "by_key", Key: keyOf, Amount: amount},
		{Name: "by_key_currency", Key: keyOf, Currency: currencyOf, Amount: amount},
		{Name: "none", Key: keyOf, Currency: currencyOf, Amount: func(record) tolerant.Number { return tolerant.Number{} }},
	}})
	pairs := []string{"b/USD", "1.5", "a/EUR", "2", "b/EUR", "-0.25", "/USD", "7", "a/EUR", "null", "c/", "0",
		"b/USD", "123456789012345678901234.5", "d/GBP", "1e-30", "a/USD", "3"}
	for i := range 300 {
		pairs = append(pairs, fmt.Sprintf("k%03d/C%d", i%97, i%3), fmt.Sprintf("%d.%02d", i, i%100))
	}
	records := recordsOf(t, pairs...)
	store := func(ctx context.Context, records []record) tfsdk.State {
		read := shape.NewRead(ctx, false)
		read.Add(records[:min(7, len(records))])
		read.Add(records[min(7, len(records)):])
		var state tfsdk.State
		if err := read.Store(ctx, map[string]tftypes.Value{}, &state); err != nil {
			t.Fatal(err)
		}
		return state
	}
	// directAndFrameworks are the values of the two ways' states.
	directAndFrameworks := func(records []record) (direct, framework map[string]tftypes.Value) {
		ctx, reply := WithReply(context.Background())
		store(ctx, records)
		directValue, err := (&tfprotov6.DynamicValue{MsgPack: reply.state}).Unmarshal(object)
		if err != nil {
			t.Fatalf("the direct way's bytes do not decode: %v", err)
		}
		// Decoded both, so that each number is the same kind of big.Float.
		frameworks, err := tfprotov6.NewDynamicValue(object, store(context.Background(), records).Raw)
		if err != nil {
			t.Fatal(err)
		}
		frameworkValue, err := frameworks.Unmarshal(object)
		if err != nil {
			t.Fatal(err)
		}
		if err := directValue.As(&direct); err != nil {
			t.Fatal(err)
		}
		if err := frameworkValue.As(&framework); err != nil {
			t.Fatal(err)
		}
		return direct, framework
	}
	// With no records, each breakdown is an empty map, not null.
	values, want := directAndFrameworks(nil)
	for name := range want {
		if values[name].IsNull() || !values[name].Equal(want[name]) {
			t.Errorf("no records: %s is %s on the direct way, %s on the framework's", name, values[name], want[name])
		}
	}
	values, want = directAndFrameworks(records)
	for name := range want {
		var got, wanted map[string]tftypes.Value
		if err := values[name].As(&got); err != nil {
			t.Fatal(err)
		}
		if err := want[name].As(&wanted); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(wanted) {
			t.Errorf("%s: %d keys on the direct way, %d on the framework's", name, len(got), len(wanted))
		}
		for key, value := range wanted {
			if !got[key].Equal(value) {
				t.Errorf("%s[%q] = %s on the direct way, %s on the framework's", name, key, got[key], value)
			}
		}
	}
	var byKey map[string]tftypes.Value
	if err := values["by_key_currency"].As(&byKey); err != nil {
		t.Fatal(err)
	}
	if len(byKey) != 5+97 {
		t.Errorf("by_key_currency has %d keys, want %d", len(byKey), 5+97)
	}
	var currencies map[string]tftypes.Value
	if err := byKey["b"].As(&currencies); err != nil {
		t.Fatal(err)
	}
	for currency, want := range map[string]string{"EUR": "-0.25", "USD": "123456789012345678901236"} {
		var sum big.Float
		if err := currencies[currency].As(&sum); err != nil {
			t.Fatal(err)
		}
		if got := sum.Text('f', -1); got != want {
			t.Errorf(`by_key_currency["b"][%q] = %s, want %s`, currency, got, want)
		}
	}
}

// A provider bug in what a read is given, or in a row type, is an error
// that names it, never a panic or a state with a gap.
func TestStoreRefusesWhatDoesNotFitTheState(t *testing.T) {
	for name, c := range map[string]struct {
		given  map[string]tftypes.Value
		direct bool
		shape  *Shape[record]
		want   string
	}{
		"an attribute missing": {given: map[string]tftypes.Value{}, shape: testShape(rowOfRecord), want: "no value for filter"},
		"an attribute of another type": {
			given: map[string]tftypes.Value{"filter": tftypes.NewValue(tftypes.Number, 1)}, shape: testShape(rowOfRecord),
			want: "filter is a tftypes.Number, but the schema says tftypes.String",
		},
		"an attribute the state does not have": {
			given: map[string]tftypes.Value{"filter": filter["filter"], "other": tftypes.NewValue(tftypes.String, "y")}, shape: testShape(rowOfRecord),
			want: "6 values for the schema's 5 attributes",
		},
		"a breakdown the schema types otherwise": {given: filter, shape: mistypedBreakdown(),
			want: "by_key is a tftypes.Map[tftypes.Number], but the schema says tftypes.Map[tftypes.String]"},
		"a breakdown the schema types otherwise, direct": {given: filter, direct: true, shape: mistypedBreakdown(),
			want: "by_key is a tftypes.Map[tftypes.Number], but the schema says tftypes.Map[tftypes.String]"},
		"an attribute made twice": {given: filter, direct: true, shape: byKeyTwice(), want: "the layout makes by_key twice"},
		"a row type without the amount": {
			given: filter, direct: true,
			shape: testShape(func(r record) struct {
				Key tolerant.String `tfsdk:"key"`
			} {
				return struct {
					Key tolerant.String `tfsdk:"key"`
				}{Key: r.key}
			}),
			want: "rows: struct { Key tolerant.String \"tfsdk:\\\"key\\\"\" } has 1 tagged fields, the schema's objects 2 attributes",
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if c.direct {
				ctx, _ = WithReply(ctx)
			}
			read := c.shape.NewRead(ctx, true)
			read.Add(recordsOf(t, "a", "1"))
			var state tfsdk.State
			err := read.Store(ctx, c.given, &state)
			if err == nil || err.Error() != c.want {
				t.Fatalf("Store: %v; want %q", err, c.want)
			}
		})
	}
}

// mistypedBreakdown is testShape's with a state whose by_key is a map of
// strings.
func mistypedBreakdown() *Shape[record] {
	object := tftypes.Object{AttributeTypes: maps.Clone(stateType.AttributeTypes)}
	object.AttributeTypes["by_key"] = tftypes.Map{ElementType: tftypes.String}
	return NewShape(object, testLayout(rowOfRecord))
}

// byKeyTwice is testShape's with by_key made by two breakdowns.
func byKeyTwice() *Shape[record] {
	layout := testLayout(rowOfRecord)
	layout.Breakdowns = append(layout.Breakdowns, layout.Breakdowns[0])
	return NewShape(stateType, layout)
}

func rowOfRecord(r record) recordRow { return recordRow{Key: r.key, Amount: r.amount} }

// A sum with more significant digits than Terraform holds exactly fails
// the store, naming the sum (and its key), on both ways; 150 digits pass.
func TestSumsBeyondTerraformsPrecisionAreRefused(t *testing.T) {
	shape := testShape(rowOfRecord)
	for name, c := range map[string]struct {
		records []record
		want    string
	}{
		"the total": {recordsOf(t, "a", "1e100", "b", "1", "b", "1e-100"),
			`the exact sum total has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`},
		"a key's sum": {recordsOf(t, "a", "1e100", "b", "-1e100", "b", "1e-100", "a", "1e-100"),
			`the exact sum by_key["a"] has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`},
		"150 digits": {recordsOf(t, "a", "1e149", "a", "1"), ""},
	} {
		for _, direct := range []bool{false, true} {
			ctx := context.Background()
			if direct {
				ctx, _ = WithReply(ctx)
			}
			read := shape.NewRead(ctx, true)
			read.Add(c.records)
			var state tfsdk.State
			err := read.Store(ctx, filter, &state)
			var precision *PrecisionError
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s (direct %v): %v", name, direct, err)
			case c.want != "" && (!errors.As(err, &precision) || err.Error() != c.want):
				t.Errorf("%s (direct %v): %v; want %q", name, direct, err, c.want)
			}
		}
	}
}

// Terraform reads the data blocks of one data source at once: reads of
// one Shape share nothing, and each stores its own records' state.
func TestReadsOfOneShapeRunAtOnce(t *testing.T) {
	shape := testShape(rowOfRecord)
	store := func(ctx context.Context, key string) ([]byte, error) {
		ctx, reply := WithReply(ctx)
		read := shape.NewRead(ctx, true)
		for page := range 50 {
			records := make([]record, 20)
			for i := range records {
				records[i] = recordsOf(t, key, fmt.Sprintf("%d.%d", page, i))[0]
			}
			read.Add(records)
		}
		var state tfsdk.State
		err := read.Store(ctx, filter, &state)
		return reply.state, err
	}
	keys := []string{"a", "bb", "ccc", "dddd"}
	want := map[string][]byte{}
	for _, key := range keys {
		encoded, err := store(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		want[key] = encoded
	}
	var wg sync.WaitGroup
	got := make([][]byte, len(keys))
	errs := make([]error, len(keys))
	for i, key := range keys {
		wg.Go(func() { got[i], errs[i] = store(context.Background(), key) })
	}
	wg.Wait()
	for i, key := range keys {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], want[key]) {
			t.Errorf("the read of %q, run beside the others, stored another state than alone", key)
		}
	}
}

// currencyRecord is a record with a currency, summed by key then currency.
type currencyRecord struct {
	record
	currency tolerant.String
}

// currencyShape is a state without rows of currencyRecords: a count, a
// total, and sums by key and by key then currency.
func currencyShape() *Shape[currencyRecord] {
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"filter": tftypes.String, "count": tftypes.Number, "total": tftypes.Number,
		"by_key": NumberMapType, "by_key_currency": tftypes.Map{ElementType: NumberMapType},
	}}
	amount := func(r currencyRecord) tolerant.Number { return r.amount }
	key := func(r currencyRecord) tolerant.String { return r.key }
	return NewShape(object, Layout[currencyRecord, struct{}]{
		Count:  "count",
		Totals: []Sum[currencyRecord]{{Name: "total", Amount: amount}},
		Breakdowns: []Breakdown[currencyRecord]{
			{Name: "by_key", Key: key, Amount: amount},
			{Name: "by_key_currency", Key: key, Currency: func(r currencyRecord) tolerant.String { return r.currency }, Amount: amount},
		},
	})
}

// Of several sums per key then currency beyond Terraform's precision, the
// error names the first by key, then by currency.
func TestASumPerCurrencyBeyondPrecisionIsNamedByKeyAndCurrency(t *testing.T) {
	var records []currencyRecord
	for i, r := range recordsOf(t, "b", "1e100", "b", "1e-100", "a", "1e100", "a", "1e-100", "a", "1e100", "a", "1e-100") {
		records = append(records, currencyRecord{record: r, currency: tolerant.StringOf([]string{"AUD", "AUD", "USD", "USD", "EUR", "EUR"}[i])})
	}
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"filter": tftypes.String, "by_key_currency": tftypes.Map{ElementType: NumberMapType},
	}}
	amount := func(r currencyRecord) tolerant.Number { return r.amount }
	perCurrency := NewShape(object, Layout[currencyRecord, struct{}]{Breakdowns: []Breakdown[currencyRecord]{{
		Name: "by_key_currency", Key: func(r currencyRecord) tolerant.String { return r.key },
		Currency: func(r currencyRecord) tolerant.String { return r.currency }, Amount: amount,
	}}})
	read := perCurrency.NewRead(context.Background(), false)
	read.Add(records)
	var state tfsdk.State
	err := read.Store(context.Background(), filter, &state)
	want := `the exact sum by_key_currency["a"]["EUR"] has 201 significant digits, more than the 150 Terraform holds exactly; it is refused rather than rounded`
	if err == nil || err.Error() != want {
		t.Fatalf("Store: %v; want %q", err, want)
	}
}

// Parts of a read without rows, each summing some of the records and
// joined in any order (concurrently), make the state one read of every
// record makes: the count, exact totals (large and null amounts among
// them), a key seen only with a null amount, and sums per key then
// currency.
func TestPartsJoinedInAnyOrderStoreWhatOneReadStores(t *testing.T) {
	shape := currencyShape()
	var records []currencyRecord
	for i, r := range recordsOf(t, "a", "0.1", "b", "123456789012345678901234.5", "a", "null", "c", "null",
		"b", "-0.000001", "a", "9223372036854775807", "a", "1", "b", "2e-3") {
		records = append(records, currencyRecord{record: r, currency: tolerant.StringOf([]string{"USD", "EUR", "USD"}[i%3])})
	}
	store := func(read *Read[currencyRecord]) tftypes.Value {
		var state tfsdk.State
		if err := read.Store(context.Background(), filter, &state); err != nil {
			t.Fatal(err)
		}
		return state.Raw
	}
	whole := shape.NewRead(context.Background(), false)
	whole.Add(records)
	want := store(whole)
	for _, cuts := range [][]int{{0, 8}, {0, 1, 8}, {0, 3, 4, 7, 8}, {0, 0, 2, 5, 8}} {
		for _, together := range []bool{true, false} {
			read := shape.NewRead(context.Background(), false)
			var joining sync.WaitGroup
			for i := len(cuts) - 1; i > 0; i-- { // the last part first
				part := read.Part()
				for j := cuts[i-1]; j < cuts[i]; j++ {
					if err := part.Add(&records[j]); err != nil {
						t.Fatal(err)
					}
				}
				if together {
					joining.Go(part.Join)
				} else {
					part.Join() // the next part takes this one's cleared sums
				}
			}
			joining.Wait()
			if got := store(read); !got.Equal(want) {
				t.Errorf("parts cut at %v (joined together: %v) store\n%v\nwant\n%v", cuts, together, got, want)
			}
		}
	}
}

// A part joins once: joined again it adds nothing, and a record added to
// it then fails rather than being lost or counted in the part that took
// its sums over.
func TestAPartJoinsOnce(t *testing.T) {
	shape := testShape(rowOfRecord)
	records := recordsOf(t, "a", "1", "b", "2")
	read := shape.NewRead(context.Background(), false)
	part := read.Part()
	if err := part.Add(&records[0]); err != nil {
		t.Fatal(err)
	}
	part.Join()
	part.Join()
	next := read.Part()
	err := part.Add(&records[1])
	if err == nil || err.Error() != "a record was added to a part of the read after the part joined" {
		t.Fatalf("a record added to a joined part: %v", err)
	}
	next.Join()
	var state tfsdk.State
	if err := read.Store(context.Background(), filter, &state); err != nil {
		t.Fatal(err)
	}
	want := tftypes.NewValue(stateType, map[string]tftypes.Value{
		"filter": filter["filter"],
		"rows":   tftypes.NewValue(stateType.AttributeTypes["rows"], nil),
		"count":  tftypes.NewValue(tftypes.Number, 1),
		"total":  tftypes.NewValue(tftypes.Number, 1),
		"by_key": tftypes.NewValue(NumberMapType, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.Number, 1)}),
	})
	if !state.Raw.Equal(want) {
		t.Fatalf("state\n%v\nwant\n%v", state.Raw, want)
	}
}

// Parts of any sizes, two open at a time, each taking over the cleared
// sums of a part that joined, sum to exactly what one read of every
// record sums: the count, the total, and the sums by key and by key then
// currency.
func FuzzPartsSumAsOneRead(f *testing.F) {
	f.Add("0.1,0.2,null,-0.3,1e-20,123456789012345678901234.5", []byte{1, 2, 3})
	f.Add("9223372036854775807,1,-9223372036854775808,-1,2e3", []byte{0, 5})
	f.Add("1e100,1e-100,3", []byte{2})
	f.Fuzz(func(t *testing.T, amounts string, sizes []byte) {
		shape := currencyShape()
		var records []currencyRecord
		for i, text := range strings.Split(amounts, ",") {
			var n tolerant.Number
			if n.UnmarshalJSON([]byte(text)) != nil {
				continue
			}
			records = append(records, currencyRecord{
				record:   record{key: tolerant.StringOf(string(rune('a' + i%3))), amount: n},
				currency: tolerant.StringOf([]string{"USD", "EUR"}[i/2%2]),
			})
		}
		if len(sizes) == 0 {
			sizes = []byte{1}
		}
		whole := shape.NewRead(context.Background(), false)
		whole.Add(records)
		want, wantErr := whole.summaries(filter)

		read := shape.NewRead(context.Background(), false)
		var open *Part[currencyRecord] // joins after the next part starts
		for start, i := 0, 0; start < len(records); i++ {
			size := int(sizes[i%len(sizes)] % 8)
			if size == 0 && i >= len(sizes) {
				size = 1 // empty parts once, not for ever
			}
			end := min(len(records), start+size)
			part := read.Part()
			for j := start; j < end; j++ {
				if err := part.Add(&records[j]); err != nil {
					t.Fatal(err)
				}
			}
			if open != nil {
				open.Join()
			}
			open, start = part, end
		}
		if open != nil {
			open.Join()
		}
		got, gotErr := read.summaries(filter)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("parts fail with %v; one read with %v", gotErr, wantErr)
		}
		for name, value := range want {
			if !got[name].Equal(value) {
				t.Fatalf("%s: parts sum %v; one read %v", name, got[name], value)
			}
		}
	})
}

// Terraform holds every string in Unicode normal form C, so keys that
// differ only in form ("Café" written with é, or with e and a combining
// accent) are one key to it: each breakdown has one sum for them, on both
// ways, under the key as Terraform writes it. Two sums would be two map
// entries of which Terraform keeps one, and the other's spend would be lost.
func TestKeysThatTerraformHoldsAsOneSumAsOne(t *testing.T) {
	const composed, decomposed = "Caf\u00e9", "Cafe\u0301"
	var records []currencyRecord
	for i, r := range recordsOf(t, composed, "1", decomposed, "2", "plain", "4") {
		records = append(records, currencyRecord{record: r, currency: tolerant.StringOf([]string{"A\u030a", "\u00c5", "\u00c5"}[i])})
	}
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"by_key": NumberMapType, "by_key_currency": tftypes.Map{ElementType: NumberMapType},
	}}
	amount := func(r currencyRecord) tolerant.Number { return r.amount }
	key := func(r currencyRecord) tolerant.String { return r.key }
	shape := NewShape(object, Layout[currencyRecord, struct{}]{Breakdowns: []Breakdown[currencyRecord]{
		{Name: "by_key", Key: key, Amount: amount},
		{Name: "by_key_currency", Key: key, Currency: func(r currencyRecord) tolerant.String { return r.currency }, Amount: amount},
	}})
	for _, direct := range []bool{false, true} {
		ctx, reply := context.Background(), (*Reply)(nil)
		if direct {
			ctx, reply = WithReply(ctx)
		}
		read := shape.NewRead(ctx, false)
		read.Add(records[:1])
		read.Add(records[1:])
		var state tfsdk.State
		if err := read.Store(ctx, map[string]tftypes.Value{}, &state); err != nil {
			t.Fatal(err)
		}
		value := state.Raw
		if direct {
			var err error
			if value, err = (&tfprotov6.DynamicValue{MsgPack: reply.state}).Unmarshal(object); err != nil {
				t.Fatal(err)
			}
		}
		var values map[string]tftypes.Value
		if err := value.As(&values); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"by_key":          `tftypes.Map[tftypes.Number]<"Café":tftypes.Number<"3">, "plain":tftypes.Number<"4">>`,
			"by_key_currency": `tftypes.Map[tftypes.Map[tftypes.Number]]<"Café":tftypes.Map[tftypes.Number]<"Å":tftypes.Number<"3">>, "plain":tftypes.Map[tftypes.Number]<"Å":tftypes.Number<"4">>>`,
		}
		for name, want := range want {
			if got := values[name].String(); got != want {
				t.Errorf("direct way %t: %s is\n%s\nwant\n%s", direct, name, got, want)
			}
		}
	}
}

// A state larger than Terraform takes from a provider in one answer is
// refused, saying what to do, rather than sent for Terraform to refuse
// with a bare "message larger than max": rows (the rows written so far
// are let go as soon as they pass it), or breakdowns alone.
func TestAStateBeyondWhatTerraformTakesIsRefused(t *testing.T) {
	shape := testShape(rowOfRecord)
	many := make([]record, 0, 400)
	for i := range 400 {
		many = append(many, recordsOf(t, fmt.Sprintf("key-%03d", i), "1.5")...)
	}
	for name, c := range map[string]struct {
		withRows bool
		records  []record
		want     string
	}{
		"rows": {true, many, "the state it would send Terraform is more than the 4000 bytes Terraform takes from a provider in one answer, " +
			"with the 400 rows kept: set include_rows = false, which keeps the rows out of state while every total and breakdown is still computed over all of them"},
		"breakdowns": {false, many, "the state it would send Terraform is more than the 4000 bytes Terraform takes from a provider in one answer, " +
			"without rows: its breakdowns alone are that large; read less at a time"},
		"within": {true, many[:20], ""},
	} {
		ctx, reply := WithReply(context.Background())
		reply.limit = 4000
		read := shape.NewRead(ctx, c.withRows)
		for i := 0; i < len(c.records); i += 10 {
			read.Add(c.records[i:min(i+10, len(c.records))])
		}
		var state tfsdk.State
		err := read.Store(ctx, filter, &state)
		var tooLarge *StateTooLargeError
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.want != "" && (!errors.As(err, &tooLarge) || err.Error() != c.want || tooLarge.Summary() != "State too large for Terraform"):
			t.Errorf("%s: %v; want %q", name, err, c.want)
		case c.want != "" && (reply.Written() || read.written != nil):
			t.Errorf("%s: a refused state is kept (%v, %d batches)", name, reply.Written(), len(read.written))
		}
	}
}

// The decoder reads bytes that are not UTF-8 as U+FFFD, so that two keys
// a vendor sent differently may arrive as one: a breakdown key holding it
// is refused, rather than summing what may be two currencies or
// accounts as one.
func TestABreakdownKeyOfBytesNotUTF8IsRefused(t *testing.T) {
	shape := testShape(rowOfRecord)
	for _, direct := range []bool{false, true} {
		ctx := context.Background()
		if direct {
			ctx, _ = WithReply(ctx)
		}
		read := shape.NewRead(ctx, true)
		read.Add(recordsOf(t, "EUR", "1", "EU\uFFFD", "2", "\uFFFDSD", "3"))
		var state tfsdk.State
		err := read.Store(ctx, filter, &state)
		var unreadable *UnreadableKeyError
		want := "by_key: the key \"EU\uFFFD\" holds U+FFFD (\uFFFD), the character bytes that are not UTF-8 are read as: keys the API sent differently there cannot be told apart, and their sums would be added together"
		if !errors.As(err, &unreadable) || err.Error() != want || unreadable.Summary() != "Breakdown key not readable" {
			t.Errorf("direct %v: %v; want %s", direct, err, want)
		}
	}
}

// Per currency, the currency may be the key's part that is not readable.
func TestAnUnreadableCurrencyIsNamedWithItsKey(t *testing.T) {
	err := &UnreadableKeyError{Breakdown: "amount_by_app", Key: "1001", Currency: "EU\uFFFD"}
	want := "amount_by_app: the currency \"EU\uFFFD\" of the key \"1001\" holds U+FFFD (\uFFFD), the character bytes that are not UTF-8 are read as: " +
		"keys the API sent differently there cannot be told apart, and their sums would be added together"
	if err.Error() != want {
		t.Errorf("got %s\nwant %s", err, want)
	}
}

// A read's numbers reach Terraform as they are, on the direct way, when
// terraform-plugin-go would write them as a float64 that Terraform reads
// as another number (Writer.bigFloat): in rows, totals and breakdowns.
func TestTheDirectWayWritesEveryNumberExactly(t *testing.T) {
	const dyadic = "0.000000059604644775390625" // 2^-24: Terraform reads its float64 as 0.00000005960464477539062
	ctx, reply := WithReply(context.Background())
	read := testShape(rowOfRecord).NewRead(ctx, true)
	read.Add(recordsOf(t, "a", `"`+dyadic+`"`))
	var state tfsdk.State
	if err := read.Store(ctx, filter, &state); err != nil {
		t.Fatal(err)
	}
	value, err := (&tfprotov6.DynamicValue{MsgPack: reply.state}).Unmarshal(stateType)
	if err != nil {
		t.Fatal(err)
	}
	var values, row map[string]tftypes.Value
	var rows []tftypes.Value
	var byKey map[string]tftypes.Value
	if err := value.As(&values); err != nil {
		t.Fatal(err)
	}
	if err := values["rows"].As(&rows); err != nil || len(rows) != 1 {
		t.Fatalf("rows %v: %v", values["rows"], err)
	}
	if err := rows[0].As(&row); err != nil {
		t.Fatal(err)
	}
	if err := values["by_key"].As(&byKey); err != nil {
		t.Fatal(err)
	}
	for name, number := range map[string]tftypes.Value{"rows[0].amount": row["amount"], "total": values["total"], `by_key["a"]`: byKey["a"]} {
		var n big.Float
		if err := number.As(&n); err != nil {
			t.Fatal(err)
		}
		if got := n.Text('f', -1); got != dyadic {
			t.Errorf("%s reaches Terraform as %s; want %s", name, got, dyadic)
		}
	}
}
