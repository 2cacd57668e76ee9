// Package ocamba reads Ocamba's paged listings with a bearer token: usage
// records ("List Billing", GET /v2/ocamba/usage) and invoices ("List
// Invoices", GET /v2/ocamba/invoices). Both page by page=N,M and answer
// {total, items}; one implementation reads either, given its path and
// record type.
package ocamba

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// DefaultEndpoint is Ocamba's API host.
const DefaultEndpoint = "https://api.ocamba.com"

// UsagePath is the usage ("List Billing") endpoint.
const UsagePath = "/v2/ocamba/usage"

// InvoicesPath is the invoices ("List Invoices") endpoint.
const InvoicesPath = "/v2/ocamba/invoices"

// Page sizes: the API's own maximum is not documented.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

const (
	vendorName       = "Ocamba"
	invalidTokenHint = "Check ocamba.token (or OCAMBA_TOKEN): it must be a valid Ocamba API token allowed to read billing." //nolint:gosec // a hint, not a credential
	rateLimitHint    = "Ocamba kept answering HTTP 429 (rate limited) through every retry. Raise max_retries, lower max_concurrency, or read less often."
)

// Usage is one usage record. The record-level price, amount and
// usage_percent are present on some records only.
type Usage struct {
	ID           tolerant.String `json:"id"`
	CompanyID    tolerant.String `json:"company_id"`
	AppID        tolerant.String `json:"app_id"`
	CurrencyCode tolerant.String `json:"currency_code"`
	LimitStatus  tolerant.String `json:"limit_status"`
	StartTime    tolerant.String `json:"start_time"`
	EndTime      tolerant.String `json:"end_time"`
	UsagePercent tolerant.Number `json:"usage_percent"`
	Price        tolerant.Number `json:"price"`
	Amount       tolerant.Number `json:"amount"`
	Items        []LineItem      `json:"items"`
}

// id is the record's id, which tells repeated records apart.
func (u Usage) id() (string, bool) { return u.ID.Value() }

// UnmarshalJSONFrom decodes a record as encoding/json does, faster.
func (u *Usage) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return usageRecord.Decode(dec, u) }

// Recycle zeroes the record for the next of a folded page, keeping the
// room its line items took (client.Recycler): a folded read of a million
// records then makes no slice of line items for each.
func (u *Usage) Recycle() { *u = Usage{Items: recycledItems(u.Items)} }

// Decoded gives up the room a recycled record did not take.
func (u *Usage) Decoded() { u.Items = decodedItems(u.Items) }

var usageRecord = tolerant.RecordOf[Usage]()

// Invoice is one invoice. Ocamba documents its fields by an example only:
// every field may be absent (null), and numbers may be numeric strings.
type Invoice struct {
	ID            tolerant.String `json:"id"`
	CompanyID     tolerant.String `json:"company_id"`
	AppID         tolerant.String `json:"app_id"`
	InvoiceNumber tolerant.String `json:"invoice_number"`
	Status        tolerant.String `json:"status"`
	Price         tolerant.Number `json:"price"`
	Tax           tolerant.Number `json:"tax"`
	Amount        tolerant.Number `json:"amount"`
	CurrencyCode  tolerant.String `json:"currency_code"`
	PDF           tolerant.String `json:"pdf"`
	// Sent is 1 in Ocamba's example: 1/0, true/false and those as strings
	// are read; anything else fails the read, naming the field.
	Sent        tolerant.Bool   `json:"sent"`
	Items       []LineItem      `json:"items"`
	DueDate     tolerant.String `json:"due_date"`
	PaymentTime tolerant.String `json:"payment_time"`
	CreateTime  tolerant.String `json:"create_time"`
	UpdateTime  tolerant.String `json:"update_time"`
}

func (i Invoice) id() (string, bool) { return i.ID.Value() }

// UnmarshalJSONFrom decodes an invoice as encoding/json does, faster.
func (i *Invoice) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return invoiceRecord.Decode(dec, i) }

// Recycle zeroes the invoice for the next of a folded page, keeping the
// room its line items took (client.Recycler).
func (i *Invoice) Recycle() { *i = Invoice{Items: recycledItems(i.Items)} }

// Decoded gives up the room a recycled invoice did not take.
func (i *Invoice) Decoded() { i.Items = decodedItems(i.Items) }

// recycledItems is the room of items, cleared, for the line items of a
// folded page's next record: the decoder appends into it, and (under
// encoding/json's rules, which it keeps) does not clear what it reuses.
func recycledItems(items []LineItem) []LineItem {
	if cap(items) == 0 {
		return nil
	}
	room := items[:cap(items)]
	clear(room)
	return room[:0]
}

// decodedItems are a recycled record's line items once decoded: without
// the key, the room it was given is given up, so that the record is nil
// there as a fresh one is (a decoded array is never empty with room to
// spare: [] is an empty slice without any).
func decodedItems(items []LineItem) []LineItem {
	if len(items) == 0 && cap(items) > 0 {
		return nil
	}
	return items
}

var invoiceRecord = tolerant.RecordOf[Invoice]()

// LineItem is one line of a usage record or of an invoice. Its tfsdk
// names are those of a line_items element in state, so that a record
// converts to its state model with its line items as they are.
type LineItem struct {
	Name         tolerant.String `json:"name" tfsdk:"name"`
	Description  tolerant.String `json:"description" tfsdk:"description"`
	Quantity     tolerant.Number `json:"quantity" tfsdk:"quantity"`
	UnitPrice    tolerant.Number `json:"unit_price" tfsdk:"unit_price"`
	Price        tolerant.Number `json:"price" tfsdk:"price"`
	DiscountRate tolerant.Number `json:"discount_rate" tfsdk:"discount_rate"`
	Discount     tolerant.Number `json:"discount" tfsdk:"discount"`
	TaxRate      tolerant.Number `json:"tax_rate" tfsdk:"tax_rate"` // percent
	Tax          tolerant.Number `json:"tax" tfsdk:"tax"`
	Amount       tolerant.Number `json:"amount" tfsdk:"amount"`
	Unit         tolerant.Number `json:"unit" tfsdk:"unit"`
}

// UnmarshalJSONFrom decodes a line as encoding/json does, faster.
func (l *LineItem) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return lineItemRecord.Decode(dec, l)
}

var lineItemRecord = tolerant.RecordOf[LineItem]()

// Query selects the records of a listing to read. Empty fields are not sent.
type Query struct {
	Search       string   // q
	SearchFields []string // q_fields
	Sort         string   // e.g. "-amount,start_date"
	PageSize     int      // 0: DefaultPageSize
}

// listing is one of Ocamba's paged listings of records of type T.
type listing[T any] struct {
	path string
	// expected says what a page is, for errors about one that is not.
	expected string
	id       func(T) (string, bool)
	items    func(T) []LineItem // a record's line items
	// unsummed finds money in a record that the totals would leave out,
	// which sum sums.
	unsummed func(T) (line int, problem string)
	sums     string
}

var (
	usageListing = listing[Usage]{
		path:     UsagePath,
		expected: "an Ocamba usage listing ({total, items}) with items as an array of usage records",
		id:       Usage.id,
		items:    func(u Usage) []LineItem { return u.Items },
		unsummed: Usage.unsummed,
		sums:     "the line items' amount",
	}
	invoiceListing = listing[Invoice]{
		path:     InvoicesPath,
		expected: "an Ocamba invoice listing ({total, items}) with items as an array of invoices",
		id:       Invoice.id,
		items:    func(i Invoice) []LineItem { return i.Items },
		unsummed: Invoice.unsummed,
		sums:     "the invoices' amount",
	}
)

// pageBody is one page of a listing as the API answers it.
type pageBody[T any] struct {
	Total *tolerant.Number `json:"total"`
	Items []T              `json:"items"`
}

// UnmarshalJSONFrom decodes a page as encoding/json does, but for a field
// named twice (tolerant.Record): a total or items given again would be
// read as the last.
func (p *pageBody[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[pageBody[T]]().Decode(dec, p)
}

type errorBody struct {
	Code    tolerant.String `json:"code"`
	Title   tolerant.String `json:"title"`
	Message tolerant.String `json:"message"`
	TraceID tolerant.String `json:"trace_id"`
}

// Client reads one Ocamba account's listings.
type Client struct {
	api      *client.API
	endpoint *url.URL
	token    string
}

// New returns a client for the API at endpoint, authenticated by token.
func New(core *client.Core, endpoint *url.URL, token string) *Client {
	return &Client{
		api:      core.API(client.Vendor{Name: vendorName, TooManyInParallel: tooManyInParallel, Quota: announcedQuota, Credentials: []string{token}}),
		endpoint: endpoint,
		token:    token,
	}
}

// Usage reads every page of the usage listing q selects. The paging core
// has checked that the records add up to the total the API reports.
func (c *Client) Usage(ctx context.Context, q Query) ([]Usage, error) {
	return usageListing.all(ctx, c, q)
}

// UsageEach reads the listing as Usage does, and hands its records to
// sink as soon as each page is checked (client.EachPage): in pages in the
// API's order, or, to a sink that folds them, each record as it is
// decoded, so that a caller that only sums them holds no page of records.
func (c *Client) UsageEach(ctx context.Context, q Query, sink client.Sink[Usage]) error {
	return usageListing.each(ctx, c, q, sink)
}

// InvoicesEach reads every page of the invoice listing q selects as
// UsageEach reads usage.
func (c *Client) InvoicesEach(ctx context.Context, q Query, sink client.Sink[Invoice]) error {
	return invoiceListing.each(ctx, c, q, sink)
}

// DecodeUsagePage reads one page of a usage listing: its records and the
// total the API reports, or the error the answer carries.
func DecodeUsagePage(resp *client.Response) (client.Page[Usage], error) {
	return usageListing.decode(resp, 0, nil)
}

// DecodeInvoicesPage reads one page of an invoice listing as
// DecodeUsagePage reads usage.
func DecodeInvoicesPage(resp *client.Response) (client.Page[Invoice], error) {
	return invoiceListing.decode(resp, 0, nil)
}

func pageSizeOf(q Query) int {
	if q.PageSize <= 0 {
		return DefaultPageSize
	}
	return q.PageSize
}

func (l listing[T]) all(ctx context.Context, c *Client, q Query) ([]T, error) {
	pageSize := pageSizeOf(q)
	return client.ReadPages(ctx, c.api, pageSize, l.fetch(c, q, pageSize), client.RecordKey(l.id))
}

func (l listing[T]) each(ctx context.Context, c *Client, q Query, sink client.Sink[T]) error {
	pageSize := pageSizeOf(q)
	return client.EachPage(ctx, c.api, pageSize, l.fetch(c, q, pageSize), client.RecordKey(l.id), sink)
}

// fetch reads page number page of the listing q selects.
func (l listing[T]) fetch(c *Client, q Query, pageSize int) client.FetchPage[T] {
	return func(ctx context.Context, page int, fold client.Fold[T]) (client.Page[T], error) {
		u := c.endpoint.JoinPath(l.path)
		params := url.Values{"page": {fmt.Sprintf("%d,%d", page, pageSize)}}
		if q.Search != "" {
			params.Set("q", q.Search)
		}
		if len(q.SearchFields) > 0 {
			params.Set("q_fields", strings.Join(q.SearchFields, ","))
		}
		if q.Sort != "" {
			params.Set("sort", q.Sort)
		}
		u.RawQuery = params.Encode()
		return client.Folded[client.Page[T]](fold)(ctx, c.api, client.Request{
			Method: http.MethodGet,
			URL:    u,
			Header: http.Header{"Authorization": {"Bearer " + c.token}},
		}, func(resp *client.Response) (client.Page[T], error) { return l.decode(resp, pageSize, fold) })
	}
}

// decode reads one page of the listing, asked for pageSize records (0:
// not known): its records, into fold's part when fold is set, and the
// total the API reports; or the error the answer carries.
func (l listing[T]) decode(resp *client.Response, pageSize int, fold client.Fold[T]) (client.Page[T], error) {
	if !resp.OK() {
		return client.Page[T]{}, apiError(resp)
	}
	records := client.NewRecords(1, pageSize, fold, l.id).KeyedBy(client.RecordKey(l.id)).Settling(func(number int, record *T) error {
		return l.requireItems(resp, number, *record)
	})
	var body pageBody[T]
	if err := client.DecodePage(resp, &body, l.expected, records); err != nil {
		return client.Page[T]{}, err
	}
	total, err := l.count(resp, body.Total)
	if err != nil {
		return client.Page[T]{}, err
	}
	if body.Items == nil { // a page of no records is [], as the total is 0
		return client.Page[T]{}, resp.MissingKey(l.expected, "items")
	}
	return records.Done(resp, l.expected, "items", body.Items, total, 0)
}

// requireItems refuses a record with a line item of nothing (null, {}, or
// only fields the provider does not read): it would add nothing to the
// sums, as a line item whose fields are spelled otherwise than documented
// would, unseen. It refuses, too, a record whose money the totals would
// leave out (unsummed).
func (l listing[T]) requireItems(resp *client.Response, number int, record T) error {
	for i, item := range l.items(record) {
		if item == (LineItem{}) {
			return resp.Unexpected(l.expected, fmt.Sprintf("line item %d of record %d of items has no field the provider reads (null, {}, or fields named otherwise than documented): every line item has fields", i+1, number))
		}
	}
	line, problem := l.unsummed(record)
	if problem == "" {
		return nil
	}
	where := fmt.Sprintf("record %d of items", number)
	if line > 0 {
		where = fmt.Sprintf("line item %d of %s", line, where)
	}
	return resp.Unexpected(l.expected, fmt.Sprintf("%s %s: the totals sum %s, so its money would be left out of them", where, problem, l.sums))
}

// unsummed finds money the usage totals, which sum the line items'
// amount, would leave out: a line item with a price, tax or unit price and
// no amount (line, from 1), or a record's own money (its amount, or its
// price when it has no amount: a discount or a credit line can make the
// amount 0 whatever the price) when its line items' amounts add up to 0
// (line 0). problem is "" when there is none.
func (u Usage) unsummed() (line int, problem string) {
	for i, item := range u.Items {
		if item.Amount.IsNull() && (carriesMoney(item.Price) || carriesMoney(item.Tax) || carriesMoney(item.UnitPrice)) {
			return i + 1, "has a price, tax or unit price and no amount"
		}
	}
	own, money := "an amount", u.Amount
	if money.IsNull() {
		own, money = "a price", u.Price
	}
	if !carriesMoney(money) {
		return 0, "" // the common case: no sum is made
	}
	var lines tolerant.Sum
	for _, item := range u.Items {
		lines.Add(item.Amount)
	}
	if !lines.IsZero() {
		return 0, ""
	}
	return 0, fmt.Sprintf("has %s of %s and line items whose amounts add up to 0", own, shortNumber(money))
}

// unsummed finds money the invoice totals, which sum the invoices'
// amount, would leave out: an invoice without an amount whose price, tax
// or line items carry money.
func (i Invoice) unsummed() (line int, problem string) {
	if !i.Amount.IsNull() {
		return 0, ""
	}
	money := carriesMoney(i.Price) || carriesMoney(i.Tax)
	for _, item := range i.Items {
		money = money || carriesMoney(item.Amount) || carriesMoney(item.Price) || carriesMoney(item.Tax) || carriesMoney(item.UnitPrice)
	}
	if money {
		return 0, "has no amount, but a price, tax or line item with money"
	}
	return 0, ""
}

// shortNumber is n for a message: its decimal text, or, when that is long
// (1e-400 has 400 places), its digits and power of ten.
func shortNumber(n tolerant.Number) string {
	if text := n.String(); len(text) <= 40 {
		return text
	}
	d, _ := n.Decimal()
	return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent())
}

// carriesMoney reports whether n is an amount other than 0.
func carriesMoney(n tolerant.Number) bool {
	if coefficient, _, ok := n.Small(); ok {
		return coefficient != 0
	}
	d, ok := n.Decimal()
	return ok && !d.IsZero()
}

// count reads total, which paging cannot do without.
func (l listing[T]) count(resp *client.Response, total *tolerant.Number) (int64, error) {
	if total == nil {
		return 0, resp.MissingKey(l.expected, "total")
	}
	n, ok := total.Count()
	if !ok {
		return 0, resp.Unexpected(l.expected, "field total should be a whole number of records, got "+total.String())
	}
	return n, nil
}

// apiError turns an error body ({code, title, message, trace_id}), or any
// other body, into an error.
func apiError(resp *client.Response) error {
	var body errorBody
	if json.Unmarshal(resp.Body, &body) != nil {
		return resp.Error("", "", "")
	}
	message := body.Message.Text()
	if title := body.Title.Text(); title != "" && !strings.EqualFold(title, message) {
		message = strings.TrimSuffix(title+": "+message, ": ")
	}
	err := resp.Error(body.Code.Text(), message, body.TraceID.Text())
	switch resp.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		err.Hint = invalidTokenHint
	case http.StatusTooManyRequests:
		err.Hint = rateLimitHint
	}
	return err
}

// tooManyInParallel is Ocamba's answer to too many concurrent requests:
// 429 with Retry-After: -1.
func tooManyInParallel(resp *http.Response) bool {
	return resp.StatusCode == http.StatusTooManyRequests && strings.TrimSpace(resp.Header.Get("Retry-After")) == "-1"
}

// announcedQuota reads the rate limit Ocamba announces on its answers:
// X-RateLimit-Remaining requests until X-RateLimit-Reset seconds from now.
func announcedQuota(h http.Header) (client.Quota, bool) {
	remaining, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	if err != nil {
		return client.Quota{}, false
	}
	reset, err := strconv.ParseFloat(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 64)
	if err != nil || reset < 0 || math.IsNaN(reset) || math.IsInf(reset, 0) {
		return client.Quota{}, false
	}
	// Fewer than none is none: a count below zero would wrap around in the
	// pacing's arithmetic, to a large quota.
	return client.Quota{Remaining: max(remaining, 0), Reset: time.Duration(min(reset, client.MaxRetryAfter.Seconds()) * float64(time.Second))}, true
}

// Sort is what a listing sorts by, for the sort argument: its sortable
// fields, or none when Ocamba does not publish them.
type Sort struct {
	// Records names the listing's records in messages, e.g. "usage".
	Records string
	// Fields are the sortable fields; nil: not published, so any field
	// name of the right form is passed on and the API judges it.
	Fields []string
	// Example is a sort expression to show, such as "-amount,start_date".
	Example string
}

// UsageSort is how usage sorts: the fields Ocamba's List Billing documents as sortable.
var UsageSort = Sort{
	Records: "usage",
	Fields: []string{
		"price", "discount", "amount", "currency_code", "limit_status", "usage_percent",
		"start_date", "end_date", "create_time", "update_time",
	},
	Example: "-amount,start_date",
}

// InvoiceSort is how invoices sort. The docs refer to a list of sortable
// fields ("see tips") that they do not show, so no field is refused here.
var InvoiceSort = Sort{Records: "invoices", Example: "-amount,due_date"}

// fieldName is the form of an Ocamba field name (snake_case).
var fieldName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// Parse checks a sort expression: a comma-separated list of fields, each
// optionally prefixed with "-" for descending order, each sortable (or,
// where the sortable fields are not published, of a field name's form).
func (s Sort) Parse(sort string) ([]string, error) {
	keys := strings.Split(sort, ",")
	for i, key := range keys {
		field := strings.TrimPrefix(key, "-")
		switch {
		case field == "":
			return nil, fmt.Errorf("sort key %d of %q is empty; write fields separated by commas, such as %s", i+1, sort, s.Example)
		case s.Fields == nil && !fieldName.MatchString(field):
			return nil, fmt.Errorf("%q is not a field name: write field names of letters, digits and underscores, such as %s, each optionally prefixed with - for descending order",
				field, s.Example)
		case s.Fields != nil && !slices.Contains(s.Fields, field):
			return nil, fmt.Errorf("%q is not a field Ocamba sorts %s by; use one of %s, each optionally prefixed with - for descending order",
				field, s.Records, strings.Join(s.Fields, ", "))
		}
	}
	return keys, nil
}
