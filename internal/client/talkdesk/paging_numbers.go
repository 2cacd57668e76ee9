package talkdesk

import (
	"context"

	"github.com/billingtf/terraform-provider-billing/internal/client"
)

// readNumbered reads a listing whose first page says how many pages there
// are (total_pages, total, or the last link): the rest are read by number,
// concurrently, by the paging core, and handed to each a page at a time.
func (p pager[R]) readNumbered(ctx context.Context, first *page[R], ids *client.RecordIDs, sink client.Sink[R]) error {
	// The pages the counts of page 1 say there are; the paging core checks
	// every later page against them.
	last := first.pages
	if last == 0 {
		last = client.PagesFor(first.total, p.perPage)
	}
	ids.Expect(int(last)*p.perPage, int(last))
	return client.EachPage(ctx, p.c.api, p.perPage, func(ctx context.Context, number int, fold client.Fold[R]) (client.Page[R], error) {
		pg := first
		if number > 1 {
			var err error
			if pg, err = p.get(ctx, p.pageURL(number), fold, ids.PageKeys(number)); err != nil {
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
		page := pg.records
		page.Total, page.Pages = pg.total, int(pg.pages)
		return page, nil
	}, nil, sink) // admit has checked the ids, across the pages of this listing
}
