package talkdesk_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/clienttest"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

// Pages read by number fold each record as it is decoded when the sink
// folds; what the parts that join hold, and every error, is what the same
// listing handed over in pages gives: records settled alike (an account
// id spelt "account ID"), and the same failure for a record that cannot
// be read, a null record, or a record on two pages.
func TestInvoicesFoldAsTheyAreHandedOverInPages(t *testing.T) {
	t.Parallel()
	fake := fakeapi.Start()
	t.Cleanup(fake.Close)
	endpoint, _ := url.Parse(fake.URL + "/")
	api := talkdesk.New(client.New(client.Settings{MaxConcurrency: 3}), talkdesk.Config{
		Endpoint: endpoint, TokenURL: endpoint.JoinPath(fakeapi.TalkdeskTokenPath),
		ClientID: fakeapi.TalkdeskClientID, ClientSecret: fakeapi.TalkdeskClientSecret,
	})
	const n = 3*talkdesk.DefaultPerPage + 7 // four pages
	lines := func(change func([]string)) []string {
		lines := fakeapi.TalkdeskInvoiceLines(n)
		change(lines)
		return lines
	}
	spaced := `{"id":"il-300","account ID":"acct-spaced","date":"2026-10-31","currency":"USD","amount":1}`
	refused := `{"id":"il-601","account_id":"refuse","amount":1}`
	keep := func(l *talkdesk.InvoiceLine) (bool, error) {
		if l.AccountID.Text() == "refuse" {
			return false, fmt.Errorf("line %s refused", l.ID.Text())
		}
		return true, nil
	}
	for name, c := range map[string]struct {
		lines []string
		fails string // what the error says; "" for a read that succeeds
	}{
		"every line readable": {lines: lines(func(l []string) { l[299] = spaced })},
		"two account ids": {lines: lines(func(l []string) {
			l[299] = `{"id":"il-300","account_id":"a-1","account ID":"a-2"}`
		}), fails: `record 50 of _embedded.invoices (id "il-300") has both account_id "a-1" and "account ID" "a-2"`},
		"a date that is not one": {lines: lines(func(l []string) { l[600] = `{"id":"il-601","date":"31/08/2024"}` }),
			fails: `record 101 of _embedded.invoices (id "il-601"): field date: "31/08/2024" is not a date`},
		// Kept, with a null id: every line is counted, in pages and folded.
		"a line without an id": {lines: lines(func(l []string) { l[299], l[260] = spaced, `{"account_id":"a-1","amount":1}` })},
		"a null line": {lines: lines(func(l []string) { l[260] = `null` }),
			fails: "record 11 of _embedded.invoices is null or empty ({}): every record has fields"},
		"an amount that is not a number": {lines: lines(func(l []string) { l[700] = `{"id":"il-701","amount":"ten"}` }),
			fails: `field _embedded.invoices.amount should be a number, a numeric string or null, got string "ten"`},
		"a line on two pages": {lines: lines(func(l []string) { l[500] = l[2] }),
			fails: "is on page 1 and again on page 3: the server repeated records"},
		"a line refused": {lines: lines(func(l []string) { l[600] = refused }), fails: "line il-601 refused"},
		// The listing's checks come first, as they do for pages handed
		// over whole.
		"a line refused on a page with a line of another page": {lines: lines(func(l []string) { l[500], l[600] = l[2], refused }),
			fails: "is on page 1 and again on page 3: the server repeated records"},
	} {
		t.Run(name, func(t *testing.T) {
			fake.Talkdesk.SetInvoiceLines(c.lines...)
			var paged []talkdesk.InvoiceLine
			pagesErr := api.InvoicesEach(t.Context(), client.Sink[talkdesk.InvoiceLine]{Pages: func(lines []talkdesk.InvoiceLine) error {
				paged = append(paged, lines...)
				return nil
			}}.Filter(keep))
			var folding clienttest.Folding[talkdesk.InvoiceLine]
			foldErr := api.InvoicesEach(t.Context(), folding.Sink(t).Filter(keep))
			folded, parts := folding.Records(), folding.Parts()
			if c.fails != "" {
				if pagesErr == nil || !strings.Contains(pagesErr.Error(), c.fails) {
					t.Fatalf("in pages, err = %v; want one that says %q", pagesErr, c.fails)
				}
				if foldErr == nil || foldErr.Error() != pagesErr.Error() {
					t.Fatalf("folded, err = %v\nwant what pages give: %v", foldErr, pagesErr)
				}
				return
			}
			if pagesErr != nil || foldErr != nil {
				t.Fatalf("in pages: %v; folded: %v", pagesErr, foldErr)
			}
			byID := func(a, b talkdesk.InvoiceLine) int { return strings.Compare(a.ID.Text(), b.ID.Text()) }
			slices.SortFunc(paged, byID)
			slices.SortFunc(folded, byID)
			if len(folded) != n || !slices.Equal(folded, paged) {
				t.Fatalf("folded %d lines, in pages %d; they differ", len(folded), len(paged))
			}
			if parts != 4 {
				t.Errorf("%d parts joined for 4 pages", parts)
			}
			i := slices.IndexFunc(folded, func(l talkdesk.InvoiceLine) bool { return l.ID.Text() == "il-300" })
			if got := folded[i].AccountID.Text(); got != "acct-spaced" {
				t.Errorf("the line with \"account ID\" folded with account_id %q", got)
			}
		})
	}
}

// A page's records are folded as the page arrives, not once it is whole:
// the server holds the end of page 2 back until a record has folded (page
// 1, which says how the rest is read, is read whole).
func TestUsageFoldsAPageAsItArrives(t *testing.T) {
	t.Parallel()
	const perPage = talkdesk.DefaultPerPage
	records := fakeapi.TalkdeskUsage(2 * perPage)
	counts := fmt.Sprintf(`"_links":{},"total":%d,"total_pages":2}`, len(records))
	held := clienttest.NewHeldBack(t, func(r *http.Request) (string, string) {
		if r.URL.Query().Get("page") == "1" {
			return `{"_embedded":{"usage":[` + strings.Join(records[:perPage], ",") + `]},` + counts, ""
		}
		return `{"_embedded":{"usage":[` + strings.Join(records[perPage:perPage+100], ",") + ",",
			strings.Join(records[perPage+100:], ",") + `]},` + counts
	})
	api := talkdesk.New(client.New(client.Settings{}), talkdesk.Config{Endpoint: held.URL, AccessToken: "token"})
	var folding clienttest.Folding[talkdesk.Usage]
	firstOfPage2 := fmt.Sprintf("t-%d", perPage+1) // the fake's ids run from t-1
	err := api.UsageEach(t.Context(), talkdesk.Query{}, folding.Sink(t).Filter(func(u *talkdesk.Usage) (bool, error) {
		if u.ID.Text() == firstOfPage2 {
			held.Release()
		}
		return true, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	held.Check(t)
	if got := len(folding.Records()); got != len(records) {
		t.Errorf("%d records folded, want %d", got, len(records))
	}
}
