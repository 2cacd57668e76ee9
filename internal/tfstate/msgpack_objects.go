package tfstate

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/tolerant"
)

// Objects writes structs of one type as msgpack objects of one Terraform
// object type: each tfsdk-tagged field as the attribute of that name,
// attributes in the order tftypes writes them (sorted by name). Fields are
// tolerant.String, tolerant.Number, tolerant.Bool, or slices of such
// structs (a nested list of objects; a nil slice is a null list).
type Objects struct {
	fields []objectField
}

type fieldKind int

const (
	stringField fieldKind = iota
	numberField
	boolField
	listField
)

type objectField struct {
	name   string
	key    []byte // name, msgpack-encoded
	index  int
	kind   fieldKind
	nested *Objects // listField: the elements'
}

var (
	stringType = reflect.TypeFor[tolerant.String]()
	numberType = reflect.TypeFor[tolerant.Number]()
	boolType   = reflect.TypeFor[tolerant.Bool]()
)

// ObjectsFor maps the fields of the struct type rowType to the attributes
// of objectType. Every attribute must have a field of its type, and every
// tagged field an attribute.
func ObjectsFor(rowType reflect.Type, objectType tftypes.Object) (*Objects, error) {
	var fields []objectField
	err := eachTaggedField(rowType, objectType, func(i int, field reflect.StructField, name string, attributeType tftypes.Type) error {
		key := NewWriter(len(name) + 2)
		key.String(name)
		f := objectField{name: name, key: key.Bytes(), index: i}
		switch {
		case field.Type == stringType && attributeType.Is(tftypes.String):
			f.kind = stringField
		case field.Type == numberType && attributeType.Is(tftypes.Number):
			f.kind = numberField
		case field.Type == boolType && attributeType.Is(tftypes.Bool):
			f.kind = boolField
		case field.Type.Kind() == reflect.Slice && attributeType.Is(tftypes.List{}):
			elements, ok := attributeType.(tftypes.List).ElementType.(tftypes.Object) //nolint:forcetypeassert // Is checked it
			if !ok {
				return fmt.Errorf("%s.%s: %q is a list of %s, not of objects", rowType, field.Name, name, attributeType)
			}
			nested, err := ObjectsFor(field.Type.Elem(), elements)
			if err != nil {
				return err
			}
			f.kind, f.nested = listField, nested
		default:
			return fieldCannotHold(rowType, field, name, attributeType)
		}
		fields = append(fields, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].name < fields[j].name })
	return &Objects{fields: fields}, nil
}

// Write writes row, an addressable struct of the type o was made for.
func (o *Objects) Write(w *Writer, row reflect.Value) {
	w.MapLen(len(o.fields))
	for _, f := range o.fields {
		w.Raw(f.key)
		field := row.Field(f.index)
		switch f.kind {
		case stringField:
			w.NullableString(*field.Addr().Interface().(*tolerant.String)) //nolint:forcetypeassert // ObjectsFor checked the type
		case numberField:
			w.Number(*field.Addr().Interface().(*tolerant.Number)) //nolint:forcetypeassert // ObjectsFor checked the type
		case boolField:
			w.NullableBool(*field.Addr().Interface().(*tolerant.Bool)) //nolint:forcetypeassert // ObjectsFor checked the type
		case listField:
			f.nested.List(w, field)
		}
	}
}

// NullableString writes s, or null.
func (w *Writer) NullableString(s tolerant.String) {
	if v, ok := s.Value(); ok {
		w.String(v)
		return
	}
	w.Nil()
}

// NullableBool writes b, or null.
func (w *Writer) NullableBool(b tolerant.Bool) {
	if v, ok := b.Value(); ok {
		w.Bool(v)
		return
	}
	w.Nil()
}

// List writes rows, a slice of the struct type o was made for, as a list
// of objects; a nil slice is a null list.
func (o *Objects) List(w *Writer, rows reflect.Value) {
	if rows.IsNil() {
		w.Nil()
		return
	}
	w.ArrayLen(rows.Len())
	for i := range rows.Len() {
		o.Write(w, rows.Index(i))
	}
}
