// Package virtuozzo reads account billing history and the account from a
// Virtuozzo Application Platform (formerly Jelastic): POST
// /1.0/billing/account/rest/getaccountbillinghistorybyperiod and
// /1.0/billing/account/rest/getaccount, with the session token in the form
// body so that it never appears in a URL.
package virtuozzo

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// HistoryPath is the account billing history method.
const HistoryPath = "/1.0/billing/account/rest/getaccountbillinghistorybyperiod"

// AccountPath is the account method (billing.account.GetAccount).
const AccountPath = "/1.0/billing/account/rest/getaccount"

// Periods are the bucket sizes the platform accepts.
var Periods = []string{"YEAR", "MONTH", "WEEK", "DAY", "HOUR"}

const (
	vendorName      = "Virtuozzo"
	expectedBody    = "a Virtuozzo platform response ({result, error, array}) with array as a list of billing rows"
	expectedAccount = "a Virtuozzo platform response ({result, error, ...}) with the account's fields " +
		"(uid, email, status, balance, bonus, credit, debit, ...)"
	notFoundHint = "The platform has no such method at this address. Check virtuozzo.api_url (or VIRTUOZZO_API_URL): " +
		"it must be the platform's base URL, such as https://app.<hoster domain>, without the /1.0/... path."
)

// Row is one billing history row. The platform leaves out fields whose value
// is null, so every field may be absent.
type Row struct {
	DateTime                    tolerant.String `json:"dateTime"`
	Type                        tolerant.String `json:"type"`
	ResourceType                tolerant.String `json:"resourceType"`
	AppID                       tolerant.String `json:"appid"`
	Domain                      tolerant.String `json:"domain"`
	HostGroupDisplayName        tolerant.String `json:"hostGroupDisplayName"`
	HostGroupUniqueName         tolerant.String `json:"hostGroupUniqueName"`
	IsBonus                     tolerant.Bool   `json:"isBonus"`
	IsRemote                    tolerant.Bool   `json:"isRemote"`
	IsPaid                      tolerant.Bool   `json:"isPaid"`
	IsWithdrawn                 tolerant.Bool   `json:"isWithdrawn"`
	Cost                        tolerant.Number `json:"cost"`
	Count                       tolerant.Number `json:"count"`
	NodeID                      tolerant.Number `json:"nodeid"`
	NodeCount                   tolerant.Number `json:"nodeCount"`
	Group                       tolerant.Number `json:"group"`
	UsedCloudletsAmount         tolerant.Number `json:"usedCloudletsAmount"`
	FixedCloudletsAmount        tolerant.Number `json:"fixedCloudletsAmount"`
	FixedCloudletsCost          tolerant.Number `json:"fixedCloudletsCost"`
	FixedCloudletsFreeAmount    tolerant.Number `json:"fixedCloudletsFreeAmount"`
	FlexibleCloudletsAmount     tolerant.Number `json:"flexibleCloudletsAmount"`
	FlexibleCloudletsCost       tolerant.Number `json:"flexibleCloudletsCost"`
	FlexibleCloudletsFreeAmount tolerant.Number `json:"flexibleCloudletsFreeAmount"`
	UsedStorageAmount           tolerant.Number `json:"usedStorageAmount"`
	BillStorageAmount           tolerant.Number `json:"billStorageAmount"`
	StorageCost                 tolerant.Number `json:"storageCost"`
	StorageFreeAmount           tolerant.Number `json:"storageFreeAmount"`
	UsedNetworkExtAmount        tolerant.Number `json:"usedNetworkExtAmount"`
	BillNetworkExtAmount        tolerant.Number `json:"billNetworkExtAmount"`
	NetworkExtCost              tolerant.Number `json:"networkExtCost"`
	NetworkExtFreeAmount        tolerant.Number `json:"networkExtFreeAmount"`
	ResourceCost                tolerant.Number `json:"resourceCost"`
	ResourceFreeCost            tolerant.Number `json:"resourceFreeCost"`
	ResourceFreeAmount          tolerant.Number `json:"resourceFreeAmount"`
	ResourceBillableAmount      tolerant.Number `json:"resourceBillableAmount"`
	MinFeeResourceAmount        tolerant.Number `json:"minFeeResourceAmount"`
	LicenceHours                tolerant.Number `json:"licenceHours"`
}

// UnmarshalJSONFrom decodes a row as encoding/json does, faster.
func (r *Row) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return rowRecord.Decode(dec, r) }

var rowRecord = tolerant.RecordOf[Row]()

// Query selects the history to read.
type Query struct {
	Start, End  time.Time // sent in the platform's form, yyyy-MM-dd HH:mm:ss
	Period      string
	TargetAppID string // sent only when not empty
	TimeOffset  string // decimal text; sent only when not empty
	GroupNodes  *bool  // sent only when not nil
}

// outcome is what every platform response starts with: result 0, or the
// error.
type outcome struct {
	Result tolerant.Number `json:"result"`
	Error  tolerant.String `json:"error"`
	Reason tolerant.Number `json:"reason"`
	Source tolerant.String `json:"source"`
}

// response is a history answer. Its outcome's fields are its own, not an
// embedded outcome, whose name would show in decode errors' field paths.
type response struct {
	Result tolerant.Number `json:"result"`
	Error  tolerant.String `json:"error"`
	Reason tolerant.Number `json:"reason"`
	Source tolerant.String `json:"source"`
	Array  []Row           `json:"array"`
}

// UnmarshalJSONFrom decodes an answer as encoding/json does, but for a
// field named twice (tolerant.Record): a result or array given again
// would be read as the last.
func (r *response) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return responseRecord.Decode(dec, r)
}

// UnmarshalJSONFrom decodes an outcome as response's does.
func (o *outcome) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return outcomeRecord.Decode(dec, o)
}

var (
	responseRecord = tolerant.RecordOf[response]()
	outcomeRecord  = tolerant.RecordOf[outcome]()
)

func (r response) outcome() outcome {
	return outcome{Result: r.Result, Error: r.Error, Reason: r.Reason, Source: r.Source}
}

// Account is the account the token belongs to. The platform leaves out
// fields whose value is null, so every field may be absent.
type Account struct {
	UID       tolerant.Number `json:"uid"`
	Email     tolerant.String `json:"email"`
	Group     tolerant.String `json:"group"`
	GroupType tolerant.String `json:"groupType"`
	Language  tolerant.String `json:"language"`
	CreatedOn tolerant.String `json:"createdOn"`
	Status    Status          `json:"status"`
	Balance   tolerant.Number `json:"balance"`
	Bonus     tolerant.Number `json:"bonus"`
	Credit    tolerant.Number `json:"credit"`
	Debit     tolerant.Number `json:"debit"`
	IsEnabled tolerant.Bool   `json:"isEnabled"`
}

// UnmarshalJSONFrom decodes an account as encoding/json does, but for a
// field named twice, which is refused (tolerant.Record).
func (a *Account) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return accountRecord.Decode(dec, a) }

var accountRecord = tolerant.RecordOf[Account]()

// Client reads one account's billing history.
type Client struct {
	api    *client.API
	apiURL *url.URL
	token  string
	appID  string
}

// New returns a client for the platform at apiURL, authenticated by token
// (a session or personal access token). appID is sent when not empty.
func New(core *client.Core, apiURL *url.URL, token, appID string) *Client {
	return &Client{api: core.API(client.Vendor{Name: vendorName, Credentials: []string{token, appID}}), apiURL: apiURL, token: token, appID: appID}
}

// History reads the billing history rows of q.
func (c *Client) History(ctx context.Context, q Query) ([]Row, error) {
	return client.Decoded(ctx, c.api, c.historyRequest(q), DecodeHistory)
}

// HistoryEach reads the rows History reads into sink: folded one at a
// time as they are decoded, when the sink folds, so that no list of them
// is held.
func (c *Client) HistoryEach(ctx context.Context, q Query, sink client.Sink[Row]) error {
	page, err := client.Folded[client.Page[Row]](sink.Fold)(ctx, c.api, c.historyRequest(q), func(resp *client.Response) (client.Page[Row], error) {
		return decodeHistory(resp, sink.Fold)
	})
	if err != nil {
		return err
	}
	return sink.TakePage(page)
}

// historyRequest asks for the rows of q.
func (c *Client) historyRequest(q Query) client.Request {
	form := url.Values{
		"starttime": {q.Start.Format(dates.TimestampLayout)},
		"endtime":   {q.End.Format(dates.TimestampLayout)},
		"period":    {q.Period},
	}
	if q.TargetAppID != "" {
		form.Set("targetAppid", q.TargetAppID)
	}
	if q.TimeOffset != "" {
		form.Set("timeOffset", q.TimeOffset)
	}
	if q.GroupNodes != nil {
		form.Set("groupNodes", strconv.FormatBool(*q.GroupNodes))
	}
	return c.post(HistoryPath, form)
}

// post is form sent to the platform method at path, with the session token
// and, when configured, appid: in the body, never in a URL.
func (c *Client) post(path string, form url.Values) client.Request {
	form.Set("session", c.token)
	if c.appID != "" {
		form.Set("appid", c.appID)
	}
	return client.Request{Method: http.MethodPost, URL: c.apiURL.JoinPath(path), Form: form}
}

// Account reads the account the token belongs to.
func (c *Client) Account(ctx context.Context) (*Account, error) {
	return client.Decoded(ctx, c.api, c.post(AccountPath, url.Values{}), DecodeAccount)
}

// DecodeAccount reads an account answer: the account, or the platform
// error it carries.
func DecodeAccount(resp *client.Response) (*Account, error) {
	if !resp.OK() {
		return nil, statusError(resp)
	}
	// The account's fields are beside result: the body is read twice, for
	// each (it is small), so that decode errors name the fields as sent.
	var out outcome
	if err := resp.DecodeJSON(&out, expectedAccount); err != nil {
		return nil, cmp.Or(carriedError(resp), err)
	}
	if err := out.check(resp, expectedAccount); err != nil {
		return nil, err
	}
	var account Account
	if err := resp.DecodeJSON(&account, expectedAccount); err != nil {
		return nil, err
	}
	// Any field may be left out, but an account of none of them is not an
	// answer about an account.
	if account == (Account{}) {
		return nil, resp.Unexpected(expectedAccount, "the response has none of the account's fields")
	}
	return &account, nil
}

// check is nil for result 0, else the platform error.
func (o outcome) check(resp *client.Response, expected string) error {
	result, ok := o.Result.Decimal()
	switch {
	case !ok: // without result, success cannot be told from failure
		return resp.MissingKey(expected, "result")
	case !result.IsZero():
		return platformError(resp, o)
	}
	return nil
}

// DecodeHistory reads a billing-history answer: its rows, or the platform
// error it carries.
func DecodeHistory(resp *client.Response) ([]Row, error) {
	page, err := decodeHistory(resp, nil)
	return page.Rows, err
}

// decodeHistory reads a billing-history answer as DecodeHistory does,
// its rows into a part of fold's when fold is set.
func decodeHistory(resp *client.Response, fold client.Fold[Row]) (client.Page[Row], error) {
	if !resp.OK() {
		return client.Page[Row]{}, statusError(resp)
	}
	records := client.NewRecords(1, 0, fold, nil).Settling(func(number int, row *Row) error {
		return client.RequireRowFields(resp, expectedBody, "array", number, *row)
	})
	var body response
	if err := client.DecodePage(resp, &body, expectedBody, records); err != nil {
		return client.Page[Row]{}, cmp.Or(carriedError(resp), err)
	}
	if err := body.outcome().check(resp, expectedBody); err != nil {
		return client.Page[Row]{}, err
	}
	if body.Array == nil {
		// The platform leaves out null fields, but a list of no rows is
		// [], not null: a success without array says nothing of the cost.
		return client.Page[Row]{}, resp.MissingKey(expectedBody, "array")
	}
	return records.Done(resp, expectedBody, "array", body.Array, -1, 0) // settled: every row has fields
}

// carriedError is the platform error an answer that did not decode
// carries, if its result is not 0: result and error are what the user
// needs, however odd a field beside them. Nil otherwise.
func carriedError(resp *client.Response) error {
	var o outcome
	_ = json.Unmarshal(resp.Body, &o) // the fields it can: a side field of another type says nothing
	if result, ok := o.Result.Decimal(); ok && !result.IsZero() {
		return platformError(resp, o)
	}
	return nil
}

// platformError is the usual failure: HTTP 200 with a non-zero result.
func platformError(resp *client.Response, body outcome) *client.APIError {
	message, _ := body.Error.Value()
	var context []string
	if reason, ok := body.Reason.Decimal(); ok {
		context = append(context, "reason "+reason.String())
	}
	if source, ok := body.Source.Value(); ok && source != "" {
		context = append(context, "source "+source)
	}
	if len(context) > 0 {
		message = fmt.Sprintf("%s (%s)", message, strings.Join(context, ", "))
	}
	return resp.Error("result "+body.Result.String(), message, "")
}

// statusError explains an error status, using the platform's body when it
// has one.
func statusError(resp *client.Response) error {
	var body outcome
	if json.Unmarshal(resp.Body, &body) == nil && !body.Result.IsNull() {
		return withNotFoundHint(resp, platformError(resp, body))
	}
	return withNotFoundHint(resp, resp.Error("", "", ""))
}

func withNotFoundHint(resp *client.Response, err *client.APIError) error {
	if resp.Status == http.StatusNotFound {
		err.Hint = notFoundHint
	}
	return err
}
