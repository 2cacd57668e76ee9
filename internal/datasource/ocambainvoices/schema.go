package ocambainvoices

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/ocambalisting"
)

//go:embed description.md
var description string

func invoiceAttributes() map[string]schema.Attribute {
	text, amount := attrs.API.Text, attrs.API.Amount
	return map[string]schema.Attribute{
		"id":             text("Invoice id (a UUID in Ocamba's example)."),
		"company_id":     text("Company the invoice belongs to."),
		"app_id":         text("Ocamba app the invoice is for."),
		"invoice_number": text("Invoice number, e.g. `OCM-213376`."),
		"status": text("Status as the API writes it, e.g. `paid`. Ocamba documents no other value; the provider " +
			"passes any on as it comes."),
		"currency_code": text("Currency of the amounts, e.g. `USD`."),
		"pdf":           text("URL of the invoice's PDF."),
		"due_date":      text("Due date, `YYYY-MM-DD`."),
		"payment_time":  text("When the invoice was paid, `YYYY-MM-DD HH:MM:SS` (no zone given)."),
		"create_time":   text("When the invoice was created, `YYYY-MM-DD HH:MM:SS` (no zone given)."),
		"update_time":   text("When the invoice was last updated, `YYYY-MM-DD HH:MM:SS` (no zone given)."),
		"price":         amount("Invoice price before tax."),
		"tax":           amount("Tax."),
		"amount":        amount("Invoice amount, tax included (in Ocamba's example, `price` + `tax`)."),
		"sent": attrs.API.Flag("Whether the invoice was sent. Ocamba writes `1` in its example: `1`/`0`, `true`/`false` " +
			"and the same as strings are read; any other value fails the read, naming `sent`."),
		"line_items": ocambalisting.LineItemsAttribute("invoice"),
	}
}
