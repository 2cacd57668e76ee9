package tfstate

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ExactNumbers is msgpack, a value of typ as terraform-plugin-go wrote
// it, with its numbers written as the Writer writes them: a fraction the
// library wrote as a float64 that Terraform would read as another number
// (Writer.bigFloat) is written as its text. The library writes such a
// float64 only when it is exactly the number, so its text is the number's.
// A provider function's result takes this way, so that it is the number a
// data source's state holds for the same figure.
func ExactNumbers(typ tftypes.Type, msgpack []byte) ([]byte, error) {
	value, err := (&tfprotov6.DynamicValue{MsgPack: msgpack}).Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	w := NewWriter(len(msgpack) + 64)
	if err := w.value(typ, value); err != nil {
		return nil, err
	}
	return w.Bytes(), nil
}

// value writes v, of typ: numbers, and the objects, maps and lists that
// hold them, by the Writer; anything else as the library writes it.
func (w *Writer) value(typ tftypes.Type, v tftypes.Value) error {
	if !v.IsKnown() || v.IsNull() {
		return w.library(typ, v)
	}
	switch t := typ.(type) {
	case tftypes.Object:
		if len(t.OptionalAttributes) > 0 {
			return w.library(typ, v)
		}
		var attributes map[string]tftypes.Value
		if err := v.As(&attributes); err != nil {
			return err
		}
		names := slices.Sorted(maps.Keys(t.AttributeTypes)) // as the library orders them
		w.MapLen(len(names))
		for _, name := range names {
			w.String(name)
			if err := w.value(t.AttributeTypes[name], attributes[name]); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	case tftypes.Map:
		var elements map[string]tftypes.Value
		if err := v.As(&elements); err != nil {
			return err
		}
		w.MapLen(len(elements))
		for _, key := range slices.Sorted(maps.Keys(elements)) {
			w.String(key)
			if err := w.value(t.ElementType, elements[key]); err != nil {
				return fmt.Errorf("%q: %w", key, err)
			}
		}
		return nil
	case tftypes.List:
		var elements []tftypes.Value
		if err := v.As(&elements); err != nil {
			return err
		}
		w.ArrayLen(len(elements))
		for i, element := range elements {
			if err := w.value(t.ElementType, element); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	}
	if typ.Is(tftypes.Number) {
		return w.numberValue(v)
	}
	return w.library(typ, v)
}

// library writes v as terraform-plugin-go does.
func (w *Writer) library(typ tftypes.Type, v tftypes.Value) error {
	value, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		return err
	}
	w.Raw(value.MsgPack)
	return nil
}
