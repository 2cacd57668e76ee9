package ocambausage

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambalisting"
)

//go:embed description.md
var description string

func usageAttributes() map[string]schema.Attribute {
	text, amount := attrs.API.Text, attrs.API.Amount
	return map[string]schema.Attribute{
		"id":            text("Record id (a numeric-looking string)."),
		"company_id":    text("Company the record belongs to."),
		"app_id":        text("Ocamba app the usage is for."),
		"currency_code": text("Currency of the amounts, e.g. `USD`."),
		"limit_status":  text("Limit status as the API writes it, e.g. `\"0\"`."),
		"start_time":    text("Start of the billed period, RFC 3339 (UTC)."),
		"end_time":      text("End of the billed period, RFC 3339 (UTC)."),
		"usage_percent": amount("Share of the plan's limit used, in percent. Present on some records only."),
		"price":         amount("Record price before tax. Present on some records only."),
		"amount":        amount("Record amount, tax included. Present on some records only."),
		"line_items":    ocambalisting.LineItemsAttribute("record"),
	}
}
