package ocamba_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// FuzzDecodeUsagePage feeds DecodeUsagePage any status and body. It never
// panics; an error is one a user can act on; a success has a 2xx status,
// the total the body reports, and exactly the records of items, line
// amounts exact.
func FuzzDecodeUsagePage(f *testing.F) {
	fake := fakeapi.NewOcamba()
	clienttest.Seed(f,
		fakeapi.OcambaPage(4), fakeapi.OcambaPage(0), fake.Document(),
		[]byte(fake.RateLimited(2).Body),
		[]byte(fake.TooManyInParallel().Body),
		[]byte(fake.Error(http.StatusUnauthorized, "Unauthorized", "Invalid token.").Body),
	)
	clienttest.SeedHostile(f,
		`{"total":1,"items":[null]}`, `{"total":2,"items":[{},{}]}`,
		`{"total":0}`,
		`{"items":[]}`,
		`{"total":null,"items":[]}`,
		`{"total":-1,"items":[]}`,
		`{"total":2.5,"items":[]}`,
		`{"total":"3","items":[null,{},{"items":null}]}`,
		`{"total":1e999999999,"items":[]}`,
		`{"total":99999999999999999999,"items":[]}`,
		`{"total":1,"items":[{"app_id":"None","limit_status":"None","items":[{"amount":"0.10"}]}]}`,
		`{"total":1,"items":[{"items":[{"amount":"None"}]}]}`,
		`{"total":1,"items":{"id":"1"}}`,
		`{"total":1,"items":[{"id":"1"}],"ITEMS":[],"Total":0}`,
	)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("Ocamba", http.MethodGet, ocamba.UsagePath, status, body)
		page, err := ocamba.DecodeUsagePage(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		if page.Rows == nil {
			t.Fatal("no error, but no records either")
		}
		var sent struct {
			Total tolerant.Number `json:"total"`
			Items []struct {
				Items []struct {
					Amount json.RawMessage `json:"amount"`
				} `json:"items"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &sent); err != nil {
			t.Fatalf("decoded a body encoding/json refuses: %v", err)
		}
		if total, ok := sent.Total.Count(); !ok || total != page.Total {
			t.Fatalf("a total of %s was decoded as %d", sent.Total, page.Total)
		}
		if len(page.Rows) != len(sent.Items) {
			t.Fatalf("%d records decoded from items of %d", len(page.Rows), len(sent.Items))
		}
		for i, record := range page.Rows {
			if len(record.Items) != len(sent.Items[i].Items) {
				t.Fatalf("record %d: %d line items decoded from %d", i, len(record.Items), len(sent.Items[i].Items))
			}
			for j, line := range record.Items {
				clienttest.CheckExact(t, sent.Items[i].Items[j].Amount, line.Amount)
			}
		}
	})
}

// FuzzDecodeInvoicesPage feeds DecodeInvoicesPage any status and body, as
// FuzzDecodeUsagePage does; a success also has every invoice's amount
// exact, and sent true or false only from one of the forms documented.
func FuzzDecodeInvoicesPage(f *testing.F) {
	fake := fakeapi.NewOcamba()
	clienttest.Seed(f, []byte(fake.Page(5, fakeapi.DefaultOcambaInvoices...).Body), []byte(fake.Page(0).Body))
	clienttest.SeedHostile(f,
		`{"total":1,"items":[{"id":"1","sent":"yes"}]}`,
		`{"total":1,"items":[{"id":"1","sent":2}]}`,
		`{"total":1,"items":[{"id":"1","sent":" TRUE "}]}`,
		`{"total":1,"items":[{"id":"1","sent":1.0}]}`,
		`{"total":1,"items":[{"id":"1","amount":"11.99","sent":"0"}]}`,
		`{"total":1,"items":[{"id":"1","amount":"None"}]}`,
	)
	forms := map[string]bool{"1": true, "true": true, "0": false, "false": false}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := clienttest.Response("Ocamba", http.MethodGet, ocamba.InvoicesPath, status, body)
		page, err := ocamba.DecodeInvoicesPage(resp)
		if err != nil {
			clienttest.CheckError(t, err)
			return
		}
		clienttest.CheckSuccess(t, resp)
		var sent struct {
			Items []struct {
				Amount json.RawMessage `json:"amount"`
				Sent   json.RawMessage `json:"sent"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &sent); err != nil || len(page.Rows) != len(sent.Items) {
			t.Fatalf("%d invoices decoded from %d (%v)", len(page.Rows), len(sent.Items), err)
		}
		for i, invoice := range page.Rows {
			clienttest.CheckExact(t, sent.Items[i].Amount, invoice.Amount)
			if value, ok := invoice.Sent.Value(); ok {
				raw := string(sent.Items[i].Sent)
				var text string
				if json.Unmarshal(sent.Items[i].Sent, &text) == nil {
					raw = text
				}
				if want, known := forms[strings.ToLower(strings.TrimSpace(raw))]; !known || want != value {
					t.Fatalf("sent %s was read as %t", sent.Items[i].Sent, value)
				}
			}
		}
	})
}
