// Package rowsource is the skeleton every billing data source is built on.
// A vendor's data source declares what is its own: its arguments, how it
// fetches its records, its row schema and mapping, and which totals and
// breakdowns it sums. Everything else is written once, here, the same for
// every vendor: Metadata, Schema (include_rows and the summaries'
// attributes added), Configure, the vendor's client or the error naming a
// missing setting, Read (every record fetched, totals and breakdowns summed
// exactly, rows kept in state or not), the state itself, and read errors
// with every credential masked.
package rowsource

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
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
	TypeName    string
	Description string
	// Arguments are the data source's own arguments; include_rows is added.
	Arguments        map[string]schema.Attribute
	ConfigValidators []datasource.ConfigValidator
	// Client picks the vendor's client, or an error naming the setting it
	// lacks: one of providerdata.Data's accessors, as a method expression.
	Client func(data *providerdata.Data, dataSource string) (Client, error)
	// Fetch reads every record the arguments ask for. It may fill in the
	// arguments the provider computes (defaults, such as a page size).
	Fetch func(ctx context.Context, api Client, args *Args) (Result[Record], error)
	Rows  Rows[Record, Row]
	// Count, when set, is an attribute holding the number of records.
	Count *Attribute
	// Totals and Breakdowns are exact sums over every record, kept in state
	// whether or not the rows are.
	Totals     []Total[Record]
	Breakdowns []Breakdown[Record]
	// Computed are attributes of the whole response (not of a record) that
	// Fetch returns in Result.Attributes.
	Computed map[string]schema.Attribute
}

// Result is what Fetch read: every record, in the API's order, and the
// values of the Definition's Computed attributes.
type Result[Record any] struct {
	Records    []Record
	Attributes map[string]attr.Value
}

// Rows is the list attribute holding one object per record.
type Rows[Record, Row any] struct {
	Attribute   string // e.g. "usages"
	Description string // what a row is, and its order; the skeleton adds emptiness and include_rows
	Attributes  map[string]schema.Attribute
	Row         func(Record) Row
}

// Attribute names a computed attribute and says what it is.
type Attribute struct {
	Name        string
	Description string
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

// ArgumentError is an argument Fetch cannot use. The validators check
// arguments at plan time, so this is only a safety net.
type ArgumentError struct {
	Summary string
	Err     error
}

func (e *ArgumentError) Error() string { return e.Err.Error() }

// DataSource is a Definition served as a framework data source.
type DataSource[Args, Client, Record, Row any] struct {
	providerdata.Configured
	def    Definition[Args, Client, Record, Row]
	schema schema.Schema
	// argumentTypes are the Args attributes' types, for moving arguments
	// between the configuration and an Args.
	argumentTypes map[string]attr.Type
}

var (
	_ datasource.DataSourceWithConfigure        = (*DataSource[struct{}, any, any, struct{}])(nil)
	_ datasource.DataSourceWithConfigValidators = (*DataSource[struct{}, any, any, struct{}])(nil)
)

// New returns the constructor the provider registers.
func New[Args, Client, Record, Row any](def Definition[Args, Client, Record, Row]) func() datasource.DataSource {
	s := def.buildSchema()
	argumentTypes := make(map[string]attr.Type, len(def.Arguments))
	for name, a := range def.Arguments {
		argumentTypes[name] = a.GetType()
	}
	return func() datasource.DataSource {
		return &DataSource[Args, Client, Record, Row]{def: def, schema: s, argumentTypes: argumentTypes}
	}
}

// Metadata names the data source.
func (d *DataSource[Args, Client, Record, Row]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.def.TypeName
}

// Schema is the vendor's attributes and the skeleton's.
func (d *DataSource[Args, Client, Record, Row]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema
}

// ConfigValidators are the vendor's.
func (d *DataSource[Args, Client, Record, Row]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.def.ConfigValidators
}

// Read fetches every record and stores the arguments, the rows (unless
// include_rows is false) and the summaries.
func (d *DataSource[Args, Client, Record, Row]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("the configuration of %s is not an object: %v", d.def.TypeName, err))
		return
	}
	args, err := d.arguments(ctx, config)
	if err != nil {
		resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("reading the arguments of %s: %v", d.def.TypeName, err))
		return
	}
	api, err := d.def.Client(d.Data, d.def.TypeName)
	if err != nil {
		summary := "Missing provider settings"
		if missing := (*providerdata.MissingSettingError)(nil); errors.As(err, &missing) {
			summary = missing.Summary()
		}
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	result, err := d.def.Fetch(ctx, api, &args)
	if err != nil {
		if invalid := (*ArgumentError)(nil); errors.As(err, &invalid) {
			resp.Diagnostics.AddError(invalid.Summary, invalid.Error())
			return
		}
		d.ReadFailed(resp, err)
		return
	}
	state, err := d.State(ctx, args, result, includeRows(config[IncludeRows]))
	if err != nil {
		resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("storing the state of %s: %v", d.def.TypeName, err))
		return
	}
	resp.State.Raw = state
}

// includeRows is the include_rows argument: true unless set to false.
func includeRows(v tftypes.Value) bool {
	var include bool
	if !v.IsKnown() || v.IsNull() || v.As(&include) != nil {
		return true
	}
	return include
}

// arguments reads the Args attributes of the configuration into an Args.
func (d *DataSource[Args, Client, Record, Row]) arguments(ctx context.Context, config map[string]tftypes.Value) (Args, error) {
	var args Args
	objectType := types.ObjectType{AttrTypes: d.argumentTypes}
	values := make(map[string]tftypes.Value, len(d.argumentTypes))
	for name := range d.argumentTypes {
		values[name] = config[name]
	}
	object, err := objectType.ValueFromTerraform(ctx, tftypes.NewValue(objectType.TerraformType(ctx), values))
	if err != nil {
		return args, err
	}
	//nolint:forcetypeassert // an ObjectType makes ObjectValues
	if diags := object.(basetypes.ObjectValue).As(ctx, &args, basetypes.ObjectAsOptions{}); diags.HasError() {
		return args, fmt.Errorf("%v", diags)
	}
	return args, nil
}

// State is the state a read stores: the arguments (with what Fetch filled
// in), include_rows, the rows or null, and every summary over every record.
func (d *DataSource[Args, Client, Record, Row]) State(ctx context.Context, args Args, result Result[Record], withRows bool) (tftypes.Value, error) {
	objectType, ok := d.schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return tftypes.Value{}, errors.New("the schema is not an object")
	}
	values := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
	argsValue, diags := types.ObjectValueFrom(ctx, d.argumentTypes, args)
	if diags.HasError() {
		return tftypes.Value{}, fmt.Errorf("arguments: %v", diags)
	}
	argsTerraform, err := argsValue.ToTerraformValue(ctx)
	if err != nil {
		return tftypes.Value{}, err
	}
	if err := argsTerraform.As(&values); err != nil {
		return tftypes.Value{}, err
	}
	values[IncludeRows] = tftypes.NewValue(tftypes.Bool, withRows)

	def := d.def
	rowsType := objectType.AttributeTypes[def.Rows.Attribute]
	if withRows {
		rows := make([]Row, len(result.Records))
		for i, r := range result.Records {
			rows[i] = def.Rows.Row(r)
		}
		if values[def.Rows.Attribute], err = tfvalue.List(ctx, rowsType, reflect.ValueOf(rows)); err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", def.Rows.Attribute, err)
		}
	} else {
		values[def.Rows.Attribute] = tftypes.NewValue(rowsType, nil)
	}
	if def.Count != nil {
		values[def.Count.Name] = tftypes.NewValue(tftypes.Number, len(result.Records))
	}
	for _, t := range def.Totals {
		values[t.Name] = sumOf(result.Records, t.Amount)
	}
	for _, b := range def.Breakdowns {
		values[b.Name] = b.sum(result.Records)
	}
	for name := range def.Computed {
		value, ok := result.Attributes[name]
		if !ok {
			return tftypes.Value{}, fmt.Errorf("fetch returned no %s", name)
		}
		if values[name], err = value.ToTerraformValue(ctx); err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		// tftypes.NewValue below panics on a mismatch; a provider bug must
		// be an error, never a crash.
		if want := objectType.AttributeTypes[name]; !values[name].Type().Equal(want) {
			return tftypes.Value{}, fmt.Errorf("fetch returned %s as a %s, but the schema says %s", name, values[name].Type(), want)
		}
	}
	return tftypes.NewValue(objectType, values), nil
}

// sumOf is the exact sum of amount over records.
func sumOf[Record any](records []Record, amount func(Record) tolerant.Number) tftypes.Value {
	var total tfvalue.Total
	for _, r := range records {
		total.Add(amount(r))
	}
	return total.Terraform()
}

// sum is the breakdown over records, as a Terraform map (of maps).
func (b Breakdown[Record]) sum(records []Record) tftypes.Value {
	if b.Currency == nil {
		totals := tfvalue.Totals{}
		for _, r := range records {
			totals.Add(b.Key(r).Text(), b.Amount(r))
		}
		return totals.Terraform()
	}
	byKey := map[string]tfvalue.Totals{}
	for _, r := range records {
		key := b.Key(r).Text()
		totals, ok := byKey[key]
		if !ok {
			totals = tfvalue.Totals{}
			byKey[key] = totals
		}
		totals.Add(b.Currency(r).Text(), b.Amount(r))
	}
	values := make(map[string]tftypes.Value, len(byKey))
	for key, totals := range byKey {
		values[key] = totals.Terraform()
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tfvalue.NumberMapType}, values)
}

// Store builds the state of records read with no arguments set and null
// response-level attributes: the last step of a read, for benchmarks.
func (d *DataSource[Args, Client, Record, Row]) Store(ctx context.Context, records []Record, withRows bool) error {
	var args Args
	result := Result[Record]{Records: records, Attributes: map[string]attr.Value{}}
	for name, a := range d.def.Computed {
		t := a.GetType()
		null, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
		if err != nil {
			return err
		}
		result.Attributes[name] = null
	}
	_, err := d.State(ctx, args, result, withRows)
	return err
}
