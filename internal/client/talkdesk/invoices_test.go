package talkdesk_test

import (
	"cmp"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// A page whose records cannot be read as what they should be fails the
// read with the diagnostic users see: what was expected and the problem,
// naming the record. (The data sources' acceptance tests show one such
// diagnostic through the CLI; these are the rest, without it.)
func TestRecordsThatCannotBeReadFailTheRead(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	invoices := func(ctx context.Context) error {
		return api.InvoicesEach(ctx, client.Sink[talkdesk.InvoiceLine]{Pages: func([]talkdesk.InvoiceLine) error { return nil }})
	}
	accounts := func(ctx context.Context) error {
		return api.AccountsEach(ctx, client.Sink[talkdesk.Account]{Pages: func([]talkdesk.Account) error { return nil }})
	}
	const (
		expectedInvoices = "Talkdesk answered GET /express/invoices (HTTP 200) with a body that is not a Talkdesk invoices page " +
			"({_embedded: {invoices: [...]}, _links, ...}) with invoices as an array of invoice lines"
		expectedAccounts = "Talkdesk answered GET /express/accounts (HTTP 200) with a body that is not a Talkdesk accounts page"
	)
	lines := func(records string) string { return `{"_embedded":{"invoices":[` + records + `]},"_links":{}}` }
	for name, c := range map[string]struct {
		read func(context.Context) error
		body string
		want []string
	}{
		"two account ids": {invoices, lines(`{"id":"il-1","account_id":"a-1","account ID":"a-2","amount":1}`), []string{expectedInvoices,
			`Problem: record 1 of _embedded.invoices (id "il-1") has both account_id "a-1" and "account ID" "a-2": which account the line belongs to cannot be told`}},
		"a date that is not one": {invoices, lines(`{"id":"il-1","date":"2024-07-31"},{"id":"il-2","date":"31/08/2024"}`), []string{expectedInvoices,
			`Problem: record 2 of _embedded.invoices (id "il-2"): field date: "31/08/2024" is not a date in the form YYYY-MM-DD ` +
				"(optionally followed by a time, as in 2024-08-31T00:00:00.000Z)"}},
		"a date with something after it": {invoices, lines(`{"id":"il-1","date":"2024-07-31Z"}`), []string{expectedInvoices,
			`field date: "2024-07-31Z" is not a date in the form YYYY-MM-DD`}},
		"a null line": {invoices, lines(`{"id":"il-1"},null`), []string{expectedInvoices,
			"Problem: record 2 of _embedded.invoices is null or empty ({}): every record has fields"}},
		"an empty line": {invoices, lines(`{}`), []string{expectedInvoices,
			"Problem: record 1 of _embedded.invoices is null or empty ({}): every record has fields"}},
		"an amount that is not a number": {invoices, lines(`{"id":"il-1","amount":"ten"}`), []string{expectedInvoices,
			`field _embedded.invoices.amount should be a number, a numeric string or null, got string "ten"`}},
		// HAL leaves _embedded out when there is nothing to embed: an
		// _embedded without the listing's key holds records under another
		// name, and must never read as an empty listing.
		"invoices under another key": {invoices, `{"_embedded":{"invoice_lines":[{"id":"il-1","amount":1}]},"_links":{"self":{"href":"/express/invoices"}}}`,
			[]string{expectedInvoices, "Problem: it has _embedded.invoice_lines but no _embedded.invoices (an array of invoice records, [] when there are none)"}},
		"invoices null": {invoices, `{"_embedded":{"invoices":null},"_links":{}}`,
			[]string{expectedInvoices, "Problem: _embedded.invoices is null, not an array of invoice records ([] when there are none)"}},
		"accounts under another key": {accounts, `{"_embedded":{"organisations":[{"id":"a"}],"self":{}},"_links":{}}`,
			[]string{expectedAccounts, "Problem: it has _embedded.organisations, _embedded.self but no _embedded.accounts (an array of account records, [] when there are none)"}},
		"usage under another key": {func(ctx context.Context) error {
			return api.UsageEach(ctx, talkdesk.Query{}, client.Sink[talkdesk.Usage]{Pages: func([]talkdesk.Usage) error { return nil }})
		}, `{"_embedded":{"usages":[{"id":"u-1"}]},"_links":{}}`,
			[]string{"Problem: it has _embedded.usages but no _embedded.usage (an array of usage records, [] when there are none)"}},
		"an account without an id": {accounts, `{"_embedded":{"accounts":[{"id":"a"},{"name":"No id"}]},"_links":{}}`, []string{expectedAccounts,
			"Problem: record 2 of _embedded.accounts has no id (a null record has none)"}},
	} {
		t.Run(name, func(t *testing.T) {
			fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: c.body})
			err := c.read(t.Context())
			if err == nil {
				t.Fatal("the read succeeded")
			}
			summary, detail := client.Diagnostic(err)
			if summary != "Unexpected response from Talkdesk" {
				t.Errorf("summary %q", summary)
			}
			for _, want := range c.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail:\n%s\nwant it to contain:\n%s", detail, want)
				}
			}
		})
	}
}

// A page the reported counts call the last, yet with a next link, says the
// listing goes on: the read fails rather than stop short of the rest.
func TestANextLinkPastTheReportedLastPageFailsTheRead(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	endpoint, _ := url.Parse(fake.URL + "/")
	api := talkdesk.New(client.New(client.Settings{}), talkdesk.Config{Endpoint: endpoint, AccessToken: "td-ready-token-0001"})
	for name, c := range map[string]struct{ body, want string }{
		"one page by total_pages": {
			`{"_embedded":{"accounts":[{"id":"a"}]},"_links":{"next":{"href":"/express/accounts?page=2&per_page=250"}},"total_pages":1}`,
			"page 1 of 1: it has a next link, yet the counts the listing reports make this its last page",
		},
		"one page by total": {
			`{"_embedded":{"accounts":[{"id":"a"}]},"_links":{"next":{"href":"/express/accounts?page=2&per_page=250"}},"total":1}`,
			"page 1 of 1: it has a next link, yet the counts the listing reports make this its last page",
		},
	} {
		t.Run(name, func(t *testing.T) {
			fake.Talkdesk.Enqueue(fakeapi.Reply{Status: 200, Body: c.body})
			err := api.AccountsEach(t.Context(), client.Sink[talkdesk.Account]{Pages: func([]talkdesk.Account) error { return nil }})
			if err == nil {
				t.Fatal("the read succeeded")
			}
			summary, detail := client.Diagnostic(err)
			if summary != "Incomplete listing from Talkdesk" || !strings.Contains(detail, c.want) {
				t.Errorf("%s: %s\nwant Incomplete listing from Talkdesk: ...%s...", summary, detail, c.want)
			}
		})
	}
}

// Invoice lines are told apart by what they say, not by an id alone, which
// may be the invoice's: lines with one id and different amounts are read,
// each, and so are lines whose fields differ only in where a NUL stands; a
// line that says the same as one read before, an amount written otherwise
// (25.0 for 25) included, is a repeated record, named by what it says.
func TestInvoiceLinesAreToldApartByWhatTheySay(t *testing.T) {
	t.Parallel()
	fake, api := fakeClient(t)
	lineOf := func(account, number, amount string) string {
		return `{"id":"inv-7","account_id":"` + account + `","number":"` + number + `","date":"2026-10-31","currency":"USD","quantity":1,"rate":1,"amount":` + amount + `}`
	}
	line := func(amount string) string { return lineOf("acct-1", "INV-7", amount) }
	const repeated = `Talkdesk returned an incomplete or inconsistent listing: page 2: invoice line "inv-7" (account "acct-1", invoice "INV-7", date "2026-10-31", amount 25 USD) is on page 1 and again on page 2: the server repeated records, which would count them twice.`
	for name, c := range map[string]struct {
		first, second string // the first lines of pages 1 and 2; page 1's is line("25") if not set
		fails         string
	}{
		"another amount":          {second: line("14.4")},
		"the same amount":         {second: line("25"), fails: repeated},
		"the same amount, 25.0":   {second: line("25.0"), fails: repeated},
		"the same amount, \"25\"": {second: line(`"25"`), fails: repeated},
		"a NUL elsewhere":         {first: lineOf(`acct-1\u0000INV`, "7", "25"), second: lineOf("acct-1", `INV\u00007`, "25")},
	} {
		t.Run(name, func(t *testing.T) {
			lines := fakeapi.TalkdeskInvoiceLines(talkdesk.DefaultPerPage + 1)
			lines[0], lines[talkdesk.DefaultPerPage] = cmp.Or(c.first, line("25")), c.second
			fake.Talkdesk.SetInvoiceLines(lines...)
			read := 0
			err := api.InvoicesEach(t.Context(), client.Sink[talkdesk.InvoiceLine]{Pages: func(page []talkdesk.InvoiceLine) error {
				read += len(page)
				return nil
			}})
			if c.fails != "" {
				if err == nil || !strings.Contains(err.Error(), c.fails) {
					t.Fatalf("err = %v; want one that says %q", err, c.fails)
				}
				return
			}
			if err != nil || read != len(lines) {
				t.Fatalf("read %d of %d lines, err %v", read, len(lines), err)
			}
		})
	}
}
