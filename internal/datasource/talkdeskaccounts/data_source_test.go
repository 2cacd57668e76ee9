package talkdeskaccounts_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var test = acctest.For("billing_talkdesk_accounts")

func account(id, name, company, status string) knownvalue.Check {
	text := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": text(id), "name": text(name), "company_name": text(company), "status": text(status),
	})
}

// Every field of every account, names_by_id ("" for the account without a
// name), the count; a listing over two pages; and an empty one: each from
// a fake of its own.
func TestTalkdeskAccountsReadsEveryAccount(t *testing.T) {
	t.Parallel()
	many := make([]string, 260)
	for i := range many {
		many[i] = fmt.Sprintf(`{"id":"acc-%03d","name":"Account %d","company_name":"Acme","status":"ACTIVE"}`, i+1, i+1)
	}
	reading := func(name string) func(*fakeapi.Server, string) string {
		return func(fake *fakeapi.Server, provider string) string {
			return acctest.TalkdeskProvider(fake, "") + test.Named(name).Config("provider = "+provider)
		}
	}
	documented, paged, none, alike := test.Named("documented"), test.Named("paged"), test.Named("none"), test.Named("alike")
	fakes := acctest.ReadParts(t, acctest.Part{
		Name:   "documented",
		Config: reading("documented"),
		Checks: []statecheck.StateCheck{
			documented.Expect(knownvalue.ListExact([]knownvalue.Check{
				account(fakeapi.TalkdeskAccountA, "Acme Support", "Acme Corp", "ACTIVE"),
				account(fakeapi.TalkdeskAccountB, "Acme Sales EU", "Acme Corp", "IN_TRIAL"),
				account(fakeapi.TalkdeskAccountC, "", "Acme Labs", "CHURNED"),
				account(fakeapi.TalkdeskAccountD, "Legacy Outbound", "", "TRIAL_LOST"),
			}), "accounts"),
			documented.Expect(knownvalue.MapExact(map[string]knownvalue.Check{
				fakeapi.TalkdeskAccountA: knownvalue.StringExact("Acme Support"),
				fakeapi.TalkdeskAccountB: knownvalue.StringExact("Acme Sales EU"),
				fakeapi.TalkdeskAccountC: knownvalue.StringExact(""),
				fakeapi.TalkdeskAccountD: knownvalue.StringExact("Legacy Outbound"),
			}), "names_by_id"),
			documented.Expect(knownvalue.Int64Exact(4), "total"),
		},
	}, acctest.Part{
		Name:   "paged",
		Setup:  func(fake *fakeapi.Server) { fake.Talkdesk.SetAccounts(many...) },
		Config: reading("paged"),
		Checks: []statecheck.StateCheck{
			paged.Expect(knownvalue.Int64Exact(260), "total"),
			paged.Expect(knownvalue.StringExact("acc-001"), "accounts", 0, "id"),
			paged.Expect(knownvalue.StringExact("acc-251"), "accounts", 250, "id"),
			paged.Expect(knownvalue.StringExact("Account 260"), "names_by_id", "acc-260"),
			paged.Expect(knownvalue.ListSizeExact(260), "accounts"),
			paged.Expect(knownvalue.MapSizeExact(260), "names_by_id"),
		},
	}, acctest.Part{
		Name:   "none",
		Setup:  func(fake *fakeapi.Server) { fake.Talkdesk.SetAccounts() },
		Config: reading("none"),
		Checks: []statecheck.StateCheck{
			none.Expect(knownvalue.ListExact([]knownvalue.Check{}), "accounts"),
			none.Expect(knownvalue.MapExact(map[string]knownvalue.Check{}), "names_by_id"),
			none.Expect(knownvalue.Int64Exact(0), "total"),
		},
	}, acctest.Part{
		// Ids that Terraform holds as one (Unicode normal form C), with one
		// name: one entry of names_by_id names both.
		Name: "alike",
		Setup: func(fake *fakeapi.Server) {
			fake.Talkdesk.SetAccounts(`{"id":"caf\u00e9","name":"Cafe"}`, `{"id":"cafe\u0301","name":"Cafe"}`)
		},
		Config: reading("alike"),
		Checks: []statecheck.StateCheck{
			alike.Expect(knownvalue.MapExact(map[string]knownvalue.Check{"caf\u00e9": knownvalue.StringExact("Cafe")}), "names_by_id"),
			alike.Expect(knownvalue.Int64Exact(2), "total"),
		},
	})
	pages := map[string]bool{}
	for _, r := range fakes[1].Talkdesk.RequestsTo(fakeapi.TalkdeskAccountsPath) {
		pages[r.Query.Encode()] = true
	}
	if !pages["page=1&per_page=250"] || !pages["page=2&per_page=250"] || len(pages) != 2 {
		t.Errorf("queries sent: %v; want pages 1 and 2, 250 per page, nothing else", pages)
	}
	for _, fake := range fakes {
		for _, scope := range fake.Talkdesk.TokenScopes() {
			if scope != fakeapi.TalkdeskAccountsScope {
				t.Errorf("a token was asked for with scope %q; want %q alone", scope, fakeapi.TalkdeskAccountsScope)
			}
		}
	}
}

// scoped is a provider block with client credentials against the fake's
// token endpoint and talkdesk.scopes set.
func scoped(fake *fakeapi.Server, scopes string) string {
	return fmt.Sprintf(`
provider "billing" {
  talkdesk = {
    client_id     = %q
    client_secret = %q
    token_url     = %q
    endpoint      = %q
    scopes        = %s
  }
}
`, fakeapi.TalkdeskClientID, fakeapi.TalkdeskClientSecret, fake.URL+fakeapi.TalkdeskTokenPath, fake.URL, scopes)
}

// An account without an id is tested in the client package, without the
// CLI.
func TestTalkdeskAccountsFailures(t *testing.T) {
	t.Parallel()
	const expected = "Talkdesk answered GET /express/accounts (HTTP 200) with a body that is not a Talkdesk accounts page " +
		"({_embedded: {accounts: [...]}, _links, ...}) with accounts as an array of records"
	cases := map[string]struct {
		provider func(*fakeapi.Server) string
		replies  []fakeapi.Reply
		want     []string
	}{
		"usage where accounts belong": {
			replies: []fakeapi.Reply{{Status: 200, Body: `{"_embedded":{"usage":[{"id":"u-1"}]},"_links":{}}`}},
			want: []string{"Unexpected response from Talkdesk", expected,
				"Problem: it has _embedded.usage but no _embedded.accounts (an array of account records, [] when there are none)"},
		},
		// Terraform holds strings in Unicode normal form C: these two ids
		// are one key of names_by_id to it, which cannot hold both names.
		"ids that differ only in Unicode form": {
			replies: []fakeapi.Reply{{Status: 200, Body: `{"_embedded":{"accounts":[` +
				`{"id":"caf\u00e9","name":"Composed"},{"id":"x","name":"X"},{"id":"cafe\u0301","name":"Decomposed"}]},"_links":{}}`}},
			want: []string{"Billing data read failed",
				`the Talkdesk accounts "caf\u00e9" and "cafe\u0301" have ids that differ only in Unicode form, which Terraform holds as one: ` +
					`names_by_id cannot name both ("Composed" and "Decomposed")`},
		},
		"a vendor error": {
			replies: []fakeapi.Reply{fakeapi.TalkdeskError(400, "1000", "Bad Request", "Invalid parameters.", [2]string{"per_page", "must be at most 100"})},
			want:    []string{"Talkdesk API error", "HTTP 400", "Error code: 1000", "Message: Bad Request; Invalid parameters.; per_page: must be at most 100"},
		},
		// talkdesk.scopes set without the accounts scope: the token is refused.
		"scopes without express-accounts:read": {
			provider: func(fake *fakeapi.Server) string { return scoped(fake, `["express-accounts-usage:read"]`) },
			want: []string{"Talkdesk API error", "HTTP 403", "Error code: 1002", "The access token does not have the scope express-accounts:read.",
				"The access token may lack the scope express-accounts:read"},
		},
		"a ready token refused": {
			provider: func(fake *fakeapi.Server) string {
				return acctest.Provider("talkdesk", map[string]string{"access_token": "td-ready-token-0001", "endpoint": fake.URL}, "")
			},
			want: []string{"Talkdesk API error", "HTTP 401", "Error code: 1001", "Check talkdesk.access_token", "and the scope express-accounts:read."},
		},
		"a refused client secret": {
			provider: func(fake *fakeapi.Server) string {
				return acctest.Provider("talkdesk", map[string]string{
					"client_id": fakeapi.TalkdeskClientID, "client_secret": "wrong-secret-0000", "token_url": fake.URL, "endpoint": fake.URL,
				}, "")
			},
			want: []string{"Talkdesk token endpoint API error", "HTTP 401", "Error code: invalid_client",
				"Check talkdesk.client_id and talkdesk.client_secret", "The OAuth client needs the scope express-accounts:read."},
		},
	}
	failures := make([]acctest.Failure, 0, len(cases))
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		failures = append(failures, acctest.Failure{
			Name:  name,
			Setup: func(fake *fakeapi.Server) { fake.Talkdesk.Enqueue(c.replies...) },
			Config: func(fake *fakeapi.Server) string {
				provider := acctest.TalkdeskProvider(fake, "")
				if c.provider != nil {
					provider = c.provider(fake)
				}
				return provider + test.Config("")
			},
			Want: c.want,
		})
	}
	// Settings the provider block and the environment leave unset.
	failures = append(failures, []acctest.Failure{
		{Name: "unset: no credentials", Config: acctest.Fixed(`provider "billing" {}` + test.Config("")),
			Want: []string{"Missing Talkdesk settings",
				"billing_talkdesk_accounts needs talkdesk.client_id (or the TALKDESK_CLIENT_ID environment variable), " +
					"or else talkdesk.access_token (or the TALKDESK_ACCESS_TOKEN environment variable), to be set"}},
	}...)
	acctest.Failures(t, failures)
}
