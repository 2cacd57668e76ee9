package client

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/jonboulle/clockwork"
	"golang.org/x/sync/errgroup"
)

// Every request to one vendor, from every data source Terraform reads at
// once, shares one budget of max_concurrency requests in flight: a
// vendor's rate limits count requests per account, not per data source.
// The budget admits each HTTP attempt (not each logical request, so a
// request waiting out its backoff holds no slot), shrinks when the vendor
// says "too many in parallel" (Ocamba's 429 with Retry-After: -1), and
// paces admissions to the quota a vendor announces (Ocamba's
// X-RateLimit-* headers) so that requests do not run into 429s.

// Quota is what a vendor announces of its rate limit on a response.
type Quota struct {
	Remaining int           // requests left in the current window
	Reset     time.Duration // until the window resets
}

// budget admits HTTP attempts to one vendor up to a limit that can only go
// down, and within the quota the vendor last announced.
type budget struct {
	vendor  string
	tooMany func(*http.Response) bool       // the vendor's "too many in parallel"; may be nil
	quotaOf func(http.Header) (Quota, bool) // the vendor's announced quota; may be nil
	clock   clockwork.Clock

	mu       sync.Mutex
	limit    int
	inFlight int
	// generation counts lowerings. A burst of refusals for requests sent
	// under one limit lowers it once, not once per refusal.
	generation int
	// quota is how many more attempts the vendor's window allows, known
	// until quotaResets; after that the window is new and unknown.
	quota       int
	quotaResets time.Time
	// freed is closed, and replaced, whenever a slot comes free.
	freed chan struct{}
}

func newBudget(v Vendor, limit int, clock clockwork.Clock) *budget {
	return &budget{vendor: v.Name, tooMany: v.TooManyInParallel, quotaOf: v.Quota, clock: clock, limit: limit, freed: make(chan struct{})}
}

// admit waits for a slot, and for the quota when the vendor's window is
// spent, and returns the generation it was given under.
func (b *budget) admit(ctx context.Context) (int, error) {
	for {
		b.mu.Lock()
		now := b.clock.Now()
		quotaSpent := b.quota <= 0 && now.Before(b.quotaResets)
		if b.inFlight < b.limit && !quotaSpent {
			b.inFlight++
			b.quota--
			generation := b.generation
			b.mu.Unlock()
			return generation, nil
		}
		freed := b.freed
		var windowEnds clockwork.Timer
		if quotaSpent {
			windowEnds = b.clock.NewTimer(b.quotaResets.Sub(now))
		}
		b.mu.Unlock()
		if err := waitFor(ctx, freed, windowEnds); err != nil {
			return 0, err
		}
	}
}

// waitFor waits until freed is closed, the timer (if any) fires, or ctx
// is done.
func waitFor(ctx context.Context, freed <-chan struct{}, timer clockwork.Timer) error {
	var fired <-chan time.Time
	if timer != nil {
		defer timer.Stop()
		fired = timer.Chan()
	}
	select {
	case <-freed:
	case <-fired:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func (b *budget) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight--
	close(b.freed)
	b.freed = make(chan struct{})
}

// observe learns from a response what the vendor says of its limits.
func (b *budget) observe(ctx context.Context, resp *http.Response, admittedIn int) {
	if b.tooMany != nil && b.tooMany(resp) {
		b.lower(ctx, admittedIn)
	}
	if b.quotaOf == nil {
		return
	}
	quota, ok := b.quotaOf(resp.Header)
	if !ok {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	// The other attempts in flight may not have reached the vendor's
	// count yet: assume they will. Answers arrive out of order, so within
	// a window the quota only goes down: an older answer's larger
	// remainder does not raise it.
	left := quota.Remaining - (b.inFlight - 1)
	now := b.clock.Now()
	if now.Before(b.quotaResets) {
		b.quota = min(b.quota, left)
		return
	}
	b.quota = left
	b.quotaResets = now.Add(min(quota.Reset, MaxRetryAfter))
}

// lower halves the limit (never below one) for the rest of the run, unless
// it was already lowered since the refused request was admitted.
func (b *budget) lower(ctx context.Context, admittedIn int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if admittedIn != b.generation || b.limit == 1 {
		return
	}
	before := b.limit
	b.limit = max(1, before/2)
	b.generation++
	tflog.Warn(ctx, "Too many requests in parallel: lowering concurrency for the rest of this run", map[string]any{
		"vendor": b.vendor, "requests_in_flight_before": before, "requests_in_flight_now": b.limit,
	})
}

// Parallel runs task(ctx, i) for i in [0, n), at most max_concurrency at
// once (more would only wait for a slot of the vendor's budget). The first
// error cancels the rest and is returned.
func (a *API) Parallel(ctx context.Context, n int, task func(ctx context.Context, i int) error) error {
	group, ctx := errgroup.WithContext(ctx)
	group.SetLimit(a.core.settings.MaxConcurrency)
	for i := range n {
		group.Go(func() error { return task(ctx, i) })
	}
	return group.Wait()
}
