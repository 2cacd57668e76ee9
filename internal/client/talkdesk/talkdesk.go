// Package talkdesk reads Talkdesk Billing Insights: the monthly usage of an
// organisation's accounts (GET /express/usage/month), its accounts and its
// invoice lines, with OAuth 2.0 bearer tokens, HAL-style pages, and (for
// usage) a filter language of its own.
package talkdesk

import (
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

// unauthorizedHint is the hint on a 401 from an endpoint that needs scope.
func unauthorizedHint(scope string) string {
	return "Talkdesk refused the access token. Check talkdesk.access_token (or TALKDESK_ACCESS_TOKEN), " +
		"or the client credentials, and the scope " + scope + "."
}

// forbiddenScopeHint is the hint on a 403 from an endpoint without filters
// of its own, where the likely cause is a token without its scope.
func forbiddenScopeHint(scope string) string {
	return "The access token may lack the scope " + scope + ": give the OAuth client that scope, and list it in " +
		"talkdesk.scopes (or TALKDESK_SCOPES) when that is set, or leave talkdesk.scopes unset so that each data source " +
		"asks for its own scope."
}

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

// merge joins the records of split queries, dropping a record another
// part returned too (the same id, alike in every field), and sorts them by
// orderBy, so the result reads as one query's. Two records with one id
// that differ fail the merge, as they fail one page: dropping either would
// lose its amount. A record without an id that two parts both hold (alike
// in every field, keyed as the listing keys it) fails the merge too:
// whether it is one record matched twice or two records cannot be told.
// (Within one part, the listing has refused two alike.)
func merge(results [][]Usage, orderBy string) ([]Usage, error) {
	type held struct {
		part int
		key  string // all of its fields
	}
	var merged []Usage
	seen := map[string]held{}  // a record with an id, by its id
	partOf := map[string]int{} // a record without an id, by its key: the part that holds it
	for part, records := range results {
		for _, r := range records {
			if id, ok := r.ID.Value(); ok && id != "" {
				key := client.FieldsKey(r)
				if first, ok := seen[id]; ok {
					if first.key != key {
						return nil, &client.PagingError{Vendor: vendorName, Problem: fmt.Sprintf("two different usage records have the id %q, "+
							"in the answers to parts %d and %d of the split filter: dropping either would lose its amount", id, first.part+1, part+1)}
					}
					continue
				}
				seen[id] = held{part: part, key: key}
			} else {
				key, _ := usageKey(r)
				if first, ok := partOf[key]; ok && first != part {
					return nil, &client.PagingError{Vendor: vendorName, Problem: fmt.Sprintf("a usage record without an id (%s) "+
						"is in the answers to two parts of the split filter, %d and %d: whether it is one record or two cannot be told",
						describeUsage(r), first+1, part+1)}
				}
				partOf[key] = part
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
	return merged, nil
}

// usageKey tells a usage record from a repeat of it: its id, or all of its
// fields (client.RecordKey).
var usageKey = client.RecordKey(Usage.id)

// describeUsage names a record without an id by its account, month and
// type, as far as it has them.
func describeUsage(u Usage) string {
	var parts []string
	for _, field := range []struct {
		name  string
		value tolerant.String
	}{{"account_id", u.AccountID}, {"month", u.Month}, {"type", u.Type}} {
		if v, ok := field.value.Value(); ok {
			parts = append(parts, fmt.Sprintf("%s %q", field.name, v))
		}
	}
	return strings.Join(parts, ", ")
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

// usageFields reads a record's fields by their JSON names, as text: every
// field of Usage, so that a field added to it can be ordered by.
var usageFields = tolerant.TextsOf[Usage]()

// compareValues orders two values: an empty value (null) first, then
// numbers by value, then text by its bytes, so that the order is one
// whatever order the parts came in. A number is what tolerant reads as
// one: a text that only looks like a number of a huge exponent is text,
// compared at once.
func compareValues(a, b string) int {
	if a == "" || b == "" {
		return cmp.Compare(len(a), len(b))
	}
	x, errA := tolerant.ParseDecimal(a)
	y, errB := tolerant.ParseDecimal(b)
	switch {
	case errA == nil && errB == nil:
		return x.Cmp(y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
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
// any other body, into an error; its hint names the scope the endpoint
// needs.
func apiError(resp *client.Response, scope, forbidden string) error {
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
		err.Hint = unauthorizedHint(scope)
	case http.StatusForbidden:
		err.Hint = forbidden
	}
	return err
}
