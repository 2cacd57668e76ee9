// Package client is the HTTP core every vendor client shares: one
// connection-reusing http.Client per configured provider, retries with
// backoff (go-retryablehttp), per-request timeouts, a response size cap,
// redacted debug logging through tflog, and errors that render as clear
// diagnostics. Vendor packages describe only what is theirs: URLs, headers,
// response shapes and which error bodies mean "slow down".
package client

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/jonboulle/clockwork"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
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
	RequestTimeout time.Duration // per HTTP attempt, from sending it to the last byte of its body
	MaxRetries     int           // retries after the first try
	MaxConcurrency int           // requests in flight per vendor, whole provider
	UserAgent      string
	// Secrets are masked wherever the core logs or quotes a response.
	Secrets []string
	// Cache, when not nil, is the directory the provider processes on this
	// machine share: each vendor's budget is the machine's, and answers
	// are kept there for its ttl.
	Cache *cachedir.Dir
	// NoExchangeLogs leaves out the log lines of each HTTP attempt, for
	// when nothing reads the provider's logs: written, masked and sent to
	// Terraform only to be dropped there, they took a tenth of the CPU of
	// a read of many pages.
	NoExchangeLogs bool

	// Knobs for tests; users cannot set them.
	RetryWaitMin, RetryWaitMax time.Duration
	MaxResponseBytes           int64
	Clock                      clockwork.Clock // nil: the real clock
}

// Core holds what every vendor client of a configured provider shares: one
// connection pool, the settings, the clock, and the credentials to mask.
type Core struct {
	settings Settings
	// transport sends attempts, numbers them and logs them; one pool for all vendors, so
	// connections are reused across data sources and pages.
	transport http.RoundTripper
	secrets   *Secrets
	clock     clockwork.Clock
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
	if s.Clock == nil {
		s.Clock = clockwork.NewRealClock()
	}
	secrets := &Secrets{}
	secrets.Add(s.Secrets...)
	pool := cleanhttp.DefaultPooledTransport()
	pool.MaxIdleConnsPerHost = max(pool.MaxIdleConnsPerHost, s.MaxConcurrency)
	// A large answer sent in small pieces (as a server that encodes as it
	// writes sends it) is read from the connection in one system call per
	// buffer: 16 KiB, not the default 4, takes about a tenth off the CPU
	// of a read of large pages (BenchmarkUsageFolded), for 12 KiB more a
	// connection; 32 KiB takes no more off. HTTP/2 connections read
	// through a buffer of their own, which this does not change.
	pool.ReadBufferSize = 16 << 10
	return &Core{
		settings:  s,
		transport: &loggingTransport{next: pool, secrets: secrets, quiet: s.NoExchangeLogs},
		secrets:   secrets,
		clock:     s.Clock,
	}
}

// Clock is the provider's clock: the real one, or a test's.
func (c *Core) Clock() clockwork.Clock { return c.clock }

// Secrets are the credentials every message and log is masked with; vendor
// clients add what they fetch or derive.
func (c *Core) Secrets() *Secrets { return c.secrets }

// Diagnostic renders err as a diagnostic summary and detail, as the
// package's Diagnostic does, with every credential masked:
//
//	resp.Diagnostics.AddError(core.Diagnostic(err))
func (c *Core) Diagnostic(err error) (summary, detail string) {
	summary, detail = Diagnostic(err)
	return c.secrets.Mask(summary), c.secrets.Mask(detail)
}

// Vendor describes what differs between vendor APIs in how the core treats
// their responses.
type Vendor struct {
	// Name is the vendor's name as users know it; it starts every error.
	Name string
	// RateLimited reports responses that mean "slow down" although their
	// status is not 429 (TrueWatch sends its rate limits as 401, or 200, with
	// a code). It sees every response's status and whole body, but for a
	// 2xx body decoded as it arrives (Streamed), which it sees only when
	// the decoder refuses it and it is small enough to be kept. Nil: only
	// the statuses.
	RateLimited func(status int, body []byte) bool
	// TooManyInParallel reports a response that asks for fewer concurrent
	// requests rather than a pause (Ocamba's 429 with Retry-After: -1). The
	// vendor's concurrency is halved; the request is retried like any 429.
	TooManyInParallel func(resp *http.Response) bool
	// Quota reads the rate-limit quota a vendor announces on its responses
	// (Ocamba's X-RateLimit-* headers), to pace requests to it. Nil: none.
	Quota func(http.Header) (Quota, bool)
	// IssuesCredentials marks a host whose answers hand out credentials
	// (Talkdesk's token endpoint): they are masked only once the answer is
	// read, so its response headers, which come first, are not logged.
	IssuesCredentials bool
	// Credentials are the configured credentials the client reads with:
	// answers kept in the cache directory are shared only between equal
	// ones. Only their SHA-256 is kept, in the answers' keys.
	Credentials []string
}

// API sends requests to one vendor through the shared Core.
type API struct {
	core   *Core
	vendor Vendor
	retry  *retryablehttp.Client
	budget *budget
	// whose is a SHA-256 of the vendor's credentials, for answers' keys.
	whose [sha256.Size]byte
}

// API returns a client for one vendor, with the vendor's budget of
// max_concurrency requests in flight. Call it once per vendor: every data
// source of the vendor shares the API, and so the budget. Every API from
// one Core shares its connections.
func (c *Core) API(v Vendor) *API {
	return c.api(v, newBudget(v, c.settings.MaxConcurrency, c.clock, c.settings.Cache))
}

// Sharing returns an API for another host of the same vendor (Talkdesk's
// token endpoint), named v.Name in messages, whose requests count against
// a's budget: the vendor never sees more than max_concurrency requests of
// both together in flight, from this process or, with a cache directory,
// from the machine.
func (a *API) Sharing(v Vendor) *API { return a.core.api(v, a.budget) }

func (c *Core) api(v Vendor, b *budget) *API {
	a := &API{core: c, vendor: v, budget: b, whose: hashParts(v.Credentials...)}
	a.retry = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport: &exchange{
				next:     c.transport,
				budget:   b,
				timeout:  c.settings.RequestTimeout,
				maxBytes: c.settings.MaxResponseBytes,
				unlogged: v.IssuesCredentials,
			},
			CheckRedirect: sameOriginRedirectsOnly,
		},
		Logger:       nil, // the logging transport logs every attempt itself
		RetryWaitMin: c.settings.RetryWaitMin,
		RetryWaitMax: c.settings.RetryWaitMax,
		RetryMax:     c.settings.MaxRetries,
		CheckRetry:   a.checkRetry,
		Backoff:      a.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return a
}

// HTTPClient is a standard *http.Client that sends through this API's
// retries, logging and connection pool, for libraries that make their own
// requests (the OAuth 2.0 token exchange).
func (a *API) HTTPClient() *http.Client {
	return &http.Client{Transport: &retryablehttp.RoundTripper{Client: a.retry}}
}

// Request is one logical API call; the core may send it several times.
type Request struct {
	Method string
	URL    *url.URL
	Header http.Header
	// Form, when not nil, is sent as an application/x-www-form-urlencoded
	// body (how credentials stay out of URLs).
	Form url.Values
	// Authorize, when not nil, adds credentials to the headers when the
	// request is sent, and only then: an answer read from the cache
	// directory needs no token fetched for it.
	Authorize func(ctx context.Context, header http.Header) error
}

// Response is a complete, size-checked response. Any status may arrive here:
// the vendor client decides what a non-2xx body means.
type Response struct {
	Vendor, Method, Path string
	Status               int
	Header               http.Header
	Body                 []byte
	Attempts             int
	secrets              *Secrets
	// stream, when set, is a body being decoded as it arrives (Streamed),
	// and Body is nil.
	stream *streamBody
}

// Send performs the request with retries and returns the whole response.
// It fails only when no whole response could be had: connection errors or
// broken bodies after the last retry, cancellation, a refused redirect, or
// an over-large body.
func (a *API) Send(ctx context.Context, r Request) (*Response, error) {
	return a.send(ctx, r, nil)
}

// send is Send, with the 2xx body handed to s as it arrives when s is set.
func (a *API) send(ctx context.Context, r Request, s *stream) (*Response, error) {
	if r.Authorize != nil {
		header := r.Header.Clone()
		if header == nil {
			header = http.Header{}
		}
		if err := r.Authorize(ctx, header); err != nil {
			return nil, err
		}
		r.Header = header
	}
	ctx, attempts := withAttemptCounter(ctx)
	if s != nil {
		ctx = context.WithValue(ctx, streamKey{}, s)
	}
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
	resp.Body.Close()
	var stream *streamBody
	if b, ok := resp.Body.(*bufferedBody); ok {
		stream = b.stream
	}
	return &Response{
		Vendor:   a.vendor.Name,
		Method:   r.Method,
		Path:     r.URL.Path,
		Status:   resp.StatusCode,
		Header:   resp.Header,
		Body:     bodyBytes(resp),
		Attempts: int(attempts.Load()),
		secrets:  a.core.secrets,
		stream:   stream,
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

func (a *API) requestError(ctx context.Context, r Request, attempts int, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
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
