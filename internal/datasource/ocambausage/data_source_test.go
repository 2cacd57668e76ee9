package ocambausage_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var (
	test   = acctest.For("billing_ocamba_usage")
	search = test.Named("search")
	sorted = test.Named("sorted")
	empty  = test.Named("empty")
)

func ocamba(fake *fakeapi.Server, extra string) string {
	return acctest.OcambaProvider(fake.URL, fakeapi.OcambaToken, extra)
}

// The fake's documented records, read at once four ways: every field
// (test); searched and sorted (search); sorted by a field one record
// lacks (sorted); and a search that matches nothing (empty). amount_by_app
// sums line-item amounts per app, then per currency.
func TestUsageReads(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: ocamba(fake, "") + test.Config("") + search.Config(`search = "PUSH"
  search_fields = ["items"]
  sort = "-amount,start_date"`) + sorted.Config(`sort = "-usage_percent,start_date"`) + empty.Config(`search = "nothing matches this"`),
			ConfigStateChecks: []statecheck.StateCheck{
				test.FieldsInOrder("usages", "id", "1971", "1969", "1982", "2004"),
				test.Expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":            knownvalue.StringExact("1969"),
					"company_id":    knownvalue.StringExact("6197120"),
					"app_id":        knownvalue.StringExact("1007"),
					"currency_code": knownvalue.StringExact("USD"),
					"limit_status":  knownvalue.StringExact("0"),
					"start_time":    knownvalue.StringExact("2021-10-30T00:00:00Z"),
					"end_time":      knownvalue.StringExact("2021-11-29T00:00:00Z"),
					"usage_percent": knownvalue.Null(),
					"price":         acctest.DecimalText("1"),
					"amount":        acctest.DecimalText("1.2"),
					"line_items": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":          knownvalue.StringExact("enterprise"),
						"description":   knownvalue.StringExact("Ocamba MST Enterprise Plan (Annually)"),
						"quantity":      acctest.DecimalText("1"),
						"unit_price":    acctest.DecimalText("1"),
						"price":         acctest.DecimalText("1"),
						"discount_rate": acctest.DecimalText("0"),
						"discount":      acctest.DecimalText("0"),
						"tax_rate":      acctest.DecimalText("20"),
						"tax":           acctest.DecimalText("0.2"),
						"amount":        acctest.DecimalText("1.2"),
						"unit":          acctest.DecimalText("1"),
					})}),
				}), "usages", 1),
				// Record-level price and amount are absent from the first
				// record of the documented example: null, not 0.
				test.Expect(knownvalue.Null(), "usages", 0, "price"),
				test.Expect(knownvalue.Null(), "usages", 0, "amount"),
				test.Expect(acctest.DecimalText("0.59"), "usages", 0, "usage_percent"),
				// Numbers sent as strings are exact.
				test.Expect(acctest.DecimalText("0.0001"), "usages", 3, "line_items", 0, "unit_price"),
				test.Expect(acctest.DecimalText("100"), "usages", 3, "usage_percent"),
				test.Expect(knownvalue.ListSizeExact(2), "usages", 3, "line_items"),
				test.Expect(knownvalue.Int64Exact(4), "total"),
				test.Expect(knownvalue.Int64Exact(100), "page_size"),
				test.Expect(knownvalue.MapExact(map[string]knownvalue.Check{
					"USD": acctest.DecimalText("1.2"),
					"EUR": acctest.DecimalText("0.3"), // 0.1 + 0.2, exactly
				}), "total_amount_by_currency"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{
					"1001": {"USD": "0"}, "1007": {"USD": "1.2"}, "1003": {"USD": "0"}, "1009": {"EUR": "0.3"},
				}), "amount_by_app"),

				search.FieldsInOrder("usages", "id", "2004"),
				search.Expect(knownvalue.Int64Exact(1), "total"),
				search.Expect(knownvalue.MapExact(map[string]knownvalue.Check{"EUR": acctest.DecimalText("0.3")}), "total_amount_by_currency"),

				// Descending usage_percent; the record without one comes last.
				sorted.FieldsInOrder("usages", "id", "2004", "1982", "1971", "1969"),

				empty.Expect(knownvalue.ListSizeExact(0), "usages"),
				empty.Expect(knownvalue.Int64Exact(0), "total"),
				empty.Expect(knownvalue.MapSizeExact(0), "total_amount_by_currency"),
				empty.Expect(acctest.SumsByCurrency(nil), "amount_by_app"),
				empty.Expect(acctest.Sums(nil), "total_amount_by_currency"),
			},
		}},
	})
	// The test framework reads the data sources several times (plan,
	// apply, refresh); each read is one request for page 1, with the
	// token, and with exactly the parameters its arguments set.
	want := map[string]bool{
		url.Values{"page": {"1,100"}}.Encode(): true,
		url.Values{"page": {"1,100"}, "q": {"PUSH"}, "q_fields": {"items"}, "sort": {"-amount,start_date"}}.Encode(): true,
		url.Values{"page": {"1,100"}, "sort": {"-usage_percent,start_date"}}.Encode():                                true,
		url.Values{"page": {"1,100"}, "q": {"nothing matches this"}}.Encode():                                        true,
	}
	seen := map[string]bool{}
	for _, got := range fake.Ocamba.Requests() {
		if auth := got.Header.Get("Authorization"); auth != "Bearer "+fakeapi.OcambaToken {
			t.Errorf("Authorization %q", auth)
		}
		query := got.Query.Encode()
		if !want[query] {
			t.Errorf("a request asked for %s; want one of %v", query, slices.Sorted(maps.Keys(want)))
		}
		seen[query] = true
	}
	if len(seen) != len(want) {
		t.Errorf("queries sent: %v; want each of %v", slices.Sorted(maps.Keys(seen)), slices.Sorted(maps.Keys(want)))
	}
}

// Records of other shapes, each from a fake of its own: "None" means no
// value only from TrueWatch, so Ocamba's text "None" is text, and a record
// without items has no line items (a list, never null); null apps and
// currencies, several currencies in one app and a line item without an
// amount in the breakdowns; and amounts beyond float64's 15 to 17 digits,
// which arrive, and add up, exactly: no number passes through a float on
// its way from the API's text to state.
func TestUsageReadsRecordsOfEveryShape(t *testing.T) {
	t.Parallel()
	part := func(name string, checks []statecheck.StateCheck, records ...string) acctest.Part {
		return acctest.Part{
			Name:  name,
			Setup: func(fake *fakeapi.Server) { fake.Ocamba.SetRows(records...) },
			Config: func(fake *fakeapi.Server, provider string) string {
				return ocamba(fake, "") + test.Named(name).Config("provider = "+provider)
			},
			Checks: checks,
		}
	}
	none, mixed, exact, noID, discounted := test.Named("none"), test.Named("mixed"), test.Named("exact"), test.Named("noid"), test.Named("discounted")
	acctest.ReadParts(t,
		// A record fully discounted, or whose credit line takes back its
		// charge line, has an amount of 0 whatever its price: its line
		// items carry all of its money.
		part("discounted", []statecheck.StateCheck{
			discounted.Expect(acctest.Sums(map[string]string{"USD": "0.5"}), "total_amount_by_currency"),
			discounted.Expect(knownvalue.ListSizeExact(3), "usages"),
		},
			`{"id":"1","currency_code":"USD","price":100,"amount":0,"items":[{"name":"plan","quantity":1,"unit_price":100,"price":100,"discount_rate":100,"discount":100,"tax":0,"amount":0}]}`,
			`{"id":"2","currency_code":"USD","price":10,"amount":0,"items":[{"name":"charge","amount":10},{"name":"credit","amount":-10}]}`,
			`{"id":"3","currency_code":"USD","items":[{"name":"a","amount":"0.5"}]}`,
		),
		part("none", []statecheck.StateCheck{
			none.Expect(knownvalue.StringExact("None"), "usages", 0, "app_id"),
			none.Expect(knownvalue.StringExact("None"), "usages", 0, "limit_status"),
			none.Expect(knownvalue.Null(), "usages", 0, "amount"),
			none.Expect(knownvalue.ListSizeExact(0), "usages", 1, "line_items"),
		},
			`{"id":"3001","company_id":"6197120","app_id":"None","items":[{"name":"requests","amount":"0.5"}],"currency_code":"USD","limit_status":"None"}`,
			`{"id":"3002","company_id":"6197120","currency_code":"USD"}`,
		),
		part("mixed", []statecheck.StateCheck{
			mixed.Expect(acctest.SumsByCurrency(map[string]map[string]string{
				"7": {"USD": "1.5", "EUR": "2", "GBP": "0"},
				"":  {"USD": "0.3", "": "4"},
			}), "amount_by_app"),
			mixed.Expect(acctest.Sums(map[string]string{"USD": "1.8", "EUR": "2", "GBP": "0", "": "4"}), "total_amount_by_currency"),
		},
			`{"id":"1","app_id":"7","items":[{"name":"a","amount":"1.5"}],"currency_code":"USD"}`,
			`{"id":"2","app_id":"7","items":[{"name":"b","amount":2}],"currency_code":"EUR"}`,
			`{"id":"3","app_id":null,"items":[{"name":"c","amount":0.1},{"name":"d","amount":"0.2"}],"currency_code":"USD"}`,
			`{"id":"4","items":[{"name":"e","amount":4}]}`,
			`{"id":"5","app_id":"7","items":[{"name":"f","amount":null}],"currency_code":"GBP"}`,
		),
		part("exact", []statecheck.StateCheck{
			exact.Expect(acctest.DecimalText("12345678901234567.89"), "usages", 0, "amount"),
			exact.Expect(acctest.DecimalText("12345678901234567.89"), "usages", 0, "line_items", 0, "amount"),
			exact.Expect(acctest.DecimalText("0.000000000000000000011"), "usages", 1, "amount"),
			exact.Expect(acctest.DecimalText("12345678901234567.890000000000000000011"), "total_amount_by_currency", "USD"),
		},
			`{"id":"1","currency_code":"USD","amount":"12345678901234567.89","items":[{"amount":12345678901234567.89}]}`,
			`{"id":"2","currency_code":"USD","amount":0.000000000000000000011,"items":[{"amount":"0.000000000000000000011"}]}`,
		),
		// A record without an id is a row with a null id, like any field
		// left out; two of them are two rows, never one.
		part("noid", []statecheck.StateCheck{
			noID.Expect(knownvalue.StringExact("1"), "usages", 0, "id"),
			noID.Expect(knownvalue.Null(), "usages", 1, "id"),
			noID.Expect(knownvalue.Null(), "usages", 2, "id"),
			noID.Expect(knownvalue.StringExact(""), "usages", 3, "id"),
			noID.Expect(knownvalue.StringExact("6197120"), "usages", 1, "company_id"),
			noID.Expect(acctest.DecimalText("4"), "total"),
			noID.Expect(acctest.Sums(map[string]string{"USD": "7.5"}), "total_amount_by_currency"),
		},
			`{"id":"1","currency_code":"USD","items":[{"amount":"1"}]}`,
			`{"company_id":"6197120","currency_code":"USD","items":[{"amount":"1.5"}]}`,
			`{"id":null,"company_id":"6197121","currency_code":"USD","items":[{"amount":"1.5"}]}`,
			`{"id":"","currency_code":"USD","items":[{"amount":"3.5"}]}`,
		),
	)
}

// requests checks that a case's fake saw n requests (0: an argument error
// stopped the read before any).
func requests(n int) func(*testing.T, *fakeapi.Server) {
	return func(t *testing.T, fake *fakeapi.Server) {
		t.Helper()
		if got := len(fake.Ocamba.Requests()); got != n {
			t.Errorf("the fake saw %d requests; want %d", got, n)
		}
	}
}

// Every way a read fails, with what the user sees.
func TestUsageFailures(t *testing.T) {
	t.Parallel()
	page := func(total int, ids ...int) fakeapi.Reply {
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = fakeapi.OcambaRecords(id)[id-1]
		}
		return fakeapi.Reply{Status: http.StatusOK, Body: fmt.Sprintf(`{"total":%d,"items":[%s]}`, total, strings.Join(items, ","))}
	}
	cases := map[string]struct {
		token   string
		extra   string
		setup   func(*fakeapi.Ocamba)
		want    []string
		pageArg string
	}{
		"bad token": {
			token: "not-the-token",
			want: []string{"Ocamba API error", "Ocamba answered GET /v2/ocamba/usage with HTTP 401.",
				"Error code: 401", "Message: Unauthorized: Invalid or expired token.", "Trace id: oc-trace-0001",
				"Check ocamba.token (or OCAMBA_TOKEN)"},
		},
		"rate limited through every retry": {
			extra: "max_retries = 1",
			setup: func(f *fakeapi.Ocamba) { f.Enqueue(f.RateLimited(0), f.RateLimited(0)) },
			want: []string{"Ocamba API error", "with HTTP 429 (after 2 attempts)", "Message: Too Many Requests: Rate limit exceeded.",
				"Raise max_retries, lower max_concurrency"},
		},
		"a page short before the total is reached": {
			extra:   "max_concurrency = 1",
			pageArg: "page_size = 2",
			setup:   func(f *fakeapi.Ocamba) { f.Enqueue(page(5, 1, 2), page(5, 3)) },
			want: []string{"Incomplete listing from Ocamba", "page 2 of 3: it has 1 records; every page before the last should have 2",
				"(a total of 5 records at 2 per page)", "refuses a partial result"},
		},
		"more records than the total": {
			extra:   "max_concurrency = 1",
			pageArg: "page_size = 2",
			setup:   func(f *fakeapi.Ocamba) { f.Enqueue(page(3, 1, 2), page(3, 3, 4)) },
			want:    []string{"Incomplete listing from Ocamba", "page 2 of 2: it has 2 records; the last page should have 1"},
		},
		"the API caps the page size": {
			pageArg: "page_size = 5",
			setup: func(f *fakeapi.Ocamba) {
				f.SetRows(fakeapi.OcambaRecords(12)...)
				f.SetMaxPageSize(3)
			},
			want: []string{"Incomplete listing from Ocamba", "page 1 of 3: it has 3 records; every page before the last should have 5",
				"a smaller page size avoids this"},
		},
		"no total": {
			setup: func(f *fakeapi.Ocamba) { f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"items":[]}`}) },
			want:  []string{"Unexpected response from Ocamba", "is not an Ocamba usage listing", "Problem: field total is missing"},
		},
		// One rule with the other vendors: a listing without its records is
		// not an empty listing, even when its total is 0.
		"no items": {
			setup: func(f *fakeapi.Ocamba) { f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":0}`}) },
			want: []string{"Unexpected response from Ocamba", "is not an Ocamba usage listing",
				`Problem: field items is missing or null The body near the problem: {"total":0}`},
		},
		// A null record, or {}, would count as a record and add nothing.
		"a null record": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[null]}`})
			},
			want: []string{"Unexpected response from Ocamba",
				`Problem: record 1 of items is null or empty ({}): every record has fields The body near the problem: {"total":1,"items":[null]}`},
		},
		// Without ids, two records alike in every field cannot be told
		// from one served twice.
		"two records without an id, alike": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":2,"items":[{"app_id":"7","items":[{"amount":1}]},{"app_id":"7","items":[{"amount":1}]}]}`})
			},
			want: []string{"Incomplete listing from Ocamba", "Ocamba returned an incomplete or inconsistent listing: page 1: " +
				"a record without an id, alike in every field, appears twice on page 1: the server repeated records, which would count them twice"},
		},
		// A line item of nothing would add nothing: one whose fields are
		// all spelled otherwise than documented would sum to 0 unseen.
		"a null line item": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"amount":1},null]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: line item 2 of record 1 of items has no field the provider reads (null, {}, or fields named otherwise than documented): every line item has fields`},
		},
		"an empty line item": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"line_total":1}]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: line item 1 of record 1 of items has no field the provider reads (null, {}, or fields named otherwise than documented): every line item has fields`},
		},
		// The totals sum line items' amount: a record's own amount with no
		// line item to carry it, or a priced line item without an amount,
		// would be money left out of every total, unseen.
		"a record's amount without line items": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":2,"items":[{"id":"1","currency_code":"USD","amount":0,"items":[]},{"id":"2","currency_code":"USD","amount":60}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: record 2 of items has an amount of 60 and line items whose amounts add up to 0: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		"a record's amount and line items without amounts": {
			pageArg: "include_rows = false",
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","amount":"0.5","items":[{"name":"requests","line_amount":0.5}]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: record 1 of items has an amount of 0.5 and line items whose amounts add up to 0: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		"a record's price without line items": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","price":5}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: record 1 of items has a price of 5 and line items whose amounts add up to 0: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		"a record's amount and line items of amount 0": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","amount":"1e-400","items":[{"name":"a","amount":0}]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: record 1 of items has an amount of 1e-400 and line items whose amounts add up to 0: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		"a line item of a unit price and quantity without an amount": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"name":"a","quantity":10,"unit_price":2}]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: line item 1 of record 1 of items has a price, tax or unit price and no amount: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		"a priced line item without an amount": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"name":"free","price":0,"amount":null},{"name":"requests","price":10,"tax":2}]}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: line item 2 of record 1 of items has a price, tax or unit price and no amount: ` +
				`the totals sum the line items' amount, so its money would be left out of them`},
		},
		// encoding/json takes a name's last value: records, then an empty
		// list named again, would read as no spend.
		"the records given twice but for case": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"amount":5}]}],"Items":[]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: duplicate object member name "Items" (a name given twice, or twice but for case): which of its values is meant cannot be told`},
		},
		// Bytes that are not UTF-8 are read as U+FFFD: two currencies
		// sent so would be one key, their amounts added together.
		"a currency of bytes that are not UTF-8": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: "{\"total\":2,\"items\":[{\"id\":\"1\",\"currency_code\":\"EU\xff\",\"items\":[{\"amount\":1}]},{\"id\":\"2\",\"currency_code\":\"EU\xfe\",\"items\":[{\"amount\":2}]}]}"})
			},
			want: []string{"Breakdown key not readable", "billing_ocamba_usage: total_amount_by_currency: the key \"EU\uFFFD\" holds U+FFFD"},
		},
		// No credential goes to state: an answer that echoes one into a
		// field the provider keeps fails the read, with rows or without.
		"a credential echoed into a row": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"name":"` + fakeapi.OcambaToken + `","amount":1}]}]}`})
			},
			want: []string{"Credential in an answer", "billing_ocamba_usage: the answer holds a credential the provider was configured with, in a field that would be kept in state; the state is not written"},
		},
		"a credential echoed into a breakdown key": {
			pageArg: "include_rows = false",
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":1,"items":[{"id":"1","app_id":"` + fakeapi.OcambaToken + `","currency_code":"USD","items":[{"amount":1}]}]}`})
			},
			want: []string{"Credential in an answer", "billing_ocamba_usage: the answer holds a credential the provider was configured with, in a field that would be kept in state; the state is not written"},
		},
		"an empty record": {
			setup: func(f *fakeapi.Ocamba) {
				f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `{"total":2,"items":[{"id":"1"},{}]}`})
			},
			want: []string{"Unexpected response from Ocamba", `Problem: record 2 of items is null or empty ({}): every record has fields`},
		},
		"null": {
			setup: func(f *fakeapi.Ocamba) { f.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: `null`}) },
			want:  []string{"Unexpected response from Ocamba", "Problem: field total is missing or null The body near the problem: null"},
		},
		"HTML error page": {
			extra: "max_retries = 0",
			setup: func(f *fakeapi.Ocamba) { f.Enqueue(fakeapi.HTMLBadGateway) },
			want:  []string{"Ocamba API error", "HTTP 502", "502 Bad Gateway"},
		},
	}
	failures := []acctest.Failure{{
		// Where a number belongs, "None" is a wrong type, not a null that
		// adds nothing to the totals.
		Name: "a number that is None",
		Setup: func(fake *fakeapi.Server) {
			fake.Ocamba.SetRows(`{"id":"3002","items":[{"name":"requests","amount":"None"}],"currency_code":"USD"}`)
		},
		Config: func(fake *fakeapi.Server) string { return ocamba(fake, "") + test.Config("") },
		Want: []string{"Unexpected response from Ocamba",
			`Problem: field items.items.amount should be a number, a numeric string or null, got string "None"`},
	}, {
		// Nor is an empty string: the line item's amount would add 0.
		Name: "a number that is empty",
		Setup: func(fake *fakeapi.Server) {
			fake.Ocamba.SetRows(`{"id":"3002","items":[{"name":"requests","amount":" "}],"currency_code":"USD"}`)
		},
		Config: func(fake *fakeapi.Server) string { return ocamba(fake, "") + test.Config("") },
		Want: []string{"Unexpected response from Ocamba",
			`Problem: field items.items.amount should be a number, a numeric string or null, got string " "`},
	}, {
		// A server that serves the same page twice would double the
		// totals: the read fails, naming the repeated record. One request
		// at a time, so page 1 and page 2 get the queued answers in order.
		Name: "a repeated page",
		Setup: func(fake *fakeapi.Server) {
			records := fakeapi.OcambaRecords(4)
			fake.Ocamba.Enqueue(fake.Ocamba.Page(4, records[:2]...), fake.Ocamba.Page(4, records[:2]...))
		},
		Config: func(fake *fakeapi.Server) string {
			return ocamba(fake, "max_concurrency = 1") + test.Config("page_size = 2")
		},
		Want: []string{"Incomplete listing from Ocamba",
			`Ocamba returned an incomplete or inconsistent listing: page 2: record id "1" is on page 1 and again on page 2: the server repeated records, which would count them twice`},
	}}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		token := c.token
		if token == "" {
			token = fakeapi.OcambaToken
		}
		failures = append(failures, acctest.Failure{
			Name: name,
			Setup: func(fake *fakeapi.Server) {
				if c.setup != nil {
					c.setup(fake.Ocamba)
				}
			},
			Config: func(fake *fakeapi.Server) string {
				return acctest.OcambaProvider(fake.URL, token, c.extra) + test.Config(c.pageArg)
			},
			Want: c.want,
		})
	}

	// Arguments are checked at plan time, before any request.
	arguments := map[string]struct {
		arguments string
		want      []string
	}{
		"page_size 0":     {"page_size = 0", []string{"Invalid page_size", "page_size: 0 is not a whole number from 1 to 1000."}},
		"page_size 1001":  {"page_size = 1001", []string{"Invalid page_size", "page_size: 1001 is not a whole number from 1 to 1000."}},
		"page_size 100.5": {"page_size = 100.5", []string{"Invalid page_size", "page_size: 100.5 is not a whole number from 1 to 1000."}},
		"a null search field": {`search = "x"
  search_fields = ["items", null]`, []string{"Null List Value", "This attribute contains a null value."}},
		"unknown sort field": {`sort = "-amount,colour"`, []string{"Invalid sort",
			`sort: "colour" is not a field Ocamba sorts usage by; use one of price, discount, amount, currency_code, limit_status, usage_percent, start_date, end_date, create_time, update_time`}},
		"empty sort key":               {`sort = "amount,"`, []string{"Invalid sort", `sort: sort key 2 of "amount," is empty`}},
		"search_fields without search": {`search_fields = ["items"]`, []string{"Invalid Attribute Combination", `Attribute "search" must be specified when "search_fields" is specified`}},
		"a search field with a comma": {`search = "x"
  search_fields = ["items,name"]`, []string{"Invalid Attribute Value Match", "must be one field name, without commas"}},
	}
	for _, name := range slices.Sorted(maps.Keys(arguments)) {
		c := arguments[name]
		failures = append(failures, acctest.Failure{
			Name:    "argument: " + name,
			Config:  func(fake *fakeapi.Server) string { return ocamba(fake, "") + test.Config(c.arguments) },
			Invalid: true,
			Want:    c.want,
			After:   requests(0),
		})
	}
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: no token", Config: acctest.Fixed(`provider "billing" {}` + test.Config("")),
			Want: []string{"Missing Ocamba settings", "billing_ocamba_usage needs ocamba.token (or the OCAMBA_TOKEN environment variable) to be set"}},
	}...)
	acctest.Failures(t, failures)
}

// max_concurrency is a budget for the vendor, not for each data source:
// three data sources read at once never have more than 2 requests in
// flight between them.
func TestUsageDataSourcesShareOneBudget(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.Ocamba.SetRows(fakeapi.OcambaRecords(24)...)
	fake.Ocamba.SetLatency(20 * time.Millisecond)
	var config strings.Builder
	config.WriteString(acctest.OcambaProvider(fake.URL, fakeapi.OcambaToken, "max_concurrency = 2"))
	for _, name := range []string{"a", "b", "c"} {
		fmt.Fprintf(&config, "\ndata \"billing_ocamba_usage\" %q {\n  page_size = 3\n}\n", name)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: config.String(),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.Expect("data.billing_ocamba_usage.a", knownvalue.Int64Exact(24), "total"),
				acctest.Expect("data.billing_ocamba_usage.c", knownvalue.Int64Exact(24), "total"),
			},
		}},
	})
	if most := fake.Ocamba.MaxInFlight(); most != 2 {
		t.Errorf("%d requests were in flight at once; three data sources share max_concurrency = 2", most)
	}
}
