package talkdesk

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
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
	// id is the record's id, which every record must have; dedupe is the
	// key that tells repeated records apart (the id, unless records may
	// share one).
	id, dedupe func(R) (string, bool)
	// normalize, when set, settles each record's fields once decoded, or
	// says what is wrong with one.
	normalize func(records []R) string
	// forbidden is the hint on a 403.
	forbidden string
}

// body is a decoded page: its links and counters, and its records.
type body[R any] interface {
	meta() *halMeta
	// records are the records under _embedded.<key> and at the top level
	// (nil where absent or null), and whether _embedded is there at all.
	records() (embedded, top []R, hasEmbedded bool)
}

// halMeta is what every page carries besides its records. Links are
// expected under _links; some responses put them at the top level.
type halMeta struct {
	Links      *links           `json:"_links"`
	Next       *link            `json:"next"`
	Last       *link            `json:"last"`
	Total      *tolerant.Number `json:"total"`
	TotalPages *tolerant.Number `json:"total_pages"`
}

func (m *halMeta) meta() *halMeta { return m }

// pager reads every page of one listing with fixed query parameters.
type pager[R any] struct {
	c       *Client
	l       *listing[R]
	params  url.Values // besides page
	perPage int
}

// page is one response, as read.
type page[R any] struct {
	rows               []R
	nextLink, lastLink *link
	total              int64 // -1: not reported
	pages              int64 // 0: not reported; from total_pages, else the last link
	requested          *url.URL
}

type links struct {
	Next *link `json:"next"`
	Last *link `json:"last"`
}

type link struct {
	Href string `json:"href"`
}

// present reports a link that leads somewhere.
func (l *link) present() bool { return l != nil && l.Href != "" }

// maxPages is the most pages a walk along next links reads (the core's
// ceiling): a variable, so that tests can lower it.
var maxPages int64 = client.MaxPages

// readEach reads every page and hands the records to each, in order. When
// page 1 says how many pages there are (total_pages, total, or the last
// link), the rest are read concurrently by the paging core and handed over
// a page at a time; otherwise next links are followed, and the records
// handed over once the walk has ended well.
//
// The pages are one listing (client.API.Listing): with a cache directory,
// they are kept and read back together.
func (p pager[R]) readEach(ctx context.Context, each func([]R) error) error {
	return p.c.api.Listing(ctx, func(ctx context.Context) error { return p.walk(ctx, each) })
}

func (p pager[R]) walk(ctx context.Context, each func([]R) error) error {
	first, err := p.get(ctx, p.pageURL(1))
	if err != nil {
		return err
	}
	ids := &client.RecordIDs{Vendor: vendorName}
	if err := p.admit(first, 1, ids); err != nil {
		return err
	}
	switch {
	case len(first.rows) == 0:
		if err := emptyListing(first); err != nil {
			return err
		}
		return each([]R{})
	case first.total < 0 && first.pages == 0:
		records, err := p.followNext(ctx, first, ids)
		if err != nil {
			return err
		}
		return each(records)
	}
	// The pages the counts of page 1 say there are; the paging core checks
	// every later page against them.
	last := first.pages
	if last == 0 {
		last = client.PagesFor(first.total, p.perPage)
	}
	return client.EachPage(ctx, p.c.api, p.perPage, func(ctx context.Context, number int) (client.Page[R], error) {
		pg := first
		if number > 1 {
			var err error
			if pg, err = p.get(ctx, p.pageURL(number)); err != nil {
				return client.Page[R]{}, err
			}
			if err := p.admit(pg, number, ids); err != nil {
				return client.Page[R]{}, err
			}
		}
		if int64(number) >= last && pg.nextLink.present() {
			// The listing goes on past what it reports: never stop short.
			return client.Page[R]{}, &client.PagingError{Vendor: vendorName, Page: number, Of: int(last),
				Problem: "it has a next link, yet the counts the listing reports make this its last page"}
		}
		return client.Page[R]{Rows: pg.rows, Total: pg.total, Pages: int(pg.pages)}, nil
	}, nil, each) // admit has checked the ids, across the pages of this listing
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
// records than were asked for, and records read before.
func (p pager[R]) admit(pg *page[R], number int, ids *client.RecordIDs) error {
	if err := client.CountsWithinCeiling(vendorName, number, pg.total, pg.pages, p.perPage); err != nil {
		return err
	}
	if len(pg.rows) > p.perPage {
		return &client.PagingError{Vendor: vendorName, Page: number,
			Problem: fmt.Sprintf("it has %d records, more than the %d per page asked for", len(pg.rows), p.perPage)}
	}
	return ids.Add(number, client.IDsOf(pg.rows, p.l.dedupe)...)
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

// followNext reads pages one after another by their next links, for a
// listing whose first page reports no counts. A link to another host is
// refused, so that the token never travels there. The walk is bounded: by
// the counts a later page reports, if one does, and by maxPages; a link
// seen before, or an empty page that still has a next, fails the read.
func (p pager[R]) followNext(ctx context.Context, first *page[R], ids *client.RecordIDs) ([]R, error) {
	records := first.rows
	seen := map[string]bool{canonical(first.requested): true}
	reported := counts{total: -1}
	pg := first
	endpoint := p.c.endpoint
	for number := 1; ; number++ {
		fail := func(format string, args ...any) error {
			return &client.PagingError{Vendor: vendorName, Page: number, Problem: fmt.Sprintf(format, args...)}
		}
		if err := reported.update(pg.total, pg.pages, fail); err != nil {
			return nil, err
		}
		next, err := pg.next()
		if err != nil {
			return nil, err
		}
		read := int64(len(records))
		if next == nil {
			switch {
			case reported.total >= 0 && read != reported.total:
				return nil, fail("the listing ends here with %d records, but it reports a total of %d", read, reported.total)
			case reported.pages > 0 && int64(number) != reported.pages:
				return nil, fail("the listing ends here after %d pages, but it reports %d", number, reported.pages)
			}
			return records, nil
		}
		switch {
		case next.Scheme != endpoint.Scheme || next.Host != endpoint.Host:
			return nil, fail("its next link points at %s://%s, not at the configured endpoint %s://%s; "+
				"it is not followed, so that the access token does not travel there", next.Scheme, next.Host, endpoint.Scheme, endpoint.Host)
		case seen[canonical(next)]:
			return nil, fail("its next link leads back to a page already read (%s): the pages form a cycle", next.RequestURI())
		case len(pg.rows) == 0:
			return nil, fail("it is empty but has a next link: the pages do not end")
		case reported.pages > 0 && int64(number) >= reported.pages:
			return nil, fail("it has a next link, but the listing reports %d pages", reported.pages)
		case reported.total >= 0 && read >= reported.total:
			return nil, fail("it has a next link, but the %d records read so far already make the reported total of %d", read, reported.total)
		case int64(number) >= maxPages:
			return nil, fail("the provider has read %d pages, the most it reads from one listing, "+
				"and this one still has a next link: the pages do not end", number)
		}
		seen[canonical(next)] = true
		if pg, err = p.get(ctx, next); err != nil {
			return nil, err
		}
		if err := p.admit(pg, number+1, ids); err != nil {
			return nil, err
		}
		records = append(records, pg.rows...)
	}
}

// counts is what the pages of a walk along next links report about the
// whole listing; every page that reports a count must report the same.
type counts struct {
	total int64 // -1: not reported
	pages int64 // 0: not reported
}

func (c *counts) update(total, pages int64, fail func(format string, args ...any) error) error {
	const changed = "where an earlier page reported %d: the data changed during the read"
	if total >= 0 {
		if c.total >= 0 && total != c.total {
			return fail("it reports a total of %d records "+changed, total, c.total)
		}
		c.total = total
	}
	if pages > 0 {
		if c.pages > 0 && pages != c.pages {
			return fail("it reports %d pages "+changed, pages, c.pages)
		}
		c.pages = pages
	}
	return nil
}

// canonical writes a page URL with its query in a fixed order, so that the
// same page is recognised however a link orders its parameters.
func canonical(u *url.URL) string {
	c := *u
	c.RawQuery = u.Query().Encode()
	c.Fragment = ""
	return c.String()
}

// get sends one request with a bearer token for the listing's scope; after
// a 401 it fetches a new token and tries once more.
func (p pager[R]) get(ctx context.Context, u *url.URL) (*page[R], error) {
	pg, err := fetch(ctx, p.c, u, p.l.scope, p.l.decode)
	if err != nil {
		return nil, err
	}
	pg.requested = u
	return pg, nil
}

// decode reads one response: a page, or the error it carries.
func (l *listing[R]) decode(resp *client.Response) (*page[R], error) {
	if !resp.OK() {
		return nil, apiError(resp, l.scope, l.forbidden)
	}
	b := l.body()
	if err := resp.DecodeJSON(b, l.expected); err != nil {
		return nil, err
	}
	pg, problem := l.read(resp.Body, b)
	if problem != "" {
		return nil, resp.Unexpected(l.expected, problem)
	}
	if err := client.RequireIDs(resp, l.expected, "_embedded."+l.key, pg.rows, l.id); err != nil {
		return nil, err
	}
	if l.normalize != nil {
		if problem := l.normalize(pg.rows); problem != "" {
			return nil, resp.Unexpected(l.expected, problem)
		}
	}
	return pg, nil
}

// read checks that a decoded body is a page and reads its records, links
// and counts; it returns what is wrong, or "". HAL always sends _links and
// may leave _embedded out when there is nothing to embed, so links without
// records are an empty page (and so is an empty _embedded); but a body
// with neither records nor links (null, {}, {"status":"ok"}, counters
// alone), or with an _embedded that holds other keys than the listing's
// (another resource's records, or these under another name), is not a
// page, and never reads as an empty listing.
func (l *listing[R]) read(raw []byte, b body[R]) (*page[R], string) {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, "the body is null, not an object"
	}
	m := b.meta()
	// The records under _embedded, else those at the top level.
	embedded, top, hasEmbedded := b.records()
	rows, hasRecords := embedded, embedded != nil
	if !hasRecords {
		rows, hasRecords = top, top != nil
	}
	if hasEmbedded && !hasRecords {
		if problem := l.strayEmbedded(raw); problem != "" {
			return nil, problem
		}
	}
	hasLinks := m.Links != nil || m.Next.present() || m.Last.present()
	if !hasRecords && !hasLinks {
		return nil, fmt.Sprintf("it has neither %s records (_embedded.%s) nor links (_links): nothing in it says %s", l.noun, l.key, l.whether)
	}
	pg := &page[R]{rows: rows, nextLink: m.Next, lastLink: m.Last, total: -1}
	if m.Links != nil {
		pg.nextLink, pg.lastLink = cmp.Or(m.Links.Next, m.Next), cmp.Or(m.Links.Last, m.Last)
	}
	if m.Total != nil && !m.Total.IsNull() {
		n, ok := m.Total.Count()
		if !ok {
			return nil, "field total should be a whole number of records, got " + m.Total.String()
		}
		pg.total = n
	}
	if m.TotalPages != nil && !m.TotalPages.IsNull() {
		n, ok := m.TotalPages.Count()
		if !ok {
			return nil, "field total_pages should be a whole number of pages, got " + m.TotalPages.String()
		}
		pg.pages = n
	} else if pg.lastLink != nil {
		// Only the page parameter matters, which a relative link carries as
		// well as an absolute one. A link without a usable one says nothing.
		if u, err := url.Parse(pg.lastLink.Href); err == nil {
			if n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64); err == nil && n > 0 {
				pg.pages = n
			}
		}
	}
	return pg, ""
}

// strayEmbedded says what is wrong with an _embedded that holds none of
// the listing's records, or "" when it is empty ({}, as HAL may send for
// nothing to embed): records under another name, or the key as null, must
// never read as no records.
func (l *listing[R]) strayEmbedded(raw []byte) string {
	var b struct {
		Embedded map[string]json.RawMessage `json:"_embedded"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return "its _embedded cannot be read: " + err.Error()
	}
	if _, ok := b.Embedded[l.key]; ok {
		return fmt.Sprintf("_embedded.%s is null, not an array of %s records ([] when there are none)", l.key, l.noun)
	}
	if len(b.Embedded) == 0 {
		return ""
	}
	return fmt.Sprintf("it has _embedded.%s but no _embedded.%s (an array of %s records, [] when there are none)",
		strings.Join(slices.Sorted(maps.Keys(b.Embedded)), ", _embedded."), l.key, l.noun)
}

// next is the next page's URL, or nil on the last page.
func (p *page[R]) next() (*url.URL, error) {
	if !p.nextLink.present() {
		return nil, nil
	}
	u, err := p.requested.Parse(p.nextLink.Href)
	if err != nil {
		return nil, fmt.Errorf("%s: the next link %q is not a URL", vendorName, p.nextLink.Href)
	}
	return u, nil
}

// fetch reads u with a bearer token for scope and decodes the answer;
// after a 401 it fetches a new token and tries once more. The token is
// fetched when the request is sent: not for an answer the cache directory
// holds.
func fetch[T any](ctx context.Context, c *Client, u *url.URL, scope string, decode func(*client.Response) (T, error)) (T, error) {
	tokens := c.tokens.forScope(scope)
	for retried := false; ; retried = true {
		var token string
		rejected := false
		out, err := client.Decoded(ctx, c.api, client.Request{
			Method: http.MethodGet,
			URL:    u,
			Authorize: func(ctx context.Context, header http.Header) error {
				var err error
				if token, err = tokens.Token(ctx); err != nil {
					return withScopeHint(err, scope)
				}
				header.Set("Authorization", "Bearer "+token)
				return nil
			},
		}, func(resp *client.Response) (T, error) {
			if resp.Status == http.StatusUnauthorized && !retried && tokens.Rejected(token) {
				rejected = true
				var zero T
				return zero, errTokenRejected
			}
			return decode(resp)
		})
		if !rejected {
			return out, err
		}
	}
}

// errTokenRejected ends an answer of 401 to a token that is then fetched
// anew; it never reaches a user.
var errTokenRejected = errors.New("the access token was rejected")
