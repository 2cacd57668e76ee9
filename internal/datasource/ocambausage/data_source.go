// Package ocambausage is the billing_ocamba_usage data source: the usage
// records of an Ocamba account, every page of them.
package ocambausage

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

var _ datasource.DataSourceWithConfigure = (*dataSource)(nil)

const typeName = "billing_ocamba_usage"

// New returns the data source.
func New() datasource.DataSource { return &dataSource{} }

type dataSource struct {
	providerdata.Configured
}

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ocamba_usage"
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dataSourceSchema()
}

func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, api, ok := providerdata.BeginRead[model](ctx, req, resp, d.Data.OcambaClient, typeName)
	if !ok {
		return
	}
	query := state.query()
	records, err := api.Usage(ctx, query)
	if err != nil {
		d.ReadFailed(resp, err)
		return
	}
	state.PageSize = types.Int64Value(int64(query.PageSize))
	state.fill(records)
	resp.Diagnostics.Append(tfvalue.SetState(ctx, &resp.State, &state, "usages")...)
}

type model struct {
	Search                types.String `tfsdk:"search"`
	SearchFields          []string     `tfsdk:"search_fields"`
	Sort                  types.String `tfsdk:"sort"`
	PageSize              types.Int64  `tfsdk:"page_size"`
	Usages                []usageModel `tfsdk:"usages"`
	Total                 types.Int64  `tfsdk:"total"`
	TotalAmountByCurrency types.Map    `tfsdk:"total_amount_by_currency"`
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

// query turns the arguments into the request; the schema has validated them.
func (m *model) query() ocamba.Query {
	q := ocamba.Query{
		Search:       m.Search.ValueString(),
		SearchFields: m.SearchFields,
		Sort:         m.Sort.ValueString(),
		PageSize:     ocamba.DefaultPageSize,
	}
	if !m.PageSize.IsNull() && !m.PageSize.IsUnknown() {
		q.PageSize = int(m.PageSize.ValueInt64())
	}
	return q
}

// fill sets the records and their exact totals per currency in one pass.
func (m *model) fill(records []ocamba.Usage) {
	m.Usages = make([]usageModel, len(records))
	totals := tfvalue.Totals{}
	for i, r := range records {
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
		// Every currency in the records has a total, even one whose line
		// items carry no amount, so lookups by currency do not fail.
		totals.Add(r.CurrencyCode.Text(), tolerant.Number{})
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
			totals.Add(r.CurrencyCode.Text(), item.Amount)
		}
		m.Usages[i] = u
	}
	m.Total = types.Int64Value(int64(len(records)))
	m.TotalAmountByCurrency = totals.Value()
}
