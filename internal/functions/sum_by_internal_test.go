package functions

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Terraform gives an attribute a dynamic type only when it is null, so a
// dynamic attribute holding a value of the wrong type cannot be written in
// a configuration; the function must still refuse it rather than panic.
func TestSumByChecksTheTypeOfDynamicAttributes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	row := func(key, value attr.Value) types.Dynamic {
		attributeTypes := map[string]attr.Type{"app": types.DynamicType, "cost": types.DynamicType}
		object := types.ObjectValueMust(attributeTypes, map[string]attr.Value{"app": key, "cost": value})
		return types.DynamicValue(types.TupleValueMust([]attr.Type{object.Type(ctx)}, []attr.Value{object}))
	}
	for _, c := range []struct {
		name     string
		rows     types.Dynamic
		argument int64
		text     string
	}{
		{"key", row(types.DynamicValue(types.BoolValue(true)), types.DynamicValue(types.NumberValue(big.NewFloat(1)))),
			keyArgument, "rows[0].app is bool: key must name a string attribute"},
		{"value", row(types.DynamicValue(types.StringValue("a")), types.DynamicValue(types.StringValue("1"))),
			valueArgument, "rows[0].cost is string: value must name a number attribute"},
	} {
		_, _, err := sumBy(ctx, c.rows, "app", "cost")
		if err == nil || err.FunctionArgument == nil || *err.FunctionArgument != c.argument || err.Text != c.text {
			t.Errorf("%s: got %+v, want argument %d: %s", c.name, err, c.argument, c.text)
		}
	}
	// And values of the right types are summed.
	sums, known, err := sumBy(ctx, row(types.DynamicValue(types.StringValue("a")), types.DynamicValue(types.NumberValue(big.NewFloat(0.5)))), "app", "cost")
	if err != nil || !known || sums["a"].String() != "0.5" {
		t.Errorf("got %v, %t, %v; want a = 0.5", sums, known, err)
	}
}

// Terraform does not call the function with unknown values (the
// parameters do not allow them); should it, the result is unknown, never a
// partial sum.
func TestSumByOfUnknownValuesIsUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	objectType := types.ObjectType{AttrTypes: map[string]attr.Type{"app": types.StringType, "cost": types.NumberType}}
	for name, rows := range map[string]types.Dynamic{
		"rows": types.DynamicUnknown(),
		"row":  types.DynamicValue(types.ListValueMust(objectType, []attr.Value{types.ObjectUnknown(objectType.AttrTypes)})),
		"value": types.DynamicValue(types.ListValueMust(objectType, []attr.Value{types.ObjectValueMust(objectType.AttrTypes,
			map[string]attr.Value{"app": types.StringValue("a"), "cost": types.NumberUnknown()})})),
	} {
		if _, known, err := sumBy(ctx, rows, "app", "cost"); known || err != nil {
			t.Errorf("unknown %s: known %t, error %v; want unknown", name, known, err)
		}
	}
}
