package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
)

// VirtuozzoToken is the session the Virtuozzo fake accepts.
const VirtuozzoToken = "vz-demo-session-5f2a9c31d7e84b06" //nolint:gosec // the fake's own made-up token

// VirtuozzoPath is the account billing history method.
const VirtuozzoPath = "/1.0/billing/account/rest/getaccountbillinghistorybyperiod"

// VirtuozzoAccountPath is the account method (billing.account.GetAccount).
const VirtuozzoAccountPath = "/1.0/billing/account/rest/getaccount"

// Virtuozzo fakes a Virtuozzo Application Platform's account billing
// history and account: parameters from the form or the query string,
// errors as HTTP 200 with a non-zero result, null fields left out, and
// history rows filtered to [starttime, endtime].
type Virtuozzo struct {
	script
	token   string
	account string
}

// NewVirtuozzo returns the fake with VirtuozzoToken, DefaultVirtuozzoRows
// and VirtuozzoAccount.
func NewVirtuozzo() *Virtuozzo {
	f := &Virtuozzo{token: VirtuozzoToken, account: VirtuozzoAccount}
	f.rows = raw(DefaultVirtuozzoRows...)
	return f
}

// VirtuozzoAccount is the account the fake serves, as the platform's
// reference documents it: the status as text, amounts as numbers (the
// reference's BigDecimal), and a field beyond those the provider reads.
const VirtuozzoAccount = `{"uid":4711,"email":"ops@shop.hoster.example","status":"ACTIVE(1)",` +
	`"balance":12.75,"bonus":3.5,"credit":0,"debit":1.562846,"createdOn":"2023-02-14 09:30:00",` +
	`"group":"billing","groupType":"BILLING","isEnabled":true,"language":"en","ipAddress":"203.0.113.7"}`

// VirtuozzoAccountNumeric is the account as public clients read it: the
// status a number, amounts numeric strings, isEnabled 1, uid a string.
const VirtuozzoAccountNumeric = `{"uid":"4711","email":"ops@shop.hoster.example","status":2,` +
	`"balance":"12.75","bonus":"3.50","credit":"0","debit":"1.562846","createdOn":"2023-02-14 09:30:00",` +
	`"group":"billing","groupType":"BILLING","isEnabled":1,"language":"en"}`

// VirtuozzoAccountSparse is an account the platform left most fields out
// of (they were null).
const VirtuozzoAccountSparse = `{"uid":4712,"email":"trial@shop.hoster.example","status":"INACTIVE(2)","balance":0}`

// SetAccount replaces the account the fake serves: a JSON object whose
// fields are sent beside result, as written.
func (f *Virtuozzo) SetAccount(account string) { locked(&f.script, &f.account, account) }

// DefaultVirtuozzoRows are April 2024 rows: the documented example, a fully
// populated node row, and rows that leave fields out. Costs total 1.562846.
var DefaultVirtuozzoRows = []string{
	`{"dateTime":"2024-04-01 00:00:00","type":"ip","resourceType":"OPTION","cost":0.012846,"count":1,"nodeid":101,"nodeCount":1,"group":0,"appid":"env-3f0c91","domain":"shop.hoster.example","hostGroupDisplayName":"EU West","hostGroupUniqueName":"eu-west-1","isBonus":false,"isRemote":false,"isPaid":true,"isWithdrawn":true}`,
	`{"dateTime":"2024-04-01 00:00:00","type":"node","resourceType":"CLOUDLETS","cost":1.25,"count":1,"nodeid":102,"nodeCount":2,"group":1,"appid":"env-3f0c91","domain":"shop.hoster.example","hostGroupDisplayName":"EU West","hostGroupUniqueName":"eu-west-1","isBonus":true,"isRemote":false,"isPaid":true,"isWithdrawn":false,"usedCloudletsAmount":10.5,"fixedCloudletsAmount":4,"fixedCloudletsCost":0.4,"fixedCloudletsFreeAmount":1,"flexibleCloudletsAmount":6.5,"flexibleCloudletsCost":0.85,"flexibleCloudletsFreeAmount":0,"usedStorageAmount":2048,"billStorageAmount":1024,"storageCost":0.0001,"storageFreeAmount":1024,"usedNetworkExtAmount":300,"billNetworkExtAmount":200,"networkExtCost":0.02,"networkExtFreeAmount":100,"resourceCost":1.25,"resourceFreeCost":0.1,"resourceFreeAmount":2,"resourceBillableAmount":8.5,"minFeeResourceAmount":0,"licenceHours":24}`,
	`{"dateTime":"2024-04-02 00:00:00","type":"env","cost":0.1,"appid":"env-77ab02","isPaid":false}`,
	`{"dateTime":"2024-04-03 00:00:00","type":"env","cost":0.2}`,
	`{"dateTime":"2024-05-01 00:00:00","type":"env","cost":99}`,
}

func (f *Virtuozzo) register(mux *http.ServeMux) {
	mux.HandleFunc(VirtuozzoPath, f.handle(f.serveHistory))
	mux.HandleFunc(VirtuozzoAccountPath, f.handle(f.serveAccount))
}

func (f *Virtuozzo) serveAccount(w http.ResponseWriter, r *http.Request, _ int) {
	if session := r.Form.Get("session"); session != f.token {
		writeReply(w, VirtuozzoError(702, fmt.Sprintf("session [%s] is invalid or expired", session)))
		return
	}
	f.mu.Lock()
	account := f.account
	f.mu.Unlock()
	writeReply(w, Reply{Status: http.StatusOK, Body: VirtuozzoAccountBody(account)})
}

// VirtuozzoAccountBody is a successful account answer: result 0 and the
// account's fields beside it.
func VirtuozzoAccountBody(account string) string {
	fields := map[string]json.RawMessage{}
	_ = json.Unmarshal([]byte(account), &fields)
	fields["result"] = json.RawMessage("0")
	body, _ := json.Marshal(fields)
	return string(body)
}

func (f *Virtuozzo) serveHistory(w http.ResponseWriter, r *http.Request, _ int) {
	// Like the platform, echo what it received in its error text: the
	// provider must mask the session if a platform does this.
	if session := r.Form.Get("session"); session != f.token {
		writeReply(w, VirtuozzoError(702, fmt.Sprintf("session [%s] is invalid or expired", session)))
		return
	}
	const layout = "2006-01-02 15:04:05"
	rows, ok := f.rowsBetween("dateTime", layout, layout, r.Form.Get("starttime"), r.Form.Get("endtime"))
	if !ok {
		writeReply(w, VirtuozzoError(2, "invalid parameter: starttime and endtime must be yyyy-MM-dd HH:mm:ss"))
		return
	}
	if !slices.Contains([]string{"YEAR", "MONTH", "WEEK", "DAY", "HOUR"}, r.Form.Get("period")) {
		writeReply(w, VirtuozzoError(2, "invalid parameter: period"))
		return
	}
	writeReply(w, Reply{Status: http.StatusOK, Body: string(virtuozzoBody(rows))})
}

// virtuozzoBody is a successful answer carrying rows.
func virtuozzoBody(rows []json.RawMessage) []byte {
	body, _ := json.Marshal(map[string]any{"result": 0, "array": rows})
	return body
}

// VirtuozzoError is the platform's error answer: HTTP 200, result != 0.
func VirtuozzoError(result int, message string) Reply {
	body, _ := json.Marshal(map[string]any{"result": result, "error": message, "reason": result, "source": "hx-core"})
	return Reply{Status: http.StatusOK, Body: string(body)}
}

// VirtuozzoRows makes n billing-history rows of April 2024 for benchmarks
// at scale, shaped as the platform's documented rows: hourly, over 100
// environments and three charge types, each costing 0.01.
func VirtuozzoRows(n int) []string {
	rows := make([]string, n)
	for i := range n {
		rows[i] = fmt.Sprintf(`{"dateTime":"2024-04-%02d %02d:00:00","type":"%s","resourceType":"OPTION","cost":0.01,"count":1,"nodeid":%d,"nodeCount":1,"group":0,"appid":"env-%d","domain":"env-%d.hoster.example","hostGroupDisplayName":"EU West","hostGroupUniqueName":"eu-west-1","isBonus":false,"isRemote":false,"isPaid":true,"isWithdrawn":true}`,
			i/24%30+1, i%24, [...]string{"ip", "node", "env"}[i%3], 100+i%1000, i%100+1, i%100+1)
	}
	return rows
}
