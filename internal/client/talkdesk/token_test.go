package talkdesk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// A token endpoint that quotes the secret back must not get it shown.
func TestTokenErrorsNeverShowTheClientSecret(t *testing.T) {
	const secret = "s3cr3t-value-that-must-not-show"
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"client secret ` + secret + ` is not valid"}`))
	}))
	defer server.Close()
	tokenURL, _ := url.Parse(server.URL + "/oauth/token")
	core := client.New(client.Settings{Secrets: []string{secret}})
	tokens := newClientCredentials(core, tokenHTTP(core.API(client.Vendor{Name: vendorName})), tokenURL, "id", secret, []string{UsageScope}, nil)
	_, err := tokens.Token(t.Context())
	if err == nil {
		t.Fatal("no error from a 401")
	}
	summary, detail := client.Diagnostic(err)
	if strings.Contains(summary+detail, secret) {
		t.Fatalf("the secret is shown:\n%s\n%s", summary, detail)
	}
	if !strings.Contains(detail, "Error code: invalid_client") || !strings.Contains(detail, "client secret [REDACTED] is not valid") {
		t.Errorf("detail:\n%s", detail)
	}
}

func TestRefreshMargin(t *testing.T) {
	for lifetime, want := range map[time.Duration]time.Duration{
		10 * time.Minute: time.Minute,
		time.Second:      250 * time.Millisecond,
	} {
		if got := refreshMargin(lifetime); got != want {
			t.Errorf("refreshMargin(%v) = %v; want %v", lifetime, got, want)
		}
	}
}

// tokenServer is a token endpoint that issues tok-1, tok-2, ... living
// expiresIn seconds (none when 0). Until release is closed, it holds every
// request, after reporting it on arrived.
type tokenServer struct {
	url       *url.URL
	fetches   atomic.Int64
	arrived   chan struct{}
	release   chan struct{}
	expiresIn int
	refuse    atomic.Bool // answer 401 invalid_client instead
}

func newTokenServer(t *testing.T, expiresIn int, hold bool) *tokenServer {
	t.Helper()
	s := &tokenServer{arrived: make(chan struct{}, 100), release: make(chan struct{}), expiresIn: expiresIn}
	if !hold {
		close(s.release)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.fetches.Add(1)
		s.arrived <- struct{}{}
		select {
		case <-s.release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if s.refuse.Load() {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		expiry := ""
		if s.expiresIn > 0 {
			expiry = fmt.Sprintf(`,"expires_in":%d`, s.expiresIn)
		}
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer"%s}`, n, expiry)
	}))
	t.Cleanup(server.Close)
	s.url, _ = url.Parse(server.URL + tokenPath)
	return s
}

// credentials is the token cache against s, reading time from now.
func (s *tokenServer) credentials(now func() time.Time) *clientCredentials {
	core := client.New(client.Settings{})
	return newClientCredentials(core, tokenHTTP(core.API(client.Vendor{Name: vendorName})), s.url, "id", "secret", []string{UsageScope}, now)
}

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// A ten-minute token is replaced a minute before it expires, by the
// injected clock: not before, and without a 401.
func TestTokenIsRenewedByTheClock(t *testing.T) {
	server := newTokenServer(t, 600, false)
	clock := &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	tokens := server.credentials(clock.Now)
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "tok-1"},
		{9*time.Minute - time.Nanosecond, "tok-1"}, // just before renewal: the cached token
		{time.Nanosecond, "tok-2"},                 // ten minutes less a minute's margin: a new one
		{9*time.Minute - time.Nanosecond, "tok-2"},
		{time.Nanosecond, "tok-3"},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		got, err := tokens.Token(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got != step.want {
			t.Fatalf("step %d, at %s: token %s; want %s (%d fetches)", i, clock.Now().Format(time.TimeOnly), got, step.want, server.fetches.Load())
		}
	}
	if n := server.fetches.Load(); n != 3 {
		t.Errorf("%d fetches; want 3", n)
	}
}

// A token without expires_in is kept until the API refuses it.
func TestTokenWithoutExpiryIsKeptUntilRejected(t *testing.T) {
	server := newTokenServer(t, 0, false)
	clock := &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	tokens := server.credentials(clock.Now)
	for _, want := range []string{"tok-1", "tok-1"} {
		if got, err := tokens.Token(t.Context()); err != nil || got != want {
			t.Fatalf("token %q, %v; want %s", got, err, want)
		}
		clock.Advance(365 * 24 * time.Hour)
	}
	tokens.Rejected("tok-1")
	if got, err := tokens.Token(t.Context()); err != nil || got != "tok-2" {
		t.Fatalf("after a 401: token %q, %v; want tok-2", got, err)
	}
}

// While one call fetches a token, another whose context ends (Ctrl-C, a
// deadline) returns at once with its context's error instead of waiting.
func TestTokenWaitEndsWithTheContext(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	for name, c := range map[string]struct {
		ctx  context.Context
		want error
	}{"cancelled": {cancelled, context.Canceled}, "past its deadline": {expired, context.DeadlineExceeded}} {
		t.Run(name, func(t *testing.T) {
			server := newTokenServer(t, 600, true)
			tokens := server.credentials(time.Now)
			first := make(chan error, 1)
			go func() {
				_, err := tokens.Token(context.Background())
				first <- err
			}()
			<-server.arrived // the first fetch holds the token lock now
			second := make(chan error, 1)
			go func() {
				_, err := tokens.Token(c.ctx)
				second <- err
			}()
			select {
			case err := <-second:
				if !errors.Is(err, c.want) {
					t.Errorf("error %v; want %v", err, c.want)
				}
			case <-time.After(5 * time.Second): // a bound on a failing test, not a measured deadline
				t.Errorf("a call whose context has ended still waits for another call's token fetch")
			}
			close(server.release)
			if err := <-first; err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Callers that ask at once share one fetch.
func TestConcurrentTokenCallsShareOneFetch(t *testing.T) {
	server := newTokenServer(t, 600, true)
	tokens := server.credentials(time.Now)
	results := make(chan string, 8)
	var wg sync.WaitGroup
	call := func() {
		defer wg.Done()
		token, err := tokens.Token(t.Context())
		if err != nil {
			t.Error(err)
		}
		results <- token
	}
	wg.Add(1)
	go call()
	<-server.arrived
	for range 7 {
		wg.Add(1)
		go call()
	}
	close(server.release)
	wg.Wait()
	close(results)
	for token := range results {
		if token != "tok-1" {
			t.Errorf("token %q; want every caller to get tok-1", token)
		}
	}
	if n := server.fetches.Load(); n != 1 {
		t.Errorf("%d fetches; want 1", n)
	}
}

// Callers that waited for a fetch that failed get its error, rather than
// each fetching again in turn (a token endpoint that is down would
// otherwise take every waiting data source's whole retries, one after
// another), each its own copy, whose hint names its own scope (one token
// source serves every scope when scopes are configured); a call after
// them fetches anew.
func TestCallersWaitingOnAFailedFetchShareItsError(t *testing.T) {
	server := newTokenServer(t, 600, true)
	server.refuse.Store(true)
	tokens := server.credentials(time.Now)
	var wg, waiting sync.WaitGroup
	call := func(scope string) {
		defer wg.Done()
		waiting.Done()
		_, err := tokens.Token(t.Context())
		var refused *client.APIError
		if !errors.As(withScopeHint(err, scope), &refused) || refused.Code != "invalid_client" ||
			!strings.HasSuffix(refused.Hint, "The OAuth client needs the scope "+scope+".") {
			t.Errorf("the caller of %s got %v (hint %q); want the failed fetch's error, naming its scope", scope, err, hintOf(refused))
		}
	}
	wg.Add(1)
	waiting.Add(1)
	go call("scope-0")
	<-server.arrived
	for i := range 11 {
		wg.Add(1)
		waiting.Add(1)
		go call(fmt.Sprintf("scope-%d", i%3+1))
	}
	waiting.Wait()
	// Each is about to wait for the first fetch: a bound on a failing test,
	// not a measured deadline.
	time.Sleep(200 * time.Millisecond)
	close(server.release)
	wg.Wait()
	if n := server.fetches.Load(); n != 1 {
		t.Errorf("%d fetches; want 1, its error shared", n)
	}
	server.refuse.Store(false)
	if token, err := tokens.Token(t.Context()); err != nil || token != "tok-2" {
		t.Errorf("a call after the failed fetch: %q, %v; want a fresh fetch, tok-2", token, err)
	}
}

func hintOf(e *client.APIError) string {
	if e == nil {
		return ""
	}
	return e.Hint
}

// Without configured scopes, endpoints of one scope share one token source
// (so callers at once share one fetch) and endpoints of another scope get
// their own; with scopes configured, or a ready token, one source serves
// every scope.
func TestTokenSourcesPerScope(t *testing.T) {
	server := newTokenServer(t, 600, true)
	config := Config{TokenURL: server.url, ClientID: "id", ClientSecret: "secret"}
	sources := testTokenSources(config)
	results := make(chan string, 3)
	var wg sync.WaitGroup
	for _, scope := range []string{AccountsScope, AccountsScope, InvoicesScope} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, err := sources.forScope(scope).Token(t.Context())
			if err != nil {
				t.Error(err)
			}
			results <- scope + " " + token
		}()
	}
	// One fetch per scope is under way; the third caller waits for its
	// scope's. Sources wrongly shared across scopes would start only one.
	for range 2 {
		select {
		case <-server.arrived:
		case <-time.After(10 * time.Second):
			close(server.release)
			t.Fatal("one token fetch in 10 s where two scopes each need one: the scopes share a token source")
		}
	}
	close(server.release)
	wg.Wait()
	close(results)
	got := map[string]int{}
	for r := range results {
		got[r]++
	}
	if n := server.fetches.Load(); n != 2 || len(got) != 2 || got[InvoicesScope+" tok-1"]+got[InvoicesScope+" tok-2"] != 1 {
		t.Errorf("%d fetches, tokens %v; want one token per scope, shared by the two accounts callers", n, got)
	}
	if sources.forScope(AccountsScope) != sources.forScope(AccountsScope) || sources.forScope(AccountsScope) == sources.forScope(UsageScope) {
		t.Error("a scope's source is not kept, or two scopes share one")
	}
	config.Scopes = []string{UsageScope, AccountsScope}
	if shared := testTokenSources(config); shared.forScope(UsageScope) != shared.forScope(InvoicesScope) {
		t.Error("with scopes configured, two endpoints got different token sources")
	}
	config.AccessToken = "ready"
	if ready, _ := testTokenSources(config).forScope(InvoicesScope).Token(t.Context()); ready != "ready" {
		t.Errorf("with an access token, the token is %q", ready)
	}
}

// testTokenSources are the token sources of a client of config, on a core
// of its own.
func testTokenSources(config Config) *tokenSources {
	core := client.New(client.Settings{})
	return newTokenSources(core, tokenHTTP(core.API(client.Vendor{Name: vendorName})), config)
}
