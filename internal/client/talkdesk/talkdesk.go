// Package talkdesk reads the monthly usage of an organisation's accounts from
// Talkdesk Billing Insights: GET /express/usage/month, with an OAuth 2.0
// bearer token, HAL-style pages, and a filter language of its own.
package talkdesk

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// UsagePath is the monthly usage endpoint.
const UsagePath = "/express/usage/month"

// Defaults of the query.
const (
	DefaultOrderBy = "id:desc"
	DefaultPerPage = MaxPerPage // fewest requests
)

const (
	vendorName    = "Talkdesk"
	expectedBody  = "a Talkdesk usage page ({_embedded: {usage: [...]}, _links, ...}) with usage as an array of records"
	forbiddenHint = "The accounts may not belong to the calling organisation: Talkdesk refuses usage of accounts outside it. " +
		"Check account_ids (or the filter), and that the OAuth client has the scope express-accounts-usage:read."
	unauthorizedHint = "Talkdesk refused the access token. Check talkdesk.access_token (or TALKDESK_ACCESS_TOKEN), " +
		"or the client credentials, and the scope express-accounts-usage:read." //nolint:gosec // a hint, not a credential
)

// id is the record's id, for telling repeated records apart.
func (u Usage) id() (string, bool) { return u.ID.Value() }

// Usage is one record: one account's use of one product in one month.
type Usage struct {
	ID            tolerant.String `json:"id"`
	AccountID     tolerant.String `json:"account_id"`
	ProductID     tolerant.String `json:"product_id"`
	AggrProductID tolerant.String `json:"aggr_product_id"`
	Month         tolerant.String `json:"month"`
	Type          tolerant.String `json:"type"`
	Description   tolerant.String `json:"description"`
	Currency      tolerant.String `json:"currency"`
	Direction     tolerant.String `json:"direction"`
	Resolution    tolerant.String `json:"resolution"`
	Unit          tolerant.String `json:"unit"`
	WalletName    tolerant.String `json:"wallet_name"`
	Price         tolerant.Number `json:"price"`
	NumberOfUnits tolerant.Number `json:"number_of_units"`
	TotalAmount   tolerant.Number `json:"total_amount"`
}

// Query selects the usage to read.
type Query struct {
	AccountIDs []string // only these accounts
	Months     []string // only these months (YYYY-MM)
	Filter     string   // a raw filter, instead of AccountIDs and Months
	OrderBy    string   // "" means DefaultOrderBy
	PerPage    int      // 0 means DefaultPerPage
}

// Config is how to reach and authenticate to Talkdesk.
type Config struct {
	Endpoint *url.URL
	// AccessToken, when set, is used as it is; otherwise tokens are
	// fetched from TokenURL with the client credentials.
	AccessToken  string
	TokenURL     *url.URL
	ClientID     string
	ClientSecret string
	Scopes       []string
	// Now is the clock tokens expire by; nil means time.Now.
	Now func() time.Time
}

// Client reads an organisation's monthly usage.
type Client struct {
	api      *client.API
	endpoint *url.URL
	tokens   tokenSource
}

// New returns a client; tokens fetched with client credentials are cached
// for the client's life.
func New(core *client.Core, c Config) *Client {
	var tokens tokenSource = staticToken(c.AccessToken)
	if c.AccessToken == "" {
		tokens = newClientCredentials(core, c.TokenURL, c.ClientID, c.ClientSecret, c.Scopes, c.Now)
	}
	return &Client{api: core.API(client.Vendor{Name: vendorName}), endpoint: c.Endpoint, tokens: tokens}
}

// Usage reads every record q selects. A filter too long for the API runs
// as several queries, concurrently, whose records are merged without
// duplicates and put in q's order.
func (c *Client) Usage(ctx context.Context, q Query) ([]Usage, error) {
	var records []Usage
	err := c.UsageEach(ctx, q, func(page []Usage) error {
		records = append(records, page...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if records == nil {
		records = []Usage{}
	}
	return records, nil
}

// UsageEach reads what Usage reads, and hands the records to each in the
// same order, as soon as it can: a page at a time when one query with
// counts on its first page reads them (client.EachPage), all at once when
// the query walks next links or the filter was split (its parts are merged
// and deduplicated once all are read).
func (c *Client) UsageEach(ctx context.Context, q Query, each func([]Usage) error) error {
	if q.OrderBy == "" {
		q.OrderBy = DefaultOrderBy
	}
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	filters := []string{q.Filter}
	if q.Filter == "" {
		filters = Filters(q.AccountIDs, q.Months)
	}
	if len(filters) <= 1 {
		return c.readEach(ctx, q, strings.Join(filters, ""), each)
	}
	results := make([][]Usage, len(filters))
	err := c.api.Parallel(ctx, len(filters), func(ctx context.Context, i int) error {
		return c.readEach(ctx, q, filters[i], func(page []Usage) error {
			results[i] = append(results[i], page...)
			return nil
		})
	})
	if err != nil {
		return err
	}
	return each(merge(results, q.OrderBy))
}

// maxPages is the most pages a walk along next links reads (the core's
// ceiling): a variable, so that tests can lower it.
var maxPages int64 = client.MaxPages

// readEach reads every page of one filter and hands the records to each,
// in order. When page 1 says how many pages there are (total_pages, total,
// or the last link), the rest are read concurrently by the paging core and
// handed over a page at a time; otherwise next links are followed, and the
// records handed over once the walk has ended well.
func (c *Client) readEach(ctx context.Context, q Query, filter string, each func([]Usage) error) error {
	first, err := c.get(ctx, c.pageURL(q, filter, 1))
	if err != nil {
		return err
	}
	ids := &client.RecordIDs{Vendor: vendorName}
	if err := first.admit(1, q.PerPage, ids); err != nil {
		return err
	}
	switch {
	case len(first.rows) == 0:
		records, err := emptyListing(first)
		if err != nil {
			return err
		}
		return each(records)
	case first.total < 0 && first.pages == 0:
		records, err := c.followNext(ctx, q, first, ids)
		if err != nil {
			return err
		}
		return each(records)
	}
	return client.EachPage(ctx, c.api, q.PerPage, func(ctx context.Context, number int) (client.Page[Usage], error) {
		p := first
		if number > 1 {
			var err error
			if p, err = c.get(ctx, c.pageURL(q, filter, number)); err != nil {
				return client.Page[Usage]{}, err
			}
			if err := p.admit(number, q.PerPage, ids); err != nil {
				return client.Page[Usage]{}, err
			}
		}
		return client.Page[Usage]{Rows: p.rows, Total: p.total, Pages: int(p.pages)}, nil
	}, nil, each) // admit has checked the ids, across the pages of this listing
}

// emptyListing reads a first page without records: a month without usage
// (HAL leaves _embedded out when there is nothing to embed), unless the
// page itself says there is more.
func emptyListing(first *page) ([]Usage, error) {
	fail := func(format string, args ...any) error {
		return &client.PagingError{Vendor: vendorName, Page: 1, Problem: fmt.Sprintf(format, args...)}
	}
	switch {
	case first.total > 0:
		return nil, fail("it has no records, yet it reports a total of %d records", first.total)
	case first.pages > 1:
		return nil, fail("it has no records, yet it reports %d pages", first.pages)
	case first.nextLink.present():
		return nil, fail("it is empty but has a next link: the pages do not end")
	}
	return []Usage{}, nil
}

// admit checks a page as it arrives, before anything is built on what it
// says: counts too large to be real (page counts are allocated for), more
// records than were asked for, and record ids read before.
func (p *page) admit(number, perPage int, ids *client.RecordIDs) error {
	if err := client.CountsWithinCeiling(vendorName, number, p.total, p.pages, perPage); err != nil {
		return err
	}
	if len(p.rows) > perPage {
		return &client.PagingError{Vendor: vendorName, Page: number,
			Problem: fmt.Sprintf("it has %d records, more than the %d per page asked for", len(p.rows), perPage)}
	}
	return ids.Add(number, client.IDsOf(p.rows, Usage.id)...)
}

func (c *Client) pageURL(q Query, filter string, page int) *url.URL {
	u := c.endpoint.JoinPath(UsagePath)
	params := url.Values{
		"page":     {strconv.Itoa(page)},
		"per_page": {strconv.Itoa(q.PerPage)},
		"order_by": {q.OrderBy},
	}
	if filter != "" {
		params.Set("filter", filter)
	}
	u.RawQuery = params.Encode()
	return u
}

// followNext reads pages one after another by their next links, for a
// listing whose first page reports no counts. A link to another host is
// refused, so that the token never travels there. The walk is bounded: by
// the counts a later page reports, if one does, and by maxPages; a link
// seen before, or an empty page that still has a next, fails the read.
func (c *Client) followNext(ctx context.Context, q Query, first *page, ids *client.RecordIDs) ([]Usage, error) {
	records := first.rows
	seen := map[string]bool{canonical(first.requested): true}
	reported := counts{total: -1}
	p := first
	for number := 1; ; number++ {
		fail := func(format string, args ...any) error {
			return &client.PagingError{Vendor: vendorName, Page: number, Problem: fmt.Sprintf(format, args...)}
		}
		if err := reported.update(p, fail); err != nil {
			return nil, err
		}
		next, err := p.next()
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
		case next.Scheme != c.endpoint.Scheme || next.Host != c.endpoint.Host:
			return nil, fail("its next link points at %s://%s, not at the configured endpoint %s://%s; "+
				"it is not followed, so that the access token does not travel there", next.Scheme, next.Host, c.endpoint.Scheme, c.endpoint.Host)
		case seen[canonical(next)]:
			return nil, fail("its next link leads back to a page already read (%s): the pages form a cycle", next.RequestURI())
		case len(p.rows) == 0:
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
		if p, err = c.get(ctx, next); err != nil {
			return nil, err
		}
		if err := p.admit(number+1, q.PerPage, ids); err != nil {
			return nil, err
		}
		records = append(records, p.rows...)
	}
}

// counts is what the pages of a walk along next links report about the
// whole listing; every page that reports a count must report the same.
type counts struct {
	total int64 // -1: not reported
	pages int64 // 0: not reported
}

func (c *counts) update(p *page, fail func(format string, args ...any) error) error {
	const changed = "where an earlier page reported %d: the data changed during the read"
	if p.total >= 0 {
		if c.total >= 0 && p.total != c.total {
			return fail("it reports a total of %d records "+changed, p.total, c.total)
		}
		c.total = p.total
	}
	if p.pages > 0 {
		if c.pages > 0 && p.pages != c.pages {
			return fail("it reports %d pages "+changed, p.pages, c.pages)
		}
		c.pages = p.pages
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

// get sends one request with a bearer token; after a 401 it fetches a new
// token and tries once more.
func (c *Client) get(ctx context.Context, u *url.URL) (*page, error) {
	resp, err := c.send(ctx, u)
	if err != nil {
		return nil, err
	}
	p, err := decodePage(resp)
	if err != nil {
		return nil, err
	}
	p.requested = u
	return p, nil
}

func decodePage(resp *client.Response) (*page, error) {
	if !resp.OK() {
		return nil, apiError(resp)
	}
	p := &page{}
	if err := resp.DecodeJSON(p, expectedBody); err != nil {
		return nil, err
	}
	if problem := p.read(resp.Body); problem != "" {
		return nil, resp.Unexpected(expectedBody, problem)
	}
	if err := client.RequireIDs(resp, expectedBody, "_embedded.usage", p.rows, Usage.id); err != nil {
		return nil, err
	}
	return p, nil
}

// DecodeUsagePage reads the records of one page of a usage listing, or the
// error it carries; the decode benchmarks measure it.
func DecodeUsagePage(resp *client.Response) ([]Usage, error) {
	p, err := decodePage(resp)
	if err != nil {
		return nil, err
	}
	return p.rows, nil
}

func (c *Client) send(ctx context.Context, u *url.URL) (*client.Response, error) {
	for retried := false; ; retried = true {
		token, err := c.tokens.Token(ctx)
		if err != nil {
			return nil, err
		}
		resp, err := c.api.Send(ctx, client.Request{
			Method: http.MethodGet,
			URL:    u,
			Header: http.Header{"Authorization": {"Bearer " + token}},
		})
		if err != nil || resp.Status != http.StatusUnauthorized || retried || !c.tokens.Rejected(token) {
			return resp, err
		}
	}
}

// page is one response. Links are expected under _links; some responses
// put them, and the embedded records, at the top level.
type page struct {
	Embedded *struct {
		Usage []Usage `json:"usage"`
	} `json:"_embedded"`
	Links      *links           `json:"_links"`
	Usage      []Usage          `json:"usage"`
	Next       *link            `json:"next"`
	Last       *link            `json:"last"`
	Total      *tolerant.Number `json:"total"`
	TotalPages *tolerant.Number `json:"total_pages"`

	// What read makes of the above.
	rows               []Usage
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

// read checks that a decoded body is a usage page and reads its records,
// links and counts; it returns what is wrong, or "". HAL always sends
// _links and may leave _embedded out when there is nothing to embed, so
// links without records are an empty page; but a body with neither records
// nor links (null, {}, {"status":"ok"}, counters alone, another resource's
// _embedded) is not a page, and never reads as "no usage".
func (p *page) read(body []byte) string {
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return "the body is null, not an object"
	}
	hasRecords := p.Usage != nil || (p.Embedded != nil && p.Embedded.Usage != nil)
	hasLinks := p.Links != nil || p.Next.present() || p.Last.present()
	if !hasRecords && !hasLinks {
		return "it has neither usage records (_embedded.usage) nor links (_links): nothing in it says whether there is usage"
	}
	p.rows = p.Usage
	if p.Embedded != nil && p.Embedded.Usage != nil {
		p.rows = p.Embedded.Usage
	}
	p.nextLink, p.lastLink = p.Next, p.Last
	if p.Links != nil {
		p.nextLink, p.lastLink = cmp.Or(p.Links.Next, p.Next), cmp.Or(p.Links.Last, p.Last)
	}
	p.total, p.pages = -1, 0
	if p.Total != nil && !p.Total.IsNull() {
		n, ok := p.Total.Count()
		if !ok {
			return "field total should be a whole number of records, got " + p.Total.String()
		}
		p.total = n
	}
	if p.TotalPages != nil && !p.TotalPages.IsNull() {
		n, ok := p.TotalPages.Count()
		if !ok {
			return "field total_pages should be a whole number of pages, got " + p.TotalPages.String()
		}
		p.pages = n
	} else if p.lastLink != nil {
		// Only the page parameter matters, which a relative link carries as
		// well as an absolute one. A link without a usable one says nothing.
		if u, err := url.Parse(p.lastLink.Href); err == nil {
			if n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64); err == nil && n > 0 {
				p.pages = n
			}
		}
	}
	return ""
}

// next is the next page's URL, or nil on the last page.
func (p *page) next() (*url.URL, error) {
	if !p.nextLink.present() {
		return nil, nil
	}
	u := p.resolve(p.nextLink)
	if u == nil {
		return nil, fmt.Errorf("%s: the next link %q is not a URL", vendorName, p.nextLink.Href)
	}
	return u, nil
}

// resolve reads a link, relative to the page it came with.
func (p *page) resolve(l *link) *url.URL {
	if l == nil || l.Href == "" {
		return nil
	}
	u, err := p.requested.Parse(l.Href)
	if err != nil {
		return nil
	}
	return u
}

// merge joins the records of split queries, dropping records seen before
// (by id), and sorts them by orderBy, so the result reads as one query's.
func merge(results [][]Usage, orderBy string) []Usage {
	var merged []Usage
	seen := map[string]bool{}
	for _, records := range results {
		for _, r := range records {
			if id, ok := r.ID.Value(); ok {
				if seen[id] {
					continue
				}
				seen[id] = true
			}
			merged = append(merged, r)
		}
	}
	keys := orderKeys(orderBy)
	slices.SortStableFunc(merged, func(a, b Usage) int {
		for _, key := range keys {
			if c := key.compare(a, b); c != 0 {
				return c
			}
		}
		return 0
	})
	return merged
}

type orderKey struct {
	field func(Usage) string
	desc  bool
}

func (k orderKey) compare(a, b Usage) int {
	c := compareValues(k.field(a), k.field(b))
	if k.desc {
		return -c
	}
	return c
}

// orderKeys reads "field:asc,field:desc". Fields that are not record
// fields are skipped: they compare equal, keeping the queries' order.
func orderKeys(orderBy string) []orderKey {
	var keys []orderKey
	for _, key := range strings.Split(orderBy, ",") {
		name, direction, _ := strings.Cut(strings.TrimSpace(key), ":")
		if field, ok := usageFields[name]; ok {
			keys = append(keys, orderKey{field: field, desc: strings.EqualFold(direction, "desc")})
		}
	}
	return keys
}

// usageFields reads a record's fields by their JSON names, as text.
var usageFields = map[string]func(Usage) string{
	"id":              func(u Usage) string { return u.ID.Text() },
	"account_id":      func(u Usage) string { return u.AccountID.Text() },
	"product_id":      func(u Usage) string { return u.ProductID.Text() },
	"aggr_product_id": func(u Usage) string { return u.AggrProductID.Text() },
	"month":           func(u Usage) string { return u.Month.Text() },
	"type":            func(u Usage) string { return u.Type.Text() },
	"description":     func(u Usage) string { return u.Description.Text() },
	"currency":        func(u Usage) string { return u.Currency.Text() },
	"direction":       func(u Usage) string { return u.Direction.Text() },
	"resolution":      func(u Usage) string { return u.Resolution.Text() },
	"unit":            func(u Usage) string { return u.Unit.Text() },
	"wallet_name":     func(u Usage) string { return u.WalletName.Text() },
	"price":           func(u Usage) string { return numberText(u.Price) },
	"number_of_units": func(u Usage) string { return numberText(u.NumberOfUnits) },
	"total_amount":    func(u Usage) string { return numberText(u.TotalAmount) },
}

func numberText(n tolerant.Number) string {
	if d, ok := n.Decimal(); ok {
		return d.String()
	}
	return ""
}

// compareValues compares two values as numbers when both are numbers,
// else as text; an empty value (null) comes first.
func compareValues(a, b string) int {
	if a == "" || b == "" {
		return cmp.Compare(len(a), len(b))
	}
	x, errA := decimal.NewFromString(a)
	y, errB := decimal.NewFromString(b)
	if errA == nil && errB == nil {
		return x.Cmp(y)
	}
	return strings.Compare(a, b)
}

type errorBody struct {
	Code        tolerant.String `json:"code"`
	Message     tolerant.String `json:"message"`
	Description tolerant.String `json:"description"`
	Fields      []struct {
		Name        tolerant.String `json:"name"`
		Description tolerant.String `json:"description"`
	} `json:"fields"`
}

// apiError turns an error body ({code, message, description, fields}), or
// any other body, into an error.
func apiError(resp *client.Response) error {
	var body errorBody
	if json.Unmarshal(resp.Body, &body) != nil {
		return resp.Error("", "", "")
	}
	parts := []string{body.Message.Text()}
	if d := body.Description.Text(); d != "" && d != parts[0] {
		parts = append(parts, d)
	}
	for _, f := range body.Fields {
		parts = append(parts, fmt.Sprintf("%s: %s", f.Name.Text(), f.Description.Text()))
	}
	err := resp.Error(body.Code.Text(), strings.Trim(strings.Join(parts, "; "), "; "), "")
	switch resp.Status {
	case http.StatusUnauthorized:
		err.Hint = unauthorizedHint
	case http.StatusForbidden:
		err.Hint = forbiddenHint
	}
	return err
}
