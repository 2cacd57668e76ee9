// Package truewatchdetails is the billing_truewatch_details data source:
// TrueWatch (Guance Cloud) billing details for a range of days.
package truewatchdetails

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource)(nil)
)

// typeName is the data source's name, for messages.
const typeName = "billing_truewatch_details"

// New returns the data source.
func New() datasource.DataSource { return &dataSource{} }

type dataSource struct {
	providerdata.Configured
}

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_truewatch_details"
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

func (d *dataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{validate.InOrder("start_date", "end_date", dates.ParseDay)}
}

func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, api, ok := providerdata.BeginRead[model](ctx, req, resp, d.Data.TrueWatchClient, typeName)
	if !ok {
		return
	}
	// The validators have checked both dates; parse errors cannot happen here.
	start, errStart := dates.ParseDay(state.StartDate.ValueString())
	end, errEnd := dates.ParseDay(state.EndDate.ValueString())
	if errStart != nil || errEnd != nil {
		resp.Diagnostics.AddError("Invalid date", "start_date and end_date must be dates in the form YYYY-MM-DD.")
		return
	}
	details, err := api.Details(ctx, start, end)
	if err != nil {
		d.ReadFailed(resp, err)
		return
	}
	state.fill(details)
	resp.Diagnostics.Append(tfvalue.SetState(ctx, &resp.State, &state, "details")...)
}

type model struct {
	StartDate          types.String `tfsdk:"start_date"`
	EndDate            types.String `tfsdk:"end_date"`
	Details            []rowModel   `tfsdk:"details"`
	TotalBillingResult types.Number `tfsdk:"total_billing_result"`
	TotalOriginAmount  types.Number `tfsdk:"total_origin_amount"`
	TraceID            types.String `tfsdk:"trace_id"`
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

// fill sets the computed attributes from the API's answer, with the totals
// summed exactly in the same pass.
func (m *model) fill(d *truewatch.Details) {
	m.Details = make([]rowModel, len(d.Rows))
	var billing, origin tfvalue.Total
	for i, r := range d.Rows {
		m.Details[i] = rowModel{
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
		billing.Add(r.BillingResult.Number)
		origin.Add(r.OriginAmount.Number)
	}
	m.TotalBillingResult = billing.Value()
	m.TotalOriginAmount = origin.Value()
	m.TraceID = types.StringValue(d.TraceID)
}
