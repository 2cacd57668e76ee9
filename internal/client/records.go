package client

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"reflect"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
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
// add takes them one at a time (an error fails the read, and add copies
// what it keeps of one: Recycler), and join adds the part to the whole
// once they are accepted. A part never joined is dropped, so a page that
// fails its checks, or is decoded again, adds nothing. Parts join in any
// order, and concurrently.
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

// TakePage hands a page a vendor's client read, and checked, to the sink:
// its part joins, when its records were folded as they were decoded; else
// its rows go as Take hands them.
func (s Sink[T]) TakePage(p Page[T]) error {
	if p.folded != nil {
		return p.folded.joinPart()
	}
	return s.Take(p.Rows)
}

// Collect runs read with a sink that keeps every record it is handed,
// and returns them in the order they came: an empty list, never nil, when
// there were none.
func Collect[T any](read func(Sink[T]) error) ([]T, error) {
	rows := []T{}
	err := read(Sink[T]{Pages: func(page []T) error {
		rows = append(rows, page...)
		return nil
	}})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Filter is the sink that hands on to s only the records keep keeps; an
// error from keep fails the read. Folded, keep copies what it keeps of a
// record, as add does (Recycler).
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

// Checked is the sink that hands on to s every record, once check has
// passed it; an error from check fails the read. Unlike Filter, it copies
// no page.
func (s Sink[T]) Checked(check func(*T) error) Sink[T] {
	checked := Sink[T]{Pages: func(rows []T) error {
		for i := range rows {
			if err := check(&rows[i]); err != nil {
				return err
			}
		}
		return s.Pages(rows)
	}}
	if s.Fold != nil {
		checked.Fold = func() (func(*T) error, func()) {
			add, join := s.Fold()
			return func(record *T) error {
				if err := check(record); err != nil {
					return err
				}
				return add(record)
			}, join
		}
	}
	return checked
}

// Records are the records of type T of a page, or of a single answer. With
// a Fold, DecodePage decodes the array of them that the body holds at
// depth (1 for {"items": [...]}, 2 for {"_embedded": {"usage": [...]}})
// one record at a time into a part of the page's own, keeping only how
// many there were and their ids: no page of records is ever held. Without
// one, the body is decoded whole, as DecodeJSON does, its array of
// records at that depth into a slice of exactly their number
// (decodeWhole), and the Records check the rows it holds.
//
// Folded, the body's []T at that depth decodes as under encoding/json
// otherwise: null (or no key) is nil, an array its records in order (in
// the body, an empty []T of the Records' own, so that the body still tells
// an array from no key, and Finish tells the array folded from any the
// body kept instead). A body with the key twice, or anything but an array
// or null there, is decoded the plain way, and Finish folds what it
// holds. Any other []T of the body is decoded as usual.
//
// A folded page fails as the same page handed over whole fails, with the
// same error: a record it cannot hold (RequireRecords), then one that cannot be
// settled (Settle), then, once the page has passed the listing's checks,
// one the fold refuses (Page). So a record's problems are noted as it is
// decoded, and the records go on being decoded.
type Records[T any] struct {
	depth     int
	capacity  int
	id        func(T) (string, bool)
	idNeeded  bool // every record must have an id (RequiringIDs)
	key       func(T) (string, bool)
	keys      *PageKeys                      // with appendKey, notes each folded record's key
	appendKey func(T, []byte) ([]byte, bool) // appends a record's key to a buffer
	keyBuffer []byte
	settle    func(number int, record *T) error
	fold      Fold[T]
	folding   []T // the empty []T the body holds in place of folded records

	// With a fold: whether an array went to a part, the part, how many
	// records went to it, their keys, the first record (from 1) the page
	// cannot hold (RequireRecords), and the first refusals of settle and
	// of the fold.
	folded             bool
	add                func(*T) error
	join               func()
	count              int
	ids                []string
	lacking            int
	settleErr, foldErr error
}

// NewRecords are the records at depth of a page of up to capacity
// records whose ids id reads; with fold set, they go to a part of fold's.
func NewRecords[T any](depth, capacity int, fold Fold[T], id func(T) (string, bool)) *Records[T] {
	r := &Records[T]{depth: depth, capacity: capacity, fold: fold, id: id, key: id}
	if fold != nil {
		r.folding = make([]T, 0, 1)
	}
	return r
}

// RequiringIDs has every record need an id, where the API gives every
// record one and the records are known by it (Talkdesk's accounts).
// Otherwise a record without an id is a row whose id is null, like any
// field left out, and only a record of nothing is refused.
func (r *Records[T]) RequiringIDs() *Records[T] {
	r.idNeeded = true
	return r
}

// KeyedBy makes key, not the id, what the page lists of each folded
// record to tell repeated records apart (Page.IDs).
func (r *Records[T]) KeyedBy(key func(T) (string, bool)) *Records[T] {
	r.key = key
	return r
}

// NotingKeys has each folded record's key, which appendKey writes into a
// buffer of the Records', noted in keys as the record is folded rather
// than listed for the page (records decoded the plain way and folded by
// Finish too): no key is kept, and the page's Repeated is the first that
// was read before. Records handed over whole, not folded, still list
// theirs.
func (r *Records[T]) NotingKeys(keys *PageKeys, appendKey func(T, []byte) ([]byte, bool)) *Records[T] {
	r.keys, r.appendKey = keys, appendKey
	return r
}

// Settling has settle settle each record's fields, or refuse it, before
// anything else reads it; number counts the page's records from 1.
func (r *Records[T]) Settling(settle func(number int, record *T) error) *Records[T] {
	r.settle = settle
	return r
}

var errNotCounted = errors.New("records: the array's values could not be counted, or were not as many as counted")

// unmarshalers fold the records' array of body or, without a fold,
// decode it into a slice of exactly their number; at any other depth, and
// for anything but an array, the decoder's own way is taken. A body read
// as it arrives is nil: its records are folded, or, without a fold,
// decoded the decoder's own way. The records' key given again, so or but
// for case, is refused (tolerant.DuplicateName).
func (r *Records[T]) unmarshalers(body []byte) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, rows *[]T) error {
		if dec.StackDepth() != r.depth {
			return errors.ErrUnsupported
		}
		switch kind := dec.PeekKind(); {
		case r.folded || *rows != nil:
			// The records' key given again, so or but for case, where
			// encoding/json would take the last: rows, then an empty list,
			// would read as no spend.
			return tolerant.DuplicateName(dec)
		case kind != '[' || r.fold == nil && body == nil:
			// Not an array, or records read as they arrive and not
			// folded: the decoder's own way.
			return errors.ErrUnsupported
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		if r.fold == nil {
			return decodeWhole(dec, body, rows)
		}
		*rows = r.folding
		return r.decodeFolded(dec)
	})
}

// decodeWhole decodes the records of the array into rows, a slice of
// exactly their number: they are counted first, by a pass over the
// array's bytes that only finds where each value ends. A slice the decoder
// grows copies every record several times over as it grows by a quarter
// at a time (about five times the page's records allocated, for 10 000 of
// Virtuozzo's 800-byte rows), and holds the old records and the new side
// by side each time it copies them.
func decodeWhole[T any](dec *jsontext.Decoder, body []byte, rows *[]T) error {
	n, ok := countValues(body, dec.InputOffset()-1)
	if !ok {
		return errNotCounted
	}
	*rows = make([]T, n)
	for i := range *rows {
		// As in decodeFolded: no []T is at the records' depth within one.
		if err := jsonv2.UnmarshalDecode(dec, &(*rows)[i], jsonv2.WithUnmarshalers(nil)); err != nil {
			return err
		}
	}
	if end, err := dec.ReadToken(); err != nil || end.Kind() != ']' {
		return cmp.Or(err, errNotCounted)
	}
	return nil
}

// countValues counts the values of the JSON array that starts at offset
// in body, read as the page's decoder reads JSON (a name given twice and
// bytes that are not UTF-8 are encoding/json's to judge); false when there
// is no array there, or it cannot be read.
func countValues(body []byte, offset int64) (int, bool) {
	if offset < 0 || offset >= int64(len(body)) || body[offset] != '[' {
		return 0, false
	}
	dec := jsontext.NewDecoder(bytes.NewBuffer(body[offset:]), tolerant.DecoderOptions())
	if _, err := dec.ReadToken(); err != nil {
		return 0, false
	}
	n := 0
	for dec.PeekKind() != ']' {
		if err := dec.SkipValue(); err != nil {
			return 0, false
		}
		n++
	}
	return n, true
}

// Recycler is a record type whose decoding takes memory that the next
// record of a folded page may take again (Ocamba's line items): Recycle,
// before a record is decoded, makes it as a zero one decodes, keeping that
// memory; Decoded, after, gives up what the record did not take, so that
// it is what a fresh record decodes to. So a Fold's add (and a Filter's
// keep) must copy what it keeps of a record: once it returns, the record
// and what it points to are the decoder's again.
type Recycler interface {
	Recycle()
	Decoded()
}

// decodeFolded decodes the records of the array one at a time into a
// part.
func (r *Records[T]) decodeFolded(dec *jsontext.Decoder) error {
	r.startPart()
	// One record, escaping once, decoded into afresh each time (or, when
	// it is a Recycler, recycled).
	var record, zero T
	recycler, recycles := any(&record).(Recycler)
	for dec.PeekKind() != ']' {
		if recycles {
			recycler.Recycle()
		} else {
			record = zero
		}
		// Within a record, no []T is at the records' depth: without the
		// unmarshalers, the decoder does not look for one at every value
		// (a folded page decodes 13% faster). The nil is typed; the library
		// reads through it only where duplicate names are refused, which
		// the v1 options allow.
		if err := jsonv2.UnmarshalDecode(dec, &record, jsonv2.WithUnmarshalers(nil)); err != nil {
			return err
		}
		if recycles {
			recycler.Decoded()
		}
		r.addRecord(&record)
	}
	_, err := dec.ReadToken()
	return err
}

func (r *Records[T]) startPart() {
	r.add, r.join = r.fold()
	r.folded, r.count, r.lacking, r.settleErr, r.foldErr = true, 0, 0, nil, nil
	if r.keys != nil {
		r.keys.Start()
		return
	}
	r.ids = make([]string, 0, r.capacity)
}

// addRecord settles a record and adds it to the part, noting the first
// problems of the page's records rather than stopping at one: which the
// page fails with is decided by the order the checks take (RequireRecords,
// Settle, Page).
func (r *Records[T]) addRecord(record *T) {
	r.count++
	if r.settle != nil && r.settleErr == nil {
		r.settleErr = r.settle(r.count, record)
	}
	if r.lacking == 0 && r.lacks(record) {
		r.lacking = r.count
	}
	if r.settleErr != nil || r.lacking > 0 || r.foldErr != nil {
		return // the page fails: the part will not join
	}
	switch {
	case r.keys != nil:
		if key, ok := r.appendKey(*record, r.keyBuffer[:0]); ok {
			r.keyBuffer = key
			r.keys.Note(key)
		}
	case r.key != nil:
		if key, ok := r.key(*record); ok && key != "" {
			r.ids = append(r.ids, key)
		}
	}
	r.foldErr = r.add(record)
}

// Finish takes rows, the page's records as the decoded body holds them.
// Unless they are the array that was folded as it was decoded, they are
// folded now: the body was decoded the plain way, or the records sat
// elsewhere in it (such as a listing's records at the top level), or the
// body put another value in place of the array's parent after it. Without
// a fold it does nothing.
func (r *Records[T]) Finish(rows []T) {
	if r.fold == nil || r.folded && cap(rows) > 0 && &rows[:1][0] == &r.folding[:1][0] {
		return
	}
	r.startPart()
	for i := range rows {
		r.addRecord(&rows[i])
	}
}

// RequireRecords fails on the first record among rows, the page's records
// as the body holds them (folded: as they were decoded), that the page
// cannot hold: one of nothing (null or {}: it would count as a record and
// add nothing), or, RequiringIDs, one without an id. what names the
// records' key in the body.
func (r *Records[T]) RequireRecords(resp *Response, expected, what string, rows []T) error {
	number := r.lacking
	if r.fold == nil {
		number = 0
		for i := range rows {
			if r.lacks(&rows[i]) {
				number = i + 1
				break
			}
		}
	}
	switch {
	case number == 0:
		return nil
	case r.idNeeded:
		return missingID(resp, expected, what, number)
	default:
		return resp.Unexpected(expected, fmt.Sprintf("record %d of %s is null or empty ({}): every record has fields", number, what))
	}
}

// lacks reports a record the page cannot hold (RequireRecords). A record
// with an id has fields; only one without is looked at whole.
func (r *Records[T]) lacks(record *T) bool {
	if r.id == nil {
		return false
	}
	if id, ok := r.id(*record); ok && id != "" {
		return false
	}
	return r.idNeeded || reflect.ValueOf(record).Elem().IsZero()
}

// Settle settles rows, the page's records as the body holds them, in
// order, and fails on the first that cannot be (folded: it was settled as
// it was decoded).
func (r *Records[T]) Settle(rows []T) error {
	if r.fold != nil || r.settle == nil {
		return r.settleErr
	}
	for i := range rows {
		if err := r.settle(i+1, &rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// Page is the page of rows, the records as the body holds them (folded,
// their part, which joins once the page has passed the listing's checks,
// or fails it when the fold refused a record), with the counts the API
// reports.
func (r *Records[T]) Page(rows []T, total int64, pages int) Page[T] {
	page := Page[T]{Rows: rows, Total: total, Pages: pages}
	if r.fold != nil {
		page.Rows = nil
		page.folded = &folded{count: r.count, ids: r.ids, join: r.join, refused: r.foldErr}
		if r.keys != nil {
			page.folded.repeated = r.keys.Err()
		}
	}
	return page
}

// Done ends a page whose body decoded and held what the vendor's answer
// must: rows, the page's records as the body holds them (what names their
// key in it), are finished, checked whole (RequireRecords), then one by
// one (Settle), and make the page of total records over pages.
func (r *Records[T]) Done(resp *Response, expected, what string, rows []T, total int64, pages int) (Page[T], error) {
	r.Finish(rows)
	if err := r.RequireRecords(resp, expected, what, rows); err != nil {
		return Page[T]{}, err
	}
	if err := r.Settle(rows); err != nil {
		return Page[T]{}, err
	}
	return r.Page(rows, total, pages), nil
}

// DecodePage decodes the body into v as DecodeJSON does, with the records
// folded as they are decoded when records has a fold, and otherwise held
// in a slice of their number. A body the fast decoder refuses (or whose
// records cannot be counted) is decoded as DecodeJSON decodes it, so that
// its error is DecodeJSON's; then the records are in v, and Finish folds
// them.
//
// A body being decoded as it arrives (Streamed) is read once, folded if
// records has a fold; its errors are left to Streamed, which decodes the
// answer whole for them.
func DecodePage[T any](r *Response, v any, expected string, records *Records[T]) error {
	if r.stream != nil {
		// encoding/json reads a whole value before it decodes any of it
		// (so that a syntax error anywhere is the one reported); read as
		// it comes, the body succeeds or fails alike, and the whole decode
		// reports why.
		return jsonv2.UnmarshalRead(withoutByteOrderMark(r.stream), v, tolerant.DecoderOptions(), jsonv2.WithUnmarshalers(records.unmarshalers(nil)))
	}
	fastErr := decodeFast(r.Body, v, jsonv2.WithUnmarshalers(records.unmarshalers(r.Body)))
	switch {
	case fastErr == nil:
		return nil
	case errors.Is(fastErr, jsontext.ErrDuplicateName):
		return r.refused(v, expected, fastErr)
	}
	setZero(v)
	return r.DecodeJSON(v, expected)
}
