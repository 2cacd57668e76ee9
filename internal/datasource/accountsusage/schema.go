package accountsusage

import (
	_ "embed"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/talkdesk"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// maxMonths bounds from_month..to_month. The API compares months only with
// eq, so every month is one term of the filter (and a longer filter one
// more request): a range of many years would make thousands of requests.
const maxMonths = 120

//go:embed description.md
var description string

func argumentAttributes() map[string]schema.Attribute {
	conflictsWithFilter := stringvalidator.ConflictsWith(path.MatchRoot("filter"))
	month := validate.Check("a month in the form YYYY-MM", talkdesk.ParseMonth)
	return map[string]schema.Attribute{
		"account_ids": schema.SetAttribute{
			Optional:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Only these accounts. Any number works: when the API filter they make would pass " +
				fmt.Sprintf("%d characters, the provider splits it into several requests and merges the results. ", talkdesk.MaxFilterLength) +
				"Conflicts with `filter`.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.NoNullValues(),
				setvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, talkdesk.MaxAccountIDLength)),
				setvalidator.ConflictsWith(path.MatchRoot("filter")),
			},
		},
		"from_month": attrs.OptionalString("First month, `YYYY-MM`, included. Needs `to_month`. Conflicts with `filter`.", month, conflictsWithFilter, stringvalidator.AlsoRequires(path.MatchRoot("to_month"))),
		"to_month": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Last month, `YYYY-MM`, included; not before `from_month`, and the range at most %d "+
				"months long (both ends counted). Needs `from_month`. Conflicts with `filter`.", maxMonths),
			Validators: []validator.String{
				month, conflictsWithFilter, stringvalidator.AlsoRequires(path.MatchRoot("from_month")),
				validate.MonthRange("from_month", maxMonths, talkdesk.ParseMonth),
			},
		},
		"filter": attrs.OptionalString("A raw API filter, at most "+fmt.Sprintf("%d", talkdesk.MaxFilterLength)+" characters: "+
			"`account_id` or `month` compared with `eq` to a value in single quotes, combined with `and`, `or` and "+
			"parentheses, e.g. `(month eq '2024-01' and account_id eq '5ea7...')`. Conflicts with `account_ids`, "+
			"`from_month` and `to_month`.", stringvalidator.LengthBetween(1, talkdesk.MaxFilterLength)),
		"order_by": attrs.DefaultedString(fmt.Sprintf("Order of the records, `field:asc` or `field:desc`, at most %d characters. Default: `%s`.",
			talkdesk.MaxOrderByLength, talkdesk.DefaultOrderBy), stringvalidator.LengthBetween(1, talkdesk.MaxOrderByLength)),
		"per_page": attrs.DefaultedNumber(fmt.Sprintf("Records per request, 1 to %d. Default: %d. All pages are read either way.",
			talkdesk.MaxPerPage, talkdesk.DefaultPerPage), validate.WholeNumberBetween(1, talkdesk.MaxPerPage)),
	}
}

func usageAttributes() map[string]schema.Attribute {
	text, amount := attrs.API.Text, attrs.API.Amount
	return map[string]schema.Attribute{
		"id":              text("Record id."),
		"account_id":      text("Account the usage belongs to."),
		"product_id":      text("Product, e.g. `TD-LIC-APP-RC-101910`."),
		"aggr_product_id": text("Aggregated product id."),
		"month":           text("Month of the usage, `YYYY-MM`."),
		"type":            text("Kind of usage: `AMD`, `API_REQUEST`, `CALL`, `CALL_SERVICE`, `CREDIT_COMMIT`, `DIALER`, `MESSAGE`, `NUMBER`, `PRODUCT_SERVICE`, `RECHARGE`, `SPEECH_TRANSCRIPTION`, `VOICEMAIL_TRANSCRIPTION`, `OTHER`, or a newer value, passed through."),
		"description":     text("Description of the usage."),
		"currency":        text("ISO 4217 currency of the amounts."),
		"direction":       text("`INBOUND`, `OUTBOUND`, `OTHER` (or a newer value, passed through)."),
		"resolution":      text("Resolution, as the API writes it."),
		"unit":            text("Unit of `number_of_units`."),
		"wallet_name":     text("Wallet charged."),
		"price":           amount("Price per unit."),
		"number_of_units": amount("Units used."),
		"total_amount":    amount("Amount charged."),
	}
}
