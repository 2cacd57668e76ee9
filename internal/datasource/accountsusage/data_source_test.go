package accountsusage_test

import (
	"encoding/json"
	"fmt"
	"net/url"
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

const address = "data.billing_accounts_usage.test"

// organisation is a provider block with client credentials against the
// fake's token endpoint; extra goes at the top of the provider block.
func organisation(fake *fakeapi.Server, extra string) string {
	return acctest.Provider("talkdesk", map[string]string{
		"client_id":     fakeapi.TalkdeskClientID,
		"client_secret": fakeapi.TalkdeskClientSecret,
		"token_url":     fake.URL + fakeapi.TalkdeskTokenPath,
		"endpoint":      fake.URL,
	}, extra)
}

func usage(arguments string) string { return acctest.DataSource("billing_accounts_usage", arguments) }

func expect(check knownvalue.Check, attribute string, steps ...any) statecheck.StateCheck {
	return acctest.Expect(address, check, attribute, steps...)
}

// ids checks the usage ids, in order.
func ids(want ...string) statecheck.StateCheck {
	return acctest.FieldsInOrder(address, "usages", "id", want...)
}

func TestAccountsUsageReadsEveryFieldExactly(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: organisation(fake, "") + usage(""),
			ConfigStateChecks: []statecheck.StateCheck{
				// The API's default order, id:desc.
				ids("u-0005", "u-0004", "u-0003", "u-0002", "u-0001"),
				expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":              knownvalue.StringExact("u-0002"),
					"account_id":      knownvalue.StringExact(fakeapi.TalkdeskAccountA),
					"product_id":      knownvalue.StringExact("TD-TEL-US-IN"),
					"aggr_product_id": knownvalue.StringExact("TD-TEL"),
					"month":           knownvalue.StringExact("2024-01"),
					"type":            knownvalue.StringExact("CALL"),
					"description":     knownvalue.StringExact("Inbound calls, United States"),
					"currency":        knownvalue.StringExact("USD"),
					"direction":       knownvalue.StringExact("INBOUND"),
					"resolution":      knownvalue.StringExact("minute"),
					"unit":            knownvalue.StringExact("minute"),
					"wallet_name":     knownvalue.StringExact("Main"),
					"price":           acctest.DecimalText("0.012"),
					"number_of_units": acctest.DecimalText("1200"),
					"total_amount":    acctest.DecimalText("14.4"),
				}), "usages", 3),
				expect(knownvalue.Null(), "usages", 4, "direction"),
				expect(knownvalue.Null(), "usages", 4, "resolution"),
				expect(knownvalue.StringExact("FAX"), "usages", 1, "type"), // not in the documented list: passed through
				expect(acctest.DecimalText("0.1"), "usages", 2, "total_amount"),
				expect(knownvalue.Int64Exact(5), "total"),
				expect(knownvalue.StringExact("id:desc"), "order_by"),
				expect(knownvalue.Int64Exact(250), "per_page"),
				expect(knownvalue.MapExact(map[string]knownvalue.Check{
					"USD": acctest.DecimalText("39.7"), // 25 + 14.4 + 0.1 + 0.2, exactly
					"EUR": acctest.DecimalText("3.5"),
				}), "total_amount_by_currency"),
			},
		}},
	})
	for _, r := range fake.Talkdesk.UsageRequests() {
		want := url.Values{"page": {"1"}, "per_page": {"250"}, "order_by": {"id:desc"}}
		if r.Query.Encode() != want.Encode() {
			t.Errorf("query %s; want %s (no filter when none is set)", r.Query.Encode(), want.Encode())
		}
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer td-access-token-") {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
	}
}

// Page counts come from the last link, from counters, or not at all (then
// next links are followed); every way reads every record in order.
func TestAccountsUsageReadsEveryPage(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]func(*fakeapi.Talkdesk){
		"last link":          func(*fakeapi.Talkdesk) {},
		"counters":           func(f *fakeapi.Talkdesk) { f.SetCounters(true); f.SetLastLink(false) },
		"next links only":    func(f *fakeapi.Talkdesk) { f.SetLastLink(false) },
		"counters and links": func(f *fakeapi.Talkdesk) { f.SetCounters(true) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			accounts := []string{"acc-1", "acc-2", "acc-3"}
			fake.Talkdesk.SetRows(fakeapi.TalkdeskRecords(accounts, []string{"2024-01", "2024-02", "2024-03", "2024-04"})...)
			fake.Talkdesk.SetLatency(5 * time.Millisecond)
			setup(fake.Talkdesk)
			want := make([]string, 12)
			for i := range want {
				want[i] = fmt.Sprintf("t-%05d", i+1)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config: organisation(fake, "") + usage(`order_by = "id:asc"
  per_page = 5`),
					ConfigStateChecks: []statecheck.StateCheck{
						ids(want...),
						expect(knownvalue.Int64Exact(12), "total"),
						expect(knownvalue.MapExact(map[string]knownvalue.Check{"USD": acctest.DecimalText("12")}), "total_amount_by_currency"),
					},
				}},
			})
			pages := map[string]int{}
			for _, r := range fake.Talkdesk.UsageRequests() {
				pages[r.Query.Get("page")]++
			}
			if len(pages) != 3 || pages["1"] != pages["2"] || pages["1"] != pages["3"] {
				t.Errorf("pages asked for: %v; want 1, 2 and 3 once per read", pages)
			}
		})
	}
}

func TestAccountsUsageFiltersByAccountAndMonth(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: organisation(fake, "") + usage(fmt.Sprintf(`account_ids = [%q]
  from_month  = "2024-01"
  to_month    = "2024-02"`, fakeapi.TalkdeskAccountA)),
			ConfigStateChecks: []statecheck.StateCheck{
				ids("u-0003", "u-0002"),
				expect(knownvalue.MapExact(map[string]knownvalue.Check{"USD": acctest.DecimalText("14.5")}), "total_amount_by_currency"),
			},
		}, {
			Config: organisation(fake, "") + usage(`filter = "month eq '2023-12' or (month eq '2024-01' and account_id eq '`+fakeapi.TalkdeskAccountB+`')"`),
			ConfigStateChecks: []statecheck.StateCheck{
				ids("u-0005", "u-0004", "u-0001"),
				expect(knownvalue.MapExact(map[string]knownvalue.Check{"USD": acctest.DecimalText("25.2"), "EUR": acctest.DecimalText("3.5")}), "total_amount_by_currency"),
			},
		}},
	})
	want := "(account_id eq '" + fakeapi.TalkdeskAccountA + "') and (month eq '2024-01' or month eq '2024-02')"
	if got := fake.Talkdesk.UsageRequests()[0].Query.Get("filter"); got != want {
		t.Errorf("filter %q\nwant %q", got, want)
	}
}

func TestAccountsUsageWithAReadyAccessToken(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	fake.Talkdesk.Enqueue(fakeapi.TalkdeskError(401, "1001", "Unauthorized", "The access token is invalid or has expired."))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			// A ready token cannot be refreshed: a 401 is final.
			Config: acctest.Provider("talkdesk", map[string]string{"access_token": "td-ready-token-0001", "endpoint": fake.URL}, "") + usage(""),
			ExpectError: acctest.ErrorText("Talkdesk API error", "HTTP 401", "Error code: 1001",
				"Message: Unauthorized; The access token is invalid or has expired.", "Check talkdesk.access_token"),
		}},
	})
	if n := fake.Talkdesk.TokenRequests(); n != 0 {
		t.Errorf("%d token requests with a ready access token", n)
	}
}

func TestAccountsUsageFailures(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		provider  func(*fakeapi.Server) string
		arguments string
		setup     func(*fakeapi.Talkdesk)
		want      []string
	}{
		"bad client secret": {
			provider: func(fake *fakeapi.Server) string {
				return acctest.Provider("talkdesk", map[string]string{
					"client_id": fakeapi.TalkdeskClientID, "client_secret": "wrong-secret-0000", "token_url": fake.URL, "endpoint": fake.URL,
				}, "")
			},
			want: []string{"Talkdesk token endpoint API error", "answered POST 127.0.0.1", "/oauth/token with HTTP 401",
				"Error code: invalid_client", "Message: Client authentication failed.", "Check talkdesk.client_id and talkdesk.client_secret"},
		},
		"a next link to another host": {
			setup: func(f *fakeapi.Talkdesk) {
				f.SetLastLink(false)
				f.SetNextLinkBase("https://collector.attacker.example")
			},
			arguments: "per_page = 2",
			want: []string{"Incomplete listing from Talkdesk", "page 1: its next link points at https://collector.attacker.example",
				"not followed, so that the access token does not travel there"},
		},
		"a next link back to a page already read": {
			setup: func(f *fakeapi.Talkdesk) {
				page := `{"_embedded":{"usage":[{"id":"%d"}]},"_links":{"next":{"href":"%s"}}}`
				f.Enqueue(
					fakeapi.Reply{Status: 200, Body: fmt.Sprintf(page, 1, "/express/usage/month?page=2&per_page=1&order_by=id:desc")},
					// Back to page 1, its parameters in another order.
					fakeapi.Reply{Status: 200, Body: fmt.Sprintf(page, 2, "/express/usage/month?per_page=1&page=1&order_by=id%3Adesc")},
				)
			},
			arguments: "per_page = 1",
			want:      []string{"Incomplete listing from Talkdesk", "page 2: its next link leads back to a page already read", "the pages form a cycle"},
		},
		"a next link that is not a URL": {
			setup: func(f *fakeapi.Talkdesk) {
				f.Enqueue(fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[{"id":"a"}]},"_links":{"next":{"href":"http://[::1"}}}`})
			},
			want: []string{"Billing data read failed", `Talkdesk: the next link "http://[::1" is not a URL`},
		},
		"a row count that disagrees with total": {
			setup: func(f *fakeapi.Talkdesk) {
				f.Enqueue(fakeapi.Reply{Status: 200, Body: `{"_embedded":{"usage":[{"id":"a"},{"id":"b"}]},"total":3,"total_pages":1,"_links":{}}`})
			},
			want: []string{"Incomplete listing from Talkdesk", "page 1 of 1: it has 2 records; the last page should have 3 (a total of 3 records at 250 per page)"},
		},
		"accounts outside the organisation": {
			arguments: `account_ids = ["5ea7ffffffffffffffffffff"]`,
			want: []string{"Talkdesk API error", "HTTP 403", "Error code: 1003",
				"Account 5ea7ffffffffffffffffffff does not belong to the organisation.", "The accounts may not belong to the calling organisation"},
		},
		"a filter the API refuses": {
			arguments: `filter = "colour eq 'red'"`,
			want:      []string{"Talkdesk API error", "HTTP 400", "Error code: 1000", "Message: Bad Request; Invalid parameters.; filter: unknown field \"colour\""},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			if c.setup != nil {
				c.setup(fake.Talkdesk)
			}
			provider := organisation(fake, "")
			if c.provider != nil {
				provider = c.provider(fake)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config:      provider + usage(c.arguments),
					ExpectError: acctest.ErrorText(c.want...),
				}},
			})
			for _, r := range fake.Talkdesk.UsageRequests() {
				if strings.Contains(r.Header.Get("Authorization"), "wrong-secret") {
					t.Errorf("the client secret travelled as a bearer token")
				}
			}
		})
	}
}

func TestAccountsUsageArgumentErrorsAtPlanTime(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("month eq '2024-01' or ", 80) + "month eq '2024-02'"
	cases := map[string]struct {
		arguments string
		want      []string
	}{
		"bad month":               {`from_month = "2024-13"` + "\n" + `to_month = "2024-12"`, []string{"Invalid from_month", `from_month: "2024-13" is not a month in the form YYYY-MM.`}},
		"month with a day":        {`from_month = "2024-01"` + "\n" + `to_month = "2024-01-31"`, []string{"Invalid to_month", `"2024-01-31" is not a month in the form YYYY-MM`}},
		"from after to":           {`from_month = "2024-03"` + "\n" + `to_month = "2024-01"`, []string{"Invalid to_month", "to_month (2024-01) is before from_month (2024-03)"}},
		"from without to":         {`from_month = "2024-03"`, []string{"Invalid Attribute Combination", `Attribute "to_month" must be specified when "from_month" is specified`}},
		"filter with account_ids": {`filter = "month eq '2024-01'"` + "\n" + `account_ids = ["a"]`, []string{"Invalid Attribute Combination", `Attribute "filter" cannot be specified when "account_ids" is specified`}},
		"filter with months": {`filter = "month eq '2024-01'"` + "\n" + `from_month = "2024-01"` + "\n" + `to_month = "2024-01"`,
			[]string{"Invalid Attribute Combination", `Attribute "filter" cannot be specified when "from_month" is specified`}},
		"filter too long":     {fmt.Sprintf("filter = %q", long), []string{"Invalid Attribute Value Length", "filter string length must be between 1 and 1600, got: 1778"}},
		"order_by too long":   {`order_by = "` + strings.Repeat("x", 41) + `"`, []string{"Invalid Attribute Value Length", "order_by string length must be between 1 and 40, got: 41"}},
		"per_page 0":          {"per_page = 0", []string{"Invalid Attribute Value", "per_page value must be between 1 and 250, got: 0"}},
		"per_page 251":        {"per_page = 251", []string{"Invalid Attribute Value", "per_page value must be between 1 and 250, got: 251"}},
		"empty account_ids":   {"account_ids = []", []string{"Invalid Attribute Value", "account_ids set must contain at least 1 elements, got: 0"}},
		"an empty account id": {`account_ids = [""]`, []string{"Invalid Attribute Value Length", "string length must be between 1 and 200, got: 0"}},
		// Every month is one term of the filter: 121 months would be 121 terms,
		// and the range of many years once read made 1668 requests.
		"over 120 months": {`from_month = "2015-01"` + "\n" + `to_month = "2025-01"`,
			[]string{"Invalid to_month", "from_month (2015-01) to to_month (2025-01) is 121 months; at most 120 are read in one data source"}},
		"many years": {`from_month = "1900-01"` + "\n" + `to_month = "2038-12"`,
			[]string{"Invalid to_month", "from_month (1900-01) to to_month (2038-12) is 1668 months; at most 120"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config:      organisation(fake, "") + usage(c.arguments),
					PlanOnly:    true,
					ExpectError: acctest.ErrorText(c.want...),
				}},
			})
			if n := len(fake.Talkdesk.Requests()); n != 0 {
				t.Fatalf("an argument error must stop the read before any request; the fake saw %d", n)
			}
		})
	}
}

func TestAccountsUsageMissingSettingsNameTheEnvironmentVariables(t *testing.T) {
	for _, env := range []string{"TALKDESK_ACCESS_TOKEN", "TALKDESK_CLIENT_ID", "TALKDESK_CLIENT_SECRET", "TALKDESK_ACCOUNT", "TALKDESK_TOKEN_URL"} {
		t.Setenv(env, "")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: `provider "billing" {}` + usage(""),
			ExpectError: acctest.ErrorText("Missing Talkdesk settings",
				"billing_accounts_usage needs talkdesk.client_id (or the TALKDESK_CLIENT_ID environment variable), or else talkdesk.access_token (or the TALKDESK_ACCESS_TOKEN environment variable), to be set"),
		}, {
			Config:      `provider "billing" { talkdesk = { client_id = "id" } }` + usage(""),
			ExpectError: acctest.ErrorText("Missing Talkdesk settings", "needs talkdesk.client_secret (or the TALKDESK_CLIENT_SECRET environment variable) to be set"),
		}, {
			Config: `provider "billing" { talkdesk = { client_id = "id", client_secret = "s" } }` + usage(""),
			ExpectError: acctest.ErrorText("Missing Talkdesk settings",
				"needs talkdesk.account (or the TALKDESK_ACCOUNT environment variable), or else talkdesk.token_url (or the TALKDESK_TOKEN_URL environment variable)"),
		}, {
			Config:      `provider "billing" { talkdesk = { client_id = "id", client_secret = "s", account = "acme.evil" } }` + usage(""),
			ExpectError: acctest.ErrorText("Invalid talkdesk.account", `"acme.evil" is not a Talkdesk account name`),
		}},
	})
}

// refused runs one read against a fake prepared by setup and expects it to
// fail with want; it returns the fake for request counts.
func refused(t *testing.T, setup func(*fakeapi.Talkdesk), arguments string, want ...string) *fakeapi.Server {
	t.Helper()
	fake := acctest.Fake(t)
	setup(fake.Talkdesk)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      organisation(fake, "") + usage(arguments),
			ExpectError: acctest.ErrorText(want...),
		}},
	})
	return fake
}

// ok200 is a 200 answer with body.
func ok200(body string) fakeapi.Reply { return fakeapi.Reply{Status: 200, Body: body} }

// A 200 that is not a usage page is never read as no usage: the read fails,
// says what was expected and quotes the body.
func TestAccountsUsageRefusesAWrongShape(t *testing.T) {
	t.Parallel()
	const noKeys = "it has neither usage records (_embedded.usage) nor links (_links): nothing in it says whether there is usage"
	const noPage = noKeys
	// An _embedded without usage holds other records, or these under
	// another name: never no usage, links or not.
	const otherEmbedded = "it has _embedded.accounts but no _embedded.usage (an array of usage records, [] when there are none)"
	cases := map[string]struct{ body, problem, excerpt string }{
		"null":                      {`null`, "the body is null, not an object", "null"},
		"an empty object":           {`{}`, noKeys, "{}"},
		"an array":                  {`[]`, "the top-level value should be an object, got array", "[]"},
		"a status":                  {`{"status":"ok"}`, noKeys, `{"status":"ok"}`},
		"records under a stray key": {`{"data":[{"id":"u-1"}],"count":1}`, noKeys, `{"data":[{"id":"u-1"}],"count":1}`},
		"null envelope keys":        {`{"_embedded":null,"_links":null}`, noKeys, `{"_embedded":null,"_links":null}`},
		"a negative total":          {`{"_links":{},"total":-1}`, "field total should be a whole number of records, got -1", `{"_links":{},"total":-1}`},
		"a fractional page count":   {`{"_embedded":{"usage":[{"id":"a"}]},"total_pages":1.5}`, "field total_pages should be a whole number of pages, got 1.5", `"total_pages":1.5}`},
		// HAL always sends _links: neither records nor links is no page.
		"counters alone":           {`{"total":0}`, noPage, `{"total":0}`},
		"_embedded of another":     {`{"_embedded":{"accounts":[{"id":"a"}]},"_links":{}}`, otherEmbedded, `{"_embedded":{"accounts":[{"id":"a"}]},"_links":{}}`},
		"a last link with no href": {`{"last":{}}`, noPage, `{"last":{}}`},
		"a null record":            {`{"_links":{},"_embedded":{"usage":[null]}}`, "record 1 of _embedded.usage has no id (a null record has none): without ids, records served twice cannot be told apart", `{"_links":{},"_embedded":{"usage":[null]}}`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := refused(t, func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(c.body)) }, "",
				"Unexpected response from Talkdesk",
				"Talkdesk answered GET /express/usage/month (HTTP 200) with a body that is not a Talkdesk usage page",
				"Problem: "+c.problem, "The body near the problem:", c.excerpt)
			if n := len(fake.Talkdesk.UsageRequests()); n != 1 {
				t.Errorf("%d usage requests; want 1", n)
			}
		})
	}
}

// A month without usage is an empty result, however the API leaves it
// empty: HAL omits _embedded when there is nothing to embed.
func TestAccountsUsageAnEmptyMonthIsAnEmptyList(t *testing.T) {
	t.Parallel()
	const self = `{"self":{"href":"/express/usage/month?page=1"},"first":{"href":"/express/usage/month?page=1"}}`
	cases := map[string]func(*fakeapi.Talkdesk){
		"as the fake serves it":           func(*fakeapi.Talkdesk) {},
		"as the fake serves it, counters": func(f *fakeapi.Talkdesk) { f.SetCounters(true) },
		"links only":                      func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(`{"_links":` + self + `}`)) },
		"links and a total of 0":          func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(`{"_links":` + self + `,"total":0,"total_pages":0}`)) },
		"_embedded without usage":         func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(`{"_embedded":{},"_links":` + self + `}`)) },
		"an empty usage array":            func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(`{"_embedded":{"usage":[]},"_links":` + self + `}`)) },
		"an empty usage array, no links":  func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(`{"_embedded":{"usage":[]}}`)) },
		"links only, last link to page 1": func(f *fakeapi.Talkdesk) {
			f.Enqueue(ok200(`{"_links":{"last":{"href":"/express/usage/month?page=1"}}}`))
		},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := acctest.Fake(t)
			setup(fake.Talkdesk)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{{
					Config: organisation(fake, "") + usage(`from_month = "2025-06"
  to_month   = "2025-06"`),
					ConfigStateChecks: []statecheck.StateCheck{
						expect(knownvalue.ListExact([]knownvalue.Check{}), "usages"),
						expect(knownvalue.Int64Exact(0), "total"),
						expect(knownvalue.MapExact(map[string]knownvalue.Check{}), "total_amount_by_currency"),
					},
				}},
			})
		})
	}
}

// The fake serves an empty listing as the vendor does: _links with self,
// first and last, and no _embedded.
func TestFakeServesAnEmptyListingWithLinksOnly(t *testing.T) {
	t.Parallel()
	fake := fakeapi.NewTalkdesk()
	fake.SetRows()
	var page map[string]map[string]any
	if err := json.Unmarshal(fake.Document(), &page); err != nil {
		t.Fatal(err)
	}
	if _, ok := page["_embedded"]; ok {
		t.Errorf("an empty listing has _embedded: %v", page)
	}
	for _, rel := range []string{"self", "first", "last"} {
		if _, ok := page["_links"][rel]; !ok {
			t.Errorf("an empty listing has no %s link: %v", rel, page)
		}
	}
}

// An empty page that claims records is not an empty listing.
func TestAccountsUsageAnEmptyPageThatClaimsRecordsFails(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ body, problem string }{
		"a total":      {`{"_links":{},"total":5}`, "page 1: it has no records, yet it reports a total of 5 records"},
		"a page count": {`{"_links":{"last":{"href":"/express/usage/month?page=3"}}}`, "page 1: it has no records, yet it reports 3 pages"},
		"a next link":  {`{"_links":{"next":{"href":"/express/usage/month?page=2"}}}`, "page 1: it is empty but has a next link: the pages do not end"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := refused(t, func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(c.body)) }, "", "Incomplete listing from Talkdesk", c.problem)
			if n := len(fake.Talkdesk.UsageRequests()); n != 1 {
				t.Errorf("%d usage requests; want 1", n)
			}
		})
	}
}

// A server that serves the same records again, for another page number or
// behind a new next link, would double the totals: the read fails instead.
func TestAccountsUsageRefusesRepeatedRecords(t *testing.T) {
	t.Parallel()
	const twoRecords = `{"_embedded":{"usage":[{"id":"a","currency":"USD","total_amount":1},{"id":"b","currency":"USD","total_amount":2}]},"_links":{},"total":4}`
	nextPage := func(ids, next string) string {
		return `{"_embedded":{"usage":[` + ids + `]},"_links":{"next":{"href":"/express/usage/month?per_page=1&page=` + next + `"}}}`
	}
	cases := map[string]struct {
		replies   []fakeapi.Reply
		arguments string
		want      string
	}{
		"page 2 repeats page 1": {
			replies: []fakeapi.Reply{ok200(twoRecords), ok200(twoRecords)}, arguments: "per_page = 2",
			want: `page 2: record id "a" is on page 1 and again on page 2: the server repeated records, which would count them twice`,
		},
		"a next link to a new URL with the same records": {
			replies:   []fakeapi.Reply{ok200(nextPage(`{"id":"a"}`, "2")), ok200(nextPage(`{"id":"a"}`, "3"))},
			arguments: "per_page = 1",
			want:      `page 2: record id "a" is on page 1 and again on page 2`,
		},
		"one record twice on a page": {
			replies: []fakeapi.Reply{ok200(`{"_embedded":{"usage":[{"id":"a"},{"id":"a"}]},"_links":{}}`)},
			want:    `page 1: record id "a" appears twice on page 1`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			refused(t, func(f *fakeapi.Talkdesk) { f.Enqueue(c.replies...) }, c.arguments, "Incomplete listing from Talkdesk", c.want)
		})
	}
}

// A count too large to be real fails on page 1, before anything is
// allocated for it or another request is sent. Page 1 is full (one record
// at per_page 1), so that nothing else about it is wrong.
func TestAccountsUsageRefusesAnAbsurdPageCount(t *testing.T) {
	t.Parallel()
	const one = `{"_embedded":{"usage":[{"id":"a"}]},`
	cases := map[string]struct{ body, want string }{
		"total_pages": {one + `"_links":{},"total_pages":1000000000000}`,
			"page 1: it reports 1000000000000 pages, more than the 10000 the provider reads: a count that large is more likely a broken counter than real data"},
		"a last link": {one + `"_links":{"last":{"href":"/express/usage/month?page=1000000000000"}}}`,
			"page 1: it reports 1000000000000 pages, more than the 10000 the provider reads"},
		"a total": {one + `"_links":{},"total":500000}`,
			"page 1: it reports a total of 500000 records, which at 1 per page would take 500000 pages, more than the 10000 the provider reads"},
		"one page over the ceiling": {one + `"_links":{},"total":10001}`,
			"page 1: it reports a total of 10001 records, which at 1 per page would take 10001 pages, more than the 10000 the provider reads"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := refused(t, func(f *fakeapi.Talkdesk) { f.Enqueue(ok200(c.body)) }, "per_page = 1", "Incomplete listing from Talkdesk", c.want)
			if n := len(fake.Talkdesk.UsageRequests()); n != 1 {
				t.Errorf("%d usage requests; want 1", n)
			}
		})
	}
}

// A walk along next links stops where the pages or what they report say it
// must, with the number of requests that took.
func TestAccountsUsageBoundsTheNextLinkWalk(t *testing.T) {
	t.Parallel()
	page := func(ids, extra string) string {
		return `{"_embedded":{"usage":[` + ids + `]},"_links":{` + extra + `}}`
	}
	next := func(n int) string {
		return fmt.Sprintf(`"next":{"href":"/express/usage/month?per_page=1&page=%d"}`, n)
	}
	cases := map[string]struct {
		replies   []fakeapi.Reply
		arguments string
		want      string
		requests  int
	}{
		"an empty page with a next link": {
			replies:   []fakeapi.Reply{ok200(page(`{"id":"a"}`, next(2))), ok200(page(``, next(3)))},
			arguments: "per_page = 1", requests: 2,
			want: "page 2: it is empty but has a next link: the pages do not end",
		},
		"more records than per_page": {
			replies:   []fakeapi.Reply{ok200(page(`{"id":"a"},{"id":"b"},{"id":"c"}`, next(2)))},
			arguments: "per_page = 2", requests: 1,
			want: "page 1: it has 3 records, more than the 2 per page asked for",
		},
		"a next link past the reported page count": {
			replies: []fakeapi.Reply{
				ok200(page(`{"id":"a"}`, next(2))),
				ok200(page(`{"id":"b"}`, next(3)+`,"last":{"href":"/express/usage/month?per_page=1&page=2"}`)),
			},
			arguments: "per_page = 1", requests: 2,
			want: "page 2: it has a next link, but the listing reports 2 pages",
		},
		"a next link past the reported total": {
			replies: []fakeapi.Reply{
				ok200(page(`{"id":"a"}`, next(2))),
				ok200(`{"_embedded":{"usage":[{"id":"b"}]},"_links":{` + next(3) + `},"total":2}`),
			},
			arguments: "per_page = 1", requests: 2,
			want: "page 2: it has a next link, but the 2 records read so far already make the reported total of 2",
		},
		"a walk that ends short of the reported total": {
			replies: []fakeapi.Reply{
				ok200(page(`{"id":"a"}`, next(2))),
				ok200(`{"_embedded":{"usage":[{"id":"b"}]},"_links":{},"total":5}`),
			},
			arguments: "per_page = 1", requests: 2,
			want: "page 2: the listing ends here with 2 records, but it reports a total of 5",
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := refused(t, func(f *fakeapi.Talkdesk) { f.Enqueue(c.replies...) }, c.arguments, "Incomplete listing from Talkdesk", c.want)
			if n := len(fake.Talkdesk.UsageRequests()); n != c.requests {
				t.Errorf("%d usage requests; want %d", n, c.requests)
			}
		})
	}
}

// The breakdowns sum total_amount exactly per account, month and type,
// each then per currency: money in different currencies is never added.
// Null accounts, months, types and currencies sum under "".
func TestAccountsUsageBreakdowns(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	a, b := fakeapi.TalkdeskAccountA, fakeapi.TalkdeskAccountB
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: organisation(fake, "") + usage(""),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.SumsByCurrency(map[string]map[string]string{
					a: {"USD": "39.5"}, b: {"USD": "0.2", "EUR": "3.5"},
				}), "total_amount_by_account"),
				expect(acctest.SumsByCurrency(map[string]map[string]string{
					"2023-12": {"USD": "25"}, "2024-01": {"USD": "14.7", "EUR": "3.5"},
				}), "total_amount_by_month"),
				expect(acctest.SumsByCurrency(map[string]map[string]string{
					"PRODUCT_SERVICE": {"USD": "25"}, "CALL": {"USD": "14.4", "EUR": "3.5"}, "MESSAGE": {"USD": "0.1"}, "FAX": {"USD": "0.2"},
				}), "total_amount_by_type"),
			},
		}, {
			PreConfig: func() {
				fake.Talkdesk.SetRows(
					`{"id":"n-1","account_id":null,"month":null,"type":null,"currency":"USD","total_amount":"0.1"}`,
					`{"id":"n-2","account_id":"`+a+`","month":"2024-02","type":"CALL","currency":null,"total_amount":0.2}`,
					`{"id":"n-3","month":"2024-02","type":"CALL","currency":"USD","total_amount":null}`,
				)
			},
			Config: organisation(fake, "") + usage(""),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, a: {"": "0.2"}}), "total_amount_by_account"),
				expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, "2024-02": {"": "0.2", "USD": "0"}}), "total_amount_by_month"),
				expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, "CALL": {"": "0.2", "USD": "0"}}), "total_amount_by_type"),
				expect(acctest.Sums(map[string]string{"USD": "0.1", "": "0.2"}), "total_amount_by_currency"),
			},
		}, {
			Config: organisation(fake, "") + usage(`from_month = "2025-06"
  to_month   = "2025-06"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(acctest.SumsByCurrency(nil), "total_amount_by_account"),
				expect(acctest.SumsByCurrency(nil), "total_amount_by_month"),
				expect(acctest.SumsByCurrency(nil), "total_amount_by_type"),
			},
		}},
	})
}
