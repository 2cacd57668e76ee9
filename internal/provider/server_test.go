package provider_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The server main.go serves answers every RPC the framework's server
// answers: each method of the framework's server is a method of the
// served one, so that no optional RPC (list resources, actions, state
// stores, and any the framework adds) is hidden by the wrapping.
func TestServedServerAnswersEveryRPCTheFrameworkAnswers(t *testing.T) {
	t.Parallel()
	framework, served := reflect.TypeOf(frameworkServer(t)), reflect.TypeOf(servedServer())
	if framework.NumMethod() < 20 {
		t.Fatalf("the framework's server has %d methods; the check would prove nothing", framework.NumMethod())
	}
	for i := range framework.NumMethod() {
		method := framework.Method(i)
		got, ok := served.MethodByName(method.Name)
		if !ok {
			t.Errorf("the served server does not answer %s", method.Name)
			continue
		}
		// Both are methods with a receiver; compare what a caller passes.
		if got.Type.NumIn() != method.Type.NumIn() || got.Type.NumOut() != method.Type.NumOut() {
			t.Errorf("%s is %s on the served server, %s on the framework's", method.Name, got.Type, method.Type)
		}
	}
}

// A null argument as OpenTofu sends it (neither MessagePack nor JSON)
// reaches the function through the served server, which then says what it
// says about null, rather than the framework failing to read it.
func TestServedServerPassesOpenTofusNullArguments(t *testing.T) {
	t.Parallel()
	server := servedServer()
	ctx := context.Background()
	if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	key, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, "currency"))
	if err != nil {
		t.Fatal(err)
	}
	value, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, "amount"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.CallFunction(ctx, &tfprotov6.CallFunctionRequest{
		Name:      "sum_by",
		Arguments: []*tfprotov6.DynamicValue{{}, &key, &value},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Error == nil {
		t.Fatal("sum_by of a null list succeeded")
	}
	if want := "rows is null, so there is nothing to sum."; !strings.Contains(resp.Error.Text, want) {
		t.Errorf("sum_by of a null list: %q; want the function's own error: %s...", resp.Error.Text, want)
	}
}
