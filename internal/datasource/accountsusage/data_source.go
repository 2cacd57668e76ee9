// Package accountsusage is the billing_accounts_usage data source: the
// monthly usage of a Talkdesk organisation's accounts.
package accountsusage

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[arguments, *talkdesk.Client, talkdesk.Usage, usageModel]{
	TypeName:         "billing_accounts_usage",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("from_month", "to_month", talkdesk.ParseMonth)},
	Client:           (*providerdata.Data).TalkdeskClient,
	Fetch:            rowsource.Query("Invalid month", (*arguments).query, (*talkdesk.Client).UsageEach),
	Rows: rowsource.List("usages", "The usage records, in the order the API returned them (merged in `order_by` order when the filter was split).",
		usageAttributes(), row),
	Count: rowsource.Counted("total", "Number of records read."),
	Breakdowns: []rowsource.Breakdown[talkdesk.Usage]{
		rowsource.By("total_amount_by_currency", "Per `currency`, the sum of `total_amount`.", currency, totalAmount),
		rowsource.ByThenCurrency("total_amount_by_account", "Per account (`account_id`), then per `currency`, the sum of `total_amount`.", account, currency, totalAmount),
		rowsource.ByThenCurrency("total_amount_by_month", "Per `month` (`YYYY-MM`), then per `currency`, the sum of `total_amount`.", month, currency, totalAmount),
		rowsource.ByThenCurrency("total_amount_by_type", "Per usage `type`, then per `currency`, the sum of `total_amount`.", usageType, currency, totalAmount),
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func currency(u talkdesk.Usage) tolerant.String    { return u.Currency }
func account(u talkdesk.Usage) tolerant.String     { return u.AccountID }
func month(u talkdesk.Usage) tolerant.String       { return u.Month }
func usageType(u talkdesk.Usage) tolerant.String   { return u.Type }
func totalAmount(u talkdesk.Usage) tolerant.Number { return u.TotalAmount }

type arguments struct {
	AccountIDs []string     `tfsdk:"account_ids"`
	FromMonth  types.String `tfsdk:"from_month"`
	ToMonth    types.String `tfsdk:"to_month"`
	Filter     types.String `tfsdk:"filter"`
	OrderBy    types.String `tfsdk:"order_by"`
	PerPage    types.Number `tfsdk:"per_page"`
}

// query turns the arguments into the request, and records the order and
// page size it uses; the validators have already checked them, so errors
// here are only a safety net.
func (m *arguments) query() (talkdesk.Query, error) {
	q := talkdesk.Query{
		AccountIDs: m.AccountIDs,
		Filter:     m.Filter.ValueString(),
		OrderBy:    attrs.StringOr(&m.OrderBy, talkdesk.DefaultOrderBy),
		PerPage:    attrs.IntOr(&m.PerPage, talkdesk.DefaultPerPage),
	}
	if m.FromMonth.IsNull() || m.ToMonth.IsNull() {
		return q, nil
	}
	from, to, err := dates.ParseRange(talkdesk.ParseMonth, m.FromMonth.ValueString(), m.ToMonth.ValueString())
	if err != nil {
		return q, err
	}
	q.Months = talkdesk.Months(from, to)
	return q, nil
}

// usageModel is a talkdesk.Usage in state: the same fields in the same order, so that
// row is a conversion and a field added to one but not the other fails to build.
type usageModel struct {
	ID            tolerant.String `tfsdk:"id"`
	AccountID     tolerant.String `tfsdk:"account_id"`
	ProductID     tolerant.String `tfsdk:"product_id"`
	AggrProductID tolerant.String `tfsdk:"aggr_product_id"`
	Month         tolerant.String `tfsdk:"month"`
	Type          tolerant.String `tfsdk:"type"`
	Description   tolerant.String `tfsdk:"description"`
	Currency      tolerant.String `tfsdk:"currency"`
	Direction     tolerant.String `tfsdk:"direction"`
	Resolution    tolerant.String `tfsdk:"resolution"`
	Unit          tolerant.String `tfsdk:"unit"`
	WalletName    tolerant.String `tfsdk:"wallet_name"`
	Price         tolerant.Number `tfsdk:"price"`
	NumberOfUnits tolerant.Number `tfsdk:"number_of_units"`
	TotalAmount   tolerant.Number `tfsdk:"total_amount"`
}

func row(r talkdesk.Usage) usageModel { return usageModel(r) }
