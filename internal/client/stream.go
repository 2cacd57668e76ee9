package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Streamed fetches as Decoded does, except that a 2xx body is handed to
// decode as it arrives, never held whole: for an answer or a page whose
// records decode folds (DecodePage with a fold), a read then holds no more
// of it than the record being decoded. The response size cap holds as it
// does for a whole body.
//
// A streamed body that decode refuses is decoded whole, as Decoded
// decodes it, so that the retry layer sees it (a rate-limit answer is
// retried) and the error a user sees is the one the whole answer gives,
// quoting it: a body of up to keptWhole bytes is kept as it arrives for
// that, and a larger one is asked for again. Other statuses, and every
// answer when the cache directory keeps answers, are decoded whole.
//
// request_timeout bounds the time an attempt waits for the vendor, to the
// end of its body; the time spent decoding it as it arrives does not
// count. A refused answer larger than keptWhole is asked for once more,
// whatever max_retries says, and so is not seen by Vendor.RateLimited: a
// vendor whose rate limits come with a 2xx status must have decode refuse
// them (TrueWatch's does), and they are small enough to be kept.
func Streamed[T any](ctx context.Context, a *API, r Request, decode func(*Response) (T, error)) (T, error) {
	if cache := a.core.settings.Cache; cache != nil && cache.KeepsAnswers() {
		return Decoded(ctx, a, r, decode)
	}
	var (
		out       T
		decodeErr error
	)
	s := &stream{decode: func(resp *Response) error {
		resp.Vendor, resp.Method, resp.Path, resp.secrets = a.vendor.Name, r.Method, r.URL.Path, a.core.secrets
		out, decodeErr = decode(resp)
		return decodeErr
	}}
	resp, err := a.send(ctx, r, s)
	switch {
	case err != nil:
		var zero T
		return zero, err
	case resp.stream == nil: // not a 2xx answer, or one refused and kept: whole
		return decode(resp)
	case decodeErr == nil:
		return out, nil
	}
	tflog.Debug(ctx, "Asking again for a large answer refused as it arrived, to decode it whole", map[string]any{
		"vendor": a.vendor.Name, "http_path": r.URL.Path, "error": a.core.secrets.Mask(decodeErr.Error()),
	})
	return Decoded(ctx, a, r, decode)
}

// FetchFunc fetches an answer and decodes it: Decoded or Streamed.
type FetchFunc[T any] func(context.Context, *API, Request, func(*Response) (T, error)) (T, error)

// Folded is how an answer (a single answer or a page) is fetched for
// records that fold folds: Streamed, when it is set (no record is kept, so
// the answer need not be held either); else Decoded.
func Folded[T, R any](fold Fold[R]) FetchFunc[T] {
	if fold != nil {
		return Streamed[T]
	}
	return Decoded[T]
}

// keptWhole is the size up to which a streamed body is also kept whole,
// for a refused one: an error answer or a page of a few records, not the
// pages and answers worth streaming, which are asked for again. Each
// request in flight holds a buffer of this size until its body passes it.
const keptWhole = 16 << 10

// keptBuffers hold streamed bodies while they are kept whole, reused: a
// listing streams a page a request, and a buffer made for each would be
// most of what the read allocates.
var keptBuffers sync.Pool

// keptBuffer is an empty buffer of keptWhole bytes, from keptBuffers when
// it has one.
func keptBuffer() []byte {
	if buf, ok := keptBuffers.Get().(*[]byte); ok {
		return (*buf)[:0]
	}
	return make([]byte, 0, keptWhole)
}

// stream is how Streamed hands the exchange its decoding, in the context
// of the request it sends (not of anything sent to authorize it).
type stream struct {
	decode func(*Response) error
}

type streamKey struct{}

func streamFrom(ctx context.Context) *stream {
	s, _ := ctx.Value(streamKey{}).(*stream)
	return s
}

// streamBody is a body decoded as it arrives. It refuses more than limit
// bytes, keeps the first error of the body itself apart from the
// decoder's, and keeps the body whole while it is no larger than
// keptWhole (spilled once it is).
type streamBody struct {
	body    io.Reader
	clock   *attemptClock // runs only while Read waits for the vendor
	limit   int64
	read    int64
	readErr error
	kept    []byte
	spilled bool
}

func (b *streamBody) Read(p []byte) (int, error) {
	if b.readErr != nil {
		return 0, b.readErr
	}
	if b.clock != nil {
		b.clock.resume()
	}
	n, err := b.body.Read(p)
	if b.clock != nil {
		b.clock.pause()
	}
	b.read += int64(n)
	switch {
	case b.read > b.limit:
		b.readErr = &TooLargeError{Limit: b.limit}
		return n, b.readErr
	case err != nil && !errors.Is(err, io.EOF):
		b.readErr = err
	}
	if !b.spilled {
		if b.kept == nil {
			b.kept = keptBuffer()
		}
		if len(b.kept)+n <= keptWhole {
			b.kept = append(b.kept, p[:n]...)
		} else {
			b.release()
			b.spilled = true
		}
	}
	return n, err
}

// release gives the buffer the body was kept in back, when the body is
// not handed on whole.
func (b *streamBody) release() {
	if b.kept != nil {
		kept := b.kept[:0]
		keptBuffers.Put(&kept)
		b.kept = nil
	}
}

// keepRest reads what the decoder left of a body that is still kept
// whole.
func (b *streamBody) keepRest() {
	buf := make([]byte, 32<<10)
	for !b.spilled {
		if _, err := b.Read(buf); err != nil {
			return
		}
	}
}

// streamed decodes resp's body as it arrives, for exchange.RoundTrip. It
// returns the response with its body spent, or, refused and kept, with
// the body whole, as readBody would have returned it; or the error that
// fails the attempt: a body that broke off or stalled (retried) or that
// passed the cap (not retried).
func (t *exchange) streamed(ctx context.Context, clock *attemptClock, s *stream, resp *http.Response) (*http.Response, error) {
	clock.pause()
	body := &streamBody{body: resp.Body, clock: clock, limit: t.maxBytes}
	refused := s.decode(&Response{Status: resp.StatusCode, Header: resp.Header, stream: body}) != nil
	if refused {
		body.keepRest()
	}
	resp.Body.Close()
	var tooLarge *TooLargeError
	switch err := body.readErr; {
	case errors.As(err, &tooLarge):
		return nil, err
	case err != nil:
		return nil, bodyError(ctx, resp.StatusCode, body.read, err)
	}
	spent := &bufferedBody{Reader: bytes.NewReader(nil), stream: body}
	if refused && !body.spilled {
		kept := bytes.TrimPrefix(body.kept, byteOrderMark) // as the whole body is read
		spent = &bufferedBody{Reader: bytes.NewReader(kept), data: kept}
	} else {
		body.release()
	}
	resp.Body, resp.ContentLength = spent, int64(len(spent.data))
	resp.Header.Del("Content-Length")
	return resp, nil
}
