// Package ocambausage is the billing_ocamba_usage data source: the usage
// records of an Ocamba account, every page of them.
package ocambausage

import (
	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambalisting"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[ocambalisting.Arguments, *ocamba.Client, ocamba.Usage, usageModel]{
	TypeName:    "billing_ocamba_usage",
	Description: description,
	Arguments:   ocambalisting.ArgumentAttributes(ocamba.UsageSort),
	Client:      (*providerdata.Data).OcambaClient,
	Fetch:       rowsource.Query("Invalid arguments", (*ocambalisting.Arguments).Query, (*ocamba.Client).UsageEach),
	Rows:        rowsource.List("usages", "The usage records, in the order the API returned them.", usageAttributes(), row),
	Count:       rowsource.Counted("total", "Number of records the API reports for the query (`total`); the provider checks that it read exactly that many."),
	Breakdowns: []rowsource.Breakdown[ocamba.Usage]{
		rowsource.By("total_amount_by_currency", "Per `currency_code`, the sum of every line item's `amount`.", currency, lineItemsAmount),
		rowsource.ByThenCurrency("amount_by_app", "Per `app_id`, then per `currency_code`, the sum of every line item's `amount`.", appID, currency, lineItemsAmount),
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func currency(u ocamba.Usage) tolerant.String { return u.CurrencyCode }
func appID(u ocamba.Usage) tolerant.String    { return u.AppID }

// lineItemsAmount is the exact sum of a record's line items' amounts:
// what a record adds to the breakdowns.
func lineItemsAmount(u ocamba.Usage) tolerant.Number {
	var sum tolerant.Sum
	for _, item := range u.Items {
		sum.Add(item.Amount)
	}
	return sum.Number()
}

// usageModel is an ocamba.Usage in state: the same fields in the same
// order, so that row is a conversion and a field added to one but not the
// other fails to build.
type usageModel struct {
	ID           tolerant.String   `tfsdk:"id"`
	CompanyID    tolerant.String   `tfsdk:"company_id"`
	AppID        tolerant.String   `tfsdk:"app_id"`
	CurrencyCode tolerant.String   `tfsdk:"currency_code"`
	LimitStatus  tolerant.String   `tfsdk:"limit_status"`
	StartTime    tolerant.String   `tfsdk:"start_time"`
	EndTime      tolerant.String   `tfsdk:"end_time"`
	UsagePercent tolerant.Number   `tfsdk:"usage_percent"`
	Price        tolerant.Number   `tfsdk:"price"`
	Amount       tolerant.Number   `tfsdk:"amount"`
	Items        []ocamba.LineItem `tfsdk:"line_items"`
}

func row(r ocamba.Usage) usageModel {
	r.Items = ocambalisting.LineItems(r.Items)
	return usageModel(r)
}
