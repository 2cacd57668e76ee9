package talkdesk

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
)

// foldPage decodes body as a page of l, folded, and returns the page's
// records (its part's, once joined) or its error.
func foldPage[R any](t *testing.T, l *listing[R], body string) ([]R, error) {
	var folding clienttest.Folding[R]
	sink := folding.Sink(t)
	pg, err := l.decode(&client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)}, 10, sink.Fold)
	if err != nil {
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
	} {
		t.Run(name, func(t *testing.T) {
			body := `{"_embedded":{"invoices":[` + lines + `]},"_links":{}}`
			resp := &client.Response{Vendor: vendorName, Status: 200, Body: []byte(body)}
			_, wholeErr := invoicesListing.decode(resp, 10, nil)
			_, foldErr := foldPage(t, invoicesListing, body)
			if wholeErr == nil || fmt.Sprint(foldErr) != fmt.Sprint(wholeErr) {
				t.Fatalf("folded: %v\nwhole: %v", foldErr, wholeErr)
			}
		})
	}
}
