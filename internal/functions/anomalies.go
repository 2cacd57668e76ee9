package functions

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/shopspring/decimal"

	"github.com/billingtf/terraform-provider-billing/internal/budget"
	"github.com/billingtf/terraform-provider-billing/internal/tfstate"
)

var anomalyType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"amount":           types.NumberType,
	"baseline":         types.NumberType,
	"increase":         types.NumberType,
	"increase_percent": types.NumberType,
}}

// anomaliesParameters are the arguments, in order.
var anomaliesParameters = []function.Parameter{
	function.MapParameter{
		Name:        "amount_by_day",
		ElementType: types.NumberType,
		MarkdownDescription: "Spend per day, keyed by `YYYY-MM-DD`, such as " +
			"`data.billing_account_history.recent.cost_by_date`. A `null` amount counts as `0`.",
	},
	// Numbers, not Int64Parameters: the framework's own error for 1.5
	// asks users to report a provider bug.
	function.NumberParameter{
		Name: "window",
		MarkdownDescription: fmt.Sprintf("How many days before a day make its baseline: a whole number from 1 to %d, "+
			"such as `7` for a week.", budget.MaxWindow),
	},
	function.NumberParameter{
		Name:                "min_increase",
		MarkdownDescription: "The least rise above the baseline, in money, that is an anomaly; `0` or more.",
	},
	function.NumberParameter{
		Name: "min_increase_percent",
		MarkdownDescription: "The least rise above the baseline, in percent of the baseline, that is an anomaly; " +
			"`0` or more (`50` is half as much again).",
	},
}

// NewAnomalies is provider::billing::anomalies.
var NewAnomalies = newFunction("anomalies", anomaliesDefinition, runAnomalies)

var anomaliesDefinition = function.Definition{
	Summary: "The days whose spend jumped past the mean of the days before them",
	MarkdownDescription: "Returns the days of `amount_by_day` whose spend jumped, as cost-anomaly services find them: " +
		"a map from each such day (`YYYY-MM-DD`) to an object of\n\n" +
		"- `amount` — the day's spend;\n" +
		"- `baseline` — the mean spend of the `window` days before it;\n" +
		"- `increase` — `amount − baseline`;\n" +
		"- `increase_percent` — `increase × 100 / baseline`, or `null` when `baseline` is `0`.\n\n" +
		"A day is in the map when its `increase` is at least `min_increase` **and** its " +
		"`increase_percent` is at least `min_increase_percent` (after a baseline of `0`, the first line " +
		"alone decides): both thresholds, so that neither a large share of a few cents nor a small share " +
		"of a large bill is an anomaly. Nothing anomalous is an empty map. After a baseline below `0` (a " +
		"window of net credits) the percentage is negative, so no day is an anomaly against it.\n\n" +
		"The days run from the first key of the map to the last; a day missing between them counts as " +
		"`0`. A day is judged once `window` days precede it, so the first `window` days are only a " +
		"baseline. Read a data source over the days to judge and the `window` days before them: " +
		"`billing_result_by_day` of `billing_truewatch_details` or `cost_by_date` of " +
		"`billing_account_history` (read with `period = \"DAY\"` or `\"HOUR\"`). A day still being billed is " +
		"low, not high, so it does not show as a jump.\n\n" +
		roundingNote + " The baseline is such a quotient; `increase` is `amount` less the baseline as " +
		"shown, and `increase_percent` is the rise over the exact mean, rounded once, so that a day exactly " +
		"50% above a mean of 5/3 shows `50`. A `window` that is not a " +
		"whole number from 1 to 366, a negative threshold and a key that is not a date are errors that " +
		"name the value.",
	Parameters: anomaliesParameters,
	Return:     function.MapReturn{ElementType: anomalyType},
}

func runAnomalies(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var window, minIncrease, minIncreasePercent *big.Float
	amounts, ok := amountsByDay(ctx, req, resp, types.MapUnknown(anomalyType), &window, &minIncrease, &minIncreasePercent)
	if !ok {
		return
	}
	thresholds := make([]decimal.Decimal, 3)
	for i, n := range []*big.Float{window, minIncrease, minIncreasePercent} {
		d, err := decimalOf(n)
		if err != nil {
			resp.Error = function.NewArgumentFuncError(int64(i+1), fmt.Sprintf("%s %v: it must be a finite number", anomaliesParameters[i+1].GetName(), err))
			return
		}
		thresholds[i] = d
	}
	found, findErr := budget.Anomalies(nullAsZero(amounts), thresholds[0], thresholds[1], thresholds[2])
	if findErr != nil {
		resp.Error = argumentError(anomaliesParameters, findErr)
		return
	}
	days := make(map[string]attr.Value, len(found))
	for _, day := range slices.Sorted(maps.Keys(found)) {
		a := found[day]
		// A day far apart in size from its baseline rises by more digits
		// than Terraform holds.
		figures := []figure{{"the amount of " + day, a.Amount}, {"the baseline of " + day, a.Baseline}, {"the increase of " + day, a.Increase}}
		if a.IncreasePercent != nil {
			figures = append(figures, figure{"the increase in percent of " + day, *a.IncreasePercent})
		}
		if resp.Error = tooPreciseOf(figures...); resp.Error != nil {
			return
		}
		percent := types.NumberNull()
		if a.IncreasePercent != nil {
			percent = tfstate.Decimal(*a.IncreasePercent)
		}
		anomaly, diags := types.ObjectValue(anomalyType.AttrTypes, map[string]attr.Value{
			"amount":           tfstate.Decimal(a.Amount),
			"baseline":         tfstate.Decimal(a.Baseline),
			"increase":         tfstate.Decimal(a.Increase),
			"increase_percent": percent,
		})
		if resp.Error = function.FuncErrorFromDiags(ctx, diags); resp.Error != nil {
			return
		}
		days[day] = anomaly
	}
	result, diags := types.MapValue(anomalyType, days)
	if resp.Error = function.FuncErrorFromDiags(ctx, diags); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, result)
}
