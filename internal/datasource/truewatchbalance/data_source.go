// Package truewatchbalance is the billing_truewatch_balance data source:
// the current balance of a TrueWatch (Guance Cloud) workspace.
package truewatchbalance

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"

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
	Fetch:       rowsource.Object((*truewatch.Client).Balance, values),
	Computed:    computed(),
}

// New returns the data source.
var New = rowsource.New(definition)

// values are the Computed attributes of a balance.
func values(balance *truewatch.Balance) map[string]attr.Value {
	return map[string]attr.Value{
		"cash_balance":        tfstate.Number(balance.Cash),
		"coupon_balance":      tfstate.Number(balance.Coupon),
		"stored_card_balance": tfstate.Number(balance.StoredCard),
		"trace_id":            tfstate.String(balance.TraceID),
	}
}
