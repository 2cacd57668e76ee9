// Package talkdesk reads Talkdesk Billing Insights: the monthly usage of an
// organisation's accounts (GET /express/usage/month), its accounts and its
// invoice lines, with OAuth 2.0 bearer tokens, HAL-style pages, and (for
// usage) a filter language of its own.
package talkdesk

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"golang.org/x/text/unicode/norm"

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
		"Check account_ids (or the filter), and that the OAuth client has the scope " + UsageScope + "."
)

// The scope each endpoint needs.
const (
	UsageScope    = "express-accounts-usage:read"
	AccountsScope = "express-accounts:read"
	InvoicesScope = "express-accounts-invoices:read"
)

// id is the record's id, for telling repeated records apart.
func (u Usage) id() (string, bool) { return u.ID.Value() }

// UnmarshalJSONFrom decodes a record as encoding/json does, faster.
func (u *Usage) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return usageRecord.Decode(dec, u) }

var usageRecord = tolerant.RecordOf[Usage]()

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
	// Scopes, when set, are asked for in one token that serves every
	// request; when empty, each endpoint gets a token with its own scope.
	Scopes []string
	// Now is the clock tokens expire by; nil means time.Now.
	Now func() time.Time
}

// Client reads an organisation's usage, accounts and invoices.
type Client struct {
	api      *client.API
	endpoint *url.URL
	tokens   *tokenSources
}

// New returns a client; tokens fetched with client credentials are cached
// for the client's life, one per scope asked for.
func New(core *client.Core, c Config) *Client {
	api := core.API(client.Vendor{Name: vendorName, Credentials: c.credentials()})
	return &Client{api: api, endpoint: c.Endpoint, tokens: newTokenSources(core, tokenHTTP(api), c)}
}

// credentials are what identifies whose answers the client reads: the
// token given, or the client and where its tokens come from; never the
// token each process fetches, so that processes share answers.
func (c Config) credentials() []string {
	if c.AccessToken != "" {
		return []string{"access token", c.AccessToken}
	}
	tokenURL := ""
	if c.TokenURL != nil {
		tokenURL = c.TokenURL.String()
	}
	return []string{"client credentials", tokenURL, c.ClientID, c.ClientSecret}
}

// Usage reads every record q selects. A filter too long for the API runs
// as several queries, concurrently, whose records are merged without
// duplicates and put in q's order.
func (c *Client) Usage(ctx context.Context, q Query) ([]Usage, error) {
	return client.Collect(func(sink client.Sink[Usage]) error { return c.UsageEach(ctx, q, sink) })
}

// UsageEach reads what Usage reads, and hands the records to each in the
// same order, as soon as it can: a page at a time when one query with
// counts on its first page reads them (client.EachPage), all at once when
// the query walks next links or the filter was split (its parts are merged
// and deduplicated once all are read).
func (c *Client) UsageEach(ctx context.Context, q Query, sink client.Sink[Usage]) error {
	if q.OrderBy == "" {
		q.OrderBy = DefaultOrderBy
	}
	if q.PerPage <= 0 {
		q.PerPage = DefaultPerPage
	}
	filters := []string{q.Filter}
	if q.Filter == "" {
		filters = Filters(q.AccountIDs, q.Months)
		sink = sink.Checked(q.selection())
	}
	if len(filters) <= 1 {
		return c.readEach(ctx, q, strings.Join(filters, ""), sink)
	}
	results := make([][]Usage, len(filters))
	err := c.api.Parallel(ctx, len(filters), func(ctx context.Context, i int) (err error) {
		results[i], err = client.Collect(func(sink client.Sink[Usage]) error { return c.readEach(ctx, q, filters[i], sink) })
		return err
	})
	if err != nil {
		return err
	}
	merged, err := merge(results, q.OrderBy)
	if err != nil {
		return err
	}
	return sink.Take(merged)
}

// selection fails a record that the filter made of the query's account ids
// and months does not select: an API that ignored the filter, or part of
// it, would add other accounts' or months' usage to every total. Account
// ids compare without regard to case, as the API may compare them.
func (q Query) selection() func(*Usage) error {
	accounts := make(map[string]bool, len(q.AccountIDs))
	for _, id := range q.AccountIDs {
		accounts[AccountKey(id)] = true
	}
	months := make(map[string]bool, len(q.Months))
	for _, month := range q.Months {
		months[month] = true
	}
	return func(u *Usage) error {
		if len(accounts) > 0 {
			if id, ok := u.AccountID.Value(); !ok || !accounts[AccountKey(id)] {
				return q.outside(u, "account", u.AccountID, accountsListed(q.AccountIDs))
			}
		}
		if len(months) > 0 {
			if month, ok := u.Month.Value(); !ok || !months[month] {
				return q.outside(u, "month", u.Month, fmt.Sprintf("%s to %s", slices.Min(q.Months), slices.Max(q.Months)))
			}
		}
		return nil
	}
}

// AccountKey is an account id as account_ids are compared with the
// records': without regard to case, as the API may compare ids, and in
// Unicode normal form C, as Terraform holds account_ids.
func AccountKey(id string) string { return strings.ToLower(norm.NFC.String(id)) }

// outside is the error of a record whose field (its value, value) the
// filter, which selects selected, does not select.
func (q Query) outside(u *Usage, field string, value tolerant.String, selected string) error {
	name := "usage record (" + describeUsage(*u) + ")"
	if id, ok := u.ID.Value(); ok && id != "" {
		name = fmt.Sprintf("usage record %q", id)
	}
	text := "null"
	if v, ok := value.Value(); ok {
		text = strconv.Quote(v)
	}
	return &client.PagingError{Vendor: vendorName, Problem: fmt.Sprintf(
		"%s is for %s %s, which the filter does not select (%s): the API did not apply the filter the provider sent",
		name, field, text, selected)}
}

// accountsListed names the account ids asked for, or their number when
// there are many.
func accountsListed(ids []string) string {
	if len(ids) > 5 {
		return fmt.Sprintf("%d account_ids", len(ids))
	}
	return "account_ids " + strings.Join(ids, ", ")
}

// readEach reads every page of one filter and hands the records to each,
// in order.
func (c *Client) readEach(ctx context.Context, q Query, filter string, sink client.Sink[Usage]) error {
	params := url.Values{"order_by": {q.OrderBy}}
	if filter != "" {
		params.Set("filter", filter)
	}
	return pager[Usage]{c: c, l: usageListing, params: params, perPage: q.PerPage}.readEach(ctx, sink)
}

// usageListing is GET /express/usage/month.
var usageListing = &listing[Usage]{
	path: UsagePath, key: "usage", scope: UsageScope,
	expected: expectedBody, noun: "usage", whether: "whether there is usage",
	body:      func() body[Usage] { return &usageBody{} },
	id:        Usage.id,
	dedupe:    usageKey,
	describe:  client.KeyName,
	forbidden: forbiddenHint,
}

// usageBody is a usage page as sent.
type usageBody struct {
	halMeta
	Embedded *struct {
		Usage []Usage `json:"usage"`
	} `json:"_embedded"`
	Usage []Usage `json:"usage"`
}

// UnmarshalJSONFrom decodes a page as encoding/json does, but for a field
// named twice (tolerant.Record): "_embedded" given again as null after
// the records would read as no spend.
func (b *usageBody) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[usageBody]().Decode(dec, b)
}

func (b *usageBody) records() (embedded, top []Usage, hasEmbedded bool) {
	if b.Embedded == nil {
		return nil, b.Usage, false
	}
	return b.Embedded.Usage, b.Usage, true
}

func decodePage(resp *client.Response) (*page[Usage], error) {
	return usageListing.decode(resp, 0, nil, nil)
}

// DecodeUsagePage reads the records of one page of a usage listing, or the
// error it carries; the decode benchmarks measure it.
func DecodeUsagePage(resp *client.Response) ([]Usage, error) {
	p, err := decodePage(resp)
	if err != nil {
		return nil, err
	}
	return p.records.Rows, nil
}
