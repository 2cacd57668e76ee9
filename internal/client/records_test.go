package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
)

// A filtered sink hands on only the records kept, whether it takes pages
// or folds them, and fails the read on a record keep cannot judge.
func TestSinkFilter(t *testing.T) {
	keep := func(r *int) (bool, error) {
		if *r < 0 {
			return false, errors.New("a negative record")
		}
		return *r%2 == 0, nil
	}
	var pages []int
	paged := Sink[int]{Pages: func(rows []int) error {
		pages = append(pages, rows...)
		return nil
	}}.Filter(keep)
	var folded foldedRecords
	folding := Sink[int]{Fold: folded.fold}.Filter(keep)
	for name, sink := range map[string]Sink[int]{"pages": paged, "fold": folding} {
		if err := sink.Take([]int{0, 1, 2, 3, 4}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sink.Take([]int{6, -1}); err == nil || err.Error() != "a negative record" {
			t.Errorf("%s: err = %v, want keep's error", name, err)
		}
	}
	if want := []int{0, 2, 4}; !slices.Equal(pages, want) {
		t.Errorf("pages handed on %v, want %v", pages, want)
	}
	if got, want := folded.sorted(), []int{0, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("folded %v, want %v: a part that failed must not join", got, want)
	}
}

// Folded at their depth, the records of a body go to the part on the fast
// way, settled before their ids and keys are read; the same records
// elsewhere in the body decode as usual.
func TestDecodePageFoldsTheRecordsAtTheirDepth(t *testing.T) {
	type page struct {
		Embedded *struct {
			Items []decodeRecord `json:"items"`
		} `json:"_embedded"`
		Items []decodeRecord `json:"items"`
	}
	body := `{"_embedded":{"items":[{"id":"1","note":"a"},{"id":"2","note":"b"},{"id":"3","note":"c"}]},"items":[{"id":"9"}]}`
	var folded foldedRecords
	fold := func() (func(*decodeRecord) error, func()) {
		add, join := folded.fold()
		return func(r *decodeRecord) error {
			n := r.Count
			return add(&n)
		}, join
	}
	records := NewRecords(2, 3, fold, func(r decodeRecord) (string, bool) { return r.ID.Value() }).
		KeyedBy(func(r decodeRecord) (string, bool) { return r.Note, true }).
		Settling(func(number int, r *decodeRecord) error {
			r.Count = 10 * number
			return nil
		})
	var got page
	if err := decodeFast([]byte(body), &got, jsonv2.WithUnmarshalers(records.unmarshalers([]byte(body)))); err != nil || !records.folded {
		t.Fatalf("the fast way fails (%v) or folds nothing (%t)", err, records.folded)
	}
	if got.Embedded == nil || got.Embedded.Items == nil || len(got.Embedded.Items) != 0 {
		t.Errorf("the body holds %#v at the records' place, want an empty array", got.Embedded)
	}
	if len(got.Items) != 1 || got.Items[0].ID.Text() != "9" {
		t.Errorf("the records at the top level decoded as %v", got.Items)
	}
	records.Finish(got.Embedded.Items)
	p := records.Page(got.Embedded.Items, 3, 0)
	if err := p.folded.joinPart(); err != nil {
		t.Fatal(err)
	}
	if want := []int{10, 20, 30}; !slices.Equal(folded.sorted(), want) {
		t.Errorf("folded %v, want the records settled in order, %v", folded.sorted(), want)
	}
	if p.Count() != 3 || !slices.Equal(p.IDs(nil), []string{"a", "b", "c"}) {
		t.Errorf("the page counts %d records keyed %q, want 3 keyed a, b, c", p.Count(), p.IDs(nil))
	}
	if err := records.RequireRecords(&Response{Vendor: "Test", Body: []byte(body)}, "a test page", "_embedded.items", nil); err != nil {
		t.Errorf("RequireRecords = %v, want nil", err)
	}
	// A record without an id is held, with its id null; one of nothing is
	// not, nor, where ids are required, one without an id.
	const empty, noID = "is null or empty ({}): every record has fields", "has no id (a null record has none)"
	for body, wants := range map[string]struct{ optional, required string }{
		`{"_embedded":{"items":[{"id":"1"},{"note":"b"},{"id":""}]}}`:       {"", "record 2 of _embedded.items " + noID},
		`{"_embedded":{"items":[{"id":"1"},{"id":"2"},{}]}}`:                {"record 3 of _embedded.items " + empty, "record 3 of _embedded.items " + noID},
		`{"_embedded":{"items":[{"id":"1"},null,{"note":"b"}]}}`:            {"record 2 of _embedded.items " + empty, "record 2 of _embedded.items " + noID},
		`{"_embedded":{"items":[{"note":"a"},{"id":null,"note":null},{}]}}`: {"record 2 of _embedded.items " + empty, "record 1 of _embedded.items " + noID},
	} {
		for _, idRequired := range []bool{false, true} {
			for _, folding := range []bool{false, true} {
				var fold Fold[decodeRecord]
				if folding {
					fold = func() (func(*decodeRecord) error, func()) { return func(*decodeRecord) error { return nil }, func() {} }
				}
				checked := NewRecords(2, 3, fold, func(r decodeRecord) (string, bool) { return r.ID.Value() })
				want := wants.optional
				if idRequired {
					checked.RequiringIDs()
					want = wants.required
				}
				var got page
				if err := decodeFast([]byte(body), &got, jsonv2.WithUnmarshalers(checked.unmarshalers([]byte(body)))); err != nil {
					t.Fatal(err)
				}
				checked.Finish(got.Embedded.Items)
				err := checked.RequireRecords(&Response{Vendor: "Test", Body: []byte(body)}, "a test page", "_embedded.items", got.Embedded.Items)
				switch {
				case want == "" && err != nil:
					t.Errorf("%s (ids required: %t, folded: %t): RequireRecords = %v, want nil", body, idRequired, folding, err)
				case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
					t.Errorf("%s (ids required: %t, folded: %t): RequireRecords = %v, want %q", body, idRequired, folding, err, want)
				}
			}
		}
	}
}

// A whole page, not folded, decodes as encoding/json decodes it, into a
// slice of exactly its number of records, whatever their number, their
// lengths, what encoding/json tolerates in them and the page size asked
// for. A slice grown a quarter at a time would have copied every record
// several times over and left room for up to a quarter more.
func TestDecodePageHoldsAWholePageInASliceOfItsSize(t *testing.T) {
	uniform := func(i int) string { return fmt.Sprintf(`{"id":"%d","amount":"%d.%02d","count":%d}`, i, i, i%100, i) }
	// The first records take many more bytes than the rest, or many fewer.
	shortening := func(i int) string {
		if i < 100 {
			return fmt.Sprintf(`{"id":"%d","note":"%s"}`, i, strings.Repeat("x", 500))
		}
		return fmt.Sprintf(`{"id":"%d"}`, i)
	}
	lengthening := func(i int) string {
		if i < 100 {
			return `{}`
		}
		return fmt.Sprintf(`{"id":"%d","note":"%s"}`, i, strings.Repeat("x", 2000))
	}
	// What encoding/json takes and a strict reader of JSON would not: two
	// names of no field equal but for case, bytes that are not UTF-8.
	irregular := func(i int) string {
		switch i % 3 {
		case 0:
			return fmt.Sprintf(`{"id":"%d","extra":1,"EXTRA":2}`, i)
		case 1:
			return fmt.Sprintf("{\"id\":\"%d\",\"note\":\"a\xffb\"}", i)
		}
		return uniform(i)
	}
	type page struct {
		records  func(int) string
		n        int
		capacity int
		after    string // the body's keys after the records
	}
	pages := []page{{shortening, 2000, 0, ""}, {lengthening, 300, 0, ""}, {irregular, 200, 0, ""}, {uniform, 65, 0, `,"raw":"` + strings.Repeat("y", 1<<20) + `"`}}
	for _, n := range []int{0, 1, 64, 65, 193, 8199} {
		pages = append(pages, page{uniform, n, 0, ""}, page{uniform, n, n, ""}, page{uniform, n, 10, ""})
	}
	for _, p := range pages {
		var body strings.Builder
		body.WriteString(`{"total":1,"items":[`)
		for i := range p.n {
			if i > 0 {
				body.WriteByte(',')
			}
			body.WriteString(p.records(i))
		}
		body.WriteString(`]` + p.after + `}`)
		var got, want fuzzPage
		if err := json.Unmarshal([]byte(body.String()), &want); err != nil {
			t.Fatal(err)
		}
		response := &Response{Vendor: "Test", Body: []byte(body.String())}
		if err := DecodePage(response, &got, "a test page", NewRecords(1, p.capacity, nil, fuzzID)); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("DecodePage fills a page other than encoding/json's (%d and %d records)", len(got.Items), len(want.Items))
		}
		if cap(got.Items) != p.n {
			t.Errorf("%d records (%d asked for, %d bytes of body) are held in a slice of room for %d", p.n, p.capacity, body.Len(), cap(got.Items))
		}
	}
}
