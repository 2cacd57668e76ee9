package ocamba_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// reader reads the fake's usage listing with these settings, retrying fast.
func reader(t *testing.T, fake *fakeapi.Server, settings client.Settings) *ocamba.Client {
	t.Helper()
	settings.RetryWaitMin, settings.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	endpoint, err := url.Parse(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	return ocamba.New(client.New(settings), endpoint, fakeapi.OcambaToken)
}

func startFake(t *testing.T) *fakeapi.Server {
	t.Helper()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	return fake
}

// wantIDs fails unless usages are the records 1..n, in order.
func wantIDs(t *testing.T, usages []ocamba.Usage, n int) {
	t.Helper()
	got := make([]string, len(usages))
	for i, u := range usages {
		got[i], _ = u.ID.Value()
	}
	want := make([]string, n)
	for i := range want {
		want[i] = strconv.Itoa(i + 1)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("records out of order or missing:\n got %v\nwant %v", got, want)
	}
}

// 47 records at 5 per page, 10 ms per request, 4 at a time: every record,
// in order, each page (Ocamba's page=N,size) asked for once, never more
// than 4 requests at once.
func TestUsageReadsManyPagesConcurrentlyInOrder(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(47)...)
	fake.Ocamba.SetLatency(10 * time.Millisecond)
	usages, err := reader(t, fake, client.Settings{MaxConcurrency: 4}).Usage(t.Context(), ocamba.Query{PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, usages, 47)
	pages := map[string]int{}
	for _, r := range fake.Ocamba.Requests() {
		pages[r.Query.Get("page")]++
	}
	for n := 1; n <= 10; n++ {
		if got := pages[fmt.Sprintf("%d,5", n)]; got != 1 {
			t.Errorf("page %d,5 asked for %d times", n, got)
		}
	}
	if len(pages) != 10 {
		t.Errorf("pages asked for: %v; want 1,5 to 10,5", pages)
	}
	if most := fake.Ocamba.MaxInFlight(); most > 4 || most < 2 {
		t.Errorf("at most %d requests were in flight; want 2 to 4 (concurrent, within max_concurrency)", most)
	}
}

// Two 429s with Retry-After: 0, then the page: the read asks for page 1
// again each time and succeeds.
func TestUsageRetriesRateLimitsThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	fake.Ocamba.Enqueue(fake.Ocamba.RateLimited(0), fake.Ocamba.RateLimited(0))
	usages, err := reader(t, fake, client.Settings{MaxRetries: 2}).Usage(t.Context(), ocamba.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(usages) != 4 {
		t.Errorf("%d records; want the fake's 4", len(usages))
	}
	var pages []string
	for _, r := range fake.Ocamba.Requests() {
		pages = append(pages, r.Query.Get("page"))
	}
	if !slices.Equal(pages, []string{"1,100", "1,100", "1,100"}) {
		t.Errorf("pages asked for %v; want page 1 three times (two 429s, then the page)", pages)
	}
}

// The fake allows two requests at a time and answers the rest with 429 and
// Retry-After: -1, Ocamba's "too many in parallel". Starting at 8, the read
// lowers its concurrency, reads every record, and draws only the refusals
// of its first waves.
func TestUsageLowersConcurrencyWhenOcambaSaysTooManyInParallel(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(40)...)
	fake.Ocamba.SetLatency(10 * time.Millisecond)
	fake.Ocamba.SetMaxParallel(2)
	usages, err := reader(t, fake, client.Settings{MaxConcurrency: 8, MaxRetries: 10}).Usage(t.Context(), ocamba.Query{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, usages, 40)
	// Measured: 8 to 12 refusals (8 → 4 → 2, plus requests admitted while
	// the first refusals were on their way back). Without lowering, a read
	// draws 57 to 77, or runs out of retries.
	if refusals := len(fake.Ocamba.Requests()) - 20; refusals < 1 || refusals > 16 {
		t.Errorf("%d refusals in a read of 20 pages; want 1 to 16", refusals)
	}
}

// Ocamba announces its limit (X-RateLimit-*): the client paces itself to
// it rather than running into 429s. A new client knows nothing of the
// window, so its first request may be refused; none after that is.
func TestUsagePacesItselfToTheAnnouncedRateLimit(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(16)...)
	fake.Ocamba.SetRateLimit(5, time.Second)
	usages, err := reader(t, fake, client.Settings{MaxConcurrency: 4, MaxRetries: 10}).Usage(t.Context(), ocamba.Query{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, usages, 16)
	// Measured without pacing: 3 refusals in a read of 8 pages.
	if refused := fake.Ocamba.RateLimitedPages(); len(refused) > 1 || (len(refused) == 1 && refused[0] != "1,2") {
		t.Errorf("refused %v; only the first request of a read may run into the rate limit, once", refused)
	}
}

// 23 invoices at 5 per page, 3 requests at a time: every invoice, in
// order, from the invoices listing, each page asked for once.
func TestInvoicesReadManyPagesConcurrentlyInOrder(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	fake.Ocamba.SetInvoices(fakeapi.OcambaInvoices(23)...)
	fake.Ocamba.SetLatency(10 * time.Millisecond)
	var got []string
	err := reader(t, fake, client.Settings{MaxConcurrency: 3}).InvoicesEach(t.Context(), ocamba.Query{PageSize: 5}, client.Sink[ocamba.Invoice]{Pages: func(page []ocamba.Invoice) error {
		for _, invoice := range page {
			id, _ := invoice.ID.Value()
			got = append(got, id)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, 23)
	for i := range want {
		want[i] = fmt.Sprintf("inv-%d", i+1)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("invoices out of order or missing:\n got %v\nwant %v", got, want)
	}
	pages := map[string]int{}
	for _, r := range fake.Ocamba.Requests() {
		if r.Path != fakeapi.OcambaInvoicesPath {
			t.Errorf("a request to %s; want only %s", r.Path, fakeapi.OcambaInvoicesPath)
		}
		pages[r.Query.Get("page")]++
	}
	for n := 1; n <= 5; n++ {
		if got := pages[fmt.Sprintf("%d,5", n)]; got != 1 {
			t.Errorf("page %d,5 asked for %d times", n, got)
		}
	}
	if len(pages) != 5 {
		t.Errorf("pages asked for: %v; want 1,5 to 5,5", pages)
	}
	if most := fake.Ocamba.MaxInFlight(); most > 3 || most < 2 {
		t.Errorf("at most %d requests were in flight; want 2 to 3", most)
	}
}

// A page's records are folded as the page arrives, not once it is whole:
// the server holds the end of the page back until a record has folded.
func TestUsageFoldsAPageAsItArrives(t *testing.T) {
	t.Parallel()
	records := fakeapi.OcambaRecords(300)
	held := clienttest.NewHeldBack(t, func(*http.Request) (string, string) {
		return `{"total":300,"items":[` + strings.Join(records[:150], ",") + ",", strings.Join(records[150:], ",") + "]}"
	})
	api := ocamba.New(client.New(client.Settings{}), held.URL, fakeapi.OcambaToken)
	var folding clienttest.Folding[ocamba.Usage]
	err := api.UsageEach(t.Context(), ocamba.Query{PageSize: 300}, folding.Sink(t).Filter(func(*ocamba.Usage) (bool, error) {
		held.Release()
		return true, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	held.Check(t)
	wantIDs(t, folding.Records(), 300)
}

// A record without an id is known by all of its fields: a server that
// answers page 1 for every page repeats records, and the read fails rather
// than count them three times, in pages or folded; records without an id
// that differ are each read once.
func TestUsageTellsRepeatedRecordsWithoutAnIDApart(t *testing.T) {
	t.Parallel()
	fake := startFake(t)
	records := make([]string, 9)
	for i := range records {
		records[i] = fmt.Sprintf(`{"company_id":"%d","currency_code":"USD","items":[{"amount":1}]}`, i+1)
	}
	api := reader(t, fake, client.Settings{MaxConcurrency: 2})
	fake.Ocamba.SetRows(records...)
	usages, err := api.Usage(t.Context(), ocamba.Query{PageSize: 3})
	if err != nil || len(usages) != 9 {
		t.Fatalf("nine records without an id read as %d records, err %v; want all nine", len(usages), err)
	}
	firstPage := fakeapi.Reply{Status: http.StatusOK, Body: `{"total":9,"items":[` + strings.Join(records[:3], ",") + `]}`}
	const want = "Ocamba returned an incomplete or inconsistent listing: page "
	const repeated = "a record without an id, alike in every field, is on page 1 and again on page "
	fake.Ocamba.Enqueue(firstPage, firstPage, firstPage)
	if _, err := api.Usage(t.Context(), ocamba.Query{PageSize: 3}); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), repeated) {
		t.Errorf("page 1 served three times: err = %v; want one that says %q", err, repeated)
	}
	fake.Ocamba.Enqueue(firstPage, firstPage, firstPage)
	var folding clienttest.Folding[ocamba.Usage]
	if err := api.UsageEach(t.Context(), ocamba.Query{PageSize: 3}, folding.Sink(t)); err == nil || !strings.Contains(err.Error(), repeated) {
		t.Errorf("page 1 served three times, folded: err = %v; want one that says %q", err, repeated)
	}
}
