package client

import (
	"context"
	"fmt"
	"sync"
)

// Page is what a vendor client read from one page of a listing.
type Page[T any] struct {
	Rows []T
	// Total is the number of records the API reports over all pages, or -1
	// when it does not say.
	Total int64
	// Pages is the number of pages the API reports, or 0 when it does not
	// say. One of Total and Pages must be known after the first page.
	Pages int
	// folded is set for a page whose records went to a part of the
	// Sink's Fold as they were decoded (Records.Page); Rows is then nil.
	folded *folded
}

// folded is what a page whose records were folded keeps of them: how many
// there were, their ids (none when their keys were noted as they were
// decoded, and then the first that was read before), how its part joins
// the whole, and the fold's refusal of one of them, if it refused one.
type folded struct {
	count    int
	ids      []string
	repeated error
	join     func()
	refused  error
}

// joinPart joins the page's part, or fails the read when one of its
// records was read before or the fold refused one.
func (f *folded) joinPart() error {
	if f.repeated != nil { // the listing's checks fail such a page first
		return f.repeated
	}
	if f.refused != nil {
		return f.refused
	}
	f.join()
	return nil
}

// Count is how many records the page has.
func (p Page[T]) Count() int {
	if p.folded != nil {
		return p.folded.count
	}
	return len(p.Rows)
}

// Repeated is the first of the page's records read before, when their
// keys were noted as they were decoded (Records.NotingKeys), or nil.
func (p Page[T]) Repeated() error {
	if p.folded != nil {
		return p.folded.repeated
	}
	return nil
}

// IDs are the ids of the page's records, by id (the function the page's
// Records were made with, when they were folded).
func (p Page[T]) IDs(id func(T) (string, bool)) []string {
	if p.folded != nil {
		return p.folded.ids
	}
	return IDsOf(p.Rows, id)
}

// FetchPage reads page number page (from 1) of a listing. With fold set,
// it may fold the page's records as it decodes them (Records), or return
// them as Rows.
type FetchPage[T any] func(ctx context.Context, page int, fold Fold[T]) (Page[T], error)

// ReadPages reads every page of a listing addressed by page number: page 1
// first, to learn how many there are, then the rest concurrently, at most
// max_concurrency at once (API.Parallel), each request within the vendor's
// budget of requests in flight, which every data source of the vendor
// shares. Rows come back in the API's order, whatever order the pages
// arrive in.
//
// The result is complete or the read fails. Every page must be full except
// the last, which holds what is left of Total; a page with fewer or more
// rows, a total that changes between pages, or (when id is not nil) a
// record id on two pages, is a *PagingError.
func ReadPages[T any](ctx context.Context, api *API, pageSize int, fetch FetchPage[T], id func(T) (string, bool)) ([]T, error) {
	return Collect(func(sink Sink[T]) error { return EachPage(ctx, api, pageSize, fetch, id, sink) })
}

// EachPage reads a listing as ReadPages does, and hands its records to
// sink as soon as each page is checked. To sink.Pages, each page's rows go
// as soon as that page and every page before it have arrived: in the
// API's order, one call at a time, without holding more than a few pages
// that arrived ahead of their turn; the rows handed over are Pages' to
// keep or drop. With sink.Fold, each page's part joins as soon as the
// page is checked, in any order, and nothing waits. When EachPage fails,
// what was handed over so far is not the listing: the caller must drop it.
//
// The pages are one listing (Listing): with a cache directory, they are
// kept and read back together.
func EachPage[T any](ctx context.Context, api *API, pageSize int, fetch FetchPage[T], id func(T) (string, bool), sink Sink[T]) error {
	return Listing(ctx, api, sink, func(ctx context.Context, sink Sink[T]) error {
		return eachPage(ctx, api, pageSize, fetch, id, sink)
	})
}

func eachPage[T any](ctx context.Context, api *API, pageSize int, fetch FetchPage[T], id func(T) (string, bool), sink Sink[T]) error {
	first, err := fetch(ctx, 1, sink.Fold)
	if err != nil {
		return err
	}
	plan, err := planPages(api.vendor.Name, pageSize, first)
	if err != nil {
		return err
	}
	seen := &RecordIDs{Vendor: api.vendor.Name, Name: KeyName}
	defer seen.Release()
	if id != nil {
		seen.Expect(plan.pages*pageSize, plan.pages)
	}
	admit := func(number int, page Page[T]) error {
		if err := plan.check(number, page.Count(), page.Total, page.Pages); err != nil {
			return err
		}
		if id == nil {
			return nil
		}
		return seen.Add(number, page.IDs(id)...)
	}
	if err := admit(1, first); err != nil {
		return err
	}
	if sink.Fold != nil {
		// Sums take pages in any order: each joins once it is checked.
		err = sink.TakePage(first)
	} else {
		err = sink.Pages(first.Rows)
	}
	if err != nil {
		return err
	}
	inOrder := newPageOrder(2, api.core.settings.MaxConcurrency, sink.Pages)
	return api.Parallel(ctx, plan.pages-1, func(ctx context.Context, i int) error {
		number := i + 2
		page, err := fetch(ctx, number, sink.Fold)
		if err != nil {
			return err
		}
		if err := admit(number, page); err != nil {
			return err
		}
		if sink.Fold != nil {
			return sink.TakePage(page)
		}
		return inOrder.arrived(ctx, number, page.Rows)
	})
}

// pageOrder hands pages that arrive in any order to each in page order.
// A page that arrives more than ahead pages before its turn waits to
// arrive, and so holds up the worker that read it: however long one page
// lags, the pages read past it and held meanwhile stay a few, not every
// page the other workers could read in that time.
type pageOrder[T any] struct {
	mu       sync.Mutex
	next     int         // the page each takes next
	ahead    int         // how far past next a page may wait its turn
	waiting  map[int][]T // pages that arrived before their turn
	advanced chan struct{}
	each     func([]T) error
	// failed is each's error: each is not called again after it, though
	// pages read meanwhile still arrive while the read stops.
	failed error
}

func newPageOrder[T any](next, ahead int, each func([]T) error) *pageOrder[T] {
	return &pageOrder[T]{next: next, ahead: max(ahead, 1), waiting: map[int][]T{}, advanced: make(chan struct{}), each: each}
}

// arrived takes page number's rows, once it is within ahead pages of its
// turn, and hands over every page whose turn has come. Every page before
// number was started before it, so the pages it waits for are on their way.
func (o *pageOrder[T]) arrived(ctx context.Context, number int, rows []T) error {
	o.mu.Lock()
	for o.failed == nil && number >= o.next+o.ahead {
		advanced := o.advanced
		o.mu.Unlock()
		select {
		case <-advanced:
		case <-ctx.Done():
			return ctx.Err()
		}
		o.mu.Lock()
	}
	defer o.mu.Unlock()
	if o.failed != nil {
		return o.failed
	}
	o.waiting[number] = rows
	from := o.next
	defer func() {
		if o.next != from {
			close(o.advanced)
			o.advanced = make(chan struct{})
		}
	}()
	for {
		rows, ok := o.waiting[o.next]
		if !ok {
			return nil
		}
		delete(o.waiting, o.next)
		o.next++
		if err := o.each(rows); err != nil {
			o.failed = err
			return err
		}
	}
}

// IDsOf lists the ids of rows, by id (which reports false for a record
// without one); an empty id is none.
func IDsOf[T any](rows []T, id func(T) (string, bool)) []string {
	ids := make([]string, 0, len(rows))
	for _, row := range rows {
		if v, ok := id(row); ok && v != "" {
			ids = append(ids, v)
		}
	}
	return ids
}

// pagePlan is what page 1 said the listing holds, which every other page
// must agree with.
type pagePlan struct {
	vendor   string
	pageSize int
	total    int64 // -1: unknown
	pages    int
}

func planPages[T any](vendor string, pageSize int, first Page[T]) (pagePlan, error) {
	p := pagePlan{vendor: vendor, pageSize: pageSize, total: first.Total, pages: first.Pages}
	if pageSize < 1 {
		return p, fmt.Errorf("%s: page size %d is not positive (a bug in the provider)", vendor, pageSize)
	}
	if err := CountsWithinCeiling(vendor, 1, p.total, int64(p.pages), pageSize); err != nil {
		return p, err
	}
	if p.total >= 0 {
		derived := PagesFor(p.total, pageSize)
		if p.pages > 0 && int64(p.pages) != max(derived, 1) {
			return p, &PagingError{Vendor: vendor, Page: 1, Problem: fmt.Sprintf(
				"it reports %d pages, but a total of %d records at %d per page makes %d", p.pages, p.total, pageSize, derived)}
		}
		p.pages = int(derived)
	}
	if p.total < 0 && p.pages == 0 {
		return p, &PagingError{Vendor: vendor, Page: 1, Problem: "it reports neither the number of records nor the number of pages, so the provider cannot tell when the listing ends"}
	}
	p.pages = max(p.pages, 1)
	return p, nil
}

// CountsWithinCeiling refuses what page number says of its listing when
// that is too large to be real: more than MaxPages pages, or a total of
// records (-1: not said) that would take more at pageSize. It is checked
// before anything is allocated for the count.
func CountsWithinCeiling(vendor string, page int, total, pages int64, pageSize int) error {
	fail := func(format string, args ...any) error {
		return &PagingError{Vendor: vendor, Page: page, Problem: fmt.Sprintf(format, args...)}
	}
	const tooMany = "more than the %d the provider reads: a count that large is more likely a broken counter than real data"
	switch {
	case pages > MaxPages:
		return fail("it reports %d pages, "+tooMany, pages, MaxPages)
	case total >= 0 && PagesFor(total, pageSize) > MaxPages:
		return fail("it reports a total of %d records, which at %d per page would take %d pages, "+tooMany+
			"; a larger page size reads a real one in fewer pages", total, pageSize, PagesFor(total, pageSize), MaxPages)
	}
	return nil
}

// PagesFor is how many pages of pageSize hold total records, without the
// overflow of (total+pageSize-1)/pageSize near the top of int64.
func PagesFor(total int64, pageSize int) int64 {
	return total/int64(pageSize) + min(total%int64(pageSize), 1)
}

// MaxPages bounds a listing: a count that would take more pages than this
// is more likely a broken counter than real data (10 000 pages hold a
// million records at 100 per page), and a walk of next links that goes on
// longer is a server that does not end its listing.
const MaxPages = 10_000

// check compares a page with the plan: every page but the last is full,
// the last holds the rest of the total, and every page reports the same
// counts as page 1 did.
func (p pagePlan) check(number, rows int, total int64, pages int) error {
	fail := func(format string, args ...any) error {
		return &PagingError{Vendor: p.vendor, Page: number, Of: p.pages, Problem: fmt.Sprintf(format, args...)}
	}
	if number > 1 && total >= 0 && p.total >= 0 && total != p.total {
		return fail("it reports a total of %d records where page 1 reported %d: the data changed during the read", total, p.total)
	}
	if number > 1 && pages > 0 && total < 0 && pages != p.pages {
		return fail("it reports %d pages where page 1 reported %d: the data changed during the read", pages, p.pages)
	}
	switch {
	case number == 1 && p.pages > 1 && rows < p.pageSize:
		return fail("it has %d records; every page before the last should have %d (%s). "+
			"The API may serve fewer records per page than asked for: a smaller page size avoids this", rows, p.pageSize, p.describe())
	case number < p.pages && rows != p.pageSize:
		return fail("it has %d records; every page before the last should have %d (%s)", rows, p.pageSize, p.describe())
	case number == p.pages && p.total >= 0:
		if want := p.total - int64(p.pages-1)*int64(p.pageSize); int64(rows) != want {
			return fail("it has %d records; the last page should have %d (%s)", rows, want, p.describe())
		}
	case number == p.pages && (rows < 1 || rows > p.pageSize):
		return fail("it has %d records; the last page should have 1 to %d (%s)", rows, p.pageSize, p.describe())
	}
	return nil
}

func (p pagePlan) describe() string {
	if p.total < 0 {
		return fmt.Sprintf("%d pages of %d", p.pages, p.pageSize)
	}
	return fmt.Sprintf("a total of %d records at %d per page", p.total, p.pageSize)
}

// PagingError is a listing whose pages do not add up to what it reports,
// on a page (Page from 1) or as a whole (Page 0).
type PagingError struct {
	Vendor   string
	Page, Of int // the page that disagrees (0: none), and how many pages the plan has
	Problem  string
}

func (e *PagingError) Error() string {
	var where string // no page: the problem is the listing's as a whole
	switch {
	case e.Of > 0:
		where = fmt.Sprintf("page %d of %d: ", e.Page, e.Of)
	case e.Page > 0:
		where = fmt.Sprintf("page %d: ", e.Page)
	}
	return fmt.Sprintf("%s returned an incomplete or inconsistent listing: %s%s. "+
		"The provider refuses a partial result; if the data changed while it was read, run again.", e.Vendor, where, e.Problem)
}
