// Package truewatchbalance is the billing_truewatch_balance data source:
// the current balance of a TrueWatch (Guance Cloud) workspace.
package truewatchbalance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/truewatch"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
)

// New returns the data source. It has no arguments and no rows: one
// object, all Computed.
var New = rowsource.New(rowsource.Definition[struct{}, *truewatch.Client, struct{}, struct{}]{
	TypeName:    "billing_truewatch_balance",
	Description: description,
	Client:      (*providerdata.Data).TrueWatchClient,
	Fetch:       fetch,
	Computed:    computed(),
})

func fetch(ctx context.Context, api *truewatch.Client, _ *struct{}, _ func([]struct{}) error) (map[string]attr.Value, error) {
	balance, err := api.Balance(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{
		"cash_balance":        tfvalue.Number(balance.Cash),
		"coupon_balance":      tfvalue.Number(balance.Coupon),
		"stored_card_balance": tfvalue.Number(balance.StoredCard),
		"trace_id":            types.StringValue(balance.TraceID),
	}, nil
}
