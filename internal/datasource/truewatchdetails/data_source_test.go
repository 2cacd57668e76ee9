package truewatchdetails_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
	"github.com/billingtf/terraform-provider-billing/internal/provider"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// noValue is the refusal of a row of nothing, whichever way it is nothing.
const noValue = `has no value in any field the provider reads (null, {}, every field null or "None", ` +
	`or fields named otherwise than documented): every billing row has fields`

var (
	test    = acctest.For("billing_truewatch_details")
	compact = test.Named("compact")
	none    = test.Named("none")
	printed = test.Named("printed")
)

// printedInFull is a day whose amounts a back end wrote as it prints a
// float64 in full (Python's Decimal(float)): 2^-24 and 1 + 2^-23, each
// exactly a float64 whose shortest text is another number.
const printedInFull = `{"consumeTimeOfDay":"2025-02-14","productDetail":"Metrics","billingResult":0.000000059604644775390625,"originAmount":"1.00000011920928955078125"}`

func dates(start, end string) string {
	return fmt.Sprintf("start_date = %q\n  end_date   = %q", start, end)
}

var octoberDates = dates("2026-10-01", "2026-10-31")

// october reads every default fake row.
func october(fake *fakeapi.Server, extra string) string {
	return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, extra) + test.Config(octoberDates)
}

// One read of each kind at once: every default row (test), only
// 2026-10-02 in both date forms (compact), a month without rows
// (none), and a day of amounts printed in full (printed): every field,
// the exact sums, and the breakdowns, which sum billing_result exactly
// per product, workspace and day (the Session Replay row's workspace is
// "None", so it sums under "").
func TestDetailsReads(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	var rows []string
	for _, row := range fakeapi.DefaultTrueWatchRows() {
		rows = append(rows, string(row))
	}
	fake.TrueWatch.SetRows(append(rows, printedInFull)...)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, "") + compact.Config(dates("20261002", "2026-10-02")) + none.Config(dates("2025-01-01", "2025-01-31")) +
				printed.Config(dates("2025-02-14", "2025-02-14")) + `
output "spend" {
  value = data.billing_truewatch_details.test.total_billing_result
}

output "printed_in_full" {
  value = data.billing_truewatch_details.printed.total_billing_result == 0.000000059604644775390625
}

output "printed_sums_agree" {
  value = [
    provider::billing::sum(data.billing_truewatch_details.printed.details[*].billing_result) == data.billing_truewatch_details.printed.total_billing_result,
    provider::billing::sum_by(data.billing_truewatch_details.printed.details, "consume_time_of_day", "billing_result") == data.billing_truewatch_details.printed.billing_result_by_day,
  ]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				test.Expect(knownvalue.ListSizeExact(5), "details"),
				// A row with every field set; amounts sent as numbers and as numeric strings.
				test.Expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
					"consume_time_of_day":    knownvalue.StringExact("2026-10-01"),
					"org_name":               knownvalue.StringExact("Acme Corp"),
					"product_name":           knownvalue.StringExact("dataFlux"),
					"product_detail":         knownvalue.StringExact("Log Storage"),
					"billing_key":            knownvalue.StringExact("logging"),
					"measurement":            knownvalue.StringExact("logging"),
					"billing_cycle":          knownvalue.StringExact("Day"),
					"commodity_category":     knownvalue.StringExact("payAsYouGo"),
					"consume_platform":       knownvalue.StringExact("cash"),
					"customer_identifier":    knownvalue.Null(),
					"workspace_uuid":         knownvalue.StringExact("wksp_7d1e0c4a9b2f4e6d"),
					"workspace_name":         knownvalue.StringExact("production"),
					"consume_time":           knownvalue.StringExact("2026-10-01 23:59:59"),
					"billing_result":         acctest.DecimalText("41.25"),
					"deduction_amount":       acctest.DecimalText("0"),
					"owe_amount":             knownvalue.Null(),
					"origin_amount":          acctest.DecimalText("45.5"),
					"service_billing_amount": knownvalue.Null(),
					"coupon_amount":          acctest.DecimalText("4.25"),
					"stored_card_amount":     acctest.DecimalText("0"),
					"cash_amount":            acctest.DecimalText("41.25"),
					"cash_cloud_amount":      acctest.DecimalText("0"),
					"count":                  acctest.DecimalText("1250000"),
				}), "details", 1),
				// The documented example row: "None" everywhere but a few fields.
				test.Expect(knownvalue.StringExact("Session Replay"), "details", 0, "product_detail"),
				test.Expect(knownvalue.StringExact("session_replay"), "details", 0, "measurement"),
				test.Expect(knownvalue.Null(), "details", 0, "org_name"),
				test.Expect(knownvalue.Null(), "details", 0, "billing_cycle"),
				test.Expect(knownvalue.Null(), "details", 0, "deduction_amount"),
				test.Expect(knownvalue.Null(), "details", 0, "cash_cloud_amount"),
				test.Expect(acctest.DecimalText("0"), "details", 0, "billing_result"),
				// Fields left out, and a JSON null, are null.
				test.Expect(knownvalue.Null(), "details", 4, "org_name"),
				test.Expect(knownvalue.Null(), "details", 4, "workspace_uuid"),
				test.Expect(knownvalue.Null(), "details", 4, "count"),
				test.Expect(acctest.DecimalText("6"), "details", 4, "deduction_amount"),
				// Order kept: 0.1 (a number) before 0.2 (a string).
				test.Expect(acctest.DecimalText("0.1"), "details", 2, "billing_result"),
				test.Expect(acctest.DecimalText("0.2"), "details", 3, "billing_result"),
				test.Expect(acctest.DecimalText("104.7"), "total_billing_result"),
				test.Expect(acctest.DecimalText("114.95"), "total_origin_amount"),
				test.Expect(knownvalue.StringRegexp(regexp.MustCompile(`^tw-trace-\d{4}$`)), "trace_id"),
				statecheck.ExpectKnownOutputValue("spend", acctest.DecimalText("104.7")),
				test.Expect(acctest.Sums(map[string]string{
					"Session Replay": "0", "Log Storage": "41.25", "Metrics": "0.3", "APM Trace": "63.15",
				}), "billing_result_by_product"),
				test.Expect(acctest.Sums(map[string]string{"": "0", "production": "104.5", "staging": "0.2"}), "billing_result_by_workspace"),
				test.Expect(acctest.Sums(map[string]string{"2026-10-01": "41.25", "2026-10-02": "0.3", "2026-10-03": "63.15"}), "billing_result_by_day"),

				// Only 2026-10-02: the rows of 0.1 and "0.2", summed exactly.
				compact.Expect(knownvalue.ListSizeExact(2), "details"),
				compact.Expect(acctest.DecimalText("0.3"), "total_billing_result"),
				compact.Expect(acctest.DecimalText("0.3"), "total_origin_amount"),
				compact.Expect(acctest.DecimalText("2000"), "details", 1, "count"),

				// No rows: totals of zero, empty breakdowns.
				none.Expect(knownvalue.ListExact([]knownvalue.Check{}), "details"),
				none.Expect(acctest.DecimalText("0"), "total_billing_result"),
				none.Expect(acctest.DecimalText("0"), "total_origin_amount"),
				none.Expect(acctest.Sums(nil), "billing_result_by_product"),
				none.Expect(acctest.Sums(nil), "billing_result_by_workspace"),
				none.Expect(acctest.Sums(nil), "billing_result_by_day"),

				// Exactly as written, not as the float64's shortest text
				// (0.00000005960464477539062, 1.0000001192092896).
				printed.Expect(acctest.DecimalText("0.000000059604644775390625"), "details", 0, "billing_result"),
				printed.Expect(acctest.DecimalText("1.00000011920928955078125"), "details", 0, "origin_amount"),
				printed.Expect(acctest.DecimalText("0.000000059604644775390625"), "total_billing_result"),
				printed.Expect(acctest.DecimalText("1.00000011920928955078125"), "total_origin_amount"),
				printed.Expect(acctest.Sums(map[string]string{"2025-02-14": "0.000000059604644775390625"}), "billing_result_by_day"),
				statecheck.ExpectKnownOutputValue("printed_in_full", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("printed_sums_agree", knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(true), knownvalue.Bool(true)})),
			},
		}},
	})

	requests := fake.TrueWatch.Requests()
	if len(requests) == 0 {
		t.Fatal("the fake received no request")
	}
	// Each read sends its range as YYYYMMDD, whichever form it was given in.
	queries := map[string]bool{}
	for _, got := range requests {
		queries[got.Query.Encode()] = true
		if key := got.Header.Get("DF-API-KEY"); key != fakeapi.TrueWatchAPIKey {
			t.Errorf("DF-API-KEY header = %q", key)
		}
		if ct := got.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		if ua := got.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-billing/test \(terraform/\d+\.\d+\.\d+.*\)$`).MatchString(ua) {
			t.Errorf("User-Agent = %q", ua)
		}
	}
	want := []string{"endDate=20261031&startDate=20261001", "endDate=20261002&startDate=20261002", "endDate=20250131&startDate=20250101", "endDate=20250214&startDate=20250214"}
	for _, q := range want {
		if !queries[q] {
			t.Errorf("no request with the query %s", q)
		}
	}
	if len(queries) != len(want) {
		t.Errorf("queries sent: %v; want only %v", queries, want)
	}
}

// requests checks that a case's fake saw n requests (0: an argument error
// stopped the read before any).
func requests(n int) func(*testing.T, *fakeapi.Server) {
	return func(t *testing.T, fake *fakeapi.Server) {
		t.Helper()
		if got := len(fake.TrueWatch.Requests()); got != n {
			t.Errorf("the fake saw %d requests; want %d", got, n)
		}
	}
}

// withOctober is a case's configuration: october's, with extra provider
// settings.
func withOctober(extra string) func(*fakeapi.Server) string {
	return func(fake *fakeapi.Server) string { return october(fake, extra) }
}

func enqueue(replies ...func(*fakeapi.TrueWatch) fakeapi.Reply) func(*fakeapi.Server) {
	return func(fake *fakeapi.Server) {
		for _, reply := range replies {
			fake.TrueWatch.Enqueue(reply(fake.TrueWatch))
		}
	}
}

func body(text string) func(*fakeapi.TrueWatch) fakeapi.Reply {
	return func(*fakeapi.TrueWatch) fakeapi.Reply { return fakeapi.Reply{Status: http.StatusOK, Body: text} }
}

func htmlBadGateway(*fakeapi.TrueWatch) fakeapi.Reply { return fakeapi.HTMLBadGateway }

func rateLimited(f *fakeapi.TrueWatch) fakeapi.Reply { return f.RateLimited() }

// Every way a read fails, with what the user sees. (Which answers are
// retried, and how often, is pinned by the client's tests; here, what the
// diagnostics say once retries run out.)
func TestDetailsFailures(t *testing.T) {
	t.Parallel()
	const (
		notEnvelope = `Unexpected response from TrueWatch`
		expected    = `TrueWatch answered GET /api/v1/billing/detail/list (HTTP 200) with a body that is not a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId}) with content as an array of billing rows.`
	)
	workspaceLimited := func(f *fakeapi.TrueWatch) fakeapi.Reply {
		return f.Error(http.StatusOK, "ft.TriggerApiWorkspaceCurrentLimiting", "The workspace has triggered current limiting.")
	}
	cases := []acctest.Failure{{
		// A postcondition on the total is how a pipeline fails when a bill
		// crosses a line; the message carries the exact figure.
		Name: "a spend postcondition",
		Config: func(fake *fakeapi.Server) string {
			return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + test.Config(octoberDates+`
  lifecycle {
    postcondition {
      condition     = self.total_billing_result <= 100
      error_message = "TrueWatch spend ${self.total_billing_result} exceeds the budget of 100."
    }
  }`)
		},
		Want: []string{"TrueWatch spend 104.7 exceeds the budget of 100."},
	}, {
		Name: "rate limited on HTTP 200 through every retry",
		Setup: func(fake *fakeapi.Server) {
			limited := workspaceLimited(fake.TrueWatch) // one answer, one trace id, three times
			fake.TrueWatch.Enqueue(limited, limited, limited)
		},
		Config: withOctober("max_retries = 2"),
		Want: []string{"TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 200 (after 3 attempts).
				Error code: ft.TriggerApiWorkspaceCurrentLimiting
				Message: The workspace has triggered current limiting.
				Trace id: tw-trace-0001 (quote it to TrueWatch support)
				TrueWatch kept rate-limiting (ft.TriggerApiWorkspaceCurrentLimiting) through every retry. Raise max_retries`},
		After: requests(3),
	}, {
		Name:   "rate limited on HTTP 401 through every retry",
		Setup:  enqueue(rateLimited, rateLimited),
		Config: withOctober("max_retries = 1"),
		Want: []string{`HTTP 401 (after 2 attempts).
				Error code: ft.TriggerApiAkCurrentLimiting
				Message: The API key has triggered current limiting, please try again later.
				Trace id: tw-trace-0002 (quote it to TrueWatch support)
				TrueWatch kept rate-limiting (ft.TriggerApiAkCurrentLimiting) through every retry. Raise max_retries`},
	}, {
		Name:   "a 502 through every retry",
		Setup:  enqueue(htmlBadGateway, htmlBadGateway, htmlBadGateway),
		Config: withOctober("max_retries = 2"),
		Want: []string{"TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 502 (after 3 attempts).
				Message: the body was: <html> <head><title>502 Bad Gateway</title></head>`},
		After: requests(3),
	}, {
		Name: "an invalid API key",
		Config: func(fake *fakeapi.Server) string {
			return acctest.TrueWatchProvider(fake.URL, "not-the-key", "") + test.Config(octoberDates)
		},
		Want: []string{"TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 401.
				Error code: ft.InvalidAPIKey
				Message: The API key is invalid or has been deleted.
				Trace id: tw-trace-0001 (quote it to TrueWatch support)
				Check truewatch.api_key (or TRUEWATCH_API_KEY)`},
		After: requests(1),
	}, {
		Name:   "an error envelope with HTTP 200",
		Setup:  enqueue(body(`{"code":200,"content":[],"errorCode":"ft.WorkspaceNotExists","message":"Workspace does not exist","success":false,"traceId":"abc-123"}`)),
		Config: withOctober(""),
		Want: []string{`with HTTP 200.
				Error code: ft.WorkspaceNotExists
				Message: Workspace does not exist
				Trace id: abc-123`},
	}, {
		Name: "connection refused after retries",
		Config: func(fake *fakeapi.Server) string {
			url := fake.URL
			fake.Close() // nothing listens there any more
			return acctest.TrueWatchProvider(url, fakeapi.TrueWatchAPIKey, "max_retries = 1") + test.Config(octoberDates)
		},
		Want: []string{"TrueWatch request failed", `TrueWatch request GET /api/v1/billing/detail/list failed after 2 attempts: dial tcp`},
	}, {
		Name: "no answer within request_timeout",
		Setup: enqueue(func(*fakeapi.TrueWatch) fakeapi.Reply {
			return fakeapi.Reply{Status: http.StatusOK, Body: `{}`, Delay: 10 * time.Second}
		}),
		Config: func(fake *fakeapi.Server) string {
			return october(fake, `request_timeout = "300ms"`+"\n  max_retries = 0")
		},
		Want: []string{"TrueWatch request failed", `TrueWatch request GET /api/v1/billing/detail/list failed: no response within request_timeout (300ms)`},
	}, {
		// Neither followed nor retried.
		Name: "a redirect to another host",
		Setup: func(fake *fakeapi.Server) {
			fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusFound, Header: http.Header{"Location": {elsewhere(fake) + "/api/v1/billing/detail/list"}}})
		},
		Config: withOctober(""),
		WantFor: func(fake *fakeapi.Server) []string {
			return []string{`refused a redirect from ` + fake.URL + ` to ` + elsewhere(fake) + `: credentials are only sent to the configured endpoint`}
		},
		After: requests(1),
	}}

	// Bodies that are not what the endpoint documents, each answered once
	// with HTTP 200.
	for _, c := range []struct{ name, body, want string }{
		{"truncated JSON", `{"code":200,"content":[{"billingResult":"1.5","productDetail":"Logs"`,
			`TrueWatch answered GET /api/v1/billing/detail/list (HTTP 200) with a body that is not a TrueWatch Open API envelope`},
		{"truncated JSON problem", `{"code":200,"content":[{"billingResult":"1.5","productDetail":"Logs"`, `Problem: the JSON ends early (a truncated body)`},
		{"content is an object", `{"code":200,"content":{"rows":[]},"errorCode":"","message":"","success":true,"traceId":"t"}`,
			`Problem: field content should be an array, got object`},
		{"amount is an object", `{"code":200,"content":[{"billingResult":{"value":1}}],"success":true}`,
			`Problem: field content.billingResult should be a number, a numeric string, "None" or null, got object`},
		{"amount is not numeric", `{"code":200,"content":[{"originAmount":"12 USD"}],"success":true}`,
			`Problem: field content.originAmount should be a number, a numeric string, "None" or null, got string "12 USD"`},
		{"HTML with status 200", `<!DOCTYPE html><html><body>Maintenance</body></html>`,
			`Problem: malformed JSON: invalid character '<' looking for beginning of value The body near the problem: <!DOCTYPE html><html><body>Maintenance</body></html>`},
		{"empty body", ``, `Problem: the body is empty`},
		{"rows beyond those sent", `{"code":200,"content":[{"billingResult":1}],"success":true,"traceId":"t-9","pageInfo":{"count":1,"pageIndex":1,"pageSize":1,"totalCount":3}}`,
			`the response reports 3 rows (pageInfo.totalCount) but contains 1; this endpoint documents no paging, so the provider refuses a partial result`},
		// Without a total, a count other than the rows', or a full page,
		// may leave rows out as surely.
		{"a count other than the rows'", `{"code":200,"content":[{"billingResult":1},{"billingResult":2}],"success":true,"traceId":"t-9","pageInfo":{"count":5}}`,
			`the response reports 5 rows (pageInfo.count) but contains 2; this endpoint documents no paging, so the provider refuses a partial result`},
		{"a full page without a total", `{"code":200,"content":[{"billingResult":1},{"billingResult":2}],"success":true,"traceId":"t-9","pageInfo":{"count":2,"pageIndex":1,"pageSize":2,"totalCount":"None"}}`,
			`the response is a full page of 2 rows (pageInfo.pageSize) without a total (pageInfo.totalCount), so more rows may follow; this endpoint documents no paging, so the provider refuses a partial result`},
		// encoding/json takes a name's last value: rows, then an empty
		// list named again, would read as no spend.
		{"content given twice", `{"code":200,"content":[{"billingResult":100}],"success":true,"traceId":"t","content":[]}`,
			`Problem: duplicate object member name "content" (a name given twice, or twice but for case): which of its values is meant cannot be told`},
		{"an amount given twice but for case", `{"code":200,"content":[{"billingResult":7,"BillingResult":1000}],"success":true,"traceId":"t"}`,
			`Problem: duplicate object member name "BillingResult" within "/content/0" (a name given twice, or twice but for case): which of its values is meant cannot be told`},
		// code mirrors the HTTP status: another than 200 is an error,
		// whatever success says.
		{"an error code under success", `{"code":401,"content":[],"success":true,"message":"invalid","traceId":"t-9"}`,
			`Error code: 401`},
	} {
		cases = append(cases, acctest.Failure{Name: c.name, Setup: enqueue(body(c.body)), Config: withOctober(""), Want: []string{c.want}})
	}

	// A 200 that is not the documented envelope, or lacks content, must
	// fail the read, and is not transient (not retried): read as no rows
	// it would be a spend of 0 that passes every budget check.
	for _, c := range []struct{ name, body, want string }{
		{"null", `null`, `Problem: field content is missing or null The body near the problem: null`},
		{"empty object", `{}`, `Problem: field content is missing or null The body near the problem: {}`},
		{"array", `[]`, `Problem: the top-level value should be an object, got array The body near the problem: []`},
		{"another envelope", `{"status":"ok"}`, `Problem: field content is missing or null The body near the problem: {"status":"ok"}`},
		{"without content", `{"code":200,"errorCode":"","message":"","success":true,"traceId":"tw-1"}`,
			`Problem: field content is missing or null The body near the problem: {"code":200,"errorCode":"","message":"","success":true,"traceId":"tw-1"}`},
		{"content null", `{"code":200,"content":null,"errorCode":"","message":"","success":true,"traceId":"tw-2"}`, `Problem: field content is missing or null`},
		{"content a string", `{"code":200,"content":"None","success":true}`,
			`Problem: field content should be an array, got string The body near the problem: {"code":200,"content":"None","success":true}`},
		// A null or empty row would add a row of nothing, and 0 to the total.
		{"a null row", `{"success":true,"content":[{"billingResult":1},null]}`,
			`Problem: row 2 of content ` + noValue + ` The body near the problem: {"success":true,"content":[{"billingResult":1},null]}`},
		{"an empty row", `{"success":true,"content":[{}]}`, `Problem: row 1 of content ` + noValue},
		// Every field "None" is a row of nothing too, and the refusal says so.
		{"a row of None", `{"success":true,"content":[{"consumeTimeOfDay":"None","productDetail":"None","billingResult":"None","count":"None"}]}`,
			`Problem: row 1 of content ` + noValue},
	} {
		cases = append(cases, acctest.Failure{Name: "wrong shape: " + c.name, Setup: enqueue(body(c.body)), Config: withOctober(""), Want: []string{notEnvelope, expected, c.want}, After: requests(1)})
	}

	// Arguments are checked at plan time, before any request.
	for _, c := range []struct{ name, start, end, summary, want string }{
		{"start after end", "2026-10-31", "2026-10-01", "Invalid end_date", `end_date (2026-10-01) is before start_date (2026-10-31); the range is inclusive and must not run backwards.`},
		{"impossible date", "2026-02-30", "2026-03-01", "Invalid start_date", `start_date: "2026-02-30" is not a real calendar date (day out of range).`},
		{"month 13", "2026-01-01", "20261301", "Invalid end_date", `end_date: "20261301" is not a real calendar date (month out of range).`},
		{"wrong form", "31/10/2026", "2026-11-01", "Invalid start_date", `start_date: "31/10/2026" is not a date in the form YYYY-MM-DD (or YYYYMMDD).`},
		{"not a date at all", "last month", "2026-11-01", "Invalid start_date", `"last month" is not a date in the form YYYY-MM-DD`},
	} {
		cases = append(cases, acctest.Failure{
			Name: "argument: " + c.name,
			Config: func(fake *fakeapi.Server) string {
				return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + test.Config(dates(c.start, c.end))
			},
			Invalid: true,
			Want:    []string{c.summary, c.want},
			After:   requests(0),
		})
	}

	// The endpoint is plain http:// only on loopback, and never carries
	// credentials: the provider's configuration is refused as written.
	cases = append(cases, acctest.Failure{
		Name:    "a plain http endpoint elsewhere than loopback",
		Invalid: true,
		Config: func(*fakeapi.Server) string {
			return acctest.TrueWatchProvider("http://billing.example.com", "key", "") + test.Config(octoberDates)
		},
		Want: []string{"Invalid truewatch.endpoint", `truewatch.endpoint: "http://billing.example.com" uses plain http://, which is accepted only for a loopback host (127.0.0.1, ::1, localhost); use https://.`},
	}, acctest.Failure{
		Name:    "an endpoint with credentials",
		Invalid: true,
		Config: func(*fakeapi.Server) string {
			return acctest.TrueWatchProvider("https://user:secret@billing.example.com", "key", "") + test.Config(octoberDates)
		},
		Want: []string{`"https://REDACTED@billing.example.com" contains credentials`},
	}, acctest.Failure{
		Name:    "an empty endpoint",
		Invalid: true,
		Config: func(*fakeapi.Server) string {
			return acctest.TrueWatchProvider("", "key", "") + test.Config(octoberDates)
		},
		Want: []string{"Invalid truewatch.endpoint", `truewatch.endpoint: "" is not an absolute URL such as https://api.example.com.`},
	}, acctest.Failure{
		Name: "empty: api_key = \"\" counts as unset",
		Config: func(fake *fakeapi.Server) string {
			return acctest.TrueWatchProvider(fake.URL, "", "") + test.Config(octoberDates)
		},
		Want: []string{"Missing TrueWatch settings",
			`billing_truewatch_details needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration.`},
	}, acctest.Failure{
		Name:   "unset: no api_key",
		Config: acctest.Fixed(`provider "billing" {}` + test.Config(octoberDates)),
		Want: []string{"Missing TrueWatch settings",
			`billing_truewatch_details needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration.`},
	})
	acctest.Failures(t, cases)
}

// elsewhere is the fake under another host name: the same server, but not
// the configured endpoint.
func elsewhere(fake *fakeapi.Server) string {
	return strings.Replace(fake.URL, "127.0.0.1", "localhost", 1)
}

// A response larger than the limit is refused: announced too large,
// before it is read; not announced (chunked), once the reader passes the
// limit.
func TestDetailsRefusesOversizedResponses(t *testing.T) {
	t.Parallel()
	big := `{"content":[` + strings.Repeat(`{"count":1},`, 200) + `{}]}`
	acctest.Failures(t, []acctest.Failure{{
		Name: "announced",
		Setup: enqueue(func(*fakeapi.TrueWatch) fakeapi.Reply {
			return fakeapi.Reply{Status: http.StatusOK, Body: big, Header: http.Header{"Content-Length": {strconv.Itoa(len(big))}}}
		}),
		Config: withOctober(""),
		Want:   []string{fmt.Sprintf(`TrueWatch request GET /api/v1/billing/detail/list failed: the response body (%d bytes announced) is larger than the 1 KiB limit and was refused`, len(big))},
	}, {
		Name: "chunked",
		Setup: enqueue(func(*fakeapi.TrueWatch) fakeapi.Reply {
			return fakeapi.Reply{Status: http.StatusOK, Body: big, Header: http.Header{"Transfer-Encoding": {"chunked"}}}
		}),
		Config: withOctober(""),
		Want:   []string{`larger than the 1 KiB limit and was refused`},
	}}, provider.WithMaxResponseBytes(1<<10))
}

// Settings from the environment: an endpoint from the environment is
// checked as one from the configuration; BILLING_MAX_RETRIES=1 allows one retry (two 502s exhaust
// it), and the read then succeeds.
func TestDetailsSettingsFromEnvironment(t *testing.T) {
	fake := acctest.Fake(t)
	config := `provider "billing" {}` + test.Config(octoberDates)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				t.Setenv("TRUEWATCH_API_KEY", "key")
				t.Setenv("TRUEWATCH_ENDPOINT", "http://10.0.0.8:8080")
			},
			Config:      config,
			ExpectError: acctest.ErrorText("Invalid TRUEWATCH_ENDPOINT", `The TRUEWATCH_ENDPOINT environment variable (the fallback of truewatch.endpoint): "http://10.0.0.8:8080" uses plain http://`),
		}, {
			PreConfig: func() {
				t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
				t.Setenv("TRUEWATCH_ENDPOINT", fake.URL)
				t.Setenv("BILLING_MAX_RETRIES", "1")
				fake.TrueWatch.Enqueue(fakeapi.HTMLBadGateway, fakeapi.HTMLBadGateway)
			},
			Config:      config,
			ExpectError: acctest.ErrorText("answered GET /api/v1/billing/detail/list with HTTP 502 (after 2 attempts)"),
		}, {
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				test.Expect(acctest.DecimalText("104.7"), "total_billing_result"),
			},
		}},
	})
}

// With TF_ACC_LOG_PATH the provider and Terraform log at trace level into
// a file: every request is there, the API key nowhere. The key comes from
// the environment, because the test harness itself logs the configuration.
func TestDetailsLogsRequestsWithoutTheAPIKey(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	fake := acctest.Fake(t)
	t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
	fake.TrueWatch.Enqueue(fake.TrueWatch.RateLimited())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "billing" {
  truewatch = { endpoint = %q }
}`, fake.URL) + test.Config(octoberDates),
			ConfigStateChecks: []statecheck.StateCheck{test.Expect(knownvalue.ListSizeExact(5), "details")},
		}},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(logs)
	for _, want := range []string{`Sending HTTP request`, `http_path=/api/v1/billing/detail/list`, `attempt=2`, `http_status=401`, `http_status=200`, `Df-Api-Key: [REDACTED]`} {
		if !strings.Contains(text, want) {
			t.Errorf("the trace log lacks %q", want)
		}
	}
	if strings.Contains(text, fakeapi.TrueWatchAPIKey) {
		t.Errorf("the API key appears in the trace log")
	}
}
