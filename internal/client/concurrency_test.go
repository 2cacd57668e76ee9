package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// A vendor that announces its quota is paced to it on the provider's
// clock: once the window is spent, the next attempt waits for the window
// to reset, and an older answer arriving late does not raise the quota.
func TestBudgetPacesToTheAnnouncedQuota(t *testing.T) {
	clock := clockwork.NewFakeClock()
	quota := func(h http.Header) (Quota, bool) {
		remaining, err := strconv.Atoi(h.Get("Remaining"))
		return Quota{Remaining: remaining, Reset: time.Second}, err == nil
	}
	b := newBudget(Vendor{Name: "Test", Quota: quota}, 4, clock, nil)
	answer := func(remaining int) *http.Response {
		return &http.Response{Header: http.Header{"Remaining": {strconv.Itoa(remaining)}}, Body: http.NoBody}
	}
	admit := func() {
		t.Helper()
		if _, _, err := b.admit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}

	admit()
	admit()
	spent, late := answer(0), answer(3)
	defer spent.Body.Close()
	defer late.Body.Close()
	b.observe(t.Context(), spent, 0) // the window is spent
	b.release()
	b.observe(t.Context(), late, 0) // an older answer, arriving late
	b.release()

	admitted := make(chan error, 1)
	go func() {
		_, _, err := b.admit(context.Background())
		admitted <- err
	}()
	if err := clock.BlockUntilContext(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-admitted:
		t.Fatalf("admitted (err %v) although the announced window is spent", err)
	default:
	}
	clock.Advance(time.Second)
	select {
	case err := <-admitted:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("not admitted after the window reset")
	}
}

// A wait for a slot ends when the read is cancelled (Ctrl-C).
func TestBudgetWaitEndsOnCancellation(t *testing.T) {
	b := newBudget(Vendor{Name: "Test"}, 1, clockwork.NewFakeClock(), nil)
	if _, _, err := b.admit(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := b.admit(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
