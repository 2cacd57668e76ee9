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
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// definition is the data source: what is its own, for the skeleton. It
// has no arguments and no rows: one object, all Computed.
var definition = rowsource.Definition[struct{}, *truewatch.Client, struct{}, struct{}]{
	TypeName:    "billing_truewatch_balance",
	Description: description,
	Client:      (*providerdata.Data).TrueWatchClient,
	Fetch:       fetch,
	Computed:    computed(),
}

// New returns the data source.
var New = rowsource.New(definition)

func fetch(ctx context.Context, api *truewatch.Client, _ *struct{}, _ func([]struct{}) error) (map[string]attr.Value, error) {
	balance, err := api.Balance(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{
		"cash_balance":        tfstate.Number(balance.Cash),
		"coupon_balance":      tfstate.Number(balance.Coupon),
		"stored_card_balance": tfstate.Number(balance.StoredCard),
		"trace_id":            types.StringValue(balance.TraceID),
	}, nil
}
