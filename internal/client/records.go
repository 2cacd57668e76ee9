package client

import (
	"errors"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Records is a page's JSON array of records, decoded (by DecodePage) into
// a slice made once for as many records as the page was asked for: the
// slice a plain []T grows to that size as it decodes copies every record
// about twice over, and leaves the collector three times the page.
//
// It decodes as a []T does under encoding/json: null (or no key) leaves
// no records, an array its records in order, and a key given twice the
// records of the last. Anything else fails the decode.
type Records[T any] struct {
	rows     []T
	capacity int
}

// RecordsFor is an empty Records that makes room for capacity records.
func RecordsFor[T any](capacity int) Records[T] { return Records[T]{capacity: capacity} }

// Rows are the records decoded; nil when the key was missing or null.
func (r *Records[T]) Rows() []T { return r.rows }

var errNotAnArray = errors.New("records: not an array")

// UnmarshalJSONFrom decodes the array, each record in turn, with the
// options of the decode it is part of.
func (r *Records[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		r.rows = nil
		return err
	case '[':
	default:
		return errNotAnArray
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	rows := make([]T, 0, r.capacity)
	for dec.PeekKind() != ']' {
		var zero T
		rows = append(rows, zero)
		if err := jsonv2.UnmarshalDecode(dec, &rows[len(rows)-1]); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	r.rows = rows
	return nil
}

// DecodePage decodes the body into fast, a page whose records are a
// Records, as DecodeJSON decodes it into plain, the same page with the
// records a []T. A body fast does not take is decoded into plain by
// DecodeJSON, so that its error is DecodeJSON's; it reports, in
// usePlain, whether the page is plain's.
func (r *Response) DecodePage(fast, plain any, expected string) (usePlain bool, err error) {
	if decodeFast(r.Body, fast) == nil {
		return false, nil
	}
	return true, r.DecodeJSON(plain, expected)
}
