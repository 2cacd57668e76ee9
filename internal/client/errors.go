package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// APIError is a vendor's refusal: an error status or an error envelope. It
// carries everything a user needs to act or to quote to vendor support.
type APIError struct {
	Vendor     string
	Method     string
	Path       string
	HTTPStatus int
	Attempts   int
	Code       string // the vendor's own error code, when it gives one
	Message    string // the vendor's message, or an excerpt of the body
	TraceID    string // the vendor's request or trace id, when it gives one
	Hint       string // what the user can change, when we can tell
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered %s %s with HTTP %d", e.Vendor, e.Method, e.Path, e.HTTPStatus)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", error code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.TraceID != "" {
		fmt.Fprintf(&b, " (trace id %s)", e.TraceID)
	}
	return b.String()
}

func (e *APIError) detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered %s %s with HTTP %d", e.Vendor, e.Method, e.Path, e.HTTPStatus)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	b.WriteString(".\n")
	if e.Code != "" {
		fmt.Fprintf(&b, "\nError code: %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, "\nMessage: %s", e.Message)
	}
	if e.TraceID != "" {
		fmt.Fprintf(&b, "\nTrace id: %s (quote it to %s support)", e.TraceID, e.Vendor)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\n\n%s", e.Hint)
	}
	return b.String()
}

// RequestError is a request that got no usable response.
type RequestError struct {
	Vendor, Method, Path string
	Attempts             int
	Err                  error
}

func (e *RequestError) Error() string {
	tries := ""
	if e.Attempts > 1 {
		tries = fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return fmt.Sprintf("%s request %s %s failed%s: %v", e.Vendor, e.Method, e.Path, tries, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// TooLargeError is a response body over the size cap.
type TooLargeError struct {
	Limit    int64
	Declared int64 // Content-Length, when the server announced it
}

func (e *TooLargeError) Error() string {
	if e.Declared > 0 {
		return fmt.Sprintf("the response body (%d bytes announced) is larger than the %s limit and was refused", e.Declared, formatBytes(e.Limit))
	}
	return fmt.Sprintf("the response body is larger than the %s limit and was refused", formatBytes(e.Limit))
}

// ForeignRedirectError is a redirect to another host or scheme, refused so
// that credentials never travel there.
type ForeignRedirectError struct{ From, To string }

func (e *ForeignRedirectError) Error() string {
	return fmt.Sprintf("refused a redirect from %s to %s: credentials are only sent to the configured endpoint", e.From, e.To)
}

// DecodeError is a response that is not what the vendor's API documents.
type DecodeError struct {
	Vendor, Method, Path string
	HTTPStatus           int
	Expected             string // what the API documents, in a few words
	Problem              string // what is wrong, with the field's path when known
	Excerpt              string // a short, credential-free quote of the body
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s answered %s %s (HTTP %d) with a body that is not %s: %s; the body near the problem: %s",
		e.Vendor, e.Method, e.Path, e.HTTPStatus, e.Expected, e.Problem, e.Excerpt)
}

func (e *DecodeError) detail() string {
	return fmt.Sprintf("%s answered %s %s (HTTP %d) with a body that is not %s.\n\nProblem: %s\nThe body near the problem:\n  %s",
		e.Vendor, e.Method, e.Path, e.HTTPStatus, e.Expected, e.Problem, e.Excerpt)
}

// Diagnostic renders any error from this package, or from a vendor client
// built on it, as a diagnostic summary and detail:
//
//	resp.Diagnostics.AddError(client.Diagnostic(err))
func Diagnostic(err error) (summary, detail string) {
	var (
		apiErr     *APIError
		decodeErr  *DecodeError
		requestErr *RequestError
		pagingErr  *PagingError
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Vendor + " API error", apiErr.detail()
	case errors.As(err, &decodeErr):
		return "Unexpected response from " + decodeErr.Vendor, decodeErr.detail()
	case errors.As(err, &pagingErr):
		return "Incomplete listing from " + pagingErr.Vendor, err.Error()
	case errors.Is(err, context.Canceled):
		return "Billing data read cancelled", err.Error()
	case errors.As(err, &requestErr):
		return requestErr.Vendor + " request failed", err.Error()
	default:
		return "Billing data read failed", err.Error()
	}
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d-byte", n)
	}
}
