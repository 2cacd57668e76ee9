package client

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/billingtf/terraform-provider-billing/internal/client/cachedir"
)

// Fetch sends the request and hands the response to use, which decodes it
// and returns nil only for a complete, well-formed answer. With a cache
// directory that keeps answers, the answer comes from there when another
// process, or an earlier run, already had it within ttl; a request waits
// while another process asks the vendor the same thing, and then reads its
// answer; and an answer use accepts is kept for the others, unless it
// carries a credential. Errors, refusals and answers use rejects are never
// kept.
func (a *API) Fetch(ctx context.Context, r Request, use func(*Response) error) error {
	cache := a.core.settings.Cache
	if cache == nil || !cache.KeepsAnswers() {
		return a.fetch(ctx, r, use)
	}
	flight, err := cache.Begin(ctx, a.key(r))
	if err != nil {
		return a.requestError(ctx, r, 0, err)
	}
	defer flight.End()
	if status, body, ok := flight.Cached(ctx); ok {
		err := use(&Response{
			Vendor: a.vendor.Name, Method: r.Method, Path: r.URL.Path,
			Status: status, Header: http.Header{}, Body: body, secrets: a.core.secrets,
		})
		if err == nil {
			tflog.Debug(ctx, "Answer read from the cache directory", map[string]any{"vendor": a.vendor.Name, "http_path": r.URL.Path})
			return nil
		}
		// Written by this very version, it decoded then: something changed
		// it since. Ask the vendor.
		tflog.Debug(ctx, "Ignoring an answer in the cache directory that does not decode", map[string]any{"vendor": a.vendor.Name, "error": a.core.secrets.Mask(err.Error())})
	}
	var kept *Response
	err = a.fetch(ctx, r, func(resp *Response) error {
		if err := use(resp); err != nil {
			return err
		}
		kept = resp
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case !kept.OK():
	case a.core.secrets.AppearIn(kept.Body):
		tflog.Debug(ctx, "Not keeping an answer that contains a credential", map[string]any{"vendor": a.vendor.Name, "http_path": r.URL.Path})
	default:
		if err := flight.Keep(kept.Status, kept.Body); err != nil {
			tflog.Warn(ctx, "Could not keep an answer in the cache directory", map[string]any{"vendor": a.vendor.Name, "error": err.Error()})
		}
	}
	return nil
}

func (a *API) fetch(ctx context.Context, r Request, use func(*Response) error) error {
	resp, err := a.Send(ctx, r)
	if err != nil {
		return err
	}
	return use(resp)
}

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
