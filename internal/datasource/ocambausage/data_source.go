// Package ocambausage is the billing_ocamba_usage data source: the usage
// records of an Ocamba account, every page of them.
package ocambausage

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// New returns the data source.
var New = rowsource.New(rowsource.Definition[arguments, *ocamba.Client, ocamba.Usage, usageModel]{
	TypeName:    "billing_ocamba_usage",
	Description: description,
	Arguments:   argumentAttributes(),
	Client:      (*providerdata.Data).OcambaClient,
	Fetch:       fetch,
	Rows: rowsource.Rows[ocamba.Usage, usageModel]{
		Attribute:   "usages",
		Description: "The usage records, in the order the API returned them.",
		Attributes:  usageAttributes(),
		Row:         row,
	},
	Count: &rowsource.Attribute{
		Name:        "total",
		Description: "Number of records the API reports for the query (`total`); the provider checks that it read exactly that many.",
	},
	Breakdowns: []rowsource.Breakdown[ocamba.Usage]{
		{
			Attribute: rowsource.Attribute{
				Name:        "total_amount_by_currency",
				Description: "Per `currency_code`, the sum of every line item's `amount`.",
			},
			Key: currency, Amount: lineItemsAmount,
		},
		{
			Attribute: rowsource.Attribute{
				Name:        "amount_by_app",
				Description: "Per `app_id`, then per `currency_code`, the sum of every line item's `amount`.",
			},
			Key: appID, Currency: currency, Amount: lineItemsAmount,
		},
	},
})

func currency(u ocamba.Usage) tolerant.String { return u.CurrencyCode }
func appID(u ocamba.Usage) tolerant.String    { return u.AppID }

// lineItemsAmount is the exact sum of a record's line items' amounts:
// what a record adds to the breakdowns.
func lineItemsAmount(u ocamba.Usage) tolerant.Number {
	var sum decimal.Decimal
	for _, item := range u.Items {
		if d, ok := item.Amount.Decimal(); ok {
			sum = sum.Add(d)
		}
	}
	return tolerant.NumberOf(sum)
}

type arguments struct {
	Search       types.String `tfsdk:"search"`
	SearchFields []string     `tfsdk:"search_fields"`
	Sort         types.String `tfsdk:"sort"`
	PageSize     types.Int64  `tfsdk:"page_size"`
}

// fetch reads every page the arguments ask for, and records the page size
// it used.
func fetch(ctx context.Context, api *ocamba.Client, args *arguments) (rowsource.Result[ocamba.Usage], error) {
	q := ocamba.Query{
		Search:       args.Search.ValueString(),
		SearchFields: args.SearchFields,
		Sort:         args.Sort.ValueString(),
		PageSize:     ocamba.DefaultPageSize,
	}
	if !args.PageSize.IsNull() && !args.PageSize.IsUnknown() {
		q.PageSize = int(args.PageSize.ValueInt64())
	}
	args.PageSize = types.Int64Value(int64(q.PageSize))
	records, err := api.Usage(ctx, q)
	return rowsource.Result[ocamba.Usage]{Records: records}, err
}

type usageModel struct {
	ID           types.String    `tfsdk:"id"`
	CompanyID    types.String    `tfsdk:"company_id"`
	AppID        types.String    `tfsdk:"app_id"`
	CurrencyCode types.String    `tfsdk:"currency_code"`
	LimitStatus  types.String    `tfsdk:"limit_status"`
	StartTime    types.String    `tfsdk:"start_time"`
	EndTime      types.String    `tfsdk:"end_time"`
	UsagePercent types.Number    `tfsdk:"usage_percent"`
	Price        types.Number    `tfsdk:"price"`
	Amount       types.Number    `tfsdk:"amount"`
	LineItems    []lineItemModel `tfsdk:"line_items"`
}

type lineItemModel struct {
	Name         types.String `tfsdk:"name"`
	Description  types.String `tfsdk:"description"`
	Quantity     types.Number `tfsdk:"quantity"`
	UnitPrice    types.Number `tfsdk:"unit_price"`
	Price        types.Number `tfsdk:"price"`
	DiscountRate types.Number `tfsdk:"discount_rate"`
	Discount     types.Number `tfsdk:"discount"`
	TaxRate      types.Number `tfsdk:"tax_rate"`
	Tax          types.Number `tfsdk:"tax"`
	Amount       types.Number `tfsdk:"amount"`
	Unit         types.Number `tfsdk:"unit"`
}

func row(r ocamba.Usage) usageModel {
	u := usageModel{
		ID:           tfvalue.String(r.ID),
		CompanyID:    tfvalue.String(r.CompanyID),
		AppID:        tfvalue.String(r.AppID),
		CurrencyCode: tfvalue.String(r.CurrencyCode),
		LimitStatus:  tfvalue.String(r.LimitStatus),
		StartTime:    tfvalue.String(r.StartTime),
		EndTime:      tfvalue.String(r.EndTime),
		UsagePercent: tfvalue.Number(r.UsagePercent),
		Price:        tfvalue.Number(r.Price),
		Amount:       tfvalue.Number(r.Amount),
		LineItems:    make([]lineItemModel, len(r.Items)),
	}
	for j, item := range r.Items {
		u.LineItems[j] = lineItemModel{
			Name:         tfvalue.String(item.Name),
			Description:  tfvalue.String(item.Description),
			Quantity:     tfvalue.Number(item.Quantity),
			UnitPrice:    tfvalue.Number(item.UnitPrice),
			Price:        tfvalue.Number(item.Price),
			DiscountRate: tfvalue.Number(item.DiscountRate),
			Discount:     tfvalue.Number(item.Discount),
			TaxRate:      tfvalue.Number(item.TaxRate),
			Tax:          tfvalue.Number(item.Tax),
			Amount:       tfvalue.Number(item.Amount),
			Unit:         tfvalue.Number(item.Unit),
		}
	}
	return u
}
