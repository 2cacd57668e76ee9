package talkdeskinvoices_test

import (
	"fmt"
	"maps"
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

// organisation is a provider block with client credentials against the
// fake's token endpoint, talkdesk.scopes set when scopes is not "".
func organisation(fake *fakeapi.Server, scopes string) string {
	if scopes != "" {
		scopes = "\n    scopes        = " + scopes
	}
	return fmt.Sprintf(`
provider "billing" {
  talkdesk = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    endpoint      = %q%s
  }
}
`, fakeapi.TalkdeskClientID, fakeapi.TalkdeskClientSecret, fake.URL+fakeapi.TalkdeskTokenPath, fake.URL, scopes)
}

var source = acctest.For("billing_talkdesk_invoices")

// invoices is a data block named name.
func invoices(name, arguments string) string { return source.Named(name).Config(arguments) }

// expect checks an attribute of the data block named name.
func expect(name string, check knownvalue.Check, attribute string, steps ...any) statecheck.StateCheck {
	return source.Named(name).Expect(check, attribute, steps...)
}

func ids(name string, want ...string) statecheck.StateCheck {
	return source.Named(name).FieldsInOrder("lines", "id", want...)
}

// empty checks a read that kept no line.
func empty(name string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		expect(name, knownvalue.ListExact([]knownvalue.Check{}), "lines"),
		expect(name, knownvalue.Int64Exact(0), "total"),
		expect(name, acctest.Sums(nil), "total_amount_by_currency"),
		expect(name, acctest.SumsByCurrency(nil), "amount_by_account"),
		expect(name, acctest.SumsByCurrency(nil), "amount_by_month"),
		expect(name, acctest.SumsByCurrency(nil), "amount_by_status"),
	}
}

// One apply reads the fake's invoice lines unfiltered (every attribute,
// both spellings of the account id, numbers as strings), with each filter
// and with include_rows = false; and, from a second fake, lines without a
// date, an account or a status, in a listing over two pages.
func TestTalkdeskInvoicesReadsAndFiltersEveryLine(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	a, b, c := fakeapi.TalkdeskAccountA, fakeapi.TalkdeskAccountB, fakeapi.TalkdeskAccountC
	all := []string{"il-0001", "il-0002", "il-0003", "il-0004", "il-0005", "il-0006", "il-0007", "il-0008"}
	sums := func(name string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			expect(name, acctest.Sums(map[string]string{"USD": "64.7", "EUR": "3.8", "GBP": "12.5"}), "total_amount_by_currency"),
			expect(name, acctest.SumsByCurrency(map[string]map[string]string{a: {"USD": "64.7"}, b: {"EUR": "3.8"}, c: {"GBP": "12.5"}}), "amount_by_account"),
			expect(name, acctest.SumsByCurrency(map[string]map[string]string{
				"2024-07": {"USD": "39.4"}, "2024-08": {"USD": "25.3", "EUR": "3.8"}, "2024-09": {"GBP": "12.5"},
			}), "amount_by_month"),
			expect(name, acctest.SumsByCurrency(map[string]map[string]string{
				"PAID": {"USD": "39.4"}, "OVERDUE": {"USD": "25.3"}, "OPEN": {"EUR": "3.8"}, "DRAFT": {"GBP": "12.5"},
			}), "amount_by_status"),
		}
	}
	checks := append(append(sums("all"), sums("sums_only")...),
		ids("all", all...),
		expect("all", knownvalue.Int64Exact(8), "total"),
		expect("all", knownvalue.Bool(true), "include_rows"),
		// Numbers sent as strings.
		expect("all", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                   knownvalue.StringExact("il-0004"),
			"account_id":           knownvalue.StringExact(a),
			"number":               knownvalue.StringExact("INV-2024-0002"),
			"date":                 knownvalue.StringExact("2024-08-31T00:00:00.000Z"),
			"due_date":             knownvalue.StringExact("2024-09-30T00:00:00.000Z"),
			"status":               knownvalue.StringExact("OVERDUE"),
			"currency":             knownvalue.StringExact("USD"),
			"product_id":           knownvalue.StringExact("TD-SMS-US-OUT"),
			"description":          knownvalue.StringExact("Outbound SMS"),
			"total_invoice_amount": acctest.DecimalText("25.3"),
			"quantity":             acctest.DecimalText("30"),
			"rate":                 acctest.DecimalText("0.01"),
			"amount":               acctest.DecimalText("0.3"),
		}), "lines", 3),
		// The account spelled "account ID"; numbers as numbers.
		expect("all", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":                   knownvalue.StringExact("il-0005"),
			"account_id":           knownvalue.StringExact(b),
			"number":               knownvalue.StringExact("INV-2024-0003"),
			"date":                 knownvalue.StringExact("2024-08-31T00:00:00.000Z"),
			"due_date":             knownvalue.StringExact("2024-09-30T00:00:00.000Z"),
			"status":               knownvalue.StringExact("OPEN"),
			"currency":             knownvalue.StringExact("EUR"),
			"product_id":           knownvalue.StringExact("TD-TEL-DE-OUT"),
			"description":          knownvalue.StringExact("Outbound calls, Germany"),
			"total_invoice_amount": acctest.DecimalText("3.8"),
			"quantity":             acctest.DecimalText("100"),
			"rate":                 acctest.DecimalText("0.035"),
			"amount":               acctest.DecimalText("3.5"),
		}), "lines", 4),
		// Both spellings, the same account; no due date.
		expect("all", knownvalue.StringExact(c), "lines", 7, "account_id"),
		expect("all", knownvalue.Null(), "lines", 7, "due_date"),
		expect("all", acctest.DecimalText("12.5"), "lines", 7, "total_invoice_amount"),
		ids("account_b", "il-0005", "il-0006", "il-0007"),
		expect("account_b", acctest.Sums(map[string]string{"EUR": "3.8"}), "total_amount_by_currency"), // 3.5 + 0.1 + 0.2, exactly
		ids("august", "il-0003", "il-0004", "il-0005", "il-0006", "il-0007"),
		expect("august", acctest.SumsByCurrency(map[string]map[string]string{"2024-08": {"USD": "25.3", "EUR": "3.8"}}), "amount_by_month"),
		ids("until_july", "il-0001", "il-0002"), // to_date is inclusive of its whole day
		ids("from_september", "il-0008"),
		ids("a_from_august", "il-0003", "il-0004"),
		expect("a_from_august", knownvalue.Int64Exact(2), "total"),
		expect("a_from_august", acctest.SumsByCurrency(map[string]map[string]string{"OVERDUE": {"USD": "25.3"}}), "amount_by_status"),
		expect("sums_only", knownvalue.Null(), "lines"),
		expect("sums_only", knownvalue.Bool(false), "include_rows"),
		expect("sums_only", knownvalue.Int64Exact(8), "total"),
	)
	checks = append(checks, empty("none")...)
	config := organisation(fake, "") + invoices("all", "") +
		invoices("account_b", fmt.Sprintf("account_ids = [%q]", b)) +
		invoices("august", `from_date = "2024-08-01"`+"\n"+`to_date = "2024-08-31"`) +
		invoices("until_july", `to_date = "2024-07-31"`) +
		invoices("from_september", `from_date = "2024-09-01"`) +
		invoices("a_from_august", fmt.Sprintf("account_ids = [%q, \"5ea7ffffffffffffffffffff\"]\nfrom_date = \"2024-08-01\"", a)) +
		invoices("none", `from_date = "2025-01-01"`) +
		invoices("sums_only", "include_rows = false")

	undated := []string{
		lineWithoutDateOrAccount,
		`{"id":"n-2","account_id":"` + a + `","number":"INV-10","date":"2024-10-05","status":"OPEN","currency":"USD","amount":0.2}`,
		`{"id":"n-3","account_id":"` + a + `","number":"INV-10","date":"2024-10-05T23:59:59+02:00","status":"OPEN","currency":null,"amount":null}`,
	}
	many := make([]string, 260)
	for i := range many {
		many[i] = fmt.Sprintf(`{"id":"p-%03d","account_id":"acc-1","date":"2025-01-31T00:00:00.000Z","status":"PAID","currency":"USD","amount":"0.1"}`, i+1)
	}
	// Lines without a date, an account or a status, over two pages, read
	// from a fake of their own.
	odd := acctest.Fake(t)
	odd.Talkdesk.SetInvoiceLines(append(undated, many...)...)
	config += acctest.ServedAs(organisation(odd, ""), "billing-odd") + invoices("undated", "provider = billing-odd")
	checks = append(checks,
		expect("undated", knownvalue.Int64Exact(263), "total"),
		expect("undated", knownvalue.ListSizeExact(263), "lines"),
		expect("undated", knownvalue.StringExact("n-1"), "lines", 0, "id"),
		expect("undated", knownvalue.StringExact("p-251"), "lines", 253, "id"),
		expect("undated", knownvalue.Null(), "lines", 0, "account_id"),
		expect("undated", knownvalue.Null(), "lines", 0, "date"),
		expect("undated", acctest.SumsByCurrency(map[string]map[string]string{
			"": {"USD": "0.1"}, "2024-10": {"USD": "0.2", "": "0"}, "2025-01": {"USD": "26"},
		}), "amount_by_month"),
		expect("undated", acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, a: {"USD": "0.2", "": "0"}, "acc-1": {"USD": "26"}}), "amount_by_account"),
		expect("undated", acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, "OPEN": {"USD": "0.2", "": "0"}, "PAID": {"USD": "26"}}), "amount_by_status"),
		expect("undated", acctest.Sums(map[string]string{"USD": "26.3", "": "0"}), "total_amount_by_currency"),
	)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.FactoriesAlso("billing-odd"),
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
	pages := map[string]bool{}
	for _, r := range odd.Talkdesk.RequestsTo(fakeapi.TalkdeskInvoicesPath) {
		pages[r.Query.Encode()] = true
	}
	if !pages["page=1&per_page=250"] || !pages["page=2&per_page=250"] || len(pages) != 2 {
		t.Errorf("queries sent: %v; want pages 1 and 2, 250 per page, no filter", pages)
	}
}

// lineWithoutDateOrAccount is an invoice line without a date, an account
// or a status.
const lineWithoutDateOrAccount = `{"id":"n-1","account ID":null,"number":"INV-9","date":null,"status":null,"currency":"USD","amount":"0.1"}`

// Usage, accounts and invoices read in one run: without talkdesk.scopes,
// one token per scope, asked for once each per provider run, however many
// data sources need it at once; with scopes set, one token for all.
func TestTalkdeskTokensOnePerScope(t *testing.T) {
	t.Parallel()
	all := `["express-accounts-usage:read", "express-accounts:read", "express-accounts-invoices:read"]`
	for name, scopes := range map[string]string{"scopes not set": "", "scopes set": all} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			fake.Talkdesk.SetLatency(20 * time.Millisecond) // so that the reads overlap
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config: organisation(fake, scopes) + invoices("one", "") + invoices("two", "include_rows = false") + `
data "billing_talkdesk_accounts" "one" {}
data "billing_talkdesk_accounts" "two" {}
data "billing_accounts_usage" "usage" {}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						expect("two", knownvalue.Int64Exact(8), "total"),
						acctest.Expect("data.billing_talkdesk_accounts.two", knownvalue.Int64Exact(4), "total"),
						acctest.Expect("data.billing_accounts_usage.usage", knownvalue.Int64Exact(5), "total"),
					},
				}},
			})
			// Each CLI command that reads the data sources starts the
			// provider afresh: it reads accounts twice, and invoices twice.
			runs := len(fake.Talkdesk.RequestsTo(fakeapi.TalkdeskAccountsPath)) / 2
			if n := len(fake.Talkdesk.RequestsTo(fakeapi.TalkdeskInvoicesPath)); runs == 0 || n != 2*runs {
				t.Fatalf("%d invoice requests in %d runs", n, runs)
			}
			tokens := map[string]int{}
			for _, scope := range fake.Talkdesk.TokenScopes() {
				tokens[scope]++
			}
			want := map[string]int{fakeapi.TalkdeskUsageScope: runs, fakeapi.TalkdeskAccountsScope: runs, fakeapi.TalkdeskInvoicesScope: runs}
			if scopes != "" {
				want = map[string]int{fakeapi.TalkdeskUsageScope + " " + fakeapi.TalkdeskAccountsScope + " " + fakeapi.TalkdeskInvoicesScope: runs}
			}
			if fmt.Sprint(tokens) != fmt.Sprint(want) {
				t.Errorf("token requests per scope: %v; want %v (%d provider runs)", tokens, want, runs)
			}
		})
	}
}

// Lines that cannot be read (two account ids, a date that is not one, no
// id, an amount that is not a number) are tested in the client package,
// without the CLI.
func TestTalkdeskInvoicesFailures(t *testing.T) {
	t.Parallel()
	const expected = "Talkdesk answered GET /express/invoices (HTTP 200) with a body that is not a Talkdesk invoices page " +
		"({_embedded: {invoices: [...]}, _links, ...}) with invoices as an array of invoice lines"
	cases := map[string]struct {
		scopes  string
		token   string // a ready access token
		secret  string
		replies []fakeapi.Reply
		want    []string
	}{
		"accounts where invoices belong": {
			replies: []fakeapi.Reply{{Status: 200, Body: `{"_embedded":{"accounts":[{"id":"a"}]},"_links":{}}`}},
			want: []string{"Unexpected response from Talkdesk", expected,
				"Problem: it has _embedded.accounts but no _embedded.invoices (an array of invoice records, [] when there are none)"},
		},
		"a vendor error": {
			replies: []fakeapi.Reply{fakeapi.TalkdeskError(400, "1000", "Bad Request", "Invalid parameters.", [2]string{"page", "must be at least 1"})},
			want:    []string{"Talkdesk API error", "HTTP 400", "Error code: 1000", "Message: Bad Request; Invalid parameters.; page: must be at least 1"},
		},
		"scopes without express-accounts-invoices:read": {
			scopes: `["express-accounts-usage:read", "express-accounts:read"]`,
			want: []string{"Talkdesk API error", "HTTP 403", "Error code: 1002", "The access token does not have the scope express-accounts-invoices:read.",
				"The access token may lack the scope express-accounts-invoices:read", "or leave talkdesk.scopes unset"},
		},
		"a ready token refused": {
			token: "td-ready-token-0001",
			want:  []string{"Talkdesk API error", "HTTP 401", "Error code: 1001", "Check talkdesk.access_token", "and the scope express-accounts-invoices:read."},
		},
		// With talkdesk.scopes set, the hint names the scope of the endpoint
		// the token was for.
		"a refused client secret": {
			secret: "wrong-secret-0000",
			scopes: `["express-accounts:read", "express-accounts-invoices:read"]`,
			want: []string{"Talkdesk token endpoint API error", "HTTP 401", "Error code: invalid_client",
				"Check talkdesk.client_id and talkdesk.client_secret", "The OAuth client needs the scope express-accounts-invoices:read."},
		},
	}
	failures := make([]acctest.Failure, 0, len(cases))
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		failures = append(failures, acctest.Failure{
			Name:  name,
			Setup: func(fake *fakeapi.Server) { fake.Talkdesk.Enqueue(c.replies...) },
			Config: func(fake *fakeapi.Server) string {
				provider := organisation(fake, c.scopes)
				switch {
				case c.token != "":
					provider = acctest.Provider("talkdesk", map[string]string{"access_token": c.token, "endpoint": fake.URL}, "")
				case c.secret != "":
					provider = strings.Replace(provider, fakeapi.TalkdeskClientSecret, c.secret, 1)
				}
				return provider + invoices("test", "")
			},
			Want: c.want,
		})
	}

	// Arguments are checked at plan time, before any request.
	for _, c := range []struct {
		arguments string
		want      []string
	}{
		{`from_date = "2024-08"`, []string{"Invalid from_date", `from_date: "2024-08" is not a date in the form YYYY-MM-DD (or YYYYMMDD).`}},
		{`to_date = "2024-02-30"`, []string{"Invalid to_date", `"2024-02-30" is not a real calendar date`}},
		{`from_date = "2024-09-01"` + "\n" + `to_date = "2024-08-31"`, []string{"Invalid to_date", "to_date (2024-08-31) is before from_date (2024-09-01)"}},
		{"account_ids = []", []string{"Invalid Attribute Value", "account_ids set must contain at least 1 elements, got: 0"}},
		{`account_ids = [""]`, []string{"Invalid Attribute Value Length", "string length must be at least 1, got: 0"}},
		{`account_ids = ["a", null]`, []string{"Null Set Value", "This attribute contains a null value."}},
	} {
		failures = append(failures, acctest.Failure{
			Name:    "argument: " + c.arguments,
			Config:  func(fake *fakeapi.Server) string { return organisation(fake, "") + invoices("test", c.arguments) },
			Invalid: true,
			Want:    c.want,
			After: func(t *testing.T, fake *fakeapi.Server) {
				if n := len(fake.Talkdesk.Requests()); n != 0 {
					t.Errorf("an argument error must stop the read before any request; the fake saw %d", n)
				}
			},
		})
	}
	// A line without a date cannot be said to fall in a range, nor one
	// without an account to belong to the accounts asked for: the read
	// fails rather than leave it out unseen (the field may be spelled in a
	// way the provider does not know).
	withoutDateOrAccount := func(fake *fakeapi.Server) { fake.Talkdesk.SetInvoiceLines(lineWithoutDateOrAccount) }
	failures = append(failures, acctest.Failure{
		Name:  "a range over a line without a date",
		Setup: withoutDateOrAccount,
		Config: func(fake *fakeapi.Server) string {
			return organisation(fake, "") + invoices("until", `to_date = "2024-12-31"`)
		},
		Want: []string{"Billing data read failed",
			`the Talkdesk invoice line "n-1" has no date, so from_date and to_date cannot tell whether it falls in their range.`,
			`Read without from_date and to_date, such lines sum under "" in amount_by_month`},
	}, acctest.Failure{
		Name:  "accounts asked for, and a line without an account",
		Setup: withoutDateOrAccount,
		Config: func(fake *fakeapi.Server) string {
			return organisation(fake, "") + invoices("account_a", fmt.Sprintf("account_ids = [%q]", fakeapi.TalkdeskAccountA))
		},
		Want: []string{"Billing data read failed",
			`the Talkdesk invoice line "n-1" has no account id (account_id or "account ID"), so account_ids cannot tell whether it belongs to one of the accounts asked for.`,
			`Read without account_ids, such lines sum under "" in amount_by_account`},
	})
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: a client_id without its secret", Config: acctest.Fixed(`provider "billing" { talkdesk = { client_id = "id" } }` + invoices("test", "")),
			Want: []string{"Missing Talkdesk settings",
				"billing_talkdesk_invoices needs talkdesk.client_secret (or the TALKDESK_CLIENT_SECRET environment variable) to be set"}},
	}...)
	acctest.Failures(t, failures)
}
