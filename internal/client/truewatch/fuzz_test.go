package truewatch_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// FuzzDecodeDetails feeds DecodeDetails any status and body. It never
// panics; an error is one a user can act on; a success has a 2xx status
// and exactly the rows of content, amounts exact.
func FuzzDecodeDetails(f *testing.F) {
	fake := fakeapi.NewTrueWatch()
	clienttest.Seed(f,
		fakeapi.TrueWatchPage(5), fakeapi.TrueWatchPage(0),
		[]byte(fake.RateLimited().Body),
		[]byte(fake.Error(http.StatusOK, truewatch.CodeWorkspaceRateLimited, "Workspace limit").Body),
		[]byte(fake.Error(http.StatusUnauthorized, truewatch.CodeInvalidAPIKey, "The API key is invalid.").Body),
	)
	clienttest.SeedHostile(f,
		`{"success":true,"content":[null]}`, `{"success":true,"content":[{}]}`,
		`{"code":200,"errorCode":"","message":"","success":true,"traceId":"t"}`,
		`{"code":200,"content":null,"success":true}`,
		`{"code":200,"content":{"rows":[]},"success":true}`,
		`{"code":200,"content":[null,{},{"billingResult":"None","count":"12.50"}],"success":true}`,
		`{"code":200,"content":[{"billingResult":{"value":1}}],"success":true}`,
		`{"code":200,"content":[{"billingResult":1}],"success":true,"pageInfo":{"totalCount":3}}`,
		`{"code":200,"content":[{"billingResult":1}],"success":true,"pageInfo":{"totalCount":"1e999999"}}`,
		`{"content":[{"billingResult":0.1},{"billingResult":"0.2"}],"Content":[],"success":"None","errorCode":"None"}`,
		`{"content":[],"success":false}`,
		`{"content":[],"errorCode":7,"traceId":true}`,
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("TrueWatch", http.MethodGet, truewatch.DetailsPath, status, body)
		details, err := truewatch.DecodeDetails(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		if details == nil || details.Rows == nil {
			t.Fatalf("no error, but no rows either: %+v", details)
		}
		var sent struct {
			Content []struct {
				BillingResult json.RawMessage `json:"billingResult"`
			} `json:"content"`
		}
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("decoded a body encoding/json refuses: %v", err)
		}
		if len(details.Rows) != len(sent.Content) {
			t.Fatalf("%d rows decoded from a content of %d", len(details.Rows), len(sent.Content))
		}
		for i, row := range details.Rows {
			clienttest.CheckExact(t, sent.Content[i].BillingResult, row.BillingResult.Number)
		}
	})
}
