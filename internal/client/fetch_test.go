package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// A vendor whose answers a test scripts: each request's path is the body
// to answer with, status 200 unless the path starts with /status-NNN.
func scriptedVendor(t *testing.T) (*url.URL, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		body := strings.TrimPrefix(r.URL.Path, "/")
		if status, rest, ok := strings.Cut(body, "/"); ok && strings.HasPrefix(status, "status-") {
			code := 0
			for _, c := range strings.TrimPrefix(status, "status-") {
				code = code*10 + int(c-'0')
			}
			w.WriteHeader(code)
			body = rest
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(server.Close)
	u, err := url.Parse(server.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u, &requests
}

// Which answers the cache directory keeps: complete, well-formed successes
// without a credential in them; and only for the same credentials.
func TestFetchKeepsOnlyWellFormedAnswersWithoutSecrets(t *testing.T) {
	const secret = "s3cr+t/key=="
	endpoint, requests := scriptedVendor(t)
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	core := New(Settings{Cache: dir, Secrets: []string{secret}, MaxRetries: 0})
	api := core.API(Vendor{Name: "Test", Credentials: []string{secret}})
	wellFormed := func(resp *Response) error {
		if !resp.OK() {
			return errors.New("refused")
		}
		if !strings.HasPrefix(string(resp.Body), "ok") {
			return errors.New("not well-formed")
		}
		return nil
	}
	// fetch reads path twice and reports how many requests reached the
	// vendor.
	fetchTwice := func(api *API, path string) int32 {
		t.Helper()
		before := requests.Load()
		for range 2 {
			_ = api.Fetch(t.Context(), Request{Method: http.MethodGet, URL: endpoint.JoinPath(path)}, wellFormed)
		}
		return requests.Load() - before
	}
	cases := []struct {
		path string
		want int32 // requests for two reads
	}{
		{"ok-answer", 1},
		{"not-well-formed", 2},
		{"status-404/ok-but-refused", 2},
		{"ok-echoing-" + url.PathEscape(secret), 2},
		{"ok-echoing-" + url.QueryEscape(url.QueryEscape(secret)), 2}, // the form-encoded spelling, as the body would carry it
	}
	for _, c := range cases {
		if got := fetchTwice(api, c.path); got != c.want {
			t.Errorf("%s: two reads made %d requests, want %d", c.path, got, c.want)
		}
	}
	// The same request with another credential asks the vendor itself.
	other := core.API(Vendor{Name: "Test", Credentials: []string{"another key"}})
	if got := fetchTwice(other, "ok-answer"); got != 1 {
		t.Errorf("another credential: two reads made %d requests, want 1 (its own)", got)
	}
	// And another vendor with the same credential.
	if got := fetchTwice(core.API(Vendor{Name: "Other", Credentials: []string{secret}}), "ok-answer"); got != 1 {
		t.Errorf("another vendor: two reads made %d requests, want 1 (its own)", got)
	}
}

// Waiting for a slot that another process holds does not count against
// request_timeout, and ends when the read is cancelled.
func TestWaitingForAnotherProcesssSlot(t *testing.T) {
	endpoint, requests := scriptedVendor(t)
	path := t.TempDir()
	dir, err := cachedir.Open(t.Context(), path, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, MaxConcurrency: 1, RequestTimeout: 500 * time.Millisecond}).API(Vendor{Name: "Test"})
	// Another process: the same directory, opened apart.
	other, err := cachedir.Open(t.Context(), path, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	release, err := other.Slots("Test", 1).Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(1200*time.Millisecond, release)
	start := time.Now()
	resp, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: endpoint.JoinPath("ok")})
	if err != nil {
		t.Fatalf("a request that waited 1.2 s for a slot, with request_timeout 500ms: %v", err)
	}
	if waited := time.Since(start); waited < 1200*time.Millisecond || resp.Status != http.StatusOK {
		t.Errorf("answered %d after %v: it did not wait for the other process's slot", resp.Status, waited)
	}

	releaseAgain, err := other.Slots("Test", 1).Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer releaseAgain()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	before := requests.Load()
	if _, err := api.Send(ctx, Request{Method: http.MethodGet, URL: endpoint.JoinPath("ok")}); !errors.Is(err, context.Canceled) {
		t.Errorf("a read cancelled while it waits for a slot: %v, want context.Canceled", err)
	}
	if requests.Load() != before {
		t.Error("the cancelled request was sent")
	}
}

// A shared quota whose window ends further ahead than any vendor's (a
// clock stepped back, a file this provider did not write) is an unknown
// window, not an hour's stall.
func TestAnImpossibleQuotaWindowIsUnknown(t *testing.T) {
	endpoint, _ := scriptedVendor(t)
	path := t.TempDir()
	dir, err := cachedir.Open(t.Context(), path, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	quota := func(http.Header) (Quota, bool) { return Quota{}, false }
	if err := dir.Quota("Test", hashParts()).Update(t.Context(), func(q *cachedir.QuotaState) {
		*q = cachedir.QuotaState{Remaining: 0, Resets: time.Now().Add(time.Hour)}
	}); err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir}).API(Vendor{Name: "Test", Quota: quota})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := api.Send(ctx, Request{Method: http.MethodGet, URL: endpoint.JoinPath("ok")}); err != nil {
		t.Fatalf("with a window an hour ahead: %v", err)
	}
}

// An answer read from the cache directory is handed over as the vendor
// sent it: the second read sees the first read's status and body.
func TestFetchHandsOverTheKeptAnswer(t *testing.T) {
	endpoint, requests := scriptedVendor(t)
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{"key"}})
	var got []string
	for range 2 {
		err := api.Fetch(t.Context(), Request{Method: http.MethodGet, URL: endpoint.JoinPath("ok-kept")}, func(resp *Response) error {
			got = append(got, fmt.Sprintf("%d %s", resp.Status, resp.Body))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"200 ok-kept", "200 ok-kept"}; !slices.Equal(got, want) || requests.Load() != 1 {
		t.Errorf("two reads, %d requests, handed %q; want one request and %q", requests.Load(), got, want)
	}
}

// A kept answer, or listing, is read without waiting for its key's turn:
// the process that holds the turn may be asking the vendor, for this key or
// for another that shares its lock, for as long as its retries take.
func TestAKeptAnswerIsReadWhileAnotherHoldsTheKeysTurn(t *testing.T) {
	if !cachedir.OpenEntriesStay {
		t.Skip("an entry is rewritten in place here, so it is read under its lock")
	}
	endpoint, requests := scriptedVendor(t)
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{"key"}})
	answer := Request{Method: http.MethodGet, URL: endpoint.JoinPath("ok-answer")}
	pages := []Request{{Method: http.MethodGet, URL: endpoint.JoinPath("ok-page-1")}, {Method: http.MethodGet, URL: endpoint.JoinPath("ok-page-2")}}
	var got []string
	fetch := func(ctx context.Context, r Request) error {
		return api.Fetch(ctx, r, func(resp *Response) error { got = append(got, string(resp.Body)); return nil })
	}
	readListing := func(ctx context.Context) error {
		return Listing(ctx, api, Sink[int]{Pages: func([]int) error { return nil }}, func(ctx context.Context, _ Sink[int]) error {
			for _, page := range pages {
				if err := fetch(ctx, page); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := fetch(t.Context(), answer); err != nil {
		t.Fatal(err)
	}
	if err := readListing(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, key := range []cachedir.Key{api.key(answer), listingTurn(api.key(pages[0]))} {
		unlock, err := dir.Lock(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
	}
	got = nil
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := fetch(ctx, answer); err != nil {
		t.Errorf("the kept answer waited for the key's turn: %v", err)
	}
	if err := readListing(ctx); err != nil {
		t.Errorf("the kept listing waited for its turn: %v", err)
	}
	if want := []string{"ok-answer", "ok-page-1", "ok-page-2", "ok-page-1", "ok-page-2"}; !slices.Equal(got, want) || requests.Load() != 3 {
		t.Errorf("%d requests, handed %q; want 3 (all before) and %q", requests.Load(), got, want)
	}
}

// Answers are kept by the whole request: two requests to one URL with
// different forms (two periods of a Virtuozzo history) are two answers.
func TestFetchKeepsAnswersByTheForm(t *testing.T) {
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		_ = r.ParseForm()
		_, _ = w.Write([]byte("ok-" + r.PostForm.Get("period")))
	}))
	defer server.Close()
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{"key"}})
	var got []string
	for _, period := range []string{"DAY", "MONTH", "DAY", "MONTH"} {
		r := Request{Method: http.MethodPost, URL: mustParse(t, server.URL), Form: url.Values{"period": {period}}}
		if err := api.Fetch(t.Context(), r, func(resp *Response) error { got = append(got, string(resp.Body)); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"ok-DAY", "ok-MONTH", "ok-DAY", "ok-MONTH"}; !slices.Equal(got, want) || requests.Load() != 2 {
		t.Errorf("%d requests, handed %q; want 2 requests and %q", requests.Load(), got, want)
	}
}

// A listing is kept whole or not at all: when one of its pages cannot be
// kept (it echoes a credential), the next read asks the vendor for every
// page, never some pages from the directory and the rest from the vendor.
func TestListingIsKeptWholeOrNotAtAll(t *testing.T) {
	const secret = "listing-secret-123"
	endpoint, requests := scriptedVendor(t)
	dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, Secrets: []string{secret}, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{secret}})
	read := func() {
		t.Helper()
		err := Listing(t.Context(), api, Sink[int]{Pages: func([]int) error { return nil }}, func(ctx context.Context, _ Sink[int]) error {
			for _, page := range []string{"ok-page-1", "ok-page-2-" + secret} {
				if err := api.Fetch(ctx, Request{Method: http.MethodGet, URL: endpoint.JoinPath(page)}, func(*Response) error { return nil }); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	read()
	read()
	if n := requests.Load(); n != 4 {
		t.Errorf("two reads of a listing of 2 pages, one of them not keepable, made %d requests; want 4", n)
	}
}

// fetchThroughCache reads pages of s as fetch does, through Fetch: with a
// cache directory, within a listing, the pages are kept and read together.
func (s *listingServer) fetchThroughCache(api *API, size int) FetchPage[int] {
	return func(ctx context.Context, page int, fold Fold[int]) (Page[int], error) {
		var out Page[int]
		err := api.Fetch(ctx, Request{Method: http.MethodGet, URL: s.pageURL(page, size)}, func(resp *Response) error {
			if !resp.OK() {
				return resp.Error("", "", "")
			}
			var body struct {
				Total int64 `json:"total"`
				Rows  []int `json:"rows"`
			}
			records := NewRecords(1, size, fold, nil)
			if err := DecodePage(resp, &body, "a page", records); err != nil {
				return err
			}
			records.Finish(body.Rows)
			out = records.Page(body.Rows, body.Total, 0)
			return nil
		})
		return out, err
	}
}

func (s *listingServer) pageURL(page, size int) *url.URL {
	u, _ := url.Parse(s.URL)
	u.RawQuery = url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(size)}}.Encode()
	return u
}

// A kept listing that is whole and fresh, yet lacks the answer for a page
// the read asks for, or keeps a page that no longer decodes, is ignored:
// the listing is read from the vendor afresh, whole, and kept in its
// place; each record reaches the sink once, whether pages go to it in
// order or fold as they arrive.
func TestAKeptListingThatCannotBeReadWholeIsReadAgain(t *testing.T) {
	const total, size = 9, 3 // three pages
	page := func(number int) string {
		rows := []int{}
		for i := (number - 1) * size; i < min(number*size, total); i++ {
			rows = append(rows, i)
		}
		body, _ := json.Marshal(map[string]any{"total": total, "rows": rows})
		return string(body)
	}
	damaged := []struct {
		name  string
		pages map[int]string // what the entry keeps, by page number
	}{
		{"an index without page 3", map[int]string{1: page(1), 2: page(2)}},
		{"a page 2 that does not decode", map[int]string{1: page(1), 2: `{"total":9,"rows":[3,4,`, 3: page(3)}},
		{"a page 3 of another listing", map[int]string{1: page(1), 2: page(2), 3: `{"total":9,"rows":[6,7,"eight"]}`}},
		{"a page 2 a record short", map[int]string{1: page(1), 2: `{"total":9,"rows":[3,4]}`, 3: page(3)}},
	}
	sinks := map[string]func(got *[]int) Sink[int]{
		"pages in order": func(got *[]int) Sink[int] {
			return Sink[int]{Pages: func(rows []int) error { *got = append(*got, rows...); return nil }}
		},
		"folded": func(got *[]int) Sink[int] {
			var mu sync.Mutex
			return Sink[int]{Pages: func([]int) error { return errors.New("a page of rows was handed to a sink that folds") },
				Fold: func() (func(*int) error, func()) {
					var part []int
					return func(r *int) error { part = append(part, *r); return nil }, func() {
						mu.Lock()
						defer mu.Unlock()
						*got = append(*got, part...)
					}
				}}
		},
	}
	for _, d := range damaged {
		for sinkName, sink := range sinks {
			t.Run(d.name+", "+sinkName, func(t *testing.T) {
				t.Parallel()
				s := newListingServer(t, total)
				dir, err := cachedir.Open(t.Context(), t.TempDir(), time.Hour, "test")
				if err != nil {
					t.Fatal(err)
				}
				api := New(Settings{Cache: dir, MaxConcurrency: 2, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{"key"}})
				first := api.key(Request{Method: http.MethodGet, URL: s.pageURL(1, size)})
				w, err := dir.NewWriter()
				if err != nil {
					t.Fatal(err)
				}
				for number, body := range d.pages {
					if err := w.Add(api.key(Request{Method: http.MethodGet, URL: s.pageURL(number, size)}), http.StatusOK, []byte(body)); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Commit(first); err != nil {
					t.Fatal(err)
				}
				read := func() []int {
					t.Helper()
					var got []int
					if err := EachPage(t.Context(), api, size, s.fetchThroughCache(api, size), nil, sink(&got)); err != nil {
						t.Fatalf("the read failed: %v", err)
					}
					slices.Sort(got)
					return got
				}
				wantRecords(t, read(), total)
				if _, _, requests := s.stats(); requests != 3 {
					t.Errorf("the read asked the vendor for %d pages, want all 3", requests)
				}
				// The entry was replaced: the next read asks nothing.
				wantRecords(t, read(), total)
				if _, _, requests := s.stats(); requests != 3 {
					t.Errorf("after the entry was replaced, a read asked the vendor for %d more pages, want none", requests-3)
				}
			})
		}
	}
}

// echoSpellings are the ways a vendor may echo secret: as the provider
// sends it, and as other encoders spell it (percent-encoding with either
// case of hex, encodeURIComponent, JSON's \u escapes of any character,
// base64 in both alphabets, padded or not).
func echoSpellings(secret string) map[string]string {
	return map[string]string{
		"as sent":                            secret,
		"query-escaped":                      url.QueryEscape(secret),
		"path-escaped":                       url.PathEscape(secret),
		"query-escaped, lower-case hex":      strings.ToLower(url.QueryEscape(secret)),
		"path-escaped, lower-case hex":       "oc+demo%2ftoken=%2042",
		"percent-encoded but =":              "oc%2bdemo%2ftoken=%2042",
		"encodeURIComponent":                 "oc%2Bdemo%2Ftoken%3D%2042",
		"encodeURIComponent, lower-case hex": "oc%2bdemo%2ftoken%3d%2042",
		"percent-encoded, mixed case hex":    "oc%2bdemo%2Ftoken%3D+42",
		"JSON with \\/":                      `oc+demo\/token= 42`,
		"JSON \\u of + and /":                `oc\u002bdemo\u002ftoken= 42`,
		"JSON \\u, upper-case hex":           `oc\u002Bdemo\u002Ftoken\u003D\u002042`,
		"JSON \\u of letters":                `\u006fc+d\u0065mo/token= 42`,
		"base64":                             base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 unpadded":                    base64.RawStdEncoding.EncodeToString([]byte(secret)),
		"base64 URL alphabet":                base64.URLEncoding.EncodeToString([]byte(secret)),
		"base64 URL alphabet unpadded":       base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
}

// An answer that echoes a credential, in any spelling, is not kept: no
// file of the directory holds it, and the next read asks the vendor
// again. The read succeeds as it would without a cache directory, and a
// refusal that echoes it fails with the credential masked.
func TestNoSpellingOfACredentialIsKept(t *testing.T) {
	const secret = "oc+demo/token= 42"
	spellings := echoSpellings(secret)
	names := slices.Sorted(maps.Keys(spellings))
	var requests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		echo := spellings[names[len(r.URL.Query().Get("n"))-1]]
		if r.URL.Query().Get("refuse") != "" {
			w.WriteHeader(http.StatusForbidden)
			_, _ = fmt.Fprintf(w, `{"message":"token %s is not allowed here"}`, echo)
			return
		}
		_, _ = fmt.Fprintf(w, `{"ok":true,"note":"%s"}`, echo)
	}))
	defer server.Close()
	path := t.TempDir()
	dir, err := cachedir.Open(t.Context(), path, time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	api := New(Settings{Cache: dir, Secrets: []string{secret}, MaxRetries: 0}).API(Vendor{Name: "Test", Credentials: []string{secret}})
	for i, name := range names {
		spelling := spellings[name]
		u := mustParse(t, server.URL+"/echo")
		u.RawQuery = url.Values{"n": {strings.Repeat("n", i+1)}}.Encode()
		before := requests.Load()
		for range 2 {
			err := api.Fetch(t.Context(), Request{Method: http.MethodGet, URL: u}, func(resp *Response) error {
				if !resp.OK() || !strings.HasPrefix(string(resp.Body), `{"ok":true`) {
					return errors.New("not the answer")
				}
				return nil
			})
			if err != nil {
				t.Errorf("%s: the read failed: %v", name, err)
			}
		}
		if got := requests.Load() - before; got != 2 {
			t.Errorf("%s: two reads of an answer that echoes the credential made %d requests, want 2 (it is not kept)", name, got)
		}
		if found := filesHolding(t, path, spelling); len(found) > 0 {
			t.Errorf("%s: the directory holds the credential in %v", name, found)
		}

		u.RawQuery += "&refuse=1"
		err := api.Fetch(t.Context(), Request{Method: http.MethodGet, URL: u}, func(resp *Response) error {
			if !resp.OK() {
				return resp.Error("", "", "")
			}
			return nil
		})
		switch {
		case err == nil:
			t.Errorf("%s: a refusal was read", name)
		case strings.Contains(err.Error(), spelling) || !strings.Contains(err.Error(), "token "+Redacted+" is not allowed"):
			t.Errorf("%s: the error does not mask the credential: %v", name, err)
		}
	}
}

// filesHolding lists the files under dir that hold s.
func filesHolding(t *testing.T, dir, s string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path) //nolint:gosec // the test's own directory
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(s)) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
