package functions

import (
	"bytes"
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// recorder is a provider server that keeps the arguments of the last call.
type recorder struct {
	tfprotov6.ProviderServer
	arguments []*tfprotov6.DynamicValue
}

func (r *recorder) CallFunction(_ context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	r.arguments = req.Arguments
	return &tfprotov6.CallFunctionResponse{}, nil
}

// OpenTofu sends a null argument as an empty value; it reaches the
// function as MessagePack nil, as Terraform sends it. Other arguments pass
// unchanged.
func TestNullArgumentsBecomeMessagePackNil(t *testing.T) {
	t.Parallel()
	inner := &recorder{}
	given := &tfprotov6.DynamicValue{MsgPack: []byte{0xa1, 'a'}}
	json := &tfprotov6.DynamicValue{JSON: []byte(`"a"`)}
	_, err := NullArguments(inner).CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{
		Name:      "sum_by",
		Arguments: []*tfprotov6.DynamicValue{{}, given, nil, json},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(inner.arguments) != 4 {
		t.Fatalf("%d arguments reached the function, want 4", len(inner.arguments))
	}
	for _, i := range []int{0, 2} {
		if !bytes.Equal(inner.arguments[i].MsgPack, []byte{0xc0}) || inner.arguments[i].JSON != nil {
			t.Errorf("argument %d is %+v, want MessagePack nil", i, inner.arguments[i])
		}
	}
	if inner.arguments[1] != given || inner.arguments[3] != json {
		t.Errorf("arguments given a value were changed: %+v", inner.arguments)
	}
}
