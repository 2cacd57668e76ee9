// Package ocamba reads usage records from the Ocamba API ("List Billing"):
// GET /v2/ocamba/usage with a bearer token, paged by page=N,M.
package ocamba

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// DefaultEndpoint is Ocamba's API host.
const DefaultEndpoint = "https://api.ocamba.com"

// UsagePath is the usage ("List Billing") endpoint.
const UsagePath = "/v2/ocamba/usage"

// Page sizes: the API's own maximum is not documented.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// SortableFields are the fields the API sorts usage by.
var SortableFields = []string{
	"price", "discount", "amount", "currency_code", "limit_status", "usage_percent",
	"start_date", "end_date", "create_time", "update_time",
}

const (
	vendorName       = "Ocamba"
	expectedBody     = "an Ocamba usage listing ({total, items}) with items as an array of usage records"
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

// LineItem is one line of a usage record.
type LineItem struct {
	Name         tolerant.String `json:"name"`
	Description  tolerant.String `json:"description"`
	Quantity     tolerant.Number `json:"quantity"`
	UnitPrice    tolerant.Number `json:"unit_price"`
	Price        tolerant.Number `json:"price"`
	DiscountRate tolerant.Number `json:"discount_rate"`
	Discount     tolerant.Number `json:"discount"`
	TaxRate      tolerant.Number `json:"tax_rate"` // percent
	Tax          tolerant.Number `json:"tax"`
	Amount       tolerant.Number `json:"amount"`
	Unit         tolerant.Number `json:"unit"`
}

// Query selects the usage to read. Empty fields are not sent.
type Query struct {
	Search       string   // q
	SearchFields []string // q_fields
	Sort         string   // e.g. "-amount,start_date"
	PageSize     int      // 0: DefaultPageSize
}

type listing struct {
	Total *tolerant.Number `json:"total"`
	Items []Usage          `json:"items"`
}

type errorBody struct {
	Code    tolerant.String `json:"code"`
	Title   tolerant.String `json:"title"`
	Message tolerant.String `json:"message"`
	TraceID tolerant.String `json:"trace_id"`
}

// Client reads one Ocamba account's usage.
type Client struct {
	api      *client.API
	endpoint *url.URL
	token    string
}

// New returns a client for the API at endpoint, authenticated by token.
func New(core *client.Core, endpoint *url.URL, token string) *Client {
	return &Client{
		api:      core.API(client.Vendor{Name: vendorName, TooManyInParallel: tooManyInParallel, Quota: announcedQuota}),
		endpoint: endpoint,
		token:    token,
	}
}

// Usage reads every page of the usage listing q selects. The paging core
// has checked that the records add up to the total the API reports.
func (c *Client) Usage(ctx context.Context, q Query) ([]Usage, error) {
	pageSize := pageSizeOf(q)
	return client.ReadPages(ctx, c.api, pageSize, func(ctx context.Context, page int) (client.Page[Usage], error) {
		return c.page(ctx, q, page, pageSize)
	}, Usage.id)
}

// UsageEach reads the listing as Usage does, and hands each page's records
// to each, in the API's order, as soon as their turn comes
// (client.EachPage): a caller that only sums them holds one page at a time.
func (c *Client) UsageEach(ctx context.Context, q Query, each func([]Usage) error) error {
	pageSize := pageSizeOf(q)
	return client.EachPage(ctx, c.api, pageSize, func(ctx context.Context, page int) (client.Page[Usage], error) {
		return c.page(ctx, q, page, pageSize)
	}, Usage.id, each)
}

func pageSizeOf(q Query) int {
	if q.PageSize <= 0 {
		return DefaultPageSize
	}
	return q.PageSize
}

func (c *Client) page(ctx context.Context, q Query, page, pageSize int) (client.Page[Usage], error) {
	u := c.endpoint.JoinPath(UsagePath)
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
	resp, err := c.api.Send(ctx, client.Request{
		Method: http.MethodGet,
		URL:    u,
		Header: http.Header{"Authorization": {"Bearer " + c.token}},
	})
	if err != nil {
		return client.Page[Usage]{}, err
	}
	return DecodeUsagePage(resp)
}

// DecodeUsagePage reads one page of a usage listing: its records and the
// total the API reports, or the error the answer carries.
func DecodeUsagePage(resp *client.Response) (client.Page[Usage], error) {
	if !resp.OK() {
		return client.Page[Usage]{}, apiError(resp)
	}
	var body listing
	if err := resp.DecodeJSON(&body, expectedBody); err != nil {
		return client.Page[Usage]{}, err
	}
	total, err := count(resp, body.Total)
	if err != nil {
		return client.Page[Usage]{}, err
	}
	if body.Items == nil { // a page of no records is [], as the total is 0
		return client.Page[Usage]{}, resp.MissingKey(expectedBody, "items")
	}
	if err := client.RequireIDs(resp, expectedBody, "items", body.Items, Usage.id); err != nil {
		return client.Page[Usage]{}, err
	}
	return client.Page[Usage]{Rows: body.Items, Total: total}, nil
}

// count reads total, which paging cannot do without.
func count(resp *client.Response, total *tolerant.Number) (int64, error) {
	if total == nil {
		return 0, resp.MissingKey(expectedBody, "total")
	}
	n, ok := total.Count()
	if !ok {
		return 0, resp.Unexpected(expectedBody, "field total should be a whole number of records, got "+total.String())
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
	return client.Quota{Remaining: remaining, Reset: time.Duration(min(reset, client.MaxRetryAfter.Seconds()) * float64(time.Second))}, true
}

// ParseSort checks a sort expression: a comma-separated list of sortable
// fields, each optionally prefixed with "-" for descending order.
func ParseSort(sort string) ([]string, error) {
	keys := strings.Split(sort, ",")
	for i, key := range keys {
		field := strings.TrimPrefix(key, "-")
		switch {
		case field == "":
			return nil, fmt.Errorf("sort key %d of %q is empty; write fields separated by commas, such as -amount,start_date", i+1, sort)
		case !slices.Contains(SortableFields, field):
			return nil, fmt.Errorf("%q is not a field Ocamba sorts usage by; use one of %s, each optionally prefixed with - for descending order",
				field, strings.Join(SortableFields, ", "))
		}
	}
	return keys, nil
}
