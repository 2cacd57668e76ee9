// Package truewatchdetails is the billing_truewatch_details data source:
// TrueWatch (Guance Cloud) billing details for a range of days.
package truewatchdetails

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// New returns the data source.
var New = rowsource.New(rowsource.Definition[arguments, *truewatch.Client, truewatch.Row, rowModel]{
	TypeName:         "billing_truewatch_details",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("start_date", "end_date", dates.ParseDay)},
	Client:           (*providerdata.Data).TrueWatchClient,
	Fetch:            fetch,
	Rows: rowsource.Rows[truewatch.Row, rowModel]{
		Attribute:   "details",
		Description: "The billing rows, in the order the API returned them.",
		Attributes:  rowAttributes(),
		Row:         row,
	},
	Totals: []rowsource.Total[truewatch.Row]{
		{Attribute: rowsource.Attribute{Name: "total_billing_result", Description: "Sum of `billing_result`."}, Amount: billingResult},
		{Attribute: rowsource.Attribute{Name: "total_origin_amount", Description: "Sum of `origin_amount`."}, Amount: originAmount},
	},
	Breakdowns: []rowsource.Breakdown[truewatch.Row]{
		{
			Attribute: rowsource.Attribute{
				Name:        "billing_result_by_product",
				Description: "Per product display name (`product_detail`, such as `Session Replay`), the sum of `billing_result`.",
			},
			Key: func(r truewatch.Row) tolerant.String { return r.ProductDetail.String }, Amount: billingResult,
		},
		{
			Attribute: rowsource.Attribute{
				Name:        "billing_result_by_workspace",
				Description: "Per workspace (`workspace_name`), the sum of `billing_result`.",
			},
			Key: func(r truewatch.Row) tolerant.String { return r.WorkspaceName.String }, Amount: billingResult,
		},
		{
			Attribute: rowsource.Attribute{
				Name:        "billing_result_by_day",
				Description: "Per billing day (`consume_time_of_day`), the sum of `billing_result`.",
			},
			Key: func(r truewatch.Row) tolerant.String { return r.ConsumeTimeOfDay.String }, Amount: billingResult,
		},
	},
	Computed: map[string]schema.Attribute{
		"trace_id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The API's `traceId` for this read; quote it to TrueWatch support.",
		},
	},
})

func billingResult(r truewatch.Row) tolerant.Number { return r.BillingResult.Number }
func originAmount(r truewatch.Row) tolerant.Number  { return r.OriginAmount.Number }

type arguments struct {
	StartDate types.String `tfsdk:"start_date"`
	EndDate   types.String `tfsdk:"end_date"`
}

func fetch(ctx context.Context, api *truewatch.Client, args *arguments) (rowsource.Result[truewatch.Row], error) {
	// The validators have checked both dates; parse errors cannot happen here.
	start, errStart := dates.ParseDay(args.StartDate.ValueString())
	end, errEnd := dates.ParseDay(args.EndDate.ValueString())
	if err := errors.Join(errStart, errEnd); err != nil {
		return rowsource.Result[truewatch.Row]{}, &rowsource.ArgumentError{Summary: "Invalid date", Err: err}
	}
	details, err := api.Details(ctx, start, end)
	if err != nil {
		return rowsource.Result[truewatch.Row]{}, err
	}
	return rowsource.Result[truewatch.Row]{
		Records:    details.Rows,
		Attributes: map[string]attr.Value{"trace_id": types.StringValue(details.TraceID)},
	}, nil
}

type rowModel struct {
	ConsumeTimeOfDay     types.String `tfsdk:"consume_time_of_day"`
	OrgName              types.String `tfsdk:"org_name"`
	ProductName          types.String `tfsdk:"product_name"`
	ProductDetail        types.String `tfsdk:"product_detail"`
	BillingKey           types.String `tfsdk:"billing_key"`
	Measurement          types.String `tfsdk:"measurement"`
	BillingCycle         types.String `tfsdk:"billing_cycle"`
	CommodityCategory    types.String `tfsdk:"commodity_category"`
	ConsumePlatform      types.String `tfsdk:"consume_platform"`
	CustomerIdentifier   types.String `tfsdk:"customer_identifier"`
	WorkspaceUUID        types.String `tfsdk:"workspace_uuid"`
	WorkspaceName        types.String `tfsdk:"workspace_name"`
	ConsumeTime          types.String `tfsdk:"consume_time"`
	BillingResult        types.Number `tfsdk:"billing_result"`
	DeductionAmount      types.Number `tfsdk:"deduction_amount"`
	OweAmount            types.Number `tfsdk:"owe_amount"`
	OriginAmount         types.Number `tfsdk:"origin_amount"`
	ServiceBillingAmount types.Number `tfsdk:"service_billing_amount"`
	CouponAmount         types.Number `tfsdk:"coupon_amount"`
	StoredCardAmount     types.Number `tfsdk:"stored_card_amount"`
	CashAmount           types.Number `tfsdk:"cash_amount"`
	CashCloudAmount      types.Number `tfsdk:"cash_cloud_amount"`
	Count                types.Number `tfsdk:"count"`
}

func row(r truewatch.Row) rowModel {
	return rowModel{
		ConsumeTimeOfDay:     tfvalue.String(r.ConsumeTimeOfDay.String),
		OrgName:              tfvalue.String(r.OrgName.String),
		ProductName:          tfvalue.String(r.ProductName.String),
		ProductDetail:        tfvalue.String(r.ProductDetail.String),
		BillingKey:           tfvalue.String(r.BillingKey.String),
		Measurement:          tfvalue.String(r.Measurement.String),
		BillingCycle:         tfvalue.String(r.BillingCycle.String),
		CommodityCategory:    tfvalue.String(r.CommodityCategory.String),
		ConsumePlatform:      tfvalue.String(r.ConsumePlatform.String),
		CustomerIdentifier:   tfvalue.String(r.CustomerIdentifier.String),
		WorkspaceUUID:        tfvalue.String(r.WorkspaceUUID.String),
		WorkspaceName:        tfvalue.String(r.WorkspaceName.String),
		ConsumeTime:          tfvalue.String(r.ConsumeTime.String),
		BillingResult:        tfvalue.Number(r.BillingResult.Number),
		DeductionAmount:      tfvalue.Number(r.DeductionAmount.Number),
		OweAmount:            tfvalue.Number(r.OweAmount.Number),
		OriginAmount:         tfvalue.Number(r.OriginAmount.Number),
		ServiceBillingAmount: tfvalue.Number(r.ServiceBillingAmount.Number),
		CouponAmount:         tfvalue.Number(r.CouponAmount.Number),
		StoredCardAmount:     tfvalue.Number(r.StoredCardAmount.Number),
		CashAmount:           tfvalue.Number(r.CashAmount.Number),
		CashCloudAmount:      tfvalue.Number(r.CashCloudAmount.Number),
		Count:                tfvalue.Number(r.Count.Number),
	}
}
