package livetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/shopspring/decimal"
)

// kind is what an attribute holds in the JSON state the harness reads
// (numbers are json.Number: their exact text).
type kind uint8

const (
	text           kind = iota + 1 // a string
	number                         // a number
	flag                           // a bool
	rowList                        // a list of objects (line items)
	sums                           // a map of numbers
	sumsByCurrency                 // a map of maps of numbers
	labels                         // a map of strings
)

func (k kind) String() string {
	switch k {
	case text:
		return "a string"
	case number:
		return "a number"
	case flag:
		return "a bool"
	case rowList:
		return "a list of objects"
	case sums:
		return "a map of numbers"
	case sumsByCurrency:
		return "a map of maps of numbers"
	case labels:
		return "a map of strings"
	}
	return "an unknown kind"
}

// attribute is an attribute's kind and whether the contract lets it be null.
type attribute struct {
	kind     kind
	nullable bool
}

// always is an attribute that is never null; orNull one that may be.
func always(k kind) attribute { return attribute{kind: k} }
func orNull(k kind) attribute { return attribute{kind: k, nullable: true} }

// nullable are row attributes of one kind, each null when the API leaves it
// out (the contract's rule for every row field).
func nullable(k kind, names ...string) map[string]attribute {
	out := make(map[string]attribute, len(names))
	for _, name := range names {
		out[name] = orNull(k)
	}
	return out
}

// union is every attribute of the sets.
func union(sets ...map[string]attribute) map[string]attribute {
	out := map[string]attribute{}
	for _, set := range sets {
		maps.Copy(out, set)
	}
	return out
}

// checkKind checks that value, found at path, is of the attribute's kind
// (null only where allowed).
func checkKind(path string, value any, a attribute) error {
	if value == nil {
		if a.nullable {
			return nil
		}
		return fmt.Errorf("%s is null; the contract says it never is", path)
	}
	ok := false
	switch a.kind {
	case text:
		_, ok = value.(string)
	case number:
		var n json.Number
		if n, ok = value.(json.Number); ok {
			if _, err := decimal.NewFromString(n.String()); err != nil {
				return fmt.Errorf("%s is the number %s, which is not a decimal: %w", path, n, err)
			}
		}
	case flag:
		_, ok = value.(bool)
	case rowList:
		_, ok = value.([]any)
	case sums, labels:
		var m map[string]any
		if m, ok = value.(map[string]any); ok {
			inner := always(number)
			if a.kind == labels {
				inner = always(text)
			}
			var errs []error
			for _, key := range slices.Sorted(maps.Keys(m)) {
				errs = append(errs, checkKind(fmt.Sprintf("%s[%q]", path, key), m[key], inner))
			}
			return errors.Join(errs...)
		}
	case sumsByCurrency:
		var m map[string]any
		if m, ok = value.(map[string]any); ok {
			var errs []error
			for _, key := range slices.Sorted(maps.Keys(m)) {
				errs = append(errs, checkKind(fmt.Sprintf("%s[%q]", path, key), m[key], always(sums)))
			}
			return errors.Join(errs...)
		}
	}
	if !ok {
		return fmt.Errorf("%s is %T %v; want %s", path, value, value, a.kind)
	}
	return nil
}

// checkObject checks that an object has exactly these attributes, each of
// its kind.
func checkObject(path string, object map[string]any, want map[string]attribute) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(want)) {
		value, ok := object[name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s has no attribute %s", path, name))
			continue
		}
		errs = append(errs, checkKind(path+"."+name, value, want[name]))
	}
	for _, name := range slices.Sorted(maps.Keys(object)) {
		if _, ok := want[name]; !ok {
			errs = append(errs, fmt.Errorf("%s has an attribute the contract does not name: %s", path, name))
		}
	}
	return errors.Join(errs...)
}

// objects reads a list of objects; the caller has checked its kind.
func objects(path string, value any) ([]map[string]any, error) {
	list, _ := value.([]any)
	out := make([]map[string]any, len(list))
	for i, element := range list {
		object, ok := element.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s[%d] is %T, not an object", path, i, element)
		}
		out[i] = object
	}
	return out, nil
}

// decimalOf is a state number as an exact decimal; null is zero, as the
// totals count it (a null amount adds nothing).
func decimalOf(value any) (decimal.Decimal, error) {
	if value == nil {
		return decimal.Zero, nil
	}
	n, ok := value.(json.Number)
	if !ok {
		return decimal.Zero, fmt.Errorf("%T %v is not a number", value, value)
	}
	return decimal.NewFromString(n.String())
}

// textOf is a state string; null is "", the key the breakdowns sum null
// keys under.
func textOf(value any) string {
	s, _ := value.(string)
	return s
}

// fieldText is a row's string attribute as a breakdown key.
func fieldText(name string) func(map[string]any) string {
	return func(row map[string]any) string { return textOf(row[name]) }
}

// fieldAmount is a row's number attribute as an amount.
func fieldAmount(name string) func(map[string]any) (decimal.Decimal, error) {
	return func(row map[string]any) (decimal.Decimal, error) { return decimalOf(row[name]) }
}

// sameNumber checks that the number at path equals want exactly (by value:
// 0.3 and 0.30 are the same amount).
func sameNumber(path string, got any, want decimal.Decimal) error {
	d, err := decimalOf(got)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got == nil || !d.Equal(want) {
		return fmt.Errorf("%s is %v; from the rows it is %s", path, got, want)
	}
	return nil
}

// sameSums checks a map of numbers against exact sums: the same keys, each
// with the same value.
func sameSums(path string, got any, want map[string]decimal.Decimal) error {
	m, ok := got.(map[string]any)
	if !ok {
		return fmt.Errorf("%s is %T %v, not a map", path, got, got)
	}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(want)) {
		value, ok := m[key]
		if !ok {
			errs = append(errs, fmt.Errorf("%s has no key %q; from the rows it is %s", path, key, want[key]))
			continue
		}
		errs = append(errs, sameNumber(fmt.Sprintf("%s[%q]", path, key), value, want[key]))
	}
	for _, key := range slices.Sorted(maps.Keys(m)) {
		if _, ok := want[key]; !ok {
			errs = append(errs, fmt.Errorf("%s has the key %q, which no row has", path, key))
		}
	}
	return errors.Join(errs...)
}

// invariants is a state check of one data source's state: its whole
// contract, as check says, with every failure reported at once.
type invariants struct {
	address string
	check   func(attributes map[string]any) error
}

var _ statecheck.StateCheck = invariants{}

func (c invariants) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attributes, err := stateOf(req.State, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	if err := c.check(attributes); err != nil {
		resp.Error = fmt.Errorf("%s breaks the contract:\n%w", c.address, err)
	}
}

// stateOf is the attribute values of the data source at address.
func stateOf(state *tfjson.State, address string) (map[string]any, error) {
	if state == nil || state.Values == nil || state.Values.RootModule == nil {
		return nil, errors.New("the state is empty")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s is not in the state", address)
}
