package virtuozzo_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// Folded as they are decoded, the history's rows are the rows History
// returns, and an answer History refuses is refused with the same error,
// nothing of it joined: a row without fields, a platform error beside
// rows, a missing array. A body with the array twice (the plain way
// decodes it) folds the rows encoding/json keeps. Folded, the answer is
// decoded as it arrives; one that is refused after more than 16 KiB of it
// is asked for again, and decoded whole for its error.
func TestHistoryFoldsWhatHistoryReads(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	apiURL, _ := url.Parse(fake.URL)
	api := virtuozzo.New(client.New(client.Settings{MaxRetries: 0}), apiURL, fakeapi.VirtuozzoToken, "")
	q := virtuozzo.Query{Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 30, 23, 59, 59, 0, time.UTC), Period: "DAY"}
	row := `{"dateTime":"2024-04-01 00:00:00","cost":0.5,"envName":"a"}`
	largeLastEmpty := `{"result":0,"array":[` + strings.Join(fakeapi.VirtuozzoRows(5000), ",") + `,{}]}`
	for name, c := range map[string]struct {
		body, fails string
		asks        int // the requests the folded read makes, when not 1
	}{
		"the fake's rows":                    {},
		"many rows":                          {body: string(fakeapi.VirtuozzoPage(1000))},
		"a row without fields":               {body: `{"result":0,"array":[` + row + `,{}]}`, fails: "row 2 of array has no value in any field the provider reads"},
		"a platform error":                   {body: `{"result":702,"error":"session expired","array":[` + row + `]}`, fails: "session expired"},
		"no array":                           {body: `{"result":0}`, fails: "field array is missing or null"},
		"the array given twice":              {body: `{"result":0,"array":[` + row + `],"array":[` + row + `,` + row + `]}`, fails: `duplicate object member name "array"`},
		"many rows, the last without fields": {body: largeLastEmpty, fails: "row 5001 of array has no value in any field the provider reads", asks: 2},
	} {
		t.Run(name, func(t *testing.T) {
			body := c.body
			if body != "" {
				for range 1 + max(c.asks, 1) {
					fake.Virtuozzo.Enqueue(fakeapi.Reply{Status: 200, Body: body})
				}
			}
			rows, historyErr := api.History(t.Context(), q)
			var folding clienttest.Folding[virtuozzo.Row]
			before := len(fake.Virtuozzo.Requests())
			foldErr := api.HistoryEach(t.Context(), q, folding.Sink(t))
			if asked := len(fake.Virtuozzo.Requests()) - before; asked != max(c.asks, 1) {
				t.Errorf("the folded read made %d requests, want %d", asked, max(c.asks, 1))
			}
			folded, joined := folding.Records(), folding.Parts()
			if (historyErr == nil) != (c.fails == "") || historyErr != nil && !strings.Contains(historyErr.Error(), c.fails) {
				t.Fatalf("History: err = %v, want one that says %q", historyErr, c.fails)
			}
			if historyErr != nil {
				if foldErr == nil || foldErr.Error() != historyErr.Error() {
					t.Fatalf("folded, err = %v\nwant History's: %v", foldErr, historyErr)
				}
				if joined != 0 {
					t.Errorf("%d parts joined of an answer that failed", joined)
				}
				return
			}
			if foldErr != nil {
				t.Fatal(foldErr)
			}
			if joined != 1 || len(rows) == 0 || !reflect.DeepEqual(folded, rows) {
				t.Errorf("%d parts joined, folding %d rows; History read %d; they differ", joined, len(folded), len(rows))
			}
		})
	}
}
