package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// TrueWatchAPIKey is the key the TrueWatch fake accepts unless told otherwise.
const TrueWatchAPIKey = "tw-demo-key-0123456789abcdef" //nolint:gosec // the fake's own made-up key

// TrueWatch fakes GET /api/v1/billing/detail/list and
// GET /api/v1/billing/balance/get of the TrueWatch (Guance Cloud) Open API:
// DF-API-KEY auth, the {code, content, errorCode, message, success,
// traceId} envelope, rows whose fields may be numbers, numeric strings,
// "None", null or absent, and the date filter on consumeTimeOfDay (both
// dates inclusive).
type TrueWatch struct {
	script
	apiKey  string
	balance json.RawMessage
}

// NewTrueWatch returns the fake with TrueWatchAPIKey, DefaultTrueWatchRows
// and TrueWatchBalance.
func NewTrueWatch() *TrueWatch {
	f := &TrueWatch{apiKey: TrueWatchAPIKey, balance: json.RawMessage(TrueWatchBalance)}
	f.rows = DefaultTrueWatchRows()
	return f
}

// TrueWatchBalance is the balance content the fake serves: amounts as
// numbers, as in the documented example (with its undocumented declaration
// object). Cash 86.4 is below October's spend (billingResult 104.7 over
// DefaultTrueWatchRows), and so is cash and coupons together (101.4): a
// policy that wants the cash balance to cover last month's spend fails.
const TrueWatchBalance = `{"cashBalance":86.4,"couponBalance":15,"storedCardBalance":0.0,` +
	`"declaration":{"id":1,"name":"test","createAt":1690000000,"status":0}}`

// TrueWatchBalanceStrings is TrueWatchBalance with the amounts as numeric
// strings, and the stored-value card balance "None" (no value).
const TrueWatchBalanceStrings = `{"cashBalance":"86.40","couponBalance":"15.00","storedCardBalance":"None"}`

// SetBalance replaces the balance content the fake serves: one JSON value,
// sent as written.
func (f *TrueWatch) SetBalance(content string) {
	locked(&f.script, &f.balance, json.RawMessage(content))
}

// DefaultTrueWatchRows are October 2026 rows in every shape the docs show:
// the documented example (mostly "None"), amounts as numbers and as
// numeric strings, 0.1 and 0.2 (whose exact sum is 0.3), and a row that
// leaves fields out. billingResult totals 104.7, originAmount 114.95.
func DefaultTrueWatchRows() []json.RawMessage {
	rows := []string{
		`{"consumeTimeOfDay":"2026-10-01","orgName":"None","productName":"None","productDetail":"Session Replay","tag6":"session_replay","billingCycle":"None","billingResult":0,"deductionAmount":"None","oweAmount":"None","originAmount":0,"serviceBillingAmount":"None","couponAmount":"None","storedCardAmount":"None","cashAmount":"None","cashCouldAmount":"None","commodityCategory":"None","consumePlatform":"None","customerIdentifier":"None","consumption":"None","workspaceUuid":"None","workspaceName":"None","consumeTime":"None","billingResultDetails":"None","count":0}`,
		`{"consumeTimeOfDay":"2026-10-01","orgName":"Acme Corp","productName":"dataFlux","productDetail":"Log Storage","billingKey":"logging","tag6":"logging","billingCycle":"Day","billingResult":"41.25","deductionAmount":"0","oweAmount":"None","originAmount":45.5,"serviceBillingAmount":"None","couponAmount":"4.25","storedCardAmount":"0","cashAmount":"41.25","cashCouldAmount":"0","commodityCategory":"payAsYouGo","consumePlatform":"cash","customerIdentifier":"None","workspaceUuid":"wksp_7d1e0c4a9b2f4e6d","workspaceName":"production","consumeTime":"2026-10-01 23:59:59","count":"1250000"}`,
		`{"consumeTimeOfDay":"2026-10-02","orgName":"Acme Corp","productName":"dataFlux","productDetail":"Metrics","billingKey":"time_series","tag6":"time_series","billingCycle":"Day","billingResult":0.1,"originAmount":0.1,"cashAmount":0.1,"workspaceUuid":"wksp_7d1e0c4a9b2f4e6d","workspaceName":"production","count":1000}`,
		`{"consumeTimeOfDay":"2026-10-02","orgName":"Acme Corp","productName":"dataFlux","productDetail":"Metrics","billingKey":"time_series","tag6":"time_series","billingCycle":"Day","billingResult":"0.2","originAmount":"0.2","cashAmount":"0.2","workspaceUuid":"wksp_0a5c33e2d8714b90","workspaceName":"staging","count":"2000"}`,
		`{"consumeTimeOfDay":"2026-10-03","productDetail":"APM Trace","billingKey":"tracing","tag6":"tracing","billingCycle":"Day","billingResult":63.15,"originAmount":69.15,"deductionAmount":6,"workspaceName":"production","count":null}`,
	}
	return raw(rows...)
}

func (f *TrueWatch) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/billing/detail/list", f.handle(f.serveDetails))
	mux.HandleFunc("GET /api/v1/billing/balance/get", f.handle(f.serveBalance))
}

func (f *TrueWatch) serveBalance(w http.ResponseWriter, r *http.Request, _ int) {
	if r.Header.Get("DF-API-KEY") != f.apiKey {
		writeReply(w, f.Error(http.StatusUnauthorized, "ft.InvalidAPIKey", "The API key is invalid or has been deleted."))
		return
	}
	f.mu.Lock()
	content := f.balance
	f.mu.Unlock()
	writeReply(w, Reply{Status: http.StatusOK, Body: string(trueWatchBody(content, f.nextTraceID("tw-trace")))})
}

func (f *TrueWatch) serveDetails(w http.ResponseWriter, r *http.Request, _ int) {
	if r.Header.Get("DF-API-KEY") != f.apiKey {
		writeReply(w, f.Error(http.StatusUnauthorized, "ft.InvalidAPIKey", "The API key is invalid or has been deleted."))
		return
	}
	content, ok := f.rowsBetween("consumeTimeOfDay", "2006-01-02", "20060102", r.URL.Query().Get("startDate"), r.URL.Query().Get("endDate"))
	if !ok {
		writeReply(w, f.Error(http.StatusBadRequest, "ft.ParamError", "startDate and endDate must be dates in the form YYYYMMDD."))
		return
	}
	writeReply(w, Reply{Status: http.StatusOK, Body: string(trueWatchBody(content, f.nextTraceID("tw-trace")))})
}

// trueWatchBody is a successful answer carrying content.
func trueWatchBody(content any, traceID string) []byte {
	body, _ := json.Marshal(map[string]any{
		"code": 200, "content": content, "errorCode": "", "message": "", "success": true, "traceId": traceID,
	})
	return body
}

// Error is an error envelope as the API sends it.
func (f *TrueWatch) Error(status int, code, message string) Reply {
	body, _ := json.Marshal(map[string]any{
		"code": status, "content": nil, "errorCode": code, "message": message, "success": false, "traceId": f.nextTraceID("tw-trace"),
	})
	return Reply{Status: status, Body: string(body)}
}

// RateLimited is the per-key rate-limit answer (sent as 401, with a code).
func (f *TrueWatch) RateLimited() Reply {
	return f.Error(http.StatusUnauthorized, "ft.TriggerApiAkCurrentLimiting", "The API key has triggered current limiting, please try again later.")
}

// TrueWatchRows makes n billing-detail rows of October 2026 for benchmarks
// at scale, shaped as the documented rows (some fields "None"), over ten
// products and ten workspaces, each with a billingResult of 0.01.
func TrueWatchRows(n int) []string {
	rows := make([]string, n)
	for i := range n {
		rows[i] = fmt.Sprintf(`{"consumeTimeOfDay":"2026-10-%02d","orgName":"None","productName":"product-%d","productDetail":"Product %d","tag6":"measurement_%d","billingCycle":"day","billingResult":"0.01","deductionAmount":"None","oweAmount":"None","originAmount":0.01,"serviceBillingAmount":"None","couponAmount":"None","storedCardAmount":"None","cashAmount":"0.01","cashCouldAmount":"None","workspaceUuid":"wksp_%d","workspaceName":"workspace-%d","consumeTime":"None","count":1}`,
			i%31+1, i%10, i%10, i%10, i%10, i%10)
	}
	return rows
}
