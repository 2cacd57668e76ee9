package talkdesk

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// listing is one HAL endpoint of Billing Insights: its path, the key its
// records sit under in _embedded, the scope a token needs for it, and how
// its pages and records are read. Usage, accounts and invoices are read by
// the same paging code through one listing each.
type listing[R any] struct {
	path  string
	key   string // records under _embedded.<key> (tolerated at the top level)
	scope string
	// expected says what a page is, for decode errors; whether ends "nothing
	// in it says ..." for a body that is not a page.
	expected, noun, whether string
	// body makes an empty wire page: a struct with the listing's record key.
	body func() body[R]
	// id is the record's id: every record must have one when idRequired
	// (otherwise a record without one has a null id); dedupe is the key
	// that tells repeated records apart (the id, unless records may share
	// one), and describe, when set, names a record by its key in an
	// error (else it is named by the key as a record id). appendKey, when
	// set, writes dedupe's key into a buffer: a folded page's keys are then
	// noted as its records are decoded, and none is kept.
	id, dedupe func(R) (string, bool)
	idRequired bool
	appendKey  func(R, []byte) ([]byte, bool)
	describe   func(key string) string
	// normalize, when set, settles the fields of record number (from 1)
	// of a page once decoded, or says what is wrong with it.
	normalize func(number int, record *R) string
	// forbidden is the hint on a 403.
	forbidden string
}

// pager reads every page of one listing with fixed query parameters.
type pager[R any] struct {
	c       *Client
	l       *listing[R]
	params  url.Values // besides page
	perPage int
}

// readEach reads every page and hands the records to each, in order. When
// page 1 says how many pages there are (total_pages, total, or the last
// link), the rest are read concurrently by the paging core and handed over
// a page at a time (readNumbered); otherwise next links are followed, and
// the records handed over once the walk has ended well (followNext).
//
// The pages are one listing (client.Listing): with a cache directory,
// they are kept and read back together.
func (p pager[R]) readEach(ctx context.Context, sink client.Sink[R]) error {
	return client.Listing(ctx, p.c.api, sink, p.walk)
}

// walk reads page 1 and chooses, by what it reports, how to read the rest.
func (p pager[R]) walk(ctx context.Context, sink client.Sink[R]) error {
	first, err := p.get(ctx, p.pageURL(1), nil, nil)
	if err != nil {
		return err
	}
	ids := &client.RecordIDs{Vendor: vendorName, Name: p.l.describe}
	defer ids.Release()
	if err := p.admit(first, 1, ids); err != nil {
		return err
	}
	switch {
	case first.records.Count() == 0:
		if err := emptyListing(first); err != nil {
			return err
		}
		return sink.Take([]R{})
	case first.total < 0 && first.pages == 0:
		records, err := p.followNext(ctx, first, ids)
		if err != nil {
			return err
		}
		return sink.Take(records)
	}
	return p.readNumbered(ctx, first, ids, sink)
}

// emptyListing checks a first page without records: an empty listing (HAL
// leaves _embedded out when there is nothing to embed), unless the page
// itself says there is more.
func emptyListing[R any](first *page[R]) error {
	fail := func(format string, args ...any) error {
		return &client.PagingError{Vendor: vendorName, Page: 1, Problem: fmt.Sprintf(format, args...)}
	}
	switch {
	case first.total > 0:
		return fail("it has no records, yet it reports a total of %d records", first.total)
	case first.pages > 1:
		return fail("it has no records, yet it reports %d pages", first.pages)
	case first.nextLink.present():
		return fail("it is empty but has a next link: the pages do not end")
	}
	return nil
}

// admit checks a page as it arrives, before anything is built on what it
// says: counts too large to be real (page counts are allocated for), more
// records than were asked for, and records read before (noted as they
// were decoded, or listed now).
func (p pager[R]) admit(pg *page[R], number int, ids *client.RecordIDs) error {
	if err := client.CountsWithinCeiling(vendorName, number, pg.total, pg.pages, p.perPage); err != nil {
		return err
	}
	if n := pg.records.Count(); n > p.perPage {
		return &client.PagingError{Vendor: vendorName, Page: number,
			Problem: fmt.Sprintf("it has %d records, more than the %d per page asked for", n, p.perPage)}
	}
	if err := pg.records.Repeated(); err != nil {
		return err
	}
	return ids.Add(number, pg.records.IDs(p.l.dedupe)...)
}

func (p pager[R]) pageURL(number int) *url.URL {
	u := p.c.endpoint.JoinPath(p.l.path)
	params := url.Values{"page": {strconv.Itoa(number)}, "per_page": {strconv.Itoa(p.perPage)}}
	for name, values := range p.params {
		params[name] = values
	}
	u.RawQuery = params.Encode()
	return u
}

// get reads one page with a bearer token for the listing's scope
// (getWithToken, which retries once after a 401); with fold set, its
// records go to a part of fold's as they are decoded, and with keys set
// too (and the listing's appendKey), their keys are noted there.
func (p pager[R]) get(ctx context.Context, u *url.URL, fold client.Fold[R], keys *client.PageKeys) (*page[R], error) {
	pg, err := getWithToken(ctx, p.c, u, p.l.scope, client.Folded[*page[R]](fold), func(resp *client.Response) (*page[R], error) {
		return p.l.decode(resp, p.perPage, fold, keys)
	})
	if err != nil {
		return nil, err
	}
	pg.requested = u
	return pg, nil
}
