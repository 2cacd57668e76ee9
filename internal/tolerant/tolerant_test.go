package tolerant

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant/jsontest"
)

func TestNumberDecodesEveryShapeVendorsSend(t *testing.T) {
	cases := []struct {
		json string
		want string // exact decimal text, or "null"
	}{
		{`0`, "0"},
		{`12.5`, "12.5"},
		{`-0.000001`, "-0.000001"},
		{`1e3`, "1000"},
		{`1.5E-2`, "0.015"},
		{`"42"`, "42"},
		{`" 7.25 "`, "7.25"},
		{`"+3"`, "3"},
		{`".5"`, "0.5"},
		{`null`, "null"},
		// More digits than a float64 holds: kept exactly.
		{`12345678901234567890.123456789012345678`, "12345678901234567890.123456789012345678"},
		{`"0.1000000000000000055511151231257827"`, "0.1000000000000000055511151231257827"},
	}
	for _, c := range cases {
		var n Number
		if err := json.Unmarshal([]byte(c.json), &n); err != nil {
			t.Errorf("Unmarshal(%s): %v", c.json, err)
			continue
		}
		if got := n.String(); got != c.want {
			t.Errorf("Unmarshal(%s) = %s, want %s", c.json, got, c.want)
		}
	}
}

func TestNumberAbsentFieldIsNull(t *testing.T) {
	var row struct {
		Cost Number `json:"cost"`
	}
	if err := json.Unmarshal([]byte(`{}`), &row); err != nil {
		t.Fatal(err)
	}
	if !row.Cost.IsNull() {
		t.Fatalf("absent field decoded as %s, want null", row.Cost)
	}
}

func TestNumberRefusesWhatCannotBeANumber(t *testing.T) {
	cases := map[string]string{
		`{"a":1}`:       "object",
		`[1]`:           "array",
		`true`:          "boolean true",
		`"abc"`:         `string "abc"`,
		`"0x10"`:        `string "0x10"`,
		`"1e"`:          `string "1e"`,
		`"."`:           `string "."`,
		`"1e99999999"`:  `string "1e99999999" out of range (the exponent of its last significant digit is beyond ±1000)`,
		`1e99999999`:    "number 1e99999999 out of range (the exponent of its last significant digit is beyond ±1000)",
		`"NaN"`:         `string "NaN"`,
		`"Infinity"`:    `string "Infinity"`,
		`"1_000"`:       `string "1_000"`,
		`"--1"`:         `string "--1"`,
		`"1.2.3"`:       `string "1.2.3"`,
		`"12 apples"`:   `string "12 apples"`,
		`"e5"`:          `string "e5"`,
		`"1e+-5"`:       `string "1e+-5"`,
		`"None at all"`: `string "None at all"`,
		// TrueWatch's "None" means no value only from TrueWatch (NumberOrNone).
		`"None"`: `string "None"`,
		// No vendor documents an empty string for no value: it would be
		// counted as nothing where an amount may be missing.
		`""`:   `string ""`,
		`"  "`: `string "  "`,
	}
	for input, described := range cases {
		var row struct {
			Amount Number `json:"amount"`
		}
		err := json.Unmarshal([]byte(`{"amount":`+input+`}`), &row)
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) {
			t.Errorf("%s: got error %v, want a *json.UnmarshalTypeError", input, err)
			continue
		}
		if typeErr.Field != "amount" || typeErr.Value != described {
			t.Errorf("%s: error at field %q describing %q, want field amount describing %q", input, typeErr.Field, typeErr.Value, described)
		}
	}
}

func TestExactSumOfDecodedNumbers(t *testing.T) {
	var rows []struct {
		Amount NumberOrNone `json:"amount"`
	}
	if err := json.Unmarshal([]byte(`[{"amount":0.1},{"amount":"0.2"},{"amount":"None"},{}]`), &rows); err != nil {
		t.Fatal(err)
	}
	sum := decimal.Zero
	for _, r := range rows {
		if d, ok := r.Amount.Decimal(); ok {
			sum = sum.Add(d)
		}
	}
	if sum.String() != "0.3" {
		t.Fatalf("0.1 + 0.2 = %s, want exactly 0.3", sum)
	}
}

func TestStringDecodesEveryShapeVendorsSend(t *testing.T) {
	cases := []struct {
		json, want string
		null       bool
	}{
		{json: `"Session Replay"`, want: "Session Replay"},
		{json: `""`, want: ""},
		{json: `"None"`, want: "None"}, // text as written: only TrueWatch means no value by it
		{json: `null`, null: true},
		{json: `12345`, want: "12345"},
		{json: `1.50`, want: "1.50"},
		{json: `false`, want: "false"},
		{json: `"\u00e9t\u00e9"`, want: "été"},
	}
	for _, c := range cases {
		var s String
		if err := json.Unmarshal([]byte(c.json), &s); err != nil {
			t.Errorf("Unmarshal(%s): %v", c.json, err)
			continue
		}
		got, ok := s.Value()
		if ok == c.null || got != c.want {
			t.Errorf("Unmarshal(%s) = (%q, known=%v), want (%q, known=%v)", c.json, got, ok, c.want, !c.null)
		}
	}
	for _, bad := range []string{`{}`, `["a"]`} {
		var s String
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("Unmarshal(%s) accepted a non-scalar as a string", bad)
		}
	}
}

// TrueWatch writes "None", null or nothing for no value (APIS.md); an
// empty amount is none of them, and is refused rather than summed as 0.
func TestNumberOrNoneRefusesAnEmptyString(t *testing.T) {
	for _, input := range []string{`""`, `" "`} {
		var row struct {
			Amount NumberOrNone `json:"amount"`
		}
		err := json.Unmarshal([]byte(`{"amount":`+input+`}`), &row)
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) || typeErr.Value != "string "+input {
			t.Errorf("%s: got %s and error %v, want a *json.UnmarshalTypeError describing string %s", input, row.Amount, err, input)
		}
	}
}

// The OrNone types are for TrueWatch, whose Python back end writes "None"
// for no value; otherwise they decode as the strict types.
func TestOrNoneTypesReadNoneAsNull(t *testing.T) {
	var row struct {
		Text   StringOrNone `json:"text"`
		Amount NumberOrNone `json:"amount"`
	}
	if err := json.Unmarshal([]byte(`{"text":"None","amount":"None"}`), &row); err != nil {
		t.Fatal(err)
	}
	if !row.Text.IsNull() || !row.Amount.IsNull() {
		t.Errorf(`"None" decoded as %q and %s, want null and null`, row.Text.Text(), row.Amount)
	}
	// An escaped "None" is still "None".
	if err := json.Unmarshal([]byte(`{"text":"\u004eone","amount":"N\u006fne"}`), &row); err != nil {
		t.Fatal(err)
	}
	if !row.Text.IsNull() || !row.Amount.IsNull() {
		t.Errorf(`an escaped "None" decoded as %q and %s, want null and null`, row.Text.Text(), row.Amount)
	}
	if err := json.Unmarshal([]byte(`{"text":"None at all","amount":" 0.25 "}`), &row); err != nil {
		t.Fatal(err)
	}
	if v, ok := row.Text.Value(); !ok || v != "None at all" || row.Amount.String() != "0.25" {
		t.Errorf("decoded %q, %s; want \"None at all\", 0.25", v, row.Amount)
	}
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal([]byte(`{"amount":"12 USD"}`), &row); !errors.As(err, &typeErr) || expected(typeErr) != `a number, a numeric string, "None" or null` {
		t.Errorf("error %v, want a type error expecting a number, a numeric string, \"None\" or null", err)
	}
	if err := json.Unmarshal([]byte(`{"text":{}}`), &row); !errors.As(err, &typeErr) || expected(typeErr) != `a string, "None" or null` {
		t.Errorf("error %v, want a type error expecting a string, \"None\" or null", err)
	}
}

// Other vendors' "None" is text: kept in a string, a wrong type where a
// number or a boolean belongs, never null.
func TestStrictTypesRefuseNoneWhereTextDoesNotBelong(t *testing.T) {
	var row struct {
		Text   String `json:"text"`
		Amount Number `json:"amount"`
		Flag   Bool   `json:"flag"`
	}
	if err := json.Unmarshal([]byte(`{"text":"None"}`), &row); err != nil {
		t.Fatal(err)
	}
	if v, ok := row.Text.Value(); !ok || v != "None" {
		t.Errorf(`a string "None" decoded as (%q, known=%v), want the text None`, v, ok)
	}
	for field, want := range map[string]string{
		"amount": `a number, a numeric string or null`,
		"flag":   `true, false, "true", "false", 0, 1 or null`,
	} {
		var typeErr *json.UnmarshalTypeError
		err := json.Unmarshal([]byte(`{"`+field+`":"None"}`), &row)
		if !errors.As(err, &typeErr) || typeErr.Field != field || typeErr.Value != `string "None"` || expected(typeErr) != want {
			t.Errorf(`%s "None": error %v, want a type error at %s expecting %s`, field, err, field, want)
		}
	}
}

func expected(err *json.UnmarshalTypeError) string {
	e, ok := reflect.Zero(err.Type).Interface().(interface{ Expected() string })
	if !ok {
		return ""
	}
	return e.Expected()
}

func TestDescribeIsShort(t *testing.T) {
	got := Describe([]byte(`"` + strings.Repeat("x", 500) + `"`))
	if len(got) > 60 {
		t.Fatalf("Describe of a long string is %d characters: %q", len(got), got)
	}
}

// FuzzNumber checks that no input panics, that everything accepted has an
// exponent in range, that a decoded value survives a round trip through its
// own text unchanged, and that NumberOrNone reads as Number but for "None".
func FuzzNumber(f *testing.F) {
	for _, seed := range []string{`0`, `-1.5e-3`, `"12.50"`, `"None"`, `"N\u006fne"`, `null`, `""`, `{}`, `[]`, `true`, `"1e99999"`, `"+.5"`, `"5."`, `"-"`, `"e"`, `1E+2`, ` 7 `, `1e1001`, `-0.00`, `123456789012345678901234567890`, `"\u0031"`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		decodesAlikeBothWays[Number](t, input)
		decodesAlikeBothWays[NumberOrNone](t, input)
		var n Number
		err := json.Unmarshal([]byte(input), &n)
		var orNone NumberOrNone
		errOrNone := json.Unmarshal([]byte(input), &orNone)
		var text string
		isNone := json.Unmarshal([]byte(input), &text) == nil && strings.TrimSpace(text) == noValue
		switch {
		case isNone && (err == nil || errOrNone != nil || !orNone.IsNull()):
			t.Fatalf("%q: Number error %v, NumberOrNone %s (error %v); want an error, and null", input, err, orNone, errOrNone)
		case !isNone && ((err == nil) != (errOrNone == nil) || n.String() != orNone.String()):
			t.Fatalf("%q: Number %s (error %v), NumberOrNone %s (error %v); want the same", input, n, err, orNone, errOrNone)
		}
		if err != nil {
			return
		}
		d, ok := n.Decimal()
		if !ok {
			return
		}
		if exp := d.Exponent(); exp > MaxExponent || exp < -MaxExponent {
			t.Fatalf("%q accepted with exponent %d", input, exp)
		}
		again, err := ParseDecimal(d.String())
		if err != nil {
			t.Fatalf("%q decoded to %s, which does not parse again: %v", input, d, err)
		}
		if !again.Equal(d) {
			t.Fatalf("%q: round trip %s -> %s", input, d, again)
		}
	})
}

// decodesAlikeBothWays fails unless the client's fast decoder (with the
// options it is used with), which calls UnmarshalJSONFrom, reads input
// into a T as encoding/json, which calls UnmarshalJSON, does: the same
// value, and an error exactly when encoding/json has one.
func decodesAlikeBothWays[T any](t *testing.T, input string) {
	t.Helper()
	var std, fast T
	stdErr := json.Unmarshal([]byte(input), &std)
	fastErr := jsonv2.Unmarshal([]byte(input), &fast, DecoderOptions())
	if !jsontest.ReadAlike(input, std, fast, stdErr, fastErr) {
		t.Fatalf("%q as a %T: encoding/json reads %#v (error %v), the fast decoder %#v (error %v)", input, std, std, stdErr, fast, fastErr)
	}
}

// FuzzString checks that no input panics, that String reads every JSON
// string as the standard decoder does ("None" included), and that
// StringOrNone reads the same but "None", which it never keeps.
func FuzzString(f *testing.F) {
	for _, seed := range []string{`"a"`, `"None"`, `"\u004eone"`, `null`, `1`, `{}`, `"\ud800"`, `"caf\u00e9"`, "\"caf\xc3\xa9\"", "\"\xff\"", `"a\"b"`, ` "None" `, `1.50`, `-0`, `true`, `[]`, `"\ud83d\ude00"`, "\"a\xed\xa0\x80b\""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		decodesAlikeBothWays[String](t, input)
		decodesAlikeBothWays[StringOrNone](t, input)
		var s String
		err := json.Unmarshal([]byte(input), &s)
		var orNone StringOrNone
		errOrNone := json.Unmarshal([]byte(input), &orNone)
		if (err == nil) != (errOrNone == nil) {
			t.Fatalf("%q: String error %v, StringOrNone error %v", input, err, errOrNone)
		}
		// The fast path of unquote must read every string as the
		// standard decoder does.
		var want string
		if isString := strings.HasPrefix(strings.TrimSpace(input), `"`); isString && json.Unmarshal([]byte(input), &want) == nil {
			if err != nil {
				t.Fatalf("%q: %v, but it is a JSON string", input, err)
			}
			if got, ok := s.Value(); !ok || got != want {
				t.Fatalf("%q read as %q, want %q", input, got, want)
			}
		}
		if err != nil {
			return
		}
		if v, ok := orNone.Value(); ok && v == noValue {
			t.Fatalf("%q: StringOrNone kept the no-value marker as a string", input)
		}
		if v, _ := s.Value(); v != noValue && orNone.String != s {
			t.Fatalf("%q: StringOrNone read %q, String %q", input, orNone.Text(), v)
		}
	})
}

func TestBoolDecodesEveryShape(t *testing.T) {
	for input, want := range map[string]string{
		`true`: "true", `false`: "false", `"TRUE"`: "true", `"false"`: "false",
		`1`: "true", `0`: "false", `null`: "null",
	} {
		decodesAlikeBothWays[Bool](t, input)
		var b Bool
		if err := json.Unmarshal([]byte(input), &b); err != nil {
			t.Errorf("Unmarshal(%s): %v", input, err)
			continue
		}
		got := "null"
		if v, ok := b.Value(); ok {
			got = strconv.FormatBool(v)
		}
		if got != want {
			t.Errorf("Unmarshal(%s) = %s, want %s", input, got, want)
		}
	}
	for _, bad := range []string{`2`, `"yes"`, `{}`, `[]`, `0.5`, `"None"`} {
		decodesAlikeBothWays[Bool](t, bad)
		var b Bool
		var typeErr *json.UnmarshalTypeError
		if err := json.Unmarshal([]byte(bad), &b); !errors.As(err, &typeErr) {
			t.Errorf("Unmarshal(%s) error = %v, want a type error", bad, err)
		}
	}
}

func TestCountAcceptsOnlyWholeNonNegativeNumbers(t *testing.T) {
	for text, want := range map[string]int64{`3`: 3, `"250"`: 250, `0`: 0} {
		var n Number
		if err := json.Unmarshal([]byte(text), &n); err != nil {
			t.Fatal(err)
		}
		if got, ok := n.Count(); !ok || got != want {
			t.Errorf("Count of %s = %d, %v; want %d", text, got, ok, want)
		}
	}
	for _, text := range []string{`null`, `-1`, `2.5`, `1e30`} {
		var n Number
		if err := json.Unmarshal([]byte(text), &n); err != nil {
			t.Fatal(err)
		}
		if got, ok := n.Count(); ok {
			t.Errorf("Count of %s = %d; want no count", text, got)
		}
	}
}

// A number is in range when the exponent of its last significant digit is
// within ±MaxExponent, however it is written: 1000 places after the point
// are 10^-1000, 1001 are beyond; 10^1000 in digits is in range, 10^1001
// (or 10e1000) is not, for its digits would make every sum over it a
// number of 1001 digits. Zeros that only place the point count for
// nothing, and zero is zero however written.
func TestNumberExponentLimitIsInclusive(t *testing.T) {
	places := func(n int) string { return "0." + strings.Repeat("0", n-1) + "1" }
	for _, input := range []string{`1e1000`, `1e-1000`, `"1E+1000"`, `"-25e-1000"`, places(1000), `"` + places(1000) + `"`,
		"0." + strings.Repeat("0", 1000), "0." + strings.Repeat("0", 5000), `0e99999999999999999999`,
		"1" + strings.Repeat("0", 1000), "11" + strings.Repeat("0", 1000), "95e1000", "1.000e-998", "1." + strings.Repeat("0", 5000)} {
		var n Number
		if err := json.Unmarshal([]byte(input), &n); err != nil {
			t.Errorf("Unmarshal(%.40s…): %v; the exponent of its last significant digit is within ±%d", input, err, MaxExponent)
		}
	}
	for _, input := range []string{`1e1001`, `1e-1001`, `10e1000`, `0.1e-1000`, places(1001), `"` + places(1001) + `"`, "-" + places(5000),
		"1" + strings.Repeat("0", 1001), `"-1` + strings.Repeat("0", 1001) + `"`, "1" + strings.Repeat("0", 1<<20), `1e99999999999999999999`} {
		var n Number
		err := json.Unmarshal([]byte(input), &n)
		want := fmt.Sprintf("out of range (the exponent of its last significant digit is beyond ±%d)", MaxExponent)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Unmarshal(%.40s…) = %.40s…, %v; beyond ±%d is out of range, and the error says so", input, n, err, MaxExponent)
		}
	}
}

// A number of a million digits is judged by its text, not parsed as a big
// number (which takes time that grows with the square of the digits):
// refused as out of range, or for its digits, saying so, or read.
func TestAMillionDigitsAreJudgedByTheirText(t *testing.T) {
	million := strings.Repeat("7", 1<<20)
	for input, want := range map[string]string{
		million: fmt.Sprintf("with %d significant digits", 1<<20),
		`"0.` + strings.Repeat("0", 1<<20) + `1"`:      "out of range",
		"1" + strings.Repeat("0", 1<<20) + "e-1048576": "", // 1
	} {
		var n Number
		err := json.Unmarshal([]byte(input), &n)
		if want == "" {
			if d, _ := n.Decimal(); err != nil || !d.Equal(decimal.New(1, 0)) {
				t.Errorf("Unmarshal(%.20s…) = %s, %v; want 1", input, n, err)
			}
		} else if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Unmarshal(%.20s…): %v; want an error saying %q", input, err, want)
		}
	}
}

// BenchmarkLongDigits reads a number of a million digits, which is refused.
func BenchmarkLongDigits(b *testing.B) {
	input := []byte("1" + strings.Repeat("0", 1<<20))
	for b.Loop() {
		if json.Unmarshal(input, new(Number)) == nil {
			b.Fatal("a million digits were read")
		}
	}
}

// A number with more significant digits than Terraform holds exactly is
// refused, saying how many it has, rather than rounded: written as a
// number or in a string, wherever its point and exponent stand. Zeros
// that only place the point (leading, or trailing) are not significant.
func TestNumberBeyondTerraformsPrecisionIsRefused(t *testing.T) {
	digits := func(n int) string { return strings.Repeat("123456789", n/9+1)[:n] }
	for _, input := range []string{
		digits(MaxSignificantDigits),
		"-" + digits(MaxSignificantDigits),
		"0." + digits(MaxSignificantDigits),
		"0.000" + digits(MaxSignificantDigits),
		digits(MaxSignificantDigits) + "000",
		digits(MaxSignificantDigits-1) + "." + "9" + "0000",
		digits(MaxSignificantDigits) + "e-1000",
		`"` + digits(MaxSignificantDigits) + `"`,
	} {
		decodesAlikeBothWays[Number](t, input)
		var n Number
		if err := json.Unmarshal([]byte(input), &n); err != nil {
			t.Errorf("Unmarshal(%s): %v; %d significant digits are held exactly", input, err, MaxSignificantDigits)
		}
	}
	for _, input := range []string{
		digits(MaxSignificantDigits + 1),
		"-" + digits(MaxSignificantDigits+1),
		"0.000" + digits(MaxSignificantDigits+1),
		digits(MaxSignificantDigits) + ".1",
		digits(MaxSignificantDigits+1) + "e500",
		`"` + digits(MaxSignificantDigits+1) + `"`,
	} {
		decodesAlikeBothWays[Number](t, input) // refused by the fast decoder too
		var n Number
		err := json.Unmarshal([]byte(input), &n)
		want := fmt.Sprintf("with %d significant digits, more than the %d Terraform holds exactly", MaxSignificantDigits+1, MaxSignificantDigits)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Unmarshal(%.20s...) = %s, %v; want an error saying %q", input, n, err, want)
		}
	}
	var wide NumberOrNone
	if err := json.Unmarshal([]byte(digits(200)), &wide); err == nil || !strings.Contains(err.Error(), "with 200 significant digits") {
		t.Errorf("NumberOrNone of 200 digits: %v", err)
	}
}

// A string of nothing but escapes is read through them, not as written.
func TestStringOfOnlyEscapes(t *testing.T) {
	for input, want := range map[string]string{`"\\"`: `\`, `"\\\\"`: `\\`, `"\""`: `"`, `"\n"`: "\n"} {
		var s String
		if err := json.Unmarshal([]byte(input), &s); err != nil {
			t.Errorf("Unmarshal(%s): %v", input, err)
			continue
		}
		if got, _ := s.Value(); got != want {
			t.Errorf("Unmarshal(%s) = %q, want %q", input, got, want)
		}
	}
}

// A value of up to 40 characters is quoted whole; a longer number is cut
// to 40 with an ellipsis, and a longer string is not quoted at all: a cut
// could show part of a credential, which is masked only whole, or part of
// a character.
func TestDescribeQuotesUpTo40Characters(t *testing.T) {
	forty := `"` + strings.Repeat("x", 38) + `"`
	if got := Describe([]byte(forty)); got != "string "+forty {
		t.Errorf("Describe of 40 characters = %q", got)
	}
	fortyOne := `"` + strings.Repeat("é", 19) + `x"`
	if got, want := Describe([]byte(fortyOne)), "string of 41 bytes"; got != want {
		t.Errorf("Describe of 41 characters = %q, want %q", got, want)
	}
	number := strings.Repeat("1", 41)
	if got, want := Describe([]byte(number)), "number "+number[:37]+"..."; got != want {
		t.Errorf("Describe of a number of 41 digits = %q, want %q", got, want)
	}
}

// FuzzSmallDecimal: the short way reads every text it takes exactly as
// decimal.NewFromString does (the same coefficient and exponent), and
// takes none that ParseDecimal refuses for its exponent.
func FuzzSmallDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0", "+1", "1.20", ".5", "5.", "-.5", "007", "0.000", "123456789012345678",
		"1234567890123456789", "0.000000000000000000000001", "99999999999999999.9", "1.2.3", "1e5", "-", ".", "", "+-1", " 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		coefficient, exponent, ok := smallDecimal(s)
		if !ok {
			return
		}
		if exponent < -MaxExponent {
			t.Fatalf("%q: the short way reads an exponent of %d, beyond the -%d the general way refuses", s, exponent, MaxExponent)
		}
		small := decimal.New(coefficient, exponent)
		want, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("%q: the short way reads %s, decimal.NewFromString refuses it: %v", s, small, err)
		}
		if small.Exponent() != want.Exponent() || small.Coefficient().Cmp(want.Coefficient()) != 0 {
			t.Fatalf("%q: the short way reads %s (%s × 10^%d), decimal.NewFromString %s (%s × 10^%d)",
				s, small, small.Coefficient(), small.Exponent(), want, want.Coefficient(), want.Exponent())
		}
	})
}

// A number held small is written as decimal.Decimal's String writes it:
// every caller, the state's numbers and the keys that tell records apart
// included, sees the same text either way.
func FuzzSmallNumberText(f *testing.F) {
	for _, c := range []struct {
		coefficient int64
		exponent    int32
	}{{0, 0}, {0, -3}, {0, 5}, {1, 0}, {-1, 0}, {5, 3}, {-5, 3}, {10, -1}, {-50, -2}, {1050, -2}, {123, -5}, {-123, -3},
		{999999999999999999, -18}, {-999999999999999999, 4}, {100, -30}, {7, -MaxExponent}, {7, 40}} {
		f.Add(c.coefficient, c.exponent)
	}
	f.Fuzz(func(t *testing.T, coefficient int64, exponent int32) {
		if exponent > 400 || exponent < -MaxExponent {
			return // numbers are refused beyond MaxExponent; a long run of zeros shows nothing more
		}
		want := decimal.New(coefficient, exponent).String()
		if got := string(appendSmall(nil, coefficient, exponent)); got != want {
			t.Fatalf("%d × 10^%d written %q, decimal writes %q", coefficient, exponent, got, want)
		}
	})
}
