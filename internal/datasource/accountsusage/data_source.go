// Package accountsusage is the billing_accounts_usage data source: the
// monthly usage of a Talkdesk organisation's accounts.
package accountsusage

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource)(nil)
)

const typeName = "billing_accounts_usage"

// New returns the data source.
func New() datasource.DataSource { return &dataSource{} }

type dataSource struct {
	providerdata.Configured
}

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_accounts_usage"
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

func (d *dataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{validate.InOrder("from_month", "to_month", talkdesk.ParseMonth)}
}

func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, api, ok := providerdata.BeginRead[model](ctx, req, resp, d.Data.TalkdeskClient, typeName)
	if !ok {
		return
	}
	query, err := state.query()
	if err != nil {
		resp.Diagnostics.AddError("Invalid month", err.Error())
		return
	}
	records, err := api.Usage(ctx, query)
	if err != nil {
		d.ReadFailed(resp, err)
		return
	}
	state.OrderBy = types.StringValue(query.OrderBy)
	state.PerPage = types.Int64Value(int64(query.PerPage))
	state.fill(records)
	resp.Diagnostics.Append(tfvalue.SetState(ctx, &resp.State, &state, "usages")...)
}

type model struct {
	AccountIDs            []string     `tfsdk:"account_ids"`
	FromMonth             types.String `tfsdk:"from_month"`
	ToMonth               types.String `tfsdk:"to_month"`
	Filter                types.String `tfsdk:"filter"`
	OrderBy               types.String `tfsdk:"order_by"`
	PerPage               types.Int64  `tfsdk:"per_page"`
	Usages                []usageModel `tfsdk:"usages"`
	Total                 types.Int64  `tfsdk:"total"`
	TotalAmountByCurrency types.Map    `tfsdk:"total_amount_by_currency"`
}

type usageModel struct {
	ID            types.String `tfsdk:"id"`
	AccountID     types.String `tfsdk:"account_id"`
	ProductID     types.String `tfsdk:"product_id"`
	AggrProductID types.String `tfsdk:"aggr_product_id"`
	Month         types.String `tfsdk:"month"`
	Type          types.String `tfsdk:"type"`
	Description   types.String `tfsdk:"description"`
	Currency      types.String `tfsdk:"currency"`
	Direction     types.String `tfsdk:"direction"`
	Resolution    types.String `tfsdk:"resolution"`
	Unit          types.String `tfsdk:"unit"`
	WalletName    types.String `tfsdk:"wallet_name"`
	Price         types.Number `tfsdk:"price"`
	NumberOfUnits types.Number `tfsdk:"number_of_units"`
	TotalAmount   types.Number `tfsdk:"total_amount"`
}

// query turns the arguments into the request; the validators have already
// checked them, so errors here are only a safety net.
func (m *model) query() (talkdesk.Query, error) {
	q := talkdesk.Query{
		AccountIDs: m.AccountIDs,
		Filter:     m.Filter.ValueString(),
		OrderBy:    talkdesk.DefaultOrderBy,
		PerPage:    talkdesk.DefaultPerPage,
	}
	if !m.OrderBy.IsNull() && !m.OrderBy.IsUnknown() {
		q.OrderBy = m.OrderBy.ValueString()
	}
	if !m.PerPage.IsNull() && !m.PerPage.IsUnknown() {
		q.PerPage = int(m.PerPage.ValueInt64())
	}
	if m.FromMonth.IsNull() || m.ToMonth.IsNull() {
		return q, nil
	}
	from, err := talkdesk.ParseMonth(m.FromMonth.ValueString())
	if err != nil {
		return q, err
	}
	to, err := talkdesk.ParseMonth(m.ToMonth.ValueString())
	if err != nil {
		return q, err
	}
	q.Months = talkdesk.Months(from, to)
	return q, nil
}

// fill sets the records and their exact totals per currency in one pass.
func (m *model) fill(records []talkdesk.Usage) {
	m.Usages = make([]usageModel, len(records)) // never nil: no usage is an empty list, not null
	totals := tfvalue.Totals{}
	for i, r := range records {
		m.Usages[i] = usageModel{
			ID:            tfvalue.String(r.ID),
			AccountID:     tfvalue.String(r.AccountID),
			ProductID:     tfvalue.String(r.ProductID),
			AggrProductID: tfvalue.String(r.AggrProductID),
			Month:         tfvalue.String(r.Month),
			Type:          tfvalue.String(r.Type),
			Description:   tfvalue.String(r.Description),
			Currency:      tfvalue.String(r.Currency),
			Direction:     tfvalue.String(r.Direction),
			Resolution:    tfvalue.String(r.Resolution),
			Unit:          tfvalue.String(r.Unit),
			WalletName:    tfvalue.String(r.WalletName),
			Price:         tfvalue.Number(r.Price),
			NumberOfUnits: tfvalue.Number(r.NumberOfUnits),
			TotalAmount:   tfvalue.Number(r.TotalAmount),
		}
		totals.Add(r.Currency.Text(), r.TotalAmount)
	}
	m.Total = types.Int64Value(int64(len(records)))
	m.TotalAmountByCurrency = totals.Value()
}
