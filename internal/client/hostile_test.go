package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tests of how the core treats servers that misbehave on the wire: bodies
// cut short or stalled, lengths announced but never sent, bodies that
// inflate far beyond the cap. None of them runs in parallel: the memory
// tests measure what the process allocates.

// hijackServer answers the first `faulty` requests with raw bytes and then
// drops the connection, and every later request with body.
func hijackServer(t *testing.T, faulty int, raw, body string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var requests atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if requests.Add(1) > int64(faulty) {
			_, _ = w.Write([]byte(body))
			return
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
		_ = conn.Close()
	}))
	t.Cleanup(server.Close)
	return server, &requests
}

// A connection that drops part-way through a body is a transient error:
// it is retried like a connection error, and the read succeeds.
func TestSendRetriesABodyCutShort(t *testing.T) {
	const body = `{"total":1,"items":[{"id":"1"}]}`
	for name, raw := range map[string]string{
		"content-length not reached": "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" + body[:20],
		"chunked body ends early":    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n" + body[:20] + "\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			server, requests := hijackServer(t, 1, raw, body)
			api := testAPI(1, Vendor{Name: "Test"})
			resp, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/usage")})
			if err != nil {
				t.Fatalf("a body cut short was not retried: %v", err)
			}
			if string(resp.Body) != body || resp.Attempts != 2 || requests.Load() != 2 {
				t.Errorf("body %q after %d attempts (%d requests); want the whole body on the second", resp.Body, resp.Attempts, requests.Load())
			}
		})
	}
}

// When every attempt breaks off, the error says so.
func TestSendReportsABodyCutShortOnEveryAttempt(t *testing.T) {
	raw := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"total\":1"
	server, requests := hijackServer(t, 100, raw, "")
	api := New(Settings{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	_, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/usage")})
	want := "Test request GET /usage failed after 3 attempts: the response body (HTTP 200) broke off after 10 bytes: unexpected EOF"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if requests.Load() != 3 {
		t.Errorf("%d requests, want 3", requests.Load())
	}
}

// A body that stalls after its headers is bounded by request_timeout like
// the wait for headers, and retried.
func TestSendRetriesABodyThatStalls(t *testing.T) {
	const body = `{"total":0,"items":[]}`
	var requests atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) <= 1 {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			_, _ = w.Write([]byte(body[:5]))
			http.NewResponseController(w).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	defer server.Close()
	api := New(Settings{RequestTimeout: 300 * time.Millisecond, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	resp, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL)})
	if err != nil {
		t.Fatalf("a stalled body was not retried: %v", err)
	}
	if string(resp.Body) != body || resp.Attempts != 2 {
		t.Errorf("body %q after %d attempts", resp.Body, resp.Attempts)
	}
	// Stalling on every attempt, it says where it stalled.
	requests.Store(-100)
	_, err = api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/usage")})
	want := "Test request GET /usage failed after 2 attempts: the response body (HTTP 200) broke off after 5 bytes: it stalled, and did not end within request_timeout (300ms)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// allocatedDuring reports the bytes the process allocated while f ran.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A server that announces 200 MiB and sends 23 bytes gets no 200 MiB
// buffer: buffers grow as bytes arrive.
func TestSendDoesNotTrustAnAnnouncedLength(t *testing.T) {
	raw := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n{\"total\":1,\"items\":[{}]"
	server, _ := hijackServer(t, 100, raw, "")
	api := New(Settings{MaxRetries: 0}).API(Vendor{Name: "Test"})
	var err error
	allocated := allocatedDuring(func() {
		_, err = api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL)})
	})
	if err == nil || !strings.Contains(err.Error(), "broke off after 23 bytes") {
		t.Errorf("err = %v", err)
	}
	t.Logf("a 200 MiB announcement with 23 bytes sent: %d KiB allocated", allocated>>10)
	if allocated > 4<<20 {
		t.Errorf("reading 23 bytes allocated %d MiB", allocated>>20)
	}
}

// A gzip body that inflates past the cap is refused, and refusing it costs
// about the cap, not several times it; it is not retried.
func TestSendRefusesAGzipBombWithinTheCap(t *testing.T) {
	const limit = 4 << 20
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	_, _ = zw.Write(make([]byte, 4*limit))
	zw.Close()
	var requests atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb.Bytes())
	}))
	defer server.Close()
	api := New(Settings{MaxResponseBytes: limit, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	var err error
	allocated := allocatedDuring(func() {
		_, err = api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL)})
	})
	var tooLarge *TooLargeError
	if !errors.As(err, &tooLarge) || !strings.Contains(err.Error(), "larger than the 4 MiB limit") {
		t.Errorf("err = %v, want a TooLargeError", err)
	}
	if requests.Load() != 1 {
		t.Errorf("an over-large body was asked for %d times; retrying cannot make it smaller", requests.Load())
	}
	t.Logf("a gzip body of %d KiB inflating to %d MiB, over a %d MiB cap: %.1f MiB allocated", bomb.Len()>>10, 4*limit>>20, limit>>20, float64(allocated)/(1<<20))
	if allocated > limit*3/2 {
		t.Errorf("refusing a body over the %d MiB cap allocated %d MiB", limit>>20, allocated>>20)
	}
}

// slowServer answers after delay and records the most requests in flight.
type slowServer struct {
	*httptest.Server
	mu                    sync.Mutex
	inFlight, maxInFlight int
}

func newSlowServer(t *testing.T, delay time.Duration) *slowServer {
	s := &slowServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		s.inFlight++
		s.maxInFlight = max(s.maxInFlight, s.inFlight)
		s.mu.Unlock()
		time.Sleep(delay)
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *slowServer) most() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// max_concurrency is one budget per vendor for the whole provider: reads
// running at once (several data sources) share it.
func TestConcurrencyIsOneBudgetPerVendor(t *testing.T) {
	server := newSlowServer(t, 20*time.Millisecond)
	api := New(Settings{MaxConcurrency: 2}).API(Vendor{Name: "Test"})
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 { // three data sources, each reading 6 pages
		wg.Go(func() {
			errs <- api.Parallel(t.Context(), 6, func(ctx context.Context, _ int) error {
				_, err := api.Send(ctx, Request{Method: http.MethodGet, URL: mustParse(t, server.URL)})
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if most := server.most(); most > 2 {
		t.Errorf("%d requests were in flight at once; max_concurrency is 2 for the vendor", most)
	}
}

// Time spent waiting for a slot does not count against request_timeout:
// four requests of 100 ms, one at a time (the last waits 300 ms for its
// slot), each within a 250 ms timeout.
func TestWaitingForASlotIsNotPartOfTheRequestTimeout(t *testing.T) {
	server := newSlowServer(t, 100*time.Millisecond)
	api := New(Settings{MaxConcurrency: 1, RequestTimeout: 250 * time.Millisecond, MaxRetries: 0}).API(Vendor{Name: "Test"})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			_, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a request that waited for its slot timed out: %v", err)
		}
	}
	if most := server.most(); most != 1 {
		t.Errorf("%d requests in flight at once; max_concurrency is 1", most)
	}
}

// A 4xx whose body breaks off is not retried (the core never retries other
// 4xx), although a broken body of a 2xx or 5xx is.
func TestSendDoesNotRetryA4xxWhoseBodyBreaksOff(t *testing.T) {
	raw := "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\":401"
	server, requests := hijackServer(t, 100, raw, "")
	api := New(Settings{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	_, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/usage")})
	want := "Test request GET /usage failed: the response body (HTTP 401) broke off after 11 bytes: unexpected EOF"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
	if requests.Load() != 1 {
		t.Errorf("%d requests; a 401 is not retried, whole or broken", requests.Load())
	}
}

// An error quotes the body around the problem. A credential that the
// quote's edge would cut in two is masked whole, never shown in part,
// wherever it stands; and a credential echoed JSON-escaped (PHP writes /
// as \/) is masked too.
func TestExcerptMasksSecretsAcrossItsEdges(t *testing.T) {
	const secret = "sk-THISISAVERYSECRETACCESSTOKEN/123456789"
	secrets := secretsOf(secret)
	check := func(name, body string, offset int) {
		t.Helper()
		got := (&Response{Body: []byte(body), secrets: secrets}).Excerpt(offset)
		for i := 8; i <= len(secret); i++ {
			for _, piece := range []string{secret[:i], secret[len(secret)-i:]} {
				if strings.Contains(strings.ReplaceAll(got, `\/`, "/"), piece) {
					t.Fatalf("%s: the excerpt shows %d characters of the secret: %q", name, i, got)
				}
			}
		}
	}
	for before := 0; before < 3*excerptRadius; before++ {
		body := strings.Repeat("a", before) + secret + strings.Repeat("b", 3*excerptRadius)
		check(fmt.Sprintf("%d bytes before it, quoted from the start", before), body, 0)
		check(fmt.Sprintf("%d bytes before it, quoted from byte 200", before), body, 200)
	}
	escaped := "aaaa" + strings.ReplaceAll(secret, "/", `\/`)
	check("json-escaped", escaped, 0)
	if got := (&Response{Body: []byte(escaped), secrets: secrets}).Excerpt(0); got != "aaaa"+Redacted {
		t.Errorf("json-escaped: %q", got)
	}
}
