package rowsource

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/client"
	"github.com/billingtf/terraform-provider-billing/internal/providerdata"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// DataSource is a Definition served as a framework data source.
type DataSource[Args, Client, Record, Row any] struct {
	providerdata.Configured
	def    Definition[Args, Client, Record, Row]
	schema schema.Schema
	shape  *tfstate.Shape[Record]
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
	shape := def.Shape()
	argumentTypes := make(map[string]attr.Type, len(def.Arguments))
	for name, a := range def.Arguments {
		argumentTypes[name] = a.GetType()
	}
	return func() datasource.DataSource {
		return &DataSource[Args, Client, Record, Row]{def: def, schema: s, shape: shape, argumentTypes: argumentTypes}
	}
}

// Shape is how the data source's state holds its records.
func (def Definition[Args, Client, Record, Row]) Shape() *tfstate.Shape[Record] {
	object, _ := def.buildSchema().Type().TerraformType(context.Background()).(tftypes.Object)
	layout := tfstate.Layout[Record, Row]{Rows: def.Rows.Attribute, Row: def.Rows.Row}
	if def.Count != nil {
		layout.Count = def.Count.Name
	}
	for _, t := range def.Totals {
		layout.Totals = append(layout.Totals, tfstate.Sum[Record]{Name: t.Name, Amount: t.Amount})
	}
	for _, b := range def.Breakdowns {
		layout.Breakdowns = append(layout.Breakdowns, tfstate.Breakdown[Record]{Name: b.Name, Key: b.Key, Currency: b.Currency, Amount: b.Amount})
	}
	return tfstate.NewShape(object, layout)
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
	api, err := d.def.Client(d.Provider(), d.def.TypeName)
	if unknown := (*providerdata.UnknownSettingError)(nil); errors.As(err, &unknown) {
		resp.Diagnostics.Append(unknown.Diagnostics()...)
		return
	}
	if err != nil {
		summary := "Missing provider settings"
		if missing := (*providerdata.MissingSettingError)(nil); errors.As(err, &missing) {
			summary = missing.Summary()
		}
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	withRows := d.def.Rows.present() && (d.def.Rows.Always || includeRows(config[IncludeRows]))
	read := d.shape.NewRead(ctx, withRows)
	if d.Data != nil && d.Data.Core != nil {
		secrets := d.Data.Core.Secrets()
		read.Refusing(func(state []byte) error {
			if secrets.AppearSpelled(state) {
				return credentialInAnswer{}
			}
			return nil
		})
	}
	sink := client.Sink[Record]{Pages: func(records []Record) error {
		read.Add(records)
		return nil
	}}
	if !withRows {
		sink.Fold = func() (func(*Record) error, func()) {
			part := read.Part()
			return part.Add, part.Join
		}
	}
	computed, err := d.def.Fetch(ctx, api, &args, sink)
	if err != nil {
		if invalid := (*ArgumentError)(nil); errors.As(err, &invalid) {
			resp.Diagnostics.AddError(invalid.Summary, invalid.Error())
			return
		}
		d.ReadFailed(resp, err)
		return
	}
	given, err := d.given(ctx, args, withRows, computed)
	if err == nil {
		err = read.Store(ctx, given, &resp.State)
	}
	// A state Terraform cannot take (a sum beyond its precision, a state
	// beyond its size) is refused in words of its own.
	var refused interface {
		error
		Summary() string
	}
	switch {
	case errors.As(err, &refused):
		resp.Diagnostics.AddError(refused.Summary(), fmt.Sprintf("%s: %v.", d.def.TypeName, err))
	case err != nil:
		resp.Diagnostics.AddError("Provider bug", fmt.Sprintf("storing the state of %s: %v", d.def.TypeName, err))
	}
}

// credentialInAnswer is an answer that echoes a credential into a field
// the state would keep: no credential is ever written to state.
type credentialInAnswer struct{}

// Summary is the diagnostic's summary.
func (credentialInAnswer) Summary() string { return "Credential in an answer" }

func (credentialInAnswer) Error() string {
	return "the answer holds a credential the provider was configured with, in a field that would be kept in state; the state is not written"
}

// includeRows is the include_rows argument: true unless set to false.
func includeRows(v tftypes.Value) bool {
	var include bool
	if !v.IsKnown() || v.IsNull() || v.As(&include) != nil {
		return true
	}
	return include
}
