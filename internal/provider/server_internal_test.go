package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A function's result that cannot be written again is an error saying
// so, never a result passed on unchecked.
func TestAFunctionResultThatCannotBeWrittenIsAnError(t *testing.T) {
	s, ok := Server("test")().(server)
	if !ok {
		t.Fatal("the served server is not the provider's")
	}
	if s.returns["sum"] == nil || !s.returns["sum"].Is(tftypes.Number) {
		t.Fatalf("sum returns %v; want a number", s.returns["sum"])
	}
	s.returns = map[string]tftypes.Type{"sum": tftypes.List{ElementType: tftypes.String}} // not what sum writes
	ctx := context.Background()
	if _, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	numbers := tftypes.List{ElementType: tftypes.Number}
	argument, err := tfprotov6.NewDynamicValue(numbers, tftypes.NewValue(numbers, []tftypes.Value{tftypes.NewValue(tftypes.Number, 1)}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "sum", Arguments: []*tfprotov6.DynamicValue{&argument}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Error == nil || !strings.HasPrefix(resp.Error.Text, "provider bug: the result of sum could not be written: ") || resp.Result != nil {
		t.Errorf("got error %v and result %v; want the error alone", resp.Error, resp.Result)
	}
}
