package functions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// newSum is provider::billing::sum.
var newSum = newFunction("sum", sumDefinition, runSum)

var sumDefinition = function.Definition{
	Summary: "Exact decimal sum of a list of numbers",
	Parameters: []function.Parameter{
		function.ListParameter{
			Name:        "numbers",
			ElementType: types.NumberType,
			MarkdownDescription: "The numbers to add, e.g. `data.billing_account_history.april.history[*].cost` (one account's costs, " +
				"all in its currency). Add amounts of one currency only. `null` elements add nothing.",
		},
	},
	Return: function.NumberReturn{},
}

func runSum(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var numbers []types.Number
	resp.Error = req.Arguments.Get(ctx, &numbers)
	if resp.Error != nil {
		return
	}
	total := decimal.Zero
	for i, n := range numbers {
		if n.IsUnknown() {
			// Terraform does not call the function with unknown values
			// (the parameter does not allow them); should it, the sum is
			// unknown, never a partial one.
			resp.Error = resp.Result.Set(ctx, types.NumberUnknown())
			return
		}
		if n.IsNull() {
			continue
		}
		d, err := decimalOf(n.ValueBigFloat())
		if err != nil {
			resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("numbers[%d] %v: only finite numbers can be added", i, err))
			return
		}
		total = total.Add(d)
	}
	if resp.Error = tooPrecise("the sum", total); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, tfstate.Decimal(total))
}
