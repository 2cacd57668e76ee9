package rowsource

import (
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What every summary attribute's description ends with.
const (
	exactSum    = " Exact decimal sums, computed over every record whether or not `include_rows` keeps the rows in state."
	nullKey     = " Records whose key is null are summed under `\"\"`; a record whose amount is null adds 0 to its key. A key holding U+FFFD, as bytes that are not UTF-8 are read, fails the read (two such keys could not be told apart)."
	emptyWhen   = " Empty when there are no records."
	perCurrency = " Money in different currencies is never added together: each key holds a map from currency to sum " +
		"(records without a currency sum under the currency `\"\"`)."
	includeRowsD = "Whether to keep the rows (`%s`) in state. Default: `true`. With `false`, `%s` is null and not stored, " +
		"which keeps the state small; every page is still read, and every total and breakdown is computed over all records. " +
		"Policies that only need the totals and breakdowns should set it to `false`. Terraform takes at most 256 MiB of state " +
		"from a provider in one answer: a read whose rows would pass it fails, saying so (hundreds of thousands of rows)."
)

// buildSchema is the vendor's attributes with the skeleton's: include_rows,
// the row list, the count, the totals and the breakdowns.
func (def Definition[Args, Client, Record, Row]) buildSchema() schema.Schema {
	// A definition may have no arguments (a balance): Arguments nil.
	attributes := make(map[string]schema.Attribute, len(def.Arguments)+len(def.Computed))
	maps.Copy(attributes, def.Arguments)
	maps.Copy(attributes, def.Computed)
	if rows := def.Rows.Attribute; def.Rows.optional() {
		attributes[IncludeRows] = schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: fmt.Sprintf(includeRowsD, rows, rows),
		}
		attributes[rows] = schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: def.Rows.Description + " An empty list when there are none; null when `include_rows` is `false`.",
			NestedObject:        schema.NestedAttributeObject{Attributes: def.Rows.Attributes},
		}
	} else if def.Rows.present() {
		attributes[rows] = schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: def.Rows.Description + " An empty list when there are none.",
			NestedObject:        schema.NestedAttributeObject{Attributes: def.Rows.Attributes},
		}
	}
	if def.Count != nil {
		attributes[def.Count.Name] = schema.Int64Attribute{Computed: true, MarkdownDescription: def.Count.Description}
	}
	for _, t := range def.Totals {
		attributes[t.Name] = schema.NumberAttribute{
			Computed:            true,
			MarkdownDescription: t.Description + " An exact decimal sum over every record (null amounts add nothing), also with `include_rows = false`; `0` when there are none.",
		}
	}
	for _, b := range def.Breakdowns {
		if b.Currency == nil {
			attributes[b.Name] = schema.MapAttribute{
				Computed:            true,
				ElementType:         types.NumberType,
				MarkdownDescription: b.Description + exactSum + nullKey + emptyWhen,
			}
			continue
		}
		attributes[b.Name] = schema.MapAttribute{
			Computed:            true,
			ElementType:         types.MapType{ElemType: types.NumberType},
			MarkdownDescription: b.Description + perCurrency + exactSum + nullKey + emptyWhen,
		}
	}
	return schema.Schema{MarkdownDescription: strings.TrimSpace(def.Description), Attributes: attributes}
}
