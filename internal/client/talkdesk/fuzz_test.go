package talkdesk_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// FuzzDecodeUsagePage feeds DecodeUsagePage any status and body. It never
// panics; an error is one a user can act on; a success has a 2xx status and
// exactly the records the page holds (under _embedded, or at the top level),
// amounts exact; and a body with none of a page's keys ({} or
// {"status":"ok"}) is never a success.
func FuzzDecodeUsagePage(f *testing.F) {
	clienttest.Seed(f,
		fakeapi.TalkdeskPage(3), fakeapi.TalkdeskPage(0),
		[]byte(fakeapi.TalkdeskError(http.StatusForbidden, "0401002", "Forbidden", "Accounts outside the organisation").Body),
		[]byte(fakeapi.TalkdeskError(http.StatusBadRequest, "0401001", "Invalid filter", "Bad filter", [2]string{"filter", "too long"}).Body),
	)
	clienttest.SeedHostile(f,
		`{"_links":{},"_embedded":{"usage":[null]}}`, `{"total":0}`, `{"_embedded":{"accounts":[]}}`,
		`{"_links":{"self":{"href":"/express/usage/month?page=1"}}}`,
		`{"_embedded":{},"total":0}`,
		`{"_embedded":{"usage":null},"usage":[{"id":"top"}]}`,
		`{"_embedded":{"usage":[null,{},{"id":7,"total_amount":"12.50","price":"None"}]},"total":"3","total_pages":1}`,
		`{"_embedded":{"usage":[{"total_amount":{"value":1}}]}}`,
		`{"_embedded":{"usage":{"id":"1"}}}`,
		`{"_embedded":{"usage":[]},"_links":{"next":{"href":"%zz"},"last":{"href":7}}}`,
		`{"_embedded":{"usage":[{"id":"1"}]},"total_pages":1e999999999,"total":-1}`,
		`{"_embedded":{"usage":[{"total_amount":0.1}]},"_EMBEDDED":{"usage":[]}}`,
		`{"code":"0401002","message":"Forbidden","fields":[{"name":"filter","description":"too long"}]}`,
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("Talkdesk", http.MethodGet, talkdesk.UsagePath, status, body)
		records, err := talkdesk.DecodeUsagePage(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		type record struct {
			TotalAmount json.RawMessage `json:"total_amount"`
		}
		var sent struct {
			Embedded struct {
				Usage []record `json:"usage"`
			} `json:"_embedded"`
			Usage []record `json:"usage"`
		}
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("decoded a body encoding/json refuses: %v", err)
		}
		// A page has records or links: HAL always sends _links (or,
		// tolerated, next and last at the top level).
		var shape struct {
			Embedded *struct {
				Usage []json.RawMessage `json:"usage"`
			} `json:"_embedded"`
			Links *json.RawMessage  `json:"_links"`
			Usage []json.RawMessage `json:"usage"`
			Next  *struct{ Href string }
			Last  *struct{ Href string }
		}
		_ = json.Unmarshal(body, &shape)
		hasRecords := shape.Usage != nil || (shape.Embedded != nil && shape.Embedded.Usage != nil)
		hasLinks := shape.Links != nil || (shape.Next != nil && shape.Next.Href != "") || (shape.Last != nil && shape.Last.Href != "")
		if !hasRecords && !hasLinks {
			t.Fatalf("a body with neither records nor links decoded as a page: %s", body)
		}
		var embedded struct {
			Embedded map[string]json.RawMessage `json:"_embedded"`
		}
		_ = json.Unmarshal(body, &embedded)
		if !hasRecords && len(embedded.Embedded) > 0 {
			t.Fatalf("a body whose _embedded holds other keys than usage decoded as a page: %s", body)
		}
		want := sent.Embedded.Usage
		if want == nil {
			want = sent.Usage
		}
		if len(records) != len(want) {
			t.Fatalf("%d records decoded from a page of %d", len(records), len(want))
		}
		for i, r := range records {
			clienttest.CheckExact(t, want[i].TotalAmount, r.TotalAmount)
		}
	})
}
