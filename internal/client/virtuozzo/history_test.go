package virtuozzo_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// A 500 and a gateway's HTML 502 are transient: the history, a POST, is
// sent again, its form whole, and the read succeeds.
func TestHistoryRetries5xxThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	fake.Virtuozzo.Enqueue(fakeapi.Reply{Status: http.StatusInternalServerError, Body: "oops"}, fakeapi.HTMLBadGateway)
	apiURL, _ := url.Parse(fake.URL)
	core := client.New(client.Settings{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	rows, err := virtuozzo.New(core, apiURL, fakeapi.VirtuozzoToken, "").History(t.Context(), virtuozzo.Query{
		Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 30, 23, 59, 59, 0, time.UTC), Period: "DAY",
	})
	if err != nil {
		t.Fatal(err)
	}
	total := decimal.Zero
	for _, r := range rows {
		if cost, ok := r.Cost.Decimal(); ok {
			total = total.Add(cost)
		}
	}
	if len(rows) != 4 || total.String() != "1.562846" {
		t.Errorf("%d rows costing %s; want the fake's 4 rows of April, costing 1.562846", len(rows), total)
	}
	requests := fake.Virtuozzo.Requests()
	if len(requests) != 3 {
		t.Fatalf("%d requests; want two failures and a success", len(requests))
	}
	for i, r := range requests {
		if r.Form.Get("session") != fakeapi.VirtuozzoToken || r.Form.Get("starttime") != "2024-04-01 00:00:00" {
			t.Errorf("attempt %d sent the form %v; want it whole on every attempt", i+1, r.Form)
		}
	}
}
