package client_test

import (
	"encoding/json"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant/jsontest"
)

// FuzzVendorRecordsAsEncodingJSON: every vendor's record type, read by
// the fast decoder (through the record's own UnmarshalJSONFrom), is what
// encoding/json reads from the same body: the same fields, and an error
// exactly when encoding/json has one. Seeded with the fakes' records.
func FuzzVendorRecordsAsEncodingJSON(f *testing.F) {
	for _, records := range [][]string{
		fakeapi.DefaultOcambaRecords, fakeapi.DefaultOcambaInvoices,
		fakeapi.DefaultTalkdeskRecords, fakeapi.DefaultTalkdeskAccounts, fakeapi.DefaultTalkdeskInvoiceLines,
		fakeapi.DefaultVirtuozzoRows, fakeapi.TrueWatchRows(2),
	} {
		for _, record := range records {
			f.Add(record)
		}
	}
	for _, row := range fakeapi.DefaultTrueWatchRows() {
		f.Add(string(row))
	}
	f.Add(`{"ID":"a","Status":"ACTIVE(1)","status":2,"ACCOUNT ID":"b","items":[{"NAME":"n"}],"isPaid":"TRUE","amount":"None"}`)
	f.Fuzz(func(t *testing.T, body string) {
		readAlike[ocamba.Usage](t, body)
		readAlike[ocamba.Invoice](t, body)
		readAlike[talkdesk.Usage](t, body)
		readAlike[talkdesk.Account](t, body)
		readAlike[talkdesk.InvoiceLine](t, body)
		readAlike[truewatch.Row](t, body)
		readAlike[virtuozzo.Row](t, body)
		readAlike[virtuozzo.Account](t, body)
	})
}

// readAlike fails unless body reads into a T, and doubled into a list of
// them, as encoding/json reads it.
func readAlike[T any](t *testing.T, body string) {
	t.Helper()
	alike[T](t, body)
	alike[[]T](t, "["+body+","+body+"]")
}

func alike[T any](t *testing.T, body string) {
	t.Helper()
	var std, fast T
	stdErr := json.Unmarshal([]byte(body), &std)
	fastErr := jsonv2.Unmarshal([]byte(body), &fast, tolerant.DecoderOptions())
	if !jsontest.ReadAlike(body, std, fast, stdErr, fastErr) {
		t.Fatalf("%q as %T: encoding/json reads %#v (error %v), the fast decoder %#v (error %v)", body, std, std, stdErr, fast, fastErr)
	}
}
