package virtuozzoaccount_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var (
	test    = acctest.For("billing_virtuozzo_account")
	account = test.Config("")
)

func platform(apiURL, token, extra string) string {
	return acctest.VirtuozzoProvider(apiURL, token, extra)
}

// expectAll checks attributes of the account data source block s, those
// of each map.
func expectAll(s acctest.Source, values ...map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, m := range values {
		for attribute, check := range m {
			checks = append(checks, s.Expect(check, attribute))
		}
	}
	return checks
}

// The account as the reference documents it (status "ACTIVE(1)", amounts
// numbers, appid configured), as public clients read it (status 2, amounts
// numeric strings, isEnabled 1), and with fields left out (null): each
// from a fake of its own.
func TestAccountReadsEveryFieldExactly(t *testing.T) {
	t.Parallel()
	documented, numeric, sparse := test.Named("documented"), test.Named("numeric"), test.Named("sparse")
	reading := func(s acctest.Source, appID string) func(*fakeapi.Server, string) string {
		return func(fake *fakeapi.Server, provider string) string {
			settings := map[string]string{"api_url": fake.URL, "token": fakeapi.VirtuozzoToken}
			if appID != "" {
				settings["appid"] = appID
			}
			return acctest.Provider("virtuozzo", settings, "") + s.Config("provider = "+provider)
		}
	}
	const appID = "1dd8d191d38fff45e62564fcf67fdcd6"
	// The same amounts, sent as numbers (documented) and as numeric
	// strings (numeric).
	amounts := map[string]knownvalue.Check{
		"balance":    acctest.DecimalText("12.75"),
		"bonus":      acctest.DecimalText("3.5"),
		"credit":     acctest.DecimalText("0"),
		"debit":      acctest.DecimalText("1.562846"),
		"is_enabled": knownvalue.Bool(true),
	}
	fakes := acctest.ReadParts(t, acctest.Part{
		Name:   "documented",
		Config: reading(documented, appID),
		Checks: expectAll(documented, map[string]knownvalue.Check{
			"uid":        acctest.DecimalText("4711"),
			"email":      knownvalue.StringExact("ops@shop.hoster.example"),
			"group":      knownvalue.StringExact("billing"),
			"group_type": knownvalue.StringExact("BILLING"),
			"language":   knownvalue.StringExact("en"),
			"created_on": knownvalue.StringExact("2023-02-14 09:30:00"),
			"status":     knownvalue.StringExact("ACTIVE"),
		}, amounts),
	}, acctest.Part{
		Name:   "numeric",
		Setup:  func(fake *fakeapi.Server) { fake.Virtuozzo.SetAccount(fakeapi.VirtuozzoAccountNumeric) },
		Config: reading(numeric, ""),
		Checks: expectAll(numeric, map[string]knownvalue.Check{
			"uid":    acctest.DecimalText("4711"),
			"status": knownvalue.StringExact("INACTIVE"),
		}, amounts),
	}, acctest.Part{
		Name:   "sparse",
		Setup:  func(fake *fakeapi.Server) { fake.Virtuozzo.SetAccount(fakeapi.VirtuozzoAccountSparse) },
		Config: reading(sparse, ""),
		Checks: expectAll(sparse, map[string]knownvalue.Check{
			"uid":        acctest.DecimalText("4712"),
			"email":      knownvalue.StringExact("trial@shop.hoster.example"),
			"status":     knownvalue.StringExact("INACTIVE"),
			"balance":    acctest.DecimalText("0"),
			"group":      knownvalue.Null(),
			"group_type": knownvalue.Null(),
			"language":   knownvalue.Null(),
			"created_on": knownvalue.Null(),
			"bonus":      knownvalue.Null(),
			"credit":     knownvalue.Null(),
			"debit":      knownvalue.Null(),
			"is_enabled": knownvalue.Null(),
		}),
	})
	for i, fake := range fakes {
		requests := fake.Virtuozzo.Requests()
		if len(requests) == 0 {
			t.Errorf("the %s account's fake saw no request", []string{"documented", "numeric", "sparse"}[i])
		}
		for _, got := range requests {
			if got.Method != http.MethodPost || got.Path != fakeapi.VirtuozzoAccountPath || len(got.Query) != 0 || got.Form.Get("session") != fakeapi.VirtuozzoToken {
				t.Errorf("want a POST of the session in the form body; got %s %s ?%s", got.Method, got.Path, got.Query.Encode())
			}
			want := map[bool]string{true: appID}[i == 0]
			if _, sent := got.Form["appid"]; sent != (want != "") || got.Form.Get("appid") != want {
				t.Errorf("appid %q (sent %v), want it sent exactly when configured (the documented account's read)", got.Form.Get("appid"), sent)
			}
		}
	}
}

// Every way a read of the account fails, with what the user sees.
func TestAccountFailures(t *testing.T) {
	t.Parallel()
	const expected = `Virtuozzo answered POST /1.0/billing/account/rest/getaccount (HTTP 200) with a body that is not a Virtuozzo platform response ({result, error, ...}) with the account's fields (uid, email, status, balance, bonus, credit, debit, ...).`
	cases := []struct {
		reply fakeapi.Reply
		want  []string
	}{
		{fakeapi.Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"text/html"}}, Body: "<html><body>Login</body></html>"},
			[]string{"Unexpected response from Virtuozzo", expected, "Problem: malformed JSON", "<html><body>Login</body></html>"}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `[]`}, []string{expected, `Problem: the top-level value should be an object, got array The body near the problem: []`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `null`}, []string{expected, `Problem: field result is missing or null The body near the problem: null`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"uid":4711,"balance":5}`}, []string{expected, `Problem: field result is missing or null`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"result":0}`}, []string{expected, `Problem: the response has none of the account's fields The body near the problem: {"result":0}`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"result":0,"uid":1,"status":["ACTIVE"]}`},
			[]string{`Problem: field status should be a status text such as "ACTIVE(1)", a status number or null, got array`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"result":0,"uid":1,"balance":"12 EUR"}`},
			[]string{`Problem: field balance should be a number, a numeric string or null, got string "12 EUR"`}},
		// encoding/json takes a name's last value: a balance of 0 after 5.
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"result":0,"uid":1,"balance":5,"Balance":0}`},
			[]string{`Problem: duplicate object member name "Balance" (a name given twice, or twice but for case): which of its values is meant cannot be told`}},
		{fakeapi.Reply{Status: http.StatusOK, Body: `{"result":0,"uid":1,"isEnabled":"yes"}`},
			[]string{`Problem: field isEnabled should be true, false, "true", "false", 0, 1 or null, got string "yes"`}},
		{fakeapi.VirtuozzoError(8202, "permission denied"), []string{"Virtuozzo API error",
			`Virtuozzo answered POST /1.0/billing/account/rest/getaccount with HTTP 200.
			Error code: result 8202
			Message: permission denied (reason 8202, source hx-core)`}},
		{fakeapi.Reply{Status: http.StatusNotFound, Header: http.Header{"Content-Type": {"text/html"}}, Body: "<h1>Not Found</h1>"},
			[]string{"with HTTP 404", "Check virtuozzo.api_url (or VIRTUOZZO_API_URL): it must be the platform's base URL"}},
	}
	// Each reads once: nothing of these is retried.
	once := func(t *testing.T, fake *fakeapi.Server) {
		if n := len(fake.Virtuozzo.Requests()); n != 1 {
			t.Errorf("the fake saw %d requests; want 1", n)
		}
	}
	failures := make([]acctest.Failure, 0, len(cases)+1)
	for _, c := range cases {
		failures = append(failures, acctest.Failure{
			Name:   c.reply.Body,
			Setup:  func(fake *fakeapi.Server) { fake.Virtuozzo.Enqueue(c.reply) },
			Config: withSession(fakeapi.VirtuozzoToken),
			Want:   c.want,
			After:  once,
		})
	}
	// Nothing queued: the fake's own answer to an expired session, which
	// echoes the session (masked).
	failures = append(failures, acctest.Failure{
		Name:   "an expired session",
		Config: withSession("expired-session-1234567890"),
		Want: []string{"Virtuozzo API error", `Virtuozzo answered POST /1.0/billing/account/rest/getaccount with HTTP 200.
			Error code: result 702
			Message: session [[REDACTED]] is invalid or expired (reason 702, source hx-core)`},
		After: once,
	})
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: no api_url", Config: acctest.Fixed(`provider "billing" {}` + account),
			Want: []string{"Missing Virtuozzo settings", `billing_virtuozzo_account needs virtuozzo.api_url (or the VIRTUOZZO_API_URL environment variable) to be set in the provider configuration.`}},
		{Name: "unset: no token", Config: acctest.Fixed(`provider "billing" { virtuozzo = { api_url = "https://app.hoster.example" } }` + account),
			Want: []string{"Missing Virtuozzo settings", `billing_virtuozzo_account needs virtuozzo.token (or the VIRTUOZZO_TOKEN environment variable) to be set in the provider configuration.`}},
	}...)
	acctest.Failures(t, failures)
}

func withSession(session string) func(*fakeapi.Server) string {
	return func(fake *fakeapi.Server) string {
		return platform(fake.URL, session, "max_retries = 0") + account
	}
}
