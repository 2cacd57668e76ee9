package client

import (
	"context"
	"io"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"
)

// A read is one data source's work: every request it sends, over pages and
// split queries, shares one budget of max_concurrency requests in flight.
// The budget travels in the context, so the transport can admit each
// attempt, and shrink the budget when the vendor says "too many in
// parallel" (Ocamba's 429 with Retry-After: -1; the retry layer retries it
// like any 429).

type readLimitKey struct{}

// readLimit admits HTTP attempts up to a limit that can only go down. A
// lowered limit applies at once, to attempts already waiting as well.
type readLimit struct {
	vendor  string
	tooMany func(*http.Response) bool // the vendor's "too many in parallel"; may be nil

	mu       sync.Mutex
	limit    int
	inFlight int
	// generation counts lowerings. A burst of refusals for requests sent
	// under one limit lowers it once, not once per refusal.
	generation int
	// freed is closed, and replaced, whenever a slot comes free.
	freed chan struct{}
}

// withReadLimit gives ctx a budget of api's max_concurrency requests in
// flight, unless it already has one (a paged read inside a split query
// shares the query's).
func withReadLimit(ctx context.Context, api *API) context.Context {
	if readLimitFrom(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, readLimitKey{}, &readLimit{
		vendor:  api.vendor.Name,
		tooMany: api.vendor.TooManyInParallel,
		limit:   api.core.settings.MaxConcurrency,
		freed:   make(chan struct{}),
	})
}

func readLimitFrom(ctx context.Context) *readLimit {
	l, _ := ctx.Value(readLimitKey{}).(*readLimit)
	return l
}

// admit waits for a slot and returns the generation it was given under.
func (l *readLimit) admit(ctx context.Context) (int, error) {
	for {
		l.mu.Lock()
		if l.inFlight < l.limit {
			l.inFlight++
			generation := l.generation
			l.mu.Unlock()
			return generation, nil
		}
		freed := l.freed
		l.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func (l *readLimit) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	close(l.freed)
	l.freed = make(chan struct{})
}

// lower halves the limit (never below one) for the rest of the read, unless
// it was already lowered since the refused request was admitted.
func (l *readLimit) lower(ctx context.Context, admittedIn int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if admittedIn != l.generation || l.limit == 1 {
		return
	}
	before := l.limit
	l.limit = max(1, before/2)
	l.generation++
	tflog.Warn(ctx, "Too many requests in parallel: lowering concurrency for the rest of this read", map[string]any{
		"vendor": l.vendor, "requests_in_flight_before": before, "requests_in_flight_now": l.limit,
	})
}

// admittingTransport holds each attempt until the read's budget has a slot
// for it, keeps the slot until the response body is closed, and lowers the
// budget when the vendor answers "too many in parallel".
type admittingTransport struct {
	next http.RoundTripper
}

func (t *admittingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	l := readLimitFrom(req.Context())
	if l == nil {
		return t.next.RoundTrip(req)
	}
	generation, err := l.admit(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		l.release()
		return nil, err
	}
	if l.tooMany != nil && l.tooMany(resp) {
		l.lower(req.Context(), generation)
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: l.release}
	return resp, nil
}

// releasingBody gives the slot back when the body is closed, once.
type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

// Parallel runs task(ctx, i) for i in [0, n), as many at once as the read's
// budget allows, all sharing that budget of requests in flight. The first
// error cancels the rest and is returned.
func (a *API) Parallel(ctx context.Context, n int, task func(ctx context.Context, i int) error) error {
	ctx = withReadLimit(ctx, a)
	group, ctx := errgroup.WithContext(ctx)
	// Goroutines beyond the budget would only wait for a slot.
	group.SetLimit(a.core.settings.MaxConcurrency)
	for i := range n {
		group.Go(func() error { return task(ctx, i) })
	}
	return group.Wait()
}
