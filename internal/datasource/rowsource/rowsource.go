// Package rowsource is the skeleton every billing data source is built on.
// A vendor's data source declares what is its own: its arguments, how it
// fetches its records, its row schema and mapping, and which totals and
// breakdowns it sums. Everything else is written once, here, the same for
// every vendor: Metadata, Schema (include_rows and the summaries'
// attributes added), Configure, the vendor's client or the error naming a
// missing setting, Read (every record fetched, totals and breakdowns summed
// exactly, rows kept in state or not) and read errors with every
// credential masked. How the records become state is tfstate's.
package rowsource

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// IncludeRows is the argument that keeps the rows out of state.
const IncludeRows = "include_rows"

// Definition is one data source: what is its own and nothing else.
// Args is a struct with a tfsdk-tagged field per argument; Record is what
// the vendor's client returns per record; Row is a struct with a
// tfsdk-tagged attr.Value (or nested slice of such structs) per attribute
// of a row.
type Definition[Args, Client, Record, Row any] struct {
	// TypeName is the data source's full name, e.g. "billing_ocamba_usage".
	TypeName string
	// Description is the data source's Markdown, kept in a description.md
	// beside it; surrounding white space is dropped.
	Description string
	// Arguments are the data source's own arguments; include_rows is added.
	Arguments        map[string]schema.Attribute
	ConfigValidators []datasource.ConfigValidator
	// Client picks the vendor's client, or an error naming the setting it
	// lacks: one of providerdata.Data's accessors, as a method expression.
	Client func(data *providerdata.Data, dataSource string) (Client, error)
	// Fetch reads every record the arguments ask for and hands them to
	// sink as soon as it can (a page at a time where the vendor's client
	// pages, all at once where it cannot), and returns the Computed
	// attributes. Rows kept go to sink.Pages in the API's order; when the
	// state keeps no rows, sink.Fold sums them, a record at a time as the
	// vendor's client decodes them where it can. A read then holds no more
	// than what the state needs: the sums, and the rows when it keeps
	// them. Fetch may fill in the arguments the provider computes
	// (defaults, such as a page size).
	Fetch func(ctx context.Context, api Client, args *Args, sink client.Sink[Record]) (map[string]attr.Value, error)
	// Rows is the row list; left zero, the data source has no rows (one
	// object, such as a balance: its attributes are all Computed).
	Rows Rows[Record, Row]
	// Count, when set, is an attribute holding the number of records.
	Count *Attribute
	// Totals and Breakdowns are exact sums over every record, kept in state
	// whether or not the rows are.
	Totals     []Total[Record]
	Breakdowns []Breakdown[Record]
	// Computed are attributes of the whole response (not of a record) that
	// Fetch returns.
	Computed map[string]schema.Attribute
}

// Rows is the list attribute holding one object per record.
type Rows[Record, Row any] struct {
	Attribute   string // e.g. "usages"
	Description string // what a row is, and its order; the skeleton adds emptiness and include_rows
	Attributes  map[string]schema.Attribute
	Row         func(Record) Row
	// Always keeps the rows in state and offers no include_rows: for
	// lists that are short and are what the data source is read for.
	Always bool
}

// List is a row list that include_rows may leave out of state.
func List[Record, Row any](attribute, description string, attributes map[string]schema.Attribute, row func(Record) Row) Rows[Record, Row] {
	return Rows[Record, Row]{Attribute: attribute, Description: description, Attributes: attributes, Row: row}
}

// ListAlwaysKept is a row list that is always in state: see Rows.Always.
func ListAlwaysKept[Record, Row any](attribute, description string, attributes map[string]schema.Attribute, row func(Record) Row) Rows[Record, Row] {
	rows := List(attribute, description, attributes, row)
	rows.Always = true
	return rows
}

// present is whether the data source has a row list.
func (r Rows[Record, Row]) present() bool { return r.Attribute != "" }

// optional is whether include_rows is offered.
func (r Rows[Record, Row]) optional() bool { return r.present() && !r.Always }

// Attribute names a computed attribute and says what it is.
type Attribute struct {
	Name        string
	Description string
}

// Counted is a Count attribute.
func Counted(name, description string) *Attribute {
	return &Attribute{Name: name, Description: description}
}

// Total is a Number attribute: the exact sum of Amount over every record
// (null amounts add nothing).
type Total[Record any] struct {
	Attribute
	Amount func(Record) tolerant.Number
}

// Breakdown is a map attribute: the exact sum of Amount per Key, and, when
// Currency is set, per currency within each key (a map of maps, so money
// in different currencies is never added together). A record's key is
// counted even when its amount is null, with a sum of 0.
type Breakdown[Record any] struct {
	Attribute
	Key      func(Record) tolerant.String // null sums under ""
	Currency func(Record) tolerant.String // nil: one level, key → sum
	Amount   func(Record) tolerant.Number
}

// Sum is the Total named name: the sum of amount over every record.
func Sum[Record any](name, description string, amount func(Record) tolerant.Number) Total[Record] {
	return Total[Record]{Attribute: Attribute{Name: name, Description: description}, Amount: amount}
}

// By is the one-level Breakdown named name: the sum of amount per key.
func By[Record any](name, description string, key func(Record) tolerant.String, amount func(Record) tolerant.Number) Breakdown[Record] {
	return Breakdown[Record]{Attribute: Attribute{Name: name, Description: description}, Key: key, Amount: amount}
}

// ByThenCurrency is the two-level Breakdown named name: the sum of amount
// per key, then per currency within each key.
func ByThenCurrency[Record any](name, description string, key, currency func(Record) tolerant.String, amount func(Record) tolerant.Number) Breakdown[Record] {
	b := By(name, description, key, amount)
	b.Currency = currency
	return b
}

// ArgumentError is an argument Fetch cannot use. The validators check
// arguments at plan time, so this is only a safety net.
type ArgumentError struct {
	Summary string
	Err     error
}

func (e *ArgumentError) Error() string { return e.Err.Error() }

// Query is the Fetch of a data source whose arguments make one query of
// its vendor's client: query makes it from the arguments (and fills in
// those the provider computes, such as a default it chose), and read
// reads every record it selects. An error from query is an ArgumentError
// under summary.
func Query[Args, Client, Q, Record any](summary string, query func(*Args) (Q, error), read func(Client, context.Context, Q, client.Sink[Record]) error) func(context.Context, Client, *Args, client.Sink[Record]) (map[string]attr.Value, error) {
	return func(ctx context.Context, api Client, args *Args, sink client.Sink[Record]) (map[string]attr.Value, error) {
		q, err := query(args)
		if err != nil {
			return nil, &ArgumentError{Summary: summary, Err: err}
		}
		return nil, read(api, ctx, q, sink)
	}
}

// Object is the Fetch of a data source with no arguments and no rows: one
// object (a balance, an account) that read gets and values turns into the
// Computed attributes.
func Object[Client, Value any](read func(Client, context.Context) (Value, error), values func(Value) map[string]attr.Value) func(context.Context, Client, *struct{}, client.Sink[struct{}]) (map[string]attr.Value, error) {
	return func(ctx context.Context, api Client, _ *struct{}, _ client.Sink[struct{}]) (map[string]attr.Value, error) {
		object, err := read(api, ctx)
		if err != nil {
			return nil, err
		}
		return values(object), nil
	}
}
