// Package virtuozzoaccount is the billing_virtuozzo_account data source:
// the Virtuozzo Application Platform (Jelastic) account the token belongs
// to, with its balance.
package virtuozzoaccount

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/billingtf/terraform-provider-billing/internal/client/virtuozzo"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// definition is the data source: what is its own, for the skeleton. It
// has no arguments (the provider's virtuozzo settings pick the account)
// and no rows: one object, all Computed.
var definition = rowsource.Definition[struct{}, *virtuozzo.Client, struct{}, struct{}]{
	TypeName:    "billing_virtuozzo_account",
	Description: description,
	Client:      (*providerdata.Data).VirtuozzoClient,
	Fetch:       rowsource.Object((*virtuozzo.Client).Account, values),
	Computed:    computed(),
}

// New returns the data source.
var New = rowsource.New(definition)

// values are the Computed attributes of an account.
func values(a *virtuozzo.Account) map[string]attr.Value {
	return map[string]attr.Value{
		"uid":        tfstate.Number(a.UID),
		"email":      tfstate.String(a.Email),
		"group":      tfstate.String(a.Group),
		"group_type": tfstate.String(a.GroupType),
		"language":   tfstate.String(a.Language),
		"created_on": tfstate.String(a.CreatedOn),
		"status":     tfstate.String(a.Status.String),
		"balance":    tfstate.Number(a.Balance),
		"bonus":      tfstate.Number(a.Bonus),
		"credit":     tfstate.Number(a.Credit),
		"debit":      tfstate.Number(a.Debit),
		"is_enabled": tfstate.Bool(a.IsEnabled),
	}
}
