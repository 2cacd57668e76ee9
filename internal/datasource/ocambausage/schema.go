package ocambausage

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

const nullNote = " Null when the API leaves it out."

// noComma matches one search field: the fields are sent comma-separated.
var noComma = regexp.MustCompile(`^[^,]+$`)

const description = "Usage records of the Ocamba account that the token belongs to, from Ocamba's " +
	"\"List Billing\" endpoint (`GET /v2/ocamba/usage`). Every page is read — page 1 first, the rest " +
	"concurrently within `max_concurrency` — and the result is complete or the read fails. Amounts are " +
	"exact decimals, and `total_amount_by_currency` and `amount_by_app` sum the line items' amounts exactly, per currency. " +
	"Needs `ocamba.token` in the provider configuration (or `OCAMBA_TOKEN`), sent as a bearer token."

func argumentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"search": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Search text, sent as `q`: only records matching it. Ocamba searches its default " +
				"search field unless `search_fields` says otherwise. Not sent when unset.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"search_fields": schema.ListAttribute{
			Optional:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Fields to search for `search`, sent comma-separated as `q_fields` (Ocamba " +
				"documents `items` as searchable). Needs `search`. Not sent when unset.",
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.AlsoRequires(path.MatchRoot("search")),
				listvalidator.ValueStringsAre(
					stringvalidator.LengthAtLeast(1),
					stringvalidator.RegexMatches(noComma, "must be one field name, without commas"),
				),
			},
		},
		"sort": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Order of the records, sent as `sort`: fields separated by commas, "+
				"each optionally prefixed with `-` for descending order, such as `-amount,start_date`. "+
				"Sortable fields: `%s`. Unset: the API's own order.", strings.Join(ocamba.SortableFields, "`, `")),
			Validators: []validator.String{validate.Check("a comma-separated list of sortable fields", ocamba.ParseSort)},
		},
		"page_size": schema.Int64Attribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: fmt.Sprintf("Records per request (the `M` of `page=N,M`), %d to %d. Default: %d. "+
				"A larger page means fewer requests; all pages are read either way.",
				1, ocamba.MaxPageSize, ocamba.DefaultPageSize),
			Validators: []validator.Int64{int64validator.Between(1, ocamba.MaxPageSize)},
		},
	}
}

func usageAttributes() map[string]schema.Attribute {
	text := func(description string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description + nullNote}
	}
	amount := func(description string) schema.Attribute {
		return schema.NumberAttribute{Computed: true, MarkdownDescription: description + " Exact decimal, as the API wrote it." + nullNote}
	}
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
		"line_items": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The record's line items (the API's `items`), in the API's order.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":          text("Line item name, e.g. `enterprise`."),
				"description":   text("Line item description."),
				"quantity":      amount("Quantity used."),
				"unit_price":    amount("Price per unit."),
				"price":         amount("Price before discount and tax."),
				"discount_rate": amount("Discount rate."),
				"discount":      amount("Discount."),
				"tax_rate":      amount("Tax rate, in percent."),
				"tax":           amount("Tax."),
				"amount":        amount("Amount charged (in Ocamba's example, `price` + `tax`)."),
				"unit":          amount("Unit the quantity is counted in, as a number."),
			}},
		},
	}
}
