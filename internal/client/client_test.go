package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestRetryAfterSecondsAndHTTPDate(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 12 ", 12 * time.Second, true},
		{"60", 60 * time.Second, true},
		{"3600", MaxRetryAfter, true}, // capped
		{"Sun, 22 Nov 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Sun, 22 Nov 2026 11:00:00 GMT", MaxRetryAfter, true}, // capped
		{"Sun, 22 Nov 2026 09:00:00 GMT", 0, true},             // in the past: retry now
		{"-1", 0, false},                                       // Ocamba: too many parallel requests
		{"", 0, false},
		{"soon", 0, false},
	}
	for _, c := range cases {
		got, ok := RetryAfter(c.value, now)
		if got != c.want || ok != c.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", c.value, got, ok, c.want, c.ok)
		}
	}
}

func TestBackoffHonoursRetryAfterElseGrowsWithJitter(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	backoff := New(Settings{Clock: clock}).API(Vendor{Name: "Test"}).backoff
	withHeader := &http.Response{Header: http.Header{"Retry-After": {"3"}}}
	if got := backoff(time.Second, 30*time.Second, 0, withHeader); got != 3*time.Second {
		t.Errorf("with Retry-After: 3, waited %v", got)
	}
	// An HTTP date is read against the provider's clock.
	withDate := &http.Response{Header: http.Header{"Retry-After": {"Tue, 01 Dec 2026 10:00:07 GMT"}}}
	if got := backoff(time.Second, 30*time.Second, 0, withDate); got != 7*time.Second {
		t.Errorf("with Retry-After 7 s after the clock's now, waited %v", got)
	}
	clock.Advance(5 * time.Second)
	if got := backoff(time.Second, 30*time.Second, 0, withDate); got != 2*time.Second {
		t.Errorf("5 s later, waited %v, want 2s", got)
	}
	for attempt, ceiling := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		for range 50 {
			got := backoff(time.Second, 8*time.Second, attempt, &http.Response{Header: http.Header{}})
			if got < ceiling/2 || got > ceiling {
				t.Fatalf("attempt %d waited %v, want within [%v, %v]", attempt, got, ceiling/2, ceiling)
			}
		}
	}
	if got := backoff(time.Second, 8*time.Second, 100, nil); got > 8*time.Second {
		t.Errorf("a huge attempt number waited %v, more than the maximum", got)
	}
}

func TestCheckRetryStatuses(t *testing.T) {
	api := New(Settings{}).API(Vendor{Name: "Test", RateLimited: func(status int, body []byte) bool {
		return status == http.StatusUnauthorized && bytes.Contains(body, []byte("slow down"))
	}})
	for status, want := range map[int]bool{
		200: false, 400: false, 401: false, 403: false, 404: false, 409: false, 501: false,
		429: true, 500: true, 502: true, 503: true, 504: true,
	} {
		resp := &http.Response{StatusCode: status, Body: http.NoBody, Header: http.Header{}}
		if got, _ := api.checkRetry(context.Background(), resp, nil); got != want {
			t.Errorf("status %d: retry = %v, want %v", status, got, want)
		}
	}
	limited := &http.Response{StatusCode: 401, Body: buffered("please slow down"), Header: http.Header{}}
	if got, _ := api.checkRetry(context.Background(), limited, nil); !got {
		t.Error("a vendor rate-limit body was not retried")
	}
	if rest, _ := readAll(limited); rest != "please slow down" {
		t.Errorf("reading the rate limit consumed the body; left %q", rest)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := api.checkRetry(cancelled, nil, errors.New("connection reset")); got || !errors.Is(err, context.Canceled) {
		t.Errorf("after cancellation: retry = %v, err = %v", got, err)
	}
}

// Cancelling the context (Ctrl-C) ends an in-flight request at once, even
// when the server would take much longer and retries remain.
func TestSendStopsPromptlyWhenCancelled(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer server.Close()
	defer close(release)
	api := New(Settings{MaxRetries: 4, RequestTimeout: time.Minute}).API(Vendor{Name: "Test"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := api.Send(ctx, Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/slow")})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if summary, _ := Diagnostic(err); summary != "Billing data read cancelled" {
			t.Errorf("summary = %q", summary)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send did not return after cancellation")
	}
}

func TestRedactionOfHeadersAndQueries(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer abc")
	h.Set("DF-API-KEY", "k1")
	h["X-API-KEY"] = []string{"k2"} // non-canonical on purpose
	h.Set("Accept", "application/json")
	got := RedactHeaders(h)
	want := "Accept: application/json; Authorization: [REDACTED]; Df-Api-Key: [REDACTED]; X-API-KEY: [REDACTED]"
	if got != want {
		t.Errorf("RedactHeaders = %q\nwant %q", got, want)
	}
	q := url.Values{"session": {"s3cret"}, "Token": {"t"}, "period": {"DAY"}}
	if got := RedactQuery(q); got != "Token=%5BREDACTED%5D&period=DAY&session=%5BREDACTED%5D" {
		t.Errorf("RedactQuery = %q", got)
	}
}

// The transport logs method, path, status, attempt and duration, and no
// credential, even one only the request carries (a fetched bearer token).
func TestLoggingTransportMasksCredentials(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "sid=cookie-secret")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer server.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	api := New(Settings{Secrets: []string{"configured-secret"}}).API(Vendor{Name: "Test"})
	u := mustParse(t, server.URL+"/v1/usage?session=configured-secret&page=2")
	_, err := api.Send(ctx, Request{Method: http.MethodGet, URL: u, Header: http.Header{"Authorization": {"Bearer fetched-token"}}})
	if err != nil {
		t.Fatal(err)
	}
	text := logs.String()
	for _, want := range []string{`"http_method":"GET"`, `"http_path":"/v1/usage"`, `"http_status":200`, `"attempt":1`, `"duration_ms":`, `page=2`} {
		if !strings.Contains(text, want) {
			t.Errorf("logs lack %s", want)
		}
	}
	for _, secret := range []string{"configured-secret", "fetched-token", "cookie-secret"} {
		if strings.Contains(text, secret) {
			t.Errorf("logs contain %q:\n%s", secret, text)
		}
	}
}

// With NoExchangeLogs, an exchange writes no log line; it is sent,
// retried and answered as ever, and still counts its attempts (which an
// error quotes).
func TestNoExchangeLogs(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer server.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	api := New(Settings{NoExchangeLogs: true, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	resp, err := api.Send(ctx, Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/v1/usage")})
	if err != nil || string(resp.Body) != `{}` {
		t.Fatalf("got %v, %v; want the answer {}", resp, err)
	}
	resp, err = api.Send(ctx, Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/down")})
	if err != nil || resp.Status != http.StatusServiceUnavailable || resp.Attempts != 3 {
		t.Errorf("got %+v, %v; want HTTP 503 after 3 attempts", resp, err)
	}
	if logs.Len() > 0 {
		t.Errorf("an exchange logged with NoExchangeLogs:\n%s", logs.String())
	}
}

func TestExcerptMasksSecretsAndStaysShort(t *testing.T) {
	r := &Response{Body: []byte("<html>\n\n  token=abc-secret " + strings.Repeat("x", 500) + "</html>"), secrets: secretsOf("abc-secret")}
	got := r.Excerpt(0)
	if strings.Contains(got, "abc-secret") || !strings.Contains(got, "token=[REDACTED]") {
		t.Errorf("excerpt does not mask the secret: %q", got)
	}
	if len(got) > 2*excerptRadius+len(Redacted)+8 {
		t.Errorf("excerpt is %d bytes long", len(got))
	}
	if strings.Contains(got, "\n") {
		t.Errorf("excerpt spans lines: %q", got)
	}
}

func secretsOf(values ...string) *Secrets {
	s := &Secrets{}
	s.Add(values...)
	return s
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// buffered is a body as the exchange transport hands it on: read whole.
func buffered(s string) *bufferedBody {
	return &bufferedBody{Reader: bytes.NewReader([]byte(s)), data: []byte(s)}
}

func readAll(resp *http.Response) (string, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(resp.Body)
	return b.String(), err
}

// A redirect is followed within one attempt: an error counts the attempts
// made, not the redirects followed in each (a loop of them stops at ten).
func TestRedirectsAreNotCountedAsAttempts(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/moved":
			http.Redirect(w, r, "/down", http.StatusTemporaryRedirect)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer server.Close()
	api := New(Settings{MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond}).API(Vendor{Name: "Test"})
	_, err := api.Send(context.Background(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/loop")})
	if want := "Test request GET /loop failed: stopped after 10 redirects"; err == nil || err.Error() != want {
		t.Errorf("a redirect loop: %v; want %s", err, want)
	}
	resp, err := api.Send(context.Background(), Request{Method: http.MethodGet, URL: mustParse(t, server.URL+"/moved")})
	if err != nil || resp.Status != http.StatusServiceUnavailable || resp.Attempts != 2 {
		t.Errorf("a redirect to an answer retried: %+v, %v; want HTTP 503 after 2 attempts", resp, err)
	}
}
