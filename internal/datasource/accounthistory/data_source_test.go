package accounthistory_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var (
	test = acctest.For("billing_account_history")
	none = test.Named("none")
)

func platform(fake *fakeapi.Server, extra string) string {
	return acctest.VirtuozzoProvider(fake.URL, fakeapi.VirtuozzoToken, extra)
}

const april = `start_time = "2024-04-01 00:00:00"
  end_time   = "2024-04-30 23:59:59"`

// Every field of April's rows, and the breakdowns, which sum cost exactly
// per type, environment and date (the row without an appid sums under
// ""); and, read at once, a period without billing (none): the platform
// answers result 0 with an empty array, which is an empty list (not null),
// a total of 0 and empty breakdowns.
func TestHistoryReads(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: platform(fake, "") + test.Config(april) + none.Config(`start_time = "2023-01-01"
  end_time = "2023-01-31"`),
			ConfigStateChecks: []statecheck.StateCheck{
				test.Expect(knownvalue.ListSizeExact(4), "history"),
				test.Expect(knownvalue.StringExact("DAY"), "period"),
				test.Expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
					"date_time":                      knownvalue.StringExact("2024-04-01 00:00:00"),
					"type":                           knownvalue.StringExact("node"),
					"resource_type":                  knownvalue.StringExact("CLOUDLETS"),
					"appid":                          knownvalue.StringExact("env-3f0c91"),
					"domain":                         knownvalue.StringExact("shop.hoster.example"),
					"host_group_display_name":        knownvalue.StringExact("EU West"),
					"host_group_unique_name":         knownvalue.StringExact("eu-west-1"),
					"is_bonus":                       knownvalue.Bool(true),
					"is_remote":                      knownvalue.Bool(false),
					"is_paid":                        knownvalue.Bool(true),
					"is_withdrawn":                   knownvalue.Bool(false),
					"cost":                           acctest.DecimalText("1.25"),
					"count":                          acctest.DecimalText("1"),
					"node_id":                        acctest.DecimalText("102"),
					"node_count":                     acctest.DecimalText("2"),
					"group":                          acctest.DecimalText("1"),
					"used_cloudlets_amount":          acctest.DecimalText("10.5"),
					"fixed_cloudlets_amount":         acctest.DecimalText("4"),
					"fixed_cloudlets_cost":           acctest.DecimalText("0.4"),
					"fixed_cloudlets_free_amount":    acctest.DecimalText("1"),
					"flexible_cloudlets_amount":      acctest.DecimalText("6.5"),
					"flexible_cloudlets_cost":        acctest.DecimalText("0.85"),
					"flexible_cloudlets_free_amount": acctest.DecimalText("0"),
					"used_storage_amount":            acctest.DecimalText("2048"),
					"bill_storage_amount":            acctest.DecimalText("1024"),
					"storage_cost":                   acctest.DecimalText("0.0001"),
					"storage_free_amount":            acctest.DecimalText("1024"),
					"used_network_ext_amount":        acctest.DecimalText("300"),
					"bill_network_ext_amount":        acctest.DecimalText("200"),
					"network_ext_cost":               acctest.DecimalText("0.02"),
					"network_ext_free_amount":        acctest.DecimalText("100"),
					"resource_cost":                  acctest.DecimalText("1.25"),
					"resource_free_cost":             acctest.DecimalText("0.1"),
					"resource_free_amount":           acctest.DecimalText("2"),
					"resource_billable_amount":       acctest.DecimalText("8.5"),
					"min_fee_resource_amount":        acctest.DecimalText("0"),
					"licence_hours":                  acctest.DecimalText("24"),
				}), "history", 1),
				// The documented example row.
				test.Expect(knownvalue.StringExact("ip"), "history", 0, "type"),
				test.Expect(knownvalue.StringExact("OPTION"), "history", 0, "resource_type"),
				test.Expect(acctest.DecimalText("0.012846"), "history", 0, "cost"),
				test.Expect(knownvalue.Bool(true), "history", 0, "is_withdrawn"),
				// Fields the platform left out are null.
				test.Expect(knownvalue.Null(), "history", 0, "used_cloudlets_amount"),
				test.Expect(knownvalue.Null(), "history", 3, "appid"),
				test.Expect(knownvalue.Null(), "history", 3, "is_paid"),
				test.Expect(knownvalue.Null(), "history", 3, "resource_type"),
				test.Expect(knownvalue.Bool(false), "history", 2, "is_paid"),
				test.Expect(acctest.DecimalText("1.562846"), "total_cost"),
				test.Expect(acctest.Sums(map[string]string{"ip": "0.012846", "node": "1.25", "env": "0.3"}), "cost_by_type"),
				test.Expect(acctest.Sums(map[string]string{"env-3f0c91": "1.262846", "env-77ab02": "0.1", "": "0.2"}), "cost_by_appid"),
				test.Expect(acctest.Sums(map[string]string{"2024-04-01": "1.262846", "2024-04-02": "0.1", "2024-04-03": "0.2"}), "cost_by_date"),

				none.Expect(knownvalue.ListExact([]knownvalue.Check{}), "history"),
				none.Expect(acctest.DecimalText("0"), "total_cost"),
				none.Expect(acctest.Sums(nil), "cost_by_type"),
				none.Expect(acctest.Sums(nil), "cost_by_appid"),
				none.Expect(acctest.Sums(nil), "cost_by_date"),
			},
		}},
	})
	var aprils int
	for _, got := range fake.Virtuozzo.Requests() {
		if got.Method != http.MethodPost || len(got.Query) != 0 {
			t.Errorf("want a POST with everything in the form body; got %s with query %v", got.Method, got.Query)
		}
		if got.Form.Get("starttime") != "2024-04-01 00:00:00" {
			continue
		}
		aprils++
		want := map[string]string{"session": fakeapi.VirtuozzoToken, "starttime": "2024-04-01 00:00:00", "endtime": "2024-04-30 23:59:59", "period": "DAY"}
		for key, value := range want {
			if got.Form.Get(key) != value {
				t.Errorf("form %s = %q, want %q", key, got.Form.Get(key), value)
			}
		}
		for _, unset := range []string{"appid", "targetAppid", "timeOffset", "groupNodes"} {
			if _, sent := got.Form[unset]; sent {
				t.Errorf("%s was sent although it is not set", unset)
			}
		}
	}
	if aprils == 0 {
		t.Error("no request read April")
	}
}

// The three time forms, each sent as the platform's yyyy-MM-dd HH:mm:ss,
// and every optional parameter sent exactly when set.
func TestHistoryTimeFormsAndOptionalParameters(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.Provider("virtuozzo", map[string]string{"api_url": fake.URL, "token": fakeapi.VirtuozzoToken, "appid": "1dd8d191d38fff45e62564fcf67fdcd6"}, "") + test.Config(`start_time   = "2024-04-02"
  end_time     = "2024-04-03T01:30:00+02:00"
  period       = "HOUR"
  target_appid = "env-77ab02"
  time_offset  = -120
  group_nodes  = true`),
			ConfigStateChecks: []statecheck.StateCheck{
				test.Expect(knownvalue.StringExact("HOUR"), "period"),
				test.Expect(knownvalue.ListSizeExact(1), "history"),
				test.Expect(acctest.DecimalText("0.1"), "total_cost"),
			},
		}},
	})
	got := fake.Virtuozzo.Requests()[0].Form
	for key, value := range map[string]string{
		"starttime":   "2024-04-02 00:00:00", // a date: midnight
		"endtime":     "2024-04-02 23:30:00", // RFC 3339: converted to UTC
		"period":      "HOUR",
		"appid":       "1dd8d191d38fff45e62564fcf67fdcd6",
		"targetAppid": "env-77ab02",
		"timeOffset":  "-120",
		"groupNodes":  "true",
	} {
		if got.Get(key) != value {
			t.Errorf("form %s = %q, want %q", key, got.Get(key), value)
		}
	}
}

// requests checks that a case's fake saw n requests (0: an argument error
// stopped the read before any).
func requests(n int) func(*testing.T, *fakeapi.Server) {
	return func(t *testing.T, fake *fakeapi.Server) {
		t.Helper()
		if got := len(fake.Virtuozzo.Requests()); got != n {
			t.Errorf("the fake saw %d requests; want %d", got, n)
		}
	}
}

func reading(arguments, extra string) func(*fakeapi.Server) string {
	return func(fake *fakeapi.Server) string { return platform(fake, extra) + test.Config(arguments) }
}

func answers(replies ...fakeapi.Reply) func(*fakeapi.Server) {
	return func(fake *fakeapi.Server) { fake.Virtuozzo.Enqueue(replies...) }
}

// Every way a read fails, with what the user sees.
func TestHistoryFailures(t *testing.T) {
	t.Parallel()
	cases := []acctest.Failure{{
		// A platform error is not retried, and its text never shows the
		// session token.
		Name: "an invalid session",
		Config: func(fake *fakeapi.Server) string {
			return acctest.VirtuozzoProvider(fake.URL, "expired-session-1234567890", "") + test.Config(april)
		},
		Want: []string{"Virtuozzo API error",
			`Virtuozzo answered POST /1.0/billing/account/rest/getaccountbillinghistorybyperiod with HTTP 200.
				Error code: result 702
				Message: session [[REDACTED]] is invalid or expired (reason 702, source hx-core)`},
		After: requests(1),
	}}
	for _, c := range []struct {
		name    string
		replies []fakeapi.Reply
		want    []string
	}{
		{"not JSON", []fakeapi.Reply{{Status: http.StatusOK, Body: "<html><body>Login</body></html>"}},
			[]string{"Unexpected response from Virtuozzo", "is not a Virtuozzo platform response", "Problem: malformed JSON", "<html><body>Login</body></html>"}},
		// Rows the provider cannot count, as it does before decoding them.
		{"a row list with a stray comma", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"cost":1},]}`}},
			[]string{"Unexpected response from Virtuozzo", "Problem: malformed JSON: invalid character ']' looking for beginning of value"}},
		{"a row list cut short", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"cost":1},{"cost":2}`}},
			[]string{"Unexpected response from Virtuozzo", "Problem: the JSON ends early (a truncated body)"}},
		{"array of the wrong type", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"cost":"free"}]}`}},
			[]string{`field array.cost should be a number, a numeric string or null, got string "free"`}},
		// "None" means no value only from TrueWatch; here it is a wrong type.
		{"a number that is None", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"type":"None","cost":"None"}]}`}},
			[]string{`field array.cost should be a number, a numeric string or null, got string "None"`}},
		// The platform leaves out a field with no value; an empty cost is
		// not one, and would otherwise add 0 to the totals.
		{"a number that is empty", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"type":"node","cost":""}]}`}},
			[]string{"Unexpected response from Virtuozzo", `field array.cost should be a number, a numeric string or null, got string ""`}},
		{"a boolean that is None", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"isPaid":"None"}]}`}},
			[]string{`field array.isPaid should be true, false, "true", "false", 0, 1 or null, got string "None"`}},
		{"a cost beyond Terraform's precision", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"cost":` + strings.Repeat("1", 151) + `}]}`}},
			[]string{"Unexpected response from Virtuozzo", `field array.cost should be a number, a numeric string or null, got number ` + strings.Repeat("1", 37) +
				`... with 151 significant digits, more than the 150 Terraform holds exactly`}},
		// Each cost has one significant digit; their exact sum has 201.
		{"a sum beyond Terraform's precision", []fakeapi.Reply{{Status: http.StatusOK, Body: `{"result":0,"array":[{"cost":1e100},{"cost":1e-100}]}`}},
			[]string{"Sum beyond Terraform's precision", "the exact sum total_cost has 201 significant digits, more than the 150 Terraform holds exactly; " +
				"it is refused rather than rounded"}},
		{"404 wrong base URL", []fakeapi.Reply{{Status: http.StatusNotFound, Header: http.Header{"Content-Type": {"text/html"}}, Body: "<h1>Not Found</h1>"}},
			[]string{"with HTTP 404", "Check virtuozzo.api_url (or VIRTUOZZO_API_URL): it must be the platform's base URL"}},
		{"5xx exhausted", []fakeapi.Reply{{Status: 503, Body: `{"result":99,"error":"maintenance"}`}, {Status: 503, Body: `{"result":99,"error":"maintenance"}`}},
			[]string{"HTTP 503 (after 2 attempts)", "Error code: result 99", "Message: maintenance"}},
	} {
		cases = append(cases, acctest.Failure{Name: c.name, Setup: answers(c.replies...), Config: reading(april, "max_retries = 1"), Want: c.want})
	}

	// A 200 that is not the platform's response, or lacks result or array,
	// must fail the read, and is not retried: read as no rows it would be
	// a cost of 0.
	const expected = `Virtuozzo answered POST /1.0/billing/account/rest/getaccountbillinghistorybyperiod (HTTP 200) with a body that is not a Virtuozzo platform response ({result, error, array}) with array as a list of billing rows.`
	for _, c := range []struct{ name, body, want string }{
		{"null", `null`, `Problem: field result is missing or null The body near the problem: null`},
		{"empty object", `{}`, `Problem: field result is missing or null The body near the problem: {}`},
		{"array", `[]`, `Problem: the top-level value should be an object, got array The body near the problem: []`},
		{"another envelope", `{"status":"ok"}`, `Problem: field result is missing or null The body near the problem: {"status":"ok"}`},
		{"without result", `{"array":[{"cost":5}]}`, `Problem: field result is missing or null The body near the problem: {"array":[{"cost":5}]}`},
		{"without array", `{"result":0}`, `Problem: field array is missing or null The body near the problem: {"result":0}`},
		{"array null", `{"result":0,"array":null}`, `Problem: field array is missing or null`},
		{"a null row", `{"result":0,"array":[null]}`, `Problem: row 1 of array has no value in any field the provider reads (null, {}, every field null or "None", or fields named otherwise than documented): every billing row has fields The body near the problem: {"result":0,"array":[null]}`},
	} {
		cases = append(cases, acctest.Failure{
			Name: "wrong shape: " + c.name, Setup: answers(fakeapi.Reply{Status: http.StatusOK, Body: c.body}), Config: reading(april, ""),
			Want: []string{"Unexpected response from Virtuozzo", expected, c.want}, After: requests(1),
		})
	}

	// Arguments are checked at plan time, before any request.
	for _, c := range []struct {
		name, arguments string
		want            []string
	}{
		{"unknown period", april + "\n  period = \"DECADE\"", []string{"Invalid Attribute Value Match", `period value must be one of: ["YEAR" "MONTH" "WEEK" "DAY" "HOUR"], got: "DECADE"`}},
		{"end before start", `start_time = "2024-04-02T00:00:00Z"
  end_time = "2024-04-01 23:59:59"`, []string{"Invalid end_time", "end_time (2024-04-01 23:59:59) is before start_time (2024-04-02T00:00:00Z)"}},
		{"garbage time", `start_time = "April 1st"
  end_time = "2024-04-30"`, []string{"Invalid start_time", `start_time: "April 1st" is not a time in one of the forms YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, or RFC 3339`}},
		{"impossible time", `start_time = "2024-04-31 10:00:00"
  end_time = "2024-05-30"`, []string{"Invalid start_time", `"2024-04-31 10:00:00" is not a real point in time (day out of range)`}},
		{"RFC 3339 without offset", `start_time = "2024-04-01T10:00:00"
  end_time = "2024-05-30"`, []string{"Invalid start_time", `is not a time in one of the forms`}},
		{"fractional time_offset", april + "\n  time_offset = 1.5", []string{"Invalid time_offset", "time_offset: 1.5 is not a whole number."}},
	} {
		cases = append(cases, acctest.Failure{Name: "argument: " + c.name, Config: reading(c.arguments, ""), Invalid: true, Want: c.want, After: requests(0)})
	}
	// Settings the provider block and the environment leave unset.
	cases = append(cases, []acctest.Failure{
		{Name: "unset: no api_url", Config: acctest.Fixed(`provider "billing" {}` + test.Config(april)),
			Want: []string{"Missing Virtuozzo settings", "billing_account_history needs virtuozzo.api_url (or the VIRTUOZZO_API_URL environment variable) to be set"}},
		{Name: "unset: no token", Config: acctest.Fixed(`provider "billing" { virtuozzo = { api_url = "https://app.hoster.example" } }` + test.Config(april)),
			Want: []string{"Missing Virtuozzo settings", "billing_account_history needs virtuozzo.token (or the VIRTUOZZO_TOKEN environment variable) to be set"}},
	}...)
	acctest.Failures(t, cases)
}
