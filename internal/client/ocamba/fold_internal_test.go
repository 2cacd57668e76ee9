package ocamba

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
)

// foldPage decodes body as a page of l, folded, and returns the page's
// records (its part's, once joined) or its error.
func foldPage[T any](t *testing.T, l listing[T], body []byte) ([]T, error) {
	var folding clienttest.Folding[T]
	sink := folding.Sink(t)
	page, err := l.decode(&client.Response{Vendor: vendorName, Status: 200, Body: body}, 10, sink.Fold)
	if err != nil {
		return nil, err
	}
	if err := sink.TakePage(page); err != nil {
		return nil, err
	}
	return folding.Records(), nil
}

// A folded page's records are the page's decoded whole, line items
// included, though a folded record's line items take the room of the
// record before (Recycle): a line item with fewer fields than the one
// before it, a record without items (nil, as a fresh record has), with
// null or [] (empty, not nil), with items given twice (the second array
// decoded into the first, as encoding/json does), and more line items than
// any record before.
func FuzzFoldedPageIsThePageDecodedWhole(f *testing.F) {
	for _, body := range []string{
		`{"total":7,"items":[` +
			`{"id":"1","items":[{"name":"a","description":"d","quantity":2,"amount":"1.50","unit":1},{"name":"b","amount":3}]},` +
			`{"id":"2","items":[{"amount":"0.25"}]},` +
			`{"id":"3"},` +
			`{"id":"4","items":null},` +
			`{"id":"5","items":[]},` +
			`{"id":"6","items":[{"name":"x","price":1}],"items":[{"amount":2},{"name":"y"}]},` +
			`{"id":"7","items":[{"name":"p"},{"name":"q"},{"name":"r","amount":"7"}]}]}`,
		`{"total":3,"items":[{"id":"1","items":[{"name":"a"}]},{"id":"2","items":[]},{"id":"3"}]}`,
		`{"total":2,"items":[{"id":"1","items":[{"name":"a"}]},{"id":"2","items":[{"amount":"None"}]}]}`,
		`{"total":2,"items":[{"id":"1","items":[{"name":"a"}]},{"id":"2","items":[{}]}]}`,
		`{"total":2,"items":[{"id":"1","items":[{"name":"a"}]},{"id":"2","items":{}}]}`,
		`{"total":2,"items":[{"id":"1","items":[{"name":"a"},{"name":"b"}]},{"id":"2","items":[null,{"amount":1}]}]}`,
		`{"total":1,"items":[{"id":"1","items":[{"name":"a"}]}],"items":[{"id":"2"}]}`,
		// The second items of record 1 leave room the first filled.
		`{"total":2,"items":[{"id":"1","items":[{"name":"a"},{"name":"b"},{"name":"c"}],"items":[{"name":"d"}]},{"id":"2","items":[{"amount":1},{"amount":2},{"amount":3}]}]}`,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkFoldedIsWhole(t, usageListing, body)
		checkFoldedIsWhole(t, invoiceListing, body)
	})
}

func checkFoldedIsWhole[T any](t *testing.T, l listing[T], body []byte) {
	t.Helper()
	whole, wholeErr := l.decode(&client.Response{Vendor: vendorName, Status: 200, Body: body}, 10, nil)
	folded, foldErr := foldPage(t, l, body)
	if fmt.Sprint(foldErr) != fmt.Sprint(wholeErr) {
		t.Fatalf("%s: folded: %v\nwhole: %v", l.path, foldErr, wholeErr)
	}
	if wholeErr == nil && (len(folded) != len(whole.Rows) || len(folded) > 0 && !reflect.DeepEqual(folded, whole.Rows)) {
		t.Fatalf("%s:\nfolded %+v\nwhole  %+v", l.path, folded, whole.Rows)
	}
}
