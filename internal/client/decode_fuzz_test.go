package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant/jsontest"
)

// decodeRecord has the kinds of field vendor records have: tolerant
// values, nested records, a pointer, a map and plain Go values.
type decodeRecord struct {
	ID     tolerant.String `json:"id"`
	Amount tolerant.Number `json:"amount"`
	Sent   tolerant.Bool   `json:"sent"`
	Items  []struct {
		Name   tolerant.StringOrNone `json:"name"`
		Amount tolerant.NumberOrNone `json:"amount"`
	} `json:"items"`
	Total  *tolerant.Number `json:"total"`
	Labels map[string]string
	Count  int
	Note   string
	Flag   bool
	Raw    json.RawMessage `json:"raw"`
}

// FuzzDecodeJSONAsEncodingJSON: whatever the body, DecodeJSON's fast
// decoder (with and without the check of the whole body first) accepts it
// only when encoding/json does, and fills the record exactly as
// encoding/json does; DecodeJSON fails where encoding/json fails, and
// where the body names something twice (jsontest.ErrorsAlike).
func FuzzDecodeJSONAsEncodingJSON(f *testing.F) {
	for _, body := range []string{
		`{"id":"1","amount":"0.10","sent":1,"items":[{"name":"None","amount":0.2}],"total":3,"labels":{"a":"b"},"count":2,"note":"x","flag":true,"raw":[1,{}]}`,
		`{"ID":"1","AMOUNT":1e3,"items":null,"total":null}`,
		`{"id":"1","id":"2","amount":1,"amount":"2"}`,
		`{"id":"1","x":[1,2,}`, `{"id":"1","x":{"a":tru}}`, `{"id":"1","x":"\x"}`, `{"id":"1","x":01}`,
		`{"id":"1","x":1.}`, `{"id":"1","x":[1 2]}`, `{"id":"1","x":{"a" 1}}`, `{"id":"1","x":"` + "\xff" + `"}`,
		`{"id":"1","x":{"a":1,}}`, `{"id":"1","x":"\ud800"}`, `{"id":"1","x":"a` + "\n" + `b"}`, `{"id":"1"} x`,
		`{"id":"1","x":1e}`, `{"id":"1","x":+1}`, `{"id":"1","x":.5}`, `{"id":"1","x":"\u12"}`, `{"count":1.5}`,
		`{"count":"1"}`, `{"flag":"true"}`, `{"items":{}}`, `{"total":[]}`, `[]`, `null`, ``, ` `, `{"labels":{"a":1}}`,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var fast, std decodeRecord
		fastErr := jsonv1.Unmarshal(body, &fast)
		stdErr := json.Unmarshal(body, &std)
		if fastErr == nil && stdErr != nil {
			t.Fatalf("the fast decoder accepts %q, which encoding/json refuses: %v", body, stdErr)
		}
		if fastErr == nil && !reflect.DeepEqual(fast, std) {
			t.Fatalf("%q: the fast decoder fills\n%#v\nencoding/json\n%#v", body, fast, std)
		}
		var unchecked decodeRecord
		if err := decodeFast(body, &unchecked); err == nil && (stdErr != nil || !reflect.DeepEqual(unchecked, std)) {
			t.Fatalf("%q: decodeFast accepts, filling\n%#v\nencoding/json: %v\n%#v", body, unchecked, stdErr, std)
		}
		var got decodeRecord
		err := (&Response{Vendor: "Test", Body: body}).DecodeJSON(&got, "a test record")
		if !jsontest.ErrorsAlike(string(body), stdErr, err) {
			t.Fatalf("%q: DecodeJSON says %v, encoding/json %v", body, err, stdErr)
		}
		if err == nil && !reflect.DeepEqual(got, std) {
			t.Fatalf("%q: DecodeJSON fills\n%#v\nencoding/json\n%#v", body, got, std)
		}
	})
}

// fuzzPage is a page of decodeRecords: at the top level (items), or
// under an object that a body may also set to null or give twice (other).
type fuzzPage struct {
	Total *tolerant.Number `json:"total"`
	Items []decodeRecord   `json:"items"`
	Other *struct {
		Items []decodeRecord `json:"items"`
	} `json:"other"`
}

// records are the page's records that Records decodes at depth 1 (items)
// or, deep, 2 (other's items; none without other).
func (p *fuzzPage) records(deep bool) *[]decodeRecord {
	switch {
	case !deep:
		return &p.Items
	case p.Other != nil:
		return &p.Other.Items
	}
	return new([]decodeRecord)
}

func fuzzID(r decodeRecord) (string, bool) { return r.ID.Value() }

// FuzzRecordsAsSlice: a page decoded by DecodePage, its records (at
// the top level, or under an object that the body may also set to null or
// give twice) as Records says, is the page encoding/json decodes: the same
// fields, the same records (nil for a missing or null key, empty for []),
// and an error where encoding/json has one or the body names something
// twice (jsontest.ErrorsAlike). Folded, the body holds
// no records, and once Finish has the records the body kept, the part
// that joins holds exactly those, counted, with their ids; records of the
// same type elsewhere in the body decode as usual.
func FuzzRecordsAsSlice(f *testing.F) {
	for _, body := range []string{
		`{"total":2,"items":[{"id":"1","amount":"0.10"},{"id":"2","items":[{"name":"None"}]}]}`,
		`{"total":0,"items":[]}`, `{"total":0}`, `{"items":null}`, `{"ITEMS":[{"id":"1"}]}`,
		`{"items":[{"id":"1"}],"items":[{"id":"2"},{"id":"3"}]}`, `{"items":[{"id":"1"}],"items":null}`,
		`{"items":null,"items":[{"id":"1"}]}`, `{"items":[{"id":"1"}],"other":{"items":[{"id":"9"}]}}`,
		`{"items":[{"id":"1"},]}`, `{"items":[{"id":"1"} {"id":"2"}]}`, `{"items":{}}`, `{"items":"[]"}`, `{"items":1}`,
		`{"items":[1]}`, `{"items":[null,{"id":"1"}]}`, `{"items":[{"amount":"x"}]}`, `{"items":[{"count":1.5}]}`,
		`{"items":[{"id":"1"}]} x`, `{"items":[`, `{"items":[{"id":"1"}`, `[]`, `null`, ``, `{"other":[{"id":"1"}]}`,
		`{"items":[{"id":"1","amount":1},{"amount":2}]}`, `{"items":[{"id":"1","items":[{"amount":1}]},{"id":"2"}]}`,
		`{"other":{"items":[{"id":"a"},{"id":"b"}]},"other":null,"items":[{"id":"c"}]}`,
		`{"other":{"items":[{"id":"a"}]},"OTHER":{"items":[{"id":"b"},{"id":"c"}]}}`,
		`{"other":{"items":[{"id":"a"}]},"other":{}}`, `{"other":{"items":[{"id":"a"}],"items":[{"id":"b"}]}}`,
		// A page of many records.
		`{"items":[` + strings.Repeat(`{"id":"1","amount":"0.10"},`, 150) + `{"id":"2"}]}`,
	} {
		for _, deep := range []bool{false, true} {
			f.Add([]byte(body), uint8(2), false, deep)
			f.Add([]byte(body), uint8(2), true, deep)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, capacity uint8, folding, deep bool) {
		records := func(p *fuzzPage) *[]decodeRecord { return p.records(deep) }
		depth := 1
		if deep {
			depth = 2
		}
		var std fuzzPage
		stdErr := json.Unmarshal(body, &std)
		var parts [][]decodeRecord // every part started
		joined := -1               // the part that joined
		var fold Fold[decodeRecord]
		if folding {
			fold = func() (func(*decodeRecord) error, func()) {
				n := len(parts)
				parts = append(parts, []decodeRecord{})
				return func(r *decodeRecord) error {
					parts[n] = append(parts[n], *r)
					return nil
				}, func() { joined = n }
			}
		}
		decoding := NewRecords(depth, int(capacity), fold, fuzzID)
		var got fuzzPage
		response := &Response{Vendor: "Test", Body: body}
		err := DecodePage(response, &got, "a test page", decoding)
		if !jsontest.ErrorsAlike(string(body), stdErr, err) {
			t.Fatalf("%q: DecodePage says %v, encoding/json %v", body, err, stdErr)
		}
		if err != nil {
			return
		}
		rows, want := records(&got), *records(&std)
		if (*rows == nil) != (want == nil) {
			t.Fatalf("%q: DecodePage decodes the records as %#v, encoding/json as %#v", body, *rows, want)
		}
		decoding.Finish(*rows)
		p := decoding.Page(*rows, 0, 0)
		if folding {
			if p.Rows != nil || p.folded == nil {
				t.Fatalf("%q: a folded page has rows %v and folded %v", body, p.Rows, p.folded)
			}
			if err := p.folded.joinPart(); err != nil {
				t.Fatal(err)
			}
			if p.folded.count != len(want) {
				t.Fatalf("%q: the folded page counts %d records, encoding/json decodes %d", body, p.folded.count, len(want))
			}
			// A page with a record it cannot hold fails: what its part
			// holds does not matter.
			if folded := parts[joined]; decoding.RequireRecords(response, "", "", nil) == nil {
				if len(folded) != len(want) || len(want) > 0 && !reflect.DeepEqual(folded, want) {
					t.Fatalf("%q: the part that joined holds\n%#v\nencoding/json decodes\n%#v", body, folded, want)
				}
				if ids := IDsOf(want, fuzzID); !slices.Equal(p.folded.ids, ids) {
					t.Fatalf("%q: the folded page has ids %q, want %q", body, p.folded.ids, ids)
				}
			}
			*rows = want // the rest of the body, compared below
		}
		if !reflect.DeepEqual(got, std) {
			t.Fatalf("%q: DecodePage (folding: %t, depth %d) fills\n%#v\nencoding/json\n%#v", body, folding, depth, got, std)
		}
		wantErr := NewRecords(depth, int(capacity), nil, fuzzID).RequireRecords(response, "a test page", "items", want)
		if gotErr := decoding.RequireRecords(response, "a test page", "items", *rows); fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%q: RequireRecords says %v, want %v", body, gotErr, wantErr)
		}
	})
}

// FuzzStreamedPageAsWholePage: a page decoded as it arrives (a body
// Streamed hands DecodePage) is the page decoded whole from the same
// bytes, whatever the body and however it arrives (at once, or a byte at
// a time): refused whenever the whole page is, and when accepted, the
// same fields and, folded, the same records and ids in the part that
// joins. It may refuse what the whole decode takes its own way (a key
// given twice), which Streamed then decodes whole.
func FuzzStreamedPageAsWholePage(f *testing.F) {
	for _, body := range []string{
		`{"total":2,"items":[{"id":"1","amount":"0.10"},{"id":"2","items":[{"name":"None"}]}]}`,
		`{"total":0,"items":[]}`, `{"items":null}`, `{"ITEMS":[{"id":"1"}]}`, `{"items":[{"id":"1"}],"items":[{"id":"2"}]}`,
		`{"items":[{"id":"1"}],"items":null}`, `{"items":[{"id":"1"},]}`, `{"items":{}}`, `{"items":[1]}`,
		`{"items":[{"id":"1"}]} x`, `{"items":[{"id":"1"}]} {}`, `{"items":[{"id":"1"}]}  `, `{"items":[`, ``,
		`{"items":[{"amount":"x"}],"total":1}`, `{"items":[{"count":1.5}],"total":[}`, `{"other":{"items":[{"id":"a"}]},"other":null}`,
		`{"items":[{"id":"1","raw":{"a":[1,2,{"b":"\u00e9"}]}}]}`, "{\"items\":[{\"id\":\"\xff\"}]}", `{"items":[{"id":"1","id":"2"}]}`,
	} {
		for _, deep := range []bool{false, true} {
			f.Add([]byte(body), false, deep, false)
			f.Add([]byte(body), true, deep, true)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, folding, deep, oneByte bool) {
		depth := 1
		if deep {
			depth = 2
		}
		// decode decodes the body from response and returns the page,
		// what Page makes of its records and the part that joined.
		decode := func(response *Response) (fuzzPage, Page[decodeRecord], []decodeRecord, error) {
			var joined []decodeRecord
			var fold Fold[decodeRecord]
			if folding {
				fold = func() (func(*decodeRecord) error, func()) {
					var part []decodeRecord
					return func(r *decodeRecord) error { part = append(part, *r); return nil }, func() { joined = part }
				}
			}
			records := NewRecords(depth, 4, fold, fuzzID)
			var p fuzzPage
			if err := DecodePage(response, &p, "a test page", records); err != nil {
				return p, Page[decodeRecord]{}, nil, err
			}
			rows := *p.records(deep)
			records.Finish(rows)
			result := records.Page(rows, 0, 0)
			if result.folded != nil {
				if err := result.folded.joinPart(); err != nil {
					t.Fatal(err)
				}
			}
			return p, result, joined, nil
		}
		wholePage, whole, wholeJoined, wholeErr := decode(&Response{Vendor: "Test", Body: body})
		var reader io.Reader = bytes.NewReader(body)
		if oneByte {
			reader = iotest.OneByteReader(reader)
		}
		streamedPage, streamed, streamedJoined, streamedErr := decode(&Response{Vendor: "Test", stream: &streamBody{body: reader, limit: 1 << 40}})
		if wholeErr != nil && streamedErr == nil {
			t.Fatalf("%q: decoded whole, err = %v; as it arrives, accepted", body, wholeErr)
		}
		if streamedErr != nil {
			return
		}
		if !reflect.DeepEqual(streamedPage, wholePage) {
			t.Fatalf("%q: decoded as it arrives\n%#v\nwhole\n%#v", body, streamedPage, wholePage)
		}
		if !reflect.DeepEqual(streamed.Rows, whole.Rows) || !reflect.DeepEqual(streamedJoined, wholeJoined) {
			t.Fatalf("%q: decoded as it arrives, rows %#v and the part %#v; whole, %#v and %#v", body, streamed.Rows, streamedJoined, whole.Rows, wholeJoined)
		}
		if folding && (streamed.folded.count != whole.folded.count || !slices.Equal(streamed.folded.ids, whole.folded.ids)) {
			t.Fatalf("%q: decoded as it arrives, %d records with ids %q; whole, %d with %q", body,
				streamed.folded.count, streamed.folded.ids, whole.folded.count, whole.folded.ids)
		}
	})
}
