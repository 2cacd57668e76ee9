package client

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
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

	admitted := waitingAdmit(t, b, clock)
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

// An announced quota counts the attempts still in flight as spent, and
// each attempt sent spends one: a window with 3 left, announced while
// another attempt was on its way, admits exactly 2 more.
func TestBudgetSpendsTheQuotaOnePerAttempt(t *testing.T) {
	clock := clockwork.NewFakeClock()
	quota := func(h http.Header) (Quota, bool) {
		remaining, err := strconv.Atoi(h.Get("Remaining"))
		return Quota{Remaining: remaining, Reset: time.Second}, err == nil
	}
	b := newBudget(Vendor{Name: "Test", Quota: quota}, 4, clock, nil)
	// An attempt that waits for the window to end is given up.
	admitted := func() bool { t.Helper(); return admittedSoon(t, b) }
	for range 2 {
		if _, _, err := b.admit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	answer := &http.Response{Header: http.Header{"Remaining": {"3"}}, Body: http.NoBody}
	b.observe(t.Context(), answer, 0) // the other attempt is still on its way
	b.release()
	b.release()
	for range 2 {
		if !admitted() {
			t.Fatal("3 left, one of them the attempt on its way: 2 more are admitted")
		}
	}
	if admitted() {
		t.Fatal("a third attempt was admitted in a window with no quota left")
	}
	clock.Advance(time.Second)
	if !admitted() {
		t.Fatal("not admitted once the window ended")
	}
}

// With a cache directory, the quota is the machine's: an announced quota
// counts every slot of the machine's budget as an attempt in flight (this
// process cannot see the others'), and each attempt spends one of it.
func TestMachineBudgetSpendsTheQuotaOnePerAttempt(t *testing.T) {
	clock := clockwork.NewFakeClock()
	b := newBudget(Vendor{Name: "Test", Quota: remainingFor(time.Second)}, 4, clock, budgetDir(t))
	admitted := func() bool { t.Helper(); return admittedSoon(t, b) }
	if !admitted() {
		t.Fatal("the first attempt waited")
	}
	answer := &http.Response{Header: http.Header{"Remaining": {"5"}}, Body: http.NoBody}
	b.observe(t.Context(), answer, 0)
	for range 2 {
		if !admitted() {
			t.Fatal("5 left, 3 of them assumed on their way from the machine's 4 slots: 2 more are admitted")
		}
	}
	if admitted() {
		t.Fatal("a third attempt was admitted in a window with no quota left")
	}
	clock.Advance(time.Second)
	if !admitted() {
		t.Fatal("not admitted once the window ended")
	}
}

// A vendor's announced quota is its account's (Ocamba's rate limits are
// per account): with one cache directory, another credential's spent
// window holds back no request of this one's, and the same credential's
// does, from any process.
func TestMachineQuotaIsTheCredentials(t *testing.T) {
	clock, dir := clockwork.NewFakeClock(), budgetDir(t)
	budgetOf := func(credential string) *budget {
		return newBudget(Vendor{Name: "Test", Quota: remainingFor(time.Minute), Credentials: []string{credential}}, 1, clock, dir)
	}
	spent := budgetOf("account A's token")
	if !admittedSoon(t, spent) {
		t.Fatal("the first attempt waited")
	}
	spent.observe(t.Context(), &http.Response{Header: http.Header{"Remaining": {"0"}}, Body: http.NoBody}, 0)
	if !admittedSoon(t, budgetOf("account B's token")) {
		t.Fatal("another credential waited for account A's window to end")
	}
	if admittedSoon(t, budgetOf("account A's token")) {
		t.Fatal("another process of account A was admitted in a window with no quota left")
	}
}

// An attempt waiting for its account's announced window to end holds no
// slot of the machine's budget meanwhile: another account's attempts, whose
// quota is not spent, go on (the slots are the vendor's, the quota each
// account's); once the window ends, the attempt takes a slot and goes on.
func TestWaitingForTheQuotaHoldsNoMachineSlot(t *testing.T) {
	clock, dir := clockwork.NewFakeClock(), budgetDir(t)
	budgetOf := func(credential string) *budget {
		return newBudget(Vendor{Name: "Test", Quota: remainingFor(time.Minute), Credentials: []string{credential}}, 1, clock, dir)
	}
	spent, other := budgetOf("account A's token"), budgetOf("account B's token")
	if !admittedSoon(t, spent) {
		t.Fatal("the first attempt waited")
	}
	spent.observe(t.Context(), &http.Response{Header: http.Header{"Remaining": {"0"}}, Body: http.NoBody}, 0)
	ctx, cancel := context.WithCancel(t.Context())
	waiting := make(chan error, 1)
	go func() {
		_, release, err := spent.admit(ctx)
		if err == nil {
			release()
		}
		waiting <- err
	}()
	if err := clock.BlockUntilContext(t.Context(), 1); err != nil { // account A waits for its window
		t.Fatal(err)
	}
	if !admittedSoon(t, other) {
		t.Error("account B's attempt waited while account A's waited for its window")
	}
	select {
	case err := <-waiting:
		t.Fatalf("account A's attempt ended (%v) before its window did", err)
	default:
	}
	clock.Advance(time.Minute)
	select {
	case err := <-waiting:
		if err != nil {
			t.Errorf("account A's attempt, once its window ended: %v", err)
		}
	case <-time.After(5 * time.Second): // a bound on a failing test, not a measured deadline
		cancel()
		t.Errorf("account A's attempt still waits after its window ended (%v)", <-waiting)
	}
	cancel()
}

// budgetDir is a cache directory that keeps no answers: the machine's
// budget alone.
func budgetDir(t *testing.T) *cachedir.Dir {
	t.Helper()
	dir, err := cachedir.Open(t.Context(), t.TempDir(), 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// remainingFor reads the quota a test vendor announces in the header
// Remaining, for a window of reset.
func remainingFor(reset time.Duration) func(http.Header) (Quota, bool) {
	return func(h http.Header) (Quota, bool) {
		remaining, err := strconv.Atoi(h.Get("Remaining"))
		return Quota{Remaining: remaining, Reset: reset}, err == nil
	}
}

// admittedSoon reports whether b admits an attempt within 200 ms, and
// releases it.
func admittedSoon(t *testing.T, b *budget) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, release, err := b.admit(ctx)
	if err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatal(err)
		}
		return false
	}
	release()
	return true
}

// windowedBudget is a budget of limit whose vendor announces its quota
// and the time to its window's end in the headers Remaining and Reset.
func windowedBudget(limit int, clock clockwork.Clock) *budget {
	quota := func(h http.Header) (Quota, bool) {
		remaining, err := strconv.Atoi(h.Get("Remaining"))
		reset, _ := time.ParseDuration(h.Get("Reset"))
		return Quota{Remaining: remaining, Reset: reset}, err == nil
	}
	return newBudget(Vendor{Name: "Test", Quota: quota}, limit, clock, nil)
}

// announce has b observe an answer of remaining left until reset, and
// releases its attempt.
func announce(t *testing.T, b *budget, remaining, reset string) {
	t.Helper()
	b.observe(t.Context(), &http.Response{Header: http.Header{"Remaining": {remaining}, "Reset": {reset}}, Body: http.NoBody}, 0)
	b.release()
}

// waitingAdmit starts an attempt that waits on clock for the quota's
// window to end, and returns where it reports being admitted.
func waitingAdmit(t *testing.T, b *budget, clock *clockwork.FakeClock) <-chan error {
	t.Helper()
	admitted := make(chan error, 1)
	go func() {
		_, _, err := b.admit(context.Background())
		admitted <- err
	}()
	if err := clock.BlockUntilContext(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	return admitted
}

// A vendor may count in two windows (Ocamba: a second and a minute) and
// announce whichever constrains it most: an answer with less left says
// when its own window ends, sooner or later than the one before. A spent
// one-second window after a minute's is waited out in a second, not a
// minute.
func TestBudgetWaitsForTheWindowOfTheAnswerWithLeastLeft(t *testing.T) {
	clock := clockwork.NewFakeClock()
	b := windowedBudget(1, clock)
	for _, announced := range []struct{ remaining, reset string }{{"599", "20s"}, {"0", "200ms"}} {
		if _, _, err := b.admit(t.Context()); err != nil {
			t.Fatal(err)
		}
		announce(t, b, announced.remaining, announced.reset)
	}
	admitted := waitingAdmit(t, b, clock)
	clock.Advance(200 * time.Millisecond)
	select {
	case err := <-admitted:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("not admitted once the spent one-second window ended")
	}
}

// With as much left in two answers, the later end holds: a spent minute's
// window is not cut short by a spent second's answer arriving after it.
func TestBudgetKeepsTheLaterEndOfTwoSpentWindows(t *testing.T) {
	clock := clockwork.NewFakeClock()
	b := windowedBudget(2, clock)
	for range 2 {
		if _, _, err := b.admit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// The minute's answer, with the other attempt still in flight: none
	// left once it lands; then the other's, the second's, none left.
	announce(t, b, "1", "40s")
	announce(t, b, "0", "200ms")
	admitted := waitingAdmit(t, b, clock)
	clock.Advance(300 * time.Millisecond)
	select {
	case err := <-admitted:
		t.Fatalf("admitted (err %v) in a spent window of 40 s", err)
	case <-time.After(200 * time.Millisecond):
	}
	clock.Advance(40 * time.Second)
	if err := <-admitted; err != nil {
		t.Fatal(err)
	}
}
