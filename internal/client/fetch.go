package client

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// Fetch sends the request and hands the response to use, which decodes it
// and returns nil only for a complete, well-formed answer.
//
// With a cache directory that keeps answers, the answer comes from there
// when another process, or an earlier run, had it within ttl; a request
// waits while another process asks the vendor the same thing, and then
// reads its answer; and an answer use accepts is kept for the others,
// unless it carries a credential. Errors, refusals and answers use
// rejects are never kept. Within Listing, every page of the listing is
// kept, and read, together.
func (a *API) Fetch(ctx context.Context, r Request, use func(*Response) error) error {
	cache := a.core.settings.Cache
	if cache == nil || !cache.KeepsAnswers() {
		return a.fetch(ctx, r, use)
	}
	if listing := listingFrom(ctx); listing != nil {
		return a.fetchPage(ctx, listing, r, use)
	}
	key := a.key(r)
	// A kept answer is read without waiting for the key's turn, where an
	// entry opened stays as it was: the process that holds the turn may be
	// asking the vendor, for this key or another that shares its lock, for
	// as long as its retries take. Then again with the turn, for an answer
	// kept while this one waited.
	if cachedir.OpenEntriesStay && a.readKept(ctx, key, r, use) {
		return nil
	}
	unlock, err := cache.Lock(ctx, key)
	if err != nil {
		return a.requestError(ctx, r, 0, err)
	}
	defer unlock()
	if a.readKept(ctx, key, r, use) {
		return nil
	}
	writer, err := cache.NewWriter()
	if err != nil {
		tflog.Warn(ctx, "Cannot keep answers in the cache directory", map[string]any{"error": err.Error()})
		return a.fetch(ctx, r, use)
	}
	defer writer.Discard()
	switch err := a.fetchAndKeep(ctx, writer, key, r, use); {
	case errors.Is(err, errNotKept):
		return nil
	case err != nil:
		return err
	}
	a.commit(ctx, writer, key)
	return nil
}

// readKept hands use the answer kept for key, and reports whether there
// was one that use accepted.
func (a *API) readKept(ctx context.Context, key cachedir.Key, r Request, use func(*Response) error) bool {
	entry, ok := a.core.settings.Cache.Open(ctx, key)
	if !ok {
		return false
	}
	defer entry.Close()
	return a.useKept(ctx, entry, key, r, use) == nil
}

// useKept hands use the answer the entry keeps for key.
func (a *API) useKept(ctx context.Context, entry *cachedir.Entry, key cachedir.Key, r Request, use func(*Response) error) error {
	status, body, err := entry.Answer(key)
	if err == nil {
		err = use(&Response{
			Vendor: a.vendor.Name, Method: r.Method, Path: r.URL.Path,
			Status: status, Header: http.Header{}, Body: body, secrets: a.core.secrets,
		})
	}
	if err != nil {
		// Kept by this very version, the answer decoded then; the entry
		// must have changed since.
		tflog.Debug(ctx, "Ignoring an answer of the cache directory", map[string]any{"vendor": a.vendor.Name, "error": a.core.secrets.Mask(err.Error())})
		return err
	}
	tflog.Debug(ctx, "Answer read from the cache directory", map[string]any{"vendor": a.vendor.Name, "http_path": r.URL.Path})
	return nil
}

// fetchAndKeep asks the vendor and adds an answer use accepts to writer,
// unless it carries a credential or writer cannot take it: then it
// returns errNotKept.
func (a *API) fetchAndKeep(ctx context.Context, writer *cachedir.Writer, key cachedir.Key, r Request, use func(*Response) error) error {
	var accepted *Response
	err := a.fetch(ctx, r, func(resp *Response) error {
		if err := use(resp); err != nil {
			return err
		}
		accepted = resp
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case !accepted.OK():
		return errNotKept
	case a.core.secrets.AppearIn(accepted.Body):
		tflog.Debug(ctx, "Not keeping an answer that contains a credential", map[string]any{"vendor": a.vendor.Name, "http_path": r.URL.Path})
		return errNotKept
	}
	if err := writer.Add(key, accepted.Status, accepted.Body); err != nil {
		tflog.Warn(ctx, "Cannot keep an answer in the cache directory", map[string]any{"vendor": a.vendor.Name, "error": err.Error()})
		return errNotKept
	}
	return nil
}

func (a *API) commit(ctx context.Context, writer *cachedir.Writer, key cachedir.Key) {
	if err := writer.Commit(key); err != nil {
		tflog.Warn(ctx, "Cannot keep an answer in the cache directory", map[string]any{"vendor": a.vendor.Name, "error": err.Error()})
	}
}

func (a *API) fetch(ctx context.Context, r Request, use func(*Response) error) error {
	resp, err := a.Send(ctx, r)
	if err != nil {
		return err
	}
	return use(resp)
}

// listing is one listing read under Listing: its pages are kept, and
// read back, as one entry of the cache directory, named by the listing's
// first request.
type listing struct {
	mu      sync.Mutex
	started bool
	key     cachedir.Key     // the first request's
	unlock  func()           // ends the listing's turn
	kept    *cachedir.Entry  // the listing as kept, when it is read from there
	writer  *cachedir.Writer // the listing being kept, until a page cannot be
	// checking is set while the read goes through the kept listing once
	// to see that it is whole and well-formed: nothing reaches the sink.
	checking atomic.Bool
}

type listingKey struct{}

func listingFrom(ctx context.Context) *listing {
	l, _ := ctx.Value(listingKey{}).(*listing)
	return l
}

// Listing runs read, which reads every page of one listing (through
// Fetch) and hands its records to the sink it is given, as one answer:
// with a cache directory that keeps answers, the pages are read from one
// entry, kept by a read that had them all from the vendor, or all from
// the vendor, never some of each. A listing that changed between two
// reads could otherwise lose a record to the shift, with every count
// still agreeing. Processes that read the same listing at once wait for
// the first one's, and read it from the directory.
//
// A kept listing is read through once before anything reaches sink, and
// then again into it: a kept listing that lacks a page the read asks for,
// or whose pages fail to decode or to add up, is ignored (with a log
// line), and the listing is read from the vendor afresh, whole, and kept
// in its place. So sink is handed each record once, whatever the entry
// holds.
func Listing[T any](ctx context.Context, a *API, sink Sink[T], read func(context.Context, Sink[T]) error) error {
	cache := a.core.settings.Cache
	if cache == nil || !cache.KeepsAnswers() || listingFrom(ctx) != nil {
		return read(ctx, sink)
	}
	l := &listing{}
	defer l.end()
	ctx = context.WithValue(ctx, listingKey{}, l)
	err := read(ctx, gate(l, sink))
	l.mu.Lock()
	kept := l.kept
	l.mu.Unlock()
	if kept == nil { // read from the vendor, into sink
		return a.keepListing(ctx, l, err)
	}
	if err == nil {
		l.checking.Store(false)
		return read(ctx, sink)
	}
	if ctx.Err() != nil {
		return err
	}
	tflog.Debug(ctx, "Ignoring a listing of the cache directory, and reading it again", map[string]any{
		"vendor": a.vendor.Name, "error": a.core.secrets.Mask(err.Error()),
	})
	l.mu.Lock()
	l.kept.Close()
	l.kept = nil
	if l.unlock == nil { // opened without its turn: take it to read the listing again
		if l.unlock, err = cache.Lock(ctx, listingTurn(l.key)); err != nil {
			l.mu.Unlock()
			return err
		}
	}
	l.writer = a.newWriter(ctx)
	l.mu.Unlock()
	return a.keepListing(ctx, l, read(ctx, sink))
}

// gate is sink, except that it takes nothing while the listing is
// checked.
func gate[T any](l *listing, sink Sink[T]) Sink[T] {
	var gated Sink[T]
	if sink.Pages != nil {
		gated.Pages = func(rows []T) error {
			if l.checking.Load() {
				return nil
			}
			return sink.Pages(rows)
		}
	}
	if sink.Fold != nil {
		gated.Fold = func() (func(*T) error, func()) {
			if l.checking.Load() {
				return func(*T) error { return nil }, func() {}
			}
			return sink.Fold()
		}
	}
	return gated
}

// keepListing keeps the listing read from the vendor, when read ended
// with err nil, and returns err.
func (a *API) keepListing(ctx context.Context, l *listing, err error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.writer != nil && err == nil {
		a.commit(ctx, l.writer, l.key)
	}
	return err
}

// end ends the listing's turn, and lets go of what it read or kept.
func (l *listing) end() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.kept != nil {
		l.kept.Close()
	}
	if l.writer != nil {
		l.writer.Discard()
	}
	if l.unlock != nil {
		l.unlock()
	}
}

// newWriter starts an entry, or says why it cannot.
func (a *API) newWriter(ctx context.Context) *cachedir.Writer {
	writer, err := a.core.settings.Cache.NewWriter()
	if err != nil {
		tflog.Warn(ctx, "Cannot keep answers in the cache directory", map[string]any{"error": err.Error()})
		return nil
	}
	return writer
}

// fetchPage is Fetch within a listing.
func (a *API) fetchPage(ctx context.Context, l *listing, r Request, use func(*Response) error) error {
	key := a.key(r)
	if err := a.startListing(ctx, l, key, r); err != nil {
		return err
	}
	l.mu.Lock()
	kept, writer := l.kept, l.writer
	l.mu.Unlock()
	if kept != nil {
		return a.useKept(ctx, kept, key, r, use)
	}
	if writer == nil {
		return a.fetch(ctx, r, use)
	}
	err := a.fetchAndKeep(ctx, writer, key, r, use)
	if errors.Is(err, errNotKept) {
		l.mu.Lock()
		l.writer = nil // one page that cannot be kept: none is
		l.mu.Unlock()
		writer.Discard()
		return nil
	}
	return err
}

// startListing takes the listing's turn at its first request, and opens
// the listing as kept, or starts keeping it.
func (a *API) startListing(ctx context.Context, l *listing, key cachedir.Key, r Request) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started {
		return nil
	}
	cache := a.core.settings.Cache
	l.key = key
	// A kept listing is read without waiting for its turn, as in Fetch;
	// then again with the turn, for one kept while this read waited.
	if cachedir.OpenEntriesStay && l.openKept(ctx, cache) {
		l.started = true
		return nil
	}
	unlock, err := cache.Lock(ctx, listingTurn(key))
	if err != nil {
		return a.requestError(ctx, r, 0, err)
	}
	l.started, l.unlock = true, unlock
	if !l.openKept(ctx, cache) {
		l.writer = a.newWriter(ctx)
	}
	return nil
}

// openKept opens the listing as kept, if it is, to be checked first.
func (l *listing) openKept(ctx context.Context, cache *cachedir.Dir) bool {
	kept, ok := cache.Open(ctx, l.key)
	if ok {
		l.kept = kept
		l.checking.Store(true)
	}
	return ok
}

// listingTurn is the key whose turn a listing whose first request has key
// first takes: not the first answer's own, which Fetch takes alone.
func listingTurn(first cachedir.Key) cachedir.Key { return hashParts("listing", string(first[:])) }

// errNotKept is an answer used but not kept; it never reaches a user.
var errNotKept = errors.New("the answer is not kept")

// key names the request with this API's credentials: the vendor, the
// method, the URL with its query, the body, and the credentials' SHA-256
// (so that Talkdesk's answers are shared between processes that each fetch
// their own token).
func (a *API) key(r Request) cachedir.Key {
	var body string
	if r.Form != nil {
		body = r.Form.Encode()
	}
	return hashParts(a.vendor.Name, r.Method, r.URL.String(), body, string(a.whose[:]))
}

// hashParts is a SHA-256 of parts, each prefixed with its length so that no
// two lists of parts hash alike.
func hashParts(parts ...string) [sha256.Size]byte {
	h := sha256.New()
	for _, part := range parts {
		_ = binary.Write(h, binary.BigEndian, uint64(len(part)))
		h.Write([]byte(part))
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// Decoded fetches as Fetch does, and returns what decode made of the
// answer.
func Decoded[T any](ctx context.Context, a *API, r Request, decode func(*Response) (T, error)) (T, error) {
	var out T
	err := a.Fetch(ctx, r, func(resp *Response) error {
		var err error
		out, err = decode(resp)
		return err
	})
	return out, err
}
