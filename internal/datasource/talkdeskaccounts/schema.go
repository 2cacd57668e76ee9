package talkdeskaccounts

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
)

const description = "The accounts of the calling Talkdesk organisation, from Talkdesk Billing Insights " +
	"(`GET /express/accounts`): id, name, company and status, and `names_by_id` to label the per-account " +
	"breakdowns of `billing_accounts_usage` and `billing_talkdesk_invoices`. Every page is read, and the result " +
	"is complete or the read fails; a record without an `id` fails the read. Needs `talkdesk.access_token`, or " +
	"`talkdesk.client_id` and `talkdesk.client_secret` with `talkdesk.account` (or `talkdesk.token_url`), in the " +
	"provider configuration or their environment variables. The OAuth client needs the scope `express-accounts:read` " +
	"(asked for on its own unless `talkdesk.scopes` is set, which must then include it)."

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
