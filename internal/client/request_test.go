package client

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// A request's form is its body, form-encoded and labelled so; a request
// without one has neither. The configured User-Agent is sent.
func TestSendWritesTheFormAndHeaders(t *testing.T) {
	type seen struct{ body, contentType, userAgent, accept string }
	var (
		mu   sync.Mutex
		last seen
	)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = seen{string(body), r.Header.Get("Content-Type"), r.Header.Get("User-Agent"), r.Header.Get("Accept")}
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	defer server.Close()
	api := New(Settings{UserAgent: "terraform-provider-billing/test", MaxRetries: 0}).API(Vendor{Name: "Test"})
	for _, c := range []struct {
		form url.Values
		want seen
	}{
		{url.Values{"session": {"s+1"}, "period": {"DAY"}},
			seen{"period=DAY&session=s%2B1", "application/x-www-form-urlencoded", "terraform-provider-billing/test", "application/json"}},
		{nil, seen{"", "", "terraform-provider-billing/test", "application/json"}},
	} {
		if _, err := api.Send(t.Context(), Request{Method: http.MethodPost, URL: mustParse(t, server.URL), Form: c.form}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		if last != c.want {
			t.Errorf("form %v: the server saw %+v\nwant %+v", c.form, last, c.want)
		}
		mu.Unlock()
	}
}

// A body of exactly the cap is read, announced or not; a byte more is
// refused, and the error says whether its length was announced.
func TestSendReadsABodyOfExactlyTheCap(t *testing.T) {
	const limit = 16
	for _, c := range []struct {
		size     int
		announce bool
		want     string // "": read whole
	}{
		{limit, true, ""},
		{limit, false, ""},
		{limit + 1, true, "Test request GET / failed: the response body (17 bytes announced) is larger than the 16-byte limit and was refused"},
		{limit + 1, false, "Test request GET / failed: the response body is larger than the 16-byte limit and was refused"},
	} {
		body := strings.Repeat("x", c.size)
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if !c.announce {
				// A flush before the body sends it chunked, without a length.
				w.WriteHeader(http.StatusOK)
				_ = http.NewResponseController(w).Flush()
			}
			_, _ = io.WriteString(w, body)
		}))
		api := New(Settings{MaxResponseBytes: limit, MaxRetries: 0}).API(Vendor{Name: "Test"})
		resp, err := api.Send(t.Context(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/")})
		server.Close()
		switch {
		case c.want == "" && (err != nil || string(resp.Body) != body):
			t.Errorf("%d bytes (announced: %v) under a cap of %d: %v", c.size, c.announce, limit, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%d bytes (announced: %v): error %v\nwant %s", c.size, c.announce, err, c.want)
		}
	}
}

// Settings left zero, or set below what makes sense, take the defaults;
// a retry wait range of one value is kept.
func TestNewFillsInTheDefaults(t *testing.T) {
	got := New(Settings{MaxRetries: -1}).settings
	if got.RequestTimeout != DefaultRequestTimeout || got.MaxRetries != 0 || got.MaxConcurrency != DefaultMaxConcurrency ||
		got.RetryWaitMin != DefaultRetryWaitMin || got.RetryWaitMax != DefaultRetryWaitMax || got.MaxResponseBytes != DefaultMaxResponseBytes {
		t.Errorf("zero settings became %+v", got)
	}
	if got := New(Settings{MaxRetries: 2}).settings.MaxRetries; got != 2 {
		t.Errorf("max_retries 2 became %d", got)
	}
	for _, c := range []struct{ min, max, wantMax time.Duration }{
		{2 * time.Second, 2 * time.Second, 2 * time.Second},
		{2 * time.Second, 0, DefaultRetryWaitMax},
		{40 * time.Second, 0, 40 * time.Second},
		{time.Millisecond, 5 * time.Millisecond, 5 * time.Millisecond},
	} {
		if got := New(Settings{RetryWaitMin: c.min, RetryWaitMax: c.max}).settings; got.RetryWaitMin != c.min || got.RetryWaitMax != c.wantMax {
			t.Errorf("retry waits %v to %v became %v to %v, want %v to %v", c.min, c.max, got.RetryWaitMin, got.RetryWaitMax, c.min, c.wantMax)
		}
	}
}

// endless is a body that never ends, counting what is read of it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.read += int64(len(p))
	return len(p), nil
}

// A body over the cap is refused as soon as it passes the cap: one byte
// past it is read, whatever the chunks before.
func TestReadBodyStopsOneBytePastTheCap(t *testing.T) {
	for _, limit := range []int64{10, firstChunk, 3*firstChunk + 5, 100 << 10} {
		body := &endless{}
		_, err := readBody(body, limit, -1)
		var tooLarge *TooLargeError
		if !errors.As(err, &tooLarge) || body.read != limit+1 {
			t.Errorf("cap %d: %v after reading %d bytes; want a TooLargeError after %d", limit, err, body.read, limit+1)
		}
	}
}
