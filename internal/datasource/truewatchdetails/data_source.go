// Package truewatchdetails is the billing_truewatch_details data source:
// TrueWatch (Guance Cloud) billing details for a range of days.
package truewatchdetails

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[arguments, *truewatch.Client, truewatch.Row, rowModel]{
	TypeName:         "billing_truewatch_details",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("start_date", "end_date", dates.ParseDay)},
	Client:           (*providerdata.Data).TrueWatchClient,
	Fetch:            fetch,
	Rows:             rowsource.List("details", "The billing rows, in the order the API returned them.", rowAttributes(), row),
	Totals: []rowsource.Total[truewatch.Row]{
		rowsource.Sum("total_billing_result", "Sum of `billing_result`.", billingResult),
		rowsource.Sum("total_origin_amount", "Sum of `origin_amount`.", originAmount),
	},
	Breakdowns: []rowsource.Breakdown[truewatch.Row]{
		rowsource.By("billing_result_by_product", "Per product display name (`product_detail`, such as `Session Replay`), the sum of `billing_result`.", product, billingResult),
		rowsource.By("billing_result_by_workspace", "Per workspace (`workspace_name`), the sum of `billing_result`.", workspace, billingResult),
		rowsource.By("billing_result_by_day", "Per billing day (`consume_time_of_day`), the sum of `billing_result`.", day, billingResult),
	},
	Computed: map[string]schema.Attribute{
		"trace_id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The API's `traceId` for this read; quote it to TrueWatch support. Null when the API leaves it out.",
		},
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func billingResult(r truewatch.Row) tolerant.Number { return r.BillingResult.Number }
func originAmount(r truewatch.Row) tolerant.Number  { return r.OriginAmount.Number }
func product(r truewatch.Row) tolerant.String       { return r.ProductDetail.String }
func workspace(r truewatch.Row) tolerant.String     { return r.WorkspaceName.String }
func day(r truewatch.Row) tolerant.String           { return r.ConsumeTimeOfDay.String }

type arguments struct {
	StartDate types.String `tfsdk:"start_date"`
	EndDate   types.String `tfsdk:"end_date"`
}

func fetch(ctx context.Context, api *truewatch.Client, args *arguments, sink client.Sink[truewatch.Row]) (map[string]attr.Value, error) {
	// The validators have checked both dates; parse errors cannot happen here.
	start, end, err := dates.ParseRange(dates.ParseDay, args.StartDate.ValueString(), args.EndDate.ValueString())
	if err != nil {
		return nil, &rowsource.ArgumentError{Summary: "Invalid date", Err: err}
	}
	traceID, err := api.DetailsEach(ctx, start, end, sink)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{"trace_id": tfstate.String(traceID)}, nil
}

type rowModel struct {
	ConsumeTimeOfDay     tolerant.String `tfsdk:"consume_time_of_day"`
	OrgName              tolerant.String `tfsdk:"org_name"`
	ProductName          tolerant.String `tfsdk:"product_name"`
	ProductDetail        tolerant.String `tfsdk:"product_detail"`
	BillingKey           tolerant.String `tfsdk:"billing_key"`
	Measurement          tolerant.String `tfsdk:"measurement"`
	BillingCycle         tolerant.String `tfsdk:"billing_cycle"`
	CommodityCategory    tolerant.String `tfsdk:"commodity_category"`
	ConsumePlatform      tolerant.String `tfsdk:"consume_platform"`
	CustomerIdentifier   tolerant.String `tfsdk:"customer_identifier"`
	WorkspaceUUID        tolerant.String `tfsdk:"workspace_uuid"`
	WorkspaceName        tolerant.String `tfsdk:"workspace_name"`
	ConsumeTime          tolerant.String `tfsdk:"consume_time"`
	BillingResult        tolerant.Number `tfsdk:"billing_result"`
	DeductionAmount      tolerant.Number `tfsdk:"deduction_amount"`
	OweAmount            tolerant.Number `tfsdk:"owe_amount"`
	OriginAmount         tolerant.Number `tfsdk:"origin_amount"`
	ServiceBillingAmount tolerant.Number `tfsdk:"service_billing_amount"`
	CouponAmount         tolerant.Number `tfsdk:"coupon_amount"`
	StoredCardAmount     tolerant.Number `tfsdk:"stored_card_amount"`
	CashAmount           tolerant.Number `tfsdk:"cash_amount"`
	CashCloudAmount      tolerant.Number `tfsdk:"cash_cloud_amount"`
	Count                tolerant.Number `tfsdk:"count"`
}

func row(r truewatch.Row) rowModel {
	return rowModel{
		ConsumeTimeOfDay:     r.ConsumeTimeOfDay.String,
		OrgName:              r.OrgName.String,
		ProductName:          r.ProductName.String,
		ProductDetail:        r.ProductDetail.String,
		BillingKey:           r.BillingKey.String,
		Measurement:          r.Measurement.String,
		BillingCycle:         r.BillingCycle.String,
		CommodityCategory:    r.CommodityCategory.String,
		ConsumePlatform:      r.ConsumePlatform.String,
		CustomerIdentifier:   r.CustomerIdentifier.String,
		WorkspaceUUID:        r.WorkspaceUUID.String,
		WorkspaceName:        r.WorkspaceName.String,
		ConsumeTime:          r.ConsumeTime.String,
		BillingResult:        r.BillingResult.Number,
		DeductionAmount:      r.DeductionAmount.Number,
		OweAmount:            r.OweAmount.Number,
		OriginAmount:         r.OriginAmount.Number,
		ServiceBillingAmount: r.ServiceBillingAmount.Number,
		CouponAmount:         r.CouponAmount.Number,
		StoredCardAmount:     r.StoredCardAmount.Number,
		CashAmount:           r.CashAmount.Number,
		CashCloudAmount:      r.CashCloudAmount.Number,
		Count:                r.Count.Number,
	}
}
