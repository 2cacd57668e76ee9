// Package talkdeskinvoices is the billing_talkdesk_invoices data source:
// the invoice lines of a Talkdesk organisation's accounts.
package talkdeskinvoices

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[arguments, *talkdesk.Client, talkdesk.InvoiceLine, lineModel]{
	TypeName:         "billing_talkdesk_invoices",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("from_date", "to_date", dates.ParseDay)},
	Client:           (*providerdata.Data).TalkdeskClient,
	Fetch:            rowsource.Query("Invalid date", (*arguments).filter, readKept),
	Rows: rowsource.List("lines", "The invoice lines kept by the filters, one per line (an invoice's own fields repeat on each of its lines), in the order the API returned them.",
		lineAttributes(), row),
	Count: rowsource.Counted("total", "Number of invoice lines kept by the filters."),
	Breakdowns: []rowsource.Breakdown[talkdesk.InvoiceLine]{
		rowsource.By("total_amount_by_currency", "Per `currency`, the sum of the lines' `amount`.", currency, amount),
		rowsource.ByThenCurrency("amount_by_account", "Per account (`account_id`), then per `currency`, the sum of `amount`.", account, currency, amount),
		rowsource.ByThenCurrency("amount_by_month", "Per month of the line's `date` (`YYYY-MM`, the date part as written), then per `currency`, the sum of `amount`. Lines without a date sum under `\"\"`.", month, currency, amount),
		rowsource.ByThenCurrency("amount_by_status", "Per invoice `status` (e.g. `OVERDUE`), then per `currency`, the sum of `amount`.", status, currency, amount),
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func currency(l talkdesk.InvoiceLine) tolerant.String { return l.Currency }
func account(l talkdesk.InvoiceLine) tolerant.String  { return l.AccountID }
func status(l talkdesk.InvoiceLine) tolerant.String   { return l.Status }
func amount(l talkdesk.InvoiceLine) tolerant.Number   { return l.Amount }

// month is the YYYY-MM of the line's date; null without a date (the client
// refuses a date it cannot read).
func month(l talkdesk.InvoiceLine) tolerant.String {
	if month, ok := l.Month(); ok {
		return tolerant.StringOf(month)
	}
	return tolerant.String{}
}

type arguments struct {
	AccountIDs []string     `tfsdk:"account_ids"`
	FromDate   types.String `tfsdk:"from_date"`
	ToDate     types.String `tfsdk:"to_date"`
}

// keep is the arguments' local filter: the API's own filters for invoices
// are not documented, so every line is read and these decide which count.
type keep struct {
	accounts map[string]bool // nil: every account
	from, to *time.Time      // nil: open
}

func (m *arguments) filter() (keep, error) {
	var k keep
	if m.AccountIDs != nil {
		k.accounts = map[string]bool{}
		for _, id := range m.AccountIDs {
			k.accounts[talkdesk.AccountKey(id)] = true
		}
	}
	for _, bound := range []struct {
		value types.String
		into  **time.Time
	}{{m.FromDate, &k.from}, {m.ToDate, &k.to}} {
		if bound.value.IsNull() || bound.value.IsUnknown() {
			continue
		}
		day, err := dates.ParseDay(bound.value.ValueString())
		if err != nil {
			return k, err
		}
		*bound.into = &day
	}
	return k, nil
}

// kept reports whether the filters keep line. A line the filters cannot
// judge (no account id under account_ids, no date under a date bound) is
// an error, never left out unseen: the field may be spelled in a way the
// provider does not know, and leaving the line out would under-report.
func (k keep) kept(l talkdesk.InvoiceLine) (bool, error) {
	if k.accounts != nil {
		id, ok := l.AccountID.Value()
		if !ok {
			return false, fmt.Errorf("the Talkdesk invoice line %q has no account id (account_id or \"account ID\"), so account_ids cannot tell "+
				"whether it belongs to one of the accounts asked for. Read without account_ids, such lines sum under \"\" in amount_by_account", l.ID.Text())
		}
		if !k.accounts[talkdesk.AccountKey(id)] {
			return false, nil
		}
	}
	if k.from == nil && k.to == nil {
		return true, nil
	}
	day, ok := l.Day()
	if !ok {
		return false, fmt.Errorf("the Talkdesk invoice line %q has no date, so from_date and to_date cannot tell whether it falls in their range. "+
			"Read without from_date and to_date, such lines sum under \"\" in amount_by_month", l.ID.Text())
	}
	return (k.from == nil || !day.Before(*k.from)) && (k.to == nil || !day.After(*k.to)), nil
}

// readKept reads every invoice line and hands on those k keeps.
func readKept(api *talkdesk.Client, ctx context.Context, k keep, sink client.Sink[talkdesk.InvoiceLine]) error {
	return api.InvoicesEach(ctx, sink.Filter(func(l *talkdesk.InvoiceLine) (bool, error) { return k.kept(*l) }))
}

// lineModel is a talkdesk.InvoiceLine in state: the same fields in the same
// order, so that row is a conversion and a field added to one but not the
// other fails to build. The client folds the spaced spelling of the
// account id into AccountID, so it has no attribute of its own.
type lineModel struct {
	ID                 tolerant.String `tfsdk:"id"`
	AccountID          tolerant.String `tfsdk:"account_id"`
	AccountIDSpaced    tolerant.String `tfsdk:"-"`
	Number             tolerant.String `tfsdk:"number"`
	Date               tolerant.String `tfsdk:"date"`
	DueDate            tolerant.String `tfsdk:"due_date"`
	Status             tolerant.String `tfsdk:"status"`
	Currency           tolerant.String `tfsdk:"currency"`
	ProductID          tolerant.String `tfsdk:"product_id"`
	Description        tolerant.String `tfsdk:"description"`
	TotalInvoiceAmount tolerant.Number `tfsdk:"total_invoice_amount"`
	Quantity           tolerant.Number `tfsdk:"quantity"`
	Rate               tolerant.Number `tfsdk:"rate"`
	Amount             tolerant.Number `tfsdk:"amount"`
}

func row(l talkdesk.InvoiceLine) lineModel { return lineModel(l) }
