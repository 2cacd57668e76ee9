package accountsusage_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
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
	test     = acctest.For("billing_accounts_usage")
	filtered = test.Named("filtered")
	raw      = test.Named("raw")
	june     = test.Named("june")
)

const juneArguments = `from_month = "2025-06"
  to_month   = "2025-06"`

// The fake's records, read at once four ways: every field, in the API's
// default order (test); filtered by account and months (filtered); by a
// filter of the user's own (raw); and a month without usage (june). The
// breakdowns sum total_amount exactly per account, month and type, each
// then per currency: money in different currencies is never added.
func TestAccountsUsageReads(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	a, b := fakeapi.TalkdeskAccountA, fakeapi.TalkdeskAccountB
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: acctest.TalkdeskProvider(fake, "") + test.Config("") +
				filtered.Config(fmt.Sprintf(`account_ids = [%q]
  from_month  = "2024-01"
  to_month    = "2024-02"`, fakeapi.TalkdeskAccountA)) +
				raw.Config(`filter = "month eq '2023-12' or (month eq '2024-01' and account_id eq '`+fakeapi.TalkdeskAccountB+`')"`) +
				june.Config(juneArguments),
			ConfigStateChecks: []statecheck.StateCheck{
				// The API's default order, id:desc.
				// The API's default order, id:desc.
				test.FieldsInOrder("usages", "id", "u-0005", "u-0004", "u-0003", "u-0002", "u-0001"),
				test.Expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
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
				test.Expect(knownvalue.Null(), "usages", 4, "direction"),
				test.Expect(knownvalue.Null(), "usages", 4, "resolution"),
				test.Expect(knownvalue.StringExact("FAX"), "usages", 1, "type"), // not in the documented list: passed through
				test.Expect(acctest.DecimalText("0.1"), "usages", 2, "total_amount"),
				test.Expect(knownvalue.Int64Exact(5), "total"),
				test.Expect(knownvalue.StringExact("id:desc"), "order_by"),
				test.Expect(knownvalue.Int64Exact(250), "per_page"),
				test.Expect(knownvalue.MapExact(map[string]knownvalue.Check{
					"USD": acctest.DecimalText("39.7"), // 25 + 14.4 + 0.1 + 0.2, exactly
					"EUR": acctest.DecimalText("3.5"),
				}), "total_amount_by_currency"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{
					a: {"USD": "39.5"}, b: {"USD": "0.2", "EUR": "3.5"},
				}), "total_amount_by_account"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{
					"2023-12": {"USD": "25"}, "2024-01": {"USD": "14.7", "EUR": "3.5"},
				}), "total_amount_by_month"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{
					"PRODUCT_SERVICE": {"USD": "25"}, "CALL": {"USD": "14.4", "EUR": "3.5"}, "MESSAGE": {"USD": "0.1"}, "FAX": {"USD": "0.2"},
				}), "total_amount_by_type"),

				filtered.FieldsInOrder("usages", "id", "u-0003", "u-0002"),
				filtered.Expect(knownvalue.MapExact(map[string]knownvalue.Check{"USD": acctest.DecimalText("14.5")}), "total_amount_by_currency"),

				raw.FieldsInOrder("usages", "id", "u-0005", "u-0004", "u-0001"),
				raw.Expect(knownvalue.MapExact(map[string]knownvalue.Check{"USD": acctest.DecimalText("25.2"), "EUR": acctest.DecimalText("3.5")}), "total_amount_by_currency"),

				// A month without usage is an empty list, not null. (How the
				// API may leave a page empty is the client's tests'.)
				june.Expect(knownvalue.ListExact([]knownvalue.Check{}), "usages"),
				june.Expect(knownvalue.Int64Exact(0), "total"),
				june.Expect(knownvalue.MapExact(map[string]knownvalue.Check{}), "total_amount_by_currency"),
				june.Expect(acctest.SumsByCurrency(nil), "total_amount_by_account"),
				june.Expect(acctest.SumsByCurrency(nil), "total_amount_by_month"),
				june.Expect(acctest.SumsByCurrency(nil), "total_amount_by_type"),
			},
		}},
	})
	// Each read asks for page 1 with the token, the default paging, and
	// exactly its filter: none when none is set.
	byAccount := "(account_id eq '" + fakeapi.TalkdeskAccountA + "') and (month eq '2024-01' or month eq '2024-02')"
	userFilter := "month eq '2023-12' or (month eq '2024-01' and account_id eq '" + fakeapi.TalkdeskAccountB + "')"
	seen := map[string]bool{}
	for _, r := range fake.Talkdesk.UsageRequests() {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer td-access-token-") {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		filter := r.Query.Get("filter")
		want := url.Values{"page": {"1"}, "per_page": {"250"}, "order_by": {"id:desc"}}
		switch {
		case filter == "":
			seen["none"] = true
		case filter == byAccount:
			seen["by account"] = true
		case filter == userFilter:
			seen["the user's"] = true
		case strings.Contains(filter, "month eq '2025-06'") && !strings.Contains(filter, "account_id"):
			seen["June"] = true
		default:
			t.Errorf("filter %q\nwant none, %q, %q or June's", filter, byAccount, userFilter)
		}
		if filter != "" {
			want.Set("filter", filter)
		}
		if r.Query.Encode() != want.Encode() {
			t.Errorf("query %s; want %s", r.Query.Encode(), want.Encode())
		}
	}
	if len(seen) != 4 {
		t.Errorf("filters sent: %v; want none, by account, the user's and June's", slices.Sorted(maps.Keys(seen)))
	}
}

// Null accounts, months, types and currencies sum under "". Records
// without an id are rows with a null id, each of them counted.
func TestAccountsUsageBreakdownsOfNullKeys(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	a := fakeapi.TalkdeskAccountA
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				fake.Talkdesk.SetRows(
					`{"id":"n-1","account_id":null,"month":null,"type":null,"currency":"USD","total_amount":"0.1"}`,
					`{"id":"n-2","account_id":"`+a+`","month":"2024-02","type":"CALL","currency":null,"total_amount":0.2}`,
					`{"id":"n-3","month":"2024-02","type":"CALL","currency":"USD","total_amount":null}`,
					`{"month":"2024-03","type":"SMS","currency":"EUR","total_amount":"1.25"}`,
					`{"id":null,"account_id":"`+a+`","month":"2024-03","type":"SMS","currency":"EUR","total_amount":"1.25"}`,
				)
			},
			Config: acctest.TalkdeskProvider(fake, "") + test.Config(""),
			ConfigStateChecks: []statecheck.StateCheck{
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1", "EUR": "1.25"}, a: {"": "0.2", "EUR": "1.25"}}), "total_amount_by_account"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, "2024-02": {"": "0.2", "USD": "0"}, "2024-03": {"EUR": "2.5"}}), "total_amount_by_month"),
				test.Expect(acctest.SumsByCurrency(map[string]map[string]string{"": {"USD": "0.1"}, "CALL": {"": "0.2", "USD": "0"}, "SMS": {"EUR": "2.5"}}), "total_amount_by_type"),
				test.Expect(acctest.Sums(map[string]string{"USD": "0.1", "": "0.2", "EUR": "2.5"}), "total_amount_by_currency"),
				test.Expect(acctest.DecimalText("5"), "total"),
				test.Expect(knownvalue.Null(), "usages", 3, "id"),
				test.Expect(knownvalue.Null(), "usages", 4, "id"),
			},
		}},
	})
}

// requests checks that a case's fake saw n usage requests.
func requests(n int) func(*testing.T, *fakeapi.Server) {
	return func(t *testing.T, fake *fakeapi.Server) {
		t.Helper()
		if got := len(fake.Talkdesk.UsageRequests()); got != n {
			t.Errorf("%d usage requests; want %d", got, n)
		}
	}
}

// ok200 is a 200 answer with body.
func ok200(body string) fakeapi.Reply { return fakeapi.Reply{Status: 200, Body: body} }

func answers(replies ...fakeapi.Reply) func(*fakeapi.Server) {
	return func(fake *fakeapi.Server) { fake.Talkdesk.Enqueue(replies...) }
}

func reading(arguments string) func(*fakeapi.Server) string {
	return func(fake *fakeapi.Server) string { return acctest.TalkdeskProvider(fake, "") + test.Config(arguments) }
}

// Every way a read fails, with what the user sees.
func TestAccountsUsageFailures(t *testing.T) {
	t.Parallel()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"rejected Authorization: ` + r.Header.Get("Authorization") + `"}`))
	}))
	t.Cleanup(echo.Close)
	failures := []acctest.Failure{{
		// An API that ignored the filter would add another account's
		// usage to every total.
		Name:   "a record the filter does not select",
		Setup:  answers(ok200(`{"_embedded":{"usage":[{"id":"u-9","account_id":"acc-other","month":"2024-01","currency":"USD","total_amount":1000}]},"_links":{}}`)),
		Config: reading(`account_ids = ["` + fakeapi.TalkdeskAccountA + `"]`),
		Want: []string{"Incomplete listing from Talkdesk", `Talkdesk returned an incomplete or inconsistent listing: usage record "u-9" is for account "acc-other", ` +
			`which the filter does not select (account_ids ` + fakeapi.TalkdeskAccountA + `): the API did not apply the filter the provider sent`},
	}, {
		// encoding/json takes a name's last value: records, then an empty
		// list named again, would read as no spend.
		Name:   "the records given twice",
		Setup:  answers(ok200(`{"_embedded":{"usage":[{"id":"u-1","account_id":"a","month":"2024-01","currency":"USD","total_amount":1000}]},"_embedded":{"usage":[]},"_links":{}}`)),
		Config: reading(""),
		Want:   []string{"Unexpected response from Talkdesk", `Problem: duplicate object member name "_embedded" (a name given twice, or twice but for case): which of its values is meant cannot be told`},
	}, {
		Name:   "the records' envelope given again as null",
		Setup:  answers(ok200(`{"_embedded":{"usage":[{"id":"u-1","account_id":"a","month":"2024-01","currency":"USD","total_amount":1000}]},"_embedded":null,"_links":{}}`)),
		Config: reading("include_rows = false"),
		Want:   []string{"Unexpected response from Talkdesk", `Problem: duplicate object member name "_embedded" (a name given twice, or twice but for case): which of its values is meant cannot be told`},
	}, {
		// A ready token cannot be refreshed: a 401 is final.
		Name:  "a ready access token refused",
		Setup: answers(fakeapi.TalkdeskError(401, "1001", "Unauthorized", "The access token is invalid or has expired.")),
		Config: func(fake *fakeapi.Server) string {
			return acctest.Provider("talkdesk", map[string]string{"access_token": "td-ready-token-0001", "endpoint": fake.URL}, "") + test.Config("")
		},
		Want: []string{"Talkdesk API error", "HTTP 401", "Error code: 1001",
			"Message: Unauthorized; The access token is invalid or has expired.", "Check talkdesk.access_token"},
		After: func(t *testing.T, fake *fakeapi.Server) {
			if n := fake.Talkdesk.TokenRequests(); n != 0 {
				t.Errorf("%d token requests with a ready access token", n)
			}
		},
	}, {
		// A token endpoint that echoes what it received must not get the
		// client credentials shown: neither the secret nor the HTTP Basic
		// value that carries it (base64 of id:secret).
		Name: "a token endpoint that echoes the credentials",
		Config: func(*fakeapi.Server) string {
			return acctest.Provider("talkdesk", map[string]string{
				"client_id":     fakeapi.TalkdeskClientID,
				"client_secret": fakeapi.TalkdeskClientSecret,
				"token_url":     echo.URL + "/oauth/token",
				"endpoint":      echo.URL,
			}, "max_retries = 0") + test.Config("")
		},
		Want: []string{"Talkdesk token endpoint API error", "rejected Authorization: Basic [REDACTED]"},
	}, {
		// An API that echoes the request's Authorization header must not
		// get the fetched access token shown.
		Name: "an API that echoes the token",
		Setup: answers(fakeapi.TalkdeskError(http.StatusBadRequest, "1400",
			"rejected Authorization: Bearer td-access-token-0001 (token td-access-token-0001)", "")),
		Config: reading(""),
		Want: []string{"Talkdesk API error", "Error code: 1400",
			"rejected Authorization: Bearer [REDACTED] (token [REDACTED])"},
	}}

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
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		failures = append(failures, acctest.Failure{
			Name: name,
			Setup: func(fake *fakeapi.Server) {
				if c.setup != nil {
					c.setup(fake.Talkdesk)
				}
			},
			Config: func(fake *fakeapi.Server) string {
				provider := acctest.TalkdeskProvider(fake, "")
				if c.provider != nil {
					provider = c.provider(fake)
				}
				return provider + test.Config(c.arguments)
			},
			Want: c.want,
			After: func(t *testing.T, fake *fakeapi.Server) {
				for _, r := range fake.Talkdesk.UsageRequests() {
					if strings.Contains(r.Header.Get("Authorization"), "wrong-secret") {
						t.Errorf("the client secret travelled as a bearer token")
					}
				}
			},
		})
	}

	// Arguments are checked at plan time, before any request.
	long := strings.Repeat("month eq '2024-01' or ", 80) + "month eq '2024-02'"
	arguments := map[string]struct {
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
		"per_page 0":          {"per_page = 0", []string{"Invalid per_page", "per_page: 0 is not a whole number from 1 to 250."}},
		"per_page 251":        {"per_page = 251", []string{"Invalid per_page", "per_page: 251 is not a whole number from 1 to 250."}},
		"per_page 250.5":      {"per_page = 250.5", []string{"Invalid per_page", "per_page: 250.5 is not a whole number from 1 to 250."}},
		"per_page 1e30":       {"per_page = 1e30", []string{"Invalid per_page", "per_page: 1e+30 is not a whole number from 1 to 250."}},
		"a null account id":   {`account_ids = ["a", null]`, []string{"Null Set Value", "This attribute contains a null value."}},
		"empty account_ids":   {"account_ids = []", []string{"Invalid Attribute Value", "account_ids set must contain at least 1 elements, got: 0"}},
		"an empty account id": {`account_ids = [""]`, []string{"Invalid Attribute Value Length", "string length must be between 1 and 200, got: 0"}},
		// Every month is one term of the filter: 121 months would be 121 terms,
		// and the range of many years once read made 1668 requests.
		"over 120 months": {`from_month = "2015-01"` + "\n" + `to_month = "2025-01"`,
			[]string{"Invalid to_month", "from_month (2015-01) to to_month (2025-01) is 121 months; at most 120 are read in one data source"}},
		"many years": {`from_month = "1900-01"` + "\n" + `to_month = "2038-12"`,
			[]string{"Invalid to_month", "from_month (1900-01) to to_month (2038-12) is 1668 months; at most 120"}},
	}
	for _, name := range slices.Sorted(maps.Keys(arguments)) {
		c := arguments[name]
		failures = append(failures, acctest.Failure{
			Name: "argument: " + name, Config: reading(c.arguments), Invalid: true, Want: c.want,
			After: func(t *testing.T, fake *fakeapi.Server) {
				if n := len(fake.Talkdesk.Requests()); n != 0 {
					t.Errorf("an argument error must stop the read before any request; the fake saw %d", n)
				}
			},
		})
	}
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: no credentials", Config: acctest.Fixed(`provider "billing" {}` + test.Config("")),
			Want: []string{"Missing Talkdesk settings",
				"billing_accounts_usage needs talkdesk.client_id (or the TALKDESK_CLIENT_ID environment variable), or else talkdesk.access_token (or the TALKDESK_ACCESS_TOKEN environment variable), to be set"}},
		{Name: "unset: a client_id without its secret", Config: acctest.Fixed(`provider "billing" { talkdesk = { client_id = "id" } }` + test.Config("")),
			Want: []string{"Missing Talkdesk settings", "needs talkdesk.client_secret (or the TALKDESK_CLIENT_SECRET environment variable) to be set"}},
		{Name: "unset: neither account nor token_url", Config: acctest.Fixed(`provider "billing" { talkdesk = { client_id = "id", client_secret = "s" } }` + test.Config("")),
			Want: []string{"Missing Talkdesk settings",
				"needs talkdesk.account (or the TALKDESK_ACCOUNT environment variable), or else talkdesk.token_url (or the TALKDESK_TOKEN_URL environment variable)"}},
		{Name: "an account name that is not one", Config: acctest.Fixed(`provider "billing" { talkdesk = { client_id = "id", client_secret = "s", account = "acme.evil" } }` + test.Config("")),
			Want: []string{"Invalid talkdesk.account", `"acme.evil" is not a Talkdesk account name`}},
	}...)
	acctest.Failures(t, failures)
}

// A 200 that is not a usage page is never read as no usage, and a listing
// whose pages contradict themselves is never read as whole: the read fails
// on the page at fault, says what was wrong, and sends no request more.
func TestAccountsUsageRefusesWhatIsNotAWholeListing(t *testing.T) {
	t.Parallel()
	var failures []acctest.Failure
	// A body that is not a usage page: the read says what was expected and
	// quotes the body.
	{
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
			"a null record":            {`{"_links":{},"_embedded":{"usage":[null]}}`, "record 1 of _embedded.usage is null or empty ({}): every record has fields", `{"_links":{},"_embedded":{"usage":[null]}}`},
		}
		for _, name := range slices.Sorted(maps.Keys(cases)) {
			c := cases[name]
			failures = append(failures, acctest.Failure{
				Name: "wrong shape: " + name, Setup: answers(ok200(c.body)), Config: reading(""),
				Want: []string{"Unexpected response from Talkdesk",
					"Talkdesk answered GET /express/usage/month (HTTP 200) with a body that is not a Talkdesk usage page",
					"Problem: " + c.problem, "The body near the problem:", c.excerpt},
				After: requests(1),
			})
		}
	}
	// An empty page that claims records is not an empty listing.
	{
		cases := map[string]struct{ body, problem string }{
			"a total":      {`{"_links":{},"total":5}`, "page 1: it has no records, yet it reports a total of 5 records"},
			"a page count": {`{"_links":{"last":{"href":"/express/usage/month?page=3"}}}`, "page 1: it has no records, yet it reports 3 pages"},
			"a next link":  {`{"_links":{"next":{"href":"/express/usage/month?page=2"}}}`, "page 1: it is empty but has a next link: the pages do not end"},
		}
		for _, name := range slices.Sorted(maps.Keys(cases)) {
			c := cases[name]
			failures = append(failures, acctest.Failure{
				Name: "an empty page that claims " + name, Setup: answers(ok200(c.body)), Config: reading(""),
				Want: []string{"Incomplete listing from Talkdesk", c.problem}, After: requests(1),
			})
		}
	}
	// A server that serves the same records again, for another page number
	// or behind a new next link, would double the totals.
	{
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
		for _, name := range slices.Sorted(maps.Keys(cases)) {
			c := cases[name]
			failures = append(failures, acctest.Failure{
				Name: "repeated: " + name, Setup: answers(c.replies...), Config: reading(c.arguments),
				Want: []string{"Incomplete listing from Talkdesk", c.want},
			})
		}
	}
	// A count too large to be real fails on page 1, before anything is
	// allocated for it or another request is sent. Page 1 is full (one
	// record at per_page 1), so that nothing else about it is wrong.
	{
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
		for _, name := range slices.Sorted(maps.Keys(cases)) {
			c := cases[name]
			failures = append(failures, acctest.Failure{
				Name: "an absurd count: " + name, Setup: answers(ok200(c.body)), Config: reading("per_page = 1"),
				Want: []string{"Incomplete listing from Talkdesk", c.want}, After: requests(1),
			})
		}
	}
	// A walk along next links stops where the pages or what they report
	// say it must, with the number of requests that took.
	{
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
		for _, name := range slices.Sorted(maps.Keys(cases)) {
			c := cases[name]
			failures = append(failures, acctest.Failure{
				Name: "a next link walk: " + name, Setup: answers(c.replies...), Config: reading(c.arguments),
				Want: []string{"Incomplete listing from Talkdesk", c.want}, After: requests(c.requests),
			})
		}
	}
	acctest.Failures(t, failures)
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
