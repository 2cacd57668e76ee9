package functions

import (
	"bytes"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// OpenTofu sends a null argument as an empty value; it reaches the
// function as MessagePack nil, as Terraform sends it. Other arguments pass
// unchanged.
func TestNullArgumentsBecomeMessagePackNil(t *testing.T) {
	t.Parallel()
	given := &tfprotov6.DynamicValue{MsgPack: []byte{0xa1, 'a'}}
	json := &tfprotov6.DynamicValue{JSON: []byte(`"a"`)}
	req := &tfprotov6.CallFunctionRequest{
		Name:      "sum_by",
		Arguments: []*tfprotov6.DynamicValue{{}, given, nil, json},
	}
	RepairNullArguments(req)
	if len(req.Arguments) != 4 {
		t.Fatalf("%d arguments, want 4", len(req.Arguments))
	}
	for _, i := range []int{0, 2} {
		if !bytes.Equal(req.Arguments[i].MsgPack, []byte{0xc0}) || req.Arguments[i].JSON != nil {
			t.Errorf("argument %d is %+v, want MessagePack nil", i, req.Arguments[i])
		}
	}
	if req.Arguments[1] != given || req.Arguments[3] != json {
		t.Errorf("arguments given a value were changed: %+v", req.Arguments)
	}
}
