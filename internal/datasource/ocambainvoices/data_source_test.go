package ocambainvoices_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/billingtf/terraform-provider-billing/internal/acctest"
	"github.com/billingtf/terraform-provider-billing/internal/fakeapi"
)

func TestMain(m *testing.M) { acctest.Main(m) }

var (
	test    = acctest.For("billing_ocamba_invoices")
	summary = test.Named("summary")
)

func ocambaProvider(fake *fakeapi.Server, token, extra string) string {
	return acctest.OcambaProvider(fake.URL, token, extra)
}

func text(s string) knownvalue.Check { return knownvalue.StringExact(s) }

// The fake's invoices, read in one apply with rows, with include_rows =
// false (which keeps every summary) and searched; and, from a fake of its
// own, invoices with every form of sent.
func TestInvoicesReadEveryFieldExactly(t *testing.T) {
	t.Parallel()
	fake := acctest.Fake(t)
	config := ocambaProvider(fake, fakeapi.OcambaToken, "") + test.Config("") + `
data "billing_ocamba_invoices" "summary" {
  include_rows = false
}

data "billing_ocamba_invoices" "startup" {
  search        = "startup"
  search_fields = ["items"]
  sort          = "-due_date"
}
`
	byCurrency := acctest.Sums(map[string]string{"USD": "251.97", "EUR": "47.87"})
	byStatus := acctest.SumsByCurrency(map[string]map[string]string{
		"paid": {"USD": "131.98", "EUR": "35.88"}, "overdue": {"EUR": "11.99"}, "unpaid": {"USD": "119.99"},
	})
	// Every form of sent, from a fake of its own; the sums add the
	// invoice's own amount, not its line items'; a null status or currency
	// sums under "".
	forms := acctest.Fake(t)
	forms.Ocamba.SetInvoices(
		`{"id":"a","sent":"1","status":"paid","currency_code":"USD","amount":"0.1","items":[{"amount":5}]}`,
		`{"id":"b","sent":"0","status":"paid","currency_code":"USD","amount":0.2,"items":[]}`,
		`{"id":"c","sent":"true","status":"unpaid","currency_code":"EUR","amount":3}`,
		`{"id":"d","sent":false,"currency_code":"EUR","amount":4}`,
		`{"id":"e","sent":null,"status":"paid","amount":5}`,
		`{"id":"f","status":"paid","currency_code":"USD"}`,
	)
	sent := test.Named("sent")
	config += acctest.ServedAs(ocambaProvider(forms, fakeapi.OcambaToken, ""), "billing-sent") + sent.Config("provider = billing-sent")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.FactoriesAlso("billing-sent"),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				test.FieldsInOrder("invoices", "invoice_number", "OCM-213376", "OCM-213375", "OCM-224810", "OCM-226954", "OCM-228137"),
				// Ocamba's documented example, field by field.
				test.Expect(knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":             text("2c9ab0a8-d0d2-49aa-b790-9697cc3aed14"),
					"company_id":     text("6197120"),
					"app_id":         text("1003"),
					"invoice_number": text("OCM-213376"),
					"status":         text("paid"),
					"currency_code":  text("USD"),
					"pdf":            text("https://dev-storage.ocamba.com/6197120/ocamba/invoices/OCM-213376.pdf"),
					"due_date":       text("2021-11-24"),
					"payment_time":   text("2021-11-24 10:23:55"),
					"create_time":    text("2021-11-24 10:23:55"),
					"update_time":    text("2021-11-24 10:24:04"),
					"price":          acctest.DecimalText("9.99"),
					"tax":            acctest.DecimalText("2"),
					"amount":         acctest.DecimalText("11.99"),
					"sent":           knownvalue.Bool(true), // 1
					"line_items": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":          text("Ocamba Push Startup Plan (Monthly)"),
						"description":   knownvalue.Null(), // left out, as in the example
						"quantity":      acctest.DecimalText("1"),
						"unit_price":    acctest.DecimalText("9.99"),
						"price":         acctest.DecimalText("9.99"),
						"discount_rate": acctest.DecimalText("0"),
						"discount":      acctest.DecimalText("0"),
						"tax_rate":      acctest.DecimalText("20"),
						"tax":           acctest.DecimalText("2"),
						"amount":        acctest.DecimalText("11.99"),
						"unit":          knownvalue.Null(),
					})}),
				}), "invoices", 0),
				// Every number a numeric string; sent as true.
				test.Expect(acctest.DecimalText("29.9"), "invoices", 2, "price"),
				test.Expect(acctest.DecimalText("5.98"), "invoices", 2, "tax"),
				test.Expect(acctest.DecimalText("35.88"), "invoices", 2, "amount"),
				test.Expect(acctest.DecimalText("29.9"), "invoices", 2, "line_items", 0, "unit_price"),
				test.Expect(acctest.DecimalText("1"), "invoices", 2, "line_items", 0, "unit"),
				test.Expect(knownvalue.Bool(true), "invoices", 2, "sent"),
				// payment_time left out, then sent as null; sent as 0.
				test.Expect(text("overdue"), "invoices", 3, "status"),
				test.Expect(knownvalue.Null(), "invoices", 3, "payment_time"),
				test.Expect(knownvalue.Null(), "invoices", 4, "payment_time"),
				test.Expect(knownvalue.Bool(false), "invoices", 4, "sent"),
				test.Expect(knownvalue.ListSizeExact(2), "invoices", 4, "line_items"),
				test.Expect(acctest.DecimalText("0.0001"), "invoices", 4, "line_items", 1, "unit_price"),
				test.Expect(knownvalue.Int64Exact(5), "total"),
				test.Expect(knownvalue.Int64Exact(100), "page_size"),
				test.Expect(knownvalue.Bool(true), "include_rows"),
				test.Expect(byCurrency, "total_amount_by_currency"),
				test.Expect(byStatus, "amount_by_status"),
				summary.Expect(knownvalue.Null(), "invoices"),
				summary.Expect(knownvalue.Int64Exact(5), "total"),
				summary.Expect(byCurrency, "total_amount_by_currency"),
				summary.Expect(byStatus, "amount_by_status"),
				acctest.FieldsInOrder("data.billing_ocamba_invoices.startup", "invoices", "invoice_number", "OCM-226954", "OCM-213376"),
				sent.FieldsInOrder("invoices", "id", "a", "b", "c", "d", "e", "f"),
				sent.Expect(knownvalue.Bool(true), "invoices", 0, "sent"),
				sent.Expect(knownvalue.Bool(false), "invoices", 1, "sent"),
				sent.Expect(knownvalue.Bool(true), "invoices", 2, "sent"),
				sent.Expect(knownvalue.Bool(false), "invoices", 3, "sent"),
				sent.Expect(knownvalue.Null(), "invoices", 4, "sent"),
				sent.Expect(knownvalue.Null(), "invoices", 5, "sent"),
				sent.Expect(knownvalue.Null(), "invoices", 5, "amount"),
				sent.Expect(knownvalue.ListSizeExact(0), "invoices", 2, "line_items"), // as usage: no items, no line items
				sent.Expect(acctest.Sums(map[string]string{"USD": "0.3", "EUR": "7", "": "5"}), "total_amount_by_currency"),
				sent.Expect(acctest.SumsByCurrency(map[string]map[string]string{
					"paid": {"USD": "0.3", "": "5"}, "unpaid": {"EUR": "3"}, "": {"EUR": "4"},
				}), "amount_by_status"),
			},
		}},
	})
	for _, got := range fake.Ocamba.Requests() {
		if got.Path != fakeapi.OcambaInvoicesPath || got.Header.Get("Authorization") != "Bearer "+fakeapi.OcambaToken {
			t.Fatalf("request to %s with Authorization %q", got.Path, got.Header.Get("Authorization"))
		}
	}
	searched := 0
	for _, got := range fake.Ocamba.Requests() {
		if got.Query.Get("q") == "startup" {
			searched++
			for key, want := range map[string]string{"q_fields": "items", "sort": "-due_date", "page": "1,100"} {
				if got.Query.Get(key) != want {
					t.Errorf("%s=%q, want %q", key, got.Query.Get(key), want)
				}
			}
		}
	}
	if searched == 0 {
		t.Error("search was not sent as q")
	}
}

// Every way a read of the invoices fails, with what the user sees.
func TestInvoicesFailures(t *testing.T) {
	t.Parallel()
	page := func(fake *fakeapi.Server, total int, ids ...int) fakeapi.Reply {
		records := fakeapi.OcambaInvoices(5)
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = records[id-1]
		}
		return fake.Ocamba.Page(total, items...)
	}
	shape := func(body string) func(*fakeapi.Server) {
		return func(fake *fakeapi.Server) { fake.Ocamba.Enqueue(fakeapi.Reply{Status: http.StatusOK, Body: body}) }
	}
	sent := func(value string) func(*fakeapi.Server) {
		return func(fake *fakeapi.Server) {
			fake.Ocamba.SetInvoices(`{"id":"1","currency_code":"USD","amount":1,"sent":` + value + `}`)
		}
	}
	reading := func(token, extra, arguments string) func(*fakeapi.Server) string {
		return func(fake *fakeapi.Server) string { return ocambaProvider(fake, token, extra) + test.Config(arguments) }
	}
	good := reading(fakeapi.OcambaToken, "max_concurrency = 1", "")
	acctest.Failures(t, []acctest.Failure{{
		Name:   "a wrong token",
		Config: reading("not-the-token", "", ""),
		Want: []string{"Ocamba API error", "Ocamba answered GET /v2/ocamba/invoices with HTTP 401.",
			"Error code: 401", "Message: Unauthorized: Invalid or expired token.", "Trace id: oc-trace-0001",
			"Check ocamba.token (or OCAMBA_TOKEN)"},
	}, {
		Name:   "a page short of records",
		Setup:  func(fake *fakeapi.Server) { fake.Ocamba.Enqueue(page(fake, 5, 1, 2), page(fake, 5, 3)) },
		Config: reading(fakeapi.OcambaToken, "max_concurrency = 1", "page_size = 2"),
		Want: []string{"Incomplete listing from Ocamba",
			"page 2 of 3: it has 1 records; every page before the last should have 2", "(a total of 5 records at 2 per page)"},
	}, {
		Name:   "items not a list",
		Setup:  shape(`{"total":1,"items":{"id":"1"}}`),
		Config: good,
		Want:   []string{"Unexpected response from Ocamba", "is not an Ocamba invoice listing", "field items should be"},
	}, {
		Name:   "no total",
		Setup:  shape(`{"items":[]}`),
		Config: good,
		Want:   []string{"Unexpected response from Ocamba", "is not an Ocamba invoice listing", "Problem: field total is missing"},
	}, {
		Name:   "sent a word",
		Setup:  sent(`"yes"`),
		Config: good,
		Want: []string{"Unexpected response from Ocamba",
			`Problem: field items.sent should be true, false, "true", "false", 0, 1 or null, got string "yes"`},
	}, {
		Name:   "sent a number other than 0 or 1",
		Setup:  sent(`2`),
		Config: good,
		Want:   []string{`Problem: field items.sent should be true, false, "true", "false", 0, 1 or null, got number 2`},
	}, {
		// The totals sum invoices' amount: an invoice without one, whose
		// price, tax or line items carry money, would be left out of them.
		Name:   "an invoice with money and no amount",
		Setup:  shape(`{"total":2,"items":[{"id":"1","currency_code":"USD","amount":null,"price":0},{"id":"2","currency_code":"USD","items":[{"name":"plan","amount":11.99}]}]}`),
		Config: good,
		Want: []string{"Unexpected response from Ocamba", `Problem: record 2 of items has no amount, but a price, tax or line item with money: ` +
			`the totals sum the invoices' amount, so its money would be left out of them`},
	}, {
		Name:   "an invoice without an amount, of priced line items",
		Setup:  shape(`{"total":1,"items":[{"id":"1","currency_code":"USD","items":[{"name":"a","price":5,"tax":1}]}]}`),
		Config: good,
		Want: []string{"Unexpected response from Ocamba", `Problem: record 1 of items has no amount, but a price, tax or line item with money: ` +
			`the totals sum the invoices' amount, so its money would be left out of them`},
	}, {
		Name:   "an invoice with a price and no amount",
		Setup:  shape(`{"total":1,"items":[{"id":"1","currency_code":"USD","price":"9.99","tax":2}]}`),
		Config: reading(fakeapi.OcambaToken, "", "include_rows = false"),
		Want: []string{"Unexpected response from Ocamba", `Problem: record 1 of items has no amount, but a price, tax or line item with money: ` +
			`the totals sum the invoices' amount, so its money would be left out of them`},
	}, {
		Name:    "a sort field with a space",
		Config:  reading(fakeapi.OcambaToken, "", `sort = "-amount,due date"`),
		Invalid: true,
		Want:    []string{"Invalid sort", `sort: "due date" is not a field name`},
		After: func(t *testing.T, fake *fakeapi.Server) {
			if n := len(fake.Ocamba.Requests()); n != 0 {
				t.Errorf("an invalid sort was read: the fake saw %d requests", n)
			}
		},
	}, {
		Name:   "unset: no token",
		Config: acctest.Fixed(`provider "billing" {}` + test.Config("")),
		Want: []string{"Missing Ocamba settings",
			"billing_ocamba_invoices needs ocamba.token (or the OCAMBA_TOKEN environment variable) to be set"},
	}})
}
