package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// VirtuozzoToken is the session the Virtuozzo fake accepts.
const VirtuozzoToken = "vz-demo-session-5f2a9c31d7e84b06" //nolint:gosec // the fake's own made-up token

// VirtuozzoPath is the account billing history method.
const VirtuozzoPath = "/1.0/billing/account/rest/getaccountbillinghistorybyperiod"

// Virtuozzo fakes a Virtuozzo Application Platform's account billing
// history: parameters from the form or the query string, errors as HTTP 200
// with a non-zero result, null fields left out of the rows, and rows
// filtered to [starttime, endtime].
type Virtuozzo struct {
	script
	token string
}

// NewVirtuozzo returns the fake with VirtuozzoToken and DefaultVirtuozzoRows.
func NewVirtuozzo() *Virtuozzo {
	f := &Virtuozzo{token: VirtuozzoToken}
	f.rows = raw(DefaultVirtuozzoRows...)
	return f
}

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
}

func (f *Virtuozzo) serveHistory(w http.ResponseWriter, r *http.Request, _ int) {
	// Like the platform, echo what it received in its error text: the
	// provider must mask the session if a platform does this.
	if session := r.Form.Get("session"); session != f.token {
		writeReply(w, VirtuozzoError(702, fmt.Sprintf("session [%s] is invalid or expired", session)))
		return
	}
	start, errStart := time.Parse("2006-01-02 15:04:05", r.Form.Get("starttime"))
	end, errEnd := time.Parse("2006-01-02 15:04:05", r.Form.Get("endtime"))
	if errStart != nil || errEnd != nil {
		writeReply(w, VirtuozzoError(2, "invalid parameter: starttime and endtime must be yyyy-MM-dd HH:mm:ss"))
		return
	}
	if !slices.Contains([]string{"YEAR", "MONTH", "WEEK", "DAY", "HOUR"}, r.Form.Get("period")) {
		writeReply(w, VirtuozzoError(2, "invalid parameter: period"))
		return
	}
	rows := f.rowsWithin("dateTime", "2006-01-02 15:04:05", start, end)
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
