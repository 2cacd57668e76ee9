package client

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Redacted replaces a credential wherever one would be logged.
const Redacted = "[REDACTED]"

// sensitiveHeaders carry credentials; their values are never logged.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Df-Api-Key", "X-Api-Key"}

// sensitiveParams carry credentials in queries and forms.
var sensitiveParams = []string{"session", "token", "access_token", "refresh_token", "client_secret", "password", "api_key"}

// loggingTransport numbers every attempt of every request (an error quotes
// how many were made) and, unless quiet, logs each at debug level (headers
// at trace level), with credentials redacted and, as a second guard,
// masked by tflog wherever they might still appear.
type loggingTransport struct {
	next    http.RoundTripper
	secrets *Secrets
	quiet   bool
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A redirect the client follows (req.Response is the answer that
	// asked for it) is part of the attempt that led to it.
	attempt := thisAttempt(req.Context())
	if req.Response == nil {
		attempt = nextAttempt(req.Context())
	}
	if t.quiet {
		return t.next.RoundTrip(req)
	}
	ctx := maskCredentials(req.Context(), t.secrets, req.Header)
	fields := map[string]any{
		"http_method": req.Method,
		"http_host":   req.URL.Host,
		"http_path":   req.URL.Path,
		"attempt":     attempt,
	}
	if req.URL.RawQuery != "" {
		fields["http_query"] = RedactQuery(req.URL.Query())
	}
	tflog.Debug(ctx, "Sending HTTP request", fields)
	tflog.Trace(ctx, "HTTP request headers", map[string]any{"http_request_headers": RedactHeaders(req.Header)})

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "HTTP request failed", fields)
		return nil, err
	}
	fields["http_status"] = resp.StatusCode
	tflog.Debug(ctx, "Received HTTP response", fields)
	if responseHeadersUnlogged(req.Context()) {
		tflog.Trace(ctx, "HTTP response headers not logged: the answer hands out a credential")
	} else {
		tflog.Trace(ctx, "HTTP response headers", map[string]any{"http_response_headers": t.secrets.Mask(RedactHeaders(resp.Header))})
	}
	return resp, nil
}

type responseHeadersUnloggedKey struct{}

// withResponseHeadersUnlogged marks a request whose answer hands out a
// credential, which is masked only once the answer is read: its response
// headers are not logged.
func withResponseHeadersUnlogged(ctx context.Context) context.Context {
	return context.WithValue(ctx, responseHeadersUnloggedKey{}, true)
}

func responseHeadersUnlogged(ctx context.Context) bool {
	unlogged, _ := ctx.Value(responseHeadersUnloggedKey{}).(bool)
	return unlogged
}

// maskCredentials tells tflog to hide every registered secret and every
// credential header value of this request from messages and string fields.
func maskCredentials(ctx context.Context, secrets *Secrets, header http.Header) context.Context {
	masked := secrets.List()
	for name, values := range header {
		if !isSensitiveHeader(name) {
			continue
		}
		for _, v := range values {
			masked = append(masked, v)
			if _, token, ok := strings.Cut(v, " "); ok && token != "" {
				masked = append(masked, token) // the token of "Bearer <token>"
			}
		}
	}
	masked = slices.DeleteFunc(masked, func(v string) bool { return strings.TrimSpace(v) == "" })
	if len(masked) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, masked...)
	return tflog.MaskMessageStrings(ctx, masked...)
}

func isSensitiveHeader(name string) bool {
	for _, sensitive := range sensitiveHeaders {
		if strings.EqualFold(name, sensitive) {
			return true
		}
	}
	return false
}

// RedactHeaders renders headers as one string, "Name: value; ...", sorted,
// with credential values replaced. A string, not a map: tflog masks only
// string fields, and this keeps its masking as a second guard.
func RedactHeaders(h http.Header) string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, name := range names {
		value := strings.Join(h[name], ", ")
		if isSensitiveHeader(name) {
			value = Redacted
		}
		lines[i] = name + ": " + value
	}
	return strings.Join(lines, "; ")
}

// RedactQuery encodes query or form values with credential values replaced.
func RedactQuery(values url.Values) string {
	out := url.Values{}
	for key, vals := range values {
		out[key] = vals
		for _, sensitive := range sensitiveParams {
			if strings.EqualFold(key, sensitive) {
				out[key] = []string{Redacted}
			}
		}
	}
	return out.Encode()
}

type attemptCounterKey struct{}

// withAttemptCounter lets the transport number the attempts of one logical
// request: the retry layer sends them all with the same context.
func withAttemptCounter(ctx context.Context) (context.Context, *atomic.Int32) {
	counter := new(atomic.Int32)
	return context.WithValue(ctx, attemptCounterKey{}, counter), counter
}

func thisAttempt(ctx context.Context) int {
	if counter, ok := ctx.Value(attemptCounterKey{}).(*atomic.Int32); ok {
		return int(counter.Load())
	}
	return 1
}

func nextAttempt(ctx context.Context) int {
	if counter, ok := ctx.Value(attemptCounterKey{}).(*atomic.Int32); ok {
		return int(counter.Add(1))
	}
	return 1
}
