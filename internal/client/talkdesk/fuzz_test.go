package talkdesk_test

import (
	"encoding/json"
	"net/http"
	"strings"
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
		var keys map[string]json.RawMessage
		_ = json.Unmarshal(body, &keys)
		hasPageKey := false
		for key, v := range keys { // encoding/json matches keys case-insensitively
			for _, pageKey := range []string{"_embedded", "_links", "usage", "next", "last", "total", "total_pages"} {
				if strings.EqualFold(key, pageKey) && string(v) != "null" {
					hasPageKey = true
				}
			}
		}
		if !hasPageKey {
			t.Fatalf("a body with none of a usage page's keys decoded as a page: %s", body)
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
