package fakeapi

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// OcambaToken is the bearer token the Ocamba fake accepts.
const OcambaToken = "oc-demo-token-9d3b7e21c4a0f865" //nolint:gosec // the fake's own made-up token

// OcambaPath is the usage ("List Billing") endpoint.
const OcambaPath = "/v2/ocamba/usage"

// OcambaInvoicesPath is the invoices ("List Invoices") endpoint.
const OcambaInvoicesPath = "/v2/ocamba/invoices"

// ocambaDefaultPageSize is what the fake serves for page=N without M (the
// docs say it "depends on the resource settings").
const ocambaDefaultPageSize = 20

// ocambaSortable maps the API's sort fields for usage to record fields.
// create_time and update_time are sortable but not in the records: they
// keep order. Invoices have no such list (Ocamba does not publish it): the
// fake sorts them by any field of the records.
var ocambaSortable = map[string]string{
	"price": "price", "discount": "discount", "amount": "amount", "currency_code": "currency_code",
	"limit_status": "limit_status", "usage_percent": "usage_percent", "start_date": "start_time",
	"end_date": "end_time", "create_time": "", "update_time": "",
}

// Ocamba fakes GET /v2/ocamba/usage and GET /v2/ocamba/invoices: bearer
// auth, page=N,M paging over the records it holds, q / q_fields search,
// sort, {code, title, message, trace_id} errors, X-RateLimit-* headers, and
// optionally a limit on requests in parallel (429 with Retry-After: -1) and
// a cap on page sizes. Both listings are served alike, and share the
// queued replies, the limits and the record of requests: one API.
type Ocamba struct {
	script
	invoices    []json.RawMessage
	token       string
	maxParallel int
	// refusedParallel counts the requests refused for maxParallel.
	refusedParallel int
	maxPageSize     int
	window          rateWindow
}

// rateWindow is a rate limit of perWindow requests in fixed windows of
// length, announced on every answer and enforced with 429s, as Ocamba's
// per-second and per-minute limits are.
type rateWindow struct {
	perWindow int // 0: no limit, none announced
	length    time.Duration
	start     time.Time
	used      int
	refused   []string // the page parameter of each request refused
}

// SetRateLimit makes the fake allow n requests per window of length,
// announcing what is left in X-RateLimit-* headers and answering 429 with
// Retry-After beyond it. Zero: no limit, and none announced.
func (f *Ocamba) SetRateLimit(n int, length time.Duration) {
	locked(&f.script, &f.window, rateWindow{perWindow: n, length: length})
}

// RateLimitedPages is the page parameter of every request the fake refused for
// its rate limit, in order.
func (f *Ocamba) RateLimitedPages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.window.refused)
}

// admit counts a request against the window: the headers to announce, and
// whether the request is over the limit. The caller holds f.mu.
func (w *rateWindow) admit(now time.Time, page string) (http.Header, bool) {
	if w.perWindow == 0 {
		return http.Header{}, true
	}
	if w.start.IsZero() || !now.Before(w.start.Add(w.length)) {
		w.start, w.used = now, 0
	}
	w.used++
	// Whole seconds, rounded up: a client that waits this long finds the
	// window reset.
	reset := strconv.Itoa(int(math.Ceil(w.start.Add(w.length).Sub(now).Seconds())))
	if w.used > w.perWindow {
		w.refused = append(w.refused, page)
		return http.Header{"Retry-After": {reset}}, false
	}
	return http.Header{
		"X-Ratelimit-Limit":     {strconv.Itoa(w.perWindow)},
		"X-Ratelimit-Remaining": {strconv.Itoa(w.perWindow - w.used)},
		"X-Ratelimit-Reset":     {reset},
	}, true
}

// SetToken makes the fake accept token, and no longer the one before: an
// account's other credential.
func (f *Ocamba) SetToken(token string) { locked(&f.script, &f.token, token) }

// SetMaxParallel makes the fake refuse, with 429 and Retry-After: -1, any
// request beyond n in flight at once. Zero: no limit.
func (f *Ocamba) SetMaxParallel(n int) { locked(&f.script, &f.maxParallel, n) }

// ParallelRefusals is how many requests the fake refused for SetMaxParallel's
// limit.
func (f *Ocamba) ParallelRefusals() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refusedParallel
}

// SetMaxPageSize makes the fake serve at most n records per page whatever
// M asks for, as an API with an undocumented cap might. Zero: no cap.
func (f *Ocamba) SetMaxPageSize(n int) { locked(&f.script, &f.maxPageSize, n) }

// DefaultOcambaRateLimit is the limit the fake announces and enforces unless
// a test sets another: generous, so that only tests of rate limits meet it.
const DefaultOcambaRateLimit = 1000 // requests per second

// NewOcamba returns the fake with OcambaToken, DefaultOcambaRecords,
// DefaultOcambaInvoices and DefaultOcambaRateLimit.
func NewOcamba() *Ocamba {
	f := &Ocamba{token: OcambaToken, window: rateWindow{perWindow: DefaultOcambaRateLimit, length: time.Second}}
	f.rows = raw(DefaultOcambaRecords...)
	f.invoices = raw(DefaultOcambaInvoices...)
	return f
}

// SetInvoices replaces the invoices the fake serves; each is one JSON
// object, sent as written.
func (f *Ocamba) SetInvoices(invoices ...string) { locked(&f.script, &f.invoices, raw(invoices...)) }

// DefaultOcambaRecords are the three records of Ocamba's documented
// example, then one in EUR with 0.1 and 0.2 line amounts (exact sum 0.3)
// and numbers sent as strings. Line amounts total 1.2 USD and 0.3 EUR; the
// second and fourth records carry record-level price and amount, the others
// leave them out.
var DefaultOcambaRecords = []string{
	`{"id":"1971","company_id":"6197120","app_id":"1001","items":[{"name":"adex requests","quantity":5938,"unit_price":0,"price":0,"discount_rate":0,"discount":0,"tax_rate":20,"tax":0,"amount":0,"description":"Adex Requests","unit":1}],"currency_code":"USD","limit_status":"0","usage_percent":0.59,"start_time":"2021-11-01T00:00:00Z","end_time":"2021-11-30T00:00:00Z"}`,
	`{"id":"1969","company_id":"6197120","app_id":"1007","items":[{"name":"enterprise","quantity":1,"unit_price":1,"price":1,"discount_rate":0,"discount":0,"tax_rate":20,"tax":0.2,"amount":1.2,"description":"Ocamba MST Enterprise Plan (Annually)","unit":1}],"price":1,"amount":1.2,"currency_code":"USD","limit_status":"0","start_time":"2021-10-30T00:00:00Z","end_time":"2021-11-29T00:00:00Z"}`,
	`{"id":"1982","company_id":"6197120","app_id":"1003","items":[{"name":"subscribers","quantity":98985,"unit_price":0,"price":0,"discount_rate":0,"discount":0,"tax_rate":20,"tax":0,"amount":0,"description":"Subscribers included in plan","unit":1}],"currency_code":"USD","limit_status":"0","usage_percent":9.9,"start_time":"2021-11-01T00:00:00Z","end_time":"2021-11-30T00:00:00Z"}`,
	`{"id":"2004","company_id":"6197120","app_id":"1009","items":[{"name":"push sends","quantity":"1000","unit_price":"0.0001","price":"0.1","discount_rate":0,"discount":0,"tax_rate":0,"tax":0,"amount":"0.1","description":"Push notifications sent","unit":1},{"name":"push sends overage","quantity":2000,"unit_price":0.0001,"price":0.2,"discount_rate":0,"discount":0,"tax_rate":0,"tax":0,"amount":0.2,"description":"Push notifications over plan","unit":1}],"price":"0.3","amount":"0.3","currency_code":"EUR","limit_status":"1","usage_percent":"100","start_time":"2021-11-01T00:00:00Z","end_time":"2021-11-30T00:00:00Z"}`,
}

// OcambaRecords makes n records, ids 1 to n, alternating USD and EUR, each
// with one line item whose amount is id/100: for paging tests and
// benchmarks.
func OcambaRecords(n int) []string {
	return numbered(n, func(id int, currency string, amount decimal.Decimal) string {
		return fmt.Sprintf(`{"id":"%d","company_id":"6197120","app_id":"1001","items":[{"name":"requests","quantity":%d,"unit_price":0.01,"price":%s,"discount_rate":0,"discount":0,"tax_rate":0,"tax":0,"amount":%s,"description":"Requests","unit":1}],"currency_code":"%s","limit_status":"0","start_time":"2026-10-01T00:00:00Z","end_time":"2026-10-31T00:00:00Z"}`,
			id, id, amount, amount, currency)
	})
}

// numbered makes n records with record, for ids 1 to n, alternating USD
// and EUR, each of amount id/100.
func numbered(n int, record func(id int, currency string, amount decimal.Decimal) string) []string {
	records := make([]string, n)
	for i := range n {
		id := i + 1
		records[i] = record(id, [...]string{"USD", "EUR"}[i%2], decimal.New(int64(id), -2))
	}
	return records
}

// DefaultOcambaInvoices are the two invoices of Ocamba's documented
// example (the second's dates, cut from the docs, made up), then three as
// of late 2026: a paid EUR invoice with every number a numeric string and
// sent as true; an "overdue" EUR invoice (the status Ocamba does not
// document, chosen over inferring it from the due date) without
// payment_time; an unpaid USD invoice, not yet due, with two line items,
// sent as 0 and payment_time null. Amounts: USD 11.99 + 119.99 + 119.99 =
// 251.97, EUR 35.88 + 11.99 = 47.87 (which float64 gets wrong).
var DefaultOcambaInvoices = []string{
	`{"id":"2c9ab0a8-d0d2-49aa-b790-9697cc3aed14","company_id":"6197120","app_id":"1003","invoice_number":"OCM-213376","status":"paid","price":9.99,"tax":2,"amount":11.99,"currency_code":"USD","pdf":"https://dev-storage.ocamba.com/6197120/ocamba/invoices/OCM-213376.pdf","sent":1,"items":[{"name":"Ocamba Push Startup Plan (Monthly)","quantity":1,"unit_price":9.99,"price":9.99,"discount_rate":0,"discount":0,"tax_rate":20,"tax":2,"amount":11.99}],"due_date":"2021-11-24","payment_time":"2021-11-24 10:23:55","create_time":"2021-11-24 10:23:55","update_time":"2021-11-24 10:24:04"}`,
	`{"id":"6c5206d1-e4d7-4331-8db6-0fa7b4905592","company_id":"6197120","app_id":"1003","invoice_number":"OCM-213375","status":"paid","price":99.99,"tax":20,"amount":119.99,"currency_code":"USD","pdf":"https://dev-storage.ocamba.com/6197120/ocamba/invoices/OCM-213375.pdf","sent":1,"items":[{"name":"Ocamba Push Business Plan (Monthly)","quantity":1,"unit_price":99.99,"price":99.99,"discount_rate":0,"discount":0,"tax_rate":20,"tax":20,"amount":119.99}],"due_date":"2021-10-24","payment_time":"2021-10-24 09:12:41","create_time":"2021-10-24 09:12:41","update_time":"2021-10-24 09:12:50"}`,
	`{"id":"9f1c3e52-7a4b-4d0e-8c21-5b6a0d9e7f13","company_id":"6197120","app_id":"1009","invoice_number":"OCM-224810","status":"paid","price":"29.90","tax":"5.98","amount":"35.88","currency_code":"EUR","pdf":"https://storage.ocamba.com/6197120/ocamba/invoices/OCM-224810.pdf","sent":true,"items":[{"name":"Ocamba Push Growth Plan (Monthly)","description":"Push notifications, up to 50 000 subscribers","quantity":"1","unit_price":"29.90","price":"29.90","discount_rate":"0","discount":"0","tax_rate":"20","tax":"5.98","amount":"35.88","unit":"1"}],"due_date":"2026-09-30","payment_time":"2026-09-28 14:02:11","create_time":"2026-09-01 00:05:12","update_time":"2026-09-28 14:02:15"}`,
	`{"id":"d4e8a7b0-3c19-4f6e-9a52-e1b07c6d2a48","company_id":"6197120","app_id":"1009","invoice_number":"OCM-226954","status":"overdue","price":9.99,"tax":2,"amount":11.99,"currency_code":"EUR","pdf":"https://storage.ocamba.com/6197120/ocamba/invoices/OCM-226954.pdf","sent":true,"items":[{"name":"Ocamba Push Startup Plan (Monthly)","quantity":1,"unit_price":9.99,"price":9.99,"discount_rate":0,"discount":0,"tax_rate":20,"tax":2,"amount":11.99,"unit":1}],"due_date":"2026-10-31","create_time":"2026-10-01 00:04:57","update_time":"2026-11-01 00:00:03"}`,
	`{"id":"71b2f0c6-8e3d-4a95-b7d4-2c9e5f1a6b80","company_id":"6197120","app_id":"1007","invoice_number":"OCM-228137","status":"unpaid","price":99.99,"tax":20,"amount":119.99,"currency_code":"USD","pdf":"https://storage.ocamba.com/6197120/ocamba/invoices/OCM-228137.pdf","sent":0,"items":[{"name":"enterprise","description":"Ocamba MST Enterprise Plan (Monthly)","quantity":1,"unit_price":89.99,"price":89.99,"discount_rate":0,"discount":0,"tax_rate":20,"tax":18,"amount":107.99,"unit":1},{"name":"push sends overage","description":"Push notifications over plan","quantity":100000,"unit_price":0.0001,"price":10,"discount_rate":0,"discount":0,"tax_rate":20,"tax":2,"amount":12,"unit":1}],"due_date":"2026-12-15","payment_time":null,"create_time":"2026-12-01 00:03:40","update_time":"2026-12-01 00:03:40"}`,
}

// OcambaInvoices makes n paid invoices, ids inv-1 to inv-n, alternating USD
// and EUR, each of amount id/100: for paging tests.
func OcambaInvoices(n int) []string {
	return numbered(n, func(id int, currency string, amount decimal.Decimal) string {
		return fmt.Sprintf(`{"id":"inv-%d","company_id":"6197120","app_id":"1001","invoice_number":"OCM-%06d","status":"paid","price":%s,"tax":0,"amount":%s,"currency_code":"%s","sent":1,"items":[],"due_date":"2026-10-31"}`,
			id, id, amount, amount, currency)
	})
}

func (f *Ocamba) register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+OcambaPath, f.handle(f.serveListing(func() []json.RawMessage { return f.rows }, ocambaSortable)))
	mux.HandleFunc("GET "+OcambaInvoicesPath, f.handle(f.serveListing(func() []json.RawMessage { return f.invoices }, nil)))
}

// serveListing serves a listing of the records rows returns (called with
// f.mu held), sorted by the fields sortable maps to record fields (nil:
// any record field).
func (f *Ocamba) serveListing(rows func() []json.RawMessage, sortable map[string]string) func(w http.ResponseWriter, r *http.Request, inFlight int) {
	return func(w http.ResponseWriter, r *http.Request, inFlight int) {
		f.mu.Lock()
		token := f.token
		f.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+token {
			writeReply(w, f.Error(http.StatusUnauthorized, "Unauthorized", "Invalid or expired token."))
			return
		}
		f.mu.Lock()
		maxParallel, maxPageSize := f.maxParallel, f.maxPageSize
		rateHeaders, allowed := f.window.admit(time.Now(), r.URL.Query().Get("page"))
		f.mu.Unlock()
		if maxParallel > 0 && inFlight > maxParallel {
			f.mu.Lock()
			f.refusedParallel++
			f.mu.Unlock()
			writeReply(w, f.TooManyInParallel())
			return
		}
		if !allowed {
			reply := f.Error(http.StatusTooManyRequests, "Too Many Requests", "Rate limit exceeded.")
			reply.Header = rateHeaders
			writeReply(w, reply)
			return
		}
		query := r.URL.Query()
		page, size, err := parseOcambaPage(query.Get("page"))
		if err != nil {
			writeReply(w, f.Error(http.StatusBadRequest, "Bad Request", err.Error()))
			return
		}
		if maxPageSize > 0 {
			size = min(size, maxPageSize)
		}
		f.mu.Lock()
		all := rows()
		f.mu.Unlock()
		records := searchOcamba(all, query.Get("q"), query.Get("q_fields"))
		if err := sortOcamba(records, query.Get("sort"), sortable); err != nil {
			writeReply(w, f.Error(http.StatusBadRequest, "Bad Request", err.Error()))
			return
		}
		writeReply(w, Reply{Status: http.StatusOK, Body: string(ocambaBody(len(records), pageOf(records, page, size))), Header: rateHeaders})
	}
}

// Page is a listing page as the API answers it: total records, and these
// records (raw JSON objects) on this page.
func (f *Ocamba) Page(total int, records ...string) Reply {
	return Reply{Status: http.StatusOK, Body: string(ocambaBody(total, raw(records...)))}
}

// ocambaBody is one page of a listing of total records.
func ocambaBody(total int, items []json.RawMessage) []byte {
	body, _ := json.Marshal(map[string]any{"total": total, "items": items})
	return body
}

// parseOcambaPage reads page=N,M (M optional).
func parseOcambaPage(value string) (page, size int, err error) {
	if value == "" {
		return 1, ocambaDefaultPageSize, nil
	}
	n, m, hasSize := strings.Cut(value, ",")
	page, err = strconv.Atoi(n)
	if err != nil || page < 1 {
		return 0, 0, fmt.Errorf("invalid page %q: expected page=N,M with N >= 1", value)
	}
	size = ocambaDefaultPageSize
	if hasSize {
		size, err = strconv.Atoi(m)
		if err != nil || size < 1 {
			return 0, 0, fmt.Errorf("invalid page %q: expected page=N,M with M >= 1", value)
		}
	}
	return page, size, nil
}

// searchOcamba keeps the records where q appears (case-insensitively) in
// one of fields; the default field, and "items", search the line items'
// names and descriptions. The result is a new slice.
func searchOcamba(rows []json.RawMessage, q, fields string) []json.RawMessage {
	if q == "" {
		return slices.Clone(rows)
	}
	if fields == "" {
		fields = "items"
	}
	var out []json.RawMessage
	for _, row := range rows {
		var record map[string]any
		_ = json.Unmarshal(row, &record)
		for _, field := range strings.Split(fields, ",") {
			text := fmt.Sprint(record[field])
			if field == "items" {
				text = ocambaItemsText(record)
			}
			if strings.Contains(strings.ToLower(text), strings.ToLower(q)) {
				out = append(out, row)
				break
			}
		}
	}
	return out
}

func ocambaItemsText(record map[string]any) string {
	items, _ := record["items"].([]any)
	var text []string
	for _, item := range items {
		if fields, ok := item.(map[string]any); ok {
			text = append(text, fmt.Sprint(fields["name"]), fmt.Sprint(fields["description"]))
		}
	}
	return strings.Join(text, "\n")
}

// sortOcamba applies a sort parameter: fields separated by commas, "-"
// for descending, each mapped to a record field by sortable (nil: the
// record field of that name).
func sortOcamba(records []json.RawMessage, sort string, sortable map[string]string) error {
	if sort == "" {
		return nil
	}
	var keys []sortKey
	for _, key := range strings.Split(sort, ",") {
		field, ok := strings.TrimPrefix(key, "-"), true
		if sortable != nil {
			field, ok = sortable[field]
		}
		if !ok {
			return fmt.Errorf("invalid sort field %q", key)
		}
		keys = append(keys, sortKey{field: field, desc: strings.HasPrefix(key, "-")})
	}
	type row struct {
		raw    json.RawMessage
		fields map[string]json.RawMessage
	}
	rows := make([]row, len(records))
	for i, r := range records {
		rows[i].raw = r
		_ = json.Unmarshal(r, &rows[i].fields)
	}
	sortRecords(rows, keys, func(r row, field string) json.RawMessage { return r.fields[field] })
	for i, r := range rows {
		records[i] = r.raw
	}
	return nil
}

// Error is an error body as the API sends it.
func (f *Ocamba) Error(status int, title, message string) Reply {
	body, _ := json.Marshal(map[string]any{"code": status, "title": title, "message": message, "trace_id": f.nextTraceID("oc-trace")})
	return Reply{Status: status, Body: string(body)}
}

// RateLimited is the answer to too many requests in a window: 429 with
// Retry-After in seconds.
func (f *Ocamba) RateLimited(retryAfterSeconds int) Reply {
	reply := f.Error(http.StatusTooManyRequests, "Too Many Requests", "Rate limit exceeded.")
	reply.Header = http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds)}}
	return reply
}

// TooManyInParallel is the answer to too many requests at once: 429 with
// Retry-After: -1.
func (f *Ocamba) TooManyInParallel() Reply {
	reply := f.Error(http.StatusTooManyRequests, "Too Many Requests", "Too many parallel requests.")
	reply.Header = http.Header{"Retry-After": {"-1"}}
	return reply
}
