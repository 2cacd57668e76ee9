package tfstate_test

import (
	"context"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

type item struct {
	Name   types.String `tfsdk:"name"`
	Amount types.Number `tfsdk:"amount"`
}

type row struct {
	ID    types.String `tfsdk:"id"`
	Paid  types.Bool   `tfsdk:"paid"`
	Items []item       `tfsdk:"items"`
}

type model struct {
	Filter types.String `tfsdk:"filter"`
	Rows   []row        `tfsdk:"rows"`
	Total  types.Number `tfsdk:"total"`
}

var testSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"filter": schema.StringAttribute{Optional: true},
	"total":  schema.NumberAttribute{Computed: true},
	"rows": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"id":   schema.StringAttribute{Computed: true},
		"paid": schema.BoolAttribute{Computed: true},
		"items": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":   schema.StringAttribute{Computed: true},
			"amount": schema.NumberAttribute{Computed: true},
		}}},
	}}},
}}

func newState(ctx context.Context) tfsdk.State {
	return tfsdk.State{Schema: testSchema, Raw: tftypes.NewValue(testSchema.Type().TerraformType(ctx), nil)}
}

// List makes exactly the rows the framework's state.Set stores: nulls,
// empty and nil lists, nested lists and exact numbers included.
func TestListMatchesStateSet(t *testing.T) {
	ctx := context.Background()
	for name, m := range map[string]model{
		"rows": {
			Filter: types.StringValue("acme"),
			Total:  types.NumberValue(big.NewFloat(0.5)),
			Rows: []row{
				{ID: types.StringValue("a"), Paid: types.BoolValue(true), Items: []item{
					{Name: types.StringValue("x"), Amount: types.NumberValue(big.NewFloat(0.25))},
					{Name: types.StringNull(), Amount: types.NumberNull()},
				}},
				{ID: types.StringNull(), Paid: types.BoolNull(), Items: nil},
				{ID: types.StringValue("c"), Paid: types.BoolValue(false), Items: []item{}},
			},
		},
		"empty rows": {Filter: types.StringNull(), Total: types.NumberNull(), Rows: []row{}},
		"nil rows":   {Filter: types.StringNull(), Total: types.NumberNull()},
	} {
		t.Run(name, func(t *testing.T) {
			want := newState(ctx)
			if diags := want.Set(ctx, &m); diags.HasError() {
				t.Fatal(diags)
			}
			var stored map[string]tftypes.Value
			if err := want.Raw.As(&stored); err != nil {
				t.Fatal(err)
			}
			got, err := tfstate.List(ctx, rowsType(ctx), reflect.ValueOf(m.Rows))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(stored["rows"]) {
				t.Errorf("List made\n%s\nstate.Set stores\n%s", got, stored["rows"])
			}
		})
	}
}

func rowsType(ctx context.Context) tftypes.Type {
	return testSchema.Type().TerraformType(ctx).(tftypes.Object).AttributeTypes["rows"] //nolint:forcetypeassert // a schema is an object
}

// A row type that does not match the schema is a provider bug, reported as
// an error rather than a wrong state.
func TestListRefusesRowsThatDoNotMatchTheSchema(t *testing.T) {
	ctx := context.Background()
	type badRow struct {
		ID types.String `tfsdk:"id"`
	}
	_, err := tfstate.List(ctx, rowsType(ctx), reflect.ValueOf([]badRow{{ID: types.StringValue("a")}}))
	if err == nil || !strings.Contains(err.Error(), "has 1 tagged fields, the schema's objects 3 attributes") {
		t.Fatalf("err = %v, want the field-count mismatch", err)
	}
	_, err = tfstate.List(ctx, tftypes.String, reflect.ValueOf([]row{}))
	if err == nil || !strings.Contains(err.Error(), "not a list") {
		t.Fatalf("err = %v, want the not-a-list error", err)
	}
}
