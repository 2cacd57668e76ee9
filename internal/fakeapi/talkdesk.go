package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The client credentials the Talkdesk fake's token endpoint accepts.
const (
	TalkdeskClientID     = "td-demo-client"
	TalkdeskClientSecret = "td-demo-secret-7c41e0b95a2d" //nolint:gosec // the fake's own made-up secret
)

// Paths of the Talkdesk fake: the token endpoint (on the same server as the
// API, for tests; token_url points at it), and the usage, accounts and
// invoices endpoints.
const (
	TalkdeskTokenPath    = "/oauth/token" //nolint:gosec // a path, not a credential
	TalkdeskPath         = "/express/usage/month"
	TalkdeskAccountsPath = "/express/accounts"
	TalkdeskInvoicesPath = "/express/invoices"
)

// The scope each endpoint of the fake requires of a token.
const (
	TalkdeskUsageScope    = "express-accounts-usage:read"
	TalkdeskAccountsScope = "express-accounts:read"
	TalkdeskInvoicesScope = "express-accounts-invoices:read"
)

// Talkdesk fakes Talkdesk Billing Insights: a client-credentials token
// endpoint (HTTP Basic, expiring tokens), and GET /express/usage/month with
// bearer auth, HAL pages with absolute links, per_page bounds, the filter
// grammar (account_id / month eq 'value', and, or, parentheses), order_by,
// and the {code, message, description, fields} error bodies: 400, 401, and
// 403 for a filter naming accounts outside the organisation. GET
// /express/accounts and /express/invoices serve their records in the same
// HAL pages, without filters. Each endpoint requires its own scope of the
// token (403 otherwise); the token endpoint issues tokens for the scopes
// asked for, any of the three. Queued replies are for the API endpoints,
// not the token endpoint.
type Talkdesk struct {
	script
	tokens   map[string]talkdeskToken
	accounts []json.RawMessage
	invoices []json.RawMessage
	issued   int
	lifetime time.Duration
	counters bool   // send count, page, per_page, total, total_pages
	noLast   bool   // leave out the last link
	nextBase string // when set, next links point here instead
	// listings caches the records each filter and order_by select, so a
	// listing of thousands of records is not parsed and sorted again for
	// every page (which would make the fake, not the provider, the cost a
	// benchmark measures). SetRows clears it.
	listings map[string][]map[string]any
}

// SetRows replaces the records the fake serves.
func (f *Talkdesk) SetRows(rows ...string) {
	f.script.SetRows(rows...)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listings = nil
}

// NewTalkdesk returns the fake with DefaultTalkdeskRecords and ten-minute
// tokens, without counters (the docs show them only on sibling endpoints).
func NewTalkdesk() *Talkdesk {
	f := &Talkdesk{tokens: map[string]talkdeskToken{}, lifetime: 10 * time.Minute}
	f.rows = raw(DefaultTalkdeskRecords...)
	f.accounts = raw(DefaultTalkdeskAccounts...)
	f.invoices = raw(DefaultTalkdeskInvoiceLines...)
	return f
}

// talkdeskToken is an issued token: when it expires, and its scopes.
type talkdeskToken struct {
	expiry time.Time
	scopes []string
}

// SetAccounts replaces the accounts the fake serves.
func (f *Talkdesk) SetAccounts(accounts ...string) { locked(&f.script, &f.accounts, raw(accounts...)) }

// SetInvoiceLines replaces the invoice lines the fake serves.
func (f *Talkdesk) SetInvoiceLines(lines ...string) { locked(&f.script, &f.invoices, raw(lines...)) }

// Accounts of the default records.
const (
	TalkdeskAccountA = "5ea7a1c3e4b0d92f1a6b3c01"
	TalkdeskAccountB = "5ea7a1c3e4b0d92f1a6b3c02"
)

// DefaultTalkdeskRecords are records of two accounts over December 2023 and
// January 2024: USD amounts 0.1 and 0.2 (exact sum 0.3) beside 14.4 and 25,
// one EUR record, null direction and resolution, an enum value the docs do
// not list (FAX), and numbers sent as strings. USD totals 39.7, EUR 3.5.
var DefaultTalkdeskRecords = []string{
	`{"id":"u-0001","account_id":"` + TalkdeskAccountA + `","product_id":"TD-LIC-APP-RC-101910","aggr_product_id":"TD-LIC","month":"2023-12","type":"PRODUCT_SERVICE","description":"Talkdesk CX Cloud Elite licence","currency":"USD","direction":null,"resolution":null,"unit":"licence","price":25,"wallet_name":"Main","number_of_units":1,"total_amount":25}`,
	`{"id":"u-0002","account_id":"` + TalkdeskAccountA + `","product_id":"TD-TEL-US-IN","aggr_product_id":"TD-TEL","month":"2024-01","type":"CALL","description":"Inbound calls, United States","currency":"USD","direction":"INBOUND","resolution":"minute","unit":"minute","price":0.012,"wallet_name":"Main","number_of_units":1200,"total_amount":14.4}`,
	`{"id":"u-0003","account_id":"` + TalkdeskAccountA + `","product_id":"TD-SMS-US-OUT","aggr_product_id":"TD-SMS","month":"2024-01","type":"MESSAGE","description":"Outbound SMS","currency":"USD","direction":"OUTBOUND","resolution":null,"unit":"message","price":"0.01","wallet_name":"Main","number_of_units":"10","total_amount":"0.1"}`,
	`{"id":"u-0004","account_id":"` + TalkdeskAccountB + `","product_id":"TD-FAX-US","aggr_product_id":"TD-FAX","month":"2024-01","type":"FAX","description":"Fax pages","currency":"USD","direction":"OTHER","resolution":"page","unit":"page","price":0.02,"wallet_name":"Support","number_of_units":10,"total_amount":0.2}`,
	`{"id":"u-0005","account_id":"` + TalkdeskAccountB + `","product_id":"TD-TEL-DE-OUT","aggr_product_id":"TD-TEL","month":"2024-01","type":"CALL","description":"Outbound calls, Germany","currency":"EUR","direction":"OUTBOUND","resolution":"minute","unit":"minute","price":0.035,"wallet_name":"Support","number_of_units":100,"total_amount":3.5}`,
}

// TalkdeskAccountC is the account without a name (and the one billed in
// GBP); TalkdeskAccountD has left the organisation (INACTIVE).
const (
	TalkdeskAccountC = "5ea7a1c3e4b0d92f1a6b3c03"
	TalkdeskAccountD = "5ea7a1c3e4b0d92f1a6b3c04"
)

// DefaultTalkdeskAccounts are the organisation's accounts: the two of the
// usage records, one without a name, one without a company name, in four
// statuses (one of them, TRIAL_LOST, beyond the usual ones).
var DefaultTalkdeskAccounts = []string{
	`{"id":"` + TalkdeskAccountA + `","name":"Acme Support","company_name":"Acme Corp","status":"ACTIVE"}`,
	`{"id":"` + TalkdeskAccountB + `","name":"Acme Sales EU","company_name":"Acme Corp","status":"IN_TRIAL"}`,
	`{"id":"` + TalkdeskAccountC + `","name":null,"company_name":"Acme Labs","status":"CHURNED"}`,
	`{"id":"` + TalkdeskAccountD + `","name":"Legacy Outbound","status":"TRIAL_LOST"}`,
}

// DefaultTalkdeskInvoiceLines are four invoices, one line per record, the
// invoice's fields repeated on each line: account A's July invoice (PAID,
// USD 39.4) and August invoice (OVERDUE, USD 25.3, numbers as strings),
// account B's August invoice (OPEN, EUR 0.1 + 0.2 + 3.5 = 3.8, the account
// spelled "account ID" as the API reference does), and account C's
// September draft (GBP 12.5, both spellings, no due date). USD totals
// 64.7, EUR 3.8, GBP 12.5.
var DefaultTalkdeskInvoiceLines = []string{
	`{"id":"il-0001","account_id":"` + TalkdeskAccountA + `","number":"INV-2024-0001","date":"2024-07-31T00:00:00.000Z","due_date":"2024-08-30T00:00:00.000Z","status":"PAID","currency":"USD","total_invoice_amount":39.4,"product_id":"TD-LIC-APP-RC-101910","description":"Talkdesk CX Cloud Elite licence","quantity":1,"rate":25,"amount":25}`,
	`{"id":"il-0002","account_id":"` + TalkdeskAccountA + `","number":"INV-2024-0001","date":"2024-07-31T00:00:00.000Z","due_date":"2024-08-30T00:00:00.000Z","status":"PAID","currency":"USD","total_invoice_amount":39.4,"product_id":"TD-TEL-US-IN","description":"Inbound calls, United States","quantity":1200,"rate":0.012,"amount":14.4}`,
	`{"id":"il-0003","account_id":"` + TalkdeskAccountA + `","number":"INV-2024-0002","date":"2024-08-31T00:00:00.000Z","due_date":"2024-09-30T00:00:00.000Z","status":"OVERDUE","currency":"USD","total_invoice_amount":"25.3","product_id":"TD-LIC-APP-RC-101910","description":"Talkdesk CX Cloud Elite licence","quantity":"1","rate":"25","amount":"25"}`,
	`{"id":"il-0004","account_id":"` + TalkdeskAccountA + `","number":"INV-2024-0002","date":"2024-08-31T00:00:00.000Z","due_date":"2024-09-30T00:00:00.000Z","status":"OVERDUE","currency":"USD","total_invoice_amount":"25.3","product_id":"TD-SMS-US-OUT","description":"Outbound SMS","quantity":"30","rate":"0.01","amount":"0.3"}`,
	`{"id":"il-0005","account ID":"` + TalkdeskAccountB + `","number":"INV-2024-0003","date":"2024-08-31T00:00:00.000Z","due_date":"2024-09-30T00:00:00.000Z","status":"OPEN","currency":"EUR","total_invoice_amount":3.8,"product_id":"TD-TEL-DE-OUT","description":"Outbound calls, Germany","quantity":100,"rate":0.035,"amount":3.5}`,
	`{"id":"il-0006","account ID":"` + TalkdeskAccountB + `","number":"INV-2024-0003","date":"2024-08-31T00:00:00.000Z","due_date":"2024-09-30T00:00:00.000Z","status":"OPEN","currency":"EUR","total_invoice_amount":3.8,"product_id":"TD-FAX-DE","description":"Fax pages","quantity":10,"rate":0.01,"amount":0.1}`,
	`{"id":"il-0007","account ID":"` + TalkdeskAccountB + `","number":"INV-2024-0003","date":"2024-08-31T00:00:00.000Z","due_date":"2024-09-30T00:00:00.000Z","status":"OPEN","currency":"EUR","total_invoice_amount":3.8,"product_id":"TD-SMS-DE-OUT","description":"Outbound SMS","quantity":20,"rate":0.01,"amount":0.2}`,
	`{"id":"il-0008","account_id":"` + TalkdeskAccountC + `","account ID":"` + TalkdeskAccountC + `","number":"INV-2024-0004","date":"2024-09-30T00:00:00.000Z","due_date":null,"status":"DRAFT","currency":"GBP","total_invoice_amount":"12.5","product_id":"TD-LIC-APP-RC-101910","description":"Talkdesk CX Cloud licence","quantity":"1","rate":"12.5","amount":"12.5"}`,
}

// TalkdeskRecords makes one record per account and month, ids t-00001 up,
// each with total_amount 1 USD: for paging and filter-splitting tests.
func TalkdeskRecords(accounts, months []string) []string {
	var records []string
	for _, account := range accounts {
		for _, month := range months {
			records = append(records, fmt.Sprintf(`{"id":"t-%05d","account_id":%q,"product_id":"TD-LIC","aggr_product_id":"TD-LIC","month":%q,"type":"PRODUCT_SERVICE","description":"Licence","currency":"USD","direction":null,"resolution":null,"unit":"licence","price":1,"wallet_name":"Main","number_of_units":1,"total_amount":1}`,
				len(records)+1, account, month))
		}
	}
	return records
}

// TalkdeskUsage makes n usage records, ids t-1 up, amounts id/100 in
// USD, spread over 1 000 accounts and the 12 months of 2026: for
// benchmarks at scale, whose breakdowns stay the size of an organisation's.
func TalkdeskUsage(n int) []string {
	records := make([]string, n)
	for i := range n {
		records[i] = fmt.Sprintf(`{"id":"t-%d","account_id":"acct-%d","product_id":"TD-LIC","aggr_product_id":"TD-LIC","month":"2026-%02d","type":"PRODUCT_SERVICE","description":"Licence","currency":"USD","direction":null,"resolution":null,"unit":"licence","price":1,"wallet_name":"Main","number_of_units":1,"total_amount":%s}`,
			i+1, i%1000+1, i/1000%12+1, decimal.New(int64(i+1), -2))
	}
	return records
}

// TalkdeskInvoiceLines makes n invoice lines, ids il-1 up, ten lines an
// invoice, amounts id/100 in USD, spread over 1 000 accounts: for
// benchmarks at scale.
func TalkdeskInvoiceLines(n int) []string {
	lines := make([]string, n)
	for i := range n {
		lines[i] = fmt.Sprintf(`{"id":"il-%d","account_id":"acct-%d","number":"INV-%d","date":"2026-10-31T00:00:00.000Z","due_date":"2026-11-30T00:00:00.000Z","status":"PAID","currency":"USD","total_invoice_amount":100,"product_id":"TD-LIC","description":"Licence","quantity":1,"rate":1,"amount":%s}`,
			i+1, i/10%1000+1, i/10+1, decimal.New(int64(i+1), -2))
	}
	return lines
}

// SetTokenLifetime sets how long new tokens live (at least a second: the
// token endpoint answers in whole seconds).
func (f *Talkdesk) SetTokenLifetime(d time.Duration) { locked(&f.script, &f.lifetime, d) }

// RevokeTokens makes every token issued so far invalid, as a rotated
// client secret or an administrator would.
func (f *Talkdesk) RevokeTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.tokens)
}

// SetCounters makes pages carry count, page, per_page, total and
// total_pages.
func (f *Talkdesk) SetCounters(on bool) { locked(&f.script, &f.counters, on) }

// SetLastLink makes pages carry a last link (the default) or not; without
// it and without counters, clients must follow next links.
func (f *Talkdesk) SetLastLink(on bool) { locked(&f.script, &f.noLast, !on) }

// SetNextLinkBase makes next links point at base (another host) instead.
func (f *Talkdesk) SetNextLinkBase(base string) { locked(&f.script, &f.nextBase, base) }

// TokenRequests is how many token requests the fake has had.
func (f *Talkdesk) TokenRequests() int { return len(f.RequestsTo(TalkdeskTokenPath)) }

// TokenScopes is the scope parameter of every token request, in order.
func (f *Talkdesk) TokenScopes() []string {
	var scopes []string
	for _, r := range f.RequestsTo(TalkdeskTokenPath) {
		scopes = append(scopes, r.Form.Get("scope"))
	}
	return scopes
}

// UsageRequests are the usage requests the fake has had.
func (f *Talkdesk) UsageRequests() []Recorded { return f.RequestsTo(TalkdeskPath) }

// RequestsTo are the requests the fake has had to path.
func (f *Talkdesk) RequestsTo(path string) []Recorded {
	var out []Recorded
	for _, r := range f.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (f *Talkdesk) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+TalkdeskTokenPath, f.handleUnqueued(f.serveToken))
	mux.HandleFunc("GET "+TalkdeskPath, f.handle(f.serveUsage))
	mux.HandleFunc("GET "+TalkdeskAccountsPath, f.handle(f.serveListing(TalkdeskAccountsPath, "accounts", TalkdeskAccountsScope, &f.accounts)))
	mux.HandleFunc("GET "+TalkdeskInvoicesPath, f.handle(f.serveListing(TalkdeskInvoicesPath, "invoices", TalkdeskInvoicesScope, &f.invoices)))
}

// talkdeskScopes are the scopes the token endpoint issues.
var talkdeskScopes = []string{TalkdeskUsageScope, TalkdeskAccountsScope, TalkdeskInvoicesScope}

func (f *Talkdesk) serveToken(w http.ResponseWriter, r *http.Request, _ int) {
	id, secret, ok := r.BasicAuth()
	switch {
	case !ok || id != TalkdeskClientID || secret != TalkdeskClientSecret:
		writeReply(w, TalkdeskTokenError(http.StatusUnauthorized, "invalid_client", "Client authentication failed."))
		return
	case r.PostForm.Get("grant_type") != "client_credentials":
		writeReply(w, TalkdeskTokenError(http.StatusBadRequest, "unsupported_grant_type", "Only client_credentials is supported."))
		return
	}
	scopes := strings.Fields(r.PostForm.Get("scope"))
	if len(scopes) == 0 {
		writeReply(w, TalkdeskTokenError(http.StatusBadRequest, "invalid_scope", "At least one scope is required."))
		return
	}
	for _, scope := range scopes {
		if !slices.Contains(talkdeskScopes, scope) {
			writeReply(w, TalkdeskTokenError(http.StatusBadRequest, "invalid_scope", "The scope "+scope+" is not granted to this client."))
			return
		}
	}
	f.mu.Lock()
	f.issued++
	token := fmt.Sprintf("td-access-token-%04d", f.issued)
	lifetime := max(f.lifetime, time.Second)
	f.tokens[token] = talkdeskToken{expiry: time.Now().Add(lifetime), scopes: scopes}
	f.mu.Unlock()
	body, _ := json.Marshal(map[string]any{
		"access_token": token, "token_type": "Bearer", "expires_in": int(lifetime / time.Second), "scope": r.PostForm.Get("scope"),
	})
	writeReply(w, Reply{Status: http.StatusOK, Body: string(body)})
}

// TalkdeskTokenError is the token endpoint's error body.
func TalkdeskTokenError(status int, code, description string) Reply {
	body, _ := json.Marshal(map[string]string{"error": code, "error_description": description})
	return Reply{Status: status, Body: string(body)}
}

// TalkdeskError is the API's error body.
func TalkdeskError(status int, code, message, description string, fields ...[2]string) Reply {
	list := []map[string]string{}
	for _, field := range fields {
		list = append(list, map[string]string{"name": field[0], "description": field[1]})
	}
	body, _ := json.Marshal(map[string]any{"code": code, "message": message, "description": description, "fields": list})
	return Reply{Status: status, Body: string(body)}
}

// authorized answers a request whose token is unknown, expired (401) or
// lacks scope (403), and reports whether the request may go on.
func (f *Talkdesk) authorized(w http.ResponseWriter, r *http.Request, scope string) bool {
	f.mu.Lock()
	token, known := f.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	f.mu.Unlock()
	switch {
	case !known || time.Now().After(token.expiry):
		writeReply(w, TalkdeskError(http.StatusUnauthorized, "1001", "Unauthorized", "The access token is invalid or has expired."))
		return false
	case !slices.Contains(token.scopes, scope):
		writeReply(w, TalkdeskError(http.StatusForbidden, "1002", "Forbidden", "The access token does not have the scope "+scope+"."))
		return false
	}
	return true
}

// serveListing serves every record of *records (read when asked) as HAL
// pages of path, the records under _embedded.<key>, to tokens with scope.
func (f *Talkdesk) serveListing(path, key, scope string, records *[]json.RawMessage) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		if !f.authorized(w, r, scope) {
			return
		}
		page, perPage, failure := talkdeskPaging(r.URL.Query())
		if failure != nil {
			writeReply(w, *failure)
			return
		}
		f.mu.Lock()
		rows := *records // the setters replace it, never change it
		f.mu.Unlock()
		writeReply(w, Reply{Status: http.StatusOK, Body: halPage(f, r, path, key, rows, page, perPage)})
	}
}

func (f *Talkdesk) serveUsage(w http.ResponseWriter, r *http.Request, _ int) {
	if !f.authorized(w, r, TalkdeskUsageScope) {
		return
	}
	query := r.URL.Query()
	page, perPage, failure := talkdeskPaging(query)
	if failure != nil {
		writeReply(w, *failure)
		return
	}
	records, failure := f.listing(query.Get("filter"), query.Get("order_by"))
	if failure != nil {
		writeReply(w, *failure)
		return
	}
	writeReply(w, Reply{Status: http.StatusOK, Body: halPage(f, r, TalkdeskPath, "usage", records, page, perPage)})
}

// listing is the records filter selects in orderBy order, or the error the
// API gives for them.
func (f *Talkdesk) listing(filter, orderBy string) ([]map[string]any, *Reply) {
	key := filter + "\x00" + orderBy
	f.mu.Lock()
	cached, ok := f.listings[key]
	f.mu.Unlock()
	if ok {
		return cached, nil
	}
	records, failure := f.selected(filter)
	if failure != nil {
		return nil, failure
	}
	if len(orderBy) > 40 {
		reply := TalkdeskError(http.StatusBadRequest, "1000", "Bad Request", "Invalid parameters.", [2]string{"order_by", "must be at most 40 characters"})
		return nil, &reply
	}
	sortTalkdesk(records, orderBy)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.listings == nil {
		f.listings = map[string][]map[string]any{}
	}
	f.listings[key] = records
	return records, nil
}

func talkdeskPaging(query url.Values) (page, perPage int, failure *Reply) {
	page, perPage = 1, 50
	var err error
	if v := query.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			reply := TalkdeskError(http.StatusBadRequest, "1000", "Bad Request", "Invalid parameters.", [2]string{"page", "must be at least 1"})
			return 0, 0, &reply
		}
	}
	if v := query.Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > 250 {
			reply := TalkdeskError(http.StatusBadRequest, "1000", "Bad Request", "Invalid parameters.", [2]string{"per_page", "must be between 1 and 250"})
			return 0, 0, &reply
		}
	}
	return page, perPage, nil
}

// selected applies the filter to the records. A filter that names an
// account the organisation does not have is refused with 403.
func (f *Talkdesk) selected(filter string) ([]map[string]any, *Reply) {
	f.mu.Lock()
	records := make([]map[string]any, len(f.rows))
	for i, row := range f.rows {
		_ = json.Unmarshal(row, &records[i])
	}
	f.mu.Unlock()
	if filter == "" {
		return records, nil
	}
	if len(filter) > 1600 {
		reply := TalkdeskError(http.StatusBadRequest, "1000", "Bad Request", "Invalid parameters.", [2]string{"filter", "must be at most 1600 characters"})
		return nil, &reply
	}
	match, accounts, err := parseTalkdeskFilter(filter)
	if err != nil {
		reply := TalkdeskError(http.StatusBadRequest, "1000", "Bad Request", "Invalid parameters.", [2]string{"filter", err.Error()})
		return nil, &reply
	}
	for _, account := range accounts {
		if !slices.ContainsFunc(records, func(r map[string]any) bool { return r["account_id"] == account }) {
			reply := TalkdeskError(http.StatusForbidden, "1003", "Forbidden", fmt.Sprintf("Account %s does not belong to the organisation.", account))
			return nil, &reply
		}
	}
	var out []map[string]any
	for _, record := range records {
		if match(record) {
			out = append(out, record)
		}
	}
	return out, nil
}

// sortTalkdesk orders records by "field:asc|desc[,...]".
func sortTalkdesk(records []map[string]any, orderBy string) {
	if orderBy == "" {
		orderBy = "id:desc"
	}
	var keys []sortKey
	for _, key := range strings.Split(orderBy, ",") {
		field, direction, _ := strings.Cut(key, ":")
		keys = append(keys, sortKey{field: field, desc: direction == "desc"})
	}
	sortRecords(records, keys, func(r map[string]any, field string) json.RawMessage {
		if r[field] == nil {
			return nil
		}
		b, _ := json.Marshal(r[field])
		return b
	})
}

// halPage renders one page of a listing at path with absolute links, as
// Talkdesk does, the records under _embedded.<key>.
func halPage[T any](f *Talkdesk, r *http.Request, path, key string, records []T, page, perPage int) string {
	f.mu.Lock()
	counters, noLast, nextBase := f.counters, f.noLast, f.nextBase
	f.mu.Unlock()
	totalPages := max(1, (len(records)+perPage-1)/perPage)
	items := pageOf(records, page, perPage)
	base := "http://" + r.Host
	href := func(base string, n int) map[string]string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return map[string]string{"href": base + path + "?" + q.Encode()}
	}
	links := map[string]any{"self": href(base, page), "first": href(base, 1), "show": map[string]string{"href": base + path + "/{id}"}}
	if !noLast {
		links["last"] = href(base, totalPages)
	}
	if page > 1 {
		links["prev"] = href(base, page-1)
	}
	if page < totalPages {
		if nextBase != "" {
			links["next"] = href(nextBase, page+1)
		} else {
			links["next"] = href(base, page+1)
		}
	}
	// HAL leaves _embedded out when there is nothing to embed: an empty
	// listing is its links alone.
	body := map[string]any{"_links": links}
	if len(items) > 0 {
		body["_embedded"] = map[string]any{key: items}
	}
	if counters {
		body["count"], body["page"], body["per_page"], body["total"], body["total_pages"] = len(items), page, perPage, len(records), totalPages
	}
	out, _ := json.Marshal(body)
	return string(out)
}
