// Package tolerant decodes vendor JSON values whose shape the vendors do not
// keep to: a money field may arrive as a JSON number, a numeric string, null,
// or not at all. Each type here decodes every such shape into a value that is
// either known or null, and refuses shapes that cannot mean a value of its
// kind (an object where a number belongs, say) with a
// *json.UnmarshalTypeError, so the decoder reports the field's path.
//
// The string "None" is text, as any other: a wrong type where a number
// belongs. Only TrueWatch, whose Python back end writes "None" for no value,
// means null by it; its fields are NumberOrNone and StringOrNone.
//
// Numbers are kept as exact decimals parsed from the JSON text; they never
// pass through float64.
//
// Each type decodes through UnmarshalJSON (encoding/json) and through
// UnmarshalJSONFrom (the client's fast decoder, which prefers it), alike.
// A type that embeds one of them and decodes in a way of its own must
// define both methods, or the fast decoder takes the embedded type's way.
package tolerant

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"
)

// MaxExponent bounds the decimal exponent accepted in a number. Larger
// exponents (1e999999999) would make the decimal text, and the memory to hold
// it, explode; no bill needs them, and Terraform's numbers cannot carry them.
const MaxExponent = 1000

// MaxSignificantDigits is how many significant digits a number may have.
// Terraform holds numbers in 512-bit binary floats, which carry a decimal
// of up to 150 significant digits back to the same text; one with more
// would be rounded, so it is refused.
const MaxSignificantDigits = 150

// noValue is the text TrueWatch (a Python back end) writes for an empty field.
const noValue = "None"

// How the shared decoders read noValue.
const (
	noneIsText = false
	noneIsNull = true
)

// Number is a decimal that may be null. A value of up to 18 significant
// digits, as nearly every amount is, is held as an int64 coefficient and
// an exponent: no big number is allocated for it, where a decimal.Decimal
// allocates one for each of the millions of amounts a large listing has.
// A larger value is held as a decimal.Decimal.
type Number struct {
	coefficient int64 // the value is coefficient × 10^exponent, unless large is set
	exponent    int32
	valid       bool
	large       *decimal.Decimal
}

// maxSmallDigits is the most digits a coefficient held in an int64 has:
// every number of 18 digits fits.
const maxSmallDigits = 18

// NumberOf returns a known Number.
func NumberOf(d decimal.Decimal) Number {
	if d.NumDigits() <= maxSmallDigits {
		return Number{coefficient: d.CoefficientInt64(), exponent: d.Exponent(), valid: true}
	}
	return Number{large: &d, valid: true}
}

// Decimal returns the value and whether it is known (not null).
func (n Number) Decimal() (decimal.Decimal, bool) {
	switch {
	case !n.valid:
		return decimal.Decimal{}, false
	case n.large != nil:
		return *n.large, true
	default:
		return decimal.New(n.coefficient, n.exponent), true
	}
}

// Small returns the value as coefficient × 10^exponent when it is held
// small, a coefficient of at most 18 digits (ok false when it is not, or n
// is null): the way to the value that allocates nothing.
func (n Number) Small() (coefficient int64, exponent int32, ok bool) {
	return n.coefficient, n.exponent, n.valid && n.large == nil
}

// Count is the value as a count (a whole, non-negative number that fits an
// int64), reporting false for null or anything else.
func (n Number) Count() (int64, bool) {
	d, ok := n.Decimal()
	if !ok || !d.IsInteger() || d.IsNegative() || !d.BigInt().IsInt64() {
		return 0, false
	}
	return d.IntPart(), true
}

// IsNull reports whether the value is null (sent as null, or left out).
func (n Number) IsNull() bool { return !n.valid }

// String returns the exact decimal text, or "null": as decimal.Decimal's
// String writes it (no exponent, no trailing zero after the point).
func (n Number) String() string {
	switch {
	case !n.valid:
		return "null"
	case n.large != nil:
		return n.large.String()
	}
	return string(appendSmall(make([]byte, 0, 24), n.coefficient, n.exponent))
}

// Append appends what String returns to b.
func (n Number) Append(b []byte) []byte {
	if n.valid && n.large == nil {
		return appendSmall(b, n.coefficient, n.exponent)
	}
	return append(b, n.String()...)
}

// appendSmall appends coefficient × 10^exponent as decimal.Decimal's
// String writes it, without the big number that String makes: keys made
// of amounts are written once a record.
func appendSmall(b []byte, coefficient int64, exponent int32) []byte {
	switch {
	case coefficient == 0:
		return append(b, '0')
	case exponent >= 0:
		b = strconv.AppendInt(b, coefficient, 10)
		for range exponent {
			b = append(b, '0')
		}
		return b
	}
	magnitude := uint64(coefficient) //nolint:gosec // two's complement: negated below when negative
	if coefficient < 0 {
		b, magnitude = append(b, '-'), -magnitude
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], magnitude, 10)
	point := len(digits) - int(-exponent) // digits before the point; < 1: none
	fraction := digits[max(point, 0):]
	for len(fraction) > 0 && fraction[len(fraction)-1] == '0' {
		fraction = fraction[:len(fraction)-1]
	}
	if point > 0 {
		b = append(b, digits[:point]...)
	} else {
		b = append(b, '0')
	}
	if len(fraction) == 0 {
		return b
	}
	b = append(b, '.')
	for range -min(point, 0) {
		b = append(b, '0')
	}
	return append(b, fraction...)
}

// Expected describes, for error messages, what the JSON value should have been.
func (Number) Expected() string { return `a number, a numeric string or null` }

// UnmarshalJSON accepts a JSON number, a numeric string or null. An empty
// string is refused: no vendor writes it for no value, and as null it
// would add nothing to a sum.
func (n *Number) UnmarshalJSON(data []byte) error { return n.decode(data, noneIsText, n) }

// UnmarshalJSONFrom is UnmarshalJSON for a decoder that reads values as
// they arrive, which the client's fast decoder is: the same values,
// without a second pass over each value's bytes.
func (n *Number) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return n.decodeFrom(dec, noneIsText, n)
}

// NumberOrNone is a Number from TrueWatch, where the string "None" is null.
type NumberOrNone struct{ Number }

// Expected describes, for error messages, what the JSON value should have been.
func (NumberOrNone) Expected() string { return `a number, a numeric string, "None" or null` }

// UnmarshalJSON accepts a JSON number, a numeric string, "None" or null.
func (n *NumberOrNone) UnmarshalJSON(data []byte) error { return n.decode(data, noneIsNull, n) }

// UnmarshalJSONFrom is UnmarshalJSON for a decoder that reads values as
// they arrive (Number's would take "None" for text).
func (n *NumberOrNone) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return n.decodeFrom(dec, noneIsNull, n)
}

// decode reads data into n, and "None" as null if noneNull; type errors
// name target's type.
func (n *Number) decode(data []byte, noneNull bool, target any) error {
	*n = Number{}
	switch kind(data) {
	case kindNull:
		return nil
	case kindNumber:
		number, err := parseNumber(data)
		if err != nil {
			return numberError(data, target, err)
		}
		*n = number
		return nil
	case kindString:
		s, err := unquote(data)
		if err != nil {
			return typeError(data, target)
		}
		s = strings.TrimSpace(s)
		if noneNull && s == noValue {
			return nil
		}
		number, err := parseNumber(s)
		if err != nil {
			return numberError(data, target, err)
		}
		*n = number
		return nil
	default:
		return typeError(data, target)
	}
}

// decodeFrom is decode for the value dec reads next. A number, the common
// case, is parsed straight from the decoder's bytes, which the decoder has
// checked; other values take decode's way.
func (n *Number) decodeFrom(dec *jsontext.Decoder, noneNull bool, target any) error {
	value, err := dec.ReadValue()
	if err != nil {
		return err
	}
	if value.Kind() != '0' {
		return n.decode(value, noneNull, target)
	}
	number, err := parseNumber(value)
	if err != nil {
		return numberError(value, target, err)
	}
	*n = number
	return nil
}

// ParseDecimal parses decimal text in the JSON number syntax (a leading "+"
// and a bare leading "." are tolerated, as vendors write them in strings).
// Exponents beyond ±MaxExponent are refused.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if coefficient, exponent, ok := smallDecimal(s); ok {
		return decimal.New(coefficient, exponent), nil
	}
	return parseLarge(s)
}

// parseLarge is ParseDecimal for every text smallDecimal does not take.
// The text is judged before any of it is parsed as a big number, whose
// parsing takes time that grows with the square of the digits: one of more
// than MaxSignificantDigits significant digits is refused for them, and
// one whose last significant digit's exponent is beyond ±MaxExponent
// (1e1001 and 10e1000 alike, however written) is out of range. What is
// parsed is the significant digits alone. Zero is zero, however written.
func parseLarge(s string) (decimal.Decimal, error) {
	if !looksNumeric(s) {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	mantissa, exponentText := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mantissa, exponentText = s[:i], s[i+1:]
	}
	sign := ""
	if strings.HasPrefix(mantissa, "-") {
		sign = "-"
	}
	whole, fraction, _ := strings.Cut(withoutSign(mantissa), ".")
	digits := whole + fraction
	notZero := func(c rune) bool { return c != '0' }
	first := strings.IndexFunc(digits, notZero)
	if first < 0 {
		return decimal.New(0, 0), nil
	}
	last := strings.LastIndexFunc(digits, notZero)
	if significant := last + 1 - first; significant > MaxSignificantDigits {
		return decimal.Decimal{}, &PrecisionError{Digits: significant}
	}
	written := int64(0)
	if exponentText != "" {
		var err error
		if written, err = strconv.ParseInt(exponentText, 10, 64); err != nil || written > 1<<40 || written < -1<<40 {
			return decimal.Decimal{}, RangeError{}
		}
	}
	exponent := written - int64(len(fraction)) + int64(len(digits)-1-last) // of the last significant digit
	if exponent > MaxExponent || exponent < -MaxExponent {
		return decimal.Decimal{}, RangeError{}
	}
	coefficient, ok := new(big.Int).SetString(sign+digits[first:last+1], 10)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return decimal.NewFromBigInt(coefficient, int32(exponent)), nil
}

// RangeError is a number whose last significant digit's exponent is
// beyond ±MaxExponent.
type RangeError struct{}

func (RangeError) Error() string {
	return fmt.Sprintf("out of range (the exponent of its last significant digit is beyond ±%d)", MaxExponent)
}

// parseNumber is ParseDecimal's value as a known Number, made without a
// big number when it is small (or a copy of a text of bytes).
func parseNumber[Text ~string | ~[]byte](s Text) (Number, error) {
	if coefficient, exponent, ok := smallDecimal(s); ok {
		return Number{coefficient: coefficient, exponent: exponent, valid: true}, nil
	}
	d, err := parseLarge(string(s))
	if err != nil {
		return Number{}, err
	}
	return NumberOf(d), nil
}

// smallDecimal reads the common case, an optional sign and digits with at
// most one point, up to 18 significant digits, no exponent written and no
// more than MaxExponent places after the point, as
// decimal.NewFromString does (the same coefficient and exponent) without
// its big-number parsing, which costs most of a record's decoding. Any
// other text reports false and takes the general way.
func smallDecimal[Text ~string | ~[]byte](s Text) (coefficient int64, exponent int32, ok bool) {
	i, negative := 0, false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		i, negative = 1, s[0] == '-'
	}
	digits, significant, point := 0, 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			coefficient = coefficient*10 + int64(c-'0')
			digits++
			if coefficient != 0 {
				significant++
			}
			if point {
				exponent--
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, 0, false
		}
		// Past either bound the general way decides: it refuses an
		// exponent beyond ±MaxExponent, which a point can place too.
		if significant > maxSmallDigits || exponent < -MaxExponent {
			return 0, 0, false
		}
	}
	if digits == 0 {
		return 0, 0, false
	}
	if negative {
		coefficient = -coefficient
	}
	return coefficient, exponent, true
}

// SignificantDigits counts d's digits from its first non-zero digit to its
// last: the zeros that only place the point do not count.
func SignificantDigits(d decimal.Decimal) int {
	coefficient := d.Coefficient()
	if coefficient.Sign() == 0 {
		return 0
	}
	text := strings.TrimRight(coefficient.Text(10), "0")
	return len(strings.TrimPrefix(text, "-"))
}

// PrecisionError is a number with more significant digits than Terraform
// holds exactly.
type PrecisionError struct{ Digits int }

func (e *PrecisionError) Error() string { return "with " + BeyondPrecision(e.Digits) }

// BeyondPrecision says that digits significant digits are more than
// Terraform holds: the words of every refusal of a number or sum too
// precise for it.
func BeyondPrecision(digits int) string {
	return fmt.Sprintf("%d significant digits, more than the %d Terraform holds exactly", digits, MaxSignificantDigits)
}

// looksNumeric checks the JSON number grammar, loosened as vendors write
// numbers inside strings: an optional sign, digits with at most one point
// (".5" and "5." allowed), then an optional exponent with digits. It refuses
// what decimal.NewFromString would accept beyond that.
func looksNumeric(s string) bool {
	mantissa := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exponent := withoutSign(s[i+1:])
		if exponent == "" || !allDigits(exponent) {
			return false
		}
		mantissa = s[:i]
	}
	whole, fraction, _ := strings.Cut(withoutSign(mantissa), ".")
	return whole+fraction != "" && allDigits(whole) && allDigits(fraction)
}

// withoutSign drops one leading "+" or "-".
func withoutSign(s string) string {
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		return s[1:]
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String is a string that may be null.
type String struct {
	value string
	valid bool
}

// StringOf returns a known String.
func StringOf(s string) String { return String{value: s, valid: true} }

// Value returns the text and whether it is known (not null).
func (s String) Value() (string, bool) { return s.value, s.valid }

// IsNull reports whether the value is null (sent as null or left out).
func (s String) IsNull() bool { return !s.valid }

// Text is the text, or "" when the value is null: for messages, and for
// breakdown keys, where null keys sum under "".
func (s String) Text() string { return s.value }

// Expected describes, for error messages, what the JSON value should have been.
func (String) Expected() string { return `a string or null` }

// UnmarshalJSON accepts a JSON string, null, and — because vendors send
// identifiers both ways — a number or boolean, kept as its text.
func (s *String) UnmarshalJSON(data []byte) error { return s.decode(data, noneIsText, s) }

// UnmarshalJSONFrom is UnmarshalJSON for a decoder that reads values as
// they arrive, which the client's fast decoder is: the same values,
// without a second pass over each value's bytes.
func (s *String) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return s.decodeFrom(dec, noneIsText, s)
}

// StringOrNone is a String from TrueWatch, where "None" is null.
type StringOrNone struct{ String }

// Expected describes, for error messages, what the JSON value should have been.
func (StringOrNone) Expected() string { return `a string, "None" or null` }

// UnmarshalJSON accepts what String does, and "None" as null.
func (s *StringOrNone) UnmarshalJSON(data []byte) error { return s.decode(data, noneIsNull, s) }

// UnmarshalJSONFrom is UnmarshalJSON for a decoder that reads values as
// they arrive (String's would keep "None").
func (s *StringOrNone) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return s.decodeFrom(dec, noneIsNull, s)
}

// decode reads data into s, and "None" as null if noneNull; type errors
// name target's type.
func (s *String) decode(data []byte, noneNull bool, target any) error {
	*s = String{}
	switch kind(data) {
	case kindNull:
		return nil
	case kindString:
		v, err := unquote(data)
		if err != nil {
			return typeError(data, target)
		}
		if !noneNull || v != noValue {
			*s = StringOf(v)
		}
		return nil
	case kindNumber, kindBool:
		*s = StringOf(string(data))
		return nil
	default:
		return typeError(data, target)
	}
}

// decodeFrom is decode for the value dec reads next. A string, the common
// case, is the decoder's own reading of it (unescaped, invalid UTF-8
// replaced, as encoding/json replaces it); other values take decode's way.
func (s *String) decodeFrom(dec *jsontext.Decoder, noneNull bool, target any) error {
	if dec.PeekKind() != '"' {
		value, err := dec.ReadValue()
		if err != nil {
			return err
		}
		return s.decode(value, noneNull, target)
	}
	token, err := dec.ReadToken()
	if err != nil {
		return err
	}
	*s = String{}
	if v := token.String(); !noneNull || v != noValue {
		*s = StringOf(v)
	}
	return nil
}

// Bool is a boolean that may be null.
type Bool struct {
	value bool
	valid bool
}

// BoolOf returns a known Bool.
func BoolOf(b bool) Bool { return Bool{value: b, valid: true} }

// Value returns the boolean and whether it is known (not null).
func (b Bool) Value() (bool, bool) { return b.value, b.valid }

// Expected describes, for error messages, what the JSON value should have been.
func (Bool) Expected() string { return `true, false, "true", "false", 0, 1 or null` }

// UnmarshalJSON accepts true and false, the strings "true" and "false" (any
// case), the numbers 0 and 1, and null.
func (b *Bool) UnmarshalJSON(data []byte) error {
	*b = Bool{}
	text := string(bytes.TrimSpace(data))
	switch kind(data) {
	case kindNull:
		return nil
	case kindString:
		unquoted, err := unquote(data)
		if err != nil {
			return typeError(data, b)
		}
		text = strings.ToLower(strings.TrimSpace(unquoted))
	}
	switch text {
	case "true", "1":
		*b = BoolOf(true)
	case "false", "0":
		*b = BoolOf(false)
	default:
		return typeError(data, b)
	}
	return nil
}

// UnmarshalJSONFrom is UnmarshalJSON for a decoder that reads values as
// they arrive.
func (b *Bool) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return ReadWhole(dec, b.UnmarshalJSON) }

// ReadWhole is an UnmarshalJSONFrom made of an UnmarshalJSON: it reads the
// value dec reads next, whole, and hands it to unmarshal. It suits a type
// whose values are small and rare enough that reading their tokens as they
// arrive would gain nothing.
func ReadWhole(dec *jsontext.Decoder, unmarshal func(data []byte) error) error {
	value, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return unmarshal(value)
}

type jsonKind int

const (
	kindOther jsonKind = iota
	kindNull
	kindBool
	kindNumber
	kindString
)

// kind classifies a JSON value by its first byte. encoding/json has already
// checked that data is one well-formed value.
func kind(data []byte) jsonKind {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return kindOther
	}
	switch c := data[0]; {
	case c == 'n':
		return kindNull
	case c == 't' || c == 'f':
		return kindBool
	case c == '"':
		return kindString
	case c == '-' || (c >= '0' && c <= '9'):
		return kindNumber
	default:
		return kindOther
	}
}

// unquote reads a JSON string. Most strings have no escapes: their text is
// the bytes between the quotes, which saves a second pass of the decoder
// (the first has already checked the syntax).
func unquote(data []byte) (string, error) {
	data = bytes.TrimSpace(data)
	if n := len(data); n >= 2 && data[0] == '"' && data[n-1] == '"' {
		if inner := data[1 : n-1]; plain(inner) {
			return string(inner), nil
		}
	}
	var s string
	err := json.Unmarshal(data, &s)
	return s, err
}

// plain reports string contents that mean themselves: valid UTF-8 without
// escapes, quotes or control characters.
func plain(inner []byte) bool {
	for _, c := range inner {
		if c < 0x20 || c == '\\' || c == '"' {
			return false
		}
	}
	return utf8.Valid(inner)
}

// typeError reports what was received, in a few words, for the decoder to
// place at the field's path.
func typeError(data []byte, target any) error {
	return &json.UnmarshalTypeError{Value: Describe(data), Type: reflect.TypeOf(target).Elem()}
}

// numberError is typeError, saying why when the number is too precise or
// out of range.
func numberError(data []byte, target any, err error) error {
	var (
		precision  *PrecisionError
		outOfRange RangeError
	)
	if errors.As(err, &precision) || errors.As(err, &outOfRange) {
		return &json.UnmarshalTypeError{Value: Describe(data) + " " + err.Error(), Type: reflect.TypeOf(target).Elem()}
	}
	return typeError(data, target)
}

// Describe names a JSON value in a few words for an error message: its kind,
// and for scalars a short quote of the value. A string of over 40 bytes
// is not quoted, not even in part: it may hold a credential, which the
// client masks only whole (the excerpt of the body shows it, masked).
func Describe(data []byte) string {
	data = bytes.TrimSpace(data)
	quoted := func(kindName string) string {
		text := string(data)
		if len(text) > 40 {
			text = text[:37] + "..."
		}
		return kindName + " " + text
	}
	switch kind(data) {
	case kindNull:
		return "null"
	case kindString:
		if len(data) > 40 {
			return fmt.Sprintf("string of %d bytes", len(data))
		}
		return quoted("string")
	case kindNumber:
		return quoted("number")
	case kindBool:
		return quoted("boolean")
	}
	switch {
	case bytes.HasPrefix(data, []byte("{")):
		return "object"
	case bytes.HasPrefix(data, []byte("[")):
		return "array"
	default:
		return "value " + strconv.Quote(string(data))
	}
}
