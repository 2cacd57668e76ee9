package talkdeskinvoices

import (
	_ "embed"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

//go:embed description.md
var description string

func argumentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"account_ids": schema.SetAttribute{
			Optional:            true,
			ElementType:         types.StringType,
			MarkdownDescription: "Keep only these accounts' lines (by `account_id`, compared without regard to case). A line without an account id then fails the read, naming it: it cannot be told whether the line is one of these accounts', and leaving it out unseen could under-report.",
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.NoNullValues(),
				setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		},
		"from_date": attrs.OptionalString("Keep only lines dated on or after this day, `YYYY-MM-DD`. The date part of the line's "+
			"`date` is compared, as written (`2024-08-31T00:00:00.000Z` is 2024-08-31). With a date bound set, a line "+
			"without a date fails the read, naming it, rather than be left out unseen. May be set without `to_date`.", validate.Day()),
		"to_date": attrs.OptionalString("Keep only lines dated on or before this day, `YYYY-MM-DD`, included; not before `from_date`. "+
			"May be set without `from_date`.", validate.Day()),
	}
}

func lineAttributes() map[string]schema.Attribute {
	text, amount := attrs.API.Text, attrs.API.Amount
	return map[string]schema.Attribute{
		"id":                   schema.StringAttribute{Computed: true, MarkdownDescription: "Record id, as the API sends it."},
		"account_id":           text("Account invoiced, whether the API spells the field `account_id` or `account ID` (both present and different fail the read)."),
		"number":               text("Invoice number."),
		"date":                 text("Invoice date, as the API writes it, e.g. `2024-08-31T00:00:00.000Z`. A date whose `YYYY-MM-DD` part cannot be read fails the read."),
		"due_date":             text("Due date, as the API writes it."),
		"status":               text("`DRAFT`, `OPEN`, `PAID`, `VOID`, `OVERDUE`, or a newer value, passed through."),
		"currency":             text("ISO 4217 currency of the amounts."),
		"product_id":           text("Product of the line."),
		"description":          text("Description of the line."),
		"total_invoice_amount": amount("Total of the whole invoice (repeated on each of its lines)."),
		"quantity":             amount("Quantity."),
		"rate":                 amount("Price per unit."),
		"amount":               amount("Amount of the line."),
	}
}
