// Package ocambalisting is what the data sources over Ocamba's listings
// (billing_ocamba_usage, billing_ocamba_invoices) share: their arguments
// (search, search_fields, sort, page_size) and how they become a query,
// and the line items every usage record and invoice carries.
package ocambalisting

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/client/ocamba"
	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// noComma matches one search field: the fields are sent comma-separated.
var noComma = regexp.MustCompile(`^[^,]+$`)

// Arguments are a listing's arguments.
type Arguments struct {
	Search       types.String `tfsdk:"search"`
	SearchFields []string     `tfsdk:"search_fields"`
	Sort         types.String `tfsdk:"sort"`
	PageSize     types.Number `tfsdk:"page_size"`
}

// Query is the query the arguments ask for, for rowsource.Query. It
// fills in the page size the read uses when the configuration leaves it
// unset. Every argument the validators let through makes a query, so it
// never fails.
func (a *Arguments) Query() (ocamba.Query, error) {
	return ocamba.Query{
		Search:       a.Search.ValueString(),
		SearchFields: a.SearchFields,
		Sort:         a.Sort.ValueString(),
		PageSize:     attrs.IntOr(&a.PageSize, ocamba.DefaultPageSize),
	}, nil
}

// ArgumentAttributes are the schema of Arguments for a listing that sorts
// as sort says.
func ArgumentAttributes(sort ocamba.Sort) map[string]schema.Attribute {
	sortable := fmt.Sprintf("Sortable fields: `%s`.", strings.Join(sort.Fields, "`, `"))
	if sort.Fields == nil {
		sortable = "Ocamba does not publish which fields it sorts " + sort.Records + " by: the provider checks only that each " +
			"key is a field name (letters, digits and underscores), and the API answers an error for a field it does not sort by."
	}
	return map[string]schema.Attribute{
		"search": attrs.OptionalString("Search text, sent as `q`: only records matching it. Ocamba searches its default "+
			"search field unless `search_fields` says otherwise. Not sent when unset.", stringvalidator.LengthAtLeast(1)),
		"search_fields": schema.ListAttribute{
			Optional:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Fields to search for `search`, sent comma-separated as `q_fields` (Ocamba " +
				"documents `items` as searchable). Needs `search`. Not sent when unset.",
			Validators: []validator.List{
				listvalidator.SizeAtLeast(1),
				listvalidator.NoNullValues(),
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
				"each optionally prefixed with `-` for descending order, such as `%s`. %s Unset: the API's own order.",
				sort.Example, sortable),
			Validators: []validator.String{validate.Check("a comma-separated list of sortable fields", sort.Parse)},
		},
		"page_size": schema.NumberAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: fmt.Sprintf("Records per request (the `M` of `page=N,M`), %d to %d. Default: %d. "+
				"A larger page means fewer requests; all pages are read either way.",
				1, ocamba.MaxPageSize, ocamba.DefaultPageSize),
			Validators: []validator.Number{validate.WholeNumberBetween(1, ocamba.MaxPageSize)},
		},
	}
}

// LineItems are a record's line items in state: a list, never null (a
// record without items has none).
func LineItems(items []ocamba.LineItem) []ocamba.LineItem {
	if items == nil {
		return []ocamba.LineItem{}
	}
	return items
}

// LineItemsAttribute is the schema of the line_items list of a record.
func LineItemsAttribute(record string) schema.Attribute {
	text, amount := attrs.API.Text, attrs.API.Amount
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The " + record + "'s line items (the API's `items`), in the API's order.",
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
	}
}
