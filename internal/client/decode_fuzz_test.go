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

// FuzzRecordsAsSlice: a page whose records are a Records decodes, by
// DecodePage, exactly as the same page with a []T does under
// encoding/json: the same records (nil for a missing or null key, empty
// for []), the same other fields, and an error exactly when encoding/json
// has one. Folded, the part that joins holds exactly those records, and
// the page counts them and lists their ids.
func FuzzRecordsAsSlice(f *testing.F) {
	for _, body := range []string{
		`{"total":2,"items":[{"id":"1","amount":"0.10"},{"id":"2","items":[{"name":"None"}]}]}`,
		`{"total":0,"items":[]}`, `{"total":0}`, `{"items":null}`, `{"ITEMS":[{"id":"1"}]}`,
		`{"items":[{"id":"1"}],"items":[{"id":"2"},{"id":"3"}]}`, `{"items":[{"id":"1"}],"items":null}`,
		`{"items":[{"id":"1"},]}`, `{"items":[{"id":"1"} {"id":"2"}]}`, `{"items":{}}`, `{"items":"[]"}`, `{"items":1}`,
		`{"items":[1]}`, `{"items":[null,{"id":"1"}]}`, `{"items":[{"amount":"x"}]}`, `{"items":[{"count":1.5}]}`,
		`{"items":[{"id":"1"}]} x`, `{"items":[`, `{"items":[{"id":"1"}`, `[]`, `null`, ``,
		`{"items":[{"id":"1","amount":1},{"amount":2}]}`, `{"items":[{"id":"1","items":[{"amount":1}]},{"id":"2"}]}`,
	} {
		f.Add([]byte(body), uint8(2), false)
		f.Add([]byte(body), uint8(2), true)
	}
	type plainPage struct {
		Total *tolerant.Number `json:"total"`
		Items []decodeRecord   `json:"items"`
	}
	type fastPage struct {
		Total *tolerant.Number      `json:"total"`
		Items Records[decodeRecord] `json:"items"`
	}
	id := func(r decodeRecord) (string, bool) { return r.ID.Value() }
	f.Fuzz(func(t *testing.T, body []byte, capacity uint8, folding bool) {
		var std plainPage
		stdErr := json.Unmarshal(body, &std)
		var parts [][]decodeRecord // every part started, and the one that joined
		joined := -1
		var fold Fold[decodeRecord]
		if folding {
			fold = func() (func(*decodeRecord) error, func()) {
				n := len(parts)
				parts = append(parts, nil)
				return func(r *decodeRecord) error {
					parts[n] = append(parts[n], *r)
					return nil
				}, func() { joined = n }
			}
		}
		fast := fastPage{Items: NewRecords(int(capacity), fold, id)}
		var plain plainPage
		response := &Response{Vendor: "Test", Body: body}
		usePlain, err := response.DecodePage(&fast, &plain, "a test page")
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("%q: DecodePage says %v, encoding/json %v", body, err, stdErr)
		}
		if err != nil {
			return
		}
		if usePlain {
			fast.Total = plain.Total
			if err := fast.Items.Refill(plain.Items); err != nil {
				t.Fatal(err)
			}
		}
		if fast.Items.Present() != (std.Items != nil) {
			t.Fatalf("%q: Present() = %t, but encoding/json decodes items %#v", body, fast.Items.Present(), std.Items)
		}
		page := fast.Items.Page(0, 0)
		got := plainPage{Total: fast.Total, Items: page.Rows}
		if folding {
			if page.Rows != nil || page.folded == nil {
				t.Fatalf("%q: a folded page has rows %v and folded %v", body, page.Rows, page.folded)
			}
			got.Items = nil
			if fast.Items.Present() {
				page.folded.join()
				got.Items = parts[joined]
				if got.Items == nil {
					got.Items = []decodeRecord{}
				}
				if page.folded.count != len(std.Items) {
					t.Fatalf("%q: the folded page counts %d records, encoding/json decodes %d", body, page.folded.count, len(std.Items))
				}
				want := slices.DeleteFunc(IDsOf(std.Items, id), func(id string) bool { return id == "" })
				if !slices.Equal(page.folded.ids, want) {
					t.Fatalf("%q: the folded page has ids %q, want %q", body, page.folded.ids, want)
				}
			}
		}
		if !reflect.DeepEqual(got, std) {
			t.Fatalf("%q: DecodePage (plain: %t, folding: %t) fills\n%#v\nencoding/json\n%#v", body, usePlain, folding, got, std)
		}
		wantErr := RequireIDs(response, "a test page", "items", std.Items, id)
		if gotErr := fast.Items.RequireIDs(response, "a test page", "items"); fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%q: RequireIDs says %v, want %v", body, gotErr, wantErr)
		}
	})
}
