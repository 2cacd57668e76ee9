package functions

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// The arguments' positions, for errors that name the argument at fault.
const (
	rowsArgument  = 0
	keyArgument   = 1
	valueArgument = 2
)

// newSumBy is provider::billing::sum_by.
var newSumBy = newFunction("sum_by", sumByDefinition, runSumBy)

var sumByDefinition = function.Definition{
	Summary: "Exact decimal sums of a number attribute, grouped by a string attribute",
	Parameters: []function.Parameter{
		function.DynamicParameter{
			Name:           "rows",
			AllowNullValue: true, // to say why null rows cannot be summed
			MarkdownDescription: "A list, set or tuple of objects, e.g. `data.billing_truewatch_details.october.details` " +
				"or a literal `[{ app = \"a\", cost = 1.5 }]`. Rows in several currencies are summed per currency " +
				"only if `key` is the currency: filter them to one currency first.",
		},
		function.StringParameter{
			Name:                "key",
			MarkdownDescription: "The name of the string attribute to group by, e.g. `\"measurement\"`.",
		},
		function.StringParameter{
			Name:                "value",
			MarkdownDescription: "The name of the number attribute to add, e.g. `\"billing_result\"`.",
		},
	},
	Return: function.MapReturn{ElementType: types.NumberType},
}

func runSumBy(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var rows types.Dynamic
	var key, value string
	resp.Error = req.Arguments.Get(ctx, &rows, &key, &value)
	if resp.Error != nil {
		return
	}
	sums, known, err := sumBy(ctx, rows, key, value)
	if err != nil {
		resp.Error = err
		return
	}
	if !known {
		resp.Error = resp.Result.Set(ctx, types.MapUnknown(types.NumberType))
		return
	}
	values := make(map[string]attr.Value, len(sums))
	for _, k := range slices.Sorted(maps.Keys(sums)) {
		if resp.Error = tooPrecise(fmt.Sprintf("the sum of %q", k), sums[k]); resp.Error != nil {
			return
		}
		values[k] = tfstate.Decimal(sums[k])
	}
	resp.Error = resp.Result.Set(ctx, types.MapValueMust(types.NumberType, values))
}

// sumBy adds each row's value attribute under its key attribute. known is
// false when a row, key or value is not known yet (during a plan).
func sumBy(ctx context.Context, rows types.Dynamic, key, value string) (sums map[string]decimal.Decimal, known bool, err *function.FuncError) {
	if rows.IsUnknown() || rows.IsUnderlyingValueUnknown() {
		return nil, false, nil
	}
	if rows.IsNull() || rows.IsUnderlyingValueNull() {
		return nil, false, function.NewArgumentFuncError(rowsArgument,
			"rows is null, so there is nothing to sum. A data source read with include_rows = false "+
				"keeps no rows: use its breakdown attributes instead, or set include_rows = true")
	}
	elements, elementType, ok := listOf(ctx, rows.UnderlyingValue())
	if !ok {
		return nil, false, function.NewArgumentFuncError(rowsArgument, fmt.Sprintf(
			"rows must be a list, set or tuple of objects, not %s", typeName(ctx, rows.UnderlyingValue().Type(ctx))))
	}
	// A list's element type names its attributes even when it is empty, so
	// a misspelt name fails whatever the data.
	if objectType, ok := elementType.(basetypes.ObjectType); ok {
		if err := checkAttributes(ctx, "the rows", objectType.AttrTypes, key, value); err != nil {
			return nil, false, err
		}
	}
	sums = make(map[string]decimal.Decimal)
	for i, element := range elements {
		element = underlying(element)
		if element.IsUnknown() {
			return nil, false, nil
		}
		if element.IsNull() {
			continue
		}
		row, ok := element.(basetypes.ObjectValue)
		if !ok {
			return nil, false, function.NewArgumentFuncError(rowsArgument, fmt.Sprintf(
				"rows[%d] is %s, not an object: rows must be a list, set or tuple of objects", i, typeName(ctx, element.Type(ctx))))
		}
		name := fmt.Sprintf("rows[%d]", i)
		attributes := row.Attributes()
		if err := checkAttributes(ctx, name, row.AttributeTypes(ctx), key, value); err != nil {
			return nil, false, err
		}
		k, v := underlying(attributes[key]), underlying(attributes[value])
		if k.IsUnknown() || v.IsUnknown() {
			return nil, false, nil
		}
		group := ""
		if !k.IsNull() {
			s, ok := k.(basetypes.StringValue)
			if !ok {
				return nil, false, function.NewArgumentFuncError(keyArgument, fmt.Sprintf(
					"%s.%s is %s: key must name a string attribute", name, key, typeName(ctx, k.Type(ctx))))
			}
			group = s.ValueString()
		}
		sum := sums[group]
		if !v.IsNull() {
			n, ok := v.(basetypes.NumberValue)
			if !ok {
				return nil, false, function.NewArgumentFuncError(valueArgument, fmt.Sprintf(
					"%s.%s is %s: value must name a number attribute", name, value, typeName(ctx, v.Type(ctx))))
			}
			d, err := decimalOf(n.ValueBigFloat())
			if err != nil {
				return nil, false, function.NewArgumentFuncError(valueArgument, fmt.Sprintf(
					"%s.%s %v: only finite numbers can be added", name, value, err))
			}
			sum = sum.Add(d)
		}
		sums[group] = sum
	}
	return sums, true, nil
}

// listOf is the elements of a list, set or tuple, and the type of every
// element (nil for a tuple, whose elements may each have their own).
func listOf(ctx context.Context, v attr.Value) (elements []attr.Value, elementType attr.Type, ok bool) {
	switch v := v.(type) {
	case basetypes.ListValue:
		return v.Elements(), v.ElementType(ctx), true
	case basetypes.SetValue:
		return v.Elements(), v.ElementType(ctx), true
	case basetypes.TupleValue:
		return v.Elements(), nil, true
	}
	return nil, nil, false
}

// checkAttributes fails when key or value is not an attribute of the rows
// described as what, or has a type that cannot be a key or a value.
func checkAttributes(ctx context.Context, what string, attributes map[string]attr.Type, key, value string) *function.FuncError {
	for _, a := range []struct {
		position int64
		argument string
		name     string
		want     attr.Type
	}{
		{keyArgument, "key", key, types.StringType},
		{valueArgument, "value", value, types.NumberType},
	} {
		t, ok := attributes[a.name]
		if !ok {
			return function.NewArgumentFuncError(a.position, fmt.Sprintf(
				"%s %q is not an attribute of %s, whose attributes are: %s", a.argument, a.name, what, names(attributes)))
		}
		if _, dynamic := t.(basetypes.DynamicType); !dynamic && !t.Equal(a.want) {
			return function.NewArgumentFuncError(a.position, fmt.Sprintf(
				"%s %q is %s attribute of %s: %s must name %s attribute",
				a.argument, a.name, article(typeName(ctx, t)), what, a.argument, article(typeName(ctx, a.want))))
		}
	}
	return nil
}

// underlying unwraps a value whose type is only known when it is read,
// such as an attribute that is null in a literal object.
func underlying(v attr.Value) attr.Value {
	if d, ok := v.(basetypes.DynamicValue); ok && !d.IsNull() && !d.IsUnknown() {
		return d.UnderlyingValue()
	}
	return v
}

func names(attributes map[string]attr.Type) string {
	list := make([]string, 0, len(attributes))
	for name := range attributes {
		list = append(list, name)
	}
	sort.Strings(list)
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// typeName is a type as Terraform users write it.
func typeName(ctx context.Context, t attr.Type) string {
	switch t.(type) {
	case basetypes.StringType:
		return "string"
	case basetypes.NumberType:
		return "number"
	case basetypes.BoolType:
		return "bool"
	case basetypes.ListType:
		return "list"
	case basetypes.SetType:
		return "set"
	case basetypes.TupleType:
		return "tuple"
	case basetypes.MapType:
		return "map"
	case basetypes.ObjectType:
		return "object"
	case basetypes.DynamicType:
		return "dynamic"
	}
	return t.TerraformType(ctx).String()
}

func article(noun string) string {
	if strings.ContainsAny(noun[:1], "aeiou") {
		return "an " + noun
	}
	return "a " + noun
}
