// Package client is the HTTP core every vendor client shares: one
// connection-reusing http.Client per configured provider, retries with
// backoff (go-retryablehttp), per-request timeouts, a response size cap,
// redacted debug logging through tflog, and errors that render as clear
// diagnostics. Vendor packages describe only what is theirs: URLs, headers,
// response shapes and which error bodies mean "slow down".
package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Defaults for Settings fields left zero.
const (
	DefaultRequestTimeout   = 60 * time.Second
	DefaultMaxRetries       = 4
	DefaultMaxConcurrency   = 4
	DefaultRetryWaitMin     = 1 * time.Second
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultMaxResponseBytes = 256 << 20 // 256 MiB
	// MaxRetryAfter caps how long a server's Retry-After can make us wait.
	MaxRetryAfter = 60 * time.Second
)

// Settings configures a Core. Zero fields take the defaults above, except
// MaxRetries, where zero means "no retries".
type Settings struct {
	RequestTimeout time.Duration // per HTTP request, body included
	MaxRetries     int           // retries after the first try
	MaxConcurrency int           // requests in flight per data source read
	UserAgent      string
	// Secrets are masked wherever the core logs or quotes a response.
	Secrets []string

	// Knobs for tests; users cannot set them.
	RetryWaitMin, RetryWaitMax time.Duration
	MaxResponseBytes           int64
}

// Core holds the one http.Client a configured provider uses for all vendors,
// so connections are reused across data sources and pages.
type Core struct {
	settings Settings
	http     *http.Client
}

// New builds a Core from settings, filling in defaults.
func New(s Settings) *Core {
	if s.RequestTimeout <= 0 {
		s.RequestTimeout = DefaultRequestTimeout
	}
	if s.MaxRetries < 0 {
		s.MaxRetries = 0
	}
	if s.MaxConcurrency <= 0 {
		s.MaxConcurrency = DefaultMaxConcurrency
	}
	if s.RetryWaitMin <= 0 {
		s.RetryWaitMin = DefaultRetryWaitMin
	}
	if s.RetryWaitMax < s.RetryWaitMin {
		s.RetryWaitMax = max(DefaultRetryWaitMax, s.RetryWaitMin)
	}
	if s.MaxResponseBytes <= 0 {
		s.MaxResponseBytes = DefaultMaxResponseBytes
	}
	s.Secrets = nonEmpty(s.Secrets)
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = max(transport.MaxIdleConnsPerHost, s.MaxConcurrency)
	return &Core{
		settings: s,
		http: &http.Client{
			Transport:     &admittingTransport{next: &loggingTransport{next: transport, secrets: s.Secrets}},
			Timeout:       s.RequestTimeout,
			CheckRedirect: sameOriginRedirectsOnly,
		},
	}
}

// Vendor describes what differs between vendor APIs in how the core treats
// their responses.
type Vendor struct {
	// Name is the vendor's name as users know it; it starts every error.
	Name string
	// RateLimited reports responses that mean "slow down" although their
	// status is not 429 (TrueWatch sends its rate limits as 401, or 200, with
	// a code). It sees every response's status and at most the first MiB of
	// its body. Nil: only the statuses.
	RateLimited func(status int, body []byte) bool
	// TooManyInParallel reports a response that asks for fewer concurrent
	// requests rather than a pause (Ocamba's 429 with Retry-After: -1). The
	// read's concurrency is halved; the request is retried like any 429.
	TooManyInParallel func(resp *http.Response) bool
}

// API sends requests to one vendor through the shared Core.
type API struct {
	core   *Core
	vendor Vendor
	retry  *retryablehttp.Client
}

// API returns a client for one vendor. Every API from one Core shares its
// connections.
func (c *Core) API(v Vendor) *API {
	a := &API{core: c, vendor: v}
	a.retry = &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil, // the logging transport logs every attempt itself
		RetryWaitMin: c.settings.RetryWaitMin,
		RetryWaitMax: c.settings.RetryWaitMax,
		RetryMax:     c.settings.MaxRetries,
		CheckRetry:   a.checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return a
}

// HTTPClient is a standard *http.Client that sends through this API's
// retries, logging and connection pool, for libraries that make their own
// requests (the OAuth 2.0 token exchange). It does not cap response sizes;
// such libraries cap what they read themselves.
func (a *API) HTTPClient() *http.Client {
	return &http.Client{Transport: &retryablehttp.RoundTripper{Client: a.retry}} // each attempt has request_timeout
}

// Request is one logical API call; the core may send it several times.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	// Form, when not nil, is sent as an application/x-www-form-urlencoded
	// body (how credentials stay out of URLs).
	Form url.Values
}

// Response is a complete, size-checked response. Any status may arrive here:
// the vendor client decides what a non-2xx body means.
type Response struct {
	Vendor, Method, Path string
	Status               int
	Header               http.Header
	Body                 []byte
	Attempts             int
	secrets              []string
}

// Send performs the request with retries and returns the whole response.
// It fails only when no response could be had: connection errors after the
// last retry, cancellation, a refused redirect, or an over-large body.
func (a *API) Send(ctx context.Context, r Request) (*Response, error) {
	ctx, attempts := withAttemptCounter(ctx)
	req, err := a.newRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	resp, err := a.retry.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, a.requestError(ctx, r, int(attempts.Load()), err)
	}
	defer resp.Body.Close()
	body, err := a.readBody(resp)
	if err != nil {
		return nil, &RequestError{Vendor: a.vendor.Name, Method: r.Method, Path: r.URL.Path, Attempts: int(attempts.Load()), Err: err}
	}
	return &Response{
		Vendor:   a.vendor.Name,
		Method:   r.Method,
		Path:     r.URL.Path,
		Status:   resp.StatusCode,
		Header:   resp.Header,
		Body:     body,
		Attempts: int(attempts.Load()),
		secrets:  a.core.settings.Secrets,
	}, nil
}

func (a *API) newRequest(ctx context.Context, r Request) (*retryablehttp.Request, error) {
	var body any
	if r.Form != nil {
		body = []byte(r.Form.Encode())
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.Method, r.URL.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: building request %s %s: %w", a.vendor.Name, r.Method, r.URL.Path, err)
	}
	for name, values := range r.Header {
		for _, v := range values {
			req.Header.Add(name, v) // canonicalises the name, so redaction finds it
		}
	}
	if r.Form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	if ua := a.core.settings.UserAgent; ua != "" {
		req.Header.Set("User-Agent", ua)
	}
	return req, nil
}

// readBody reads the whole body, refusing more than MaxResponseBytes. The
// transport has already undone any gzip, so the cap counts decoded bytes.
func (a *API) readBody(resp *http.Response) ([]byte, error) {
	limit := a.core.settings.MaxResponseBytes
	if resp.ContentLength > limit {
		return nil, &TooLargeError{Limit: limit, Declared: resp.ContentLength}
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body (HTTP %d) failed after %d bytes: %w", resp.StatusCode, n, err)
	}
	if n > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	return buf.Bytes(), nil
}

func (a *API) requestError(ctx context.Context, r Request, attempts int, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() && ctx.Err() == nil {
		err = fmt.Errorf("no response within request_timeout (%s)", a.core.settings.RequestTimeout)
	}
	// A *url.Error repeats the whole URL; the path is shown separately and
	// the query is nobody's business in an error message.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return &RequestError{Vendor: a.vendor.Name, Method: r.Method, Path: r.URL.Path, Attempts: attempts, Err: err}
}

// sameOriginRedirectsOnly keeps credentials from following a redirect to
// another host or scheme: Go drops Authorization on such redirects but would
// forward custom headers such as DF-API-KEY.
func sameOriginRedirectsOnly(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return &ForeignRedirectError{From: first.Scheme + "://" + first.Host, To: req.URL.Scheme + "://" + req.URL.Host}
	}
	return nil
}

func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
