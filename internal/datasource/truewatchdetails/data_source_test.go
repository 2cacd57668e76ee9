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

const address = "data.billing_truewatch_details.test"

func details(start, end string) string {
	return fmt.Sprintf(`
data "billing_truewatch_details" "test" {
  start_date = %q
  end_date   = %q
}
`, start, end)
}

// october reads every default fake row.
func october(fake *fakeapi.Server, extra string) string {
	return acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, extra) + details("2026-10-01", "2026-10-31")
}

func expect(check knownvalue.Check, attribute string, steps ...any) statecheck.StateCheck {
	return acctest.Expect(address, check, attribute, steps...)
}

func TestDetailsReadsEveryFieldExactly(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, "") + `
output "spend" {
  value = data.billing_truewatch_details.test.total_billing_result
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect(knownvalue.ListSizeExact(5), "details"),
				// A row with every field set; amounts sent as numbers and as numeric strings.
				expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
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
				expect(knownvalue.StringExact("Session Replay"), "details", 0, "product_detail"),
				expect(knownvalue.StringExact("session_replay"), "details", 0, "measurement"),
				expect(knownvalue.Null(), "details", 0, "org_name"),
				expect(knownvalue.Null(), "details", 0, "billing_cycle"),
				expect(knownvalue.Null(), "details", 0, "deduction_amount"),
				expect(knownvalue.Null(), "details", 0, "cash_cloud_amount"),
				expect(acctest.DecimalText("0"), "details", 0, "billing_result"),
				// Fields left out, and a JSON null, are null.
				expect(knownvalue.Null(), "details", 4, "org_name"),
				expect(knownvalue.Null(), "details", 4, "workspace_uuid"),
				expect(knownvalue.Null(), "details", 4, "count"),
				expect(acctest.DecimalText("6"), "details", 4, "deduction_amount"),
				// Order kept: 0.1 (a number) before 0.2 (a string).
				expect(acctest.DecimalText("0.1"), "details", 2, "billing_result"),
				expect(acctest.DecimalText("0.2"), "details", 3, "billing_result"),
				expect(acctest.DecimalText("104.7"), "total_billing_result"),
				expect(acctest.DecimalText("114.95"), "total_origin_amount"),
				expect(knownvalue.StringRegexp(regexp.MustCompile(`^tw-trace-\d{4}$`)), "trace_id"),
				statecheck.ExpectKnownOutputValue("spend", acctest.DecimalText("104.7")),
			},
		}},
	})

	requests := fake.TrueWatch.Requests()
	if len(requests) == 0 {
		t.Fatal("the fake received no request")
	}
	got := requests[0]
	if q := got.Query.Encode(); q != "endDate=20261031&startDate=20261001" {
		t.Errorf("query sent = %s, want startDate=20261001 and endDate=20261031", q)
	}
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

func TestDetailsSumsExactlyAndAcceptsCompactDates(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			// Only 2026-10-02: the rows of 0.1 and "0.2".
			Config: acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + details("20261002", "2026-10-02"),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(knownvalue.ListSizeExact(2), "details"),
				expect(acctest.DecimalText("0.3"), "total_billing_result"),
				expect(acctest.DecimalText("0.3"), "total_origin_amount"),
				expect(acctest.DecimalText("2000"), "details", 1, "count"),
			},
		}},
	})
	if q := fake.TrueWatch.Requests()[0].Query.Encode(); q != "endDate=20261002&startDate=20261002" {
		t.Errorf("query sent = %s", q)
	}
}

func TestDetailsNoRowsTotalsZero(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + details("2025-01-01", "2025-01-31"),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(knownvalue.ListExact([]knownvalue.Check{}), "details"),
				expect(acctest.DecimalText("0"), "total_billing_result"),
				expect(acctest.DecimalText("0"), "total_origin_amount"),
			},
		}},
	})
}

// A postcondition on the total is how a pipeline fails when a bill crosses a
// line; the message carries the exact figure.
func TestDetailsSpendPostconditionFailsThePlan(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + `
data "billing_truewatch_details" "test" {
  start_date = "2026-10-01"
  end_date   = "2026-10-31"
  lifecycle {
    postcondition {
      condition     = self.total_billing_result <= 100
      error_message = "TrueWatch spend ${self.total_billing_result} exceeds the budget of 100."
    }
  }
}
`,
			ExpectError: acctest.ErrorText("TrueWatch spend 104.7 exceeds the budget of 100."),
		}},
	})
}

func TestDetailsSettingsFromEnvironment(t *testing.T) {
	fake := acctest.Fake(t)
	t.Setenv("TRUEWATCH_API_KEY", fakeapi.TrueWatchAPIKey)
	t.Setenv("TRUEWATCH_ENDPOINT", fake.URL)
	t.Setenv("BILLING_MAX_RETRIES", "1")
	fake.TrueWatch.Enqueue(fakeapi.HTMLBadGateway, fakeapi.HTMLBadGateway)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: `provider "billing" {}` + details("2026-10-01", "2026-10-31"),
			// One retry only (BILLING_MAX_RETRIES=1): two 502s exhaust it.
			ExpectError: acctest.ErrorText("answered GET /api/v1/billing/detail/list with HTTP 502 (after 2 attempts)"),
		}, {
			Config: `provider "billing" {}` + details("2026-10-01", "2026-10-31"),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.DecimalText("104.7"), "total_billing_result"),
			},
		}},
	})
}

func TestDetailsRetriesRateLimitCodesThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fake.TrueWatch.RateLimited(), fake.TrueWatch.Error(http.StatusUnauthorized, "ft.TriggerApiWorkspaceCurrentLimiting", "Workspace limit"))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:            october(fake, ""),
			ConfigStateChecks: []statecheck.StateCheck{expect(acctest.DecimalText("104.7"), "total_billing_result")},
		}},
	})
	if n := countPaths(fake.TrueWatch.Requests()[:3], "/api/v1/billing/detail/list"); n != 3 {
		t.Fatalf("want two rate-limited tries and a third that succeeds, got %d", n)
	}
}

// TrueWatch may send its rate limits as HTTP 200 with success false: they
// are as transient as with 401, and retried the same way.
func TestDetailsRetriesRateLimitCodesOnHTTP200(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting"} {
		t.Run(code, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			fake.TrueWatch.Enqueue(fake.TrueWatch.Error(http.StatusOK, code, "Current limiting, please try again later."))
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config:            october(fake, ""),
					ConfigStateChecks: []statecheck.StateCheck{expect(acctest.DecimalText("104.7"), "total_billing_result")},
				}},
			})
			if n := countPaths(fake.TrueWatch.Requests()[:2], "/api/v1/billing/detail/list"); n != 2 {
				t.Fatalf("want a rate-limited try and a second that succeeds, got %d", n)
			}
		})
	}
}

func TestDetailsRateLimitedOnHTTP200ThroughEveryRetry(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	limited := fake.TrueWatch.Error(http.StatusOK, "ft.TriggerApiWorkspaceCurrentLimiting", "The workspace has triggered current limiting.")
	fake.TrueWatch.Enqueue(limited, limited, limited)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, "max_retries = 2"),
			ExpectError: acctest.ErrorText("TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 200 (after 3 attempts).
				Error code: ft.TriggerApiWorkspaceCurrentLimiting
				Message: The workspace has triggered current limiting.
				Trace id: tw-trace-0001 (quote it to TrueWatch support)
				TrueWatch kept rate-limiting (ft.TriggerApiWorkspaceCurrentLimiting) through every retry. Raise max_retries`),
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n != 3 {
		t.Fatalf("max_retries = 2 should make 3 tries, the fake saw %d", n)
	}
}

func TestDetailsRetriesHTMLBadGatewayThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fakeapi.HTMLBadGateway)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:            october(fake, ""),
			ConfigStateChecks: []statecheck.StateCheck{expect(knownvalue.ListSizeExact(5), "details")},
		}},
	})
}

func TestDetailsRetriesExhausted(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fakeapi.HTMLBadGateway, fakeapi.HTMLBadGateway, fakeapi.HTMLBadGateway)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, "max_retries = 2"),
			ExpectError: acctest.ErrorText("TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 502 (after 3 attempts).
				Message: the body was: <html> <head><title>502 Bad Gateway</title></head>`),
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n != 3 {
		t.Fatalf("max_retries = 2 should make 3 tries, the fake saw %d", n)
	}
}

func TestDetailsRateLimitedThroughEveryRetry(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fake.TrueWatch.RateLimited(), fake.TrueWatch.RateLimited())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, "max_retries = 1"),
			ExpectError: acctest.ErrorText(`HTTP 401 (after 2 attempts).
				Error code: ft.TriggerApiAkCurrentLimiting
				Message: The API key has triggered current limiting, please try again later.
				Trace id: tw-trace-0002 (quote it to TrueWatch support)
				TrueWatch kept rate-limiting (ft.TriggerApiAkCurrentLimiting) through every retry. Raise max_retries`),
		}},
	})
}

func TestDetailsInvalidAPIKeyIsNotRetried(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.TrueWatchProvider(fake.URL, "not-the-key", "") + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText("TrueWatch API error", `TrueWatch answered GET /api/v1/billing/detail/list with HTTP 401.
				Error code: ft.InvalidAPIKey
				Message: The API key is invalid or has been deleted.
				Trace id: tw-trace-0001 (quote it to TrueWatch support)
				Check truewatch.api_key (or TRUEWATCH_API_KEY)`),
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n != 1 {
		t.Fatalf("an invalid key must not be retried; the fake saw %d requests", n)
	}
}

func TestDetailsErrorEnvelopeWithHTTP200(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"code":200,"content":[],"errorCode":"ft.WorkspaceNotExists","message":"Workspace does not exist","success":false,"traceId":"abc-123"}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, ""),
			ExpectError: acctest.ErrorText(`with HTTP 200.
				Error code: ft.WorkspaceNotExists
				Message: Workspace does not exist
				Trace id: abc-123`),
		}},
	})
}

func TestDetailsUnexpectedBodies(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body string
		want string
	}{
		"truncated JSON": {
			body: `{"code":200,"content":[{"billingResult":"1.5","productDetail":"Logs"`,
			want: `TrueWatch answered GET /api/v1/billing/detail/list (HTTP 200) with a body that is not a TrueWatch Open API envelope`,
		},
		"truncated JSON problem": {
			body: `{"code":200,"content":[{"billingResult":"1.5","productDetail":"Logs"`,
			want: `Problem: the JSON ends early (a truncated body)`,
		},
		"content is an object": {
			body: `{"code":200,"content":{"rows":[]},"errorCode":"","message":"","success":true,"traceId":"t"}`,
			want: `Problem: field content should be an array, got object`,
		},
		"amount is an object": {
			body: `{"code":200,"content":[{"billingResult":{"value":1}}],"success":true}`,
			want: `Problem: field content.billingResult should be a number, a numeric string, "None" or null, got object`,
		},
		"amount is not numeric": {
			body: `{"code":200,"content":[{"originAmount":"12 USD"}],"success":true}`,
			want: `Problem: field content.originAmount should be a number, a numeric string, "None" or null, got string "12 USD"`,
		},
		"HTML with status 200": {
			body: `<!DOCTYPE html><html><body>Maintenance</body></html>`,
			want: `Problem: malformed JSON: invalid character '<' looking for beginning of value The body near the problem: <!DOCTYPE html><html><body>Maintenance</body></html>`,
		},
		"empty body": {
			body: ``,
			want: `Problem: the body is empty`,
		},
		"rows beyond those sent": {
			body: `{"code":200,"content":[{"billingResult":1}],"success":true,"traceId":"t-9","pageInfo":{"count":1,"pageIndex":1,"pageSize":1,"totalCount":3}}`,
			want: `the response reports 3 rows (pageInfo.totalCount) but contains 1; this endpoint documents no paging, so the provider refuses a partial result`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: c.body})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps:                    []resource.TestStep{{Config: october(fake, ""), ExpectError: acctest.ErrorText(c.want)}},
			})
		})
	}
}

// A 200 that is not the documented envelope, or lacks content, must fail
// the read: read as no rows it would be a spend of 0 that passes every
// budget check.
func TestDetailsWrongShapeIsNeverZeroSpend(t *testing.T) {
	t.Parallel()
	const notEnvelope = `Unexpected response from TrueWatch`
	const expected = `TrueWatch answered GET /api/v1/billing/detail/list (HTTP 200) with a body that is not a TrueWatch Open API envelope ({code, content, errorCode, message, success, traceId}) with content as an array of billing rows.`
	cases := map[string]struct {
		body string
		want string
	}{
		"null":             {`null`, `Problem: field content is missing or null The body near the problem: null`},
		"empty object":     {`{}`, `Problem: field content is missing or null The body near the problem: {}`},
		"array":            {`[]`, `Problem: the top-level value should be an object, got array The body near the problem: []`},
		"another envelope": {`{"status":"ok"}`, `Problem: field content is missing or null The body near the problem: {"status":"ok"}`},
		"without content":  {`{"code":200,"errorCode":"","message":"","success":true,"traceId":"tw-1"}`, `Problem: field content is missing or null The body near the problem: {"code":200,"errorCode":"","message":"","success":true,"traceId":"tw-1"}`},
		"content null":     {`{"code":200,"content":null,"errorCode":"","message":"","success":true,"traceId":"tw-2"}`, `Problem: field content is missing or null`},
		"content a string": {`{"code":200,"content":"None","success":true}`, `Problem: field content should be an array, got string The body near the problem: {"code":200,"content":"None","success":true}`},
		// A null or empty row would add a row of nothing, and 0 to the total.
		"a null row":   {`{"success":true,"content":[{"billingResult":1},null]}`, `Problem: row 2 of content is null or empty ({}): every billing row has fields The body near the problem: {"success":true,"content":[{"billingResult":1},null]}`},
		"an empty row": {`{"success":true,"content":[{}]}`, `Problem: row 1 of content is null or empty ({}): every billing row has fields`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: c.body})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps:                    []resource.TestStep{{Config: october(fake, ""), ExpectError: acctest.ErrorText(notEnvelope, expected, c.want)}},
			})
			if n := len(fake.TrueWatch.Requests()); n != 1 {
				t.Fatalf("a wrong shape is not transient and must not be retried; the fake saw %d requests", n)
			}
		})
	}
}

func TestDetailsArgumentErrorsAtPlanTime(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		start, end string
		summary    string
		want       string
	}{
		"start after end":   {"2026-10-31", "2026-10-01", "Invalid end_date", `end_date (2026-10-01) is before start_date (2026-10-31); the range is inclusive and must not run backwards.`},
		"impossible date":   {"2026-02-30", "2026-03-01", "Invalid start_date", `start_date: "2026-02-30" is not a real calendar date (day out of range).`},
		"month 13":          {"2026-01-01", "20261301", "Invalid end_date", `end_date: "20261301" is not a real calendar date (month out of range).`},
		"wrong form":        {"31/10/2026", "2026-11-01", "Invalid start_date", `start_date: "31/10/2026" is not a date in the form YYYY-MM-DD (or YYYYMMDD).`},
		"not a date at all": {"last month", "2026-11-01", "Invalid start_date", `"last month" is not a date in the form YYYY-MM-DD`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config:      acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + details(c.start, c.end),
					PlanOnly:    true,
					ExpectError: acctest.ErrorText(c.summary, c.want),
				}},
			})
			if n := len(fake.TrueWatch.Requests()); n != 0 {
				t.Fatalf("an argument error must stop the read before any request; the fake saw %d", n)
			}
		})
	}
}

func TestDetailsEndpointMustBeHTTPSOrLoopback(t *testing.T) {
	t.Parallel()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      acctest.TrueWatchProvider("http://billing.example.com", "key", "") + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText("Invalid truewatch.endpoint", `truewatch.endpoint: "http://billing.example.com" uses plain http://, which is accepted only for a loopback host (127.0.0.1, ::1, localhost); use https://.`),
		}, {
			Config:      acctest.TrueWatchProvider("https://user:secret@billing.example.com", "key", "") + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText(`"https://REDACTED@billing.example.com" contains credentials`),
		}},
	})
}

func TestDetailsEndpointFromEnvironmentIsChecked(t *testing.T) {
	t.Setenv("TRUEWATCH_API_KEY", "key")
	t.Setenv("TRUEWATCH_ENDPOINT", "http://10.0.0.8:8080")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      `provider "billing" {}` + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText("Invalid TRUEWATCH_ENDPOINT", `The TRUEWATCH_ENDPOINT environment variable (the fallback of truewatch.endpoint): "http://10.0.0.8:8080" uses plain http://`),
		}},
	})
}

func TestDetailsMissingAPIKeyNamesTheEnvironmentVariable(t *testing.T) {
	t.Setenv("TRUEWATCH_API_KEY", "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      `provider "billing" {}` + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText("Missing TrueWatch settings", `billing_truewatch_details needs truewatch.api_key (or the TRUEWATCH_API_KEY environment variable) to be set in the provider configuration.`),
		}},
	})
}

func TestDetailsRefusesOversizedResponses(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	big := `{"content":[` + strings.Repeat(`{"count":1},`, 200) + `{}]}`
	// Announced too large: refused before reading.
	fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: big, Header: http.Header{"Content-Length": {strconv.Itoa(len(big))}}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(provider.WithMaxResponseBytes(1 << 10)),
		Steps: []resource.TestStep{{
			Config:      october(fake, ""),
			ExpectError: acctest.ErrorText(fmt.Sprintf(`TrueWatch request GET /api/v1/billing/detail/list failed: the response body (%d bytes announced) is larger than the 1 KiB limit and was refused`, len(big))),
		}},
	})
	// Not announced (chunked): refused once the reader passes the limit.
	fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: big, Header: http.Header{"Transfer-Encoding": {"chunked"}}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(provider.WithMaxResponseBytes(1 << 10)),
		Steps: []resource.TestStep{{
			Config:      october(fake, ""),
			ExpectError: acctest.ErrorText(`larger than the 1 KiB limit and was refused`),
		}},
	})
}

func TestDetailsRefusesRedirectToAnotherHost(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	elsewhere := strings.Replace(fake.URL, "127.0.0.1", "localhost", 1) + "/api/v1/billing/detail/list"
	fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusFound, Header: http.Header{"Location": {elsewhere}}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      october(fake, ""),
			ExpectError: acctest.ErrorText(`refused a redirect from ` + fake.URL + ` to ` + strings.TrimSuffix(elsewhere, "/api/v1/billing/detail/list") + `: credentials are only sent to the configured endpoint`),
		}},
	})
	if n := len(fake.TrueWatch.Requests()); n != 1 {
		t.Fatalf("the redirect must be neither followed nor retried; the fake saw %d requests", n)
	}
}

func TestDetailsConnectionRefusedAfterRetries(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	url := fake.URL
	fake.Close() // nothing listens there any more
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      acctest.TrueWatchProvider(url, fakeapi.TrueWatchAPIKey, "max_retries = 1") + details("2026-10-01", "2026-10-31"),
			ExpectError: acctest.ErrorText("TrueWatch request failed", `TrueWatch request GET /api/v1/billing/detail/list failed after 2 attempts: dial tcp`),
		}},
	})
}

func TestDetailsRequestTimeout(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.TrueWatch.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{}`, Delay: 10 * time.Second})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      october(fake, `request_timeout = "300ms"`+"\n  max_retries = 0"),
			ExpectError: acctest.ErrorText("TrueWatch request failed", `TrueWatch request GET /api/v1/billing/detail/list failed: no response within request_timeout (300ms)`),
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
}`, fake.URL) + details("2026-10-01", "2026-10-31"),
			ConfigStateChecks: []statecheck.StateCheck{expect(knownvalue.ListSizeExact(5), "details")},
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

func countPaths(requests []fakeapi.Recorded, path string) int {
	n := 0
	for _, r := range requests {
		if r.Path == path {
			n++
		}
	}
	return n
}

// The breakdowns sum billing_result exactly per product, workspace and day;
// the Session Replay row's workspace is "None", so it sums under "".
func TestDetailsBreakdowns(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: october(fake, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.Sums(map[string]string{
					"Session Replay": "0", "Log Storage": "41.25", "Metrics": "0.3", "APM Trace": "63.15",
				}), "billing_result_by_product"),
				expect(acctest.Sums(map[string]string{"": "0", "production": "104.5", "staging": "0.2"}), "billing_result_by_workspace"),
				expect(acctest.Sums(map[string]string{"2026-10-01": "41.25", "2026-10-02": "0.3", "2026-10-03": "63.15"}), "billing_result_by_day"),
			},
		}, {
			Config: acctest.TrueWatchProvider(fake.URL, fakeapi.TrueWatchAPIKey, "") + details("2025-01-01", "2025-01-31"),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.Sums(nil), "billing_result_by_product"),
				expect(acctest.Sums(nil), "billing_result_by_workspace"),
				expect(acctest.Sums(nil), "billing_result_by_day"),
			},
		}},
	})
}
