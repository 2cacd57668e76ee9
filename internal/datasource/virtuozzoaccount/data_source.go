// Package virtuozzoaccount is the billing_virtuozzo_account data source:
// the Virtuozzo Application Platform (Jelastic) account the token belongs
// to, with its balance.
package virtuozzoaccount

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
)

// New returns the data source. It has no arguments (the provider's
// virtuozzo settings pick the account) and no rows: one object, all
// Computed.
var New = rowsource.New(rowsource.Definition[struct{}, *virtuozzo.Client, struct{}, struct{}]{
	TypeName:    "billing_virtuozzo_account",
	Description: description,
	Client:      (*providerdata.Data).VirtuozzoClient,
	Fetch:       fetch,
	Computed:    computed(),
})

func fetch(ctx context.Context, api *virtuozzo.Client, _ *struct{}, _ func([]struct{}) error) (map[string]attr.Value, error) {
	a, err := api.Account(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]attr.Value{
		"uid":        tfvalue.Number(a.UID),
		"email":      tfvalue.String(a.Email),
		"group":      tfvalue.String(a.Group),
		"group_type": tfvalue.String(a.GroupType),
		"language":   tfvalue.String(a.Language),
		"created_on": tfvalue.String(a.CreatedOn),
		"status":     tfvalue.String(a.Status.String),
		"balance":    tfvalue.Number(a.Balance),
		"bonus":      tfvalue.Number(a.Bonus),
		"credit":     tfvalue.Number(a.Credit),
		"debit":      tfvalue.Number(a.Debit),
		"is_enabled": tfvalue.Bool(a.IsEnabled),
	}, nil
}
