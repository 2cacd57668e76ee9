// Package truewatch reads billing details and the current balance from the
// TrueWatch (Guance Cloud) Open API: GET /api/v1/billing/detail/list and
// GET /api/v1/billing/balance/get, authenticated by DF-API-KEY.
package truewatch

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// DefaultEndpoint is TrueWatch's US (Oregon) Open API site.
const DefaultEndpoint = "https://us1-openapi.truewatch.com"

const (
	// DetailsPath is the billing details endpoint.
	DetailsPath = "/api/v1/billing/detail/list"
	// BalancePath is the current balance endpoint.
	BalancePath = "/api/v1/billing/balance/get"
	// APIKeyHeader carries the API key, which also selects the workspace.
	APIKeyHeader = "DF-API-KEY" //nolint:gosec // a header name, not a credential
	// dateLayout is how the API wants startDate and endDate.
	dateLayout = "20060102"
)

// rateLimitCodeMark is in both rate-limit codes.
const rateLimitCodeMark = "CurrentLimiting"

// Error codes with a meaning the client acts on.
const (
	CodeInvalidAPIKey        = "ft.InvalidAPIKey" //nolint:gosec // an error code, not a credential
	CodeKeyRateLimited       = "ft.TriggerApiAkCurrentLimiting"
	CodeWorkspaceRateLimited = "ft.TriggerApiWorkspaceCurrentLimiting"
)

const (
	vendorName      = "TrueWatch"
	expectedBody    = "a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId}) with content as an array of billing rows"
	expectedBalance = "a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId}) with content " +
		"as an object of balances ({cashBalance, couponBalance, storedCardBalance})"
	invalidKeyHint = "Check truewatch.api_key (or TRUEWATCH_API_KEY): it must be an API key of a workspace on the site that truewatch.endpoint points at."
	rateLimitHint  = "TrueWatch kept rate-limiting (%s) through every retry. Raise max_retries, or read less often."
)

// Row is one billing detail row. Every field may be missing or "None"
// (TrueWatch's Python back end writes it for no value).
type Row struct {
	ConsumeTimeOfDay     tolerant.StringOrNone `json:"consumeTimeOfDay"`
	OrgName              tolerant.StringOrNone `json:"orgName"`
	ProductName          tolerant.StringOrNone `json:"productName"`
	ProductDetail        tolerant.StringOrNone `json:"productDetail"`
	BillingKey           tolerant.StringOrNone `json:"billingKey"`
	Measurement          tolerant.StringOrNone `json:"tag6"`
	BillingCycle         tolerant.StringOrNone `json:"billingCycle"`
	CommodityCategory    tolerant.StringOrNone `json:"commodityCategory"`
	ConsumePlatform      tolerant.StringOrNone `json:"consumePlatform"`
	CustomerIdentifier   tolerant.StringOrNone `json:"customerIdentifier"`
	WorkspaceUUID        tolerant.StringOrNone `json:"workspaceUuid"`
	WorkspaceName        tolerant.StringOrNone `json:"workspaceName"`
	ConsumeTime          tolerant.StringOrNone `json:"consumeTime"`
	BillingResult        tolerant.NumberOrNone `json:"billingResult"`
	DeductionAmount      tolerant.NumberOrNone `json:"deductionAmount"`
	OweAmount            tolerant.NumberOrNone `json:"oweAmount"`
	OriginAmount         tolerant.NumberOrNone `json:"originAmount"`
	ServiceBillingAmount tolerant.NumberOrNone `json:"serviceBillingAmount"`
	CouponAmount         tolerant.NumberOrNone `json:"couponAmount"`
	StoredCardAmount     tolerant.NumberOrNone `json:"storedCardAmount"`
	CashAmount           tolerant.NumberOrNone `json:"cashAmount"`
	CashCloudAmount      tolerant.NumberOrNone `json:"cashCouldAmount"` // sic: the API's spelling
	Count                tolerant.NumberOrNone `json:"count"`
}

// UnmarshalJSONFrom decodes a row as encoding/json does, faster.
func (r *Row) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return rowRecord.Decode(dec, r) }

var rowRecord = tolerant.RecordOf[Row]()

// Details is the result of one billing details read.
type Details struct {
	Rows    []Row
	TraceID tolerant.String // null when the API leaves it out or sends "None"
}

// Balance is the workspace's current balance, in its billing currency
// (the API does not name it). Each amount may be null: sent as null,
// "None" or left out.
type Balance struct {
	Cash       tolerant.Number
	Coupon     tolerant.Number
	StoredCard tolerant.Number
	TraceID    tolerant.String // null when the API leaves it out or sends "None"
}

// balanceContent is the content of a balance answer; the undocumented
// declaration object beside the amounts is not read.
type balanceContent struct {
	CashBalance       tolerant.NumberOrNone `json:"cashBalance"`
	CouponBalance     tolerant.NumberOrNone `json:"couponBalance"`
	StoredCardBalance tolerant.NumberOrNone `json:"storedCardBalance"`
}

// UnmarshalJSONFrom decodes the balances as encoding/json does, but for a
// field named twice, which is refused (tolerant.Record).
func (b *balanceContent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return balanceRecord.Decode(dec, b)
}

var balanceRecord = tolerant.RecordOf[balanceContent]()

// balanceKeys are balanceContent's JSON keys: content must have one.
var balanceKeys = []string{"cashBalance", "couponBalance", "storedCardBalance"}

// envelope is the wrapper of every Open API response, around a content of
// type T; "None" is no value there too.
type envelope[T any] struct {
	Code      tolerant.StringOrNone `json:"code"` // mirrors the HTTP status: 200 on success
	Content   T                     `json:"content"`
	ErrorCode tolerant.StringOrNone `json:"errorCode"`
	Message   tolerant.StringOrNone `json:"message"`
	Success   *bool                 `json:"success"`
	TraceID   tolerant.StringOrNone `json:"traceId"` // one doc table calls it a boolean; tolerated
	PageInfo  *pageInfo             `json:"pageInfo"`
}

// UnmarshalJSONFrom decodes an envelope as encoding/json does, but for a
// field named twice (tolerant.Record): a content or code given again
// would be read as the last.
func (e *envelope[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[envelope[T]]().Decode(dec, e)
}

// pageInfo is the paging an answer may report, although the endpoint
// documents none.
type pageInfo struct {
	Count      tolerant.NumberOrNone `json:"count"`
	PageSize   tolerant.NumberOrNone `json:"pageSize"`
	TotalCount tolerant.NumberOrNone `json:"totalCount"`
}

// UnmarshalJSONFrom decodes paging as envelope's does.
func (p *pageInfo) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return tolerant.RecordFor[pageInfo]().Decode(dec, p)
}

// errorEnvelope is the part of an envelope an error response is read for;
// it decodes even when content has a shape of its own.
type errorEnvelope struct {
	Code      tolerant.StringOrNone `json:"code"`
	ErrorCode tolerant.StringOrNone `json:"errorCode"`
	Message   tolerant.StringOrNone `json:"message"`
	TraceID   tolerant.StringOrNone `json:"traceId"`
}

// carriedError is the error an answer whose content did not decode
// carries, if its envelope is an error's (success false, an error code, or
// a code other than 200): that error, with the vendor's code, message and
// trace id, is what the user needs, not a complaint about content. Nil
// when the envelope says no error (or is not one).
func carriedError(resp *client.Response) error {
	var (
		env     errorEnvelope
		success struct {
			Success *bool `json:"success"`
		}
	)
	isEnvelope := json.Unmarshal(resp.Body, &env) == nil // else the decode error says what the body is
	_ = json.Unmarshal(resp.Body, &success)              // a success of another type says nothing
	if isEnvelope && ((success.Success != nil && !*success.Success) || env.ErrorCode.Text() != "" || !successCode(env.Code)) {
		return apiError(resp)
	}
	return nil
}

// Client reads one TrueWatch workspace's billing details.
type Client struct {
	api      *client.API
	endpoint *url.URL
	apiKey   string
}

// New returns a client for the site at endpoint, authenticated by apiKey.
func New(core *client.Core, endpoint *url.URL, apiKey string) *Client {
	return &Client{
		api:      core.API(client.Vendor{Name: vendorName, RateLimited: isRateLimited, Credentials: []string{apiKey}}),
		endpoint: endpoint,
		apiKey:   apiKey,
	}
}

// Details reads the billing rows from start to end, both days inclusive.
func (c *Client) Details(ctx context.Context, start, end time.Time) (*Details, error) {
	return client.Decoded(ctx, c.api, c.detailsRequest(start, end), DecodeDetails)
}

// DetailsEach reads the rows Details reads into sink, folded one at a
// time as they are decoded when the sink folds, so that no list of them
// is held, and returns the answer's trace id.
func (c *Client) DetailsEach(ctx context.Context, start, end time.Time, sink client.Sink[Row]) (traceID tolerant.String, err error) {
	details, err := client.Folded[*detailsPage](sink.Fold)(ctx, c.api, c.detailsRequest(start, end), func(resp *client.Response) (*detailsPage, error) {
		return decodeDetails(resp, sink.Fold)
	})
	if err != nil {
		return tolerant.String{}, err
	}
	return details.traceID, sink.TakePage(details.rows)
}

func (c *Client) detailsRequest(start, end time.Time) client.Request {
	return c.get(DetailsPath, url.Values{
		"startDate": {start.Format(dateLayout)},
		"endDate":   {end.Format(dateLayout)},
	})
}

// Balance reads the workspace's current balance.
func (c *Client) Balance(ctx context.Context) (*Balance, error) {
	return client.Decoded(ctx, c.api, c.get(BalancePath, nil), DecodeBalance)
}

// get is an authenticated GET of path with query.
func (c *Client) get(path string, query url.Values) client.Request {
	u := c.endpoint.JoinPath(path)
	u.RawQuery = query.Encode()
	return client.Request{
		Method: http.MethodGet,
		URL:    u,
		Header: http.Header{
			APIKeyHeader:   {c.apiKey},
			"Content-Type": {"application/json"},
		},
	}
}

// decodeEnvelope reads an answer into env, or returns the error it
// carries (an error status, success false or an error code).
func decodeEnvelope[T any](resp *client.Response, expected string, env *envelope[T]) error {
	if !resp.OK() {
		return apiError(resp)
	}
	if err := resp.DecodeJSON(env, expected); err != nil {
		return cmp.Or(carriedError(resp), err)
	}
	return checkEnvelope(resp, env)
}

// checkEnvelope returns the error a decoded envelope carries (success
// false, an error code, or a code other than 200, whatever success says).
func checkEnvelope[T any](resp *client.Response, env *envelope[T]) error {
	if (env.Success != nil && !*env.Success) || env.ErrorCode.Text() != "" || !successCode(env.Code) {
		return apiError(resp)
	}
	return nil
}

// successCode reports an envelope's code that is 200, or that is no
// number (none, or text: it says nothing of the answer).
func successCode(code tolerant.StringOrNone) bool {
	c, err := decimal.NewFromString(strings.TrimSpace(code.Text()))
	return err != nil || c.Equal(decimal.NewFromInt(http.StatusOK))
}

// requireSuccess refuses an envelope without success: every Open API
// answer carries it, so a body without it is not one, however much its
// content looks like a balance or rows. The decoders call it once content
// is checked, so that a body with neither names content first.
func requireSuccess[T any](resp *client.Response, expected string, env *envelope[T]) error {
	if env.Success == nil {
		return resp.MissingKey(expected, "success")
	}
	return nil
}

// DecodeBalance reads a balance answer: the three amounts, or the error
// the envelope carries.
func DecodeBalance(resp *client.Response) (*Balance, error) {
	var env envelope[*balanceContent]
	if err := decodeEnvelope(resp, expectedBalance, &env); err != nil {
		return nil, err
	}
	// Without content, or with a content that has none of the amounts,
	// the answer says nothing of the balance, which is not zero.
	if env.Content == nil {
		return nil, resp.MissingKey(expectedBalance, "content")
	}
	var keys struct {
		Content map[string]json.RawMessage `json:"content"`
	}
	if json.Unmarshal(resp.Body, &keys) != nil || !hasBalanceKey(keys.Content) {
		return nil, resp.Unexpected(expectedBalance, "content has none of "+strings.Join(balanceKeys, ", "))
	}
	if err := requireSuccess(resp, expectedBalance, &env); err != nil {
		return nil, err
	}
	return &Balance{
		Cash:       env.Content.CashBalance.Number,
		Coupon:     env.Content.CouponBalance.Number,
		StoredCard: env.Content.StoredCardBalance.Number,
		TraceID:    env.TraceID.String,
	}, nil
}

// hasBalanceKey is whether content has one of balanceKeys, matched as
// encoding/json matches keys to fields (any case).
func hasBalanceKey(content map[string]json.RawMessage) bool {
	for key := range content {
		if slices.ContainsFunc(balanceKeys, func(k string) bool { return strings.EqualFold(k, key) }) {
			return true
		}
	}
	return false
}

// DecodeDetails reads a billing-details answer: its rows, or the error the
// envelope carries.
func DecodeDetails(resp *client.Response) (*Details, error) {
	details, err := decodeDetails(resp, nil)
	if err != nil {
		return nil, err
	}
	return &Details{Rows: details.rows.Rows, TraceID: details.traceID}, nil
}

// detailsPage is a billing-details answer as read: its rows (or what a
// fold kept of them) and its trace id.
type detailsPage struct {
	rows    client.Page[Row]
	traceID tolerant.String
}

// decodeDetails reads a billing-details answer as DecodeDetails does, its
// rows into a part of fold's when fold is set.
func decodeDetails(resp *client.Response, fold client.Fold[Row]) (*detailsPage, error) {
	if !resp.OK() {
		return nil, apiError(resp)
	}
	records := client.NewRecords(1, 0, fold, nil).Settling(func(number int, row *Row) error {
		return client.RequireRowFields(resp, expectedBody, "content", number, *row)
	})
	var env envelope[[]Row]
	if err := client.DecodePage(resp, &env, expectedBody, records); err != nil {
		return nil, cmp.Or(carriedError(resp), err)
	}
	if err := checkEnvelope(resp, &env); err != nil {
		return nil, err
	}
	// A success carries its rows, [] when there are none: without content
	// the answer says nothing about the spend, which is not zero.
	if env.Content == nil {
		return nil, resp.MissingKey(expectedBody, "content")
	}
	rows, err := records.Done(resp, expectedBody, "content", env.Content, -1, 0) // settled: every row has fields
	if err != nil {
		return nil, err
	}
	if err := requireSuccess(resp, expectedBody, &env); err != nil {
		return nil, err
	}
	if err := checkComplete(resp, env, rows.Count()); err != nil {
		return nil, err
	}
	return &detailsPage{rows: rows, traceID: env.TraceID.String}, nil
}

// checkComplete refuses a partial result of rows rows. The endpoint
// documents no paging; should it ever report more rows than it sent, the
// read fails rather than silently dropping rows.
func checkComplete(resp *client.Response, env envelope[[]Row], rows int) error {
	if env.PageInfo == nil {
		return nil
	}
	sent := decimal.NewFromInt(int64(rows))
	var problem string
	total, hasTotal := env.PageInfo.TotalCount.Decimal()
	count, hasCount := env.PageInfo.Count.Decimal()
	size, hasSize := env.PageInfo.PageSize.Decimal()
	switch {
	case hasTotal && total.GreaterThan(sent):
		problem = fmt.Sprintf("the response reports %s rows (pageInfo.totalCount) but contains %d", total, rows)
	case hasTotal:
		return nil
	case hasCount && !count.Equal(sent):
		problem = fmt.Sprintf("the response reports %s rows (pageInfo.count) but contains %d", count, rows)
	case hasSize && size.IsPositive() && sent.GreaterThanOrEqual(size):
		problem = fmt.Sprintf("the response is a full page of %d rows (pageInfo.pageSize) without a total (pageInfo.totalCount), so more rows may follow", rows)
	default:
		return nil
	}
	return &client.APIError{
		Vendor: vendorName, Method: resp.Method, Path: resp.Path, HTTPStatus: resp.Status, TraceID: env.TraceID.Text(),
		Message: problem + "; this endpoint documents no paging, so the provider refuses a partial result",
		Hint:    "Read a shorter date range (split start_date..end_date over several data sources).",
	}
}

// apiError turns an error envelope, or any other error body, into an error.
func apiError(resp *client.Response) error {
	var env errorEnvelope
	if json.Unmarshal(resp.Body, &env) != nil {
		return resp.Error("", "", "")
	}
	code := env.ErrorCode.Text()
	if code == "" && !successCode(env.Code) {
		code = env.Code.Text() // an error without errorCode: its code says which
	}
	err := resp.Error(code, env.Message.Text(), env.TraceID.Text())
	switch err.Code {
	case CodeInvalidAPIKey:
		err.Hint = invalidKeyHint
	case CodeKeyRateLimited, CodeWorkspaceRateLimited:
		err.Hint = fmt.Sprintf(rateLimitHint, err.Code)
	}
	return err
}

// isRateLimited recognises TrueWatch's rate limits, which come as HTTP 401
// or 200 with an error code, so that the core retries them like a 429.
func isRateLimited(_ int, body []byte) bool {
	// It sees every answer, successes too: decode only those that can be one.
	if !bytes.Contains(body, []byte(rateLimitCodeMark)) {
		return false
	}
	var env errorEnvelope
	if json.Unmarshal(body, &env) != nil {
		return false
	}
	code := env.ErrorCode.Text()
	return code == CodeKeyRateLimited || code == CodeWorkspaceRateLimited
}
