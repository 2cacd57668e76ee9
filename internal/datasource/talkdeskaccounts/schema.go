package talkdeskaccounts

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
)

//go:embed description.md
var description string

func accountAttributes() map[string]schema.Attribute {
	text := attrs.API.Text
	return map[string]schema.Attribute{
		"id":           schema.StringAttribute{Computed: true, MarkdownDescription: "Account id, as in `account_id` of the usage and invoice lines."},
		"name":         text("Account name."),
		"company_name": text("Company the account belongs to."),
		"status":       text("`ACTIVE`, `CHURNED`, `IN_TRIAL`, `INACTIVE`, `PROSPECT`, `TRIAL_LOST`, `OTHER`, or a newer value, passed through."),
	}
}

func computedAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"names_by_id": schema.MapAttribute{
			Computed:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Per account `id`, its `name` (`\"\"` when the name is null), e.g. " +
				"`lookup(data.billing_talkdesk_accounts.all.names_by_id, account_id, account_id)`. Empty when there are no accounts.",
		},
	}
}
