package functions

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// msgpackNil is a null value in MessagePack, which is how Terraform sends a
// null argument.
var msgpackNil = []byte{0xc0}

// RepairNullArguments gives req's null arguments the form Terraform sends.
//
// OpenTofu (1.7 up to at least 1.12) sends a null argument of a parameter
// that allows null as an empty value, with neither MessagePack nor JSON.
// The framework cannot read that, so the function never runs, and the user
// is told of an internal error in terraform-plugin-framework instead of
// what the function says about null (for sum_by: that rows read with
// include_rows = false cannot be summed). Terraform sends MessagePack nil;
// this puts that in OpenTofu's place.
func RepairNullArguments(req *tfprotov6.CallFunctionRequest) {
	for i, argument := range req.Arguments {
		if argument == nil || (argument.MsgPack == nil && argument.JSON == nil) {
			req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
		}
	}
}
