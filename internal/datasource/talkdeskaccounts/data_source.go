// Package talkdeskaccounts is the billing_talkdesk_accounts data source:
// the accounts of the calling Talkdesk organisation, to label the usage
// and invoice breakdowns, which are keyed by account id.
package talkdeskaccounts

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/text/unicode/norm"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/rowsource"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// definition is the data source: what is its own, for the skeleton.
var definition = rowsource.Definition[arguments, *talkdesk.Client, talkdesk.Account, accountModel]{
	TypeName:    "billing_talkdesk_accounts",
	Description: description,
	Client:      (*providerdata.Data).TalkdeskClient,
	Fetch:       fetch,
	Rows:        rowsource.ListAlwaysKept("accounts", "The accounts, in the order the API returned them.", accountAttributes(), row),
	Count:       rowsource.Counted("total", "Number of accounts read."),
	Computed:    computedAttributes(),
}

// New returns the data source.
var New = rowsource.New(definition)

// arguments: the data source has none.
type arguments struct{}

// fetch reads every account and maps each id to its name.
func fetch(ctx context.Context, api *talkdesk.Client, _ *arguments, sink client.Sink[talkdesk.Account]) (map[string]attr.Value, error) {
	names := map[string]attr.Value{}
	// Terraform holds strings in Unicode normal form C, so ids that differ
	// only in form are one key of names_by_id to it: the first such id,
	// by that key, so that two names are never one entry, one of them lost.
	ids := map[string]talkdesk.Account{}
	err := api.AccountsEach(ctx, client.Sink[talkdesk.Account]{Pages: func(accounts []talkdesk.Account) error {
		for _, a := range accounts {
			key := norm.NFC.String(a.ID.Text())
			if first, ok := ids[key]; ok && first.Name.Text() != a.Name.Text() {
				return fmt.Errorf("the Talkdesk accounts %+q and %+q have ids that differ only in Unicode form, which Terraform holds as one: "+
					"names_by_id cannot name both (%q and %q)", first.ID.Text(), a.ID.Text(), first.Name.Text(), a.Name.Text())
			}
			ids[key] = a
			names[key] = types.StringValue(a.Name.Text()) // "" when the name is null
		}
		return sink.Take(accounts)
	}})
	if err != nil {
		return nil, err
	}
	byID, diags := types.MapValue(types.StringType, names)
	if diags.HasError() {
		return nil, fmt.Errorf("names_by_id: %v", diags)
	}
	return map[string]attr.Value{"names_by_id": byID}, nil
}

// accountModel is a talkdesk.Account in state: the same fields in the same order, so that
// row is a conversion and a field added to one but not the other fails to build.
type accountModel struct {
	ID          tolerant.String `tfsdk:"id"`
	Name        tolerant.String `tfsdk:"name"`
	CompanyName tolerant.String `tfsdk:"company_name"`
	Status      tolerant.String `tfsdk:"status"`
}

func row(a talkdesk.Account) accountModel { return accountModel(a) }
