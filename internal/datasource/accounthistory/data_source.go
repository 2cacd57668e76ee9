// Package accounthistory is the billing_account_history data source: the
// billing history of a Virtuozzo Application Platform (Jelastic) account.
package accounthistory

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

const defaultPeriod = "DAY"

// New returns the data source.
var New = rowsource.New(rowsource.Definition[arguments, *virtuozzo.Client, virtuozzo.Row, rowModel]{
	TypeName:         "billing_account_history",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("start_time", "end_time", dates.ParseTimestamp)},
	Client:           (*providerdata.Data).VirtuozzoClient,
	Fetch:            fetch,
	Rows: rowsource.Rows[virtuozzo.Row, rowModel]{
		Attribute:   "history",
		Description: "The billing rows, in the order the platform returned them.",
		Attributes:  rowAttributes(),
		Row:         row,
	},
	Totals: []rowsource.Total[virtuozzo.Row]{
		{Attribute: rowsource.Attribute{Name: "total_cost", Description: "Sum of `cost`."}, Amount: cost},
	},
	Breakdowns: []rowsource.Breakdown[virtuozzo.Row]{
		{
			Attribute: rowsource.Attribute{Name: "cost_by_type", Description: "Per `type` (such as `node`, `ip`, `env`), the sum of `cost`."},
			Key:       func(r virtuozzo.Row) tolerant.String { return r.Type }, Amount: cost,
		},
		{
			Attribute: rowsource.Attribute{Name: "cost_by_appid", Description: "Per environment (`appid`), the sum of `cost`."},
			Key:       func(r virtuozzo.Row) tolerant.String { return r.AppID }, Amount: cost,
		},
		{
			Attribute: rowsource.Attribute{
				Name:        "cost_by_date",
				Description: "Per date (`YYYY-MM-DD`, the date part of `date_time`), the sum of `cost`.",
			},
			Key: date, Amount: cost,
		},
	},
})

func cost(r virtuozzo.Row) tolerant.Number { return r.Cost }

// date is the date part of a row's date_time ("2024-04-01 00:00:00"); a
// date_time in another form is kept whole rather than cut wrongly.
func date(r virtuozzo.Row) tolerant.String {
	text, ok := r.DateTime.Value()
	if !ok {
		return r.DateTime
	}
	if day, _, found := strings.Cut(text, " "); found {
		return tolerant.StringOf(day)
	}
	if day, _, found := strings.Cut(text, "T"); found {
		return tolerant.StringOf(day)
	}
	return r.DateTime
}

type arguments struct {
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	Period      types.String `tfsdk:"period"`
	TargetAppID types.String `tfsdk:"target_appid"`
	TimeOffset  types.Number `tfsdk:"time_offset"`
	GroupNodes  types.Bool   `tfsdk:"group_nodes"`
}

// fetch reads the history the arguments ask for, and records the period
// it used.
func fetch(ctx context.Context, api *virtuozzo.Client, args *arguments) (rowsource.Result[virtuozzo.Row], error) {
	query, err := args.query()
	if err != nil {
		return rowsource.Result[virtuozzo.Row]{}, &rowsource.ArgumentError{Summary: "Invalid time", Err: err}
	}
	args.Period = types.StringValue(query.Period)
	rows, err := api.History(ctx, query)
	return rowsource.Result[virtuozzo.Row]{Records: rows}, err
}

type rowModel struct {
	DateTime                    types.String `tfsdk:"date_time"`
	Type                        types.String `tfsdk:"type"`
	ResourceType                types.String `tfsdk:"resource_type"`
	AppID                       types.String `tfsdk:"appid"`
	Domain                      types.String `tfsdk:"domain"`
	HostGroupDisplayName        types.String `tfsdk:"host_group_display_name"`
	HostGroupUniqueName         types.String `tfsdk:"host_group_unique_name"`
	IsBonus                     types.Bool   `tfsdk:"is_bonus"`
	IsRemote                    types.Bool   `tfsdk:"is_remote"`
	IsPaid                      types.Bool   `tfsdk:"is_paid"`
	IsWithdrawn                 types.Bool   `tfsdk:"is_withdrawn"`
	Cost                        types.Number `tfsdk:"cost"`
	Count                       types.Number `tfsdk:"count"`
	NodeID                      types.Number `tfsdk:"node_id"`
	NodeCount                   types.Number `tfsdk:"node_count"`
	Group                       types.Number `tfsdk:"group"`
	UsedCloudletsAmount         types.Number `tfsdk:"used_cloudlets_amount"`
	FixedCloudletsAmount        types.Number `tfsdk:"fixed_cloudlets_amount"`
	FixedCloudletsCost          types.Number `tfsdk:"fixed_cloudlets_cost"`
	FixedCloudletsFreeAmount    types.Number `tfsdk:"fixed_cloudlets_free_amount"`
	FlexibleCloudletsAmount     types.Number `tfsdk:"flexible_cloudlets_amount"`
	FlexibleCloudletsCost       types.Number `tfsdk:"flexible_cloudlets_cost"`
	FlexibleCloudletsFreeAmount types.Number `tfsdk:"flexible_cloudlets_free_amount"`
	UsedStorageAmount           types.Number `tfsdk:"used_storage_amount"`
	BillStorageAmount           types.Number `tfsdk:"bill_storage_amount"`
	StorageCost                 types.Number `tfsdk:"storage_cost"`
	StorageFreeAmount           types.Number `tfsdk:"storage_free_amount"`
	UsedNetworkExtAmount        types.Number `tfsdk:"used_network_ext_amount"`
	BillNetworkExtAmount        types.Number `tfsdk:"bill_network_ext_amount"`
	NetworkExtCost              types.Number `tfsdk:"network_ext_cost"`
	NetworkExtFreeAmount        types.Number `tfsdk:"network_ext_free_amount"`
	ResourceCost                types.Number `tfsdk:"resource_cost"`
	ResourceFreeCost            types.Number `tfsdk:"resource_free_cost"`
	ResourceFreeAmount          types.Number `tfsdk:"resource_free_amount"`
	ResourceBillableAmount      types.Number `tfsdk:"resource_billable_amount"`
	MinFeeResourceAmount        types.Number `tfsdk:"min_fee_resource_amount"`
	LicenceHours                types.Number `tfsdk:"licence_hours"`
}

// query turns the arguments into the request; the validators have already
// checked them, so errors here are only a safety net.
func (m *arguments) query() (virtuozzo.Query, error) {
	start, err := dates.ParseTimestamp(m.StartTime.ValueString())
	if err != nil {
		return virtuozzo.Query{}, err
	}
	end, err := dates.ParseTimestamp(m.EndTime.ValueString())
	if err != nil {
		return virtuozzo.Query{}, err
	}
	q := virtuozzo.Query{Start: start, End: end, Period: defaultPeriod, TargetAppID: m.TargetAppID.ValueString()}
	if !m.Period.IsNull() && !m.Period.IsUnknown() {
		q.Period = m.Period.ValueString()
	}
	if !m.TimeOffset.IsNull() && !m.TimeOffset.IsUnknown() {
		q.TimeOffset = m.TimeOffset.ValueBigFloat().Text('f', -1)
	}
	if !m.GroupNodes.IsNull() && !m.GroupNodes.IsUnknown() {
		groupNodes := m.GroupNodes.ValueBool()
		q.GroupNodes = &groupNodes
	}
	return q, nil
}

func row(r virtuozzo.Row) rowModel {
	return rowModel{
		DateTime:                    tfvalue.String(r.DateTime),
		Type:                        tfvalue.String(r.Type),
		ResourceType:                tfvalue.String(r.ResourceType),
		AppID:                       tfvalue.String(r.AppID),
		Domain:                      tfvalue.String(r.Domain),
		HostGroupDisplayName:        tfvalue.String(r.HostGroupDisplayName),
		HostGroupUniqueName:         tfvalue.String(r.HostGroupUniqueName),
		IsBonus:                     tfvalue.Bool(r.IsBonus),
		IsRemote:                    tfvalue.Bool(r.IsRemote),
		IsPaid:                      tfvalue.Bool(r.IsPaid),
		IsWithdrawn:                 tfvalue.Bool(r.IsWithdrawn),
		Cost:                        tfvalue.Number(r.Cost),
		Count:                       tfvalue.Number(r.Count),
		NodeID:                      tfvalue.Number(r.NodeID),
		NodeCount:                   tfvalue.Number(r.NodeCount),
		Group:                       tfvalue.Number(r.Group),
		UsedCloudletsAmount:         tfvalue.Number(r.UsedCloudletsAmount),
		FixedCloudletsAmount:        tfvalue.Number(r.FixedCloudletsAmount),
		FixedCloudletsCost:          tfvalue.Number(r.FixedCloudletsCost),
		FixedCloudletsFreeAmount:    tfvalue.Number(r.FixedCloudletsFreeAmount),
		FlexibleCloudletsAmount:     tfvalue.Number(r.FlexibleCloudletsAmount),
		FlexibleCloudletsCost:       tfvalue.Number(r.FlexibleCloudletsCost),
		FlexibleCloudletsFreeAmount: tfvalue.Number(r.FlexibleCloudletsFreeAmount),
		UsedStorageAmount:           tfvalue.Number(r.UsedStorageAmount),
		BillStorageAmount:           tfvalue.Number(r.BillStorageAmount),
		StorageCost:                 tfvalue.Number(r.StorageCost),
		StorageFreeAmount:           tfvalue.Number(r.StorageFreeAmount),
		UsedNetworkExtAmount:        tfvalue.Number(r.UsedNetworkExtAmount),
		BillNetworkExtAmount:        tfvalue.Number(r.BillNetworkExtAmount),
		NetworkExtCost:              tfvalue.Number(r.NetworkExtCost),
		NetworkExtFreeAmount:        tfvalue.Number(r.NetworkExtFreeAmount),
		ResourceCost:                tfvalue.Number(r.ResourceCost),
		ResourceFreeCost:            tfvalue.Number(r.ResourceFreeCost),
		ResourceFreeAmount:          tfvalue.Number(r.ResourceFreeAmount),
		ResourceBillableAmount:      tfvalue.Number(r.ResourceBillableAmount),
		MinFeeResourceAmount:        tfvalue.Number(r.MinFeeResourceAmount),
		LicenceHours:                tfvalue.Number(r.LicenceHours),
	}
}
