package functions

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSumOfAnUnknownNumberIsUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	numbers := types.ListValueMust(types.NumberType, []attr.Value{types.NumberValue(big.NewFloat(1)), types.NumberUnknown()})
	resp := function.RunResponse{Result: function.NewResultData(types.NumberNull())}
	newSum().Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{numbers})}, &resp)
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	if got := resp.Result.Value(); !got.IsUnknown() {
		t.Errorf("sum = %s, want unknown", got)
	}
}
