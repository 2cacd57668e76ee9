package client

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
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
// decoder accepts it only when encoding/json does, and fills the record
// exactly as encoding/json does; DecodeJSON fails exactly when
// encoding/json fails.
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
		var got decodeRecord
		err := (&Response{Vendor: "Test", Body: body}).DecodeJSON(&got, "a test record")
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("%q: DecodeJSON says %v, encoding/json %v", body, err, stdErr)
		}
		if err == nil && !reflect.DeepEqual(got, std) {
			t.Fatalf("%q: DecodeJSON fills\n%#v\nencoding/json\n%#v", body, got, std)
		}
	})
}

// FuzzRecordsAsSlice: a page decoded by DecodePage, its records as
// Records says, is the page encoding/json decodes: the same fields, the
// same records (nil for a missing or null key, empty for []), and an error
// exactly when encoding/json has one. Folded, the body holds an empty
// []T for an array, and the part that joins holds exactly the records,
// counted, with their ids; records of the same type elsewhere in the body
// decode as usual.
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
	} {
		f.Add([]byte(body), uint8(2), false)
		f.Add([]byte(body), uint8(2), true)
	}
	type page struct {
		Total *tolerant.Number `json:"total"`
		Items []decodeRecord   `json:"items"`
		Other *struct {
			Items []decodeRecord `json:"items"`
		} `json:"other"`
	}
	id := func(r decodeRecord) (string, bool) { return r.ID.Value() }
	f.Fuzz(func(t *testing.T, body []byte, capacity uint8, folding bool) {
		var std page
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
		records := NewRecords(1, int(capacity), fold, id)
		var got page
		response := &Response{Vendor: "Test", Body: body}
		plain, err := DecodePage(response, &got, "a test page", records)
		if err == nil && plain {
			err = records.Refill(got.Items)
		}
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("%q: DecodePage says %v, encoding/json %v", body, err, stdErr)
		}
		if err != nil {
			return
		}
		if (got.Items == nil) != (std.Items == nil) {
			t.Fatalf("%q: DecodePage decodes items %#v, encoding/json %#v", body, got.Items, std.Items)
		}
		p := records.Page(got.Items, 0, 0)
		if folding {
			if p.Rows != nil || p.folded == nil || len(got.Items) != 0 && !plain {
				t.Fatalf("%q: a folded page has rows %v, folded %v, and the body holds %v", body, p.Rows, p.folded, got.Items)
			}
			if std.Items != nil {
				p.folded.join()
				got.Items = parts[joined]
				if p.folded.count != len(std.Items) {
					t.Fatalf("%q: the folded page counts %d records, encoding/json decodes %d", body, p.folded.count, len(std.Items))
				}
				want := slices.DeleteFunc(IDsOf(std.Items, id), func(id string) bool { return id == "" })
				if !slices.Equal(p.folded.ids, want) {
					t.Fatalf("%q: the folded page has ids %q, want %q", body, p.folded.ids, want)
				}
			}
		}
		if !reflect.DeepEqual(got, std) {
			t.Fatalf("%q: DecodePage (plain: %t, folding: %t) fills\n%#v\nencoding/json\n%#v", body, plain, folding, got, std)
		}
		wantErr := RequireIDs(response, "a test page", "items", std.Items, id)
		if gotErr := records.RequireIDs(response, "a test page", "items", got.Items); fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%q: RequireIDs says %v, want %v", body, gotErr, wantErr)
		}
	})
}
