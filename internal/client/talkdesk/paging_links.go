package talkdesk

import (
	"context"
	"fmt"
	"net/url"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// maxPages is the most pages a walk along next links reads (the core's
// ceiling): a variable, so that tests can lower it.
var maxPages int64 = client.MaxPages

// followNext reads pages one after another by their next links, for a
// listing whose first page reports no counts. A link to another host is
// refused, so that the token never travels there. The walk is bounded: by
// the counts a later page reports, if one does, and by maxPages; a link
// seen before, or an empty page that still has a next, fails the read.
func (p pager[R]) followNext(ctx context.Context, first *page[R], ids *client.RecordIDs) ([]R, error) {
	records := first.records.Rows
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
			switch n := pg.records.Count(); {
			case n == p.perPage && !pg.linked && reported.total < 0 && reported.pages == 0:
				// HAL's last page has no next link, but a page without any
				// links, where no page counted the listing, may be the last
				// or not: ending there could drop pages.
				return nil, fail("it has %d records, a full page, but neither links (_links) nor counts: nothing in it says whether more follow", n)
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
		case len(pg.records.Rows) == 0:
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
		if pg, err = p.get(ctx, next, nil, nil); err != nil {
			return nil, err
		}
		if err := p.admit(pg, number+1, ids); err != nil {
			return nil, err
		}
		records = append(records, pg.records.Rows...)
	}
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
