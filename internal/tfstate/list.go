package tfstate

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// List converts rows, a slice of tfsdk-tagged structs (fields of
// attr.Values, tolerant values, or slices of such structs), to a list of
// objects of type t; a nil slice is a null list, as state.Set makes it.
//
// It is what the framework's state.Set does for such a slice, except that
// state.Set converts one field at a time, compiling a regular expression
// for every field of every row: about 1 ms per Ocamba row, over 95% of a
// read's CPU. Here each row type's fields are mapped to attributes once,
// and rows are built straight into Terraform values. A test compares the
// two.
func List(ctx context.Context, t tftypes.Type, rows reflect.Value) (tftypes.Value, error) {
	listType, ok := t.(tftypes.List)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("the attribute is a %s, not a list", t)
	}
	if rows.IsNil() {
		return tftypes.NewValue(listType, nil), nil
	}
	objectType, ok := listType.ElementType.(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("the list holds %s, not objects", listType.ElementType)
	}
	fields, err := fieldsOf(rows.Type().Elem(), objectType)
	if err != nil {
		return tftypes.Value{}, err
	}
	values := make([]tftypes.Value, rows.Len())
	for i := range values {
		row := rows.Index(i)
		attributes := make(map[string]tftypes.Value, len(fields))
		for _, f := range fields {
			field := row.Field(f.index)
			var value tftypes.Value
			switch {
			case f.nested:
				value, err = List(ctx, objectType.AttributeTypes[f.name], field)
			case f.tolerant:
				value, err = fromTolerant(field.Interface()).ToTerraformValue(ctx)
			default:
				//nolint:forcetypeassert // fieldsOf checked that the field is an attr.Value
				value, err = field.Interface().(attr.Value).ToTerraformValue(ctx)
			}
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("row %d, %s: %w", i, f.name, err)
			}
			attributes[f.name] = value
		}
		values[i] = tftypes.NewValue(objectType, attributes)
	}
	return tftypes.NewValue(listType, values), nil
}

// rowField is where one attribute lives in a row struct.
type rowField struct {
	name     string
	index    int
	nested   bool // a slice of row structs: a nested list of objects
	tolerant bool // a tolerant.String, Number or Bool: converted as String, Number or Bool do
}

// fromTolerant is the framework value of a tolerant value.
func fromTolerant(v any) attr.Value {
	switch v := v.(type) {
	case tolerant.String:
		return String(v)
	case tolerant.Number:
		return Number(v)
	default:
		return Bool(v.(tolerant.Bool)) //nolint:forcetypeassert // fieldsOf admits only these three
	}
}

var (
	attrValueType = reflect.TypeFor[attr.Value]()
	rowFields     sync.Map // reflect.Type → []rowField
	// tolerantTypes are the tolerant types a row field may be, with the
	// type of the attribute each holds.
	tolerantTypes = map[reflect.Type]tftypes.Type{
		reflect.TypeFor[tolerant.String](): tftypes.String,
		reflect.TypeFor[tolerant.Number](): tftypes.Number,
		reflect.TypeFor[tolerant.Bool]():   tftypes.Bool,
	}
)

// fieldsOf maps the attributes of objectType to the fields of the struct
// type rowType, once per type. Every attribute must have a field and every
// tagged field an attribute.
func fieldsOf(rowType reflect.Type, objectType tftypes.Object) ([]rowField, error) {
	if cached, ok := rowFields.Load(rowType); ok {
		return cached.([]rowField), nil //nolint:forcetypeassert // only []rowField is stored
	}
	var fields []rowField
	err := eachTaggedField(rowType, objectType, func(i int, field reflect.StructField, name string, attributeType tftypes.Type) error {
		switch {
		case field.Type.Implements(attrValueType):
			fields = append(fields, rowField{name: name, index: i})
		case tolerantTypes[field.Type] != nil:
			if !attributeType.Is(tolerantTypes[field.Type]) {
				return fieldCannotHold(rowType, field, name, attributeType)
			}
			fields = append(fields, rowField{name: name, index: i, tolerant: true})
		case field.Type.Kind() == reflect.Slice && field.Type.Elem().Kind() == reflect.Struct:
			if !attributeType.Is(tftypes.List{}) {
				return fieldCannotHold(rowType, field, name, attributeType)
			}
			fields = append(fields, rowField{name: name, index: i, nested: true})
		default:
			return fmt.Errorf("%s.%s is a %s; rows hold attr.Values, tolerant values and slices of rows", rowType, field.Name, field.Type)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rowFields.Store(rowType, fields)
	return fields, nil
}
