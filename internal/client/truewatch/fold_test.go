package truewatch_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// Folded as they are decoded, the details' rows are the rows Details
// returns, with the same trace id, and an answer Details refuses is
// refused with the same error, nothing of it joined: a row without
// fields, an error code beside rows, a missing content, a reported total
// above the rows sent, no success, the content given twice.
func TestDetailsFoldWhatDetailsReads(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	endpoint, _ := url.Parse(fake.URL)
	api := truewatch.New(client.New(client.Settings{MaxRetries: 0}), endpoint, fakeapi.TrueWatchAPIKey)
	row := `{"productName":"logs","billingResult":"1.50","consumeTimeOfDay":"2026-10-01"}`
	for name, c := range map[string]struct{ body, fails string }{
		"the fake's rows":         {},
		"many rows":               {body: string(fakeapi.TrueWatchPage(1000))},
		"a row without fields":    {body: `{"success":true,"traceId":"t","content":[` + row + `,{}]}`, fails: "row 2 of content has no value in any field the provider reads"},
		"an error code":           {body: `{"success":true,"errorCode":"ft.Failed","message":"no","content":[` + row + `]}`, fails: "ft.Failed"},
		"no content":              {body: `{"success":true,"traceId":"t"}`, fails: "field content is missing or null"},
		"no success":              {body: `{"traceId":"t","content":[` + row + `]}`, fails: "field success is missing or null"},
		"more rows reported":      {body: `{"success":true,"traceId":"t","pageInfo":{"totalCount":2},"content":[` + row + `]}`, fails: "reports 2 rows (pageInfo.totalCount) but contains 1"},
		"the content given twice": {body: `{"success":true,"traceId":"t","content":[` + row + `],"content":[` + row + `,` + row + `]}`, fails: `duplicate object member name "content"`},
	} {
		t.Run(name, func(t *testing.T) {
			if c.body != "" {
				fake.TrueWatch.Enqueue(fakeapi.Reply{Status: 200, Body: c.body}, fakeapi.Reply{Status: 200, Body: c.body})
			}
			details, detailsErr := api.Details(t.Context(), october[0], october[1])
			if (detailsErr == nil) != (c.fails == "") || detailsErr != nil && !strings.Contains(detailsErr.Error(), c.fails) {
				t.Fatalf("Details: err = %v, want one that says %q", detailsErr, c.fails)
			}
			var folding clienttest.Folding[truewatch.Row]
			traceID, foldErr := api.DetailsEach(t.Context(), october[0], october[1], folding.Sink(t))
			folded, joined := folding.Records(), folding.Parts()
			if detailsErr != nil {
				if foldErr == nil || foldErr.Error() != detailsErr.Error() {
					t.Fatalf("folded, err = %v\nwant Details': %v", foldErr, detailsErr)
				}
				if joined != 0 {
					t.Errorf("%d parts joined of an answer that failed", joined)
				}
				return
			}
			if foldErr != nil {
				t.Fatal(foldErr)
			}
			if joined != 1 || len(details.Rows) == 0 || !reflect.DeepEqual(folded, details.Rows) || traceID.IsNull() ||
				c.body != "" && traceID != details.TraceID { // the fake's own answers number their trace ids
				t.Errorf("%d parts joined, folding %d rows with trace id %q; Details read %d with %q; they differ",
					joined, len(folded), traceID.Text(), len(details.Rows), details.TraceID.Text())
			}
		})
	}
}
