package talkdesk

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// endless serves usage pages whose next link never ends: each page a new
// URL with new records. It stops after limit requests (a last page without
// next) only so that a client that does not bound its walk still ends.
func endless(t *testing.T, limit int64) (*Client, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		links := fmt.Sprintf(`{"next":{"href":"/express/usage/month?per_page=2&page=%d"}}`, page+1)
		if n >= limit {
			links = `{}`
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"_embedded":{"usage":[{"id":"p%d-1"},{"id":"p%d-2"}]},"_links":%s}`, page, page, links)
	}))
	t.Cleanup(server.Close)
	endpoint, _ := url.Parse(server.URL)
	return New(client.New(client.Settings{}), Config{Endpoint: endpoint, AccessToken: "t"}), &requests
}

// Without reported counts, the walk along next links stops at the page
// ceiling and says how many pages it read. (maxPages is lowered so that the
// test stays small; the real ceiling is 10,000 pages.)
func TestFollowNextStopsAtTheCeiling(t *testing.T) {
	defer func(saved int64) { maxPages = saved }(maxPages)
	maxPages = 5
	api, requests := endless(t, 1000)
	records, err := api.Usage(t.Context(), Query{PerPage: 2})
	if err == nil {
		t.Fatalf("an endless listing was read: %d records in %d requests", len(records), requests.Load())
	}
	want := "Talkdesk returned an incomplete or inconsistent listing: page 5: the provider has read 5 pages, " +
		"the most it reads from one listing, and this one still has a next link: the pages do not end"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error:\n%v\nwant it to contain:\n%s", err, want)
	}
	if n := requests.Load(); n != 5 {
		t.Errorf("%d requests; want 5", n)
	}
}

// A listing that ends within the ceiling is read whole.
func TestFollowNextReadsUpToTheCeiling(t *testing.T) {
	defer func(saved int64) { maxPages = saved }(maxPages)
	maxPages = 5
	api, requests := endless(t, 5)
	records, err := api.Usage(t.Context(), Query{PerPage: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 10 || requests.Load() != 5 {
		t.Errorf("%d records in %d requests; want 10 in 5", len(records), requests.Load())
	}
}
