package attrs_test

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/datasource/attrs"
	"github.com/billingtf/terraform-provider-billing/internal/validate"
)

// Each kind is a computed attribute of its type, its description followed
// by its note, word for word (the generated docs show them).
func TestNotes(t *testing.T) {
	own := attrs.Notes{NullNote: " N.", AmountNote: " A."}
	cases := []struct {
		got  schema.Attribute
		want schema.Attribute
	}{
		{attrs.API.Text("Id."), schema.StringAttribute{Computed: true, MarkdownDescription: "Id. Null when the API leaves it out."}},
		{attrs.API.Amount("Tax."), schema.NumberAttribute{Computed: true, MarkdownDescription: "Tax. Exact decimal, as the API wrote it. Null when the API leaves it out."}},
		{attrs.API.Flag("Sent."), schema.BoolAttribute{Computed: true, MarkdownDescription: "Sent. Null when the API leaves it out."}},
		{attrs.Platform.Text("Id."), schema.StringAttribute{Computed: true, MarkdownDescription: "Id. Null when the platform leaves it out."}},
		{attrs.Platform.Amount("Cost."), schema.NumberAttribute{Computed: true, MarkdownDescription: "Cost. Exact decimal, as the platform wrote it. Null when the platform leaves it out."}},
		{attrs.Platform.Flag("Paid."), schema.BoolAttribute{Computed: true, MarkdownDescription: "Paid. Null when the platform leaves it out."}},
		{own.Text("T."), schema.StringAttribute{Computed: true, MarkdownDescription: "T. N."}},
		{own.Amount("M."), schema.NumberAttribute{Computed: true, MarkdownDescription: "M. A."}},
		{own.Flag("F."), schema.BoolAttribute{Computed: true, MarkdownDescription: "F. N."}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("got %#v, want %#v", c.got, c.want)
		}
	}
}

// An argument the provider fills in is optional and computed, its
// description and validators as given.
func TestDefaulted(t *testing.T) {
	lengths := stringvalidator.LengthAtLeast(1)
	whole := validate.WholeNumber()
	if got, want := attrs.DefaultedString("Order.", lengths), (schema.StringAttribute{
		Optional: true, Computed: true, MarkdownDescription: "Order.", Validators: []validator.String{lengths},
	}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	if got, want := attrs.DefaultedNumber("Size.", whole), (schema.NumberAttribute{
		Optional: true, Computed: true, MarkdownDescription: "Size.", Validators: []validator.Number{whole},
	}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// A defaulted argument reads as set, or as its default when null or
// unknown; either way it then holds the value used, for the state.
func TestDefaultedArgumentsHoldTheValueUsed(t *testing.T) {
	for _, c := range []struct {
		name string
		in   types.String
		want string
	}{
		{"set", types.StringValue("id:asc"), "id:asc"},
		{"null", types.StringNull(), "id:desc"},
		{"unknown", types.StringUnknown(), "id:desc"},
	} {
		v := c.in
		if got := attrs.StringOr(&v, "id:desc"); got != c.want || v != types.StringValue(c.want) {
			t.Errorf("StringOr(%s) = %q, argument %v; want %q both", c.name, got, v, c.want)
		}
	}
	for _, c := range []struct {
		name string
		in   types.Number
		want int
	}{
		{"set", types.NumberValue(big.NewFloat(7)), 7},
		{"null", types.NumberNull(), 250},
		{"unknown", types.NumberUnknown(), 250},
	} {
		v := c.in
		got := attrs.IntOr(&v, 250)
		if held := v.ValueBigFloat(); got != c.want || v.IsNull() || v.IsUnknown() || held.Cmp(big.NewFloat(float64(c.want))) != 0 {
			t.Errorf("IntOr(%s) = %d, argument %v; want %d both", c.name, got, v, c.want)
		}
	}
}
