package client

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/jonboulle/clockwork"
	"golang.org/x/sync/errgroup"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// Every request to one vendor, from every data source Terraform reads at
// once, shares one budget of max_concurrency requests in flight: a
// vendor's rate limits count requests per account, not per data source.
// The budget admits each HTTP attempt (not each logical request, so a
// request waiting out its backoff holds no slot), shrinks when the vendor
// says "too many in parallel" (Ocamba's 429 with Retry-After: -1), and
// paces admissions to the quota a vendor announces (Ocamba's
// X-RateLimit-* headers) so that requests do not run into 429s.
//
// With a cache directory, the budget is the machine's: every process that
// uses the directory takes each attempt's slot from the vendor's slot
// files as well as from its own budget, and the announced quota is counted
// down in the directory, by all of them together.

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

	// The machine's budget, with a cache directory; nil without one.
	machineSlots *cachedir.Slots
	machineQuota *cachedir.Quota // nil too when the vendor announces no quota
	machineLimit int             // how many slots the machine's budget has
}

func newBudget(v Vendor, limit int, clock clockwork.Clock, dir *cachedir.Dir) *budget {
	b := &budget{vendor: v.Name, tooMany: v.TooManyInParallel, quotaOf: v.Quota, clock: clock, limit: limit, freed: make(chan struct{})}
	if dir != nil {
		b.machineSlots, b.machineLimit = dir.Slots(v.Name, limit), limit
		if v.Quota != nil {
			// An account's quota (Ocamba's rate limits are per account):
			// another credential's window is not this one's.
			b.machineQuota = dir.Quota(v.Name, hashParts(v.Credentials...))
		}
	}
	return b
}

// admit waits for a slot, and for the quota when the vendor's window is
// spent, and returns the generation it was given under and the function
// that frees the slot. With a cache directory, the machine's quota is
// counted down while the machine's slot is held, as the quota's count of
// the attempts in flight assumes (learnMachineQuota); but an attempt whose
// account's window is spent gives its machine slot up while it sleeps: a
// slot is a request in flight, and a sleeping one would hold back the other
// processes, other accounts' included. (It keeps its slot of this process's
// budget, which is one account's.)
func (b *budget) admit(ctx context.Context) (generation int, release func(), err error) {
	if generation, err = b.admitHere(ctx); err != nil {
		return 0, nil, err
	}
	if b.machineSlots == nil {
		return generation, b.release, nil
	}
	for {
		freeMachineSlot, err := b.machineSlots.Acquire(ctx)
		if err != nil {
			b.release()
			return 0, nil, err
		}
		var wait time.Duration
		if b.machineQuota != nil {
			if wait, err = b.takeMachineQuota(ctx); err != nil {
				freeMachineSlot()
				b.release()
				return 0, nil, err
			}
		}
		if wait == 0 {
			return generation, func() { freeMachineSlot(); b.release() }, nil
		}
		freeMachineSlot()
		if err := waitFor(ctx, nil, b.clock.NewTimer(wait)); err != nil {
			b.release()
			return 0, nil, err
		}
	}
}

// admitHere waits for a slot of this process's budget.
func (b *budget) admitHere(ctx context.Context) (int, error) {
	for {
		b.mu.Lock()
		now := b.clock.Now()
		quotaSpent := b.machineQuota == nil && b.quota <= 0 && now.Before(b.quotaResets)
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
	if b.machineQuota != nil {
		b.learnMachineQuota(ctx, quota)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	// The other attempts in flight may not have reached the vendor's
	// count yet: assume they will. Answers arrive out of order, so within
	// a window the quota only goes down: an older answer's larger
	// remainder does not raise it. An answer with less left says when its
	// window ends, sooner or later: a vendor that counts in two windows (a
	// second and a minute) announces whichever constrains it most. With as
	// much left, the later end holds.
	left := quota.Remaining - (b.inFlight - 1)
	now := b.clock.Now()
	b.quota, b.quotaResets = nextWindow(now, b.quota, b.quotaResets, left, now.Add(min(quota.Reset, MaxRetryAfter)))
}

// nextWindow is the quota and the end of its window once an answer with
// left, whose window ends at ends, arrives while quota is left until
// resets (see observe).
func nextWindow(now time.Time, quota int, resets time.Time, left int, ends time.Time) (int, time.Time) {
	switch {
	case !now.Before(resets), left < quota:
		return left, ends
	case left == quota && ends.After(resets):
		return quota, ends
	}
	return quota, resets
}

// takeMachineQuota counts this attempt against the quota the machine's
// processes share, or, when the window is spent, says how long until it
// ends.
func (b *budget) takeMachineQuota(ctx context.Context) (wait time.Duration, err error) {
	err = b.machineQuota.Update(ctx, func(q *cachedir.QuotaState) {
		now := b.clock.Now()
		if q.Resets.After(now.Add(MaxRetryAfter)) {
			// No window is that long: the clock stepped back, or the
			// file is not what this provider wrote. The window is
			// unknown.
			*q = cachedir.QuotaState{}
		}
		if q.Remaining <= 0 && now.Before(q.Resets) {
			wait = q.Resets.Sub(now)
			return
		}
		q.Remaining--
	})
	if ctxErr := ctx.Err(); ctxErr != nil {
		return 0, ctxErr
	}
	if err != nil {
		// The slots still hold the budget; pacing is lost for this
		// attempt, and the vendor's own 429s pace it instead.
		tflog.Warn(ctx, "Cannot count the announced quota down in the cache directory", map[string]any{"vendor": b.vendor, "error": err.Error()})
		return 0, nil //nolint:nilerr // logged: the slots still hold the budget
	}
	return wait, nil
}

// learnMachineQuota merges an announced quota into the machine's, as
// observe does into this process's. The attempts in flight are every
// process's, which this one cannot count: it assumes every slot is busy.
func (b *budget) learnMachineQuota(ctx context.Context, quota Quota) {
	left := quota.Remaining - (b.machineLimit - 1)
	err := b.machineQuota.Update(ctx, func(q *cachedir.QuotaState) {
		now := b.clock.Now()
		q.Remaining, q.Resets = nextWindow(now, q.Remaining, q.Resets, left, now.Add(min(quota.Reset, MaxRetryAfter)))
	})
	if err != nil {
		tflog.Debug(ctx, "Could not record the announced quota in the cache directory", map[string]any{"vendor": b.vendor, "error": err.Error()})
	}
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
