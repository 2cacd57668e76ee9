package talkdesk_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// usageClient reads the fake's usage with client credentials.
func fakeClient(t *testing.T) (*fakeapi.Server, *talkdesk.Client) {
	t.Helper()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	endpoint, _ := url.Parse(fake.URL + "/")
	return fake, talkdesk.New(client.New(client.Settings{RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond}), talkdesk.Config{
		Endpoint: endpoint, TokenURL: endpoint.JoinPath(fakeapi.TalkdeskTokenPath),
		ClientID: fakeapi.TalkdeskClientID, ClientSecret: fakeapi.TalkdeskClientSecret,
	})
}

func usageIDs(usages []talkdesk.Usage) []string {
	ids := make([]string, len(usages))
	for i, u := range usages {
		ids[i], _ = u.ID.Value()
	}
	return ids
}

// Two reads of three pages each, by one client: one token, of the usage
// scope, sent with every request.
func TestUsageTokenIsFetchedOnceAndReused(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	fake.Talkdesk.SetRows(fakeapi.TalkdeskRecords([]string{"acc-1", "acc-2"}, []string{"2024-01", "2024-02", "2024-03"})...)
	for range 2 {
		usages, err := api.Usage(t.Context(), talkdesk.Query{PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(usages) != 6 {
			t.Fatalf("%d records; want 6", len(usages))
		}
	}
	if n := fake.Talkdesk.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for two reads; want 1", n)
	}
	if scopes := fake.Talkdesk.TokenScopes(); !slices.Equal(scopes, []string{talkdesk.UsageScope}) {
		t.Errorf("token scopes %v; want [%s]", scopes, talkdesk.UsageScope)
	}
	usage := fake.Talkdesk.UsageRequests()
	if len(usage) != 6 {
		t.Errorf("%d usage requests; want 3 pages in each of 2 reads", len(usage))
	}
	for _, r := range usage {
		if auth := r.Header.Get("Authorization"); auth != usage[0].Header.Get("Authorization") || auth == "" {
			t.Errorf("Authorization %q; want the one token on every request", auth)
		}
	}
}

// A revoked token draws a 401: the client fetches a new one and retries
// the request once.
func TestUsageRefreshesTheTokenOnceAfter401(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	fake.Talkdesk.Enqueue(fakeapi.TalkdeskError(401, "1001", "Unauthorized", "The access token is invalid or has expired."))
	usages, err := api.Usage(t.Context(), talkdesk.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(usages) != len(fakeapi.DefaultTalkdeskRecords) {
		t.Errorf("%d records; want the fake's %d", len(usages), len(fakeapi.DefaultTalkdeskRecords))
	}
	var paths []string
	for _, r := range fake.Talkdesk.Requests() {
		paths = append(paths, r.Path)
	}
	want := []string{fakeapi.TalkdeskTokenPath, fakeapi.TalkdeskPath, fakeapi.TalkdeskTokenPath, fakeapi.TalkdeskPath}
	if !slices.Equal(paths, want) {
		t.Errorf("requests %v; want token, usage (401), token, usage", paths)
	}
}

// 90 accounts over three months make a filter too long for the API: it
// runs as several queries within the limit, whose records come back as one
// listing, in the order asked for.
func TestUsageSplitsALongFilter(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	accounts := make([]string, 90)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("5ea7a1c3e4b0d92f1a6b%04d", i)
	}
	months := []string{"2024-01", "2024-02", "2024-03"}
	fake.Talkdesk.SetRows(fakeapi.TalkdeskRecords(accounts, append(months, "2024-04"))...)
	var want []string
	for i := range accounts {
		for m := range months {
			want = append(want, fmt.Sprintf("t-%05d", i*4+m+1))
		}
	}
	usages, err := api.Usage(t.Context(), talkdesk.Query{AccountIDs: accounts, Months: months, OrderBy: "id:asc", PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if got := usageIDs(usages); !slices.Equal(got, want) {
		t.Errorf("%d records, not the %d selected in order; first %v", len(got), len(want), got[:min(5, len(got))])
	}
	filters := map[string]bool{}
	for _, r := range fake.Talkdesk.UsageRequests() {
		filter := r.Query.Get("filter")
		if len(filter) > talkdesk.MaxFilterLength {
			t.Errorf("a filter of %d characters was sent", len(filter))
		}
		filters[filter] = true
	}
	if len(filters) < 2 {
		t.Errorf("%d distinct filters; a filter this long must be split", len(filters))
	}
}

// Page counts come from the last link, from counters, or not at all (then
// next links are followed); every way reads every record in order, each
// page once.
func TestUsageReadsEveryPage(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]func(*fakeapi.Talkdesk){
		"last link":          func(*fakeapi.Talkdesk) {},
		"counters":           func(f *fakeapi.Talkdesk) { f.SetCounters(true); f.SetLastLink(false) },
		"next links only":    func(f *fakeapi.Talkdesk) { f.SetLastLink(false) },
		"counters and links": func(f *fakeapi.Talkdesk) { f.SetCounters(true) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, api := fakeClient(t)
			fake.Talkdesk.SetRows(fakeapi.TalkdeskRecords([]string{"acc-1", "acc-2", "acc-3"}, []string{"2024-01", "2024-02", "2024-03", "2024-04"})...)
			fake.Talkdesk.SetLatency(5 * time.Millisecond)
			setup(fake.Talkdesk)
			usages, err := api.Usage(t.Context(), talkdesk.Query{OrderBy: "id:asc", PerPage: 5})
			if err != nil {
				t.Fatal(err)
			}
			want := make([]string, 12)
			for i := range want {
				want[i] = fmt.Sprintf("t-%05d", i+1)
			}
			if got := usageIDs(usages); !slices.Equal(got, want) {
				t.Errorf("records %v; want %v", got, want)
			}
			pages := map[string]int{}
			for _, r := range fake.Talkdesk.UsageRequests() {
				pages[r.Query.Get("page")]++
			}
			if len(pages) != 3 || pages["1"] != 1 || pages["2"] != 1 || pages["3"] != 1 {
				t.Errorf("pages asked for: %v; want 1, 2 and 3 once each", pages)
			}
		})
	}
}

// A month without usage is an empty result, however the API leaves it
// empty: HAL omits _embedded when there is nothing to embed.
func TestUsageOfAnEmptyMonthIsEmpty(t *testing.T) {
	t.Parallel()
	const self = `{"self":{"href":"/express/usage/month?page=1"},"first":{"href":"/express/usage/month?page=1"}}`
	ok200 := func(body string) func(*fakeapi.Talkdesk) {
		return func(f *fakeapi.Talkdesk) { f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: body}) }
	}
	for name, setup := range map[string]func(*fakeapi.Talkdesk){
		"as the fake serves it":           func(*fakeapi.Talkdesk) {},
		"as the fake serves it, counters": func(f *fakeapi.Talkdesk) { f.SetCounters(true) },
		"links only":                      ok200(`{"_links":` + self + `}`),
		"links and a total of 0":          ok200(`{"_links":` + self + `,"total":0,"total_pages":0}`),
		"_embedded without usage":         ok200(`{"_embedded":{},"_links":` + self + `}`),
		"an empty usage array":            ok200(`{"_embedded":{"usage":[]},"_links":` + self + `}`),
		"an empty usage array, no links":  ok200(`{"_embedded":{"usage":[]}}`),
		"links only, last link to page 1": ok200(`{"_links":{"last":{"href":"/express/usage/month?page=1"}}}`),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, api := fakeClient(t)
			setup(fake.Talkdesk)
			usages, err := api.Usage(t.Context(), talkdesk.Query{Months: []string{"2025-06"}})
			if err != nil {
				t.Fatal(err)
			}
			if usages == nil || len(usages) != 0 {
				t.Errorf("usages %v; want an empty list", usages)
			}
			if n := len(fake.Talkdesk.UsageRequests()); n != 1 {
				t.Errorf("%d usage requests; want 1", n)
			}
		})
	}
}

// A usage record without an id is known by all of its fields: a server
// that answers page 1 again for page 2 repeats records, and the read fails
// rather than count them twice.
func TestUsageTellsRepeatedRecordsWithoutAnIDApart(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	page := `{"_embedded":{"usage":[{"account_id":"acc-1","month":"2024-01","currency":"USD","total_amount":1},` +
		`{"account_id":"acc-2","month":"2024-01","currency":"USD","total_amount":2}]},"total":4,"total_pages":2,"_links":{}}`
	fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: page}, fakeapi.Reply{Status: 200, Body: page})
	_, err := api.Usage(t.Context(), talkdesk.Query{PerPage: 2})
	const want = "Talkdesk returned an incomplete or inconsistent listing: page 2: " +
		"a record without an id, alike in every field, is on page 1 and again on page 2: the server repeated records"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v; want one that says %q", err, want)
	}
}

// The filter the provider writes from account ids and months is checked
// against the records: an API that ignored it, or part of it, would add
// other accounts' or months' usage to every total. Account ids compare
// without regard to case, as the API may; a raw filter is the user's.
func TestUsageOutsideItsFilterFailsTheRead(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	page := func(records ...string) fakeapi.Reply {
		return fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[` + strings.Join(records, ",") + `]},"_links":{}}`}
	}
	query := talkdesk.Query{AccountIDs: []string{"acc-1", "acc-2"}, Months: []string{"2024-01", "2024-02"}}
	for name, c := range map[string]struct {
		record string
		want   string // "" for a read that succeeds
	}{
		"in the filter":   {`{"id":"u-1","account_id":"ACC-1","month":"2024-02","currency":"USD","total_amount":1}`, ""},
		"another account": {`{"id":"u-1","account_id":"acc-9","month":"2024-01","currency":"USD","total_amount":1000}`, `usage record "u-1" is for account "acc-9", which the filter does not select (account_ids acc-1, acc-2)`},
		"another month":   {`{"id":"u-1","account_id":"acc-1","month":"2019-07","currency":"USD","total_amount":1000}`, `usage record "u-1" is for month "2019-07", which the filter does not select (2024-01 to 2024-02)`},
		"no account":      {`{"id":"u-1","month":"2024-01","currency":"USD","total_amount":1}`, `usage record "u-1" is for account null, which the filter does not select`},
		"no id, no month": {`{"account_id":"acc-1","currency":"USD","total_amount":1}`, `usage record (account_id "acc-1") is for month null, which the filter does not select`},
	} {
		for _, folded := range []bool{false, true} {
			fake.Talkdesk.Enqueue(page(c.record))
			var err error
			if folded {
				var folding clienttest.Folding[talkdesk.Usage]
				err = api.UsageEach(t.Context(), query, folding.Sink(t))
			} else {
				_, err = api.Usage(t.Context(), query)
			}
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s (folded: %t): %v", name, folded, err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "Talkdesk returned an incomplete or inconsistent listing: "+c.want)):
				t.Errorf("%s (folded: %t): err = %v; want one that says %q", name, folded, err, c.want)
			}
		}
	}
	// Terraform holds account_ids in Unicode normal form C; the API may
	// write an id in another form, and in other case.
	fake.Talkdesk.Enqueue(page(`{"id":"u-1","account_id":"ACC-E\u0301","month":"2024-01","currency":"USD","total_amount":1}`))
	if _, err := api.Usage(t.Context(), talkdesk.Query{AccountIDs: []string{"acc-\u00e9"}, Months: []string{"2024-01"}}); err != nil {
		t.Errorf("an account id in another Unicode form: %v", err)
	}
	fake.Talkdesk.Enqueue(page(`{"id":"u-1","account_id":"acc-9","month":"2019-07","currency":"USD","total_amount":1}`))
	if _, err := api.Usage(t.Context(), talkdesk.Query{Filter: "account_id eq 'acc-1'"}); err != nil {
		t.Errorf("a raw filter's records are not checked: %v", err)
	}
}

// HAL pages carry links, and the last page has no next link. A page
// without any links or counts is the last one only if it is not full:
// a full one cannot say whether more follow, and fails the read rather
// than end it early. A short one ends the listing.
func TestAFullPageWithoutLinksFailsTheRead(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	records := `{"id":"u-1","account_id":"a","month":"2024-01","currency":"USD","total_amount":1},` +
		`{"id":"u-2","account_id":"a","month":"2024-01","currency":"USD","total_amount":2}`
	for _, folded := range []bool{false, true} {
		fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[` + records + `]}}`})
		var err error
		if folded {
			var folding clienttest.Folding[talkdesk.Usage]
			err = api.UsageEach(t.Context(), talkdesk.Query{PerPage: 2}, folding.Sink(t))
		} else {
			_, err = api.Usage(t.Context(), talkdesk.Query{PerPage: 2})
		}
		want := "Talkdesk returned an incomplete or inconsistent listing: page 1: it has 2 records, a full page, " +
			"but neither links (_links) nor counts: nothing in it says whether more follow"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("folded %t: err = %v; want one that says %q", folded, err, want)
		}
	}
	fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[` + records + `]}}`})
	if usage, err := api.Usage(t.Context(), talkdesk.Query{PerPage: 3}); err != nil || len(usage) != 2 {
		t.Errorf("a short page without links: %d records, %v; want the 2, as the last page", len(usage), err)
	}
	// Where page 1 counted the pages, a later page need say nothing.
	more := strings.NewReplacer("u-1", "u-3", "u-2", "u-4").Replace(records)
	fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: `{"total":4,"total_pages":2,"_embedded":{"usage":[` + records + `]},"_links":{}}`},
		fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[` + more + `]}}`})
	if usage, err := api.Usage(t.Context(), talkdesk.Query{PerPage: 2}); err != nil || len(usage) != 4 {
		t.Errorf("a full last page without links, the pages counted on page 1: %d records, %v; want all 4", len(usage), err)
	}
}
