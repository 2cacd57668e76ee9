package truewatchbalance_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var (
	test    = acctest.For("billing_truewatch_balance")
	balance = test.Config("")
)

// The fake's balance, as numbers and (from a fake of its own) as numeric
// strings, read exactly; and
// the premise of the policy example: October's spend (the details' total)
// is more than the cash balance.
func TestBalanceReadsEveryAmountExactly(t *testing.T) {
	t.Parallel()
	asStrings, untraced := test.Named("strings"), test.Named("untraced")
	fakes := acctest.ReadParts(t, acctest.Part{
		Name: "numbers",
		Config: func(fake *fakeapi.Server, provider string) string {
			return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + test.Config("provider = "+provider) + fmt.Sprintf(`
data "billing_truewatch_details" "october" {
  provider   = %s
  start_date = "2026-10-01"
  end_date   = "2026-10-31"
}

output "cash_covers_october" {
  value = data.billing_truewatch_balance.test.cash_balance >= data.billing_truewatch_details.october.total_billing_result
}
`, provider)
		},
		Checks: []statecheck.StateCheck{
			test.Expect(acctest.DecimalText("86.4"), "cash_balance"),
			test.Expect(acctest.DecimalText("15"), "coupon_balance"),
			test.Expect(acctest.DecimalText("0"), "stored_card_balance"),
			test.Expect(knownvalue.StringRegexp(regexp.MustCompile(`^tw-trace-\d{4}$`)), "trace_id"),
			statecheck.ExpectKnownOutputValue("cash_covers_october", knownvalue.Bool(false)),
		},
	}, acctest.Part{
		Name:  "strings",
		Setup: func(fake *fakeapi.Server) { fake.TrueWatch.SetBalance(fakeapi.TrueWatchBalanceStrings) },
		Config: func(fake *fakeapi.Server, provider string) string {
			return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + asStrings.Config("provider = "+provider)
		},
		Checks: []statecheck.StateCheck{
			asStrings.Expect(acctest.DecimalText("86.4"), "cash_balance"),
			asStrings.Expect(acctest.DecimalText("15"), "coupon_balance"),
			asStrings.Expect(knownvalue.Null(), "stored_card_balance"), // "None"
		},
	}, acctest.Part{
		// A trace id the API leaves out, or sends as "None", is null.
		Name: "untraced",
		Setup: func(fake *fakeapi.Server) {
			fake.TrueWatch.Enqueue(fakeapi.Reply{Status: 200, Body: `{"code":200,"content":{"cashBalance":"12.5"},"errorCode":"","message":"","success":true,"traceId":"None"}`})
		},
		Config: func(fake *fakeapi.Server, provider string) string {
			return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + untraced.Config("provider = "+provider)
		},
		Checks: []statecheck.StateCheck{
			untraced.Expect(acctest.DecimalText("12.5"), "cash_balance"),
			untraced.Expect(knownvalue.Null(), "trace_id"),
		},
	})
	var balances int
	for _, got := range slices.Concat(fakes[0].TrueWatch.Requests(), fakes[1].TrueWatch.Requests()) {
		if got.Path != truewatch.BalancePath {
			continue
		}
		balances++
		if got.Method != http.MethodGet || len(got.Query) != 0 || got.Header.Get("DF-API-KEY") != fakeapi.TrueWatchAPIKey {
			t.Errorf("want a GET without parameters and with the key in DF-API-KEY; got %s ?%s key %q", got.Method, got.Query.Encode(), got.Header.Get("DF-API-KEY"))
		}
	}
	if balances == 0 {
		t.Error("the fake received no balance request")
	}
}

// Every way a read of the balance fails, with what the user sees.
func TestBalanceFailures(t *testing.T) {
	t.Parallel()
	const expected = `TrueWatch answered GET /api/v1/billing/balance/get (HTTP 200) with a body that is not a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId}) with content as an object of balances ({cashBalance, couponBalance, storedCardBalance}).`
	ok := func(content string) string {
		return `{"code":200,"content":` + content + `,"errorCode":"","message":"","success":true,"traceId":"tw-9"}`
	}
	cases := []struct {
		body string
		want []string
	}{
		{ok(`null`), []string{"Unexpected response from TrueWatch", expected, `Problem: field content is missing or null`}},
		{ok(`[{"cashBalance":1}]`), []string{expected, `Problem: field content should be an object, got array`}},
		{ok(`"None"`), []string{expected, `Problem: field content should be an object, got string`}},
		{`{}`, []string{expected, `Problem: field content is missing or null The body near the problem: {}`}},
		{`[]`, []string{expected, `Problem: the top-level value should be an object, got array`}},
		{`<html><body>Login</body></html>`, []string{expected, `Problem: malformed JSON`, `<html><body>Login</body></html>`}},
		{ok(`{}`), []string{expected, `Problem: content has none of cashBalance, couponBalance, storedCardBalance`}},
		{ok(`{"cashBalance":"12 USD"}`), []string{`Problem: field content.cashBalance should be a number, a numeric string, "None" or null, got string "12 USD"`}},
		{ok(`{"cashBalance":5000,"cashBalance":0}`), []string{`Problem: duplicate object member name "cashBalance" within "/content" (a name given twice, or twice but for case): which of its values is meant cannot be told`}},
		{ok(`{"cashBalance":""}`), []string{`Problem: field content.cashBalance should be a number, a numeric string, "None" or null, got string ""`}},
		{
			`{"code":200,"content":null,"errorCode":"ft.WorkspaceNotExists","message":"Workspace does not exist","success":false,"traceId":"abc-123"}`,
			[]string{"TrueWatch API error", `TrueWatch answered GET /api/v1/billing/balance/get with HTTP 200.
				Error code: ft.WorkspaceNotExists
				Message: Workspace does not exist
				Trace id: abc-123`},
		},
	}
	// Each reads once: nothing of these is retried.
	once := func(t *testing.T, fake *fakeapi.Server) {
		if n := len(fake.TrueWatch.Requests()); n != 1 {
			t.Errorf("the fake saw %d requests; want 1", n)
		}
	}
	failures := make([]acctest.Failure, 0, len(cases)+1)
	for _, c := range cases {
		failures = append(failures, acctest.Failure{
			Name:   c.body,
			Setup:  func(fake *fakeapi.Server) { fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: c.body}) },
			Config: withKey(fakeapi.TrueWatchAPIKey),
			Want:   c.want,
			After:  once,
		})
	}
	// Nothing queued: the fake's own answer to a wrong key.
	failures = append(failures, acctest.Failure{
		Name:   "a wrong key",
		Config: withKey("not-the-key"),
		Want: []string{"TrueWatch API error", `TrueWatch answered GET /api/v1/billing/balance/get with HTTP 401.
			Error code: ft.InvalidAPIKey
			Message: The API key is invalid or has been deleted.
			Trace id: tw-trace-0001 (quote it to TrueWatch support)
			Check truewatch.api_key (or TRUEWATCH_API_KEY)`},
		After: once,
	})
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: no api_key", Config: acctest.Fixed(`provider "billing" {}` + balance),
			Want: []string{"Missing TrueWatch settings", `billing_truewatch_balance needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration.`}},
	}...)
	acctest.Failures(t, failures)
}

func withKey(key string) func(*fakeapi.Server) string {
	return func(fake *fakeapi.Server) string {
		return acctest.TrueWatchProvider(fake.URL, key, "max_retries = 0") + balance
	}
}
