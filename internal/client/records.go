package client

import (
	"errors"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Sink is where a listing's records go: a page at a time, in the API's
// order, to Pages; or, when the caller keeps no records and Fold is set,
// into parts that Fold makes, one record at a time as each is decoded,
// with no page of records ever held.
type Sink[T any] struct {
	Pages func(rows []T) error
	Fold  Fold[T]
}

// Fold makes a part for some of a listing's records, such as one page's:
// add takes them one at a time (an error fails the read), and join adds
// the part to the whole once they are accepted. A part never joined is
// dropped, so a page that fails its checks, or is decoded again, adds
// nothing. Parts join in any order, and concurrently.
type Fold[T any] func() (add func(*T) error, join func())

// Take hands records read together to the sink.
func (s Sink[T]) Take(rows []T) error {
	if s.Fold == nil {
		return s.Pages(rows)
	}
	add, join := s.Fold()
	for i := range rows {
		if err := add(&rows[i]); err != nil {
			return err
		}
	}
	join()
	return nil
}

// Filter is the sink that hands on to s only the records keep keeps; an
// error from keep fails the read.
func (s Sink[T]) Filter(keep func(*T) (bool, error)) Sink[T] {
	filtered := Sink[T]{Pages: func(rows []T) error {
		kept := make([]T, 0, len(rows))
		for i := range rows {
			ok, err := keep(&rows[i])
			if err != nil {
				return err
			}
			if ok {
				kept = append(kept, rows[i])
			}
		}
		return s.Pages(kept)
	}}
	if s.Fold != nil {
		filtered.Fold = func() (func(*T) error, func()) {
			add, join := s.Fold()
			return func(record *T) error {
				ok, err := keep(record)
				if err != nil || !ok {
					return err
				}
				return add(record)
			}, join
		}
	}
	return filtered
}

// Records is a page's JSON array of records. It decodes (by DecodePage)
// either into a slice made once for as many records as the page was asked
// for, or, with a Fold, each record in turn into the page's part, keeping
// only the records' count and ids. A plain []T grows as it decodes, which
// copies every record about twice over and leaves the collector three
// times the page.
//
// It decodes as a []T does under encoding/json: null (or no key) is no
// records, an array its records in order, and a key given twice the
// records of the last. Anything else fails the decode.
type Records[T any] struct {
	capacity int
	id       func(T) (string, bool)
	fold     Fold[T]

	present bool
	rows    []T // without a fold
	// With a fold: the page's part, how many records went to it, their
	// ids, and the first record (from 1) without one.
	addOne func(*T) error
	join   func()
	count  int
	ids    []string
	noID   int
}

// NewRecords is an empty Records for a page of capacity records whose ids
// id reads; with fold set, the records go to a part of fold's.
func NewRecords[T any](capacity int, fold Fold[T], id func(T) (string, bool)) Records[T] {
	return Records[T]{capacity: capacity, fold: fold, id: id}
}

var (
	errNotAnArray  = errors.New("records: not an array")
	errFoldedTwice = errors.New("records: the key is given twice")
)

// UnmarshalJSONFrom decodes the array, each record in turn, with the
// options of the decode it is part of.
func (r *Records[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 'n':
		if r.fold != nil && r.present {
			return errFoldedTwice
		}
		_, err := dec.ReadToken()
		r.present, r.rows = false, nil
		return err
	case '[':
	default:
		return errNotAnArray
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if r.fold != nil {
		return r.decodeFolded(dec)
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
	r.present, r.rows = true, rows
	return nil
}

// decodeFolded decodes the records of the array one at a time into a
// part. The records of a key given twice would go to the part twice:
// such a page is decoded the plain way instead (DecodePage).
func (r *Records[T]) decodeFolded(dec *jsontext.Decoder) error {
	if r.present {
		return errFoldedTwice
	}
	r.startPart()
	var record T
	for dec.PeekKind() != ']' {
		var zero T
		record = zero
		if err := jsonv2.UnmarshalDecode(dec, &record); err != nil {
			return err
		}
		if err := r.addRecord(&record); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

func (r *Records[T]) startPart() {
	add, join := r.fold()
	r.present, r.addOne, r.join = true, add, join
	r.count, r.noID = 0, 0
	r.ids = make([]string, 0, r.capacity)
}

func (r *Records[T]) addRecord(record *T) error {
	r.count++
	if r.id != nil {
		if id, ok := r.id(*record); ok && id != "" {
			r.ids = append(r.ids, id)
		} else if r.noID == 0 {
			r.noID = r.count
		}
	}
	return r.addOne(record)
}

// Refill makes rows, decoded the plain way (nil: the key was missing or
// null), the page's records in place of what the fast way decoded; it
// fails when the fold refuses one.
func (r *Records[T]) Refill(rows []T) error {
	r.present, r.rows = rows != nil, rows
	if r.fold == nil || rows == nil {
		return nil
	}
	r.rows = nil
	r.startPart()
	for i := range rows {
		if err := r.addRecord(&rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// Present reports an array of records (not a missing key, nor null).
func (r *Records[T]) Present() bool { return r.present }

// RequireIDs fails, as the function RequireIDs does, on a record without
// an id; what names the records' key in the body.
func (r *Records[T]) RequireIDs(resp *Response, expected, what string) error {
	if r.fold == nil {
		return RequireIDs(resp, expected, what, r.rows, r.id)
	}
	if r.noID > 0 {
		return missingID(resp, expected, what, r.noID)
	}
	return nil
}

// Page is the page these records are, with the counts the API reports.
func (r *Records[T]) Page(total int64, pages int) Page[T] {
	page := Page[T]{Rows: r.rows, Total: total, Pages: pages}
	if r.fold != nil {
		page.Rows = nil
		page.folded = &folded{count: r.count, ids: r.ids, join: r.join}
	}
	return page
}

// DecodePage decodes the body into fast, a page whose records are a
// Records, as DecodeJSON decodes it into plain, the same page with the
// records a []T. A body fast does not take is decoded into plain by
// DecodeJSON, so that its error is DecodeJSON's; it reports, in
// usePlain, whether the page is plain's (then the caller Refills the
// Records with plain's records).
func (r *Response) DecodePage(fast, plain any, expected string) (usePlain bool, err error) {
	if decodeFast(r.Body, fast) == nil {
		return false, nil
	}
	return true, r.DecodeJSON(plain, expected)
}
