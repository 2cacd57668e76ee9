package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// checkRetry decides whether to try again: on connection errors, 429, 500,
// 502, 503, 504, and responses the vendor calls rate limits. Never on other
// 4xx, never once the context is done.
func (a *API) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		var (
			redirect *ForeignRedirectError
			tooLarge *TooLargeError
		)
		if errors.As(err, &redirect) || errors.As(err, &tooLarge) {
			return false, err // asking again gets the same answer
		}
		var broken *brokenBodyError
		if errors.As(err, &broken) && broken.Status >= 400 && broken.Status < 500 && broken.Status != http.StatusTooManyRequests {
			return false, err // a refusal, whole or not, is not retried
		}
		// The library's policy knows which transport errors are final
		// (bad scheme, untrusted certificate, too many redirects).
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, nil
	}
	// Whatever the status: TrueWatch sends its rate limits as 401, and as
	// 200 with success false.
	if a.vendor.RateLimited != nil {
		return a.vendor.RateLimited(resp.StatusCode, bodyBytes(resp)), nil
	}
	return false, nil
}

// backoff waits as the server asks in Retry-After (seconds or an HTTP date,
// at most MaxRetryAfter); otherwise exponentially from min, capped at max,
// with jitter so that parallel readers do not retry in lockstep.
func (a *API) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait, ok := RetryAfter(resp.Header.Get("Retry-After"), a.core.clock.Now()); ok {
			return wait
		}
	}
	wait := maxWait
	if attempt < 30 {
		wait = min(minWait<<attempt, maxWait)
	}
	half := wait / 2
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// RetryAfter parses a Retry-After value, seconds or an HTTP date relative to
// now, capped at MaxRetryAfter. Missing, negative or malformed values report
// false (Ocamba's "-1", "too many parallel requests", is handled by paging).
func RetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return 0, false
		}
		if seconds > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter, true
		}
		return time.Duration(seconds) * time.Second, true
	}
	at, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), MaxRetryAfter), true
}
