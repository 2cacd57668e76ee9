package talkdesk

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
)

// foldPage decodes body as page 1 of l, folded (its keys noted as they
// are decoded, where l notes them), and returns the page's records (its
// part's, once joined) or its error.
func foldPage[R any](t *testing.T, l *listing[R], body string) ([]R, error) {
	var folding clienttest.Folding[R]
	sink := folding.Sink(t)
	ids := &client.RecordIDs{Vendor: vendorName, Name: l.describe}
	defer ids.Release()
	pg, err := l.decode(&client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)}, 10, sink.Fold, ids.PageKeys(1))
	if err != nil {
		return nil, err
	}
	if err := pg.records.Repeated(); err != nil {
		return nil, err
	}
	if err := ids.Add(1, pg.records.IDs(l.dedupe)...); err != nil {
		return nil, err
	}
	if err := sink.TakePage(pg.records); err != nil {
		return nil, err
	}
	return folding.Records(), nil
}

// A page decoded folded has the records, or the error, of the same page
// decoded whole: when a later key puts null, or another object, in place
// of the _embedded that held the records; and, for a page with several
// faults, the error the whole page's checks meet first.
func TestAFoldedPageIsThePageDecodedWhole(t *testing.T) {
	for name, body := range map[string]string{
		"_embedded reset to null, records at the top": `{"_embedded":{"usage":[{"id":"a"},{"id":"b"}]},"_embedded":null,"usage":[{"id":"c"},{"id":"d"}],"total":2}`,
		"_embedded reset to null, no other records":   `{"_embedded":{"usage":[{"id":"a"},{"id":"b"}]},"_embedded":null,"_links":{}}`,
		"_embedded given again in another case":       `{"_embedded":{"usage":[{"id":"a"}]},"_EMBEDDED":{"usage":[{"id":"b"},{"id":"c"}]},"_links":{}}`,
		"_embedded given again, empty":                `{"_embedded":{"usage":[{"id":"a"}]},"_embedded":{},"_links":{}}`,
		"usage given twice":                           `{"_embedded":{"usage":[{"id":"a"}],"usage":[{"id":"b"},{"id":"c"}]},"_links":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			whole, wholeErr := decodePage(&client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)})
			folded, foldErr := foldPage(t, usageListing, body)
			if fmt.Sprint(foldErr) != fmt.Sprint(wholeErr) {
				t.Fatalf("folded: %v\nwhole: %v", foldErr, wholeErr)
			}
			if wholeErr == nil && (len(folded) != len(whole.records.Rows) || len(folded) > 0 && !reflect.DeepEqual(folded, whole.records.Rows)) {
				t.Errorf("folded %v, whole %v", folded, whole.records.Rows)
			}
		})
	}
	for name, lines := range map[string]string{
		"a bad date, then a line without an id": `{"id":"il-1","date":"31/08/2024"},{"date":"2026-01-01"}`,
		"a line without an id and a bad date":   `{"id":"il-1","date":"2026-01-01"},{"date":"31/08/2024"}`,
		"two account ids, then a bad date":      `{"id":"il-1","account_id":"a","account ID":"b"},{"id":"il-2","date":"31/08/2024"}`,
		"a line twice":                          `{"id":"il-1","amount":1},{"id":"il-1","amount":2},{"id":"il-1","account_id":"a","amount":1},{"id":"il-1","amount":1}`,
		"a line twice, then a bad date":         `{"id":"il-1","amount":1},{"id":"il-1","amount":1},{"id":"il-2","date":"31/08/2024"}`,
	} {
		t.Run(name, func(t *testing.T) {
			body := `{"_embedded":{"invoices":[` + lines + `]},"_links":{}}`
			resp := &client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)}
			whole, wholeErr := invoicesListing.decode(resp, 10, nil, nil)
			if wholeErr == nil {
				ids := &client.RecordIDs{Vendor: vendorName, Name: invoicesListing.describe}
				wholeErr = ids.Add(1, whole.records.IDs(invoicesListing.dedupe)...)
				ids.Release()
			}
			_, foldErr := foldPage(t, invoicesListing, body)
			if wholeErr == nil || fmt.Sprint(foldErr) != fmt.Sprint(wholeErr) {
				t.Fatalf("folded: %v\nwhole: %v", foldErr, wholeErr)
			}
		})
	}
}

// A folded page of invoice lines keeps no key: each is noted as its line
// is decoded, and the first read before is the page's Repeated.
func TestFoldedInvoiceLinesKeepNoKey(t *testing.T) {
	body := `{"_embedded":{"invoices":[{"id":"il-1","amount":1},{"id":"il-2","amount":1},{"id":"il-1","amount":1}]},"_links":{}}`
	var folding clienttest.Folding[InvoiceLine]
	ids := &client.RecordIDs{Vendor: vendorName, Name: invoicesListing.describe}
	defer ids.Release()
	pg, err := invoicesListing.decode(&client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)}, 10, folding.Sink(t).Fold, ids.PageKeys(3))
	if err != nil {
		t.Fatal(err)
	}
	if keys := pg.records.IDs(invoicesListing.dedupe); len(keys) > 0 {
		t.Errorf("the page kept %d keys", len(keys))
	}
	want := `invoice line "il-1" (amount 1) appears twice on page 3`
	if err := pg.records.Repeated(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Repeated() = %v; want an error that says %q", err, want)
	}
}
