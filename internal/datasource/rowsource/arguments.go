package rowsource

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

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

// given are the state's attributes that are not the records': the
// arguments (with what Fetch filled in), include_rows, and the Computed
// attributes Fetch returned.
func (d *DataSource[Args, Client, Record, Row]) given(ctx context.Context, args Args, withRows bool, computed map[string]attr.Value) (map[string]tftypes.Value, error) {
	argsValue, diags := types.ObjectValueFrom(ctx, d.argumentTypes, args)
	if diags.HasError() {
		return nil, fmt.Errorf("arguments: %v", diags)
	}
	argsTerraform, err := argsValue.ToTerraformValue(ctx)
	if err != nil {
		return nil, err
	}
	values := make(map[string]tftypes.Value, len(d.argumentTypes)+len(d.def.Computed)+1)
	if err := argsTerraform.As(&values); err != nil {
		return nil, err
	}
	if d.def.Rows.optional() {
		values[IncludeRows] = tftypes.NewValue(tftypes.Bool, withRows)
	}
	for name := range d.def.Computed {
		value, ok := computed[name]
		if !ok {
			return nil, fmt.Errorf("fetch returned no %s", name)
		}
		if values[name], err = value.ToTerraformValue(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := d.shape.Type().AttributeTypes[name]; !values[name].Type().Equal(want) {
			return nil, fmt.Errorf("fetch returned %s as a %s, but the schema says %s", name, values[name].Type(), want)
		}
	}
	return values, nil
}
