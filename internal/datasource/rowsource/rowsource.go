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
	"maps"
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfvalue"
	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
	"github.com/billingtf/terraform-provider-billing/internal/wire"
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
	// Fetch reads every record the arguments ask for and hands them to
	// each, in the API's order, as soon as it can (a page at a time where
	// the vendor's client streams, all at once where it cannot), and
	// returns the Computed attributes. A read then holds no more than what
	// the state needs: the sums, and the rows when it keeps them. Fetch may
	// fill in the arguments the provider computes (defaults, such as a page
	// size).
	Fetch func(ctx context.Context, api Client, args *Args, each func([]Record) error) (map[string]attr.Value, error)
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

// Result is every record of a read, in the API's order, and the values of
// the Definition's Computed attributes: what State and EncodedState store.
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
	// Always keeps the rows in state and offers no include_rows: for
	// lists that are short and are what the data source is read for.
	Always bool
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
	// rows writes a Row as the msgpack of a row object, or rowsErr says
	// why the Row type does not fit the schema (a provider bug).
	rows    *wire.Objects
	rowsErr error
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
	var rows *wire.Objects
	var rowsErr error
	if def.Rows.present() {
		rows, rowsErr = rowObjects[Row](s, def.Rows.Attribute)
	}
	return func() datasource.DataSource {
		return &DataSource[Args, Client, Record, Row]{def: def, schema: s, argumentTypes: argumentTypes, rows: rows, rowsErr: rowsErr}
	}
}

// rowObjects is the writer of Row structs as the objects of the list
// attribute rows.
func rowObjects[Row any](s schema.Schema, rows string) (*wire.Objects, error) {
	objectType, ok := s.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		return nil, errors.New("the schema is not an object")
	}
	list, ok := objectType.AttributeTypes[rows].(tftypes.List)
	if !ok {
		return nil, fmt.Errorf("%s is not a list", rows)
	}
	elements, ok := list.ElementType.(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not a list of objects", rows)
	}
	return wire.ObjectsFor(reflect.TypeFor[Row](), elements)
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
	withRows := d.def.Rows.present() && (d.def.Rows.Always || includeRows(config[IncludeRows]))
	// Served through wire.Server, the rows go from the records straight
	// to the reply's bytes, and the framework checks the rest of the state.
	reply := wire.ReplyFrom(ctx)
	encode := reply != nil && withRows
	c := d.newCollected(withRows && !encode, encode)
	if err := d.fetch(ctx, api, &args, c); err != nil {
		if invalid := (*ArgumentError)(nil); errors.As(err, &invalid) {
			resp.Diagnostics.AddError(invalid.Summary, invalid.Error())
			return
		}
		d.ReadFailed(resp, err)
		return
	}
	if encode {
		summaries, encoded, err := d.encodedState(ctx, args, c)
		if err != nil {
			resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("storing the state of %s: %v", d.def.TypeName, err))
			return
		}
		resp.State.Raw = summaries
		reply.SetState(encoded)
		return
	}
	state, err := d.state(ctx, args, c, withRows)
	if err != nil {
		resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("storing the state of %s: %v", d.def.TypeName, err))
		return
	}
	resp.State.Raw = state
}

// fetch reads every record into c.
func (d *DataSource[Args, Client, Record, Row]) fetch(ctx context.Context, api Client, args *Args, c *collected[Record]) error {
	attributes, err := d.def.Fetch(ctx, api, args, func(records []Record) error {
		d.collect(c, records)
		return nil
	})
	c.attributes = attributes
	return err
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

// collected is what a read keeps of its records: always their sums, and
// the rows when the state keeps them, either as records (to make their
// tftypes values) or as their msgpack (through wire.Server).
type collected[Record any] struct {
	count       int
	totals      []tfvalue.Total
	breakdowns  []breakdownSums
	keepRecords bool
	records     []Record
	// encode: the rows' objects are written, a batch of records (a page)
	// to a buffer of its own, sized from the batch's first row, so that no
	// buffer grows by copying itself; the state's buffer takes them all.
	encode     bool
	rows       []*wire.Writer
	rowsLen    int
	attributes map[string]attr.Value
}

// breakdownSums are one breakdown's sums: by key, or by key then currency.
type breakdownSums struct {
	byKey         tfvalue.Totals
	byKeyCurrency map[string]tfvalue.Totals
}

func (d *DataSource[Args, Client, Record, Row]) newCollected(keepRecords, encode bool) *collected[Record] {
	c := &collected[Record]{
		totals:      make([]tfvalue.Total, len(d.def.Totals)),
		breakdowns:  make([]breakdownSums, len(d.def.Breakdowns)),
		keepRecords: keepRecords,
	}
	for i := range c.breakdowns {
		c.breakdowns[i] = breakdownSums{byKey: tfvalue.Totals{}, byKeyCurrency: map[string]tfvalue.Totals{}}
	}
	c.encode = encode && d.rowsErr == nil
	return c
}

// collect adds records to c: to the sums, and to the rows c keeps.
func (d *DataSource[Args, Client, Record, Row]) collect(c *collected[Record], records []Record) {
	c.count += len(records)
	for i, t := range d.def.Totals {
		for _, r := range records {
			c.totals[i].Add(t.Amount(r))
		}
	}
	for i, b := range d.def.Breakdowns {
		sums := c.breakdowns[i]
		for _, r := range records {
			key := b.Key(r).Text()
			if b.Currency == nil {
				sums.byKey.Add(key, b.Amount(r))
				continue
			}
			totals, ok := sums.byKeyCurrency[key]
			if !ok {
				totals = tfvalue.Totals{}
				sums.byKeyCurrency[key] = totals
			}
			totals.Add(b.Currency(r).Text(), b.Amount(r))
		}
	}
	if c.keepRecords {
		c.records = append(c.records, records...)
	}
	if c.encode && len(records) > 0 {
		c.rows = append(c.rows, d.encodeRows(records))
		c.rowsLen += c.rows[len(c.rows)-1].Len()
	}
}

// encodeRows writes the row objects of records to a buffer of their own.
func (d *DataSource[Args, Client, Record, Row]) encodeRows(records []Record) *wire.Writer {
	var row Row
	value := reflect.ValueOf(&row).Elem()
	w := wire.NewWriter(4096)
	for i, r := range records {
		row = d.def.Rows.Row(r)
		d.rows.Write(w, value)
		if i == 0 {
			// Room for every row at a quarter more than the first's size.
			w.Grow(w.Len() * len(records) * 5 / 4)
		}
	}
	return w
}

// State is the state a read stores: the arguments (with what Fetch filled
// in), include_rows, the rows or null, and every summary over every record.
func (d *DataSource[Args, Client, Record, Row]) State(ctx context.Context, args Args, result Result[Record], withRows bool) (tftypes.Value, error) {
	c := d.newCollected(withRows, false)
	d.collect(c, result.Records)
	c.attributes = result.Attributes
	return d.state(ctx, args, c, withRows)
}

func (d *DataSource[Args, Client, Record, Row]) state(ctx context.Context, args Args, c *collected[Record], withRows bool) (tftypes.Value, error) {
	objectType, values, err := d.summaries(ctx, args, c, withRows)
	if err != nil {
		return tftypes.Value{}, err
	}
	if withRows {
		def := d.def
		rows := make([]Row, len(c.records))
		for i, r := range c.records {
			rows[i] = def.Rows.Row(r)
		}
		if values[def.Rows.Attribute], err = tfvalue.List(ctx, objectType.AttributeTypes[def.Rows.Attribute], reflect.ValueOf(rows)); err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", def.Rows.Attribute, err)
		}
	}
	return tftypes.NewValue(objectType, values), nil
}

// encodedState is the state that state() makes with the rows, as the msgpack
// terraform-plugin-go would write of it, written without making the rows'
// Terraform values: each row went from its record to bytes as it was
// collected. The other attributes are few and small, and are written by
// terraform-plugin-go itself. It also returns the state without the rows
// (null), for the framework's own checks of the read.
func (d *DataSource[Args, Client, Record, Row]) encodedState(ctx context.Context, args Args, c *collected[Record]) (tftypes.Value, []byte, error) {
	if d.rowsErr != nil {
		return tftypes.Value{}, nil, fmt.Errorf("%s: %w", d.def.Rows.Attribute, d.rowsErr)
	}
	objectType, values, err := d.summaries(ctx, args, c, true)
	if err != nil {
		return tftypes.Value{}, nil, err
	}
	names := slices.Sorted(maps.Keys(objectType.AttributeTypes))
	w := wire.NewWriter(c.rowsLen + 4096)
	w.MapLen(len(names))
	for _, name := range names {
		w.String(name)
		if name == d.def.Rows.Attribute {
			w.ArrayLen(c.count)
			for i, rows := range c.rows {
				w.Raw(rows.Bytes())
				c.rows[i] = nil // each batch can go once copied
			}
			continue
		}
		value, err := tfprotov6.NewDynamicValue(objectType.AttributeTypes[name], values[name])
		if err != nil {
			return tftypes.Value{}, nil, fmt.Errorf("%s: %w", name, err)
		}
		w.Raw(value.MsgPack)
	}
	return tftypes.NewValue(objectType, values), w.Bytes(), nil
}

// summaries are the state's attributes with the rows null: the arguments
// (with what Fetch filled in), include_rows, and every summary over every
// record.
func (d *DataSource[Args, Client, Record, Row]) summaries(ctx context.Context, args Args, c *collected[Record], withRows bool) (tftypes.Object, map[string]tftypes.Value, error) {
	objectType, ok := d.schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return tftypes.Object{}, nil, errors.New("the schema is not an object")
	}
	values := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
	argsValue, diags := types.ObjectValueFrom(ctx, d.argumentTypes, args)
	if diags.HasError() {
		return tftypes.Object{}, nil, fmt.Errorf("arguments: %v", diags)
	}
	argsTerraform, err := argsValue.ToTerraformValue(ctx)
	if err != nil {
		return tftypes.Object{}, nil, err
	}
	if err := argsTerraform.As(&values); err != nil {
		return tftypes.Object{}, nil, err
	}
	def := d.def
	if def.Rows.optional() {
		values[IncludeRows] = tftypes.NewValue(tftypes.Bool, withRows)
	}
	if def.Rows.present() {
		values[def.Rows.Attribute] = tftypes.NewValue(objectType.AttributeTypes[def.Rows.Attribute], nil)
	}
	if def.Count != nil {
		values[def.Count.Name] = tftypes.NewValue(tftypes.Number, c.count)
	}
	for i, t := range def.Totals {
		values[t.Name] = c.totals[i].Terraform()
	}
	for i, b := range def.Breakdowns {
		values[b.Name] = c.breakdowns[i].terraform(b.Currency != nil)
	}
	for name := range def.Computed {
		value, ok := c.attributes[name]
		if !ok {
			return tftypes.Object{}, nil, fmt.Errorf("fetch returned no %s", name)
		}
		if values[name], err = value.ToTerraformValue(ctx); err != nil {
			return tftypes.Object{}, nil, fmt.Errorf("%s: %w", name, err)
		}
		// tftypes.NewValue panics on a mismatch; a provider bug must be an
		// error, never a crash.
		if want := objectType.AttributeTypes[name]; !values[name].Type().Equal(want) {
			return tftypes.Object{}, nil, fmt.Errorf("fetch returned %s as a %s, but the schema says %s", name, values[name].Type(), want)
		}
	}
	return objectType, values, nil
}

// terraform is the breakdown as a Terraform map (of maps, per currency).
func (b breakdownSums) terraform(perCurrency bool) tftypes.Value {
	if !perCurrency {
		return b.byKey.Terraform()
	}
	values := make(map[string]tftypes.Value, len(b.byKeyCurrency))
	for key, totals := range b.byKeyCurrency {
		values[key] = totals.Terraform()
	}
	return tftypes.NewValue(tftypes.Map{ElementType: tfvalue.NumberMapType}, values)
}

// Store builds the state of records read with no arguments set as a read
// served through wire.Server does (the rows encoded straight to msgpack):
// the last step of a read, for benchmarks.
func (d *DataSource[Args, Client, Record, Row]) Store(ctx context.Context, records []Record, withRows bool) error {
	var args Args
	result, err := d.benchmarkResult(ctx, records)
	if err != nil {
		return err
	}
	if withRows {
		c := d.newCollected(false, true)
		d.collect(c, result.Records)
		c.attributes = result.Attributes
		_, _, err := d.encodedState(ctx, args, c)
		return err
	}
	_, err = d.State(ctx, args, result, withRows)
	return err
}

// benchmarkResult is records as a fetch would return them, with null
// response-level attributes.
func (d *DataSource[Args, Client, Record, Row]) benchmarkResult(ctx context.Context, records []Record) (Result[Record], error) {
	result := Result[Record]{Records: records, Attributes: map[string]attr.Value{}}
	for name, a := range d.def.Computed {
		t := a.GetType()
		null, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
		if err != nil {
			return result, err
		}
		result.Attributes[name] = null
	}
	return result, nil
}

// FrameworkStore builds the same state as the framework's path does, as
// tftypes values, and encodes it as terraform-plugin-go does: for
// benchmarks, the least the framework's path costs (it also walks the
// state twice more before it encodes it).
func (d *DataSource[Args, Client, Record, Row]) FrameworkStore(ctx context.Context, records []Record) error {
	var args Args
	result, err := d.benchmarkResult(ctx, records)
	if err != nil {
		return err
	}
	state, err := d.State(ctx, args, result, true)
	if err != nil {
		return err
	}
	_, err = tfprotov6.NewDynamicValue(state.Type(), state)
	return err
}
