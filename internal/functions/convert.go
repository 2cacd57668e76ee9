package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/billingtf/terraform-provider-billing/internal/budget"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

// convertParameters are the arguments, in order.
var convertParameters = []function.Parameter{
	function.MapParameter{
		Name:        "amounts",
		ElementType: types.NumberType,
		MarkdownDescription: "Money keyed by currency code, such as " +
			"`data.billing_ocamba_usage.all.total_amount_by_currency`. A `null` amount counts as `0`.",
	},
	function.MapParameter{
		Name:        "rates",
		ElementType: types.NumberType,
		MarkdownDescription: "Exchange rates keyed by currency code: how many units of `to` one unit of that currency " +
			"is worth, above `0`, such as `{ EUR = 1.08, GBP = 1.27 }` with `to = \"USD\"`. A rate for `to` itself may be " +
			"given, as `1`.",
	},
	function.StringParameter{
		Name:                "to",
		MarkdownDescription: "The currency code of the result, such as `\"USD\"`, compared as written (`usd` is another code).",
	},
}

// newConvert is provider::billing::convert.
var newConvert = newFunction("convert", convertDefinition, runConvert)

var convertDefinition = function.Definition{
	Summary:    "Money in several currencies as one figure in one currency",
	Parameters: convertParameters,
	Return:     function.NumberReturn{},
}

func runConvert(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var amountsArgument, ratesArgument types.Map
	var to string
	resp.Error = req.Arguments.Get(ctx, &amountsArgument, &ratesArgument, &to)
	if resp.Error != nil {
		return
	}
	amounts, amountsKnown, err := decimalMap(0, "amounts", amountsArgument)
	if err != nil {
		resp.Error = err
		return
	}
	rates, ratesKnown, err := decimalMap(1, "rates", ratesArgument)
	if err != nil {
		resp.Error = err
		return
	}
	if !amountsKnown || !ratesKnown {
		resp.Error = resp.Result.Set(ctx, types.NumberUnknown())
		return
	}
	total, convertErr := budget.Convert(nullAsZero(amounts), rates, to)
	if convertErr != nil {
		resp.Error = argumentError(convertParameters, convertErr)
		return
	}
	if resp.Error = tooPrecise("the converted total", total); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, tfstate.Decimal(total))
}
