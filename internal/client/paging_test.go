package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// listingServer serves records 0..total-1 by ?page=N&size=M, counting
// requests in flight, with a per-page delay and optional refusals.
type listingServer struct {
	*httptest.Server
	total int
	delay func(page int) time.Duration
	// refuse, when set and true, answers 429 with Retry-After: -1.
	refuse func(inFlight int) bool
	// reported lets a test lie about the total on some page.
	reported func(page int) int

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	refusals    int
	requests    int
}

func newListingServer(t *testing.T, total int) *listingServer {
	s := &listingServer{total: total, delay: func(int) time.Duration { return 0 }}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *listingServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inFlight++
	s.requests++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	inFlight := s.inFlight
	s.mu.Unlock()
	// Done before the reply is written, so that a client which sends its
	// next request as soon as it has this reply is never counted twice.
	leave := func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}
	if s.refuse != nil && s.refuse(inFlight) {
		s.mu.Lock()
		s.refusals++
		s.mu.Unlock()
		leave()
		w.Header().Set("Retry-After", "-1")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"code":429,"title":"Too Many Requests","message":"too many parallel requests"}`))
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	size, _ := strconv.Atoi(r.URL.Query().Get("size"))
	time.Sleep(s.delay(page))
	rows := []int{}
	for i := (page - 1) * size; i < min(page*size, s.total); i++ {
		rows = append(rows, i)
	}
	total := s.total
	if s.reported != nil {
		total = s.reported(page)
	}
	body, _ := json.Marshal(map[string]any{"total": total, "rows": rows})
	leave()
	_, _ = w.Write(body)
}

func (s *listingServer) stats() (maxInFlight, refusals, requests int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight, s.refusals, s.requests
}

func (s *listingServer) fetch(api *API, size int) FetchPage[int] {
	return func(ctx context.Context, page int, fold Fold[int]) (Page[int], error) {
		u, _ := url.Parse(s.URL)
		u.RawQuery = url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(size)}}.Encode()
		resp, err := api.Send(ctx, Request{Method: http.MethodGet, URL: u})
		if err != nil {
			return Page[int]{}, err
		}
		if !resp.OK() {
			return Page[int]{}, resp.Error("", "", "")
		}
		var body struct {
			Total int64 `json:"total"`
			Rows  []int `json:"rows"`
		}
		records := NewRecords(1, size, fold, nil)
		if err := DecodePage(resp, &body, "a page", records); err != nil {
			return Page[int]{}, err
		}
		records.Finish(body.Rows)
		return records.Page(body.Rows, body.Total, 0), nil
	}
}

func testAPI(concurrency int, v Vendor) *API {
	return New(Settings{MaxConcurrency: concurrency, MaxRetries: 10, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond}).API(v)
}

func wantRecords(t *testing.T, got []int, total int) {
	t.Helper()
	want := make([]int, total)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(got, want) {
		t.Fatalf("records out of order or missing:\n got %v\nwant %v", got, want)
	}
}

// Later pages answer first; the rows still come back in the API's order,
// and no more than max_concurrency requests are ever in flight.
func TestReadPagesKeepsOrderWithinTheConcurrencyLimit(t *testing.T) {
	for _, concurrency := range []int{1, 3} {
		t.Run(fmt.Sprintf("max_concurrency=%d", concurrency), func(t *testing.T) {
			s := newListingServer(t, 23)
			s.delay = func(page int) time.Duration { return time.Duration(13-page) * 3 * time.Millisecond }
			api := testAPI(concurrency, Vendor{Name: "Test"})
			rows, err := ReadPages(t.Context(), api, 2, s.fetch(api, 2), nil)
			if err != nil {
				t.Fatal(err)
			}
			wantRecords(t, rows, 23)
			maxInFlight, _, requests := s.stats()
			if requests != 12 {
				t.Errorf("%d requests for 12 pages", requests)
			}
			// Reaching the limit shows the pages really were read concurrently.
			if maxInFlight != concurrency {
				t.Errorf("at most %d requests were in flight; want exactly max_concurrency %d", maxInFlight, concurrency)
			}
		})
	}
}

// EachPage hands pages over in the API's order, one call at a time, even
// when later pages answer first; an error from the callee ends the read.
func TestEachPageHandsPagesOverInOrder(t *testing.T) {
	s := newListingServer(t, 23)
	s.delay = func(page int) time.Duration { return time.Duration(13-page) * 3 * time.Millisecond }
	api := testAPI(3, Vendor{Name: "Test"})
	var got []int
	calls, inside := 0, 0
	err := EachPage(t.Context(), api, 2, s.fetch(api, 2), nil, Sink[int]{Pages: func(rows []int) error {
		inside++
		defer func() { inside-- }()
		if inside > 1 {
			t.Error("each was called while another call was running")
		}
		calls++
		got = append(got, rows...)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantRecords(t, got, 23)
	if calls != 12 {
		t.Errorf("%d calls for 12 pages", calls)
	}
	stop := errors.New("enough")
	calls = 0
	err = EachPage(t.Context(), api, 2, s.fetch(api, 2), nil, Sink[int]{Pages: func([]int) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("err = %v after %d calls; want the callee's error after 3", err, calls)
	}
}

// A server that allows two requests in parallel answers the rest with 429
// and Retry-After: -1. The read lowers its concurrency and completes;
// without lowering, it would keep drawing refusals on every wave.
func TestReadPagesLowersConcurrencyWhenTooManyInParallel(t *testing.T) {
	s := newListingServer(t, 60)
	s.delay = func(int) time.Duration { return 5 * time.Millisecond }
	s.refuse = func(inFlight int) bool { return inFlight > 2 }
	tooMany := func(resp *http.Response) bool {
		return resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "-1"
	}
	api := testAPI(8, Vendor{Name: "Test", TooManyInParallel: tooMany})
	rows, err := ReadPages(t.Context(), api, 2, s.fetch(api, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRecords(t, rows, 60)
	_, refusals, requests := s.stats()
	// 8 → 4 → 2: the first wave draws up to 6 refusals, the next up to 2,
	// and none after that.
	if refusals == 0 || refusals > 8 {
		t.Errorf("%d refusals over %d requests; want 1 to 8 (concurrency lowered after the first waves)", refusals, requests)
	}
}

func TestReadPagesRefusesAnIncompleteListing(t *testing.T) {
	cases := []struct {
		name     string
		total    int
		size     int
		reported func(page int) int
		want     string
	}{
		{
			name: "page 1 empty", total: 0, size: 10,
			reported: func(int) int { return 5 },
			want:     "Test returned an incomplete or inconsistent listing: page 1 of 1: it has 0 records; the last page should have 5 (a total of 5 records at 10 per page).",
		},
		{
			name: "short page before the end", total: 25, size: 10,
			reported: func(int) int { return 35 },
			want:     "page 3 of 4: it has 5 records; every page before the last should have 10 (a total of 35 records at 10 per page).",
		},
		{
			name: "empty page before the end", total: 20, size: 10,
			reported: func(int) int { return 35 },
			want:     "page 3 of 4: it has 0 records; every page before the last should have 10",
		},
		{
			name: "more rows than the total", total: 30, size: 10,
			reported: func(int) int { return 25 },
			want:     "page 3 of 3: it has 10 records; the last page should have 5 (a total of 25 records at 10 per page).",
		},
		{
			name: "total changes between pages", total: 30, size: 10,
			reported: func(page int) int { return 30 + page/3 },
			want:     "page 3 of 3: it reports a total of 31 records where page 1 reported 30: the data changed during the read.",
		},
		{
			name: "page 1 short: the API caps the page size", total: 8, size: 10,
			reported: func(int) int { return 30 },
			want:     "page 1 of 3: it has 8 records; every page before the last should have 10 (a total of 30 records at 10 per page). The API may serve fewer records per page than asked for: a smaller page size avoids this.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newListingServer(t, c.total)
			s.reported = c.reported
			// One at a time, so the first page at fault is the one reported.
			api := testAPI(1, Vendor{Name: "Test"})
			rows, err := ReadPages(t.Context(), api, c.size, s.fetch(api, c.size), nil)
			var pagingErr *PagingError
			if !errors.As(err, &pagingErr) {
				t.Fatalf("got rows %v, error %v; want a *PagingError", rows, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n%s\nwant it to contain:\n%s", err, c.want)
			}
			if summary, _ := Diagnostic(err); summary != "Incomplete listing from Test" {
				t.Errorf("diagnostic summary %q", summary)
			}
		})
	}
}

func TestReadPagesOfAnEmptyListing(t *testing.T) {
	s := newListingServer(t, 0)
	api := testAPI(4, Vendor{Name: "Test"})
	rows, err := ReadPages(t.Context(), api, 10, s.fetch(api, 10), nil)
	if err != nil || len(rows) != 0 {
		t.Fatalf("rows %v, error %v; want none and no error", rows, err)
	}
	if _, _, requests := s.stats(); requests != 1 {
		t.Errorf("%d requests; an empty listing takes one", requests)
	}
}

// When a page fails, the read fails with that page's error and does not
// start the pages still waiting for a slot.
func TestReadPagesStopsAtTheFirstFailedPage(t *testing.T) {
	s := newListingServer(t, 100)
	s.delay = func(int) time.Duration { return 2 * time.Millisecond }
	api := testAPI(2, Vendor{Name: "Test"})
	fetch := s.fetch(api, 1)
	failing := func(ctx context.Context, page int, _ Fold[int]) (Page[int], error) {
		if page == 5 {
			return Page[int]{}, errors.New("page 5 broke")
		}
		return fetch(ctx, page, nil)
	}
	_, err := ReadPages(t.Context(), api, 1, failing, nil)
	if err == nil || err.Error() != "page 5 broke" {
		t.Fatalf("error %v; want page 5's", err)
	}
	if _, _, requests := s.stats(); requests > 10 {
		t.Errorf("%d requests after page 5 failed; the read should stop", requests)
	}
}

func TestReadPagesNeedsACount(t *testing.T) {
	api := testAPI(2, Vendor{Name: "Test"})
	_, err := ReadPages(t.Context(), api, 10, func(context.Context, int, Fold[int]) (Page[int], error) {
		return Page[int]{Rows: []int{1}, Total: -1}, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "it reports neither the number of records nor the number of pages") {
		t.Fatalf("error %v", err)
	}
}

// With only a page count (no total), every page but the last must be full
// and the last must not be empty.
func TestReadPagesByPageCount(t *testing.T) {
	api := testAPI(2, Vendor{Name: "Test"})
	pages := map[int][]int{1: {0, 1}, 2: {2, 3}, 3: {4}}
	rows, err := ReadPages(t.Context(), api, 2, func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
		return Page[int]{Rows: pages[page], Total: -1, Pages: 3}, nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantRecords(t, rows, 5)
	pages[3] = nil
	_, err = ReadPages(t.Context(), api, 2, func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
		return Page[int]{Rows: pages[page], Total: -1, Pages: 3}, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "page 3 of 3: it has 0 records; the last page should have 1 to 2 (3 pages of 2)") {
		t.Fatalf("error %v", err)
	}
}

func TestReadPagesRefusesCountsThatDisagree(t *testing.T) {
	api := testAPI(1, Vendor{Name: "Test"})
	_, err := ReadPages(t.Context(), api, 10, func(context.Context, int, Fold[int]) (Page[int], error) {
		return Page[int]{Rows: make([]int, 10), Total: 30, Pages: 2}, nil
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "page 1: it reports 2 pages, but a total of 30 records at 10 per page makes 3") {
		t.Fatalf("error %v", err)
	}
}

// A page count or total too large to be real fails at once, before
// anything is allocated for it (10^12 pages would exhaust memory).
func TestReadPagesRefusesAbsurdCounts(t *testing.T) {
	for name, c := range map[string]struct {
		page Page[int]
		want string
	}{
		"pages": {Page[int]{Rows: []int{1}, Total: -1, Pages: 1_000_000_000_000},
			"page 1: it reports 1000000000000 pages, more than the 10000 the provider reads: a count that large is more likely a broken counter than real data"},
		"total": {Page[int]{Rows: []int{1}, Total: 1_000_000_000_000},
			"page 1: it reports a total of 1000000000000 records, which at 10 per page would take 100000000000 pages, more than the 10000 the provider reads"},
	} {
		t.Run(name, func(t *testing.T) {
			api := testAPI(2, Vendor{Name: "Test"})
			requests := 0
			_, err := ReadPages(t.Context(), api, 10, func(context.Context, int, Fold[int]) (Page[int], error) {
				requests++
				return c.page, nil
			}, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v\nwant %s", err, c.want)
			}
			if requests != 1 {
				t.Errorf("%d pages asked for; the first tells the count is absurd", requests)
			}
		})
	}
}

// A server that serves the same page twice (the same record ids) would
// double the totals: the read fails instead, naming the id and the pages.
func TestReadPagesRefusesARepeatedRecord(t *testing.T) {
	api := testAPI(1, Vendor{Name: "Test"})
	pages := map[int][]int{1: {1, 2}, 2: {3, 4}, 3: {3, 4}}
	_, err := ReadPages(t.Context(), api, 2, func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
		return Page[int]{Rows: pages[page], Total: 6}, nil
	}, func(row int) (string, bool) { return strconv.Itoa(row), true })
	want := `Test returned an incomplete or inconsistent listing: page 3: record id "3" is on page 2 and again on page 3: the server repeated records, which would count them twice`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

// A total near the top of int64 neither wraps around nor slips past the
// ceiling.
func TestReadPagesRefusesATotalThatWouldOverflow(t *testing.T) {
	api := testAPI(1, Vendor{Name: "Test"})
	_, err := ReadPages(t.Context(), api, 10, func(context.Context, int, Fold[int]) (Page[int], error) {
		return Page[int]{Rows: make([]int, 10), Total: 1<<63 - 1}, nil
	}, nil)
	want := "page 1: it reports a total of 9223372036854775807 records, which at 10 per page would take 922337203685477581 pages, more than the 10000 the provider reads"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

// Counts that cannot be told apart from a listing of nothing are held to
// what they say: a total of 0 is one empty page, whatever page count comes
// with it, and a later page's total or page count must be page 1's.
func TestReadPagesHoldsCountsToPageOne(t *testing.T) {
	const refused = "Test returned an incomplete or inconsistent listing: "
	const again = ". The provider refuses a partial result; if the data changed while it was read, run again."
	cases := map[string]struct {
		pages map[int]Page[int]
		want  string // "": the read succeeds
	}{
		"a total of 0 over 3 pages": {
			pages: map[int]Page[int]{1: {Rows: []int{}, Total: 0, Pages: 3}},
			want:  refused + "page 1: it reports 3 pages, but a total of 0 records at 2 per page makes 0" + again,
		},
		"records where the total is 0": {
			pages: map[int]Page[int]{1: {Rows: []int{0, 1}, Total: 0}},
			want:  refused + "page 1 of 1: it has 2 records; the last page should have 0 (a total of 0 records at 2 per page)" + again,
		},
		"a total that drops to 0": {
			pages: map[int]Page[int]{1: {Rows: []int{0, 1}, Total: 5}, 2: {Rows: []int{2, 3}, Total: 0}, 3: {Rows: []int{4}, Total: 5}},
			want:  refused + "page 2 of 3: it reports a total of 0 records where page 1 reported 5: the data changed during the read" + again,
		},
		"a page count that grows": {
			pages: map[int]Page[int]{1: {Rows: []int{0, 1}, Total: -1, Pages: 3}, 2: {Rows: []int{2, 3}, Total: -1, Pages: 4}, 3: {Rows: []int{4}, Total: -1, Pages: 3}},
			want:  refused + "page 2 of 3: it reports 4 pages where page 1 reported 3: the data changed during the read" + again,
		},
		"later pages that leave the page count out": {
			pages: map[int]Page[int]{1: {Rows: []int{0, 1}, Total: -1, Pages: 3}, 2: {Rows: []int{2, 3}, Total: -1}, 3: {Rows: []int{4}, Total: -1}},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			api := testAPI(1, Vendor{Name: "Test"})
			rows, err := ReadPages(t.Context(), api, 2, func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
				return c.pages[page], nil
			}, nil)
			switch {
			case c.want == "" && err != nil:
				t.Fatal(err)
			case c.want == "":
				wantRecords(t, rows, 5)
			case err == nil || err.Error() != c.want:
				t.Fatalf("error %v\nwant %s", err, c.want)
			}
		})
	}
}

// The ceiling is MaxPages pages: a count of exactly that many is read.
func TestCountsWithinCeilingIsInclusive(t *testing.T) {
	for _, c := range []struct {
		total, pages int64
		refused      bool
	}{
		{-1, MaxPages, false},
		{-1, MaxPages + 1, true},
		{MaxPages * 10, 0, false},
		{MaxPages*10 + 1, 0, true},
	} {
		if err := CountsWithinCeiling("Test", 1, c.total, c.pages, 10); (err != nil) != c.refused {
			t.Errorf("a total of %d, %d pages, 10 per page: error %v; want refused %v", c.total, c.pages, err, c.refused)
		}
	}
}

// With only a page count, a full last page is read, and one over the page
// size is refused.
func TestReadPagesByPageCountWithAFullLastPage(t *testing.T) {
	api := testAPI(1, Vendor{Name: "Test"})
	pages := map[int][]int{1: {0, 1}, 2: {2, 3}}
	read := func() ([]int, error) {
		return ReadPages(t.Context(), api, 2, func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
			return Page[int]{Rows: pages[page], Total: -1, Pages: 2}, nil
		}, nil)
	}
	rows, err := read()
	if err != nil {
		t.Fatal(err)
	}
	wantRecords(t, rows, 4)
	pages[2] = []int{2, 3, 4}
	want := "Test returned an incomplete or inconsistent listing: page 2 of 2: it has 3 records; the last page should have 1 to 2 (2 pages of 2)"
	if _, err := read(); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

// While one page lags, the other workers read on only a few pages past it,
// then wait for it: the pages held until their turn stay a few, however
// long the listing, and every page is still handed over in order.
func TestEachPageHoldsFewPagesPastALaggingOne(t *testing.T) {
	const pages, concurrency = 40, 3
	api := testAPI(concurrency, Vendor{Name: "Test"})
	release := make(chan struct{})
	var (
		mu      sync.Mutex
		highest int
	)
	fetch := func(ctx context.Context, page int, _ Fold[int]) (Page[int], error) {
		mu.Lock()
		highest = max(highest, page)
		mu.Unlock()
		if page == 2 {
			select {
			case <-release:
			case <-ctx.Done():
				return Page[int]{}, ctx.Err()
			}
		}
		return Page[int]{Rows: []int{page - 1}, Total: pages}, nil
	}
	done := make(chan error, 1)
	var got []int
	go func() {
		done <- EachPage(t.Context(), api, 1, fetch, nil, Sink[int]{Pages: func(rows []int) error {
			got = append(got, rows...)
			return nil
		}})
	}()
	// Long enough for the other workers to read every page, were they let.
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	read := highest
	mu.Unlock()
	// Page 2 in flight, up to max_concurrency pages waiting their turn, and
	// the other workers waiting to hand theirs over.
	if limit := 2 + 2*concurrency; read > limit {
		t.Errorf("with page 2 outstanding, pages up to %d were read; want none past %d", read, limit)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wantRecords(t, got, pages)
}

// foldedRecords is a Fold that keeps, for a test, every record of the
// parts that joined, and counts the parts.
type foldedRecords struct {
	mu      sync.Mutex
	records []int
	parts   int
}

func (f *foldedRecords) fold() (func(*int) error, func()) {
	var part []int
	return func(r *int) error {
			part = append(part, *r)
			return nil
		}, func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.records = append(f.records, part...)
			f.parts++
		}
}

func (f *foldedRecords) sorted() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(slices.Values(f.records))
}

// A sink that folds takes every record once, each page's part as soon as
// the page is checked, in whatever order the pages arrive; no page of rows
// is handed over.
func TestEachPageFoldsEveryRecordOnce(t *testing.T) {
	t.Parallel()
	s := newListingServer(t, 23)
	s.delay = func(page int) time.Duration { return time.Duration(13-page) * 3 * time.Millisecond }
	api := testAPI(3, Vendor{Name: "Test"})
	var folded foldedRecords
	err := EachPage(t.Context(), api, 2, s.fetch(api, 2), nil, Sink[int]{
		Pages: func([]int) error { t.Error("a page of rows was handed to a sink that folds"); return nil },
		Fold:  folded.fold,
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRecords(t, folded.sorted(), 23)
	if folded.parts != 12 {
		t.Errorf("%d parts joined for 12 pages", folded.parts)
	}
}

// A page that fails its checks adds nothing: its part, filled as it was
// decoded, never joins.
func TestEachPageFoldsNothingOfAPageThatFailsItsChecks(t *testing.T) {
	t.Parallel()
	api := testAPI(2, Vendor{Name: "Test"})
	var folded foldedRecords
	fetch := func(_ context.Context, page int, fold Fold[int]) (Page[int], error) {
		rows := []int{2*page - 2, 2*page - 1}
		if page == 3 {
			rows = rows[:1] // short, and not the last
		}
		if fold == nil {
			t.Fatal("a sink that folds was not asked to fold")
		}
		records := NewRecords(1, 2, fold, func(r int) (string, bool) { return strconv.Itoa(r), true })
		records.Finish(rows)
		return records.Page(nil, 8, 0), nil
	}
	err := EachPage(t.Context(), api, 2, fetch, nil, Sink[int]{Fold: folded.fold})
	var paging *PagingError
	if !errors.As(err, &paging) || paging.Page != 3 {
		t.Fatalf("err = %v, want the short page 3's paging error", err)
	}
	if got := folded.sorted(); slices.Contains(got, 4) {
		t.Errorf("the records of the failed page joined: %v", got)
	}
}

// With a sink that folds, nothing waits for a lagging page: the other
// workers read, and join, every other page meanwhile.
func TestEachPageFoldsPagesPastALaggingOne(t *testing.T) {
	const pages, concurrency = 40, 3
	api := testAPI(concurrency, Vendor{Name: "Test"})
	release := make(chan struct{})
	fetch := func(ctx context.Context, page int, fold Fold[int]) (Page[int], error) {
		if page == 2 {
			select {
			case <-release:
			case <-ctx.Done():
				return Page[int]{}, ctx.Err()
			}
		}
		records := NewRecords(1, 1, fold, nil)
		records.Finish([]int{page - 1})
		return records.Page(nil, pages, 0), nil
	}
	var folded foldedRecords
	done := make(chan error, 1)
	go func() { done <- EachPage(t.Context(), api, 1, fetch, nil, Sink[int]{Fold: folded.fold}) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(folded.sorted()) < pages-1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := len(folded.sorted()); n != pages-1 {
		t.Errorf("with page 2 outstanding, %d pages joined; want every other page, %d", n, pages-1)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wantRecords(t, folded.sorted(), pages)
}

// Records a vendor's client hands over whole go to a sink that folds as
// one part.
func TestEachPageFoldsRowsAPageHandsOver(t *testing.T) {
	t.Parallel()
	api := testAPI(2, Vendor{Name: "Test"})
	var folded foldedRecords
	fetch := func(_ context.Context, page int, _ Fold[int]) (Page[int], error) {
		return Page[int]{Rows: []int{2*page - 2, 2*page - 1}, Total: 6}, nil
	}
	if err := EachPage(t.Context(), api, 2, fetch, nil, Sink[int]{Fold: folded.fold}); err != nil {
		t.Fatal(err)
	}
	wantRecords(t, folded.sorted(), 6)
	if folded.parts != 3 {
		t.Errorf("%d parts joined for 3 pages", folded.parts)
	}
}

// Once each has failed it is not called again: a page that arrives after
// the failure, while the read is being stopped, hands over neither itself
// nor a page that waited for its turn.
func TestPageOrderStopsAtEachsError(t *testing.T) {
	stop := errors.New("enough")
	var handed []int
	order := newPageOrder(2, 3, func(rows []int) error {
		handed = append(handed, rows...)
		return stop
	})
	ctx := t.Context()
	if err := order.arrived(ctx, 3, []int{3}); err != nil {
		t.Fatalf("page 3, before its turn: %v", err)
	}
	if err := order.arrived(ctx, 2, []int{2}); !errors.Is(err, stop) {
		t.Fatalf("page 2: err = %v; want each's error", err)
	}
	if err := order.arrived(ctx, 4, []int{4}); !errors.Is(err, stop) {
		t.Errorf("page 4, after each failed: err = %v; want each's error again", err)
	}
	if !slices.Equal(handed, []int{2}) {
		t.Errorf("each was handed pages %v; want only page 2, whose call failed", handed)
	}
}
