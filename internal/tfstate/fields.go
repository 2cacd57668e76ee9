package tfstate

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// eachTaggedField calls each for every field of the struct type rowType
// that is tagged with an attribute of objectType, in the struct's order,
// and checks that the fields and the attributes match one to one: every
// exported field is tagged (tfsdk:"-" for one that is no attribute, as
// the framework requires), no two fields name one attribute, and every
// attribute has a field. Both ways into state map a row's fields with it,
// so that they cannot disagree on which field is which attribute.
func eachTaggedField(rowType reflect.Type, objectType tftypes.Object,
	each func(index int, field reflect.StructField, name string, attributeType tftypes.Type) error,
) error {
	if rowType.Kind() != reflect.Struct {
		return fmt.Errorf("rows are %s, not structs", rowType)
	}
	tagged := map[string]string{} // attribute → field
	for i := range rowType.NumField() {
		field := rowType.Field(i)
		name, ok := field.Tag.Lookup("tfsdk")
		switch {
		case !field.IsExported() || name == "-":
			continue
		case !ok || name == "":
			return fmt.Errorf("%s.%s has no tfsdk tag: tag it with its attribute, or tfsdk:\"-\" if it has none", rowType, field.Name)
		case tagged[name] != "":
			return fmt.Errorf("%s.%s is tagged %q, as %s is", rowType, field.Name, name, tagged[name])
		}
		attributeType, ok := objectType.AttributeTypes[name]
		if !ok {
			return fmt.Errorf("%s.%s is tagged %q, which the schema does not have", rowType, field.Name, name)
		}
		if err := each(i, field, name, attributeType); err != nil {
			return err
		}
		tagged[name] = field.Name
	}
	if len(tagged) != len(objectType.AttributeTypes) {
		return fmt.Errorf("%s has %d tagged fields, the schema's objects %d attributes", rowType, len(tagged), len(objectType.AttributeTypes))
	}
	return nil
}

// fieldCannotHold is the error for a field whose type cannot hold the
// attribute it is tagged with.
func fieldCannotHold(rowType reflect.Type, field reflect.StructField, name string, attributeType tftypes.Type) error {
	return fmt.Errorf("%s.%s is a %s, which cannot hold %q, a %s", rowType, field.Name, field.Type, name, attributeType)
}
