package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// excerptRadius is how many bytes of body an error quotes on each side of
// the problem.
const excerptRadius = 80

// OK reports a 2xx status.
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// DecodeJSON decodes the body into v. expected names, for the error message,
// what the API documents ("a TrueWatch billing envelope"). Failures are a
// *DecodeError naming the field and quoting the body near the problem.
//
// The body is decoded by the faster implementation of encoding/json's
// behaviour that is to become its own (go-json-experiment's v1): it
// accepts only bodies encoding/json accepts, and fills v alike, at about
// twice the speed. Its errors are worded otherwise, so a body it refuses
// is decoded afresh by encoding/json, whose error is the one a user sees
// (refused).
func (r *Response) DecodeJSON(v any, expected string) error {
	fastErr := decodeFast(r.Body, v)
	if fastErr == nil {
		return nil
	}
	return r.refused(v, expected, fastErr)
}

// refused is the error for a body the fast decoder refused with fastErr,
// decoded afresh into v by encoding/json: encoding/json's, or nil where it
// reads the body. But a field the body names twice, so or but for case
// (tolerant.DuplicateName), which encoding/json reads as the last value,
// is refused: rows and an empty list named again after them would read as
// no spend.
func (r *Response) refused(v any, expected string, fastErr error) error {
	setZero(v) // what the fast decoder filled in before it stopped
	err := json.Unmarshal(r.Body, v)
	var twice *jsontext.SyntacticError
	if err == nil && errors.As(fastErr, &twice) && errors.Is(twice, jsontext.ErrDuplicateName) {
		setZero(v)
		problem := strings.TrimPrefix(twice.Error(), "jsontext: ") + " (a name given twice, or twice but for case): which of its values is meant cannot be told"
		return r.decodeError(expected, problem, int(twice.ByteOffset))
	}
	if err == nil {
		return nil
	}
	problem, offset := describeDecodeError(err, len(r.Body))
	return r.decodeError(expected, problem, offset)
}

// decodeFast decodes body into v as encoding/json does, faster; options
// may add type-specific unmarshalers. It succeeds only where
// encoding/json does, filling v alike; its errors are left to
// encoding/json (DecodeJSON), so it does not check the whole body before
// decoding it, as encoding/json does for the sake of which error it
// reports: that would read every body twice. Records folded before a
// syntax error further on are in a part that never joins.
func decodeFast(body []byte, v any, options ...jsonv2.Options) error {
	return jsonv2.Unmarshal(body, v, append([]jsonv2.Options{tolerant.DecoderOptions()}, options...)...)
}

// setZero zeroes what the pointer v points to.
func setZero(v any) {
	if target := reflect.ValueOf(v); target.Kind() == reflect.Pointer && !target.IsNil() {
		target.Elem().SetZero()
	}
}

// MissingKey is the error for a body that decoded but lacks a key the API
// documents, or has it null: a body without its rows (null, {}, another
// envelope) must fail the read, never read as no rows and zero spend.
func (r *Response) MissingKey(expected, key string) *DecodeError {
	return r.Unexpected(expected, "field "+key+" is missing or null")
}

// Unexpected is the error for a body that decoded but is not what the API
// documents; problem says how, and the excerpt quotes the body's start.
func (r *Response) Unexpected(expected, problem string) *DecodeError {
	return r.decodeError(expected, problem, 0)
}

func (r *Response) decodeError(expected, problem string, offset int) *DecodeError {
	return &DecodeError{
		Vendor:     r.Vendor,
		Method:     r.Method,
		Path:       r.Path,
		HTTPStatus: r.Status,
		Expected:   expected,
		Problem:    problem,
		Excerpt:    r.Excerpt(offset),
	}
}

// Error builds the APIError for this response from what the vendor said.
// Without a message, an excerpt of the body stands in for it.
func (r *Response) Error(code, message, traceID string) *APIError {
	if strings.TrimSpace(code+message) == "" {
		message = "the body was: " + r.Excerpt(0)
	}
	return &APIError{
		Vendor:     r.Vendor,
		Method:     r.Method,
		Path:       r.Path,
		HTTPStatus: r.Status,
		Attempts:   r.Attempts,
		Code:       Said(code, r.secrets),
		Message:    Said(message, r.secrets),
		TraceID:    Said(traceID, r.secrets),
	}
}

// maxSaid is how many bytes of a vendor's error code, message or trace id
// an error shows.
const maxSaid = 500

// Said is what a vendor said in an error (its code, message or trace id)
// as the user's terminal shows it: without credentials, on one line
// (oneLine), and at most maxSaid bytes, cut on a whole character. Masked
// before it is cut, so that no part of a credential shows at the cut.
func Said(text string, secrets *Secrets) string {
	text = secrets.Mask(oneLine(secrets.Mask(strings.ToValidUTF8(text, "?"))))
	if len(text) <= maxSaid {
		return text
	}
	cut := maxSaid
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// Excerpt quotes the body around offset, on one line, without credentials.
func (r *Response) Excerpt(offset int) string { return Excerpt(r.Body, offset, r.secrets) }

// Excerpt quotes body around offset, on one line, with every secret masked.
// A secret that the quote's edge would cut in two is taken in whole, so
// that it is masked rather than shown in part.
func Excerpt(body []byte, offset int, secrets *Secrets) string {
	if len(body) == 0 {
		return "(empty body)"
	}
	start := max(0, min(offset, len(body))-excerptRadius)
	end := min(len(body), start+2*excerptRadius)
	spellings := secrets.List()
	for widened := true; widened; {
		widened = false
		for _, secret := range spellings {
			from, to := straddling(body, secret, start, end)
			if from < start || to > end {
				start, end, widened = min(start, from), max(end, to), true
			}
		}
		if from, to := secrets.Widen(body, start, end); from < start || to > end {
			start, end, widened = from, to, true
		}
	}
	for start > 0 && !utf8.RuneStart(body[start]) {
		start--
	}
	for end < len(body) && !utf8.RuneStart(body[end]) {
		end++
	}
	// Masked before spaces are folded too, so that a credential that holds
	// spaces is masked as it was sent.
	text := oneLine(secrets.Mask(strings.ToValidUTF8(string(body[start:end]), "?")))
	if start > 0 {
		text = "…" + text
	}
	if end < len(body) {
		text += "…"
	}
	return secrets.Mask(text)
}

// oneLine is text on one line, as a terminal shows it safely: each
// character that does not print (a line break, a control character that
// could clear the screen or colour it, a direction override that could
// turn text around) as a space, and runs of spaces as one.
func oneLine(text string) string {
	return strings.Join(strings.Fields(strings.Map(func(c rune) rune {
		if !unicode.IsPrint(c) {
			return ' '
		}
		return c
	}, text)), " ")
}

// straddling widens [start, end) to take in whole every occurrence of
// secret that overlaps it.
func straddling(body []byte, secret string, start, end int) (int, int) {
	if secret == "" {
		return start, end
	}
	from, to := start, end
	lo, hi := max(0, start-len(secret)+1), min(len(body), end+len(secret)-1)
	for i := lo; i < hi; {
		j := bytes.Index(body[i:hi], []byte(secret))
		if j < 0 {
			break
		}
		at := i + j
		from, to = min(from, at), max(to, at+len(secret))
		i = at + 1
	}
	return from, to
}

// RequireFields refuses a row that is null or {}: json reads a null array
// element as a row of nothing, which would count as a row and add 0 to
// the totals. what names the array, for the error.
func RequireFields[T comparable](r *Response, expected, what string, rows []T) error {
	for i := range rows {
		if err := RequireRowFields(r, expected, what, i+1, rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// RequireRowFields is RequireFields for row number (from 1) of what.
func RequireRowFields[T comparable](r *Response, expected, what string, number int, row T) error {
	var empty T
	if row == empty {
		return r.Unexpected(expected, fmt.Sprintf("row %d of %s has no value in any field the provider reads "+
			"(null, {}, every field null or \"None\", or fields named otherwise than documented): every billing row has fields", number, what))
	}
	return nil
}

// missingID is the error for record number (from 1) of what, which has
// no id where every record needs one (Records.RequiringIDs).
func missingID(r *Response, expected, what string, number int) error {
	return r.Unexpected(expected, fmt.Sprintf("record %d of %s has no id (a null record has none): "+
		"without ids, records served twice cannot be told apart", number, what))
}

// describeDecodeError turns encoding/json's errors into words for users,
// with the byte offset of the problem for the excerpt.
func describeDecodeError(err error, bodyLen int) (string, int) {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntaxErr):
		switch {
		case bodyLen == 0:
			return "the body is empty", 0
		case int(syntaxErr.Offset) >= bodyLen:
			return "the JSON ends early (a truncated body)", bodyLen
		}
		return "malformed JSON: " + syntaxErr.Error(), int(syntaxErr.Offset)
	case errors.As(err, &typeErr):
		where := "the top-level value"
		if typeErr.Field != "" {
			where = "field " + typeErr.Field
		}
		return fmt.Sprintf("%s should be %s, got %s", where, expectation(typeErr.Type), typeErr.Value), int(typeErr.Offset)
	default:
		return strings.TrimPrefix(err.Error(), "json: "), 0
	}
}

// expectation says in words what a Go type decodes from.
func expectation(t reflect.Type) string {
	if t == nil {
		return "a different JSON value"
	}
	if e, ok := reflect.Zero(t).Interface().(interface{ Expected() string }); ok {
		return e.Expected()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return expectation(t.Elem())
	default:
		return "a number"
	}
}
