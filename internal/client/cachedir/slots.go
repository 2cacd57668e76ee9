package cachedir

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"

	"github.com/gofrs/flock"
)

// Slots is one vendor's request budget on this machine: n lock files, one
// per request in flight. A process holds a slot's lock for the length of
// one HTTP attempt; processes configured with different max_concurrency
// share the first slots, so no more than the largest of them are ever in
// flight together.
type Slots struct {
	mu    sync.Mutex
	locks []*flock.Flock
	held  []bool // by this process: a lock is never taken twice from one
}

// Slots returns the vendor's budget of n requests in flight.
func (d *Dir) Slots(vendor string, n int) *Slots {
	s := &Slots{locks: make([]*flock.Flock, n), held: make([]bool, n)}
	for i := range s.locks {
		s.locks[i] = flock.New(filepath.Join(d.path, "slots", fmt.Sprintf("%s.%d.lock", fileName(vendor), i)), flock.SetPermissions(fileMode))
	}
	return s
}

// Acquire waits for a free slot, or until ctx is done, and returns the
// function that frees it.
func (s *Slots) Acquire(ctx context.Context) (release func(), err error) {
	for {
		i, err := s.take()
		if err != nil {
			return nil, err
		}
		if i >= 0 {
			return func() { s.free(i) }, nil
		}
		if err := sleep(ctx, pollInterval+rand.N(pollInterval)); err != nil { //nolint:gosec // jitter, not a secret
			return nil, err
		}
	}
}

// take locks the first slot no process holds, or returns -1.
func (s *Slots) take() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, lock := range s.locks {
		if s.held[i] {
			continue
		}
		ok, err := lock.TryLock()
		if err != nil {
			return -1, fmt.Errorf("the request budget in the cache directory: %w", err)
		}
		if ok {
			s.held[i] = true
			return i, nil
		}
	}
	return -1, nil
}

func (s *Slots) free(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.locks[i].Unlock()
	s.held[i] = false
}
