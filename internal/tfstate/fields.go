package tfstate

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// eachTaggedField calls each for every field of the struct type rowType
// that is tagged with an attribute of objectType (tfsdk:"-" and untagged
// fields are left out), in the struct's order, and checks that every
// attribute has a field. Both ways into state map a row's fields with it,
// so that they cannot disagree on which field is which attribute.
func eachTaggedField(rowType reflect.Type, objectType tftypes.Object,
	each func(index int, field reflect.StructField, name string, attributeType tftypes.Type) error,
) error {
	if rowType.Kind() != reflect.Struct {
		return fmt.Errorf("rows are %s, not structs", rowType)
	}
	tagged := 0
	for i := range rowType.NumField() {
		field := rowType.Field(i)
		name := field.Tag.Get("tfsdk")
		if name == "" || name == "-" {
			continue
		}
		attributeType, ok := objectType.AttributeTypes[name]
		if !ok {
			return fmt.Errorf("%s.%s is tagged %q, which the schema does not have", rowType, field.Name, name)
		}
		if err := each(i, field, name, attributeType); err != nil {
			return err
		}
		tagged++
	}
	if tagged != len(objectType.AttributeTypes) {
		return fmt.Errorf("%s has %d tagged fields, the schema's objects %d attributes", rowType, tagged, len(objectType.AttributeTypes))
	}
	return nil
}
