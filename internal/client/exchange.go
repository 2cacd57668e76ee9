package client

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// exchange is the transport of one vendor's requests. It holds each attempt
// until the vendor's budget admits it; then request_timeout bounds the
// attempt, from sending it to the last byte of its body (time spent
// waiting for a slot does not count). The body is read here, so that a body
// cut short or stalled fails the attempt, which the retry layer retries
// like a connection error, and so that the slot is held while it arrives.
type exchange struct {
	next     http.RoundTripper
	budget   *budget
	timeout  time.Duration
	maxBytes int64
	// unlogged keeps response headers out of the logs (IssuesCredentials).
	unlogged bool
}

func (t *exchange) RoundTrip(req *http.Request) (*http.Response, error) {
	generation, release, err := t.budget.admit(req.Context())
	if err != nil {
		return nil, err
	}
	defer release()
	ctx, cancel := context.WithCancelCause(req.Context())
	defer cancel(nil)
	if t.unlogged {
		ctx = withResponseHeadersUnlogged(ctx)
	}
	clock := startAttemptClock(t.timeout, cancel)
	defer clock.stop()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return nil, attemptError(ctx, err)
	}
	t.budget.observe(req.Context(), resp, generation)
	if resp.ContentLength > t.maxBytes {
		// An announcement over the cap is refused unread; one under it is
		// not trusted either (readBody allocates as bytes arrive).
		resp.Body.Close()
		return nil, &TooLargeError{Limit: t.maxBytes, Declared: resp.ContentLength}
	}
	if s := streamFrom(req.Context()); s != nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return t.streamed(ctx, clock, s, resp)
	}
	body, err := readBody(resp.Body, t.maxBytes, resp.ContentLength)
	resp.Body.Close()
	if err != nil {
		var tooLarge *TooLargeError
		if errors.As(err, &tooLarge) {
			return nil, err
		}
		var cut *brokenBodyError
		if errors.As(err, &cut) {
			return nil, bodyError(ctx, resp.StatusCode, cut.Read, cut.Err)
		}
		return nil, err
	}
	body = bytes.TrimPrefix(body, byteOrderMark)
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), data: body}
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// byteOrderMark starts the bodies of some servers. RFC 8259 lets a reader
// of JSON ignore it, and the decoders refuse it: a body is read without it.
var byteOrderMark = []byte("\xef\xbb\xbf")

// withoutByteOrderMark is a body being read as it arrives, without the
// byte order mark it may start with.
func withoutByteOrderMark(body io.Reader) io.Reader {
	buffered := bufio.NewReaderSize(body, 16) // its least: reads past the mark go straight to body
	if start, _ := buffered.Peek(len(byteOrderMark)); bytes.Equal(start, byteOrderMark) {
		_, _ = buffered.Discard(len(byteOrderMark))
	}
	return buffered
}

// bodyError is a body of an answer with status that broke off, or
// stalled, after read bytes: the attempt fails, and is retried like a
// connection error.
func bodyError(ctx context.Context, status int, read int64, err error) error {
	err = attemptError(ctx, err)
	var timeout *TimeoutError
	if errors.As(err, &timeout) {
		err = &TimeoutError{Timeout: timeout.Timeout, InBody: true}
	}
	return &brokenBodyError{Status: status, Read: read, Err: err}
}

// attemptError names the attempt's own deadline, rather than a bare
// "context canceled", when that is what ended it.
func attemptError(ctx context.Context, err error) error {
	var timeout *TimeoutError
	if cause := context.Cause(ctx); errors.As(cause, &timeout) &&
		(errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, cause)) {
		return timeout
	}
	return err
}

// attemptClock is request_timeout for one attempt: once the attempt has
// spent it, the clock cancels the attempt, with a *TimeoutError as the
// cause. A body decoded as it arrives stops the clock while the provider
// decodes what has arrived, so that only the time spent waiting for the
// vendor counts, as for a body read whole.
type attemptClock struct {
	timer *time.Timer
	left  time.Duration // when stopped
	since time.Time     // when it last started
}

func startAttemptClock(timeout time.Duration, cancel context.CancelCauseFunc) *attemptClock {
	return &attemptClock{
		timer: time.AfterFunc(timeout, func() { cancel(&TimeoutError{Timeout: timeout}) }),
		left:  timeout,
		since: time.Now(),
	}
}

// pause stops the clock; once it has run out, it stays run out.
func (c *attemptClock) pause() {
	if c.timer.Stop() {
		c.left -= time.Since(c.since)
	}
}

// resume starts the clock again with what is left.
func (c *attemptClock) resume() {
	c.since = time.Now()
	c.timer.Reset(max(c.left, 0))
}

func (c *attemptClock) stop() { c.timer.Stop() }

// TimeoutError is an attempt that did not complete within request_timeout.
type TimeoutError struct {
	Timeout time.Duration
	InBody  bool // the headers had arrived; the body had not ended
}

func (e *TimeoutError) Error() string {
	if e.InBody {
		return fmt.Sprintf("it stalled, and did not end within request_timeout (%s)", e.Timeout)
	}
	return fmt.Sprintf("no response within request_timeout (%s)", e.Timeout)
}

// brokenBodyError is a body that ended, or stalled, before it was whole.
type brokenBodyError struct {
	Status int
	Read   int64
	Err    error
}

func (e *brokenBodyError) Error() string {
	return fmt.Sprintf("the response body (HTTP %d) broke off after %d bytes: %v", e.Status, e.Read, e.Err)
}

func (e *brokenBodyError) Unwrap() error { return e.Err }

// bufferedBody is a body already read whole, whose bytes Send takes
// without copying them; or, spent, one decoded as it arrived (stream).
type bufferedBody struct {
	*bytes.Reader
	data   []byte
	stream *streamBody
}

func (*bufferedBody) Close() error { return nil }

// bodyBytes is the whole body of a response that came through exchange.
func bodyBytes(resp *http.Response) []byte {
	if b, ok := resp.Body.(*bufferedBody); ok {
		return b.data
	}
	return nil
}

// Chunk sizes for reading bodies: small first (most answers are small),
// doubling up to a ceiling, so what is allocated follows what arrives.
const (
	firstChunk = 4 << 10
	lastChunk  = 4 << 20
)

// readBody reads a whole body, refusing more than limit bytes. Buffers grow
// as bytes arrive, never from the length a server announces (announced, -1
// when unknown, only shrinks the first chunk to fit a small body), and a
// body over the cap (a gzip body inflating, say) is refused as soon as it
// passes the cap, having cost about the cap.
func readBody(r io.Reader, limit, announced int64) ([]byte, error) {
	var (
		chunks [][]byte
		total  int64
	)
	first := int64(firstChunk)
	if announced >= 0 && announced < first {
		first = announced + 1 // the byte over lets the chunk see the end
	}
	for size := first; ; size = min(max(2*size, firstChunk), lastChunk) {
		chunk := make([]byte, min(size, limit+1-total))
		n, err := fill(r, chunk)
		total += int64(n)
		chunks = append(chunks, chunk[:n])
		if total > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &brokenBodyError{Read: total, Err: err}
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	return bytes.Join(chunks, nil), nil
}

// fill reads into buf until it is full or the reader fails; io.EOF means
// the body ended (cleanly: a body cut short fails with another error).
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
