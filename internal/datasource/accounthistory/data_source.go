// Package accounthistory is the billing_account_history data source: the
// billing history of a Virtuozzo Application Platform (Jelastic) account.
package accounthistory

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/dates"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

const defaultPeriod = "DAY"

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[arguments, *virtuozzo.Client, virtuozzo.Row, rowModel]{
	TypeName:         "billing_account_history",
	Description:      description,
	Arguments:        argumentAttributes(),
	ConfigValidators: []datasource.ConfigValidator{validate.InOrder("start_time", "end_time", dates.ParseTimestamp)},
	Client:           (*providerdata.Data).VirtuozzoClient,
	Fetch:            rowsource.Query("Invalid time", (*arguments).query, (*virtuozzo.Client).HistoryEach),
	Rows:             rowsource.List("history", "The billing rows, in the order the platform returned them.", rowAttributes(), row),
	Totals:           []rowsource.Total[virtuozzo.Row]{rowsource.Sum("total_cost", "Sum of `cost`.", cost)},
	Breakdowns: []rowsource.Breakdown[virtuozzo.Row]{
		rowsource.By("cost_by_type", "Per `type` (such as `node`, `ip`, `env`), the sum of `cost`.", chargeType, cost),
		rowsource.By("cost_by_appid", "Per environment (`appid`), the sum of `cost`.", appID, cost),
		rowsource.By("cost_by_date", "Per date (`YYYY-MM-DD`, the date part of `date_time`), the sum of `cost`.", date, cost),
	},
}

// New returns the data source.
var New = rowsource.New(definition)

func cost(r virtuozzo.Row) tolerant.Number       { return r.Cost }
func chargeType(r virtuozzo.Row) tolerant.String { return r.Type }
func appID(r virtuozzo.Row) tolerant.String      { return r.AppID }

// date is the date part of a row's date_time ("2024-04-01 00:00:00"); a
// date_time in another form is kept whole rather than cut wrongly.
func date(r virtuozzo.Row) tolerant.String {
	if day, ok := dates.DayOf(r.DateTime.Text()); ok {
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

// query turns the arguments into the request, and records the period it
// uses; the validators have already checked them, so errors here are only
// a safety net.
func (m *arguments) query() (virtuozzo.Query, error) {
	start, end, err := dates.ParseRange(dates.ParseTimestamp, m.StartTime.ValueString(), m.EndTime.ValueString())
	if err != nil {
		return virtuozzo.Query{}, err
	}
	q := virtuozzo.Query{Start: start, End: end, Period: attrs.StringOr(&m.Period, defaultPeriod), TargetAppID: m.TargetAppID.ValueString()}
	if !m.TimeOffset.IsNull() && !m.TimeOffset.IsUnknown() {
		q.TimeOffset = m.TimeOffset.ValueBigFloat().Text('f', -1)
	}
	if !m.GroupNodes.IsNull() && !m.GroupNodes.IsUnknown() {
		groupNodes := m.GroupNodes.ValueBool()
		q.GroupNodes = &groupNodes
	}
	return q, nil
}

// rowModel is a virtuozzo.Row in state: the same fields in the same order, so that
// row is a conversion and a field added to one but not the other fails to build.
type rowModel struct {
	DateTime                    tolerant.String `tfsdk:"date_time"`
	Type                        tolerant.String `tfsdk:"type"`
	ResourceType                tolerant.String `tfsdk:"resource_type"`
	AppID                       tolerant.String `tfsdk:"appid"`
	Domain                      tolerant.String `tfsdk:"domain"`
	HostGroupDisplayName        tolerant.String `tfsdk:"host_group_display_name"`
	HostGroupUniqueName         tolerant.String `tfsdk:"host_group_unique_name"`
	IsBonus                     tolerant.Bool   `tfsdk:"is_bonus"`
	IsRemote                    tolerant.Bool   `tfsdk:"is_remote"`
	IsPaid                      tolerant.Bool   `tfsdk:"is_paid"`
	IsWithdrawn                 tolerant.Bool   `tfsdk:"is_withdrawn"`
	Cost                        tolerant.Number `tfsdk:"cost"`
	Count                       tolerant.Number `tfsdk:"count"`
	NodeID                      tolerant.Number `tfsdk:"node_id"`
	NodeCount                   tolerant.Number `tfsdk:"node_count"`
	Group                       tolerant.Number `tfsdk:"group"`
	UsedCloudletsAmount         tolerant.Number `tfsdk:"used_cloudlets_amount"`
	FixedCloudletsAmount        tolerant.Number `tfsdk:"fixed_cloudlets_amount"`
	FixedCloudletsCost          tolerant.Number `tfsdk:"fixed_cloudlets_cost"`
	FixedCloudletsFreeAmount    tolerant.Number `tfsdk:"fixed_cloudlets_free_amount"`
	FlexibleCloudletsAmount     tolerant.Number `tfsdk:"flexible_cloudlets_amount"`
	FlexibleCloudletsCost       tolerant.Number `tfsdk:"flexible_cloudlets_cost"`
	FlexibleCloudletsFreeAmount tolerant.Number `tfsdk:"flexible_cloudlets_free_amount"`
	UsedStorageAmount           tolerant.Number `tfsdk:"used_storage_amount"`
	BillStorageAmount           tolerant.Number `tfsdk:"bill_storage_amount"`
	StorageCost                 tolerant.Number `tfsdk:"storage_cost"`
	StorageFreeAmount           tolerant.Number `tfsdk:"storage_free_amount"`
	UsedNetworkExtAmount        tolerant.Number `tfsdk:"used_network_ext_amount"`
	BillNetworkExtAmount        tolerant.Number `tfsdk:"bill_network_ext_amount"`
	NetworkExtCost              tolerant.Number `tfsdk:"network_ext_cost"`
	NetworkExtFreeAmount        tolerant.Number `tfsdk:"network_ext_free_amount"`
	ResourceCost                tolerant.Number `tfsdk:"resource_cost"`
	ResourceFreeCost            tolerant.Number `tfsdk:"resource_free_cost"`
	ResourceFreeAmount          tolerant.Number `tfsdk:"resource_free_amount"`
	ResourceBillableAmount      tolerant.Number `tfsdk:"resource_billable_amount"`
	MinFeeResourceAmount        tolerant.Number `tfsdk:"min_fee_resource_amount"`
	LicenceHours                tolerant.Number `tfsdk:"licence_hours"`
}

func row(r virtuozzo.Row) rowModel { return rowModel(r) }
